"""Decide, before anything runs, whether a SPARQL request may be executed by a public endpoint.

Two independent checks, both before execution:

1. `lexical_check` (in the HTTP process, cheap): a tokenizer that skips comments, strings and
   IRIs and looks at the bare keywords. Any update keyword (INSERT, DELETE, LOAD, CLEAR, CREATE,
   DROP, COPY, MOVE, ADD), or SERVICE, refuses the request. Keywords can only appear as keywords
   outside strings, IRIs and prefixed names, so this cannot be fooled by `"SERVICE"` in a literal,
   and it still works when rdflib's parser has a bug (it rejects SERVICE after a PREFIX).
2. `structural_check` (in the query worker, under the time limit): rdflib parses the query and we
   walk the parse tree for `ServiceGraphPattern`; a text that parses as an update is refused.

The worker then runs the query with `Store.query`, which parses queries only (never updates), on
a store opened read-only: a third line of defence.
"""

from __future__ import annotations

import contextlib
import re

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"}
)
FORBIDDEN_KEYWORDS = UPDATE_KEYWORDS | {"SERVICE"}

# Order matters: comments, strings (long forms first), IRIs, then words.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$][\w]+)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Refused(Exception):
    """The request is well formed but not allowed here (an update, LOAD or SERVICE)."""


class Malformed(Exception):
    """The request is not a SPARQL query."""


MAX_NESTING = 200  # brackets deep; deeper queries could exhaust a parser's stack


def keywords(text: str) -> list[str]:
    """The bare keywords of a query, upper-cased (prefixed names, strings, IRIs skipped)."""
    return scan(text)[0]


def scan(text: str) -> tuple[list[str], int]:
    """(bare keywords upper-cased, deepest bracket nesting) outside strings, IRIs, comments."""
    found, depth, deepest = [], 0, 0
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word and ":" not in word:
            found.append(word.upper())
        other = match.group("other")
        if other in ("{", "(", "["):
            depth += 1
            deepest = max(deepest, depth)
        elif other in ("}", ")", "]"):
            depth -= 1
    return found, deepest


def lexical_check(text: str) -> None:
    """Refuse updates and SERVICE by their keywords; raise `Refused` with a readable reason."""
    found, deepest = scan(text)
    if deepest > MAX_NESTING:
        raise Refused(f"the query is nested {deepest} brackets deep; the limit is {MAX_NESTING}")
    words = set(found)
    service = words & {"SERVICE"}
    if service:
        raise Refused(
            "SERVICE (federated query) is not allowed: this endpoint never fetches other URLs"
        )
    update = sorted(words & UPDATE_KEYWORDS)
    if update:
        raise Refused(
            f"this endpoint is read-only: SPARQL Update ({', '.join(update)}) is refused; "
            "send queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )


def _walk(node, seen: set[int]):
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    children = []
    if isinstance(node, dict):
        children = list(node.values())
    if isinstance(node, list | tuple):
        children = list(node)
    elif hasattr(node, "values") and callable(node.values):
        with contextlib.suppress(TypeError):
            children.extend(node.values())
    if hasattr(node, "__iter__") and not isinstance(node, str | bytes | dict):
        with contextlib.suppress(TypeError):
            children.extend(list(node))
    for child in children:
        if not isinstance(child, str | bytes | int | float):
            yield from _walk(child, seen)


def structural_check(text: str) -> str | None:
    """Parse with rdflib and refuse SERVICE or updates found in the parse tree.

    Returns the query form ('SelectQuery', 'AskQuery', 'ConstructQuery', 'DescribeQuery') or None
    when rdflib cannot parse the text (the store's own parser then decides; the lexical check has
    already excluded every update and SERVICE keyword).
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except Exception:
        try:
            parseUpdate(text)
        except Exception:
            return None
        raise Refused("this endpoint is read-only: SPARQL Update is refused") from None
    form = None
    for node in _walk(tree, set()):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise Refused("SERVICE (federated query) is not allowed on this endpoint")
        if form is None and name in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"):
            form = name
    return form
