"""Compile a SHACL shapes graph into SPARQL SELECT queries, one per constraint.

Each query returns `?this` (the focus node) and `?value` (unbound for count constraints) for
every violation of one constraint component of one shape, over all focus nodes at once. The
supported subset is what the bundled shapes use: targets (class, subjectsOf, objectsOf, node),
property paths, minCount, maxCount, datatype, class, in, hasValue, pattern, languageIn,
min/max Inclusive/Exclusive, minLength, maxLength, nodeKind, not, and, or, node,
qualifiedValueShape with qualifiedMin/MaxCount, and SHACL-SPARQL SELECT constraints whose
`$this` is bound by a triple pattern; node shapes nested through `sh:node`, `sh:and`, `sh:or`,
`sh:not` and `sh:qualifiedValueShape` with their own property shapes; `sh:deactivated` at any
depth; implicit class targets; `sh:flags` of each pattern. Anything else raises
`UnsupportedShape` naming the feature, and the caller falls back to pySHACL (or refuses).
`tests/validation/test_cases.py` proves equal results on every case, and
`tests/validation/test_shacl_core_suite.py` runs the W3C SHACL Core tests: each passes or is
refused by name.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import BNode, Node

from iackg.validation.shapes import RuleIndex, path_text
from iackg.validation.targets import (
    RDFS_SUBCLASS,
    UnsupportedShape,
    target_pattern,
    targeted_shapes,
    term,
)

__all__ = ["CompiledQuery", "ShapeCompiler", "UnsupportedShape", "term"]

# Datatypes whose lexical form the engine can check by casting (ill-typed literals fail).
_CASTABLE = {
    XSD.string,
    XSD.boolean,
    XSD.integer,
    XSD.decimal,
    XSD.float,
    XSD.double,
    XSD.date,
    XSD.dateTime,
    XSD.time,
}
# Datatypes whose every string is a valid lexical form (no cast needed).
_LEXICAL_FREE = {RDF.langString, RDF.HTML, RDF.XMLLiteral, XSD.anyURI}
_DATATYPES = " " + ", ".join(sorted(str(d).rsplit("#", 1)[1] for d in _CASTABLE | _LEXICAL_FREE))
_VALUE_COMPONENTS = {
    SH.datatype,
    SH["class"],
    SH["in"],
    SH.pattern,
    SH.languageIn,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.nodeKind,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.node,
}
_IGNORED = {
    RDF.type,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.path,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.flags,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.order,
    SH.group,
    SH.qualifiedValueShapesDisjoint,
}
_NODE_COMPONENTS = _VALUE_COMPONENTS | {SH.hasValue}
_PROPERTY_COMPONENTS = _VALUE_COMPONENTS | {
    SH.property,
    SH.minCount,
    SH.maxCount,
    SH.hasValue,
    SH.qualifiedValueShape,
    SH.sparql,
}
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
}


@dataclass(frozen=True)
class CompiledQuery:
    sparql: str
    shape: Node  # the source shape (a property shape, or the node shape itself)
    component: URIRef
    severity: URIRef
    path: str | None  # path text of a property shape; SPARQL constraints bind ?path
    constraint: Node | None = None  # the sh:SPARQLConstraint node
    value_is_focus: bool = False  # node-level constraints report the focus as the value
    focus_if_unbound: bool = False  # SPARQL constraints of node shapes: ?value defaults to $this


class _Vars:
    def __init__(self) -> None:
        self._count = itertools.count()

    def new(self) -> str:
        return f"?v{next(self._count)}"


class ShapeCompiler:
    def __init__(self, shapes: Graph, focus: Iterable[Node] | None = None):
        """`focus`: check only these focus nodes (an incremental update checks the nodes it
        touched); every focus node of every shape by default."""
        self.g = shapes
        self.index = RuleIndex(shapes)
        self._values = "" if focus is None else focus_values(focus)
        self._top = ""  # the target of the shape being compiled

    # --- public ---------------------------------------------------------------------------
    def compile(self) -> list[CompiledQuery]:
        """One query per constraint of every shape that has a target (explicit or implicit)."""
        queries: list[CompiledQuery] = []
        for shape in targeted_shapes(self.g):
            if self._deactivated(shape):
                continue
            target = self._top = target_pattern(self.g, shape, self._values)
            if (shape, SH.path, None) in self.g:
                found = self._property_shape(shape, target)
            else:
                found = self._node_shape(shape, target)
            queries.extend(self._focused(query, target) for query in found)
        return queries

    def _lead_with_values(self, match: re.Match) -> str:
        """`WHERE {` (and a group right inside it, the first branch of a UNION) led by the
        focus nodes' VALUES block."""
        where, group = match.group(1), match.group(2)
        return f"{where} {self._values}" + (f"{group} {self._values}" if group else "")

    def _focused(self, query: CompiledQuery, target: str) -> CompiledQuery:
        """With focus nodes, the VALUES block also leads the query itself, so that Oxigraph
        joins from it (inside the target's sub-select alone it still scans every node)."""
        if not self._values:
            return query
        top = f"WHERE {{ {target} "
        if top not in query.sparql:  # a nested shape's query: its focus nodes are values
            return query
        sparql = query.sparql.replace(top, f"WHERE {{ {self._values} {target} ", 1)
        # MINUS and the branches of a UNION are evaluated on their own: focused, they look at
        # the focus nodes only (?this is the focus node there too, so the result is the same)
        sparql = sparql.replace("MINUS { ", f"MINUS {{ {self._values} ")
        sparql = re.sub(r"\bUNION\s*\{", lambda m: f"{m.group(0)} {self._values}", sparql)
        return replace(query, sparql=sparql)

    # --- shapes ---------------------------------------------------------------------------
    def _deactivated(self, shape: Node) -> bool:
        return self.g.value(shape, SH.deactivated) == Literal(True)

    def _check_known(self, shape: Node, extra: set[URIRef]) -> None:
        for predicate in sorted(set(self.g.predicates(shape)), key=str):
            if predicate in _IGNORED or predicate in extra:
                continue
            if not str(predicate).startswith(str(SH)):
                continue  # SHACL ignores triples whose predicate is not a SHACL term
            raise UnsupportedShape(_feature(predicate), f" (on {shape})")
        if self.g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise UnsupportedShape("sh:qualifiedValueShapesDisjoint", f" (on {shape})")

    def _node_shape(self, shape: Node, target: str) -> list[CompiledQuery]:
        self._check_known(shape, _NODE_COMPONENTS | {SH.property, SH.sparql})
        severity = self.index.severity(shape)
        queries = []
        for part in self.g.objects(shape, SH.property):
            if not self._deactivated(part):
                queries.extend(self._property_shape(part, target))
        for component in sorted(_NODE_COMPONENTS, key=str):
            if (shape, component, None) not in self.g:
                continue
            condition = self._value_condition(shape, component, "?this", _Vars())
            sparql = f"SELECT DISTINCT ?this WHERE {{ {target} FILTER (!({condition})) }}"
            queries.append(
                CompiledQuery(
                    sparql,
                    shape,
                    _component_iri(component),
                    severity,
                    None,
                    value_is_focus=component != SH.hasValue,  # sh:hasValue reports no value
                )
            )
        for constraint in self.g.objects(shape, SH.sparql):
            queries.append(self._sparql_constraint(shape, constraint, target, severity))
        return queries

    def _property_shape(self, shape: Node, target: str) -> list[CompiledQuery]:
        self._check_known(shape, _PROPERTY_COMPONENTS)
        path_node = self.g.value(shape, SH.path)
        if path_node is None:
            raise UnsupportedShape("a property shape without sh:path", f" ({shape})")
        self._path(path_node)  # refuses unknown path forms
        severity = self.index.severity(shape)
        shown = path_text(self.g, path_node)
        queries = []
        for component, pattern in self._property_violations(shape, path_node, "?this", _Vars()):
            sparql = f"SELECT DISTINCT ?this ?value WHERE {{ {target} {pattern} }}"
            queries.append(CompiledQuery(sparql, shape, component, severity, shown))
        for constraint in self.g.objects(shape, SH.sparql):
            queries.append(self._sparql_constraint(shape, constraint, target, severity, shown))
        for nested in self.g.objects(shape, SH.property):
            if not self._deactivated(nested):  # its focus nodes are this shape's values
                walk = self._walk(path_node, "?outer", "?propertyValue", _Vars())
                outer = f"{{ SELECT (?this AS ?outer) WHERE {{ {target} }} }}"
                values = (
                    f"{{ SELECT DISTINCT (?propertyValue AS ?this) WHERE {{ {outer} {walk} }} }}"
                )
                queries.extend(self._property_shape(nested, values))
        return queries

    def _property_violations(self, shape: Node, path: Node, focus: str, vars_: _Vars):
        """(component, pattern) pairs; each pattern matches once per violation of `focus`,
        binding ?value for value-level components when focus is ?this."""
        value = "?value" if focus == "?this" else vars_.new()
        # "focus has no such value": at the top level MINUS (an anti-join Oxigraph runs in
        # linear time; FILTER NOT EXISTS was quadratic when the focus is an object), nested
        # FILTER NOT EXISTS (MINUS would not see the outer focus binding there).
        absent = "MINUS" if focus == "?this" else "FILTER NOT EXISTS"
        out = []
        for component in sorted(_VALUE_COMPONENTS, key=str):
            if (shape, component, None) in self.g:
                out.extend(self._value_violations(shape, component, path, focus, value, vars_))
        out.extend(self._count_violations(shape, path, focus, absent, vars_))
        if focus != "?this":  # nested: a value breaking a nested property shape breaks this
            for nested in self.g.objects(shape, SH.property):
                inner = vars_.new()
                condition = self._conforms(nested, inner, vars_)
                walk = self._walk(path, focus, inner, vars_)
                out.append((SH.PropertyConstraintComponent, f"{walk} FILTER (!({condition}))"))
        return out

    def _value_violations(self, shape, component, path, focus, value, vars_: _Vars):
        """(component, pattern) pairs for a constraint on each value. A class at the top level
        of a whole-graph check is a MINUS per class (an anti-join against the class's instances,
        found once: four times faster at national scale than a FILTER NOT EXISTS per value);
        with focus nodes MINUS would be joined with their VALUES block, so the filter stays."""
        iri = _component_iri(component)
        if component == SH["class"] and focus == "?this" and not self._values:
            for cls in sorted(self.g.objects(shape, component), key=str):
                instance = f"{value} <{RDF.type}>/<{RDFS_SUBCLASS}>* {term(cls)}"
                yield iri, f"{self._walk(path, focus, value, vars_)} MINUS {{ {instance} }}"
            return
        condition = self._value_condition(shape, component, value, vars_)
        walk = self._walk(path, focus, value, vars_)
        yield iri, f"{walk} FILTER (!({condition}))"

    def _count_violations(self, shape: Node, path: Node, focus: str, absent: str, vars_: _Vars):
        min_count = self.g.value(shape, SH.minCount)
        if min_count is not None and _number(min_count) > 0:
            pattern = self._at_least(focus, path, _number(min_count), vars_)
            yield _COMPONENT[SH.minCount], f"{absent} {{ {pattern} }}"
        max_count = self.g.value(shape, SH.maxCount)
        if max_count is not None:
            yield (
                _COMPONENT[SH.maxCount],
                self._at_least(focus, path, _number(max_count) + 1, vars_),
            )
        for has_value in self.g.objects(shape, SH.hasValue):
            pattern = self._walk(path, focus, term(has_value), vars_)
            yield _COMPONENT[SH.hasValue], f"{absent} {{ {pattern} }}"
        for qualified in self.g.objects(shape, SH.qualifiedValueShape):
            q_min = self.g.value(shape, SH.qualifiedMinCount)
            q_max = self.g.value(shape, SH.qualifiedMaxCount)
            if q_min is not None:
                pattern = self._at_least(focus, path, _number(q_min), vars_, qualified)
                yield _COMPONENT[SH.qualifiedMinCount], f"{absent} {{ {pattern} }}"
            if q_max is not None:
                pattern = self._at_least(focus, path, _number(q_max) + 1, vars_, qualified)
                yield _COMPONENT[SH.qualifiedMaxCount], pattern

    def _at_least(self, focus, path, n, vars_, qualified=None) -> str:
        """A pattern that matches iff `focus` has at least n distinct values (conforming to
        `qualified` if given)."""
        if n > 6:
            raise UnsupportedShape("counts above 5", f" ({n - 1})")
        if n <= 0:
            return "FILTER (true)"
        names = [vars_.new() for _ in range(n)]
        parts = [self._walk(path, focus, name, vars_) for name in names]
        for a, b in itertools.combinations(names, 2):
            parts.append(f"FILTER (!sameTerm({a}, {b}))")
        if qualified is not None:
            for name in names:
                parts.append(f"FILTER ({self._conforms(qualified, name, vars_)})")
        return " ".join(parts)

    # --- conditions: boolean SPARQL expressions that are true iff a node conforms -----------
    def _conforms(self, shape: Node, var: str, vars_: _Vars) -> str:
        """True iff the node in `var` conforms to `shape` (a nested node or property shape,
        with its own property shapes; a deactivated shape conforms)."""
        if self._deactivated(shape):
            return "true"
        path_node = self.g.value(shape, SH.path)
        if path_node is not None:
            self._check_known(shape, _PROPERTY_COMPONENTS - {SH.sparql})
            patterns = self._property_violations(shape, path_node, var, vars_)
            return " && ".join(f"NOT EXISTS {{ {p} }}" for _, p in patterns) or "true"
        self._check_known(shape, _NODE_COMPONENTS | {SH.property})
        conditions = [
            self._value_condition(shape, component, var, vars_)
            for component in sorted(_NODE_COMPONENTS, key=str)
            if (shape, component, None) in self.g
        ]
        conditions.extend(self._conforms(p, var, vars_) for p in self.g.objects(shape, SH.property))
        return " && ".join(f"({c})" for c in conditions) or "true"

    def _value_condition(self, shape: Node, component: URIRef, v: str, vars_: _Vars) -> str:
        """True iff value `v` satisfies every `component` constraint of `shape`."""
        conditions = [
            self._one_condition(component, arg, v, vars_, shape)
            for arg in self.g.objects(shape, component)
        ]
        return " && ".join(f"({c})" for c in conditions) or "true"

    def _one_condition(
        self, component: URIRef, arg: Node, v: str, vars_: _Vars, shape: Node
    ) -> str:
        """True iff value `v` satisfies one constraint: logical ones nest shapes, the others
        test the value itself."""
        if component == SH["not"]:
            return f"!({self._conforms(arg, v, vars_)})"
        if component == SH["and"]:
            return " && ".join(f"({self._conforms(s, v, vars_)})" for s in self.g.items(arg))
        if component == SH["or"]:
            return " || ".join(f"({self._conforms(s, v, vars_)})" for s in self.g.items(arg))
        if component == SH.node:
            return self._conforms(arg, v, vars_)
        if component == SH.pattern:
            return self._pattern(shape, arg, v)
        if component in (SH["in"], SH.languageIn):
            return self._list_condition(component, arg, v)
        return _value_test(component, arg, v)

    def _list_condition(self, component: URIRef, arg: Node, v: str) -> str:
        if component == SH["in"]:
            members = [f"sameTerm({v}, {term(m)})" for m in self.g.items(arg)]
            return " || ".join(members) or "false"
        langs = [f"langMatches(lang({v}), {term(Literal(str(x)))})" for x in self.g.items(arg)]
        return f"isLiteral({v}) && ({' || '.join(langs) or 'false'})"

    def _pattern(self, shape: Node, pattern: Node, v: str) -> str:
        """REGEX with the `sh:flags` of this very shape (SPARQL's flags: s, m, i, x, q)."""
        regex = term(Literal(str(pattern)))
        flags = self.g.value(shape, SH.flags)
        if flags is None:
            return f"!isBlank({v}) && REGEX(STR({v}), {regex})"
        if not re.fullmatch(r"[smixq]*", str(flags)):
            raise UnsupportedShape("sh:flags other than s, m, i, x, q", f" ({flags!r} on {shape})")
        return f"!isBlank({v}) && REGEX(STR({v}), {regex}, {term(Literal(str(flags)))})"

    # --- paths and SPARQL constraints -------------------------------------------------------
    def _walk(self, node: Node, subject: str, obj: str, vars_: _Vars) -> str:
        """Triple patterns from `subject` along a path to `obj`. Sequences and inverses become
        plain joins (Oxigraph plans those well; a sequence property path inside NOT EXISTS was
        evaluated in quadratic time); other path forms stay property paths."""
        if isinstance(node, URIRef):
            return f"{subject} {term(node)} {obj} ."
        if self.g.value(node, RDF.first) is not None:
            steps = list(self.g.items(node))
            points = [subject, *(vars_.new() for _ in steps[:-1]), obj]
            return " ".join(
                self._walk(step, points[i], points[i + 1], vars_) for i, step in enumerate(steps)
            )
        inner = self.g.value(node, SH.inversePath)
        if inner is not None:
            return self._walk(inner, obj, subject, vars_)
        return f"{subject} {self._path(node)} {obj} ."

    def _path(self, node: Node | None) -> str:
        if node is None:
            raise UnsupportedShape("a property shape without sh:path")
        if isinstance(node, URIRef):
            return term(node)
        if self.g.value(node, RDF.first) is not None:
            return "(" + "/".join(self._path(i) for i in self.g.items(node)) + ")"
        for predicate, fmt in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = self.g.value(node, predicate)
            if inner is not None:
                return "(" + fmt.format(self._path(inner)) + ")"
        alternatives = self.g.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self._path(i) for i in self.g.items(alternatives)) + ")"
        raise UnsupportedShape("this path form", f" ({node!r})")

    def _sparql_constraint(
        self, shape: Node, constraint: Node, target: str, severity: URIRef, path: str | None = None
    ) -> CompiledQuery:
        """A SELECT constraint; `path` is the result path unless the query binds ?path."""
        select = self.g.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape("a SPARQL constraint without sh:select", f" ({constraint})")
        text = str(select)
        if re.search(r"\$(PATH|currentShape|shapesGraph)\b|^\s*(PREFIX|BASE)\b", text, re.I | re.M):
            raise UnsupportedShape(
                "$PATH, $currentShape, $shapesGraph and PREFIX/BASE in sh:select"
            )
        prologue = "".join(
            f"PREFIX {decl_prefix}: <{decl_ns}>\n"
            for decl_prefix, decl_ns in self._prefixes(constraint)
        )
        body = text.replace("$this", "?this")
        if self._values and target == self._top:  # the constraint's own SELECT, focused too
            body = re.sub(_FIRST_GROUP, self._lead_with_values, body, count=1)
        sparql = f"{prologue}SELECT DISTINCT ?this ?value ?path WHERE {{ {target} {{ {body} }} }}"
        return CompiledQuery(
            sparql,
            shape,
            SH.SPARQLConstraintComponent,
            severity,
            path,
            constraint=constraint,
            focus_if_unbound=self.g.value(shape, SH.path) is None,
        )

    def _prefixes(self, constraint: Node):
        for owner in self.g.objects(constraint, SH.prefixes):
            for decl in self.g.objects(owner, SH.declare):
                yield str(self.g.value(decl, SH.prefix)), str(self.g.value(decl, SH.namespace))


