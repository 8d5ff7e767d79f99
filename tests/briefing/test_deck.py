"""The PPTX deck: opened with python-pptx (slides, Thai titles, native chart series equal to the
numbers query.areas gave), then converted by LibreOffice to PDF and PNG with the Thai font
embedded and the Thai title extracted exactly."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from analysis.measures import MEASURES
from briefing.deck import Slide, build_deck, chart_of
from briefing.fonts import thai_fonts
from briefing.png import map_png
from tests.briefing.conftest import run, to_pdf

EXPORTED = dt.date(2025, 3, 5)
TITLES = (
    "สัดส่วนคนจนรายจังหวัด",
    "จังหวัดที่มีสัดส่วนคนจนสูงสุด 10 อันดับ",
    "ครัวเรือนยากจน เทียบรอบสำรวจ",
)
SOURCE = "สำรวจข้อมูลความจำเป็นพื้นฐาน (จปฐ.)"


@pytest.fixture(scope="module")
def slides(numbers):
    latest = numbers.round(numbers.latest)
    top = latest.sort_values(["headcount_ratio", "code"], ascending=[False, True]).head(10)
    codes = list(top["code"])
    both = numbers.frame[numbers.frame["code"].isin(codes)]
    both = both.set_index("code").loc[codes].reset_index()
    common = dict(
        area="ทั้งประเทศ",
        round_be=numbers.latest,
        source=SOURCE,
        vintage=f"รอบ พ.ศ. {numbers.latest}",
        synthetic=numbers.synthetic,
    )
    picture = map_png(
        numbers.provinces,
        latest,
        MEASURES["headcount_ratio"],
        title=TITLES[0],
        area="ทั้งประเทศ",
        round_be=numbers.latest,
        synthetic=numbers.synthetic,
        size="slide",
    )
    return (
        [
            Slide(TITLES[0], MEASURES["headcount_ratio"], image=picture, **common),
            Slide(
                TITLES[1],
                MEASURES["headcount_ratio"],
                chart=chart_of(top, "headcount_ratio", numbers.names),
                **common,
            ),
            Slide(
                TITLES[2],
                MEASURES["poor_households"],
                chart=chart_of(both, "poor_households", numbers.names, kind="column"),
                **common,
            ),
        ],
        top,
        both,
    )


@pytest.fixture(scope="module")
def deck(slides, tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "briefing.pptx"
    path.write_bytes(build_deck(slides[0], exported=EXPORTED))
    return path


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_slides_titles_and_context(deck, numbers):
    prs = Presentation(str(deck))
    assert len(prs.slides) == 3
    for slide, title in zip(prs.slides, TITLES, strict=True):
        texts = _texts(slide)
        assert texts[0] == title
        assert f"ทั้งประเทศ · รอบสำรวจ พ.ศ. {numbers.latest}" in texts
        footer = texts[-1]
        assert f"แหล่งข้อมูล: {SOURCE}" in footer
        assert "ส่งออกเมื่อ 5 มีนาคม พ.ศ. 2568" in footer
        assert ("ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลครัวเรือนจริง" in texts) is numbers.synthetic
        measure = MEASURES["poor_households" if title == TITLES[2] else "headcount_ratio"]
        assert any(measure.definition("th") in t for t in texts)
        notes = slide.notes_slide.notes_text_frame.text
        assert measure.definition("th") in notes and measure.rank_note("th") in notes
    assert numbers.synthetic  # the demo store is synthetic: the label is on every slide


def test_charts_are_native_with_the_numbers_given(deck, slides, numbers):
    prs = Presentation(str(deck))
    pictures = [s for s in prs.slides[0].shapes if s.shape_type == 13]
    assert len(pictures) == 1 and not any(s.has_chart for s in prs.slides[0].shapes)
    _, top, both = slides
    chart = next(s for s in prs.slides[1].shapes if s.has_chart).chart
    assert list(chart.plots[0].categories) == [numbers.names[c] for c in top["code"]]
    (series,) = chart.series
    assert list(series.values) == pytest.approx(list(top["headcount_ratio"]), abs=0, rel=1e-15)
    chart = next(s for s in prs.slides[2].shapes if s.has_chart).chart
    rounds = sorted(both["round_be"].unique())
    assert [s.name for s in chart.series] == [str(r) for r in rounds]
    for s, r in zip(chart.series, rounds, strict=True):
        want = both[both["round_be"] == r].set_index("code")["poor_households"]
        codes = list(dict.fromkeys(both["code"]))
        assert list(s.values) == [float(want[c]) for c in codes]


def test_every_run_sets_the_thai_complex_script_font(deck):
    family = thai_fonts().family
    prs = Presentation(str(deck))
    parts = []
    for slide in prs.slides:
        parts.append(slide.shapes._spTree)
        parts.append(slide.notes_slide.notes_text_frame._txBody)
        parts += [s.chart._chartSpace for s in slide.shapes if s.has_chart]
    runs = 0
    for element in parts:
        for rpr in element.iter(qn("a:rPr"), qn("a:defRPr")):
            runs += 1
            assert rpr.find(qn("a:cs")).get("typeface") == family
            assert rpr.find(qn("a:latin")).get("typeface") == family
    assert runs > 20


def test_libreoffice_draws_the_thai_text(deck, tmp_path):
    pdf = to_pdf(deck, tmp_path)
    fonts = run(["pdffonts", str(pdf)])
    family = thai_fonts().family
    embedded = [line.split() for line in fonts.splitlines()[2:]]
    thai = [f for f in embedded if family in f[0]]
    assert thai and all(f[-5] == "yes" for f in thai), fonts  # emb column
    text = run(["pdftotext", "-layout", str(pdf), "-"])
    for title in TITLES:
        assert title in text
    assert "ส่งออกเมื่อ 5 มีนาคม พ.ศ. 2568" in text
    run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")])
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    with Image.open(pages[1]) as im:
        title_area = im.convert("L").crop((0, 0, im.width // 2, im.height // 8))
        assert title_area.getextrema()[0] < 100  # dark title glyphs drawn


def test_a_deck_opens_from_bytes(slides):
    data = build_deck(slides[0][1:2], lang="en", exported=EXPORTED)
    prs = Presentation(io.BytesIO(data))
    texts = _texts(prs.slides[0])
    assert "Exported 5 March 2568 BE" in texts[-1]
