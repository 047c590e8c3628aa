"""The API, version 1. Every list is limited to the caller's unit scope (the scope of the pages)
and paginated (``limit``, ``offset``). One write: ``POST /v1/dossiers``, the file import of
``chitieu ingest dossiers`` on a posted array, for the office and a unit's focal point, within
the token's scope, rate-limited per token."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.pagination import LimitOffsetPagination, paginate

from chitieu.app.accounts.choices import Role
from chitieu.app.accounts.scope import OutOfScopeError, Scope, scope_for
from chitieu.app.api.auth import TokenAuth
from chitieu.app.api.schemas import (
    DossierImportOut,
    ErrorOut,
    RowErrorsOut,
    StatusOut,
    TargetOut,
    UnitOut,
    ValueOut,
)
from chitieu.app.dashboard.access import home
from chitieu.domain import Quarter
from chitieu.errors import ChitieuError, InputError
from chitieu.formatting import integer

api = NinjaAPI(
    title="chitieu",
    version="1",
    description="Chỉ tiêu cải cách thủ tục hành chính gắn với chuyển đổi số: đơn vị, chỉ tiêu, "
    "giá trị chỉ số và đánh giá theo quý. Xác thực: «Authorization: Bearer <mã>» "
    "(chitieu token create TÀI_KHOẢN).",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


class RefusedError(Exception):
    """A request refused in Vietnamese with an HTTP status."""

    def __init__(self, status: int, detail: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})


@api.exception_handler(RefusedError)
def _refused(request: HttpRequest, error: RefusedError) -> Any:
    response = api.create_response(request, {"detail": error.detail}, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


@api.exception_handler(OutOfScopeError)
def _out_of_scope(request: HttpRequest, error: OutOfScopeError) -> Any:
    return api.create_response(
        request,
        {"detail": f"Mã truy cập này không được xem đơn vị «{error.code}»."},
        status=403,
    )


@api.exception_handler(ChitieuError)
def _chitieu(request: HttpRequest, error: ChitieuError) -> Any:
    return api.create_response(request, {"detail": error.message}, status=422)


def _scope(request: HttpRequest) -> tuple[Scope, Any]:
    from chitieu.app.home import require_tree  # noqa: PLC0415

    tree = require_tree(home())
    account = request.account
    return scope_for(account.role, account.unit_code, tree), tree


@api.get("/v1/units", response=list[UnitOut], tags=["đơn vị"])
@paginate(LimitOffsetPagination)
def units(request: HttpRequest) -> list[dict[str, Any]]:
    """Các đơn vị trong phạm vi của mã truy cập, theo thứ tự của cây."""
    scope, tree = _scope(request)
    return [
        {"code": u.code, "name": u.name, "level": u.level, "parent_code": u.parent_code}
        for u in scope.keep(tree, lambda u: u.code)
    ]


@api.get("/v1/targets", response={200: list[TargetOut], 404: ErrorOut}, tags=["chỉ tiêu"])
def targets(request: HttpRequest, year: int) -> Any:
    """Bộ chỉ tiêu đang có hiệu lực của năm ``year``."""
    from chitieu.app.home import target_set_of  # noqa: PLC0415

    found = target_set_of(home(), year)
    if found is None:
        raise RefusedError(404, f"Chưa có bộ chỉ tiêu năm {year}.")
    return [
        {
            "task": t.task,
            "title": t.title,
            "indicator": t.indicator,
            "levels": list(t.levels),
            "units": list(t.units),
            "annual": t.annual,
            "milestones": [{"quarter": m.quarter, "value": m.value} for m in t.milestones],
        }
        for t in found.targets
    ]


@api.get("/v1/values", response=list[ValueOut], tags=["giá trị chỉ số"])
@paginate(LimitOffsetPagination)
def values(
    request: HttpRequest,
    year: int,
    indicator: str | None = None,
    unit: str | None = None,
    period: str | None = None,
) -> list[dict[str, Any]]:
    """Các giá trị chỉ số đã tính của năm ``year`` (lọc theo chỉ số, đơn vị, kỳ)."""
    from chitieu.app.home import facts_of  # noqa: PLC0415
    from chitieu.engine.values import VALUES_TABLE, read_values  # noqa: PLC0415

    scope, _ = _scope(request)
    if unit is not None:
        scope.require(unit)
    with facts_of(home(), read_only=True) as store:
        if not store.has_table(VALUES_TABLE):
            return []
        found = read_values(store.rows, year, indicators=(indicator,) if indicator else ())
    return [
        {
            "unit_code": v.unit_code,
            "indicator": v.indicator,
            "kind": str(v.kind),
            "period": v.period,
            "scope": str(v.scope),
            "numerator": v.numerator,
            "denominator": v.denominator,
            "value": v.value,
            "source": str(v.source),
        }
        for v in scope.keep(found, lambda v: v.unit_code)
        if (unit is None or v.unit_code == unit) and (period is None or v.period == period)
    ]


@api.get("/v1/status", response=list[StatusOut], tags=["đánh giá"])
@paginate(LimitOffsetPagination)
def status(request: HttpRequest, quarter: str, unit: str | None = None) -> list[dict[str, Any]]:
    """Đánh giá từng đơn vị trong phạm vi so với mốc của quý (như «chitieu status»)."""
    from chitieu.app.dashboard.snapshot import snapshot  # noqa: PLC0415
    from chitieu.evaluation.export import status_record  # noqa: PLC0415
    from chitieu.evaluation.lagging import needed_phrase  # noqa: PLC0415

    try:
        chosen = Quarter.parse(quarter)
    except (ChitieuError, ValueError) as error:
        raise RefusedError(422, f"Không đọc được quý «{quarter}».") from error
    scope, _ = _scope(request)
    if unit is not None:
        scope.require(unit)
    snap = snapshot(home(), chosen)
    rows = scope.keep(snap.evaluation.rows, lambda r: r.unit.code)
    return [
        status_record(r, needed_phrase(r, snap.catalogue.indicator(r.indicator).needed_noun))
        for r in rows
        if unit is None or r.unit.code == unit
    ]


WRITERS = frozenset({Role.OFFICE, Role.FOCAL_POINT})
"""The roles that load data for their scope: the provincial office (every unit) and a unit's
focal point (its subtree). A leader and a viewer only read."""
MAX_RECORDS = 50_000
"""The most dossier records one post may carry (a larger batch is several posts)."""
MAX_BODY_BYTES = 64 << 20
"""The largest body a post may have: 50,000 national records of about a kilobyte each fit."""
SHOWN_RECORDS = 10
"""How many record numbers a refusal names per unit outside the scope."""
RATE_WINDOW = 60
BUSY_RETRY = 5
"""Seconds a client is asked to wait when the facts store is busy (503)."""
"""Seconds of the rate limit's window: ``API_WRITE_RATE_LIMIT`` writes per token per window."""

