"""iackg in a notebook: open a store, ask a library query or your own SPARQL, get a pandas
DataFrame; get a network view as a networkx graph; draw a prefecture map.

    import iackg.notebook as ik
    store = ik.sample()                                    # the bundled sample, in memory
    ik.queries()                                           # the query library as a table
    ik.query(store, "resources-per-prefecture", prefecture="神奈川県")
    ik.sparql(store, "SELECT ?s WHERE { ?s a ?c } LIMIT 5")
    g = ik.network(store, "resource-co-use", prefecture="神奈川県")
    ik.prefecture_map({"14": 12, "13": 30}, title="...")

Frames have one column per variable. IRIs are strings, and next to every IRI column `x` there
is `x_label` with the resource's `rdfs:label` in the chosen language (unless the query already
returns `x_label`, `xName` or `xLabel`). Literals become typed columns: integers `Int64`,
decimals and doubles `Float64`, booleans `boolean`, dates `datetime64`, text `string`.
pandas is the optional extra `notebook` (`pip install "iackg[notebook]"`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from iackg import queries as library
from iackg.errors import IackgError, UsageError
from iackg.store import Store, open_store
from iackg.store.terms import ntriples_term

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "connect",
    "draw_network",
    "network",
    "prefecture_map",
    "queries",
    "query",
    "sample",
    "sparql",
]

LABEL_SUFFIX = "_label"
_LABEL_CHUNK = 500  # IRIs per label lookup
_INTEGERS = {
    str(t)
    for t in (
        XSD.integer,
        XSD.int,
        XSD.long,
        XSD.short,
        XSD.byte,
        XSD.nonNegativeInteger,
        XSD.positiveInteger,
        XSD.nonPositiveInteger,
        XSD.negativeInteger,
        XSD.unsignedInt,
        XSD.unsignedLong,
        XSD.unsignedShort,
        XSD.unsignedByte,
        XSD.gYear,
    )
}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_DATES = {str(XSD.date), str(XSD.dateTime), str(XSD.dateTimeStamp)}
_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE { ?s rdfs:label ?label }
"""


def _pandas():
    try:
        import pandas
    except ImportError:
        raise IackgError(
            'iackg.notebook needs pandas: pip install "iackg[notebook]" '
            "(pandas が必要です: pip install 'iackg[notebook]')"
        ) from None
    return pandas


# --- stores -----------------------------------------------------------------------------
def connect(location: str | Path) -> Store:
    """An existing store: a folder made by `iackg build`, or a SPARQL server's URL."""
    return open_store(location, must_exist=True)


def sample(location: str | Path = "memory:") -> Store:
    """A store holding the bundled sample (built, validated and reasoned as `iackg build`)."""
    from iackg.build import build

    store = open_store(location)
    build(None, store)
    return store


# --- questions --------------------------------------------------------------------------
def queries() -> pd.DataFrame:
    """The query library: name, titles, parameters and description, one row per query."""
    pandas = _pandas()
    rows = [
        {
            "name": q.name,
            "title_ja": q.title("ja"),
            "title_en": q.title("en"),
            "params": ", ".join(p.describe() for p in q.params if p.type != "lang"),
            "returns": q.returns,
            "description": q.description,
        }
        for q in library.library().values()
    ]
    return pandas.DataFrame(rows).astype("string")


def query(
    store: Store, name: str, *, lang: str = "ja", labels: bool = True, **params: Any
) -> pd.DataFrame:
    """Run library query `name` with its parameters as keywords (`prefecture="神奈川県"`)."""
    named = library.get(name)
    values = {key: str(value) for key, value in params.items()}
    bindings = named.bindings(values, lang=lang, minter=None)
    return sparql(store, named.text, bindings, lang=lang, labels=labels)


def sparql(
    store: Store,
    text: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    lang: str = "ja",
    labels: bool = True,
) -> pd.DataFrame:
    """Run your own SELECT query (values bound by `bindings`, never pasted into the text)."""
    columns, rows = store.select_table(text, bindings)
    table = to_frame(columns, rows)
    if labels:
        table = add_labels(store, table, columns, rows, lang)
    return table


# --- frames -----------------------------------------------------------------------------
def _python_value(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef | BNode):
        return str(term)
    if isinstance(term, Literal):
        kind = str(term.datatype) if term.datatype else ""
        if kind in _INTEGERS or kind in _FLOATS or kind in _DATES or kind == str(XSD.boolean):
            value = term.toPython()
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, (int, float, bool, date, datetime)):
                return value
    return str(term)


def _dtype(terms: Sequence[Node | None]) -> str:
    """The pandas dtype of a column: typed when every bound value has the same kind."""
    kinds = set()
    for term in terms:
        if term is None:
            continue
        if not isinstance(term, Literal) or term.datatype is None:
            return "string"
        kind = str(term.datatype)
        kinds.add(
            "Int64"
            if kind in _INTEGERS
            else "Float64"
            if kind in _FLOATS
            else "datetime64[ns]"
            if kind in _DATES
            else "boolean"
            if kind == str(XSD.boolean)
            else "string"
        )
    if kinds == {"Int64", "Float64"}:
        return "Float64"
    return kinds.pop() if len(kinds) == 1 else "string"


