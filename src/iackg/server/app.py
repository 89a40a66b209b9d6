"""The HTTP server: SPARQL 1.1 Protocol at /sparql, dereferenceable URIs, the query page.

Stdlib `ThreadingHTTPServer`: one thread per connection, so a slow query never blocks the others;
the queries themselves run in killable worker processes (`iackg.server.pool`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from iackg.reconcile.index import Index
from iackg.reconcile.index import load as load_index
from iackg.server import reconcile, safety
from iackg.server.pool import Busy, TimeLimitExceeded, WorkerPool
from iackg.server.resources import Resources

# Pages may run only our own script file: injected markup could not run script even if it
# slipped through the escaping.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")
_RESOURCE_PATH = re.compile(r"^/(id|doc)/([A-Za-z0-9._-]+)/([A-Za-z0-9._-]+)$")


@dataclass
class Limits:
    time_limit: float = 10.0  # seconds per query
    row_limit: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    max_query_bytes: int = 32 * 1024  # size of a query text or request body


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Handler(BaseHTTPRequestHandler):
    server_version = "iackg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a connection may sit idle or trickle its request (slow clients)
    app: App  # set on the subclass made by `make_server`

    def log_message(self, format, *args):
        if self.app.verbose:
            super().log_message(format, *args)

    # --- responses ------------------------------------------------------------------
    def send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Iackg-Truncated, Iackg-Row-Limit")
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        if ctype.startswith("text/html"):
            self.send_header("Content-Security-Policy", CSP)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error_text(self, status: int, message: str, close: bool = False) -> None:
        headers = {"Connection": "close"} if close else None
        if close:
            self.close_connection = True
        self.send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    # --- verbs ----------------------------------------------------------------------
    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self.send_error_text(405, "method not allowed: this server is read-only")

    do_DELETE = do_PATCH = do_PUT

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == "/sparql":
                self._sparql(method, url.query)
            elif reconcile.handles(url.path):
                self._reconcile(method, url.path, url.query)
            elif method != "GET":
                raise HttpError(405, "method not allowed: only /sparql accepts POST")
            elif (match := _RESOURCE_PATH.match(url.path)) is not None:
                self._resource(*match.groups())
            else:
                self._static(url.path, url.query)
        except HttpError as exc:
            self.send_error_text(exc.status, exc.message, close=exc.status == 413)
        except Exception as exc:
            self.send_error_text(500, f"internal error: {type(exc).__name__}: {exc}")

    # --- /sparql ----------------------------------------------------------------------
    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            raise HttpError(411, "a POST needs a Content-Length header")
        try:
            size = int(length)
        except ValueError:
            raise HttpError(400, "Content-Length is not a number") from None
        if size > self.app.limits.max_query_bytes:
            raise HttpError(
                413,
                f"request body of {size} bytes is larger than the limit of "
                f"{self.app.limits.max_query_bytes} bytes",
            )
        return self.rfile.read(size)

    def _sparql(self, method: str, query_string: str) -> None:
        params = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            raw_type = self.headers.get("Content-Type") or ""
            ctype = raw_type.split(";")[0].strip().lower()
            charset = re.search(r"charset\s*=\s*\"?([\w.-]+)", raw_type, re.IGNORECASE)
            if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
                raise HttpError(400, f"queries must be UTF-8, not {charset.group(1)}")
            body = self._read_body()
            if ctype == FORM:
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise HttpError(400, "the form body is not UTF-8") from None
                for key, values in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif ctype == DIRECT:
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    raise HttpError(400, "the query is not UTF-8") from None
            elif ctype == UPDATE:
                raise HttpError(400, "this endpoint is read-only: SPARQL Update is refused")
            elif not ctype:
                raise HttpError(400, f"a POST needs a Content-Type: {FORM} or {DIRECT}")
            else:
                raise HttpError(415, f"unsupported Content-Type {ctype!r}; use {FORM} or {DIRECT}")
        if "update" in params:
            raise HttpError(400, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", [])
        if not queries:
            if method == "GET":
                self._service_description()
                return
            raise HttpError(400, "no query: give the SPARQL text in the 'query' parameter")
        if len(queries) > 1:
            raise HttpError(400, "more than one 'query' parameter: send one query per request")
        text = queries[0]
        if len(text.encode("utf-8")) > self.app.limits.max_query_bytes:
            raise HttpError(413, f"query larger than {self.app.limits.max_query_bytes} bytes")
        try:
            safety.lexical_check(text)
        except safety.Refused as exc:
            raise HttpError(400, f"refused: {exc}") from None
        request = {
            "op": "query",
            "query": text,
            "accept": self.headers.get("Accept"),
            "row_limit": self.app.limits.row_limit,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
            "base_iri": self._origin() + "/sparql",
        }
        answer = self.app.run(request)
        if answer["status"] != 200:
            raise HttpError(answer["status"], answer["message"])
        self.send(200, answer["body"], answer["type"], answer.get("headers"))

    def _service_description(self) -> None:
        body, ctype = self.app.resources.service_description(
            self.headers.get("Accept"), self._origin()
        )
        if body is None:
            raise HttpError(406, "the service description is available as " + ctype)
        self.send(200, body, ctype)

    def _origin(self) -> str:
        """http://HOST:PORT as the client named us (Host header), when it is a plain host name."""
        address = self.server.server_address
        host = self.headers.get("Host") or ""
        if not _HOST.match(host):
            host = f"{address[0]}:{address[1]}"
        return f"http://{host}"

    def _reconcile(self, method: str, path: str, query: str) -> None:
        body = self._read_body() if method == "POST" else b""
        status, headers, answer = reconcile.handle(
            self.app.reconcile_index, method, path, query, body,
            self.headers.get("Content-Type") or "",
            service_url=self._origin() + reconcile.PREFIX, identifier_space=self.app.base + "/id/",
        )  # fmt: skip
        self.send(status, answer, headers.pop("Content-Type"), headers)

    # --- /id and /doc -------------------------------------------------------------------
    def _resource(self, space: str, kind: str, key: str) -> None:
        res = self.app.resources
        if space == "id":
            if not res.exists(kind, key):
                raise HttpError(404, f"no resource {kind}/{key} in this graph")
            self.send(303, b"", "text/plain", {"Location": f"/doc/{kind}/{key}"})
            return
        status, body, ctype = res.document(kind, key, self.headers.get("Accept"))
        if status != 200:
            raise HttpError(status, body.decode("utf-8"))
        self.send(200, body, ctype)

    def _static(self, path: str, query: str) -> None:
        status, body, ctype = self.app.resources.static(path, query)
        if status != 200:
            raise HttpError(status, body.decode("utf-8"))
        self.send(200, body, ctype)


