"""The audit service: one entry or a batch, only inside the change's transaction."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_record_many_writes_one_entry_per_change_with_the_batchs_actor(home: Path) -> None:
    from django.db import transaction

    from chitieu.app.audit.choices import AuditAction
    from chitieu.app.audit.models import AuditEntry
    from chitieu.app.audit.services import Change, record_many

    with transaction.atomic():
        count = record_many(
            [
                Change(AuditAction.UNIT_ADD, "orgunit", "A", after={"name": "Một"}),
                Change(AuditAction.UNIT_UPDATE, "orgunit", "B", before={"n": 1}, after={"n": 2}),
            ],
            actor="cli:an",
            note="units.csv",
        )
    assert count == 2
    rows = [
        (e.actor, e.action, e.object_key, e.before, e.after, e.note)
        for e in AuditEntry.objects.order_by("id")
    ]
    assert rows == [
        ("cli:an", "unit.add", "A", None, {"name": "Một"}, "units.csv"),
        ("cli:an", "unit.update", "B", {"n": 1}, {"n": 2}, "units.csv"),
    ]
    assert AuditEntry.objects.get(object_key="A").get_action_display() == "Thêm đơn vị"


def test_an_entry_outside_a_transaction_is_refused(home: Path) -> None:
    from chitieu.app.audit.choices import AuditAction
    from chitieu.app.audit.models import AuditEntry
    from chitieu.app.audit.services import Change, record, record_many

    with pytest.raises(RuntimeError):
        record(actor="a", action=AuditAction.UNIT_ADD, object_type="orgunit", object_key="A")
    with pytest.raises(RuntimeError):
        record_many([Change(AuditAction.UNIT_ADD, "orgunit", "A")], actor="a")
    assert not AuditEntry.objects.exists()


def test_an_entry_is_undone_with_the_change_it_records(home: Path) -> None:
    from chitieu.app.audit.choices import AuditAction
    from chitieu.app.audit.models import AuditEntry
    from chitieu.app.audit.services import record
    from chitieu.app.transactions import atomic

    @atomic
    def change_that_fails() -> None:
        record(actor="a", action=AuditAction.UNIT_ADD, object_type="orgunit", object_key="A")
        raise LookupError

    with pytest.raises(LookupError):
        change_that_fails()
    assert not AuditEntry.objects.exists()
