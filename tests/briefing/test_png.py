"""PNG maps and charts: the sizes asked for, and Thai text drawn in the Thai font (a render in a
font without Thai differs in the title area, and matplotlib reports no missing glyph)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from analysis.measures import MEASURES
from briefing.fonts import thai_fonts
from briefing.png import bar_png, map_png
from geo import static_map
from geo.area_values import area_values
from geo.classify import class_scheme
from geo.map_areas import MapView
from geo.metrics import METRICS

TITLE = "สัดส่วนคนจนรายจังหวัด"
#: a font without Thai glyphs (matplotlib's own DejaVu Sans): the "font removed" render
LATIN_ONLY = static_map.Fonts(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf")


def _render(numbers, fonts, size="projector"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = static_map.render_map(
            numbers.provinces,
            numbers.round(numbers.latest),
            METRICS["headcount_ratio"],
            fonts,
            title=TITLE,
            subtitle="ทั้งประเทศ",
            attribution="ขอบเขตการปกครอง",
            synthetic_label="ข้อมูลสังเคราะห์",
            size=size,
        )
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    return Image.open(io.BytesIO(png)).convert("RGB"), missing


@pytest.mark.parametrize(("size", "pixels"), [("projector", (1920, 1080)), ("print", (3508, 2480))])
def test_map_sizes_and_thai_glyphs(numbers, size, pixels):
    thai, missing = _render(numbers, thai_fonts().files, size)
    assert thai.size == pixels
    assert missing == []
    latin, missing_latin = _render(numbers, LATIN_ONLY, size)
    assert missing_latin  # DejaVu has no Thai: the same text would be drawn as boxes
    w, h = thai.size
    title_box = (0, 0, w // 2, h // 9)
    a = np.asarray(thai.crop(title_box), dtype=int)
    b = np.asarray(latin.crop(title_box), dtype=int)
    assert (a < 100).any()  # dark title glyphs
    assert np.abs(a - b).sum(axis=2).astype(bool).mean() > 0.01


def test_map_colours_follow_the_app_classes(numbers):
    """Every class colour of the app's scheme for these numbers appears in the picture."""
    stats = numbers.round(numbers.latest)
    codes = list(numbers.provinces["code"].astype(str))
    shown = area_values(codes, stats, METRICS["headcount_ratio"])["shown"].dropna()
    scheme = class_scheme(shown, METRICS["headcount_ratio"])
    png = map_png(
        numbers.provinces,
        stats,
        MEASURES["headcount_ratio"],
        title=TITLE,
        area="ทั้งประเทศ",
        round_be=numbers.latest,
        synthetic=True,
    )
    colours = {
        tuple(c) for c in np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    }
    for hex_colour in scheme.colours:
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, hex_colour


def test_bar_chart_png(numbers):
    top = numbers.round(numbers.latest).nlargest(10, "headcount_ratio")
    names = [numbers.names[c] for c in top["code"]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = bar_png(
            names,
            list(top["headcount_ratio"]),
            MEASURES["headcount_ratio"],
            title=TITLE,
            area="ทั้งประเทศ",
            round_be=numbers.latest,
            synthetic=True,
            size="print",
        )
    assert not [w for w in caught if "missing from font" in str(w.message)]
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (3508, 2480)


def _kalasin_pixel(fig, provinces) -> tuple[int, int]:
    """Where a point inside Kalasin (46) is drawn in ``fig``'s PNG (x, y from the top left)."""
    point = provinces[provinces["code"] == "46"].geometry.iloc[0].representative_point()
    fig.canvas.draw()
    x, y = fig.axes[0].transData.transform((point.x, point.y))
    return int(x), int(fig.bbox.height - y)


def test_a_saved_zoom_shows_the_part_of_the_map_the_page_showed(numbers):
    """A view zoomed into Kalasin (zoom 11, centred inside it) draws the area the page's map
    showed there: the axes span what a 620-pixel-high Leaflet map shows, about the centre, and
    Kalasin's colour fills the picture; without a view the whole country is drawn."""
    stats = numbers.round(numbers.latest)
    provinces = numbers.provinces
    point = provinces[provinces["code"] == "46"].geometry.iloc[0].representative_point()
    view = MapView(11, round(point.y, 4), round(point.x, 4))
    args = (provinces, stats, METRICS["headcount_ratio"], thai_fonts().files)
    whole = static_map.map_figure(*args, title=TITLE)
    x, y = _kalasin_pixel(whole, provinces)
    whole_img = np.asarray(Image.open(io.BytesIO(static_map.png_bytes(whole))).convert("RGB"))
    kalasin = tuple(whole_img[y, x])
    west, south, east, north = provinces.total_bounds
    (x0, x1), (y0, y1) = whole.axes[0].get_xlim(), whole.axes[0].get_ylim()
    assert x0 <= west and x1 >= east and y0 <= south and y1 >= north  # the whole country

    zoomed = static_map.map_figure(*args, title=TITLE, view=view)
    zoomed.canvas.draw()
    ax = zoomed.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    _, want_south, _, want_north = static_map.view_extent(view, width_px=1)
    assert abs((x0 + x1) / 2 - view.lon) < 1e-6 and abs((y0 + y1) / 2 - view.lat) < 0.01
    assert abs((y1 - y0) / (want_north - want_south) - 1) < 0.03  # as high as the page's map
    img = np.asarray(Image.open(io.BytesIO(static_map.png_bytes(zoomed))).convert("RGB"))
    box = ax.get_window_extent()
    top, bottom = int(zoomed.bbox.height - box.y1) + 3, int(zoomed.bbox.height - box.y0) - 3
    inside = img[top:bottom, int(box.x0) + 3 : int(box.x1) - 3].reshape(-1, 3)
    share = (np.abs(inside.astype(int) - np.array(kalasin, dtype=int)).sum(axis=1) < 6).mean()
    assert share > 0.8, f"Kalasin's colour {kalasin} fills {share:.0%} of the zoomed map"


def test_map_png_passes_the_view_on(numbers):
    stats = numbers.round(numbers.latest)
    common = dict(title=TITLE, area="ทั้งประเทศ", round_be=numbers.latest, synthetic=True)
    whole = map_png(numbers.provinces, stats, MEASURES["headcount_ratio"], **common)
    zoomed = map_png(
        numbers.provinces,
        stats,
        MEASURES["headcount_ratio"],
        view=MapView(9, 16.5, 103.5),
        **common,
    )
    assert whole != zoomed
