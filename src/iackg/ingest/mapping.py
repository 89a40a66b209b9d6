"""A mapping file for a layout no recogniser knows: W3C CSV on the Web (CSVW) table metadata.

    {
      "@context": ["http://www.w3.org/ns/csvw", {"iac": "https://w3id.org/iackg/ontology#"}],
      "tableSchema": {"columns": [
        {"titles": "品目", "iac:column": "name"},
        {"titles": ["読み", "よみ"], "iac:column": "name_kana"},
        {"titles": "種類", "iac:column": "category",
         "iac:valueMap": {"A": "農林水産物", "B": "鉱工業品", "C": "観光資源"}},
        {"titles": "地区", "iac:column": "municipalities"},
        {"titles": "担当", "suppressOutput": true}
      ]},
      "iac:prefecture": "13",
      "iac:asOf": "2008-03-31"
    }

`titles` (a string or a list; CSVW's column titles) find each column in the header row, which
is looked for in the first rows like any header. Our own small vocabulary: `iac:column` names
the designations column a CSVW column feeds, `iac:valueMap` rewrites cell values before they
are read, `iac:prefecture` and `iac:asOf` fix the prefecture and date for the whole list
(`--prefecture` and `--as-of` override them). Rows are then read as a long list: rows of the
same resource (same number and name) are one resource.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from iackg.errors import InputError, Problem, UsageError
from iackg.ingest.eradates import DateError, parse_date
from iackg.ingest.headers import header_key
from iackg.reference import find_prefecture

COLUMNS = (
    "number",
    "name",
    "name_kana",
    "name_en",
    "category",
    "municipalities",
    "designated_on",
    "prefecture",
    "technique_for",
    "tourism_kind",
    "note",
    "wikidata",
    "gi_number",
    "trademark_number",
)


@dataclass(frozen=True)
class Mapping:
    path: Path
    titles: tuple[tuple[tuple[str, ...], str], ...]  # (accepted titles, column)
    value_maps: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    prefecture: str | None = None  # JIS code
    as_of: dt.date | None = None

    def columns_in(self, cells: list[str]) -> dict[str, int] | None:
        """column -> index when every mapped title is in the header cells, else None."""
        keys = [header_key(c) for c in cells]
        found = {}
        for titles, column in self.titles:
            index = next((keys.index(header_key(t)) for t in titles if header_key(t) in keys), None)
            if index is None:
                return None
            found[column] = index
        return found

    def value_map(self) -> dict[str, dict[str, str]]:
        return {column: dict(pairs) for column, pairs in self.value_maps}


def _bad(path: Path, message: str) -> UsageError:
    return UsageError(f"mapping {path.name}: {message}")


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file (UsageError naming what is wrong)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(path, f"not a readable JSON file: {exc}") from None
    columns = data.get("tableSchema", {}).get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, list) or not columns:
        raise _bad(path, "needs tableSchema.columns (a list of columns with titles)")
    titles, value_maps = [], []
    for number, column in enumerate(columns, start=1):
        if not isinstance(column, dict) or column.get("suppressOutput") is True:
            continue
        target = column.get("iac:column")
        names = column.get("titles")
        names = [names] if isinstance(names, str) else names
        if target not in COLUMNS:
            allowed = ", ".join(COLUMNS)
            raise _bad(path, f"column {number}: iac:column {target!r} is not one of {allowed}")
        if not names or not all(isinstance(n, str) and n for n in names):
            raise _bad(path, f"column {number}: titles must be a string or a list of strings")
        titles.append((tuple(names), target))
        values = column.get("iac:valueMap")
        if values is not None:
            if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
                raise _bad(path, f"column {number}: iac:valueMap maps cell text to text")
            value_maps.append((target, tuple(values.items())))
    if "name" not in {c for _, c in titles}:
        raise _bad(path, "no column is mapped to iac:column name")
    prefecture = None
    if data.get("iac:prefecture"):
        found = find_prefecture(str(data["iac:prefecture"]))
        if found is None:
            raise _bad(path, f"unknown iac:prefecture {data['iac:prefecture']!r}")
        prefecture = found.jis
    as_of = None
    if data.get("iac:asOf"):
        try:
            as_of = parse_date(str(data["iac:asOf"]))
        except DateError as exc:
            raise _bad(path, f"iac:asOf: {exc.message_en}") from None
    return Mapping(path, tuple(titles), tuple(value_maps), prefecture, as_of)


def titles_missing(mapping: Mapping, file: str, first_row: int | None) -> InputError:
    wanted = " / ".join("|".join(t) for t, _ in mapping.titles)
    return InputError(
        Problem(
            file,
            first_row,
            None,
            f"対応表 {mapping.path.name} の見出し（{wanted}）が最初の行にそろっていません",
            f"the header titles of mapping {mapping.path.name} ({wanted}) were not all found "
            f"in one of the first rows",
        )
    )
