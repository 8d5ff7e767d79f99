"""The one door to the store: every number and record that pages, maps, downloads and the CLI
show leaves the store through this package.

Area numbers are computed in the database (DuckDB embedded, PostgreSQL when shared): grouped
SQL over the household table, with the per-household model (capital scores, level, household
types, deprivation score) written once as SQL expressions (:mod:`query.profile`,
:mod:`query.poverty`). Household rows leave only for one area at a time, with the columns the
caller asks for. ``analysis/`` keeps the pure reference implementations; tests hold the SQL
results equal to them.

Nothing here imports Streamlit or the settings: the rule, the model and the thresholds are
passed in (``povmap`` builds them from the settings).
"""
