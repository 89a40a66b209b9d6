"""Build into a real Virtuoso Open Source 7 server (Debian package `virtuoso-opensource`, the
engine behind DBpedia and many government LOD portals) over HTTP; every library query must
answer as the embedded store does. The server runs as a child of the test on free 127.0.0.1
ports with its own database in a temporary folder, and is stopped afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from iackg import queries
from iackg.build import build
from iackg.iris import Minter
from iackg.store import open_store
from iackg.store.remote import Endpoints

CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"
INSTALL = "apt-get install -y virtuoso-opensource"
pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 8
ServerThreads = 8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, system_program):
    binary = system_program("virtuoso-t", INSTALL, "/usr/bin/virtuoso-t")
    isql = system_program("isql-vt", INSTALL, "/usr/bin/isql-vt")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=sql, http=http))
    process = subprocess.Popen(
        [binary, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                log = folder / "virtuoso.log"
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"virtuoso did not start: {log.read_text(errors='replace')[-1500:]}"
                    )
                time.sleep(0.2)
        # The anonymous SPARQL user may update (the documented set-up in docs/stores.md).
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=30,
        )
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def remote_build(virtuoso):
    return build([CONTRACT], virtuoso, validate=False)


def test_virtuoso_endpoint_conventions():
    endpoints = Endpoints.guess("http://localhost:8890/sparql")
    assert endpoints == Endpoints(
        "http://localhost:8890/sparql",
        "http://localhost:8890/sparql",
        "http://localhost:8890/sparql-graph-crud",
    )


def test_build_into_virtuoso(remote_build, contract_build):
    store = remote_build.store
    assert remote_build.asserted == contract_build.asserted
    assert remote_build.inferred == contract_build.inferred
    ours = set(contract_build.store.graph_names())
    assert ours <= set(store.graph_names())  # Virtuoso keeps system graphs of its own too
    for graph in ours:
        assert store.count(graph) == contract_build.store.count(graph), graph


def test_rebuilding_into_virtuoso_changes_nothing(virtuoso, remote_build):
    store = open_store(virtuoso)
    before = {g: store.count(g) for g in store.graph_names()}
    build([CONTRACT], virtuoso, validate=False)
    assert {g: store.count(g) for g in store.graph_names()} == before


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
