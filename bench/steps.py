"""The steps ``run.py`` measures, each run in its own child process."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

YEAR = 2024
Row = tuple[str, str, str, str, int, int]


def _units() -> list[Any]:
    from run import province

    return province()[0]


def prepare_home(home: Path, data: Path) -> None:
    """A fresh home with the demo year's procedures and dossiers ingested."""
    from chitieu.catalog import load_catalogue
    from chitieu.domain import Source
    from chitieu.facts.store import open_store
    from chitieu.sources.ingest import ingest
    from run import bar

    shutil.rmtree(home, ignore_errors=True)
    units, catalogue = _units(), load_catalogue()
    with open_store(home) as store:
        for source, name in (
            (Source.PROCEDURES, "procedures.csv"),
            (Source.DOSSIERS, "dossiers.parquet"),
        ):
            path = data / name
            with bar(f"Nạp {name}", path.stat().st_size) as advance:
                ingest(
                    store,
                    source,
                    [path],
                    units=units,
                    catalogue=catalogue,
                    actor="bench",
                    progress=lambda _name, done, _total: advance(done),
                )


def _own_dossier_values(con: Any) -> list[Row]:
    from baseline import DOSSIER_INDICATORS

    rows = con.execute(
        "SELECT unit_code, indicator, kind, period, numerator, denominator FROM indicator_values "
        f"WHERE year = {YEAR} AND scope = 'own' AND denominator > 0 "
        f"AND indicator IN {tuple(DOSSIER_INDICATORS)}"
    ).fetchall()
    return sorted((u, i, k, p, int(n), int(d)) for u, i, k, p, n, d in rows)


def engine_full(home: Path, engine: str = "duckdb") -> tuple[float, list[Row]]:
    """The engine's full compute on ``engine`` (the store is DuckDB; Spark runs the SQL when
    named); its own dossier values, for the comparison."""
    from chitieu.catalog import load_catalogue
    from chitieu.engine import Engine
    from chitieu.engine.backends import executor_for
    from chitieu.engine.compute import compute
    from chitieu.facts.store import open_store

    units, catalogue = _units(), load_catalogue()
    with executor_for(Engine(engine)) as executor, open_store(home) as store:
        started = time.perf_counter()
        compute(
            store.connection,
            units=units,
            catalogue=catalogue,
            year=YEAR,
            full=True,
            executor=executor,
        )
        elapsed = time.perf_counter() - started
        return elapsed, _own_dossier_values(store.connection)


def duckdb_sql(home: Path) -> tuple[float, list[Row]]:
    """The hand-written query over the same store."""
    import duckdb

    from baseline import duckdb_values

    con = duckdb.connect(str(home / "facts.duckdb"), read_only=True)
    con.execute("SET memory_limit = '1GB'")
    try:
        started = time.perf_counter()
        rows = duckdb_values(con, YEAR)
        return time.perf_counter() - started, sorted(rows)
    finally:
        con.close()


def pandas(home: Path) -> tuple[float, list[Row]]:
    """The pandas implementation, reading the store's tables."""
    import duckdb

    from baseline import pandas_values

    started = time.perf_counter()
    con = duckdb.connect(str(home / "facts.duckdb"), read_only=True)
    try:
        frame = con.execute("SELECT * FROM dossiers").df()
        copies = {
            r[0]
            for r in con.execute(
                "SELECT procedure_code FROM procedures WHERE is_copy_certification"
            ).fetchall()
        }
    finally:
        con.close()
    rows = pandas_values(frame, copies, YEAR)
    return time.perf_counter() - started, sorted(rows)


def ingest_batch(home: Path, batch: Path) -> None:
    """Ingest the appended batch (not measured as compute)."""
    from chitieu.catalog import load_catalogue
    from chitieu.domain import Source
    from chitieu.facts.store import open_store
    from chitieu.sources.ingest import ingest

    with open_store(home) as store:
        ingest(
            store,
            Source.DOSSIERS,
            [batch],
            units=_units(),
            catalogue=load_catalogue(),
            actor="bench",
        )


def engine_incremental(home: Path, engine: str = "duckdb") -> tuple[float, str]:
    """The engine's compute on ``engine`` after the appended batch; the mode it took for
    dossiers."""
    from chitieu.catalog import load_catalogue
    from chitieu.engine import Engine
    from chitieu.engine.backends import executor_for
    from chitieu.engine.compute import compute
    from chitieu.facts.store import open_store

    units, catalogue = _units(), load_catalogue()
    with executor_for(Engine(engine)) as executor, open_store(home) as store:
        started = time.perf_counter()
        report = compute(
            store.connection, units=units, catalogue=catalogue, year=YEAR, executor=executor
        )
        return time.perf_counter() - started, report.modes["dossiers"].value


