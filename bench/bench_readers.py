"""Benchmark: how fast the readers refuse hopeless files and stream big ones.

    .venv/bin/python bench/bench_readers.py
    .venv/bin/python bench/bench_readers.py --rows 1000000

Measures (seconds, and a ratio to a raw pyarrow CSV read of the same bytes where one exists):

* a 10 MB file with no line break, and 10 MB of cells on one line: refused ("without a line
  break") after reading at most the first line, not the whole file;
* ``iter_chunks`` over ``--rows`` rows (title line, header on line 2, a blank line), against
  ``pyarrow.csv.read_csv``: the price of keeping original line numbers.

The unit tests (tests/data/test_readers.py) check what these files produce; how long it takes
is measured here, not asserted there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.csv as pacsv  # noqa: E402

from data.readers import ReadError, iter_chunks, read_any  # noqa: E402


def _seconds(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _refused(path: Path) -> None:
    try:
        read_any(path)
    except ReadError as exc:
        assert "without a line break" in exc.message, exc.message
    else:
        raise AssertionError(f"{path.name} was read")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--chunk-size", type=int, default=50_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="povmap-bench-readers-") as tmp:
        folder = Path(tmp)
        blob = folder / "blob.csv"
        blob.write_bytes(b"x" * 10_000_000)
        cells = folder / "cells.csv"
        cells.write_bytes(b"1," * 5_000_000)
        print(f"10 MB without a line break, refused in {_seconds(lambda: _refused(blob)):.2f} s")
        print(f"10 MB of cells on one line, refused in {_seconds(lambda: _refused(cells)):.2f} s")

        lines = ["ข้อมูลครัวเรือน ปี 2564", "hh_id,members,note"]
        lines += [f"H{i},{i % 9 + 1},x" for i in range(args.rows)]
        lines.insert(1000, "")
        big = folder / "big.csv"
        big.write_text("\n".join(lines) + "\n", encoding="utf-8")
        options = pacsv.ReadOptions(skip_rows=1)
        raw = _seconds(lambda: pacsv.read_csv(big, read_options=options))
        chunks = _seconds(lambda: list(iter_chunks(big, chunksize=args.chunk_size)))
        print(
            f"{args.rows:,} rows: iter_chunks {chunks:.2f} s, raw pyarrow read {raw:.2f} s, "
            f"ratio {chunks / raw:.1f}"
        )


if __name__ == "__main__":
    main()