class App:
    def __init__(
        self, pool: WorkerPool, base: str, limits: Limits, verbose: bool = False, query_dir=None
    ):
        self.pool, self.limits, self.verbose = pool, limits, verbose
        self.resources = Resources(self, base, query_dir)
        self.base = base
        self._reconcile_index: Index | None = None

    def reconcile_index(self) -> Index:
        """The names of the graph for reconciliation, read once (iackg.reconcile)."""
        if self._reconcile_index is None:
            self._reconcile_index = load_index(lambda query: self.resources.select(query))
        return self._reconcile_index

    def run(self, request: dict) -> dict:
        try:
            return self.pool.run(request, self.limits.time_limit)
        except TimeLimitExceeded as exc:
            return {"status": 503, "message": f"{exc} (time limit {self.limits.time_limit:g} s)"}
        except Busy as exc:
            return {"status": 503, "message": f"{exc}; try again shortly"}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, app: App):
        handler = type("BoundHandler", (Handler,), {"app": app})
        super().__init__(address, handler)
        self.app = app

    temp_folder = None  # a copy of a memory store's data, removed on close

    def close(self) -> None:
        """Stop serving (call from another thread than serve_forever), stop the workers."""
        import shutil

        self.shutdown()
        self.server_close()
        self.app.pool.close()
        if self.temp_folder:
            shutil.rmtree(self.temp_folder, ignore_errors=True)


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
) -> Server:
    """A ready (not yet serving) server over an on-disk store folder or an N-Quads file."""
    from iackg.vocab import DEFAULT_BASE

    limits = limits or Limits()
    pool = WorkerPool(location, nquads, size=workers, time_limit=limits.time_limit)
    try:
        app = App(pool, (base or DEFAULT_BASE).rstrip("/"), limits, verbose, query_dir)
        return Server((host, port), app)
    except Exception:
        pool.close()
        raise


def server_for_store(store, **options) -> Server:
    """A server over an open `iackg.store.Store`: its folder, or for `memory:` a copy of its data
    that every worker loads (workers are separate processes and cannot share memory)."""
    import shutil
    import tempfile
    from pathlib import Path

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
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    server.temp_folder = folder
    return server
