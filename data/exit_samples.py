"""Exit verification by sampling, the writes: draw an area's sample and record what the field
check found (docs/methods.md, "Exit verification by sampling"; the rates are read by
:func:`query.monitoring_read.sample_rates`).

For an area and round, two groups are sampled: households that **exited** (poor by the rule in
the previous stored round, surveyed and not poor now) and households **never registered**
(surveyed now and poor in no stored round up to now). Each group's size comes from the margin
of error and confidence with the finite population correction
(:func:`analysis.exit_sampling.sample_size`), its households from a seeded stratified random
sample (:func:`analysis.exit_sampling.stratified_sample`; the exited group draws with the
sample's seed, the never-registered group with seed + 1). The seed and every parameter are
stored, so the same store draws the same sample again.

A field check (``exit_checks``) says whether the household was reached, whether it was found
poor (an exited household found poor exited wrongly; a never-registered one found poor was
missed) and whether it is satisfied; a later check of the same household is appended and the
latest counts. Writes are one transaction each (kind ``monitoring``).

Example:
    >>> strata_levels("46")
    ('district', 'subdistrict', 'village')
"""

from __future__ import annotations

import datetime as dt
import secrets

import duckdb
import pandas as pd

from analysis.exit_sampling import sample_size, stratified_sample
from data.casework import CaseError, as_time, clean_by, next_numbers
from data.referrals import scrub_note
from data.store import LEVEL_COLUMN, PoorRule, transaction
from geo.codes import LEVELS, CodeError, level_of

GROUPS: tuple[str, ...] = ("exited", "unregistered")
STRATUM_LEVELS: tuple[str, ...] = ("district", "subdistrict", "village")


class ExitSampleError(CaseError):
    """A refused sampling operation (message ``exit_sample.<code>``)."""

    prefix = "exit_sample"


def strata_levels(area: str) -> tuple[str, ...]:
    """The levels an area's sample may be stratified by: its own level or a finer one."""
    level = level_of(area)
    return tuple(x for x in STRATUM_LEVELS if LEVELS.index(x) >= LEVELS.index(level))


def rule_name(rule: PoorRule) -> str:
    """How the rule is recorded with the sample (``tpmap`` or ``af k=0.2``)."""
    return rule.name if rule.name != "af" else f"af k={rule.k:g}"


def _check_design(margin: float, confidence: float, expected: float, minimum: int) -> None:
    if not 0 < margin < 1:
        raise ExitSampleError("bad_margin")
    if not 0 < confidence < 1:
        raise ExitSampleError("bad_confidence")
    if not 0 < expected < 1:
        raise ExitSampleError("bad_expected")
    if minimum < 0:
        raise ExitSampleError("bad_minimum")


def populations(
    con: duckdb.DuckDBPyConnection,
    *,
    area: str,
    round_be: int,
    previous_round: int,
    rule: PoorRule,
    stratum_level: str,
) -> pd.DataFrame:
    """The households of both groups in ``area``: ``hh_id``, ``sample_group``, ``stratum``
    (the code of ``stratum_level`` in ``round_be``), ordered by group and ID."""
    area_col = LEVEL_COLUMN[level_of(area)]
    stratum_col = LEVEL_COLUMN[stratum_level]
    return con.execute(
        f"""
        WITH now AS (
          SELECT hh_id, {stratum_col} AS stratum, {rule.sql()} AS poor FROM households
          WHERE round_be = ? AND {area_col} = ?
        ),
        before AS (SELECT hh_id, {rule.sql()} AS poor FROM households WHERE round_be = ?),
        ever AS (
          SELECT DISTINCT hh_id FROM households WHERE round_be <= ? AND {rule.sql()}
        )
        SELECT n.hh_id, 'exited' AS sample_group, n.stratum FROM now n
          JOIN before b USING (hh_id) WHERE b.poor AND NOT n.poor
        UNION ALL
        SELECT n.hh_id, 'unregistered', n.stratum FROM now n
          WHERE n.hh_id NOT IN (SELECT hh_id FROM ever)
        ORDER BY 2, 1""",
        [int(round_be), area, int(previous_round), int(round_be)],
    ).df()


