"""The query library: named SPARQL queries in `queries/*.rq`, each with a header of
`# key: value` lines (docs/queries.md lists them):

    # title@ja: 都道府県・区分別の地域産業資源数
    # title@en: Resources per prefecture and category
    # description: ...
    # param: prefecture (prefecture: JIS code, name or IRI) default none
    # returns: prefecture, category, resources

A parameter's value is turned into an RDF term of its declared type (a prefecture code becomes
the prefecture's IRI, a date an `xsd:date`, text a plain literal) and *bound* to the variable of
the same name; it is never pasted into the query text, so a hostile value is just a value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from iackg.errors import ResourceNotFound, UsageError
from iackg.iris import Minter
from iackg.paths import query_files
from iackg.store import Row, Store
from iackg.vocab import IAC_NS

_HEADER = re.compile(r"^#\s*([A-Za-z@_-]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?P<type>[a-z]+)(?::\s*(?P<help>[^)]*))?\))?"
    r"\s*(?:default\s+(?P<default>\S+))?\s*(?P<rest>.*)$"
)
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
AS_OF = "as_of"  # the parameter that `--as-of DATE` (CLI) and `as_of` (server) bind
TYPES = ("prefecture", "iri", "concept", "string", "integer", "date", "lang")


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    help: str = ""
    default: str | None = None  # None: required; "none": unbound unless given

    @property
    def required(self) -> bool:
        return self.default is None and self.type != "lang"

    def describe(self) -> str:
        text = f"{self.name} ({self.type}"
        text += f": {self.help})" if self.help else ")"
        return text + (f" default {self.default}" if self.default else "")


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    description: str = ""
    params: list[Param] = field(default_factory=list)
    returns: str = ""

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.titles.get("ja") or self.name

    @property
    def takes_as_of(self) -> bool:
        """Whether the query reads the graph as it stood on a day (`--as-of DATE`)."""
        return any(p.name == AS_OF and p.type == "date" for p in self.params)

    @property
    def is_violation(self) -> bool:
        return self.name.endswith("-violation")

    def bindings(
        self, values: Mapping[str, str] | None = None, *, lang: str = "ja", minter: Minter | None
    ) -> dict[str, Node]:
        """The bound variables for the given `name=value` strings, validated per type."""
        values = dict(values or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            accepted = ", ".join(known) or "none"
            raise UsageError(
                f"query {self.name} has no parameter {unknown[0]!r} (its parameters: {accepted})"
            )
        result: dict[str, Node] = {}
        for param in self.params:
            raw = values.get(param.name)
            if raw is None and param.type == "lang":
                raw = lang
            if raw is None and param.required:
                raise UsageError(
                    f"query {self.name} needs --param {param.name}=VALUE ({param.describe()})"
                )
            if raw is None:
                raw = param.default if param.default not in (None, "none") else None
            if raw is None:
                continue
            result[param.name] = to_term(param, raw, minter or Minter())
        return result

    def run(
        self,
        store: Store,
        values: Mapping[str, str] | None = None,
        *,
        lang: str = "ja",
        minter: Minter | None = None,
    ) -> list[Row]:
        return store.select(self.text, self.bindings(values, lang=lang, minter=minter))


def with_as_of(query: NamedQuery, values: Mapping[str, str], as_of: str | None) -> dict[str, str]:
    """`values` with the `as_of` parameter set from `--as-of`; a UsageError when the query does
    not take a date, or when the date is given twice."""
    merged = dict(values)
    if as_of is None:
        return merged
    if not query.takes_as_of:
        timed = ", ".join(n for n, q in library().items() if q.takes_as_of)
        raise UsageError(f"query {query.name} takes no --as-of date (queries that do: {timed})")
    if AS_OF in merged:
        raise UsageError("give the date once: --as-of DATE or --param as_of=DATE, not both")
    merged[AS_OF] = as_of
    return merged


def to_term(param: Param, raw: str, minter: Minter) -> Node:
    """A parameter value as an RDF term, or a UsageError saying what was expected."""
    raw = raw.strip()

    def fail(expected: str):
        return UsageError(f"parameter {param.name}: {raw!r} is not {expected}")

    if param.type == "prefecture":
        if re.fullmatch(r"\d{1,2}", raw) and 1 <= int(raw) <= 47:
            return minter.prefecture(f"{int(raw):02d}")
        if _SAFE_IRI.match(raw):
            return URIRef(raw)
        found = _find_prefecture(raw)
        if found:
            return minter.prefecture(found)
        raise fail("a prefecture (JIS code 01-47, a name such as 神奈川県 or Kanagawa, or an IRI)")
    if param.type == "iri":
        if _SAFE_IRI.match(raw):
            return URIRef(raw)
        raise fail("an http(s) IRI")
    if param.type == "concept":  # iac: local name, e.g. CatTourism, or a full IRI
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", raw):
            return URIRef(IAC_NS + raw)
        if _SAFE_IRI.match(raw):
            return URIRef(raw)
        raise fail("an iac: concept name such as CatTourism, or an IRI")
    if param.type == "integer":
        if re.fullmatch(r"[+-]?\d{1,18}", raw):
            return Literal(int(raw))
        raise fail("an integer")
    if param.type == "date":
        try:
            return Literal(date.fromisoformat(raw).isoformat(), datatype=XSD.date)
        except ValueError:
            raise fail("a date YYYY-MM-DD") from None
    if param.type == "lang":
        if re.fullmatch(r"[a-zA-Z]{2,3}(-[A-Za-z0-9]{1,8})*", raw):
            return Literal(raw.lower())
        raise fail("a language tag such as ja or en")
    return Literal(raw)


def _find_prefecture(text: str) -> str | None:
    """A prefecture's JIS code from its name (ja or en) or ISO code."""
    from iackg.reference import find_prefecture

    found = find_prefecture(text)
    return found.jis if found else None


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2)
        if key.startswith("title@"):
            query.titles[key.split("@", 1)[1]] = value
        elif key == "title":
            query.titles.setdefault("en", value)
        elif key == "description":
            query.description = f"{query.description} {value}".strip()
        elif key == "returns":
            query.returns = value
        elif key == "param":
            query.params.append(parse_param(value, path))
    return query


