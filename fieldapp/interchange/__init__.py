"""The analysts' formats: what fieldapp writes for, and reads from, the tools coordinators
and information officers use (spreadsheets, HXL, ACLED, GIS, Kobo/ODK).

A service package: no Qt and no SQL. Records come in as the dicts the store returns and go
out as bytes or rows; the ops layer (fieldapp/ops/exports.py, fieldapp/ops/imports.py)
reads the store and writes the files. Each module has one owner (see its docstring).
"""
