"""The query library (queries/*.rq) as the query page shows it: name, titles, description, and
the text ready to run, with each parameter's default bound (a VALUES block built from validated
terms by `iackg.queries` and `iackg.store.sparqltext`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from iackg import queries
from iackg.errors import IackgError
from iackg.iris import Minter
from iackg.store.sparqltext import inject_values


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
    """A library query as `iackg query` reads it, with its defaults bound when it has no
    required parameter."""
    parsed = queries.parse(path)
    query = LibraryQuery(
        parsed.name,
        parsed.text,
        headers={
            "title@ja": parsed.title("ja"),
            "title@en": parsed.title("en"),
            "description": parsed.description,
        },
        params=[p.describe() for p in parsed.params],
        needs=[p.name for p in parsed.params if p.required],
    )
    if not query.needs:
        try:
            bindings = parsed.bindings({}, lang="ja", minter=Minter())
            query.ready_text = inject_values(parsed.text, bindings) if bindings else parsed.text
        except IackgError:
            query.ready_text = None
    return query


def library(folder: Path | None = None) -> list[LibraryQuery]:
    """Every library query, sorted by name; a missing library is an error (ResourceNotFound)."""
    if folder is None:
        from iackg import paths

        files = paths.query_files()
    else:
        files = sorted(Path(folder).glob("*.rq"))
    return [read_query(p) for p in files]
