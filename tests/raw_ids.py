"""Test helpers: fresh valid national IDs and a byte-for-byte scan of folders for them.

Every test makes its own random IDs, so a hit can only come from the file that test uploaded.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from data.validate import national_id_checksum_ok
from tests.data.rows import households


def fresh_ids(n: int) -> list[str]:
    """``n`` distinct random 13-digit national IDs with a correct check digit."""
    rng = random.Random()
    out: set[str] = set()
    while len(out) < n:
        body = str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
        check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(body)) % 11) % 10
        out.add(body + str(check))
    ids = sorted(out)
    assert all(national_id_checksum_ok(i) for i in ids)
    return ids


def household_file(ids: list[str], **changes: dict[str, str]) -> pd.DataFrame:
    """Valid household rows, one per ID (hh_id U1..Un), the IDs as the heads' national IDs."""
    frame = households(len(ids), **changes)
    frame["hh_id"] = [f"U{i + 1}" for i in range(len(ids))]
    frame["head_national_id"] = ids
    return frame


def files_holding(ids: Iterable[str], *folders: Path) -> list[tuple[Path, str]]:
    """Every (file, ID) such that the file's bytes contain the ID's digits, under ``folders``."""
    needles = [i.encode("ascii") for i in ids]
    hits: list[tuple[Path, str]] = []
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(dirpath) / name
                if path.is_symlink() or not path.is_file():
                    continue
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                hits += [(path, n.decode()) for n in needles if n in data]
    return hits


def upload_files(var: Path) -> list[Path]:
    """Regular files under var/uploads other than lock files."""
    root = var / "uploads"
    if not root.is_dir():
        return []
    return [p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".lock")]
