import subprocess
import sys

from iackg import __version__
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
