"""A real OpenID Connect provider for the sign-on tests (npm's oidc-provider, run by Node.js on
loopback from provider.mjs; `make test` installs the package under var/sso)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "provider.mjs"
MODULE = ROOT / "var" / "sso" / "node_modules" / "oidc-provider"
CLIENT_ID = "povmap-test"
CLIENT_SECRET = "povmap-test-secret-not-for-production"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def provider(redirect_uri: str, log: Path) -> Iterator[str]:
    """Start the provider for one client redirecting to ``redirect_uri``; yields its issuer URL.
    The process (its own process group) is stopped when the block ends."""
    if not MODULE.is_dir():
        raise RuntimeError(f"oidc-provider is not installed in {MODULE}: run make test")
    port = free_port()
    issuer = f"http://localhost:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["node", str(SCRIPT), str(port), CLIENT_ID, CLIENT_SECRET, redirect_uri],
            env={**os.environ, "OIDC_PROVIDER_MODULE": str(MODULE)},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError("oidc-provider exited:\n" + log.read_text(errors="replace"))
            try:
                url = f"{issuer}/.well-known/openid-configuration"
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("oidc-provider did not start:\n" + log.read_text()) from None
                time.sleep(0.2)
        yield issuer
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def secrets_toml(base_url: str, issuer: str) -> str:
    """The app's ``.streamlit/secrets.toml`` for this provider (docs/deploy.md has the same)."""
    return f"""[auth]
redirect_uri = "{base_url}/oauth2callback"
cookie_secret = "test-only-cookie-secret-{CLIENT_SECRET}"

[auth.povmap]
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
client_kwargs = {{ prompt = "login" }}
"""
