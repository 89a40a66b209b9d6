"""The browsable part of the publication: a page per resource (with Turtle and JSON-LD beside
it), a list per kind, the index with counts and the category map, and the web-server config."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from rdflib import URIRef

from iackg.publish import describe, html, rdfwrite, webserver
from iackg.publish.html import esc, page
from iackg.vocab import IAC_NS

_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")
KIND_TITLES = {
    "resource": "地域産業資源 Regional resources",
    "plan": "事業計画 Business plans",
    "enterprise": "事業者 Enterprises",
    "prefecture": "都道府県 Prefectures",
    "municipality": "市区町村 Municipalities",
    "designation": "指定 Designations",
    "certification": "認定 Certifications",
    "basic-concept": "基本構想 Basic concepts",
    "organization": "行政機関 Government bodies",
    "act": "法律 Acts",
    "support-measure": "支援措置 Support measures",
    "declaration": "応援宣言 Declarations",
    "source": "出典 Sources",
}
CATEGORY_MAP = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?prefecture ?category (COUNT(DISTINCT ?r) AS ?n) (SAMPLE(?l) AS ?label) WHERE {
  ?d iac:designates ?r ; iac:designatedBy ?prefecture . ?r iac:category ?category .
  OPTIONAL { ?prefecture rdfs:label ?l FILTER(LANG(?l) = "ja") }
} GROUP BY ?prefecture ?category ORDER BY ?prefecture ?category
"""
CATEGORIES = ["CatAgricultural", "CatIndustrial", "CatTechnique", "CatTourism"]


def split_id(iri: str, base: str) -> tuple[str, str] | None:
    prefix = f"{base}/id/"
    if not iri.startswith(prefix):
        return None
    parts = iri[len(prefix) :].split("/")
    if len(parts) != 2 or not all(_KEY.match(p) for p in parts):
        return None
    return parts[0], parts[1]


def static_linker(base: str, root: str):
    def link(iri: str) -> str | None:
        found = split_id(iri, base)
        if found:
            return f"{root}doc/{found[0]}/{found[1]}.html"
        if iri.startswith(IAC_NS):
            return f"{root}ontology.html#{iri[len(IAC_NS) :]}"
        return iri

    return link


def write_resource_pages(out: Path, store, quads, base: str, labels) -> dict[str, list]:
    """One HTML, Turtle and JSON-LD file per `id` IRI; returns kind -> [(key, title)]."""
    around: dict[URIRef, set] = defaultdict(set)
    for s, p, o, _ in quads:
        for node in (s, o):
            if isinstance(node, URIRef) and split_id(str(node), base):
                around[node].add((s, p, o))
    link = static_linker(base, "../../")
    kinds: dict[str, list] = defaultdict(list)
    for iri in sorted(around, key=str):
        found = split_id(str(iri), base)
        assert found is not None  # `around` holds only IRIs that split_id accepted
        kind, key = found
        folder = out / "doc" / kind
        folder.mkdir(parents=True, exist_ok=True)
        view = describe.describe(store.select, iri)
        alternates = {"Turtle": f"{key}.ttl", "JSON-LD": f"{key}.jsonld"}
        (folder / f"{key}.html").write_text(
            html.resource_page(view, link, labels, alternates, root="../../"), encoding="utf-8"
        )
        (folder / f"{key}.ttl").write_text(rdfwrite.turtle(around[iri]), encoding="utf-8")
        (folder / f"{key}.jsonld").write_text(
            rdfwrite.jsonld(around[iri], "../../context.jsonld"), encoding="utf-8"
        )
        (folder / f"{key}.var").write_text(webserver.type_map(key), encoding="utf-8")
        english = (view.labels.get("en") or [""])[0]
        kinds[kind].append((key, view.title(), english if english != view.title() else ""))
    for kind, items in kinds.items():  # doc/KIND.html: cannot collide with any doc/KIND/KEY.html
        rows = "\n".join(
            f'<li><a href="{esc(kind)}/{esc(key)}.html">{esc(title)}</a>'
            + (f' <span class="en">{esc(english)}</span>' if english else "")
            + f" <code>{esc(kind)}/{esc(key)}</code></li>"
            for key, title, english in items
        )
        title = KIND_TITLES.get(kind, kind)
        body = f"<h1>{esc(title)} ({len(items)})</h1><ul>\n{rows}\n</ul>"
        (out / "doc" / f"{kind}.html").write_text(page(title, body, root="../"), encoding="utf-8")
    return kinds


