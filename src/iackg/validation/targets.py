"""Which shapes of a shapes graph are validated, and on which focus nodes (SHACL 2.1.3).

A shape is validated when it declares a target: `sh:targetClass`, `sh:targetNode`,
`sh:targetSubjectsOf`, `sh:targetObjectsOf`, or the implicit class target of a shape that is
also an `rdfs:Class` (or `owl:Class`). Targets of shapes reached only through `sh:node`,
`sh:property`, `sh:not`, `sh:and`, `sh:or` or `sh:qualifiedValueShape` are used when those
shapes declare them, as SHACL requires.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph
from rdflib.namespace import SH
from rdflib.term import BNode, Node

RDFS_SUBCLASS = str(RDFS.subClassOf)
_CLASS_TYPES = (RDFS.Class, OWL.Class)
_EXPLICIT = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


class UnsupportedShape(Exception):
    """The shapes use a SHACL feature this compiler does not translate; `feature` names it
    (e.g. `sh:closed`) so that a user can tell which part of their shapes to change."""

    def __init__(self, feature: str, detail: str = ""):
        self.feature = feature
        super().__init__(f"{feature} is not supported by the compiled engine{detail}")


def term(node: Node) -> str:
    """A term as SPARQL text (validated by rdflib's own N-Triples rendering)."""
    if isinstance(node, BNode):
        raise UnsupportedShape("blank nodes as constants", f" ({node!r})")
    return node.n3()


def is_implicit_class(shapes: Graph, shape: Node) -> bool:
    return any((shape, RDF.type, cls) in shapes for cls in _CLASS_TYPES)


def targeted_shapes(shapes: Graph) -> list[Node]:
    """Every shape with a target, in a stable order (IRIs before blank nodes)."""
    found: set[Node] = set()
    for predicate in _EXPLICIT:
        found.update(shapes.subjects(predicate, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if is_implicit_class(shapes, shape):
                found.add(shape)
    return sorted(found, key=lambda s: (isinstance(s, BNode), str(s)))


def target_pattern(shapes: Graph, shape: Node, values: str = "") -> str:
    """A sub-SELECT binding ?this to every focus node of `shape`; "" when it has no target.
    `values`: a `VALUES ?this {...}` block that keeps only those focus nodes."""
    rdf_type = f"<{RDF.type}>/<{RDFS_SUBCLASS}>*"
    parts = [f"?this {rdf_type} {term(cls)} ." for cls in shapes.objects(shape, SH.targetClass)]
    if is_implicit_class(shapes, shape):
        parts.append(f"?this {rdf_type} {term(shape)} .")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"?this {term(prop)} ?targetObject .")
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        parts.append(f"?targetSubject {term(prop)} ?this .")
    for node in shapes.objects(shape, SH.targetNode):
        parts.append(f"VALUES ?this {{ {term(node)} }}")
    if not parts:
        return ""
    union = " UNION ".join("{ " + p + " }" for p in parts)
    if values:
        union = f"{values} {{ {union} }}"
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"
