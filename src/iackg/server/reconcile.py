"""The reconciliation service over HTTP, as plain functions: (method, path, query parameters,
body) in, (status, headers, body) out. The transport (`iackg.server.app`) only calls `handle`.

Paths, under /reconcile (W3C Reconciliation API 0.2, as OpenRefine calls them):
  GET  /reconcile                       the manifest (no parameters)
  GET|POST /reconcile  queries=JSON     reconciliation of a query batch
  GET|POST /reconcile  extend=JSON      data extension
  GET  /reconcile/suggest/entity?prefix=…, /suggest/type, /suggest/property
  GET  /reconcile/preview?id=IRI        an HTML card
  GET  /reconcile/propose_properties?type=resource
Anything else is refused (404, 405, or 400 with a message).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from iackg.errors import UsageError
from iackg.reconcile import protocol
from iackg.reconcile.index import Index

PREFIX = "/reconcile"
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
FORM = "application/x-www-form-urlencoded"
Response = tuple[int, dict[str, str], bytes]


def handles(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def _json(status: int, document: Any) -> Response:
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return status, {"Content-Type": JSON_TYPE}, body


def _error(status: int, message: str) -> Response:
    return _json(status, {"status": "error", "message": message})


def parameters(query_string: str, body: bytes, content_type: str) -> dict[str, str]:
    """The request's parameters (query string and a form body); a name given twice is refused."""
    pairs = parse_qs(query_string, keep_blank_values=True)
    if body:
        if content_type.split(";")[0].strip().lower() != FORM:
            raise UsageError(f"a POST to the reconciliation service must be {FORM}")
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise UsageError("the form body is not UTF-8") from None
        for key, values in form.items():
            pairs.setdefault(key, []).extend(values)
    repeated = [key for key, values in pairs.items() if len(values) > 1]
    if repeated:
        raise UsageError(f"parameter {repeated[0]!r} given more than once")
    return {key: values[0] for key, values in pairs.items()}


def handle(
    index: Callable[[], Index],
    method: str,
    path: str,
    query_string: str,
    body: bytes,
    content_type: str,
    *,
    service_url: str,
    identifier_space: str,
) -> Response:
    """Answer one request; `index` is called only when the answer needs the graph's names."""
    if method not in ("GET", "POST"):
        return _error(405, "the reconciliation service answers GET and POST")
    try:
        params = parameters(query_string, body, content_type)
        sub = path[len(PREFIX) :]
        if sub in ("", "/"):
            if "queries" in params:
                return _json(200, protocol.reconcile(index(), params["queries"]))
            if "extend" in params:
                return _json(200, protocol.extend(index(), params["extend"]))
            if params:
                raise UsageError(
                    "give queries=JSON or extend=JSON, or no parameter for the manifest"
                )
            return _json(200, protocol.manifest(service_url, identifier_space))
        if method != "GET":
            return _error(405, f"{path} answers GET only")
        if sub == "/suggest/entity":
            return _json(200, protocol.suggest_entities(index(), params.get("prefix", "")))
        if sub == "/suggest/type":
            return _json(200, protocol.suggest_types(params.get("prefix", "")))
        if sub == "/suggest/property":
            return _json(200, protocol.suggest_properties(params.get("prefix", "")))
        if sub == "/propose_properties":
            limit = params.get("limit", "10")
            if not limit.isdigit():
                raise UsageError("limit must be a whole number")
            return _json(200, protocol.propose_properties(params.get("type", ""), int(limit)))
        if sub == "/preview":
            card = protocol.preview(index(), params.get("id", ""))
            if card is None:
                return _error(404, "no entity with that id in this graph")
            return 200, {"Content-Type": HTML_TYPE}, card.encode("utf-8")
        return _error(404, f"no reconciliation endpoint {path}")
    except UsageError as exc:
        return _error(400, str(exc))
