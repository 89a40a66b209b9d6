"""Decide, before anything runs, whether a SPARQL text may be executed by the public endpoint.

The check fails closed: the text is read with a complete SPARQL 1.2 tokenizer (after the
`\\uXXXX` / `\\UXXXXXXXX` escapes that SPARQL lets appear anywhere are decoded, as the engine
decodes them), and any character it cannot place in a token refuses the request. Then:

- a word or prefix containing ``service`` in any letter case refuses the request: the SERVICE
  keyword is always such a token, whatever is glued to it (``SERVICE:x``), so a clever spelling
  cannot slip through; a prefix named ``service:`` is refused too (an accepted false alarm), and
  so is a local name holding ``service`` next to separators (``ex:a.SERVICE``);
- any update keyword refuses it (the engine also parses queries only; a second line);
- brackets nested deeper than `MAX_NESTING`, more than `MAX_CHAIN` operators in one bracket
  level or `MAX_OPERATORS` in the whole query (``!!!!…``, ``a/b/c/…``, ``{} UNION {} …``)
  refuse it: the engine's recursive parser and evaluator would exhaust their stack on such
  texts (each shape tested in tests/security/test_server_safety.py crashed a worker).

This is the first line. The second one does not depend on parsing at all: query workers run
under a seccomp filter that refuses every non-local socket (`iackg.server.sandbox`), so even a
SERVICE that got past this module cannot open a connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iackg.store import sparql_tokens

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"}
)
MAX_NESTING = 64  # brackets deep
MAX_CHAIN = 256  # operators or UNION/OPTIONAL/MINUS in one bracket level
MAX_OPERATORS = 512  # the same in the whole query (nested chains add up in the engine)

_PLAIN_LOCAL = re.compile(r"[\w-]+")
_CHAIN_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})


class Refused(Exception):
    """The request is well formed but not allowed here (an update, LOAD or SERVICE)."""


class Malformed(Refused):
    """The text cannot be read as SPARQL, or is built to exhaust the engine: refused too."""


@dataclass(frozen=True)
class Verdict:
    """What the check learned about an allowed query."""

    names_dataset: bool  # FROM or FROM NAMED in the text: no union default graph then


def _may_hide_service(token: str) -> bool:
    """A word or prefixed name in which the engine could read the SERVICE keyword: the word
    itself, a prefix (``SERVICE:x``), or a local name with separators the two readers might
    split differently. A plain local name (``ex:service``) is a name to both."""
    prefix, colon, local = token.lower().partition(":")
    if "service" in prefix:
        return True
    return bool(colon) and "service" in local and _PLAIN_LOCAL.fullmatch(local) is None


def check(text: str) -> Verdict:
    """Allow a query or raise `Refused` (or `Malformed`) with a readable reason."""
    try:
        tokens = list(sparql_tokens.tokens(sparql_tokens.decode_escapes(text)))
    except sparql_tokens.Unreadable as exc:
        raise Malformed(str(exc)) from None
    words: set[str] = set()
    depth = operators = 0
    chains = [0]
    for kind, token, offset in tokens:
        if kind in ("name", "bnode"):
            if _may_hide_service(token):
                raise Refused(
                    "SERVICE (federated query) is not allowed: this endpoint never fetches "
                    "other URLs"
                )
            if kind == "name" and ":" not in token:
                word = token.upper()
                words.add(word)
                if word in _CHAIN_WORDS:
                    chains[-1] += 1
        elif kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise Malformed(f"the query is nested more than {MAX_NESTING} brackets deep")
            chains.append(0)
        elif kind == "close":
            depth -= 1
            if depth < 0:
                raise Malformed(f"unbalanced {token!r} at offset {offset}")
            chains.pop()
        elif kind == "op":
            chains[-1] += 1
        if chains[-1] > MAX_CHAIN:
            raise Malformed(f"more than {MAX_CHAIN} operators in one bracket level")
        if kind == "op" or (kind == "name" and token.upper() in _CHAIN_WORDS):
            operators += 1
            if operators > MAX_OPERATORS:
                raise Malformed(f"more than {MAX_OPERATORS} operators in the query")
    update = sorted(words & UPDATE_KEYWORDS)
    if update:
        raise Refused(
            f"this endpoint is read-only: SPARQL Update ({', '.join(update)}) is refused; "
            "send queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    return Verdict(names_dataset="FROM" in words)
