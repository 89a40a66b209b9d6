"""A query's final `ORDER BY` of plain variables, done in Python for the embedded folder store.

Oxigraph's folder store decodes both IRIs (or strings) from its database at every comparison
of a sort, so sorting 14,000 rows by `?prefecture ?resource` takes longer than finding them
(national scale: 600 of 1,200 ms). The store runs such a query without its `ORDER BY` and
sorts the rows here, each value decoded once, by SPARQL 1.1's order (section 15.1): unbound,
then IRIs by their text, then literals. Only the cases whose order is certain are sorted here:
variables that the query returns, and in each sort column literals of one kind (plain strings,
language-tagged strings, integers, or dates written YYYY-MM-DD). Anything else (blank nodes,
mixed literal kinds, expressions, LIMIT or OFFSET after the ORDER BY, escapes in the text)
leaves the sort to the engine. Rows that tie keep the order the engine produced them in
(SPARQL leaves that order open).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pyoxigraph as ox

from iackg.store.sparql_tokens import Unreadable, tokens

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")

Condition = tuple[str, bool]  # variable name, descending


def split_order(sparql: str) -> tuple[str, list[Condition]] | None:
    """(the query without its final ORDER BY, the conditions), or None when the query does
    not end in an ORDER BY of plain variables at its top level."""
    if "\\u" in sparql or "\\U" in sparql:  # offsets would not match the text
        return None
    try:
        found = list(tokens(sparql))
    except Unreadable:
        return None
    depth, start = 0, None
    for index, (kind, token, _) in enumerate(found):
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth == 0 and kind == "name" and token.upper() == "ORDER":
            start = index
    if start is None or start + 1 >= len(found) or found[start + 1][1].upper() != "BY":
        return None
    conditions = _conditions([(kind, token) for kind, token, _ in found[start + 2 :]])
    if not conditions:
        return None
    return sparql[: found[start][2]], conditions


def _conditions(rest: list[tuple[str, str]]) -> list[Condition] | None:
    conditions: list[Condition] = []
    index = 0
    while index < len(rest):
        kind, token = rest[index]
        if kind == "var":
            conditions.append((token[1:], False))
            index += 1
            continue
        opening, variable, closing = (rest[index + 1 : index + 4] + [("", "")] * 3)[:3]
        if (
            kind == "name"
            and token.upper() in ("ASC", "DESC")
            and opening[1] == "("
            and variable[0] == "var"
            and closing[1] == ")"
        ):
            conditions.append((variable[1][1:], token.upper() == "DESC"))
            index += 4
            continue
        return None  # an expression, LIMIT, OFFSET, VALUES...: the engine sorts
    return conditions


def sort_rows(names: list[str], rows: list[list], conditions: list[Condition]) -> bool:
    """Sort `rows` (lists of pyoxigraph terms in the order of `names`) in place by
    `conditions`; False, leaving them unsorted, when the order is not certain here."""
    columns = {name: index for index, name in enumerate(names)}
    keys = []
    for name, descending in conditions:
        if name not in columns:
            return False
        column = columns[name]
        key = _key([row[column] for row in rows])
        if key is None:
            return False
        keys.append((column, key, descending))
    for column, key, descending in reversed(keys):  # stable sorts, the last condition first
        rows.sort(key=_on(column, key), reverse=descending)
    return True


def _on(column: int, key: Callable) -> Callable:
    return lambda row: key(row[column])


def _key(values: list) -> Callable | None:
    """The sort key of a column's values, or None when its literals are not all of one kind
    whose SPARQL order is known (a blank node also gives None)."""
    kinds = set()
    for term in values:
        if term is None or isinstance(term, ox.NamedNode):
            continue
        if not isinstance(term, ox.Literal):
            return None
        datatype = term.datatype.value
        if term.language:
            kinds.add("lang")
        elif datatype == _XSD + "string":
            kinds.add("string")
        elif datatype == _XSD + "integer" and _INTEGER.fullmatch(term.value):
            kinds.add("integer")
        elif datatype == _XSD + "date" and _DATE.fullmatch(term.value):
            kinds.add("date")
        else:
            return None
    if len(kinds) > 1:
        return None
    literal = {"integer": _integer, "lang": _lang_string}.get(next(iter(kinds), ""), _text)

    def key(term) -> tuple:
        if term is None:
            return (0,)
        if isinstance(term, ox.NamedNode):
            return (1, term.value)
        return (2, *literal(term))

    return key


def _integer(term: ox.Literal) -> tuple:
    return (int(term.value),)


def _lang_string(term: ox.Literal) -> tuple:
    return (term.value, term.language)


def _text(term: ox.Literal) -> tuple:
    return (term.value,)
