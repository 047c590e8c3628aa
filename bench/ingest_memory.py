"""Peak memory and time of ``ingest dossiers`` for a large Parquet file (10 million rows by default).

Run by hand (not a test): ``.venv/bin/python bench/ingest_memory.py [--rows N]``.

A demo year of 100,000 dossiers of the bundled decision's province is generated once, then
repeated under new dossier codes into one Parquet file of ``--rows`` canonical rows (cached under
``.bench/ingest/``). The ingest runs in a fresh child process, into a fresh home, so that the
peak resident memory printed is the ingest's own (``ru_maxrss`` of the child).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from chitieu.catalog import load_catalogue
from chitieu.cli.demo import DEMO_DECISION
from chitieu.decisions import read_decision
from chitieu.demo import generate_demo
from chitieu.domain import OrgUnit, Source, TargetSet
from chitieu.facts import open_store
from chitieu.facts.store import DEFAULT_MEMORY_LIMIT
from chitieu.sources.ingest import ingest
from chitieu.units import Structure, build_province_tree

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench" / "ingest"
SEED_DOSSIERS = 100_000


def _province() -> tuple[list[OrgUnit], TargetSet]:

    target_set = read_decision(DEMO_DECISION, load_catalogue()).target_set
    return list(build_province_tree(target_set.province, Structure.LEGACY)), target_set


def dataset(rows: int) -> Path:
    """A Parquet file of ``rows`` dossiers in the canonical columns, made once."""

    seed = CACHE / "seed"
    if not (seed / ".complete").exists():
        units, target_set = _province()
        generate_demo(units, target_set, dossiers=SEED_DOSSIERS, seed=2024, out=seed)
        (seed / ".complete").touch()
    path = CACHE / f"dossiers-{rows}.parquet"
    if not path.exists():
        copies = -(-rows // SEED_DOSSIERS)
        con = duckdb.connect()
        con.execute(
            f"COPY (SELECT * REPLACE (dossier_code || '-' || CAST(copy AS VARCHAR) AS dossier_code) "
            f"FROM read_parquet('{seed / 'dossiers.parquet'}'), range({copies}) AS r(copy) "
            f"LIMIT {rows}) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 122880)"
        )
        con.close()
    return path


def child(path: Path, home: Path, memory_limit: str) -> None:
    """The measured ingest: one file into a fresh home, then this process's peak RSS."""

    units, _ = _province()
    started = time.perf_counter()
    with open_store(home, memory_limit=memory_limit) as store:
        report = ingest(
            store,
            Source.DOSSIERS,
            [path],
            units=units,
            catalogue=load_catalogue(),
            actor="bench",
        )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    written = sum(record.rows_written for record in report.imports)
    print(f"ingest_rows: {written}")
    print(f"ingest_seconds: {seconds:.1f}")
    print(f"ingest_peak_rss_mb: {peak:.0f}")
    print(f"duckdb_memory_limit: {memory_limit}")


def main() -> None:
    """Prepare the file, run the ingest in a child, print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument(
        "--memory-limit", default=DEFAULT_MEMORY_LIMIT, help="DuckDB's limit, e.g. 512MB"
    )
    parser.add_argument("--child", nargs=2, metavar=("PARQUET", "HOME"))
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.memory_limit)
        return
    path = dataset(args.rows)
    print(f"file_mb: {path.stat().st_size / (1 << 20):.0f}")
    home = CACHE / "home"
    shutil.rmtree(home, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--memory-limit",
            args.memory_limit,
            "--child",
            str(path),
            str(home),
        ],
        check=True,
        cwd=ROOT,
    )
    print(f"store_mb: {(home / 'facts.duckdb').stat().st_size / (1 << 20):.0f}")


if __name__ == "__main__":
    main()
