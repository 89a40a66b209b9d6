"""SPARQL result writers (JSON, XML, CSV, TSV) that stop at the row limit and say so.

A cut answer is signalled where every client sees it, the HTTP headers (`Iackg-Truncated` and
the standard `Warning: 199`), and inside the body where the format has room for a note: a
top-level member in SPARQL JSON, a comment in SPARQL XML, RDF/XML, Turtle and N-Triples. CSV,
TSV and JSON-LD have no place for a comment that a reader would not take for data.

Part of the query worker (so it may use pyoxigraph terms directly)."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
EMPTY_QUERY = "empty query: give a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)"
_DECLARATIONS = frozenset({"PREFIX", "BASE"})


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<prefix>[A-Za-z][\w.-]*:|:)(?=\s|<)
    |(?P<word>[A-Za-z]+)|(?P<space>\s+)|(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def is_empty_query(text: str) -> bool:
    """True when the text holds nothing but whitespace, comments and PREFIX/BASE declarations
    (SPARQL's grammar reads such a text as an empty update, which must not be called one)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("comment", "iri", "prefix", "space"):
            continue
        if kind == "word" and match.group().upper() in _DECLARATIONS:
            continue
        return False
    return True


def truncation_note(limit: int) -> str:
    return f"truncated: only the first {limit} results are returned (the endpoint's row limit)"


def truncation_headers(limit: int) -> dict[str, str]:
    """The response headers of an answer cut at the row limit."""
    return {
        "Iackg-Truncated": f"true; only the first {limit} results are returned",
        "Warning": f'199 - "{truncation_note(limit)}"',
    }


def mark_truncated_graph(body: bytes, fmt: str, truncated: bool, limit: int) -> bytes:
    """A comment saying the graph was cut, where the RDF syntax has comments."""
    if not truncated:
        return body
    note = truncation_note(limit)
    if fmt in ("turtle", "ntriples"):
        return f"# {note}\n".encode() + body
    if fmt == "rdfxml":
        declaration, newline, rest = body.partition(b"\n")
        if declaration.startswith(b"<?xml"):
            return declaration + newline + f"<!-- {note} -->\n".encode() + rest
        return f"<!-- {note} -->\n".encode() + body
    return body


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


# --- result writers ---------------------------------------------------------------------
def write_solutions(names: list[str], rows: list, fmt: str, truncated: bool, limit: int) -> bytes:
    note = truncation_note(limit)
    if fmt == "json":
        bindings = [
            {n: _json_term(row[i]) for i, n in enumerate(names) if row[i] is not None}
            for row in rows
        ]
        doc: dict = {"head": {"vars": names}, "results": {"bindings": bindings}}
        if truncated:
            doc["iackg:truncated"] = {"rowLimit": limit, "note": note}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>']
        out.append('<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        out.append("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names))
        if truncated:
            out.append(f"<!-- {escape(note)} -->")
        out.append("</head><results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(row[i])}</binding>"
                for i, n in enumerate(names)
                if row[i] is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>\n")
        return "\n".join(out).encode("utf-8")
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_value(t) for t in row])
    else:  # tsv: terms in Turtle syntax
        buffer.write("\t".join(f"?{n}" for n in names) + "\n")
        for row in rows:
            buffer.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buffer.getvalue().encode("utf-8")


def write_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return ("_askResult\r\n" if fmt == "csv" else "?_askResult\n").encode() + (
        b"true\n" if value else b"false\n"
    )
