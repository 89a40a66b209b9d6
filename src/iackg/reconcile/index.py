"""The graph's names in memory, and candidates ranked for a query.

Built once from a SELECT over the store (`load`), it keeps for every resource, enterprise,
municipality and prefecture its labels (ja, en, and kana readings tagged `ja-Hrkt`), its types,
prefecture and category. A query is looked up by exact key first, then by character bigrams
(Dice coefficient), with a bonus for a candidate in the prefecture the query names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from iackg.reconcile.folding import bigrams, fold, keys, query_key, without_brackets

IAC = "https://w3id.org/iackg/ontology#"
# reconciliation type id -> (class IRI, Japanese name, English name)
TYPES: dict[str, tuple[str, str, str]] = {
    "resource": (IAC + "RegionalResource", "地域産業資源", "regional industrial resource"),
    "enterprise": (IAC + "Organization", "事業者", "enterprise or organisation"),
    "municipality": (IAC + "Municipality", "市区町村", "municipality"),
    "prefecture": (IAC + "Prefecture", "都道府県", "prefecture"),
}
_TYPE_OF_CLASS = {iri: key for key, (iri, _, _) in TYPES.items()}

ENTITIES = """\
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?class ?label ?prefecture ?category ?code WHERE {
  VALUES ?class { iac:RegionalResource iac:Organization iac:Municipality iac:Prefecture }
  ?entity a ?class ; rdfs:label ?label .
  OPTIONAL { ?entity iac:localGovernmentCode ?code }
  OPTIONAL { ?entity iac:category ?category }
  OPTIONAL {
    { ?designation iac:designates ?entity ; iac:designatedBy ?prefecture }
    UNION { ?entity iac:inPrefecture ?prefecture }
    UNION { ?entity iac:locatedIn/iac:inPrefecture ?prefecture }
  }
}"""

DESIGNATED_ON = """\
PREFIX iac: <https://w3id.org/iackg/ontology#>
SELECT ?entity ?date WHERE { ?designation iac:designates ?entity ; iac:designatedOn ?date }"""

EXACT, MATCH_AT = 100.0, 90.0
PREFECTURE_BONUS = MATCH_MARGIN = 8.0  # a named prefecture is enough to tell namesakes apart


@dataclass
class Entity:
    id: str
    type: str
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # lang -> labels
    prefectures: set[str] = field(default_factory=set)
    category: str | None = None
    code: str | None = None
    designated_on: set[str] = field(default_factory=set)

    def values(self, prop: str) -> list[str]:
        """The values of a data-extension property (see protocol.PROPERTIES)."""
        if prop == "prefecture":
            return sorted(self.prefectures - {self.id})
        if prop == "category":
            return [self.category] if self.category else []
        if prop == "designatedOn":
            return sorted(self.designated_on)
        if prop == "localGovernmentCode":
            return [self.code] if self.code else []
        return []

    @property
    def name(self) -> str:
        for lang in ("ja", "", "en", "ja-hrkt"):
            if self.names.get(lang):
                return self.names[lang][0]
        return self.id

    @property
    def reading(self) -> str | None:
        readings = self.names.get("ja-hrkt")
        return readings[0] if readings else None

    def labels(self) -> Iterable[str]:
        for values in self.names.values():
            yield from values


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    score: float
    match: bool = False


Select = Callable[[str], Iterable[Mapping[str, object]]]


class Index:
    def __init__(self, entities: Iterable[Entity]):
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.grams: dict[str, set[str]] = defaultdict(set)
        self.key_grams: dict[str, set[str]] = {}  # key -> its bigrams
        self.keys_of: dict[str, set[str]] = defaultdict(set)  # entity -> keys
        self.prefecture_names: dict[str, str] = {}  # folded prefecture name -> IRI
        for entity in self.entities.values():
            for label in entity.labels():
                for key in keys(label):
                    self.exact[key].add(entity.id)
                    self.keys_of[entity.id].add(key)
                    grams = self.key_grams.setdefault(key, bigrams(key))
                    for gram in grams:
                        self.grams[gram].add(key)
            if entity.type == "prefecture":
                for label in entity.labels():
                    folded = fold(label)
                    self.prefecture_names[folded] = entity.id
                    if folded[-1:] in ("都", "道", "府", "県") and len(folded) > 2:
                        self.prefecture_names[folded[:-1]] = entity.id

    def __len__(self) -> int:
        return len(self.entities)

    def search(
        self,
        text: str,
        *,
        types: Iterable[str] = (),
        prefecture: str | None = None,
        category: str | None = None,
        limit: int = 5,
    ) -> list[Candidate]:
        """Candidates for a name, best first; `match` only when the best is exact and clear."""
        text, named = self._split_prefecture(text)
        prefecture = prefecture or named
        wanted = set(types)
        scores: dict[str, float] = {}
        for key in {query_key(text), query_key(without_brackets(text))} - {""}:
            for entity_id in self.exact.get(key, ()):
                scores[entity_id] = EXACT
            if key in self.prefecture_names and named is None:
                scores[self.prefecture_names[key]] = EXACT
            for other_key, similarity in self._similar_keys(key):
                for entity_id in self.exact[other_key]:
                    scores[entity_id] = max(scores.get(entity_id, 0.0), 100.0 * similarity)
        ranked = []
        for entity_id, score in scores.items():
            entity = self.entities[entity_id]
            if wanted and entity.type not in wanted:
                continue
            if category and entity.category != category:
                continue
            if prefecture and prefecture in entity.prefectures:
                score += PREFECTURE_BONUS
            elif prefecture and named is None and entity.prefectures:
                score -= PREFECTURE_BONUS  # a prefecture filter given as a property
            ranked.append((score, entity.name, entity))
        ranked.sort(key=lambda item: (-item[0], item[1], item[2].id))
        # the prefecture bonus orders candidates; the score reported stays within 0-100
        result = [
            Candidate(entity, round(min(max(score, 0.0), 100.0), 1))
            for score, _, entity in ranked[:limit]
        ]
        if result and ranked[0][0] >= MATCH_AT:
            second = ranked[1][0] if len(ranked) > 1 else 0.0
            if ranked[0][0] - second >= MATCH_MARGIN:
                result[0] = Candidate(result[0].entity, result[0].score, True)
        return result

    def resolve_prefecture(self, value: str) -> str | None:
        """A prefecture IRI from an IRI, a JIS code or a name (富山県, 富山, Toyama)."""
        if value in self.entities and self.entities[value].type == "prefecture":
            return value
        text = value.strip()
        if text.isdigit() and 1 <= int(text) <= 47:
            for entity in self.entities.values():
                if entity.type == "prefecture" and entity.id.endswith(f"/{int(text):02d}"):
                    return entity.id
        return self.prefecture_names.get(fold(text)) or self.prefecture_names.get(query_key(text))

    def _split_prefecture(self, text: str) -> tuple[str, str | None]:
        """A leading prefecture name ("富山県 黒部丸いも", "富山県:黒部丸いも") split off."""
        folded = fold(text)
        for name in sorted(self.prefecture_names, key=len, reverse=True):
            if len(name) >= 2 and folded.startswith(name) and len(folded) > len(name) + 1:
                cut = _cut_after(text, name)
                if cut is not None:
                    return cut, self.prefecture_names[name]
        return text, None

    def _similar_keys(self, key: str) -> list[tuple[str, float]]:
        grams = bigrams(key)
        if not grams:
            return []
        shared: Counter[str] = Counter()
        for gram in grams:
            postings = self.grams.get(gram, ())
            if len(postings) > 5000:  # a bigram shared by everything tells nothing
                continue
            shared.update(postings)
        found = []
        for other, common in shared.most_common(200):
            dice = 2 * common / (len(grams) + len(self.key_grams[other]))
            if dice >= 0.4:
                found.append((other, dice * 0.95))  # never as good as an exact key
        return found


def _cut_after(text: str, folded_prefix: str) -> str | None:
    """`text` after the characters whose fold is `folded_prefix`."""
    for end in range(1, len(text) + 1):
        if fold(text[:end]) == folded_prefix:
            rest = text[end:].lstrip(" 　:：・/")
            return rest or None
    return None


def load(select: Select) -> Index:
    """The index of the graph behind `select` (a store's or a server's SELECT function)."""
    entities: dict[str, Entity] = {}
    for row in select(ENTITIES):
        kind = _TYPE_OF_CLASS.get(str(row["class"]))
        if kind is None:
            continue
        entity_id = str(row["entity"])
        entity = entities.setdefault(entity_id, Entity(entity_id, kind))
        if kind == "enterprise" or entity.type == "resource":
            kind = entity.type
        label = row["label"]
        lang = (getattr(label, "language", None) or "").lower()
        if str(label) not in entity.names[lang]:
            entity.names[lang].append(str(label))
        if row.get("prefecture") is not None:
            entity.prefectures.add(str(row["prefecture"]))
        if kind == "prefecture":
            entity.prefectures.add(entity_id)
        if row.get("category") is not None:
            entity.category = str(row["category"])
        if row.get("code") is not None:
            entity.code = str(row["code"])
    for row in select(DESIGNATED_ON):
        found = entities.get(str(row["entity"]))
        if found is not None:
            found.designated_on.add(str(row["date"]))
    return Index(entities.values())
