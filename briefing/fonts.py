"""The Thai fonts exports are drawn in, found on this machine through fontconfig.

``make test`` installs Debian's fonts-thai-tlwg (scripts/system-packages.sh); nothing is fetched
at run time. :func:`thai_fonts` returns the first family of :data:`PREFERRED` that fontconfig
lists as covering Thai, with its regular and bold files.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.static_map import Fonts

#: Thai families in order of preference: Garuda and Loma (fonts-thai-tlwg, sans serif), then the
#: families a developer may have installed.
PREFERRED: tuple[str, ...] = ("Garuda", "Loma", "Sarabun", "Noto Sans Thai", "Waree", "Umpush")
#: Where fonts-thai-tlwg puts its files (used when fontconfig's fc-list is missing).
TLWG_DIR = Path("/usr/share/fonts/truetype/tlwg")
MISSING = (
    "No Thai font found: install Debian's fonts-thai-tlwg "
    "(bash scripts/system-packages.sh fonts-thai-tlwg, or make test-packages)."
)


class FontError(RuntimeError):
    """No Thai font is installed."""


@dataclass(frozen=True)
class ThaiFont:
    """A Thai font family: its name (as PowerPoint and LibreOffice look it up) and its files."""

    family: str
    files: Fonts


def _listed() -> list[tuple[str, str, str]]:
    """(file, family, style) of every font fontconfig says covers Thai."""
    if shutil.which("fc-list") is None:
        return [
            (str(p), p.stem.split("-")[0], "Bold" if p.stem.endswith("-Bold") else "Regular")
            for p in sorted(TLWG_DIR.glob("*.ttf"))
        ]
    out = subprocess.run(
        ["fc-list", ":lang=th", "--format", "%{file}\t%{family[0]}\t%{style[0]}\n"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line.count("\t") == 2]  # type: ignore[misc]


@lru_cache(maxsize=8)
def thai_fonts(preferred: tuple[str, ...] = PREFERRED) -> ThaiFont:
    """The first family of ``preferred`` installed with a regular Thai face (its bold face too,
    when installed). Raises :class:`FontError` when none is."""
    listed = _listed()
    for family in preferred:
        faces = {style.lower(): Path(file) for file, fam, style in listed if fam == family}
        regular = next(
            (faces[s] for s in ("regular", "book", "medium", "normal") if s in faces), None
        )
        if regular is None:
            continue
        return ThaiFont(family, Fonts(regular, faces.get("bold")))
    raise FontError(MISSING)
