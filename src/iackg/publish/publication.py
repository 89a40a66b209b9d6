"""`publish(store, out, ...)`: write the whole static publication into a folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from iackg.errors import UsageError
from iackg.publish import catalogue, describe, rdfwrite, site, webserver
from iackg.publish.dumps import layer_of, write_dumps
from iackg.publish.ontology_docs import ontology_page

MARKER = ".iackg-publication"
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
SOURCE_FILES = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
SELECT DISTINCT ?file WHERE { ?t a iac:SourceTable ; iac:fileName ?file } ORDER BY ?file
"""


@dataclass
class Publication:
    folder: Path
    files: int
    pages: int
    triples: dict[str, int]


def default_date() -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def canonical_quads(quads: list) -> list:
    """Blank nodes relabelled canonically (per graph), so their labels do not depend on how the
    store or the parser happened to name them: the dumps stay byte-identical between builds."""
    from collections import defaultdict

    from rdflib import BNode, Graph
    from rdflib.compare import to_canonical_graph

    with_bnodes: dict = defaultdict(Graph)
    result = []
    for s, p, o, g in quads:
        if isinstance(s, BNode) or isinstance(o, BNode):
            with_bnodes[g].add((s, p, o))
        else:
            result.append((s, p, o, g))
    for g, graph in with_bnodes.items():
        result.extend((s, p, o, g) for s, p, o in to_canonical_graph(graph))
    return result


def prepare_folder(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise UsageError(f"{out} is not empty; choose an empty folder or add --force")
        if (out / MARKER).is_file():  # only ever delete an earlier publication
            for child in out.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def publish(
    store,
    out: str | Path,
    *,
    base: str,
    site_url: str | None = None,
    endpoint: str | None = None,
    publisher: str = "iackg developers",
    modified: str | None = None,
    issued: str | None = None,
    attributions: list[str] | None = None,
    force: bool = False,
) -> Publication:
    out = Path(out)
    base = base.rstrip("/")
    prepare_folder(out, force)
    site_url = (site_url or base).rstrip("/")
    modified = modified or default_date()
    settings = catalogue.Settings(
        site_url, base, endpoint, publisher, modified, issued or modified, attributions or []
    )
    quads = canonical_quads([(r["s"], r["p"], r["o"], r["g"]) for r in store.select(ALL_QUADS)])
    (out / MARKER).write_text("made by `iackg publish`; --force may replace this folder\n")
    dumps = write_dumps(out, quads, base)
    sources = [str(r["file"]) for r in store.select(SOURCE_FILES)]
    lines = catalogue.attribution_lines(sources, settings.attributions)
    (out / "ATTRIBUTION.md").write_text(
        catalogue.attribution_text(lines, settings), encoding="utf-8"
    )
    void = catalogue.void_triples(quads, settings, dumps)
    (out / "void.ttl").write_text(
        rdfwrite.turtle(void, "VoID description of iackg"), encoding="utf-8"
    )
    dcat = catalogue.dcat_triples(settings, dumps, lines)
    (out / "catalog.ttl").write_text(
        rdfwrite.turtle(dcat, "DCAT catalogue of iackg"), encoding="utf-8"
    )
    (out / "catalog.jsonld").write_text(rdfwrite.jsonld(dcat, "context.jsonld"), encoding="utf-8")
    labels = describe.term_labels(store.select)
    kinds = site.write_resource_pages(out, store, quads, base, labels)
    triples: dict[str, int] = {}
    for dump in dumps:
        triples[dump.layer] = dump.triples
    counts = {f"{layer} triples": n for layer, n in triples.items()}
    (out / "index.html").write_text(
        site.index_page(store, kinds, labels, dumps, counts), encoding="utf-8"
    )
    (out / "ontology.html").write_text(ontology_page(store.select, root=""), encoding="utf-8")
    webserver.write_server_config(out)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    pages = sum(len(v) for v in kinds.values())
    return Publication(out, files, pages, triples)


__all__ = ["Publication", "layer_of", "publish"]
