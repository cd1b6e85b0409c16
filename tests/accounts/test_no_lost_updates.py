"""No lost updates: 50 editors change the same twinning at once through the API (a real
server), on SQLite and on PostgreSQL.  Each editor reads the twinning's version, proposes an
event based on it and has it accepted, retrying on 409 a few times; every write is either
applied or answered 409, and the final state is exactly the accepted sequence."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import sqlalchemy as sa

from support.living import PASSWORD, TWINNING, seed
from support.server import serve_app
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.settings import Settings
from twintowns.store import living, make_engine, migrate, schema

EDITORS = 50
ATTEMPTS = 3


def _tokens(engine: sa.Engine) -> tuple[list[str], str]:
    editors = []
    for n in range(EDITORS):
        name = f"editor{n}"
        accounts.add_user(engine, name, PASSWORD, actor="t")
        accounts.grant_role(engine, name, Role.CONTRIBUTOR, actor="t")
        editors.append(accounts.issue_token(engine, name, "propose", actor="t"))
    accounts.add_user(engine, "rita", PASSWORD, actor="t")
    accounts.grant_role(engine, "rita", Role.REVIEWER, actor="t")
    return editors, accounts.issue_token(engine, "rita", "review", actor="t")


def _edit(base: str, token: str, reviewer: str, n: int) -> list[tuple[str, int]]:
    """One editor's attempts: (step, status) of each write, stopping once applied."""
    answers: list[tuple[str, int]] = []
    body = {
        "kind": "event",
        "payload": {
            "twinning": TWINNING,
            "type": "exchange",
            "date": "2024",
            "description": f"e{n}",
        },
        "source_url": f"https://example.org/{n}",
        "reason": f"editor {n}",
    }
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(ATTEMPTS):
            version = client.get(f"/history/twinnings/{TWINNING}").json()["version"]
            made = client.post(
                "/proposals",
                json=body,
                headers={"authorization": f"Bearer {token}", "if-match": f'"{version}"'},
            )
            answers.append(("propose", made.status_code))
            if made.status_code != 201:
                continue
            decided = client.post(
                "/reviews",
                json={"proposal_id": made.json()["id"], "decision": "accept"},
                headers={"authorization": f"Bearer {reviewer}", "if-match": '"1"'},
            )
            answers.append(("accept", decided.status_code))
            if decided.status_code == 200:
                break
    return answers


@pytest.mark.slow
def test_fifty_concurrent_editors_lose_nothing(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    seed(engine)
    editors, reviewer = _tokens(engine)
    settings = Settings(
        database_url=database_url, auto_load=False, write_burst=10_000, write_rate_per_minute=1e6
    )
    app = create_app(settings, warm=False)
    server = serve_app(app)
    base = next(server)
    try:
        with ThreadPoolExecutor(EDITORS) as pool:
            results = list(pool.map(lambda n: _edit(base, editors[n], reviewer, n), range(EDITORS)))
    finally:
        next(server, None)
    statuses = Counter(status for answers in results for _, status in answers)
    assert set(statuses) <= {200, 201, 409}, statuses  # applied or refused, nothing else
    applied = [n for n, answers in enumerate(results) if ("accept", 200) in answers]
    with engine.connect() as conn:
        events = list(
            conn.execute(
                sa.select(schema.events.c.description).where(
                    schema.events.c.dataset == living.CONTRIBUTIONS
                )
            ).scalars()
        )
        version = conn.scalar(sa.select(living.resource_versions.c.version))
        accepted = conn.scalar(
            sa.select(sa.func.count())
            .select_from(living.proposals)
            .where(living.proposals.c.status == "accepted")
        )
        audited = conn.scalar(
            sa.select(sa.func.count())
            .select_from(schema.audit_log)
            .where(schema.audit_log.c.action == "review accept")
        )
    engine.dispose()
    assert applied  # someone got through
    assert sorted(events) == sorted(f"e{n}" for n in applied)  # the accepted sequence, exactly
    assert version == len(applied) == accepted == audited
    assert statuses[200] == len(applied)
