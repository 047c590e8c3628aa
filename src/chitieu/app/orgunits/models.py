"""The unit tree, one model with a parent link (cycles are refused by the service)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q

from chitieu.domain import OrgUnit as DomainUnit


class OrgUnit(models.Model):
    """A unit of the province: the committee, a department, a district committee or division, a
    commune, an official."""

    code = models.CharField("mã", max_length=64, unique=True)
    name = models.CharField("tên", max_length=255)
    level = models.CharField("cấp", max_length=32, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["code"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="orgunit_not_own_parent",
                violation_error_message="Một đơn vị không thể là đơn vị cấp trên của chính nó.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def to_domain(self, parent_code: str | None) -> DomainUnit:
        """The engine's view of this unit."""
        return DomainUnit(
            code=self.code,
            name=self.name,
            level=self.level,
            parent_code=parent_code,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            latitude=self.latitude,
            longitude=self.longitude,
        )
