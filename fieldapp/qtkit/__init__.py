"""Headless Qt pieces at the level of ui and cli: the map drawn to a PNG, the tile URL
scheme QtWebEngine reads archives through, tile generation for tests.

Services below (maps, reports) never import Qt; a report receives its map image, or a
function that draws one, from its caller (the CLI or the Reports view).
"""

from importlib.util import find_spec


def map_available() -> bool:
    """Whether this installation can draw the map figure (QtWebEngine is present).

    Answered without importing Qt, so the Reports view can ask at start-up for nothing.
    """
    return find_spec("PySide6.QtWebEngineWidgets") is not None
