"""Audit entries: written by the service functions, in the same transaction as the change."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from chitieu.app.audit.choices import CHOICES


class AuditEntry(models.Model):
    """One change: who, when, what (action and object), the state before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=64, db_index=True, choices=CHOICES)
    object_type = models.CharField(max_length=64)
    object_key = models.CharField(max_length=200, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-id"]
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action} {self.object_key}"
