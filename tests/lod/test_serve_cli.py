"""`iackg serve` as a user starts it, and a server over an in-memory store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from lod_support import QUERY_DIR, fill, free_port, http

from iackg import queries
from iackg.cli import main
from iackg.server.serving import server_for_store
from iackg.store import open_store

pytestmark = pytest.mark.server

SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.mark.parametrize("flags", [[], ["--in-memory"]])
def test_serve_command_answers_and_stops(store_dir, flags):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "iackg",
            "serve",
            "--store",
            str(store_dir),
            "--port",
            str(port),
            "--time-limit",
            "3",
            *flags,
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            try:
                status, _, body = http(
                    f"http://127.0.0.1:{port}/sparql?query=" + quote("ASK { ?s a ?c }"), timeout=5
                )
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        process.terminate()
        process.wait(10)
    said = process.stderr.read()
    assert "serving" in said and ("(in memory)" in said) == bool(flags)


def test_in_memory_workers_answer_as_the_folder_does(store_dir):
    """The same answers from workers that copied the store into memory: byte for byte where the
    query orders them, the same lines otherwise; blank nodes keep their labels."""
    from iackg.server.serving import make_server

    servers = [
        make_server(str(store_dir), workers=1, query_dir=QUERY_DIR, in_memory=memory)
        for memory in (False, True)
    ]
    texts = [
        "SELECT ?class ?restriction WHERE { ?class owl:equivalentClass ?restriction } "
        "ORDER BY ?class ?restriction",
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s)) }",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        *(query.text for query in queries.library().values()),
    ]
    prologue = "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    try:
        for server in servers:
            server.start()
        for text in texts:
            answers = []
            for server in servers:
                host, port = server.server_address[:2]
                url = f"http://{host}:{port}/sparql?query={quote(prologue + text)}"
                accept = "application/sparql-results+json, application/n-triples;q=0.9"
                status, _, body = http(url, headers={"Accept": accept})
                # in the order asked for; without ORDER BY the two stores may differ in order
                assert status == 200 and len(body) > 20, (text, body)
                answers.append(body if "ORDER BY" in text else sorted(body.split(b"\n")))
            assert answers[0] == answers[1], text
    finally:
        for server in servers:
            server.close()


def test_serve_refuses_a_missing_store(tmp_path, capsys):
    assert main(["serve", "--store", str(tmp_path / "nothing")]) == 2
    assert "iackg build" in capsys.readouterr().err
    assert main(["serve", "--store", "memory:"]) == 2
    assert main(["serve", "--store", str(tmp_path), "--time-limit", "0"]) == 2


def test_a_memory_store_is_served_by_copying_it_to_the_workers():
    store = open_store("memory:")
    fill(store)
    server = server_for_store(store, query_dir=QUERY_DIR)
    server.start()
    try:
        host, port = server.server_address[:2]
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        status, _, body = http(f"http://{host}:{port}/sparql?query={quote(q)}")
        assert status == 200
        served = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
        assert served == int(store.select(q)[0]["n"]) > 100
    finally:
        server.close()


@pytest.mark.parametrize("in_memory", [False, True])
def test_workers_follow_a_rebuilt_store_generation(tmp_path, in_memory):
    """A build swaps `STORE/current` to a new generation; the server moves to it (workers that
    copied the store into memory too)."""
    import os

    from rdflib import Graph, Literal, URIRef

    from iackg.server.app import Limits
    from iackg.server.pool import database_path
    from iackg.server.serving import make_server

    def generation(name: str, triples: int) -> str:
        """An Oxigraph database holding `triples` triples; returns its folder."""
        store = open_store(tmp_path / name)
        graph = Graph()
        for i in range(triples):
            graph.add((URIRef(f"urn:x:{i}"), URIRef("urn:x:p"), Literal(i)))
        store.replace_graph(URIRef("urn:x:g"), graph)
        store.close()
        return database_path(str(tmp_path / name))

    folder = tmp_path / "store"
    folder.mkdir()
    os.symlink(generation("one", 3), folder / "current")
    server = make_server(str(folder), workers=1, limits=Limits(time_limit=2.0), in_memory=in_memory)
    server.start()
    host, port = server.server_address[:2]
    q = quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    def count() -> int:
        status, _, body = http(f"http://{host}:{port}/sparql?query={q}")
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    try:
        assert count() == 3
        os.symlink(generation("two", 5), folder / ".next")
        os.replace(folder / ".next", folder / "current")
        assert count() == 5
        # A generation that cannot be opened: clear 503s naming the cause, then recovery.
        broken = tmp_path / "broken"
        broken.mkdir()
        (broken / "CURRENT").write_text("not a database")
        os.symlink(broken, folder / ".next")
        os.replace(folder / ".next", folder / "current")
        answers = [http(f"http://{host}:{port}/sparql?query={q}") for _ in range(2)]
        assert all(status == 503 for status, _, _ in answers)
        assert b"no query worker is running" in answers[1][2]
        os.symlink(generation("three", 7), folder / ".next")
        os.replace(folder / ".next", folder / "current")
        assert count() == 7
    finally:
        server.close()
