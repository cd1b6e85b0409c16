"""Set-up time from a fresh clone, and reproducibility of the locked environment (issue 19).

For each of two fresh clones of this repository (``git clone`` of the current commit into a
temporary folder), with a cold package cache of its own (an empty ``UV_CACHE_DIR``, and no
``uv`` on PATH unless ``--uv-on-path``, so the bootstrap is measured too), it times:

* ``make install``: the locked environment, from nothing;
* ``make run``: from the command until the atlas's first answer (``GET /`` and ``GET
  /atlas/arcs.json`` both 200) on a registry that does not exist yet (so the first-use fill
  is included, as a new user sees it).

Then it compares the two clones' ``uv pip freeze`` (the project itself left out: its path
differs) and prints the figures beside issue 19's targets.  Run from the repository root::

    .venv/bin/python benchmarks/setup_time.py [--uv-on-path] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(work: Path, uv_on_path: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["UV_CACHE_DIR"] = str(work / "uv-cache")
    env["PIP_CACHE_DIR"] = str(work / "pip-cache")
    env["TWINTOWNS_DATABASE_URL"] = f"sqlite:///{work / 'registry.sqlite'}"
    env.pop("VIRTUAL_ENV", None)
    if not uv_on_path:
        uv = shutil.which("uv")
        if uv is not None:
            hidden = str(Path(uv).parent)
            # (python3 may then be another interpreter, as on a machine without that folder)
            env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != hidden)
    return env


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _time_run(clone: Path, env: dict[str, str], timeout: float) -> float:
    port = _free_port()
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "run", f"SERVE_ARGS=--port {port}"],
        cwd=clone,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        while time.perf_counter() - start < timeout:
            if _answers(base + "/") and _answers(base + "/atlas/arcs.json"):
                return time.perf_counter() - start
            if proc.poll() is not None:
                raise RuntimeError(f"make run exited with {proc.returncode}")
            time.sleep(0.2)
        raise RuntimeError(f"no answer within {timeout} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _one_clone(root: Path, name: str, uv_on_path: bool) -> tuple[float, float, str]:
    work = root / name
    clone = work / "twintowns"
    subprocess.run(
        ["git", "clone", "--quiet", str(REPO), str(clone)], check=True, capture_output=True
    )
    env = _env(work, uv_on_path)
    start = time.perf_counter()
    subprocess.run(["make", "install"], cwd=clone, env=env, check=True)
    install = time.perf_counter() - start
    freeze = _freeze(clone, env)
    (clone / ".venv" / ".installed-stamp").touch()
    run = _time_run(clone, env, timeout=300)
    return install, run, freeze


def _freeze(clone: Path, env: dict[str, str]) -> str:
    venv_python = clone / ".venv" / "bin" / "python"
    out = subprocess.run(
        [venv_python, "-m", "pip", "freeze", "--exclude-editable", "--disable-pip-version-check"],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:  # uv-made venvs have no pip: ask uv
        uv = shutil.which("uv", path=env["PATH"]) or str(clone / ".uv-bootstrap" / "bin" / "uv")
        out = subprocess.run(
            [uv, "pip", "freeze", "--exclude-editable", "--python", str(venv_python)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    return out.stdout


def main() -> None:
    """Measure two fresh clones and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uv-on-path", action="store_true", help="let make use the uv on PATH")
    parser.add_argument("--keep", action="store_true", help="keep the clones")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="twintowns-setup-"))
    try:
        results = [_one_clone(root, f"clone{i}", args.uv_on_path) for i in (1, 2)]
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print("| clone | make install (s) | make run to first answer (s) | packages |")
    print("|---|---|---|---|")
    for i, (install, run, freeze) in enumerate(results, 1):
        print(f"| {i} | {install:.1f} | {run:.1f} | {len(freeze.splitlines())} |")
    same = results[0][2] == results[1][2]
    print(f"identical freeze: {'yes' if same else 'NO'}")
    worst_install = max(r[0] for r in results)
    worst_first = max(r[0] + r[1] for r in results)
    print(f"target make install <= 20 s: {worst_install:.1f} s")
    print(f"target fresh clone to first answer <= 60 s: {worst_first:.1f} s")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
