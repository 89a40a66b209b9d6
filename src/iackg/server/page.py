"""The query page at `/`: a plain form with the library queries, results as a table.

No external assets: the script and style are served from `iackg/server/static/`, so the page
works with no internet access. `/?query=NAME&run=1` selects a library query and runs it.
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


def _json_for_script(data) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def query_page(queries: list[LibraryQuery], params: dict[str, list[str]]) -> str:
    options = "\n".join(
        f'<option value="{esc(q.name)}">{esc(q.as_json()["title_ja"])} / '
        f"{esc(q.as_json()['title_en'])}</option>"
        for q in queries
    )
    chosen = (params.get("query") or [""])[0]
    library_json = _json_for_script([q.as_json() for q in queries])
    request_json = _json_for_script({"query": chosen, "run": (params.get("run") or ["0"])[0]})
    body = f"""
<h1>SPARQL クエリ / Query</h1>
<p>エンドポイント Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol; GET or POST).</p>
<form id="form">
<label>ライブラリ Library: <select id="library"><option value="">—</option>
{options}</select></label>
<p id="description"></p>
<textarea id="query" rows="14" spellcheck="false">{esc(DEFAULT_QUERY)}</textarea>
<p><button id="run" type="submit">実行 Run</button> <span id="status"></span></p>
</form>
<div id="note"></div>
<div id="results"></div>
<script type="application/json" id="library-data">{library_json}</script>
<script type="application/json" id="request-data">{request_json}</script>
<script src="/static/app.js"></script>
"""
    return page("iackg SPARQL", body, root="/")


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
