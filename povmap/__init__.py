"""Thai Poverty Map above the query door.

views/     the Streamlit views: widgets, figures and cached calls (ui.py: store connection,
           view state, caching, downloads; tables.py; chrome.py)
cli/       the `povmap` command line (main.py; import, referrals, sites, stats)
i18n/      every label in Thai and English, and the import problems in Thai (reasons_th.py)
settings.py, rules.py (settings → poverty rules), bootstrap.py (set-up), serve.py (start the
app), uploads.py (the upload folder), vendor.py (map assets served offline)
"""
