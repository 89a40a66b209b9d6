"""The query page at `/` (and at `/sparql` for a browser): YASGUI with the library queries.

No external assets: YASGUI's build is vendored in `iackg/server/static/yasgui/` (with its
licence) and our script and style are in `iackg/server/static/`, so the page works with no
internet access. `/?query=NAME&run=1` selects a library query and runs it.
"""

from __future__ import annotations

import json

from iackg.publish.html import esc, page, short
from iackg.server.library import LibraryQuery
from iackg.vocab import IAC_NS

CLASS_COUNTS = """
SELECT ?ns ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class FILTER(STRSTARTS(STR(?class), STR(?ns)))
} GROUP BY ?class ?ns ORDER BY ?class
"""

DEFAULT_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
# Prefixes the page knows: the vocabularies of the graph, and one per kind of data IRI
# ({base}/id/{kind}/{key}, iackg.iris) so results read `prefecture:13`, not a full IRI.
VOCABULARIES = {
    "iac": IAC_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dct": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "wd": "http://www.wikidata.org/entity/",
}
KINDS = (
    "prefecture", "municipality", "resource", "designation", "basic-concept", "plan",
    "certification", "enterprise", "organization", "act", "support-measure", "source",
)  # fmt: skip


def prefixes(base: str) -> dict[str, str]:
    """Prefix → namespace for the editor and the result views."""
    data = {kind: f"{base}/id/{kind}/" for kind in KINDS}
    return {**VOCABULARIES, **data, "graph": f"{base}/graph/"}


def _json_for_script(data) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def query_page(queries: list[LibraryQuery], params: dict[str, list[str]], base: str) -> str:
    """The query page: YASGUI (vendored, static/yasgui/) set up by static/query.js with the
    library, our prefixes and /sparql; `?query=NAME` selects a library query, `&run=1` runs it."""
    options = "\n".join(
        f'<option value="{esc(q.name)}">{esc(q.as_json()["title_ja"])} / '
        f"{esc(q.as_json()['title_en'])}</option>"
        for q in queries
    )
    known = prefixes(base)
    head_prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in VOCABULARIES.items())
    data = {
        "library": [q.as_json() for q in queries],
        "query": (params.get("query") or [""])[0],
        "run": (params.get("run") or ["0"])[0] == "1",
        "prefixes": known,
        "base": base,
        "defaultQuery": head_prefixes + "\n" + DEFAULT_QUERY,
    }
    body = f"""
<h1>SPARQL クエリ / Query</h1>
<p>エンドポイント Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol; GET or POST).
Ctrl+Enter で実行 / runs the query. 結果は表・グラフ・ダウンロード / table, chart, download.</p>
<p class="library"><label>ライブラリ Library: <select id="library"><option value="">—</option>
{options}</select></label></p>
<p id="description"></p>
<div id="yasgui"></div>
<noscript>このページには JavaScript が必要です / this page needs JavaScript;
<code>/sparql</code> answers any SPARQL client.</noscript>
<script type="application/json" id="page-data">{_json_for_script(data)}</script>
<script src="/static/yasgui/yasgui.min.js"></script>
<script src="/static/query.js"></script>
"""
    head = (
        '<link rel="icon" href="data:,">'  # no /favicon.ico request
        '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">'
        '<link rel="stylesheet" href="/static/query.css">'
    )
    return page("iackg SPARQL", body, root="/", head=head)


def index_page(resources, labels) -> str:
    """The server's index: counts per iac: class and the category map (as `iackg publish`)."""
    from rdflib import Literal

    from iackg.publish.site import category_map

    rows = "\n".join(
        f"<tr><td>{esc(short(str(r['class']), labels))} <code>iac:"
        f"{esc(str(r['class'])[len(IAC_NS) :])}</code></td><td>{esc(r['n'])}</td></tr>"
        for r in resources.select(CLASS_COUNTS, {"ns": Literal(IAC_NS)})
    )
    body = (
        "<h1>地域産業資源ナレッジグラフ<br><span class='en'>Knowledge graph of Intellectual "
        "Assets in Communities</span></h1>"
        '<p><a href="/">SPARQL クエリ Query</a> · <a href="/sparql">サービス記述 Service '
        'description</a> · <a href="/ontology.html">オントロジー Ontology</a></p>'
        "<h2>件数 Counts</h2><table><tr><th>クラス Class</th><th>件数 Count</th></tr>"
        f"{rows}</table>{category_map(resources, labels)}"
    )
    return page("iackg", body, root="/")
