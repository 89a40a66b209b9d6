"""`python -m iackg` runs the command-line interface."""

from iackg.cli import entry

entry()
