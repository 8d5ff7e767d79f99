"""Which of a file's columns feed which canonical column: :func:`map_columns` and its
:class:`ColumnReport` (mapped, unknown, missing, doubled, left out, derived).

Every header is matched against ``data/tables/column_synonyms.csv`` (Thai and English names for
every canonical column, read by ``data.columns``) and an optional user mapping
``{their_header: canonical}`` that wins. Matching ignores case, spaces, ``_ - . : *`` and
Unicode form; a trailing note in brackets ("รายได้ (บาท)") is tried without it. Unknown columns
are listed (and kept out of the canonical table), required columns that nothing maps to (and
that cannot be derived from the columns present) are missing, and two columns mapping to one
canonical column are an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data.columns import (
    TableKind,
    canonical_columns,
    clean_text,
    header_lookup,
    load_user_mapping,
    synonyms,
    targets,
)
from data.messages import join, msg
from data.problems import Problem, safe_text
from data.schema import HOUSEHOLD_COLUMN_LIST, MEMBER_COLUMN_LIST, REGISTRY_COLUMN_LIST


@dataclass
class ColumnReport:
    """How the file's headers were mapped. ``ok`` is False when a column is missing or doubled.

    Headers are as written in the file (with anything looking like a national ID hidden);
    unnamed columns are shown as ``(no header, column N)``.
    """

    mapped: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    derived: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.duplicates

    def header_of(self, canonical: str) -> str | None:
        """The file's header that feeds ``canonical``, if one does."""
        return next((h for h, t in self.mapped if t == canonical), None)

    def problems(self, file_name: str, header_line: int) -> list[Problem]:
        """Missing and doubled columns as problems on the header line."""
        labels = {
            c.name: c for c in (*REGISTRY_COLUMN_LIST, *MEMBER_COLUMN_LIST, *HOUSEHOLD_COLUMN_LIST)
        }
        out = [
            Problem(
                file_name,
                header_line,
                name,
                "",
                msg("map.required_missing", th=labels[name].label_th, en=labels[name].label_en),
            )
            for name in self.missing
        ]
        for name, headers in self.duplicates.items():
            listed = join(msg("word.and"), [f"'{h}'" for h in headers])
            out.append(
                Problem(
                    file_name,
                    header_line,
                    name,
                    "",
                    msg("map.doubled", listed=listed, name=name),
                )
            )
        return out

    def summary(self) -> list[str]:
        """Human-readable lines: what was mapped, derived, left out."""
        out: list[str] = [msg("map.mapped", header=h, target=t) for h, t in self.mapped]
        out += [msg("map.derived", column=t, how=how) for t, how in self.derived]
        out += [msg("map.unknown_left_out", header=h) for h in self.unknown]
        out += [msg("map.left_out", header=h, why=why) for h, why in self.ignored]
        return out


def _describe_header(header: object, position: int) -> str:
    text = safe_text(clean_text(header))
    return text if text else msg("word.no_header", n=position + 1)


def map_columns(
    frame: pd.DataFrame,
    user_mapping: Mapping[str, str | None] | str | Path | None = None,
    *,
    kind: TableKind = "households",
) -> tuple[pd.DataFrame, ColumnReport]:
    """Rename the columns a file has to canonical (and helper) names; list what does not map.

    Returns the frame of mapped columns only (taken by position, so duplicate headers are fine)
    and a :class:`ColumnReport`. The user mapping wins over the synonyms: a column it maps takes
    the canonical name even if another column's header is a synonym of it (that column is then
    left out, listed in ``ignored``).
    """
    user = load_user_mapping(user_mapping)
    allowed = set(targets(kind))
    syn = synonyms(kind)
    report = ColumnReport()
    by_user: dict[str, list[int]] = {}
    by_syn: dict[str, list[int]] = {}
    shown = [_describe_header(h, i) for i, h in enumerate(frame.columns)]
    for i, header in enumerate(frame.columns):
        found, target = header_lookup(str(header), user)
        if found:
            if target is None:
                report.ignored.append((shown[i], msg("map.left_out_by_mapping")))
            elif target not in allowed:
                report.ignored.append(
                    (
                        shown[i],
                        msg("map.not_of_kind", target=target, kind=msg(f"word.kind.{kind}")),
                    )
                )
            else:
                by_user.setdefault(target, []).append(i)
            continue
        found, target = header_lookup(str(header), syn)
        if found and target is not None:
            by_syn.setdefault(target, []).append(i)
        elif (
            not clean_text(header)
            and not frame.iloc[:, i].astype(str).str.strip().astype(bool).any()
        ):
            report.ignored.append((shown[i], msg("map.empty_column")))
        else:
            report.unknown.append(shown[i])
    chosen: dict[str, int] = {}
    for target in [t for t in targets(kind) if t in by_user or t in by_syn]:
        sources = by_user.get(target) or by_syn[target]
        if len(sources) > 1:
            report.duplicates[target] = [shown[i] for i in sources]
            continue
        chosen[target] = sources[0]
        if target in by_user:
            for j in by_syn.get(target, []):
                report.ignored.append(
                    (shown[j], msg("map.taken_by_mapping", target=target, source=shown[sources[0]]))
                )
    order = sorted(chosen, key=lambda t: chosen[t])
    mapped = pd.DataFrame({t: frame.iloc[:, chosen[t]] for t in order}, index=frame.index)
    report.mapped = [(shown[chosen[t]], t) for t in order]
    present = set(chosen) | set(report.duplicates)
    report.missing = [
        c.name for c in canonical_columns(kind) if c.required and not _satisfied(c.name, present)
    ]
    return mapped, report


def _satisfied(name: str, present: set[str]) -> bool:
    """Is a required column given, or derivable from the columns present?"""
    if name in present:
        return True
    codes = ["province_code", "district_code", "subdistrict_code", "village_code"]
    if name in codes:
        level = name[: -len("_code")]
        lower = codes[codes.index(name) + 1 :]
        if any(c in present for c in lower):
            return True
        if level != "village" and (f"{level}_name" in present or "address" in present):
            return True
        # a smaller area's name resolves to a full code, which gives the larger areas
        names = ["province_name", "district_name", "subdistrict_name"]
        if level != "village" and any(n in present for n in names[codes.index(name) + 1 :]):
            return True
        if level == "village":
            return "village_no" in present and _satisfied("subdistrict_code", present)
        return False
    if name == "village_no":
        return "village_code" in present
    return False
