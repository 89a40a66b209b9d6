"""HTTP content negotiation (RFC 9110 Accept with q-values) and the media types we can write."""

from __future__ import annotations

# Result sets (SELECT, ASK): media type -> format name. The first is the default.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
# Graphs (CONSTRUCT, DESCRIBE, resource documents): media type -> format name.
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "application/json": "jsonld",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
}
CANONICAL_GRAPH_TYPE = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
CANONICAL_RESULT_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """[(media range, q)] from an Accept header; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching `offer` (0 when none matches)."""
    major = offer.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        if media == offer:
            level = 2
        elif media == f"{major}/*":
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def choose(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most (ties go to the order of `offers`); None if none fits."""
    ranges = parse_accept(header)
    scored = [(_quality(offer, ranges), -i, offer) for i, offer in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None
