"""geo.boundaries: the real cache (counts, names, coverage, size) and verified downloads."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import boundaries, codes
from povmap import settings

from .conftest import ROOT, TOLERANCES

ADM3 = boundaries.LAYER_FILES["subdistrict"]
ADM2 = boundaries.LAYER_FILES["district"]


# --- the built cache ---------------------------------------------------------------------------------


def test_counts(built_cache, layers):
    assert {level: len(frame) for level, frame in layers.items()} == {
        "province": 77,
        "district": 928,
        "subdistrict": 7425,
        "subdistrict_national": 7425,
    }
    lookup = boundaries.load_lookup(built_cache)
    assert len(lookup) == 7436
    manifest = boundaries.load_manifest(built_cache)
    assert manifest["counts"] == {
        "province": 77,
        "district": 928,
        "subdistrict": 7425,
        "subdistrict_national": 7425,
        "subdistrict_lookup": 7436,
    }
    assert sorted(p.name for p in built_cache.iterdir()) == [
        "district.parquet",
        "manifest.json",
        "province.parquet",
        "subdistrict.parquet",
        "subdistrict_lookup.parquet",
        "subdistrict_national.parquet",
    ]


def test_columns_and_codes(layers):
    base = ["code", "name_th", "name_en", "parent_code", "label_lon", "label_lat", "geometry"]
    assert list(layers["province"].columns) == base
    assert list(layers["district"].columns) == base
    assert set(layers["subdistrict"].columns) == {*base, "district_code", "dopa_codes"}
    assert list(layers["subdistrict_national"].columns) == list(layers["subdistrict"].columns)
    assert layers["subdistrict_national"]["code"].tolist() == layers["subdistrict"]["code"].tolist()
    for level, frame in layers.items():
        assert frame.crs.to_epsg() == 4326
        assert frame["code"].is_unique
        width = codes.WIDTH["subdistrict" if level == boundaries.NATIONAL else level]
        assert (frame["code"].str.len() == width).all()
        assert frame["code"].str.fullmatch(r"[0-9]+").all()
    assert layers["province"]["parent_code"].isna().all()
    assert set(layers["province"]["code"]) == set(
        codes.area_table().query("level == 'province'")["code"]
    )
    districts = layers["district"]
    assert (districts["parent_code"] == districts["code"].str[:2]).all()
    assert set(districts["code"]) == set(codes.area_table().query("level == 'district'")["code"])


def test_names_are_official_not_hdx(layers):
    districts = layers["district"].set_index("code")
    assert districts.loc["7701", "name_th"] == "เมืองประจวบคีรีขันธ์"  # HDX: เมืองประจวบคีรีข
    assert districts.loc["1001", "name_th"] == "เขตพระนคร"  # HDX drops the เขต prefix
    sub = layers["subdistrict"].set_index("code")
    assert sub.loc["501805", "name_th"] == "แม่หลอง"  # HDX: สบโขง
    assert sub.loc["100101", "name_en"] == "Phra Borom Maha Ratchawang"
    assert sub.loc["100905", "name_en"] == "Bang Chak / Phra Khanong Tai"
    assert sub.loc["104701", "name_th"] == "บางนาเหนือ / บางนาใต้"
    assert layers["province"].set_index("code").loc["10", "name_th"] == "กรุงเทพมหานคร"


def test_subdistricts_are_rekeyed_to_current_codes(layers):
    sub = layers["subdistrict"].set_index("code")
    assert sub.loc["100905", "dopa_codes"] == "100905|100910"
    assert sub.loc["104701", "dopa_codes"] == "104702|104703"
    assert sub.loc["105001", "dopa_codes"] == "105002|105003|105004|105005"
    # Tha Faek moved from Tha Pla (5303) to Nam Pat (5304); its polygon keeps the old code
    assert sub.loc["530306", "dopa_codes"] == "530407"
    assert sub.loc["530306", "district_code"] == "5304"
    assert sub.loc["530306", "parent_code"] == "5304"
    assert sub.loc["530306", "name_en"] == "Tha Faek"
    assert (sub["district_code"] == sub["parent_code"]).all()
    moved = sub[sub.index.str[:4] != sub["district_code"]]
    assert list(moved.index) == ["530306"]
    for code, row in sub.iterrows():
        assert tuple(row["dopa_codes"].split("|")) == codes.current_codes_for_polygon(code)


def test_every_current_subdistrict_maps_to_a_cached_polygon(built_cache, layers):
    lookup = boundaries.load_lookup(built_cache)
    assert list(lookup.columns) == ["subdistrict_code", "polygon_code"]
    current = codes.area_table().query("level == 'subdistrict'")["code"]
    assert sorted(lookup["subdistrict_code"]) == sorted(current)
    assert lookup["polygon_code"].notna().all()
    assert set(lookup["polygon_code"]) == set(layers["subdistrict"]["code"])
    for code, polygon in zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True):
        assert polygon == codes.polygon_for_subdistrict(code)
    assert boundaries.load_manifest(built_cache)["unmatched_subdistricts"] == []


def test_geometries_valid_polygonal_and_labelled(layers):
    for level, frame in layers.items():
        geoms = np.asarray(frame.geometry.values)
        assert shapely.is_valid(geoms).all(), level
        assert not shapely.is_empty(geoms).any(), level
        assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}, level
        inside = shapely.intersects_xy(geoms, frame["label_lon"], frame["label_lat"])
        assert inside.all(), f"{level}: label points outside {frame['code'][~inside].tolist()}"
        minx, miny, maxx, maxy = frame.total_bounds
        assert 97 < minx < maxx < 106 and 5 < miny < maxy < 21, level


def _metric(frame: gpd.GeoDataFrame) -> np.ndarray:
    return np.asarray(frame.to_crs(boundaries.METRIC_CRS).geometry.values)


@pytest.mark.parametrize("level", boundaries.LAYERS)
def test_simplified_layers_are_a_coverage(layers, level):
    """No overlaps and no gaps between neighbours after simplification.

    Neighbours share their edge vertex for vertex, so their intersection has zero area; the only
    slack is floating-point noise of the EPSG:4326 <-> UTM round trip (well under 1 m² in total).
    """
    geoms = _metric(layers[level])
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    assert pairs.sum() > len(geoms)  # every polygon has neighbours: the query did find pairs
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])).sum()
    assert overlap < 1.0, f"{level}: neighbours overlap by {overlap:.3f} m²"
    total = shapely.area(geoms).sum()
    union = shapely.union_all(geoms).area
    assert abs(union - total) / total < 1e-4
    assert shapely.coverage_is_valid(geoms)
    assert 510e9 < total < 520e9  # Thailand: about 516,000 km²


def test_simplification_measures(built_cache, layers, build_log):
    manifest = boundaries.load_manifest(built_cache)
    assert manifest["tolerances_m"] == TOLERANCES
    for level, frame in layers.items():
        counts = manifest["vertices"][level]
        assert counts["simplified"] == int(shapely.get_num_coordinates(frame.geometry.values).sum())
        assert counts["simplified"] < counts["source"]
    assert manifest["vertices"]["subdistrict"]["source"] == 206198
    # the three Bueng Kan tambons whose shared edges do not match in the source are snapped
    assert manifest["coverage_cleaned"] == {"province": 0, "district": 0, "subdistrict": 3}
    assert any("vertices at 1900 m" in line for line in build_log)


def test_subdistrict_geojson_fits_the_budget(built_cache, layers):
    text = boundaries.to_geojson(layers["subdistrict_national"], decimals=4)
    size = len(text.encode())
    assert size <= 2_000_000, f"national subdistrict GeoJSON is {size:,} bytes"
    assert boundaries.load_manifest(built_cache)["geojson_bytes"]["subdistrict_national"] == size
    data = json.loads(text)
    assert len(data["features"]) == 7425
    first = data["features"][0]
    assert first["properties"] == {"code": "100101"}
    coordinate = first["geometry"]["coordinates"][0][0]
    assert all(round(v, 4) == v for v in coordinate)


def test_manifest_records_source_hashes_and_attribution(built_cache, shared_dir):
    manifest = boundaries.load_manifest(built_cache)
    assert manifest["source"] == str(shared_dir)
    assert manifest["format"] == boundaries.CACHE_FORMAT
    assert {n: f["sha256"] for n, f in manifest["files"].items()} == boundaries.KNOWN_SHA256
    assert all(f["known"] for f in manifest["files"].values())
    assert manifest["attribution"] == boundaries.ATTRIBUTION
    assert manifest["attribution_th"] == boundaries.ATTRIBUTION_TH
    assert manifest["built_at"]


def test_known_hashes_are_the_shared_files(shared_dir):
    for name, digest in boundaries.KNOWN_SHA256.items():
        assert hashlib.sha256((shared_dir / name).read_bytes()).hexdigest() == digest


def test_attribution_text():
    assert boundaries.ATTRIBUTION == (
        "Administrative boundaries © Royal Thai Survey Department, via OCHA Humanitarian Data "
        "Exchange (COD-AB Thailand), CC BY 3.0 IGO. Simplified by prasertcbs/thailand_gis."
    )
    assert "กรมแผนที่ทหาร" in boundaries.ATTRIBUTION_TH
    assert "CC BY 3.0 IGO" in boundaries.ATTRIBUTION_TH


# --- ensure_cache, loading, helpers ----------------------------------------------------------------------


def test_ensure_cache_keeps_a_fresh_cache(built_cache, shared_dir):
    before = (built_cache / "manifest.json").read_text()
    said: list[str] = []
    out = boundaries.ensure_cache(
        str(shared_dir), built_cache, said.append, tolerances_m=TOLERANCES
    )
    assert out == built_cache
    assert said == []
    assert (built_cache / "manifest.json").read_text() == before


def test_stale_reasons(built_cache, shared_dir):
    stale = boundaries._stale_reason
    assert stale(built_cache, str(shared_dir), TOLERANCES) is None
    assert "tolerances changed" in stale(
        built_cache, str(shared_dir), {**TOLERANCES, "district": 1}
    )
    assert "source changed" in stale(built_cache, "http://example.org/b/", TOLERANCES)
    assert stale(built_cache.parent / "nothing-here", str(shared_dir), TOLERANCES) == "no cache yet"


def test_ensure_cache_rebuilds_when_tolerances_change(built_cache, shared_dir, tmp_path):
    cache = tmp_path / "boundaries"
    shutil.copytree(built_cache, cache)
    said: list[str] = []
    tolerances = {**TOLERANCES, "province": 3000.0}
    boundaries.ensure_cache(str(shared_dir), cache, said.append, tolerances_m=tolerances)
    assert "tolerances changed" in said[0]
    manifest = boundaries.load_manifest(cache)
    assert manifest["tolerances_m"] == tolerances
    assert (
        manifest["vertices"]["province"]["simplified"]
        < boundaries.load_manifest(built_cache)["vertices"]["province"]["simplified"]
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".boundaries.")] == [
        ".boundaries.lock"
    ]


def test_relative_source_resolves_against_the_root(tmp_path, monkeypatch):
    """A relative source is read from the working directory, else from the root given."""
    root, cwd = tmp_path / "repo", tmp_path / "elsewhere"
    (root / "boundaries").mkdir(parents=True)
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    relative = str(Path("boundaries"))
    assert boundaries._canonical_source(relative, root) == str((root / "boundaries").resolve())
    assert boundaries._canonical_source(relative) == str((cwd / "boundaries").resolve())
    (cwd / "boundaries").mkdir()
    assert boundaries._canonical_source(relative, root) == str((cwd / "boundaries").resolve())
    assert boundaries._canonical_source("https://example.org/b.zip", root) == (
        "https://example.org/b.zip"
    )


def test_load_level_errors(tmp_path):
    with pytest.raises(ValueError, match="unknown level"):
        boundaries.load_level("village", tmp_path)
    with pytest.raises(boundaries.BoundaryError, match="no boundary cache"):
        boundaries.load_level("province", tmp_path / "missing")


def test_build_refuses_to_replace_an_unrelated_folder(shared_dir, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(boundaries.BoundaryError, match="refusing to replace"):
        boundaries.build_cache(str(shared_dir), tmp_path, TOLERANCES)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_missing_source_folder(tmp_path):
    with pytest.raises(boundaries.BoundaryError, match="does not exist"):
        boundaries.build_cache(str(tmp_path / "nope"), tmp_path / "cache", TOLERANCES)
    (tmp_path / "empty").mkdir()
    with pytest.raises(boundaries.BoundaryError, match="no ADM1 layer"):
        boundaries.build_cache(str(tmp_path / "empty"), tmp_path / "cache", TOLERANCES)
    assert not (tmp_path / "cache").exists()


def test_random_points_in(layers):
    sub = layers["subdistrict"].set_index("code")
    polygon = sub.loc["104701", "geometry"]
    points = boundaries.random_points_in(polygon, 500, np.random.default_rng(1))
    assert points.shape == (500, 2)
    assert shapely.contains_xy(polygon, points[:, 0], points[:, 1]).all()
    again = boundaries.random_points_in(polygon, 500, np.random.default_rng(1))
    assert np.array_equal(points, again)
    multi = sub.loc[sub.geom_type == "MultiPolygon", "geometry"].iloc[0]
    points = boundaries.random_points_in(multi, 50, np.random.default_rng(2))
    assert shapely.contains_xy(multi, points[:, 0], points[:, 1]).all()
    assert boundaries.random_points_in(polygon, 0, np.random.default_rng(3)).shape == (0, 2)
    with pytest.raises(ValueError):
        boundaries.random_points_in(shapely.Polygon(), 5, np.random.default_rng(4))
    with pytest.raises(ValueError):
        boundaries.random_points_in(polygon, -1, np.random.default_rng(4))


def test_geo_does_not_import_streamlit():
    script = (
        "import sys, geo, geo.codes, geo.boundaries, geo.maps, geo.area_map, geo.site_layers; "
        "assert 'streamlit' not in sys.modules, 'streamlit imported'; "
        "assert not any(m.split('.')[0] == 'povmap' for m in sys.modules), 'povmap imported'"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)


# --- sources: zip files -------------------------------------------------------------------------------------


ZIP_NAME = "tha_adm_rtsd_itos_20210121_shp.zip"


def _release_zip(shared_dir: Path, folder: Path) -> Path:
    """A zip laid out like the HDX release (one member per level, HDX names), GeoJSON members."""
    folder.mkdir(exist_ok=True)
    zipped = folder / ZIP_NAME
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        for level, name in boundaries.LAYER_FILES.items():
            n = boundaries.ADM_LEVEL[level]
            z.write(shared_dir / name, f"tha_admbnda_adm{n}_rtsd_20220121.geojson")
        z.writestr("tha_admbndl_admALL_rtsd_itos_20220121.txt", "lines, not a layer")
    return zipped


def test_layers_are_found_inside_a_zip(shared_dir, tmp_path):
    zipped = _release_zip(shared_dir, tmp_path / "site")
    found = boundaries._find_layers(zipped.parent)
    assert found["subdistrict"] == f"/vsizip/{zipped}/tha_admbnda_adm3_rtsd_20220121.geojson"
    assert len(boundaries._read_layer(found["district"], "district", print)) == 928


def test_build_from_zip_url_records_the_unknown_hash(shared_dir, tmp_path, layers):
    zipped = _release_zip(shared_dir, tmp_path / "site")
    digest = hashlib.sha256(zipped.read_bytes()).hexdigest()
    said: list[str] = []
    cache = tmp_path / "boundaries"
    with serve(zipped.parent) as url:
        boundaries.build_cache(url + ZIP_NAME, cache, TOLERANCES, progress=said.append)
    record = boundaries.load_manifest(cache)["files"][ZIP_NAME]
    assert record["sha256"] == digest
    assert record["known"] is False and record["checked_against"] == []
    assert any(digest in line and "recorded in the manifest" in line for line in said)
    assert boundaries.load_manifest(cache)["counts"]["subdistrict_lookup"] == 7436
    rebuilt = boundaries.load_level("subdistrict", cache)
    assert rebuilt["code"].tolist() == layers["subdistrict"]["code"].tolist()
    assert rebuilt.geometry.geom_equals_exact(layers["subdistrict"].geometry, 0).all()


def _shapefile_release_zip(shared_dir: Path, folder: Path) -> Path:
    """A zip laid out as the HDX release is: shapefiles ADM1-ADM3 with their sidecars."""
    folder.mkdir(parents=True, exist_ok=True)
    zipped = folder / ZIP_NAME
    layers_dir = folder / "layers"
    layers_dir.mkdir()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        for level, name in boundaries.LAYER_FILES.items():
            n = boundaries.ADM_LEVEL[level]
            stem = f"tha_admbnda_adm{n}_rtsd_20220121"
            keep = [f"ADM{n}_PCODE", f"ADM{n}_TH", f"ADM{n}_EN", "geometry"]
            frame = gpd.read_file(shared_dir / name)[keep]
            frame.to_file(layers_dir / f"{stem}.shp", engine="pyogrio", encoding="UTF-8")
            for sidecar in sorted(layers_dir.glob(f"{stem}.*")):
                z.write(sidecar, sidecar.name)
        z.writestr("tha_admbndl_admALL_rtsd_itos_20220121.txt", "lines, not a layer")
    return zipped


def test_default_source_is_the_release_file_not_a_web_page(shared_dir, tmp_path):
    """The default URL is HDX's download link of the zip; served at the same path, it builds."""
    default = settings.HDX_RELEASE_URL
    assert next(s.default for s in settings.SETTINGS if s.name == "POVMAP_BOUNDARIES") == default
    parts = urllib.parse.urlsplit(default)
    assert parts.scheme == "https" and parts.netloc == "data.humdata.org"
    assert parts.path == (
        "/dataset/d24bdc45-eb4c-4e3d-8b16-44db02667c27/resource/"
        "d0c722ff-6939-4423-ac0d-6501830b1759/download/" + ZIP_NAME
    )
    site = tmp_path / "site"
    download_dir = site / parts.path.lstrip("/").rsplit("/", 1)[0]
    _shapefile_release_zip(shared_dir, download_dir)
    cache = tmp_path / "boundaries"
    with serve(site) as url:
        boundaries.build_cache(url + parts.path.lstrip("/"), cache, TOLERANCES)
    counts = boundaries.load_manifest(cache)["counts"]
    assert (counts["province"], counts["district"], counts["subdistrict"]) == (77, 928, 7425)
    provinces = boundaries.load_level("province", cache)
    assert provinces.set_index("code").loc["46", "name_th"] == "กาฬสินธุ์"


