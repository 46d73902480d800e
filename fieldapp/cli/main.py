"""Entry point: `fieldapp` with no command opens the desktop app; commands run headless.

Each area registers its own commands from a module in this package (records, files,
sync, maps, reports), so the parser is assembled here and the code lives next to its subject.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from fieldapp import __version__
from fieldapp.errors import FieldappError

COMMAND_MODULES = ("records", "files", "passphrase", "sync", "maps", "reports")


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
        return int(args.func(args) or 0)
    except FieldappError as exc:
        print(f"fieldapp: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fieldapp: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
