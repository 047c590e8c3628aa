"""Every Vietnamese word and sentence a reader sees about an evaluation, in one place.

The command line, the documents and the pages say «Đạt», «Không phát sinh», «cần thêm 1.234 hồ
sơ trực tuyến» or «Hạng 12/111» the same way because they all ask this module. It sits low in the
layers (it knows codes and numbers, not the evaluation's classes), so that any part may use it;
statuses and outlooks are looked up by their code (``met``, ``on_track``…).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from chitieu.domain import Quarter
from chitieu.formatting import date as format_date
from chitieu.formatting import integer, percent

STATUS = {
    "met": "Đạt",
    "not_met": "Không đạt",
    "not_applicable": "Không phát sinh",
    "no_data": "Chưa có số liệu",
}
"""A unit's status against a milestone, by its code."""

OUTLOOK = {"on_track": "Kịp tiến độ", "at_risk": "Có nguy cơ"}
"""Whether the year-end projection reaches the annual target, by its code."""

PROVISIONAL = "Tạm tính"
OVERRIDE_MARK = "*"
"""Beside a milestone or target that is the unit's own (an override), not the annex's."""

SOURCE = {
    "dvcqg": "Cổng DVCQG",
    "dossiers": "Hồ sơ",
    "procedures": "Danh mục",
    "publications": "Công bố",
    "feedback": "PAKN",
    "manual": "Nhập tay",
}
"""Where a value comes from, by the source's code."""

PERIOD_KIND = {"month": "tháng", "quarter": "trong quý", "ytd": "lũy kế", "year": "năm"}

LEGEND = (
    ("Đạt", "giá trị đạt hoặc vượt mốc tối thiểu của quý"),
    ("Không đạt", "giá trị dưới mốc của quý"),
    (
        "Tạm tính",
        "quý chưa kết thúc: so giá trị đến hôm nay với mốc của quý; kết quả còn thay đổi",
    ),
    (
        "Không phát sinh",
        "đã có số liệu của đơn vị nhưng không có trường hợp nào thuộc chỉ số (0/0): "
        "không có gì để đo",
    ),
    ("Chưa có số liệu", "chưa nhận hoặc chưa tính được số liệu nào của đơn vị cho chỉ số này"),
    ("Kịp tiến độ", "theo nhịp mấy tháng gần nhất, cuối năm sẽ đạt chỉ tiêu năm"),
    ("Có nguy cơ", "theo nhịp mấy tháng gần nhất, cuối năm sẽ không đạt chỉ tiêu năm"),
    (
        "Cần thêm",
        "số trường hợp mới, tất cả đều đạt yêu cầu (ví dụ hồ sơ nộp trực tuyến), mà đơn vị "
        "còn cần để lên tới mốc của quý; «không thể đạt» khi mốc 100% đã bị lỡ",
    ),
    (OVERRIDE_MARK, "chỉ tiêu riêng của đơn vị (thay cho chỉ tiêu của phụ lục)"),
)
"""What every word of a status table means, in the order a reader meets them."""


def status(code: str, *, provisional: bool = False) -> str:
    """A status in words; a provisional judgement says so.

    >>> status("met"), status("not_met", provisional=True), status("not_applicable")
    ('Đạt', 'Không đạt (tạm tính)', 'Không phát sinh')
    """
    word = STATUS[code]
    judged = code in ("met", "not_met")
    return f"{word} ({PROVISIONAL.lower()})" if provisional and judged else word


def outlook(code: str | None) -> str:
    """An outlook in words; ``—`` without one."""
    return "—" if code is None else OUTLOOK[code]


def source(code: str | None) -> str:
    """Where a value comes from, in words."""
    return "—" if not code else SOURCE.get(code, code)


def quarter(value: Quarter) -> str:
    """``Quý III/2024``, as documents write it."""
    return f"Quý {value.roman}/{value.year}"


def quarter_phrase(value: Quarter) -> str:
    """``quý III năm 2024``, inside a sentence."""
    return f"quý {value.roman} năm {value.year}"


def rank(position: int | None, among: int) -> str:
    """``Hạng 12/111``; ``—`` without a rank.

    >>> rank(12, 111), rank(None, 0)
    ('Hạng 12/111', '—')
    """
    return "—" if position is None else f"Hạng {position}/{among}"


def rank_short(position: int | None, among: int) -> str:
    """``12/111`` for a table column headed «Hạng»."""
    return "—" if position is None else f"{position}/{among}"


def counts(numerator: float | None, denominator: float | None) -> str:
    """``1.234/5.678``: what a value is made of; ``—`` without data."""
    if denominator is None:
        return "—"
    return f"{integer(round(numerator or 0))}/{integer(round(denominator))}"


