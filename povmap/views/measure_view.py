"""Measures on screen: a card with the measure's registry name and visible definition, and what a
headline, chart or ranking covers ("20 of 77 provinces surveyed in 2565 BE").

Names and definitions come from analysis/measures.py; the coverage counts from
:func:`query.coverage.coverage`, cached per view. Rankings use :func:`ranked_codes`, so a top or
bottom 10 never lists an area without (enough) survey records.
"""

from __future__ import annotations

from typing import Any

from analysis.measures import Measure
from povmap import settings
from povmap.i18n import t
from povmap.views import ui
from povmap.views.chrome import md_escape
from query.coverage import Coverage, coverage

# --- cards -------------------------------------------------------------------------------------------


def card(
    container: Any,
    measure: Measure,
    value: str,
    lang: str,
    *,
    delta: str | None = None,
    k: float | None = None,
    delta_color: str = "inverse",
) -> None:
    """A KPI card: the measure's full name (wrapped, never cut), the number, its definition.

    ``st.metric`` cuts long labels, so the name is written above it and the metric keeps the
    same name as its (collapsed) label.
    """
    name = measure.name(lang, k)
    container.markdown(f"**{name}**")
    container.metric(name, value, delta, delta_color=delta_color, label_visibility="collapsed")
    container.caption(measure.definition(lang, k))


# --- coverage ----------------------------------------------------------------------------------------


@ui.cached(edits=(), max_entries=128)  # only imports change which areas have records
def round_coverage(level: str, round_be: int | None, within: str | None) -> Coverage:
    """Coverage of ``level`` inside ``within`` in ``round_be`` (min_cell from the settings)."""
    return coverage(
        ui.cursor(),
        level,
        round_be=round_be,
        within=within or None,
        min_cell=int(settings.get("POVMAP_MIN_CELL")),
    )


def level_words(level: str, lang: str) -> str:
    return t(f"coverage_level_{level}", lang)


def coverage_text(cov: Coverage, lang: str, where: str | None = None) -> str:
    """ "20 of 77 provinces surveyed in 2565 BE" as markdown (``where``: the parent area's name,
    escaped here)."""
    return t(
        "coverage_line",
        lang,
        surveyed=f"{len(cov.surveyed):,}",
        areas=f"{cov.areas:,}",
        level=level_words(cov.level, lang),
        where=t("coverage_in", lang, area=md_escape(where)) if where else "",
        round=cov.round_be,
    )


def headline(level: str, round_be: int | None, within: str | None, lang: str, where: str) -> str:
    """The coverage of totals over ``within`` (named ``where``, escaped here) as markdown; says
    when they are not its whole."""
    cov = round_coverage(level, round_be, within)
    line = coverage_text(cov, lang, where if within else None)
    if not cov.complete:
        line += " · " + t(
            "coverage_partial",
            lang,
            n=f"{len(cov.surveyed):,}",
            level=level_words(level, lang),
            area=md_escape(where),
        )
    return line


def rounds_line(level: str, rounds: list[int], within: str | None, lang: str, where: str) -> str:
    """The coverage of each of ``rounds`` as markdown (a comparison between rounds covers both;
    ``where`` is escaped here)."""
    covs = [round_coverage(level, int(r), within) for r in rounds]
    line = " · ".join(coverage_text(c, lang, where if within else None) for c in covs)
    if not all(c.complete for c in covs):
        line += " · " + t(
            "coverage_partial_rounds", lang, level=level_words(level, lang), area=md_escape(where)
        )
    return line


def ranking(level: str, round_be: int | None, within: str | None, lang: str) -> str:
    """What a ranking covers: the areas with at least min_cell surveyed households."""
    cov = round_coverage(level, round_be, within)
    return t(
        "coverage_ranked",
        lang,
        n=f"{len(cov.reportable):,}",
        areas=f"{cov.areas:,}",
        level=level_words(level, lang),
        min_cell=cov.min_cell,
        round=cov.round_be,
    )


def ranked_codes(level: str, round_be: int | None, within: str | None) -> tuple[str, ...]:
    """Codes a ranking may list: surveyed in the round with at least min_cell households."""
    return round_coverage(level, round_be, within).reportable
