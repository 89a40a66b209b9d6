"""What a reader needs to cite the report: when it was made, from which files (with their
SHA-256, as the loader recorded them in the provenance graph), by which iackg, under which
licence, and the 出典 lines Japan's public-data terms (政府標準利用規約 2.0 / PDL 1.0) ask for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from iackg import __version__
from iackg.publish.catalogue import LICENSE, attribution_lines
from iackg.store import Store

SOURCES = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?name ?sha256 (MAX(STR(?at_)) AS ?at) WHERE {
  ?table a iac:SourceTable ; iac:fileName ?name ; iac:sha256 ?sha256 .
  OPTIONAL { ?table prov:generatedAtTime ?at_ }
} GROUP BY ?name ?sha256 ORDER BY ?name ?sha256
"""
LICENCE_NAME = "CC BY 4.0"


@dataclass(frozen=True)
class SourceFile:
    name: str
    sha256: str
    loaded_at: str  # ISO date-time the loader read it, or ""


@dataclass
class Provenance:
    generated_at: str  # ISO date-time, UTC, seconds
    version: str = __version__
    store: str = ""
    filters: str = ""
    sources: list[SourceFile] = field(default_factory=list)
    licence: str = LICENCE_NAME
    licence_url: str = str(LICENSE)

    def attribution(self) -> list[str]:
        """「出典：…を加工して作成」 per source file, then the reference data."""
        return attribution_lines([s.name for s in self.sources], [])

    def citation(self) -> str:
        """One line to paste into a paper's reference list."""
        when = self.generated_at[:10]
        return (
            f"iackg {self.version}, 地域産業資源 レポート / Regional industrial resources report, "
            f"generated {when} from {len(self.sources)} source file(s); {self.licence}."
        )


def read_provenance(
    store: Store | None, *, location: str = "", filters: str = "", now: datetime | None = None
) -> Provenance:
    """The provenance of a report about `store` (None: records given without a store)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    sources = []
    if store is not None:
        for row in store.select(SOURCES):
            at = row.get("at")
            sources.append(SourceFile(str(row["name"]), str(row["sha256"]), str(at or "")))
    return Provenance(
        generated_at=stamp.isoformat().replace("+00:00", "Z"),
        store=location,
        filters=filters,
        sources=sources,
    )
