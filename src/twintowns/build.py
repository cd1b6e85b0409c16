"""``twintowns build``: the full registry, deterministically, from the curated facts and every
bundled world dataset, and the snapshot of it that ships with the package."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from twintowns.progress import QUIET, Progress
from twintowns.registry import WORLD_DATASET, Registry
from twintowns.resolve.gazetteer import build_gazetteer
from twintowns.resolve.overrides import load_overrides
from twintowns.resolve.resolver import Resolver
from twintowns.settings import Settings
from twintowns.sources.base import ClaimSource
from twintowns.sources.catalogue import world_sources
from twintowns.sources.curated import load_curated
from twintowns.sources.importer import ImportReport, import_sources
from twintowns.store import snapshot


@dataclass
class BuildReport:
    """What a build did."""

    curated: dict[str, int]
    world: ImportReport
    snapshot: dict[str, int] | None = None


def build_registry(
    settings: Settings,
    *,
    snapshot_path: Path | None = None,
    strict: bool = False,
    sources: Sequence[ClaimSource] | None = None,
    progress: Progress = QUIET,
    without: Collection[str] = (),
) -> BuildReport:
    """Build the registry in ``settings.database_url``: curated facts, then the world datasets,
    in one transaction (a build killed half-way leaves the registry as it was).

    Parameters
    ----------
    settings:
        Where to build (``auto_load`` is ignored: the build loads everything itself).
    snapshot_path:
        Also write the world dataset's snapshot there.
    strict:
        Stop at the first malformed source row.
    sources:
        The world sources to import (all bundled datasets by default; benchmarks leave one
        out to check against it).
    without:
        Bundled datasets to leave out, by name or source id (``germany-2015``): a user who
        does not accept a dataset's licence builds without it.

    Raises
    ------
    InputError
        If ``without`` names no bundled dataset (before anything is written).
    """
    chosen = world_sources(without) if sources is None else sources
    registry = Registry.open(settings.model_copy(update={"auto_load": False}))
    bundle = load_curated()
    progress.stage("building the gazetteer")
    resolver = Resolver(build_gazetteer(), load_overrides())
    with registry.loading("build") as load:
        progress.stage("loading curated facts")
        curated = load.bundle(bundle, action="build: curated")
        world = import_sources(
            registry,
            chosen,
            dataset=WORLD_DATASET,
            resolver=resolver,
            strict=strict,
            progress=progress,
            into=load,
        )
    report = BuildReport(curated, world)
    if snapshot_path is not None:
        progress.stage("writing the snapshot")
        report.snapshot = snapshot.dump(registry.engine, WORLD_DATASET, snapshot_path)
    return report
