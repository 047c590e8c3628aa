"""What a national portal 766 response holds once read: units, their rows and the report.

The portal (Cổng Dịch vụ công quốc gia) publishes the 766 index per group of criteria, one endpoint
per group, in two shapes (``../shared/dvcqg/FORMATS.md``): Shape A lists ``metrics`` with codes
for every unit; Shape B puts raw counters on each unit. Both are read into the same
:class:`PortalReport`: the province and each unit with one :class:`PortalRow` per sub-indicator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from chitieu.errors import Problem


class Group(StrEnum):
    """A group of the 766 index, named by the portal endpoint that publishes it."""

    TRANSPARENCY = "transparency"
    DVC_PROGRESS = "dvc-progress-tree"
    PROVIDE_ONLINE = "provide-online-tree"
    ONLINE_PAYMENT = "formality-online-payment-tree"
    HANDLING_SATISFACTION = "handling-satisfaction"
    DOSSIER_DIGITIZED = "dossier-digitized"


class Shape(StrEnum):
    """How a response lays out its units: ``metrics`` per unit, or counters on parent/children."""

    METRICS = "A"
    TREE = "B"


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """A group: its Vietnamese name, response shape, maximum points and sub-indicators in order."""

    name: str
    shape: Shape
    max_score: float
    sub_indicators: tuple[str, ...]


# Shape B has no metric codes; the names below are ours. ``dvc_progress`` and
# ``formality_online_payment`` are the names the indicator catalogue links to.
DVC_PROGRESS = "dvc_progress"
PROVIDE_ONLINE = "provide_online"
ONLINE_PAYMENT_DOSSIERS = "formality_online_payment"
ONLINE_PAYMENT_PROCEDURES = "formality_online_payment_procedures"
FEE_PROCEDURES_WITH_DOSSIERS = "formality_fee_procedures_with_dossiers"

# The sub-indicator of a unit's group total, in score rows, CSV exports and facts records.
TOTAL = "total"

GROUPS: dict[Group, GroupInfo] = {
    Group.TRANSPARENCY: GroupInfo(
        "Công khai, minh bạch",
        Shape.METRICS,
        18,
        ("PUBLISH_ON_TIME", "PUBLIC_UPDATE_ON_TIME", "PUBLIC_CONTENT_FULL", "DOSSIER_SYNC"),
    ),
    Group.DVC_PROGRESS: GroupInfo("Tiến độ giải quyết", Shape.TREE, 20, (DVC_PROGRESS,)),
    Group.PROVIDE_ONLINE: GroupInfo("Dịch vụ công trực tuyến", Shape.TREE, 12, (PROVIDE_ONLINE,)),
    Group.ONLINE_PAYMENT: GroupInfo(
        "Thanh toán trực tuyến",
        Shape.TREE,
        10,
        (ONLINE_PAYMENT_DOSSIERS, ONLINE_PAYMENT_PROCEDURES, FEE_PROCEDURES_WITH_DOSSIERS),
    ),
    Group.HANDLING_SATISFACTION: GroupInfo(
        "Mức độ hài lòng",
        Shape.METRICS,
        18,
        (
            "PETITION_CLASSIFICATION_TTHC",
            "DOSSIER_RECEIVING_SATISFACTION",
            "PETITION_PROCESSING_ON_TIME",
            "PETITION_HANDLING_SATISFACTION",
            "PETITION_CLASSIFICATION_STAFF",
        ),
    ),
    Group.DOSSIER_DIGITIZED: GroupInfo(
        "Số hóa hồ sơ",
        Shape.METRICS,
        22,
        (
            "ORIGINAL_RESULT_AVAILABLE",
            "SO_HOA_GIAY_TO_GIAI_QUYET",
            "REUSED_DIGITIZED_DATA",
            "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
            "CITIZEN_DATA_CONNECTED_DOSSIER",
            "CITIZEN_DATA_CONNECTED_FORMALITY",
            "ELECTRONIC_CERTIFIED_COPY",
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class PortalRow:
    """One sub-indicator of one unit as the portal published it.

    ``unit_id`` is the portal's ``departmentId`` (the same in every endpoint); ``unit_code`` its
    ``departmentCode`` (``H44.07``), absent from transparency and handling-satisfaction.
    ``ratio`` is the portal's percentage and ``score`` its points, ``None`` where it publishes
    none (the online-payment parts). ``counters`` keeps the unit's other raw numbers
    (``totalReceived``, ``totalFeeFormality``…) for formulas that need several.
    """

    unit_id: str
    unit_code: str | None
    unit_name: str
    unit_type: str | None
    level: str | None
    is_province: bool
    group: Group
    sub_indicator: str
    numerator: float | None
    denominator: float | None
    ratio: float | None
    score: float | None
    max_score: float | None
    counters: Mapping[str, float] = field(default_factory=dict)
    data_quality: str | None = None


@dataclass(frozen=True, slots=True)
class PortalUnit:
    """A unit (or the province) of a report: its identity, the portal's group total and rows."""

    unit_id: str
    unit_code: str | None
    unit_name: str
    unit_type: str | None
    level: str | None
    is_province: bool
    total_score: float | None
    total_max_score: float | None
    ratio: float | None
    rows: tuple[PortalRow, ...]


@dataclass(frozen=True, slots=True)
class PortalReport:
    """One response of the portal: one group, one period, the province and every unit.

    ``period`` is ``2026-08``, ``2026-Q3`` or ``2026``, or ``None`` when neither a manifest nor
    the caller said which period the file is (``period_origin`` says where it came from).
    ``formality_id`` is set when the response was asked for one procedure only.
    """

    file: str
    group: Group
    period: str | None
    period_origin: str | None
    formality_id: str | None
    province: PortalUnit
    units: tuple[PortalUnit, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def all_units(self) -> tuple[PortalUnit, ...]:
        """The province first, then every unit in the portal's order."""
        return (self.province, *self.units)

    @property
    def rows(self) -> list[PortalRow]:
        """Every row of the report, the province's first."""
        return [row for unit in self.all_units for row in unit.rows]
