"""Printing a page from the browser (povmap.views.chrome.PRINT_CSS and PRINT_SCRIPT), in headless
Chromium with every non-local request blocked: ``page.pdf()`` prints as Ctrl+P does (the
``beforeprint`` and ``afterprint`` events included), pdftoppm draws the A4 pages, and the pixels
say what was printed.

On a wide screen (1920 pixels) the map's frame and the charts are much wider than the paper. The
map must print whole (its polygons drawn, its box the same shape as on screen, inside the page's
margins), each chart must fit the paper with its legend, and after printing the page is as it was:
nothing moved, nothing sent to the server (no rerun), the URL unchanged. The printed pages are
saved in var/screenshots/print-*.png to be looked at.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from geo.maps import BACKGROUND_COLOUR
from povmap.views.chrome import PAGE_MARGINS_MM, PRINT_WIDTH_MM
from tests.browser.conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 90_000
DPI = 96  # one CSS pixel per pixel of the drawn page
MM = DPI / 25.4
#: The Overview's bar colours (pages/overview.py): most and fewest poor households.
TOP_BARS, BOTTOM_BARS = "#d7301f", "#2c7fb8"

#: What the print script left each chart at (its width, its legend's right edge) and the paper's
#: width, read by a listener that runs after the script's.
RECORD = """() => {
  window.__printed = null;
  window.addEventListener("beforeprint", () => {
    const probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;height:0;width:PAPER_MMmm";
    document.body.appendChild(probe);
    const paper = probe.getBoundingClientRect().width;
    probe.remove();
    window.__printed = {
      paper,
      charts: [...document.querySelectorAll(".js-plotly-plot")].map((plot) => {
        const svg = plot.querySelector(".main-svg").getBoundingClientRect();
        const legend = plot.querySelector(".legend");
        const right = legend ? legend.getBoundingClientRect().right - svg.left : 0;
        return [svg.width, right];
      }),
    };
  });
}""".replace("PAPER_MM", str(PRINT_WIDTH_MM))

#: The page as the screen shows it: each chart's width, each frame's width and inline style, the
#: map's zoom and the address.
SCREEN = """() => [
  [...document.querySelectorAll(".js-plotly-plot")].map(
    (p) => Math.round(p.querySelector(".main-svg").getBoundingClientRect().width)),
  [...document.querySelectorAll("iframe")].map((f) => [
    Math.round(f.getBoundingClientRect().width), f.getAttribute("style") || "",
    f.contentWindow.map ? f.contentWindow.map.getZoom() : null]),
  location.search,
]"""


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store):
    env = {
        k: os.environ[k]
        for k in ("POVMAP_DB", "POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")
    }
    return streamlit_server(APP, env=env), blocked_page


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=int)


def _near(img: np.ndarray, hex_colour: str, tolerance: int = 4) -> np.ndarray:
    return (np.abs(img - _rgb(hex_colour)) <= tolerance).all(axis=2)


def _map_box(img: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) of the map's background (the colour under the polygons): the map's box."""
    mask = _near(img, BACKGROUND_COLOUR, 2)
    if mask.sum() < 1000:
        return None
    # rows and columns the map crosses hold many such pixels; a stray one in a letter's edge
    # (anti-aliased text) does not count
    rows = np.nonzero(mask.sum(axis=1) >= 0.1 * mask.sum(axis=1).max())[0]
    part = mask[rows.min() : rows.max() + 1]
    cols = np.nonzero(part.sum(axis=0) >= 0.1 * part.sum(axis=0).max())[0]
    return int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1


def _drawn_share(img: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """The share of the box in strong colour: the choropleth's polygons (the background, the
    outlines, the legend's white, the grey of no data and suppression and the text are not)."""
    x0, y0, x1, y1 = box
    part = img[y0:y1, x0:x1]
    return float(((part.max(axis=2) - part.min(axis=2)) > 40).mean())


def _printed_pages(page, name: str, tmp_path: Path) -> list[np.ndarray]:
    """The page printed to A4 (as Ctrl+P: beforeprint and afterprint fire), each sheet drawn at
    96 dpi; the sheets are saved side by side in var/screenshots/<name>.png."""
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(tmp_path / name)],
        check=True,
        capture_output=True,
    )
    sheets = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob(f"{name}-*.png"))]
    assert sheets, "the PDF has no page"
    strip = Image.new("RGB", (sum(s.width for s in sheets), max(s.height for s in sheets)), "white")
    x = 0
    for sheet in sheets:
        strip.paste(sheet, (x, 0))
        x += sheet.width
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    strip.save(SCREENSHOT_DIR / f"{name}.png")
    return [np.asarray(s, dtype=int) for s in sheets]


def _open(blocked, url: str):
    page = blocked.page
    page.set_viewport_size({"width": 1920, "height": 1000})
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _f: sent.append(1)))
    page.goto(url, wait_until="domcontentloaded")
    return page, sent


