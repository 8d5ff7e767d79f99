"""The researcher's downloads of an area table: joined to its boundaries as GeoJSON, GeoPackage
and GeoParquet, and as Excel with a metadata sheet.

The attributes are the table as every download writes it (:func:`data.export.export_table`:
units in the header, whole numbers as integers, the round, rule, k and synthetic flag as leading
columns, every text cell defused), so a GeoPackage and the CSV of the same view hold the same
cells. The metadata sheet (round, rule and k, each column's definition, vintage, synthetic flag,
suppression applied) goes through :func:`data.export.defuse_frame` too.

Example:
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> areas = gpd.GeoDataFrame({"code": ["46"], "name_th": ["กาฬสินธุ์"], "name_en": ["Kalasin"]},
    ...     geometry=[box(103, 16, 104, 17)], crs="EPSG:4326")
    >>> table = pd.DataFrame({"code": ["46"], "poor_households": [54.0]})
    >>> geo_table(table, areas, ExportMeta(round_be=2566)).columns.tolist()
    ['code', 'name_th', 'name_en', 'round_be', 'poor_households', 'geometry']
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analysis.measures import MEASURES
from briefing.labels import be_date, label
from data.export import (
    MEASURE_ALIASES,
    ExportMeta,
    defuse_frame,
    export_table,
    unit_header,
    unit_of,
)
from data.schema import HOUSEHOLD_COLUMNS, allowed_values

#: The formats of :func:`geo_download`: file suffix and media type.
GEO_FORMATS: dict[str, tuple[str, str]] = {
    "geojson": (".geojson", "application/geo+json"),
    "gpkg": (".gpkg", "application/geopackage+sqlite3"),
    "geoparquet": (".parquet", "application/vnd.apache.parquet"),
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The GeoPackage layer name.
LAYER = "areas"


def geo_table(
    table: pd.DataFrame,
    areas: gpd.GeoDataFrame,
    meta: ExportMeta | None = None,
) -> gpd.GeoDataFrame:
    """``table`` (a ``code`` column or index) as written (:func:`data.export.export_table`)
    with each area's names (from ``areas`` when the table has none) and boundary. Areas of the
    table without a boundary keep an empty geometry; boundaries without a row are left out."""
    frame = table.reset_index() if "code" not in table.columns else table
    written = export_table(frame.reset_index(drop=True), meta)
    written["code"] = written["code"].astype(str)
    shapes = areas[["code", "name_th", "name_en", "geometry"]].copy()
    shapes["code"] = shapes["code"].astype(str)
    names = [c for c in ("name_th", "name_en") if c not in written.columns]
    looked_up = defuse_frame(shapes[["code", *names]]).set_index("code")
    front = written[["code"]].join(looked_up, on="code")
    out = pd.concat([front, written.drop(columns=["code"])], axis=1)
    geometry = shapes.set_index("code")["geometry"].reindex(out["code"]).to_numpy()
    return gpd.GeoDataFrame(out, geometry=geometry, crs=areas.crs)


def geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """RFC 7946 GeoJSON (WGS 84), UTF-8 with Thai as it is, missing values as ``null``."""
    out = frame.to_crs("EPSG:4326") if frame.crs is not None else frame
    return out.to_json(na="null", drop_id=True, ensure_ascii=False).encode("utf-8")


def gpkg_bytes(frame: gpd.GeoDataFrame, layer: str = LAYER) -> bytes:
    """A GeoPackage with one layer."""
    with tempfile.TemporaryDirectory(prefix="povmap-gpkg-") as folder:
        path = Path(folder) / "areas.gpkg"
        frame.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


def geoparquet_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """GeoParquet (geometry as WKB with its CRS in the file's metadata)."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def geo_download(frame: gpd.GeoDataFrame, fmt: str) -> bytes:
    """:func:`geo_table`'s frame in ``fmt`` (a key of :data:`GEO_FORMATS`)."""
    writers = {"geojson": geojson_bytes, "gpkg": gpkg_bytes, "geoparquet": geoparquet_bytes}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(GEO_FORMATS)}")
    return writers[fmt](frame)


def _definition(column: str, lang: str, k: float | None) -> str | None:
    measure = MEASURES.get(MEASURE_ALIASES.get(column, column))
    if measure is None:
        return None
    return (
        f"{measure.name(lang, k=k)}: {measure.definition(lang, k=k)} ({measure.unit_label(lang)})"
    )


