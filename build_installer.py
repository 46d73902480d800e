"""Build the self-contained installer (not written yet: issue 6)."""

import sys

if __name__ == "__main__":
    sys.exit("build_installer.py is not written yet; see issue 6")
