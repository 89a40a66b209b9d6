"""The `iackg` command: one command, one subcommand per stage of the pipeline.

Each subcommand lives in `iackg.commands.<name>` and provides `HELP` (one line), `configure(parser)`
and `run(args) -> int`. Results go to stdout, diagnostics to stderr; exit 0 ok, 1 the data does
not conform, 2 usage or input error (never a traceback for bad input).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from iackg import __version__
from iackg.commands import SUMMARIES
from iackg.errors import IackgError

# In the order a newcomer meets them.
COMMANDS = tuple(SUMMARIES)

EPILOG = """\
start here:
  iackg build                  build the bundled sample into ./iackg-store and summarise it
  iackg query --list           the library of research questions
  iackg query resources-per-prefecture
  iackg <command> --help       what each command does, with examples

Data: designations of regional industrial resources (地域産業資源) under Japan's 2007 SME
Regional Resources Act, and the business plans certified to use them.
"""


def _load(name: str):
    return importlib.import_module(f"iackg.commands.{name}")


class StrictParser(argparse.ArgumentParser):
    """An argument parser that takes long options only as written: argparse's default accepts
    any unambiguous prefix, so `--update FILE` was silently read as `--update-url FILE`.
    Subparsers are made with the parent's class, so every level is strict."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `only` the parser that can run that one command: the others
    are listed with their one-line help but not imported, so that `iackg build --help` does not
    wait for networkx, matplotlib and pySHACL to load."""
    parser = StrictParser(
        prog="iackg",
        description="The knowledge graph of Japan's Intellectual Assets in Communities "
        "(地域産業資源): ingest, validate, build, query, publish and export it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"iackg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            sub.add_parser(name, help=SUMMARIES[name])
            continue
        module = _load(name)  # a command that cannot be imported is a broken install: fail
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            epilog=getattr(module, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.configure(command)
        command.set_defaults(_run=module.run)
    return parser


def _command(argv: Sequence[str]) -> str:
    """The command named in `argv` ("" when none is: only the top level's help is needed)."""
    first = next((a for a in argv if not a.startswith("-")), "")
    return first if first in COMMANDS else ""


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=_command(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except IackgError as exc:
        print(f"iackg {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `iackg query … | head`
        return 0


# Commands whose process ends as soon as their output is out: a build leaves millions of small
# objects behind, and freeing them one by one at interpreter exit took about a second at
# national scale. The command closes its store itself before it returns.
QUICK_EXIT = frozenset({"build"})


def entry() -> None:
    """The console script: `main()`, then exit (at once, after flushing, for QUICK_EXIT)."""
    argv = sys.argv[1:]
    code = main(argv)
    if _command(argv) in QUICK_EXIT:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BrokenPipeError, ValueError):  # closed: nothing to flush
                stream.flush()
        os._exit(code)
    sys.exit(code)
