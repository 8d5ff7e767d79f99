"""The layers, read from the source: geo/, data/ and analysis/ never import a higher layer, and
above the door (pages/, povmap/, app.py) nothing runs SQL, imports DuckDB or reads households.

Every ``import`` statement counts, at module level or inside a function: a function-level
import dodges an import cycle at run time but still ties the lower layer to the higher one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER = ("geo", "data", "analysis")
#: Layers above geo/, data/ and analysis/, and the UI library only they may use.
HIGHER = ("povmap", "query", "pages", "app", "streamlit", "streamlit_folium")
#: Lower packages that one lower package must not import (analysis is pure maths; geo reads
#: boundaries and draws maps, it does not know the store).
FORBIDDEN = {"analysis": ("geo", "data"), "geo": ("data",), "data": ()}


def modules(package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module of ``package``."""
    out = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


ALL = {name: path for package in LOWER for name, path in modules(package).items()}


def imported(name: str, path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file, as absolute dotted names.

    ``from pkg import name`` counts as ``pkg.name`` when that is a module of the repository.
    """
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            out.add(module)
            out.update(
                f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in ALL
            )
    return out


def test_the_lower_layers_are_found():
    assert {"geo.boundaries", "geo.maps", "data.store", "data.validate", "analysis.mpi"} <= set(ALL)


def test_imports_are_read_inside_functions_too(tmp_path):
    source = tmp_path / "x.py"
    source.write_text(
        "import os\n"
        "def f():\n"
        "    from povmap import settings\n"
        "    import streamlit as st\n"
        "    from . import store\n",
        encoding="utf-8",
    )
    assert imported("data.x", source) == {"os", "povmap", "streamlit", "data", "data.store"}


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_higher_layer(name):
    """geo/, data/ and analysis/ import nothing of povmap/, query/, pages/, app or streamlit."""
    bad = sorted(m for m in imported(name, ALL[name]) if m.split(".")[0] in HIGHER)
    assert bad == [], f"{ALL[name].relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_sideways_import(name):
    """analysis/ imports neither geo/ nor data/; geo/ does not import data/."""
    forbidden = FORBIDDEN[name.split(".")[0]]
    bad = sorted(m for m in imported(name, ALL[name]) if m.split(".")[0] in forbidden)
    assert bad == [], f"{ALL[name].relative_to(ROOT)} imports {bad}"


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a path that ends where it starts, or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def import_graph(package: str) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (module level and inside functions)."""
    names = [n for n in ALL if n == package or n.startswith(package + ".")]
    return {n: {m for m in imported(n, ALL[n]) if m in names and m != n} for n in names}


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("package", LOWER)
def test_no_import_cycle(package):
    """No module of geo/, data/ or analysis/ imports itself back, not even from inside a function."""
    graph = import_graph(package)
    assert len(graph) > 3
    assert _cycle(graph) == [], " -> ".join(_cycle(graph))


#: The household write path, step by step: a module imports nothing of a later step.
WRITE_PATH = (
    ("data.schema",),
    ("data.problems", "data.numbers"),
    ("data.columns",),
    ("data.read_table", "data.read_encoding", "data.read_csv", "data.read_xlsx"),
    ("data.read_parquet", "data.readers"),
    ("data.column_mapping", "data.normalize_values", "data.normalize_areas", "data.normalize"),
    ("data.validate", "data.registry"),
    ("data.import_options", "data.staging", "data.import_duplicates", "data.import_chunk"),
    ("data.import_report", "data.import_pool", "data.import_file", "data.import_result"),
    ("data.importer", "data.import_worker"),
)


def test_the_import_path_reads_in_order():
    """schema -> problems -> columns -> readers -> normalize -> validate -> stage -> importer:
    no step imports a later one (normalising never depends on validation); validation knows no
    reader, header or normaliser; the store knows only the schema and the audit trail."""
    graph = import_graph("data")
    assert {m for step in WRITE_PATH for m in step} <= set(graph)
    for i, step in enumerate(WRITE_PATH):
        later = {m for s in WRITE_PATH[i + 1 :] for m in s}
        for module in step:
            assert not graph[module] & later, f"{module} imports {sorted(graph[module] & later)}"
    readers = {m for m in graph if m.startswith(("data.read", "data.normalize", "data.column"))}
    assert not graph["data.validate"] & readers, sorted(graph["data.validate"] & readers)
    # the store writes an import's audit entry in the import's transaction; data.audit is a leaf
    assert graph["data.store"] <= {"data.schema", "data.audit"}
    assert not graph["data.audit"], sorted(graph["data.audit"])


# --- the door: only query/ and data/ touch the store ---------------------------------------------

#: The app's modules above the door (pages, views, CLI, settings, set-up).
APP_FILES = sorted(
    [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "povmap").rglob("*.py")]
)
#: The one module of the app that imports DuckDB: it opens the store (ui.connection).
STORE_OPENER = ROOT / "povmap" / "views" / "ui.py"


def _runtime_imports(path: Path) -> set[str]:
    """Top-level names of the modules ``path`` imports, leaving out ``if TYPE_CHECKING:``
    blocks (annotations only: nothing runs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out


def _execute_calls(path: Path) -> list[int]:
    """Line numbers of every ``<something>.execute(...)`` call in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("execute", "executemany")
    ]


def test_the_checks_read_what_they_claim(tmp_path):
    source = tmp_path / "x.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import duckdb\n"
        "def f(con):\n"
        "    import pandas\n"
        "    return con.cursor().execute('SELECT 1')\n",
        encoding="utf-8",
    )
    assert _runtime_imports(source) == {"typing", "pandas"}
    assert _execute_calls(source) == [6]
    assert STORE_OPENER in APP_FILES and len(APP_FILES) > 20


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_or_view_runs_sql(path):
    """pages/, povmap/ and app.py read through query/ and write through data/: none of them
    runs SQL itself."""
    assert _execute_calls(path) == [], f"{path.relative_to(ROOT)} calls .execute("


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_store_opener_imports_duckdb(path):
    """The app opens the store in one place (povmap/views/ui.py); every other module gets its
    connection from there or from data.store.connect."""
    if path == STORE_OPENER:
        return
    assert "duckdb" not in _runtime_imports(path), f"{path.relative_to(ROOT)} imports duckdb"


def test_the_store_opener_runs_no_sql_itself():
    assert "duckdb" in _runtime_imports(STORE_OPENER)
    assert _execute_calls(STORE_OPENER) == []


#: SQL that reads the household table.
HOUSEHOLD_READ = re.compile(r"\b(FROM|JOIN)\s+households\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "path",
    sorted([*APP_FILES, *(ROOT / "geo").rglob("*.py"), *(ROOT / "analysis").rglob("*.py")]),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_only_query_and_data_read_the_households_table(path):
    """Household records leave the store through query/ (reads) or data/ (its own write path)."""
    found = HOUSEHOLD_READ.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} reads the households table"


def test_the_household_read_pattern_finds_sql():
    assert HOUSEHOLD_READ.search("SELECT hh_id FROM households WHERE round_be = ?")
    assert HOUSEHOLD_READ.search("... LEFT JOIN  households h USING (hh_id)")
    assert not HOUSEHOLD_READ.search("SELECT * FROM household_history")
