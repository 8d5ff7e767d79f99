"""``python -m povmap.cli``: the same commands as the ``povmap`` script."""

from povmap.cli.main import app

app()
