"""How long the OWL 2 RL consistency check takes: ontology + reference data + N synthetic
resources with designations (owlrl closure, then the iackg.consistency checks).

    PYTHONPATH=src python bench/ontology_closure.py [N ...]

Prints a table; not a test. owlrl is the reference reasoner and is meant for the ontology and
reference data (a few thousand triples), not for whole data sets.
"""

from __future__ import annotations

import sys
import time

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from iackg.consistency import inconsistencies, owl_rl_closure
from iackg.iris import Minter
from iackg.ontology_checks import read_files, union
from iackg.paths import ontology_files
from iackg.reference import reference_graph
from iackg.vocab import IAC

CATEGORIES = (IAC.CatAgricultural, IAC.CatIndustrial, IAC.CatTechnique, IAC.CatTourism)


def synthetic(n: int, minter: Minter) -> Graph:
    g = Graph()
    for i in range(n):
        jis = f"{i % 47 + 1:02d}"
        name = f"resource {i}"
        resource, designation = minter.resource(jis, name), minter.designation(jis, name)
        g.add((resource, IAC.category, CATEGORIES[i % 4]))
        g.add((designation, RDF.type, IAC.DirectDesignation))
        g.add((designation, IAC.designates, resource))
        g.add((designation, IAC.designatedBy, minter.prefecture(jis)))
        g.add((designation, IAC.designatedOn, Literal("2016-04-01", datatype=XSD.date)))
        g.add((designation, IAC.coversMunicipality, URIRef(f"{minter.base}/id/municipality/x{i}")))
    return g


def main(sizes: list[int]) -> None:
    minter = Minter()
    base = union(read_files(ontology_files())) + reference_graph(minter)
    print(
        f"{'resources':>9}  {'asserted':>8}  {'closure':>8}  {'closure s':>9}  "
        f"{'check s':>7}  {'problems':>8}"
    )
    for n in sizes:
        graph = base + synthetic(n, minter)
        t0 = time.perf_counter()
        closure = owl_rl_closure(graph)
        t1 = time.perf_counter()
        found = inconsistencies(closure)
        t2 = time.perf_counter()
        print(
            f"{n:>9}  {len(graph):>8}  {len(closure):>8}  {t1 - t0:>9.2f}  {t2 - t1:>7.2f}  "
            f"{len(found):>8}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [0, 100, 1000, 3000])
