"""One cache invalidation: what the app reads from the store is cached only through ``ui.cached``
(keyed by the store's data version), never with a bare ``st.cache_data`` / ``st.cache_resource``,
a time-to-live or a cache clear that some write path would have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("povmap/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
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
