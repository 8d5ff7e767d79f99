"""Who sees what, role by role and page by page (AppTest on a copy of the demo store): every role
(the public, an executive, a researcher, a provincial officer of Kalasin ``46``, an agency
officer of ``pmj`` in ``46``, an administrator) signed in with the demo's accounts, against every
page of app.py's navigation and every file those pages offer.

* which pages the navigation lists each role (the issue's role table, written here, not read
  from app.py);
* on every page a role is listed: nothing of a household outside the role's scope in what the
  server sends (every element of the page, tables' data included): no ID hash for anyone, a
  household ID only for the provincial officer (of 46) and the agency officer (of the agency's
  referrals in 46), no health, disability, cause or note column without ``sensitive``;
* every file the page offers for download (CSV) holds the same: rows inside the scope, no hidden
  column;
* household records downloaded: de-identified for the researcher (no ID, GPS or sensitive
  column), named and inside the area for the officer;
* small areas suppressed for the public, the researcher and the agency officer, shown to the
  executive, the officer and the administrator;
* one audit entry for each download taken and each household record opened;
* the command line reads as the operator (``Access.full()``): every number, every referral.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from data import referrals as rf
from data import store
from data.store import IDENTIFYING_COLUMNS, SECRET_COLUMNS, SENSITIVE_COLUMNS
from povmap.i18n import t
from query import areas
from tests import roles

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
ROUND = 2564
LANG = "en"
HOME = roles.HOME
AGENCY = "pmj"
MIN_CELL = 5
#: a household ID as the demo writes them (H + the village code + a number)
HH_ID = re.compile(r"H\d{8}-\d{4}")  # no boundary: Arrow packs a column's strings together

#: The issue's role table: the pages each role is listed (the rest are listed to every role).
EVERYONE = ("public", "executive", "researcher", "provincial", "agency", "admin")
PROGRAMME = ("executive", "provincial", "admin")
LISTED: dict[str, tuple[str, ...]] = {
    "pages/household.py": ("researcher", "provincial"),
    "pages/referrals.py": ("provincial", "agency"),
    "pages/outcomes.py": PROGRAMME,
    "pages/programme.py": PROGRAMME,
    "pages/monitoring.py": ("provincial",),
    "pages/exit_check.py": ("provincial",),
    "pages/grievances.py": ("provincial",),
    "pages/review.py": ("provincial",),
    "pages/data.py": ("admin",),
    "pages/admin.py": ("admin",),
}
#: Roles that receive household IDs (in their scope) and sensitive columns (in their areas).
NAMED = ("provincial", "agency")
SENSITIVE = ("provincial",)
#: Roles whose area numbers have small cells suppressed.
SUPPRESSED = ("public", "researcher", "agency")


def app_pages() -> list[str]:
    """Every page file of app.py's SECTIONS that is there (app.py lists only those)."""
    found = re.findall(r'"(pages/\w+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    return [p for p in dict.fromkeys(found) if (ROOT / p).is_file()]


PAGES = app_pages()
PAIRS = [
    (role, page) for page in PAGES for role in LISTED.get(page, EVERYONE) if role in roles.ROLES
]


#: page -> labels of its columns of a household's free text (a target's note is not one)
NOTE_LABELS = {"pages/referrals.py": "action_note", "pages/review.py": "review_note"}


def sensitive_labels(lang: str, page: str) -> set[str]:
    """Column names on ``page`` that carry sensitive data, raw and as the pages label them."""
    labels = {t("main_cause", lang)} | set(SENSITIVE_COLUMNS)
    return labels | ({t(NOTE_LABELS[page], lang)} if page in NOTE_LABELS else set())


# --- the store, the app and what it served -----------------------------------------------------


@pytest.fixture(scope="module")
def matrix(demo_store, tmp_path_factory):
    """A copy of the demo store the app reads (POVMAP_DB), and the oracles of the scopes."""
    db = tmp_path_factory.mktemp("role-matrix") / "store.duckdb"
    with store.connect(demo_store) as con:
        con.execute("CHECKPOINT")
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    try:

        def ids(sql: str, params: list) -> set[str]:
            return {r[0] for r in con.execute(sql, params).fetchall()}

        facts = {
            "db": db,
            "home_ids": ids("SELECT hh_id FROM households WHERE province_code = ?", [HOME]),
            "agency_ids": ids(
                "SELECT hh_id FROM referral_current WHERE agency = ? AND village_code LIKE ?",
                [AGENCY, f"{HOME}%"],
            ),
            "hashes": ids("SELECT head_id_hash FROM households WHERE head_id_hash IS NOT NULL", []),
            "hidden": areas.hidden_areas(con, round_be=ROUND, min_cell=MIN_CELL)[ROUND],
        }
        facts["village"] = con.execute(
            "SELECT village_code FROM households WHERE round_be = ? AND province_code = ?"
            " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            [ROUND, HOME],
        ).fetchone()[0]
        facts["agency_referral"], facts["other_referral"] = (
            con.execute(
                "SELECT referral_id FROM referral_current WHERE village_code LIKE ?"
                " AND agency = ? AND status_note IS NOT NULL ORDER BY referral_id LIMIT 1",
                [f"{HOME}%", AGENCY],
            ).fetchone()[0],
            con.execute(
                "SELECT referral_id FROM referral_current WHERE village_code LIKE ?"
                " AND agency <> ? ORDER BY referral_id LIMIT 1",
                [f"{HOME}%", AGENCY],
            ).fetchone()[0],
        )
    finally:
        con.close()
    assert facts["hidden"], "the demo has small areas to suppress"
    assert facts["village"] in facts["hidden"], "the demo's villages are all small"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POVMAP_DB", str(db))
        patch.setenv("POVMAP_MIN_CELL", str(MIN_CELL))
        yield facts


@pytest.fixture
def served(monkeypatch):
    """file name -> bytes of every file the app handed Streamlit to serve (downloads)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes | str):
            data = path_or_data if isinstance(path_or_data, bytes) else path_or_data.encode()
            files[filename] = data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


def open_as(role: str, page: str, **query: str) -> AppTest:
    """``page`` as ``role``'s demo account, Kalasin in round 2564 unless ``query`` says else."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=180), role)
    for key, value in {"lang": LANG, "round": str(ROUND), "area": HOME, **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def nodes(block):
    yield block
    for child in getattr(block, "children", {}).values():
        yield from nodes(child)


def payload(at: AppTest) -> str:
    """Everything the server sent for the page: every element's message (table data as its
    Arrow bytes, figures as their JSON, components with their arguments), main and sidebar."""
    return "\n".join(
        str(n.proto)
        for root in (at.main, at.sidebar)
        for n in nodes(root)
        if getattr(n, "proto", None) is not None
    )


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def allowed_ids(role: str, matrix: dict, page: str = "") -> set[str]:
    """The household IDs ``role`` may be sent: the officer's province, the agency's referrals;
    on the administrator's page, the households the audit trail names (a record viewed is
    entered with its ID, for a data subject's request)."""
    allowed = {"provincial": matrix["home_ids"], "agency": matrix["agency_ids"]}.get(role, set())
    if role == "admin" and page == "pages/admin.py":
        con = store.connect(matrix["db"])
        try:
            named = con.execute(
                "SELECT object FROM audit WHERE action IN ('household_viewed', 'verification_set')"
            ).fetchall()
        finally:
            con.close()
        allowed = allowed | {o for (o,) in named}
    return allowed


def check_households(role: str, text: str, matrix: dict, where: str, page: str = "") -> None:
    """No ID hash, and household IDs only inside ``role``'s scope, in ``text``."""
    assert not any(h in text for h in matrix["hashes"]), f"{where}: an ID hash was sent"
    outside = set(HH_ID.findall(text)) - allowed_ids(role, matrix, page)
    assert not outside, (
        f"{where}: {role} was sent households outside its scope: {sorted(outside)[:5]}"
    )


def check_columns(role: str, columns, where: str, page: str = "") -> None:
    """No secret column for anyone, no household ID column without named records, no sensitive
    one without ``sensitive`` (a site's coordinates are not a household's: the ID would travel
    with a household's)."""
    columns = {str(c) for c in columns}
    assert not columns & set(SECRET_COLUMNS), f"{where}: {columns & set(SECRET_COLUMNS)}"
    if role not in NAMED:
        hidden = columns & {"hh_id", t("household", LANG)}
        assert not hidden, f"{where}: {role} got {hidden}"
    if role not in SENSITIVE:
        hidden = columns & sensitive_labels(LANG, page)
        assert not hidden, f"{where}: {role} got {hidden}"


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig")


# --- which pages each role is listed -----------------------------------------------------------


def test_the_matrix_covers_every_page_and_role():
    assert set(roles.ROLES) == set(EVERYONE)
    assert {"pages/overview.py", "pages/household.py", "pages/referrals.py"} <= set(PAGES)
    assert set(LISTED) - {"pages/monitoring.py", "pages/exit_check.py", "pages/grievances.py"} <= (
        set(PAGES)
    )


@pytest.mark.parametrize("role", roles.ROLES)
def test_the_navigation_lists_each_role_the_pages_of_its_role(matrix, role):
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=180), role)
    at.query_params["lang"] = LANG
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    for page in PAGES:
        if role in LISTED.get(page, EVERYONE):
            at.switch_page(page)  # listed: it can be opened
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(page)
    # who is signed in says so in the sidebar
    sidebar = payload(at)
    if role == "public":
        assert t("access_sign_in", LANG) in sidebar
    else:
        assert t("access_sign_out", LANG) in sidebar


