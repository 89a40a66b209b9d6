"""Tables in, triples out: recognise each table, convert its rows, check duplicates, add
provenance, and hand the triples to a sink (in-memory lists or an N-Quads stream)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode

from iackg.errors import InputError, Problem
from iackg.gcscope import no_cyclic_gc
from iackg.ingest import designations, enterprises, plans, snapshots
from iackg.ingest import terms as t
from iackg.ingest.context import Batch, Row, prefecture_jis
from iackg.ingest.excelmarks import Marks, read_marks
from iackg.ingest.headers import COLUMNS, japanese, missing_required, recognise
from iackg.ingest.layouts import (
    VIRTUAL_COLUMNS,
    Layout,
    ListOptions,
    mapped_layout,
    merged_header,
    recognise_list,
    require_context,
)
from iackg.ingest.mapping import titles_missing
from iackg.ingest.pdftables import PDF_SUFFIXES, PdfTable, open_pdf
from iackg.ingest.reading import RawTable, open_table, sheet_names
from iackg.iris import Minter, normalise, readable_key

CONVERTERS = {"designations": designations, "plans": plans, "enterprises": enterprises}
ORDER = ("designations", "enterprises", "plans")  # names a plan refers to are loaded first
HEADER_SEARCH_ROWS = 10  # title lines above the header are allowed


@dataclass
class Table:
    raw: RawTable
    kind: str
    columns: dict[str, int]
    header_row: int
    graph_name: NamedNode
    source: NamedNode
    layout: Layout | None = None  # a published layout, read through its rows()
    rows: int = 0  # data rows read
    rejected: int = 0
    triples: list | None = None  # filled by the in-memory sink
    provenance: list | None = None
    list_date: dt.date | None = None  # a designations list's date (title or --as-of): a snapshot

    @property
    def path(self) -> Path:
        return self.raw.path


@dataclass
class Outcome:
    tables: list[Table]
    problems: list[Problem] = field(default_factory=list)
    triples: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def source_key(path: Path) -> str:
    """The named-graph key of a file: its name, so a changed file replaces its own graph."""
    return readable_key(path.name)


TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".pdf")


def expand(paths) -> list[Path]:
    """Files as given; a folder stands for the tables (.csv, .xlsx) directly inside it."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TABLE_SUFFIXES
            )
        else:
            out.append(path)
    return out


def prepare(
    paths, minter: Minter, options: ListOptions | None = None
) -> tuple[list[Table], list[Problem]]:
    """Open and recognise every table; problems for the ones that cannot be used. `options`
    give the prefecture and date a published list does not carry itself."""
    tables: list[Table] = []
    problems: list[Problem] = []
    names: dict[str, Path] = {}
    for path in expand(paths):
        try:
            raw = open_pdf(path) if path.suffix.lower() in PDF_SUFFIXES else open_table(path)
            table = _recognise(raw, minter, options or ListOptions())
        except InputError as exc:
            problems += exc.problems
            continue
        key = source_key(path)
        if key in names:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    f"同じファイル名が2つあります（{names[key]} と {path}）。名前を変えてください",
                    f"two inputs have the same file name ({names[key]} and "
                    f"{path}); each file name names its graph, so rename one",
                )
            )
            continue
        names[key] = path
        tables.append(table)
    tables.sort(key=lambda tb: ORDER.index(tb.kind))
    return tables, problems


def _find_header(raw: RawTable, options: ListOptions, hidden: frozenset[int] = frozenset()):
    """(first non-blank row, (row number, kind, columns, layout) of the header or None).

    A header may span two rows under merged cells (名称 over 漢字 | ふりがな): a row that
    looks like a header is read together with the next one when that names more columns."""
    top: list[tuple[int, list[str]]] = []
    for number, cells in raw.rows():
        top.append((number, [("" if i in hidden else c) for i, c in enumerate(cells)]))
        if number >= HEADER_SEARCH_ROWS or len(top) > HEADER_SEARCH_ROWS:
            break
    first = top[0][0] if top else None
    if options.mapping is not None:  # a mapping file says what the header is
        for number, cells in top:
            layout = mapped_layout(cells, number, options)
            if layout:
                return first, (number, "designations", VIRTUAL_COLUMNS, layout)
        raise titles_missing(options.mapping, raw.path.name, first)
    for index, (number, cells) in enumerate(top):
        found = _header_at(number, cells, options)
        if found is None:
            continue
        if index + 1 < len(top):
            below_number, below = top[index + 1]
            merged = _header_at(below_number, merged_header(cells, below), options)
            if merged is not None and _width(merged) > _width(found):
                return first, merged
        return first, found
    return first, None


