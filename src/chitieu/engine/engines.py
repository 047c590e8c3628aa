"""The engines the indicator SQL runs on: one enum for the command line, the backends and the bench."""

from __future__ import annotations

from enum import StrEnum


class Engine(StrEnum):
    """Where the engine's SQL runs; each value is also the engine's SQLGlot dialect name.

    >>> Engine("spark") is Engine.SPARK, Engine.POSTGRES.value
    (True, 'postgres')
    """

    DUCKDB = "duckdb"
    POSTGRES = "postgres"
    SPARK = "spark"
