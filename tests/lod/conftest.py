"""Fixtures for the linked-data tests: a store folder built from the contract example (plus a
record with hostile names), and a real server on 127.0.0.1 over it."""

from __future__ import annotations

import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from iackg import paths
from iackg.errors import ResourceNotFound
from iackg.iris import Minter
from iackg.store import open_store

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "data" / "contract-example.ttl"
QUERY_DIR = HERE / "queries"
TIME_LIMIT = 2.0
ROW_LIMIT = 200


def ontology_graph() -> Graph:
    graph = Graph()
    try:
        files = paths.ontology_files()
    except ResourceNotFound:
        files = []
    for path in files or [HERE / "data" / "mini-ontology.ttl"]:
        graph.parse(path)
    return graph


def fill(store) -> None:
    minter = Minter()
    store.replace_graph(minter.graph("source/contract-example"), Graph().parse(EXAMPLE))
    store.replace_graph(minter.graph("source/hostile"), Graph().parse(HERE / "data" / "hostile.ttl"))
    store.replace_graph(minter.graph("ontology"), ontology_graph())


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    store = open_store(folder)
    fill(store)
    store.close()
    return folder


@pytest.fixture(scope="session")
def store(store_dir):
    return open_store(store_dir)


def library_dir() -> Path:
    """The bundled queries/ when present (from the build branch), else the tests' own."""
    try:
        folder = paths.bundled("queries")
    except ResourceNotFound:
        return QUERY_DIR
    return folder if any(folder.glob("*.rq")) else QUERY_DIR


@pytest.fixture(scope="session")
def server(store_dir):
    from iackg.server.app import Limits, make_server

    limits = Limits(time_limit=TIME_LIMIT, row_limit=ROW_LIMIT, max_query_bytes=32 * 1024)
    srv = make_server(str(store_dir), limits=limits, workers=2, query_dir=library_dir())
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    srv.app.pool.close()
    thread.join(5)


@pytest.fixture(scope="session")
def base_url(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture(scope="session")
def endpoint(base_url) -> str:
    return base_url + "/sparql"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http(url: str, *, data: bytes | None = None, headers: dict | None = None,
         method: str | None = None, follow: bool = True, timeout: float = 30):
    """(status, headers, body) of one request; never raises on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()