def draw_exit_sample(
    con: duckdb.DuckDBPyConnection,
    *,
    area: str,
    round_be: int,
    rule: PoorRule,
    by: str,
    margin: float = 0.05,
    confidence: float = 0.95,
    expected: float = 0.5,
    stratum_level: str = "village",
    min_per_stratum: int = 1,
    seed: int | None = None,
    at: dt.datetime | None = None,
    synthetic: bool = False,
) -> str:
    """Draw and store the sample of ``area`` in ``round_be`` (exits since the previous stored
    round); return its ID. ``seed`` defaults to a random one, stored with the sample."""
    by = clean_by(by, ExitSampleError)
    try:
        allowed = strata_levels(area)
    except CodeError:
        raise ExitSampleError("bad_area", value=area) from None
    if stratum_level not in allowed:
        raise ExitSampleError("bad_stratum_level", allowed=", ".join(allowed))
    _check_design(margin, confidence, expected, min_per_stratum)
    rounds = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT round_be FROM households WHERE round_be <= ? ORDER BY 1 DESC",
            [int(round_be)],
        ).fetchall()
    ]
    if not rounds or rounds[0] != int(round_be):
        raise ExitSampleError("unknown_round", round_be=round_be)
    if len(rounds) < 2:
        raise ExitSampleError("no_previous_round", round_be=round_be)
    previous = int(rounds[1])
    people = populations(
        con,
        area=area,
        round_be=round_be,
        previous_round=previous,
        rule=rule,
        stratum_level=stratum_level,
    )
    if people.empty:
        raise ExitSampleError("nothing_to_sample")
    seed = int(secrets.randbelow(2**31)) if seed is None else int(seed)
    parts, sizes = [], {}
    for offset, group in enumerate(GROUPS):
        members = people[people["sample_group"] == group]
        sizes[group] = len(members)
        n = sample_size(margin, confidence, expected=expected, population=len(members))
        drawn = stratified_sample(
            members, n, stratum_col="stratum", seed=seed + offset, minimum=min_per_stratum
        )
        parts.append(drawn.assign(sample_group=group))
    chosen = pd.concat(parts, ignore_index=True)[["hh_id", "sample_group", "stratum", "draw_no"]]
    at = as_time(at)
    for attempt in range(3):
        try:
            with transaction(con, "monitoring"):
                (sample_id,) = next_numbers(con, "exit_samples", "sample_id", "XS")
                con.execute(
                    "INSERT INTO exit_samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        sample_id,
                        area,
                        int(round_be),
                        previous,
                        rule_name(rule),
                        stratum_level,
                        seed,
                        float(margin),
                        float(confidence),
                        float(expected),
                        int(min_per_stratum),
                        sizes["exited"],
                        sizes["unregistered"],
                        at,
                        by,
                        synthetic,
                    ],
                )
                con.register("_drawn", chosen.assign(sample_id=sample_id))
                try:
                    con.execute(
                        """INSERT INTO exit_sample_households
                           SELECT sample_id, hh_id, sample_group, stratum, draw_no FROM _drawn"""
                    )
                finally:
                    con.unregister("_drawn")
            return sample_id
        except (duckdb.ConstraintException, duckdb.TransactionException):
            if attempt == 2:
                raise ExitSampleError("conflict") from None
    raise AssertionError("unreachable")


def record_check(
    con: duckdb.DuckDBPyConnection,
    sample_id: str,
    hh_id: str,
    *,
    by: str,
    reached: bool,
    found_poor: bool | None = None,
    satisfied: bool | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> dict[str, object]:
    """Append what the field check of one sampled household found and return the row.

    A household not ``reached`` has no findings; a reached one needs ``found_poor``
    (``satisfied`` may stay None: not asked or no answer).
    """
    by = clean_by(by, ExitSampleError)
    if not reached and (found_poor is not None or satisfied is not None):
        raise ExitSampleError("findings_without_visit")
    if reached and found_poor is None:
        raise ExitSampleError("missing_finding")
    try:
        with transaction(con, "monitoring"):
            if not con.execute(
                "SELECT count(*) FROM exit_samples WHERE sample_id = ?", [sample_id]
            ).fetchone()[0]:
                raise ExitSampleError("unknown_sample", sample_id=sample_id)
            if not con.execute(
                "SELECT count(*) FROM exit_sample_households WHERE sample_id = ? AND hh_id = ?",
                [sample_id, hh_id],
            ).fetchone()[0]:
                raise ExitSampleError("not_in_sample", hh_id=hh_id)
            seq, last_at = con.execute(
                """SELECT coalesce(max(seq), 0), max(checked_at) FROM exit_checks
                   WHERE sample_id = ? AND hh_id = ?""",
                [sample_id, hh_id],
            ).fetchone()
            at = as_time(at)
            if last_at is not None and at < last_at:
                raise ExitSampleError("time_before_last", last=str(last_at)[:16])
            row = {
                "sample_id": sample_id,
                "hh_id": hh_id,
                "seq": int(seq) + 1,
                "checked_at": at,
                "checked_by": by,
                "reached": bool(reached),
                "found_poor": found_poor,
                "satisfied": satisfied,
                "note": scrub_note(note),
            }
            con.execute(
                "INSERT INTO exit_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row.values())
            )
    except (duckdb.ConstraintException, duckdb.TransactionException):
        raise ExitSampleError("conflict") from None
    return row
