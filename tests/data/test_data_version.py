"""The store's data version: every write path raises it inside its own transaction (so a cached
read keyed by it sees the write), a refused write does not, and concurrent writers never conflict
on it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data import referrals as rf
from data import sites, store, verification
from data import targets as tg
from data.importer import ImportFailed, import_households, import_registry
from tests.data.rows import households

KEY = b"k" * 32


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "v.duckdb")
    frame = households(3)
    frame.to_csv(tmp_path / "hh.csv", index=False)
    import_households(c, tmp_path / "hh.csv", report_dir=tmp_path / "r", id_key=KEY)
    yield c
    c.close()


def raises_version(con, write, kind: str | None = None) -> None:
    """``write()`` raises the data version by one, seen by every kind-filtered version that
    counts ``kind`` and by no other."""
    before = {k: store.data_version(con, k) for k in (None, (), ("referrals",), ("targets",))}
    write()
    after = {k: store.data_version(con, k) for k in before}
    assert after[None] == before[None] + 1
    for kinds in ((), ("referrals",), ("targets",)):
        counts = kind is None or kind in kinds
        assert after[kinds] == before[kinds] + (1 if counts else 0), (kind, kinds)


def test_every_write_path_raises_the_data_version(con, tmp_path, boundary_cache):
    more = households(2)
    more["hh_id"] = ["H8", "H9"]
    more.to_csv(tmp_path / "more.csv", index=False)
    raises_version(
        con,
        lambda: import_households(con, tmp_path / "more.csv", report_dir=tmp_path, id_key=KEY),
    )
    registry = pd.DataFrame(
        [{"national_id": "1101700203450", "province_code": "46", "district_code": "4601",
          "subdistrict_code": "460101", "card_holder": "true"}]
    )  # fmt: skip
    registry.to_csv(tmp_path / "reg.csv", index=False)
    raises_version(
        con,
        lambda: import_registry(
            con, tmp_path / "reg.csv", snapshot_be=2564, report_dir=tmp_path, id_key=KEY
        ),
    )
    (tmp_path / "m.csv").write_text(
        "site_id,name_th,category,area_code\nM1,ตลาดทดสอบ,community_market,460101\n",
        encoding="utf-8",
    )
    raises_version(
        con,
        lambda: sites.import_sites(
            con, tmp_path / "m.csv", "market", report_dir=tmp_path, cache_dir=boundary_cache
        ),
    )
    villages = pd.DataFrame(
        [{"village_code": "46010103", "subdistrict_code": "460101", "village_no": 3,
          "name_th": "บ้านทดสอบ", "name_en": "Test", "lat": 16.43, "lon": 103.5,
          "synthetic": False}]
    )  # fmt: skip
    raises_version(con, lambda: store.store_villages(con, villages))
    raises_version(con, lambda: store.set_meta(con, "note", "x"))
    made = []
    raises_version(
        con,
        lambda: made.append(
            rf.create_referral(con, hh_id="H1", round_be=2564, intervention="SP-RELIEF", by="a")
        ),
        "referrals",
    )
    raises_version(con, lambda: rf.change_status(con, made[0], "verified", by="a"), "referrals")
    sheet = pd.DataFrame({"referral_id": [made[0]], "new_status": ["referred"]})
    raises_version(con, lambda: rf.bulk_update(con, sheet, file_name="s.csv", by="a"), "referrals")
    targets = pd.DataFrame(
        [{"area_code": "46", "scope": "central", "baseline_round": "2564", "target_round": "2566",
          "households_to_lift": "10", "referrals_to_close": "5"}]
    )  # fmt: skip
    raises_version(
        con,
        lambda: tg.import_targets(con, targets, file_name="t.csv", by="secretariat"),
        "targets",
    )
    raises_version(
        con,
        lambda: verification.set_status(con, "H1", 2564, "verified", reviewer="r"),
        "verification",
    )


def test_a_refused_write_leaves_the_version_alone(con, tmp_path):
    rid = rf.create_referral(con, hh_id="H1", round_be=2564, intervention="SP-RELIEF", by="a")
    before = store.data_version(con)
    with pytest.raises(rf.TransitionError):
        rf.change_status(con, rid, "resolved", by="a")
    bad = pd.DataFrame({"referral_id": [rid, rid], "new_status": ["verified", "resolved"]})
    assert not rf.bulk_update(con, bad, file_name="s.csv", by="a").ok
    broken = households(2, row1={"members": "many"})
    broken.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ImportFailed):
        import_households(con, tmp_path / "bad.csv", report_dir=tmp_path, id_key=KEY)
    assert store.data_version(con) == before


def test_a_write_counts_for_another_connection_only_once_committed(con):
    other = con.cursor()
    before = store.data_version(other)
    with store.transaction(con, "targets"):
        assert store.data_version(other) == before
    assert store.data_version(other) == before + 1


def test_writers_that_overlap_never_conflict_on_the_version(con):
    """A long write (an import) open while short ones (referral changes) commit: all commit."""
    long_writer, short_writer = con.cursor(), con.cursor()
    before = store.data_version(con)
    with store.transaction(long_writer):
        long_writer.execute("INSERT INTO meta VALUES ('long', 'write')")
        rid = rf.create_referral(
            short_writer, hh_id="H1", round_be=2564, intervention="SP-RELIEF", by="a"
        )
        rf.change_status(short_writer, rid, "verified", by="a", at=dt.datetime.now())
    assert store.data_version(con) == before + 3


def test_an_unknown_kind_is_refused(con):
    with pytest.raises(ValueError, match="unknown change kind"):
        store.record_change(con, "referral")
