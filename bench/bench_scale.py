"""Benchmark: every page and ``povmap stats`` on the national store beside the same on the demo.

    .venv/bin/python bench/bench_scale.py                       # build or reuse both stores
    .venv/bin/python bench/bench_scale.py --national-scale 0.1  # a 1.29 M households/round store
    .venv/bin/python bench/bench_scale.py --pages overview,why --no-stats --import-rows 0

Two stores, built when missing (and reused after): the default demo (``povmap demo``: 20
provinces, 233,408 households per round) and the synthetic national store (``povmap demo
--national --scale S``: 77 provinces, 12.9 M × S households per round, three rounds). Both live
outside the repository (``--work``, default /work/natl).

For each store and each page (Overview, Map at province, district and subdistrict level, Why,
Household, Outcomes, Referrals, Programme, Village, Review), on a **fresh** server
(``python -m povmap.serve`` on 127.0.0.1, headless chromium whose every request to another host
is aborted):

* **first visit**: server CPU (user + system of the server's process group, from /proc) and wall
  time from navigation until the script finished and the server has been idle for a second;
* **rerun**: the same after reloading the page (a new session on the warm server);
* **RSS**: the server's peak resident memory with three sessions open on the page (the
  reloaded one and two more opened together).

Then, for each level, ``povmap stats --level L`` (with Alkire–Foster) in a child process beside
a raw DuckDB ``GROUP BY`` over the same table (households, people, poor households and people
by the any-of-17 rule) in a child process: CPU, wall and peak RSS (``os.wait4``). Optionally the
1 M-row import of ``bench/bench_import.py``.

Prints one table per part (demo, national, ratio, target, met?) and writes them as Markdown
(``--markdown``) and JSON (``--json``). Every step has a time limit (``--page-timeout``,
``--budget``); a step over its limit is reported as such; every process this script starts is
stopped before it exits. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CHROMIUM = os.environ.get("POVMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
QUIET_S = 1.0  # the server is done when its CPU time has not moved for this long
QUIET_CPU_S = 0.02
LEVELS = ("province", "district", "subdistrict", "village")
LEVEL_COLUMN = {lv: f"{lv}_code" for lv in LEVELS}
#: (name, URL path and query) of every page measured
PAGES: tuple[tuple[str, str], ...] = (
    ("overview", "/overview"),
    ("map province", "/map?map_level=province"),
    ("map district", "/map?map_level=district"),
    ("map subdistrict", "/map?map_level=subdistrict"),
    ("why", "/why"),
    ("household", "/household"),
    ("outcomes", "/outcomes"),
    ("referrals", "/referrals"),
    ("programme", "/programme"),
    ("village", "/village"),
    ("review", "/review"),
)
TARGETS = {
    "rerun_cpu": 1.5,  # page rerun CPU national ÷ demo
    "first_cpu": 3.0,  # first-visit CPU national ÷ demo
    "rss_mb": 1536.0,  # server RSS with three sessions at national scale
    "stats_cpu": 1.5,  # povmap stats ÷ raw GROUP BY (CPU)
    "stats_mem": 2.0,  # povmap stats ÷ raw GROUP BY (peak RSS)
    "import": 4.0,  # validated import ÷ raw read_csv (1 M rows)
}
_children: list[subprocess.Popen] = []


# --- processes ---------------------------------------------------------------------------------


def group_pids(pgid: int) -> list[int]:
    """Live processes of one process group (the server and anything it started)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                if int(fields[2]) == pgid:
                    pids.append(int(entry))
    return pids


