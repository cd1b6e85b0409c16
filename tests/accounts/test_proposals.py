"""Proposals, reviews, versions and history in the library, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from support.living import PASSWORD, TWINNING, make_user
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.errors import (
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from twintowns.model import EventType
from twintowns.model.status import status_as_of
from twintowns.store import Reader, schema

SUSPENSION = {"twinning": TWINNING, "type": "suspension", "date": "2022-03"}
URL = "https://www.coventry.gov.uk/news/suspension"


def _propose(engine: sa.Engine, who: accounts.Principal, version: int = 0) -> dict[str, object]:
    return accounts.propose(
        engine,
        who,
        "event",
        SUSPENSION,
        source_url=URL,
        reason="council vote",
        base_version=version,
    )


def test_accepted_suspension_becomes_a_cited_event_feeding_the_status(living: sa.Engine) -> None:
    alice = make_user(living, "alice", Role.CONTRIBUTOR)
    rita = make_user(living, "rita", Role.REVIEWER)
    proposal = _propose(living, alice)
    assert proposal["status"] == "pending"
    assert proposal["author"] == "alice"
    done = accounts.review(living, rita, int(proposal["id"]), "accept", seen=1, comment="ok")
    assert done["status"] == "accepted"
    assert done["version"] == 2
    twinning = Reader(living).twinnings([TWINNING])[0]
    [event] = [e for e in twinning.events if e.type is EventType.SUSPENSION]
    assert str(event.date) == "2022-03"
    assert "alice" in (event.citation.locator or "")
    import datetime as dt

    assert status_as_of(twinning.events, dt.date(2023, 1, 1)).status.value == "suspended"
    with living.connect() as conn:
        url = conn.scalar(
            sa.select(schema.sources.c.url).where(schema.sources.c.id == event.citation.source_id)
        )
        actions = list(conn.scalars(sa.select(schema.audit_log.c.action)))
    assert url == URL
    assert {"propose", "review accept"} <= set(actions)
    log = accounts.history(living, f"twinning:{TWINNING}")
    assert log["version"] == 1
    assert log["proposals"][0]["reviews"][0]["reviewer"] == "rita"


def test_stale_writes_get_conflicts(living: sa.Engine) -> None:
    alice = make_user(living, "alice", Role.CONTRIBUTOR)
    rita = make_user(living, "rita", Role.REVIEWER)
    first, second = _propose(living, alice), _propose(living, alice)
    accounts.review(living, rita, int(first["id"]), "accept", seen=1)
    with pytest.raises(ConflictError) as stale:  # based on version 0, the twinning is at 1
        accounts.review(living, rita, int(second["id"]), "accept", seen=1)
    assert stale.value.version == 1
    with pytest.raises(ConflictError):  # decided already
        accounts.review(living, rita, int(first["id"]), "reject", seen=1)
    with pytest.raises(ConflictError):  # a new proposal on a stale version
        _propose(living, alice, version=0)
    assert _propose(living, alice, version=1)["base_version"] == 1


def test_roles_and_inputs_are_enforced(living: sa.Engine) -> None:
    alice = make_user(living, "alice", Role.CONTRIBUTOR)
    nobody = make_user(living, "nobody")
    with pytest.raises(AuthenticationError):
        _propose(living, None)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        _propose(living, nobody)
    proposal = _propose(living, alice)
    with pytest.raises(PermissionDeniedError):  # contributors do not review
        accounts.review(living, alice, int(proposal["id"]), "accept", seen=1)
    admin = make_user(living, "root", Role.ADMIN)
    with pytest.raises(PermissionDeniedError):  # nobody reviews their own proposal
        accounts.review(living, admin, int(_propose(living, admin)["id"]), "accept", seen=1)
    for url in ("javascript:alert(1)", "data:text/html,x", "ftp://x.org/a", "java\tscript:x"):
        with pytest.raises(InputError):
            accounts.propose(
                living, alice, "event", SUSPENSION, source_url=url, reason="r", base_version=0
            )
    with pytest.raises(InputError):
        accounts.propose(
            living, alice, "event", SUSPENSION, source_url=URL, reason=" ", base_version=0
        )
    with pytest.raises(InputError):
        accounts.propose(
            living,
            alice,
            "event",
            {**SUSPENSION, "date": "2022-13"},
            source_url=URL,
            reason="r",
            base_version=0,
        )
    with pytest.raises(NotFoundError):
        accounts.propose(
            living,
            alice,
            "event",
            {**SUSPENSION, "twinning": "x--y"},
            source_url=URL,
            reason="r",
            base_version=0,
        )


def test_new_twinning_and_a_verified_stewards_own_claim(living: sa.Engine) -> None:
    steward = make_user(living, "kiel", Role.STEWARD, place="de-kiel")
    rita = make_user(living, "rita", Role.REVIEWER)
    payload = {"a": "gb-coventry", "b": "de-kiel", "kind": "twin_town", "claimants": ["de-kiel"]}
    proposal = accounts.propose(
        living, steward, "twinning", payload, source_url=URL, reason="our charter", base_version=0
    )
    assert proposal["target"] == "twinning:de-kiel--gb-coventry"
    accounts.review(living, rita, int(proposal["id"]), "accept", seen=1)
    twinning = Reader(living).twinnings(["de-kiel--gb-coventry"])[0]
    assert [c.claimant for c in twinning.claims] == ["de-kiel"]
    event = {"twinning": "de-kiel--gb-coventry", "type": "signing", "date": "1947"}
    signed = accounts.propose(
        living, steward, "event", event, source_url=URL, reason="r", base_version=1
    )
    accounts.review(living, rita, int(signed["id"]), "accept", seen=1)
    [signing] = Reader(living).twinnings(["de-kiel--gb-coventry"])[0].events
    assert signing.actor == "de-kiel"  # the steward's own act


def test_accounts_and_credentials(living: sa.Engine) -> None:
    make_user(living, "alice", Role.CONTRIBUTOR)
    with pytest.raises(AuthenticationError):
        accounts.login(living, "alice", "wrong password!")
    with pytest.raises(AuthenticationError):
        accounts.login(living, "nobody", PASSWORD)
    with pytest.raises(InputError):
        accounts.add_user(living, "alice", PASSWORD, actor="t")  # taken
    with pytest.raises(InputError):
        accounts.add_user(living, "bob", "short", actor="t")
    secret = accounts.issue_token(living, "alice", "propose", actor="t")
    who = accounts.principal(living, secret, "api")
    assert who.can(accounts.Action.PROPOSE)
    assert not who.can(accounts.Action.REVIEW)
    with living.connect() as conn:
        stored = list(conn.execute(sa.text("SELECT digest FROM tokens")).scalars())
        hashes = list(conn.execute(sa.text("SELECT password_hash FROM users")).scalars())
    assert secret not in stored
    assert all(h.startswith("$argon2id$") for h in hashes)
    with pytest.raises(AuthenticationError):
        accounts.principal(living, secret, "session")  # a token is no session cookie
    session = accounts.login(living, "alice", PASSWORD)
    with pytest.raises(AuthenticationError):
        accounts.principal(living, session.secret, "session", csrf="forged")
    assert accounts.principal(living, session.secret, "session", csrf=session.csrf).name == "alice"
    accounts.logout(living, session.secret)
    with pytest.raises(AuthenticationError):
        accounts.principal(living, session.secret, "session")
