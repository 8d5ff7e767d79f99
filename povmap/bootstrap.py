"""Set-up steps shared by the CLI, `make run` and the tests: boundary cache, vendor files, demo store."""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from data import store, users, verification
from data.audit import Actor
from data.importer import ImportFailed, id_hash_key, import_households, load_validated
from data.messages import text
from data.synthetic import generate, generate_national, with_test_ids
from data.validate import validate_households, validate_members
from geo import boundaries, codes
from povmap import rules, settings
from query import data_read, households, outcomes, review_read, summary

if TYPE_CHECKING:
    import duckdb

Progress = Callable[[str], None]

#: The demo's accounts, one per role (README, "Demo accounts"): name, password, roles, area
#: scopes, agency scopes. Only a synthetic demo store gets them; the passwords are public.
DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("public", "public-demo-password", ("public",), (), ()),
    ("executive", "executive-demo-password", ("executive",), (), ()),
    ("researcher", "researcher-demo-password", ("researcher",), (), ()),
    ("provincial", "provincial-demo-password", ("provincial",), ("46",), ()),
    ("agency", "agency-demo-password", ("agency",), ("46",), ("pmj",)),
    ("admin", "admin-demo-password", ("admin",), (), ()),
)


def boundary_tolerances() -> dict[str, float]:
    """Simplification tolerances in metres per boundary layer, from POVMAP_SIMPLIFY_*_M."""
    return {
        level: float(settings.get(f"POVMAP_SIMPLIFY_{level.upper()}_M"))
        for level in boundaries.LAYERS
    }


def ensure_boundaries(progress: Progress = print, *, cache_dir: Path | str | None = None) -> Path:
    """Build the boundary cache from POVMAP_BOUNDARIES if it is missing or stale.

    The cache goes to ``cache_dir`` (default POVMAP_CACHE_DIR); a relative POVMAP_BOUNDARIES is
    read from the working directory, else from the repository root.
    """
    return boundaries.ensure_cache(
        settings.get("POVMAP_BOUNDARIES"),
        settings.get("POVMAP_CACHE_DIR") if cache_dir is None else cache_dir,
        progress,
        tolerances_m=boundary_tolerances(),
        root=settings.ROOT,
    )


def build_demo(
    db_path: Path,
    cache_dir: Path,
    *,
    seed: int,
    scale: float,
    id_key: bytes,
    progress: Progress = print,
) -> dict[str, int]:
    """Generate the synthetic demo and load it through the same validation as a real import."""
    started = time.perf_counter()
    subdistricts, place = _subdistricts_and_placer(cache_dir)
    demo = generate(subdistricts, place, seed=seed, scale=scale, progress=progress)
    rng = np.random.default_rng(seed + 1)
    heads = with_test_ids(demo.households[["hh_id"]].drop_duplicates(), rng)
    households = demo.households.merge(heads, on="hh_id", how="left")
    progress(f"validating {len(households):,} households and {len(demo.members):,} members")
    hv = validate_households(_as_text(households), "synthetic-demo", id_key)
    mv = validate_members(_as_text(demo.members), "synthetic-demo-members", id_key)
    problems = hv.problems + mv.problems
    if problems:
        raise RuntimeError(
            "the demo generator made invalid rows:\n" + "\n".join(map(str, problems[:20]))
        )
    progress("writing the DuckDB store")
    con = store.connect(db_path)
    try:
        result = load_validated(
            con,
            hv,
            mv,
            import_id=f"demo-{uuid.uuid4().hex[:8]}",
            file_name="synthetic-demo",
            file_sha256=None,
            synthetic=True,
        )
        store.store_villages(con, demo.villages)
        for name, add_demo in _demo_extras():
            progress(f"adding synthetic {name.removeprefix('synthetic_').replace('_', ' ')}")
            add_demo(con, seed=seed, scale=scale, cache_dir=cache_dir)
        store.set_meta(con, "demo_seed", str(seed))
        store.set_meta(con, "demo_scale", str(scale))
        summarise(con, cache_dir, progress)
        add_demo_accounts(con)  # before anything else can be imported into the new store
    finally:
        con.close()
    seconds = time.perf_counter() - started
    progress(
        f"demo ready: {result.rows:,} household records, {result.members:,} members in {seconds:.1f} s"
    )
    print_demo_accounts(progress)
    return {"households": result.rows, "members": result.members}


