"""Large buffers reused on a heap whose thresholds the environment fixed (Dask's workers)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

from twintowns.sources.wikidata.heap import fixed_thresholds

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def test_only_an_environment_that_fixes_a_threshold_counts() -> None:
    assert fixed_thresholds({}) is None
    assert fixed_thresholds({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"}) is None
    dask = {"MALLOC_TRIM_THRESHOLD_": "65536"}  # what Dask's nanny sets
    assert fixed_thresholds(dask) == {"trim": 65536, "mmap": 128 * 1024}
    tunables = {"GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=4096"}
    assert fixed_thresholds(tunables) == {"trim": 128 * 1024, "mmap": 4096}
    assert fixed_thresholds({"MALLOC_TOP_PAD_": "0"}) == {"trim": 128 * 1024, "mmap": 128 * 1024}


_CHURN = """
import resource
from twintowns.sources.wikidata.heap import reused_buffers

def faults():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(30):
        buffer = b"x" * (8 << 20)  # written whole: every page touched
        del buffer
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

outside = faults()
with reused_buffers() as raised:
    inside = faults()
after = faults()
print(raised, outside, inside, after)
"""


def _churn(env: dict[str, str]) -> list[str]:
    """What :data:`_CHURN` prints in a fresh process with ``env``."""
    done = subprocess.run(
        [sys.executable, "-c", _CHURN], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_buffers_are_reused_while_reading_then_the_setting_is_back() -> None:
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    raised, outside, inside, after = _churn(env)
    assert raised == str(GLIBC)  # another C library: nothing is touched
    if not GLIBC:
        return
    # 30 buffers of 2,048 pages: each one faulted in again, but for the first one while reading
    assert int(outside) > 30 * 2000
    assert int(inside) < int(outside) // 5
    assert int(after) > 30 * 2000  # the worker's own setting again: memory given back


def test_a_process_left_alone_by_the_environment_is_not_touched() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "GLIBC_"))}
    raised, outside, inside, _ = _churn(env)
    assert raised == "False"
    if not GLIBC:  # another allocator: its own fault counts
        return
    assert int(outside) < 30 * 2000  # glibc adapted by itself
    assert int(inside) < 30 * 2000
