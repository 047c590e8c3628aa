"""The one way accounts are written: created or changed with their role and unit, passwords
changed, each with its audit entry (never the password itself)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from chitieu.app.accounts.choices import DEMO_PASSWORD, Role
from chitieu.app.accounts.models import ApiToken, Membership
from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.services import record
from chitieu.app.orgunits.models import OrgUnit
from chitieu.app.transactions import atomic
from chitieu.errors import ChitieuError
from chitieu.units import UnitTree


@dataclass(frozen=True, slots=True)
class Account:
    """An account as the pages and the command line see it."""

    username: str
    role: Role
    unit_code: str | None
    full_name: str = ""


def _snapshot(account: Account) -> dict[str, str | None]:
    return {
        "username": account.username,
        "role": account.role.value,
        "unit": account.unit_code,
        "full_name": account.full_name,
    }


def _unit(role: Role, code: str | None) -> OrgUnit | None:
    if code is None:
        if role.needs_unit:
            raise ChitieuError(f"Vai trò «{role.label}» cần một đơn vị (--unit).")
        return None
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ChitieuError(f"Không có đơn vị mã «{code}» trong cây đơn vị.")
    return unit


def _password_problems(password: str, user: User | None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [str(message) for message in error.messages]
    return []


@atomic
def save_account(account: Account, *, password: str | None, actor: str) -> bool:
    """Create the account, or change its role, unit and name (and its password when given);
    returns whether it was created. Refused in Vietnamese: an unknown unit, a role that needs
    a unit without one, a password too weak."""
    unit = _unit(account.role, account.unit_code)
    user = User.objects.filter(username=account.username).first()
    created = user is None
    if created and password is None:
        raise ChitieuError(f"Tài khoản mới «{account.username}» cần một mật khẩu.")
    if password is not None and (problems := _password_problems(password, user)):
        raise ChitieuError("Mật khẩu chưa đạt: " + " ".join(problems))
    before = None
    if user is None:
        user = User(username=account.username)
    else:
        before = _snapshot(account_of(user))
    user.first_name = account.full_name
    if password is not None:
        user.set_password(password)
    user.save()
    Membership.objects.update_or_create(
        user=user, defaults={"role": account.role.value, "unit": unit}
    )
    record(
        actor=actor,
        action=AuditAction.ACCOUNT_ADD if created else AuditAction.ACCOUNT_UPDATE,
        object_type="account",
        object_key=account.username,
        before=before,
        after=_snapshot(account),
        note="đặt mật khẩu" if password is not None else "",
    )
    return created


@atomic
def change_password(user: User, old: str, new: str) -> None:
    """Change a user's own password after checking the old one; audited (without either)."""
    if not user.check_password(old):
        raise ChitieuError("Mật khẩu hiện tại không đúng.")
    if problems := _password_problems(new, user):
        raise ChitieuError("Mật khẩu mới chưa đạt: " + " ".join(problems))
    user.set_password(new)
    user.save(update_fields=["password"])
    record(
        actor=user.username,
        action=AuditAction.PASSWORD_CHANGE,
        object_type="account",
        object_key=user.username,
    )


def account_of(user: User) -> Account:
    """A user's account; a user without a membership (a superuser made by hand) is a viewer of
    the whole province."""
    membership = Membership.objects.select_related("unit").filter(user=user).first()
    if membership is None:
        return Account(user.username, Role.VIEWER, None, user.first_name)
    return Account(
        user.username,
        Role(membership.role),
        membership.unit.code if membership.unit else None,
        user.first_name,
    )


def demo_accounts(tree: UnitTree, *, actor: str) -> list[Account]:
    """The demo home's accounts (created once, their password reset on every run):
    ``vanphong`` the provincial office, ``donvi`` the focal point of the first commune,
    ``lanhdao`` the province's leader (reads everything, changes nothing)."""
    communes = sorted((u for u in tree if u.level == "commune"), key=lambda u: u.code)
    wanted = [
        Account("vanphong", Role.OFFICE, None, "Chuyên viên Văn phòng UBND tỉnh"),
        Account("lanhdao", Role.LEADER, tree.root.code, "Lãnh đạo UBND tỉnh"),
    ]
    if communes:
        wanted.insert(
            1, Account("donvi", Role.FOCAL_POINT, communes[0].code, f"Đầu mối {communes[0].name}")
        )
    for account in wanted:
        save_account(account, password=DEMO_PASSWORD, actor=actor)
    return wanted


TOKEN_PREFIX_LENGTH = 8


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@atomic
def create_token(username: str, *, name: str = "", actor: str) -> str:
    """A new API token for ``username``, returned once (only its digest is kept); audited."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ChitieuError(f"Không có tài khoản «{username}».")
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name, prefix=token[:TOKEN_PREFIX_LENGTH], digest=_digest(token)
    )
    record(
        actor=actor,
        action=AuditAction.TOKEN_CREATE,
        object_type="api_token",
        object_key=token[:TOKEN_PREFIX_LENGTH],
        after={"username": username, "name": name},
    )
    return token


@atomic
def revoke_token(prefix: str, *, actor: str) -> int:
    """Revoke the tokens whose prefix is ``prefix``; returns how many; audited."""
    found = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
    if not found:
        raise ChitieuError(f"Không có mã truy cập nào bắt đầu bằng «{prefix}» còn hiệu lực.")
    now = timezone.now()
    for token in found:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action=AuditAction.TOKEN_REVOKE,
            object_type="api_token",
            object_key=prefix,
            before={"username": token.user.username, "name": token.name},
        )
    return len(found)


def user_of_token(token: str) -> User | None:
    """The active user a bearer token belongs to (``None``: unknown, revoked or inactive)."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    # Noted at most once a minute: a busy client must not write on every request.
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as a list shows it (never the token itself)."""

    prefix: str
    username: str
    name: str
    created_at: str
    last_used_at: str
    revoked: bool


def tokens() -> list[TokenInfo]:
    """Every token, newest first."""
    return [
        TokenInfo(
            t.prefix,
            t.user.username,
            t.name,
            f"{t.created_at:%d/%m/%Y %H:%M}",
            f"{t.last_used_at:%d/%m/%Y %H:%M}" if t.last_used_at else "",
            t.revoked_at is not None,
        )
        for t in ApiToken.objects.select_related("user").order_by("-created_at")
    ]
