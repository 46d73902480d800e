"""Pure Python: what a record is, its vocabularies and its validation (no Qt, no SQL)."""
