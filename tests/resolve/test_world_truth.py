"""Issue 12's named errors, on the bundled world registry: none of them is a twinning now."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from twintowns.model import normalise_name
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.store import schema


@pytest.fixture(scope="module")
def engine(bundled_registry_file: object) -> sa.Engine:
    return Registry.open(Settings(database_url=f"sqlite:///{bundled_registry_file}")).engine


def _places(engine: sa.Engine, name: str, iso: str) -> set[str]:
    """Ids of the places of ``iso`` that go by ``name``."""
    pn, pc = schema.place_names, schema.place_countries
    query = (
        sa.select(pn.c.place_id)
        .join(pc, pc.c.place_id == pn.c.place_id)
        .where(pn.c.norm == normalise_name(name), pc.c.iso == iso)
    )
    with engine.connect() as conn:
        return set(conn.scalars(query))


def _partners(engine: sa.Engine, place_ids: set[str]) -> set[str]:
    tw = schema.twinnings
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(tw.c.place_a, tw.c.place_b).where(
                sa.or_(tw.c.place_a.in_(place_ids), tw.c.place_b.in_(place_ids))
            )
        )
        return {b if a in place_ids else a for a, b in rows}


def test_lidice_panama_is_not_twinned_with_coventry(engine: sa.Engine) -> None:
    coventry = _places(engine, "Coventry", "GB")
    assert coventry  # the check must look at something real
    assert not _partners(engine, _places(engine, "Lidice", "PA")) & coventry


def test_bethlehem_south_africa_holds_none_of_bethlehem_palestines_partners(
    engine: sa.Engine,
) -> None:
    palestine = _partners(engine, _places(engine, "Bethlehem", "PS"))
    assert len(palestine) >= 10
    assert not _partners(engine, _places(engine, "Bethlehem", "ZA")) & palestine


def test_montabaur_is_not_twinned_with_fredericksburg_virginia(engine: sa.Engine) -> None:
    montabaur = _places(engine, "Montabaur", "DE")
    assert montabaur
    pl = schema.places
    with engine.connect() as conn:
        virginia = set(
            conn.scalars(
                sa.select(pl.c.id).where(
                    pl.c.id.in_(_places(engine, "Fredericksburg", "US")), pl.c.lon > -80
                )
            )
        )
    assert virginia  # Fredericksburg, Virginia is in the registry, with its own partners
    assert not _partners(engine, montabaur) & virginia


def test_lake_macquarie_is_not_published_as_buttaba(engine: sa.Engine) -> None:
    cl = schema.claims
    with engine.connect() as conn:
        written = set(
            conn.scalars(sa.select(cl.c.partner_id).where(cl.c.raw_name == "Lake Macquarie"))
        )
    assert not written & _places(engine, "Buttaba", "AU")
    assert not _partners(engine, _places(engine, "Buttaba", "AU"))
