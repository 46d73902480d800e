"""reportlab PDFs, right-to-left text, PDF signing and verification."""

from importlib.util import find_spec


def map_available() -> bool:
    """Whether this installation can draw the map figure (the map module is present).

    Answered without importing the map (or reportlab), so the Reports view can ask at
    start-up for nothing.
    """
    return find_spec("fieldapp.maps.render") is not None
