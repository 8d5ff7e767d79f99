"""Leaflet and Leaflet.markercluster served by the app itself, so maps draw with no internet.

folium points every map at CDNs (leaflet, jquery, bootstrap, awesome-markers, fontawesome). This
module fetches the two libraries the maps really need from the npm registry with the ordinary
``npm pack`` client, checks each tarball against a pinned sha512 integrity, and extracts only the
dist files into ``static/vendor/`` (git-ignored). Streamlit serves that folder at ``/app/static/``
when ``[server] enableStaticServing = true`` (see ``.streamlit/config.toml``); :data:`ASSETS`
holds their URLs, which the views pass to ``geo.maps.localize`` and the map builders.

Run it once at set-up time (``povmap setup``, hence ``make setup``, calls it)::

    python -m povmap.vendor            # fetch what is missing
    python -m povmap.vendor --check    # exit 1 when something is missing, fetch nothing

Example:
    >>> from povmap import vendor
    >>> vendor.LEAFLET_JS_URL
    '/app/static/vendor/leaflet/leaflet.js'
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.assets import Assets

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"

#: Where Streamlit serves ``<app dir>/static/`` (``server.enableStaticServing``).
STATIC_URL = "/app/static"
VENDOR_URL = f"{STATIC_URL}/vendor"

#: What every map loads: pass it to ``geo.maps.localize`` and the map builders of ``geo``.
ASSETS = Assets.under(VENDOR_URL)

LEAFLET_JS_URL = ASSETS.leaflet_js
LEAFLET_CSS_URL = ASSETS.leaflet_css
#: Folder of the default marker icons (``L.Icon.Default.imagePath``, trailing slash included).
LEAFLET_IMAGES_URL = ASSETS.leaflet_images
MARKERCLUSTER_JS_URL = ASSETS.markercluster_js
MARKERCLUSTER_CSS_URL = ASSETS.markercluster_css
MARKERCLUSTER_DEFAULT_CSS_URL = ASSETS.markercluster_default_css

NPM_HINT = "install Node.js/npm from the package registry: apt-get install npm"


class VendorError(RuntimeError):
    """The vendored files could not be fetched, verified or installed."""


@dataclass(frozen=True)
class Package:
    """One npm package: pinned version and integrity, and which dist files the maps need."""

    name: str
    version: str
    #: Subresource-integrity string of the registry tarball, as ``npm pack --json`` prints it.
    integrity: str
    #: Folder under ``static/vendor/``.
    folder: str
    #: Paths inside the tarball (below ``package/``) -> path inside ``folder``.
    files: tuple[tuple[str, str], ...]

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


LEAFLET = Package(
    name="leaflet",
    version="1.9.4",
    integrity=(
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
    ),
    folder="leaflet",
    files=(
        ("dist/leaflet.js", "leaflet.js"),
        ("dist/leaflet.css", "leaflet.css"),
        ("dist/images/layers.png", "images/layers.png"),
        ("dist/images/layers-2x.png", "images/layers-2x.png"),
        ("dist/images/marker-icon.png", "images/marker-icon.png"),
        ("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
        ("dist/images/marker-shadow.png", "images/marker-shadow.png"),
        ("LICENSE", "LICENSE"),
    ),
)

MARKERCLUSTER = Package(
    name="leaflet.markercluster",
    version="1.5.3",
    integrity=(
        "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA=="
    ),
    folder="leaflet.markercluster",
    files=(
        ("dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
        ("dist/MarkerCluster.css", "MarkerCluster.css"),
        ("dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
        ("MIT-LICENCE.txt", "LICENSE"),
    ),
)

PACKAGES: tuple[Package, ...] = (LEAFLET, MARKERCLUSTER)

#: Written last into each package folder; a folder without the right stamp is fetched again.
_STAMP = ".integrity"


def vendor_dir(static_dir: Path = STATIC_DIR) -> Path:
    return Path(static_dir) / "vendor"


def is_installed(package: Package, static_dir: Path = STATIC_DIR) -> bool:
    """Whether every file of ``package`` is in place, from the pinned tarball."""
    folder = vendor_dir(static_dir) / package.folder
    stamp = folder / _STAMP
    if not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != package.integrity:
        return False
    return all((folder / dest).is_file() for _, dest in package.files)


def missing(static_dir: Path = STATIC_DIR) -> list[Package]:
    """The packages that are not (completely) installed under ``static_dir/vendor``."""
    return [p for p in PACKAGES if not is_installed(p, static_dir)]


def sri_sha512(path: Path) -> str:
    """The subresource-integrity string (``sha512-<base64>``) of a file."""
    digest = hashlib.sha512()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(f"npm was not found on PATH; {NPM_HINT}")
    return npm


def _npm_pack(package: Package, workdir: Path) -> Path:
    """Download the registry tarball of ``package`` into ``workdir``; return its path."""
    cmd = [_npm(), "pack", package.spec, "--json", "--ignore-scripts", "--silent"]
    try:
        proc = subprocess.run(
            cmd, cwd=workdir, capture_output=True, text=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VendorError(f"`npm pack {package.spec}` failed to run: {exc}; {NPM_HINT}") from exc
    if proc.returncode != 0:
        raise VendorError(
            f"`npm pack {package.spec}` exited with {proc.returncode}:\n{proc.stderr.strip()}"
        )
    try:
        info = json.loads(proc.stdout)[0]
    except (ValueError, IndexError, KeyError) as exc:
        raise VendorError(
            f"`npm pack {package.spec} --json` printed no JSON: {proc.stdout[:500]!r}"
        ) from exc
    if info.get("integrity") != package.integrity:
        raise VendorError(
            f"{package.spec}: the registry reports integrity {info.get('integrity')!r}, "
            f"expected the pinned {package.integrity!r}. Refusing to install it."
        )
    tarball = workdir / info["filename"]
    if not tarball.is_file():
        raise VendorError(f"`npm pack {package.spec}` wrote no {tarball.name}")
    return tarball


def _extract(package: Package, tarball: Path, dest: Path) -> None:
    """Check ``tarball`` against the pinned integrity and extract the needed files to ``dest``."""
    actual = sri_sha512(tarball)
    if actual != package.integrity:
        raise VendorError(
            f"{package.spec}: tarball integrity {actual} does not match the pinned "
            f"{package.integrity}. Refusing to install it."
        )
    wanted = {f"package/{src}": dst for src, dst in package.files}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            dst = wanted.pop(member.name, None)
            if dst is None:
                continue
            if not member.isfile():
                raise VendorError(f"{package.spec}: {member.name} is not a regular file")
            src = tar.extractfile(member)
            assert src is not None
            target = dest / dst
            target.parent.mkdir(parents=True, exist_ok=True)
            with src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
    if wanted:
        raise VendorError(f"{package.spec}: the tarball lacks {sorted(wanted)}")
    (dest / _STAMP).write_text(package.integrity + "\n", encoding="utf-8")


def _install(package: Package, tarball: Path, vendor: Path) -> None:
    """Extract into a temporary folder beside the target, then swap it in with os.replace."""
    final = vendor / package.folder
    staging = Path(tempfile.mkdtemp(prefix=f".{package.folder}.", dir=vendor))
    try:
        _extract(package, tarball, staging)
        os.chmod(staging, 0o755)
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{package.folder}.old.", dir=vendor))
            os.replace(final, old / "previous")
        os.replace(staging, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def ensure_vendor(static_dir: Path = STATIC_DIR, progress: Callable[[str], object] = print) -> Path:
    """Make sure Leaflet and Leaflet.markercluster are under ``static_dir/vendor``; return that.

    Fetches only what is missing or stale, with ``npm pack`` (npm knows its registry), verifies
    each tarball against the pinned sha512 integrity and installs atomically.

    Raises:
        VendorError: npm is missing, the download failed or a tarball does not match its pin.
    """
    vendor = vendor_dir(static_dir)
    todo = missing(static_dir)
    if not todo:
        return vendor
    vendor.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="povmap-npm-") as tmp:
        for package in todo:
            progress(f"fetching {package.spec} with npm pack ...")
            tarball = _npm_pack(package, Path(tmp))
            _install(package, tarball, vendor)
            progress(f"installed {package.spec} into {vendor / package.folder}")
    return vendor


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    if args and args[0] == "--check":
        todo = missing()
        for package in todo:
            print(f"missing: {package.spec} (run `python -m povmap.vendor`)", file=sys.stderr)
        return 1 if todo else 0
    try:
        path = ensure_vendor()
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"vendored map libraries are in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
