"""Boundary polygons: source (folder or URL) -> verified download -> simplified GeoParquet cache.

The source is the HDX COD-AB release for Thailand (Royal Thai Survey Department) or a folder
holding its ADM1-ADM3 layers. :func:`build_cache` reads the layers, takes official names from
``geothai``, re-keys subdistrict polygons to current DOPA codes (:mod:`geo.codes`), simplifies
each level with coverage-preserving simplification (neighbours keep shared edges: no gaps, no
overlaps) and writes one GeoParquet file per level plus ``manifest.json`` and
``subdistrict_lookup.parquet``. The cache folder is replaced in one step, so a failed build leaves
the previous cache (or none), never half of one.

Every function takes its source, cache folder and tolerances as arguments; the settings that
supply them are read by the caller (``povmap.bootstrap``), never here.

Example:
    >>> cache = ensure_cache("../shared/boundaries", "var/boundaries", None,
    ...                      tolerances_m=tolerances)  # doctest: +SKIP
    >>> load_level("province", cache).shape  # doctest: +SKIP
    (77, 7)
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import posixpath
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import geothai
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo import codes

__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_TH",
    "KNOWN_SHA256",
    "LAYER_FILES",
    "LEVELS",
    "BoundaryError",
    "build_cache",
    "download",
    "ensure_cache",
    "load_level",
    "load_lookup",
    "load_manifest",
    "random_points_in",
    "to_geojson",
]

Progress = Callable[[str], None]

LEVELS: tuple[str, ...] = ("province", "district", "subdistrict")
#: The national subdistrict map draws all 7,425 polygons at once: a coarser copy keeps it light.
NATIONAL = "subdistrict_national"
LAYERS: tuple[str, ...] = (*LEVELS, NATIONAL)
ADM_LEVEL: dict[str, int] = {"province": 1, "district": 2, "subdistrict": 3}

#: File names of the layers in a folder source (shared/boundaries) or a folder URL serving it.
LAYER_FILES: dict[str, str] = {
    "province": "tha_adm1_provinces.geojson",
    "district": "tha_adm2_districts.geojson",
    "subdistrict": "tha_adm3_subdistricts.geojson",
}

#: SHA-256 of the known layer files (shared/boundaries, prasertcbs/thailand_gis @ 1682c1d).
KNOWN_SHA256: dict[str, str] = {
    "tha_adm1_provinces.geojson": "871c779e3526ced992e8810aeb84992e6965c81f8da73de0acecf7e3a55da33c",
    "tha_adm2_districts.geojson": "e690711fd4da2532b6b6bca8266427f5082c71bef91eea1c74e8caa7e87d26d9",
    "tha_adm3_subdistricts.geojson": "468d43ae2ecb0ba937a7eee75dbca8510c58a406ad41d8027350358b63764a5f",
}

ATTRIBUTION = (
    "Administrative boundaries © Royal Thai Survey Department, via OCHA Humanitarian Data "
    "Exchange (COD-AB Thailand), CC BY 3.0 IGO. Simplified by prasertcbs/thailand_gis."
)
ATTRIBUTION_TH = (
    "ขอบเขตการปกครอง © กรมแผนที่ทหาร ผ่าน OCHA Humanitarian Data Exchange (COD-AB ประเทศไทย) "
    "สัญญาอนุญาต CC BY 3.0 IGO ลดรายละเอียดเส้นขอบโดย prasertcbs/thailand_gis"
)

#: UTM zone 47N: metres, for simplification tolerances and area checks.
METRIC_CRS = "EPSG:32647"
GEO_CRS = "EPSG:4326"
#: Bumped when the cache layout changes; a cache of another format is rebuilt.
CACHE_FORMAT = 1
#: Decimals of the GeoJSON size measured at build time (4 = about 11 m).
GEOJSON_DECIMALS = 4
#: Vertices closer than this (metres) are snapped together when a layer's shared edges do not match.
SNAP_M = 1.0
SHA256SUMS = "SHA256SUMS"
OFFLINE_HINT = (
    "Offline? Set POVMAP_BOUNDARIES to a folder holding the HDX COD-AB layers, "
    "e.g. POVMAP_BOUNDARIES=../shared/boundaries"
)
DOWNLOAD_TIMEOUT_S = 60.0

_LAYER_SUFFIXES = (".geojson", ".json", ".shp", ".zip")  # order = preference
_SHP_SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_OUTPUT_FILES = (*(f"{level}.parquet" for level in LAYERS), "subdistrict_lookup.parquet")


class BoundaryError(RuntimeError):
    """The boundaries cannot be fetched, verified, read or built; the message says why."""


def _quiet(_message: str) -> None:
    pass


def _canonical_source(source: str | os.PathLike[str], root: Path | None = None) -> str:
    """A URL as given; a local path made absolute (relative paths: the working directory, else
    ``root`` when given, so ``../shared/boundaries`` works from either)."""
    text = str(source).strip()
    if _is_url(text):
        return text
    path = Path(text).expanduser()
    if not path.is_absolute() and not path.exists() and root is not None:
        path = Path(root) / path if (Path(root) / path).exists() else path
    return str(path.resolve())


# --- public entry points -----------------------------------------------------------------------------


def ensure_cache(
    source: str | os.PathLike[str],
    cache_dir: Path | str,
    progress: Progress | None = print,
    *,
    tolerances_m: Mapping[str, float],
    root: Path | None = None,
) -> Path:
    """Return the boundary cache folder, building it first if it is missing or stale.

    Stale means the manifest records another source, other tolerances, another cache format or
    another geothai data version. A relative ``source`` that does not exist from the working
    directory is looked up under ``root``. Concurrent callers wait for one build (file lock).
    """
    src = _canonical_source(source, root)
    folder = Path(cache_dir)
    tolerances = _check_tolerances(tolerances_m)
    say = progress or _quiet
    with _lock(folder):
        reason = _stale_reason(folder, src, tolerances)
        if reason is None:
            return folder
        say(f"building the boundary cache in {folder}: {reason}")
        return build_cache(src, folder, tolerances, progress)


def load_level(level: str, cache_dir: Path | str) -> gpd.GeoDataFrame:
    """The simplified polygons of one level, in EPSG:4326.

    Columns: ``code``, ``name_th``, ``name_en``, ``parent_code`` (missing for provinces),
    ``label_lon``, ``label_lat`` (a point inside the polygon), ``geometry``; subdistricts also
    have ``district_code`` (= ``parent_code``: the current district of the codes it hosts) and
    ``dopa_codes`` (the current DOPA codes inside the polygon, joined with ``|``).
    """
    if level not in LAYERS:
        raise ValueError(f"unknown level {level!r}: expected one of {', '.join(LAYERS)}")
    return gpd.read_parquet(_cached_file(Path(cache_dir), f"{level}.parquet"))


def polygons_in(layer: pd.DataFrame, level: str, scope: str | None) -> pd.DataFrame:
    """The polygons of a ``level`` layer (:func:`load_level`) inside the area ``scope`` (a DOPA
    code or its prefix; None or "" keeps every polygon), in the layer's order: subdistrict
    polygons by their ``district_code`` (the current district of the codes they host), the
    other levels by their ``code``.

    Example:
        >>> layer = pd.DataFrame({"code": ["460101", "460201", "470101"],
        ...                       "district_code": ["4601", "4601", "4701"]})
        >>> polygons_in(layer, "subdistrict", "4601")["code"].tolist()
        ['460101', '460201']
        >>> polygons_in(layer, "district", "46")["code"].tolist(), len(polygons_in(layer, "x", None))
        (['460101', '460201'], 3)
    """
    if not scope:
        return layer
    column = "district_code" if level == "subdistrict" else "code"
    return layer[layer[column].str.startswith(scope)]


def load_lookup(cache_dir: Path | str) -> pd.DataFrame:
    """All 7,436 current DOPA subdistrict codes -> the boundary polygon that holds each.

    Columns ``subdistrict_code`` and ``polygon_code`` (missing if no polygon holds the code).
    """
    return pd.read_parquet(_cached_file(Path(cache_dir), "subdistrict_lookup.parquet"))


def load_manifest(cache_dir: Path | str) -> dict[str, Any]:
    """The cache's manifest: source, file hashes, tolerances, counts, vertices, attribution."""
    path = _cached_file(Path(cache_dir), "manifest.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _cached_file(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise BoundaryError(
            f"no boundary cache at {folder} ({name} is missing): build it with `povmap setup` "
            "or geo.boundaries.ensure_cache()"
        )
    return path


