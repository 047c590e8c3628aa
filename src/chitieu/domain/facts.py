"""The canonical columns of each kind of fact (``INDICATORS.md``), shared by the readers, the
catalogue's validation and the engine."""

from __future__ import annotations

from enum import StrEnum


class Source(StrEnum):
    """Where an indicator's numbers come from."""

    DOSSIERS = "dossiers"
    PROCEDURES = "procedures"
    PUBLICATIONS = "publications"
    FEEDBACK = "feedback"
    MANUAL = "manual"
    DVCQG = "dvcqg"

    @property
    def is_computed(self) -> bool:
        """Whether the engine computes this source's indicators from its rows; manual values
        and the portal's figures are taken as given.

        >>> [s.value for s in Source if s.is_computed]
        ['dossiers', 'procedures', 'publications', 'feedback']
        """
        return self not in _GIVEN


_GIVEN = frozenset({Source.MANUAL, Source.DVCQG})


class ColumnType(StrEnum):
    """The logical type of a fact column."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"
    DATE = "date"


FACT_COLUMNS: dict[Source, dict[str, ColumnType]] = {
    Source.DOSSIERS: {
        "dossier_code": ColumnType.TEXT,
        "procedure_code": ColumnType.TEXT,
        "unit_code": ColumnType.TEXT,
        "channel": ColumnType.TEXT,
        "received_at": ColumnType.TIMESTAMP,
        "due_at": ColumnType.TIMESTAMP,
        "finished_at": ColumnType.TIMESTAMP,
        "returned_at": ColumnType.TIMESTAMP,
        "status": ColumnType.INTEGER,
        "components_digitized": ColumnType.BOOLEAN,
        "result_digitized": ColumnType.BOOLEAN,
        "e_result": ColumnType.BOOLEAN,
        "reused_data": ColumnType.BOOLEAN,
        "fee_amount": ColumnType.DECIMAL,
        "paid_online": ColumnType.BOOLEAN,
        "synced_national": ColumnType.BOOLEAN,
        "handler_code": ColumnType.TEXT,
        "rating": ColumnType.INTEGER,
    },
    Source.PROCEDURES: {
        "procedure_code": ColumnType.TEXT,
        "name": ColumnType.TEXT,
        "unit_code": ColumnType.TEXT,
        "eligible_full_online": ColumnType.BOOLEAN,
        "online_level": ColumnType.TEXT,
        "is_copy_certification": ColumnType.BOOLEAN,
    },
    Source.PUBLICATIONS: {
        "procedure_code": ColumnType.TEXT,
        "unit_code": ColumnType.TEXT,
        "legal_basis_effective_on": ColumnType.DATE,
        "published_on": ColumnType.DATE,
    },
    Source.FEEDBACK: {
        "feedback_code": ColumnType.TEXT,
        "unit_code": ColumnType.TEXT,
        "received_at": ColumnType.TIMESTAMP,
        "due_at": ColumnType.TIMESTAMP,
        "resolved_at": ColumnType.TIMESTAMP,
    },
    Source.MANUAL: {
        "indicator": ColumnType.TEXT,
        "unit_code": ColumnType.TEXT,
        "period": ColumnType.TEXT,
        "numerator": ColumnType.DECIMAL,
        "denominator": ColumnType.DECIMAL,
        "evidence": ColumnType.TEXT,
        "entered_by": ColumnType.TEXT,
    },
}