def to_frame(columns: Sequence[str], rows: Sequence[Mapping[str, Node | None]]) -> pd.DataFrame:
    """SPARQL rows as a DataFrame with one typed column per variable."""
    pandas = _pandas()
    data = {}
    for column in columns:
        terms = [row.get(column) for row in rows]
        values = [_python_value(t) for t in terms]
        dtype = _dtype(terms)
        if dtype == "datetime64[ns]":
            data[column] = pandas.to_datetime(pandas.Series(values, dtype="object"))
        else:
            data[column] = pandas.Series(values, dtype=dtype)
    return pandas.DataFrame(data, columns=list(columns))


def _label_lookup(store: Store, iris: list[URIRef], lang: str) -> dict[str, str]:
    """rdfs:label of each IRI in `lang`, else in English, else any label."""
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(iris), _LABEL_CHUNK):
        chunk = iris[start : start + _LABEL_CHUNK]
        values = " ".join(ntriples_term(iri) for iri in chunk)  # validated IRIs, N-Triples syntax
        text = _LABELS.replace("WHERE {", f"WHERE {{ VALUES ?s {{ {values} }}", 1)
        for row in store.select(text):
            label = row["label"]
            language = (label.language or "") if isinstance(label, Literal) else ""
            found.setdefault(str(row["s"]), {}).setdefault(language, str(label))
    labels = {}
    for iri, by_lang in found.items():
        labels[iri] = by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))
    return labels


def add_labels(
    store: Store,
    table: pd.DataFrame,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Node | None]],
    lang: str,
) -> pd.DataFrame:
    """A `x_label` column after every IRI column `x` (unless the query returns its label)."""
    pandas = _pandas()
    iri_columns = [
        c
        for c in columns
        if not {c + LABEL_SUFFIX, c + "Name", c + "Label"} & set(columns)
        and any(isinstance(row.get(c), URIRef) for row in rows)
        and all(row.get(c) is None or isinstance(row.get(c), URIRef) for row in rows)
    ]
    if not iri_columns:
        return table
    iris = sorted({str(row[c]) for row in rows for c in iri_columns if row.get(c) is not None})
    labels = _label_lookup(store, [URIRef(i) for i in iris], lang)
    out = table.copy()
    for column in reversed(iri_columns):
        position = list(out.columns).index(column) + 1
        values = [labels.get(v) if isinstance(v, str) else None for v in table[column]]
        out.insert(position, column + LABEL_SUFFIX, pandas.Series(values, dtype="string"))
    return out


# --- networks and maps ------------------------------------------------------------------
def network(store: Store, view: str, **filters: Any) -> nx.Graph:
    """Network view `view` (docs/networks.md) as a networkx graph; filters as keywords
    (`prefecture="神奈川県"`, `category="観光資源"`, `years="2008-2012"`)."""
    from iackg.export import view as build_view

    return build_view(store, view, [f"{key}={value}" for key, value in filters.items()])


def prefecture_map(
    values: Mapping[str, float] | pd.Series, *, title: str = "", cmap: str = "YlOrRd"
) -> Figure:
    """A choropleth of Japan: `values` by JIS code ('14'), prefecture IRI or `id/prefecture/14`
    path; prefectures not in `values` are grey (no data)."""
    import matplotlib
    from matplotlib.figure import Figure

    from iackg.report.fonts import rc
    from iackg.report.japan_map import draw_choropleth

    by_jis: dict[str, float] = {}
    for key, value in dict(values).items():
        jis = str(key).rstrip("/").rsplit("/", 1)[-1]
        if not (jis.isdigit() and 1 <= int(jis) <= 47):
            raise UsageError(f"{key!r} is not a prefecture (JIS code 01-47 or prefecture IRI)")
        by_jis[f"{int(jis):02d}"] = float(value)
    with matplotlib.rc_context(rc()):
        figure = Figure(figsize=(6, 6), layout="constrained")
        draw_choropleth(figure.add_subplot(), by_jis, cmap=cmap, title=title)
    return figure


def draw_network(graph: nx.Graph, *, title: str = "", seed: int = 1) -> Figure:
    """A figure of a (small) network view: nodes coloured by type, labelled in Japanese."""
    import matplotlib
    import networkx as nx
    from matplotlib.figure import Figure

    from iackg.report.fonts import japanese_font_family, rc

    types = sorted({str(data.get("type", "")) for _, data in graph.nodes(data=True)})
    palette = matplotlib.colormaps["tab10"]
    colours = [palette(types.index(str(d.get("type", ""))) % 10) for _, d in graph.nodes(data=True)]
    with matplotlib.rc_context(rc()):
        figure = Figure(figsize=(8, 6), layout="constrained")
        ax = figure.add_subplot()
        positions = nx.spring_layout(graph, seed=seed)
        labels = {node: str(data.get("label", "")) for node, data in graph.nodes(data=True)}
        nx.draw_networkx(
            graph,
            positions,
            ax=ax,
            node_color=colours,
            node_size=90,
            font_size=7,
            font_family=japanese_font_family(),  # networkx's own default is plain sans-serif
            labels=labels,
        )
        for index, kind in enumerate(types):
            ax.scatter([], [], color=palette(index % 10), label=kind or "—")
        ax.legend(loc="best", fontsize=7)
        ax.set_title(title, fontsize=10)
        ax.set_axis_off()
    return figure
