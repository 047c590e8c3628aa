"""An override names its unit by a foreign key to the tree instead of a code: a unit code that
is not in the tree can no longer be stored, and the unit's overrides follow it."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def _link_units(apps: Any, schema_editor: Any) -> None:
    override_model = apps.get_model("targets", "TargetOverride")
    unit_model = apps.get_model("orgunits", "OrgUnit")
    ids = dict(unit_model.objects.values_list("code", "id"))
    for row in override_model.objects.all():
        if row.unit_code not in ids:
            # Units are never deleted and overrides were refused for codes not in the tree:
            # a code without its unit means the database was edited by hand.
            raise RuntimeError(
                f"chỉ tiêu riêng {row.year}/{row.unit_code}/{row.indicator}: "
                f"không có đơn vị mã «{row.unit_code}» trong cây đơn vị"
            )
        row.unit_id = ids[row.unit_code]
        row.save(update_fields=["unit"])


def _unlink_units(apps: Any, schema_editor: Any) -> None:
    override_model = apps.get_model("targets", "TargetOverride")
    for row in override_model.objects.select_related("unit"):
        row.unit_code = row.unit.code
        row.save(update_fields=["unit_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0001_initial"),
        ("targets", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="targetoverride",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="target_overrides",
                to="orgunits.orgunit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.RunPython(_link_units, _unlink_units),
        migrations.RemoveConstraint(
            model_name="targetoverride",
            name="targetoverride_one_per_unit_indicator",
        ),
        migrations.RemoveField(model_name="targetoverride", name="unit_code"),
        migrations.AlterField(
            model_name="targetoverride",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="target_overrides",
                to="orgunits.orgunit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterModelOptions(
            name="targetoverride",
            options={
                "ordering": ["year", "unit__code", "indicator"],
                "verbose_name": "chỉ tiêu riêng của đơn vị",
                "verbose_name_plural": "chỉ tiêu riêng của đơn vị",
            },
        ),
        migrations.AddConstraint(
            model_name="targetoverride",
            constraint=models.UniqueConstraint(
                fields=("year", "unit", "indicator"),
                name="targetoverride_one_per_unit_indicator",
                violation_error_message="Đơn vị đã có chỉ tiêu riêng cho chỉ số này trong năm.",
            ),
        ),
    ]
