"""The import rules of docs/decisions.md ("Architecture") hold, and `lint-imports` (the
contracts in pyproject.toml) catches a module that breaks one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(config: Path, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_package_keeps_every_import_rule(tmp_path):
    done = lint(ROOT / "pyproject.toml", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


CONTRACTS = {
    c["id"]: c["name"]
    for c in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
}


@pytest.mark.parametrize(
    "module, imported, contract",
    [
        ("ingest/loader.py", "iackg.store", "loader-never-touches-a-store"),
        ("validation/api.py", "iackg.commands.build", "cli-is-a-shell"),
        ("export/views.py", "iackg.server", "stages-do-not-import-the-server"),
        ("store/base.py", "iackg.queries", "store-knows-no-stage"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, imported, contract):
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "_bundled", "static")
    shutil.copytree(ROOT / "src" / "iackg", copy / "iackg", ignore=ignore)
    target = copy / "iackg" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\nimport {imported}\n", "utf-8")
    done = lint(ROOT / "pyproject.toml", tmp_path, pythonpath=copy)
    assert done.returncode == 1, done.stdout + done.stderr
    report = " ".join(done.stdout.split())  # long contract names wrap
    assert f"{CONTRACTS[contract]} BROKEN" in report, done.stdout
