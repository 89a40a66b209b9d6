"""Several dated lists of one prefecture in one load: snapshots of its list through time.

A designations table has a *list date* when its title says so (「…（平成21年4月1日現在）」,
「令和元年5月17日時点」) or when `--as-of` gives it. When one prefecture has lists of two or more
dates in the same load, each list stays its own source graph and the lists are compared in date
order (docs/time.md):

- a resource (prefecture + name: one IRI) on several lists keeps the designation date of the
  first list it is on;
- a resource on a list and on none of the prefecture's later lists was off the list by the next
  later list's date: its designation ends the day before (`iac:validUntil`) and is
  `iac:supersededBy` that later list (its `iac:SourceTable`);
- a resource that leaves and a resource that arrives at the same later list are one resource
  *renamed* when they share the list number (番号), else the kana reading, else the category and
  the set of municipalities, and the match is one to one. The new name is its own resource (the
  IRI follows the name); the old one is `iac:renamedTo` it, and the new designation keeps the
  old designation date and is valid from the later list's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from iackg.ingest.context import Row, prefecture_jis
from iackg.ingest.designations import category_key
from iackg.ingest.eradates import DateError, parse_date
from iackg.ingest.values import split_list
from iackg.iris import normalise

_DATE = (
    r"(?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:元|\d{1,2})\s*[年.．]\s*\d{1,2}\s*[月.．]\s*\d{1,2}"
    r"|\d{4}\s*[年/.．-]\s*\d{1,2}\s*[月/.．-]\s*\d{1,2}"
)
_TITLE_DATE = re.compile(rf"({_DATE})\s*日?\s*(?:現在|時点)")
TITLE_ROWS = 10


def title_date(rows, header_row: int) -> dt.date | None:
    """The date in a title above the header: 「（平成21年4月1日現在）」, 「R1.5.17時点」."""
    for number, cells in rows:
        if number >= header_row or number > TITLE_ROWS:
            return None
        for cell in cells:
            found = _TITLE_DATE.search(cell)
            if found:
                try:
                    return parse_date(found.group(1))
                except DateError:
                    continue
    return None


@dataclass(frozen=True)
class Fate:
    """What the later lists say about one resource; the converter applies it to every row."""

    designated_on: dt.date | None = None  # the first list's date (or the old name's)
    valid_from: dt.date | None = None  # a renamed resource: from the list that renamed it
    valid_until: dt.date | None = None  # the day before the list that no longer has it
    superseded_by: NamedNode | None = None  # that list's iac:SourceTable
    renamed_to: str | None = None  # the new name (same prefecture)


@dataclass
class _Entry:
    name: str
    number: str
    kana: str
    category: str
    places_text: str  # parsed only for the few resources that leave or arrive
    date_text: str

    @property
    def places(self) -> frozenset[str]:
        return frozenset(normalise(p) for p in split_list(self.places_text))

    @property
    def designated_on(self) -> dt.date | None:
        try:
            return parse_date(self.date_text) if self.date_text else None
        except DateError:
            return None


@dataclass
class Timeline:
    fates: dict[tuple[str, str], Fate] = field(default_factory=dict)  # (jis, name key) -> fate

    def fate(self, jis: str, name: str) -> Fate | None:
        return self.fates.get((jis, normalise(name)))


def plan(tables) -> Timeline | None:
    """The fates of resources across dated lists, or None when no prefecture has two dates."""
    dated = [tb for tb in tables if tb.kind == "designations" and tb.list_date is not None]
    if len({tb.list_date for tb in dated}) < 2:
        return None
    # jis -> date -> name key -> entry
    lists: dict[str, dict[dt.date, dict[str, _Entry]]] = defaultdict(dict)
    source_of: dict[tuple[str, dt.date], NamedNode] = {}  # the list cited, per prefecture
    for table in dated:
        rows = table.layout.rows(table.raw) if table.layout else table.raw.rows()
        for number, cells in rows:
            if number <= table.header_row:
                continue
            row = Row(table.path.name, number, table.kind, cells, table.columns)
            prefecture, name = row.get("prefecture"), row.get("name")
            jis = prefecture_jis(prefecture) if prefecture else None
            if jis is None or not name:
                continue  # the converter reports it
            entry = _Entry(
                name,
                normalise(row.get("number")),
                normalise(row.get("name_kana")),
                category_key(row.get("category")) or normalise(row.get("category")),
                row.get("municipalities"),
                row.get("designated_on"),
            )
            lists[jis].setdefault(table.list_date, {}).setdefault(normalise(name), entry)
            source_of.setdefault((jis, table.list_date), table.source)
    timeline = Timeline()
    for jis, by_date in lists.items():
        if len(by_date) > 1:
            _compare(jis, by_date, source_of, timeline)
    return timeline


def _compare(jis: str, by_date, source_of, timeline: Timeline) -> None:
    dates = sorted(by_date)
    seen: dict[str, list[int]] = defaultdict(list)  # name key -> indexes of the lists with it
    for index, day in enumerate(dates):
        for key in by_date[day]:
            seen[key].append(index)
    first_on: dict[str, dt.date | None] = {}
    renamed_from: dict[str, str] = {}
    for index, day in enumerate(dates):
        arriving = [k for k in by_date[day] if seen[k][0] == index]
        if index:
            leaving = [k for k, at in seen.items() if at[-1] == index - 1]
            pairs = _renamings(
                {k: by_date[dates[index - 1]][k] for k in leaving},
                {k: by_date[day][k] for k in arriving},
            )
            renamed_from.update({new: old for old, new in pairs})
        for key in arriving:
            entry = by_date[day][key]
            old = renamed_from.get(key)
            first_on[key] = first_on[old] if old else (entry.designated_on or day)
    new_of = {old: new for new, old in renamed_from.items()}
    for key, at in seen.items():
        first = dates[at[0]]
        last = at[-1]
        ends = dates[last + 1] if last + 1 < len(dates) else None
        renamed = new_of.get(key)
        timeline.fates[(jis, key)] = Fate(
            designated_on=first_on[key],
            valid_from=first if key in renamed_from else None,
            valid_until=ends - dt.timedelta(days=1) if ends else None,
            superseded_by=source_of[jis, ends] if ends else None,
            renamed_to=by_date[dates[last + 1]][renamed].name if renamed and ends else None,
        )


def _renamings(leaving: dict[str, _Entry], arriving: dict[str, _Entry]) -> list[tuple[str, str]]:
    """One-to-one pairs (old key, new key): same category and list number, else same reading,
    else same category and municipalities. A clue shared by two candidates on either side is no
    match, and neither is a pair whose numbers or readings, both given, differ."""
    pairs: list[tuple[str, str]] = []
    for clue in (
        lambda e: e.number and (e.category, e.number),
        lambda e: e.kana,
        lambda e: e.places and (e.category, e.places),
    ):
        left = _unique({k: clue(e) for k, e in leaving.items()})
        right = _unique({k: clue(e) for k, e in arriving.items()})
        for value, old in left.items():
            new = right.get(value)
            if new is not None and _compatible(leaving[old], arriving[new]):
                pairs.append((old, new))
                del leaving[old], arriving[new]
    return pairs


def _compatible(old: _Entry, new: _Entry) -> bool:
    return all(not (a and b) or a == b for a, b in ((old.number, new.number), (old.kana, new.kana)))


def _unique(clues: dict[str, object]) -> dict[object, str]:
    """clue value -> key, for values that exactly one key has."""
    counts: dict[object, list[str]] = defaultdict(list)
    for key, value in clues.items():
        if value:
            counts[value].append(key)
    return {value: keys[0] for value, keys in counts.items() if len(keys) == 1}
