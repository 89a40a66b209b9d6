"""The data dumps: asserted data, inferences and ontology, each as Turtle, N-Triples (gzip),
N-Quads with the named graphs (gzip) and JSON-LD, plus the JSON-LD context."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from iackg.publish import rdfwrite

Quad = tuple[Node, Node, Node, URIRef]

LAYERS = {
    "asserted": ("表明されたデータ", "Asserted data (sources, reference, provenance)"),
    "inferred": ("推論されたトリプル", "Inferred triples"),
    "ontology": ("オントロジー", "Ontology"),
}
FORMATS = {  # suffix -> (media type, format IRI, title)
    ".ttl": ("text/turtle", "http://www.w3.org/ns/formats/Turtle", "Turtle"),
    ".nt.gz": (
        "application/n-triples",
        "http://www.w3.org/ns/formats/N-Triples",
        "N-Triples (gzip)",
    ),
    ".nq.gz": (
        "application/n-quads",
        "http://www.w3.org/ns/formats/N-Quads",
        "N-Quads with named graphs (gzip)",
    ),
    ".jsonld": ("application/ld+json", "http://www.w3.org/ns/formats/JSON-LD", "JSON-LD"),
}


@dataclass(frozen=True)
class Dump:
    layer: str
    path: str  # relative to the publication folder
    media_type: str
    format_iri: str
    title: str
    byte_size: int
    sha256: str
    triples: int


def layer_of(graph: URIRef, base: str) -> str:
    name = str(graph)
    if name == f"{base}/graph/inferred":
        return "inferred"
    if name == f"{base}/graph/ontology":
        return "ontology"
    return "asserted"


def _gzip(text: str) -> bytes:
    buffer = io.BytesIO()
    # mtime=0 and no file name: the same text always gives the same bytes
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as handle:
        handle.write(text.encode("utf-8"))
    return buffer.getvalue()


def write_dumps(out: Path, quads: list[Quad], base: str) -> list[Dump]:
    folder = out / "dumps"
    folder.mkdir(parents=True, exist_ok=True)
    (out / "context.jsonld").write_text(
        json.dumps(rdfwrite.context(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    dumps = []
    for layer in LAYERS:
        layer_quads = [q for q in quads if layer_of(q[3], base) == layer]
        triples = {(s, p, o) for s, p, o, _ in layer_quads}
        contents = {
            ".ttl": rdfwrite.turtle(triples, f"iackg {layer} data").encode("utf-8"),
            ".nt.gz": _gzip(rdfwrite.ntriples(triples)),
            ".nq.gz": _gzip(rdfwrite.nquads(layer_quads)),
            ".jsonld": rdfwrite.jsonld(triples, "../context.jsonld").encode("utf-8"),
        }
        for suffix, data in contents.items():
            name = f"dumps/{layer}{suffix}"
            (out / name).write_bytes(data)
            media, fmt, title = FORMATS[suffix]
            dumps.append(
                Dump(
                    layer,
                    name,
                    media,
                    fmt,
                    title,
                    len(data),
                    hashlib.sha256(data).hexdigest(),
                    len(triples),
                )
            )
    return dumps
