"""Finding what a person asked for: a unit, an indicator or a level, by code or by name.

An official types «Sở Tư pháp», «so tu phap» or «70.STP»; a task number of the decision in force
(«II.3»), an indicator's code or its Vietnamese name; «Cấp xã» or ``commune``. Every command and
page resolves these here, so that they all accept the same things and all answer a miss with the
same close suggestions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from chitieu.catalog import Catalogue
from chitieu.domain import Indicator, Level, OrgUnit, TargetSet
from chitieu.errors import ChitieuError
from chitieu.text import fold, nfc
from chitieu.units import UnitTree

SUGGESTIONS = 5
"""How many close matches a miss lists."""


def _suggest(wanted: str, candidates: Iterable[tuple[str, str]]) -> list[str]:
    """Close matches of ``wanted`` among (folded key, shown label) pairs, best first."""
    shown: dict[str, str] = {}
    for key, label in candidates:
        shown.setdefault(key, label)
    keys = difflib.get_close_matches(fold(wanted), list(shown), n=SUGGESTIONS, cutoff=0.6)
    # A word typed as it stands in a longer name ("tu phap") is a match too.
    contained = [k for k in shown if fold(wanted) and fold(wanted) in k and k not in keys]
    labels = dict.fromkeys(shown[k] for k in [*keys, *contained])
    return list(labels)[:SUGGESTIONS]


def _miss(what: str, wanted: str, suggestions: Sequence[str], hint: str) -> ChitieuError:
    message = f"không có {what} «{wanted}»"
    if suggestions:
        message += "; có phải: " + "; ".join(suggestions) + "?"
    return ChitieuError(f"{message} ({hint})")


def unit_label(unit: OrgUnit) -> str:
    """``Sở Tư pháp (70.STP)``: a unit as every message names it."""
    return f"{unit.name} ({unit.code})"


def find_unit(tree: UnitTree, text: str) -> OrgUnit:
    """The unit ``text`` means: its code (as written, or ignoring case), else its name (folded:
    NFC, case and diacritics ignored, «UBND» = «Ủy ban nhân dân»). A name several units share is
    refused with the units it could mean; a miss lists close matches.

    >>> from chitieu.domain import OrgUnit
    >>> tree = UnitTree([OrgUnit("70", "Tỉnh Bình Phước", "province"),
    ...                  OrgUnit("70.STP", "Sở Tư pháp", "province_department", "70")])
    >>> find_unit(tree, "so tu phap").code, find_unit(tree, "70.stp").code
    ('70.STP', '70.STP')
    """
    wanted = nfc(text).strip()
    if wanted in tree:
        return tree[wanted]
    by_code = [u for u in tree if u.code.casefold() == wanted.casefold()]
    if len(by_code) == 1:
        return by_code[0]
    named = tree.find_by_name(wanted)
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        shown = "; ".join(unit_label(u) for u in named[:SUGGESTIONS])
        more = f" và {len(named) - SUGGESTIONS} đơn vị khác" if len(named) > SUGGESTIONS else ""
        raise ChitieuError(
            f"«{wanted}» là tên của {len(named)} đơn vị: {shown}{more}; hãy ghi mã đơn vị"
        )
    candidates = [(fold(u.name), unit_label(u)) for u in tree]
    candidates += [(fold(u.code), unit_label(u)) for u in tree]
    raise _miss(
        "đơn vị",
        wanted,
        _suggest(wanted, candidates),
        "ghi mã hoặc tên đơn vị; xem danh sách: chitieu units export",
    )


def find_indicator(catalogue: Catalogue, target_set: TargetSet | None, text: str) -> Indicator:
    """The indicator ``text`` means: its code, a task number of the target set in force
    («II.3»), or its name or annex wording (folded). A miss lists close matches.

    >>> from chitieu.catalog import load_catalogue
    >>> find_indicator(load_catalogue(), None, "hồ sơ trực tuyến").code
    'online_dossiers'
    """
    wanted = nfc(text).strip()
    found = catalogue.get(wanted) or catalogue.get(wanted.casefold())
    if found is not None:
        return found
    if target_set is not None:
        tasks = {
            t.indicator
            for t in target_set.targets
            if t.indicator and t.task.casefold() == wanted.casefold()
        }
        if len(tasks) == 1:
            return catalogue.indicator(tasks.pop())
    folded = fold(wanted)
    named = [i for i in catalogue.indicators if folded in {fold(n) for n in i.wordings}]
    if len(named) == 1:
        return named[0]
    candidates = [
        (fold(n), f"{i.name} ({i.code})") for i in catalogue.indicators for n in i.wordings
    ]
    candidates += [(fold(i.code), f"{i.name} ({i.code})") for i in catalogue.indicators]
    if target_set is not None:
        candidates += [
            (fold(t.task), f"nhiệm vụ {t.task}: {catalogue.indicator(t.indicator).name}")
            for t in target_set.targets
            if t.indicator and catalogue.get(t.indicator)
        ]
    raise _miss(
        "chỉ số",
        wanted,
        _suggest(wanted, candidates),
        "ghi mã chỉ số, số nhiệm vụ (ví dụ II.3) hoặc tên; xem danh mục: chitieu catalog show",
    )


def find_level(catalogue: Catalogue, text: str) -> Level:
    """The level ``text`` means: its code (``commune``) or its Vietnamese name, short or full
    («Cấp xã», «UBND cấp xã»), folded.

    >>> from chitieu.catalog import load_catalogue
    >>> find_level(load_catalogue(), "Cấp xã").code
    'commune'
    """
    wanted = nfc(text).strip()
    folded = fold(wanted)
    for level in catalogue.levels:
        names = {fold(level.code), fold(level.name), fold(level.label)}
        if folded in names or folded.removeprefix("cap ") in {
            n.removeprefix("cap ") for n in names
        }:
            return level
    candidates = [(fold(lv.label), f"{lv.label} ({lv.code})") for lv in catalogue.levels]
    candidates += [(fold(lv.code), f"{lv.label} ({lv.code})") for lv in catalogue.levels]
    known = ", ".join(f"{lv.code} ({lv.label})" for lv in catalogue.levels)
    raise _miss("cấp", wanted, _suggest(wanted, candidates), f"chỉ nhận: {known}")
