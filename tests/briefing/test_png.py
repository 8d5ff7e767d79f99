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
