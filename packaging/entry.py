"""Entry point of the frozen application: the same `main()` as the installed `fieldapp`.

PyInstaller needs a script, not a console-script entry point; keeping it this small means
the frozen app and the package cannot drift apart.
"""

import sys

from fieldapp.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
