"""What an import reports: one :class:`Problem` per cell or line, and the cell as it may be shown.

Readers, normalisation, validation and the site, referral and target imports all report in
this form; nothing shown in a problem repeats a national ID (:func:`safe_text`,
:func:`safe_value`). A problem's ``reason`` is a :class:`data.messages.Text`: a stable code
and parameters whose ``str`` is the English text (reports, logs, the command line);
:meth:`Problem.text` renders it in any language from the one catalogue.

Example:
    >>> str(Problem("hh.csv", 3, "hh_size", "-2", "must be at least 1"))
    'hh.csv: line 3, column hh_size: must be at least 1 (value: -2)'
    >>> safe_text("ID 1-1017-00203-45-0 is mine")
    'ID <hidden 13-digit number> is mine'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from data.messages import Text, msg
from data.schema import Column

MAX_SHOWN = 40
_ID_LIKE = re.compile(r"(?<!\d)\d(?:[ \-]?\d){12}(?!\d)")


@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be stored. ``line`` is the line in the file (the header is line 1)."""

    file: str
    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return str(self.line_text())

    @property
    def code(self) -> str:
        """The reason's stable code (``""`` for a reason from outside the catalogue)."""
        return self.reason.code if isinstance(self.reason, Text) else ""

    @property
    def params(self) -> dict[str, object]:
        """The reason's parameters (numbers, columns, codes as they fill its template)."""
        return dict(self.reason.params) if isinstance(self.reason, Text) else {}

    def text(self, lang: str = "en") -> str:
        """The reason in ``lang`` (Thai or English)."""
        return self.reason.render(lang) if isinstance(self.reason, Text) else str(self.reason)

    def line_text(self) -> Text:
        """The whole problem as one line (file, line, column, reason, value)."""
        code = "problem.line"
        if not self.column:
            code += "_no_column"
        if not self.value:
            code += "_value" if not self.column else "_no_value"
        return msg(
            code,
            file=self.file,
            line=self.line,
            column=self.column,
            reason=self.reason,
            value=self.value,
        )


def safe_text(text: object) -> str:
    """``text`` with anything that looks like a 13-digit national ID (even with dashes) hidden."""
    return _ID_LIKE.sub("<hidden 13-digit number>", "" if text is None else str(text))


def safe_value(value: object, column: Column | None = None) -> str:
    """A cell as it may appear in a report: national IDs hidden, line breaks flattened, long text
    cut. Formulas are defused where the report is written (``data.export``), not here, so the
    value reads the same in the app and on the command line."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value)
    if column is not None and column.kind == "national_id":
        return f"<hidden national ID, {len(text)} characters>"
    if re.fullmatch(r"[^0-9]*[0-9]{13}[^0-9]*", text):
        return "<hidden 13-digit number>"
    text = text.replace("\n", " ").replace("\r", " ")
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN] + "…"
    return text
