"""Entry point: `fieldapp` with no command opens the desktop app; commands run headless.

Each area registers its own commands from a module in this package (records, files,
sync, maps, reports), so the parser is assembled here and the code lives next to its subject.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from fieldapp import __version__, diskfull
from fieldapp.errors import FieldappError
from fieldapp.paths import default_db_path

COMMAND_MODULES = (
    "records",
    "files",
    "passphrase",
    "sync",
    "maps",
    "places",  # places: the register (load a COD-AB, check, editions, show) and place search
    "reports",
    "exports",  # export-data: the analysts' formats (fieldapp/interchange)
    "imports",  # import: CSV, XLSX, HXL, ACLED, Kobo/ODK exports
    "forms",  # xlsform: the forms published for KoboToolbox / ODK
)


class Parser(argparse.ArgumentParser):
    """Usage errors on one line naming the option and the problem, not a usage block.

    Sub-commands are parsers of this class too (argparse creates them with type(self)),
    and each refuses unknown options itself, so the message names the right command.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="fieldapp",
        description="Record incidents and displacement offline; export signed bundles, "
        "merge them, map them and print signed reports. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"fieldapp {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $FIELDAPP_DB, else fieldapp.db in the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"fieldapp.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"fieldapp.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from fieldapp.ui.app import run

        return run(args.db)
    try:
        code = int(args.func(args) or 0)
        flush_output()
        return code
    except FieldappError as exc:
        print(f"fieldapp: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fieldapp: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # A full disk in an operation that does not say so itself (fieldapp.diskfull):
        # one line naming the place; any other exception is a bug and keeps its traceback.
        problem = diskfull.error_for(exc, written_places(args), _redirected())
        if problem is None:
            raise
        print(f"fieldapp: error: {problem}", file=sys.stderr)
        return problem.exit_code


def flush_output() -> None:
    """Write out what the command printed (`fieldapp list --format csv > FILE`: the CSV is
    the file the user asked for) while its failure can still be said: a full disk met at
    exit would be Python's "Exception ignored" and exit code 120 instead."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        problem = diskfull.error_for(exc, output=_output_file())
        if problem is None:
            raise
        # what could not be written is dropped, not retried at exit
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise problem from exc


def _redirected() -> Path | None:
    """The file the standard output is redirected to, None for a terminal or a pipe."""
    output = _output_file()
    return output if output is not None and output.is_file() else None


def _output_file() -> Path | None:
    """The file the standard output goes to, where the system says (Linux)."""
    with contextlib.suppress(OSError, ValueError):
        return Path(os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}"))
    return None


# The options and arguments that name a file a command writes (export --out, report --out,
# map --out/--png, keys export --out, backup OUT).
_WRITTEN = ("out", "png")


def written_places(args: argparse.Namespace) -> list[Path]:
    """Where the command writes, the file the user asked for first, then the database's
    file (a merge grows it): the places a full disk may be."""
    places = [
        Path(value) for name in _WRITTEN if isinstance(value := getattr(args, name, None), str)
    ]
    return [*places, default_db_path(args.db)]


if __name__ == "__main__":
    sys.exit(main())
