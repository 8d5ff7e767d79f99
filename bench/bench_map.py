"""Map payload and speed in headless Chromium: our maps against a naive folium GeoJson, one run.

For each map: bytes received over Streamlit's websocket from navigation until the polygons are
drawn, the time until every polygon is drawn (and coloured), and the time to repaint after the
metric changes. The naive map is ``folium.GeoJson`` of the raw subdistrict file with all its
properties and a ``style_function``, through ``st_folium`` with Leaflet served locally (nothing
else differs: same page size, same ``returned_objects``); changing its metric rebuilds the map.

    .venv/bin/python bench/bench_map.py                 # prints the table
    .venv/bin/python bench/bench_map.py --runs 5 --write docs/benchmarks.md

The store is copied to a temporary folder first (the app's own store is never opened), every
page is loaded once to warm the server's caches, and each measurement is the median of
``--runs`` fresh browser contexts. Network outside localhost is blocked.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("POVMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 180_000

NAIVE_APP = '''
"""Naive map for the benchmark: the raw GeoJSON, every property, folium's style_function."""
import json
import zlib

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import maps
from povmap.vendor import ASSETS

st.set_page_config(layout="wide")
COLOURS = maps.YLORRD_5


@st.cache_data
def raw():
    with open({raw!r}, encoding="utf-8") as f:
        return json.load(f)


metric = st.selectbox("Metric", ["poor_households", "headcount_ratio"])
data = raw()


def style(feature):
    code = feature["properties"]["ADM3_PCODE"]
    value = zlib.crc32((code + metric).encode()) % 5
    return {{"fillColor": COLOURS[value], "color": "#6b6b6b", "weight": 0.5, "fillOpacity": 0.85}}


m = maps.offline_map(prefer_canvas=False, keyboard=False)
folium.GeoJson(
    data,
    style_function=style,
    tooltip=folium.GeoJsonTooltip(fields=["ADM3_TH", "ADM3_EN", "ADM2_TH", "ADM1_TH"]),
).add_to(m)
maps.fit_bounds(m, (97.3, 5.6, 105.7, 20.5))
st_folium(
    maps.localize(m, ASSETS),
    returned_objects=["last_active_drawing"],
    height=620,
    use_container_width=True,
    key="naive",
)
'''

OURS_APP = '''
"""Our map alone, in the same page shell as the naive map (no sidebar, no navigation)."""
import streamlit as st

from povmap import settings
from povmap.views import ui
from povmap.views.map_view import map_fragment

