"""Target sets stored per year with their history, overrides, and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from chitieu.domain import Milestone, Override
from tests.evaluation.builders import target_set


def _audit(action: str) -> list[tuple[str, str, Any, Any]]:
    from chitieu.app.audit.models import AuditEntry

    return [
        (e.actor, e.object_key, e.before, e.after)
        for e in AuditEntry.objects.filter(action=action).order_by("id")
    ]


def test_import_stores_the_years_target_set(home: Path) -> None:
    from chitieu.app.targets.services import current_target_set, import_target_set
    from chitieu.decisions import to_dict

    assert current_target_set(2024) is None
    outcome = import_target_set(target_set(), actor="cli:an", source_file="qd.txt")
    assert (outcome.year, outcome.targets, outcome.replaced_id, outcome.unchanged) == (
        2024,
        6,
        None,
        False,
    )
    stored = current_target_set(2024)
    assert stored is not None
    assert to_dict(stored) == to_dict(target_set())
    assert stored.title == target_set().title
    assert current_target_set(2023) is None
    [(actor, key, before, after)] = _audit("targets.import")
    assert (actor, key, before) == ("cli:an", "2024", None)
    assert after == {
        **to_dict(target_set()),
        "title": target_set().title,
        "sections": dict(target_set().sections),
    }


def test_importing_the_same_set_again_changes_nothing(home: Path) -> None:
    from chitieu.app.targets.services import import_target_set, target_set_history

    first = import_target_set(target_set(), actor="a", source_file="qd.txt")
    again = import_target_set(target_set(), actor="b", source_file="qd-copy.txt")
    assert again.unchanged
    assert again.version_id == first.version_id
    assert len(target_set_history(2024)) == 1
    assert len(_audit("targets.import")) == 1


def test_a_new_set_replaces_the_previous_which_is_kept(home: Path) -> None:
    from chitieu.app.targets.models import TargetSetVersion
    from chitieu.app.targets.services import (
        current_target_set,
        import_target_set,
        target_set_history,
    )
    from chitieu.decisions import to_dict

    old = target_set()
    new = replace(old, targets=old.targets[:2])
    first = import_target_set(old, actor="a", source_file="qd-1.txt")
    second = import_target_set(new, actor="b", source_file="qd-2.txt")
    assert second.replaced_id == first.version_id
    stored = current_target_set(2024)
    assert stored is not None
    assert len(stored.targets) == 2
    history = target_set_history(2024)
    assert [(v.source_file, v.current, v.targets) for v in history] == [
        ("qd-2.txt", True, 2),
        ("qd-1.txt", False, 6),
    ]
    previous = TargetSetVersion.objects.get(pk=first.version_id)
    assert previous.superseded_by_id == second.version_id
    # The audit entry holds the set before and after.
    _, _, before, after = _audit("targets.import")[-1]
    # (with the decision's title, kept for the documents)
    assert (before, after) == (
        {**to_dict(old), "title": old.title, "sections": dict(old.sections)},
        {**to_dict(new), "title": new.title, "sections": dict(new.sections)},
    )


def test_other_years_are_untouched(home: Path) -> None:
    from chitieu.app.targets.services import current_target_set, import_target_set

    import_target_set(target_set(), actor="a", source_file="2024.txt")
    import_target_set(replace(target_set(), year=2025), actor="a", source_file="2025.txt")
    assert current_target_set(2024) is not None
    stored = current_target_set(2025)
    assert stored is not None
    assert stored.year == 2025


def test_one_current_set_per_year_is_a_database_constraint(home: Path) -> None:
    from django.db import IntegrityError, transaction

    from chitieu.app.targets.models import TargetSetVersion

    fields = {"year": 2024, "province": "X", "document": {}, "checksum": "", "imported_by": "t"}
    TargetSetVersion.objects.create(source_file="a", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetSetVersion.objects.create(source_file="b", **fields)


def test_overrides_set_replace_and_remove_with_audit(with_units: Path) -> None:
    from chitieu.app.targets.services import overrides, remove_override, set_override

    change = Override("D2", "online_dossiers", annual=75.0, milestones=(Milestone(3, 65.0),))
    set_override(2024, change, actor="a")
    assert overrides(2024) == [change]
    assert overrides(2025) == []
    set_override(2024, replace(change, annual=None, note="theo văn bản 12"), actor="b")
    [stored] = overrides(2024)
    assert (stored.annual, stored.milestones, stored.note) == (
        None,
        (Milestone(3, 65.0),),
        "theo văn bản 12",
    )
    entries = _audit("targets.override.set")
    assert [(actor, key) for actor, key, _, _ in entries] == [
        ("a", "2024/D2/online_dossiers"),
        ("b", "2024/D2/online_dossiers"),
    ]
    assert entries[1][2] is not None
    assert entries[1][2]["annual"] == 75.0
    assert remove_override(2024, "D2", "online_dossiers", actor="c")
    assert not remove_override(2024, "D2", "online_dossiers", actor="c")
    assert overrides(2024) == []
    assert len(_audit("targets.override.remove")) == 1


@pytest.mark.parametrize(
    ("override", "problems"),
    [
        (
            Override("ZZ", "online_dossiers", annual=50.0),
            ["không có đơn vị mã «ZZ» trong cây đơn vị"],
        ),
        (
            Override("D1", "online_dossiers", annual=150.0),
            ["chỉ tiêu năm phải từ 0% đến 100%, không phải 150%"],
        ),
        (
            Override("D1", "online_dossiers", milestones=(Milestone(5, 1.0),)),
            ["quý phải từ 1 đến 4, không phải 5"],
        ),
        (
            Override("D1", "online_dossiers"),
            ["chỉ tiêu riêng phải thay ít nhất chỉ tiêu năm hoặc một mốc quý"],
        ),
        (
            Override("ZZ", "nope", annual=-1.0),
            [
                "không có đơn vị mã «ZZ» trong cây đơn vị",
                "không có chỉ số «nope» trong danh mục",
                "chỉ tiêu năm phải từ 0% đến 100%, không phải -1%",
            ],
        ),
    ],
)
def test_bad_overrides_are_refused_and_nothing_is_written(
    with_units: Path, override: Override, problems: list[str]
) -> None:
    from chitieu.app.targets.services import OverrideRefusedError, overrides, set_override

    with pytest.raises(OverrideRefusedError) as refused:
        set_override(2024, override, actor="a")
    assert refused.value.problems == problems
    assert refused.value.message.startswith(
        f"Không lưu chỉ tiêu riêng của đơn vị {override.unit_code} cho chỉ số "
        f"{override.indicator} năm 2024:\n- "
    )
    assert overrides(2024) == []
    assert _audit("targets.override.set") == []


def test_an_override_is_checked_against_the_annex_row_the_unit_holds(with_units: Path) -> None:
    from chitieu.app.targets.services import (
        OverrideRefusedError,
        import_target_set,
        overrides,
        set_override,
    )

    # D1 (a department) holds II.3 at 50/60/70/80 and the row naming «Sở Tư pháp» on
    # e_certified_copies; X1 (a commune) holds II.3 at 30/40/50/60; D2 holds no copy target.
    import_target_set(target_set(), actor="a", source_file="qd.txt")
    cases = [
        (
            Override("D1", "online_dossiers", milestones=(Milestone(2, 45.0),)),
            [
                "mốc quý II (45%) thấp hơn mốc quý I của phụ lục (50%): mốc các quý không được giảm dần"
            ],
        ),
        (
            Override("X1", "online_dossiers", milestones=(Milestone(4, 70.0),)),
            ["mốc quý IV (70%) cao hơn chỉ tiêu năm của phụ lục (60%)"],
        ),
        (
            Override("D1", "online_dossiers", annual=80.0),
            ["chỉ tiêu riêng không thay đổi gì so với phụ lục (nhiệm vụ II.3: chỉ tiêu năm 80%)"],
        ),
        (
            Override("D2", "e_certified_copies", annual=90.0),
            [
                "đơn vị D2 (Sở Nội vụ) không giữ chỉ tiêu nào về chỉ số e_certified_copies "
                "trong bộ chỉ tiêu năm 2024"
            ],
        ),
    ]
    for override, problems in cases:
        with pytest.raises(OverrideRefusedError) as refused:
            set_override(2024, override, actor="a")
        assert refused.value.problems == problems, override
    assert overrides(2024) == []
    # The same Q2 is accepted for the commune, whose annex Q1 (30%) it does not undercut.
    accepted = Override("X1", "online_dossiers", milestones=(Milestone(2, 45.0),))
    set_override(2024, accepted, actor="a")
    assert overrides(2024) == [accepted]


def test_an_override_is_stored_against_the_unit_row(with_units: Path) -> None:
    from django.db import IntegrityError, transaction

    from chitieu.app.orgunits.models import OrgUnit
    from chitieu.app.targets.models import TargetOverride
    from chitieu.app.targets.services import set_override

    set_override(2024, Override("D2", "online_dossiers", annual=75.0), actor="a")
    [row] = TargetOverride.objects.all()
    assert row.unit == OrgUnit.objects.get(code="D2")
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetOverride.objects.create(
            year=2024, unit=row.unit, indicator="online_dossiers", annual=70.0, updated_by="x"
        )
