"""Where a result came from: the file and row (provenance triples) and the table column.

A node loaded from a table has `prov:wasDerivedFrom` an `iac:SourceRow` with `iac:rowNumber`
and `iac:sourceTable` → `iac:SourceTable` `iac:fileName`. The column is the loader's business:
`iackg.ingest.column_for(kind, predicate)` names the column a predicate was read from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Node

from iackg.vocab import IAC, PROV

# Which table kind a node of each class comes from.
TABLE_KIND = {
    IAC.RegionalResource: "designations",
    IAC.AgriculturalProduct: "designations",
    IAC.IndustrialProduct: "designations",
    IAC.ProductionTechnique: "designations",
    IAC.TourismResource: "designations",
    IAC.Designation: "designations",
    IAC.BasicConceptDesignation: "designations",
    IAC.DirectDesignation: "designations",
    IAC.BusinessPlan: "plans",
    IAC.SupportProjectPlan: "plans",
    IAC.Certification: "plans",
    IAC.Organization: "enterprises",
    IAC.Enterprise: "enterprises",
    IAC.Cooperative: "enterprises",
    IAC.NonProfitOrganization: "enterprises",
}

Objects = Callable[[Node, URIRef], Iterable[Node]]


def locate(objects: Objects, focus: Node) -> tuple[str | None, int | None, str | None]:
    """(file, row, kind) of a focus node, from its provenance; the first row if several."""
    best: tuple[int, str | None] | None = None
    for row_node in objects(focus, PROV.wasDerivedFrom):
        numbers = [int(n) for n in objects(row_node, IAC.rowNumber) if isinstance(n, Literal)]
        if not numbers:
            continue
        file_name = None
        for table in objects(row_node, IAC.sourceTable):
            for name in objects(table, IAC.fileName):
                file_name = str(name)
        candidate = (min(numbers), file_name)
        if best is None or candidate < best:
            best = candidate
    kind = None
    for cls in objects(focus, RDF.type):
        kind = kind or (TABLE_KIND.get(cls) if isinstance(cls, URIRef) else None)
    if best is None:
        return None, None, kind
    return best[1], best[0], kind


def column(kind: str | None, predicates: list[URIRef], lang: str | None = None) -> str | None:
    """The table column of the last predicate of a path that the loader can name. English
    names of resources have their own column (name_en) although they share rdfs:label."""
    from iackg.ingest import column_for

    if kind is None:
        return None
    if lang == "en" and kind == "designations" and predicates == [RDFS.label]:
        return "name_en"
    for predicate in reversed(predicates):
        try:
            name = column_for(kind, predicate)
        except (KeyError, ValueError, LookupError):
            name = None
        if name:
            return name
    return None
