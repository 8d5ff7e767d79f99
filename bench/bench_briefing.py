"""Benchmark: how long the briefing exports take on the demo store.

    .venv/bin/python bench/bench_briefing.py             # a small demo store built in a temp dir
    .venv/bin/python bench/bench_briefing.py --db var/povmap.duckdb --pdf

Prints the seconds for: the province map PNG at projector (1920×1080), print (A4 at 300 dpi)
and slide size, the bar chart PNG, a 10-slide deck (5 maps as pictures, 5 native charts; the
maps' PNGs included), the A4 PDF briefing of the same (WeasyPrint: a title page and 5 sections,
each a map and a chart, pictures included), the five pages' briefings read from their view
states through the door (povmap.briefs) and the deck and PDF of them, and with ``--pdf``
LibreOffice's conversion of the deck to PDF. Numbers are read once through query.areas before
the clock starts (except for the view states, whose reading is what is timed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.measures import MEASURES  # noqa: E402
from briefing.brief import Brief, ChartPart, MapPart, deck_of  # noqa: E402
from briefing.deck import Slide, build_deck, chart_of  # noqa: E402
from briefing.pdf import briefing_pdf  # noqa: E402
from briefing.png import bar_png, map_png  # noqa: E402
from data.store import connect  # noqa: E402
from geo import boundaries  # noqa: E402
from query import areas  # noqa: E402
from query.households import is_synthetic  # noqa: E402


def _timed(label: str, func, runs: int = 1):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<44} {best:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="a store (default: build a demo)")
    parser.add_argument("--scale", type=float, default=0.02, help="demo scale when building one")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    parser.add_argument("--pdf", action="store_true", help="also convert the deck with LibreOffice")
    args = parser.parse_args()

    from povmap import bootstrap

    os.environ.setdefault("POVMAP_BOUNDARIES", str(ROOT.parent / "shared" / "boundaries"))
    cache = bootstrap.ensure_boundaries(lambda _m: None, cache_dir=ROOT / "var" / "boundaries")
    with tempfile.TemporaryDirectory(prefix="povmap-bench-briefing-") as work:
        db = args.db
        if db is None:
            db = Path(work) / "demo.duckdb"
            _timed(
                f"build demo store (scale {args.scale})",
                lambda: bootstrap.build_demo(
                    db,
                    cache,
                    seed=2564,
                    scale=args.scale,
                    id_key=b"b" * 32,
                    progress=lambda _m: None,
                ),
            )
        con = connect(db)
        try:
            frame = areas.area_measures(con, "province")
            synthetic = is_synthetic(con)
        finally:
            con.close()
        provinces = boundaries.load_level("province", cache)
        names = dict(zip(provinces["code"].astype(str), provinces["name_th"], strict=True))
        latest = int(frame["round_be"].max())
        one = frame[frame["round_be"] == latest].reset_index(drop=True)
        top = one.nlargest(10, "headcount_ratio")
        ratio = MEASURES["headcount_ratio"]
        common = dict(area="ทั้งประเทศ", round_be=latest, synthetic=synthetic)

        def picture(size: str) -> bytes:
            return map_png(provinces, one, ratio, title="สัดส่วนคนจนรายจังหวัด", size=size, **common)

        print(f"{len(one)} provinces with data, round {latest}, best of {args.runs}")
        for size in ("projector", "print", "slide"):
            _timed(f"map PNG, {size}", lambda size=size: picture(size), args.runs)
        _timed(
            "bar chart PNG, projector (10 bars)",
            lambda: bar_png(
                [names[c] for c in top["code"]],
                list(top["headcount_ratio"]),
                ratio,
                title="สูงสุด 10 จังหวัด",
                **common,
            ),
            args.runs,
        )

        def deck() -> bytes:
            slides = []
            for i in range(5):
                slides.append(
                    Slide(
                        f"แผนที่ {i + 1}",
                        ratio,
                        image=picture("slide"),
                        source="จปฐ.",
                        vintage=str(latest),
                        **common,
                    )
                )
                slides.append(
                    Slide(
                        f"แผนภูมิ {i + 1}",
                        ratio,
                        chart=chart_of(top, "headcount_ratio", names),
                        source="จปฐ.",
                        vintage=str(latest),
                        **common,
                    )
                )
            return build_deck(slides)

        data = _timed("10-slide deck (5 map PNGs + 5 native charts)", deck, args.runs)
        path = Path(work) / "deck.pptx"
        path.write_bytes(data)
        print(f"{'deck size':<44} {len(data) / 1e6:8.2f} MB")

        def pdf() -> bytes:
            sections = [
                Brief(
                    f"ส่วนที่ {i + 1}",
                    parts=(
                        MapPart("สัดส่วนคนจนรายจังหวัด", ratio, provinces, one),
                        ChartPart("สูงสุด 10 จังหวัด", ratio, chart_of(top, "headcount_ratio", names)),
                    ),
                    source="จปฐ.",
                    vintage=str(latest),
                    **common,
                )
                for i in range(5)
            ]
            return briefing_pdf(sections, title="สรุปข้อมูลความยากจน")

        data = _timed("A4 PDF briefing (5 sections: map + chart)", pdf, args.runs)
        print(f"{'PDF size':<44} {len(data) / 1e6:8.2f} MB")
        _pages_bench(db, latest, args.runs)
        if args.pdf:
            _timed(
                "LibreOffice: deck -> PDF",
                lambda: subprocess.run(
                    [
                        "soffice",
                        f"-env:UserInstallation={(Path(work) / 'lo').as_uri()}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        work,
                        str(path),
                    ],
                    check=True,
                    capture_output=True,
                ),
            )


def _pages_bench(db: Path, latest: int, runs: int) -> None:
    """The five pages' views read from their URL states (povmap.briefs), then their deck and
    their A4 PDF: what the export panel of a five-view storyline costs."""
    from povmap import briefs

    os.environ["POVMAP_DB"] = str(db)
    states = [
        {"page": "overview", "round": str(latest)},
        {"page": "map", "round": str(latest), "metric": "headcount_ratio"},
        {"page": "why", "round": str(latest)},
        {"page": "outcomes", "round": str(latest)},
        {"page": "programme", "round": str(latest)},
    ]
    con = connect(db)
    try:
        views = _timed(
            "5 page views read (povmap.briefs)", lambda: briefs.briefs_of(con, states), runs
        )
    finally:
        con.close()
    slides = sum(len(v.parts) for v in views)
    _timed(f"deck of the 5 views ({slides} slides)", lambda: deck_of(views), runs)
    _timed(
        "A4 PDF of the 5 views",
        lambda: briefing_pdf(views, title="สรุปข้อมูลความยากจน"),
        runs,
    )


if __name__ == "__main__":
    main()
