"""``make bench``: the engine measured against a hand-written DuckDB query and pandas, in one run.

For each size (1M and 10M dossiers; 100M more with ``BENCH_LARGE=1``) a demo year of the bundled
decision's province is generated as Parquet (cached under ``.bench/``), ingested into a fresh
home, then, each step in a fresh child process so that its peak memory is its own:

- ``full``: the engine's full compute of every indicator, unit, period and scope;
- ``duckdb_sql``: the hand-written query of ``baseline.py`` over the same store (checked equal to
  the engine's own values);
- ``pandas``: the pandas implementation (checked equal too);
- ``incremental``: 10,000 more dossiers ingested, then the engine's compute after the append;
- at 1M, ``ingest_postgres_vs_duckdb``: the import of 1,000,000 dossiers (half new, half
  unchanged) into a store of 1,000,000 on PostgreSQL (``BENCH_POSTGRES``, else
  ``CHITIEU_TEST_POSTGRES``, else the local test server; a fresh schema, dropped afterwards)
  against the same import on DuckDB; skipped, with a note, when no server answers; and
  ``documents_vs_status``: the quarterly report with its charts and every reminder letter of
  a whole demo province of 1,000,000 dossiers, against one ``status`` of the same quarter;
  then ``web_load.py``: that demo home's pages served by waitress to 20 clients at once, each
  page's p50/p95 against the trivial page's of the same server (``web_overview_p95_vs_trivial``).

``BENCH_ENGINE=spark`` runs the engine's steps on Spark (local mode, or ``SPARK_MASTER``) over the
same DuckDB store; the default is DuckDB (``chitieu.engine.Engine``; PostgreSQL is not measured:
its store would be another database).

Printed as ``name: value`` lines; ratios compare times of the same run, never absolute times.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench"
YEAR_SEED = 2024
APPENDED = 10_000

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(target: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    started = time.perf_counter()
    result = target(*args)
    # A step may time its core itself (leaving out imports and setup): it returns (seconds, result).
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], float):
        seconds, result = result
    else:
        seconds = time.perf_counter() - started
    queue.put((seconds, _peak_rss_mb(), result))


def measured(target: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    """Run ``target(*args)`` in a fresh process: its seconds, its peak RSS in MB, its result."""
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(target, args, queue))
    process.start()
    seconds, rss, result = queue.get()
    process.join()
    if process.exitcode:
        raise SystemExit(f"bench step {target.__name__} failed")
    return seconds, rss, result


@contextmanager
def bar(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while the block runs (only on a terminal: the ``name: value``
    lines on stdout stay clean either way); yields a function taking the amount done."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn

    console = Console(stderr=True)
    progress = Progress(
        "{task.description}",
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task(description, total=total)
        yield lambda done: progress.update(task, completed=done)


def province() -> tuple[list[Any], Any]:
    """The units and target set of the bundled decision's province."""
    from chitieu.catalog import load_catalogue
    from chitieu.cli.demo import DEMO_DECISION
    from chitieu.decisions import read_decision
    from chitieu.units import Structure, build_province_tree

    target_set = read_decision(DEMO_DECISION, load_catalogue()).target_set
    return build_province_tree(target_set.province, Structure.LEGACY), target_set


def dataset(dossiers: int) -> Path:
    """The demo year of ``dossiers`` dossiers, generated once and cached."""
    from chitieu.demo import generate_demo

    out = CACHE / f"{dossiers}"
    done = out / ".complete"
    if not done.exists():
        units, target_set = province()
        started = time.perf_counter()
        with bar(f"Sinh {dossiers:,} hồ sơ mẫu".replace(",", "."), dossiers) as advance:
            generate_demo(
                units, target_set, dossiers=dossiers, seed=YEAR_SEED, out=out, progress=advance
            )
        print(f"demo_{_size(dossiers)}_seconds: {time.perf_counter() - started:.1f}", flush=True)
        done.touch()
    return out


def appended_batch(data: Path) -> Path:
    """``APPENDED`` new dossiers: the year's first rows under new codes."""
    path = data / "appended.parquet"
    if not path.exists():
        table = pq.ParquetFile(data / "dossiers.parquet").read_row_group(0).slice(0, APPENDED)
        codes = pc.binary_join_element_wise(pa.scalar("BENCH-"), table["dossier_code"], "")
        table = table.set_column(
            table.schema.get_field_index("dossier_code"), "dossier_code", codes
        )
        pq.write_table(table, path)
    return path


def _size(dossiers: int) -> str:
    return f"{dossiers // 1_000_000}m" if dossiers >= 1_000_000 else f"{dossiers // 1000}k"


def bench_engine() -> str:
    """The engine the steps run on: ``BENCH_ENGINE``, DuckDB by default."""
    from chitieu.engine import Engine

    try:
        engine = Engine(os.environ.get("BENCH_ENGINE", Engine.DUCKDB))
    except ValueError:
        raise SystemExit(f"BENCH_ENGINE: one of {', '.join(Engine)}") from None
    if engine is Engine.POSTGRES:
        raise SystemExit("BENCH_ENGINE=postgres is not measured: its store is another database")
    return engine.value


POSTGRES = os.environ.get(
    "BENCH_POSTGRES",
    os.environ.get("CHITIEU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"),
)