def group_cpu(pgid: int) -> float:
    """User + system CPU seconds of the group's live processes (and their reaped children)."""
    total = 0
    for pid in group_pids(pgid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            f = stat[stat.rindex(")") + 2 :].split()
            total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    return total / CLK_TCK


def group_rss_mb(pgid: int) -> float:
    total = 0
    for pid in group_pids(pgid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    return total / 1e6


class RssPeak:
    """Samples a process group's resident memory every 0.1 s in a thread; ``peak_mb``."""

    def __init__(self, pgid: int):
        self.pgid, self.peak_mb = pgid, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, group_rss_mb(self.pgid))
            self._stop.wait(0.1)

    def __enter__(self) -> RssPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def stop(proc: subprocess.Popen) -> None:
    """Stop a process this script started, and its process group."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    with contextlib.suppress(ValueError):
        _children.remove(proc)


def stop_all(*_args) -> None:
    for proc in list(_children):
        stop(proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store_env(db: Path, work: Path) -> dict[str, str]:
    """The environment that points the app at one store (outside the repository)."""
    var = work / "var"
    var.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "POVMAP_DB": str(db),
        "POVMAP_VAR_DIR": str(var),
        "POVMAP_CACHE_DIR": os.environ.get("POVMAP_CACHE_DIR", str(ROOT / "var" / "boundaries")),
        "POVMAP_ID_HASH_KEY": os.environ.get("POVMAP_ID_HASH_KEY", "bench-synthetic-key-" * 2),
        "PYTHONPATH": str(ROOT),
    }


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [
        sys.executable, "-m", "povmap.serve", "app.py",
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    _children.append(proc)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r,
        ):
            if r.status == 200:
                return proc, url
        time.sleep(0.25)
    stop(proc)
    raise RuntimeError("server not healthy in 120 s")


# --- pages -------------------------------------------------------------------------------------

DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!document.querySelector('[data-testid="stMain"] h1');
}"""


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
            else r.abort("internetdisconnected")
        ),
    )
    return context, context.new_page()


def wait_done(page, pgid: int, started: float, timeout_s: float) -> float | None:
    """Seconds from ``started`` until the script finished and the server went quiet (None:
    not within ``timeout_s``)."""
    deadline = started + timeout_s
    last_cpu, last_move = group_cpu(pgid), time.perf_counter()
    while time.perf_counter() < deadline:
        page.wait_for_timeout(200)
        cpu = group_cpu(pgid)
        now = time.perf_counter()
        if cpu - last_cpu > QUIET_CPU_S:
            last_cpu, last_move = cpu, now
        done = False
        with contextlib.suppress(Exception):
            done = bool(page.evaluate(DONE_JS))
        if done and now - last_move >= QUIET_S:
            return last_move - started
    return None


def visit(page, url: str, pgid: int, timeout_s: float, *, reload: bool = False) -> dict:
    cpu0 = group_cpu(pgid)
    started = time.perf_counter()
    try:
        if reload:
            page.reload(wait_until="commit", timeout=timeout_s * 1000)
        else:
            page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        wall = wait_done(page, pgid, started, timeout_s)
    except Exception as exc:  # a page that breaks is reported, the benchmark goes on
        return {"cpu_s": None, "wall_s": None, "error": type(exc).__name__}
    cpu = group_cpu(pgid) - cpu0
    if wall is None:
        return {"cpu_s": cpu, "wall_s": None, "error": "timeout"}
    return {"cpu_s": cpu, "wall_s": wall, "error": ""}


def measure_page(browser, db: Path, work: Path, path: str, timeout_s: float) -> dict:
    """A fresh server: first visit, reload, then two more sessions; peak RSS over all."""
    proc, base = start_server(store_env(db, work), work / "server.log")
    contexts = []
    try:
        pgid = proc.pid
        idle_mb = group_rss_mb(pgid)
        with RssPeak(pgid) as rss:
            ctx, page = new_page(browser)
            contexts.append(ctx)
            first = visit(page, base + path, pgid, timeout_s)
            rerun = (
                visit(page, base + path, pgid, timeout_s, reload=True)
                if first["wall_s"] is not None
                else {"cpu_s": None, "wall_s": None, "error": "skipped"}
            )
            more = []
            if rerun["wall_s"] is not None:
                started = time.perf_counter()
                for _ in range(2):
                    c, p = new_page(browser)
                    contexts.append(c)
                    p.goto(base + path, wait_until="commit", timeout=timeout_s * 1000)
                    more.append(p)
                for p in more:
                    left = max(1.0, timeout_s - (time.perf_counter() - started))
                    wait_done(p, pgid, time.perf_counter(), left)
        return {
            "first": first,
            "rerun": rerun,
            "rss_mb": rss.peak_mb,
            "idle_rss_mb": idle_mb,
            "sessions": len(contexts),
        }
    finally:
        for c in contexts:
            with contextlib.suppress(Exception):
                c.close()
        stop(proc)


