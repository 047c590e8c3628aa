"""Stored target sets (one current per year, the replaced ones kept) and unit overrides."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class TargetSetVersion(models.Model):
    """A year's target set as one import stored it: the decision JSON of the command-line
    contract. The current one of a year has no ``superseded_at``; an import of another set
    marks the previous one superseded and keeps it."""

    year = models.PositiveSmallIntegerField("năm", db_index=True)
    province = models.CharField("tỉnh", max_length=255)
    document = models.JSONField("bộ chỉ tiêu")
    checksum = models.CharField("mã kiểm tra", max_length=64)
    source_file = models.CharField("tệp quyết định", max_length=255)
    imported_at = models.DateTimeField("thời điểm nhập", default=timezone.now)
    imported_by = models.CharField("người nhập", max_length=150)
    superseded_at = models.DateTimeField("bị thay thế lúc", null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced",
        verbose_name="thay thế bởi",
    )

    class Meta:
        ordering = ["year", "-imported_at", "-id"]
        verbose_name = "bộ chỉ tiêu"
        verbose_name_plural = "bộ chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(superseded_at__isnull=True),
                name="targetset_one_current_per_year",
                violation_error_message="Mỗi năm chỉ có một bộ chỉ tiêu đang áp dụng.",
            ),
        ]

    def __str__(self) -> str:
        state = "đang áp dụng" if self.superseded_at is None else "đã thay thế"
        return f"Chỉ tiêu {self.year} — {self.province} ({self.source_file}, {state})"


class TargetOverride(models.Model):
    """A unit-specific change to one indicator's target for a year: the annual target and/or
    quarter milestones that replace the annex's for that unit (empty: the annex's kept)."""

    year = models.PositiveSmallIntegerField("năm", db_index=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="target_overrides",
        verbose_name="đơn vị",
    )
    indicator = models.CharField("chỉ số", max_length=64)
    annual = models.FloatField("chỉ tiêu năm", null=True, blank=True)
    q1 = models.FloatField("quý I", null=True, blank=True)
    q2 = models.FloatField("quý II", null=True, blank=True)
    q3 = models.FloatField("quý III", null=True, blank=True)
    q4 = models.FloatField("quý IV", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.CharField("người cập nhật", max_length=150)

    class Meta:
        ordering = ["year", "unit__code", "indicator"]
        verbose_name = "chỉ tiêu riêng của đơn vị"
        verbose_name_plural = "chỉ tiêu riêng của đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "indicator"],
                name="targetoverride_one_per_unit_indicator",
                violation_error_message="Đơn vị đã có chỉ tiêu riêng cho chỉ số này trong năm.",
            ),
            models.CheckConstraint(
                condition=~Q(annual=None, q1=None, q2=None, q3=None, q4=None),
                name="targetoverride_changes_something",
                violation_error_message="Chỉ tiêu riêng phải thay ít nhất một giá trị.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit.code} {self.indicator}"
