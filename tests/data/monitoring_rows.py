"""A small three-round store for the monitoring, exit-sample and grievance tests: hand-made
households of two villages of Kalasin imported through the real importer.

Under TPMAP's rule a household here is poor exactly when its income is below 38,000 baht (it
fails bmn_15 then, and passes every other indicator).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data import store
from data.importer import import_households
from tests.data.rows import households

KEY = b"k" * 32
ROUNDS = (2563, 2564, 2565)
LINE = 38_000.0
VILLAGE_A, VILLAGE_B = "46010103", "46010101"

#: hh_id -> (village, income per round, {round: other changes})
PANEL: dict[str, tuple[str, tuple[float | None, ...], dict[int, dict[str, str]]]] = {
    "H1": (VILLAGE_A, (30_000, 30_000, 45_000), {}),  # exited in 2565, unstable
    "H2": (VILLAGE_B, (100_000, 100_000, 100_000), {}),  # well off
    "H3": (VILLAGE_A, (50_000, 50_000, 50_000), {}),  # marginal
    "H4": (VILLAGE_A, (100_000, 100_000, 100_000), {2565: {"hc_chronic_ill": "1"}}),  # shock
    "H5": (VILLAGE_A, (30_000, 80_000, 90_000), {}),  # exited in 2564, above since
    "H6": (VILLAGE_B, (30_000, 30_000, 30_000), {}),  # poor
}
#: What :func:`analysis.monitoring.classify` finds in 2565 (households with a category).
CATEGORIES_2565 = {"H1": "exited_unstable", "H3": "marginal", "H4": "sudden_hardship"}


def round_rows(round_be: int, panel=PANEL) -> pd.DataFrame:
    i = ROUNDS.index(round_be)
    changes = {}
    ids = []
    for n, (hh, (village, incomes, extra)) in enumerate(panel.items()):
        if incomes[i] is None:
            continue
        income = float(incomes[i])
        changes[f"row{len(ids)}"] = {
            "hh_id": hh,
            "round_be": str(round_be),
            "village_code": village,
            "village_no": str(int(village[-2:])),
            "income_per_person_year": str(int(income)),
            "bmn_15": "1" if income >= LINE else "0",
            "head_national_id": "",
            "main_cause": "" if income >= LINE else "lack_capital",
            **extra.get(round_be, {}),
        }
        ids.append(n)
    frame = households(len(ids), **changes)
    return frame


def make_store(path: Path, tmp_path: Path, panel=PANEL) -> Path:
    """A store at ``path`` with ``panel`` imported round by round."""
    con = store.connect(path)
    try:
        for r in ROUNDS:
            csv = tmp_path / f"hh-{r}.csv"
            round_rows(r, panel).to_csv(csv, index=False)
            import_households(con, csv, report_dir=tmp_path, id_key=KEY)
    finally:
        con.close()
    return path
