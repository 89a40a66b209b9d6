"""HTML for people: resource pages, the index and the shared page frame.

Everything that comes from data goes through `esc` (names may contain <, >, quotes or script),
and only http(s) IRIs ever become links (no `javascript:` hrefs).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from rdflib import Literal, URIRef
from rdflib.term import Node

from iackg.links import register_entry
from iackg.publish.describe import Link, ResourceView

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
TRADEMARK_NUMBER = "https://w3id.org/iackg/ontology#regionalTrademarkNumber"
Linker = Callable[[str], str | None]

CSS = """
body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP",sans-serif;margin:0;color:#222}
header,main,footer{padding:0.6em 1.5em} header{background:#2c3e50;color:#fff}
header a{color:#fff;margin-right:1em} h1{font-size:1.5em} .en{color:#555}
table{border-collapse:collapse;margin:0.5em 0} td,th{border:1px solid #ccc;padding:3px 8px;
vertical-align:top;text-align:left} th{background:#f3f3f3} code,.iri{font-size:0.85em;color:#555}
.lit{color:#064} .graph{font-size:0.75em;color:#888} textarea{width:100%;font-family:monospace}
footer{font-size:0.8em;color:#666;border-top:1px solid #ddd;margin-top:2em}
.note{background:#fff3cd;padding:0.4em} .error{background:#f8d7da;padding:0.4em}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_href(href: str | None) -> str | None:
    if href and (href.startswith(("http://", "https://", "/", "#")) or "://" not in href):
        if href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")):
            return None
        return href
    return None


def page(title: str, body: str, *, root: str = "", lang: str = "ja", head: str = "") -> str:
    nav = (
        f'<a href="{esc(root)}index.html">索引 Index</a>'
        f'<a href="{esc(root)}ontology.html">オントロジー Ontology</a>'
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style>{head}</head>\n"
        f"<body><header>{nav}</header><main>\n{body}\n</main>"
        "<footer>iackg — 地域産業資源ナレッジグラフ / Knowledge graph of Intellectual Assets in "
        "Communities. CC BY 4.0.</footer></body></html>\n"
    )


def short(iri: str, labels: dict[str, dict[str, str]]) -> str:
    known = labels.get(iri)
    if known:
        ja, en = known.get("ja"), known.get("en")
        if ja and en:
            return f"{ja} / {en}"
        return ja or en or next(iter(known.values()))
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[-1] or iri
    return iri


def term_html(
    value: Node,
    link: Linker,
    labels: dict[str, dict[str, str]],
    label_ja: str | None = None,
    label_en: str | None = None,
) -> str:
    if isinstance(value, Literal):
        extra = ""
        if value.language:
            extra = f' <span class="iri">@{esc(value.language)}</span>'
        elif value.datatype and str(value.datatype) != XSD_STRING:
            extra = f' <span class="iri">^^{esc(short(str(value.datatype), {}))}</span>'
        return f'<span class="lit">{esc(value)}</span>{extra}'
    if isinstance(value, URIRef):
        text = " / ".join(x for x in (label_ja, label_en) if x) or short(str(value), labels)
        href = safe_href(link(str(value)))
        iri = f' <span class="iri">&lt;{esc(value)}&gt;</span>'
        if href:
            return f'<a href="{esc(href)}">{esc(text)}</a>{iri}'
        return f"{esc(text)}{iri}"
    return '<span class="iri">[ ]</span>'  # a blank node: its label means nothing


def _rows(links: list[Link], link: Linker, labels, incoming: bool) -> str:
    out = []
    for item in links:
        pred = term_html(item.predicate, link, labels)
        value = term_html(item.value, link, labels, item.label_ja, item.label_en)
        graph = ""
        if item.graph is not None:
            graph = f'<br><span class="graph">graph: {esc(short(str(item.graph), {}))}</span>'
        cells = (
            f"<td>{value}{graph}</td><td>{pred}</td>"
            if incoming
            else (f"<td>{pred}</td><td>{value}{graph}</td>")
        )
        out.append(f"<tr>{cells}</tr>")
    return "\n".join(out)


def resource_page(
    view: ResourceView,
    link: Linker,
    labels: dict[str, dict[str, str]],
    alternates: dict[str, str],
    root: str = "",
) -> str:
    ja = "、".join(view.labels.get("ja", [])) or view.title()
    en = ", ".join(view.labels.get("en", []))
    types = ", ".join(term_html(t, link, labels) for t in view.types)
    alt_links = " · ".join(
        f'<a href="{esc(href)}">{esc(name)}</a>' for name, href in alternates.items()
    )
    parts = [
        f"<h1>{esc(ja)}</h1>",
        f'<p class="en" lang="en">{esc(en)}</p>' if en else "",
        f"<p>IRI: <code>{esc(view.iri)}</code><br>種類 Type: {types}</p>",
        f"<p>他の形式 Other formats: {alt_links}</p>" if alt_links else "",
        "<h2>属性 Properties</h2>",
        "<table><tr><th>属性 Property</th><th>値 Value</th></tr>",
        _rows(view.outgoing, link, labels, incoming=False),
        "</table>",
    ]
    parts += _registers(view)
    if view.incoming:
        parts += [
            "<h2>逆リンク Linked from</h2>",
            "<table><tr><th>資源 Resource</th><th>属性 Property</th></tr>",
            _rows(view.incoming, link, labels, incoming=True),
            "</table>",
        ]
    if view.provenance:
        parts.append("<h2>出典 Provenance</h2><ul>")
        for row in view.provenance:
            file = row.get("file")
            number = row.get("number")
            where = esc(file) if file else term_html(row["row"], link, labels)
            if number is not None:
                where += f" 行 row {esc(number)}"
            parts.append(f"<li>{where}</li>")
        parts.append("</ul>")
    head = "".join(
        f'<link rel="alternate" type="{esc(t)}" href="{esc(h)}">'
        for t, h in _alternate_types(alternates)
    )
    return page(view.title(), "\n".join(p for p in parts if p), root=root, head=head)


def _registers(view: ResourceView) -> list[str]:
    """The entries of other registers this resource is linked to (docs/links.md), by name."""
    items = []
    for item in view.outgoing:
        if str(item.predicate) == TRADEMARK_NUMBER:
            number = esc(item.value)
            items.append(
                f"<li>地域団体商標 登録第{number}号 Regional collective trademark No. {number}</li>"
            )
            continue
        name = register_entry(str(item.value)) if isinstance(item.value, URIRef) else None
        href = safe_href(str(item.value))
        if name and href:
            items.append(f'<li><a href="{esc(href)}">{esc(name)}</a></li>')
    if not items:
        return []
    return ["<h2>他の台帳へのリンク Links to other registers</h2><ul>", *sorted(items), "</ul>"]


def _alternate_types(alternates: dict[str, str]):
    types = {
        "Turtle": "text/turtle",
        "JSON-LD": "application/ld+json",
        "N-Triples": "application/n-triples",
        "RDF/XML": "application/rdf+xml",
    }
    for name, href in alternates.items():
        if name in types:
            yield types[name], href
