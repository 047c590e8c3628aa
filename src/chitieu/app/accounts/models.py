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
