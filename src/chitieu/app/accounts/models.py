"""An account's role and unit, beside Django's user (which keeps the password)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from chitieu.app.accounts.choices import CHOICES, Role


class Membership(models.Model):
    """The role of a user and the unit it belongs to: its scope is that unit's subtree (the
    whole province for the provincial office, or for a viewer without a unit)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name="tài khoản",
    )
    role = models.CharField("vai trò", max_length=32, choices=CHOICES)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="đơn vị",
    )

    class Meta:
        verbose_name = "vai trò của tài khoản"
        verbose_name_plural = "vai trò của tài khoản"

    def __str__(self) -> str:
        return f"{self.user} — {Role(self.role).label}"


class ApiToken(models.Model):
    """A bearer token of the API, bound to a user (and so to its role and unit scope). Only its
    SHA-256 digest is stored; ``prefix`` (its first characters) names it in lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="tài khoản",
    )
    name = models.CharField("tên", max_length=100, blank=True)
    prefix = models.CharField("tiền tố", max_length=12, db_index=True)
    digest = models.CharField("mã băm", max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
