"""The desktop application (PySide6): main window, record tables and forms, background jobs.

Nothing below this package imports a Qt widget; everything the window does that is not
inherently visual is a store/sync/report function the CLI can call too.
"""
