"""Fixtures shared by every test folder.

`system_program("chromium", "apt-get install -y chromium")` returns the path of a system program
a test needs. When it is missing the test is skipped with the command that installs it, so the
README's test command passes on a machine with only Python. CI sets
`IACKG_REQUIRE_SYSTEM_PROGRAMS=1` (in `.ci/run`), which turns such a skip into a failure: a
missing install step can never pass as a green run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE_ENV = "IACKG_REQUIRE_SYSTEM_PROGRAMS"


def find_system_program(name: str, *candidates: str) -> str | None:
    """The program's path from an IACKG_<NAME> variable, PATH, or the given candidate paths."""
    override = os.environ.get(f"IACKG_{name.upper().replace('-', '_')}")
    for path in (override, shutil.which(name), *candidates):
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


@pytest.fixture(scope="session")
def system_program():
    """A function: `system_program(name, install, *candidates)` → path, or skip (fail in CI)."""

    def need(name: str, install: str, *candidates: str) -> str:
        path = find_system_program(name, *candidates)
        if path is not None:
            return path
        message = f"needs the system program {name!r}, which is not installed: {install}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_ENV}=1 makes this a failure)", pytrace=False)
        pytest.skip(message)

    return need
