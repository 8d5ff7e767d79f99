"""docs/privacy.md stays true to the code: its role table is data/roles.py's, it names every
sensitive column the door withholds, its retention periods are the settings' defaults, and every
command it shows parses with the options it uses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from data.roles import AREA_SCOPED, CAPABILITIES, ROLES, can
from data.store import SENSITIVE_COLUMNS
from povmap import settings
from povmap.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "privacy.md"


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def table(header: str) -> tuple[list[str], list[list[str]]]:
    """The header cells and rows (cells stripped) of the table whose header starts ``header``."""
    lines = doc().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    head = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return head, rows


def test_the_role_table_is_data_roles():
    head, rows = table("| capability |")
    assert head[1:] == list(ROLES)
    found = {re.match(r"`(\w+)`", row[0]).group(1): row[1:] for row in rows}
    assert list(found) == list(CAPABILITIES)
    for capability, cells in found.items():
        for role, cell in zip(ROLES, cells, strict=True):
            held = can((role,), capability)
            expected = ("✓ own areas" if capability in AREA_SCOPED else "✓") if held else ""
            assert cell == expected, f"{capability} for {role}: {cell!r}, roles.py says {held}"


def test_the_role_check_reads_cells():
    """The check above fails on a wrong cell (it reads what it claims)."""
    _head, rows = table("| capability |")
    assert len(rows) == len(CAPABILITIES) and all(len(r) == len(ROLES) + 1 for r in rows)
    assert rows[0][1] == "✓" and rows[3][1] == ""


def test_every_sensitive_column_is_named():
    section = doc().split("**Sensitive data", 1)[1].split("**National IDs", 1)[0]
    for column in SENSITIVE_COLUMNS:
        if column == "with_disabled":  # a derived flag of members_disabled, not a stored column
            continue
        assert f"`{column}`" in section, column


def test_the_retention_table_states_the_settings_defaults():
    _head, rows = table("| what | kept | setting |")
    stated = {row[2].strip("`"): row[1] for row in rows if row[2].startswith("`POVMAP_")}
    for name in (
        "POVMAP_AUDIT_RETENTION_DAYS",
        "POVMAP_REPORT_RETENTION_DAYS",
        "POVMAP_UPLOAD_RETENTION_DAYS",
    ):
        default = next(s.default for s in settings.SETTINGS if s.name == name)
        assert re.search(rf"\b{default} days?\b", stated[name]), (name, stated[name])


def commands() -> list[list[str]]:
    """The ``povmap`` command lines of the doc's bash blocks, as arguments."""
    out = []
    for block in re.findall(r"^ *```bash\n(.*?)^ *```$", doc(), re.M | re.S):
        for line in (raw.strip() for raw in block.splitlines()):
            if line.startswith(".venv/bin/povmap "):
                args = shlex.split(line.split(">", 1)[0])[1:]
                out.append(args)
    return out


@pytest.mark.parametrize("args", commands(), ids=lambda a: " ".join(a[:2]))
def test_every_command_in_the_doc_parses(args):
    command = typer.main.get_command(app)
    ctx, name, rest = None, "povmap", list(args)
    while hasattr(command, "list_commands"):  # povmap, then a group such as `users`
        ctx = command.context_class(command, info_name=name, parent=ctx)
        name, rest = rest[0], rest[1:]
        command = command.get_command(ctx, name)
        assert command is not None, f"no command {name}"
    command.make_context(name, rest, parent=ctx)  # raises on an unknown or missing option


@pytest.mark.parametrize(
    "args", [["erase", "H1", "--bogus"], ["erase", "H1"], ["users", "nosuch"], ["nosuch"]]
)
def test_a_wrong_command_does_not_parse(args):
    with pytest.raises(Exception) as caught:  # typer's own usage errors
        test_every_command_in_the_doc_parses(args)
    assert re.search(r"no such option|missing parameter|no command", str(caught.value), re.I)


def test_the_doc_shows_the_requests_commands():
    shown = {tuple(a[:1]) for a in commands()}
    assert {("subject-report",), ("erase",), ("users",), ("audit",)} <= shown
    assert "povmap retention" in doc()
