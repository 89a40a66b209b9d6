"""SERVICE can never make the endpoint connect anywhere (issue 10, finding 1).

Every bypass class found in the audit is sent over GET, POST form and POST direct to a real
`iackg serve`; a canary listener on 127.0.0.1 must receive nothing. Independently of the parse
check, a query worker cannot open a network socket at all: a SERVICE that reaches the engine
fails inside the worker, and the same test with the confinement switched off shows the canary
does hear such a query (so the test can fail)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil
import pytest
from lod_support import http
from server_support import ServeProcess

from iackg.server import safety
from iackg.server.pool import WorkerPool

PATTERN = "{{ ?s ?p ?o }}"
VARIANTS = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}> " + PATTERN + " }}",
    "silent, lower case": "select * where {{ service silent <{url}> " + PATTERN + " }}",
    "variable name": "SELECT * {{ VALUES ?u {{ <{url}> }} SERVICE ?u " + PATTERN + " }}",
    "VERSION 1.2": 'VERSION "1.2" SELECT * {{ SERVICE <{url}> ' + PATTERN + " }}",
    "LATERAL": "SELECT * {{ ?x ?y ?z LATERAL {{ SERVICE <{url}> " + PATTERN + " }} }}",
    "directional language tag": 'SELECT * {{ BIND("a"@en--ltr AS ?d) SERVICE <{url}> '
    + PATTERN
    + " }}",
    "triple term": "SELECT * {{ BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) SERVICE <{url}> "
    + PATTERN
    + " }}",
    "prefixed name": "PREFIX r: <{url}#> SELECT * {{ SERVICE r:x " + PATTERN + " }}",
    "glued prefixed name": "PREFIX : <{url}#> SELECT * {{ SERVICE:x " + PATTERN + " }}",
    "nested 34 deep": "SELECT * " + "{{ " * 34 + "SERVICE <{url}> " + PATTERN + " }}" * 34,
    "inside OPTIONAL": "SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?v }} }} }}",
    "inside FILTER EXISTS": "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?q ?v }} }} }}",
    "unicode escape": "SELECT * {{ SERVI\\u0043E <{url}> " + PATTERN + " }}",
    "comment between": "ASK {{ SERVICE#x\n<{url}> " + PATTERN + " }}",
    "escaped quote in a name": "PREFIX : <urn:x#> SELECT * {{ ?s ?p :a\\' . SERVICE <{url}> "
    + PATTERN
    + " ?s ?p :b\\' }}",
}


def _send(endpoint: str, how: str, query: str):
    if how == "GET":
        return http(f"{endpoint}?query={quote(query)}")
    if how == "POST form":
        return http(
            endpoint,
            data=urlencode({"query": query}).encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    return http(
        endpoint,
        data=query.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-query"},
    )


@pytest.fixture(scope="module")
def served(store_folder):
    item = ServeProcess(store_folder, "--time-limit", "5")
    yield item
    item.stop()


@pytest.mark.server
@pytest.mark.parametrize("how", ["GET", "POST form", "POST direct"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_service_variant_reaches_the_network(served, canary, variant, how):
    query = VARIANTS[variant].format(url=canary.url)
    status, _, body = _send(served.url + "/sparql", how, query)
    time.sleep(0.1)
    assert canary.connections == 0, (variant, how, body)
    assert status == 400, (variant, how, status, body)
    assert str(canary.port).encode() not in body  # no echo of the target or its answer


def test_every_variant_is_refused_by_the_check_itself():
    for variant, template in VARIANTS.items():
        with pytest.raises(safety.Refused):
            safety.check(template.format(url="http://127.0.0.1:9/"))
            pytest.fail(variant)


@pytest.mark.server
def test_running_workers_are_confined(served):
    workers = psutil.Process(served.process.pid).children()
    assert len(workers) == 2
    for worker in workers:
        lines = Path(f"/proc/{worker.pid}/status").read_text().splitlines()
        status = dict(line.split(":\t", 1) for line in lines if ":\t" in line)
        assert status["Seccomp"].strip() == "2" and status["NoNewPrivs"].strip() == "1"


def _engine_service(store_folder, canary, confined: bool) -> dict:
    """A SERVICE query handed straight to a worker, past the endpoint's check."""

    async def go():
        pool = WorkerPool(str(store_folder), None, size=1, confined=confined)
        await pool.start()
        try:
            query = f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
            return await pool.run({"op": "rows", "query": query, "bindings": {}}, 10.0)
        finally:
            await pool.close()

    return asyncio.run(go())


@pytest.mark.server
def test_a_service_that_reaches_the_engine_cannot_connect(store_folder, canary):
    answer = _engine_service(store_folder, canary, confined=True)
    time.sleep(0.2)
    assert canary.connections == 0
    assert answer["status"] == 500
    assert str(canary.port) not in answer["message"]  # the error text stays in the log


@pytest.mark.server
def test_without_the_confinement_the_same_query_would_connect(store_folder, canary):
    """The control for the test above: the canary hears an unconfined worker."""
    _engine_service(store_folder, canary, confined=False)
    time.sleep(0.2)
    assert canary.connections >= 1
    assert b"POST" in canary.received or b"GET" in canary.received