_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


_COMPARISONS = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}


_FIRST_GROUP = re.compile(r"(\bWHERE\s*\{)(\s*\{(?!\s*SELECT\b))?", re.I)


def focus_values(nodes: Iterable[Node]) -> str:
    """A `VALUES ?this` block of IRIs and literals (blank nodes cannot be named in a query:
    they are left out), each written by rdflib's N-Triples rendering, which validates it."""
    terms = sorted({term.n3() for term in nodes if not isinstance(term, BNode)})
    return "VALUES ?this { " + " ".join(terms) + " }"


def _value_test(component: URIRef, arg: Node, v: str) -> str:
    """A constraint on the value alone (datatype, class, hasValue, ranges, lengths, kind)."""
    if component == SH.datatype:
        check = f"isLiteral({v}) && datatype({v}) = {term(arg)}"
        if arg in _CASTABLE:
            return check + f" && COALESCE({term(arg)}(STR({v})) = {v}, false)"
        if arg not in _LEXICAL_FREE:  # an ill-typed value could not be told apart
            raise UnsupportedShape(f"sh:datatype {arg}", f" (only{_DATATYPES})")
        return check
    if component == SH["class"]:
        return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS_SUBCLASS}>* {term(arg)} }}"
    if component == SH.hasValue:  # a node shape's: the focus node itself is the value
        return f"sameTerm({v}, {term(arg)})"
    if component in _COMPARISONS:
        return f"COALESCE({v} {_COMPARISONS[component]} {term(arg)}, false)"
    if component in (SH.minLength, SH.maxLength):
        op = ">=" if component == SH.minLength else "<="
        return f"!isBlank({v}) && STRLEN(STR({v})) {op} {_number(arg)}"
    if component == SH.nodeKind:
        kind = _NODE_KINDS.get(arg) if isinstance(arg, URIRef) else None
        if kind is None:
            raise UnsupportedShape("sh:nodeKind", f" ({arg!r})")
        return kind.format(v=v)
    raise UnsupportedShape(_feature(component))


def _number(node: Node) -> int:
    """A count or length argument (an integer literal)."""
    value = node.toPython() if isinstance(node, Literal) else None
    if not isinstance(value, int):
        raise UnsupportedShape("a count or length that is not an integer", f" ({node!r})")
    return value


def _feature(predicate: Node) -> str:
    """`sh:closed` for a SHACL term, else the IRI."""
    text = str(predicate)
    return "sh:" + text[len(str(SH)) :] if text.startswith(str(SH)) else text


def _component_iri(component: URIRef) -> URIRef:
    name = str(component).rsplit("#", 1)[1]
    return SH[name[0].upper() + name[1:] + "ConstraintComponent"]
