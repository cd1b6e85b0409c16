"""Benchmark: the size and the load cost of a gzip dump's seek-point index, in both formats.

Usage (from the repository root)::

    .venv/bin/python benchmarks/wikidata_index.py [DUMP.json.gz ...]

Every range read through a seek-point index (:mod:`twintowns.sources.wikidata.indexed`) opens
the dump and imports the whole index, so the index's size is what each worker holds and reads
per range.  For each gzip given (by default the single-member dumps that
``benchmarks/wikidata_dump.py`` wrote into its work folder), this reads the file once with
rapidgzip (one thread, the reader's chunk size), exports its seek points in the indexed_gzip
format (raw 32 kB windows) and in gztool's (windows deflated, what the reader writes), and
prints for each: its size against the gzip's, the best of five imports into a fresh reader
(wall), the resident memory a fresh process gains by importing it, and whether 1 MiB reads at
four offsets through it give the same bytes as through the other format.  Then what that
means for a 140 GB dump (1.5 TB of JSON) read with the chunk size the reader gives it
(:func:`~twintowns.sources.wikidata.indexed.gzip_chunk`), scaled by seek points.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import rapidgzip

from twintowns.sources.wikidata.indexed import gzip_chunk

REAL_DUMP = 140e9  # bytes of a full Wikidata gzip dump
REAL_JSON = 1.5e12  # the JSON it holds
_RSS = """
import sys, rapidgzip
def rss():
    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])
before = rss()
handle = rapidgzip.RapidgzipFile(sys.argv[1], parallelization=1, chunk_size=int(sys.argv[3]))
handle.import_index(sys.argv[2])
print(rss() - before)
handle.close()
"""


def export_both(dump: Path, folder: Path) -> dict[str, Path]:
    """Read ``dump`` once and write its index in both formats."""
    out = {name: folder / f"{dump.name}.{name}" for name in ("indexed_gzip", "gztool")}
    with rapidgzip.RapidgzipFile(
        str(dump), parallelization=1, chunk_size=gzip_chunk(dump.stat().st_size)
    ) as handle:
        while handle.read(1 << 22):
            pass
        handle.export_index(
            str(out["indexed_gzip"]), index_format=rapidgzip.IndexFormat.INDEXED_GZIP
        )
        handle.export_index(str(out["gztool"]), index_format=rapidgzip.IndexFormat.GZTOOL)
    return out


def import_seconds(dump: Path, index: Path, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        with rapidgzip.RapidgzipFile(
            str(dump), parallelization=1, chunk_size=gzip_chunk(dump.stat().st_size)
        ) as h:
            start = time.perf_counter()
            h.import_index(str(index))
            best = min(best, time.perf_counter() - start)
    return best


def import_rss_kb(dump: Path, index: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _RSS, str(dump), str(index), str(gzip_chunk(dump.stat().st_size))],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(done.stdout.split()[-1])


def samples(dump: Path, index: Path) -> list[int]:
    """CRC-32s of 1 MiB read at four offsets through ``index``, and its seek points."""
    with rapidgzip.RapidgzipFile(
        str(dump), parallelization=1, chunk_size=gzip_chunk(dump.stat().st_size)
    ) as h:
        h.import_index(str(index))
        size = h.size()
        crcs = [len(h.block_offsets())]
        for at in (0, size // 3, size // 2 + 12_345, max(0, size - (1 << 20))):
            h.seek(at)
            crcs.append(zlib.crc32(h.read(1 << 20)))
    return crcs


def measure(dump: Path, folder: Path) -> None:
    size = dump.stat().st_size
    print(f"{dump.name}: {size / 1e6:.0f} MB")
    indexes = export_both(dump, folder)
    read = {name: samples(dump, path) for name, path in indexes.items()}
    real_points = REAL_JSON / gzip_chunk(int(REAL_DUMP))
    for name, path in indexes.items():
        share, points = path.stat().st_size / size, read[name][0]
        per_point = path.stat().st_size / points
        grown = import_rss_kb(dump, path) / 1024
        seconds = import_seconds(dump, path)
        print(f"  {name:13} {path.stat().st_size / 1e6:8.3f} MB ({share:6.2%} of the gzip), "
              f"{points} seek points, {per_point / 1e3:.1f} kB and "
              f"{seconds / points * 1e6:.0f} us of import each; import {seconds * 1000:.1f} ms, "
              f"RSS +{grown:.1f} MB")  # fmt: skip
        print(f"  {'':13} a 140 GB dump ({real_points:,.0f} seek points at its chunk size): "
              f"{per_point * real_points / 1e9:.2f} GB, "
              f"{seconds / points * real_points:.1f} s per import")  # fmt: skip
    print(f"  same bytes through both: {read['indexed_gzip'] == read['gztool']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(tempfile.gettempdir()) / "twintowns-wikidata-bench"
    parser.add_argument("dumps", nargs="*", type=Path)
    args = parser.parse_args()
    dumps = args.dumps or sorted(default.glob("bench-*.single.json.gz"))
    if not dumps:
        print(f"no dump given and none in {default}: run benchmarks/wikidata_dump.py first")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        for dump in dumps:
            measure(dump, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