# --- what every page shows and offers ------------------------------------------------------------


@pytest.mark.parametrize(("role", "page"), PAIRS, ids=[f"{r}-{Path(p).stem}" for r, p in PAIRS])
def test_a_page_sends_nothing_outside_the_roles_scope(matrix, served, role, page):
    at = open_as(role, page)
    where = f"{role} on {page}"
    check_households(role, payload(at), matrix, where, page)
    for frame in frames(at):
        check_columns(role, [*frame.columns, *(frame.index.names or [])], where, page)
    for name, data in served.items():
        text = data.decode("utf-8", errors="replace")
        check_households(role, text, matrix, f"{where}: {name}", page)
        if name.endswith(".csv"):
            check_columns(role, read_csv(data).columns, f"{where}: {name}", page)


# --- household records ---------------------------------------------------------------------------


def test_a_researcher_sees_and_downloads_households_de_identified(matrix, served):
    at = open_as("researcher", "pages/household.py", area="4601")
    assert t("access_deidentified", LANG) in [c.value for c in at.caption]
    assert not [w for w in at.text_input if w.key == "hh_search"], "no search by ID"
    # the list: village, level and indicators failed of each household, no ID, no cause
    deidentified = [t("village", LANG), t("household_level", LANG), t("hhlist_failed", LANG)]
    (listed,) = [f for f in frames(at) if list(f.columns) == deidentified]
    assert len(listed) > 0
    assert not any(t("list_click_row", LANG) in c.value for c in at.caption), "opens nothing"
    at.button(key="hh-dl-prepare").click().run()
    assert not at.exception, [e.message for e in at.exception]
    (csv,) = [n for n in served if n.startswith("households-4601") and n.endswith("64.csv")]
    frame = read_csv(served[csv])
    assert len(frame) > 0
    assert not set(frame.columns) & (set(IDENTIFYING_COLUMNS) | set(SENSITIVE_COLUMNS))
    assert not set(frame.columns) & set(SECRET_COLUMNS)
    (parquet,) = [n for n in served if n.endswith(".parquet")]
    assert set(pd.read_parquet(io.BytesIO(served[parquet])).columns) <= set(frame.columns)
    check_households("researcher", served[csv].decode("utf-8-sig"), matrix, csv)


