"""Build into a real Oxigraph server over HTTP; every library query must answer as embedded."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from iackg import queries
from iackg.build import build
from iackg.errors import QueryError, StoreError
from iackg.iris import Minter
from iackg.store import open_store
from iackg.store.remote import Endpoints

CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"
pytestmark = pytest.mark.server


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = oxigraph_binary()
    assert binary, "the oxigraph server is not installed: pip install -e '.[test]'"
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"oxigraph exited: {process.stderr.read().decode()}")
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def remote_build(server):
    return build([CONTRACT], server)


def test_build_over_http(remote_build, contract_build):
    assert remote_build.asserted == contract_build.asserted
    assert remote_build.inferred == contract_build.inferred
    store = remote_build.store
    assert store.graph_names() == contract_build.store.graph_names()
    assert store.count() == contract_build.store.count()


def test_rebuilding_over_http_changes_nothing(server, remote_build):
    store = open_store(server)
    before = store.count()
    build([CONTRACT], server)
    assert store.count() == before


@pytest.mark.parametrize("name", sorted(queries.library()))
def test_every_library_query_answers_the_same(
    remote_build, contract_build, name, with_required_dates
):
    query = queries.library()[name]
    values = {"name": "tuna"} if name == "resource-search" else {}
    bindings = query.bindings(with_required_dates(query, values), minter=Minter())
    remote_columns, remote_rows = remote_build.store.select_table(query.text, bindings)
    columns, rows = contract_build.store.select_table(query.text, bindings)
    assert remote_columns == columns

    def key(rows):
        return sorted(tuple(str(r[c]) for c in columns) for r in rows)

    assert key(remote_rows) == key(rows)


def test_graph_store_put_and_bound_values(server):
    store = open_store(server)
    graph = URIRef("http://example.org/graph/put")
    hostile = Literal('x" } ; DROP ALL ; #')
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    store.replace_graph(graph, [(s, p, hostile), (s, p, Literal("二"))])
    assert store.count(graph) == 2
    store.replace_graph(graph, [(s, p, hostile)])
    assert store.count(graph) == 1
    rows = store.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": hostile})
    assert [r["s"] for r in rows] == [s]
    assert store.ask("ASK { ?s ?p ?o }", {"o": hostile})
    assert len(store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"o": hostile})) == 1
    store.update(f"DROP GRAPH <{graph}>")
    assert graph not in store.graph_names()


def test_server_errors(server):
    store = open_store(server)
    with pytest.raises(QueryError):
        store.select("SELECT ?x WHERE { ?x ")
    with pytest.raises(StoreError, match="cannot reach"):
        open_store(f"http://127.0.0.1:{free_port()}").select("SELECT * WHERE { ?s ?p ?o }")


def test_endpoint_conventions():
    oxigraph = Endpoints.guess("http://localhost:7878")
    assert oxigraph == Endpoints(
        "http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store"
    )
    fuseki = Endpoints.guess("http://localhost:3030/iac/sparql")
    assert fuseki.update == "http://localhost:3030/iac/update"
    assert fuseki.graph_store == "http://localhost:3030/iac/data"
    assert Endpoints.guess("http://localhost:3030/iac").query == "http://localhost:3030/iac/sparql"
    graphdb = Endpoints.guess("http://localhost:7200/repositories/iac")
    assert graphdb.query == "http://localhost:7200/repositories/iac"
    assert graphdb.update == "http://localhost:7200/repositories/iac/statements"
    assert graphdb.graph_store == "http://localhost:7200/repositories/iac/rdf-graphs/service"
    custom = Endpoints.guess("http://h/q", update="http://h/u", graph_store="http://h/g")
    assert (custom.update, custom.graph_store) == ("http://h/u", "http://h/g")


def test_reason_over_http_matches_the_build(server, remote_build):
    from iackg.reasoning import reason

    store = open_store(server)
    result = reason(store)
    assert result.inferred == remote_build.inferred
    assert store.count(result.graph) == remote_build.inferred
