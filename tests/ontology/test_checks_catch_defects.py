"""Each ontology check fails on a file written to break it (so a passing check means something)."""

import shutil

import pytest

from iackg import __version__
from iackg import ontology_checks as oc
from iackg.paths import ontology_files

HEADER = """\
@prefix iac: <https://w3id.org/iackg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix vann: <http://purl.org/vocab/vann/> .
"""


def ontology_header(iri="https://w3id.org/iackg/ontology/extra", version=__version__):
    return f"""
<{iri}> a owl:Ontology ;
    dcterms:title "t"@ja , "t"@en ; dcterms:description "d"@ja , "d"@en ;
    dcterms:creator "x" ; dcterms:created "2026-11-28"^^xsd:date ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    owl:versionIRI <https://w3id.org/iackg/ontology/{version}/extra> ;
    owl:versionInfo "{version}" ;
    vann:preferredNamespacePrefix "iac" ;
    vann:preferredNamespaceUri "https://w3id.org/iackg/ontology#" .
"""


@pytest.fixture
def folder(tmp_path):
    """A copy of the real ontology that a test may add a broken file to."""
    for path in ontology_files():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def results(folder, reasoning=False):
    files = oc.read_files(sorted(folder.glob("*.ttl")))
    return {r.key: r for r in oc.run_checks(files, reasoning=reasoning)}


def failing(folder):
    return {key for key, r in results(folder).items() if not r.ok}


def test_the_copy_passes(folder):
    assert {key: r.ok for key, r in results(folder, reasoning=True).items()} == {
        "parse": True,
        "one-ontology": True,
        "metadata": True,
        "labels": True,
        "domain-range": True,
        "vocab-sync": True,
        "owl2-rl": True,
        "consistency": True,
    }


def test_syntax_error(folder):
    (folder / "broken.ttl").write_text(HEADER + "iac:X a owl:Class ;;; <unterminated")
    res = results(folder)
    assert not res["parse"].ok
    assert "broken.ttl" in res["parse"].problems[0]


def test_binary_garbage_is_a_parse_problem_not_a_crash(folder):
    (folder / "garbage.ttl").write_bytes(b"\x00\xff\xfe" * 1000)
    assert "parse" in failing(folder)


def test_two_ontologies_in_one_file(folder):
    text = HEADER + ontology_header() + ontology_header("https://w3id.org/iackg/ontology/x2")
    (folder / "two.ttl").write_text(text)
    assert "one-ontology" in failing(folder)


def test_file_without_ontology(folder):
    (folder / "none.ttl").write_text(HEADER + 'iac:Plan rdfs:comment "x" .\n')
    assert "one-ontology" in failing(folder)


def test_wrong_version(folder):
    (folder / "old.ttl").write_text(HEADER + ontology_header(version="0.0.1"))
    res = results(folder)
    assert not res["metadata"].ok
    assert any("0.0.1" in p for p in res["metadata"].problems)


def test_wrong_licence(folder):
    text = HEADER + ontology_header().replace("licenses/by/4.0/", "licenses/by-nc/4.0/")
    (folder / "nc.ttl").write_text(text)
    assert any("license" in p for p in results(folder)["metadata"].problems)


def test_missing_english_label(folder):
    text = (
        HEADER
        + ontology_header()
        + """
iac:producesProduct rdfs:label "作る"@ja .
"""
    )
    (folder / "label.ttl").write_text(text)
    problems = results(folder)["labels"].problems
    assert problems == ["iac:producesProduct: 2 rdfs:label@ja, expected 1"]


def test_new_term_not_in_vocab_and_without_domain(folder):
    text = (
        HEADER
        + ontology_header()
        + """
iac:secretLink a owl:ObjectProperty ;
    rdfs:label "秘密"@ja , "secret"@en ;
    skos:definition "定義"@ja , "definition"@en .
"""
    )
    (folder / "new.ttl").write_text(text)
    res = results(folder)
    assert any("iac:secretLink" in p and "missing from" in p for p in res["vocab-sync"].problems)
    assert res["domain-range"].problems == [
        "iac:secretLink: object property without rdfs:domain",
        "iac:secretLink: object property without rdfs:range",
    ]


def test_vocab_term_removed_from_ontology(tmp_path):
    for path in ontology_files():
        text = path.read_text(encoding="utf-8")
        if path.stem == "core":  # drop the declaration of iac:sha256
            start = text.index("iac:sha256 a owl:DatatypeProperty")
            text = text[:start]
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    problems = results(tmp_path)["vocab-sync"].problems
    assert "iac:sha256: listed in iackg.vocab.IAC but not declared in the ontology" in problems


def test_typo_in_a_used_term(folder):
    text = HEADER + ontology_header() + "iac:Plan rdfs:seeAlso iac:BusinesPlan .\n"
    (folder / "typo.ttl").write_text(text)
    problems = results(folder)["vocab-sync"].problems
    assert problems == ["iac:BusinesPlan: used in the ontology but never declared"]


def test_union_is_flagged_as_outside_rl(folder):
    text = (
        HEADER
        + ontology_header()
        + """
iac:Plan rdfs:subClassOf [ owl:unionOf ( iac:BusinessPlan iac:SupportProjectPlan ) ] .
"""
    )
    (folder / "union.ttl").write_text(text)
    assert "owl2-rl" in failing(folder)


def test_inconsistent_axiom_fails_the_consistency_check(folder):
    text = (
        HEADER
        + ontology_header()
        + """
<https://example.org/x> a iac:Prefecture , iac:Municipality .
"""
    )
    (folder / "bad.ttl").write_text(text)
    res = results(folder, reasoning=True)
    assert not res["consistency"].ok
    assert any("https://example.org/x" in p for p in res["consistency"].problems)


def test_huge_file_is_checked_and_the_report_stays_short(folder, capsys):
    from iackg.cli import main

    lines = [HEADER, ontology_header()]
    lines += [f"iac:Junk{i} a owl:Class ." for i in range(20_000)]
    (folder / "huge.ttl").write_text("\n".join(lines), encoding="utf-8")
    assert main(["ontology", "--ontology-dir", str(folder), "--no-reasoning"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  labels" in out and "FAIL  vocab-sync" in out
    assert "79980 more (use --format json)" in out  # 4 problems per term, 20 shown
    assert len(out.splitlines()) < 200


def test_imports_are_never_fetched(folder):
    """An owl:imports of an unreachable IRI does not make the check touch the network."""
    text = HEADER + ontology_header().replace(
        "owl:versionInfo", "owl:imports <http://example.invalid/nowhere.ttl> ;\n    owl:versionInfo"
    )
    (folder / "imports.ttl").write_text(text)
    assert failing(folder) == set()


def test_cp932_file_is_a_parse_problem(folder):
    text = HEADER + ontology_header() + 'iac:Plan rdfs:comment "計画" .\n'
    (folder / "cp932.ttl").write_bytes(text.encode("cp932"))
    assert "parse" in failing(folder)
