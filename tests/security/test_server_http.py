"""HTTP framing, connection cap and slow clients (issue 10, findings 2 and 4), against a real
`iackg serve` subprocess."""

from __future__ import annotations

import contextlib
import resource
import socket
import time
from urllib.parse import quote

import pytest
from server_support import raw, statuses

pytestmark = pytest.mark.server
ASK = "/sparql?query=" + quote("ASK { ?s ?p ?o }")


def _post(length_headers: bytes, body: bytes = b"ASK { ?s ?p ?o }") -> bytes:
    return (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        + length_headers
        + b"\r\n"
        + body
    )


@pytest.fixture(scope="module")
def served(store_folder):
    from server_support import ServeProcess

    item = ServeProcess(
        store_folder, "--read-timeout", "1", "--max-connections", "64", "--workers", "2"
    )
    yield item
    item.stop()


def _alive(served) -> bool:
    answer = raw(served.host, served.port, f"GET {ASK} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), 5)
    return statuses(answer)[:1] == [200]


@pytest.mark.parametrize(
    "headers",
    [
        b"Content-Length: -1\r\n",
        b"Content-Length: +5\r\n",
        b"Content-Length: 5_0\r\n",
        b"Content-Length: 16\r\nContent-Length: 17\r\n",
        b"Content-Length: 0x10\r\n",
        b"Content-Length: 16\r\nTransfer-Encoding: chunked\r\n",
    ],
    ids=["minus one", "plus sign", "underscore", "duplicate", "hex", "length and chunked"],
)
def test_bad_content_length_is_refused_and_the_connection_closed(served, headers):
    big = b"A" * 100_000  # would be read to EOF if the length were ignored
    started = time.monotonic()
    answer = raw(served.host, served.port, _post(headers, big), wait=5)
    assert statuses(answer) == [400], answer[:300]
    assert time.monotonic() - started < 4, "the server closed the connection itself"
    assert _alive(served)


def test_a_body_on_get_is_not_read_as_a_second_request(served):
    smuggled = b"GET /doc/prefecture/14 HTTP/1.1\r\nHost: x\r\n\r\n"
    request = (
        f"GET {ASK} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(smuggled)}\r\n\r\n".encode()
        + smuggled
    )
    answer = raw(served.host, served.port, request, wait=3)
    assert statuses(answer) == [400], answer[:500]
    assert b"has no body" in answer


@pytest.mark.parametrize("method", ["OPTIONS", "PUT", "DELETE"])
def test_a_body_on_other_methods_is_not_a_second_request(served, method):
    smuggled = f"GET {ASK} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    request = (
        f"{method} /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: {len(smuggled)}\r\n\r\n".encode()
        + smuggled
    )
    answer = raw(served.host, served.port, request, wait=3)
    assert len(statuses(answer)) == 1, answer[:500]
    assert statuses(answer)[0] in (400, 405)


def test_a_body_over_the_limit_is_refused_from_its_length(served):
    answer = raw(served.host, served.port, _post(b"Content-Length: 300000000\r\n", b"x"), 5)
    assert statuses(answer) == [413]


def test_a_slow_client_is_cut_off_at_the_read_timeout(served):
    sock = socket.create_connection((served.host, served.port))
    sock.settimeout(5)
    started = time.monotonic()
    closed_after = None
    try:
        for byte in f"GET {ASK} HTTP/1.1\r\nHost: x\r\n".encode():
            sock.sendall(bytes([byte]))
            time.sleep(0.2)
            if time.monotonic() - started > 4:
                break
    except OSError:
        closed_after = time.monotonic() - started
    if closed_after is None:
        try:
            data = sock.recv(100)
            assert data == b"", data
        except ConnectionResetError:
            pass
        closed_after = time.monotonic() - started
    sock.close()
    assert closed_after < 4.5, "a trickling client was not cut off"
    assert _alive(served)


def test_a_thousand_idle_connections_do_not_lock_others_out(served):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 1100 + 200
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"this test needs {wanted} open files; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    idle = []
    try:
        for _ in range(1100):
            sock = socket.socket()
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                sock.connect((served.host, served.port))
            idle.append(sock)
        time.sleep(0.5)
        started = time.monotonic()
        answer = raw(served.host, served.port, f"GET {ASK} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        codes = statuses(answer)
        assert codes == [200], answer[:300]  # the oldest idle connection made room
        assert time.monotonic() - started < 3
        # Within the read timeout the idle ones are closed and everyone is served again.
        time.sleep(1.5)
        assert _alive(served)
    finally:
        for sock in idle:
            sock.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
