"""Entry point of the frozen application: the same `main()` as the installed `fieldapp`.

PyInstaller needs a script, not a console-script entry point; keeping it this small means
the frozen app and the package cannot drift apart.
"""

import multiprocessing
import sys

from fieldapp.cli.main import main

if __name__ == "__main__":
    # A large bundle is verified in a second process, started by running this executable
    # again: freeze_support() makes such a run the worker instead of the application.
    multiprocessing.freeze_support()
    sys.exit(main())