def _width(found) -> int:
    """How many columns a header names (a layout's own, or a template's)."""
    layout = found[3]
    return len(layout.columns) + len(layout.category_columns) if layout else len(found[2])


def _header_at(number: int, cells: list[str], options: ListOptions):
    layout = recognise_list(cells, number, options)
    if layout:
        return (number, "designations", VIRTUAL_COLUMNS, layout)
    found = recognise(cells)
    return (number, *found, None) if found else None


def _recognise(raw: RawTable, minter: Minter, options: ListOptions) -> Table:
    name = raw.path.name
    sheets = sheet_names(raw.path) if raw.encoding == "xlsx" else [None]
    first = None
    marks = Marks()
    for sheet in sheets:  # a workbook's first sheet is often a cover page: try each in turn
        raw.sheet = sheet
        marks = read_marks(raw.path, sheet, raw.size) if sheet else Marks()
        top, header = _find_header(raw, options, marks.hidden_columns)
        first = first or top
        if header:
            break
    else:
        header = None
    if header and header[3] is not None:
        layout = header[3]
        layout.newly_rows = marks.red_rows
        layout.hidden_columns = marks.hidden_columns
        list_date = options.as_of or snapshots.title_date(raw.rows(), layout.header_row)
        if list_date and "designated_on" not in layout.columns:
            layout.fixed.setdefault("designated_on", list_date.isoformat())
        require_context(layout, name)
        key = source_key(raw.path)
        return Table(
            raw,
            "designations",
            VIRTUAL_COLUMNS,
            layout.header_row,
            t.node(minter.graph(f"source/{key}")),
            t.node(minter.source(raw.sha256)),
            layout,
            list_date=list_date,
        )
    if header:
        number, kind, columns, _ = header
        missing = missing_required(kind, columns)
        if missing:
            raise InputError(
                [
                    Problem(
                        name,
                        number,
                        f"{c} ({japanese(kind, c)})",
                        f"必須の列「{japanese(kind, c)}」（{c}）がありません（{kind}の表）",
                        f"required column {c!r} ({japanese(kind, c)}) is missing (a {kind} table)",
                    )
                    for c in missing
                ]
            )
        key = source_key(raw.path)
        list_date = None
        if kind == "designations":
            list_date = options.as_of or snapshots.title_date(raw.rows(), number)
        return Table(
            raw,
            kind,
            columns,
            number,
            t.node(minter.graph(f"source/{key}")),
            t.node(minter.source(raw.sha256)),
            list_date=list_date,
        )
    if first is None:
        raise InputError(
            Problem(
                name,
                1,
                None,
                "ファイルが空です（見出し行が必要です）",
                "the file is empty (a header row is needed)",
            )
        )
    examples = ", ".join(
        f"{k}: {'/'.join(cols[c][0] for c in list(cols)[:4])}" for k, cols in COLUMNS.items()
    )
    raise InputError(
        Problem(
            name,
            first,
            None,
            "見出し行が分かりません。指定・計画・事業者の表の見出しを使うか、"
            "公表一覧なら --explain で確認してください（docs/input-tables.md）",
            f"no known header row in the first {HEADER_SEARCH_ROWS} rows"
            f"{' of any sheet' if sheets != [None] else ''}, so the kind of table is unknown; "
            f"use the template headers ({examples}; see docs/input-tables.md)",
        )
    )


class _Seen:
    """Rows already read, by what they describe: finds repeated and conflicting rows.

    Keeps one packed int per distinct key (file, row, 32-bit hashes of the fields that must
    agree and of the whole row: about 100 bytes), never the row itself."""

    _MASK = 0xFFFFFFFF

    def __init__(self):
        self._by_key: dict[int, int] = {}
        self._files: list[str] = []

    def check(self, row: Row, file_index: int, key: tuple, fingerprint: tuple) -> None:
        key_hash = hash((row.kind, *key))
        fp_hash = hash(fingerprint) & self._MASK
        row_hash = hash(tuple(c.strip() for c in row.cells)) & self._MASK
        previous = self._by_key.get(key_hash)
        if previous is None:
            self._by_key[key_hash] = (
                (file_index << 32 | row.number) << 32 | fp_hash
            ) << 32 | row_hash
            return
        where = self._where(previous >> 96, previous >> 64 & self._MASK, file_index)
        if previous & self._MASK == row_hash:
            row.error(None, f"重複した行です（{where}と同じ）", f"duplicate row (same as {where})")
        elif previous >> 32 & self._MASK != fp_hash:
            row.error(
                None,
                f"{where}と同じものを指していますが内容が食い違います（{_what_ja[row.kind]}）",
                f"describes the same {_what_en[row.kind]} as {where} but disagrees with it",
            )

    def _where(self, previous_file: int, previous_row: int, file_index: int) -> str:
        if previous_file == file_index:
            return f"row {previous_row}"
        return f"{self._files[previous_file]} row {previous_row}"

    def add_file(self, name: str) -> int:
        self._files.append(name)
        return len(self._files) - 1


