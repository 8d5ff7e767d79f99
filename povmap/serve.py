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
    sys.argv = ["streamlit", "run", script, *args]
    cli.main()


if __name__ == "__main__":
    main()
