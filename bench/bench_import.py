"""Benchmark: a validated-and-stored import against a raw ``duckdb.read_csv`` of the same file.

    .venv/bin/python bench/bench_import.py                 # 1,000,000 rows (a ~0.5 GB CSV)
    .venv/bin/python bench/bench_import.py --rows 100000 --chunk-size 50000

Writes a canonical household CSV of ``--rows`` rows (synthetic rows from the demo generator,
repeated with unique household IDs; half the heads carry a checksum-valid national ID), then
measures, each in a fresh process so peak memory is its own:

* **raw**: ``CREATE TABLE raw AS SELECT * FROM read_csv(file)`` in an empty DuckDB file;
* **import**: ``data.importer.import_households`` into an empty store (read, normalise,
  validate, hash IDs, stage, one transaction), strict mode, with ``--workers`` worker
  processes (default: the product's default, one per core up to 4).

Prints seconds, rows per second and peak resident memory of each (``resource.getrusage`` of the
measuring process, and the sampled total of its process tree, which includes the import's
worker processes), the ratio import ÷ raw (the issue's target: at most 4), and the processes
the import left running once it returned (there must be none).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_file(path: Path, rows: int, seed: int = 7) -> Path:
    """A canonical household CSV of ``rows`` valid rows with unique household IDs."""
    import geothai
    import numpy as np
    import pandas as pd

    from data.synthetic import TARGET_PROVINCES, generate, with_test_ids
    from povmap.bootstrap import _as_text

    subs = pd.DataFrame(
        [
            (s.code, s.district_code)
            for p in list(TARGET_PROVINCES)[:4]
            for d in geothai.districts(p)
            for s in geothai.subdistricts(d.code)
        ],
        columns=["code", "district_code"],
    )
    rng = np.random.default_rng(seed)
    box = {"lat": (15.0, 17.0), "lon": (102.0, 104.0)}

    def anywhere(_code: str, n: int, r: np.random.Generator) -> np.ndarray:
        return np.column_stack([r.uniform(*box["lon"], n), r.uniform(*box["lat"], n)])

    demo = generate(subs, anywhere, seed=seed, scale=0.01)
    base = demo.households[demo.households["round_be"] == 2564].reset_index(drop=True)
    base = _as_text(base)
    repeats = -(-rows // len(base))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        written = 0
        for i in range(repeats):
            part = base.iloc[: min(len(base), rows - written)].copy()
            part["hh_id"] = [f"B{i:04d}-{j:06d}" for j in range(len(part))]
            ids = with_test_ids(part[["hh_id"]], rng)["head_national_id"]
            part["head_national_id"] = ids.fillna("")
            part.to_csv(fh, index=False, header=(i == 0))
            written += len(part)
            if written >= rows:
                break
    return path


def measure_raw(path: Path, work: Path) -> dict:
    import duckdb

    db = work / "raw.duckdb"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{path}')")
    rows = con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    con.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def measure_import(path: Path, work: Path, chunksize: int, workers: int = 0) -> dict:
    from data import store
    from data.importer import import_households, import_workers

    db = work / "store.duckdb"
    db.unlink(missing_ok=True)
    running = TreeMemory.tree()  # what already ran (a test runner's own helpers)
    started = time.perf_counter()
    con = store.connect(db)
    result = import_households(
        con,
        path,
        report_dir=work / "reports",
        id_key=b"b" * 32,
        chunksize=chunksize,
        workers=workers,
    )
    con.close()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": result.rows,
        "workers": import_workers(workers),
        "left_processes": len(TreeMemory.tree() - running),
    }


class TreeMemory:
    """Peak total resident memory of this process and its descendants, sampled from /proc."""

    def __init__(self, every: float = 0.1):
        import threading

        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.peak_mb = max(self.peak_mb, self.sample())

    @staticmethod
    def tree() -> set[int]:
        """This process and its living descendants (zombies, already exited, left out)."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(stat.parent.name)] = int(fields[1])
        tree, grew = {os.getpid()}, True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= more
            grew = bool(more)
        return tree

    @classmethod
    def sample(cls) -> float:
        total_kb = 0
        for pid in cls.tree():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
            except OSError:
                continue
        return total_kb / 1024


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _child(what: str, path: Path, work: Path, chunksize: int, workers: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            what,
            "--file",
            str(path),
            "--work",
            str(work),
            "--chunk-size",
            str(chunksize),
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(
    rows: int, chunksize: int, work: Path, *, in_process: bool = False, workers: int = 0
) -> dict:
    """Make the file and measure both; returns (and prints) the numbers."""
    path = work / f"households-{rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        make_file(path, rows)
        print(
            f"wrote {path.name}: {rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB "
            f"in {time.perf_counter() - started:.1f} s"
        )
    if in_process:
        raw = measure_raw(path, work) | {"peak_mb": _peak_mb(), "tree_peak_mb": 0.0}
        imp = measure_import(path, work, chunksize, workers)
        imp |= {"peak_mb": _peak_mb(), "tree_peak_mb": 0.0}
    else:
        raw = _child("raw", path, work, chunksize, workers)
        imp = _child("import", path, work, chunksize, workers)
    ratio = imp["seconds"] / raw["seconds"]
    for name, m in (("raw duckdb.read_csv", raw), ("validated import", imp)):
        print(
            f"{name:<22} {m['seconds']:8.2f} s  {m['rows'] / m['seconds']:>11,.0f} rows/s  "
            f"peak {m['peak_mb']:,.0f} MB (with workers {m['tree_peak_mb']:,.0f} MB)"
        )
    print(
        f"ratio import / raw: {ratio:.2f}x (target <= 4x); chunk size {chunksize:,}, "
        f"{imp['workers']} worker process(es), {os.cpu_count()} CPU core(s)"
    )
    print(f"processes left running after the import: {imp['left_processes']}")
    return {"raw": raw, "import": imp, "ratio": ratio}


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=None, help="folder for the files")
    parser.add_argument("--in-process", action="store_true", help="measure in this process")
    parser.add_argument(
        "--workers", type=int, default=0, help="import worker processes (0: one per core, max 4)"
    )
    parser.add_argument("--measure", choices=["raw", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="povmap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.measure:
        with TreeMemory() as tree:
            if args.measure == "raw":
                m = measure_raw(args.file, work)
            else:
                m = measure_import(args.file, work, args.chunk_size, args.workers)
        print(json.dumps(m | {"peak_mb": _peak_mb(), "tree_peak_mb": tree.peak_mb}))
        return None
    return run(args.rows, args.chunk_size, work, in_process=args.in_process, workers=args.workers)


if __name__ == "__main__":
    main()
