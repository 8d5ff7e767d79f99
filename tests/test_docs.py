"""Docs stay true: generated references match the code, every setting is documented."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from data import schema
from povmap import settings

ROOT = Path(__file__).resolve().parent.parent


def test_settings_doc_is_generated_from_the_settings_module():
    assert (ROOT / "docs/settings.md").read_text(encoding="utf-8") == settings.markdown(), (
        "docs/settings.md is stale: run `make docs`"
    )


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_has_help_and_is_documented(setting):
    assert len(setting.help) > 20
    assert f"`{setting.name}`" in (ROOT / "docs/settings.md").read_text(encoding="utf-8")


def test_data_format_doc_is_generated_from_the_schema():
    assert (ROOT / "docs/data-format.md").read_text(encoding="utf-8") == schema.markdown(), (
        "docs/data-format.md is stale: run `make docs`"
    )


@pytest.mark.parametrize("package", ["analysis", "geo", "data"])
def test_domain_packages_never_import_streamlit(package):
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] in ("streamlit", "streamlit_folium") for n in names), (
                path
            )


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


def test_settings_parse_errors_name_the_setting(monkeypatch):
    monkeypatch.setenv("POVMAP_AF_K", "half")
    with pytest.raises(ValueError, match="POVMAP_AF_K"):
        settings.get("POVMAP_AF_K")


def test_sites_format_doc_is_generated_from_the_site_model():
    from data import sites

    assert (ROOT / "docs/sites-format.md").read_text(encoding="utf-8") == sites.markdown(), (
        "docs/sites-format.md is stale: run `make docs`"
    )
