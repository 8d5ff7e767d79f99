from __future__ import annotations

import pandas as pd
import pytest

from data.problems import safe_value
from data.validate import hash_national_id, national_id_checksum_ok, validate_households
from tests.data.rows import households

KEY = b"test-key"


def test_good_rows_pass_and_are_typed():
    result = validate_households(households(3), "hh.csv", KEY)
    assert result.ok, result.problems
    frame = result.frame
    assert frame["income_per_person_year"].tolist() == [30000.0] * 3
    assert frame["welfare_card"].tolist() == [True] * 3
    assert frame["bmn_15"].tolist() == [0, 0, 0]
    assert frame["bmn_01"].isna().all()
    assert frame["province_code"].tolist() == ["46"] * 3


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("members", "abc", "not a whole number"),
        ("members", "0", "outside"),
        ("welfare_card", "maybe", "not true/false"),
        ("bmn_03", "2", "must be 1 (passes)"),
        ("nc_land_tenure", "borrowed", "not one of"),
        ("main_cause", "bad_luck", "not one of"),
        ("province_code", "4", "must be 2 digits"),
        ("province_code", "99", "not a current DOPA province code"),
        ("subdistrict_code", "469999", "not a current DOPA subdistrict code"),
        ("district_code", "4702", "does not start with province_code"),
        ("village_no", "4", "does not match the last two digits"),
        ("lat", "", "lat and lon must be given together"),
        ("head_national_id", "1101700203451", "check digit"),
        ("hh_id", "H 1<script>", "household ID must be"),
        ("members_60_plus", "4", "exceed members"),
    ],
)
def test_bad_cell_is_reported_with_file_line_and_column(column, value, reason):
    result = validate_households(households(3, row1={column: value}), "hh.csv", KEY)
    assert not result.ok
    hits = [p for p in result.problems if p.column == column and reason in p.reason]
    assert hits, [str(p) for p in result.problems]
    assert hits[0].file == "hh.csv"
    assert hits[0].line == 3  # header is line 1, row 0 is line 2
    assert result.bad_lines() == {3}


def test_missing_required_column_and_unknown_column_are_header_problems():
    frame = households(2).drop(columns=["members"]).assign(nickname="x")
    result = validate_households(frame, "hh.csv", KEY)
    reasons = {(p.line, p.column, p.reason) for p in result.problems}
    assert (1, "members", "required column is missing") in reasons
    assert (1, "nickname", "unknown column (not in the data format)") in reasons


def test_required_value_empty():
    result = validate_households(households(2, row0={"welfare_card": ""}), "hh.csv", KEY)
    assert [(p.line, p.column, p.reason) for p in result.problems] == [
        (2, "welfare_card", "required value is empty")
    ]


def test_duplicate_household_round_reported_on_second_line():
    frame = pd.concat([households(1), households(1)], ignore_index=True)
    result = validate_households(frame, "hh.csv", KEY)
    assert [(p.line, p.column) for p in result.problems] == [(3, "hh_id")]


def test_national_id_checksum_known_answers():
    assert national_id_checksum_ok("1101700203450")
    assert not national_id_checksum_ok("1101700203459")
    assert not national_id_checksum_ok("110170020345")
    assert not national_id_checksum_ok("11017002034501")


def test_national_id_is_hashed_and_never_kept():
    result = validate_households(households(1), "hh.csv", KEY)
    frame = result.frame
    assert "head_national_id" not in frame.columns
    assert frame["head_id_hash"].iloc[0] == hash_national_id("1101700203450", KEY)
    assert "1101700203450" not in frame.to_csv()
    # a different key gives a different hash: the hash is keyed, not a plain digest
    assert hash_national_id("1101700203450", b"other") != frame["head_id_hash"].iloc[0]


def test_ids_without_a_key_are_refused():
    with pytest.raises(ValueError, match="no hash key"):
        validate_households(households(1), "hh.csv", None)


def test_reports_never_show_a_raw_id():
    result = validate_households(
        households(1, row0={"head_national_id": "1101700203451"}), "hh.csv", KEY
    )
    text = "\n".join(map(str, result.problems))
    assert "1101700203451" not in text
    assert "hidden" in text
    assert safe_value("=HYPERLINK(x)" * 10).endswith("…")


def test_thai_digit_ids_are_rejected_not_crashing():
    # Thai digits look like digits to \d and int(); the canonical format wants ASCII digits
    result = validate_households(
        households(1, row0={"head_national_id": "๑๑๐๑๗๐๐๒๐๓๔๕๐"}), "hh.csv", KEY
    )
    assert [(p.column, p.line) for p in result.problems] == [("head_national_id", 2)]
