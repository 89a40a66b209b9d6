"""The HTTP server: uvicorn with h11 around `iackg.server.app.App`, plus two guards uvicorn lacks.

h11 parses strictly (one Content-Length of digits only, no smuggling by framing tricks); uvicorn
runs the event loop. Its HTTP protocol class is uvicorn's documented extension point; ours adds:

- a cap on open connections: a new connection beyond it first closes the oldest idle one (no
  request in progress), else it gets a clean `503` with Retry-After and is closed;
- a read deadline: a client must deliver each whole request within `read_timeout` seconds of
  connecting (or of its previous answer), however slowly it trickles bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from pathlib import Path
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from iackg.server.app import App, Limits
from iackg.server.pool import WorkerPool

_REFUSAL_BODY = b"the server has too many open connections; try again shortly\n"
REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nConnection: close\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\nAccess-Control-Allow-Origin: *\r\n"
    b"Content-Length: " + str(len(_REFUSAL_BODY)).encode() + b"\r\n\r\n" + _REFUSAL_BODY
)


class GuardedH11Protocol(H11Protocol):
    max_connections = 256
    read_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        if len(self.connections) > self.max_connections and not self._evict_idle():
            self.connections.discard(self)
            transport.write(REFUSAL)
            transport.close()
            return
        self._arm()

    def _busy(self) -> bool:
        """A request is being answered (read completely, response not finished)."""
        return self.cycle is not None and not self.cycle.response_complete

    def _evict_idle(self) -> bool:
        for other in list(self.connections):
            if other is not self and isinstance(other, GuardedH11Protocol) and not other._busy():
                other.transport.close()
                self.connections.discard(other)
                return True
        return False

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(self.read_timeout, self._too_slow)

    def _too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):  # the request is incomplete
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()  # type: ignore[union-attr]
        super().connection_lost(exc)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: uvicorn writes the head and the body separately, and
    # with Nagle's algorithm the body would wait ~40 ms for the client's delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


class Server:
    """A bound server with its own event loop thread. `start()` serves in the background;
    `serve_forever()` serves until `close()` (or Ctrl-C in the calling thread)."""

    temp_folder: Path | None = None  # a copy of a memory store's data, removed on close

    def __init__(self, app: App, host: str, port: int, forwarded_allow_ips: str | None = None):
        self.app = app
        self.socket = _bind(host, port)
        self.server_address: tuple[Any, ...] = self.socket.getsockname()
        self.loop = asyncio.new_event_loop()
        self._loop_thread = threading.Thread(
            target=self.loop.run_forever, name="iackg-server", daemon=True
        )
        self._loop_thread.start()
        protocol = type(
            "IackgH11Protocol",
            (GuardedH11Protocol,),
            {
                "max_connections": app.limits.max_connections,
                "read_timeout": app.limits.read_timeout,
            },
        )
        config = uvicorn.Config(
            app,
            http=protocol,
            lifespan="off",
            access_log=app.verbose,
            log_level="info" if app.verbose else "warning",
            timeout_keep_alive=max(1, int(app.limits.read_timeout)),
            proxy_headers=forwarded_allow_ips is not None,
            forwarded_allow_ips=forwarded_allow_ips,
            h11_max_incomplete_event_size=16 * 1024,
            server_header=False,
        )
        self._uvicorn = uvicorn.Server(config)
        self._serving: Any = None
        self._closed = threading.Event()

    def run_in_loop(self, coroutine) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def start(self) -> None:
        self.app.loop = self.loop
        self._serving = asyncio.run_coroutine_threadsafe(
            self._uvicorn.serve(sockets=[self.socket]), self.loop
        )

    def serve_forever(self) -> None:
        self.start()
        try:
            self._closed.wait()
        finally:
            self.close()

    def close(self) -> None:
        """Stop serving, stop the workers, free the port."""
        import shutil

        if self._closed.is_set():
            return
        self._closed.set()
        if self._serving is not None and not self._serving.done():
            self._uvicorn.should_exit = True
            with contextlib.suppress(Exception):  # shutting down anyway
                self._serving.result(timeout=10)
        with contextlib.suppress(Exception):
            self.run_in_loop(self.app.pool.close())
        self.app.close()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._loop_thread.join(5)
        if not self._loop_thread.is_alive():
            self.loop.close()
        self.socket.close()
        if self.temp_folder:
            shutil.rmtree(self.temp_folder, ignore_errors=True)

    # the names of `socketserver`, for callers written against the old server
    def shutdown(self) -> None:
        self.close()

    def server_close(self) -> None:
        self.close()


def make_server(
    location: str | None,
    *,
    nquads: str | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    base: str | None = None,
    limits: Limits | None = None,
    workers: int = 2,
    verbose: bool = False,
    query_dir=None,
    confined: bool = True,
    forwarded_allow_ips: str | None = None,
    in_memory: bool = False,
) -> Server:
    """A bound server whose workers are running, over a store folder (with `in_memory`, each
    worker's copy of it in memory) or an N-Quads file. Raises `OSError` (cannot listen) or
    `WorkerFailed` (workers cannot start)."""
    from iackg.vocab import DEFAULT_BASE

    limits = limits or Limits()
    pool = WorkerPool(location, nquads, size=workers, confined=confined, in_memory=in_memory)
    app = App(pool, (base or DEFAULT_BASE).rstrip("/"), limits, verbose, query_dir)
    server = Server(app, host, port, forwarded_allow_ips)
    try:
        server.run_in_loop(pool.start())
    except BaseException:
        server.close()
        raise
    return server


def server_for_store(store, **options) -> Server:
    """A server over an open `iackg.store.Store`: its folder, or for `memory:` a copy of its data
    that every worker loads (workers are separate processes and cannot share memory)."""
    import shutil
    import tempfile

    if store.location != "memory:":
        return make_server(store.location, **options)
    from rdflib import Dataset

    dataset = Dataset()
    rows = store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    for row in rows:
        dataset.add((row["s"], row["p"], row["o"], row["g"]))
    folder = Path(tempfile.mkdtemp(prefix="iackg-serve-"))
    path = folder / "data.nq"
    dataset.serialize(destination=str(path), format="nquads")
    try:
        server = make_server(None, nquads=str(path), **options)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    server.temp_folder = folder
    return server
