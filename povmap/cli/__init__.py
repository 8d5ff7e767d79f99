"""The `povmap` command line: :mod:`povmap.cli.main` holds the commands (``povmap --help``);
``imports``, ``sites`` and ``referrals`` the ``povmap import`` and ``povmap referrals`` groups;
``stats`` the table ``povmap stats`` prints."""
