"""Reading the changed lists for an update, as a full build would read them among the others.

The loader's batch is seeded with the names the store's other lists hold (plans name their
resources and applicants); a row that another list holds is refused; a plan of a list not given
that would now resolve a name differently stops the update (its file must be read again); the
load time is the one a full build of the new set of files records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from iackg.build import RDF_SUFFIXES, _ox_triples, read_rdf
from iackg.errors import InputError, Problem, UsageError
from iackg.ingest import terms as t
from iackg.iris import Minter, normalise

# the loader's own terms (checked against the closed ontology vocabulary)
_TYPE, _LABEL, _DERIVED, _GENERATED_AT = t.A, t.LABEL, t.DERIVED, t.GENERATED_AT
_XSD_DATETIME = t.XSD_DATETIME
_FILE_NAME = t.iac("fileName")
_SOURCE_TABLE = t.iac("sourceTable")


def _text(term) -> str:
    """The IRI or lexical form of a term (a quoted triple has none)."""
    if isinstance(term, ox.Triple):
        raise TypeError("a quoted triple where a term was expected")
    return term.value


@dataclass
class _Change:
    """What the update writes: per source graph its new triples, and the provenance share."""

    graphs: dict[ox.NamedNode, list[tuple]] = field(default_factory=dict)
    provenance: list[tuple] = field(default_factory=list)
    table_names: dict[str, str] = field(default_factory=dict)  # source key -> file name
    others: set[ox.NamedNode] = field(default_factory=set)  # the other tables' graphs
    stamp: dt.datetime | None = None
    problems: list = field(default_factory=list)


# --- reading the changed files ----------------------------------------------------------------


def _graph_of(path: Path, minter: Minter) -> ox.NamedNode:
    from iackg.ingest.loader import source_key

    if path.suffix.lower() in RDF_SUFFIXES:
        key = "rdf-" + path.stem.lower().replace(" ", "-")
        return ox.NamedNode(str(minter.graph(f"source/{key}")))
    return ox.NamedNode(str(minter.graph(f"source/{source_key(path)}")))


def _read(files: list[Path], store: ox.Store, minter: Minter, options, built_from) -> _Change:
    """The changed files, converted; `built_from`: the tables the store was built from
    (`_files_read`)."""
    change = _Change()
    tables = [p for p in files if p.suffix.lower() not in RDF_SUFFIXES]
    for path in files:
        if path.suffix.lower() in RDF_SUFFIXES:
            change.graphs[_graph_of(path, minter)] = _read_rdf(path)
    if tables:
        _read_tables(tables, store, minter, options, change, built_from)
    return change


def _read_rdf(path: Path) -> list[tuple]:
    return _ox_triples(read_rdf(path))


def _read_tables(
    tables: list[Path], store: ox.Store, minter: Minter, options, change, built_from
) -> None:
    """Convert the tables as a full build would, with the names that plans refer to taken from
    the store's other lists (the loader's batch is seeded with them)."""
    from iackg.ingest.context import Batch
    from iackg.ingest.loader import prepare, run
    from iackg.ingest.result import MemorySink

    prepared, problems = prepare(tables, minter, options)
    _fail(problems)
    replaced = {tb.graph_name for tb in prepared}
    # the other lists are the tables the store was built from: a build compares the tables'
    # rows with each other and resolves the names plans use among them, never in an RDF file
    others = {ox.NamedNode(g) for g in built_from} - replaced
    _check_snapshots(store, minter, built_from, prepared, replaced)
    batch = Batch(minter)
    if any(tb.kind == "plans" for tb in prepared):  # plans name what the other lists hold
        batch.keep_indexes = True
        _Index.read(_name_rows(store), others).seed(batch)
    change.stamp = _stamp(store, tables, replaced, minter)
    sink = MemorySink()
    outcome = run(prepared, minter, sink, load_time=change.stamp, batch=batch)
    _fail(problems + outcome.problems)
    change.problems = [p for p in problems + outcome.problems if p.severity != "error"]
    for table in prepared:
        name = table.graph_name
        change.graphs[name] = table.triples or []
        change.provenance += table.provenance or []
        change.table_names[name.value] = table.path.name
    change.others = others  # for `_check_duplicates`, once the changed rows are known
    _check_plans(store, minter, others, replaced, change)


def _check_snapshots(store: ox.Store, minter: Minter, files: dict, prepared, replaced) -> None:
    """Dated lists of a prefecture are compared with each other in a build (snapshots, docs/
    time.md): when the old or the new set of lists has two dates, one list's graph depends on
    the others, so the update refuses and asks for a rebuild."""
    provenance = ox.NamedNode(str(minter.graph("provenance")))
    graph_of = {node: g for g, nodes in files.items() for node in nodes}  # `_files_read`
    old: dict[str, set] = defaultdict(set)  # graph -> list dates
    for quad in store.quads_for_pattern(None, t.iac("listDate"), None, provenance):
        if quad.subject in graph_of:
            old[graph_of[quad.subject]].add(_text(quad.object))
    before = set().union(*old.values()) if old else set()
    after = {d for g, dates in old.items() if ox.NamedNode(g) not in replaced for d in dates}
    after |= {tb.list_date.isoformat() for tb in prepared if tb.list_date is not None}
    if len(before) > 1 or len(after) > 1:
        raise UsageError(
            "the store holds dated lists of several dates (snapshots), which a build compares "
            "with each other; rebuild with all the lists / 日付の異なる一覧（スナップショット）は"
            "互いに比べて読むため、すべての一覧で再構築してください"
        )


def _fail(problems) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors + [p for p in problems if p.severity != "error"])


def _files_read(store: ox.Store, minter: Minter) -> dict[str, list]:
    """The tables the store was built from: per graph IRI, the source nodes of the files read
    into it (the provenance's `iac:fileName` records; an RDF input has none)."""
    provenance = ox.NamedNode(str(minter.graph("provenance")))
    found: dict[str, list] = defaultdict(list)
    for quad in store.quads_for_pattern(None, _FILE_NAME, None, provenance):
        found[_graph_of(Path(_text(quad.object)), minter).value].append(quad.subject)
    return found


def _stamp(store: ox.Store, tables, replaced, minter: Minter) -> dt.datetime:
    """The load time a full build of the new input set records: the newest table's mtime.

    The store holds the old newest time. When a changed file is at least as new, it is the new
    newest; when every changed file is older and none replaces a list, the old time stands.
    When every changed file is older and one replaces a list, that list may have been the
    newest, and the other files' times are not in the store: the update refuses then."""
    from iackg.build import _newest_input_time

    newest = _newest_input_time(tables)
    provenance = ox.NamedNode(str(minter.graph("provenance")))
    old = [
        q.object.value
        for q in store.quads_for_pattern(None, _GENERATED_AT, None, provenance)
        if isinstance(q.object, ox.Literal)
    ]
    if not old:
        return newest
    previous = dt.datetime.fromisoformat(max(old))
    if newest >= previous:
        return newest
    replacing = any(store.quads_for_pattern(None, None, None, g) for g in replaced)
    if not replacing:
        return previous
    raise InputError(
        Problem(
            str(tables[0]),
            None,
            None,
            f"変更したファイルが構築時の最新の入力（{previous.isoformat()}）より古いため、"
            "読み込み時刻を決められません。ファイルの更新日時を新しくするか、全体を再構築してください",
            f"the changed files are older than the newest input of the last build "
            f"({previous.isoformat()}), so the load time a full build would record is unknown; "
            "touch the files or rebuild",
        )
    )


def _check_duplicates(store: ox.Store, change: _Change, added: Iterable[ox.Quad]) -> None:
    """A row describing what another list already describes is an error in a full build: a
    designation (prefecture and name), a plan (prefecture and id) or an enterprise. Looked up
    for the rows the update adds (`added`: the quads the changed graphs gain): a row whose
    type or place is unchanged was in the list before, and its list was then read with the
    others, in a build or an update that made this check."""
    kinds = (_DESIGNATION, _PLAN)
    rows = {
        (q.subject, q.graph_name)
        for q in added
        if q.graph_name in change.graphs
        and ((q.predicate == _TYPE and q.object in kinds) or q.predicate == _LOCATED_IN)
    }
    for subject, name in rows:
        found = [
            *store.quads_for_pattern(subject, _TYPE, _DESIGNATION),
            *store.quads_for_pattern(subject, _TYPE, _PLAN),
            *store.quads_for_pattern(subject, _LOCATED_IN, None),
        ]
        for quad in found:
            if quad.graph_name in change.others:
                other = _graph_key(quad.graph_name)
                raise InputError(
                    Problem(
                        change.table_names.get(_text(name), _text(name)),
                        None,
                        None,
                        f"別の表（{other}）と同じものを記述しています: {_text(subject)}",
                        f"describes what another list ({other}) describes already: "
                        f"{_text(subject)}",
                    )
                )


class _Index:
    """The names plans refer to: designated resources (name -> prefectures) and enterprises
    (name -> IRIs), as the loader's batch collects them."""

    def __init__(self):
        self.resources: dict[str, set[str]] = defaultdict(set)
        self.names: dict[str, str] = {}  # normalised name -> name as written
        self.enterprises: dict[str, set] = defaultdict(set)
        self.enterprise_names: dict[str, str] = {}

    @classmethod
    def read(cls, rows: tuple[list, list], graphs: Iterable) -> _Index:
        """The names in `graphs`, from the rows of `_name_rows`."""
        index = cls()
        wanted = set(graphs)
        designated, enterprises = rows
        for g, name, jis in designated:
            if g in wanted:
                key = normalise(name)
                index.resources[key].add(jis)
                index.names.setdefault(key, name)
        for g, name, enterprise in enterprises:
            if g in wanted:
                key = normalise(name)
                index.enterprises[key].add(enterprise)
                index.enterprise_names.setdefault(key, name)
        return index

    @classmethod
    def around(cls, store: ox.Store, minter: Minter, graphs: set, old: _Index, new: _Index):
        """The names of `graphs` among those whose entries differ between `old` and `new`,
        looked up one by one: a resource by its IRI in every prefecture (minted from the
        normalised name), an enterprise by its Japanese name as either list writes it."""
        index = cls()
        for key in old.resources.keys() | new.resources.keys():
            if old.resources.get(key) == new.resources.get(key):
                continue
            name = new.names.get(key) or old.names[key]
            for jis in _PREFECTURES:
                iri = ox.NamedNode(str(minter.resource(jis, name)))
                quads = store.quads_for_pattern(None, _DESIGNATES, iri)
                if any(q.graph_name in graphs for q in quads):
                    index.resources[key].add(jis)
                    index.names.setdefault(key, name)
        for key in old.enterprises.keys() | new.enterprises.keys():
            if old.enterprises.get(key) == new.enterprises.get(key):
                continue
            for written in {old.enterprise_names.get(key), new.enterprise_names.get(key)}:
                if written is None:
                    continue
                label = ox.Literal(written, language="ja")
                for q in store.quads_for_pattern(None, _LABEL, label):
                    if q.graph_name in graphs and _is_enterprise(store, q.subject, q.graph_name):
                        index.enterprises[key].add(q.subject)
                        index.enterprise_names.setdefault(key, written)
        return index

    @classmethod
    def of(cls, graphs: dict, names: Iterable) -> _Index:
        index = cls()
        for name in sorted(names, key=lambda g: g.value):
            index._add(graphs.get(name, ()))
        return index

    def _add(self, triples: Iterable[tuple]) -> None:
        labels: dict = {}
        designated: list = []
        prefecture: dict = {}
        organizations: set = set()
        located: set = set()
        for s, p, o in triples:
            if p == _LABEL and getattr(o, "language", None) == "ja":
                labels[s] = _text(o)  # the name as written in the list
            elif p == _DESIGNATES:
                designated.append((s, o))
            elif p == _DESIGNATED_BY:
                prefecture[s] = _text(o).rsplit("/", 1)[-1]
            elif p == _LOCATED_IN:
                located.add(s)
            elif p == _TYPE and o == _ORGANIZATION:
                organizations.add(s)
        for designation, resource in designated:
            name = labels.get(resource)
            jis = prefecture.get(designation)
            if name is not None and jis is not None:
                key = normalise(name)
                self.resources[key].add(jis)
                self.names.setdefault(key, name)
        for enterprise in located & organizations:
            if enterprise in labels:
                key = normalise(labels[enterprise])
                self.enterprises[key].add(enterprise)
                self.enterprise_names.setdefault(key, labels[enterprise])

    def seed(self, batch) -> None:
        for key, prefectures in self.resources.items():
            for jis in sorted(prefectures):
                batch.remember_resource(jis, self.names[key])
        for key, iris in self.enterprises.items():
            for iri in sorted(iris, key=str):
                batch.remember_enterprise(self.enterprise_names[key], iri)


def _check_plans(store: ox.Store, minter: Minter, others, replaced, change: _Change) -> None:
    """Refuse when a plan in a list not given would now be read differently.

    A plan names resources and applicants; the loader resolves a name against all the lists of
    the build (the one prefecture that designated it, else the plan's own; the one enterprise
    of that name, else one minted from the name). For every name whose designations or
    enterprises change with this update, the plans of the other lists that use one of its
    possible IRIs are resolved again under the old and the new lists: where the IRI would
    differ, that plans list must be read again, and only its file can say what it named."""
    from iackg.ingest.namelist import split_names

    old = _Index.read(_name_rows(store, replaced), replaced)
    new = _Index.of(change.graphs, replaced)
    kept = _Index.around(store, minter, others, old, new)
    # (predicate, IRI, (name, old and new sets, whether the IRI is of a part of the name))
    checks: list[tuple[ox.NamedNode, ox.NamedNode, tuple[str, set, set, bool]]] = []
    for key in sorted(old.resources.keys() | new.resources.keys()):
        before = kept.resources.get(key, set()) | old.resources.get(key, set())
        after = kept.resources.get(key, set()) | new.resources.get(key, set())
        if before == after:
            continue
        name = new.names.get(key) or old.names[key]
        parts = split_names(name) if bool(before) != bool(after) else [name]
        for part in {name, *parts}:
            for jis in _PREFECTURES:
                iri = ox.NamedNode(str(minter.resource(jis, part)))
                checks.append((_USES_RESOURCE, iri, (part, before, after, part != name)))
    for key in sorted(old.enterprises.keys() | new.enterprises.keys()):
        before = kept.enterprises.get(key, set()) | old.enterprises.get(key, set())
        after = kept.enterprises.get(key, set()) | new.enterprises.get(key, set())
        if _unique(before) == _unique(after):
            continue
        name = new.enterprise_names.get(key) or old.enterprise_names[key]
        candidates = {*before, *after}
        candidates |= {ox.NamedNode(str(minter.enterprise(None, j, name))) for j in _PREFECTURES}
        checks += [(_APPLICANT, iri, (name, before, after, False)) for iri in candidates]
    for predicate, iri, (name, before, after, split) in checks:
        for quad in store.quads_for_pattern(None, predicate, iri):
            if quad.graph_name not in others:
                continue
            jis = _plan_prefecture(store, quad.subject)
            if predicate == _USES_RESOURCE:
                was = str(minter.resource(*_resource_of(jis, before, name)))
                now = str(minter.resource(*_resource_of(jis, after, name)))
            else:
                was, now = (
                    str(_unique(s) or minter.enterprise(None, jis, name)) for s in (before, after)
                )
            if split or (was != now and _text(quad.object) == was):
                raise InputError(
                    Problem(
                        _graph_key(quad.graph_name),
                        None,
                        None,
                        f"この表の計画が名称で指すもの（{name}）の指定や事業者が変わります。"
                        "この表も --update に加えるか、全体を再構築してください",
                        f"a plan in this list names {name!r}, whose designations or enterprise "
                        "change with this update; give this list to --update too, or rebuild",
                    )
                )


# Each pattern a sub-select of its own (but the enterprises' names, looked up for the few
# enterprises): Oxigraph joins the scans by hashing instead of a look-up per designation, 282 to
# 160 ms for every list at national scale. `{graphs}` is where a VALUES block of the graphs goes.
_DESIGNATED_NAMES = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?name ?jis WHERE {
  { SELECT ?g ?d ?r WHERE { {graphs} GRAPH ?g { ?d iac:designates ?r } } }
  { SELECT ?g ?d ?jis WHERE { {graphs} GRAPH ?g { ?d iac:designatedBy ?jis } } }
  { SELECT ?g ?r ?name WHERE {
      {graphs} GRAPH ?g { ?r rdfs:label ?name FILTER (lang(?name) = "ja") } } }
}"""
_ENTERPRISE_NAMES = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?name ?e WHERE {
  { SELECT ?g ?e WHERE { {graphs} GRAPH ?g { ?e a iac:Organization } } }
  { SELECT ?g ?e WHERE { {graphs} GRAPH ?g { ?e iac:locatedIn ?place } } }
  GRAPH ?g { ?e rdfs:label ?name FILTER (lang(?name) = "ja") }
}"""


def _name_rows(store: ox.Store, graphs: Iterable | None = None) -> tuple[list, list]:
    """(graph, name, prefecture code) of every designation and (graph, name, IRI) of every
    enterprise in the store (or in `graphs`), found by two queries inside it."""
    designated = [
        (row["g"], row["name"].value, row["jis"].value.rsplit("/", 1)[-1])
        for row in _solutions(store, _DESIGNATED_NAMES, graphs)
    ]
    enterprises = [
        (row["g"], row["name"].value, row["e"])
        for row in _solutions(store, _ENTERPRISE_NAMES, graphs)
    ]
    return designated, enterprises


def _is_enterprise(store: ox.Store, node, graph) -> bool:
    located = store.quads_for_pattern(node, _LOCATED_IN, None, graph)
    return any(located) and any(store.quads_for_pattern(node, _TYPE, _ORGANIZATION, graph))


def _solutions(store: ox.Store, query: str, graphs: Iterable | None = None) -> ox.QuerySolutions:
    """The solutions of one of the queries above, over `graphs` (a VALUES block of their IRIs,
    written by Oxigraph) or every graph."""
    values = "" if graphs is None else "VALUES ?g { " + " ".join(str(g) for g in graphs) + " }"
    solutions = store.query(query.replace("{graphs}", values))
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def _unique(iris: set):
    """The IRI a name resolves to in the loader's batch: the only one, else none."""
    return next(iter(iris)).value if len(iris) == 1 else None


def _resource_of(jis: str, prefectures: set[str], name: str) -> tuple[str, str]:
    if prefectures and jis not in prefectures and len(prefectures) == 1:
        return next(iter(prefectures)), name
    return jis, name


def _plan_prefecture(store: ox.Store, plan) -> str:
    for quad in store.quads_for_pattern(plan, _PLAN_PREFECTURE, None):
        return _text(quad.object).rsplit("/", 1)[-1]
    return ""


def _graph_key(graph) -> str:
    return graph.value.rsplit("/", 1)[-1]


_PREFECTURES = [f"{n:02d}" for n in range(1, 48)]
_DESIGNATION = t.iac("Designation")
_PLAN = t.iac("Plan")
_DESIGNATES = t.iac("designates")
_DESIGNATED_BY = t.iac("designatedBy")
_LOCATED_IN = t.iac("locatedIn")
_ORGANIZATION = t.iac("Organization")
_USES_RESOURCE = t.iac("usesResource")
_APPLICANT = t.iac("applicant")
_PLAN_PREFECTURE = t.iac("planPrefecture")