DOSSIERS_BODY: dict[str, Any] = {
    "required": True,
    "description": "Một mảng JSON các hồ sơ: cột chuẩn (dossier_code, unit_code, channel, "
    "received_at, status…) hoặc tên trường đồng bộ DVCQG (MaHoSo, DonViXuLy, NgayTiepNhan…), "
    f"tối đa {integer(MAX_RECORDS)} hồ sơ một lần.",
    "content": {
        "application/json": {
            "schema": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_RECORDS,
                "items": {"type": "object", "additionalProperties": True},
            },
            "example": [
                {
                    "dossier_code": "000.00.01.H01-240315-0001",
                    "unit_code": "D1",
                    "channel": "online",
                    "received_at": "2024-03-15T09:30:00",
                    "due_at": "2024-03-20T17:00:00",
                    "finished_at": "2024-03-18T16:00:00",
                    "status": "10",
                }
            ],
        }
    },
}
"""The request body as the OpenAPI schema shows it: the body is read by the endpoint itself, so
that a body that is no array is refused in Vietnamese (400) rather than by the validator."""


def _rate_limit(request: HttpRequest) -> None:
    """Refuse (429, with ``Retry-After``) a token's write beyond ``API_WRITE_RATE_LIMIT`` in
    the current window. Counted in Django's cache: per process with the default in-memory
    cache, shared by every process with a shared one."""
    limit = int(getattr(settings, "API_WRITE_RATE_LIMIT", 0))
    if limit <= 0:
        return
    now = time.time()
    window = int(now // RATE_WINDOW)
    key = f"chitieu:api-write:{request.token_key}:{window}"
    # add() is a no-op when the key exists, so that incr() counts atomically from there.
    cache.add(key, 0, timeout=RATE_WINDOW * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW * 2)
        count = 1
    if count > limit:
        retry = max(1, RATE_WINDOW - int(now % RATE_WINDOW))
        raise RefusedError(
            429,
            f"Mã truy cập này đã gửi quá {integer(limit)} lần ghi trong {RATE_WINDOW} giây; "
            f"hãy thử lại sau {retry} giây.",
            headers={"Retry-After": str(retry)},
        )


def _require_writer(request: HttpRequest) -> None:
    account = request.account
    if account.role not in WRITERS:
        raise RefusedError(
            403,
            f"Tài khoản «{account.username}» ({account.role.label}) chỉ được xem, không được "
            "nạp dữ liệu.",
        )


def _posted_records(request: HttpRequest) -> list[Any]:
    """The posted JSON array; a refusal in Vietnamese for a body too large, not JSON, or not an
    array."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    too_large = (
        f"Nội dung gửi lên quá lớn (tối đa {integer(MAX_BODY_BYTES >> 20)} MB); hãy chia thành "
        "nhiều lần gửi."
    )
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise RefusedError(413, too_large)
    raw = request.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise RefusedError(413, too_large)
    try:
        posted = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise RefusedError(400, "Nội dung gửi lên không phải văn bản UTF-8.") from error
    except json.JSONDecodeError as error:
        raise RefusedError(
            400,
            f"Nội dung gửi lên không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}).",
        ) from error
    except (ValueError, RecursionError) as error:
        # Integers of thousands of digits, values nested thousands deep: JSON no export writes.
        raise RefusedError(400, "Nội dung gửi lên không đọc được thành JSON.") from error
    if not isinstance(posted, list):
        raise RefusedError(400, "Nội dung gửi lên phải là một mảng JSON các hồ sơ: [{…}, {…}].")
    if len(posted) > MAX_RECORDS:
        raise RefusedError(
            413,
            f"Mỗi lần gửi tối đa {integer(MAX_RECORDS)} hồ sơ, lần này có "
            f"{integer(len(posted))}; hãy chia thành nhiều lần gửi.",
        )
    return posted


def _value(records: Sequence[Any], number: int | None, column: str | None) -> str | None:
    """The value a problem is about, as posted (``None`` for a nested field or none at all)."""
    if number is None or column is None or not 1 <= number <= len(records):
        return None
    item = records[number - 1]
    if not isinstance(item, Mapping) or column not in item:
        return None
    value = item[column]
    if value is None or isinstance(value, (dict, list)):
        return None
    return value if isinstance(value, str) else json.dumps(value)


def _row_errors(records: Sequence[Any], error: InputError) -> dict[str, Any]:
    errors = [
        {
            "record": p.place.line,
            "column": p.place.column_name,
            "value": _value(records, p.place.line, p.place.column_name),
            "reason": p.reason,
        }
        for p in error.problems
    ]
    return {
        "detail": f"Các hồ sơ gửi lên có {integer(len(errors))} lỗi; không lưu hồ sơ nào.",
        "errors": errors,
    }


def _outside_detail(outside: Mapping[str, Sequence[int]]) -> str:
    parts = []
    for code, numbers in outside.items():
        shown = ", ".join(str(n) for n in numbers[:SHOWN_RECORDS])
        more = (
            f" và {integer(len(numbers) - SHOWN_RECORDS)} hồ sơ khác"
            if len(numbers) > SHOWN_RECORDS
            else ""
        )
        parts.append(f"«{code}» (bản ghi {shown}{more})")
    return (
        "Mã truy cập này không được nạp hồ sơ của đơn vị ngoài phạm vi: "
        f"{'; '.join(parts)}. Không lưu hồ sơ nào."
    )


def _unprocessable(request: HttpRequest, body: dict[str, Any]) -> Any:
    # A response made here rather than a (status, body) pair, which django-ninja 1.7 deprecates
    # and older releases have no replacement for.
    return api.create_response(request, body, status=422)


COMPUTE_STEP = (
    "Giá trị chỉ số chưa được tính lại; chạy «chitieu compute» (chỉ tính phần thay đổi) để cập "
    "nhật."
)


@api.post(
    "/v1/dossiers",
    response={
        200: DossierImportOut,
        400: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: RowErrorsOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    tags=["hồ sơ"],
    openapi_extra={"requestBody": DOSSIERS_BODY},
)
def post_dossiers(request: HttpRequest) -> Any:
    """Nạp hồ sơ (như «chitieu ingest dossiers» với một tệp JSON): tất cả hoặc không gì;
    gửi lại cùng nội dung không thay đổi gì; hồ sơ đã có (cùng mã) được thay bằng bản mới.
    Chỉ Văn phòng UBND tỉnh và đầu mối của đơn vị, với các đơn vị trong phạm vi của mã."""
    from chitieu.app.data.services import (  # noqa: PLC0415
        RecordsOutOfScopeError,
        import_dossier_records,
    )

    _rate_limit(request)
    _require_writer(request)
    records = _posted_records(request)
    if not records:
        return _unprocessable(
            request, {"detail": "Mảng hồ sơ gửi lên rỗng; không có gì để nạp.", "errors": []}
        )
    scope, _ = _scope(request)
    try:
        done = import_dossier_records(
            home(), records, actor=f"api:{request.user.username}", scope=scope
        )
    except RecordsOutOfScopeError as error:
        raise RefusedError(403, _outside_detail(error.records)) from error
    except duckdb.ConnectionException as error:
        # The embedded DuckDB file is open read-only by another request of this process (a
        # page, a read of the API): DuckDB refuses a writer beside it until it closes. Nothing
        # was written; the client retries.
        raise RefusedError(
            503,
            "Kho dữ liệu đang được đọc; hãy gửi lại sau vài giây. Không lưu hồ sơ nào.",
            headers={"Retry-After": str(BUSY_RETRY)},
        ) from error
    except InputError as error:
        return _unprocessable(request, _row_errors(records, error))
    except ChitieuError as error:
        return _unprocessable(request, {"detail": error.message, "errors": []})
    imported, earlier = done.imported, done.skipped
    if imported is not None:
        counts = (imported.rows_new or 0, imported.rows_replaced or 0, imported.rows_unchanged or 0)
        number = imported.id
    else:
        assert earlier is not None  # one array: imported, or skipped as imported before
        # Nothing read: every posted row is as the earlier import of the same content left it.
        counts, number = (0, 0, done.records), earlier.id
    return {
        "import_id": number,
        "skipped": imported is None,
        "records": done.records,
        "rows_new": counts[0],
        "rows_replaced": counts[1],
        "rows_unchanged": counts[2],
        "warnings": [w.describe() for w in done.report.warnings],
        "computed": done.computed,
        "next_step": "" if done.computed else COMPUTE_STEP,
    }
