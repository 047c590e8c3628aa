"""Phrases that show a target to a Vietnamese reader, shared by the CLI table and the workbook."""

from __future__ import annotations

from chitieu.catalog import Catalogue
from chitieu.domain import Baseline, Target
from chitieu.formatting import percent


def baseline_note(baselines: tuple[Baseline, ...]) -> str:
    """``(Năm 2023: 56,05%; Năm 2022: 56,05%)``, or empty.

    >>> baseline_note((Baseline(2023, 56.05), Baseline(2022, 0.0)))
    '(Năm 2023: 56,05%; Năm 2022: 0%)'
    """
    if not baselines:
        return ""
    return "(" + "; ".join(f"Năm {b.year}: {percent(b.value)}" for b in baselines) + ")"


def applies_to(target: Target, catalogue: Catalogue) -> str:
    """The levels and named units a target applies to, e.g. ``Sở Tư pháp; Cấp huyện; Cấp xã``."""
    names: list[str] = list(target.units)
    for code in target.levels:
        try:
            names.append(catalogue.level(code).label)
        except KeyError:
            names.append(code)
    return "; ".join(names) if names else "(chưa xác định)"


def split_task(task: str) -> tuple[str, str]:
    """``("II", "3")`` for ``II.3``; ``("", "3")`` for a task without a section."""
    section, dot, number = task.partition(".")
    if dot and section and not section[0].isdigit():
        return section, number
    return "", task
