"""The W3C Entity Reconciliation Service API, version 0.2 (the version OpenRefine speaks):
the manifest, query batches, suggest, preview and data extension, as plain dicts and strings.

Spec: https://reconciliation-api.github.io/specs/0.2/ ; every answer here is checked against the
Community Group's JSON Schemas in tests (tests/reconcile/schemas/0.2).
"""

from __future__ import annotations

import html
import json
from typing import Any

from iackg.errors import UsageError
from iackg.reconcile.index import TYPES, Candidate, Entity, Index

VERSION = "0.2"
MAX_BATCH = 100  # queries per request
MAX_LIMIT = 50  # candidates per query
IAC = "https://w3id.org/iackg/ontology#"

# data-extension and filter properties: id -> (ja name, en name)
PROPERTIES: dict[str, tuple[str, str]] = {
    "prefecture": ("都道府県", "prefecture"),
    "category": ("区分", "category"),
    "designatedOn": ("指定日", "designated on"),
    "localGovernmentCode": ("地方公共団体コード", "local government code"),
}


def manifest(base_url: str, identifier_space: str) -> dict[str, Any]:
    """The service manifest; `base_url` is the service's own URL (…/reconcile)."""
    return {
        "versions": [VERSION],
        "name": "iackg: regional industrial resources of Japan (地域産業資源)",
        "identifierSpace": identifier_space,
        "schemaSpace": IAC,
        "view": {"url": "{{id}}"},
        "defaultTypes": [{"id": key, "name": names[2]} for key, names in TYPES.items()],
        "preview": {"url": base_url + "/preview?id={{id}}", "width": 400, "height": 120},
        "suggest": {
            "entity": {"service_url": base_url, "service_path": "/suggest/entity"},
            "type": {"service_url": base_url, "service_path": "/suggest/type"},
            "property": {"service_url": base_url, "service_path": "/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": base_url, "service_path": "/propose_properties"},
            "property_settings": [],
        },
    }


def _batch(text: str, what: str) -> dict[str, Any]:
    try:
        batch = json.loads(text)
    except ValueError:
        raise UsageError(f"the {what} parameter is not JSON") from None
    if not isinstance(batch, dict):
        raise UsageError(f"the {what} parameter must be a JSON object")
    return batch