def postgres_vs_duckdb(home: Path, data: Path, size: str) -> None:
    """Print the PostgreSQL import's seconds against DuckDB's, measured in this run."""
    import uuid

    import steps
    from chitieu.errors import ChitieuError
    from chitieu.facts.postgres import connect

    try:
        admin = connect(POSTGRES)
    except ChitieuError as error:
        print(f"ingest_postgres_vs_duckdb_{size}: skipped ({error.message})", flush=True)
        return
    schema = f"chitieu_bench_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    url = f"{POSTGRES}{'&' if '?' in POSTGRES else '?'}options=-csearch_path%3D{schema}"
    try:
        variant = steps.variant_batch(data)
        measured(steps.prepare_postgres, url, home, data, appended_batch(data))
        duck, _, duck_counts = measured(steps.ingest_variant, home, variant, None)
        pg, _, pg_counts = measured(steps.ingest_variant, home, variant, url)
        if duck_counts != pg_counts:
            raise SystemExit(
                f"PostgreSQL and DuckDB imported differently: {pg_counts} {duck_counts}"
            )
        print(f"ingest_replace_duckdb_{size}_seconds: {duck:.2f}", flush=True)
        print(f"ingest_replace_postgres_{size}_seconds: {pg:.2f}", flush=True)
        print(f"ingest_postgres_vs_duckdb_{size}: {pg / duck:.3f}", flush=True)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def documents_vs_status(dossiers: int, size: str) -> None:
    """Print the quarterly report and all reminder letters of the demo province against one
    ``status`` of the same quarter, measured in this run."""
    import steps

    home = CACHE / f"documents-{dossiers}"
    measured(steps.documents_home, home, dossiers)
    quarter = "2024-Q3"
    status, _, printed = measured(steps.status_once, home, quarter)
    documents, _, letters = measured(steps.documents_once, home, quarter, CACHE / "documents-out")
    if not printed or not letters:
        raise SystemExit("status printed nothing or no letter was written")
    print(f"status_{size}_seconds: {status:.2f}", flush=True)
    print(f"documents_{size}_seconds: {documents:.2f} ({letters} letters)", flush=True)
    print(f"documents_vs_status_{size}: {documents / status:.3f}", flush=True)


def main() -> None:
    """Measure at each size and print the lines."""
    import steps
    import web_load

    engine = bench_engine()
    print(f"engine: {engine}", flush=True)

    sizes = [1_000_000, 10_000_000]
    if os.environ.get("BENCH_SIZES"):  # e.g. BENCH_SIZES=200000 for a quick look
        sizes = [int(n) for n in os.environ["BENCH_SIZES"].split(",")]
    if os.environ.get("BENCH_LARGE") == "1":
        sizes.append(100_000_000)
    for dossiers in sizes:
        size = _size(dossiers)
        data = dataset(dossiers)
        home = CACHE / f"home-{dossiers}"
        seconds, rss, _ = measured(steps.prepare_home, home, data)
        print(f"ingest_{size}_seconds: {seconds:.2f}", flush=True)
        print(f"ingest_{size}_peak_rss_mb: {rss:.0f}", flush=True)
        full, full_rss, engine_rows = measured(steps.engine_full, home, engine)
        print(f"full_{size}_seconds: {full:.2f}", flush=True)
        sql, _, sql_rows = measured(steps.duckdb_sql, home)
        print(f"duckdb_sql_{size}_seconds: {sql:.2f}", flush=True)
        if sql_rows != engine_rows:
            raise SystemExit(f"the engine and the hand-written query differ at {size}")
        if dossiers <= 10_000_000:
            pandas, _, pandas_rows = measured(steps.pandas, home)
            print(f"pandas_{size}_seconds: {pandas:.2f}", flush=True)
            if pandas_rows != engine_rows:
                raise SystemExit(f"the engine and pandas differ at {size}")
            print(f"full_vs_pandas_{size}: {full / pandas:.3f}", flush=True)
        measured(steps.ingest_batch, home, appended_batch(data))
        incremental, inc_rss, mode = measured(steps.engine_incremental, home, engine)
        if mode != "incremental":
            raise SystemExit(f"the compute after the append was {mode}, not incremental")
        print(f"incremental_{size}_seconds: {incremental:.2f}", flush=True)
        print(f"full_vs_duckdb_sql_{size}: {full / sql:.3f}", flush=True)
        print(f"incremental_vs_full_{size}: {incremental / full:.3f}", flush=True)
        print(f"peak_rss_mb_{size}: {max(full_rss, inc_rss):.0f}", flush=True)
        if dossiers == 1_000_000:
            postgres_vs_duckdb(home, data, size)
            documents_vs_status(dossiers, size)
            web_load.web_load(CACHE / f"documents-{dossiers}")
        if dossiers == 10_000_000:
            print(f"full_vs_duckdb_sql: {full / sql:.3f}")
            print(f"full_vs_pandas: {full / pandas:.3f}")
            print(f"incremental_vs_full: {incremental / full:.3f}")
            print(f"peak_rss_mb: {max(full_rss, inc_rss):.0f}", flush=True)
    if 1_000_000 not in sizes:
        web_load.web_load()  # on a demo home of its own (the pages follow the units, not dossiers)


if __name__ == "__main__":
    main()
