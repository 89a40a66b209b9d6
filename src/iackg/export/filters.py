"""`--filter prefecture=…`, `--filter category=…`, `--filter years=2008-2012`: parsed, checked
against what the store holds, and applied to the records before a view is built.

Years are fiscal years (年度, April to March): `years=2008-2012` keeps what was in force at some
time between 2008-04-01 and 2013-03-31 (a resource from its designation to its end, a plan over
its period). Anything without dates is left out when a year filter is given. `--as-of DATE`
keeps only what was in force on that day (docs/time.md).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from iackg.errors import UsageError
from iackg.export.records import CATEGORIES, CATEGORY_BY_KEY, Records, local_name

FIRST_YEAR, LAST_YEAR = 1979, 2030
_YEARS = re.compile(r"^(\d{4})(?:\s*[-–~〜]\s*(\d{4}))?$")


@dataclass(frozen=True)
class Filters:
    prefectures: frozenset[str] = frozenset()  # prefecture IRIs
    categories: frozenset[str] = frozenset()  # category concept IRIs
    years: tuple[int, int] | None = None  # fiscal years, inclusive
    as_of: str | None = None  # YYYY-MM-DD: only what was in force that day (`--as-of`)

    def is_empty(self) -> bool:
        return not (self.prefectures or self.categories or self.years or self.as_of)

    def keeps_prefecture(self, prefecture: str) -> bool:
        return not self.prefectures or prefecture in self.prefectures

    def keeps_period(self, start: str, end: str) -> bool:
        if self.as_of and not (start and start <= self.as_of <= (end or "9999-12-31")):
            return False
        return not self.years or _overlaps(start, end, self.years)

    def keeps_category(self, category: str) -> bool:
        return not self.categories or category in self.categories

    def describe(self) -> str:
        parts = []
        if self.prefectures:
            parts.append("prefecture=" + ",".join(sorted(local_name(p) for p in self.prefectures)))
        if self.categories:
            parts.append("category=" + ",".join(sorted(CATEGORIES[c][0] for c in self.categories)))
        if self.years:
            parts.append(f"years={self.years[0]}-{self.years[1]}")
        if self.as_of:
            parts.append(f"as of {self.as_of}")
        return "; ".join(parts)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def _prefecture_keys(records: Records) -> dict[str, str]:
    keys = {}
    for pref in records.prefectures.values():
        names = [pref.label_ja, pref.label_en, pref.jis, local_name(pref.iri), pref.iri]
        if pref.jis:
            names += [f"jp-{pref.jis}", str(int(pref.jis)) if pref.jis.isdigit() else pref.jis]
        if pref.label_ja and pref.label_ja[-1] in "都道府県" and pref.label_ja != "北海道":
            names.append(pref.label_ja[:-1])
        for name in names:
            if name:
                keys[_key(name)] = pref.iri
    return keys


def _category_keys() -> dict[str, str]:
    keys = {}
    for iri, (key, ja, en) in CATEGORIES.items():
        for name in (key, ja, en, local_name(iri), str(iri)):
            keys[_key(name)] = str(iri)
    return keys


def parse_years(text: str) -> tuple[int, int]:
    match = _YEARS.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        raise UsageError(f"bad year range {text!r}: write years=2008-2012 (fiscal years, 年度)")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise UsageError(f"bad year range {text!r}: the first year is after the last")
    if first < FIRST_YEAR or last > LAST_YEAR:
        raise UsageError(f"bad year range {text!r}: years must lie within {FIRST_YEAR}-{LAST_YEAR}")
    return first, last


def parse_as_of(text: str | None) -> str | None:
    """`--as-of YYYY-MM-DD` checked, or a UsageError."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--as-of {text!r} is not a date YYYY-MM-DD") from None


