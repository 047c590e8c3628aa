"""What each kind of fact requires of an import: column kinds, required columns, defaults."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chitieu.domain import Source


class Kind(StrEnum):
    """How a raw column is read."""

    TEXT = "text"
    UNIT = "unit"
    TIMESTAMP = "timestamp"
    DATE = "date"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    WHOLE = "whole"
    """A count: a whole number, ``15000`` or ``15.000`` (``values.whole_number_value``)."""
    DECIMAL = "decimal"
    """A number that may have a fraction, written the Vietnamese way (``15.000``, ``15,5``;
    ``values.decimal_value``)."""
    CHANNEL = "channel"
    STATUS = "status"
    RATING = "rating"
    ONLINE_LEVEL = "online_level"
    PERIOD = "period"
    INDICATOR = "indicator"
    PROCEDURE = "procedure"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One canonical column of an import. ``happened`` marks the date of an event that has
    taken place (received, finished, returned, resolved, published): it may not lie in the
    future. A due date or a legal basis's effective date may (a live export is full of them)."""

    name: str
    kind: Kind
    required: bool = False
    default: str | None = None
    happened: bool = False


def _spec(*columns: ColumnSpec) -> dict[str, ColumnSpec]:
    return {c.name: c for c in columns}


SPECS: dict[Source, dict[str, ColumnSpec]] = {
    Source.DOSSIERS: _spec(
        ColumnSpec("dossier_code", Kind.TEXT, required=True),
        ColumnSpec("procedure_code", Kind.PROCEDURE),
        ColumnSpec("unit_code", Kind.UNIT, required=True),
        ColumnSpec("channel", Kind.CHANNEL, required=True),
        ColumnSpec("received_at", Kind.TIMESTAMP, required=True, happened=True),
        ColumnSpec("due_at", Kind.TIMESTAMP),
        ColumnSpec("finished_at", Kind.TIMESTAMP, happened=True),
        ColumnSpec("returned_at", Kind.TIMESTAMP, happened=True),
        ColumnSpec("status", Kind.STATUS, required=True),
        ColumnSpec("components_digitized", Kind.BOOLEAN, default="FALSE"),
        ColumnSpec("result_digitized", Kind.BOOLEAN, default="FALSE"),
        ColumnSpec("e_result", Kind.BOOLEAN, default="FALSE"),
        ColumnSpec("reused_data", Kind.BOOLEAN, default="FALSE"),
        # Money: a fee computed as a share of a value may have a fraction of a đồng.
        ColumnSpec("fee_amount", Kind.DECIMAL, default="0"),
        ColumnSpec("paid_online", Kind.BOOLEAN, default="FALSE"),
        ColumnSpec("synced_national", Kind.BOOLEAN, default="FALSE"),
        ColumnSpec("handler_code", Kind.TEXT),
        ColumnSpec("rating", Kind.RATING),
    ),
    Source.PROCEDURES: _spec(
        ColumnSpec("procedure_code", Kind.TEXT, required=True),
        ColumnSpec("name", Kind.TEXT, required=True),
        ColumnSpec("unit_code", Kind.UNIT, required=True),
        ColumnSpec("eligible_full_online", Kind.BOOLEAN, default="FALSE"),
        ColumnSpec("online_level", Kind.ONLINE_LEVEL, required=True),
        ColumnSpec("is_copy_certification", Kind.BOOLEAN, default="FALSE"),
    ),
    Source.PUBLICATIONS: _spec(
        # A publication decision may announce procedures the catalogue does not list yet.
        ColumnSpec("procedure_code", Kind.TEXT, required=True),
        ColumnSpec("unit_code", Kind.UNIT, required=True),
        ColumnSpec("legal_basis_effective_on", Kind.DATE, required=True),
        ColumnSpec("published_on", Kind.DATE, required=True, happened=True),
    ),
    Source.FEEDBACK: _spec(
        ColumnSpec("feedback_code", Kind.TEXT, required=True),
        ColumnSpec("unit_code", Kind.UNIT, required=True),
        ColumnSpec("received_at", Kind.TIMESTAMP, required=True, happened=True),
        ColumnSpec("due_at", Kind.TIMESTAMP),
        ColumnSpec("resolved_at", Kind.TIMESTAMP, happened=True),
    ),
    Source.MANUAL: _spec(
        ColumnSpec("indicator", Kind.INDICATOR, required=True),
        ColumnSpec("unit_code", Kind.UNIT, required=True),
        ColumnSpec("period", Kind.PERIOD, required=True),
        # Both count documents or regulations (INDICATORS.md): whole numbers, like fees.
        ColumnSpec("numerator", Kind.WHOLE, required=True),
        ColumnSpec("denominator", Kind.WHOLE, required=True),
        ColumnSpec("evidence", Kind.TEXT, required=True),
        ColumnSpec("entered_by", Kind.TEXT),
    ),
}

FEEDBACK_WORKING_DAYS = 15
"""A feedback item without a due date is due 15 working days after it was received."""
