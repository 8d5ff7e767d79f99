"""Every text the project shows, in Thai and English: one catalogue, one lookup.

The catalogue maps a stable code to a ``(thai, english)`` pair of ``str.format`` templates.
Problem reasons of the import pipeline live in :data:`PROBLEMS` below (data/ uses them);
the app's labels are registered by ``povmap.i18n`` into the same catalogue
(:func:`register`), and ``povmap.i18n.t`` is :func:`text`.

A problem reason is a :class:`Text`: a ``str`` whose value is the English rendering (the
report files, logs and the command line use it as it is) that also carries its code and
parameters, so the app renders it in the user's language (:meth:`Text.render`). Parameters
may themselves be :class:`Text` (a reason inside a reason, an admin level's name), rendered
in the same language.

>>> r = msg("validate.outside", lo="1", hi="40")
>>> r
'outside 1 – 40'
>>> r.render("th")
'อยู่นอกช่วง 1 – 40'
>>> msg("column", header="จำนวนสมาชิก", inner=msg("validate.not_number")).render("th")
"คอลัมน์ 'จำนวนสมาชิก': ไม่ใช่ตัวเลข"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from data.messages_access import ACCESS
from data.messages_monitoring import MONITORING
from data.messages_problems import PROBLEMS
from data.messages_scope import SCOPE

LANGS = ("th", "en")

#: code -> (thai template, english template); one dict for every text (see :func:`register`)
CATALOGUE: dict[str, tuple[str, str]] = {}

#: codes rendered by code rather than by template (a join of parts, a text cut short)
_JOIN = "_join"
_CUT = "_cut"


def register(entries: Mapping[str, tuple[str, str]], owner: str) -> None:
    """Add ``entries`` to the catalogue; a code defined twice is an error naming ``owner``."""
    clash = set(entries) & set(CATALOGUE)
    if clash:
        raise KeyError(f"{owner} redefines texts {sorted(clash)}")
    for code, pair in entries.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(pair)):
            raise ValueError(f"{owner}: {code!r} needs a Thai and an English text")
    CATALOGUE.update(entries)


def template(code: str, lang: str = "th") -> str:
    """The template of ``code`` in ``lang`` (English for any language but Thai)."""
    th, en = CATALOGUE[code]
    return th if lang == "th" else en


def text(code: str, lang: str = "th", /, **values: object) -> str:
    """The text ``code`` in ``lang``, with ``{placeholders}`` filled from ``values``
    (a :class:`Text` value is rendered in ``lang`` too)."""
    out = template(code, lang)
    if not values:
        return out
    return out.format(**{k: _value(v, lang) for k, v in values.items()})


def _value(value: object, lang: str) -> object:
    """A placeholder's value: a :class:`Text` in ``lang``, anything else as it is (so
    ``{n:,}`` formats a number)."""
    return value.render(lang) if isinstance(value, Text) else value


def _render(code: str, params: Mapping[str, object], lang: str) -> str:
    if code == _JOIN:
        sep = _value(params["sep"], lang)
        return str(sep).join(str(_value(p, lang)) for p in params["parts"])  # type: ignore[union-attr]
    if code == _CUT:
        whole = str(_value(params["inner"], lang))
        limit = int(params["limit"])  # type: ignore[call-overload]
        return whole if len(whole) <= limit else whole[: limit - 3] + "…"
    return text(code, lang, **params)


_HIDDEN_EN, _HIDDEN_TH = "<hidden 13-digit number>", "<ซ่อนเลข 13 หลักไว้>"


def _rebuild(code: str, params: dict[str, object]) -> Text:
    return Text(code, params)


class Text(str):
    """A message: its ``str`` value is the English text; :meth:`render` gives any language.

    ``code`` is a key of :data:`CATALOGUE` (or a join/cut of other texts); ``params`` fill
    its placeholders. Compares and hashes as its English text.
    """

    code: str
    params: dict[str, object]

    def __new__(cls, code: str, params: Mapping[str, object] | None = None) -> Text:
        params = dict(params or {})
        obj = super().__new__(cls, _render(code, params, "en"))
        obj.code = code
        obj.params = params
        return obj

    def render(self, lang: str = "en") -> str:
        """This message in ``lang``."""
        if lang != "th":
            return str.__str__(self)
        return _render(self.code, self.params, lang).replace(_HIDDEN_EN, _HIDDEN_TH)

    def __reduce__(self):  # pickled for the import workers: code and parameters
        return (_rebuild, (self.code, self.params))


def msg(code: str, **params: object) -> Text:
    """The message ``code`` with ``params`` (see :class:`Text`)."""
    return Text(code, params)


def join(sep: str | Text, parts: Iterable[object]) -> Text:
    """``parts`` (texts or plain values) joined by ``sep``, each rendered in the caller's language."""
    return Text(_JOIN, {"sep": sep, "parts": tuple(parts)})


def cut(inner: object, limit: int) -> Text:
    """``inner`` cut to ``limit`` characters ("…" at the end) in whichever language it is shown."""
    return Text(_CUT, {"inner": inner, "limit": limit})


def render(value: object, lang: str) -> object:
    """``value`` in ``lang`` when it is a :class:`Text`, else as it is (text from outside)."""
    return _value(value, lang)


def labels(prefix: str) -> dict[str, tuple[str, str]]:
    """The catalogue's ``prefix.<key>`` texts as ``{key: (thai, english)}``, in catalogue order
    (a workflow's status names, for instance)."""
    start = prefix + "."
    return {c[len(start) :]: pair for c, pair in CATALOGUE.items() if c.startswith(start)}


def known(prefix: str, text: object) -> Text:
    """An outside library's message (an OS, codec or JSON error): its catalogue entry
    ``prefix.text`` when there is one, else the text as it came, marked as a system message."""
    code = f"{prefix}.{text}"
    return msg(code) if code in CATALOGUE else msg("word.system", text=text)


def word(code: str, fallback: object) -> Text | str:
    """The catalogue's word ``code`` (a level, a delimiter, an encoding), else ``fallback``."""
    return msg(code) if code in CATALOGUE else str(fallback)


register(PROBLEMS, "data/messages_problems.py")
register(ACCESS, "data/messages_access.py")
register(SCOPE, "data/messages_scope.py")
register(MONITORING, "data/messages_monitoring.py")
