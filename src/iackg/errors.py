"""One error type per kind of failure. The CLI turns these into exit code 2 and a message."""

from __future__ import annotations

from dataclasses import dataclass


class IackgError(Exception):
    """Base of every error iackg raises on purpose (bad input, bad usage, unreachable store)."""

    exit_code = 2


class UsageError(IackgError):
    """A command was called with arguments that cannot work."""


class ResourceNotFound(IackgError):
    """A bundled file (ontology, shapes, queries, data) or a named query is missing."""


class StoreError(IackgError):
    """A store could not be opened, read or written."""


class QueryError(IackgError):
    """A SPARQL query is malformed, refused or failed."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, located as precisely as we can, in Japanese and English."""

    file: str
    row: int | None
    column: str | None
    message_ja: str
    message_en: str
    severity: str = "error"  # "error" rejects the row; "warning" keeps it

    def describe(self, lang: str = "en") -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        message = self.message_ja if lang == "ja" else self.message_en
        return f"{where}: {self.severity}: {message}"


class InputError(IackgError):
    """An input file cannot be used; `problems` says where and why (ja and en)."""

    def __init__(self, problems: list[Problem] | Problem, lang: str = "en"):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.lang = lang
        super().__init__(self.render(lang))

    def render(self, lang: str = "en") -> str:
        lines = [p.describe(lang) for p in self.problems[:50]]
        if len(self.problems) > 50:
            rest = len(self.problems) - 50
            lines.append(f"… {rest} more" if lang == "en" else f"… ほか {rest} 件")
        return "\n".join(lines)
