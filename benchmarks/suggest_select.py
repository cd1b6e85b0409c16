"""Partner suggestions (issue 17): a design choice made on training links only.

Does weighting the sampled non-partners (so that the sample stands for uniform draws from a
place's candidates, :func:`twintowns.suggest.learner.training_sample`) rank hidden links
better than the unweighted sample?  Asked on an *inner* split: the training graph of the
evaluation's random split with seed 0 is split again (10 % of its links hidden, seed 100),
and both designs are measured there; the evaluation's own hidden links are not used, not
even to bar candidates.  From the repository root::

    .venv/bin/python benchmarks/suggest_select.py --database URL [--max-links 200]
        [--outsiders] [--rerank [NAME=VALUE ...]] [--registry-only]

With ``--outsiders`` the GeoNames towns outside the registry are candidates, and the question
is another: should the sampled non-partners include them (as a ranking meets them) or come
from registry places only?

With ``--rerank`` (GeoNames towns as candidates unless ``--registry-only``) the two-stage
model (:mod:`twintowns.suggest.rerank`, evaluation only: not shipped) is measured as
"two-stage (re-ranked)" beside its first stage (the model, as shipped) and the baselines
on the same inner split, with the re-ranker's settings given as ``NAME=VALUE`` (e.g.
``POOL_FIRST=100 TREES=150``): how its settings were chosen, on training links only.
"""

from __future__ import annotations

import argparse

from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest.evaluate import BASELINES, MODEL, RERANKED, evaluate
from twintowns.suggest.outsiders import gazetteer_outsiders
from twintowns.suggest.splits import inner_split, known_links, random_split
from twintowns.suggest.tables import places_of


def main() -> None:
    """Measure both designs on the inner split and print Hits@10 and MRR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--max-links", type=int, default=200)
    parser.add_argument("--outsiders", action="store_true")
    parser.add_argument("--rerank", nargs="*", metavar="NAME=VALUE")
    parser.add_argument("--registry-only", action="store_true")
    args = parser.parse_args()
    snapshot = Registry.open(Settings(database_url=args.database)).snapshot()
    if args.rerank is not None:
        _rerank(snapshot, args.max_links, args.rerank, args.registry_only)
        return
    if args.outsiders:
        _outsiders(snapshot, args.max_links)
        return
    places = places_of(snapshot.places)
    outer = random_split(snapshot, places, known_links(snapshot, places), 0)
    inner = inner_split(places, outer, 100)
    print(f"inner split: {inner.train.edges} training links, {len(inner.hidden)} hidden")
    for weighted in (False, True):
        run = evaluate(places, inner, max_links=args.max_links, weighted=weighted)
        for method in (MODEL, *BASELINES) if weighted else (MODEL,):
            print(
                f"weighted={weighted} {method}: Hits@10 {run.hits[method].mean():.3f}, "
                f"MRR {run.reciprocal[method].mean():.3f} ({run.ranked} links ranked)"
            )


def _outsiders(snapshot: RegistrySnapshot, max_links: int) -> None:
    """Non-partners with or without the GeoNames towns, on the inner split."""
    places = places_of(snapshot.places, gazetteer_outsiders(snapshot.places))
    outer = random_split(snapshot, places, known_links(snapshot, places), 0)
    inner = inner_split(places, outer, 100)
    print(f"inner split: {inner.train.edges} training links, {len(inner.hidden)} hidden")
    for with_outsiders in (True, False):
        run = evaluate(places, inner, max_links=max_links, outsider_negatives=with_outsiders)
        for method in (MODEL, *BASELINES) if with_outsiders else (MODEL,):
            print(
                f"outsider negatives={with_outsiders} {method}: Hits@10 "
                f"{run.hits[method].mean():.3f}, MRR {run.reciprocal[method].mean():.3f}, "
                f"new partners' Hits@10 {run.hits[method][run.new_partner].mean():.3f} "
                f"({run.ranked} links ranked, {int(run.new_partner.sum())} new)"
            )


def _rerank(
    snapshot: RegistrySnapshot, max_links: int, settings: list[str], registry_only: bool
) -> None:
    """The two-stage model with the given re-ranker settings, on the inner split."""
    import time

    from twintowns.suggest import rerank

    for item in settings:
        name, value = item.split("=", 1)
        setattr(rerank, name, type(getattr(rerank, name))(value))
    outsiders = () if registry_only else gazetteer_outsiders(snapshot.places)
    places = places_of(snapshot.places, outsiders)
    outer = random_split(snapshot, places, known_links(snapshot, places), 0)
    inner = inner_split(places, outer, 100)
    print(f"inner split: {inner.train.edges} training links, {len(inner.hidden)} hidden")
    start, cpu = time.perf_counter(), time.process_time()
    run = evaluate(places, inner, max_links=max_links, rerank=True)
    for method in (MODEL, RERANKED, *BASELINES):
        print(
            f"{method}: Hits@10 {run.hits[method].mean():.3f}, "
            f"MRR {run.reciprocal[method].mean():.3f} ({run.ranked} links ranked)"
        )
    top = sorted(zip(run.rerank_importance.tolist(), rerank.RERANK_FEATURES, strict=True))[::-1][:8]
    print("re-ranker features: " + ", ".join(f"{n} {v:.3f}" for v, n in top))
    print(
        f"settings {settings or 'as in rerank.py'}; {time.perf_counter() - start:.0f} s wall, "
        f"{time.process_time() - cpu:.0f} s CPU"
    )


if __name__ == "__main__":
    main()
