"""Saved views and storylines in the store: written by data.saved_views, read back through the
door (query.saved_views), in order, with refusals in Thai and English."""

from __future__ import annotations

import pytest

from data import saved_views as sv
from data import store
from query import saved_views as read

NATIONAL_ID = "1-1017-00203-45-0"  # a valid check digit (data.referrals.scrub_note's example)


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "views.duckdb")
    yield con
    con.close()


def test_a_saved_view_reads_back_as_it_was_saved(con):
    params = {
        "lang": "th",
        "round": "2564",
        "area": "46",
        "map_level": "subdistrict",
        "metric": "headcount_ratio",
        "method": "natural_breaks",
        "palette": "blues",
        "zoom": "9",
        "lat": "16.4321",
        "lon": "103.5012",
        "type": ["elderly", "disabled"],
    }
    number = sv.save_view(con, "map", params, "  กาฬสินธุ์ ตำบล  ", "สำหรับที่ประชุม\nบรรทัดสอง")
    got = read.view(con, number)
    assert got.page == "map"
    assert got.title == "กาฬสินธุ์ ตำบล"
    assert got.note == "สำหรับที่ประชุม\nบรรทัดสอง"
    assert got.query() == {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    assert got.param("type") == "disabled" and got.param("slide") is None
    assert [v.view_id for v in read.views(con)] == [number]


def test_the_presentation_and_empty_parameters_are_not_saved(con):
    number = sv.save_view(
        con, "why", {"present": "3", "slide": "2", "area": "", "round": "2566"}, "x"
    )
    assert read.view(con, number).query() == {"round": ["2566"]}


def test_national_ids_are_replaced_in_titles_notes_and_parameters(con):
    number = sv.save_view(
        con, "referrals", {"hh": NATIONAL_ID}, f"บ้าน {NATIONAL_ID}", f"โทร {NATIONAL_ID}"
    )
    got = read.view(con, number)
    digits = NATIONAL_ID.replace("-", "")
    for text in (got.title, got.note, got.param("hh")):
        assert NATIONAL_ID not in text and digits not in text
    stored = con.execute("SELECT title || note || params FROM saved_views").fetchone()[0]
    assert NATIONAL_ID not in stored and digits not in stored


def test_a_storyline_keeps_its_order_through_every_change(con):
    a, b, c = (
        sv.save_view(con, "map", {"area": code}, f"view {code}") for code in ("10", "46", "50")
    )
    story = sv.create_storyline(con, "คณะกรรมการ", "พรุ่งนี้", [a, b])
    sv.add_to_storyline(con, story, c)
    assert [v.view_id for v in read.storyline(con, story).views] == [a, b, c]
    sv.move_in_storyline(con, story, 3, -1)
    assert [v.view_id for v in read.storyline(con, story).views] == [a, c, b]
    sv.move_in_storyline(con, story, 1, -5)  # stops at the start
    sv.move_in_storyline(con, story, 1, 9)  # and at the end
    assert [v.view_id for v in read.storyline(con, story).views] == [c, b, a]
    sv.set_storyline_views(con, story, [b, b, a])  # a view may come back
    assert [v.view_id for v in read.storyline(con, story).views] == [b, b, a]
    sv.remove_from_storyline(con, story, 2)
    assert [v.view_id for v in read.storyline(con, story).views] == [b, a]
    sv.delete_view(con, b)  # leaves every storyline, the slides after it move up
    assert [v.view_id for v in read.storyline(con, story).views] == [a]
    assert con.execute("SELECT position FROM storyline_views").fetchall() == [(1,)]
    sv.update_storyline(con, story, title="ที่ประชุม", note="")
    listed = read.storylines(con)
    assert listed[["storyline_id", "title", "views"]].values.tolist() == [[story, "ที่ประชุม", 1]]
    sv.delete_storyline(con, story)
    assert read.storyline(con, story) is None and read.view(con, a) is not None


def test_storylines_and_views_list_newest_first(con):
    first = sv.save_view(con, "map", {}, "first")
    second = sv.save_view(con, "overview", {}, "second")
    assert [v.view_id for v in read.views(con)] == [second, first]
    s1, s2 = sv.create_storyline(con, "one"), sv.create_storyline(con, "two")
    assert read.storylines(con)["storyline_id"].tolist() == [s2, s1]
    assert read.storyline(con, s1).views == ()


def test_saving_a_view_leaves_the_data_version_alone(con):
    """No map or table is computed again because someone saved a view."""
    before = store.data_version(con)
    view = sv.save_view(con, "map", {"area": "46"}, "x")
    story = sv.create_storyline(con, "s", view_ids=[view])
    sv.move_in_storyline(con, story, 1, 1)
    assert store.data_version(con) == before


@pytest.mark.parametrize(
    ("write", "english", "thai"),
    [
        (lambda c: sv.save_view(c, "map", {}, "   "), "give the view a title", "ต้องตั้งชื่อมุมมอง"),
        (
            lambda c: sv.save_view(c, "map", {}, "x" * 121),
            "the title is longer than 120 characters",
            "ชื่อยาวเกิน 120 ตัวอักษร",
        ),
        (
            lambda c: sv.save_view(c, "map", {}, "x", "n" * 1001),
            "the note is longer than 1000 characters",
            "บันทึกยาวเกิน 1000 ตัวอักษร",
        ),
        (
            lambda c: sv.save_view(c, "../etc", {}, "x"),
            "unknown page “../etc”",
            "ไม่รู้จักหน้า “../etc”",
        ),
        (
            lambda c: sv.save_view(c, "map", {"a b": "1"}, "x"),
            "the link's parameter “a b” is not valid",
            "ค่า “a b” ในลิงก์ไม่ถูกต้อง",
        ),
        (
            lambda c: sv.save_view(c, "map", {"area": {"x": 1}}, "x"),
            "the link's parameter “area” is not valid",
            "ค่า “area” ในลิงก์ไม่ถูกต้อง",
        ),
        (
            lambda c: sv.save_view(c, "map", {"q": "x" * 5000}, "x"),
            "this view's link holds too much (over 4000 characters)",
            "มุมมองนี้มีค่าในลิงก์มากเกินไป (เกิน 4000 ตัวอักษร)",
        ),
        (lambda c: sv.delete_view(c, 7), "no saved view number 7", "ไม่พบมุมมองที่บันทึกไว้หมายเลข 7"),
        (
            lambda c: sv.create_storyline(c, "s", view_ids=[1, 2]),
            "no saved view number 1",
            "ไม่พบมุมมองที่บันทึกไว้หมายเลข 1",
        ),
        (lambda c: sv.create_storyline(c, ""), "give the storyline a title", "ต้องตั้งชื่อลำดับเรื่อง"),
        (
            lambda c: sv.add_to_storyline(c, "abc", 1),
            "no storyline number abc",
            "ไม่พบลำดับเรื่องหมายเลข abc",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_in_both_languages(con, write, english, thai):
    with pytest.raises(sv.SavedViewError) as caught:
        write(con)
    assert caught.value.text("en") == english == str(caught.value)
    assert caught.value.text("th") == thai
    assert con.execute("SELECT count(*) FROM saved_views").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM storylines").fetchone()[0] == 0


def test_a_position_outside_the_storyline_is_refused(con):
    view = sv.save_view(con, "map", {}, "x")
    story = sv.create_storyline(con, "s", view_ids=[view])
    for write in (
        lambda: sv.move_in_storyline(con, story, 2, -1),
        lambda: sv.remove_from_storyline(con, story, 0),
    ):
        with pytest.raises(sv.SavedViewError) as caught:
            write()
        assert "ไม่มีมุมมองลำดับที่" in caught.value.text("th")
    assert [v.view_id for v in read.storyline(con, story).views] == [view]


def test_a_storyline_has_a_limit(con):
    view = sv.save_view(con, "map", {}, "x")
    with pytest.raises(sv.SavedViewError, match="at most 60 views"):
        sv.create_storyline(con, "s", view_ids=[view] * 61)


def test_a_failed_write_leaves_the_store_as_it_was(con):
    a = sv.save_view(con, "map", {}, "a")
    story = sv.create_storyline(con, "s", view_ids=[a])
    with pytest.raises(sv.SavedViewError):
        sv.set_storyline_views(con, story, [a, 999])
    assert [v.view_id for v in read.storyline(con, story).views] == [a]
