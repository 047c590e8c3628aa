"""``/suc-khoe/``: whether the server answers and what its home holds, for a monitor or a load
balancer. Open to everyone (no account needed), so it shows counts and years only — never a
unit's figure or name."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from chitieu.app.dashboard.access import home
from chitieu.app.home import has_facts


def home_state() -> dict[str, str]:
    """The home's state in a few words: its current units, the years with a target set, and
    whether there is a facts store to read (two small queries of the application database)."""
    from chitieu.app.orgunits.models import OrgUnit  # noqa: PLC0415 — models at call
    from chitieu.app.targets.models import TargetSetVersion  # noqa: PLC0415

    units = OrgUnit.objects.filter(valid_to__isnull=True).count()
    years = sorted(
        set(
            TargetSetVersion.objects.filter(superseded_at__isnull=True).values_list(
                "year", flat=True
            )
        )
    )
    return {
        "units": str(units),
        "target_sets": ",".join(str(year) for year in years) or "none",
        "facts": "yes" if has_facts(home()) else "no",
    }


@login_not_required  # type: ignore[untyped-decorator]  # Django ships no types
@never_cache  # type: ignore[untyped-decorator]
def health(request: HttpRequest) -> HttpResponse:
    """``/suc-khoe/``: «ok» and the home's state as ``key: value`` lines (plain text, 200); a
    503 «error» when the application database does not answer."""
    try:
        state = home_state()
    except DatabaseError:
        return HttpResponse("error\ndatabase: unreachable\n", content_type="text/plain", status=503)
    lines = ["ok", *(f"{key}: {value}" for key, value in state.items())]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
