"""Sites beside the poor: enterprises, cultural places, markets, routes, innovation, livable-city data.

A site is located by ``lat``/``lon`` or by a DOPA ``area_code``; a site given only a code is
placed at the area's representative point and marked ``approximate``. Products belong to
enterprises (LEOS digital labels); a tourism route is a line through ordered stops; technology
adoptions tie a library entry to a village; livable-city indicators are keyed by area code.

The site import pipeline, one module per step, in the order a file goes through it:

1. :mod:`data.sites.schema`: the kinds, their vocabularies and every file's columns (``FIELDS``,
   the single source of truth; :func:`markdown` writes docs/sites-format.md);
2. :mod:`data.sites.read`: a file as text with its lines; an indicator file's headers mapped;
3. :mod:`data.sites.normalize`: each cell typed, each bad cell a problem;
4. :mod:`data.sites.validate`: rows checked together and located (:mod:`data.sites.locate`);
5. :mod:`data.sites.store`: stored in one transaction, history kept;
6. :mod:`data.sites.importer`: the steps in order for one file, or ImportFailed with the report.

:mod:`data.sites.labels` makes a product's label address and QR code. Reads of the stored sites
are the door's: ``query.sites_read``. The names below are importable from here
(``from data import sites``).
"""

from __future__ import annotations

from data.sites.importer import SiteImportResult, import_indicators, import_sites, known_ids
from data.sites.labels import label_url, qr_png, qr_svg
from data.sites.locate import Gazetteer
from data.sites.read import (
    META_COLUMNS,
    META_REQUIRED,
    IndicatorFile,
    IndicatorMeta,
    default_code,
    effective_meta,
    read_indicator_file,
)
from data.sites.schema import (
    FIELDS,
    IMPORT_KINDS,
    INDICATOR_FIELDS,
    PLACE_KINDS,
    SITE_KINDS,
    Field,
    Term,
    markdown,
    split_tags,
    term_name,
    vocabulary,
)
from data.sites.store import store_indicators, store_sites
from data.sites.validate import SiteValidation, validate_indicators, validate_sites

__all__ = [
    "FIELDS",
    "IMPORT_KINDS",
    "INDICATOR_FIELDS",
    "META_COLUMNS",
    "META_REQUIRED",
    "PLACE_KINDS",
    "SITE_KINDS",
    "Field",
    "Gazetteer",
    "IndicatorFile",
    "IndicatorMeta",
    "SiteImportResult",
    "SiteValidation",
    "Term",
    "default_code",
    "effective_meta",
    "import_indicators",
    "import_sites",
    "known_ids",
    "label_url",
    "markdown",
    "qr_png",
    "qr_svg",
    "read_indicator_file",
    "split_tags",
    "store_indicators",
    "store_sites",
    "term_name",
    "validate_indicators",
    "validate_sites",
    "vocabulary",
]
