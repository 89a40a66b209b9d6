"""Hostile requests: federated queries, updates, runaway queries and huge bodies."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode, urlsplit

import psutil
import pytest
from lod_support import TIME_LIMIT, http

from iackg.server import safety

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    item = Listener()
    yield item
    item.close()


def triple_count(endpoint) -> int:
    status, _, body = http(f"{endpoint}?query={quote(COUNT)}")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_listener_really_records_connections(listener):
    """The probe used below works: a direct request to it is seen."""
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    time.sleep(0.3)
    assert listener.connections == 1


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX iac: <https://w3id.org/iackg/ontology#>\n"
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }} }}",
        "ASK {{ SERVICE#comment\n<{url}> {{ ?s ?p ?o }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_nothing_is_fetched(endpoint, listener, template):
    query = template.format(url=f"http://127.0.0.1:{listener.port}/sparql")
    for method in ("GET", "POST"):
        if method == "GET":
            status, _, body = http(f"{endpoint}?query={quote(query)}")
        else:
            status, _, body = http(
                endpoint,
                data=query.encode(),
                method="POST",
                headers={"Content-Type": "application/sparql-query"},
            )
        assert status == 400, body
        assert b"SERVICE" in body
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "PREFIX x: <urn:x:>\nDELETE { ?s ?p ?o } INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_every_way(endpoint, update):
    before = triple_count(endpoint)
    attempts = [
        http(f"{endpoint}?query={quote(update)}"),
        http(f"{endpoint}?update={quote(update)}"),
        http(
            endpoint,
            data=urlencode({"update": update}).encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        http(
            endpoint,
            data=urlencode({"query": update}).encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        http(
            endpoint,
            data=update.encode(),
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        ),
        http(
            endpoint,
            data=update.encode(),
            method="POST",
            headers={"Content-Type": "application/sparql-query"},
        ),
    ]
    for status, _, body in attempts:
        assert status == 400, body
        assert b"read-only" in body
    assert triple_count(endpoint) == before


def test_load_is_refused_and_nothing_is_fetched(endpoint, listener):
    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    for text in (f"LOAD <{url}>", f"LOAD SILENT <{url}> INTO GRAPH <urn:x:g>"):
        status, _, body = http(
            endpoint,
            data=urlencode({"update": text}).encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 400
        status, _, body = http(f"{endpoint}?query={quote(text)}")
        assert status == 400 and b"LOAD" in body
    time.sleep(0.3)
    assert listener.connections == 0


def test_a_runaway_query_is_killed_at_the_time_limit(server, endpoint):
    # Five unconstrained triple patterns: (triples)^5, about 10^10 solutions to count.
    runaway = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    )
    before = set(server.app.pool.pids())
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        future = pool.submit(http, f"{endpoint}?query={quote(runaway)}")
        time.sleep(0.3)
        # Meanwhile the other worker keeps answering, quickly.
        quick = []
        while not future.done():
            t = time.monotonic()
            status, _, _ = http(f"{endpoint}?query={quote('ASK { ?s ?p ?o }')}")
            quick.append((status, time.monotonic() - t))
            time.sleep(0.1)
        status, _, body = future.result()
        elapsed = time.monotonic() - started
    assert status == 503, body
    assert b"time limit" in body
    assert TIME_LIMIT <= elapsed < TIME_LIMIT + 1.5, elapsed
    assert len(quick) >= 5 and all(s == 200 and d < 1.0 for s, d in quick), quick
    killed = before - set(server.app.pool.pids())
    assert len(killed) == 1, "exactly the busy worker is replaced"
    assert not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in killed
    ), "the runaway worker is still running"
    deadline = time.monotonic() + 10
    while len(server.app.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(server.app.pool.pids()) == 2, "the pool was refilled"


def test_a_huge_body_is_refused_without_reading_it(endpoint):
    """Declare a 10 MiB body, send only its first 64 KiB, and read what the server really
    sends: a 413 before the rest of the body (a server that waited for it would time out)."""
    url = urlsplit(endpoint)
    declared = 10 * 1024 * 1024
    head = (
        f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Content-Type: application/sparql-query\r\nContent-Length: {declared}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    started = time.monotonic()
    response = b""
    with socket.create_connection((url.hostname, url.port), timeout=5) as sock:
        sock.sendall(head)
        with contextlib.suppress(OSError):  # the server stopped reading: its answer counts
            sock.sendall(b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 65536)
        while time.monotonic() - started < 5:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            response += chunk
    status_line = response.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 413"), response[:300]
    assert b"limit" in response
    assert time.monotonic() - started < 5
    assert triple_count(endpoint) > 0  # still answering


def test_a_huge_query_in_the_url_is_refused(endpoint):
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 40_000
    status, _, _ = http(f"{endpoint}?query={quote(query)}")
    assert status in (413, 414)
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_000
    status, _, _ = http(f"{endpoint}?query={quote(query)}")
    assert status in (413, 414)
    assert triple_count(endpoint) > 0


def test_malformed_query_gets_a_readable_400(endpoint):
    status, headers, body = http(f"{endpoint}?query={quote('SELECT ?x WHERE { ?x ?p }')}")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert b"malformed SPARQL query" in body


def test_non_utf8_query_is_400(endpoint):
    status, _, _ = http(
        endpoint,
        data='SELECT * WHERE { ?s ?p "é" }'.encode("latin-1"),
        method="POST",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 400


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> and INSERT DATA" }',
        "PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:service ?o ; ex:insert ?x }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE LOAD DROP in a comment",
        "SELECT ?service ?load WHERE { ?service ?load ?o }",
        'SELECT * WHERE { ?s ?p "x"@en-add }',
    ],
)
def test_keywords_in_strings_names_and_comments_are_fine(text):
    assert safety.check(text).names_dataset is False


def test_the_check_finds_service_and_updates():
    with pytest.raises(safety.Refused):
        safety.check("SELECT * WHERE { ?a ?b ?c { SERVICE <http://x/> { ?s ?p ?o } } }")
    with pytest.raises(safety.Refused):
        safety.check("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert safety.check("ASK FROM <urn:g> { ?s ?p ?o }").names_dataset


def test_a_strange_host_header_does_not_break_queries(endpoint):
    from lod_support import raw_http

    for host in ("evil.example/<x>", "a b", "", "[::1", "x" * 300):
        headers = {"Host": host} if host else {}
        status, _, body = raw_http(
            endpoint,
            method="POST",
            body=b"ASK { ?s ?p ?o }",
            headers={
                **headers,
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        assert status in (200, 400), body


def test_deeply_nested_query_fails_cleanly_and_the_server_lives_on(endpoint):
    depth = 3000
    query = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth
    status, _, body = http(
        endpoint,
        data=query.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 400 and b"nested" in body, body
    assert triple_count(endpoint) > 0


def test_html_pages_carry_a_content_security_policy(base_url):
    for path in ("/", "/doc/resource/13-hostile0001"):
        status, headers, _ = http(base_url + path, headers={"Accept": "text/html"})
        assert status == 200
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
