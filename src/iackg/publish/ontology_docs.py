"""The ontology documentation page: every class and property with labels, definitions, domain
and range, in Japanese and English. Read through `select`, so publish and serve show the same."""

from __future__ import annotations

from iackg.publish.describe import Select
from iackg.publish.html import esc, page
from iackg.vocab import IAC_NS

TERMS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?ns ?t ?kind WHERE {
  VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty
                 skos:ConceptScheme skos:Concept }
  ?t a ?kind .
  FILTER(STRSTARTS(STR(?t), STR(?ns)))
} ORDER BY ?kind ?t
"""
ANNOTATIONS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?ns ?t ?p ?v WHERE {
  VALUES ?p { rdfs:label skos:definition rdfs:comment rdfs:domain rdfs:range rdfs:subClassOf
              rdfs:subPropertyOf skos:inScheme skos:broader }
  ?t ?p ?v .
  FILTER(STRSTARTS(STR(?t), STR(?ns)))
} ORDER BY ?t ?p ?v
"""
KIND_TITLES = {
    "Class": "クラス Classes",
    "ObjectProperty": "オブジェクトプロパティ Object properties",
    "DatatypeProperty": "データプロパティ Datatype properties",
    "AnnotationProperty": "注釈プロパティ Annotation properties",
    "ConceptScheme": "概念体系 Concept schemes",
    "Concept": "概念 Concepts",
}
FIELDS = [
    ("label", "ラベル Label"),
    ("definition", "定義 Definition"),
    ("comment", "注記 Comment"),
    ("subClassOf", "上位クラス Superclass"),
    ("subPropertyOf", "上位プロパティ Super-property"),
    ("domain", "定義域 Domain"),
    ("range", "値域 Range"),
    ("inScheme", "体系 Scheme"),
    ("broader", "上位 Broader"),
]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _value(v) -> str:
    from rdflib import BNode

    if isinstance(v, BNode):
        return "<em>(匿名クラス anonymous class expression)</em>"
    lang = getattr(v, "language", None)
    text = str(v)
    if text.startswith(IAC_NS):
        return f'<a href="#{esc(_local(text))}">iac:{esc(_local(text))}</a>'
    if lang:
        return f'<span lang="{esc(lang)}">{esc(text)}</span> <code>@{esc(lang)}</code>'
    if text.startswith(("http://", "https://")):
        return f"<code>{esc(text)}</code>"
    return esc(text)


def ontology_page(select: Select, root: str = "/") -> str:
    from rdflib import Literal

    ns = {"ns": Literal(IAC_NS)}
    kinds: dict[str, list[str]] = {}
    for row in select(TERMS, ns):
        kinds.setdefault(_local(str(row["kind"])), []).append(str(row["t"]))
    notes: dict[str, dict[str, list]] = {}
    for row in select(ANNOTATIONS, ns):
        notes.setdefault(str(row["t"]), {}).setdefault(_local(str(row["p"])), []).append(row["v"])
    parts = [
        "<h1>iac: オントロジー / Ontology</h1>",
        f"<p>Namespace: <code>{esc(IAC_NS)}</code></p>",
    ]
    if not kinds:
        parts.append("<p>オントロジーが読み込まれていません。 The ontology is not loaded.</p>")
    for kind, title in KIND_TITLES.items():
        terms = kinds.get(kind)
        if not terms:
            continue
        parts.append(f"<h2>{esc(title)} ({len(terms)})</h2>")
        for term in terms:
            name = _local(term)
            parts.append(f'<h3 id="{esc(name)}">iac:{esc(name)}</h3><table>')
            for key, heading in FIELDS:
                values = notes.get(term, {}).get(key)
                if values:
                    cells = "<br>".join(_value(v) for v in values)
                    parts.append(f"<tr><th>{esc(heading)}</th><td>{cells}</td></tr>")
            parts.append("</table>")
    return page("iac: ontology", "\n".join(parts), root=root)
