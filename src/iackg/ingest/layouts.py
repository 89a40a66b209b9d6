"""Published lists of designated resources, in the layouts prefectures use, read as template rows.

- **template**: our own designations table (one row per resource, every required column).
- **long list**: one row per resource and municipality, with a name, often a number and a kana
  reading; the rows of one resource (same number and name) are one resource covering every
  municipality named. Continuation rows with an empty name (vertically merged cells) take the
  row above's name. Prefecture and date come from `--prefecture` / `--as-of` when the list has
  no such column.
- **per-municipality list**: one row per municipality, one column per category (農林水産物,
  鉱工業品, 技術, 観光資源), each cell a list of names (`namelist.split_names`).
- **sectioned**: either layout without a category (or municipality) column, given instead by
  heading rows such as 【観光資源】 or a municipality's name alone on its row.

Every layout yields rows in the designations columns (`VIRTUAL`), so the one converter reads
them all, and each row keeps the spreadsheet row number of its first source row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from iackg.errors import InputError, Problem
from iackg.ingest.designations import category_key
from iackg.ingest.headers import header_key, match_header, recognise
from iackg.ingest.mapping import Mapping
from iackg.ingest.namelist import split_names
from iackg.ingest.places import resolve
from iackg.ingest.reading import RawTable
from iackg.iris import normalise

VIRTUAL = (
    "prefecture",
    "category",
    "name",
    "name_kana",
    "name_en",
    "municipalities",
    "designated_on",
    "technique_for",
    "tourism_kind",
    "note",
    "illustrative",
    "newly_designated",
    "number",  # the list's own number: a clue to renamings between dated lists
    "wikidata",  # links out (docs/links.md)
    "gi_number",
    "trademark_number",
)
VIRTUAL_COLUMNS = {c: i for i, c in enumerate(VIRTUAL)}
_FILLED_DOWN = ("number", "name", "name_kana", "category", "designated_on")
_HEADING_MARKS = re.compile(r"[【】\[\]［］■□◆◇●○〈〉<>＜＞\s]|[（(]\d+件?[)）]$")
_NOTE_ROW = re.compile(r"^(※|\*|＊|注|（注|\(注|備考|出典|資料)")


@dataclass(frozen=True)
class ListOptions:
    """What a list does not say itself: the designating prefecture (JIS code) and its date."""

    prefecture: str | None = None
    as_of: dt.date | None = None
    mapping: Mapping | None = None  # a CSVW mapping file for a layout no recogniser knows


@dataclass
class Layout:
    name: str  # "template", "long list", "per-municipality list"
    header_row: int
    headers: list[str]
    columns: dict[str, int]  # canonical column -> index in the source row
    category_columns: dict[int, str] = field(default_factory=dict)  # index -> category text
    fixed: dict[str, str] = field(default_factory=dict)  # canonical column -> given value
    sectioned: bool = False
    newly_rows: frozenset[int] = frozenset()  # rows marked as new designations (red font)
    hidden_columns: frozenset[int] = frozenset()  # not read (working columns)
    skipped: list[int] = field(default_factory=list)  # note rows below the table
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)  # from a mapping

    def explain(self) -> list[str]:
        lines = [f"layout: {self.name}{' (sectioned)' if self.sectioned else ''}"]
        lines.append(f"header row: {self.header_row}")
        for column, index in sorted(self.columns.items(), key=lambda item: item[1]):
            lines.append(f"  {column:<16} <- column {_letter(index)} {self.headers[index]!r}")
        for index, text in sorted(self.category_columns.items()):
            lines.append(f"  category {category_key(text):<7} <- column {_letter(index)} {text!r}")
        for column, value in self.fixed.items():
            lines.append(f"  {column:<16} =  {value} (given)")
        for column, value_map in self.value_maps.items():
            lines.append(f"  {column:<16} values mapped: {value_map}")
        if self.hidden_columns:
            hidden = ", ".join(_letter(i) for i in sorted(self.hidden_columns))
            lines.append(f"hidden columns, not read: {hidden}")
        if self.newly_rows:
            lines.append(f"rows in red font (newly designated): {len(self.newly_rows)}")
        return lines

    def rows(self, raw: RawTable) -> Iterator[tuple[int, list[str]]]:
        if self.name == "per-municipality list":
            yield from self._per_municipality(raw)
        else:
            yield from self._long(raw)

    # ---- long lists ------------------------------------------------------------------------
    def _long(self, raw: RawTable) -> Iterator[tuple[int, list[str]]]:
        groups: dict[tuple, tuple[int, dict[str, str], list[str]]] = {}
        previous: dict[str, str] = {}
        section: dict[str, str] = {}
        for number, cells in raw.rows():
            if number <= self.header_row:
                continue
            values = {c: _cell(cells, i) for c, i in self.columns.items()}
            for column, value_map in self.value_maps.items():
                values[column] = value_map.get(values.get(column, ""), values.get(column, ""))
            if all(v == _cell(self.headers, self.columns[c]) for c, v in values.items()):
                continue  # the header again, at the top of a PDF's next page
            filled = [v for i, v in enumerate(cells) if v.strip() and i not in self.hidden_columns]
            heading = self._heading(filled) if len(filled) == 1 else None
            if heading:
                section.update(heading)
                continue
            if _NOTE_ROW.match(filled[0].strip()) and not values.get("municipalities"):
                self.skipped.append(number)
                continue
            values = {**section, **{k: v for k, v in values.items() if v}}
            if not values.get("name") and previous:  # a continuation row (merged cells)
                values = {**{k: previous[k] for k in _FILLED_DOWN if k in previous}, **values}
            previous = values
            key = (normalise(values.get("number", "")), normalise(values.get("name", "")))
            if not key[1]:
                key = ("row", str(number))  # refused by the converter: no name
            found = groups.get(key)
            if found is None:
                groups[key] = (number, values, [values.get("municipalities", "")])
            else:
                found[2].append(values.get("municipalities", ""))
        for number, values, places in groups.values():
            merged = dict(values)
            merged["municipalities"] = "\n".join(p for p in places if p)
            yield number, self._virtual(number, merged)

    def _heading(self, filled: list[str]) -> dict[str, str] | None:
        text = _HEADING_MARKS.sub("", filled[0])
        if not text:
            return None
        if "category" not in self.columns and category_key(text):
            return {"category": text}
        jis = self.fixed.get("prefecture")
        if "municipalities" not in self.columns and jis and resolve(jis, text).municipality:
            return {"municipalities": text}
        return None

    # ---- per-municipality lists ------------------------------------------------------------
    def _per_municipality(self, raw: RawTable) -> Iterator[tuple[int, list[str]]]:
        groups: dict[tuple[str, str], tuple[int, dict[str, str], list[str]]] = {}
        place_at = self.columns["municipalities"]
        for number, cells in raw.rows():
            if number <= self.header_row:
                continue
            place = _cell(cells, place_at)
            if not place or _NOTE_ROW.match(place):
                self.skipped.append(number)
                continue
            for index, category in self.category_columns.items():
                for name in split_names(_cell(cells, index)):
                    key = (category_key(category) or category, normalise(name))
                    if key not in groups:
                        groups[key] = (number, {"category": category, "name": name}, [])
                    groups[key][2].append(place)
        for number, values, places in groups.values():
            values = {**values, "municipalities": "\n".join(places)}
            yield number, self._virtual(number, values)

    def _virtual(self, number: int, values: dict[str, str]) -> list[str]:
        values = {**self.fixed, **values}
        if number in self.newly_rows:
            values["newly_designated"] = "true"
        return [values.get(c, "") for c in VIRTUAL]


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def merged_header(upper: list[str], lower: list[str]) -> list[str]:
    """One header from two rows under merged cells: a blank upper cell continues the one to
    its left; each column takes the lower text when it names a column, else the upper one."""
    width = max(len(upper), len(lower))
    out, carried = [], ""
    for index in range(width):
        top = _cell(upper, index) or (carried if _cell(lower, index) else "")
        carried = top
        bottom = _cell(lower, index)
        known = [t for t in (bottom, top + bottom, top) if t and _known(t)]
        out.append(known[0] if known else bottom or top)
    return out


def _known(text: str) -> bool:
    return bool(match_header("designations", [text])) or category_key(text) is not None


def recognise_list(cells: list[str], number: int, options: ListOptions) -> Layout | None:
    """A published layout from a header row, or None (a template, another kind of table, or
    no header at all)."""
    kind = recognise(cells)
    if kind and kind[0] != "designations":
        return None
    columns = match_header("designations", cells)
    categories = {
        i: c.strip()
        for i, c in enumerate(cells)
        if c.strip() and category_key(c) and header_key(c) not in ("1", "2", "3", "4")
    }
    categories = {i: c for i, c in categories.items() if i not in columns.values()}
    fixed = _fixed(columns, options)
    if "municipalities" in columns and len(categories) >= 2:
        keep = {"municipalities": columns["municipalities"]}
        return Layout("per-municipality list", number, cells, keep, categories, fixed)
    has_name = "name" in columns
    template = all(c in columns for c in ("prefecture", "category", "designated_on"))
    published = any(c in columns for c in ("number", "name_kana", "municipalities"))
    if has_name and published and not (template and "number" not in columns):
        sectioned = "category" not in columns or "municipalities" not in columns
        return Layout("long list", number, cells, columns, fixed=fixed, sectioned=sectioned)
    return None


def _fixed(columns: dict[str, int], options: ListOptions) -> dict[str, str]:
    fixed = {}
    mapping = options.mapping
    prefecture = options.prefecture or (mapping.prefecture if mapping else None)
    as_of = options.as_of or (mapping.as_of if mapping else None)
    if "prefecture" not in columns and prefecture:
        fixed["prefecture"] = prefecture
    if "designated_on" not in columns and as_of:
        fixed["designated_on"] = as_of.isoformat()
    return fixed


def mapped_layout(cells: list[str], number: int, options: ListOptions) -> Layout | None:
    """The layout a mapping file describes, if this row holds its header titles."""
    mapping = options.mapping
    columns = mapping.columns_in(cells) if mapping else None
    if mapping is None or columns is None:
        return None
    layout = Layout(f"mapped by {mapping.path.name}", number, cells, columns)
    layout.fixed = _fixed(columns, options)
    layout.value_maps = mapping.value_map()
    return layout


def require_context(layout: Layout, file: str) -> None:
    """A list without a prefecture or date column needs them given (InputError otherwise)."""
    problems = []
    if "prefecture" not in layout.columns and "prefecture" not in layout.fixed:
        problems.append(
            Problem(
                file,
                layout.header_row,
                "prefecture (都道府県)",
                "一覧に都道府県の列がありません。--prefecture で指定してください"
                "（例: --prefecture 13）",
                "the list has no prefecture column: give it with --prefecture (e.g. "
                "--prefecture 13 or --prefecture 東京都)",
            )
        )
    if "designated_on" not in layout.columns and "designated_on" not in layout.fixed:
        problems.append(
            Problem(
                file,
                layout.header_row,
                "designated_on (指定日)",
                "一覧に指定日の列がありません。--as-of で一覧の日付を指定してください",
                "the list has no designation date column: give the list's date with --as-of "
                "(e.g. --as-of 2008-03-31)",
            )
        )
    if problems:
        raise InputError(problems)
