"""What a briefing of one view holds, and the files made of it: a deck (:mod:`briefing.deck`),
PNG maps and charts (:mod:`briefing.png`) and, in :mod:`briefing.pdf`, an A4 briefing.

A :class:`Brief` is one view of a page (the Overview of a province, the map of a metric, the
Why page of a district, ...): its title, area, round, source and vintage, the synthetic flag
and its parts, each a map (:class:`MapPart`), a chart (:class:`ChartPart`) or a table
(:class:`TablePart`). The numbers in it were read through the door by the caller
(``povmap.briefs``); nothing here reads the store.

A chart whose quantity is not one of the registry's measures (a cause's share of the poor
households, an exit rate, progress against a target) is named by a :class:`PageMeasure`: the
page's own label and caption for it, so the slide says what the page says.

Example:
    >>> from analysis.measures import MEASURES
    >>> from briefing.deck import Chart
    >>> b = Brief("ภาพรวม", "กาฬสินธุ์", 2566, source="จปฐ.", vintage="2566", synthetic=True,
    ...           parts=(ChartPart("ครัวเรือนยากจน", MEASURES["poor_households"],
    ...                            Chart(["ก", "ข"], {"2566": [3, 4]})),))
    >>> [s.title for s in slides_of(b)]
    ['ครัวเรือนยากจน']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from analysis.measures import Measure
from briefing import png
from briefing.deck import Chart, Slide, build_deck
from geo.map_areas import MapView


@dataclass(frozen=True)
class PageMeasure(Measure):
    """A chart's quantity named as its page names it (not a registry measure): ``unit`` is a
    unit key of :data:`analysis.measures.UNITS` for the number format (``percent`` for a
    share held as a fraction), ``unit_th``/``unit_en`` the words shown."""

    unit_th: str = ""
    unit_en: str = ""

    def unit_label(self, lang: str = "th") -> str:
        if self.unit_th or self.unit_en:
            return self.unit_en if lang == "en" else self.unit_th
        return super().unit_label(lang)


@dataclass(frozen=True)
class MapPart:
    """A choropleth of ``measure`` over ``areas`` from ``stats`` (``code``, ``households``
    and the measure's column, or ``column``), classed and suppressed as the app's map; ``view``:
    the zoom and centre the page's map was at (None: the whole area)."""

    title: str
    measure: Measure
    areas: gpd.GeoDataFrame
    stats: pd.DataFrame
    column: str | None = None
    method: str = "quantiles"
    palette: str = "ylorrd"
    min_cell: int = 5
    labels: Mapping[str, str] | None = None
    caption: str = ""
    view: MapView | None = None


@dataclass(frozen=True)
class ChartPart:
    """A chart of ``measure`` (native in a deck, a picture in a PDF or PNG)."""

    title: str
    measure: Measure
    chart: Chart
    caption: str = ""
    measures: Sequence[Measure] = field(default_factory=tuple)
    #: which of its page's charts this is (e.g. ``causes``), for who picks one
    key: str = ""


@dataclass(frozen=True)
class TablePart:
    """A table of text cells (already formatted as the page formats them)."""

    title: str
    frame: pd.DataFrame
    caption: str = ""
    measure: Measure | None = None
    #: which of its page's tables this is (e.g. ``key_numbers``), for who picks one
    key: str = ""


Part = MapPart | ChartPart | TablePart


@dataclass(frozen=True)
class Brief:
    """One view: what every slide, picture and PDF section of it carries, and its parts."""

    title: str
    area: str
    round_be: int
    source: str
    vintage: str
    synthetic: bool
    parts: tuple[Part, ...] = ()
    k: float | None = None
    #: what the numbers cover (e.g. "20 of 77 provinces surveyed"), shown under the title
    note: str = ""
    #: the page the view is of (overview, map, why, outcomes, programme)
    page: str = ""

    def charts(self) -> list[ChartPart]:
        return [p for p in self.parts if isinstance(p, ChartPart)]

    def maps(self) -> list[MapPart]:
        return [p for p in self.parts if isinstance(p, MapPart)]

    def part(self, key: str) -> Part | None:
        """The chart or table named ``key`` (None when the view has none, or ``key`` is "")."""
        return next((p for p in self.parts if key and getattr(p, "key", "") == key), None)


def _common(brief: Brief) -> dict[str, object]:
    return dict(
        area=brief.area,
        round_be=brief.round_be,
        source=brief.source,
        vintage=brief.vintage,
        synthetic=brief.synthetic,
        k=brief.k,
    )


def map_png(part: MapPart, brief: Brief, *, lang: str = "th", size: str = "projector") -> bytes:
    """The picture of a map part (:func:`briefing.png.map_png`) at ``size``."""
    return png.map_png(
        part.areas,
        part.stats,
        part.measure,
        title=part.title,
        area=brief.area,
        round_be=brief.round_be,
        synthetic=brief.synthetic,
        lang=lang,
        size=size,
        method=part.method,
        palette=part.palette,
        min_cell=part.min_cell,
        column=part.column,
        labels=part.labels,
        view=part.view,
    )


def chart_png(part: ChartPart, brief: Brief, *, lang: str = "th", size: str = "projector") -> bytes:
    """The picture of a chart part (:func:`briefing.png.chart_png`) at ``size``."""
    return png.chart_png(
        part.chart,
        part.measure,
        title=part.title,
        area=brief.area,
        round_be=brief.round_be,
        synthetic=brief.synthetic,
        source=brief.source,
        lang=lang,
        size=size,
        k=brief.k,
    )


def slides_of(brief: Brief, *, lang: str = "th") -> list[Slide]:
    """One slide per part: maps as pictures, charts native, tables as native tables (a table
    part without a measure is defined by the brief's first measure)."""
    first = next((p.measure for p in brief.parts if p.measure is not None), None)
    slides = []
    for part in brief.parts:
        note = "\n".join(x for x in (brief.note, part.caption) if x)
        if isinstance(part, MapPart):
            image = map_png(part, brief, lang=lang, size="slide")
            slides.append(Slide(part.title, part.measure, image=image, note=note, **_common(brief)))
        elif isinstance(part, ChartPart):
            slides.append(
                Slide(
                    part.title,
                    part.measure,
                    chart=part.chart,
                    measures=part.measures,
                    note=note,
                    **_common(brief),
                )
            )
        elif first is not None:
            slides.append(
                Slide(
                    part.title,
                    part.measure or first,
                    table=part.frame,
                    note=note,
                    **_common(brief),
                )
            )
    return slides


def deck_of(briefs: Sequence[Brief], *, lang: str = "th", exported: dt.date | None = None) -> bytes:
    """The PPTX deck of ``briefs`` (a view, or a storyline's views in order)."""
    slides = [s for b in briefs for s in slides_of(b, lang=lang)]
    return build_deck(slides, lang=lang, exported=exported)


def pictures(
    brief: Brief, *, lang: str = "th", size: str = "projector", maps: bool = True
) -> list[tuple[str, bytes]]:
    """(file stem, PNG bytes) of every map (``maps``) or every chart of ``brief``."""
    if maps:
        return [
            (f"map-{i + 1}", map_png(p, brief, lang=lang, size=size))
            for i, p in enumerate(brief.maps())
        ]
    return [
        (f"chart-{i + 1}", chart_png(p, brief, lang=lang, size=size))
        for i, p in enumerate(brief.charts())
    ]
