"""Find the bundled folders (ontology, shapes, queries, data) in a wheel or in a checkout.

An installed wheel carries them under `iackg/_bundled/`; in a source checkout (editable install
or `PYTHONPATH=src`) they are the top-level folders of the repository. Both are found the same
way: the first of the two places that exists wins.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from iackg.errors import ResourceNotFound

_PACKAGE = Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE / "_bundled", _PACKAGE.parent.parent)
FOLDERS = ("ontology", "shapes", "queries", "data")


@cache
def bundled(folder: str) -> Path:
    """Return the path of a bundled folder: 'ontology', 'shapes', 'queries' or 'data'."""
    if folder not in FOLDERS:
        raise ValueError(f"unknown bundled folder {folder!r}; expected one of {FOLDERS}")
    for root in _CANDIDATES:
        path = root / folder
        if path.is_dir():
            return path
    looked = ", ".join(str(c) for c in _CANDIDATES)
    raise ResourceNotFound(
        f"bundled folder {folder!r} not found (looked in {looked}); reinstall iackg"
    )


def _files(folder: str, pattern: str) -> list[Path]:
    """The files of a bundled folder; none at all is a broken install, not an empty part."""
    path = bundled(folder)
    files = sorted(path.glob(pattern))
    if not files:
        raise ResourceNotFound(f"no {pattern} files in the bundled folder {path}; reinstall iackg")
    return files


def ontology_files() -> list[Path]:
    return _files("ontology", "*.ttl")


def shape_files() -> list[Path]:
    return _files("shapes", "*.ttl")


def query_files() -> list[Path]:
    return _files("queries", "*.rq")


def reference_dir() -> Path:
    return bundled("data") / "reference"


def sample_dir() -> Path:
    return bundled("data") / "sample"