def test_the_map_prints_whole_and_the_page_is_left_as_it_was(app, tmp_path):
    base_url, blocked = app
    page, sent = _open(blocked, f"{base_url}/map?lang=th&round=2564&area=46")
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(".leaflet-container[data-povmap-style]").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(2500)
    screen = np.asarray(
        Image.open(io.BytesIO(page.locator(MAP_IFRAME).screenshot())).convert("RGB"), dtype=int
    )
    screen_box = _map_box(screen)
    assert screen_box is not None
    before = page.evaluate(SCREEN)
    assert before[1][0][0] > 900, "the map is wider on screen than the paper"
    busy = len(sent)

    sheets = _printed_pages(page, "print-map-th", tmp_path)
    boxes = [(_map_box(s), s) for s in sheets]
    boxes = [(b, s) for b, s in boxes if b is not None]
    assert boxes, "no map on the printed pages"
    box, sheet = max(boxes, key=lambda bs: (bs[0][2] - bs[0][0]) * (bs[0][3] - bs[0][1]))
    width, height = box[2] - box[0], box[3] - box[1]
    screen_w, screen_h = screen_box[2] - screen_box[0], screen_box[3] - screen_box[1]
    # the whole map, not its left part: the printed box has the screen's shape ...
    assert abs(width / height - screen_w / screen_h) < 0.04 * screen_w / screen_h, (box, screen_box)
    # ... inside the page's margins, as wide as the paper allows (the panel goes under the map)
    paper = PRINT_WIDTH_MM * MM
    assert box[2] <= sheet.shape[1] - PAGE_MARGINS_MM[1] * MM + 2, box
    assert width > 0.9 * paper, (width, paper)
    # and its polygons are drawn (a grey box has none), as much of the box as on screen
    drawn, shown = _drawn_share(sheet, box), _drawn_share(screen, screen_box)
    assert shown > 0.15 and 0.8 < drawn / shown < 1.25, (drawn, shown)

    page.wait_for_timeout(1500)
    assert page.evaluate(SCREEN) == before, "the map is as it was after printing"
    assert len(sent) == busy, "printing sent nothing to the server (no rerun)"
    assert blocked.external_attempts() == []
    assert not blocked.page_errors, blocked.page_errors


def test_charts_fit_the_paper_with_their_legends_and_come_back(app, tmp_path):
    base_url, blocked = app
    page, sent = _open(blocked, f"{base_url}/why?lang=th&round=2564&area=46")
    page.locator(".js-plotly-plot .main-svg").nth(3).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)
    page.evaluate(RECORD)
    before = page.evaluate(SCREEN)
    assert max(before[0]) > 1000, "the widest chart is wider on screen than the paper"
    busy = len(sent)

    _printed_pages(page, "print-why-th", tmp_path)
    printed = page.evaluate("window.__printed")
    assert printed and len(printed["charts"]) == len(before[0]) >= 4
    for width, legend_right in printed["charts"]:
        assert width <= printed["paper"] + 1, printed
        assert legend_right <= width + 1, f"a legend runs off its chart: {printed}"

    page.wait_for_timeout(1500)
    assert page.evaluate(SCREEN) == before, "the charts are back at the screen's size"
    assert len(sent) == busy, "printing sent nothing to the server (no rerun)"
    assert blocked.external_attempts() == []
    assert not blocked.page_errors, blocked.page_errors


def test_the_overview_prints_its_map_and_charts(app, tmp_path):
    base_url, blocked = app
    page, _ = _open(blocked, f"{base_url}/overview?lang=th&round=2564&area=46")
    page.frame_locator(MAP_IFRAME).locator(".leaflet-container[data-povmap-style]").wait_for(
        timeout=TIMEOUT_MS
    )
    page.locator(".js-plotly-plot .main-svg").nth(2).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(2500)
    sheets = _printed_pages(page, "print-overview-th", tmp_path)
    right_margin = PAGE_MARGINS_MM[1] * MM
    for colour in (TOP_BARS, BOTTOM_BARS):
        found = [_near(s, colour) for s in sheets]
        assert sum(int(f.sum()) for f in found) > 1500, f"no bars of {colour} printed"
        for f, sheet in zip(found, sheets, strict=True):
            xs = np.nonzero(f.any(axis=0))[0]
            if len(xs):
                assert xs.max() <= sheet.shape[1] - right_margin + 2, "bars run off the paper"
    boxes = [b for b in map(_map_box, sheets) if b is not None]
    assert boxes, "no map on the printed pages"
    box = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    sheet = next(s for s in sheets if _map_box(s) == box)
    assert _drawn_share(sheet, box) > 0.15, "the map's polygons are drawn"
    assert blocked.external_attempts() == []
