"""LEOS digital product labels: the public address of a product's label page and its QR code.

Example:
    >>> label_url("https://povmap.example.org/", "P-1", "en")
    'https://povmap.example.org/product?product=P-1&lang=en'
"""

from __future__ import annotations

import io
from urllib.parse import quote


def label_url(base_url: str, product_id: str, lang: str | None = None) -> str:
    """The public address of a product's digital label page (what its QR code opens)."""
    url = f"{base_url.rstrip('/')}/product?product={quote(product_id, safe='')}"
    return url + (f"&lang={lang}" if lang in ("th", "en") else "")


def qr_png(url: str, scale: int = 8, border: int = 4) -> bytes:
    """A QR code (error correction M) for ``url`` as PNG bytes."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


def qr_svg(url: str, scale: int = 8, border: int = 4) -> bytes:
    """The same QR code as SVG bytes (scales for print without blur)."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=border, xmldecl=True, svgns=True, title=url
    )
    return out.getvalue()
