"""Slide decks (PPTX) of numbers already read through the door: charts as native PowerPoint
charts a presenter can restyle, maps as PNG pictures (:mod:`briefing.png`).

Every slide carries its title, the area, the survey round, the definition of its measure (from
:mod:`analysis.measures`, the one owner of measure names), the data source and vintage, the
synthetic label where it applies and the export date in the Buddhist era; the speaker notes hold
the full definitions.

Thai text: python-pptx's ``font.name`` sets only the Latin typeface (``a:latin``), and
PowerPoint and LibreOffice draw Thai in the complex-script typeface (``a:cs``). :func:`set_font`
sets the Latin, East Asian and complex-script typefaces and the Thai language on every run, on
the charts' text properties and in the notes.

Example:
    >>> from analysis.measures import MEASURES
    >>> s = Slide("ครัวเรือนยากจน", MEASURES["poor_households"], "กาฬสินธุ์", 2566,
    ...           source="จปฐ.", vintage="2566", chart=Chart(["ก", "ข"], {"2566": [3, 4]}))
    >>> deck = build_deck([s], exported=dt.date(2025, 3, 5))
    >>> deck[:2]
    b'PK'
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.text.text import Font, TextFrame
from pptx.util import Emu, Inches, Pt

from analysis.measures import Measure
from briefing.fonts import thai_fonts
from briefing.labels import be_date, label

#: 16:9 widescreen, as PowerPoint's default.
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
#: The language tag of every run (PowerPoint picks the complex-script font and proofing by it).
LANG_TAG = {"th": "th-TH", "en": "en-US"}
#: Excel number formats of the chart values by measure unit (values stay as stored: fractions).
NUMBER_FORMATS: dict[str, str] = {
    "households": "#,##0",
    "people": "#,##0",
    "percent": "0.0%",
    "share": "0.0%",
    "points": "+0.0%;-0.0%;0.0%",
    "index": "0.000",
    "score": "0.00",
}
CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
SYNTHETIC_RGB = RGBColor(0xB2, 0x18, 0x2B)
MUTED_RGB = RGBColor(0x55, 0x55, 0x55)


@dataclass(frozen=True)
class Chart:
    """A native chart: category labels and one list of values per series (as stored: shares
    as fractions, shown in % by the number format of the measure's unit)."""

    categories: Sequence[str]
    series: Mapping[str, Sequence[float | None]]
    kind: str = "bar"

    def __post_init__(self) -> None:
        if self.kind not in CHART_TYPES:
            raise ValueError(f"unknown chart kind {self.kind!r}: use {', '.join(CHART_TYPES)}")
        for name, values in self.series.items():
            if len(values) != len(self.categories):
                raise ValueError(
                    f"series {name!r} has {len(values)} values for {len(self.categories)} categories"
                )


def chart_of(
    frame: pd.DataFrame,
    column: str,
    names: Mapping[str, str],
    *,
    kind: str = "bar",
    series_name: str | None = None,
) -> Chart:
    """The chart of ``column`` of an area table (``query.areas.area_measures``: ``code``,
    ``round_be``, ...) with one category per area, named by ``names`` (code -> name), in the
    frame's order, and one series per round (named by the round, or ``series_name`` for a
    table of one round). Missing values stay missing (a gap, not a zero)."""
    codes = list(dict.fromkeys(str(c) for c in frame["code"]))
    rounds = sorted(frame["round_be"].unique()) if "round_be" in frame else [None]
    series: dict[str, list[float | None]] = {}
    for r in rounds:
        part = frame if r is None else frame[frame["round_be"] == r]
        by_code = dict(zip(part["code"].astype(str), part[column], strict=True))
        name = series_name if series_name and len(rounds) == 1 else str(r)
        series[name] = [
            None if c not in by_code or pd.isna(by_code[c]) else float(by_code[c]) for c in codes
        ]
    return Chart([names.get(c, c) for c in codes], series, kind)


@dataclass(frozen=True)
class Slide:
    """One slide: a chart, a picture (PNG bytes) or a table (text cells, at most
    :data:`TABLE_ROWS` rows shown) of ``measure`` for ``area`` in ``round_be``.

    ``measures`` lists further measures the slide shows (their definitions go into the notes
    too); ``k`` fills the Alkire–Foster cut-off into names and definitions."""

    title: str
    measure: Measure
    area: str
    round_be: int
    source: str
    vintage: str
    synthetic: bool = False
    chart: Chart | None = None
    image: bytes | None = None
    k: float | None = None
    measures: Sequence[Measure] = field(default_factory=tuple)
    note: str = ""
    table: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.chart, self.image, self.table)) != 1:
            raise ValueError("a slide has one chart, one image or one table")


