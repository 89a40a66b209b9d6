"""Links out to other registers (five-star linked data): Wikidata items for our resources,
the MAFF register of geographical indications (GI), and regional collective trademarks (JPO).

`read_reconciled(path, base)` reads a reconciliation result as OpenRefine exports it (a CSV with
a column of our IRIs and a column of Wikidata ids, `Q123` or `http://www.wikidata.org/entity/
Q123`, in any order and under any header) and `linkset(...)` makes the links as
`skos:closeMatch` triples with a `void:Linkset` that says where they came from (file name,
SHA-256, row count, time). Nothing is fetched from the network. docs/links.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID

from iackg.errors import InputError, Problem

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"  # the concept IRIs of Wikidata items
WD = Namespace(WIKIDATA_ENTITY)
_QID = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]{0,11})$")


# MAFF's page of a registered GI product: register/<number, 4 digits>/index.html (e.g. 0168);
# the register itself is https://www.maff.go.jp/j/shokusan/gi_act/register/index.html.
GI_REGISTER = "https://www.maff.go.jp/j/shokusan/gi_act/register/"
_NUMBER = re.compile(r"^(?:登録)?(?:番号)?(?:第)?\s*([0-9]+)\s*(?:号)?$")


def register_number(text: str) -> str | None:
    """The digits of a registration number as published: full-width digits, `第12号`,
    `登録第5012345号` (NFKC first); None when it is not one."""
    match = _NUMBER.match(unicodedata.normalize("NFKC", text).strip().removeprefix("GI"))
    if match is None:
        return None
    return match.group(1).lstrip("0") or None


def gi_iri(text: str) -> URIRef | None:
    """MAFF's page of the GI registered under the number in `text` (1 to 9999), else None."""
    number = register_number(text)
    if number is None or not 1 <= int(number) <= 9999:
        return None
    return URIRef(f"{GI_REGISTER}{int(number):04d}/index.html")


def trademark_number(text: str) -> str | None:
    """A JPO trademark registration number (7 digits) as published, else None."""
    number = register_number(text)
    return number if number is not None and len(number) == 7 else None


def register_entry(iri: str) -> str | None:
    """A readable name of a register entry we link to, in Japanese and English, else None."""
    if iri.startswith(WIKIDATA_ENTITY):
        qid = iri.removeprefix(WIKIDATA_ENTITY)
        return f"ウィキデータ Wikidata {qid}"
    match = re.fullmatch(re.escape(GI_REGISTER) + r"([0-9]{4})/index\.html", iri)
    if match:
        number = int(match.group(1))
        return f"地理的表示(GI)登録 第{number}号 MAFF geographical indication No. {number}"
    return None


@dataclass(frozen=True)
class Link:
    iri: str
    qid: str
    row: int


def wikidata_iri(text: str) -> URIRef | None:
    """The Wikidata item IRI for `Q123` or a Wikidata URL of an item, else None."""
    match = _QID.match(text.strip())
    return WD[match.group(1)] if match else None


def _problem(path: Path, row: int | None, column: str | None, ja: str, en: str) -> InputError:
    return InputError(Problem(path.name, row, column, ja, en))


def read_reconciled(path: Path, base: str) -> list[Link]:
    """The (our IRI, Q-id) pairs of a reconciliation result; rows without a Q-id are skipped
    (not reconciled); anything else that is not one of our IRIs or a Q-id is refused."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _problem(path, None, None, f"CSV を読めません: {exc}", f"cannot read: {exc}") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2:
        raise _problem(path, None, None, "データ行がありません", "no data rows under the header")
    header, body = rows[0], rows[1:]
    ours = f"{base.rstrip('/')}/id/"

    def column_where(test) -> int | None:
        for index in range(len(header)):
            values = [r[index].strip() for r in body if index < len(r) and r[index].strip()]
            if values and all(test(v) for v in values):
                return index
        return None

    iri_column = column_where(lambda v: v.startswith(ours))
    qid_column = column_where(lambda v: wikidata_iri(v) is not None)
    if iri_column is None or qid_column is None:
        missing = "our IRIs" if iri_column is None else "Wikidata ids (Q123)"
        missing_ja = "当グラフの IRI" if iri_column is None else "ウィキデータの ID"
        raise _problem(
            path,
            None,
            None,
            f"{missing_ja}だけの列がありません",
            f"no column holds only {missing}; expected one column of IRIs under {ours} and one "
            "of Q-ids, as OpenRefine exports a reconciled column",
        )
    links = []
    for number, row in enumerate(body, start=2):
        iri = row[iri_column].strip() if iri_column < len(row) else ""
        qid = row[qid_column].strip() if qid_column < len(row) else ""
        if not qid:
            continue
        if not iri:
            raise _problem(
                path, number, header[iri_column], "IRI がありません", "a Q-id without our IRI"
            )
        item = wikidata_iri(qid)
        assert item is not None  # the column holds only Q-ids
        links.append(Link(iri, str(item).removeprefix(WIKIDATA_ENTITY), number))
    return links


def linkset(links: list[Link], source: Path, base: str, now: dt.datetime | None = None) -> Graph:
    """The links as skos:closeMatch, with a void:Linkset saying where they came from."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("void", VOID)
    graph.bind("prov", PROV)
    graph.bind("wd", WD)
    node = URIRef(f"{base.rstrip('/')}/id/linkset/wikidata-{digest[:12]}")
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    graph.add((node, RDF.type, VOID.Linkset))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, VOID.linkPredicate, SKOS.closeMatch))
    graph.add((node, VOID.objectsTarget, URIRef("http://www.wikidata.org/")))
    graph.add((node, VOID.triples, Literal(len(links))))
    graph.add((node, DCTERMS.source, Literal(source.name)))
    graph.add((node, DCTERMS.identifier, Literal(f"sha256:{digest}")))
    graph.add((node, PROV.generatedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)))
    for link in links:
        graph.add((URIRef(link.iri), SKOS.closeMatch, WD[link.qid]))
    return graph
