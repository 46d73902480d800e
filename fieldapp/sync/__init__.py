"""Keys, bundle export, verification, merge and conflicts."""