st.set_page_config(layout="wide")
view = ui.View(
    "en", 2564, None, settings.get("POVMAP_POOR_RULE"), float(settings.get("POVMAP_AF_K"))
)
map_fragment(view, full=True, height=620)
'''

#: True when the page's map has ``n`` polygons (and, for ours, a style applied); returns the
#: style version (ours) or "naive" so a repaint can be detected.
DRAWN_JS = """([n, ours, old]) => {
  for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
    const w = f.contentWindow, d = f.contentDocument;
    if (!w || !d || (!ours && old && w.__benchOld)) continue;
    if (d.querySelectorAll('path.leaflet-interactive').length < n) continue;
    if (ours) {
      const v = w.povmapAreas && w.povmapAreas.version;
      if (v && v !== old) return v;
    } else {
      return 'naive';
    }
  }
  return false;
}"""


@dataclass
class Case:
    name: str
    server: str  # "ours" or "naive"
    path: str
    polygons: int
    option: str  # the metric option to pick for the repaint


CASES = (
    Case("province (ours)", "ours", "/?map_level=province", 77, "Poor people"),
    Case("district (ours)", "ours", "/?map_level=district", 928, "Poor people"),
    Case("national subdistrict (ours)", "ours", "/?map_level=subdistrict", 7425, "Poor people"),
    Case(
        "national subdistrict (ours, whole app page)",
        "app",
        "/map?lang=en&round=2564&map_level=subdistrict",
        7425,
        "Poor people",
    ),
    Case("naive subdistrict GeoJson", "naive", "/", 7425, "headcount_ratio"),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "povmap.serve",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
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
    raise RuntimeError("server not healthy in 90 s")


def stop_server(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def measure(browser, base: str, case: Case) -> dict[str, float]:
    """One fresh context: bytes and time until drawn, then the repaint after a metric change."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(
        "**/*",
        lambda r: (
            r.continue_() if "127.0.0.1" in r.request.url else r.abort("internetdisconnected")
        ),
    )
    page = context.new_page()
    received = [0]

    def on_socket(ws) -> None:
        def count(payload) -> None:
            received[0] += len(payload.encode() if isinstance(payload, str) else payload)

        ws.on("framereceived", count)

    page.on("websocket", on_socket)
    ours = case.server != "naive"
    start = time.perf_counter()
    page.goto(base + case.path, wait_until="commit")
    version = page.wait_for_function(
        DRAWN_JS, arg=[case.polygons, ours, None], timeout=TIMEOUT_MS, polling=50
    ).json_value()
    drawn_s = time.perf_counter() - start
    drawn_bytes = received[0]
    timing_js = f"(document.querySelector('{IFRAME}').contentWindow.povmapAreas || {{}}).timing"
    first = (page.evaluate(timing_js) or {}) if ours else {}
    page.wait_for_timeout(1500)  # let the page settle (fonts, late messages)
    page.evaluate(f"document.querySelector('{IFRAME}').contentWindow.__benchOld = 1")
    label = "Show on the map" if ours else "Metric"
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    option = page.get_by_role("option", name=case.option, exact=True)
    received[0] = 0
    start = time.perf_counter()
    option.click()
    page.wait_for_function(
        DRAWN_JS,
        arg=[case.polygons, ours, version if ours else "naive"],
        timeout=TIMEOUT_MS,
        polling=20,
    )
    repaint_s = time.perf_counter() - start
    same_frame = page.evaluate(f"!!document.querySelector('{IFRAME}').contentWindow.__benchOld")
    after = (page.evaluate(timing_js) or {}) if ours else {}
    context.close()
    return {
        "bytes": drawn_bytes,
        "drawn_s": drawn_s,
        "repaint_s": repaint_s,
        "repaint_bytes": received[0],
        "kept_frame": float(same_frame),
        "decode_ms": float(first.get("decodeMs", 0)),
        "build_ms": float(first.get("buildMs", 0)),
        "draw_ms": float(first.get("drawMs", 0)),
        "restyle_ms": float(after.get("styleMs", 0)),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "chromium"
    import streamlit
    import streamlit_folium

    return (
        f"{cpu}, {os.cpu_count()} logical CPUs (shared), {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, {chromium}, "
        f"Streamlit {streamlit.__version__}, streamlit-folium "
        f"{getattr(streamlit_folium, '__version__', '0.27')}"
    )


def browser_table(results: dict[str, dict[str, float]]) -> str:
    """Where our maps spend their time in the page (measured by the map's own script)."""
    lines = [
        "| map | decode rings (ms) | build layers (ms) | draw with first style (ms) "
        "| restyle on metric change (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for case in CASES:
        if case.server == "naive":
            continue
        r = results[case.name]
        lines.append(
            f"| {case.name} | {r['decode_ms']:.0f} | {r['build_ms']:.0f} | {r['draw_ms']:.0f} "
            f"| {r['restyle_ms']:.0f} |"
        )
    return "\n".join(lines)


def table(results: dict[str, dict[str, float]], naive: str) -> str:
    base = results[naive]
    lines = [
        "| map | polygons | websocket bytes to drawn | × naive | time to drawn (s) | × naive "
        "| repaint after metric change (s) | × naive rebuild | bytes per repaint |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in CASES:
        r = results[case.name]
        lines.append(
            f"| {case.name} | {case.polygons:,} | {r['bytes'] / 1e6:,.2f} MB "
            f"| {r['bytes'] / base['bytes']:.2f} | {r['drawn_s']:.2f} "
            f"| {r['drawn_s'] / base['drawn_s']:.2f} | {r['repaint_s']:.2f} "
            f"| {r['repaint_s'] / base['repaint_s']:.2f} | {r['repaint_bytes'] / 1e6:,.2f} MB |"
        )
    return "\n".join(lines)


def verdict(results: dict[str, dict[str, float]], ours: str, naive: str) -> list[str]:
    r, b = results[ours], results[naive]
    checks = (
        ("payload", r["bytes"] / b["bytes"], 0.2),
        ("time to drawn", r["drawn_s"] / b["drawn_s"], 0.5),
        ("repaint after a metric change", r["repaint_s"] / b["repaint_s"], 0.4),
    )
    return [
        f"- {name}: {ratio:.2f}× the naive map (target ≤ {target}×): "
        + ("**met**" if ratio <= target else "**missed**")
        for name, ratio, target in checks
    ]


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from povmap import settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="store to copy (default POVMAP_DB)")
    parser.add_argument("--raw", type=Path, default=None, help="raw subdistrict GeoJSON")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, default=None, help="also write this Markdown file")
    args = parser.parse_args(argv)

    source = os.environ.get("POVMAP_BOUNDARIES", "")
    folder = Path(source) if source and Path(source).is_dir() else ROOT.parent / "shared/boundaries"
    raw = args.raw or folder / "tha_adm3_subdistricts.geojson"
    db = args.db or settings.get("POVMAP_DB")
    work = Path(tempfile.mkdtemp(prefix="bench-map-"))
    procs: list[subprocess.Popen] = []
    try:
        (work / "naive_app.py").write_text(NAIVE_APP.format(raw=str(raw)), encoding="utf-8")
        (work / "ours_app.py").write_text(OURS_APP, encoding="utf-8")
        (work / "static").symlink_to(ROOT / "static", target_is_directory=True)
        cache = str(settings.get("POVMAP_CACHE_DIR"))
        urls = {}
        for name, script in (
            ("ours", work / "ours_app.py"),
            ("app", ROOT / "app.py"),
            ("naive", work / "naive_app.py"),
        ):
            copy = work / f"{name}.duckdb"  # one copy per server: DuckDB locks its file
            if name != "naive":  # the naive map reads only the raw GeoJSON
                shutil.copyfile(db, copy)
            env = {"POVMAP_DB": str(copy), "POVMAP_CACHE_DIR": cache}
            proc, urls[name] = start_server(script, env, work / f"{name}.log")
            procs.append(proc)
        results: dict[str, dict[str, float]] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for case in CASES:
                measure(browser, urls[case.server], case)  # warm the server's caches
                runs = [measure(browser, urls[case.server], case) for _ in range(args.runs)]
                results[case.name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                print(f"measured {case.name}: {results[case.name]}", file=sys.stderr)
            browser.close()
    finally:
        for proc in procs:
            stop_server(proc)
        shutil.rmtree(work, ignore_errors=True)

    naive = CASES[-1].name
    text = table(results, naive)
    checks = verdict(results, "national subdistrict (ours)", naive)
    kept = all(results[c.name]["kept_frame"] for c in CASES if c.server != "naive")
    inside = browser_table(results)
    print(text)
    print(inside)
    print("\n".join(checks))
    print(f"our maps kept their iframe on a metric change (restyle, no rebuild): {kept}")
    if args.write:
        when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        args.write.write_text(
            "# Benchmarks\n\n"
            "## Maps: payload, time to drawn, repaint (`bench/bench_map.py`)\n\n"
            f"Run {when} on {machine()}; median of {args.runs} fresh browser contexts after one "
            "warm-up load, full synthetic demo store, network outside localhost blocked.\n\n"
            "*Websocket bytes* are what the browser received over Streamlit's websocket from "
            "navigation until every polygon was drawn and coloured. *Repaint* is the time from "
            "picking another metric until the map shows it: ours restyles the polygons already "
            "drawn (only the map fragment reruns, the iframe is kept); the naive map is rebuilt. "
            "Our three maps are measured in the same page shell as the naive map (one page, no "
            "sidebar or navigation; our map's controls, panel and download included), so the "
            "ratios compare maps; the *whole app page* row is the real map page with the app's "
            "sidebar and navigation, for reference. Times on a shared machine vary from run to "
            "run (other work competes for the CPUs); bytes do not.\n\n"
            f"{text}\n\nTargets for the national subdistrict map:\n\n"
            + "\n".join(checks)
            + "\n\nInside the browser, our map's own script times its work (median, ms); "
            "the rest of *time to drawn* is Streamlit's page, websocket and component start-up, "
            "which the naive map pays too:\n\n"
            + inside
            + "\n\nThe naive map: `folium.GeoJson` of the raw "
            "`tha_adm3_subdistricts.geojson` (7,425 features, every property) with a "
            "`style_function` and a `GeoJsonTooltip`, through `st_folium` with Leaflet served "
            "locally. Ours: the cached, simplified layer of each level (the coarse "
            "`subdistrict_national` copy for all subdistricts), coordinates rounded to 4 "
            "decimals and sent as delta-encoded strings, only codes, names and the shown values "
            "travel; the style is a separate `feature_group_to_add`.\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
