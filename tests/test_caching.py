"""One cache invalidation: what the app reads from the store is cached only through ``ui.cached``
(keyed by the store's data version), never with a bare ``st.cache_data`` / ``st.cache_resource``,
a time-to-live or a cache clear that some write path would have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("povmap/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
READS_STORE = ("cursor()", "connection()", "store.connect(")


def streamlit_caches(tree: ast.AST):
    """(function, decorator source) of every function under st.cache_data / st.cache_resource."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(target, ast.Attribute) and target.attr in (
                    "cache_data",
                    "cache_resource",
                ):
                    yield node, ast.unparse(deco)


def test_no_bare_streamlit_cache_reads_the_store():
    offenders = []
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        for func, deco in streamlit_caches(ast.parse(source)):
            body = ast.get_source_segment(source, func) or ""
            if func.name == "_connection":  # the connection itself, not a read
                continue
            if any(call in body for call in READS_STORE) or "ttl=" in deco:
                offenders.append(f"{path.relative_to(ROOT)}:{func.lineno} {func.name} ({deco})")
    assert offenders == [], "cache store reads with @ui.cached:\n" + "\n".join(offenders)


def test_nothing_clears_the_caches_by_hand():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in SOURCES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ".clear()" in line and ("cache_data" in line or "cache_resource" in line)
    ]
    assert found == []


# --- nothing is cold twice --------------------------------------------------------------------------


def _race(func, args_per_thread) -> list:
    """Call ``func`` from one thread per argument tuple at once; their results in order."""
    import threading

    start = threading.Barrier(len(args_per_thread))
    results: list = [None] * len(args_per_thread)

    def run(i, args):
        start.wait()
        results[i] = func(*args)

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(args_per_thread)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_computation_in_flight_is_shared_by_the_sessions_asking_for_it(demo_store):
    """Two sessions asking for the same numbers while the first computes them: one computation,
    and the second gets the first's result."""
    import time

    from povmap.views import ui

    calls: list[str] = []

    @ui.cached(edits=())
    def slow_numbers(area: str) -> dict:
        calls.append(area)
        time.sleep(0.5)
        return {"area": area, "n": len(calls)}

    first, second = _race(slow_numbers, [("46",), ("46",)])
    assert calls == ["46"]
    assert first == second == {"area": "46", "n": 1}
    assert ui._IN_FLIGHT == {}, "no lock is kept once nobody waits for it"


def test_different_numbers_are_computed_side_by_side(demo_store):
    """Another key never waits for a computation in flight (the locks are per key): both
    computations are inside at once (one after the other, the barrier would break)."""
    import threading

    from povmap.views import ui

    calls: list[str] = []
    both_inside = threading.Barrier(2, timeout=10)

    @ui.cached(edits=())
    def slow_numbers(area: str) -> str:
        calls.append(area)
        both_inside.wait()
        return area

    assert _race(slow_numbers, [("46",), ("47",)]) == ["46", "47"]
    assert sorted(calls) == ["46", "47"]
    assert not both_inside.broken, "the two computations ran one after the other"


def test_a_waiting_caller_holds_the_key_until_the_first_is_done():
    """The lock itself: a second holder of the same key enters only after the first left."""
    import threading
    import time

    from povmap.views import ui

    order: list[str] = []

    def hold(name: str) -> None:
        with ui.in_flight(("k", 1)):
            order.append(f"{name} in")
            time.sleep(0.2)
            order.append(f"{name} out")

    a = threading.Thread(target=hold, args=("a",))
    a.start()
    time.sleep(0.05)
    hold("b")
    a.join()
    assert order == ["a in", "a out", "b in", "b out"]
