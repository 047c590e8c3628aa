"""Migrations that move data: stored rows come through them as they were meant."""

from __future__ import annotations

from pathlib import Path


def test_overrides_stored_by_unit_code_are_linked_to_their_unit(home: Path) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("targets", "0001_initial"), ("orgunits", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    unit = old.get_model("orgunits", "OrgUnit").objects.create(
        code="X1", name="UBND xã Một", level="commune"
    )
    old.get_model("targets", "TargetOverride").objects.create(
        year=2024, unit_code="X1", indicator="online_dossiers", q3=55.0, updated_by="t"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from chitieu.app.targets.models import TargetOverride
    from chitieu.app.targets.services import overrides

    [row] = TargetOverride.objects.all()
    assert row.unit_id == unit.pk
    [override] = overrides(2024)
    assert (override.unit_code, override.indicator, override.milestone(3)) == (
        "X1",
        "online_dossiers",
        55.0,
    )


def test_the_models_and_their_migrations_agree(home: Path) -> None:
    """Every change of a model (a new audit action's choice included) has its migration: a home
    migrated by the shipped migrations is the models' schema."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # --check exits 1 when a migration is missing
        raise AssertionError(f"a migration is missing:\n{out.getvalue()}") from exit_
