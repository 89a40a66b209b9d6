"""Every network file iackg writes passes its format's schema: GEXF against gexf.net's 1.2draft
XSD (vendored in `schemas/`), GraphML ids are NMTOKENs as GraphML's schema requires."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from iackg.export import VIEWS, view
from iackg.export.writers import dumps, write
from iackg.stats import add_stats

xmlschema = pytest.importorskip("xmlschema", reason="pip install -e '.[test]'")

SCHEMAS = Path(__file__).parent / "schemas"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
NMTOKEN = re.compile(r"^[\w.:-]+$")


@pytest.fixture(scope="module")
def gexf_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "gexf-1.2draft" / "gexf.xsd"))


@pytest.fixture(scope="module", params=list(VIEWS))
def graph(request, any_store):
    g = view(any_store, request.param)
    add_stats(g)
    return g


def test_gexf_file_is_valid(graph, gexf_schema, tmp_path):
    (path,) = write(graph, "gexf", tmp_path / "g.gexf")
    gexf_schema.validate(str(path))


def test_gexf_on_stdout_is_valid(graph, gexf_schema):
    gexf_schema.validate(dumps(graph, "gexf"))


def test_the_schema_rejects_what_networkx_writes_unchanged(any_store, gexf_schema, tmp_path):
    # The check is real: networkx's own writer puts name="" on <graph>, which 1.2draft forbids.
    import networkx as nx

    path = tmp_path / "plain.gexf"
    nx.write_gexf(view(any_store, "prefecture-category"), path)
    assert not gexf_schema.is_valid(str(path))


def test_graphml_ids_are_nmtokens_and_edges_point_at_them(graph, tmp_path):
    (path,) = write(graph, "graphml", tmp_path / "g.graphml")
    root = ET.parse(path).getroot()
    ids = [node.get("id") for node in root.iter(f"{GRAPHML}node")]
    assert ids and all(NMTOKEN.match(i) for i in ids)
    assert len(set(ids)) == len(ids) == graph.number_of_nodes()
    for edge in root.iter(f"{GRAPHML}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids
    keys = {k.get("attr.name"): k.get("id") for k in root.iter(f"{GRAPHML}key")}
    iris = {
        d.text
        for node in root.iter(f"{GRAPHML}node")
        for d in node.iter(f"{GRAPHML}data")
        if d.get("key") == keys["iri"]
    }
    assert iris == {str(n) for n in graph.nodes}
