"""What the case records of issue 17 share (alerts in :mod:`data.monitoring`, exit checks in
:mod:`data.exit_samples`, grievances in :mod:`data.grievances`): refusals as message codes in
Thai and English, a workflow's transitions checked against its table, who and when, where a
household or village is, a contact, and the next record number.

Example:
    >>> clean_contact(" 081-234 5678 ", CaseError)
    '0812345678'
    >>> clean_contact("1101700203450", CaseError)
    Traceback (most recent call last):
    ...
    data.casework.CaseError: a contact is a phone number (9-10 digits) or an e-mail address
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

import duckdb

from data.messages import labels, msg

MAX_BY = 80
MAX_CONTACT = 80
MAX_TEXT = 2000


class CaseError(ValueError):
    """A refused operation: ``code`` (a catalogue key under :attr:`prefix`) and its parameters;
    ``str()`` is the English text, :meth:`text` any language."""

    prefix = "monitoring"

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (Thai or English)."""
        return msg(f"{self.prefix}.{self.code}", **self._localised(lang)).render(lang)

    def _localised(self, lang: str) -> Mapping[str, object]:
        return self.params


def choice(value: object, allowed: Sequence[str], code: str, error: type[CaseError]) -> str:
    """``value`` (stripped) if it is one of ``allowed``, else ``error(code)`` naming them.

    >>> choice(" visited ", ("visited", "reviewed"), "unknown_state", CaseError)
    'visited'
    """
    text = str(value or "").strip()
    if text not in allowed:
        raise error(code, value=text, allowed=", ".join(allowed))
    return text


def state_label(prefix: str, state: str, lang: str = "th") -> str:
    """The name of ``state`` of the workflow ``prefix`` (``monitoring``, ``grievance``)."""
    pair = labels(f"{prefix}.state").get(state, (state, state))
    return pair[1 if lang == "en" else 0]


class CaseTransitionError(CaseError):
    """A change of state its workflow's table does not allow; the message names the allowed
    next states in the reader's language."""

    transitions: Mapping[str, tuple[str, ...]] = {}

    def __init__(self, from_state: str, to_state: str):
        self.from_state, self.to_state = from_state, to_state
        code = "final_state" if not self.transitions.get(from_state) else "invalid_transition"
        super().__init__(code)

    def _localised(self, lang: str) -> Mapping[str, object]:
        allowed = self.transitions.get(self.from_state, ())
        return {
            "from_label": state_label(self.prefix, self.from_state, lang),
            "to_label": state_label(self.prefix, self.to_state, lang),
            "allowed": ", ".join(f"'{state_label(self.prefix, s, lang)}'" for s in allowed),
        }


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def clean_by(by: object, error: type[CaseError]) -> str:
    """Who acts, on one line and at most :data:`MAX_BY` characters; refused when empty."""
    text = " ".join(str(by or "").split())[:MAX_BY]
    if not text:
        raise error("missing_by")
    return text


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"(?:\+66|0)\d{8,9}")


def clean_contact(value: object, error: type[CaseError]) -> str | None:
    """A phone number (Thai, 9-10 digits, or +66) without its spaces and dashes, or an e-mail
    address; None when empty; refused otherwise (a 13-digit national ID among them)."""
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) <= MAX_CONTACT and _EMAIL.fullmatch(text):
        return text
    digits = re.sub(r"[\s\-().]", "", text)
    if _PHONE.fullmatch(digits):
        return digits
    raise error("bad_contact")


def household_place(
    con: duckdb.DuckDBPyConnection, hh_id: str, round_be: int | None
) -> tuple[int, tuple[str, str, str, str]] | None:
    """The round and the (province, district, subdistrict, village) codes of a household's
    record in ``round_be`` (its latest round when None); None when there is none."""
    if round_be is None:
        sql = """SELECT round_be, province_code, district_code, subdistrict_code, village_code
                 FROM households WHERE hh_id = ? ORDER BY round_be DESC LIMIT 1"""
        row = con.execute(sql, [hh_id]).fetchone()
    else:
        sql = """SELECT round_be, province_code, district_code, subdistrict_code, village_code
                 FROM households WHERE hh_id = ? AND round_be = ?"""
        row = con.execute(sql, [hh_id, int(round_be)]).fetchone()
    return None if row is None else (int(row[0]), tuple(row[1:]))  # type: ignore[return-value]


def village_place(
    con: duckdb.DuckDBPyConnection, village_code: object, error: type[CaseError]
) -> tuple[str, str, str, str]:
    """The four codes of a village the store knows (its villages or households); refused when
    the code is not 8 digits or not known."""
    code = str(village_code or "").strip()
    if not re.fullmatch(r"\d{8}", code):
        raise error("bad_village", value=code)
    known = con.execute(
        """SELECT (SELECT count(*) FROM villages WHERE village_code = $1)
                + (SELECT count(*) FROM (SELECT 1 FROM households WHERE village_code = $1 LIMIT 1))""",
        [code],
    ).fetchone()[0]
    if not known:
        raise error("unknown_village", value=code)
    return (code[:2], code[:4], code[:6], code)


def next_numbers(
    con: duckdb.DuckDBPyConnection, table: str, column: str, prefix: str, n: int = 1
) -> list[str]:
    """The next ``n`` record numbers of ``table`` (``prefix`` and 7 digits: AL0000001)."""
    start = con.execute(
        f"SELECT coalesce(max(TRY_CAST(substr({column}, {len(prefix) + 1}) AS BIGINT)), 0) "
        f"FROM {table}"
    ).fetchall()[0][0]
    return [f"{prefix}{start + i:07d}" for i in range(1, n + 1)]


def as_time(at: dt.datetime | None) -> dt.datetime:
    return at or now()
