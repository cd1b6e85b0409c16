"""A one-shot process (the console script) keeps what it read out of garbage collection and
runs OpenBLAS on one thread; a process that runs the app many times (this one) does neither."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from twintowns.cli import oneshot


def test_nothing_happens_unless_one_shot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    frozen = gc.get_freeze_count()
    oneshot.keep_until_exit()
    oneshot.one_blas_thread()
    assert gc.get_freeze_count() == frozen
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_a_one_shot_process_freezes_and_asks_for_one_thread() -> None:
    code = (
        "import gc, os\n"
        "from twintowns.cli import oneshot\n"
        "os.environ.pop('OPENBLAS_NUM_THREADS', None)\n"
        "oneshot.mark_one_shot()\n"
        "kept = [[i] for i in range(1000)]\n"
        "oneshot.keep_until_exit()\n"
        "oneshot.one_blas_thread()\n"
        "print(gc.get_freeze_count() >= 1000, os.environ['OPENBLAS_NUM_THREADS'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["True", "1"]


def test_a_thread_count_given_is_kept() -> None:
    code = (
        "import os\n"
        "from twintowns.cli import oneshot\n"
        "os.environ['OPENBLAS_NUM_THREADS'] = '2'\n"
        "oneshot.mark_one_shot()\n"
        "oneshot.one_blas_thread()\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "2"