def summarise(
    con: duckdb.DuckDBPyConnection, cache_dir: Path | str, progress: Progress = print
) -> dict[str, float]:
    """Keep what the pages' first visits read, where it is missing or older than the data: the
    village sums (:mod:`query.summary`) and the round-to-round transitions
    (:func:`query.outcomes.refresh`) of the settings' rules, and each round's review flags
    (:func:`query.review_read.ensure_flags`, against the boundaries in ``cache_dir``). Every
    write path calls it after committing. Returns what was made -> seconds (over 0.5 s)."""
    progress("summing area numbers per village (the pages' first visits read these)")
    built = summary.refresh(con, rules.summary_specs())
    model = rules.household_model()
    for spec in rules.summary_specs():
        pairs = outcomes.refresh(con, rule=spec.rule, model=model)
        built.update({f"outcomes {a}-{b} {spec.rule.name}": s for (a, b), s in pairs.items()})
    try:
        polygons = boundaries.load_level("subdistrict", cache_dir)
        lookup = boundaries.load_lookup(cache_dir)
    except boundaries.BoundaryError:  # no boundary cache yet: the Review page flags on its visit
        progress("review flags left for the Review page (no boundary cache yet)")
        return {k: s for k, s in built.items() if s > 0.5}
    fingerprint = verification.boundaries_fingerprint(polygons, lookup)
    for round_be in households.rounds(con):
        started = time.perf_counter()
        review_read.ensure_flags(con, polygons, lookup, round_be=round_be, boundaries=fingerprint)
        built[f"review flags {round_be}"] = time.perf_counter() - started
    seconds = sum(built.values())
    if seconds > 0.5:
        progress(f"area sums and round-to-round transitions ready in {seconds:.1f} s")
    return {k: s for k, s in built.items() if s > 0.5}


def _subdistricts_and_placer(
    cache_dir: Path,
) -> tuple[pd.DataFrame, Callable[[str, int, np.random.Generator], np.ndarray]]:
    """The current subdistricts (code, district_code) and a function placing points in each."""
    polygons = boundaries.load_level("subdistrict", cache_dir)
    lookup = pd.read_parquet(cache_dir / "subdistrict_lookup.parquet")
    geometry = polygons.set_index("code").geometry
    subdistricts = lookup.rename(columns={"subdistrict_code": "code"})
    subdistricts["district_code"] = codes.ancestors(subdistricts["code"], "district")
    lookup_map = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))

    def place(code: str, n: int, rng: np.random.Generator) -> np.ndarray:
        return boundaries.random_points_in(geometry[lookup_map[code]], n, rng)

    return subdistricts[["code", "district_code"]], place


def build_national(
    db_path: Path,
    cache_dir: Path,
    *,
    seed: int,
    scale: float,
    id_key: bytes,
    work_dir: Path | None = None,
    provinces: list[str] | None = None,
    extras: bool = True,
    workers: int | None = None,
    progress: Progress = print,
) -> dict[str, float]:
    """Build the synthetic national panel (all 77 provinces at BMN scale) province by province.

    Each province's households (three rounds, half the heads with a synthetic national ID) and
    members are written as CSV files into a temporary folder under ``work_dir`` (default: the
    store's folder) and imported with :func:`data.importer.import_households` (strict: any
    invalid row stops the build), so every row passes the same reading, validation, ID hashing
    and storing as a field team's file; the folder is deleted afterwards. Memory is bounded by
    the largest province. The imports are labelled synthetic. ``extras``: also add the demo's
    synthetic referrals, registry and sites (:func:`_demo_extras`).

    Returns households and members stored, seconds, and the store's size on disk in bytes.
    """
    started = time.perf_counter()
    subdistricts, place = _subdistricts_and_placer(cache_dir)
    work = Path(tempfile.mkdtemp(prefix="povmap-national-", dir=work_dir or db_path.parent))
    con = store.connect(db_path)
    totals = {"households": 0, "members": 0}
    try:
        chunks = generate_national(
            subdistricts, place, seed=seed, scale=scale, provinces=provinces, progress=progress
        )
        for chunk in chunks:
            code = chunk.province_code
            rng = np.random.default_rng([seed, int(code), 1])
            heads = with_test_ids(chunk.households[["hh_id"]].drop_duplicates(), rng)
            households = chunk.households.merge(heads, on="hh_id", how="left")
            hh_file, m_file = work / f"households-{code}.csv", work / f"members-{code}.csv"
            store.write_csv(households, hh_file)
            store.write_csv(chunk.members, m_file)
            del households
            try:
                result = import_households(
                    con,
                    hh_file,
                    members_path=m_file,
                    report_dir=work / "reports",
                    id_key=id_key,
                    mode="strict",
                    workers=workers,
                )
            except ImportFailed as exc:
                raise RuntimeError(
                    f"the national generator made invalid rows (province {code}):\n"
                    + "\n".join(map(str, exc.problems[:20]))
                ) from None
            store.mark_synthetic(con, result.import_id)  # the importer records files as real
            store.store_villages(con, chunk.villages)
            hh_file.unlink()
            m_file.unlink()
            totals["households"] += result.rows
            totals["members"] += result.members
            progress(
                f"province {code} stored: {totals['households']:,} household records, "
                f"{totals['members']:,} member records so far "
                f"({time.perf_counter() - started:,.0f} s)"
            )
        if extras:
            for name, add_demo in _demo_extras():
                progress(f"adding synthetic {name.removeprefix('synthetic_').replace('_', ' ')}")
                add_demo(con, seed=seed, scale=scale, cache_dir=cache_dir)
        store.set_meta(con, "demo_seed", str(seed))
        store.set_meta(con, "demo_scale", str(scale))
        store.set_meta(con, "demo_national", "true")
        summarise(con, cache_dir, progress)
        store.checkpoint(con)
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    size = db_path.stat().st_size
    progress(
        f"national store ready: {totals['households']:,} household records, "
        f"{totals['members']:,} members in {seconds:,.0f} s, {size / 1e9:.2f} GB on disk"
    )
    return {**totals, "seconds": seconds, "bytes": size}


