"""Text on the page that is not the app's own labels: user text made literal in markdown, and
Streamlit's built-in widget texts in the page's language.

**User text in markdown.** Streamlit reads markdown (and its own ``:red[]``, ``:emoji:`` and
``$math$``) in ``st.markdown``, ``st.caption``, ``st.write``, ``st.title``/``st.subheader``, the
``st.info``/``warning``/``error``/``success`` boxes, ``st.metric``, widget and button labels,
``st.page_link`` and radio options. Any text the app did not write itself (place, village,
enterprise, product, technology and indicator names, file and column names, IDs typed or in the
URL, notes, exception messages) goes into those through :func:`md_escape`, and only the inserted
value is escaped, never the label around it. Tables (``show_table``), selectbox options, plotly
figures and ``st.html`` (which escapes with ``html.escape``) are not markdown and take the text
as it is.

**Widget texts.** Streamlit's frontend has no translations: its file uploader says "Upload", "200MB
per file • CSV" and, while a file is dragged over it, "Drag and drop a file here", whatever the
page's language. In the Thai UI a style sheet (no space on the page) shrinks those texts to nothing
and shows the Thai labels in their place as CSS generated content: the widget works as before, and
the size limit is the server's (``server.maxUploadSize``). The English UI keeps Streamlit's own
texts. ``tests/browser/test_chrome.py`` checks what is drawn, so a Streamlit upgrade that moves
these elements fails there.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from povmap.i18n import t

#: Characters that mean something wherever they stand: code, emphasis, strikethrough, links and
#: images, HTML and autolinks, tables, Streamlit's math (``$``) and the backslash itself.
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<$~|])")
#: ``:`` before a letter or sign starts Streamlit's emoji, icons and directives (``:smile:``,
#: ``:material/map:``, ``:red[x]``) and, after ``http``, a bare link; before a space or a digit
#: ("Note: 12:30") it means nothing. Streamlit finds emoji and icons in the text after the
#: backslashes are read, so a word joiner after the colon, not a backslash, stops them.
_MD_COLON = re.compile(r":(?=[^\s\d])")
#: An HTML entity (``&amp;``, ``&#60;``) would show as the character it names.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
#: What starts a block at the start of a line: a heading, quote, list item, setext underline or
#: thematic break (``*`` and ``_`` are escaped anywhere).
_MD_LINE_START = re.compile(r"(?m)^([ \t]*)([#>+\-=]|\d+[.)])")


def md_escape(text: object) -> str:
    r"""``text`` (from a file, the store, the URL or a user) as markdown that shows it literally:
    no emphasis, links, images, HTML, headings, lists, tables, emoji, icons, colours or math.

    Each character that would mean something is written with a backslash before it (CommonMark's
    escape, shown as the character itself); the others are left as they are, so "NO-SUCH",
    "Kalasin (46)" and "12:30" stay as typed. An invisible word joiner (U+2060) after a colon
    that starts an emoji or icon, and in web and mail addresses, keeps them text. A missing
    value (None, NaN, NA) is "".

    >>> print(md_escape("**a** [b](c) <i> $e$ ~f~ g|h &amp; NO-SUCH (46) 12:30"))
    \*\*a\*\* \[b\](c) \<i> \$e\$ \~f\~ g\|h \&amp; NO-SUCH (46) 12:30
    >>> md_escape(":smile: :material/map: :red[d]")
    ':\u2060smile: :\u2060material/map: :\u2060red\\[d\\]'
    >>> print(md_escape("# one\n- two\n3. three\n==="))
    \# one
    \- two
    3\. three
    \===
    >>> ["\u2060" in md_escape(s) for s in ("http://e.org", "www.e.org", "me@e.org")]
    [True, True, True]
    >>> md_escape(None), md_escape(float("nan")), md_escape(4616)
    ('', '', '4616')
    """
    try:
        if pd.isna(text):
            return ""
    except (TypeError, ValueError):  # (a list or an array: not one missing value)
        pass
    out = _MD_ANYWHERE.sub(r"\\\1", str(text))
    out = _MD_COLON.sub(":\u2060", out)
    out = _MD_ENTITY.sub(r"\\&", out)
    out = _MD_LINE_START.sub(lambda m: m[1] + _escape_last(m[2]), out)
    # (GitHub-flavoured markdown links bare addresses; "http://" has its joiner from the colon)
    out = re.sub(r"(?i)\b(www)(\.)", "\\1\u2060\\2", out)
    return out.replace("@", "@\u2060")


def _escape_last(mark: str) -> str:
    r"""``#`` as ``\#``, ``12.`` as ``12\.``: the backslash before the mark's last character."""
    return mark[:-1] + "\\" + mark[-1]