def test_the_provincial_officer_downloads_named_records_of_the_area_only(matrix, served):
    at = open_as("provincial", "pages/household.py", area="4601")
    at.button(key="hh-dl-prepare").click().run()
    assert not at.exception, [e.message for e in at.exception]
    (csv,) = [n for n in served if n.startswith("households-4601") and n.endswith("64.csv")]
    frame = read_csv(served[csv])
    assert len(frame) > 0 and frame["hh_id"].str.startswith("H4601").all()
    assert {"members_disabled", "hc_chronic_ill", "main_cause", "lat", "lon"} <= set(frame.columns)
    assert not set(frame.columns) & set(SECRET_COLUMNS)
    # outside the officer's province: refused, nothing offered
    served.clear()
    at = open_as("provincial", "pages/household.py", area="5001")
    at.button(key="hh-dl-prepare").click().run()
    assert not [n for n in served if n.startswith("households-")]
    assert any("5001" in w.value for w in at.warning)


def test_a_household_outside_the_officers_areas_is_refused_not_shown(matrix):
    con = store.connect(matrix["db"])
    try:
        away = con.execute(
            "SELECT hh_id FROM households WHERE province_code = '50' ORDER BY hh_id LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()
    at = open_as("provincial", "pages/household.py")
    at.text_input(key="hh_search").set_value(away).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(away in w.value and HOME in w.value for w in at.warning)
    assert not [s for s in at.subheader if away in s.value], "no profile opened"
    # the refusal names the household typed, nothing of it is sent
    sent = payload(at).replace(away, "")
    check_households("provincial", sent, matrix, "refusal")


# --- referrals -----------------------------------------------------------------------------------


def test_the_agency_officer_works_the_agencys_referrals_without_notes(matrix, served):
    at = open_as("agency", "pages/referrals.py", ref=matrix["agency_referral"])
    assert not at.exception, [e.message for e in at.exception]
    labels = [tab.label for tab in at.tabs]
    assert t("action_tab_create", LANG) not in labels, "an agency creates no referral"
    history = frames(at)[-1]
    assert t("action_to", LANG) in history.columns
    assert t("action_note", LANG) not in history.columns
    (sheet,) = [n for n in served if n == "referrals.csv"]
    frame = read_csv(served[sheet])
    con = store.connect(matrix["db"])
    try:
        theirs = rf.export_frame(con, rf.Filters(area=HOME, agencies=(AGENCY,)))
    finally:
        con.close()
    assert sorted(frame["referral_id"]) == sorted(theirs["referral_id"])
    assert "last_note" not in frame.columns
    # another agency's referral is refused
    other = open_as("agency", "pages/referrals.py", ref=matrix["other_referral"])
    assert any(HOME in w.value for w in other.warning)
    assert not [f for f in frames(other) if t("action_to", LANG) in f.columns]


def test_the_provincial_officer_sees_every_agencys_referrals_of_the_province_with_notes(
    matrix, served
):
    at = open_as("provincial", "pages/referrals.py", ref=matrix["agency_referral"])
    assert t("action_tab_create", LANG) in [tab.label for tab in at.tabs]
    assert t("action_note", LANG) in frames(at)[-1].columns
    frame = read_csv(served["referrals.csv"])
    con = store.connect(matrix["db"])
    try:
        everyone = rf.export_frame(con, rf.Filters(area=HOME))
    finally:
        con.close()
    assert sorted(frame["referral_id"]) == sorted(everyone["referral_id"])
    assert "last_note" in frame.columns


# --- suppression -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", roles.ROLES)
def test_small_areas_are_suppressed_for_the_public_researcher_and_agency(matrix, role):
    village = matrix["village"]
    at = open_as(role, "pages/village.py", village=village)
    values = [m.value for m in at.metric]
    notice = t("scope.suppressed", LANG, n=MIN_CELL)
    if role in SUPPRESSED:
        assert values[:4] == ["–"] * 4, values
        assert notice in [i.value for i in at.info]
    else:
        assert values[0] != "–" and int(values[0].replace(",", "")) >= 1
        assert notice not in [i.value for i in at.info]
    # the village list of the province: every surveyed village there is small
    at = open_as(role, "pages/village.py")
    (listed,) = [d.value for d in at.dataframe if d.key and d.key.startswith("villist-")]
    poor = listed[t("poor_households", LANG)]
    unsurveyed = listed[t("surveyed_households", LANG)] == "0"  # no data: nothing to hide
    if role in SUPPRESSED:
        assert ((poor == "–") | unsurveyed).all() and (poor == "–").any()
    else:
        assert (poor != "–").all() and not unsurveyed.all()


# --- the audit trail ---------------------------------------------------------------------------------


def entries(matrix, action: str) -> list[tuple]:
    con = store.connect(matrix["db"])
    try:
        return con.execute(
            "SELECT who, object, row_count, scope FROM audit WHERE action = ? ORDER BY seq",
            [action],
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("role", ["public", "provincial"])
def test_each_download_taken_leaves_one_audit_entry(matrix, role):
    at = open_as(role, "pages/map.py")
    before = entries(matrix, "file_downloaded")
    (button,) = [b for b in at.download_button if b.key and b.key.startswith("dl-map-")]
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    new = entries(matrix, "file_downloaded")[len(before) :]
    assert len(new) == 1, new
    who, name, rows, scope = new[0]
    assert who == ("" if role == "public" else role)
    assert name.startswith("poverty-map-district-46-") and name.endswith(".csv")
    assert rows and scope == f"{HOME};{ROUND}"
    at.run()  # a rerun takes nothing
    assert len(entries(matrix, "file_downloaded")) == len(before) + 1


def test_each_household_record_opened_leaves_one_audit_entry(matrix):
    con = store.connect(matrix["db"])
    try:
        home = con.execute(
            "SELECT hh_id FROM households WHERE province_code = ? AND round_be = ?"
            " ORDER BY hh_id LIMIT 1",
            [HOME, ROUND],
        ).fetchone()[0]
    finally:
        con.close()
    before = entries(matrix, "household_viewed")
    at = open_as("provincial", "pages/household.py")
    at.text_input(key="hh_search").set_value(home).run()
    assert any(home in s.value for s in at.subheader)
    at.run()  # the same record still shown: no second entry
    new = entries(matrix, "household_viewed")[len(before) :]
    assert len(new) == 1, new
    who, name, _rows, scope = new[0]
    assert (who, name) == ("provincial", home)
    assert scope.startswith(HOME) and scope.endswith(str(ROUND))


# --- the command line: the operator --------------------------------------------------------------


def test_the_command_line_reads_every_number_and_referral_as_the_operator(matrix, tmp_path):
    from povmap.cli.main import app as cli

    runner = CliRunner()
    stats = runner.invoke(
        cli,
        ["stats", "--level", "village", "--round", str(ROUND), "--area", HOME, "--format", "json"],
    )
    assert stats.exit_code == 0, stats.output
    printed = pd.DataFrame(json.loads(stats.stdout)).set_index("code")
    village = matrix["village"]
    assert village in matrix["hidden"]  # hidden from the public, not from the operator
    con = store.connect(matrix["db"])
    try:
        expected = areas.area_stats(con, "village", round_be=ROUND, area=village).iloc[0]
        everyone = rf.export_frame(con, rf.Filters(area=HOME))
    finally:
        con.close()
    assert int(printed.loc[village, "households"]) == int(expected["households"]) >= 1
    assert int(printed.loc[village, "poor_households"]) == int(expected["poor_households"])
    out = tmp_path / "referrals.csv"
    export = runner.invoke(cli, ["referrals", "export", "--area", HOME, "--out", str(out)])
    assert export.exit_code == 0, export.output
    sheet = read_csv(out.read_bytes())
    assert sorted(sheet["referral_id"]) == sorted(everyone["referral_id"])
    assert "last_note" in sheet.columns and sheet["hh_id"].str.startswith(f"H{HOME}").all()