def parse_param(spec: str, path: Path) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise ResourceNotFound(f"{path}: cannot read the parameter line {spec!r}")
    kind = match.group("type") or "string"
    if kind not in TYPES:
        raise ResourceNotFound(f"{path}: parameter type {kind!r} is not one of {TYPES}")
    help_text = (match.group("help") or "").strip() or match.group("rest").strip()
    return Param(match.group("name"), kind, help_text, match.group("default"))


def library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without `.rq`)."""
    files = sorted(folder.glob("*.rq")) if folder else query_files()
    return {q.name: q for q in map(parse, files)}


def get(name: str, folder: Path | None = None) -> NamedQuery:
    queries = library(folder)
    if name not in queries:
        close = [n for n in queries if name in n or n in name][:3]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ResourceNotFound(
            f"no query named {name!r}{hint}; `iackg query --list` shows the library"
        )
    return queries[name]


def markdown(folder: Path | None = None) -> str:
    """docs/queries.md: the library as a table of contents with parameters (generated)."""
    lines = [
        "# The query library",
        "",
        "Generated from `queries/*.rq` by `iackg.queries.markdown()`; a test keeps it current.",
        "Run one with `iackg query NAME [--param k=v]...`; `iackg query --list` prints this list.",
        "Every parameter is bound as a value of its type, never pasted into the query text.",
        "Queries named `*-violation` return no rows on good data.",
        "Where a query writes a triple pattern as a sub-select of its own",
        "(`{ SELECT ?d ?r WHERE { ?d iac:designates ?r } }`), the rows are those of the plain",
        "pattern; Oxigraph then joins whole scans by hashing instead of looking up each",
        "designation, several times faster at national scale ([performance](performance.md)).",
        "`tests/time/queries_before/` keeps the plain texts, which the tests compare row for row.",
        "",
    ]
    for name, query in library(folder).items():
        lines += [f"## `{name}`", "", f"**{query.title('en')}** / {query.title('ja')}", ""]
        lines += [query.description, ""]
        params = [p for p in query.params if p.type != "lang"]
        for param in params:
            lines.append(f"- `--param {param.describe()}`")
        if any(p.type == "lang" for p in query.params):
            lines.append("- labels follow `--lang ja|en`")
        lines += ["", f"Returns: {query.returns}", ""]
    return "\n".join(lines).rstrip() + "\n"
