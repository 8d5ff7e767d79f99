"""Sites beside the poor: validation (file, line, column, reason), placement, all-or-nothing imports
with history, the CLI commands, the demo generator and the QR codes of digital labels."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from data import sites, store
from data.importer import ImportFailed
from geo import boundaries
from query import sites_read

ENTERPRISE = "site_id,name_th,name_en,category,product_type,value_chain_stage,lat,lon,area_code"


@pytest.fixture(scope="module")
def gazetteer(boundary_cache) -> sites.Gazetteer:
    villages = pd.DataFrame({"village_code": ["46010105"], "lat": [16.45], "lon": [103.55]})
    return sites.Gazetteer.load(boundary_cache, villages)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = store.connect(":memory:")
    con.execute(
        "INSERT INTO villages VALUES ('46010105', '460101', 5, 'บ้านทดสอบ', 'Ban Test', 16.45, 103.55, true)"
    )
    yield con
    con.close()


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def label_point(cache: Path, level: str, code: str) -> tuple[float, float]:
    layer = boundaries.load_level(level, cache).set_index("code")
    return float(layer.loc[code, "label_lat"]), float(layer.loc[code, "label_lon"])


# --- validation and placement --------------------------------------------------------------------------


def test_a_site_is_placed_by_its_point_or_at_its_area_representative_point(
    gazetteer, boundary_cache
):
    text = "\n".join(
        [
            ENTERPRISE,
            "E1,กลุ่มทอผ้า,Weavers,community_enterprise,textile,midstream,16.4325,103.5065,",
            "E2,กลุ่มข้าว,,OTOP producer,food,upstream,,,460101",
            "E3,ร้าน,,small_business,service,downstream,,,46",
            "E4,หมู่บ้าน,,cooperative,agriculture,upstream,,,46010105",
        ]
    )
    result = sites.validate_sites(frame(text), "e.csv", "enterprise", gazetteer=gazetteer)
    assert result.problems == []
    got = result.frame.set_index("site_id")
    # a surveyed point: its codes come from the polygon it falls in, and it is not approximate
    assert got.loc["E1", ["province_code", "district_code"]].tolist() == ["46", "4601"]
    assert got.loc["E1", "subdistrict_code"].startswith("4601")
    assert not got.loc["E1", "approximate"]
    # a code only: the area's representative point, marked approximate
    assert (got.loc["E2", "lat"], got.loc["E2", "lon"]) == pytest.approx(
        label_point(boundary_cache, "subdistrict", "460101")
    )
    assert got.loc["E2", "approximate"] and got.loc["E2", "category"] == "otop_producer"
    assert (got.loc["E3", "lat"], got.loc["E3", "lon"]) == pytest.approx(
        label_point(boundary_cache, "province", "46")
    )
    assert pd.isna(got.loc["E3", "district_code"])
    # a village code: the village's own point when it is known
    assert (got.loc["E4", "lat"], got.loc["E4", "lon"]) == pytest.approx((16.45, 103.55))
    assert got.loc["E4", "village_code"] == "46010105"


def test_every_bad_cell_is_reported_with_line_column_and_reason(gazetteer):
    text = "\n".join(
        [
            ENTERPRISE + ",nickname",
            "E1,ก,,nonsense,food,upstream,16.4,103.5,,x",
            "E2,ข,,cooperative,food,upstream,30.0,103.5,,",
            "E3,ค,,cooperative,food,upstream,16.4,,,",
            "E4,ง,,cooperative,food,upstream,,,469999,",
            "E5,ติดต่อ 1101700203450,,cooperative,food,upstream,,,46,",
            "E1,ซ้ำ,,cooperative,food,upstream,,,46,",
            "E6,ไม่มีที่,,cooperative,food,upstream,,,,",
            "E7,จ,,cooperative,food,midstream,16.43,103.5,10,",
        ]
    )
    result = sites.validate_sites(frame(text), "bad.csv", "enterprise", gazetteer=gazetteer)
    found = {(p.line, p.column, p.reason.split(":")[0].split(" (")[0]) for p in result.problems}
    assert (1, "nickname", "unknown column for this kind") in found
    assert (2, "category", "not one of") in found
    assert (3, "lat", "outside 5.4 – 20.6") in found
    assert (4, "lat", "lat and lon must be given together") in found
    assert (5, "area_code", "not a current DOPA code") in found
    assert (6, "name_th", "contains what looks like a 13-digit national ID") in found
    assert (7, "site_id", "appears earlier in the file") in found
    assert (8, "area_code", "give lat and lon, or an area_code") in found
    assert (9, "lat", "the point lies in another province than area_code") in found
    assert all(p.file == "bad.csv" for p in result.problems)
    # the raw national ID never appears in a problem
    assert not any("1101700203450" in p.value or "1101700203450" in str(p) for p in result.problems)


def test_every_site_problem_reads_as_thai_from_the_catalogue(gazetteer):
    from tests.test_reasons_th import assert_thai

    text = "\n".join(
        [
            ENTERPRISE + ",nickname",
            "E1,ก,,nonsense,food,upstream,16.4,103.5,,x",
            "E2,ข,,cooperative,food,upstream,30.0,103.5,,",
            "E3,ค,,cooperative,food,upstream,16.4,,,",
            "E4,ง,,cooperative,food,upstream,,,469999,",
            "E5,ติดต่อ 1101700203450,,cooperative,food,upstream,,,46,",
            "E1,ซ้ำ,,cooperative,food,upstream,,,46,",
            "E6,ไม่มีที่,,cooperative,food,upstream,,,,",
            "E7,จ,,cooperative,food,midstream,16.43,103.5,10,",
            "E8,ฉ,,cooperative,food,upstream,,,4,",
        ]
    )
    problems = sites.validate_sites(
        frame(text), "bad.csv", "enterprise", gazetteer=gazetteer
    ).problems
    known = {"E1": "enterprise", "M1": "market"}
    products = frame("product_id,enterprise_id,name_th\nP1,M1,ผ้า\nP2,X9,ข้าว\n")
    problems += sites.validate_sites(
        products, "p.csv", "product", gazetteer=gazetteer, known=known
    ).problems
    assert len({p.code for p in problems}) >= 10
    for p in problems:
        assert_thai(p.reason)


def test_a_required_column_missing_and_a_header_below_title_rows(con, tmp_path, boundary_cache):
    path = write(
        tmp_path,
        "titled.csv",
        "ทะเบียนตลาดชุมชน,,\nจังหวัดกาฬสินธุ์,,\nsite_id,name_th,area_code\nM1,ตลาด,46\n",
    )
    with pytest.raises(ImportFailed) as failed:
        sites.import_sites(con, path, "market", report_dir=tmp_path / "r", cache_dir=boundary_cache)
    problems = failed.value.problems
    assert [(p.line, p.column, p.reason) for p in problems] == [
        (3, "category", "required column is missing")
    ]


def test_references_must_point_at_stored_sites_of_the_right_kind(gazetteer):
    known = {"E1": "enterprise", "M1": "market", "T1": "technology"}
    products = frame(
        "product_id,enterprise_id,name_th,product_type,sold_at,certifications\n"
        "P1,E1,ผ้าไหม,textile,M1,otop|gi\n"
        "P2,E9,ข้าว,food,,\n"
        "P3,M1,ข้าว,food,E1,halal\n"
        "P4,E1,ข้าว,food,,iso9001\n"
    )
    result = sites.validate_sites(products, "p.csv", "product", gazetteer=gazetteer, known=known)
    reasons = {(p.line, p.column): p.reason for p in result.problems}
    assert reasons == {
        (3, "enterprise_id"): "no enterprise with this ID is stored (import it first)",
        (4, "enterprise_id"): "M1 is a market, not a enterprise",
        (4, "sold_at"): "E1 is a enterprise, not a market",
        (5, "certifications"): reasons[(5, "certifications")],
    }
    assert reasons[(5, "certifications")].startswith("each tag must be one of")
    assert result.frame.loc[0, "certifications"] == "otop|gi"
    # a site ID keeps its kind
    clash = frame("site_id,name_th,category,area_code\nE1,ตลาด,community_market,46\n")
    again = sites.validate_sites(clash, "m.csv", "market", gazetteer=gazetteer, known=known)
    assert [p.reason for p in again.problems] == [
        "already stored as a enterprise: IDs are unique over every kind"
    ]


def test_a_tourism_route_is_a_line_through_ordered_stops(gazetteer):
    text = (
        "site_id,name_th,category,stop_no,stop_name_th,lat,lon,area_code\n"
        "R1,เส้นทางผ้าไหม,cultural_route,2,วัด,16.44,103.52,\n"
        "R1,เส้นทางผ้าไหม,cultural_route,1,ตลาด,16.43,103.50,\n"
        "R1,เส้นทางผ้าไหม,cultural_route,3,หมู่บ้าน,,,460101\n"
        "R2,เส้นทางเดียว,food_route,1,ร้าน,16.43,103.50,\n"
        "R3,ชื่อหนึ่ง,food_route,1,ก,16.43,103.50,\n"
        "R3,ชื่อสอง,food_route,2,ข,16.44,103.50,\n"
    )
    result = sites.validate_sites(frame(text), "r.csv", "tourism_route", gazetteer=gazetteer)
    reasons = {(p.line, p.column, p.reason) for p in result.problems}
    assert (5, "stop_no", "a route needs at least 2 stops") in reasons
    assert any(p.line == 7 and p.column == "name_th" for p in result.problems)
    stops = result.stops[result.stops["route_id"] == "R1"]
    assert stops["stop_no"].tolist() == [1, 2, 3]
    assert stops["name_th"].tolist() == ["ตลาด", "วัด", "หมู่บ้าน"]
    assert stops["approximate"].tolist() == [False, False, True]
    route = result.frame.set_index("site_id").loc["R1"]
    assert (route["lat"], route["lon"]) == pytest.approx((16.43, 103.50))
    assert route["province_code"] == "46"


def test_the_shipped_technology_library_is_a_valid_import_file(gazetteer):
    from data.synthetic_sites import catalogue_frame

    library = catalogue_frame()
    result = sites.validate_sites(library, "technologies.csv", "technology", gazetteer=gazetteer)
    assert result.problems == []
    assert len(result.frame) >= 30
    assert result.frame["site_id"].is_unique
    # every cause that is not "other" has at least one technology addressing it
    tagged = {c for v in result.frame["causes"] for c in sites.split_tags(v)}
    assert tagged == set(sites.vocabulary("cause")) - {"other"}
    assert set(result.frame["lat"].dropna()) == set()


# --- atomic imports with history -----------------------------------------------------------------------


def counts(con) -> tuple[int, int, int]:
    return tuple(
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("sites", "site_history", "imports")
    )


def test_an_import_is_all_or_nothing_and_keeps_history(con, tmp_path, boundary_cache):
    report_dir = tmp_path / "reports"
    good = (
        ENTERPRISE
        + "\nE1,กลุ่มทอผ้า,,community_enterprise,textile,midstream,,,460101\nE2,กลุ่มข้าว,,cooperative,food,upstream,,,46\n"
    )
    bad = good + "E3,กลุ่มผิด,,cooperative,food,sideways,,,46\n"
    with pytest.raises(ImportFailed) as failed:
        sites.import_sites(
            con,
            write(tmp_path, "bad.csv", bad),
            "enterprise",
            report_dir=report_dir,
            cache_dir=boundary_cache,
        )
    assert counts(con) == (0, 0, 0)
    report = pd.read_csv(failed.value.report, encoding="utf-8-sig", dtype=str)
    assert report[["line", "column"]].values.tolist() == [["4", "value_chain_stage"]]
    assert "nothing imported" in str(failed.value)

    first = sites.import_sites(
        con,
        write(tmp_path, "good.csv", good),
        "enterprise",
        report_dir=report_dir,
        cache_dir=boundary_cache,
    )
    assert (first.counts.new, first.counts.replaced, first.counts.unchanged) == (2, 0, 0)
    again = sites.import_sites(
        con,
        write(tmp_path, "good.csv", good),
        "enterprise",
        report_dir=report_dir,
        cache_dir=boundary_cache,
    )
    assert (again.counts.new, again.counts.replaced, again.counts.unchanged) == (0, 0, 2)
    changed = good.replace("กลุ่มข้าว", "กลุ่มข้าวหอม")
    third = sites.import_sites(
        con,
        write(tmp_path, "good.csv", changed),  # the corrected file
        "enterprise",
        report_dir=report_dir,
        cache_dir=boundary_cache,
    )
    assert (third.counts.new, third.counts.replaced, third.counts.unchanged) == (0, 1, 1)
    assert sites_read.sites_frame(con).set_index("site_id").loc["E2", "name_th"] == "กลุ่มข้าวหอม"
    history = con.execute("SELECT name_th, replaced_by FROM site_history").fetchall()
    assert history == [("กลุ่มข้าว", third.import_id)]
    assert counts(con) == (2, 1, 3)


def test_a_failure_while_storing_leaves_the_store_as_before(con, gazetteer, monkeypatch):
    text = ENTERPRISE + "\nE1,ก,,cooperative,food,upstream,,,46\n"
    checked = sites.validate_sites(frame(text), "e.csv", "enterprise", gazetteer=gazetteer)

    def boom(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "record_import", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        sites.store_sites(
            con,
            checked,
            "enterprise",
            import_id="x",
            file_name="e.csv",
            file_sha256=None,
            synthetic=False,
        )
    assert counts(con) == (0, 0, 0)


def test_route_stops_are_replaced_with_their_route_and_kept_in_history(con, gazetteer):
    one = "site_id,name_th,category,stop_no,stop_name_th,area_code\nR1,ทาง,nature_route,1,ก,460101\nR1,ทาง,nature_route,2,ข,460102\n"
    two = one + "R1,ทาง,nature_route,3,ค,460103\n"
    for i, text in enumerate((one, one, two)):
        checked = sites.validate_sites(frame(text), "r.csv", "tourism_route", gazetteer=gazetteer)
        sites.store_sites(
            con,
            checked,
            "tourism_route",
            import_id=f"i{i}",
            file_name="r.csv",
            file_sha256=None,
            synthetic=False,
        )
    assert sites_read.route_stops(con, ["R1"])["name_th"].tolist() == ["ก", "ข", "ค"]
    assert con.execute("SELECT count(*) FROM route_stop_history").fetchone()[0] == 2
    assert (
        con.execute("SELECT rows_unchanged FROM imports WHERE import_id = 'i1'").fetchone()[0] == 1
    )


def test_area_indicators_by_code_or_thai_english_name_with_vintage(con, tmp_path):
    text = (
        "indicator,indicator_name_th,indicator_name_en,unit,higher_is_better,area_code,area_name,level,period,value,source\n"
        "green,พื้นที่สีเขียว,Green space,m²,true,46,,,2566,10.5,สำนักงานสถิติ\n"
        "green,พื้นที่สีเขียว,Green space,m²,true,,Kalasin,,2022,9.0,สำนักงานสถิติ\n"
        "green,พื้นที่สีเขียว,Green space,m²,true,,อ.เมือง จ.กาฬสินธุ์,district,2566,12,สำนักงานสถิติ\n"
        "green,พื้นที่สีเขียว,Green space,m²,true,,ในเมือง,subdistrict,2566,3,สำนักงานสถิติ\n"
        "green,พื้นที่สีเขียว,Green space,m²,true,,Atlantis,,2566,3,สำนักงานสถิติ\n"
        "green,พื้นที่สีเขียว,Green space,m²,true,47,,,25,1,สำนักงานสถิติ\n"
    )
    result = sites.validate_indicators(frame(text), "city.csv")
    lines = {p.line: p for p in result.problems}
    assert sorted(lines) == [5, 6, 7]
    assert lines[5].column == "area_name" and "ambiguous" in lines[5].reason
    assert lines[6].column == "area_name"
    assert lines[7].column == "period"
    ok = frame(text).iloc[:3]
    path = tmp_path / "city.csv"
    ok.to_csv(path, index=False)
    sites.import_indicators(con, path, report_dir=tmp_path)
    values = sites_read.indicator_values(con, "green", latest=False)
    assert values[["area_code", "level", "period_be", "value"]].values.tolist() == [
        ["46", "province", 2565, 9.0],
        ["46", "province", 2566, 10.5],
        ["4601", "district", 2566, 12.0],
    ]
    latest = sites_read.indicator_values(con, "green", level="province")
    assert latest[["period_be", "value"]].values.tolist() == [[2566, 10.5]]
    # a corrected value replaces the old one and keeps it in history
    ok.loc[0, "value"] = "11"
    ok.to_csv(path, index=False)
    again = sites.import_indicators(con, path, report_dir=tmp_path)
    assert (again.counts.new, again.counts.replaced, again.counts.unchanged) == (0, 1, 2)
    assert con.execute("SELECT value FROM area_indicator_history").fetchall() == [(10.5,)]
    assert sites_read.indicator_definitions(con).loc[0, "levels"].tolist() == [
        "district",
        "province",
    ]


# --- the command line ----------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch, boundary_cache):
    from povmap.cli.sites import import_indicators_command, import_sites_command

    monkeypatch.setenv("POVMAP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("POVMAP_DB", str(tmp_path / "var" / "cli.duckdb"))
    monkeypatch.setenv("POVMAP_CACHE_DIR", str(boundary_cache))
    app = typer.Typer()
    app.command("sites")(import_sites_command)
    app.command("indicators")(import_indicators_command)
    return app, tmp_path


def test_cli_imports_the_library_then_refuses_a_bad_file_and_changes_nothing(cli):
    app, tmp_path = cli
    runner = CliRunner()
    library = Path(store.__file__).parent / "tables" / "technologies.csv"
    ok = runner.invoke(app, ["sites", str(library), "--kind", "technology"])
    assert ok.exit_code == 0, ok.output
    assert "36 new" in ok.output or "new," in ok.output
    bad = write(
        tmp_path, "markets.csv", "site_id,name_th,category,area_code\nM1,[bold]ตลาด</b>,bazaar,46\n"
    )
    failed = runner.invoke(app, ["sites", str(bad), "--kind", "market"])
    assert failed.exit_code == 1
    assert "line 2, column category" in failed.output
    assert "Full report:" in failed.output
    con = store.connect(tmp_path / "var" / "cli.duckdb")
    try:
        assert sites_read.sites_frame(con, ["market"]).empty
        assert len(sites_read.sites_frame(con, ["technology"])) == len(pd.read_csv(library))
    finally:
        con.close()
    wrong_kind = runner.invoke(app, ["sites", str(bad), "--kind", "castle"])
    assert wrong_kind.exit_code == 2


def test_cli_imports_indicators_by_name(cli):
    app, tmp_path = cli
    path = write(
        tmp_path,
        "city.csv",
        "indicator,indicator_name_th,area_name,period,value,source\nwaste,ขยะ,กาฬสินธุ์,2566,55,กรมควบคุมมลพิษ\n",
    )
    result = CliRunner().invoke(app, ["indicators", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output


# --- the demo -----------------------------------------------------------------------------------------


def test_the_demo_sites_are_synthetic_inside_their_polygons_and_consistent(
    demo_store, boundary_cache
):
    con = store.connect(demo_store)
    try:
        frame_ = sites_read.sites_frame(con)
        products = sites_read.products_frame(con)
        stops = sites_read.route_stops(con)
        adoptions = sites_read.adoptions_frame(con)
        synthetic = con.execute(
            "SELECT kind, bool_and(synthetic), bool_or(synthetic) FROM sites GROUP BY 1"
        ).fetchall()
    finally:
        con.close()
    assert set(frame_["kind"]) == set(sites.SITE_KINDS) and len(products) > 0
    flags = {kind: (all_, any_) for kind, all_, any_ in synthetic}
    assert flags.pop("technology") == (False, False)  # the library is a catalogue, not demo data
    assert all(v == (True, True) for v in flags.values())
    from data.synthetic import TARGET_PROVINCES

    places = frame_[frame_["kind"] != "technology"]
    assert set(places["province_code"]) <= set(TARGET_PROVINCES)
    exact = places[~places["approximate"]]
    provinces = boundaries.load_level("province", boundary_cache).set_index("code").geometry
    import shapely

    inside = [
        provinces[p].buffer(0.06).contains(shapely.Point(lon, lat))
        for p, lat, lon in zip(exact["province_code"], exact["lat"], exact["lon"], strict=True)
    ]
    assert all(inside)
    assert set(products["enterprise_id"]) <= set(
        frame_.loc[frame_["kind"] == "enterprise", "site_id"]
    )
    assert stops.groupby("route_id").size().min() >= 2
    assert adoptions["name_th"].notna().all()


def test_the_demo_is_seeded(boundary_cache, demo_store):
    from data.synthetic_sites import add_demo

    src = store.connect(demo_store)
    try:
        villages = src.execute("SELECT * FROM villages WHERE village_code LIKE '46%'").df()
    finally:
        src.close()
    made = []
    for _ in range(2):
        con = store.connect(":memory:")
        con.register("v", villages)
        con.execute("INSERT INTO villages SELECT * FROM v")
        add_demo(con, seed=7, scale=0.02, cache_dir=boundary_cache)
        made.append(
            con.execute("SELECT site_id, name_th, lat, lon FROM sites ORDER BY site_id").df()
        )
        con.close()
    pd.testing.assert_frame_equal(made[0], made[1])


# --- digital labels -------------------------------------------------------------------------------------


def test_a_label_qr_code_decodes_back_to_the_label_url():
    import zxingcpp
    from PIL import Image

    url = sites.label_url("https://povmap.example.go.th/app/", "E46-001-P2", "th")
    assert url == "https://povmap.example.go.th/app/product?product=E46-001-P2&lang=th"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(sites.qr_png(url))))
    assert [d.text for d in decoded] == [url]
    assert [d.format for d in decoded] == [zxingcpp.BarcodeFormat.QRCode]
    svg = sites.qr_svg(url).decode("utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    # an ID with characters that need quoting still round-trips
    odd = sites.label_url("http://localhost:8501", "P/1 ก")
    assert [d.text for d in zxingcpp.read_barcodes(Image.open(io.BytesIO(sites.qr_png(odd))))] == [
        odd
    ]


def test_a_site_file_and_a_stored_frame_hash_a_site_alike(con, gazetteer):
    """The rows a site import stored, stored again from the store's own (typed) frame, are
    unchanged: one record hash for every writer."""
    text = (
        ENTERPRISE
        + "\nE1,ก,,cooperative,food,upstream,16.4325,103.5065,\nE2,ข,,cooperative,food,upstream,,,46\n"
    )
    checked = sites.validate_sites(frame(text), "e.csv", "enterprise", gazetteer=gazetteer)
    kw = dict(file_name="e.csv", file_sha256=None, synthetic=False)
    first = sites.store_sites(con, checked, "enterprise", import_id="a", **kw)
    assert first == store.LoadCounts(2, 0, 0)
    stored = con.execute("SELECT * EXCLUDE (record_hash, import_id) FROM sites").df()
    stored = stored.drop(columns="synthetic")[list(checked.frame.columns)]
    again = sites.SiteValidation(stored, [])
    assert sites.store_sites(con, again, "enterprise", import_id="b", **kw) == store.LoadCounts(
        0, 0, 2
    )