# --- fonts -------------------------------------------------------------------------------------


def set_font(
    font: Font,
    typeface: str,
    *,
    size: float | None = None,
    bold: bool | None = None,
    colour: RGBColor | None = None,
    lang: str = "th",
) -> None:
    """Set ``typeface`` as the Latin, East Asian and complex-script font of ``font`` (a run's,
    a paragraph's default or a chart's text properties) and its language tag."""
    font.name = typeface  # a:latin
    rpr = font._rPr
    for tag in ("a:ea", "a:cs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    latin = rpr.find(qn("a:latin"))
    ea = etree.SubElement(rpr, qn("a:ea"))
    cs = etree.SubElement(rpr, qn("a:cs"))
    ea.set("typeface", typeface)
    cs.set("typeface", typeface)
    # a:latin, a:ea, a:cs must follow each other in this order (CT_TextCharacterProperties)
    latin.addnext(ea)
    ea.addnext(cs)
    rpr.set("lang", LANG_TAG.get(lang, lang))
    if lang == "th":
        rpr.set("altLang", LANG_TAG["en"])
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = colour


def _write(
    frame: TextFrame,
    lines: Sequence[str],
    typeface: str,
    *,
    size: float,
    bold: bool = False,
    colour: RGBColor | None = None,
    lang: str = "th",
) -> None:
    """``lines`` as the paragraphs of ``frame``, every run in ``typeface``."""
    frame.word_wrap = True
    for i, text in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        set_font(run.font, typeface, size=size, bold=bold, colour=colour, lang=lang)
        set_font(paragraph.font, typeface, size=size, lang=lang)


def _text_box(slide, left, top, width, height, lines, typeface, **kwargs) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    _write(box.text_frame, lines, typeface, **kwargs)


# --- slides ------------------------------------------------------------------------------------


def definition_lines(measure: Measure, lang: str = "th", k: float | None = None) -> list[str]:
    """The measure's name, definition, unit and rank convention, one per line."""
    return [
        measure.name(lang, k=k),
        measure.definition(lang, k=k),
        label("unit", lang, unit=measure.unit_label(lang)),
        measure.rank_note(lang),
    ]


def notes_text(slide: Slide, lang: str = "th") -> list[str]:
    """The speaker notes of ``slide``: every measure's full definition, source and vintage."""
    lines = [label("notes_title", lang)]
    seen = []
    for m in (slide.measure, *slide.measures):
        if m.key in seen:
            continue
        seen.append(m.key)
        lines += ["", *definition_lines(m, lang, slide.k), m.direction(lang)]
    lines += [
        "",
        label("source", lang, source=slide.source),
        label("vintage", lang, vintage=slide.vintage),
    ]
    if slide.synthetic:
        lines.append(label("synthetic", lang))
    if slide.note:
        lines += ["", slide.note]
    return lines


def _add_chart(pptx_slide, chart: Chart, measure: Measure, typeface: str, lang: str) -> None:
    data = CategoryChartData(number_format=NUMBER_FORMATS.get(measure.unit, "General"))
    data.categories = list(chart.categories)
    for name, values in chart.series.items():
        data.add_series(name, [None if v is None else float(v) for v in values])
    frame = pptx_slide.shapes.add_chart(
        CHART_TYPES[chart.kind], Inches(0.5), Inches(1.75), Inches(8.4), Inches(4.6), data
    )
    c = frame.chart
    c.has_title = False  # the slide's title names the chart (LibreOffice would add the series')
    set_font(c.font, typeface, size=12 if len(chart.categories) <= 12 else 9, lang=lang)
    _every_category_label(c)
    c.has_legend = len(chart.series) > 1
    if c.has_legend:
        c.legend.position = XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
    if measure.unit == "score":  # five-capital scores run from 1 to 4
        c.value_axis.minimum_scale, c.value_axis.maximum_scale = 1, 4
    ticks = c.value_axis.tick_labels
    ticks.number_format = NUMBER_FORMATS.get(measure.unit, "General")
    ticks.number_format_is_linked = False
    if chart.kind == "bar":
        c.category_axis.reverse_order = True  # first category at the top, as in a ranked table
        c.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM  # and the value axis stays below
    plot = c.plots[0]
    plot.has_data_labels = len(chart.series) == 1  # labels of several series overlap
    if not plot.has_data_labels:
        return
    plot.data_labels.number_format = NUMBER_FORMATS.get(measure.unit, "General")
    plot.data_labels.number_format_is_linked = False
    set_font(plot.data_labels.font, typeface, size=11, lang=lang)


def _every_category_label(chart) -> None:
    """Label every category (PowerPoint and LibreOffice skip some when they are crowded: a
    ranked chart must name every bar)."""
    axis = chart.category_axis._element
    for old in axis.findall(qn("c:tickLblSkip")):
        axis.remove(old)
    skip = etree.SubElement(axis, qn("c:tickLblSkip"))
    skip.set("val", "1")
    # CT_CatAx: tickLblSkip comes after c:lblOffset (and before tickMarkSkip, noMultiLvlLbl)
    anchor = axis.find(qn("c:lblOffset"))
    if anchor is None:
        anchor = axis.find(qn("c:lblAlgn"))
    if anchor is not None:
        anchor.addnext(skip)
    else:
        following = axis.find(qn("c:noMultiLvlLbl"))
        if following is not None:
            following.addprevious(skip)


def _add_picture(pptx_slide, image: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(image)) as im:
        w, h = im.size
    box_w, box_h = Inches(8.4), Inches(4.6)
    scale = min(box_w / w, box_h / h)
    width, height = Emu(int(w * scale)), Emu(int(h * scale))
    pptx_slide.shapes.add_picture(io.BytesIO(image), Inches(0.5), Inches(1.75), width, height)


#: Rows of a table a slide shows (the PDF briefing and the downloads hold the rest).
TABLE_ROWS = 10
#: Title sizes (points) by the title's length in characters that take width: a long title
#: (a map of a long measure name) gets smaller type instead of running into the subtitle.
TITLE_SIZES = ((40, 30), (60, 24), (90, 20))
TITLE_SIZE_LONGEST = 16
#: The narrowest table column, in characters of its longest text.
MIN_COLUMN_CHARS = 14


def title_size(title: str) -> float:
    """The type size of a slide title: 30 pt for a short one, down to 16 pt for a long one
    (Thai vowel and tone marks above or below a letter take no width)."""
    import unicodedata

    width = sum(not unicodedata.combining(c) for c in title)
    return next((size for most, size in TITLE_SIZES if width <= most), TITLE_SIZE_LONGEST)


def _widths(cells: list[list[str]], total: int) -> list[int]:
    """Column widths (EMU) that add up to ``total``, by the longest text of each column (at
    least :data:`MIN_COLUMN_CHARS` characters' worth, so a short column stays readable)."""
    longest = [max(len(row[c]) for row in cells) or 1 for c in range(len(cells[0]))]
    weights = [max(n, MIN_COLUMN_CHARS) for n in longest]
    return [int(total * w / sum(weights)) for w in weights]


def _add_table(pptx_slide, frame: pd.DataFrame, typeface: str, lang: str) -> None:
    """``frame`` (its header and its first :data:`TABLE_ROWS` rows, as text) as a native
    PowerPoint table in the chart's place."""
    shown = frame.head(TABLE_ROWS)
    rows, cols = len(shown) + 1, max(len(shown.columns), 1)
    height = Inches(min(4.6, 0.36 * rows))
    shape = pptx_slide.shapes.add_table(rows, cols, Inches(0.5), Inches(1.75), Inches(8.4), height)
    cells = [[str(c) for c in shown.columns]] + [
        ["" if pd.isna(v) else str(v) for v in row] for row in shown.itertuples(index=False)
    ]
    size = 12 if rows <= 6 else 10
    for c, width in enumerate(_widths(cells, int(Inches(8.4)))):
        shape.table.columns[c].width = Emu(width)
    for r, values in enumerate(cells):
        for c, text in enumerate(values):
            frame_ = shape.table.cell(r, c).text_frame
            frame_.text = ""
            _write(frame_, [text], typeface, size=size, bold=r == 0, lang=lang)


def _add_slide(prs, slide: Slide, typeface: str, lang: str, exported: dt.date) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    width = SLIDE_WIDTH - Inches(1.0)
    _text_box(
        s,
        Inches(0.5),
        Inches(0.3),
        width,
        Inches(0.85),
        [slide.title],
        typeface,
        size=title_size(slide.title),
        bold=True,
        lang=lang,
    )
    subtitle = f"{slide.area} · {label('round', lang, round=slide.round_be)}"
    _text_box(
        s,
        Inches(0.5),
        Inches(1.1),
        width,
        Inches(0.5),
        [subtitle],
        typeface,
        size=18,
        colour=MUTED_RGB,
        lang=lang,
    )
    if slide.chart is not None:
        _add_chart(s, slide.chart, slide.measure, typeface, lang)
    elif slide.table is not None:
        _add_table(s, slide.table, typeface, lang)
    else:
        _add_picture(s, slide.image or b"")
    box = s.shapes.add_textbox(Inches(9.2), Inches(1.75), Inches(3.6), Inches(4.6))
    _write(box.text_frame, [label("definition", lang)], typeface, size=14, bold=True, lang=lang)
    for line in definition_lines(slide.measure, lang, slide.k):
        paragraph = box.text_frame.add_paragraph()
        paragraph.space_before = Pt(6)
        run = paragraph.add_run()
        run.text = line
        set_font(run.font, typeface, size=13, lang=lang)
    if slide.synthetic:
        _text_box(
            s,
            Inches(0.5),
            Inches(6.4),
            width,
            Inches(0.4),
            [label("synthetic", lang)],
            typeface,
            size=14,
            bold=True,
            colour=SYNTHETIC_RGB,
            lang=lang,
        )
    footer = " · ".join(
        [
            label("source", lang, source=slide.source),
            label("vintage", lang, vintage=slide.vintage),
            label("exported", lang, date=be_date(exported, lang)),
        ]
    )
    _text_box(
        s,
        Inches(0.5),
        Inches(6.8),
        width,
        Inches(0.5),
        [footer],
        typeface,
        size=11,
        colour=MUTED_RGB,
        lang=lang,
    )
    _write(s.notes_slide.notes_text_frame, notes_text(slide, lang), typeface, size=12, lang=lang)


def build_deck(
    slides: Sequence[Slide],
    *,
    lang: str = "th",
    exported: dt.date | None = None,
    typeface: str | None = None,
) -> bytes:
    """The deck of ``slides`` as PPTX bytes (``exported``: the export date, today by default;
    ``typeface``: the font family of every text, the installed Thai family by default)."""
    face = typeface or thai_fonts().family
    day = exported or dt.date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    for slide in slides:
        _add_slide(prs, slide, face, lang, day)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
