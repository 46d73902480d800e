"""reportlab PDFs, right-to-left text, PDF signing and verification (no Qt: a report
receives its map image, or a function that draws one, from its caller)."""