def index_page(store, kinds: dict[str, list], labels, dumps, counts: dict[str, int]) -> str:
    parts = [
        "<h1>地域産業資源ナレッジグラフ<br><span class='en'>Knowledge graph of "
        "Intellectual Assets in Communities</span></h1>",
        "<h2>件数 Counts</h2><table><tr><th>種類 Kind</th><th>件数 Count</th></tr>",
    ]
    for kind in sorted(
        kinds,
        key=lambda k: (
            k not in KIND_TITLES,
            list(KIND_TITLES).index(k) if k in KIND_TITLES else 0,
            k,
        ),
    ):
        title = KIND_TITLES.get(kind, kind)
        parts.append(
            f'<tr><td><a href="doc/{esc(kind)}.html">{esc(title)}</a></td>'
            f"<td>{len(kinds[kind])}</td></tr>"
        )
    parts.append(
        "</table><p>" + " · ".join(f"{esc(name)}: {n}" for name, n in counts.items()) + "</p>"
    )
    parts.append(category_map(store, labels))
    parts.append(
        "<h2>ダウンロード Downloads</h2><table><tr><th>データ Data</th><th>形式 Format"
        "</th><th>バイト Bytes</th><th>SHA-256</th></tr>"
    )
    for dump in dumps:
        parts.append(
            f'<tr><td>{esc(dump.layer)}</td><td><a href="{esc(dump.path)}">'
            f"{esc(dump.title)}</a></td><td>{dump.byte_size}</td>"
            f"<td><code>{esc(dump.sha256[:16])}…</code></td></tr>"
        )
    parts.append("</table>")
    parts.append(
        '<p><a href="void.ttl">VoID</a> · <a href="catalog.ttl">DCAT</a> · '
        '<a href="context.jsonld">JSON-LD context</a> · '
        '<a href="ATTRIBUTION.md">出典 Attribution</a> · '
        '<a href="ontology.html">オントロジー Ontology</a></p>'
    )
    return page("iackg", "\n".join(parts), root="")


def category_map(store, labels) -> str:
    table: dict[str, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in store.select(CATEGORY_MAP):
        table[str(row["prefecture"])][str(row["category"])[len(IAC_NS) :]] = int(row["n"])
        if row["label"] is not None:
            names[str(row["prefecture"])] = str(row["label"])
    if not table:
        return "<h2>分類マップ Category map</h2><p>指定なし No designations.</p>"
    head = "".join(f"<th>{esc(html.short(IAC_NS + c, labels))}</th>" for c in CATEGORIES)
    rows = []
    link = static_linker("", "")
    for pref in sorted(table):
        found = pref.rsplit("/id/", 1)
        href = f"doc/{found[1]}.html" if len(found) == 2 else link(pref)
        cells = "".join(f"<td>{table[pref].get(c, 0)}</td>" for c in CATEGORIES)
        total = sum(table[pref].values())
        name = names.get(pref) or html.short(pref, labels)
        rows.append(
            f'<tr><td><a href="{esc(href)}">{esc(name)}</a></td>{cells}<td>{total}</td></tr>'
        )
    return (
        "<h2>分類マップ Category map</h2><p>都道府県別・分類別の指定資源数 "
        "Designated resources per prefecture and category.</p>"
        f"<table><tr><th>都道府県 Prefecture</th>{head}<th>計 Total</th></tr>"
        + "\n".join(rows)
        + "</table>"
    )
