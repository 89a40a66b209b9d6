"""Read SPARQL text at the token level: SPARQL 1.2's tokens, comments and strings skipped, the
`\\uXXXX` escapes decoded first as Oxigraph decodes them. Used by the store (does a query name
its dataset?) and by the endpoint's safety check (`iackg.server.safety`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

_HEX = "[0-9A-Fa-f]"
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = rf"(?:[\w:\-.\u00B7]|%{_HEX}{{2}}|{_LOCAL_ESC})"
# Order matters: long strings before short ones, `<<` before an IRI, words before other marks.
_TOKEN = re.compile(
    rf"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<open><<\(|<<|\{{\||[{{(\[])
    | (?P<close>\)>>|>>|\|}}|[}})\]])
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w[\w\u00B7]*)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
    | (?P<bnode>_:[\w]{_LOCAL_CHAR}*)
    | (?P<name>(?:[^\W\d][\w.\-\u00B7]*)?:{_LOCAL_CHAR}*|[^\W\d_]\w*)
    | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<op>&&|\|\||!=|<=|>=|\^\^|[!^|/*+\-=<>])
    | (?P<mark>[.,;?~])
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(rf"\\u({_HEX}{{4}})|\\U({_HEX}{{8}})")


class Unreadable(ValueError):
    """The text holds something no SPARQL token matches."""


def decode_escapes(text: str) -> str:
    """Replace SPARQL's `\\uXXXX` and `\\UXXXXXXXX` escapes, as the engine does before parsing."""

    def replace(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise Unreadable(f"the escape {match.group(0)} is not a character")
        return chr(code)

    return _ESCAPE.sub(replace, text)


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, token, offset) for every token but spaces and comments; raises `Unreadable`."""
    position, end = 0, len(text)
    while position < end:
        match = _TOKEN.match(text, position)
        if match is None:
            raise Unreadable(f"unexpected character {text[position]!r} at offset {position}")
        position = match.end()
        kind = match.lastgroup or ""
        if kind not in ("space", "comment"):
            yield kind, match.group(), match.start()


def names_dataset(text: str) -> bool:
    """Whether the query names its dataset (FROM or FROM NAMED): the union of all graphs is the
    default graph only when it does not. An unreadable text says no (the engine will object)."""
    try:
        return any(
            kind == "name" and token.upper() == "FROM"
            for kind, token, _ in tokens(decode_escapes(text))
        )
    except Unreadable:
        return False
