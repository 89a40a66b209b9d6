"""What a row converter sees: the row's cells by canonical column, a place to report problems,
and the batch-wide state (minter, look-ups, indexes of names loaded earlier in the batch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from iackg import reference
from iackg.errors import Problem
from iackg.ingest import terms as t
from iackg.ingest.headers import japanese
from iackg.ingest.places import resolve
from iackg.ingest.reading import forbidden_character, is_formula
from iackg.ingest.values import ValueProblem, clean, parse_bool
from iackg.iris import Minter, normalise
from iackg.reference import ACT_2007, BASIC_CONCEPTS_APPROVED_ON

if TYPE_CHECKING:
    from iackg.ingest.snapshots import Timeline


@dataclass
class Row:
    file: str
    number: int
    kind: str
    cells: list[str]
    columns: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    def get(self, column: str) -> str:
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return ""
        return clean(self.cells[index])

    def error(self, column: str | None, ja: str, en: str) -> None:
        self.problems.append(Problem(self.file, self.number, self.where(column), ja, en, "error"))

    def warn(self, column: str | None, ja: str, en: str) -> None:
        self.problems.append(Problem(self.file, self.number, self.where(column), ja, en, "warning"))

    def where(self, column: str | None) -> str | None:
        return f"{column} ({japanese(self.kind, column)})" if column else None

    @property
    def rejected(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def check_cells(self) -> None:
        """Formulas and characters XML forbids (NUL and other controls, U+FFFE, U+FFFF) reject
        a cell: every output format must be able to carry what we store."""
        for column, index in self.columns.items():
            bad = forbidden_character(self.cells[index]) if index < len(self.cells) else None
            if bad:
                self.error(
                    column,
                    f"XMLで使えない文字（{bad}、制御文字など）が含まれています。削除してください",
                    f"the cell contains {bad}, one of the control characters and non-characters "
                    "XML forbids; remove it",
                )
            elif index < len(self.cells) and is_formula(self.cells[index]):
                self.error(
                    column,
                    f"数式は読み込めません。値として貼り付けてください: {self.cells[index]}",
                    f"the cell holds a formula, not a value; paste it as a value: "
                    f"{self.cells[index]!r}",
                )

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, "必須の値が空です", "a required value is empty")
        return value


class Batch:
    """State shared by the rows of one ingest call."""

    def __init__(self, minter: Minter):
        self.minter = minter
        self.act = t.node(minter.act(ACT_2007))
        # names loaded earlier in the batch, for plans that refer to them by name
        self.resource_prefectures: dict[str, set[str]] = {}
        self.enterprise_by_name: dict[str, NamedNode | None] = {}
        self.keep_indexes = False
        # when dated lists of one prefecture are compared (snapshots.plan)
        self.timeline: Timeline | None = None
        self._nodes: dict[tuple, NamedNode] = {}
        self.warned: set[tuple] = set()  # one warning per unknown name and file, not per row

    def cached(self, kind: str, *key) -> NamedNode:
        """A minted IRI as a pyoxigraph term (minting validates; this cache keeps it cheap)."""
        cache_key = (kind, *key)
        found = self._nodes.get(cache_key)
        if found is None:
            found = t.node(getattr(self.minter, kind)(*key))
            if len(self._nodes) < 20_000:  # bounded: big inputs repeat few names
                self._nodes[cache_key] = found
        return found

    def basic_concept(self, jis: str) -> NamedNode:
        return self.cached("basic_concept", jis, BASIC_CONCEPTS_APPROVED_ON)

    def remember_resource(self, jis: str, name: str) -> None:
        if self.keep_indexes:
            self.resource_prefectures.setdefault(normalise(name), set()).add(jis)

    def remember_enterprise(self, name: str, iri: NamedNode) -> None:
        if self.keep_indexes:
            key = normalise(name)
            # a name shared by two enterprises is ambiguous: plans must use the number
            previous = self.enterprise_by_name.get(key, iri)
            self.enterprise_by_name[key] = iri if previous == iri else None


@lru_cache(maxsize=4096)
def prefecture_jis(text: str) -> str | None:
    found = reference.find_prefecture(text)
    return found.jis if found else None


def resolve_prefecture(row: Row, column: str = "prefecture") -> str | None:
    text = row.required(column)
    if not text:
        return None
    jis = prefecture_jis(text)
    if jis is None:
        row.error(
            column,
            f"都道府県が分かりません（名称、JISコード13、JP-13のいずれか）: {text}",
            f"unknown prefecture (use its name, JIS code 13 or ISO JP-13): {text!r}",
        )
    return jis


def municipality_node(
    row: Row,
    batch: Batch,
    jis: str,
    name: str,
    column: str,
    triples: list,
    on: str | None = None,
) -> NamedNode:
    """The municipality a cell means, looked up across Japan (`places.resolve`); an unknown
    name is kept by name and a code with a wrong check digit as written (with a warning)."""
    place = resolve(jis, name, on)
    found = place.municipality
    if found is not None:
        if found.jis != jis:
            _warn_once(
                row,
                batch,
                column,
                ("elsewhere", found.lg_code),
                f"{reference.prefecture_by_jis(found.jis).name_ja}の市区町村です"
                f"（指定した都道府県の外）: {name} → {found.lg_code}",
                f"a municipality of another prefecture ({found.jis}), outside the designating "
                f"prefecture: {name!r} is {found.lg_code}",
            )
        return batch.cached("municipality", found.lg_code)
    iri = batch.cached("unknown_municipality", jis, place.text)
    triples += [
        (iri, t.A, t.iac("Municipality")),
        (iri, t.LABEL, t.ja(place.text)),
        (iri, t.iac("inPrefecture"), batch.cached("prefecture", jis)),
    ]
    if place.bad_code:
        triples += [
            (iri, t.iac("localGovernmentCode"), t.string(place.bad_code)),
            (iri, t.iac("codeVerified"), t.FALSE),
        ]
        _warn_once(
            row,
            batch,
            column,
            ("code", place.bad_code),
            f"団体コードの検査数字が合いません。書かれたまま残します: {place.bad_code}",
            f"the local government code's check digit is wrong; kept as written: "
            f"{place.bad_code!r}",
        )
        return iri
    _warn_once(
        row,
        batch,
        column,
        ("name", jis, place.text),
        f"参照データにない市町村です（合併で消えた町名かもしれません）。名称のまま残します: "
        f"{place.text}",
        f"municipality not in the reference data (perhaps merged away); kept by name "
        f"without a code: {place.text!r} (warned once per file)",
    )
    return iri


def _warn_once(row: Row, batch: Batch, column: str, what: tuple, ja: str, en: str) -> None:
    key = (row.file, *what)
    if key not in batch.warned:
        batch.warned.add(key)
        row.warn(column, ja, en)


def flag(row: Row, column: str = "illustrative") -> bool:
    """A yes/no column (empty = no)."""
    text = row.get(column)
    if not text:
        return False
    try:
        return parse_bool(text)
    except ValueProblem as exc:
        row.error(column, exc.message_ja, exc.message_en)
        return False