def metadata_frame(
    table: pd.DataFrame,
    meta: ExportMeta,
    *,
    vintage: str,
    source: str,
    suppression: str,
    boundaries: str = "",
    exported: dt.date | None = None,
    lang: str = "th",
) -> pd.DataFrame:
    """The metadata sheet of ``table``: two columns (field, value) with the round, the poverty
    rule and k, the vintage and source, whether the data are synthetic, the suppression applied
    and the definition of each measure column (under its header as written)."""
    yes_no = {True: label("yes", lang), False: label("no", lang)}
    rows: list[tuple[str, object]] = []
    if meta.round_be is not None:
        rows.append((label("meta_round", lang), meta.round_be))
    if meta.rule is not None:
        rows.append((label("meta_rule", lang), meta.rule))
    if meta.k is not None:
        rows.append((label("meta_k", lang), meta.k))
    rows += [
        (label("meta_vintage", lang), vintage),
        (label("meta_source", lang), source),
    ]
    if meta.synthetic is not None:
        rows.append((label("meta_synthetic", lang), yes_no[bool(meta.synthetic)]))
    rows.append((label("meta_suppression", lang), suppression))
    if boundaries:
        rows.append((label("meta_boundaries", lang), boundaries))
    rows.append((label("meta_exported", lang), be_date(exported or dt.date.today(), lang)))
    for column in table.columns:
        text = _definition(str(column), lang, meta.k)
        if text is None:
            continue
        unit = unit_of(column)
        header = unit_header(str(column), unit) if unit is not None else str(column)
        rows.append((label("meta_column", lang, column=header), text))
    frame = pd.DataFrame(rows, columns=[label("meta_field", lang), label("meta_value", lang)])
    frame[frame.columns[1]] = frame[frame.columns[1]].astype(object)
    return defuse_frame(frame)


def xlsx_with_metadata(
    table: pd.DataFrame,
    meta: ExportMeta,
    metadata: pd.DataFrame,
    *,
    sheets: Sequence[str] = ("data", "metadata"),
    widths: Mapping[str, float] | None = None,
) -> bytes:
    """An Excel workbook: ``table`` as written (:func:`data.export.export_table`) on the first
    sheet, ``metadata`` (:func:`metadata_frame`, defused) on the second."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        export_table(table, meta).to_excel(writer, index=False, sheet_name=sheets[0])
        defuse_frame(metadata).to_excel(writer, index=False, sheet_name=sheets[1])
        sheet = writer.sheets[sheets[1]]
        for letter, width in (widths or {"A": 32, "B": 100}).items():
            sheet.column_dimensions[letter].width = width
    return buffer.getvalue()


def parquet_bytes(frame: pd.DataFrame, meta: ExportMeta | None = None) -> bytes:
    """A table as Parquet, written as every download writes it (:func:`data.export.export_table`:
    the context as leading columns, units in the header, text that starts like a formula
    defused, so a file opened in a spreadsheet later is as safe as the CSV)."""
    buffer = io.BytesIO()
    export_table(frame, meta).to_parquet(buffer, index=False)
    return buffer.getvalue()


#: Headers of :func:`data_dictionary` (machine names; the labels are in both languages).
DICTIONARY_COLUMNS = ("column", "label_th", "label_en", "type", "unit", "values", "notes")


def data_dictionary(columns: Sequence[str]) -> pd.DataFrame:
    """The data dictionary of household columns: each column's Thai and English label, type,
    unit, allowed values or range and notes, from the household file's schema
    (:data:`data.schema.HOUSEHOLD_COLUMNS`, the one place they are documented); a column the
    schema does not describe is listed with its name only."""
    rows = []
    for name in columns:
        c = HOUSEHOLD_COLUMNS.get(str(name))
        if c is None:
            rows.append((str(name), "", "", "", "", "", ""))
            continue
        values = ", ".join(allowed_values(c))
        if not values and (c.minimum is not None or c.maximum is not None):
            low = "" if c.minimum is None else f"{c.minimum:g}"
            high = "" if c.maximum is None else f"{c.maximum:g}"
            values = f"{low} – {high}"
        rows.append((c.name, c.label_th, c.label_en, c.kind, c.unit, values, c.notes))
    return defuse_frame(pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS)))
