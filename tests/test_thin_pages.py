"""Pages and views stay thin: they read the view state, call, and lay out; they do not reshape or
aggregate data frames themselves.

A page (``pages/*.py``, ``app.py``) or view (``povmap/views/*.py``) that calls one of
:data:`TRANSFORMS` is computing something that belongs in ``analysis/`` (pure pandas/numpy with
known-answer tests) or in ``query/`` (SQL through the door). The calls are read from the syntax
tree, so comments and strings do not count and ``", ".join(...)`` is never confused with a
join of frames. :data:`ALLOWED` lists the exceptions, each with its reason; an entry no call
needs any more fails too, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Method names (``frame.<name>(...)``, ``pd.<name>(...)``) that transform data frames.
TRANSFORMS = frozenset(
    {
        "groupby",
        "merge",
        "pivot",
        "pivot_table",
        "melt",
        "concat",
        "crosstab",
        "value_counts",
        "rank",
        "agg",
        "aggregate",
    }
)

#: (file, method) -> (how many calls, why it stays). Only display-only calls belong here for
#: good; "TODO owned elsewhere" marks files another change owns right now.
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    ("povmap/views/data_view.py", "concat"): (
        1,
        "TODO owned elsewhere: the review queue puts the URL's household (read from another "
        "page of the queue) on top of the shown rows",
    ),
}


def checked_files() -> list[Path]:
    """Every page and view module, and app.py."""
    return [
        ROOT / "app.py",
        *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "povmap" / "views").glob("*.py")),
    ]


def transform_calls(path: Path) -> list[tuple[int, str]]:
    """(line, method) of every call of a :data:`TRANSFORMS` method in ``path``, in order; a
    name imported from pandas (``from pandas import concat``) counts as a call of it too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    from_pandas = {
        alias.asname or alias.name: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pandas"
        for alias in node.names
        if alias.name in TRANSFORMS
    }
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in TRANSFORMS:
            out.append((node.lineno, func.attr))
        elif isinstance(func, ast.Name) and func.id in from_pandas:
            out.append((node.lineno, from_pandas[func.id]))
    return sorted(out)


def test_every_page_and_view_is_checked():
    names = {p.relative_to(ROOT).as_posix() for p in checked_files()}
    assert {"app.py", "pages/overview.py", "pages/why.py", "povmap/views/map_view.py"} <= names
    assert len([n for n in names if n.startswith("pages/")]) >= 14


def test_the_check_finds_transforms(tmp_path):
    source = tmp_path / "page.py"
    source.write_text(
        "import pandas as pd\n"
        "from pandas import concat as glue\n"
        "# frame.groupby('a') in a comment does not count\n"
        "names = ', '.join(['a', 'b'])\n"
        "counts = frame.groupby('area')['poor'].sum()\n"
        "wide = pd.concat([a, b])\n"
        "both = glue([a, b])\n"
        "top = frame['poor'].rank(ascending=False)\n"
        "text = 'frame.melt()'\n",
        encoding="utf-8",
    )
    assert transform_calls(source) == [(5, "groupby"), (6, "concat"), (7, "concat"), (8, "rank")]


@pytest.mark.parametrize("path", checked_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pages_and_views_do_not_transform_frames(path):
    name = path.relative_to(ROOT).as_posix()
    calls = transform_calls(path)
    found = Counter(method for _, method in calls)
    over = {method: n for method, n in found.items() if n > ALLOWED.get((name, method), (0, ""))[0]}
    assert not over, (
        f"{name} transforms data frames itself: "
        + ", ".join(f"line {line} .{method}()" for line, method in calls if method in over)
        + ". Move the computation into analysis/ (a pure function with a known-answer test) or "
        "query/ (SQL), and call it from here."
    )


@pytest.mark.parametrize("entry", sorted(ALLOWED), ids=lambda e: f"{e[0]}:{e[1]}")
def test_no_allowance_is_left_unused(entry):
    name, method = entry
    n, reason = ALLOWED[entry]
    assert reason.strip(), f"{name} .{method}(): say why it is allowed"
    used = Counter(m for _, m in transform_calls(ROOT / name))[method]
    assert used == n, (
        f"{name} calls .{method}() {used} time(s), ALLOWED says {n}: "
        "update or remove the entry in tests/test_thin_pages.py"
    )