def needed(
    status_code: str,
    count: int | None,
    numerator: float | None,
    denominator: float | None,
    milestone: float,
    noun: str,
) -> str:
    """What a unit still needs, for a reader: ``cần thêm 1.234 hồ sơ trực tuyến``, ``đã đạt``,
    or why no count is enough.

    >>> needed("not_met", 204, 10, 300, 80.0, "hồ sơ được số hóa")
    'cần thêm 204 hồ sơ được số hóa'
    >>> needed("not_met", None, 72, 100, 100.0, "hồ sơ")
    'không thể đạt mốc 100% của kỳ này: đã có 28 trường hợp không đạt'
    >>> needed("not_applicable", None, 0, 0, 80.0, "hồ sơ")
    'không phát sinh trường hợp nào để đo'
    """
    if status_code == "no_data":
        return "chưa có số liệu"
    if status_code == "not_applicable":
        return "không phát sinh trường hợp nào để đo"
    if count == 0:
        return "đã đạt"
    if count is None:
        missed = (denominator or 0) - (numerator or 0)
        return (
            f"không thể đạt mốc {percent(milestone)} của kỳ này: đã có "
            f"{integer(round(missed))} trường hợp không đạt"
        )
    return f"cần thêm {integer(count)} {noun}".rstrip()


def needed_short(status_code: str, count: int | None) -> str:
    """The «Cần thêm» column: a count, ``0``, «không thể đạt» or ``—``."""
    if status_code not in ("met", "not_met"):
        return "—"
    return "không thể đạt" if count is None else integer(count)


def provisional_note(value: Quarter, as_of: date) -> str:
    """Why a quarter's figures are provisional, said once under its title."""
    return (
        f"{PROVISIONAL}: {quarter_phrase(value)} chưa kết thúc; số liệu đến ngày "
        f"{format_date(as_of)}, so với mốc của quý."
    )


def command(*parts: str | Path, home: Path | None = None) -> str:
    """A command a reader can copy and run as it is: quoted where needed, with ``--home`` when
    the home is not the default one.

    >>> command("chitieu", "compute", "--year", "2024", home=Path("var"))
    'chitieu compute --year 2024'
    >>> command("chitieu", "status", "--quarter", "2024-Q3", home=Path("/srv/tinh a"))
    "chitieu status --quarter 2024-Q3 --home '/srv/tinh a'"
    """
    words = [str(p) for p in parts]
    if home is not None and not _is_default_home(home):
        words += ["--home", str(home)]
    return shlex.join(words)


_USER_HOME = Path(os.environ.get("CHITIEU_HOME", "var"))
"""The home the user's shell names (read once: opening a home sets ``CHITIEU_HOME`` for the
process's Django, which a hint must not take for the user's own setting)."""


def _is_default_home(home: Path) -> bool:
    return home.resolve() == _USER_HOME.resolve()


def enumerate_names(names: Sequence[str], limit: int = 5) -> str:
    """``a; b; c và 4 đơn vị khác``: a few names and how many more."""
    shown = "; ".join(names[:limit])
    if len(names) > limit:
        shown += f" và {integer(len(names) - limit)} đơn vị khác"
    return shown


def official_date(day: date) -> str:
    """The date of an official document (Nghị định 30/2020): a day below 10 and the months
    January and February written with a leading zero.

    >>> official_date(date(2024, 2, 5)), official_date(date(2024, 10, 15))
    ('ngày 05 tháng 02 năm 2024', 'ngày 15 tháng 10 năm 2024')
    >>> official_date(date(2024, 3, 9))
    'ngày 09 tháng 3 năm 2024'
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


_HEADS = (
    ("ủy ban nhân dân ", "Chủ tịch "),
    ("uỷ ban nhân dân ", "Chủ tịch "),
    ("ubnd ", "Chủ tịch "),
    ("sở ", "Giám đốc "),
    ("công an ", "Giám đốc "),
    ("đài ", "Giám đốc "),
    ("ban ", "Trưởng "),
    ("văn phòng ", "Chánh "),
    ("thanh tra ", "Chánh "),
    ("bộ chỉ huy ", "Chỉ huy trưởng "),
)
"""Who heads a Vietnamese public body, by the first words of its name."""


def head_of(unit_name: str, level: str) -> str:
    """The head a letter to a unit is addressed to: «Giám đốc Sở Tư pháp», «Chủ tịch UBND xã
    Tân Thành»; an official is addressed by name; «Thủ trưởng …» for any other body.

    >>> head_of("Sở Tư pháp", "province_department"), head_of("UBND xã Tân Thành", "commune")
    ('Giám đốc Sở Tư pháp', 'Chủ tịch UBND xã Tân Thành')
    >>> head_of("Văn phòng UBND tỉnh", "province_department"), head_of("Trường Cao đẳng Y tế", "x")
    ('Chánh Văn phòng UBND tỉnh', 'Thủ trưởng Trường Cao đẳng Y tế')
    >>> head_of("Nguyễn Văn An", "official")
    'Ông/Bà Nguyễn Văn An'
    """
    if level == "official":
        return f"Ông/Bà {unit_name}"
    folded = unit_name.lower()
    for start, head in _HEADS:
        if folded.startswith(start):
            return head + unit_name
    return f"Thủ trưởng {unit_name}"