def _demo_extras() -> list[tuple[str, Callable]]:
    """Each feature adds its own synthetic demo rows: data/synthetic_<feature>.py with
    ``add_demo(con, *, seed, scale, cache_dir)``, run in name order after the households."""
    import importlib
    import pkgutil

    import data

    extras = []
    for info in sorted(pkgutil.iter_modules(data.__path__), key=lambda i: i.name):
        if info.name.startswith("synthetic_"):
            module = importlib.import_module(f"data.{info.name}")
            extras.append((info.name, module.add_demo))
    return extras


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The generator's typed tables as a file would arrive: every cell text, missing as empty."""
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_bool_dtype(s):
            text = s.map({True: "true", False: "false"})
        elif pd.api.types.is_float_dtype(s):
            text = s.map(lambda v: "" if pd.isna(v) else f"{v:.10g}")
        else:
            text = s.astype("string")
        out[col] = text.fillna("")
    return out


def add_demo_accounts(con: duckdb.DuckDBPyConnection) -> int:
    """Add the :data:`DEMO_ACCOUNTS` a synthetic store lacks (never to a store holding real
    households). Returns how many were added."""
    if not _only_synthetic(con):
        return 0
    added = 0
    for name, password, roles, areas, agencies in DEMO_ACCOUNTS:
        if users.get_user(con, name) is None:
            shown = f"บัญชีสาธิต: {text(f'access.role.{roles[0]}', 'th')}"
            users.add_user(
                con,
                name,
                password,
                roles=roles,
                areas=areas,
                agencies=agencies,
                display_name=shown,
                by=Actor("demo", (), "demo"),
            )
            added += 1
    return added


def _only_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds households and every household import was synthetic."""
    log = data_read.imports_log(con, limit=1_000_000)
    kept = log[log["kind"] == "households"]["synthetic"]
    return bool(len(kept)) and bool(kept.all())


def _warn_demo_accounts(con: duckdb.DuckDBPyConnection, progress: Progress) -> None:
    """Warn when a store with real households still has enabled demo accounts."""
    left = [
        name
        for name, *_ in DEMO_ACCOUNTS
        if (user := users.get_user(con, name)) is not None and not user.disabled
    ]
    if left:
        progress(
            "warning: this store holds real households and demo accounts whose passwords are "
            f"public: disable them (povmap users disable NAME): {', '.join(left)}"
        )


def print_demo_accounts(progress: Progress = print) -> None:
    """Say which demo accounts there are and their (public) passwords."""
    progress("demo accounts (synthetic demo only; the passwords are public):")
    for name, password, roles, areas, agencies in DEMO_ACCOUNTS:
        scope = " ".join([*(f"area {a}" for a in areas), *(f"agency {a}" for a in agencies)])
        progress(f"  {name:<11} {password:<25} {text(f'access.role.{roles[0]}', 'en')} {scope}")


def ensure_demo(progress: Progress = print) -> bool:
    """Build the demo store when the configured store has no households. Returns True if built.

    A demo store that is already there gets the demo accounts it lacks (a store built before
    they existed), and they are printed."""
    db_path: Path = settings.get("POVMAP_DB")
    if db_path.exists():
        con = store.connect(db_path)
        try:
            if households.household_count(con):
                if _only_synthetic(con):
                    add_demo_accounts(con)
                    print_demo_accounts(progress)
                else:
                    _warn_demo_accounts(con, progress)
                return False
        finally:
            con.close()
    cache_dir = ensure_boundaries(progress)
    build_demo(
        db_path,
        cache_dir,
        seed=settings.get("POVMAP_DEMO_SEED"),
        scale=settings.get("POVMAP_DEMO_SCALE"),
        id_key=id_hash_key(settings.var_dir(), settings.get("POVMAP_ID_HASH_KEY")),
        progress=progress,
    )
    return True
