"""Schemathesis with credentials, shared by the living registry's fuzz tests: an admin holding
every role and its token, and one property test per operation that counts its cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from support.living import PASSWORD
from twintowns import accounts
from twintowns.accounts import Role


def admin_headers(engine: sa.Engine) -> dict[str, str]:
    """Add an admin with every role (a verified steward of Coventry) and return the headers of
    its token, with an ``If-Match``, so generated requests pass authentication."""
    accounts.add_user(engine, "root", PASSWORD, actor="t")
    for role in Role:
        place = "coventry" if role is Role.STEWARD else None
        accounts.grant_role(engine, "root", role, actor="t", place=place, verified=True)
    token = accounts.issue_token(engine, "root", "propose,review,admin", actor="t")
    return {"authorization": f"Bearer {token}", "if-match": '"0"'}


def call_every(operations: Sequence[Any], headers: dict[str, str], examples: int) -> int:
    """Run ``examples`` generated cases of each schemathesis operation with ``headers``: no
    answer may be a server error, every answer must match its schema.  Returns the cases run."""
    cases = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            nonlocal cases
            cases += 1
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        run()
    return cases