# --- build -----------------------------------------------------------------------------------------------


def build_cache(
    source: str,
    cache_dir: Path,
    tolerances_m: Mapping[str, float],
    progress: Progress | None = None,
) -> Path:
    """Build the boundary cache in ``cache_dir`` from ``source`` and return ``cache_dir``.

    ``source`` is a folder (or a local .zip) holding the ADM1-ADM3 layers, an http(s) URL of a
    folder serving :data:`LAYER_FILES`, or an http(s) URL of a .zip (the HDX release).
    ``tolerances_m`` maps each level to its simplification tolerance in metres (0 = none).

    Everything is written to a temporary folder next to ``cache_dir`` and swapped in at the end;
    downloaded files are kept in ``cache_dir/source`` so a rebuild with other tolerances does not
    download again.

    Raises:
        BoundaryError: download, checksum, reading or geometry problem; nothing is left behind.
    """
    say = progress or _quiet
    started = time.perf_counter()
    tolerances = _check_tolerances(tolerances_m)
    source = str(source) if _is_url(str(source)) else str(Path(source).expanduser().resolve())
    cache_dir = Path(cache_dir)
    _check_replaceable(cache_dir)
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{cache_dir.name}.build-", dir=cache_dir.parent))
    try:
        work.chmod(0o755)  # mkdtemp makes it private; the cache is not secret
        layers, files = _gather(source, work / "source", cache_dir, say)
        names = _official_names()
        frames: dict[str, gpd.GeoDataFrame] = {}
        vertices: dict[str, dict[str, int]] = {}
        cleaned: dict[str, int] = {}
        for level in LEVELS:
            raw = _read_layer(layers[level], level, say)
            frame = _attributes(raw, level, names, say)
            geometry, info = _simplify(raw.geometry, tolerances[level], level, say)
            frame = gpd.GeoDataFrame(frame, geometry=geometry.values, crs=GEO_CRS)
            labels = shapely.point_on_surface(np.asarray(frame.geometry.values))
            frame.insert(len(frame.columns) - 1, "label_lon", shapely.get_x(labels))
            frame.insert(len(frame.columns) - 1, "label_lat", shapely.get_y(labels))
            frames[level] = frame
            if level == "subdistrict":
                raw_subdistricts = raw
            vertices[level] = {"source": info["source_vertices"], "simplified": info["vertices"]}
            cleaned[level] = info["cleaned"]
        frames["subdistrict"], lookup, unmatched = _rekey_subdistricts(frames["subdistrict"], say)
        national, info = _simplify(raw_subdistricts.geometry, tolerances[NATIONAL], NATIONAL, say)
        frames[NATIONAL] = frames["subdistrict"].set_geometry(national.values, crs=GEO_CRS)
        labels = shapely.point_on_surface(np.asarray(frames[NATIONAL].geometry.values))
        frames[NATIONAL]["label_lon"] = shapely.get_x(labels)
        frames[NATIONAL]["label_lat"] = shapely.get_y(labels)
        vertices[NATIONAL] = {"source": info["source_vertices"], "simplified": info["vertices"]}

        geojson_bytes: dict[str, int] = {}
        for level in LAYERS:
            frames[level].to_parquet(work / f"{level}.parquet", index=False)
            geojson_bytes[level] = len(to_geojson(frames[level], GEOJSON_DECIMALS).encode())
            say(
                f"{level}: {len(frames[level]):,} polygons, {vertices[level]['source']:,} -> "
                f"{vertices[level]['simplified']:,} vertices at {tolerances[level]:g} m, "
                f"GeoJSON ({GEOJSON_DECIMALS} decimals, code only) {geojson_bytes[level]:,} bytes"
            )
        lookup.to_parquet(work / "subdistrict_lookup.parquet", index=False)
        manifest = {
            "format": CACHE_FORMAT,
            "source": source,
            "files": files,
            "tolerances_m": tolerances,
            "crs": GEO_CRS,
            "simplified_in": METRIC_CRS,
            "counts": {
                **{level: len(frames[level]) for level in LAYERS},
                "subdistrict_lookup": len(lookup),
            },
            "vertices": vertices,
            "geojson_bytes": geojson_bytes,
            "geojson_decimals": GEOJSON_DECIMALS,
            "coverage_cleaned": cleaned,
            "unmatched_subdistricts": unmatched,
            "geothai_data_version": geothai.DATA_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - started, 2),
            "attribution": ATTRIBUTION,
            "attribution_th": ATTRIBUTION_TH,
        }
        (work / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        _swap_into_place(work, cache_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    say(f"boundary cache ready in {time.perf_counter() - started:.1f} s: {cache_dir}")
    return cache_dir


def _check_tolerances(tolerances_m: Mapping[str, float]) -> dict[str, float]:
    missing = [level for level in LEVELS if level not in tolerances_m]
    if missing:
        raise ValueError(f"tolerances_m lacks {', '.join(missing)}")
    out = {level: float(tolerances_m[level]) for level in LEVELS}
    # the national layer is never finer than the subdistrict layer
    out[NATIONAL] = float(tolerances_m.get(NATIONAL, out["subdistrict"]))
    bad = {k: v for k, v in out.items() if not np.isfinite(v) or v < 0}
    if bad:
        raise ValueError(f"tolerances must be finite and >= 0 metres: {bad}")
    return out


def _stale_reason(folder: Path, source: str, tolerances: Mapping[str, float]) -> str | None:
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        return "no cache yet"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "the manifest is unreadable"
    if manifest.get("format") != CACHE_FORMAT:
        return "the cache format changed"
    if manifest.get("source") != source:
        return f"the source changed (was {manifest.get('source')})"
    if manifest.get("tolerances_m") != dict(tolerances):
        return f"the tolerances changed (were {manifest.get('tolerances_m')})"
    if manifest.get("geothai_data_version") != geothai.DATA_VERSION:
        return "the geothai data version changed"
    if not all((folder / name).is_file() for name in _OUTPUT_FILES):
        return "cache files are missing"
    return None


@contextlib.contextmanager
def _lock(cache_dir: Path) -> Iterator[None]:
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    with open(cache_dir.parent / f".{cache_dir.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check_replaceable(cache_dir: Path) -> None:
    """Refuse to replace a folder that is neither empty nor a boundary cache."""
    if not cache_dir.exists():
        return
    if not cache_dir.is_dir():
        raise BoundaryError(f"cache path {cache_dir} exists and is not a folder")
    if any(cache_dir.iterdir()) and not (cache_dir / "manifest.json").is_file():
        raise BoundaryError(
            f"{cache_dir} is not empty and holds no manifest.json: refusing to replace a folder "
            "that is not a boundary cache (set POVMAP_CACHE_DIR to another folder)"
        )


def _swap_into_place(work: Path, cache_dir: Path) -> None:
    old = None
    if cache_dir.exists():
        old = cache_dir.with_name(f".{cache_dir.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(cache_dir, old)
    os.replace(work, cache_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- sources ---------------------------------------------------------------------------------------------


def _is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme.lower() in ("http", "https")


def _gather(
    source: str, download_dir: Path, cache_dir: Path, say: Progress
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Layer paths (GDAL syntax) per level and a record per source file (hash, size, checks)."""
    if _is_url(source):
        files = _fetch_url(source, download_dir, _previous_downloads(source, cache_dir), say)
        return _find_layers(download_dir), files
    path = Path(source).expanduser()
    if not path.exists():
        raise BoundaryError(
            f"boundary source {source} does not exist: set POVMAP_BOUNDARIES to a folder holding "
            "the HDX COD-AB layers (e.g. ../shared/boundaries) or to an http(s) URL"
        )
    if path.is_file() and path.suffix.lower() == ".zip":
        layers = {level: _zip_layer(path, level, any_single=False) for level in LEVELS}
        missing = [f"ADM{ADM_LEVEL[k]}" for k, v in layers.items() if v is None]
        if missing:
            raise BoundaryError(f"{path} holds no {', '.join(missing)} layer")
        return {k: v for k, v in layers.items() if v}, _hash_local([path], say)
    if not path.is_dir():
        raise BoundaryError(f"boundary source {source} is neither a folder nor a .zip")
    layers = _find_layers(path)
    used: list[Path] = []
    for gdal_path in layers.values():
        file = _file_of(gdal_path)
        if file.suffix.lower() == ".shp":
            used += [s for s in (file.with_suffix(x) for x in _SHP_SIDECARS) if s.is_file()]
        else:
            used.append(file)
    return layers, _hash_local(sorted(set(used)), say)


def _file_of(gdal_path: str) -> Path:
    """The file on disk behind a GDAL path (the zip for ``/vsizip/a.zip/member``)."""
    if gdal_path.startswith("/vsizip/"):
        inner = gdal_path.removeprefix("/vsizip/")
        return Path(inner[: inner.lower().index(".zip/") + 4])
    return Path(gdal_path)


def _hash_local(paths: Sequence[Path], say: Progress) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for path in paths:
        digest = _sha256_file(path)
        known = KNOWN_SHA256.get(path.name)
        record: dict[str, Any] = {"sha256": digest, "bytes": path.stat().st_size, "path": str(path)}
        if known is None:
            say(f"{path.name}: SHA-256 {digest} (not a known file; recorded in the manifest)")
            record["known"] = False
        elif known != digest:
            say(f"{path.name}: SHA-256 {digest} differs from the known release ({known})")
            record["known"] = False
        else:
            record["known"] = True
        files[path.name] = record
    return files


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _layer_pattern(level: str) -> re.Pattern[str]:
    return re.compile(rf"adm{ADM_LEVEL[level]}(?![0-9])", re.IGNORECASE)


def _suffix_rank(name: str) -> int | None:
    lower = name.lower()
    for rank, suffix in enumerate(_LAYER_SUFFIXES):
        if lower.endswith(suffix):
            return rank
    return None


def _pick(candidates: list[str], what: str, where: object) -> str | None:
    """The candidate with the preferred suffix; an error if several tie."""
    ranked = sorted((r, c) for c in candidates if (r := _suffix_rank(c)) is not None)
    if not ranked:
        return None
    best = [c for r, c in ranked if r == ranked[0][0]]
    if len(best) > 1:
        raise BoundaryError(f"several {what} layers in {where}: {', '.join(best)}; keep one")
    return best[0]


def _find_layers(folder: Path) -> dict[str, str]:
    """Find the ADM1-ADM3 layers in a folder by file name (adm1/adm2/adm3), or inside its zips."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    zips = [p for p in files if p.suffix.lower() == ".zip"]
    layers: dict[str, str] = {}
    for level in LEVELS:
        pattern = _layer_pattern(level)
        name = _pick(
            [p.name for p in files if pattern.search(p.name)], f"ADM{ADM_LEVEL[level]}", folder
        )
        if name is not None:
            path = folder / name
            if path.suffix.lower() == ".zip":
                found = _zip_layer(path, level, any_single=True)
                if found is None:
                    raise BoundaryError(f"{path} holds no .shp or .geojson layer")
                layers[level] = found
            else:
                layers[level] = str(path)
            continue
        inside = [found for z in zips if (found := _zip_layer(z, level, any_single=False))]
        if len(inside) > 1:
            raise BoundaryError(f"several ADM{ADM_LEVEL[level]} layers in the zips of {folder}")
        if not inside:
            raise BoundaryError(
                f"no ADM{ADM_LEVEL[level]} layer in {folder}: expected a file whose name contains "
                f"'adm{ADM_LEVEL[level]}' ending in .geojson, .shp or .zip (found: "
                f"{', '.join(p.name for p in files) or 'nothing'})"
            )
        layers[level] = inside[0]
    return layers


def _zip_layer(path: Path, level: str, *, any_single: bool) -> str | None:
    """``/vsizip/`` path of the ``level`` layer inside a zip (or its only layer if ``any_single``)."""
    try:
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.namelist() if not m.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise BoundaryError(f"{path} is not a readable zip file: {exc}") from exc
    layer_members = [
        m for m in members if _suffix_rank(m) is not None and not m.lower().endswith(".zip")
    ]
    pattern = _layer_pattern(level)
    member = _pick(
        [m for m in layer_members if pattern.search(posixpath.basename(m))],
        f"ADM{ADM_LEVEL[level]}",
        path,
    )
    if member is None and any_single and len(layer_members) == 1:
        member = layer_members[0]
    return None if member is None else f"/vsizip/{path}/{member}"


# --- download -------------------------------------------------------------------------------------------


def _offline_message(url: str, reason: object) -> str:
    return f"cannot download boundaries from {url} ({reason}). {OFFLINE_HINT}"


def download(
    url: str,
    dest: Path,
    expected: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
    *,
    timeout: float = DOWNLOAD_TIMEOUT_S,
) -> str:
    """Stream ``url`` to ``dest`` and return its SHA-256.

    The body goes to a temporary file next to ``dest``; only a complete body (as long as its
    Content-Length) whose hash equals every ``(label, sha256)`` in ``expected`` is moved to
    ``dest`` with ``os.replace``. On any failure no file is left at ``dest`` or beside it.

    Raises:
        BoundaryError: unreachable host (the message suggests a folder source), HTTP error,
            cut connection, wrong length, or checksum mismatch (naming file, expected, actual).
    """
    say = progress or _quiet
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "thai-poverty-map"})
        with urllib.request.urlopen(request, timeout=timeout) as response, open(part, "wb") as out:
            header = response.headers.get("Content-Length")
            total = int(header) if header and header.strip().isdigit() else None
            say(f"downloading {url}" + (f" ({total:,} bytes)" if total is not None else ""))
            h = hashlib.sha256()
            received = 0
            while chunk := response.read(1 << 20):
                out.write(chunk)
                h.update(chunk)
                received += len(chunk)
            if total is not None and received != total:
                raise BoundaryError(
                    f"download of {url} is incomplete: {received:,} of {total:,} bytes"
                )
            out.flush()
            os.fsync(out.fileno())
        digest = h.hexdigest()
        for label, want in expected:
            if digest != want.strip().lower():
                raise BoundaryError(
                    f"checksum mismatch for {dest.name} from {url}: expected SHA-256 "
                    f"{want} ({label}), actual {digest}"
                )
        os.replace(part, dest)
        return digest
    except urllib.error.HTTPError as exc:
        raise BoundaryError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise BoundaryError(_offline_message(url, exc.reason)) from exc
    except http.client.IncompleteRead as exc:
        raise BoundaryError(
            f"download of {url} was cut off: the connection closed before the end of the file "
            f"({exc})"
        ) from exc
    except (http.client.HTTPException, OSError) as exc:
        raise BoundaryError(f"download of {url} failed: {exc!r}") from exc
    finally:
        part.unlink(missing_ok=True)


def _read_sha256sums(url: str, source: str, say: Progress) -> dict[str, str]:
    """The server's SHA256SUMS (``hash  name`` lines) as name -> hash, empty if it has none."""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "thai-poverty-map"})
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response:
            text = response.read(1 << 20).decode("utf-8", errors="replace")
    except urllib.error.HTTPError:
        return {}
    except urllib.error.URLError as exc:
        raise BoundaryError(_offline_message(source, exc.reason)) from exc
    except (http.client.HTTPException, OSError) as exc:
        raise BoundaryError(f"cannot read {url}: {exc!r}") from exc
    sums: dict[str, str] = {}
    for line in text.splitlines():
        match = re.fullmatch(r"\s*([0-9a-fA-F]{64})\s+\*?(.+?)\s*", line)
        if match:
            sums[posixpath.basename(match.group(2))] = match.group(1).lower()
    say(f"{url}: checksums for {len(sums)} files")
    return sums


def _previous_downloads(source: str, cache_dir: Path) -> dict[str, tuple[Path, str]]:
    """Files an earlier build downloaded from the same URL, with their recorded hashes."""
    try:
        manifest = json.loads((cache_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if manifest.get("source") != source:
        return {}
    return {
        name: (cache_dir / "source" / name, record["sha256"])
        for name, record in manifest.get("files", {}).items()
        if (cache_dir / "source" / name).is_file()
    }


def _fetch_url(
    source: str, dest_dir: Path, previous: Mapping[str, tuple[Path, str]], say: Progress
) -> dict[str, dict[str, Any]]:
    path = urllib.parse.urlsplit(source).path
    if path.lower().endswith(".zip"):
        urls = {posixpath.basename(path): source}
    else:
        base = source if source.endswith("/") else source + "/"
        urls = {name: urllib.parse.urljoin(base, name) for name in LAYER_FILES.values()}
    sums_url = urllib.parse.urljoin(next(iter(urls.values())), SHA256SUMS)
    sums = _read_sha256sums(sums_url, source, say)
    dest_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, Any]] = {}
    for name, url in urls.items():
        expected = [
            (label, table[name])
            for label, table in (("KNOWN_SHA256", KNOWN_SHA256), (SHA256SUMS, sums))
            if name in table
        ]
        reused = previous.get(name)
        if (
            reused
            and _sha256_file(reused[0]) == reused[1]
            and all(reused[1] == want for _, want in expected)
        ):
            shutil.copy2(reused[0], dest_dir / name)
            digest = reused[1]
            say(f"{name}: reusing the copy downloaded earlier")
        else:
            digest = download(url, dest_dir / name, expected, say)
        if not expected:
            say(f"{name}: SHA-256 {digest} (no known checksum; recorded in the manifest)")
        files[name] = {
            "sha256": digest,
            "bytes": (dest_dir / name).stat().st_size,
            "url": url,
            "checked_against": [label for label, _ in expected],
            "known": name in KNOWN_SHA256,
        }
    return files


# --- reading and processing -----------------------------------------------------------------------------


def _read_layer(path: str, level: str, say: Progress) -> gpd.GeoDataFrame:
    """One HDX layer with a normalised ``code`` column, its HDX names and polygonal geometry."""
    n = ADM_LEVEL[level]
    try:
        raw = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises DataSourceError, DataLayerError, ...
        raise BoundaryError(f"cannot read the ADM{n} layer {path}: {exc}") from exc
    columns = {c.upper(): c for c in raw.columns}
    pcode = columns.get(f"ADM{n}_PCODE")
    if pcode is None:
        raise BoundaryError(
            f"the ADM{n} layer {path} has no ADM{n}_PCODE column (columns: {', '.join(raw.columns)})"
        )
    if raw.crs is None:
        say(f"ADM{n} layer has no CRS; assuming EPSG:4326")
        raw = raw.set_crs(GEO_CRS)
    try:
        code = [codes.normalize_code(v, level) for v in raw[pcode]]  # type: ignore[arg-type]
    except codes.CodeError as exc:
        raise BoundaryError(f"bad ADM{n}_PCODE in {path}: {exc}") from exc
    duplicated = sorted({c for c, k in Counter(code).items() if k > 1})
    if duplicated:
        raise BoundaryError(f"ADM{n} codes repeat in {path}: {', '.join(duplicated[:10])}")
    geoms = np.asarray(raw.geometry.values)
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if bad.any():
        raise BoundaryError(
            f"ADM{n} features without geometry: {np.asarray(code)[bad][:10].tolist()}"
        )
    kinds = set(shapely.get_type_id(geoms).tolist()) - {3, 6}
    if kinds:
        raise BoundaryError(f"ADM{n} layer {path} holds non-polygon geometries")
    out = gpd.GeoDataFrame(
        {
            "code": pd.array(code, dtype="str"),
            "hdx_name_th": raw[columns[f"ADM{n}_TH"]] if f"ADM{n}_TH" in columns else None,
            "hdx_name_en": raw[columns[f"ADM{n}_EN"]] if f"ADM{n}_EN" in columns else None,
        },
        geometry=raw.geometry.values,
        crs=raw.crs,
    )
    return out.sort_values("code", ignore_index=True)


def _official_names() -> dict[str, tuple[str, str]]:
    table = codes.area_table()
    return dict(
        zip(table["code"], zip(table["name_th"], table["name_en"], strict=True), strict=True)
    )


def _attributes(
    raw: gpd.GeoDataFrame, level: str, names: Mapping[str, tuple[str, str]], say: Progress
) -> pd.DataFrame:
    """code, name_th, name_en (geothai; HDX only for codes geothai lacks), parent_code."""
    name_th: list[str] = []
    name_en: list[str] = []
    unknown: list[str] = []
    for code, hdx_th, hdx_en in zip(
        raw["code"], raw["hdx_name_th"], raw["hdx_name_en"], strict=True
    ):
        official = names.get(code)
        if official is None:
            unknown.append(code)
            official = (hdx_th, hdx_en)
        name_th.append(official[0])
        name_en.append(official[1])
    if unknown and level != "subdistrict":  # subdistricts are re-keyed later
        say(f"{level}: {len(unknown)} codes unknown to geothai keep HDX names: {unknown[:10]}")
    parent = [codes.parent_code(c) for c in raw["code"]]
    return pd.DataFrame(
        {
            "code": raw["code"].to_numpy(),
            "name_th": pd.array(name_th, dtype="str"),
            "name_en": pd.array(name_en, dtype="str"),
            "parent_code": pd.array(parent, dtype="str"),
        }
    )


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a geometry (make_valid may add lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polygons: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            polygons.append(part)
        elif isinstance(part, MultiPolygon):
            polygons.extend(part.geoms)
    if not polygons:
        return Polygon()
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _simplify(
    geometry: gpd.GeoSeries, tolerance_m: float, level: str, say: Progress
) -> tuple[gpd.GeoSeries, dict[str, int]]:
    """Coverage-preserving simplification in metres; returns EPSG:4326 geometries, all valid."""
    metric = np.asarray(geometry.to_crs(METRIC_CRS).values)
    source_vertices = int(shapely.get_num_coordinates(metric).sum())
    invalid = ~shapely.is_valid(metric)
    if invalid.any():
        say(f"{level}: repairing {int(invalid.sum())} invalid source polygons")
        metric[invalid] = [_polygonal(g) for g in shapely.make_valid(metric[invalid])]
    cleaned = 0
    if not shapely.coverage_is_valid(metric):
        cleaned = int((~shapely.is_empty(shapely.coverage_invalid_edges(metric))).sum())
        say(
            f"{level}: {cleaned} polygons do not share exact edges with their neighbours; "
            f"snapping vertices within {SNAP_M:g} m (coverage_clean)"
        )
        metric = shapely.coverage_clean(metric, snapping_distance=SNAP_M)
        if not shapely.coverage_is_valid(metric):
            say(f"{level}: the coverage is still not edge-matched after cleaning")
    simplified = (
        shapely.coverage_simplify(metric, tolerance_m, simplify_boundary=True)
        if tolerance_m > 0
        else metric
    )
    back = np.asarray(gpd.GeoSeries(simplified, crs=METRIC_CRS).to_crs(GEO_CRS).values)
    bad = ~shapely.is_valid(back)
    if bad.any():
        say(f"{level}: make_valid on {int(bad.sum())} simplified polygons")
        back[bad] = [_polygonal(g) for g in shapely.make_valid(back[bad])]
    empty = shapely.is_empty(back) | ~shapely.is_valid(back)
    if empty.any():
        raise BoundaryError(
            f"{level}: simplification at {tolerance_m:g} m left {int(empty.sum())} empty or invalid "
            f"polygons (first at index {int(np.flatnonzero(empty)[0])}); lower the tolerance"
        )
    info = {
        "source_vertices": source_vertices,
        "vertices": int(shapely.get_num_coordinates(back).sum()),
        "cleaned": cleaned,
    }
    return gpd.GeoSeries(back, crs=GEO_CRS), info


def _rekey_subdistricts(
    frame: gpd.GeoDataFrame, say: Progress
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, list[str]]:
    """Give every ADM3 polygon the current DOPA codes it hosts; build the code -> polygon lookup."""
    table = codes.area_table()
    current = table.loc[table["level"] == "subdistrict"]
    names = dict(
        zip(current["code"], zip(current["name_th"], current["name_en"], strict=True), strict=True)
    )
    polygons = set(frame["code"])
    lookup: dict[str, str | None] = {}
    for code in current["code"]:
        polygon = code if code in polygons else codes.polygon_for_subdistrict(code)
        lookup[code] = polygon if polygon in polygons else None
    unmatched = sorted(c for c, p in lookup.items() if p is None)
    if unmatched:
        say(f"subdistrict: {len(unmatched)} current DOPA codes have no polygon: {unmatched[:10]}")
    hosts: dict[str, list[str]] = {}
    for code, polygon in lookup.items():
        if polygon is not None:
            hosts.setdefault(polygon, []).append(code)
    dopa, name_th, name_en, district = [], [], [], []
    orphans: list[str] = []
    for code, th, en in zip(frame["code"], frame["name_th"], frame["name_en"], strict=True):
        hosted = sorted(hosts.get(code, []))
        if not hosted:
            orphans.append(code)
            dopa.append("")
            name_th.append(th)
            name_en.append(en)
            district.append(codes.ancestor(code, "district"))
            continue
        dopa.append("|".join(hosted))
        name_th.append(" / ".join(names[c][0] for c in hosted))
        name_en.append(" / ".join(names[c][1] for c in hosted))
        counts = Counter(codes.ancestor(c, "district") for c in hosted)
        district.append(max(sorted(counts), key=lambda d: counts[d]))
    if orphans:
        say(f"subdistrict: {len(orphans)} polygons hold no current DOPA code: {orphans[:10]}")
    moved = [
        (c, d)
        for c, d in zip(frame["code"], district, strict=True)
        if codes.ancestor(c, "district") != d
    ]
    if moved:
        say(
            "subdistrict: polygons now in another district: "
            + ", ".join(f"{c} -> {d}" for c, d in moved[:10])
        )
    out = frame.copy()
    out["name_th"] = pd.array(name_th, dtype="str")
    out["name_en"] = pd.array(name_en, dtype="str")
    out["parent_code"] = pd.array(district, dtype="str")
    out.insert(4, "district_code", pd.array(district, dtype="str"))
    out.insert(5, "dopa_codes", pd.array(dopa, dtype="str"))
    table_out = pd.DataFrame(
        {
            "subdistrict_code": pd.array(list(lookup), dtype="str"),
            "polygon_code": pd.array(list(lookup.values()), dtype="str"),
        }
    )
    return out, table_out, unmatched


# --- helpers for consumers --------------------------------------------------------------------------------


def to_geojson(
    frame: gpd.GeoDataFrame,
    decimals: int = GEOJSON_DECIMALS,
    properties: Sequence[str] = ("code",),
) -> str:
    """Compact GeoJSON of ``frame`` with coordinates rounded to ``decimals`` and only ``properties``.

    Rounding is per vertex, so neighbours that shared a vertex still share it; repeated points
    created by rounding are dropped. Used to measure what a level costs a browser.
    """
    factor = 10.0**decimals
    rounded = shapely.transform(
        np.asarray(frame.geometry.values), lambda c: np.round(c * factor) / factor
    )
    geometries = []
    for geom in rounded:
        try:
            geometries.append(shapely.remove_repeated_points(geom))
        except shapely.errors.GEOSException:
            geometries.append(geom)
    texts = shapely.to_geojson(np.asarray(geometries, dtype=object))
    records = frame[list(properties)].astype(object).to_dict("records")
    features = ",".join(
        '{"type":"Feature","properties":'
        + json.dumps(props, ensure_ascii=False, separators=(",", ":"), default=str)
        + ',"geometry":'
        + text
        + "}"
        for props, text in zip(records, texts, strict=True)
    )
    return '{"type":"FeatureCollection","features":[' + features + "]}"


def random_points_in(geometry: shapely.Geometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` random (lon, lat) points strictly inside ``geometry``, as an ``(n, 2)`` array.

    Rejection sampling in the bounding box: uniform in degrees, which within one subdistrict is
    uniform in area to well under 1%. Deterministic for a given ``rng`` state.

    Raises:
        ValueError: ``n`` is negative, or the geometry is empty or has no area.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if geometry is None or geometry.is_empty or geometry.area <= 0:
        raise ValueError("cannot place points in an empty geometry or one without area")
    if n == 0:
        return np.empty((0, 2))
    minx, miny, maxx, maxy = geometry.bounds
    fill = geometry.area / ((maxx - minx) * (maxy - miny))
    shapely.prepare(geometry)
    found: list[np.ndarray] = []
    have = 0
    for _ in range(1000):
        want = n - have
        batch = min(int(want / fill * 1.25) + 16, 1_000_000)
        xs = rng.uniform(minx, maxx, batch)
        ys = rng.uniform(miny, maxy, batch)
        inside = shapely.contains_xy(geometry, xs, ys)
        points = np.column_stack([xs[inside], ys[inside]])[:want]
        found.append(points)
        have += len(points)
        if have >= n:
            return np.concatenate(found)
    raise RuntimeError(f"could not place {n} points inside the geometry")  # pragma: no cover
