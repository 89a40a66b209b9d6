"""The query library (queries/*.rq) as the query page shows it: name, titles, description, text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from iackg.errors import ResourceNotFound


@dataclass
class LibraryQuery:
    name: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    params: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "title_ja": self.headers.get("title@ja", self.name),
            "title_en": self.headers.get("title@en", self.name),
            "description": self.headers.get("description", ""),
            "params": self.params,
            "text": self.text,
        }


def read_query(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    query = LibraryQuery(path.stem, text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, sep, value = line[1:].partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "param":
            query.params.append(value)
        else:
            query.headers.setdefault(key, value)
    return query


def library(folder: Path | None = None) -> list[LibraryQuery]:
    """Every library query, sorted by name; an empty list when the library is not installed."""
    if folder is None:
        from iackg import paths

        try:
            files = paths.query_files()
        except ResourceNotFound:
            return []
    else:
        files = sorted(Path(folder).glob("*.rq"))
    return [read_query(p) for p in files]
