"""Just enough SPARQL lexing to place a VALUES block: skip strings, IRIs and comments."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

from iackg.errors import QueryError
from iackg.store.terms import ntriples_term

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WHERE = re.compile(r"WHERE\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"OPTIONAL\b", re.IGNORECASE)


def top_level_braces(sparql: str):
    """Yield (index, char) for every `{` and `}` outside strings, IRIs and comments, and
    (index, 'WHERE') and (index, 'OPTIONAL') for those keywords."""
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "\"'":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            match = _IRI.match(sparql, i)
            if match:
                i = match.end()
                continue
        if c in "{}":
            yield i, c
        elif c in "wW" and _WHERE.match(sparql, i) and (i == 0 or not sparql[i - 1].isalnum()):
            yield i, "WHERE"
        elif c in "oO" and _OPTIONAL.match(sparql, i) and (i == 0 or not sparql[i - 1].isalnum()):
            yield i, "OPTIONAL"
        i += 1


def values_block(bindings: Mapping[str, Node]) -> str:
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(ntriples_term(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def inject_values(
    sparql: str, bindings: Mapping[str, Node], *, into_optionals: bool = False
) -> str:
    """Insert `VALUES (...) { (...) }` right after the `{` opening the top-level WHERE group.

    With `into_optionals`, the same block also opens every `OPTIONAL { … }` group. That changes
    no answer (each bound variable has one value, so the optional part's solutions stay
    compatible with the outer ones), and it lets servers that evaluate a FILTER inside OPTIONAL
    without the outer bindings (Virtuoso 7) see the parameters, as SPARQL says they should.
    """
    if into_optionals:
        sparql = _into_optionals(sparql, values_block(bindings))
    after_where = False
    first_brace = None
    for index, token in top_level_braces(sparql):
        if token == "WHERE":
            after_where = True
        elif token == "{":
            if after_where:
                return f"{sparql[: index + 1]} {values_block(bindings)} {sparql[index + 1 :]}"
            if first_brace is None:
                first_brace = index
    if first_brace is None or re.match(r"\s*CONSTRUCT\b", _strip_prologue(sparql), re.I):
        raise QueryError("cannot find the query's WHERE group to bind parameters in")
    return f"{sparql[: first_brace + 1]} {values_block(bindings)} {sparql[first_brace + 1 :]}"


def _into_optionals(sparql: str, block: str) -> str:
    openings, after_optional = [], False
    for index, token in top_level_braces(sparql):
        if token == "OPTIONAL":
            after_optional = True
        elif token == "{" and after_optional:
            openings.append(index)
            after_optional = False
    for index in reversed(openings):
        sparql = f"{sparql[: index + 1]} {block} {sparql[index + 1 :]}"
    return sparql


def _strip_prologue(sparql: str) -> str:
    lines = [
        line
        for line in sparql.splitlines()
        if not re.match(r"\s*(#|PREFIX\b|BASE\b|$)", line, re.I)
    ]
    return "\n".join(lines)


def first_keyword(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query form, past the prologue and comments."""
    pattern = r"#[^\n]*|<[^>\s]*>|\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b"
    for match in re.finditer(pattern, sparql, re.I):
        if match.group(1):
            return match.group(1).upper()
    return "SELECT"
