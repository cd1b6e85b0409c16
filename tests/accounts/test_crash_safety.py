"""Crash safety: the server is killed (SIGKILL) 20 times at random moments during a burst of
proposals and accepts.  After each kill the SQLite database passes its integrity check, and
every proposal is either accepted with its event, its source, its review row, its audit row
and its version step all present, or pending with none of them: never half."""

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
    """Propose and accept, one after the other, until the server dies."""
    body = {
        "kind": "event",
        "payload": {"twinning": TWINNING, "type": "exchange", "date": "2024"},
        "source_url": "https://example.org/burst",
        "reason": "burst",
    }
    with httpx.Client(base_url=base, timeout=10) as client:
        while not stop.is_set():
            try:
                version = client.get(f"/history/twinnings/{TWINNING}").json()["version"]
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


def _check(engine: sa.Engine) -> tuple[int, int]:
    """Integrity and all-or-nothing; returns (accepted, pending)."""
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        rows = conn.execute(sa.select(living.proposals.c.id, living.proposals.c.status)).all()
        events = set(conn.execute(sa.select(schema.events.c.source_id)).scalars())
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
        parts = {f"contrib-{pid}" in events, f"contrib-{pid}" in sources}
        parts |= {pid in reviews, pid in audited}
        assert parts == {pid in accepted}, f"proposal {pid} is half there"
    assert version == len(accepted)
    return len(accepted), len(rows) - len(accepted)


@pytest.mark.slow
def test_kill_during_accepts_leaves_every_change_whole_or_absent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
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
