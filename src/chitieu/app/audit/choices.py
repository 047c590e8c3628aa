"""The kinds of change the audit trail records: one member per service function that writes."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    """What an audit entry records (stored as the value; ``label`` is what a page shows)."""

    UNIT_ADD = "unit.add"
    UNIT_UPDATE = "unit.update"
    TARGETS_IMPORT = "targets.import"
    OVERRIDE_SET = "targets.override.set"
    OVERRIDE_REMOVE = "targets.override.remove"
    MANUAL_VALUES_IMPORT = "data.manual.import"
    DOSSIERS_API_IMPORT = "data.dossiers.api_import"
    ACCOUNT_ADD = "accounts.add"
    ACCOUNT_UPDATE = "accounts.update"
    PASSWORD_CHANGE = "accounts.password"
    TOKEN_CREATE = "accounts.token.create"
    TOKEN_REVOKE = "accounts.token.revoke"

    @property
    def label(self) -> str:
        """The action in Vietnamese."""
        return LABELS[self]


LABELS: dict[AuditAction, str] = {
    AuditAction.UNIT_ADD: "Thêm đơn vị",
    AuditAction.UNIT_UPDATE: "Sửa đơn vị",
    AuditAction.TARGETS_IMPORT: "Nhập bộ chỉ tiêu",
    AuditAction.OVERRIDE_SET: "Đặt chỉ tiêu riêng",
    AuditAction.OVERRIDE_REMOVE: "Bỏ chỉ tiêu riêng",
    AuditAction.MANUAL_VALUES_IMPORT: "Nạp số liệu nhập tay",
    AuditAction.DOSSIERS_API_IMPORT: "Nạp hồ sơ qua API",
    AuditAction.ACCOUNT_ADD: "Tạo tài khoản",
    AuditAction.ACCOUNT_UPDATE: "Sửa tài khoản",
    AuditAction.PASSWORD_CHANGE: "Đổi mật khẩu",
    AuditAction.TOKEN_CREATE: "Tạo mã truy cập API",
    AuditAction.TOKEN_REVOKE: "Thu hồi mã truy cập API",
}

CHOICES: list[tuple[str, str]] = [(action.value, action.label) for action in AuditAction]
"""For the model field's ``choices``."""
