"""The query library (queries/*.rq) as the query page shows it: name, titles, description, and
the text ready to run, with each parameter's default bound (a VALUES block built from validated
terms by `iackg.queries` and `iackg.store.sparqltext` when they are installed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from iackg.errors import IackgError, ResourceNotFound


@dataclass
class LibraryQuery:
    name: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    params: list[str] = field(default_factory=list)
    ready_text: str | None = None  # the text with parameter defaults bound
    needs: list[str] = field(default_factory=list)  # required parameters without a default

    @property
    def runnable_text(self) -> str:
        return self.ready_text or self.text

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "title_ja": self.headers.get("title@ja", self.name),
            "title_en": self.headers.get("title@en", self.name),
            "description": self.headers.get("description", ""),
            "params": self.params,
            "needs": self.needs,
            "text": self.runnable_text,
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
        elif key == "description" and key in query.headers:
            query.headers[key] += " " + value
        else:
            query.headers.setdefault(key, value)
    _bind_defaults(query, path)
    return query


def _bind_defaults(query: LibraryQuery, path: Path) -> None:
    """Bind parameter defaults the way `iackg query` does, when that module is installed."""
    try:
        from iackg import queries as named
        from iackg.iris import Minter
        from iackg.store.sparqltext import inject_values
    except ImportError:
        return
    parsed = named.parse(path)
    query.needs = [p.name for p in parsed.params if p.required]
    if query.needs:
        return
    try:
        bindings = parsed.bindings({}, lang="ja", minter=Minter())
        query.ready_text = inject_values(parsed.text, bindings) if bindings else parsed.text
    except IackgError:
        query.ready_text = None


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
