"""The bundled shapes: valid SHACL, one rule per shape IRI, bilingual messages, compilable."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDFS, Graph, Literal
from rdflib.namespace import SH

from iackg import paths
from iackg.errors import UsageError
from iackg.validation import validate
from iackg.validation.compiler import ShapeCompiler, UnsupportedShape
from iackg.validation.shapes import RuleIndex, bundled_shapes
from iackg.vocab import IACSH_NS

SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"


def test_bundled_shapes_conform_to_shacl_shacl():
    meta = Graph().parse(SHACL_SHACL)
    conforms, _graph, text = pyshacl.validate(bundled_shapes(), shacl_graph=meta)
    assert conforms, text


def test_shacl_shacl_catches_a_broken_shape():
    broken = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x> a sh:NodeShape ; sh:property [ sh:minCount "one" ] .""",
        format="turtle",
    )
    assert not pyshacl.validate(broken, shacl_graph=Graph().parse(SHACL_SHACL))[0]


def _languages(graph, node, predicate):
    return sorted(o.language for o in graph.objects(node, predicate) if isinstance(o, Literal))


def test_every_rule_is_an_iacsh_node_shape_with_bilingual_label_and_description():
    shapes = bundled_shapes()
    index = RuleIndex(shapes)
    assert len(index.rules) >= 16
    for iri, rule in index.rules.items():
        assert str(iri).startswith(IACSH_NS)
        assert re.fullmatch(r"R\d\d-[a-z0-9-]+", rule.rule_id), rule.rule_id
        assert _languages(shapes, iri, RDFS.label) == ["en", "ja"], iri
        assert _languages(shapes, iri, RDFS.comment) == ["en", "ja"], iri


def test_every_part_is_named_under_its_rule_and_has_messages_in_ja_and_en():
    shapes = bundled_shapes()
    index = RuleIndex(shapes)
    for iri in index.rules:
        parts = list(shapes.objects(iri, SH.property)) + list(shapes.objects(iri, SH.sparql))
        assert parts, iri
        for part in parts:
            assert str(part).startswith(str(iri) + "-"), f"{part} is not named under {iri}"
            assert index.rule_of(part).iri == iri
            assert _languages(shapes, part, SH.message) == ["en", "ja"], part
        if (iri, SH["or"], None) in shapes:  # node-level constraints speak through the rule
            assert _languages(shapes, iri, SH.message) == ["en", "ja"], iri


def test_no_part_belongs_to_two_rules():
    shapes = bundled_shapes()
    for part in set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql)):
        owners = set(shapes.subjects(SH.property, part)) | set(shapes.subjects(SH.sparql, part))
        assert len(owners) == 1, part


def test_warnings_are_explicit_and_only_warnings_or_violations_are_used():
    shapes = bundled_shapes()
    severities = set(shapes.objects(None, SH.severity))
    assert severities == {SH.Warning}


def test_every_sparql_constraint_says_why_core_was_not_enough():
    for path in paths.shape_files():
        text = path.read_text(encoding="utf-8")
        uses = len(re.findall(r"sh:sparql iacsh:", text))
        reasons = len(re.findall(r"# SHACL-SPARQL because", text))
        assert uses == reasons, f"{path.name}: {uses} SPARQL constraints, {reasons} reasons"


def test_core_comes_first_sparql_rules_keep_their_core_parts():
    """Rules that need SPARQL still say in Core what Core can (counts, datatypes, ranges);
    only rules whose whole check is across nodes are SPARQL alone."""
    shapes = bundled_shapes()
    sparql_only = set()
    for iri, rule in RuleIndex(shapes).rules.items():
        if (iri, SH.sparql, None) in shapes and (iri, SH.property, None) not in shapes:
            sparql_only.add(rule.rule_id)
    # R16: one warning per resource over all its names, which Core (one per value) cannot say;
    # R20-R22 compare dates or prefectures on two nodes, nothing Core can say first
    assert sparql_only == {
        "R10-plan-resource-designated-before",
        "R16-processed-agricultural",
        "R17-category-class",
        "R20-designation-municipality-exists",
        "R21-hometown-declaration-prefecture",
        "R22-plan-starts-after-certification",
    }


def test_all_bundled_shapes_compile_to_sparql():
    queries = ShapeCompiler(bundled_shapes()).compile()
    assert len(queries) > 40
    assert all("?this" in q.sparql for q in queries)


UNSUPPORTED = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix iacsh: <https://w3id.org/iackg/shapes#> .
@prefix iac: <https://w3id.org/iackg/ontology#> .
iacsh:R99-closed a sh:NodeShape ; sh:targetClass iac:RegionalResource ; sh:closed true ;
    sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ."""


def test_unsupported_shapes_fall_back_to_pyshacl_or_are_refused():
    shapes = Graph().parse(data=UNSUPPORTED, format="turtle")
    with pytest.raises(UnsupportedShape):
        ShapeCompiler(shapes).compile()
    data = Graph().parse(
        data="<urn:r> a <https://w3id.org/iackg/ontology#RegionalResource> ; <urn:p> 1 .",
        format="turtle",
    )
    report = validate(data, shapes=shapes, ontology=Graph(), reference=False)
    assert report.engine == "pyshacl"
    assert report.rule_ids() == {"R99-closed"}
    with pytest.raises(UsageError):
        validate(data, shapes=shapes, ontology=Graph(), reference=False, engine="oxigraph")


def test_the_documentation_lists_every_rule():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "validation.md").read_text("utf-8")
    for rule in RuleIndex(bundled_shapes()).rules.values():
        assert f"| `{rule.rule_id}` |" in docs, rule.rule_id
