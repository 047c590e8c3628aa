"""Replacing stored facts by key, told apart: rows new, replaced (same key, other content) and
unchanged (same key, same content), written the same way by the DuckDB and PostgreSQL stores.

An unchanged row is not rewritten and leaves no change for the incremental engine: re-importing
a file that holds nothing new writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from chitieu.domain import Source
from chitieu.facts.schema import FactTable, changes_table


@dataclass(frozen=True, slots=True)
class Written:
    """What replacing a batch of rows did to the stored facts."""

    new: int
    """Rows whose key was not stored."""
    replaced: int
    """Rows whose key was stored with other content: the stored version was replaced."""
    unchanged: int
    """Rows stored already, key and content: left as they were."""

    @property
    def written(self) -> int:
        """Rows actually written (new and replaced)."""
        return self.new + self.replaced


def _same_key(table: FactTable) -> str:
    """Equal keys as a plain equality of the key's columns, which PostgreSQL and DuckDB answer
    with a hash join or the key's index (``IS NOT DISTINCT FROM`` planned as a nested loop:
    50,000 rows into 20,000 took 96 s). Key columns are never empty; the one part that may be
    (a portal unit without a code) is compared as the unique index holds it."""
    return " AND ".join(
        f"coalesce(s.{k}, '') = coalesce(t.{k}, '')"
        if k in table.nullable_key
        else f"s.{k} = t.{k}"
        for k in table.key
    )


def _differs(table: FactTable) -> str:
    """Some column outside the key differs (an empty value equals an empty one): only ever in
    the ``WHERE`` of a join on ``_same_key``."""
    others = [c for c in table.columns if c not in table.key]
    return (
        "(" + " OR ".join(f"s.{c} IS DISTINCT FROM t.{c}" for c in others) + ")"
        if others
        else "FALSE"
    )


OWNER: dict[Source, str] = {Source.DOSSIERS: "unit_code"}
"""The column naming whose a fact is, for the kinds of fact whose code is unique nationally: a
dossier's national code (``MaHoSo``) is the portal's identity of the dossier — the portal updates
the dossier it already holds under a code, and a province's system prefixes local codes with its
own identifier so that they stay unique (``shared/dvcqg/DOSSIER_FORMAT.md``, §1). A code already
stored under another unit is therefore another dossier or a wrong export, never a move: it is
refused, both units named."""


@dataclass(frozen=True, slots=True)
class ReplaceSql:
    """The statements of one replacement of ``table`` by ``incoming`` (a table or query with the
    table's columns, one row per key), for a store to run in this order inside one
    transaction. Each one's count of rows tells the outcome (``Written``)."""

    table: FactTable
    incoming: str

    @property
    def _columns(self) -> str:
        return ", ".join(self.table.columns)

    def total(self) -> str:
        """How many rows come in."""
        return f"SELECT count(*) FROM {self.incoming}"

    def log_added(self, seq: int) -> str:
        """Keep as change ``seq`` (+1) the incoming rows not stored as they are: new and
        replacing ones. Its count is how many rows will be written."""
        return (
            f"INSERT INTO {changes_table(self.table)} SELECT {seq}, 1, {self._columns} "
            f"FROM {self.incoming} AS s WHERE NOT EXISTS (SELECT 1 FROM {self.table.name} AS t "
            f"WHERE {_same_key(self.table)} AND NOT {_differs(self.table)})"
        )

    def log_removed(self, seq: int) -> str:
        """Keep as change ``seq`` (-1) the stored versions about to be replaced."""
        return (
            f"INSERT INTO {changes_table(self.table)} SELECT {seq}, -1, {self._columns} "
            f"FROM {self.table.name} AS t WHERE {self._replaced()}"
        )

    def delete(self) -> str:
        """Drop the stored versions that another content replaces; its count is ``replaced``."""
        return f"DELETE FROM {self.table.name} t WHERE {self._replaced()}"

    def insert(self) -> str:
        """Insert the incoming rows whose key is no longer stored (new, and the replacing ones);
        its count is ``new + replaced``."""
        return (
            f"INSERT INTO {self.table.name} ({self._columns}) SELECT {self._columns} "
            f"FROM {self.incoming} AS s WHERE NOT EXISTS "
            f"(SELECT 1 FROM {self.table.name} AS t WHERE {_same_key(self.table)})"
        )

    def _replaced(self) -> str:
        return (
            f"EXISTS (SELECT 1 FROM {self.incoming} AS s WHERE {_same_key(self.table)} "
            f"AND {_differs(self.table)})"
        )

    def conflicts(self, limit: int) -> str | None:
        """Up to ``limit`` incoming rows whose key is stored under another owner (``OWNER``):
        ``(key…, incoming owner, stored owner)``, plus how many there are in all as the last
        column; ``None`` for a kind of fact without an owner column."""
        owner = OWNER.get(self.table.source)
        if owner is None:
            return None
        keys = ", ".join(f"s.{k}" for k in self.table.key)
        return (
            f"SELECT {keys}, s.{owner}, t.{owner}, count(*) OVER () FROM {self.incoming} AS s "
            f"JOIN {self.table.name} AS t ON {_same_key(self.table)} "
            f"WHERE s.{owner} IS DISTINCT FROM t.{owner} ORDER BY {keys} LIMIT {int(limit)}"
        )

    def create_changes(self) -> str:
        """The table of this fact table's changes, if missing."""
        return (
            f"CREATE TABLE IF NOT EXISTS {changes_table(self.table)} AS SELECT "
            f"CAST(0 AS BIGINT) AS _seq, CAST(0 AS INTEGER) AS _sign, {self._columns} "
            f"FROM {self.table.name} WHERE false"
        )


def outcome(total: int, replaced: int, inserted: int) -> Written:
    """``Written`` from the counts of the incoming rows, the deleted and the inserted ones."""
    return Written(new=inserted - replaced, replaced=replaced, unchanged=total - inserted)
