"""A SPARQL 1.1 server as the store: Protocol queries (SPARQLWrapper), SPARQL Update and the
Graph Store Protocol for writing. `docs/stores.md` gives the URLs of Oxigraph server, Fuseki and
GraphDB.

The default graph is the union of the named graphs everywhere: every query is sent with one
`default-graph-uri` per named graph (standard SPARQL 1.1 Protocol, so no server setting is
needed). Servers do not take pre-bound variables, so bindings become a `VALUES` block placed
at the start of the query's top-level WHERE group, written from validated terms.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from iackg.errors import IackgError, QueryError, StoreError
from iackg.store.base import Row, Store, Triple
from iackg.store.sparqltext import inject_values
from iackg.store.terms import from_sparql_json, ntriples_term

NO_GRAPH = "urn:iackg:no-graph"
RAW: list = []  # a marker for `graphs=`: send no dataset, use the server's own


STAGING_CHUNK = 1_000  # triples per INSERT DATA request when a build is installed


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str

    @classmethod
    def guess(cls, url: str, update: str | None = None, graph_store: str | None = None):
        """Endpoints from one URL, by the conventions of the common servers (docs/stores.md).

        - Oxigraph server: `http://host:7878` -> /query, /update, /store
        - Fuseki: `http://host:3030/DATASET` (or .../DATASET/sparql) -> /sparql, /update, /data
        - GraphDB: `http://host:7200/repositories/REPO` -> itself, /statements, /rdf-graphs/service
        - Virtuoso: `http://host:8890/sparql` -> itself (queries and updates), /sparql-graph-crud
        """
        parts = urllib.parse.urlsplit(url)
        path = parts.path.rstrip("/")

        def at(p: str) -> str:
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, p, parts.query, ""))

        if "/repositories/" in path:
            repo = path
            query, upd, gsp = at(repo), at(repo + "/statements"), at(repo + "/rdf-graphs/service")
        elif path == "/sparql":
            query, upd, gsp = at(path), at(path), at("/sparql-graph-crud")
        elif path in ("", "/query", "/update", "/store"):
            query, upd, gsp = at("/query"), at("/update"), at("/store")
        else:
            dataset = path.rsplit("/", 1)[0] if path.endswith(("/sparql", "/query")) else path
            query, upd, gsp = (
                at(path if dataset != path else path + "/sparql"),
                at(dataset + "/update"),
                at(dataset + "/data"),
            )
        return cls(query, update or upd, graph_store or gsp)


class RemoteStore(Store):
    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 300.0,
    ):
        self.location = url
        self.endpoints = Endpoints.guess(url, update_url, graph_store_url)
        self.timeout = timeout

    # --- reading ------------------------------------------------------------------------
    def _wrapper(self, sparql: str, bindings, graphs, fmt) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoints.query)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setTimeout(int(self.timeout))
        client.setReturnFormat(fmt)
        if bindings:  # also into OPTIONAL groups, for Virtuoso (see inject_values)
            sparql = inject_values(sparql, bindings, into_optionals=True)
        client.setQuery(sparql)
        if graphs is RAW:  # the server's own dataset: every named graph for GRAPH ?g
            return client
        for graph in self.graph_names() if graphs is None else graphs:
            client.addParameter("default-graph-uri", str(graph))
        if graphs is not None and not graphs:
            client.addParameter("default-graph-uri", NO_GRAPH)
        return client

    def _call(self, client: SPARQLWrapper):
        try:
            return client.query()
        except QueryBadFormed as exc:
            raise QueryError(f"malformed SPARQL query: {exc}") from exc
        except SPARQLWrapperException as exc:
            raise QueryError(f"the server refused the query: {exc}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.location}: {exc}") from exc

    def _json(self, sparql, bindings, graphs) -> dict:
        result = self._call(self._wrapper(sparql, bindings, graphs, JSON)).convert()
        if not isinstance(result, dict):
            raise QueryError("the server did not answer in SPARQL JSON")
        return result

    def select(self, sparql, bindings=None, *, graphs=None) -> list[Row]:
        return self.select_table(sparql, bindings, graphs=graphs)[1]

    def select_table(self, sparql, bindings=None, *, graphs=None) -> tuple[list[str], list[Row]]:
        result = self._json(sparql, bindings, graphs)
        if "results" not in result:
            raise QueryError("expected a SELECT query")
        names = result["head"].get("vars", [])
        rows = [
            {n: from_sparql_json(b.get(n)) for n in names} for b in result["results"]["bindings"]
        ]
        return names, rows

    def ask(self, sparql, bindings=None, *, graphs=None) -> bool:
        result = self._json(sparql, bindings, graphs)
        if "boolean" not in result:
            raise QueryError("expected an ASK query")
        return bool(result["boolean"])

    def construct(self, sparql, bindings=None, *, graphs=None) -> Graph:
        response = self._call(self._wrapper(sparql, bindings, graphs, TURTLE)).response
        data = response.read()
        graph = Graph()
        try:
            graph.parse(data=data, format="turtle")
        except Exception as exc:  # rdflib raises many kinds
            raise QueryError(f"expected a CONSTRUCT or DESCRIBE query ({exc})") from exc
        return graph

    def graph_names(self) -> list[URIRef]:
        """The server's named graphs. `GRAPH ?g { }` is the cheap standard form; Virtuoso answers
        it with one unbound row, and then the graphs are found from their triples, grouped: the
        same answer as `SELECT DISTINCT ?g`, which Virtuoso 7 took 4.7 s to give on a store of a
        few thousand triples (before every query), against 5 ms for the grouped form."""
        bindings = self._graph_rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        if any("g" not in b for b in bindings):
            bindings = self._graph_rows("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted(URIRef(b["g"]["value"]) for b in bindings if "g" in b)

    def _graph_rows(self, sparql: str) -> list[dict]:
        client = SPARQLWrapper(self.endpoints.query)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setReturnFormat(JSON)
        client.setQuery(sparql)
        result = self._call(client).convert()
        if not isinstance(result, dict):
            raise QueryError("the server did not answer in SPARQL JSON")
        return list(result["results"]["bindings"])

    def count(self, graph: URIRef | None = None) -> int:
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        bindings = None if graph is None else {"g": URIRef(graph)}
        return int(str(self.select(query, bindings, graphs=RAW)[0]["n"]))

    # --- writing ------------------------------------------------------------------------
    def _post(self, url: str, body: bytes, content_type: str, method: str = "POST") -> None:
        request = urllib.request.Request(
            url, data=body, method=method, headers={"Content-Type": content_type}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            kind = QueryError if exc.code == 400 else StoreError
            raise kind(f"the server at {url} refused the update ({exc.code}): {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from exc

    def update(self, sparql: str) -> None:
        content_type = "application/sparql-update; charset=utf-8"
        self._post(self.endpoints.update, sparql.encode("utf-8"), content_type)

    def _stage(self, scratch, graph: URIRef, stage: URIRef) -> None:
        """Write the scratch store's `graph` into `stage`: chunks of INSERT DATA (SPARQL Update
        rather than the Graph Store Protocol, because Virtuoso 7 stores xsd:date literals put
        through its GSP so that `<=` no longer orders them), or, for a graph with blank nodes,
        one GSP PUT (a blank node label holds only within one request or operation)."""
        import pyoxigraph as ox

        name = ox.NamedNode(str(graph))
        dump = scratch.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        if any(
            isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
            for q in scratch.oxigraph.quads_for_pattern(None, None, None, name)
        ):
            url = f"{self.endpoints.graph_store}?graph={urllib.parse.quote(str(stage), safe='')}"
            self._post(url, dump, "application/n-triples", method="PUT")
            return
        lines = dump.decode("utf-8").splitlines()
        for start in range(0, len(lines), STAGING_CHUNK):
            chunk = "\n".join(lines[start : start + STAGING_CHUNK])
            self.update(f"INSERT DATA {{ GRAPH {ntriples_term(stage)} {{\n{chunk}\n}} }}")

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        """Graph Store Protocol PUT: the server replaces the graph in one step."""
        body = "".join(
            f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} .\n" for s, p, o in triples
        )
        url = f"{self.endpoints.graph_store}?graph={urllib.parse.quote(str(name), safe='')}"
        self._post(url, body.encode("utf-8"), "application/n-triples", method="PUT")

    def install(self, scratch, *, prefix: str) -> None:
        """Each new graph is first written to a staging graph in requests of a bounded size
        (Virtuoso's SPARQL compiler refuses one update with a whole build: "memory exhausted",
        "generated SQL text has exceeded 10000 lines"), then one SPARQL Update request (one
        transaction on the server) drops the old graphs and moves the new ones in. A failure
        before that request leaves the graphs as they were."""
        token = uuid.uuid4().hex
        staged: list[tuple[URIRef, URIRef]] = []
        try:
            for graph in scratch.graph_names():
                if str(graph).startswith(prefix):
                    stage = URIRef(f"urn:iackg:staging:{token}:{len(staged)}")
                    staged.append((stage, graph))
                    self._stage(scratch, graph, stage)
            operations = [
                f"DROP SILENT GRAPH {ntriples_term(g)}"
                for g in self.graph_names()
                if str(g).startswith(prefix)
            ]
            operations += [f"MOVE {ntriples_term(s)} TO {ntriples_term(g)}" for s, g in staged]
            self.update(" ;\n".join(operations) if operations else "INSERT DATA { }")
        except BaseException:
            for stage, _ in staged:
                with contextlib.suppress(IackgError):
                    self.update(f"DROP SILENT GRAPH {ntriples_term(stage)}")
            raise


def install_update(scratch, existing: Sequence[URIRef], prefix: str) -> str:
    """The update that drops every graph under `prefix` and inserts the scratch store's."""
    import pyoxigraph as ox

    parts = [f"DROP SILENT GRAPH {ntriples_term(g)}" for g in existing if str(g).startswith(prefix)]
    for graph in scratch.graph_names():
        if not str(graph).startswith(prefix):
            continue
        data = scratch.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        body = f"GRAPH {ntriples_term(graph)} {{\n{data.decode('utf-8')}\n}}"
        if any(
            isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
            for q in scratch.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ):
            # Blank nodes in INSERT DATA are standard but Virtuoso refuses them ("not allowed in
            # a constant clause"); a template with an empty WHERE inserts the same triples.
            parts.append(f"INSERT {{ {body} }} WHERE {{ }}")
        else:
            parts.append(f"INSERT DATA {{ {body} }}")
    return " ;\n".join(parts) if parts else "INSERT DATA { }"
