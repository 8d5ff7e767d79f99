"""Where a map's browser loads the vendored Leaflet files from: URLs the caller serves.

geo draws maps but does not serve files. The app that vendors Leaflet and Leaflet.markercluster
(``povmap.vendor``) says where they are and passes an :class:`Assets` to
:func:`geo.maps.localize` and the map builders.

Example:
    >>> Assets.under("/static/vendor").leaflet_js
    '/static/vendor/leaflet/leaflet.js'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Assets"]


@dataclass(frozen=True)
class Assets:
    """URLs of the Leaflet and Leaflet.markercluster files a map loads."""

    leaflet_js: str
    leaflet_css: str
    #: Folder of Leaflet's default marker icons (``L.Icon.Default.imagePath``), trailing slash.
    leaflet_images: str
    markercluster_js: str
    markercluster_css: str
    markercluster_default_css: str

    @classmethod
    def under(cls, base_url: str) -> Assets:
        """The files of the packages' ``dist`` folders, one sub-folder per package under ``base_url``."""
        base = base_url.rstrip("/")
        return cls(
            leaflet_js=f"{base}/leaflet/leaflet.js",
            leaflet_css=f"{base}/leaflet/leaflet.css",
            leaflet_images=f"{base}/leaflet/images/",
            markercluster_js=f"{base}/leaflet.markercluster/leaflet.markercluster.js",
            markercluster_css=f"{base}/leaflet.markercluster/MarkerCluster.css",
            markercluster_default_css=f"{base}/leaflet.markercluster/MarkerCluster.Default.css",
        )

    def js(self) -> dict[str, str]:
        """folium's script resource names -> URL."""
        return {"leaflet": self.leaflet_js, "markerclusterjs": self.markercluster_js}

    def css(self) -> dict[str, str]:
        """folium's stylesheet resource names -> URL."""
        return {
            "leaflet_css": self.leaflet_css,
            "markerclustercss": self.markercluster_css,
            "markerclusterdefaultcss": self.markercluster_default_css,
        }
