"""The Streamlit views the pages call: widgets, figures and cached calls, nothing else.

One module per page family (``map_view``, ``why_view``, ``data_view``, ``action_view``,
``measure_view``, ``list_view``; the local-economy pages share ``sites_view`` and have
``enterprises_view``, ``innovation_view``, ``city_view`` and ``village_view``); ``ui`` holds
what they share (the store connection, view state, caching, downloads), ``tables`` draws every
table and ``chrome`` puts Streamlit's own widget texts in the page's language.
"""
