"""The A4 PDF briefing of one view or of several (a storyline), laid out by WeasyPrint.

A title page (the briefing's title, the views it holds, the export date in the Buddhist era,
the source and the synthetic label where it applies), then one section per view
(:class:`briefing.brief.Brief`): its title, area and round, what the numbers cover, each map
and chart as a picture, each table, the definition of each measure, the source and vintage.

Thai: the text is set in the Thai font :func:`briefing.fonts.thai_fonts` finds (embedded in
the PDF, as subsets, by WeasyPrint through ``@font-face``; nothing is fetched), and the document
is marked ``lang="th"``, so Pango breaks Thai lines between words (by libthai's dictionary)
instead of inside one.

Example:
    >>> import datetime as dt
    >>> from analysis.measures import MEASURES
    >>> from briefing.brief import Brief, TablePart
    >>> table = pd.DataFrame({"พื้นที่": ["กาฬสินธุ์"], "ครัวเรือนยากจน": ["54"]})
    >>> b = Brief("ภาพรวม", "กาฬสินธุ์", 2566, source="จปฐ.", vintage="2566", synthetic=True,
    ...           parts=(TablePart("ตัวเลขสำคัญ", table, measure=MEASURES["poor_households"]),))
    >>> briefing_pdf([b], title="สรุปข้อมูล", exported=dt.date(2025, 3, 5))[:5]
    b'%PDF-'
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Sequence

import pandas as pd

from analysis.measures import Measure
from briefing.brief import Brief, ChartPart, MapPart, TablePart, chart_png, map_png
from briefing.fonts import ThaiFont, thai_fonts
from briefing.labels import be_date, label

#: The family name the stylesheet gives the embedded Thai font.
FAMILY = "BriefingThai"
#: Rows of a table a section prints (the downloads hold every row).
TABLE_ROWS = 40
#: Picture size of maps and charts in a section (:data:`briefing.png.SIZES`: laid out as on a
#: slide, printed 153 mm wide at about 315 dpi).
PICTURE_SIZE = "page"

STYLE = """
@font-face {{ font-family: "{family}"; src: url("{regular}"); font-weight: normal; }}
@font-face {{ font-family: "{family}"; src: url("{bold}"); font-weight: bold; }}
@page {{
  size: A4;
  margin: 18mm 18mm 20mm 18mm;
  @bottom-left {{ content: "{footer}"; font: 8pt "{family}"; color: #555; }}
  @bottom-right {{ content: "{page_word} " counter(page) " / " counter(pages);
                   font: 8pt "{family}"; color: #555; }}
}}
html {{ font-family: "{family}", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1f2328; }}
h1 {{ font-size: 26pt; line-height: 1.25; margin: 60mm 0 6mm; }}
h2 {{ font-size: 18pt; line-height: 1.25; margin: 0 0 2mm; }}
h3 {{ font-size: 12.5pt; margin: 6mm 0 2mm; break-after: avoid; }}
section {{ break-before: page; }}
.sub {{ font-size: 12pt; color: #444; margin: 0 0 2mm; }}
.note, .caption {{ color: #444; font-size: 9.5pt; margin: 1mm 0 2mm; }}
.synthetic {{ color: #b2182b; font-weight: bold; margin: 2mm 0; }}
.definition {{ border-left: 3px solid #bbb; padding: 1mm 0 1mm 3mm; margin: 2mm 0 3mm;
               font-size: 9.5pt; break-inside: avoid; }}
.definition b {{ display: block; }}
figure {{ margin: 2mm 0; break-inside: avoid; }}
figure img {{ display: block; width: 88%; margin: 0 auto; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0;
         break-inside: auto; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ border-bottom: 1px solid #d0d7de; padding: 1.2mm 2mm; text-align: left;
          vertical-align: top; }}
th {{ background: #f3f4f6; font-weight: bold; }}
td.n {{ text-align: right; white-space: nowrap; }}
.source {{ color: #555; font-size: 9pt; margin-top: 5mm; border-top: 1px solid #d0d7de;
           padding-top: 2mm; break-before: avoid; }}
ol.contents {{ font-size: 12pt; }}
.meta {{ color: #444; font-size: 11pt; }}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _css_string(text: str) -> str:
    """``text`` inside a CSS string (``content: "..."``)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _image(data: bytes, alt: str) -> str:
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return f'<figure><img src="{uri}" alt="{_e(alt)}"></figure>'


def _is_number(text: str) -> bool:
    t = text.replace(",", "").replace("%", "").replace("+", "").replace("−", "-").strip()
    try:
        float(t)
    except ValueError:
        return False
    return True


def table_html(frame: pd.DataFrame, rows: int = TABLE_ROWS, *, lang: str = "th") -> str:
    """``frame``'s header and first ``rows`` rows as an HTML table (text escaped; numbers
    right-aligned), with a line saying how many rows were left out."""
    shown = frame.head(rows)
    head = "".join(f"<th>{_e(c)}</th>" for c in shown.columns)
    body = []
    for row in shown.itertuples(index=False):
        cells = []
        for v in row:
            text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
            cls = ' class="n"' if _is_number(text) else ""
            cells.append(f"<td{cls}>{_e(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    out = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if len(frame) > rows:
        out += f'<p class="caption">{_e(label("pdf_rows", lang, shown=rows, total=len(frame)))}</p>'
    return out


def _definition(measure: Measure, lang: str, k: float | None) -> str:
    return (
        '<div class="definition">'
        f"<b>{_e(measure.name(lang, k=k))}</b>"
        f"{_e(measure.definition(lang, k=k))}<br>"
        f"{_e(label('unit', lang, unit=measure.unit_label(lang)))} · {_e(measure.rank_note(lang))}"
        "</div>"
    )


def section_html(brief: Brief, *, lang: str = "th") -> str:
    """One view's section: heading, area and round, coverage, synthetic label, each part with
    its picture or table and its measure's definition, and the source and vintage."""
    out = [
        "<section>",
        f"<h2>{_e(brief.title)}</h2>",
        f'<p class="sub">{_e(brief.area)} · {_e(label("round", lang, round=brief.round_be))}</p>',
    ]
    if brief.note:
        out.append(f'<p class="note">{_e(brief.note)}</p>')
    if brief.synthetic:
        out.append(f'<p class="synthetic">{_e(label("synthetic", lang))}</p>')
    defined: list[str] = []
    for part in brief.parts:
        out.append(f"<h3>{_e(part.title)}</h3>")
        if isinstance(part, MapPart):
            out.append(_image(map_png(part, brief, lang=lang, size=PICTURE_SIZE), part.title))
        elif isinstance(part, ChartPart):
            out.append(_image(chart_png(part, brief, lang=lang, size=PICTURE_SIZE), part.title))
        elif isinstance(part, TablePart):
            out.append(table_html(part.frame, lang=lang))
        if part.caption:
            out.append(f'<p class="caption">{_e(part.caption)}</p>')
        measure = part.measure
        if measure is not None and measure.key not in defined:
            defined.append(measure.key)
            out.append(_definition(measure, lang, brief.k))
    out.append(
        '<p class="source">'
        + " · ".join(
            [
                _e(label("source", lang, source=brief.source)),
                _e(label("vintage", lang, vintage=brief.vintage)),
            ]
        )
        + "</p></section>"
    )
    return "\n".join(out)


def document_html(
    briefs: Sequence[Brief],
    *,
    title: str,
    lang: str = "th",
    exported: dt.date | None = None,
) -> str:
    """The whole briefing as one HTML document (title page and one section per view)."""
    day = be_date(exported or dt.date.today(), lang)
    contents = "".join(
        f"<li>{_e(b.title)} · {_e(b.area)} · {_e(label('round', lang, round=b.round_be))}</li>"
        for b in briefs
    )
    sources = list(dict.fromkeys(b.source for b in briefs))
    front = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(label("exported", lang, date=day))}</p>',
        f'<p class="meta">{_e(label("source", lang, source=" · ".join(sources)))}</p>',
    ]
    if any(b.synthetic for b in briefs):
        front.append(f'<p class="synthetic">{_e(label("synthetic", lang))}</p>')
    front.append(f'<h3>{_e(label("pdf_contents", lang))}</h3><ol class="contents">{contents}</ol>')
    sections = "\n".join(section_html(b, lang=lang) for b in briefs)
    return (
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "th"}"><head>'
        f'<meta charset="utf-8"><title>{_e(title)}</title></head>'
        f"<body>{''.join(front)}\n{sections}</body></html>"
    )


def stylesheet(font: ThaiFont, *, title: str, lang: str = "th", exported: str = "") -> str:
    """The page style: A4, the Thai font embedded from its files, the footer."""
    bold = font.files.bold or font.files.regular
    footer = f"{title} · {exported}" if exported else title
    return STYLE.format(
        family=FAMILY,
        regular=font.files.regular.resolve().as_uri(),
        bold=bold.resolve().as_uri(),
        footer=_css_string(footer),
        page_word=_css_string(label("pdf_page", lang)),
    )


def _actual_text() -> None:
    """Mark each line WeasyPrint draws with its text (``/Span <</ActualText ...>> BDC``), so
    text extraction (``pdftotext``, copy and paste, screen readers) returns the Thai as written.

    Why: WeasyPrint 70 maps each glyph to one text, the first it was drawn for, while Thai
    shaping draws one glyph in several clusters (HarfBuzz splits SARA AM into NIKHAHIT and
    SARA AA; vowels and tone marks join their consonant's cluster), so "รอบสำรวจ" came back as
    "รอบสารวจ". The line's own text, as ActualText, is what readers use instead of the glyph
    map. Installed once; the drawing itself is unchanged."""
    import pydyf
    from weasyprint.draw import text as drawing

    draw = drawing.draw_first_line
    if getattr(draw, "_briefing_actual_text", False):
        return

    def draw_first_line(stream, textbox, *args, **kwargs):
        text = textbox.text
        if not text.strip():
            return draw(stream, textbox, *args, **kwargs)
        span = pydyf.Dictionary({"ActualText": pydyf.String(text)})
        stream.begin_marked_content("Span", span.data)
        try:
            return draw(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw_first_line._briefing_actual_text = True  # type: ignore[attr-defined]
    drawing.draw_first_line = draw_first_line


def briefing_pdf(
    briefs: Sequence[Brief],
    *,
    title: str,
    lang: str = "th",
    exported: dt.date | None = None,
    font: ThaiFont | None = None,
) -> bytes:
    """The A4 briefing of ``briefs`` as PDF bytes (``exported``: the export date, today by
    default; ``font``: the Thai font, the installed one by default)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    _actual_text()
    face = font or thai_fonts()
    day = exported or dt.date.today()
    fonts = FontConfiguration()
    css = CSS(
        string=stylesheet(face, title=title, lang=lang, exported=be_date(day, lang)),
        font_config=fonts,
    )
    document = HTML(string=document_html(briefs, title=title, lang=lang, exported=day))
    return document.write_pdf(stylesheets=[css], font_config=fonts)