def variant_batch(data: Path) -> Path:
    """The year's dossiers again, every other one under a new code: half new, half unchanged
    (a re-export that grew), for the replace of 1,000,000 dossiers into a store of 1,000,000."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = data / "variant.parquet"
    if not path.exists():
        table = pq.read_table(data / "dossiers.parquet")
        codes = table["dossier_code"]
        odd = pc.equal(pc.bit_wise_and(pa.array(range(table.num_rows)), 1), 1)
        renamed = pc.if_else(odd, pc.binary_join_element_wise("V-", codes, ""), codes)
        index = table.schema.get_field_index("dossier_code")
        pq.write_table(table.set_column(index, "dossier_code", renamed), path)
    return path


def prepare_postgres(url: str, home: Path, data: Path, appended: Path) -> None:
    """The server's store as the DuckDB home is after its steps: the procedures, the year's
    dossiers and the appended batch, in a fresh schema named by ``url``."""
    from chitieu.catalog import load_catalogue
    from chitieu.domain import Source
    from chitieu.facts.postgres import PostgresStore
    from chitieu.sources.ingest import ingest

    units, catalogue = _units(), load_catalogue()
    with PostgresStore(url, scratch=home / "tmp") as store:
        for source, path in (
            (Source.PROCEDURES, data / "procedures.csv"),
            (Source.DOSSIERS, data / "dossiers.parquet"),
            (Source.DOSSIERS, appended),
        ):
            ingest(store, source, [path], units=units, catalogue=catalogue, actor="bench")


def ingest_variant(home: Path, variant: Path, url: str | None) -> tuple[float, str]:
    """Import ``variant`` into the home's DuckDB store, or the server's when ``url`` is given:
    the import's own seconds, and its counts (new/replaced/unchanged)."""
    from chitieu.catalog import load_catalogue
    from chitieu.domain import Source
    from chitieu.facts.postgres import PostgresStore
    from chitieu.facts.store import FactsStore, open_store
    from chitieu.sources.ingest import ingest

    units, catalogue = _units(), load_catalogue()
    store: FactsStore = (
        open_store(home) if url is None else PostgresStore(url, scratch=home / "tmp")
    )
    try:
        started = time.perf_counter()
        report = ingest(
            store,
            Source.DOSSIERS,
            [variant],
            units=units,
            catalogue=catalogue,
            actor="bench",
            force=True,
        )
        seconds = time.perf_counter() - started
    finally:
        store.close()
    record = report.imports[0]
    return seconds, f"{record.rows_new}/{record.rows_replaced}/{record.rows_unchanged}"


def documents_home(home: Path, dossiers: int) -> None:
    """A whole demo home (units, target set, a year of ``dossiers``, computed), made once."""
    from typer.testing import CliRunner

    from chitieu.cli import app

    done = home / ".complete"
    if done.exists():
        return
    shutil.rmtree(home, ignore_errors=True)
    result = CliRunner().invoke(app, ["demo", "--home", str(home), "--dossiers", str(dossiers)])
    if result.exit_code != 0:
        raise SystemExit(f"demo home failed: {result.output[-2000:]}")
    done.touch()


def status_once(home: Path, quarter: str) -> tuple[float, int]:
    """One ``chitieu status --quarter`` of the home, as a user runs it: its seconds, and the
    length of what it printed (to be sure it printed the table)."""
    from typer.testing import CliRunner

    from chitieu.cli import app

    started = time.perf_counter()
    result = CliRunner().invoke(app, ["status", "--quarter", quarter, "--home", str(home)])
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"status failed: {result.output[-2000:]}")
    return seconds, len(result.output)


def documents_once(home: Path, quarter: str, out: Path) -> tuple[float, int]:
    """The quarterly report (with its charts) and every reminder letter with their list, as
    ``report quarterly`` and ``reminders`` write them: the seconds, and how many letters."""
    from typer.testing import CliRunner

    from chitieu.cli import app

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    runner = CliRunner()
    started = time.perf_counter()
    report = runner.invoke(
        app, ["report", "quarterly", "--quarter", quarter, "-o", str(out / "bc.docx"),
              "--home", str(home)],
    )  # fmt: skip
    letters = runner.invoke(
        app, ["reminders", "--quarter", quarter, "-o", str(out / "cv"), "--home", str(home)]
    )
    seconds = time.perf_counter() - started
    if report.exit_code or letters.exit_code:
        raise SystemExit(f"documents failed: {report.output[-1000:]} {letters.output[-1000:]}")
    return seconds, len(list((out / "cv").glob("*.docx")))