def parse_filters(specs: list[str] | None, records: Records, as_of: str | None = None) -> Filters:
    """Turn `KEY=VALUE[,VALUE…]` strings (and `--as-of`) into Filters, or raise UsageError
    saying what is wrong."""
    prefectures: set[str] = set()
    categories: set[str] = set()
    years = None
    pref_keys = _prefecture_keys(records)
    cat_keys = _category_keys()
    for spec in specs or []:
        name, sep, value = spec.partition("=")
        name = name.strip().lower()
        if not sep or not value.strip():
            raise UsageError(f"bad filter {spec!r}: write KEY=VALUE, e.g. prefecture=神奈川県")
        values = [v for v in re.split(r"[,、]", value) if v.strip()]
        if name == "prefecture":
            for v in values:
                if _key(v) not in pref_keys:
                    raise UsageError(
                        f"unknown prefecture {v!r}: give a name (神奈川県, Kanagawa) or a JIS "
                        f"code (14) of a prefecture in the store ({len(records.prefectures)} known)"
                    )
                prefectures.add(pref_keys[_key(v)])
        elif name == "category":
            for v in values:
                if _key(v) not in cat_keys:
                    raise UsageError(
                        f"unknown category {v!r}: expected one of "
                        + ", ".join(key for key, _, _ in CATEGORIES.values())
                    )
                categories.add(cat_keys[_key(v)])
        elif name in ("years", "year"):
            years = parse_years(value)
        else:
            raise UsageError(f"unknown filter {name!r}: expected prefecture, category or years")
    return Filters(frozenset(prefectures), frozenset(categories), years, parse_as_of(as_of))


def _overlaps(start: str, end: str, years: tuple[int, int]) -> bool:
    if not start:
        return False
    period_start, period_end = f"{years[0]}-04-01", f"{years[1] + 1}-03-31"
    return start <= period_end and (end or "9999-12-31") >= period_start


def apply_filters(records: Records, filters: Filters) -> Records:
    """Records keeping only the resources and plans (and so enterprises) the filters select.

    A resource is kept if its designating prefecture, category and period match; a plan if its
    prefecture and period match and, with a category filter, it uses a kept resource. Enterprises
    are kept when they apply for a kept plan.
    """
    if filters.is_empty():
        return records
    resources = {
        iri: r
        for iri, r in records.resources.items()
        if filters.keeps_prefecture(r.prefecture)
        and filters.keeps_category(r.category)
        and filters.keeps_period(r.valid_from, r.valid_until)
    }
    plans = {
        iri: p
        for iri, p in records.plans.items()
        if filters.keeps_prefecture(p.prefecture)
        and filters.keeps_period(p.valid_from, p.valid_until)
        and (not filters.categories or bool(p.resources & resources.keys()))
    }
    if filters.as_of:  # municipalities as they were that day
        resources = {
            iri: replace(r, municipalities=as_they_were(records, r.municipalities, filters.as_of))
            for iri, r in resources.items()
        }
    applicants: set[str] = set().union(*(p.applicants for p in plans.values()))
    enterprises = {iri: e for iri, e in records.enterprises.items() if iri in applicants}
    prefectures = {i: p for i, p in records.prefectures.items() if filters.keeps_prefecture(i)}
    municipalities = {
        i: m for i, m in records.municipalities.items() if filters.keeps_prefecture(m.prefecture)
    }
    return replace(
        records,
        prefectures=prefectures,
        municipalities=municipalities,
        resources=resources,
        plans=plans,
        enterprises=enterprises,
    )


def as_they_were(records: Records, municipalities: set[str], as_of: str) -> set[str]:
    """Each municipality as it was on `as_of`: one merged away by then becomes the first
    successor (iac:succeededBy) that existed that day; one without such a successor stays."""
    out = set()
    for iri in municipalities:
        chain, current = [iri], records.municipalities.get(iri)
        while current is not None and current.successor and current.successor not in chain:
            chain.append(current.successor)
            current = records.municipalities.get(current.successor)
        existing = [m for m in chain if _existed(records.municipalities.get(m), as_of)]
        out.add(existing[0] if existing else iri)
    return out


def _existed(municipality, as_of: str) -> bool:
    if municipality is None:
        return False
    start, end = municipality.valid_from, municipality.valid_until
    return (not start or start <= as_of) and (not end or as_of <= end)


__all__ = [
    "CATEGORY_BY_KEY",
    "Filters",
    "apply_filters",
    "as_they_were",
    "parse_filters",
    "parse_years",
]