_what_en = {
    "designations": "resource (prefecture and name) with another category, date or product",
    "plans": "plan (prefecture and plan id) with another title or dates",
    "enterprises": "enterprise (corporate number or name) with other figures",
}
_what_ja = {
    "designations": "同じ都道府県・名称で区分・指定日・対象鉱工業品が違う",
    "plans": "同じ計画番号で事業名・日付が違う",
    "enterprises": "同じ法人番号・名称で資本金・従業員数・業種が違う",
}


def _row_key(row: Row) -> tuple:
    if row.kind == "designations":
        pref = row.get("prefecture")
        return (prefecture_jis(pref) or normalise(pref), normalise(row.get("name")))
    if row.kind == "plans":
        pref = row.get("prefecture")
        return (prefecture_jis(pref) or normalise(pref), normalise(row.get("plan_id")))
    return (enterprises.key(row),)


def run(
    tables: list[Table], minter: Minter, sink, *, load_time: dt.datetime, batch: Batch | None = None
) -> Outcome:
    """Convert every row of every table into the sink; problems are collected, not raised.
    `batch`: one that already knows names loaded before (an incremental update seeds it with
    the designations and enterprises of the store's other lists)."""
    with no_cyclic_gc():
        return _run(tables, minter, sink, load_time=load_time, batch=batch)


def _run(tables: list[Table], minter: Minter, sink, *, load_time: dt.datetime, batch=None):
    batch = batch or Batch(minter)
    batch.keep_indexes = batch.keep_indexes or any(tb.kind == "plans" for tb in tables)
    batch.timeline = snapshots.plan(tables)
    seen = _Seen()
    outcome = Outcome(tables)
    stamp = t.Literal(load_time.isoformat(), datatype=t.XSD_DATETIME)
    for table in tables:
        file_index = seen.add_file(table.path.name)
        converter = CONVERTERS[table.kind]
        src = table.source
        sink.begin(table)
        sink.provenance(
            [
                (src, t.A, t.iac("SourceTable")),
                (src, t.A, t.PROV_ENTITY),
                (src, t.iac("fileName"), t.string(table.path.name)),
                (src, t.iac("sha256"), t.string(table.raw.sha256)),
                (src, t.GENERATED_AT, stamp),
            ]
        )
        if table.list_date is not None:
            sink.provenance([(src, t.iac("listDate"), t.date(table.list_date))])
        sha = table.raw.sha256
        rows = table.layout.rows(table.raw) if table.layout else table.raw.rows()
        for number, cells in rows:
            if number <= table.header_row:
                continue
            table.rows += 1
            where = raw.where(number) if isinstance(raw := table.raw, PdfTable) else raw.path.name
            row = Row(where, number, table.kind, cells, table.columns)
            row.check_cells()
            triples, minted = ([], []) if row.rejected else converter.convert(row, batch)
            if not row.rejected:
                key = (*_row_key(row), table.list_date)  # lists of two dates: snapshots
                seen.check(row, file_index, key, converter.fingerprint(row))
            outcome.problems += row.problems
            if row.rejected:
                table.rejected += 1
                continue
            row_iri = t.node(minter.source_row(sha, number))
            provenance = [
                (row_iri, t.A, t.iac("SourceRow")),
                (row_iri, t.A, t.PROV_ENTITY),
                (row_iri, t.iac("sourceTable"), src),
                (row_iri, t.iac("rowNumber"), t.integer(number)),
            ]
            if isinstance(table.raw, PdfTable):
                page = table.raw.pages.get(number, 0)
                provenance.append((row_iri, t.iac("pageNumber"), t.integer(page)))
            provenance += [(n, t.DERIVED, row_iri) for n in minted]
            sink.data(table, triples)
            sink.provenance(provenance)
            outcome.triples += len(triples) + len(provenance)
        outcome.triples += 5 + (table.list_date is not None)
        if table.rows == 0:
            outcome.problems.append(
                Problem(
                    table.path.name,
                    table.header_row + 1,
                    None,
                    f"見出し行（{table.header_row}行目）の後にデータ行がありません",
                    f"no data rows after the header (row {table.header_row})",
                )
            )
        sink.end(table)
    return outcome
