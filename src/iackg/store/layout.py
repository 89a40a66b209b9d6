"""On-disk layout of a folder store, which makes a whole build one atomic step.

    iackg-store/
        current -> gen-1764300000000000000     (a relative symbolic link)
        gen-1764300000000000000/               (an Oxigraph database)

A build writes a complete new generation next to the current one and then swaps the `current`
link with `os.replace`, which POSIX makes atomic: a reader, or a build that fails half-way,
sees the old generation or the new one, never a mix. The old generation is deleted after the
swap. `oxigraph serve --location iackg-store/current` serves the same data.

A folder that is already a bare Oxigraph database (no `current` link) is opened as it is; builds
into it then fall back to one SPARQL Update transaction per build.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from iackg.errors import StoreError

CURRENT = "current"
PREFIX = "gen-"


def is_bare_oxigraph(folder: Path) -> bool:
    return (folder / "CURRENT").is_file() and any(folder.glob("MANIFEST-*"))


def current_generation(folder: Path) -> Path | None:
    link = folder / CURRENT
    if link.is_symlink() or link.exists():
        target = link.resolve()
        if not target.is_dir():
            raise StoreError(f"{link} points to {target}, which is missing; rebuild the store")
        return target
    return None


def prepare(folder: Path) -> tuple[Path, bool]:
    """The database folder to open inside `folder`, and whether generations are in use."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a store folder")
    folder.mkdir(parents=True, exist_ok=True)
    current = current_generation(folder)
    if current is not None:
        return current, True
    if is_bare_oxigraph(folder):
        return folder, False
    leftovers = [p for p in folder.iterdir() if not p.name.startswith(PREFIX)]
    if leftovers:
        raise StoreError(
            f"{folder} is neither an iackg store nor empty (found {leftovers[0].name}); "
            "choose another --store folder"
        )
    generation = new_generation(folder)
    switch(folder, generation)
    remove_others(folder, keep=generation)  # generations a crashed first build left
    return generation, True


def new_generation(folder: Path) -> Path:
    path = folder / f"{PREFIX}{time.time_ns()}"
    path.mkdir()
    return path


def switch(folder: Path, generation: Path) -> None:
    """Point `current` at `generation` atomically. On failure `current` is as it was, no
    temporary link is left, and the error says what the system said."""
    temporary = folder / f".{CURRENT}-{time.time_ns()}"
    try:
        os.symlink(generation.name, temporary)
        os.replace(temporary, folder / CURRENT)
    except OSError as exc:
        if temporary.is_symlink():
            temporary.unlink()
        raise StoreError(
            f"cannot point {folder / CURRENT} at the new generation {generation.name}: {exc}; "
            "the store is as it was"
        ) from exc


def remove_others(folder: Path, keep: Path) -> None:
    """Delete every generation but `keep` (after a switch; readers of the old one are done)."""
    for old in folder.glob(f"{PREFIX}*"):
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)