# --- povmap stats against a raw GROUP BY ---------------------------------------------------------

RAW_SQL = """
SELECT {col} AS code, round_be, count(*) AS households, sum(members) AS people,
       count_if({poor}) AS poor_households, coalesce(sum(members) FILTER ({poor}), 0) AS poor_people
FROM households GROUP BY ALL ORDER BY ALL
"""


def child_usage(cmd: list[str], env: dict[str, str], timeout_s: float) -> dict:
    """Run a child to the end: wall, CPU (user + system) and peak RSS of it (``os.wait4``)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    _children.append(proc)
    timer = threading.Timer(timeout_s, lambda: os.killpg(proc.pid, signal.SIGKILL))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        _children.remove(proc)
    wall = time.perf_counter() - started
    error = "" if proc.returncode == 0 else f"exit {proc.returncode}"
    if proc.returncode == -signal.SIGKILL:
        error = "timeout"
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.stderr.close()
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "error": error + (f": {err.strip()[-300:]}" if error and err else ""),
    }


def measure_stats(db: Path, work: Path, level: str, timeout_s: float) -> dict:
    from data.store import PoorRule

    env = store_env(db, work)
    stats = child_usage(
        [sys.executable, "-m", "povmap.cli", "stats", "--level", level], env, timeout_s
    )
    sql = RAW_SQL.format(col=LEVEL_COLUMN[level], poor=PoorRule().sql())
    script = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "sys.stdout.write(con.execute(sys.argv[2]).df().to_csv(index=False))"
    )
    raw = child_usage([sys.executable, "-c", script, str(db), sql], env, timeout_s)
    return {"stats": stats, "raw": raw}


# --- stores ------------------------------------------------------------------------------------


def ensure_store(db: Path, work: Path, national_scale: float | None, log) -> dict:
    """Build the store when it has no households; returns its size and counts."""
    import duckdb

    count = 0
    if db.exists():
        with contextlib.suppress(duckdb.Error):
            con = duckdb.connect(str(db), read_only=True)
            count = con.execute("SELECT count(*) FROM households").fetchone()[0]
            con.close()
    built_s = None
    if not count:
        cmd = [sys.executable, "-m", "povmap.cli", "demo", "--force"]
        if national_scale is not None:
            cmd += ["--national", "--scale", str(national_scale)]
        log(f"building {db} ({' '.join(cmd[3:])}) ...")
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=store_env(db, work), start_new_session=True)
        _children.append(proc)
        try:
            proc.wait()
        finally:
            stop(proc)
        if proc.returncode:
            raise RuntimeError(f"building {db} failed ({proc.returncode})")
        built_s = time.perf_counter() - started
    # the village sums every write path keeps (a no-op when fresh): what a deployment has
    log(f"summing {db.name} per village (povmap refresh) ...")
    usage = child_usage(
        [sys.executable, "-m", "povmap.cli", "refresh"], store_env(db, work), 4 * 3600.0
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        hh, people = con.execute("SELECT count(*), sum(members) FROM households").fetchone()
        members = con.execute("SELECT count(*) FROM members").fetchone()[0]
        provinces = con.execute("SELECT count(DISTINCT province_code) FROM households").fetchone()
    finally:
        con.close()
    return {
        "path": str(db),
        "household_records": hh,
        "member_records": members,
        "people": int(people or 0),
        "provinces": provinces[0],
        "gb": db.stat().st_size / 1e9,
        "built_s": built_s,
        "refresh_cpu_s": usage.get("cpu_s"),
        "refresh_wall_s": usage.get("wall_s"),
    }


# --- report ------------------------------------------------------------------------------------


def _f(v, fmt="{:.2f}") -> str:
    return "–" if v is None else fmt.format(v)


def _ratio(a, b):
    return None if a is None or b is None or b <= 0 else a / b


def _met(ratio, target) -> str:
    if ratio is None:
        return "not measured"
    return "**met**" if ratio <= target else "not met"


def page_table(results: dict) -> list[str]:
    lines = [
        "| page | first CPU demo (s) | first CPU national (s) | × | first wall demo / national (s) "
        "| rerun CPU demo (s) | rerun CPU national (s) | × | rerun wall demo / national (s) "
        "| RSS 3 sessions demo / national (MB) | first ≤ 3× | rerun ≤ 1.5× | RSS ≤ 1.5 GB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for name, _ in PAGES:
        d = results["demo"].get("pages", {}).get(name)
        n = results["national"].get("pages", {}).get(name)
        if not d or not n:
            continue
        fr = _ratio(n["first"]["cpu_s"], d["first"]["cpu_s"])
        rr = _ratio(n["rerun"]["cpu_s"], d["rerun"]["cpu_s"])
        if n["first"]["error"]:
            fr = None
        if n["rerun"]["error"]:
            rr = None
        rss_met = (
            "not measured"
            if n["sessions"] < 3
            else ("**met**" if n["rss_mb"] <= TARGETS["rss_mb"] else "not met")
        )
        note = "".join(
            f" ({x[k]['error']})" for x in (n,) for k in ("first", "rerun") if x[k]["error"]
        )
        lines.append(
            f"| {name}{note} | {_f(d['first']['cpu_s'])} | {_f(n['first']['cpu_s'])} | {_f(fr)} "
            f"| {_f(d['first']['wall_s'], '{:.1f}')} / {_f(n['first']['wall_s'], '{:.1f}')} "
            f"| {_f(d['rerun']['cpu_s'])} | {_f(n['rerun']['cpu_s'])} | {_f(rr)} "
            f"| {_f(d['rerun']['wall_s'], '{:.1f}')} / {_f(n['rerun']['wall_s'], '{:.1f}')} "
            f"| {_f(d['rss_mb'], '{:,.0f}')} / {_f(n['rss_mb'], '{:,.0f}')} "
            f"| {_met(fr, TARGETS['first_cpu'])} | {_met(rr, TARGETS['rerun_cpu'])} | {rss_met} |"
        )
    return lines


def stats_table(results: dict) -> list[str]:
    lines = [
        "| store | level | `povmap stats` CPU / wall (s) | raw GROUP BY CPU / wall (s) | CPU × "
        "| peak RSS stats / raw (MB) | memory × | CPU ≤ 1.5× | memory ≤ 2× |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for store in ("demo", "national"):
        for level, m in results[store].get("stats", {}).items():
            s, r = m["stats"], m["raw"]
            cr = None if s["error"] or r["error"] else _ratio(s["cpu_s"], r["cpu_s"])
            mr = None if s["error"] or r["error"] else _ratio(s["peak_mb"], r["peak_mb"])
            note = f" ({s['error'][:60]})" if s["error"] else ""
            lines.append(
                f"| {store} | {level}{note} | {_f(s['cpu_s'])} / {_f(s['wall_s'])} "
                f"| {_f(r['cpu_s'])} / {_f(r['wall_s'])} | {_f(cr)} "
                f"| {s['peak_mb']:,.0f} / {r['peak_mb']:,.0f} | {_f(mr)} "
                f"| {_met(cr, TARGETS['stats_cpu'])} | {_met(mr, TARGETS['stats_mem'])} |"
            )
    return lines


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs (shared), "
        f"Linux {platform.release()}, Python {platform.python_version()}; load average at start "
        f"{load[0]:.1f}"
    )


def markdown(results: dict) -> str:
    d, n = results["demo"].get("store"), results["national"].get("store")
    out = [
        f"Run {results['when']} on {results['machine']}; command: `{results['command']}`.",
        "",
        "| store | household records | member records | people per round | provinces | on disk "
        "| build | village sums CPU (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in (("demo", d), ("national", n)):
        if not s:
            continue
        build = "reused" if s["built_s"] is None else f"{s['built_s']:,.0f} s"
        out.append(
            f"| {name} | {s['household_records']:,} | {s['member_records']:,} "
            f"| {s['people'] / 3:,.0f} | {s['provinces']} | {s['gb']:.2f} GB | {build} "
            f"| {_f(s.get('refresh_cpu_s'), '{:,.1f}')} |"
        )
    out += ["", *page_table(results), "", *stats_table(results)]
    imp = results.get("import")
    if imp:
        out += [
            "",
            f"Import of {imp['raw']['rows']:,} rows: raw `read_csv` {imp['raw']['seconds']:.2f} s, "
            f"validated import {imp['import']['seconds']:.2f} s: **{imp['ratio']:.2f}×** "
            f"(target ≤ {TARGETS['import']:g}×: {_met(imp['ratio'], TARGETS['import'])}).",
        ]
    return "\n".join(out) + "\n"


def national_name(scale: float) -> str:
    """national.duckdb at BMN scale, national-0.1.duckdb at a tenth."""
    return "national.duckdb" if scale == 1 else f"national-{scale:g}.duckdb"


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/work/natl"))
    parser.add_argument("--demo", type=Path, help="demo store (default WORK/demo.duckdb)")
    parser.add_argument(
        "--national", type=Path, help="default WORK/national.duckdb (national-S.duckdb)"
    )
    parser.add_argument("--national-scale", type=float, default=1.0, help="when building it")
    parser.add_argument("--pages", default="all", help="comma-separated page names, or all")
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-stats", action="store_true")
    parser.add_argument("--levels", default=",".join(LEVELS))
    parser.add_argument("--import-rows", type=int, default=1_000_000, help="0: skip")
    parser.add_argument("--page-timeout", type=float, default=600.0, help="seconds per visit")
    parser.add_argument("--budget", type=float, default=4 * 3600.0, help="seconds in all")
    parser.add_argument("--markdown", type=Path, help="write the tables here")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument(
        "--only", choices=["demo", "national"], help="measure one store (then --merge the JSONs)"
    )
    parser.add_argument(
        "--merge", type=Path, nargs=2, metavar="JSON", help="print the tables of two --only runs"
    )
    args = parser.parse_args(argv)
    if args.merge:
        parts = [json.loads(p.read_text()) for p in args.merge]
        merged = dict(parts[0])
        for part in parts:
            for name in ("demo", "national"):
                if part[name].get("store"):
                    merged[name] = part[name]
        merged["command"] = " + ".join(p["command"] for p in parts)
        merged["when"] = " and ".join(p["when"] for p in parts)
        text = markdown(merged)
        print(text)
        if args.markdown:
            args.markdown.write_text(text)
        return 0
    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(143)))
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    stores = {
        "demo": (args.demo or work / "demo.duckdb", None),
        "national": (
            args.national or work / national_name(args.national_scale),
            args.national_scale,
        ),
    }
    if args.only:
        stores = {args.only: stores[args.only]}
    pages = [p for p in PAGES if args.pages == "all" or p[0] in args.pages.split(",")]
    deadline = time.monotonic() + args.budget
    results: dict = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "command": "python bench/bench_scale.py " + " ".join(argv or sys.argv[1:]),
        "demo": {"pages": {}, "stats": {}},
        "national": {"pages": {}, "stats": {}},
    }

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    try:
        for name, (db, scale) in stores.items():
            results[name]["store"] = ensure_store(db, work, scale, log)
            log(f"{name}: {results[name]['store']}")
        if not args.no_pages and pages:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for page_name, path in pages:
                        for name, (db, _) in stores.items():
                            if time.monotonic() > deadline:
                                log("budget spent: stopping")
                                break
                            m = measure_page(browser, db, work, path, args.page_timeout)
                            results[name]["pages"][page_name] = m
                            log(f"{name} {page_name}: {json.dumps(m)}")
                finally:
                    browser.close()
        if not args.no_stats:
            for level in args.levels.split(","):
                for name, (db, _) in stores.items():
                    if time.monotonic() > deadline:
                        break
                    m = measure_stats(db, work, level, args.page_timeout)
                    results[name]["stats"][level] = m
                    log(f"{name} stats {level}: {json.dumps(m)}")
        if args.import_rows and time.monotonic() < deadline:
            from bench_import import run as import_run

            tmp = Path(tempfile.mkdtemp(prefix="povmap-bench-import-", dir=work))
            try:
                results["import"] = import_run(args.import_rows, 100_000, tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    finally:
        stop_all()
    text = markdown(results)
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
