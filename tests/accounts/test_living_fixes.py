"""Reverts, before/after diffs, flags on facts and corrections of places, in the library, on
SQLite and PostgreSQL: each is a reviewed proposal whose accepted rows are new rows under the
contributors' dataset, applied by the reader and kept by reloads; the audit only grows."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from support.living import TWINNING, make_user
from twintowns import accounts
from twintowns.accounts import Principal, Role
from twintowns.errors import ConflictError, InputError, NotFoundError
from twintowns.model.vocab import PlaceLevel
from twintowns.store import Reader, schema

URL = "https://www.coventry.gov.uk/news/twinning"
KIEL_PAIR = "de-kiel--gb-coventry"


def _accepted(
    engine: sa.Engine, who: Principal, rita: Principal, kind: str, payload: dict[str, Any]
) -> dict[str, Any]:
    history = accounts.history(engine, _resource(engine, kind, payload))
    made = accounts.propose(
        engine,
        who,
        kind,
        payload,
        source_url=URL,
        reason="because",
        base_version=history["version"],
    )
    return accounts.review(engine, rita, int(made["id"]), "accept", seen=int(made["version"]))


def _resource(engine: sa.Engine, kind: str, payload: dict[str, Any]) -> str:
    if kind == "revert":
        return str(accounts.get(engine, int(payload["change_id"]))["target"])
    if "twinning" in payload:
        return f"twinning:{payload['twinning']}"
    if "a" in payload:
        return f"twinning:{'--'.join(sorted([payload['a'], payload['b']]))}"
    return f"place:{payload['place']}"


@pytest.fixture
def people(living: sa.Engine) -> tuple[Principal, Principal]:
    """A contributor and a reviewer."""
    return make_user(living, "alice", Role.CONTRIBUTOR), make_user(living, "rita", Role.REVIEWER)


def _audit(engine: sa.Engine) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return [(r.id, r.action) for r in conn.execute(sa.select(schema.audit_log))]


def test_revert_undoes_an_event_and_keeps_the_audit(living: sa.Engine, people: Any) -> None:
    alice, rita = people
    event = {"twinning": TWINNING, "type": "suspension", "date": "2022"}
    done = _accepted(living, alice, rita, "event", event)
    assert done["diff"]["before"][f"twinning:{TWINNING}"]["status"] == "unknown"
    assert done["diff"]["after"][f"twinning:{TWINNING}"]["status"] == "suspended"
    audit_before = _audit(living)
    undo = _accepted(living, alice, rita, "revert", {"change_id": done["id"]})
    assert undo["target"] == f"twinning:{TWINNING}"
    assert undo["diff"]["after"][f"twinning:{TWINNING}"]["status"] == "unknown"
    assert Reader(living).twinnings([TWINNING])[0].events == ()
    assert accounts.get(living, int(done["id"]))["reverted_by"] == undo["id"]
    audit_after = _audit(living)
    assert audit_after[: len(audit_before)] == audit_before  # append-only
    assert ("review accept" in a for _, a in audit_after[len(audit_before) :])
    with living.connect() as conn:  # the reverted rows are still there, only out of the view
        assert conn.scalar(sa.select(sa.func.count()).select_from(schema.events)) == 1
    history = accounts.history(living, f"twinning:{TWINNING}")
    assert [p["kind"] for p in history["proposals"]] == ["revert", "event"]
    with pytest.raises(ConflictError):  # reverted once only
        accounts.propose(
            living,
            alice,
            "revert",
            {"change_id": done["id"]},
            source_url=URL,
            reason="again",
            base_version=history["version"],
        )
    with pytest.raises(InputError):  # a revert is not reverted
        accounts.propose(
            living,
            alice,
            "revert",
            {"change_id": undo["id"]},
            source_url=URL,
            reason="again",
            base_version=history["version"],
        )


def test_revert_of_a_new_twinning_withdraws_it(living: sa.Engine, people: Any) -> None:
    alice, rita = people
    pair = {"a": "gb-coventry", "b": "de-kiel", "kind": "twin_town"}
    made = _accepted(living, alice, rita, "twinning", pair)
    assert made["diff"]["before"][f"twinning:{KIEL_PAIR}"] is None
    assert made["diff"]["after"][f"twinning:{KIEL_PAIR}"]["places"] == ["de-kiel", "gb-coventry"]
    assert [t.id for t in Reader(living).twinnings([KIEL_PAIR])] == [KIEL_PAIR]
    _accepted(living, alice, rita, "revert", {"change_id": made["id"]})
    assert Reader(living).twinnings([KIEL_PAIR]) == []
    with pytest.raises(NotFoundError):
        accounts.propose(
            living,
            alice,
            "event",
            {"twinning": KIEL_PAIR, "type": "signing"},
            source_url=URL,
            reason="x",
            base_version=2,
        )


def test_pending_proposal_shows_before_and_after(living: sa.Engine, people: Any) -> None:
    alice, _ = people
    made = accounts.propose(
        living,
        alice,
        "level",
        {"place": "de-kiel", "level": "town"},
        source_url=URL,
        reason="it is a town",
        base_version=0,
    )
    assert made["diff"] == {
        "before": {
            "place:de-kiel": {"place": "de-kiel", "level": "city", "names": [], "twinnings": []}
        },
        "after": {
            "place:de-kiel": {"place": "de-kiel", "level": "town", "names": [], "twinnings": []}
        },
    }
    listed = accounts.listing(living, status="pending")
    assert listed[0]["diff"] == made["diff"]


def test_flag_needs_a_locator_and_shows_as_an_open_question(living: sa.Engine, people: Any) -> None:
    alice, rita = people
    flag = {"twinning": TWINNING, "question": "was it ever signed?"}
    with pytest.raises(InputError):
        accounts.propose(living, alice, "flag", flag, source_url="", reason="x", base_version=0)
    with pytest.raises(NotFoundError):
        accounts.propose(
            living,
            alice,
            "flag",
            {**flag, "fact": "event:999"},
            source_url="",
            locator="minutes p. 4",
            reason="x",
            base_version=0,
        )
    made = accounts.propose(
        living,
        alice,
        "flag",
        flag,
        source_url="",
        locator="council minutes p. 4",
        reason="no signing found",
        base_version=0,
    )
    accounts.review(living, rita, int(made["id"]), "accept", seen=1)
    questions = accounts.open_questions(living, TWINNING)
    assert [q["question"] for q in questions] == ["was it ever signed?"]
    assert Reader(living).twinnings([TWINNING])[0].events == ()  # a question, not a change


def test_level_and_wrong_place_survive_a_reload(living: sa.Engine, people: Any) -> None:
    alice, rita = people
    _accepted(living, alice, rita, "level", {"place": "de-kiel", "level": "town"})
    moved = _accepted(
        living,
        alice,
        rita,
        "wrong_place",
        {"twinning": TWINNING, "wrong": "ru-volgograd", "right": "de-kiel"},
    )
    assert moved["diff"]["after"][f"twinning:{TWINNING}"] is None
    assert moved["diff"]["after"][f"twinning:{KIEL_PAIR}"]["places"] == ["de-kiel", "gb-coventry"]
    # a reload of the seed's dataset rewrites its rows: the corrections stay in force
    with living.begin() as conn:
        conn.execute(
            schema.places.update().where(schema.places.c.id == "de-kiel").values(level="city")
        )
    reader = Reader(living)
    assert reader.places(["de-kiel"])["de-kiel"].level is PlaceLevel.TOWN
    assert [t.id for t in reader.twinnings()] == [KIEL_PAIR]


def _stalingrad_split() -> dict[str, Any]:
    """A proposal splitting Stalingrad off Volgograd, taking the Coventry twinning."""
    return {
        "place": "ru-volgograd",
        "new_place": "ru-stalingrad",
        "name": "Stalingrad",
        "lang": "en",
        "twinnings": [TWINNING],
    }


def test_merge_and_split_move_twinnings(living: sa.Engine, people: Any) -> None:
    alice, rita = people
    split = _stalingrad_split()
    done = _accepted(living, alice, rita, "split", split)
    assert done["diff"]["after"]["place:ru-stalingrad"]["twinnings"] == [
        "gb-coventry--ru-stalingrad"
    ]
    reader = Reader(living)
    assert [t.id for t in reader.twinnings()] == ["gb-coventry--ru-stalingrad"]
    assert reader.places(["ru-stalingrad"])["ru-stalingrad"].level is PlaceLevel.CITY
    _accepted(living, alice, rita, "merge", {"place": "ru-volgograd", "other": "ru-stalingrad"})
    reader = Reader(living)
    assert "ru-stalingrad" not in reader.places()
    assert [t.id for t in reader.twinnings()] == [TWINNING]
    with pytest.raises(InputError):
        accounts.propose(
            living,
            alice,
            "merge",
            {"place": "de-kiel", "other": "de-kiel"},
            source_url=URL,
            reason="x",
            base_version=0,
        )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the quick path: SQLite
def test_the_quick_read_path_steps_aside_for_corrections(
    living: sa.Engine, people: Any, database_url: str
) -> None:
    from twintowns.store import living as tables
    from twintowns.store.lite import open_lite

    with living.begin() as conn:  # the quick path wants a filled registry
        conn.execute(
            sa.text(
                "INSERT INTO registry_loads (dataset, load_id, action, loaded_at, written) "
                "VALUES ('curated', 'x', 'test', '2026-01-01', '{}')"
            )
        )
    quick = open_lite(database_url)
    assert quick is not None
    quick.close()
    alice, rita = people
    _accepted(living, alice, rita, "level", {"place": "de-kiel", "level": "town"})
    with living.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(tables.corrections)) == 1
    assert open_lite(database_url) is None  # the full reader applies the correction


def test_split_then_merge_back_keeps_each_event_once(living: sa.Engine, people: Any) -> None:
    alice, rita = people
    signing = {"twinning": TWINNING, "type": "signing", "date": "1944"}
    _accepted(living, alice, rita, "event", signing)
    split = _stalingrad_split()
    _accepted(living, alice, rita, "split", split)
    moved = "gb-coventry--ru-stalingrad"
    _accepted(living, alice, rita, "event", {"twinning": moved, "type": "exchange", "date": "1950"})
    _accepted(living, alice, rita, "merge", {"place": "ru-volgograd", "other": "ru-stalingrad"})
    (back,) = Reader(living).twinnings([TWINNING])
    # the signing was on the twinning all along; the 1950 exchange came back with the merge
    assert sorted((e.type.value, str(e.date)) for e in back.events) == [
        ("exchange", "1950"),
        ("signing", "1944"),
    ]


def test_a_reverted_twinning_can_be_proposed_again(living: sa.Engine, people: Any) -> None:
    alice, rita = people
    pair = {"a": "gb-coventry", "b": "de-kiel", "kind": "twin_town"}
    made = _accepted(living, alice, rita, "twinning", pair)
    _accepted(living, alice, rita, "revert", {"change_id": made["id"]})
    assert Reader(living).twinnings([KIEL_PAIR]) == []
    again = _accepted(living, alice, rita, "twinning", {**pair, "claimants": ["gb-coventry"]})
    assert again["status"] == "accepted"
    assert again["diff"]["before"][f"twinning:{KIEL_PAIR}"] is None
    (back,) = Reader(living).twinnings([KIEL_PAIR])
    assert [c.claimant for c in back.claims] == ["gb-coventry"]  # the reverted claims stay out
    with pytest.raises(InputError):  # shown again: exists
        accounts.propose(
            living, alice, "twinning", pair, source_url=URL, reason="x", base_version=4
        )
    _accepted(living, alice, rita, "revert", {"change_id": again["id"]})
    assert Reader(living).twinnings([KIEL_PAIR]) == []
