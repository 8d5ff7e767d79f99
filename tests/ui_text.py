"""What counts as developer text in the user interface, for the label and browser tests."""

from __future__ import annotations

import re

#: What only a developer should see: a repository path, a file of the code or docs, a command.
DEVELOPER_TEXT = re.compile(
    r"[\w-]+/[\w./-]*\.(?:py|md|csv)\b"  # data/tables/interventions.csv, docs/data-format.md
    r"|\b[\w-]+\.py\b"  # synthetic_sites.py
    r"|\bdocs/"
    r"|\bpovmap (?:stats|import|demo|referrals|setup|schema)\b"
    r"|\bmake (?:run|test|docs)\b"
    r"|--(?:kind|level|area|round)\b"
)
