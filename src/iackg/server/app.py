"""The HTTP application (ASGI): SPARQL 1.1 Protocol at /sparql, dereferenceable URIs, pages.

HTTP itself (parsing, Content-Length, keep-alive, connection cap, slow clients) is uvicorn's and
h11's job (`iackg.server.serving`); this module decides what to answer. Queries pass the safety
check, then admission control (a fair, bounded queue), then run in a confined worker process.
Pages (`iackg.server.resources`) are rendered in threads and reach the workers the same way.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from iackg.reconcile.index import Index
from iackg.reconcile.index import load as load_index
from iackg.server import reconcile, safety
from iackg.server.admission import Admission, Overloaded
from iackg.server.pool import TimeLimitExceeded, WorkerFailed, WorkerPool
from iackg.server.resources import (
    Resources,
    alternate_links,
    describedby_links,
    static_headers,
)
from iackg.server.writers import EMPTY_QUERY, is_empty_query

LOG = logging.getLogger("iackg.server")
# Pages may run only script files served from /static/ (our query.js and the vendored YASGUI
# build; no inline script, no eval) and talk only to this server: injected markup could not run
# script even if it slipped through the escaping, and the query page cannot reach another host.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")
_RESOURCE_PATH = re.compile(r"^/(id|doc)/([A-Za-z0-9._-]+)/([A-Za-z0-9._-]+)$")
_CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("client", default="?")


@dataclass
class Limits:
    time_limit: float = 10.0  # seconds of execution and serialisation per query
    row_limit: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    max_query_bytes: int = 32 * 1024  # size of a query text or request body
    max_answer_bytes: int = 64 * 1024 * 1024  # size of one answer
    max_connections: int = 256  # open connections; idle ones make room, else a clean 503
    read_timeout: float = 10.0  # seconds a client may take to send one whole request
    max_queue: int = 128  # requests waiting for a worker, all clients together
    max_queue_per_client: int = 64  # requests one client address may have waiting
    max_wait: float = 15.0  # seconds a request may wait for a worker before a 503
    max_pages: int = 32  # resource pages being rendered at once


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class App:
    """The ASGI callable. `run` is the synchronous door for page rendering threads."""

    def __init__(
        self, pool: WorkerPool, base: str, limits: Limits, verbose: bool = False, query_dir=None
    ):
        self.pool, self.limits, self.verbose = pool, limits, verbose
        self.admission = Admission(
            pool.size, limits.max_queue, limits.max_queue_per_client, limits.max_wait
        )
        self.resources = Resources(self, base, query_dir)
        self.loop: asyncio.AbstractEventLoop | None = None
        self._pages = ThreadPoolExecutor(max_workers=8, thread_name_prefix="iackg-page")
        self._pages_in_flight = 0
        self._reconcile_index: Index | None = None
        self._reconcile_lock = threading.Lock()

    # --- running queries ------------------------------------------------------------------
    async def execute(self, client: str, request: dict) -> dict:
        """A worker's answer under admission control; raises `HttpError` for 5xx outcomes."""
        try:
            async with self.admission.slot(client):
                return await self.pool.run(request, self.limits.time_limit)
        except Overloaded as exc:
            raise HttpError(503, str(exc), {"Retry-After": str(exc.retry_after)}) from None
        except TimeLimitExceeded as exc:
            raise HttpError(503, f"{exc} (time limit {self.limits.time_limit:g} s)") from None
        except WorkerFailed as exc:
            raise HttpError(503, str(exc), {"Retry-After": "5"}) from None

    def run(self, request: dict) -> dict:
        """`execute` for code running in a page thread (resources); blocks that thread."""
        assert self.loop is not None
        future = asyncio.run_coroutine_threadsafe(self.execute(_CLIENT.get(), request), self.loop)
        return future.result()

    async def _in_page_thread(self, client: str, function, *args):
        if self._pages_in_flight >= self.limits.max_pages:
            raise HttpError(503, "the server is busy rendering pages", {"Retry-After": "1"})
        self._pages_in_flight += 1
        try:
            context = contextvars.copy_context()
            context.run(_CLIENT.set, client)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pages, context.run, function, *args)
        finally:
            self._pages_in_flight -= 1

    def close(self) -> None:
        self._pages.shutdown(wait=False, cancel_futures=True)

    # --- ASGI -------------------------------------------------------------------------------
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        self.loop = self.loop or asyncio.get_running_loop()
        request = Request(scope, receive, self.limits)
        try:
            status, body, ctype, headers = await self._dispatch(request)
        except HttpError as exc:
            status, ctype, headers = exc.status, "text/plain; charset=utf-8", exc.headers
            body = (exc.message + "\n").encode("utf-8")
            if request.declares_body and not request.body_read:  # never read it as a request
                headers = {**headers, "Connection": "close"}
        except Exception:
            incident = uuid.uuid4().hex[:12]
            LOG.exception("request failed (incident %s)", incident)
            status, ctype, headers = 500, "text/plain; charset=utf-8", {}
            note = f"internal error (incident {incident}; the server log has the details)\n"
            body = note.encode()
        await request.respond(send, status, body, ctype, headers)

    async def _dispatch(self, request: Request) -> tuple[int, bytes, str, dict[str, str]]:
        method, path = request.method, request.path
        if method != "POST" and request.declares_body:
            raise HttpError(400, f"a {method} request has no body")
        if method == "OPTIONS":
            return (
                204,
                b"",
                "",
                {
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                    "Access-Control-Max-Age": "86400",
                },
            )
        if method not in ("GET", "HEAD", "POST"):
            raise HttpError(405, "method not allowed: this server is read-only")
        if path == "/sparql":
            return await self._sparql(request)
        if reconcile.handles(path):
            return await self._reconcile(request)
        if method == "POST":
            raise HttpError(405, "method not allowed: only /sparql accepts POST")
        accept = request.header("accept")
        res = self.resources
        if (match := _RESOURCE_PATH.match(path)) is not None:
            space, kind, key = match.groups()
            if space == "id":
                exists = await self._in_page_thread(request.client, res.exists, kind, key)
                if not exists:
                    raise HttpError(404, f"no resource {kind}/{key} in this graph")
                link = describedby_links(kind, key)
                return 303, b"", "text/plain", {"Location": f"/doc/{kind}/{key}", "Link": link}
            status, body, ctype = await self._in_page_thread(
                request.client, res.document, kind, key, accept
            )
        else:
            status, body, ctype = await self._in_page_thread(
                request.client, res.static, path, request.query_string
            )
        if status != 200:
            raise HttpError(status, body.decode("utf-8"))
        if match is not None:  # a /doc/ answer links its other formats
            return 200, body, ctype, {"Link": alternate_links(kind, key, ctype)}
        return 200, body, ctype, static_headers(path)

    async def _reconcile(self, request: Request) -> tuple[int, bytes, str, dict[str, str]]:
        """/reconcile (iackg.server.reconcile): the handler runs in a page thread, as it may
        load the name index from the workers on first use."""
        body = await request._body() if request.method == "POST" else b""
        handle = functools.partial(
            reconcile.handle,
            service_url=request.origin() + reconcile.PREFIX,
            identifier_space=self.resources.base + "/id/",
        )
        method = "GET" if request.method == "HEAD" else request.method
        ctype = request.header("content-type") or ""
        status, headers, answer = await self._in_page_thread(
            request.client, handle, self.reconcile_index, method, request.path,
            request.query_string, body, ctype,
        )  # fmt: skip
        return status, answer, headers.pop("Content-Type"), headers

    def reconcile_index(self) -> Index:
        """The graph's names for reconciliation, read once on first use (iackg.reconcile)."""
        with self._reconcile_lock:
            if self._reconcile_index is None:
                self._reconcile_index = load_index(lambda query: self.resources.select(query))
            return self._reconcile_index

    async def _sparql(self, request: Request) -> tuple[int, bytes, str, dict[str, str]]:
        params = parse_qs(request.query_string, keep_blank_values=True)
        if request.method == "POST":
            for key, values in (await request.sparql_body()).items():
                params.setdefault(key, []).extend(values)
        if "update" in params:
            raise HttpError(400, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", [])
        if not queries:
            if request.method != "POST":
                # in a page thread: the description counts the graphs through a worker
                body, ctype = await self._in_page_thread(
                    request.client,
                    self.resources.service_description,
                    request.header("accept"),
                    request.origin(),
                )
                if body is None:
                    raise HttpError(406, "the service description is available as " + ctype)
                return 200, body, ctype, {}
            raise HttpError(400, "no query: give the SPARQL text in the 'query' parameter")
        if len(queries) > 1:
            raise HttpError(400, "more than one 'query' parameter: send one query per request")
        text = queries[0]
        if len(text.encode("utf-8")) > self.limits.max_query_bytes:
            raise HttpError(413, f"query larger than {self.limits.max_query_bytes} bytes")
        if is_empty_query(text):
            raise HttpError(400, EMPTY_QUERY)
        try:
            safety.check(text)
        except safety.Refused as exc:
            raise HttpError(400, f"refused: {exc}") from None
        answer = await self.execute(
            request.client,
            {
                "op": "query",
                "query": text,
                "accept": request.header("accept"),
                "row_limit": self.limits.row_limit,
                "max_answer_bytes": self.limits.max_answer_bytes,
                "default_graphs": params.get("default-graph-uri", []),
                "named_graphs": params.get("named-graph-uri", []),
                "base_iri": request.origin() + "/sparql",
            },
        )
        if answer["status"] != 200:
            raise HttpError(answer["status"], answer["message"])
        return 200, answer["body"], answer["type"], answer.get("headers") or {}


class Request:
    """One HTTP request as the application sees it (headers decoded, body read on demand)."""

    def __init__(self, scope: dict[str, Any], receive, limits: Limits):
        self.scope, self._receive, self.limits = scope, receive, limits
        self.method: str = scope["method"]
        self.path: str = scope["path"]
        self.query_string = scope["query_string"].decode("latin-1")
        self.headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        client = scope.get("client")
        self.client = client[0] if client else "?"
        self.body_read = False

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def declares_body(self) -> bool:
        length = self.headers.get("content-length", "0")
        return length != "0" or "transfer-encoding" in self.headers

    def origin(self) -> str:
        """http://HOST:PORT as the client named us (Host header), when it is a plain host name."""
        host = self.headers.get("host") or ""
        if not _HOST.match(host):
            server = self.scope.get("server") or ("127.0.0.1", 0)
            host = f"{server[0]}:{server[1]}"
        return f"http://{host}"

    async def _body(self) -> bytes:
        limit = self.limits.max_query_bytes
        length = self.headers.get("content-length")
        if length is None and "transfer-encoding" not in self.headers:
            raise HttpError(411, "a POST needs a Content-Length header")
        if length is not None and int(length) > limit:  # h11 has checked it is digits only
            raise HttpError(
                413, f"request body of {length} bytes is larger than the limit of {limit} bytes"
            )
        chunks, size = [], 0
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise HttpError(400, "the client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise HttpError(413, f"request body larger than the limit of {limit} bytes")
            chunks.append(chunk)
            if not message.get("more_body"):
                self.body_read = True
                return b"".join(chunks)

    async def sparql_body(self) -> dict[str, list[str]]:
        """The parameters a POST carries: a form, or one query sent directly."""
        raw_type = self.headers.get("content-type") or ""
        ctype = raw_type.split(";")[0].strip().lower()
        charset = re.search(r"charset\s*=\s*\"?([\w.-]+)", raw_type, re.IGNORECASE)
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            raise HttpError(400, f"queries must be UTF-8, not {charset.group(1)}")
        if ctype == UPDATE:
            raise HttpError(400, "this endpoint is read-only: SPARQL Update is refused")
        if ctype not in (FORM, DIRECT):
            if not ctype:
                raise HttpError(400, f"a POST needs a Content-Type: {FORM} or {DIRECT}")
            raise HttpError(415, f"unsupported Content-Type {ctype!r}; use {FORM} or {DIRECT}")
        try:
            text = (await self._body()).decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request body is not UTF-8") from None
        if ctype == FORM:
            return parse_qs(text, keep_blank_values=True)
        return {"query": [text]}

    async def respond(self, send, status: int, body: bytes, ctype: str, headers) -> None:
        out = [
            (b"access-control-allow-origin", b"*"),
            (b"access-control-expose-headers", b"Iackg-Truncated, Iackg-Row-Limit, Warning, Link"),
            (b"vary", b"Accept"),
            (b"x-content-type-options", b"nosniff"),
            (b"content-length", str(len(body)).encode()),
        ]
        if ctype:
            out.append((b"content-type", ctype.encode("latin-1")))
        if ctype.startswith("text/html"):
            out.append((b"content-security-policy", CSP.encode()))
        out += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": b"" if self.method == "HEAD" else body})
