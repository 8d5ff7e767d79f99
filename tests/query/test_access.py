"""Who sees what through the door (query.access, query.scope): for each role, what every
household-level read returns inside and outside the user's areas and which columns it holds
(sensitive ones only for the provincial officer in the officer's province, never a hash), the
agency officer's referrals, and small-cell suppression with complementary cells for public,
researcher and agency (not executive, provincial, admin), which cannot be undone on the demo's
own tables by subtraction."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import re
import shutil
from importlib import import_module
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.suppression import determined, suppressed
from data import referrals as rf
from data import store
from data.schema import table
from data.store import IDENTIFYING_COLUMNS, SECRET_COLUMNS, SENSITIVE_COLUMNS
from query import area_rows, areas, data_read, households, review_read, scope, village
from query.access import Access, AccessDenied
from query.household_profile import household_history
from query.profile import HouseholdModel
from query.referrals_read import (
    household_record,
    household_referrals,
    is_poor,
    referral_by_agency,
    referral_detail,
    referral_export,
    referral_funnel,
    referral_queue,
    referral_summary,
)

ROUND = 2564
MIN_CELL = 5
HOME, ELSEWHERE = "46", "50"  # the provincial and agency officers work in Kalasin (46)
RULE = store.PoorRule()
MODEL = HouseholdModel(scoring=tuple(table("capital_scoring")))
ROOT = Path(__file__).resolve().parents[2]

ACCESS = {
    "public": Access.public(min_cell=MIN_CELL),
    "executive": Access(user="exec", roles=("executive",), min_cell=MIN_CELL),
    "researcher": Access(user="res", roles=("researcher",), min_cell=MIN_CELL),
    "provincial": Access(user="prov", roles=("provincial",), areas=(HOME,), min_cell=MIN_CELL),
    "agency": Access(
        user="agency", roles=("agency",), areas=(HOME,), agencies=("pmj",), min_cell=MIN_CELL
    ),
    "admin": Access(user="admin", roles=("admin",), min_cell=MIN_CELL),
}
ROLES = tuple(ACCESS)
#: the health and disability answers a household row has (the rest of SENSITIVE_COLUMNS are
#: notes, derived flags or other tables' columns)
HEALTH = ("members_disabled", "hc_chronic_ill", "bmn_17", "main_cause")


@pytest.fixture(scope="module")
def demo(demo_store, tmp_path_factory):
    """A copy of the demo store (the review flags are written into it) and the places used."""
    db = tmp_path_factory.mktemp("access") / "demo.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)

    def one(sql: str, params: list) -> str:
        return con.execute(sql, params).fetchone()[0]

    home = one(
        "SELECT district_code FROM households WHERE round_be = ? AND province_code = ?"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        [ROUND, HOME],
    )
    away = one(
        "SELECT district_code FROM households WHERE round_be = ? AND province_code = ?"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        [ROUND, ELSEWHERE],
    )
    inside = one(
        "SELECT hh_id FROM households h WHERE round_be = ? AND district_code = ?"
        " AND lat IS NOT NULL ORDER BY (SELECT count(*) FROM referral_current r"
        " WHERE r.hh_id = h.hh_id) DESC, hh_id LIMIT 1",
        [ROUND, home],
    )
    outside = one(
        "SELECT hh_id FROM households WHERE round_be = ? AND district_code = ?"
        " AND lat IS NOT NULL ORDER BY hh_id LIMIT 1",
        [ROUND, away],
    )
    places = {
        "home": home,
        "away": away,
        "inside": inside,
        "outside": outside,
        "village_in": one(
            "SELECT village_code FROM households WHERE hh_id = ? AND round_be = ?", [inside, ROUND]
        ),
        "village_out": one(
            "SELECT village_code FROM households WHERE hh_id = ? AND round_be = ?",
            [outside, ROUND],
        ),
    }
    yield con, places
    con.close()


def _no_secrets(columns) -> None:
    assert not set(columns) & set(SECRET_COLUMNS)
    assert not any("hash" in c for c in columns)


# --- Access itself ------------------------------------------------------------------------------


def test_access_from_a_signed_in_user_reads_its_fields_only():
    class Session:  # as data.users.Session: name, roles, areas, agencies (and more)
        name = "somsri"
        roles = ("provincial", "researcher")
        areas = ("4601", "46", "47")
        agencies = ()
        token = "secret"

    got = Access.from_user(Session(), min_cell=MIN_CELL)
    assert got == Access(
        user="somsri", roles=("researcher", "provincial"), areas=("46", "47"), min_cell=MIN_CELL
    )
    row = {"name": "dao", "roles": "agency", "area_scopes": "46; 47", "agency_scopes": "pmj,cdd"}
    got = Access.from_user(row, min_cell=MIN_CELL)
    assert (got.areas, got.agencies, got.suppressed) == (("46", "47"), ("cdd", "pmj"), True)
    # a blank area in a users row is no area, never the whole country
    assert (
        Access.from_user({"name": "x", "roles": ["provincial"], "areas": [""]}, min_cell=5).areas
        == ()
    )


def test_access_refuses_bad_values():
    with pytest.raises(ValueError, match="DOPA"):
        Access(roles=("provincial",), areas=("4",), min_cell=MIN_CELL)
    with pytest.raises(ValueError, match="unknown role"):
        Access(roles=("boss",), min_cell=MIN_CELL)
    with pytest.raises(ValueError, match="min_cell"):
        Access.public(min_cell=0)


def test_public_and_full():
    public = Access.public(min_cell=MIN_CELL)
    assert public.user is None and public.roles == ("public",) and public.suppressed
    assert public.household_capability("46") is None
    full = Access.full()
    assert full.nationwide and not full.suppressed
    assert full.hidden_columns(None) == frozenset(SECRET_COLUMNS)
    assert scope.resolve(full) == full
    with pytest.raises(TypeError, match="access="):  # a read must say who asks
        scope.resolve(None)


def test_a_refusal_is_told_in_thai_and_in_english():
    with pytest.raises(AccessDenied) as caught:
        ACCESS["provincial"].check_households("5001")
    err = caught.value
    assert err.code == "scope.denied.area"
    assert "5001" in str(err) and "46" in str(err) and str(err).startswith("Area 5001")
    th = err.render("th")
    assert "5001" in th and re.search("[\u0e00-\u0e7f]", th)
    assert not re.search("[A-Za-z]", th), th  # no English in the Thai text
    with pytest.raises(AccessDenied) as caught:
        ACCESS["public"].check_households("46")
    assert caught.value.code == "scope.denied.capability"
    assert not re.search("[A-Za-z]", caught.value.render("th"))


# --- household rows, role by role ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_household_frame(demo, role):
    con, at = demo
    access = ACCESS[role]
    for district, inside in ((at["home"], True), (at["away"], False)):

        def read(district=district):
            return households.household_frame(
                con, ["*"], round_be=ROUND, area=district, access=access
            )

        if role == "provincial" and inside:
            frame = read()
            assert len(frame) > 0 and (frame["district_code"] == district).all()
            assert {"hh_id", "lat", "lon", *HEALTH} <= set(frame.columns)
            _no_secrets(frame.columns)
        elif role == "researcher":
            frame = read()
            assert len(frame) > 0
            assert not set(frame.columns) & (set(IDENTIFYING_COLUMNS) | set(SENSITIVE_COLUMNS))
            assert {"village_code", "members", "bmn_01", "income_per_person_year"} <= set(
                frame.columns
            )
            _no_secrets(frame.columns)
        else:
            with pytest.raises(AccessDenied):
                read()


def test_a_named_column_the_role_may_not_receive_is_refused(demo):
    con, at = demo
    researcher = ACCESS["researcher"]
    with pytest.raises(AccessDenied) as caught:
        households.household_frame(
            con, ["hh_id"], round_be=ROUND, area=at["home"], access=researcher
        )
    assert caught.value.code == "scope.denied.column"
    got = households.household_frame(
        con, ["village_code", "members"], round_be=ROUND, area=at["home"], access=researcher
    )
    assert got.columns.tolist() == ["village_code", "members"]
    with pytest.raises(AccessDenied):  # a provincial officer has no whole country
        households.household_frame(con, ["members"], round_be=ROUND, access=ACCESS["provincial"])


def _named_reads(con, at, who: str, access: Access) -> dict:
    """Every read of named records, for the household (or its village or district) ``who``."""
    hh = at[who]
    district = at["home" if who == "inside" else "away"]
    vil = at["village_in" if who == "inside" else "village_out"]
    return {
        "household_rounds": lambda: households.household_rounds(con, hh, access=access),
        "village_households": lambda: households.village_households(con, vil, ROUND, access=access),
        "household_points": lambda: households.household_points(
            con, district, ROUND, RULE, access=access
        ),
        "household_history": lambda: household_history(
            con, hh, model=MODEL, rule=RULE, access=access
        ),
        "household_record": lambda: household_record(con, hh, ROUND, access=access),
        "is_poor": lambda: is_poor(con, hh, ROUND, RULE, access=access),
        "household_point": lambda: data_read.household_point(con, hh, ROUND, access=access),
    }


@pytest.mark.parametrize("role", ROLES)
def test_named_records_only_for_the_provincial_officer_in_the_officers_areas(demo, role):
    con, at = demo
    for who in ("inside", "outside"):
        for name, read in _named_reads(con, at, who, ACCESS[role]).items():
            if role == "provincial" and who == "inside":
                got = read()
                if name in ("household_rounds", "household_history"):
                    assert len(got) >= 1 and set(got["hh_id"]) == {at["inside"]}, name
                    assert {*HEALTH} <= set(got.columns), name
                    _no_secrets(got.columns)
                if name == "household_history":
                    assert "with_disabled" in got.columns
                if name == "household_record":
                    assert got["hh_id"] == at["inside"] and "members_disabled" in got.index
                    _no_secrets(got.index)
                if name in ("village_households",):
                    assert at["inside"] in got
                if name == "household_points":
                    assert at["inside"] in set(got["hh_id"])
                if name == "household_point":
                    assert got is not None
            else:
                with pytest.raises(AccessDenied):
                    read()


def test_a_household_not_stored_is_not_refused(demo):
    con, _ = demo
    provincial = ACCESS["provincial"]
    assert households.household_rounds(con, "NO-SUCH", access=provincial).empty
    assert household_record(con, "NO-SUCH", ROUND, access=provincial) is None


def test_a_caller_without_access_is_refused_and_the_full_access_reads_everything(demo):
    con, at = demo
    with pytest.raises(TypeError, match="access="):
        households.household_frame(con, ["*"], round_be=ROUND, area=at["away"])
    with pytest.raises(TypeError, match="access="):
        household_record(con, at["outside"], ROUND)
    full = households.household_frame(
        con, ["*"], round_be=ROUND, area=at["away"], access=Access.full()
    )
    assert "hh_id" in full.columns and "members_disabled" in full.columns
    _no_secrets(full.columns)


@pytest.mark.parametrize("role", ROLES)
def test_household_list(demo, role):
    con, at = demo
    read = lambda area: area_rows.household_rows(  # noqa: E731
        con, area, ROUND, access=ACCESS[role], model=MODEL
    )
    if role == "provincial":
        assert "hh_id" in read(at["home"]).rows.columns
        assert "main_cause" in read(at["home"]).rows.columns
        with pytest.raises(AccessDenied):
            read(at["away"])
    elif role == "researcher":
        for area in (at["home"], at["away"]):
            page = read(area)
            assert page.total > 0 and len(page.rows) > 0
            assert "hh_id" not in page.rows.columns and "main_cause" not in page.rows.columns
            assert {"village_code", "failed", "level"} <= set(page.rows.columns)
    else:
        with pytest.raises(AccessDenied):
            read(at["home"])


# --- the review queue ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def flags(demo, boundary_cache):
    from geo import boundaries

    con, _ = demo
    layer = boundaries.load_level("subdistrict", boundary_cache)
    lookup = boundaries.load_lookup(boundary_cache)
    return review_read.ensure_flags(con, layer, lookup, round_be=ROUND)


@pytest.mark.parametrize("role", ROLES)
def test_review_reads_need_verify_in_the_area(demo, flags, role):
    con, _ = demo
    access = ACCESS[role]
    reads = {
        "status_counts": lambda a: review_read.status_counts(
            con, round_be=ROUND, area=a, access=access
        ),
        "flag_counts": lambda a: review_read.flag_counts(
            con, flags, round_be=ROUND, area=a, tolerance_m=500.0, access=access
        ),
        "queue": lambda a: review_read.queue(
            con, flags, round_be=ROUND, area=a, tolerance_m=500.0, access=access
        ),
        "duplicates": lambda a: review_read.duplicates(
            con, flags, round_be=ROUND, area=a, access=access
        ),
    }
    for name, read in reads.items():
        if role == "provincial":
            got = read(HOME)
            if name == "queue":
                assert got.total > 0
                assert {"hh_id", "note"} <= set(got.rows.columns)
                assert got.rows["village_code"].str.startswith(HOME).all()
            if name == "status_counts":
                assert sum(got.values()) > 0
            if name == "duplicates":  # partners outside the officer's areas are left out
                assert got.rows["village_code"].dropna().str.startswith(HOME).all()
            with pytest.raises(AccessDenied):
                read(ELSEWHERE)
        else:
            with pytest.raises(AccessDenied):
                read(HOME)


# --- referrals ---------------------------------------------------------------------------------


def test_agency_officers_read_their_agencys_referrals_in_their_areas(demo):
    con, at = demo
    day = dt.date(2026, 1, 1)
    agency, provincial = ACCESS["agency"], ACCESS["provincial"]
    mine = referral_queue(con, access=agency, as_of=day)
    assert len(mine) > 0
    assert set(mine["agency"]) == {"pmj"} and mine["province_code"].eq(HOME).all()
    assert "status_note" not in mine.columns  # free text: not for the agency role
    theirs = referral_queue(con, access=provincial, as_of=day)
    assert theirs["province_code"].eq(HOME).all() and len(set(theirs["agency"])) > 1
    assert "status_note" in theirs.columns
    everyone = referral_queue(con, as_of=day, access=Access.full())
    assert set(everyone["province_code"]) > {HOME}
    want = everyone[(everyone["province_code"] == HOME) & (everyone["agency"] == "pmj")]
    assert sorted(mine["referral_id"]) == sorted(want["referral_id"])
    assert referral_summary(con, access=agency, as_of=day)["total"] == len(mine)
    # an agency the officer does not work for gives nothing; an area outside is refused
    assert referral_queue(con, rf.Filters(agencies=("cdd",)), access=agency).empty
    with pytest.raises(AccessDenied):
        referral_queue(con, rf.Filters(area=ELSEWHERE), access=agency)
    # the district inside the officer's province narrows, as for anyone
    inside = referral_queue(con, rf.Filters(area=at["home"]), access=agency, as_of=day)
    assert inside["district_code"].eq(at["home"]).all()


def test_the_agency_officers_counts_spreadsheet_and_details_are_the_agencys_too(demo):
    con, _ = demo
    day = dt.date(2026, 1, 1)
    agency = ACCESS["agency"]
    mine = referral_queue(con, access=agency, as_of=day)
    assert int(referral_funnel(con, access=agency)["current"].sum()) == len(mine)
    per_agency = referral_by_agency(con, access=agency, as_of=day)
    assert per_agency.index.tolist() == ["pmj"] and int(per_agency["total"].sum()) == len(mine)
    sheet = referral_export(con, access=agency, lang="en", as_of=day)
    assert sorted(sheet["referral_id"]) == sorted(mine["referral_id"])
    assert "last_note" not in sheet.columns
    assert "last_note" in referral_export(con, access=ACCESS["provincial"], as_of=day).columns
    everyone = referral_queue(con, as_of=day, access=Access.full())
    ours = everyone[(everyone["province_code"] == HOME) & (everyone["agency"] == "pmj")]
    other = everyone[(everyone["province_code"] == HOME) & (everyone["agency"] != "pmj")]
    away = everyone[everyone["province_code"] != HOME]
    referral, events = referral_detail(con, ours["referral_id"].iloc[0], access=agency)
    assert referral["agency"] == "pmj" and "status_note" not in referral.index
    assert "note" not in events.columns and len(events) >= 1
    for rid in (other["referral_id"].iloc[0], away["referral_id"].iloc[0]):
        with pytest.raises(AccessDenied):
            referral_detail(con, rid, access=agency)
    referral, events = referral_detail(
        con, other["referral_id"].iloc[0], access=ACCESS["provincial"]
    )
    assert "status_note" in referral.index and "note" in events.columns
    with pytest.raises(AccessDenied):
        referral_detail(con, away["referral_id"].iloc[0], access=ACCESS["provincial"])
    with pytest.raises(AccessDenied):
        referral_detail(con, ours["referral_id"].iloc[0], access=ACCESS["researcher"])
    assert referral_detail(con, "NO-SUCH", access=agency) is None
    # the full access answers as data.referrals does
    pd.testing.assert_frame_equal(referral_funnel(con, access=Access.full()), rf.funnel(con))
    pd.testing.assert_frame_equal(
        referral_by_agency(con, as_of=day, access=Access.full()), rf.by_agency(con, as_of=day)
    )


@pytest.mark.parametrize("role", ROLES)
def test_household_referrals_and_village_counts(demo, role):
    con, at = demo
    access = ACCESS[role]
    every = household_referrals(con, at["inside"], access=Access.full())
    assert len(every) > 0
    assert (every["agency"] == "pmj").any() or role != "agency"
    if role in ("provincial", "agency"):
        got = household_referrals(con, at["inside"], access=access)
        counts = village.referral_counts(con, at["village_in"], access=access)
        if role == "provincial":
            pd.testing.assert_frame_equal(got, every)
        else:
            assert set(got["agency"]) <= {"pmj"}
            assert len(got) == (every["agency"] == "pmj").sum()
        assert int(counts["referrals"].sum()) >= len(got)
        assert household_referrals(con, at["outside"], access=access).empty
    else:
        with pytest.raises(AccessDenied):
            household_referrals(con, at["inside"], access=access)
        with pytest.raises(AccessDenied):
            village.referral_counts(con, at["village_in"], access=access)


# --- suppression ---------------------------------------------------------------------------------

COUNTS = ("households", "people", "poor_households", "poor_people", "targeted_poor_households")


@pytest.mark.parametrize("role", ROLES)
def test_area_numbers_are_suppressed_for_public_researcher_and_agency_only(demo, role):
    con, _ = demo
    access = ACCESS[role]
    plain = areas.area_measures(con, "district", round_be=ROUND)
    got = areas.area_measures(con, "district", round_be=ROUND, access=access)
    assert got["code"].tolist() == plain["code"].tolist()
    hidden = got["suppressed"].to_numpy()
    if role in ("public", "researcher", "agency"):
        small = suppressed(plain["households"], MIN_CELL).to_numpy()
        assert small.any() and (hidden & small).sum() == small.sum()
        assert hidden.sum() > small.sum()  # complementary cells too
        assert got.loc[hidden, [*COUNTS, "headcount_ratio"]].isna().all().all()
    else:
        assert not hidden.any()
    shown = ~hidden
    for column in (*COUNTS, "headcount_ratio"):
        np.testing.assert_array_equal(
            got.loc[shown, column].to_numpy(dtype=float),
            plain.loc[shown, column].to_numpy(dtype=float),
        )


def test_every_area_reader_hides_the_same_areas(demo):
    con, at = demo
    public = ACCESS["public"]
    hidden = areas.hidden_areas(con, round_be=ROUND, min_cell=MIN_CELL)[ROUND]
    stats = areas.area_stats(con, "subdistrict", round_be=ROUND, area=HOME, access=public)
    assert set(stats.loc[stats["suppressed"], "code"]) == {
        c for c in hidden if len(c) == 6 and c.startswith(HOME)
    }
    # a district's own total is hidden exactly when its row in its province is
    districts = areas.area_measures(con, "district", round_be=ROUND, area=HOME, access=public)
    for code, flag in zip(districts["code"], districts["suppressed"], strict=True):
        total = areas.totals(con, round_be=ROUND, area=code, access=public)
        assert bool(total["suppressed"].iloc[0]) == bool(flag), code
        assert pd.isna(total["households"].iloc[0]) == bool(flag)
    country = areas.totals(con, round_be=ROUND, access=public)
    assert not country["suppressed"].any() and int(country["households"].iloc[0]) > 0
    # villages: the map's points, the village lists and one village's numbers
    vils = areas.village_measures(con, at["home"], ROUND, access=public)
    surveyed = vils["village_code"].isin([c for c in hidden if len(c) == 8])
    assert (vils["suppressed"] == surveyed).all()
    assert vils.loc[vils["suppressed"], "households"].isna().all()
    listed = area_rows.village_rows(con, at["home"], ROUND, access=public).rows
    assert listed.loc[listed["suppressed"], "poor_households"].isna().all()
    by_poor = village.villages_by_poor(con, at["home"], ROUND, RULE, 500, access=public)
    assert set(by_poor.loc[by_poor["suppressed"], "village_code"]) == set(
        vils.loc[vils["suppressed"], "village_code"]
    )
    numbers = village.village_poverty(
        con, ROUND, at["village_in"], rule=RULE, model=MODEL, access=public
    )
    assert numbers.suppressed == (at["village_in"] in hidden)
    if numbers.suppressed:
        assert numbers.levels.isna().all().all() and numbers.causes.empty
    assert not village.village_poverty(
        con, ROUND, at["village_in"], rule=RULE, model=MODEL, access=ACCESS["executive"]
    ).suppressed
    matched = data_read.registry_match(con, "district", ROUND, HOME, RULE, access=public)
    assert set(matched.loc[matched["suppressed"], "code"]) == {
        c for c in hidden if len(c) == 4 and c.startswith(HOME)
    }


def _hierarchy(con, round_be: int, access: Access | None):
    """The area tables of a round as the door gives them (every level, the whole country):
    values, whether each is hidden, and the lines (each area = the sum of its parts)."""
    frames = [
        areas.area_measures(con, level, round_be=round_be, access=access)
        for level in ("province", "district", "subdistrict", "village")
    ]
    both = pd.concat(frames, ignore_index=True)
    codes = both["code"].tolist()
    at = {c: i for i, c in enumerate(codes)}
    lines = [(None, [at[c] for c in codes if len(c) == 2])]
    children: dict[str, list[int]] = {}
    for c in codes:
        if len(c) > 2:
            children.setdefault(c[: len(c) - 2], []).append(at[c])
    lines += [(at[p], kids) for p, kids in children.items()]
    hidden = both["suppressed"].to_numpy(dtype=bool) if access else None
    return both, lines, hidden


def test_complementary_suppression_cannot_be_undone_on_the_demo_tables(demo):
    con, _ = demo
    full, lines, _ = _hierarchy(con, ROUND, None)
    public, lines_public, hidden = _hierarchy(con, ROUND, ACCESS["public"])
    assert lines_public == lines and public["code"].tolist() == full["code"].tolist()
    # the tables add up: each area is the sum of its parts (what an attacker subtracts with)
    values = full["households"].to_numpy(dtype=float)
    for total, parts in lines[1:]:
        assert values[total] == values[parts].sum()
    naive = suppressed(full["households"], MIN_CELL).to_numpy()
    assert determined(lines, naive).any()  # hiding only the small areas gives some back
    assert hidden.sum() > naive.sum() and (hidden & naive).sum() == naive.sum()
    assert not determined(lines, hidden).any()
    # what is shown is what the full access sees; what is hidden is NA in every count
    shown = ~hidden
    for column in COUNTS:
        np.testing.assert_array_equal(
            public.loc[shown, column].to_numpy(dtype=float),
            full.loc[shown, column].to_numpy(dtype=float),
        )
        assert public.loc[hidden, column].isna().all()


# --- every household-level function takes access ---------------------------------------------

#: Functions of query/ that read a household-level table but return no household's rows, or are
#: the check itself, and why they take no ``access``.
NO_ACCESS = {
    "query.households.rounds": "the survey rounds: a store fact",
    "query.households.household_count": "how many records the store holds: a store fact",
    "query.households.data_provinces": "the provinces with data: the area picker's list",
    "query.areas.measures_sql": "SQL text; the readers that run it take access",
    "query.monitored.area_sql": "SQL text of monitored counts; area_measures and "
    "monitoring_read.category_counts, which run it, take access",
    "query.monitored.round_sql": "SQL text of monitored counts per round; its readers take access",
    "query.scope.household_located": "the access check itself",
    "query.outcomes.refresh": "keeps the transition counts fresh; returns timings only",
}
#: Reads in modules other owners edit, still to take ``access`` (area numbers: suppression;
#: household rows: scopes and columns).
PENDING = {
    "query.coverage.coverage": "survey coverage counts per area (coverage.py's owner)",
    "query.sites_read.poor_needs": "poor households' needs per area (sites' owner)",
    **{
        f"query.monitoring_read.{name}": "monitoring reads of households (issue 17's owner)"
        for name in (
            "alert_detail",
            "alert_history",
            "grievance_detail",
            "grievance_history",
            "household_alert_history",
            "household_alerts",
            "sample_households",
            "samples",
        )
    },
}
#: A household-level table in a SQL string: the sign of a household-level read.
TABLES = re.compile(
    r"\b(?:FROM|JOIN)\s+(households|members|review_flags|referral_current|referrals|"
    r"referral_events|verification_events|alerts|alert_current|alert_events|exit_sample_households|"
    r"exit_checks|exit_check_current|grievances|grievance_current|grievance_events)\b",
    re.IGNORECASE,
)


def _reads_households() -> set[str]:
    found = set()
    for path in sorted((ROOT / "query").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            doc = ast.get_docstring(node, clean=False)
            texts = [
                n.value
                for n in ast.walk(node)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value != doc
            ]
            if any(TABLES.search(t) for t in texts):
                found.add(f"query.{path.stem}.{node.name}")
    return found


def test_every_household_level_function_of_the_door_takes_access():
    reads = _reads_households()
    unlisted = reads - set(scope.ACCESS_READS) - set(NO_ACCESS) - set(PENDING)
    assert not unlisted, f"read households without access= (add it, or say why): {sorted(unlisted)}"
    stale = (set(NO_ACCESS) | set(PENDING)) - reads
    assert not stale, f"allowances no function needs any more: {sorted(stale)}"
    for name in scope.ACCESS_READS:
        module, function = name.rsplit(".", 1)
        parameter = inspect.signature(getattr(import_module(module), function)).parameters.get(
            "access"
        )
        assert parameter is not None, name
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameter.default is None, name


def test_a_map_polygon_is_hidden_when_any_of_its_subdistricts_is(demo, boundary_cache):
    from geo import boundaries

    con, _ = demo
    lookup = boundaries.load_lookup(boundary_cache).dropna()
    polygons = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))
    hidden = areas.hidden_areas(con, round_be=ROUND, min_cell=MIN_CELL)[ROUND]
    got = areas.area_measures(
        con, "subdistrict", round_be=ROUND, polygons=polygons, access=ACCESS["public"]
    ).set_index("code")
    members: dict[str, set[str]] = {}
    for dopa, polygon in polygons.items():
        members.setdefault(polygon, set()).add(dopa)
    for code, flag in got["suppressed"].items():
        want = code in hidden or bool(members.get(code, set()) & hidden)
        assert bool(flag) == want, code
    # a polygon of two subdistricts, one hidden: its sum would give the hidden one back
    frame = pd.DataFrame({"code": ["100101", "100201"], "round_be": [ROUND] * 2, "people": [9, 70]})
    merged = {"100101": "100101", "100102": "100101", "100201": "100201"}
    out = areas.suppress(frame, {ROUND: frozenset({"100102"})}, polygons=merged)
    assert out["suppressed"].tolist() == [True, False]
    assert out["people"].isna().tolist() == [True, False]
