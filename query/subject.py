"""Everything the store holds about one household: the answer to a data subject's access request.

:func:`subject_report` reads every table that names the household, one section each:

============================  ==================================================================
``households``                its survey record in each round (every column of the data format)
``household_history``         earlier versions of those records that a later file replaced
``members``                   its members per round
``registry``                  welfare-registry rows of its head or members (matched by ID hash)
``imports``                   the files its records came from (name, kind, when)
``referrals``                 its referrals with their current status
``referral_events``           every status change of those referrals
``verification``              its verification history
``review_flags``              why the review page flagged it (GPS, duplicates, registry)
``alerts``, ``alert_events``  monitoring alerts raised for it and every change of their state
``exit_samples``              the exit-verification samples that drew it
``exit_checks``               what the field checks of those samples found
``grievances``, ...           grievances about it and their way through the approval chain
  ``grievance_events``
``audit``                     audit entries about it or its referrals (who viewed, changed,
                              downloaded, reported or erased it)
============================  ==================================================================

No raw national ID exists in the store (only keyed hashes), and the hashes are not shown either:
``head_id_stored`` and ``national_id_stored`` say whether one is held. The contact a reporter or
a complainant left on an alert or a grievance may be someone else's: ``has_contact`` says one
is held. :func:`long_table` gives
the report as one long table (section, row, field, value) for a CSV file.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> report = subject_report(con, "H1")
    >>> list(report) == list(SECTIONS), sum(len(f) for f in report.values())
    (True, 0)
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from data.store import SECRET_COLUMNS
from query.audit_read import AuditFilter, entries

SECTIONS = (
    "households",
    "household_history",
    "members",
    "registry",
    "imports",
    "referrals",
    "referral_events",
    "verification",
    "review_flags",
    "alerts",
    "alert_events",
    "exit_samples",
    "exit_checks",
    "grievances",
    "grievance_events",
    "audit",
)

_HIDDEN_HOUSEHOLD = ", ".join(SECRET_COLUMNS)
_HASHES = """SELECT head_id_hash AS id_hash, 'head' AS who FROM households WHERE hh_id = $1
  UNION SELECT head_id_hash, 'head' FROM household_history WHERE hh_id = $1
  UNION SELECT id_hash, 'member ' || person_no FROM members WHERE hh_id = $1"""

_ALERTS = """SELECT alert_id FROM alerts WHERE hh_id = $1
  UNION SELECT alert_id FROM alert_events WHERE hh_id = $1"""

_SQL = {
    "households": f"""SELECT * EXCLUDE ({_HIDDEN_HOUSEHOLD}),
        head_id_hash IS NOT NULL AS head_id_stored
        FROM households WHERE hh_id = $1 ORDER BY round_be""",
    "household_history": f"""SELECT * EXCLUDE ({_HIDDEN_HOUSEHOLD}),
        head_id_hash IS NOT NULL AS head_id_stored
        FROM household_history WHERE hh_id = $1 ORDER BY round_be, replaced_at""",
    "members": """SELECT * EXCLUDE (id_hash, import_id), id_hash IS NOT NULL AS national_id_stored
        FROM members WHERE hh_id = $1 ORDER BY round_be, person_no""",
    "registry": f"""SELECT string_agg(DISTINCT h.who, ', ' ORDER BY h.who) AS matched,
          r.snapshot_be, r.province_code, r.district_code, r.subdistrict_code, r.village_code,
          r.card_holder
        FROM registry r JOIN ({_HASHES}) h ON h.id_hash = r.id_hash
        GROUP BY ALL ORDER BY r.snapshot_be""",
    "imports": """SELECT import_id, kind, file_name, finished_at, synthetic FROM imports
        WHERE import_id IN (SELECT import_id FROM households WHERE hh_id = $1
                            UNION SELECT import_id FROM members WHERE hh_id = $1)
        ORDER BY finished_at""",
    "referrals": "SELECT * FROM referral_current WHERE hh_id = $1 ORDER BY created_at",
    "referral_events": """SELECT e.* FROM referral_events e
        JOIN referrals r USING (referral_id) WHERE r.hh_id = $1 ORDER BY e.referral_id, e.seq""",
    "verification": """SELECT event_no, round_be, status, note, reviewer, flags, set_at
        FROM verification_events WHERE hh_id = $1 ORDER BY event_no""",
    "review_flags": """SELECT DISTINCT round_be, flag, distance_m, found_code, dup_role,
          dup_records
        FROM review_flags WHERE hh_id = $1 ORDER BY round_be, flag""",
    "alerts": f"""SELECT * EXCLUDE (contact), contact IS NOT NULL AS has_contact FROM alerts
        WHERE alert_id IN ({_ALERTS}) ORDER BY opened_at""",
    "alert_events": f"""SELECT * FROM alert_events WHERE alert_id IN ({_ALERTS})
        ORDER BY alert_id, seq""",
    "exit_samples": """SELECT s.sample_id, s.area_code, s.round_be, s.previous_round,
          h.sample_group, h.stratum, h.draw_no, s.drawn_at, s.drawn_by
        FROM exit_sample_households h JOIN exit_samples s USING (sample_id)
        WHERE h.hh_id = $1 ORDER BY s.drawn_at""",
    "exit_checks": "SELECT * FROM exit_checks WHERE hh_id = $1 ORDER BY sample_id, seq",
    "grievances": """SELECT * EXCLUDE (contact), contact IS NOT NULL AS has_contact
        FROM grievances WHERE hh_id = $1 ORDER BY filed_at""",
    "grievance_events": """SELECT e.* FROM grievance_events e JOIN grievances g
        USING (grievance_id) WHERE g.hh_id = $1 ORDER BY e.grievance_id, e.seq""",
}


#: The household's cases, whose audit entries name their ID.
_CASE_IDS = (("referrals", "referral_id"), ("alerts", "alert_id"), ("grievances", "grievance_id"))


def subject_report(
    con: duckdb.DuckDBPyConnection, hh_id: str, *, erase_token: str | None = None
) -> dict[str, pd.DataFrame]:
    """Every section of :data:`SECTIONS` for household ``hh_id`` (empty frames where nothing is
    stored). ``erase_token`` (``data.erase.erase_token`` of the ID) adds the audit entry of an
    earlier erase, which names the token, not the ID."""
    report = {name: con.execute(sql, [hh_id]).df() for name, sql in _SQL.items()}
    cases = [report[t][key] for t, key in _CASE_IDS]
    about = [hh_id, *(str(i) for ids in cases for i in ids)]
    if erase_token:
        about.append(erase_token)
    report["audit"] = entries(con, AuditFilter(objects=tuple(about)), limit=None)
    return {name: report[name] for name in SECTIONS}


def rows(report: dict[str, pd.DataFrame]) -> int:
    """How many rows the report holds, all sections together."""
    return sum(len(frame) for frame in report.values())


def as_json(report: dict[str, pd.DataFrame]) -> dict[str, list[dict[str, object]]]:
    """The report as plain JSON values: section -> records (times in ISO 8601, missing as null)."""
    return {
        name: json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        for name, frame in report.items()
    }


def long_table(report: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The report as one table of (section, row, field, value), values as text, for CSV."""
    out = []
    for name, records in as_json(report).items():
        for i, record in enumerate(records, start=1):
            for field, value in record.items():
                text = "" if value is None else str(value)
                out.append((name, i, field, text))
    return pd.DataFrame(out, columns=["section", "row", "field", "value"])
