"""Deterministic IRIs for data: `{base}/id/{kind}/{key}` (docs/decisions.md, "IRI policy").

Keys come from the input alone, so the same input always gives the same IRIs. Names are
normalised (NFKC, spaces removed, lower-cased) only to make keys; the original strings stay in
the data as labels.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from rdflib import URIRef

from iackg.vocab import DEFAULT_BASE

_SPACES = re.compile(r"\s+")
_SAFE_KEY = re.compile(r"^[A-Za-z0-9._-]+$")


@functools.lru_cache(maxsize=1 << 16)  # names repeat a lot (places, kinds): the loader's hot path
def normalise(text: str) -> str:
    """The matching key of a name: NFKC (full-width to half-width), no spaces, lower case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def name_hash(text: str, length: int = 10) -> str:
    """A short, stable hexadecimal digest of a normalised name."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:length]


def readable_key(text: str) -> str:
    """An identifier as given when it is already IRI-safe ASCII (after NFKC), else its hash."""
    key = unicodedata.normalize("NFKC", text).strip()
    return key if _SAFE_KEY.match(key) else name_hash(text)


class Minter:
    """Mints data IRIs under one base, e.g. `Minter("https://example.org/iac")`."""

    def __init__(self, base: str = DEFAULT_BASE):
        base = base.rstrip("/")
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", base):
            raise ValueError(f"base IRI must be an http(s) IRI without spaces: {base!r}")
        self.base = base

    def iri(self, kind: str, key: str) -> URIRef:
        if not _SAFE_KEY.match(key):
            raise ValueError(f"IRI key must be ASCII letters, digits, '.', '_' or '-': {key!r}")
        return URIRef(f"{self.base}/id/{kind}/{key}")

    def doc(self, iri: str) -> str:
        """The human document of an `id` IRI: `{base}/doc/{kind}/{key}`."""
        prefix = f"{self.base}/id/"
        if not iri.startswith(prefix):
            raise ValueError(f"not an iackg id IRI under {self.base}: {iri}")
        return f"{self.base}/doc/{iri[len(prefix) :]}"

    def graph(self, name: str) -> URIRef:
        """A named graph: 'ontology', 'reference', 'inferred', 'provenance' or 'source/{key}'."""
        return URIRef(f"{self.base}/graph/{name}")

    # --- the kinds ---------------------------------------------------------------------
    def prefecture(self, jis: str) -> URIRef:
        return self.iri("prefecture", jis)

    def municipality(self, lg_code: str) -> URIRef:
        return self.iri("municipality", lg_code)

    def unknown_municipality(self, jis: str, name: str) -> URIRef:
        """A municipality not in the reference: keyed by its name, never by an invented code."""
        return self.iri("municipality", f"{jis}-name-{name_hash(name)}")

    def resource(self, jis: str, name: str) -> URIRef:
        return self.iri("resource", f"{jis}-{name_hash(name)}")

    def designation(self, jis: str, name: str) -> URIRef:
        return self.iri("designation", f"{jis}-{name_hash(name)}")

    def basic_concept(self, jis: str, approved_on: str) -> URIRef:
        return self.iri("basic-concept", f"{jis}-{approved_on}")

    def plan(self, jis: str, plan_id: str) -> URIRef:
        return self.iri("plan", f"{jis}-{readable_key(plan_id)}")

    def certification(self, jis: str, plan_id: str) -> URIRef:
        return self.iri("certification", f"{jis}-{readable_key(plan_id)}")

    def enterprise(self, corporate_number: str | None, jis: str, name: str) -> URIRef:
        if corporate_number:
            return self.iri("enterprise", corporate_number)
        return self.iri("enterprise", f"{jis}-name-{name_hash(name)}")

    def organization(self, key: str) -> URIRef:
        return self.iri("organization", key)

    def act(self, key: str) -> URIRef:
        return self.iri("act", key)

    def support_measure(self, key: str) -> URIRef:
        return self.iri("support-measure", key)

    def source(self, sha256: str) -> URIRef:
        return self.iri("source", sha256[:16])

    def source_row(self, sha256: str, row: int) -> URIRef:
        return self.iri("source", f"{sha256[:16]}-row-{row}")
