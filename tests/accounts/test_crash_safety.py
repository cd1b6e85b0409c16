"""Crash safety: the server is killed (SIGKILL) 20 times at random moments during a burst of
proposals and accepts (every fourth accept a revert of the change before), on SQLite and on
PostgreSQL.  After each kill the database passes its integrity check (SQLite's
``integrity_check``; on PostgreSQL amcheck's ``bt_index_check`` of every B-tree index), and
every proposal is either accepted with its event (a revert: its corrections row), its source,
its review row, its audit row and its version step all present, or pending with none of them:
never half."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from support.living import PASSWORD, TWINNING, seed
from support.server import free_port
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.store import living, make_engine, migrate, schema

KILLS = 20


def _start(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TWINTOWNS_AUTO_LOAD": "false"}
    script = Path(sys.executable).parent / "twintowns"  # the console script beside python
    command = [str(script), "--database", url, "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/history/places/x", timeout=2)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("the server did not start", pytrace=False)


def _burst(base: str, editor: str, reviewer: str, stop: threading.Event) -> None:
    """Propose and accept, one after the other, until the server dies; every fourth proposal
    reverts the newest accepted change not reverted yet."""
    event = {
        "kind": "event",
        "payload": {"twinning": TWINNING, "type": "exchange", "date": "2024"},
        "source_url": "https://example.org/burst",
        "reason": "burst",
    }
    with httpx.Client(base_url=base, timeout=10) as client:
        while not stop.is_set():
            try:
                history = client.get(f"/history/twinnings/{TWINNING}").json()
                version = history["version"]
                body = dict(event)
                undoable = [
                    p["id"]
                    for p in history["proposals"]
                    if p["status"] == "accepted" and p["kind"] == "event" and not p["reverted_by"]
                ]
                if undoable and version % 4 == 3:
                    body = {**event, "kind": "revert", "payload": {}, "change_id": undoable[0]}
                made = client.post(
                    "/proposals",
                    json=body,
                    headers={"authorization": f"Bearer {editor}", "if-match": f'"{version}"'},
                )
                client.post(
                    "/reviews",
                    json={"proposal_id": made.json()["id"], "decision": "accept"},
                    headers={"authorization": f"Bearer {reviewer}", "if-match": '"1"'},
                )
            except (httpx.TransportError, KeyError, ValueError):
                return


def _integrity(conn: sa.Connection) -> None:
    """The database's own integrity check."""
    if conn.dialect.name == "sqlite":
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        return
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
    indexes = conn.exec_driver_sql(
        "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE a.amname = 'btree' AND n.nspname = 'public'"
    ).scalars()
    checked = [conn.exec_driver_sql(f"SELECT bt_index_check({int(o)}, true)") for o in indexes]
    assert len(checked) > 10


def _check(engine: sa.Engine) -> tuple[int, int]:
    """Integrity and all-or-nothing; returns (accepted, pending)."""
    with engine.begin() as conn:
        _integrity(conn)
        rows = conn.execute(sa.select(living.proposals.c.id, living.proposals.c.status)).all()
        events = set(conn.execute(sa.select(schema.events.c.source_id)).scalars())
        fixes = set(conn.execute(sa.select(living.corrections.c.proposal_id)).scalars())
        sources = set(conn.execute(sa.select(schema.sources.c.id)).scalars())
        reviews = set(conn.execute(sa.select(living.proposal_reviews.c.proposal_id)).scalars())
        audited = {
            entry["proposal"]
            for entry in conn.execute(
                sa.select(schema.audit_log.c.detail).where(
                    schema.audit_log.c.action == "review accept"
                )
            ).scalars()
        }
        version = conn.scalar(sa.select(living.resource_versions.c.version)) or 0
    accepted = {pid for pid, status in rows if status == "accepted"}
    for pid, _ in rows:
        parts = {f"contrib-{pid}" in events or pid in fixes, f"contrib-{pid}" in sources}
        parts |= {pid in reviews, pid in audited}
        assert parts == {pid in accepted}, f"proposal {pid} is half there"
    assert version == len(accepted)
    return len(accepted), len(rows) - len(accepted)


@pytest.mark.slow
def test_kill_during_accepts_leaves_every_change_whole_or_absent(database_url: str) -> None:
    url = database_url
    engine = make_engine(url)
    migrate(engine)
    seed(engine)
    tokens = []
    for name, role, scope in (
        ("ed", Role.CONTRIBUTOR, "propose"),
        ("rita", Role.REVIEWER, "review"),
    ):
        accounts.add_user(engine, name, PASSWORD, actor="t")
        accounts.grant_role(engine, name, role, actor="t")
        tokens.append(accounts.issue_token(engine, name, scope, actor="t"))
    engine.dispose()
    chance = random.Random(20)
    accepted = 0
    for _ in range(KILLS):
        port = free_port()
        server = _start(url, port)
        stop = threading.Event()
        worker = threading.Thread(
            target=_burst, args=(f"http://127.0.0.1:{port}", *tokens, stop), daemon=True
        )
        worker.start()
        time.sleep(chance.uniform(0.2, 1.5))
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        worker.join(timeout=30)
        engine = make_engine(url)
        accepted, _pending = _check(engine)
        engine.dispose()
    assert accepted > KILLS  # the bursts did write between the kills
    engine = make_engine(url)
    with engine.connect() as conn:
        reverts = conn.scalar(
            sa.select(sa.func.count()).where(
                living.proposals.c.kind == "revert", living.proposals.c.status == "accepted"
            )
        )
    engine.dispose()
    assert (reverts or 0) > 0  # reverts were accepted between the kills too
