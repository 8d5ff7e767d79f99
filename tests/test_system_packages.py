"""scripts/system-packages.sh: what `make test` and `make run` do about missing Debian packages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-packages.sh"
MISSING = "povmap-no-such-package"


def _run(*args: str, user: int | None = None, env: dict[str, str] | None = None):
    command = ["bash", str(SCRIPT), *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=env or dict(os.environ)
    )


def test_nothing_to_do_when_everything_is_there():
    done = _run("bash:bash", "coreutils")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to drop to another user"
)
def test_without_root_or_sudo_it_stops_with_the_command_to_run(tmp_path):
    # An unprivileged user with no sudo on PATH: one line, the apt-get command, and a failure.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if Path("/usr/bin/sudo").exists():
        env["PATH"] = str(tmp_path)  # a PATH where sudo cannot be found
        for tool in ("bash", "dpkg-query", "grep", "id"):
            (tmp_path / tool).symlink_to(shutil.which(tool))
    done = _run("bash:bash", f"{MISSING}:{MISSING}", user=65534, env=env)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"sudo apt-get install -y {MISSING}" in lines[0]
    assert "bash" not in lines[0].split("Run:")[1]  # only what is missing is named


def test_make_test_installs_the_browser_packages_before_the_tests():
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout.splitlines()
    first_test = next(i for i, line in enumerate(plan) if "pytest" in line)
    packages = next(i for i, line in enumerate(plan) if "system-packages.sh" in line)
    assert packages < first_test
    assert "chromium" in plan[packages] and "fonts-thai-tlwg" in plan[packages]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in ci and "make test" in ci
