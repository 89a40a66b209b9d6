"""Check and summarise the bundled ontology: the rules every ontology file and term must keep.

Each check returns the problems it found (empty = passed). The `iackg ontology` command and the
tests both use these functions, so what the command reports is what the tests enforce.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from iackg import __version__
from iackg.vocab import IAC, IAC_NS

VANN = Namespace("http://purl.org/vocab/vann/")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
VERSION_BASE = "https://w3id.org/iackg/ontology/"
LANGUAGES = ("ja", "en")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
# Constructs outside OWL 2 RL wherever they appear in our axioms (we use none of them).
NON_RL = (
    OWL.unionOf,
    OWL.someValuesFrom,
    OWL.minCardinality,
    OWL.cardinality,
    OWL.minQualifiedCardinality,
    OWL.qualifiedCardinality,
    OWL.complementOf,
    OWL.oneOf,
    OWL.hasSelf,
    OWL.disjointUnionOf,
    OWL.ReflexiveProperty,
)


@dataclass
class CheckResult:
    key: str
    title: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class OntologyFile:
    path: Path
    graph: Graph | None
    error: str | None = None


def _language(term) -> str:
    return (term.language or "") if isinstance(term, Literal) else ""


def read_files(paths: Sequence[Path]) -> list[OntologyFile]:
    """Parse every file; a file that does not parse is kept with its error, not raised."""
    files = []
    for path in paths:
        try:
            files.append(OntologyFile(path, Graph().parse(path, format="turtle")))
        except Exception as exc:  # rdflib raises many kinds of syntax errors
            files.append(OntologyFile(path, None, f"{type(exc).__name__}: {exc}"))
    return files


def union(files: Sequence[OntologyFile]) -> Graph:
    graph = Graph()
    for f in files:
        if f.graph is not None:
            graph += f.graph
    graph.bind("iac", IAC_NS)
    return graph


def iac_terms(graph: Graph) -> set[URIRef]:
    """Every iac: IRI declared as a class, property, concept or concept scheme."""
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(IAC_NS)
    }


def vocab_terms() -> set[URIRef]:
    """The closed term list of `iackg.vocab.IAC` (the names the Python code may use)."""
    return {IAC[name] for name in IAC.__annotations__}


def local_name(term: URIRef) -> str:
    return "iac:" + str(term)[len(IAC_NS) :] if str(term).startswith(IAC_NS) else str(term)


# ---- the checks ---------------------------------------------------------------------------------
def check_parse(files: Sequence[OntologyFile]) -> list[str]:
    return [f"{f.path.name}: does not parse: {f.error}" for f in files if f.graph is None]


def check_one_ontology(files: Sequence[OntologyFile]) -> list[str]:
    problems = []
    for f in files:
        if f.graph is not None:
            n = len(set(f.graph.subjects(RDF.type, OWL.Ontology)))
            if n != 1:
                problems.append(f"{f.path.name}: {n} owl:Ontology declarations, expected exactly 1")
    return problems


def check_metadata(files: Sequence[OntologyFile], version: str = __version__) -> list[str]:
    problems = []
    for f in files:
        if f.graph is None:
            continue
        g = f.graph
        for onto in g.subjects(RDF.type, OWL.Ontology):
            where = f"{f.path.name} <{onto}>"
            for prop in (DCTERMS.title, DCTERMS.description):
                langs = sorted(_language(o) for o in g.objects(onto, prop))
                if langs != sorted(LANGUAGES):
                    problems.append(
                        f"{where}: {_curie(prop)} needs one @ja and one @en, has {langs}"
                    )
            for prop in (
                DCTERMS.creator,
                DCTERMS.created,
                VANN.preferredNamespacePrefix,
                VANN.preferredNamespaceUri,
            ):
                if g.value(onto, prop) is None:
                    problems.append(f"{where}: missing {_curie(prop)}")
            if g.value(onto, DCTERMS.license) != CC_BY_4:
                problems.append(f"{where}: dcterms:license must be {CC_BY_4}")
            if str(g.value(onto, VANN.preferredNamespaceUri)) != IAC_NS:
                problems.append(f"{where}: vann:preferredNamespaceUri must be {IAC_NS}")
            version_iri = str(g.value(onto, OWL.versionIRI) or "")
            expected = VERSION_BASE + version
            if not (version_iri == expected or version_iri.startswith(expected + "/")):
                problems.append(
                    f"{where}: owl:versionIRI {version_iri or '(none)'} does not "
                    f"match the package version {version} ({expected})"
                )
            if str(g.value(onto, OWL.versionInfo) or "") != version:
                problems.append(f"{where}: owl:versionInfo is not {version}")
    return problems


def check_labels(graph: Graph) -> list[str]:
    problems = []
    for term in sorted(iac_terms(graph)):
        for prop in (RDFS.label, SKOS.definition):
            for lang in LANGUAGES:
                n = sum(
                    1
                    for o in graph.objects(term, prop)
                    if isinstance(o, Literal) and o.language == lang
                )
                if n != 1:
                    problems.append(f"{local_name(term)}: {n} {_curie(prop)}@{lang}, expected 1")
    return problems


def check_domain_range(graph: Graph) -> list[str]:
    problems = []
    for prop in sorted(iac_terms(graph) & set(graph.subjects(RDF.type, OWL.ObjectProperty))):
        for axiom in (RDFS.domain, RDFS.range):
            if graph.value(prop, axiom) is None:
                problems.append(f"{local_name(prop)}: object property without {_curie(axiom)}")
    for prop in sorted(iac_terms(graph) & set(graph.subjects(RDF.type, OWL.DatatypeProperty))):
        if graph.value(prop, RDFS.range) is None:
            problems.append(f"{local_name(prop)}: datatype property without rdfs:range")
    return problems


def check_vocab_sync(graph: Graph) -> list[str]:
    declared, listed = iac_terms(graph), vocab_terms()
    used = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(IAC_NS)
    }
    problems = [
        f"{local_name(t)}: listed in iackg.vocab.IAC but not declared in the ontology"
        for t in sorted(listed - declared)
    ]
    problems += [
        f"{local_name(t)}: declared in the ontology but missing from iackg.vocab.IAC"
        for t in sorted(declared - listed)
    ]
    problems += [
        f"{local_name(t)}: used in the ontology but never declared" for t in sorted(used - declared)
    ]
    return problems


def check_rl_constructs(graph: Graph) -> list[str]:
    return [
        f"{_curie(p)} used (outside OWL 2 RL in our axiom positions)"
        for p in NON_RL
        if (None, p, None) in graph or (None, RDF.type, p) in graph
    ]


def check_consistency(graph: Graph) -> list[str]:
    from iackg.consistency import check_consistency as closure_check

    return [f"{i.rule}: {i.message}" for i in closure_check(graph)]


def _curie(term: URIRef) -> str:
    for prefix, ns in (
        ("rdfs", RDFS),
        ("skos", SKOS),
        ("owl", OWL),
        ("dcterms", DCTERMS),
        ("vann", VANN),
    ):
        if str(term).startswith(str(ns)):
            return f"{prefix}:{str(term)[len(str(ns)) :]}"
    return str(term)


def run_checks(
    files: Sequence[OntologyFile], extra: Graph | None = None, reasoning: bool = True
) -> list[CheckResult]:
    """Every check, in order; `extra` (e.g. the reference data) joins the consistency check."""
    graph = union(files)
    checks: list[tuple[str, str, Callable[[], list[str]]]] = [
        ("parse", "every file parses as Turtle", lambda: check_parse(files)),
        ("one-ontology", "exactly one owl:Ontology per file", lambda: check_one_ontology(files)),
        (
            "metadata",
            "ontology metadata and version match the package",
            lambda: check_metadata(files),
        ),
        (
            "labels",
            "one rdfs:label and skos:definition per language per term",
            lambda: check_labels(graph),
        ),
        (
            "domain-range",
            "object properties have domain and range",
            lambda: check_domain_range(graph),
        ),
        ("vocab-sync", "ontology terms == iackg.vocab.IAC", lambda: check_vocab_sync(graph)),
        ("owl2-rl", "no constructs outside OWL 2 RL", lambda: check_rl_constructs(graph)),
    ]
    if reasoning:
        title = "consistent under OWL 2 RL" + (" with the reference data" if extra else "")
        checks.append(
            ("consistency", title, lambda: check_consistency(graph + extra if extra else graph))
        )
    return [CheckResult(key, title, run()) for key, title, run in checks]
