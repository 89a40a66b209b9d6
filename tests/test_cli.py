import argparse
import subprocess
import sys

import pytest

from iackg import __version__, cli
from iackg.cli import COMMANDS, build_parser, main


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"iackg {__version__}"


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "iackg build" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["no-such-command"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_every_command_is_available():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)


def test_python_dash_m():
    out = subprocess.run(
        [sys.executable, "-m", "iackg", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in out.stdout


def _all_parsers(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _all_parsers(child)


def test_no_parser_accepts_abbreviations():
    parsers = list(_all_parsers(build_parser()))
    assert len(parsers) > len(COMMANDS)  # the top level, every command, nested actions
    assert [p.prog for p in parsers if p.allow_abbrev] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--update-u", "http://127.0.0.1:9/update"],  # was read as --update-url
        ["query", "--lis"],  # was read as --list
        ["reference", "import-codes", "codes.csv", "-o", "x.csv", "--outp", "y.csv"],  # nested
        ["query", "--no-such-option"],
        ["--no-such-option"],
    ],
)
def test_abbreviated_or_unknown_option_is_a_usage_error(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing may be built into the working folder
    assert main(argv) == 2
    err = capsys.readouterr().err
    option = next(a for a in reversed(argv) if a.startswith("--"))
    assert f"unrecognized arguments: {option}" in err
    assert list(tmp_path.iterdir()) == []


def test_a_command_that_cannot_be_imported_fails_loudly(monkeypatch):
    real = cli._load

    def load(name):
        if name == "stats":
            raise ModuleNotFoundError(
                "No module named 'iackg.commands.stats'", name=f"iackg.commands.{name}"
            )
        return real(name)

    monkeypatch.setattr(cli, "_load", load)
    with pytest.raises(ModuleNotFoundError):
        build_parser()
