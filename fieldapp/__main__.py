import sys

from fieldapp.cli.main import main

if __name__ == "__main__":  # not in a process that multiprocessing starts from this module
    sys.exit(main())
