"""The A4 PDF briefing: the Thai font embedded (pdffonts), the Thai titles extracted exactly
(pdftotext; titles with SARA AM, vowels below and tone marks, the clusters a glyph map gets
wrong), Thai lines broken between words, A4 pages, and the pages drawn (pdftoppm) with the
Thai glyphs in the Thai font and no missing glyph."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pandas as pd
import pytest
from PIL import Image

from analysis.measures import MEASURES
from briefing.brief import Brief, ChartPart, MapPart, TablePart
from briefing.deck import chart_of
from briefing.pdf import FAMILY, briefing_pdf
from tests.briefing.conftest import run

EXPORTED = dt.date(2025, 3, 5)
TITLE = "สรุปข้อมูลความยากจน รอบสำรวจ"
SECTIONS = ("ครัวเรือนยากจน เทียบรอบสำรวจ", "จนด้วยสาเหตุใด กาฬสินธุ์")
PARTS = ("สัดส่วนคนจนรายจังหวัด", "จังหวัดที่มีสัดส่วนคนจนสูงสุด 10 อันดับ", "ตัวเลขสำคัญ")
#: Thai words without spaces between them (found nowhere else in the briefing): a line may
#: only break between two of them, or between the parts of a compound (ชาว|นา).
WORDS = ("ชาวนา", "ปลูก", "ข้าว", "หอม", "มะลิ", "ริม", "แม่น้ำ", "ทุก", "ฤดูกาล")
PIECES = (*WORDS, "ชาว", "นา", "แม่", "น้ำ", "ฤดู", "กาล")
LONG_CAPTION = "".join(WORDS) * 12
SOURCE = "สำรวจข้อมูลความจำเป็นพื้นฐาน (จปฐ.)"


@pytest.fixture(scope="module")
def views(numbers):
    latest = numbers.round(numbers.latest)
    top = latest.sort_values(["headcount_ratio", "code"], ascending=[False, True]).head(10)
    table = pd.DataFrame(
        {
            "จังหวัด": [numbers.names[c] for c in top["code"]],
            "ครัวเรือนยากจน": [f"{int(v):,}" for v in top["poor_households"]],
        }
    )
    common = dict(
        area="ทั้งประเทศ",
        round_be=numbers.latest,
        source=SOURCE,
        vintage=f"รอบ พ.ศ. {numbers.latest}",
        synthetic=numbers.synthetic,
    )
    ratio = MEASURES["headcount_ratio"]
    first = Brief(
        SECTIONS[0],
        parts=(
            MapPart(PARTS[0], ratio, numbers.provinces, latest),
            ChartPart(
                PARTS[1], ratio, chart_of(top, "headcount_ratio", numbers.names), LONG_CAPTION
            ),
        ),
        **common,
    )
    second = Brief(
        SECTIONS[1],
        parts=(TablePart(PARTS[2], table, measure=MEASURES["poor_households"]),),
        **common,
    )
    return [first, second]


@pytest.fixture(scope="module")
def pdf(views, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    path.write_bytes(briefing_pdf(views, title=TITLE, exported=EXPORTED))
    return path


def test_the_thai_font_is_embedded(pdf):
    listing = run(["pdffonts", str(pdf)]).splitlines()[2:]
    fonts = [line.split() for line in listing]
    thai = [f for f in fonts if f[0].split("+")[-1].startswith(FAMILY)]
    assert thai, listing
    assert all(f[-5] == "yes" for f in fonts), listing  # every font embedded (emb column)
    assert all(f[-3] == "yes" for f in thai), listing  # with a Unicode map (uni column)


def test_pdftotext_returns_the_thai_titles_exactly(pdf, numbers):
    text = run(["pdftotext", str(pdf), "-"])
    lines = [line.strip() for line in text.splitlines()]
    for title in (TITLE, *SECTIONS, *PARTS):
        assert title in lines, title
    assert "ส่งออกเมื่อ 5 มีนาคม พ.ศ. 2568" in lines
    assert f"แหล่งข้อมูล: {SOURCE}" in lines
    assert ("ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลครัวเรือนจริง" in lines) is numbers.synthetic
    assert MEASURES["headcount_ratio"].definition("th") in text.replace("\n", "")
    # the table's cells, as written
    assert (
        numbers.names[numbers.round(numbers.latest).nlargest(1, "headcount_ratio").iloc[0]["code"]]
        in text
    )


def test_thai_lines_break_between_words(pdf):
    """The long caption has no space: it is broken by the dictionary, never inside a word."""
    text = run(["pdftotext", str(pdf), "-"])
    caption = [
        line.strip() for line in text.splitlines() if line.strip() and line.strip() in LONG_CAPTION
    ]
    assert len(caption) > 2  # wrapped over several lines
    assert "".join(caption) == LONG_CAPTION
    whole = re.compile("(?:" + "|".join(sorted(PIECES, key=len, reverse=True)) + ")+")
    for line in caption:
        assert whole.fullmatch(line), line


def test_a4_pages_drawn_with_thai_glyphs(pdf, tmp_path):
    info = run(["pdfinfo", str(pdf)])
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d* pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3  # a title page and a section per view
    run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")])
    drawn = sorted(tmp_path.glob("page-*.png"))
    assert len(drawn) == pages
    with Image.open(drawn[0]) as im:
        grey = im.convert("L")
        title_band = grey.crop((0, int(grey.height * 0.25), grey.width, int(grey.height * 0.4)))
        assert title_band.getextrema()[0] < 80  # the title's dark glyphs
    with Image.open(drawn[1]) as im:  # the map and the chart are pictures on the first section
        colours = {c for c in im.convert("RGB").getdata()}
        assert len(colours) > 50


def test_no_glyph_is_missing(views, caplog):
    """WeasyPrint warns for every character no font has (drawn as a box): there is none."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        briefing_pdf(views[1:], title=TITLE, exported=EXPORTED)
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]


def test_english_briefing(views):
    data = briefing_pdf(views[1:], title="Poverty briefing", lang="en", exported=EXPORTED)
    assert data[:5] == b"%PDF-"
