"""What an ingest gives back, and the two ways of collecting it: in memory (rdflib graphs on
demand) or streamed straight into an N-Quads file (bounded memory, for national-scale inputs)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize
from rdflib import Graph, URIRef

from iackg.errors import Problem, UsageError
from iackg.ingest import terms as t

PREFIXES = {
    "iac": "https://w3id.org/iackg/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
}
FORMATS = {
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
}
QUAD_FORMATS = (".nq", ".trig")
_FLUSH = 50_000


def _rdflib_graph(triples, identifier) -> Graph:
    graph = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    convert = t.to_rdflib
    graph.addN((convert(s), convert(p), convert(o), graph) for s, p, o in triples)
    return graph


@dataclass
class Source:
    """One input file: its kind, hash, named graph and (in memory) its data triples."""

    path: Path
    sha256: str
    kind: str  # "designations" | "plans" | "enterprises"
    graph_name: URIRef
    encoding: str
    rows: int
    rejected: int
    _triples: list | None = field(default=None, repr=False)
    _graph: Graph | None = field(default=None, repr=False)
    _provenance: list | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        """The data triples as an rdflib Graph (built on first use)."""
        if self._triples is None:
            raise UsageError("this ingest was streamed to a file; its graphs are not in memory")
        if self._graph is None:
            self._graph = _rdflib_graph(self._triples, self.graph_name)
        return self._graph

    def triples(self) -> list:
        return self._triples or []

    def provenance_graph(self, identifier=None) -> Graph:
        """This file's share of the provenance graph (to replace it when the file changes)."""
        if self._provenance is None:
            raise UsageError("this ingest was streamed to a file; its graphs are not in memory")
        return _rdflib_graph(self._provenance, identifier)


@dataclass
class Ingested:
    """Result of `ingest_files`: one Source per file, the provenance graph, and the warnings."""

    sources: list[Source]
    provenance_name: URIRef
    problems: list[Problem]
    triple_count: int
    _provenance: list | None = field(default=None, repr=False)
    _prov_graph: Graph | None = field(default=None, repr=False)

    @property
    def provenance(self) -> Graph:
        if self._provenance is None:
            raise UsageError("this ingest was streamed to a file; its graphs are not in memory")
        if self._prov_graph is None:
            self._prov_graph = _rdflib_graph(self._provenance, self.provenance_name)
        return self._prov_graph

    def provenance_triples(self) -> list:
        return self._provenance or []

    def quads(self) -> Iterator[Quad]:
        """Every quad (pyoxigraph), each source's data in its graph, then provenance."""
        for source in self.sources:
            g = t.node(source.graph_name)
            for s, p, o in source.triples():
                yield Quad(s, p, o, g)
        g = t.node(self.provenance_name)
        for s, p, o in self._provenance or []:
            yield Quad(s, p, o, g)

    def write(self, path) -> Path:
        """Write .nq or .trig (named graphs kept) or .ttl/.nt (all triples merged)."""
        path = Path(path)
        fmt = _format(path)
        with _atomic(path) as handle:
            if path.suffix.lower() in QUAD_FORMATS:
                serialize(self.quads(), handle, fmt, prefixes=_prefixes(fmt))
            else:
                serialize((q.triple for q in self.quads()), handle, fmt, prefixes=_prefixes(fmt))
        return path


def _format(path: Path) -> RdfFormat:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"cannot write {path.name}: use .nq, .trig, .ttl or .nt")
    return fmt


def _prefixes(fmt: RdfFormat):
    return PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None


class _atomic:
    """Write to a temporary file beside `path`; rename on success, delete on failure."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, exc_type, exc, tb):
        self.handle.close()
        if exc_type is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp, 0o666 & ~umask)
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False


class MemorySink:
    def __init__(self, on_table=None):
        self.provenance_triples: list = []
        self.on_table = on_table  # called with (graph name, triples) as each table is done

    def begin(self, table) -> None:
        table.triples = []
        table.provenance = []
        self.current = table

    def data(self, table, triples) -> None:
        table.triples.extend(triples)

    def provenance(self, triples) -> None:
        self.provenance_triples.extend(triples)
        self.current.provenance.extend(triples)

    def end(self, table) -> None:
        if self.on_table is not None:
            self.on_table(table.graph_name, table.triples)


class NQuadsSink:
    """Quads straight to an open binary file, in batches: memory does not grow with the input."""

    def __init__(self, handle, provenance_graph):
        self.handle = handle
        self.prov = provenance_graph
        self.buffer: list[Quad] = []
        self.count = 0

    def begin(self, table) -> None:
        self.graph = table.graph_name

    def data(self, table, triples) -> None:
        g = self.graph
        self.buffer.extend(Quad(s, p, o, g) for s, p, o in triples)
        if len(self.buffer) >= _FLUSH:
            self.flush()

    def provenance(self, triples) -> None:
        g = self.prov
        self.buffer.extend(Quad(s, p, o, g) for s, p, o in triples)

    def end(self, table) -> None:
        self.flush()

    def flush(self) -> None:
        if self.buffer:
            serialize(self.buffer, self.handle, RdfFormat.N_QUADS)
            self.count += len(self.buffer)
            self.buffer = []
