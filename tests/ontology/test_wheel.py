"""`iackg --help`, `--version` and `iackg ontology` work from an installed wheel outside the
checkout, and the wheel carries the bundled folders."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iackg import __version__

ROOT = Path(__file__).resolve().parents[2]
BUILD_INPUTS = (
    "pyproject.toml",
    "hatch_build.py",
    "README.md",
    "src",
    "ontology",
    "shapes",
    "queries",
    "data",
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel from a copy of the checkout (nothing is written into the source tree)
    and install it with --target into an empty folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy(path, source / name)
    dist = tmp / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", dist, source],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("iackg-*.whl"))
    assert len(wheels) == 1
    site = tmp / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", site, wheels[0]], check=True, capture_output=True
    )
    work = tmp / "elsewhere"
    work.mkdir()
    return site, work


def run(installed, *args, module=False):
    site, work = installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(site)
    if module:
        command = [sys.executable, *args]
    else:  # the console script the wheel installs
        script = site / "bin" / "iackg"
        command = [sys.executable, str(script), *args]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=120)


def test_version_from_the_entry_point(installed):
    out = run(installed, "--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"iackg {__version__}"


def test_help_from_the_entry_point(installed):
    out = run(installed, "--help")
    assert out.returncode == 0, out.stderr
    assert "usage: iackg" in out.stdout and "ontology" in out.stdout


def test_package_and_bundled_folders_come_from_the_wheel(installed):
    site, _ = installed
    code = (
        "import iackg, iackg.paths as p; print(iackg.__file__); "
        "print(p.bundled('ontology')); print(p.bundled('data'))"
    )
    out = run(installed, "-c", code, module=True)
    assert out.returncode == 0, out.stderr
    package, ontology, data = (Path(line) for line in out.stdout.split())
    for path in (package, ontology, data):
        assert path.resolve().is_relative_to(site.resolve()), path
    assert ontology.parts[-2:] == ("_bundled", "ontology")
    assert sorted(p.name for p in ontology.glob("*.ttl")) == sorted(
        p.name for p in (ROOT / "ontology").glob("*.ttl")
    )


def test_ontology_command_from_the_wheel(installed):
    out = run(installed, "ontology", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert '"ok": true' in out.stdout


def test_query_page_assets_come_from_the_wheel(installed):
    """The vendored YASGUI build, its licence and our page script are package data."""
    site, _ = installed
    names = ("yasgui/yasgui.min.js", "yasgui/yasgui.min.css", "yasgui/LICENSE", "query.js")
    code = (
        "import sys, iackg.server.resources as r; print(r.__file__)\n"
        f"for name in {names!r}:\n"
        "    found = r.static_file('/static/' + name)\n"
        "    print(name, len(found[0]) if found else 'missing')"
    )
    out = run(installed, "-c", code, module=True)
    assert out.returncode == 0, out.stderr
    module, *lines = out.stdout.splitlines()
    assert Path(module).resolve().is_relative_to(site.resolve())
    static = ROOT / "src" / "iackg" / "server" / "static"
    assert lines == [f"{name} {(static / name).stat().st_size}" for name in names]