# --- download ------------------------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


class _WithSums(_Quiet):
    """Serves the folder plus a SHA256SUMS built from ``sums``."""

    sums: ClassVar[dict[str, str]] = {}

    def do_GET(self):
        if self.path.rsplit("/", 1)[-1] != "SHA256SUMS":
            return super().do_GET()
        body = "".join(f"{h}  {n}\n" for n, h in self.sums.items()).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Corrupt(_Quiet):
    """Serves ADM3 with one byte changed (same length)."""

    def do_GET(self):
        if not self.path.endswith(ADM3):
            return super().do_GET()
        body = bytearray(Path(self.directory, ADM3).read_bytes())
        body[len(body) // 2] ^= 0x01
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(bytes(body))


class _Cut(_Quiet):
    """Announces all of ADM2 but sends half of it, then closes the connection."""

    def do_GET(self):
        if not self.path.endswith(ADM2):
            return super().do_GET()
        body = Path(self.directory, ADM2).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True


@contextlib.contextmanager
def serve(folder: Path, handler: type = _Quiet) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _leftovers(parent: Path) -> list[str]:
    """Temporary build folders or partial downloads under ``parent``."""
    return sorted(
        str(p.relative_to(parent))
        for p in parent.rglob("*")
        if ".build-" in p.name or p.name.endswith(".part") or ".old-" in p.name
    )


def test_build_from_url_records_hashes(shared_dir, tmp_path, layers):
    cache = tmp_path / "boundaries"
    said: list[str] = []
    with serve(shared_dir) as url:
        boundaries.build_cache(url, cache, TOLERANCES, progress=said.append)
    manifest = boundaries.load_manifest(cache)
    assert manifest["source"] == url
    assert {n: f["sha256"] for n, f in manifest["files"].items()} == boundaries.KNOWN_SHA256
    assert all(f["checked_against"] == ["KNOWN_SHA256"] for f in manifest["files"].values())
    for name in boundaries.LAYER_FILES.values():
        assert (cache / "source" / name).read_bytes() == (shared_dir / name).read_bytes()
    assert manifest["counts"]["subdistrict"] == len(layers["subdistrict"]) == 7425
    assert any(line.startswith("downloading http://127.0.0.1") for line in said)
    assert _leftovers(tmp_path) == []


def test_download_checks_the_servers_sha256sums(shared_dir, tmp_path):
    name = boundaries.LAYER_FILES["province"]

    class Good(_WithSums):
        sums: ClassVar[dict[str, str]] = {name: boundaries.KNOWN_SHA256[name]}

    class Bad(_WithSums):
        sums: ClassVar[dict[str, str]] = {name: "0" * 64}

    with serve(shared_dir, Good) as url:
        sums = boundaries._read_sha256sums(url + "SHA256SUMS", url, print)
        assert sums == Good.sums
        digest = boundaries.download(url + name, tmp_path / name, [("SHA256SUMS", sums[name])])
        assert digest == boundaries.KNOWN_SHA256[name]
    with serve(shared_dir, Bad) as url:
        cache = tmp_path / "bad"
        with pytest.raises(boundaries.BoundaryError) as info:
            boundaries.build_cache(url, cache, TOLERANCES)
    message = str(info.value)
    assert name in message and "0" * 64 in message and "SHA256SUMS" in message
    assert boundaries.KNOWN_SHA256[name] in message  # the actual hash
    assert not cache.exists()
    assert _leftovers(tmp_path) == []


def test_unknown_file_hash_is_recorded_and_printed(shared_dir, tmp_path):
    name = "tha_adm1_other.geojson"
    (tmp_path / "site").mkdir()
    shutil.copy(shared_dir / boundaries.LAYER_FILES["province"], tmp_path / "site" / name)
    said: list[str] = []
    with serve(tmp_path / "site") as url:
        digest = boundaries.download(url + name, tmp_path / name, [], said.append)
    assert digest == boundaries.KNOWN_SHA256[boundaries.LAYER_FILES["province"]]
    files = boundaries._hash_local([tmp_path / name], said.append)
    assert files[name]["sha256"] == digest and files[name]["known"] is False
    assert any(digest in line and "recorded in the manifest" in line for line in said)


def test_corrupted_download_fails_and_leaves_no_cache(shared_dir, tmp_path):
    cache = tmp_path / "boundaries"
    with serve(shared_dir, _Corrupt) as url, pytest.raises(boundaries.BoundaryError) as info:
        boundaries.build_cache(url, cache, TOLERANCES)
    message = str(info.value)
    assert "checksum mismatch" in message and ADM3 in message
    assert boundaries.KNOWN_SHA256[ADM3] in message  # expected
    assert not cache.exists()
    assert _leftovers(tmp_path) == []


def test_failed_rebuild_keeps_the_old_cache(built_cache, shared_dir, tmp_path):
    cache = tmp_path / "boundaries"
    shutil.copytree(built_cache, cache)
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    with serve(shared_dir, _Corrupt) as url, pytest.raises(boundaries.BoundaryError):
        boundaries.ensure_cache(url, cache, None, tolerances_m=TOLERANCES)
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before
    assert _leftovers(tmp_path) == []


def test_cut_connection_leaves_no_file(shared_dir, tmp_path):
    dest = tmp_path / ADM2
    with serve(shared_dir, _Cut) as url:
        with pytest.raises(boundaries.BoundaryError, match=r"incomplete|cut off"):
            boundaries.download(url + ADM2, dest)
        assert not dest.exists()
        assert list(tmp_path.iterdir()) == []
        cache = tmp_path / "boundaries"
        with pytest.raises(boundaries.BoundaryError, match=r"incomplete|cut off"):
            boundaries.build_cache(url, cache, TOLERANCES)
    assert not cache.exists()
    assert _leftovers(tmp_path) == []


def test_http_error_is_reported(shared_dir, tmp_path):
    with serve(tmp_path) as url, pytest.raises(boundaries.BoundaryError, match="HTTP 404"):
        boundaries.build_cache(url, tmp_path / "cache", TOLERANCES)


def test_unreachable_url_says_offline(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/boundaries/"
    with pytest.raises(boundaries.BoundaryError) as info:
        boundaries.build_cache(url, tmp_path / "cache", TOLERANCES)
    message = str(info.value)
    assert message.startswith(f"cannot download boundaries from {url} (")
    assert message.endswith(
        "Offline? Set POVMAP_BOUNDARIES to a folder holding the HDX COD-AB layers, "
        "e.g. POVMAP_BOUNDARIES=../shared/boundaries"
    )
    assert not (tmp_path / "cache").exists()
    with pytest.raises(boundaries.BoundaryError, match="Offline\\?"):
        boundaries.download(url + ADM2, tmp_path / ADM2)
    assert list(tmp_path.iterdir()) == []
