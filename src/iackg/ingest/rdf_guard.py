"""RDF and JSON-LD input held to the same rules as tables (`iackg validate`, `iackg build`).

- No character XML forbids (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) in any IRI or
  literal: the same rule as for table cells (`reading.forbidden_character`), so every output
  format stays well-formed.
- No literal longer than `MAX_LITERAL_CHARS` (16 Mi characters; Oxigraph's own parsers stop at
  a 16 MiB term too).
- JSON-LD nested deeper than `MAX_JSON_DEPTH` (64) is refused before any JSON-LD processing.

Every refusal is an InputError naming the file (and the subject and predicate of the triple).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from iackg.errors import InputError, Problem
from iackg.ingest.reading import forbidden_character

MAX_LITERAL_CHARS = 16 * 1024 * 1024
MAX_JSON_DEPTH = 64


def refuse(path: Path, ja: str, en: str) -> InputError:
    return InputError(Problem(str(path), None, None, ja, en))


def _term_problem(value: str) -> tuple[str, str] | None:
    bad = forbidden_character(value)
    if bad:
        return (
            f"XMLで使えない文字（{bad}）が含まれています",
            f"contains {bad}, a character XML forbids",
        )
    if len(value) > MAX_LITERAL_CHARS:
        return (
            f"値が長すぎます（{len(value)}文字、上限 {MAX_LITERAL_CHARS}文字）",
            f"a value is {len(value)} characters long (the limit is {MAX_LITERAL_CHARS})",
        )
    return None


def _check_triple(path: Path, subject: Any, predicate: Any, obj: Any) -> None:
    for term in (subject, predicate, obj):
        value = getattr(term, "value", None)
        text = value if isinstance(value, str) else str(term)
        found = _term_problem(text)
        if found:
            ja, en = found
            where = f"{str(subject)[:200]} {str(predicate)[:200]}"
            raise refuse(path, f"{ja}: {where}", f"{en}: {where}")


def checked_quads(path: Path, quads: Iterable[Any]) -> Iterator[Any]:
    """Pass pyoxigraph quads (or triples) through, refusing the first that breaks a rule."""
    for quad in quads:
        _check_triple(path, quad.subject, quad.predicate, quad.object)
        yield quad


def check_triples(path: Path, triples: Iterable[tuple[Any, Any, Any]]) -> None:
    """Refuse rdflib triples (a Graph) that break a rule."""
    for subject, predicate, obj in triples:
        _check_triple(path, subject, predicate, obj)


def load_json(path: Path, text: str) -> Any:
    """Parse JSON, refusing nesting deeper than MAX_JSON_DEPTH (JSON-LD processors recurse)."""
    try:
        document = json.loads(text)
    except RecursionError:  # the C parser stops near the interpreter's recursion limit
        document, deepest = None, 1000
    except json.JSONDecodeError as exc:
        raise refuse(path, f"JSON として読めません: {exc}", f"not valid JSON: {exc}") from None
    else:
        deepest = _depth(document)
    if deepest > MAX_JSON_DEPTH:
        raise refuse(
            path,
            f"JSON の入れ子が深すぎます（{deepest}段以上、上限 {MAX_JSON_DEPTH}段）",
            f"the JSON is nested {deepest} or more levels deep (the limit is {MAX_JSON_DEPTH})",
        )
    return document


def _depth(document: Any) -> int:
    """How deep lists and objects nest, walked without recursion."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def read_text(path: Path) -> str:
    """A UTF-8 text file, or an InputError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise refuse(path, "UTF-8 として読めません。", "not UTF-8 text.") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise refuse(path, f"ファイルを読めません（{reason}）", f"cannot read: {reason}") from None
