"""Who issues an office's documents, who signs them and who receives them: the home's settings.

Every document carries the issuing body, its symbol, the place of issue, the signer and the
recipients. None of that is in the code: it is read from ``reports.toml`` in the home, which the
office edits (``chitieu report settings`` writes a commented one to start from). What the file
leaves out is derived from the unit tree's root (``Tỉnh Bình Phước`` → «UBND TỈNH BÌNH PHƯỚC»),
so that a new home produces a signable document at once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chitieu.errors import ChitieuError
from chitieu.text import nfc

SETTINGS_FILE = "reports.toml"
"""The settings file's name in a home."""

TEMPLATES_DIR = "templates"
"""The folder of a home where the office's own templates replace the bundled ones."""


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing body (Nghị định 30/2020, Phụ lục I): ``parent`` the governing body above
    (cơ quan chủ quản), ``name`` the body itself (cơ quan ban hành), ``symbol`` its abbreviation
    in document numbers (``VP`` in «Số: …/BC-VP»), ``place`` the place name of the date line."""

    parent: str
    name: str
    symbol: str
    place: str
    short: str = ""
    """The body as a sentence names it («Văn phòng UBND tỉnh»)."""


@dataclass(frozen=True, slots=True)
class Signer:
    """The signature block: ``authority`` (quyền hạn: «KT. CHÁNH VĂN PHÒNG», empty when the
    head signs), ``title`` (chức vụ) and ``name`` (họ tên; empty leaves room to write it)."""

    authority: str
    title: str
    name: str


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """Everything a document needs that is not a figure."""

    issuer: Issuer
    signer: Signer
    recipients: Mapping[str, tuple[str, ...]]
    superior: str = ""
    """Whom the reports go to, as a sentence names it («UBND tỉnh»)."""
    reply_working_days: int = 5
    national_targets: Mapping[str, float] = field(default_factory=dict)

    def recipients_of(self, kind: str) -> tuple[str, ...]:
        """The «Nơi nhận» list of a kind of document (``report``, ``reminder``, ``draft``)."""
        return self.recipients.get(kind) or self.recipients.get("default", ("Lưu: VT.",))


def province_words(root_name: str) -> tuple[str, str]:
    """The kind and the name of a province from its root unit's name: ``("tỉnh", "Bình
    Phước")``; a centrally governed city is a «thành phố».

    >>> province_words("Tỉnh Bình Phước"), province_words("Thành phố Hà Nội")
    (('tỉnh', 'Bình Phước'), ('thành phố', 'Hà Nội'))
    >>> province_words("UBND tỉnh Bình Phước"), province_words("Ủy ban nhân dân Thành phố Huế")
    (('tỉnh', 'Bình Phước'), ('thành phố', 'Huế'))
    >>> province_words("Bình Phước")
    ('tỉnh', 'Bình Phước')
    """
    name = re.sub(
        r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", "", nfc(root_name).strip(), flags=re.I
    )
    for kind in ("Thành phố", "Tỉnh", "TP."):
        if name.lower().startswith(kind.lower() + " "):
            word = "thành phố" if kind != "Tỉnh" else "tỉnh"
            return word, name[len(kind) + 1 :].strip()
    return "tỉnh", name


def default_settings(root_name: str) -> ReportSettings:
    """The settings of a home that has no file: the provincial People's Committee's office
    (Văn phòng UBND, the office Article 2 of a target decision charges with monitoring)."""
    kind, name = province_words(root_name)
    return ReportSettings(
        issuer=Issuer(
            parent=f"UBND {kind.upper()} {name.upper()}",
            name="VĂN PHÒNG",
            symbol="VP",
            place=name,
            short=f"Văn phòng UBND {kind}",
        ),
        superior=f"UBND {kind}",
        signer=Signer(authority="KT. CHÁNH VĂN PHÒNG", title="PHÓ CHÁNH VĂN PHÒNG", name=""),
        recipients={
            "report": (f"UBND {kind} (b/c);", "Lãnh đạo Văn phòng;", "Lưu: VT."),
            "reminder": ("Như trên;", "Lãnh đạo Văn phòng;", "Lưu: VT."),
            "draft": ("Như Điều 3;", "Lưu: VT."),
        },
    )


def _text(table: Mapping[str, Any], key: str, default: str, where: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ChitieuError(f"{where}: «{key}» phải là một chuỗi chữ trong ngoặc kép")
    return nfc(value).strip()


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ChitieuError(f"{where}: [{key}] phải là một mục (bảng) của tệp")
    return value


def read_settings(home: Path, root_name: str) -> ReportSettings:
    """The home's settings: ``reports.toml`` over the defaults of ``default_settings``; a
    malformed file is refused with its place (line and column) in Vietnamese."""
    defaults = default_settings(root_name)
    path = home / SETTINGS_FILE
    if not path.exists():
        return defaults
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ChitieuError(f"{where}: tệp phải lưu dạng UTF-8") from error
    except tomllib.TOMLDecodeError as error:
        raise ChitieuError(f"{where}: không đọc được ({error})") from error
    issuer = _table(data, "issuer", where)
    signer = _table(data, "signer", where)
    recipients = _table(data, "recipients", where)
    national = _table(data, "national_targets", where)
    lists: dict[str, tuple[str, ...]] = dict(defaults.recipients)
    for kind, names in recipients.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ChitieuError(f"{where}: [recipients] «{kind}» phải là một danh sách chuỗi chữ")
        lists[kind] = tuple(nfc(n).strip() for n in names)
    targets: dict[str, float] = {}
    for task, value in national.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise ChitieuError(
                f"{where}: [national_targets] «{task}» phải là một tỷ lệ phần trăm từ 0 đến 100"
            )
        targets[str(task)] = float(value)
    days = data.get("reply_working_days", defaults.reply_working_days)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise ChitieuError(f"{where}: «reply_working_days» phải là số ngày làm việc từ 1 đến 60")
    return ReportSettings(
        issuer=Issuer(
            parent=_text(issuer, "parent", defaults.issuer.parent, where),
            name=_text(issuer, "name", defaults.issuer.name, where),
            symbol=_text(issuer, "symbol", defaults.issuer.symbol, where),
            place=_text(issuer, "place", defaults.issuer.place, where),
            short=_text(issuer, "short", defaults.issuer.short, where),
        ),
        signer=Signer(
            authority=_text(signer, "authority", defaults.signer.authority, where),
            title=_text(signer, "title", defaults.signer.title, where),
            name=_text(signer, "name", defaults.signer.name, where),
        ),
        recipients=lists,
        superior=_text(data, "superior", defaults.superior, where),
        reply_working_days=days,
        national_targets=targets,
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_text(settings: ReportSettings) -> str:
    """A commented ``reports.toml`` holding ``settings``, for the office to edit."""
    lines = [
        "# Thông tin in trên văn bản của chitieu (báo cáo, công văn đôn đốc, dự thảo quyết định).",
        "# Sửa rồi lưu dạng UTF-8; dòng bắt đầu bằng # là ghi chú.",
        "",
        "# Số ngày làm việc đơn vị có để báo cáo lại sau khi nhận công văn đôn đốc.",
        f"reply_working_days = {settings.reply_working_days}",
        "# Cơ quan nhận báo cáo, như câu văn gọi (kính đề nghị …).",
        f"superior = {_quoted(settings.superior)}",
        "",
        "[issuer]",
        "# Cơ quan chủ quản (dòng trên) và cơ quan ban hành (dòng dưới, in đậm).",
        f"parent = {_quoted(settings.issuer.parent)}",
        f"name = {_quoted(settings.issuer.name)}",
        "# Chữ viết tắt của cơ quan trong số văn bản: Số: …/BC-VP.",
        f"symbol = {_quoted(settings.issuer.symbol)}",
        "# Địa danh ghi trước ngày tháng.",
        f"place = {_quoted(settings.issuer.place)}",
        "# Tên cơ quan trong câu văn.",
        f"short = {_quoted(settings.issuer.short)}",
        "",
        "[signer]",
        "# Quyền hạn (KT., TL., TUQ.; để trống khi người đứng đầu ký), chức vụ, họ tên.",
        f"authority = {_quoted(settings.signer.authority)}",
        f"title = {_quoted(settings.signer.title)}",
        f"name = {_quoted(settings.signer.name)}",
        "",
        "[recipients]",
        "# Nơi nhận của từng loại văn bản: report (báo cáo), reminder (công văn đôn đốc),",
        "# draft (dự thảo quyết định).",
    ]
    for kind, names in settings.recipients.items():
        lines.append(f"{kind} = [{', '.join(_quoted(n) for n in names)}]")
    lines += [
        "",
        "[national_targets]",
        "# Chỉ tiêu quốc gia theo nhiệm vụ, để dự thảo chỉ tiêu năm sau tăng dần tới đó,",
        '# ví dụ: "II.3" = 80',
    ]
    lines += [f"{_quoted(task)} = {value:g}" for task, value in settings.national_targets.items()]
    return "\n".join(lines) + "\n"
