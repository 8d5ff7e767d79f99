"""Start the app: ``python -m povmap.serve [app.py] [streamlit options]`` (what `make run` does).

Streamlit treats a ``pages/`` folder beside the entry script as old-style (v1) pages until the
first ``st.navigation`` call in the process, so the very first visitor of a fresh server who
follows a deep link (``/why?area=46``) would run that page without the app's sidebar. Our
``pages/`` are ``st.navigation`` pages, so this launcher says so before the server starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    args = list(sys.argv[1:] if argv is None else argv)
    script = args.pop(0) if args and args[0].endswith(".py") else str(APP)
    PagesManager.uses_pages_directory = False
    from povmap import uploads

    uploads.sweep()  # uploads a killed server left (a running one's are spared; see uploads)
    apply_retention()
    sys.argv = ["streamlit", "run", script, *args]
    cli.main()


def apply_retention() -> None:
    """Apply the retention settings at start (docs/privacy.md), while no app holds the store:
    old audit entries, reports and uploads and ended sessions go. A store another process holds
    or writes is left alone (said on the console, tried again at the next start); no store yet:
    nothing to do. Retention never keeps the app from starting."""
    from data import store
    from povmap import retention, settings

    path = Path(settings.get("POVMAP_DB"))
    if not path.is_file():
        return
    try:
        con = store.connect(path)
    except store.StoreUnavailable as exc:
        print(f"retention not applied at start: {exc}", file=sys.stderr)
        return
    try:
        done = retention.apply(con)
    except store.StoreError as exc:  # another process writes the store: try at the next start
        print(f"retention not applied at start: {exc}", file=sys.stderr)
        return
    finally:
        con.close()
    if any(done.values()):
        print(f"retention applied at start: {done}", file=sys.stderr)


if __name__ == "__main__":
    main()
