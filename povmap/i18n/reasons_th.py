"""The import pipeline's problems and summaries in Thai, for the Thai data page and the CLI.

Nothing is translated here: every reason and summary the data layer produces is a
:class:`data.messages.Text` (a code with parameters whose ``str`` is the English text), and
its Thai comes from the one catalogue (``data/messages_problems.py``). These functions only
pick the Thai rendering; text from outside the catalogue comes back unchanged, and they
never raise.

Examples:
    >>> from data.messages import msg
    >>> thai_reason(msg("validate.outside", lo="1", hi="40"))
    'อยู่นอกช่วง 1 – 40'
    >>> thai_reason("something new")
    'something new'
"""

from __future__ import annotations

from collections.abc import Iterable

from data.messages import CATALOGUE, Text, render

__all__ = ["ENCODINGS", "SYSTEM_TEXT", "reason", "thai_message", "thai_reason"]

#: The Thai label put before text from an outside library that is shown as it came.
SYSTEM_TEXT = "ข้อความจากระบบ"

#: encodings as ``data.importer.describe_read`` names them, English -> Thai
ENCODINGS = {en: th for code, (th, en) in CATALOGUE.items() if code.startswith("word.encoding.")}


def reason(problem: object, lang: str) -> str:
    """A problem (or its reason) in ``lang``, from the catalogue."""
    text = getattr(problem, "reason", problem)
    return render(text, lang)


def thai_reason(reason: str) -> str:
    """A problem reason in Thai; text from outside the catalogue comes back unchanged."""
    return reason.render("th") if isinstance(reason, Text) else reason


def thai_message(text: str, known: Iterable[str] = ()) -> str:
    """A multi-line import message (an ``ImportFailed`` summary, a ``ReadError``) in Thai.

    A message of the catalogue is rendered whole. A plain text that quotes messages (the
    command line's ``"file: " + reason``) has each of the ``known`` messages it contains
    replaced by its Thai; the rest stays as it is.
    """
    if isinstance(text, Text):
        return text.render("th")
    if not isinstance(text, str) or not text:
        return text
    out = text
    quoted = {k for k in known if isinstance(k, Text) and k}
    for message in sorted(quoted, key=len, reverse=True):
        if message in out:
            out = out.replace(message, message.render("th"))
    return out
