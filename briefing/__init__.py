"""Briefing exports: slide decks (PPTX with native charts), PNG maps and charts, and the
researcher's geo downloads (GeoJSON, GeoPackage, GeoParquet, Excel with a metadata sheet).

Everything here takes numbers already read through the door (``query/``) and writes files;
nothing reads the store, nothing imports Streamlit. Thai text is drawn in Thai fonts found on
the machine (:mod:`briefing.fonts`, Debian's fonts-thai-tlwg), never fetched.
"""
