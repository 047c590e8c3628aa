"""The whole API against its own OpenAPI schema (schemathesis): whatever a client sends, that the
schema allows or not — any query, any array of records, any other body — no endpoint answers
with a server error."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import WebHome

EXAMPLES = 20
"""Examples per operation and mode: five operations, two modes, two accounts, in about 20 s."""


@pytest.mark.slow
@pytest.mark.parametrize("username", ["vanphong", "doimoi"])
def test_no_endpoint_answers_a_server_error(web: WebHome, username: str) -> None:
    """The office (every unit) and a unit's focal point (the write's scope check reads every
    posted record before the import does)."""
    import schemathesis
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application
    from django.test import override_settings
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    from schemathesis.core.result import Ok

    from chitieu.app.accounts.services import create_token

    token = create_token(username, name="schemathesis", actor="test")
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), "an operation of the schema is not valid OpenAPI"
    assert {op.path for op in operations} >= {"/api/v1/units", "/api/v1/dossiers"}
    failures: list[str] = []
    # The rate limit is not what is tried here: every generated write gets through to the import.
    with override_settings(API_WRITE_RATE_LIMIT=0):
        # Positive: what the schema allows; negative: what it does not (a year that is no
        # number, a body that is no array): either is a client's error, never the server's.
        for operation, mode in [(op, m) for op in operations for m in GenerationMode]:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case: Any) -> None:
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} {case.query or ''} "
                        f"{str(case.body)[:200]} → {response.status_code}"
                    )

            call()
    cache.clear()
    assert failures == []
