"""Which areas the poverty map of an area draws: the levels it offers, the area whose children
it shows and the boundary layer they come from. One owner for the map page
(``povmap.views.map_view``), the slides (``povmap.views.present_view``) and the briefings
(``povmap.briefs``), so a slide and a file show the polygons the page shows.

Example:
    >>> levels_for("46"), scope_of("46", "district"), scope_of("460101", "subdistrict")
    (['district', 'subdistrict'], '46', '4601')
    >>> layer_level("subdistrict", None), layer_level("subdistrict", "46")
    ('subdistrict_national', 'subdistrict')
"""

from __future__ import annotations

from geo.boundaries import NATIONAL
from geo.codes import ancestor, level_of

#: The levels the map draws, coarsest first.
LEVELS: tuple[str, ...] = ("province", "district", "subdistrict")


def levels_for(area: str | None) -> list[str]:
    """Levels the map can draw inside ``area`` (None = Thailand): every level for the country,
    districts and subdistricts for a province, subdistricts below that.

    >>> levels_for(None), levels_for("4601")
    (['province', 'district', 'subdistrict'], ['subdistrict'])
    """
    if not area:
        return list(LEVELS)
    return ["district", "subdistrict"] if level_of(area) == "province" else ["subdistrict"]


def scope_of(area: str | None, level: str) -> str | None:
    """The area whose children at ``level`` are drawn (None: the whole country): a province's
    districts or subdistricts are its own, a district's or subdistrict's subdistricts are the
    district's (a subdistrict is shown among its neighbours).

    >>> scope_of(None, "subdistrict"), scope_of("4601", "district"), scope_of("4601", "subdistrict")
    (None, '46', '4601')
    """
    if not area or level == "province":
        return None
    if level == "district" or level_of(area) == "province":
        return ancestor(area, "province")
    return ancestor(area, "district")


def layer_level(level: str, scope: str | None) -> str:
    """The boundary layer the polygons come from: the coarse national copy
    (:data:`geo.boundaries.NATIONAL`) when every subdistrict of the country is drawn at once."""
    return NATIONAL if level == "subdistrict" and scope is None else level