#: The uploader's texts: (element, its font size, label key). Sizes are Streamlit's own.
_UPLOADER = (
    ('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p',
     "0.875rem", "chrome_upload"),
    ('[data-testid="stFileUploaderDropzoneInstructions"] span', "0.875rem", "chrome_upload_limit"),
    # shown only while a file is dragged over the drop zone
    ('[data-testid="stFileUploaderDropzone"] > div > span:only-child', "1rem", "chrome_drop_here"),
)  # fmt: skip


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def widget_css(lang: str, max_upload_mb: int) -> str:
    """The style sheet that writes Streamlit's widget texts in ``lang`` ("" for English)."""
    if lang == "en":
        return ""
    rules = []
    for selector, size, key in _UPLOADER:
        text = t(key, lang, mb=max_upload_mb)  # (labels without {mb} ignore it)
        rules.append(f"{selector} {{ font-size: 0 !important; }}")
        rules.append(f"{selector}::after {{ content: {_css_string(text)}; font-size: {size}; }}")
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def widget_texts(lang: str) -> None:
    """Put Streamlit's built-in widget texts in ``lang`` for this run of the page."""
    css = widget_css(lang, int(st.get_option("server.maxUploadSize")))
    if css:
        st.html(css)


#: The A4 page the print layout sets (millimetres): its width and the margins (top and bottom,
#: left and right). The charts and maps are fitted to the width between the margins.
PAGE_WIDTH_MM = 210
PAGE_MARGINS_MM = (12, 10)
PRINT_WIDTH_MM = PAGE_WIDTH_MM - 2 * PAGE_MARGINS_MM[1]
#: The map (streamlit-folium's frame): its row prints as one column, the map the page's width.
_MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: The element that carries the print script (hidden: it takes no space on screen or paper).
PRINT_SCRIPT_KEY = "povmap_print"

#: Printing a page from the browser (Ctrl+P): one clean A4 column. The sidebar, Streamlit's
#: header, toolbar and status, and the buttons that only work on screen are left out; the app's
#: fixed-height scrolling frames open up so every element prints, each chart, map, card row and
#: table whole on one page where it fits, no wider than the page. The map's row (the map and its
#: panel) prints as one column, the panel under the map. Charts and maps are drawn for the screen
#: and keep their pixel size on paper, so :data:`PRINT_SCRIPT` fits them to the paper's width.
PRINT_CSS = f"""
<style>
.st-key-{PRINT_SCRIPT_KEY}, [data-testid="stLayoutWrapper"]:has(> .st-key-{PRINT_SCRIPT_KEY}) {{
  display: none !important; }}
@media print {{
  @page {{ size: A4 portrait; margin: {PAGE_MARGINS_MM[0]}mm {PAGE_MARGINS_MM[1]}mm; }}
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stSidebar"], [data-testid="stBottom"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stBaseButton-primary"], [data-testid="stElementToolbar"], footer,
  .st-key-present_nav {{ display: none !important; }}
  html, body, #root, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"],
  [data-testid="stMain"], [data-testid="stMainBlockContainer"], .block-container {{
    height: auto !important; min-height: 0 !important; max-height: none !important;
    overflow: visible !important; position: static !important; }}
  [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ margin: 0 !important; }}
  [data-testid="stMainBlockContainer"], .block-container {{
    padding: 0 !important; max-width: 100% !important; width: 100% !important; }}
  [data-testid="stPlotlyChart"], [data-testid="stImage"], [data-testid="stIFrame"],
  [data-testid="stCustomComponentV1"], [data-testid="stMetric"], [data-testid="stHorizontalBlock"],
  [data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stAlert"], .pv-slide {{
    break-inside: avoid; page-break-inside: avoid; }}
  h1, h2, h3, h4, h5, h6, [data-testid="stHeading"] {{ break-after: avoid;
    page-break-after: avoid; }}
  [data-testid="stHorizontalBlock"]:has({_MAP_FRAME}) {{ flex-direction: column !important;
    break-inside: auto; page-break-inside: auto; }}
  [data-testid="stHorizontalBlock"]:has({_MAP_FRAME}) > [data-testid="stColumn"] {{
    width: 100% !important; max-width: 100% !important; flex: 1 1 auto !important; }}
  iframe, img, canvas, svg, .js-plotly-plot, .plot-container {{ max-width: 100% !important; }}
  body {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
</style>
"""

