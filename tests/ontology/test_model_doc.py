"""The SPARQL examples in docs/model.md run on the ontology plus the contract example."""

import re
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]


def test_docs_model_queries_run(ontology, contract_example):
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sparql\n(.*?)```", text, flags=re.S)
    assert len(queries) >= 2
    extra = Graph().parse(
        format="turtle",
        data="""@prefix iac: <https://w3id.org/iackg/ontology#> .
<https://example.org/big> a iac:Enterprise ; iac:industrySector iac:SectorRetail ;
    iac:capitalYen 60000000 ; iac:employees 51 .""",
    )
    graph = ontology + contract_example + extra
    for query in queries:
        assert len(list(graph.query(query))) > 0, query
    roll_up = {str(g).split("#")[1]: int(n) for g, n in graph.query(queries[0])}
    assert roll_up == {"GroupAgricultural": 1, "GroupIndustrial": 2, "GroupTourism": 1}
    non_sme = [str(r[0]) for r in graph.query(queries[1])]
    assert non_sme == ["https://example.org/big"]
