"""A registry holding the curated facts plus two world twinnings of Kiel: one resolved with
confidence (Kiel–Dresden, 0.97) and one doubtful (Kiel–Volgograd, 0.85), for the tests of the
``--include-doubtful`` and ``?doubtful=true`` wiring."""

from __future__ import annotations

from twintowns.model import Bundle, Citation, Claim, Source, Twinning, TwinningKind
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

SOURCE = Source("test-doubtful", "a test list of twinnings")
CONFIDENT = "dresden--kiel"
DOUBTFUL = "kiel--volgograd"


def _twinning(a: str, b: str, confidence: float) -> Twinning:
    claim = Claim(a, b, Citation(SOURCE.id, f"{a}:{b}"), confidence=confidence)
    x, y = sorted((a, b))
    return Twinning(x, y, TwinningKind.UNSPECIFIED, claim.citation, claims=(claim,))


def doubtful_registry(settings: Settings) -> Registry:
    """Fill the (empty) registry of ``settings`` and return it."""
    registry = Registry.open(settings.model_copy(update={"auto_load": False}))
    registry.load(load_curated(), action="test: curated")
    world = Bundle(
        dataset="world",
        sources=(SOURCE,),
        twinnings=(_twinning("kiel", "dresden", 0.97), _twinning("kiel", "volgograd", 0.85)),
    )
    registry.load(world, action="test: world")
    return registry