#: Fits the charts and maps to the paper when the browser prints (``beforeprint``) and puts them
#: back afterwards (``afterprint``). Each takes on paper the share of the page's width it takes of
#: the main column on screen (the map's row: the whole width). A Plotly chart is laid out again at
#: that width (``Plotly.relayout``: its text keeps its size; CSS zoom where Plotly is not loaded).
#: The map is not moved: a new view would be reported to the app (a rerun, the URL's zoom and
#: centre changed), so its frame keeps its screen size and is drawn scaled down to the paper,
#: showing exactly what the screen showed. Installed once per browser tab; nothing is fetched.
PRINT_SCRIPT = f"""
<script>
(function () {{
  if (window.__povmapPrint) {{ return; }}
  window.__povmapPrint = true;
  var MAP = '{_MAP_FRAME}';
  var undo = [];
  function paperWidth() {{
    var probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;height:0;width:{PRINT_WIDTH_MM}mm";
    document.body.appendChild(probe);
    var width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  }}
  function inner(el) {{
    var style = getComputedStyle(el);
    return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }}
  function printed(el, main, paper) {{
    var width = el.getBoundingClientRect().width;
    var row = el.closest('[data-testid="stHorizontalBlock"]');
    var column = el.closest('[data-testid="stColumn"]');
    if (row && column && row.querySelector(MAP)) {{ return paper * width / inner(column); }}
    return paper * width / inner(main);
  }}
  function keep(el, names) {{
    var before = names.map(function (n) {{ return el.style.getPropertyValue(n); }});
    undo.push(function () {{
      names.forEach(function (n, i) {{
        if (before[i]) {{ el.style.setProperty(n, before[i]); }} else {{ el.style.removeProperty(n); }}
      }});
    }});
  }}
  function fitFrame(frame, main, paper) {{
    var box = frame.getBoundingClientRect();
    var scale = Math.min(1, printed(frame, main, paper) / box.width);
    if (!(box.width > 0) || scale > 0.999) {{ return; }}
    var holder = frame.parentElement;
    keep(frame, ["width", "max-width", "transform", "transform-origin"]);
    keep(holder, ["height", "overflow"]);
    frame.style.setProperty("width", box.width + "px", "important");
    frame.style.setProperty("max-width", "none", "important");
    frame.style.setProperty("transform-origin", "0 0");
    frame.style.setProperty("transform", "scale(" + scale + ")");
    holder.style.setProperty("height", box.height * scale + "px", "important");
    holder.style.setProperty("overflow", "hidden", "important");
  }}
  function fitChart(plot, main, paper) {{
    var width = plot.getBoundingClientRect().width;
    var target = Math.floor(printed(plot, main, paper));
    if (!(width > 0) || Math.abs(target - width) < 2) {{ return; }}
    if (window.Plotly && window.Plotly.relayout) {{
      var layout = plot.layout || {{}};
      var was = {{width: layout.width == null ? null : layout.width,
        height: layout.height == null ? null : layout.height,
        legend: JSON.parse(JSON.stringify(layout.legend || {{}})),
        margin: JSON.parse(JSON.stringify(layout.margin || {{}}))}};
      window.Plotly.relayout(plot, {{width: target}});
      undo.push(function () {{ window.Plotly.relayout(plot, was); }});
      legendBelow(plot, target);
    }} else if (target < width) {{
      keep(plot, ["zoom"]);
      plot.style.setProperty("zoom", String(target / width));
    }}
  }}
  function legendBelow(plot, width) {{
    // a legend beside the chart whose long names no longer fit the paper goes under it
    var legend = plot.querySelector(".legend");
    var svg = plot.querySelector(".main-svg");
    if (!legend || !svg || !plot._fullLayout) {{ return; }}
    if (legend.getBoundingClientRect().right <= svg.getBoundingClientRect().right + 1) {{ return; }}
    var height = plot._fullLayout.height, bottom = plot._fullLayout.margin.b;
    window.Plotly.relayout(plot, {{"legend.orientation": "h", "legend.x": 0,
      "legend.xanchor": "left", "legend.yref": "container", "legend.y": 0,
      "legend.yanchor": "bottom"}});
    var grown = Math.ceil(plot.querySelector(".legend").getBoundingClientRect().height) + 8;
    // the boxes around the chart hold the screen's height (a fixed size, a flex basis): they
    // grow with it
    var grownHeight = height + grown + "px";
    for (var box = plot; box && box !== document.body; box = box.parentElement) {{
      keep(box, ["height", "flex-basis", "contain"]);
      box.style.setProperty("height", box === plot ? grownHeight : "auto", "important");
      box.style.setProperty("flex-basis", "auto", "important");
      box.style.setProperty("contain", "none", "important");
      if (box.dataset.testid === "stElementContainer") {{ break; }}
    }}
    window.Plotly.relayout(plot, {{height: height + grown, "margin.b": bottom + grown}});
  }}
  function before() {{
    after();
    var main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main || !(inner(main) > 0)) {{ return; }}
    var paper = paperWidth();
    main.querySelectorAll(".js-plotly-plot").forEach(function (p) {{ fitChart(p, main, paper); }});
    main.querySelectorAll("iframe").forEach(function (f) {{ fitFrame(f, main, paper); }});
  }}
  function after() {{
    while (undo.length) {{ undo.pop()(); }}
  }}
  window.addEventListener("beforeprint", before);
  window.addEventListener("afterprint", after);
}})();
</script>
"""


def print_styles() -> None:
    """Put the print layout (:data:`PRINT_CSS`) and the script that fits charts and maps to the
    paper (:data:`PRINT_SCRIPT`) on this run of the page (neither takes space)."""
    st.html(PRINT_CSS)
    with st.container(key=PRINT_SCRIPT_KEY):
        st.html(PRINT_SCRIPT, unsafe_allow_javascript=True)
