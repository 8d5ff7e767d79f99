"""Streamlit's built-in widget texts in the page's language.

Streamlit's frontend has no translations: its file uploader says "Upload", "200MB per file •
CSV" and, while a file is dragged over it, "Drag and drop a file here", whatever the page's
language. In the Thai UI a style sheet (no space on the page) shrinks those texts to nothing and
shows the Thai labels in their place as CSS generated content: the widget works as before, and
the size limit is the server's (``server.maxUploadSize``). The English UI keeps Streamlit's own
texts. ``tests/browser/test_chrome.py`` checks what is drawn, so a Streamlit upgrade that moves
these elements fails there.
"""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t

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
