"""Which areas the poverty map of an area draws: the levels it offers, the area whose children
it shows, the boundary layer they come from, and the zoom and centre a link may hold
(:class:`MapView`). One owner for the map page (``povmap.views.map_view``), the slides
(``povmap.views.present_view``) and the briefings (``povmap.briefs``), so a slide and a file show
the polygons, and the part of them, that the page shows.

Example:
    >>> levels_for("46"), scope_of("46", "district"), scope_of("460101", "subdistrict")
    (['district', 'subdistrict'], '46', '4601')
    >>> layer_level("subdistrict", None), layer_level("subdistrict", "46")
    ('subdistrict_national', 'subdistrict')
"""

from __future__ import annotations

from dataclasses import dataclass

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


#: Leaflet's zoom levels a link may hold, and the decimals of its centre (about 10 m).
ZOOM_RANGE = (3, 19)
CENTRE_DECIMALS = 4
#: The map page's map is this many CSS pixels high (pages/map.py): a saved zoom shows as much
#: from north to south on a picture as the page showed.
PAGE_MAP_HEIGHT_PX = 620


@dataclass(frozen=True)
class MapView:
    """Where the map was zoomed and panned to: Leaflet's zoom and the centre (degrees)."""

    zoom: int
    lat: float
    lon: float


def map_view_of(zoom: object, lat: object, lon: object) -> MapView | None:
    """The view the URL's ``zoom``, ``lat`` and ``lon`` hold (texts or numbers), or None when one
    is missing or out of range (the map then shows its whole area).

    >>> map_view_of("9", "16.4321", "103.5012")
    MapView(zoom=9, lat=16.4321, lon=103.5012)
    >>> map_view_of("9", "", "103.5"), map_view_of("25", "16", "103"), map_view_of("8", "95", "1")
    (None, None, None)
    """
    try:
        view = MapView(int(str(zoom)), float(str(lat)), float(str(lon)))
    except ValueError:
        return None
    if not (ZOOM_RANGE[0] <= view.zoom <= ZOOM_RANGE[1]):
        return None
    if not (-90 <= view.lat <= 90 and -180 <= view.lon <= 180):
        return None
    return view