def _types(value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    types = [v for v in values if isinstance(v, str)]
    unknown = [t for t in types if t not in TYPES]
    if unknown:
        raise UsageError(f"unknown type {unknown[0]!r}; types: {', '.join(TYPES)}")
    return types


def _filters(index: Index, properties: Any) -> tuple[str | None, str | None]:
    prefecture = category = None
    for item in properties if isinstance(properties, list) else []:
        if not isinstance(item, dict):
            raise UsageError("each property filter must be an object with pid and v")
        pid, value = item.get("pid"), item.get("v")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("id")
        if value is None:
            continue
        if pid == "prefecture":
            prefecture = index.resolve_prefecture(str(value))
            if prefecture is None:
                raise UsageError(f"unknown prefecture {value!r}")
        elif pid == "category":
            category = _category(str(value))
        else:
            raise UsageError(f"unknown filter property {pid!r}; filters: prefecture, category")
    return prefecture, category


def _category(value: str) -> str:
    from iackg.ingest.designations import CATEGORIES, category_key

    if value.startswith(IAC):
        return value
    key = category_key(value)
    if key is None:
        raise UsageError(f"unknown category {value!r}")
    return IAC + CATEGORIES[key][1]


def reconcile(index: Index, queries_json: str) -> dict[str, Any]:
    """Answers to a query batch: {"q0": {"result": [candidates]}, ...}."""
    batch = _batch(queries_json, "queries")
    if len(batch) > MAX_BATCH:
        raise UsageError(f"at most {MAX_BATCH} queries per request, got {len(batch)}")
    answers = {}
    for key, query in batch.items():
        if not isinstance(query, dict) or not isinstance(query.get("query"), str):
            raise UsageError(f"query {key!r} needs a 'query' string")
        limit = query.get("limit", 5)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= MAX_LIMIT:
            raise UsageError(f"query {key!r}: limit must be an integer from 1 to {MAX_LIMIT}")
        prefecture, category = _filters(index, query.get("properties"))
        found = index.search(
            query["query"],
            types=_types(query.get("type")),
            prefecture=prefecture,
            category=category,
            limit=limit,
        )
        answers[key] = {"result": [candidate_json(index, c) for c in found]}
    return answers


def candidate_json(index: Index, candidate: Candidate) -> dict[str, Any]:
    entity = candidate.entity
    return {
        "id": entity.id,
        "name": entity.name,
        "description": describe(index, entity),
        "score": candidate.score,
        "match": candidate.match,
        "type": [{"id": entity.type, "name": TYPES[entity.type][2]}],
    }


def describe(index: Index, entity: Entity) -> str:
    parts = []
    if entity.reading:
        parts.append(entity.reading)
    for prefecture in sorted(entity.prefectures - {entity.id}):
        known = index.entities.get(prefecture)
        parts.append(known.name if known else prefecture)
    if entity.category:
        parts.append(entity.category.removeprefix(IAC))
    english = entity.names.get("en")
    if english and english[0] != entity.name:
        parts.append(english[0])
    return " / ".join(parts)


def suggest_entities(index: Index, prefix: str) -> dict[str, Any]:
    found = index.search(prefix, limit=10) if prefix.strip() else []
    return {
        "result": [
            {
                "id": c.entity.id,
                "name": c.entity.name,
                "description": describe(index, c.entity),
                "notable": [{"id": c.entity.type, "name": TYPES[c.entity.type][2]}],
            }
            for c in found
        ]
    }


def suggest_types(prefix: str) -> dict[str, Any]:
    needle = prefix.strip().casefold()
    return {
        "result": [
            {"id": key, "name": names[2], "description": names[1]}
            for key, names in TYPES.items()
            if needle in key or needle in names[2] or needle in names[1].casefold()
        ]
    }


def suggest_properties(prefix: str) -> dict[str, Any]:
    needle = prefix.strip().casefold()
    return {
        "result": [
            {"id": pid, "name": names[1], "description": names[0]}
            for pid, names in PROPERTIES.items()
            if needle in pid.casefold() or needle in names[1] or needle in names[0]
        ]
    }


def propose_properties(type_id: str, limit: int = 10) -> dict[str, Any]:
    if type_id not in TYPES:
        raise UsageError(f"unknown type {type_id!r}; types: {', '.join(TYPES)}")
    return {
        "type": type_id,
        "properties": [
            {"id": pid, "name": names[1]} for pid, names in list(PROPERTIES.items())[:limit]
        ],
    }


def preview(index: Index, entity_id: str) -> str | None:
    """A small HTML card for OpenRefine's preview pane (None when the id is unknown)."""
    entity = index.entities.get(entity_id)
    if entity is None:
        return None
    rows = "".join(
        f"<li>{html.escape(label)}</li>" for label in entity.labels() if label != entity.name
    )
    return (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
        f"<title>{html.escape(entity.name)}</title></head><body>"
        f'<p><strong><a href="{html.escape(entity.id)}" target="_blank">'
        f"{html.escape(entity.name)}</a></strong> ({html.escape(TYPES[entity.type][1])})</p>"
        f"<p>{html.escape(describe(index, entity))}</p><ul>{rows}</ul></body></html>"
    )


def extend(index: Index, extend_json: str) -> dict[str, Any]:
    """A data-extension answer: for each id, the values of each property asked for."""
    request = _batch(extend_json, "extend")
    ids, properties = request.get("ids"), request.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise UsageError("extend needs 'ids', a list of entity ids")
    if not isinstance(properties, list) or not all(
        isinstance(p, dict) and p.get("id") in PROPERTIES for p in properties
    ):
        raise UsageError(f"extend needs 'properties' among: {', '.join(PROPERTIES)}")
    if len(ids) > MAX_BATCH:
        raise UsageError(f"at most {MAX_BATCH} ids per request, got {len(ids)}")
    wanted = [p["id"] for p in properties]
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for entity_id in ids:
        entity = index.entities.get(entity_id)
        rows[entity_id] = {
            pid: [_cell(index, v) for v in (entity.values(pid) if entity else [])] for pid in wanted
        }
    return {"meta": [{"id": pid, "name": PROPERTIES[pid][1]} for pid in wanted], "rows": rows}


def _cell(index: Index, value: str) -> dict[str, Any]:
    entity = index.entities.get(value)
    if entity is not None:
        return {"id": entity.id, "name": entity.name}
    if value.startswith(IAC):
        return {"id": value, "name": value.removeprefix(IAC)}
    return {"str": value}
