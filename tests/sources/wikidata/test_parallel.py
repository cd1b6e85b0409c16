"""A local process pool and a Dask cluster give exactly the single-process result."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

from twintowns.sources.wikidata import ProgressUpdate

from .support import read_all


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
        silence_logs=40,
    ) as local:
        yield local.scheduler_address


def test_process_pool_equals_one_process(fixtures: Path) -> None:
    path = fixtures / "p190_minidump.multimember.json.gz"
    single = read_all(path)
    updates: list[ProgressUpdate] = []
    pooled = read_all(path, workers=2, progress=updates.append)
    assert pooled[0] == single[0]
    assert pooled[2].report.ranges >= 2
    first = [u for u in updates if u.phase == "P190"]
    assert first[-1].done == first[-1].total == path.stat().st_size
    second = [u for u in updates if u.phase != "P190"]
    assert second[-1].done == second[-1].total <= pooled[2].report.second_pass_bytes
    assert {u.phase for u in updates} == {"P190", "partners, countries"}


def test_dask_cluster_equals_one_process(fixtures: Path, cluster: str) -> None:
    for name in ("p190_minidump.multimember.json.gz", "synthetic_edge_cases.json"):
        single = read_all(fixtures / name)
        on_dask = read_all(fixtures / name, scheduler=cluster, parts=6)
        assert on_dask[0] == single[0]
        assert [str(p) for p in on_dask[1]] == [str(p) for p in single[1]]


def test_dask_cluster_reads_a_single_member_through_the_index(
    fixtures: Path, cluster: str, tmp_path: Path
) -> None:
    plain = (fixtures / "p190_minidump.json").read_bytes()
    single = tmp_path / "single.json.gz"
    single.write_bytes(gzip.compress(plain, compresslevel=1))
    expected = read_all(fixtures / "p190_minidump.json")[0]
    first = read_all(single, scheduler=cluster, decompression="indexed")  # writes the index
    assert first[0] == expected
    assert first[2].report.ranges == 1
    again = read_all(single, scheduler=cluster, decompression="indexed", parts=4)
    assert again[0] == expected
    assert again[2].report.ranges == 4  # cut through the index the first read wrote


def test_this_process_keeps_its_share_of_few_ranges() -> None:
    from twintowns.sources.wikidata.runner import _share

    assert _share(2, 1) == 1  # two ranges, one helper: one each
    assert _share(4, 1) == 2
    assert _share(16, 1) == 8  # many: the helper is kept two deep anyway
    assert _share(3, 2) == 2
    assert _share(1, 3) == 3


def test_a_read_opens_one_dask_client_for_both_passes(
    fixtures: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    class Counted(distributed.Client):  # type: ignore[misc]
        def __init__(self, address: str, **options: object) -> None:
            opened.append(address)
            super().__init__(address, **options)

    monkeypatch.setattr(distributed, "Client", Counted)
    path = fixtures / "p190_minidump.multimember.json.gz"
    claims, _, source = read_all(path, scheduler=cluster, parts=3)
    assert claims == read_all(path)[0]
    assert source.report.second_pass  # two passes ran on the cluster
    assert opened == [cluster]


def test_helpers_are_forked_from_a_server_that_imported_the_reader(fixtures: Path) -> None:
    import multiprocessing.forkserver
    import sys

    from twintowns.sources.wikidata.runner import helper_context

    expected = "forkserver" if sys.platform != "win32" else "spawn"
    assert helper_context().get_start_method() == expected
    if expected == "forkserver":
        # the standard library keeps the modules a new server imports here (no public getter)
        preload = multiprocessing.forkserver._forkserver._preload_modules  # type: ignore[attr-defined]
        assert "twintowns.sources.wikidata.scan" in preload
    path = fixtures / "p190_minidump.multimember.json.gz"
    assert read_all(path, workers=2)[0] == read_all(path)[0]


def test_helpers_find_a_dump_named_relative_to_this_folder(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = fixtures / "p190_minidump.multimember.json.gz"
    expected = read_all(source)[0]
    read_all(source, workers=2)  # the fork server runs from here on, started in this folder
    (tmp_path / "dump.json.gz").write_bytes(source.read_bytes())
    monkeypatch.chdir(tmp_path)
    claims, problems, pooled = read_all(Path("dump.json.gz"), workers=2)
    assert (claims, problems) == (expected, [])
    assert pooled.report.ranges >= 2


def test_dask_workers_fix_malloc_thresholds_so_the_reader_raises_them(cluster: str) -> None:
    """Dask's nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_`` set: the case the
    reader's :func:`~twintowns.sources.wikidata.heap.reused_buffers` is for."""
    from twintowns.sources.wikidata.heap import fixed_thresholds

    with distributed.Client(cluster, set_as_default=False) as client:
        seen = client.run(fixed_thresholds)
    assert len(seen) == 2
    assert all(value is not None and value["trim"] == 65536 for value in seen.values())


def test_a_dask_read_runs_one_task_per_range_and_per_pass_two_group(
    fixtures: Path, cluster: str
) -> None:
    """No task beside the ranges' (no warm-up, no scatter, no second graph for the same
    work): what a read costs on a cluster is its ranges, and the results come back whole."""
    path = fixtures / "p190_minidump.multimember.json.gz"
    with (
        distributed.Client(cluster, set_as_default=False) as client,
        distributed.get_task_stream(client=client) as stream,
    ):
        claims, _, source = read_all(path, scheduler=client, parts=3)
    assert claims == read_all(path)[0]
    report = source.report
    assert report.second_pass
    assert report.second_pass_tasks >= 1
    names = [record["key"] for record in stream.data]
    assert len(names) == report.ranges + report.second_pass_tasks
    assert all("scan_range" in str(name) for name in names)
