"""Compile a SHACL shapes graph into SPARQL SELECT queries, one per constraint.

Each query returns `?this` (the focus node) and `?value` (unbound for count constraints) for
every violation of one constraint component of one shape, over all focus nodes at once. The
supported subset is what the bundled shapes use: targets (class, subjectsOf, objectsOf, node),
property paths, minCount, maxCount, datatype, class, in, hasValue, pattern, languageIn,
min/max Inclusive/Exclusive, minLength, maxLength, nodeKind, not, and, or, node,
qualifiedValueShape with qualifiedMin/MaxCount, and SHACL-SPARQL SELECT constraints whose
`$this` is bound by a triple pattern. Anything else raises `UnsupportedShape`, and the caller
falls back to pySHACL. `tests/validation/test_cases.py` (test_fast_engine_gives_pyshacl_results)
proves equal results on every case.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import BNode, Node

from iackg.validation.shapes import RuleIndex, path_text

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
    SH.property,
    SH.path,
    SH.message,
    SH.severity,
    SH.sparql,
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
_ANNOTATION_NAMESPACES = (
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2004/02/skos/",
)
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
}


class UnsupportedShape(Exception):
    """The shapes use a SHACL feature this compiler does not translate."""


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


def term(node: Node) -> str:
    """A term as SPARQL text (validated by rdflib's own N-Triples rendering)."""
    if isinstance(node, BNode):
        raise UnsupportedShape("blank nodes as constants are not supported")
    return node.n3()


class _Vars:
    def __init__(self) -> None:
        self._count = itertools.count()

    def new(self) -> str:
        return f"?v{next(self._count)}"


class ShapeCompiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.index = RuleIndex(shapes)

    # --- public ---------------------------------------------------------------------------
    def compile(self) -> list[CompiledQuery]:
        queries: list[CompiledQuery] = []
        for rule_iri in self.index.rules:
            queries.extend(self._node_shape(rule_iri))
        return queries

    # --- targets --------------------------------------------------------------------------
    def _target(self, shape: Node) -> str:
        parts = []
        for cls in self.g.objects(shape, SH.targetClass):
            parts.append(f"?this <{RDF.type}>/<{RDFS_SUBCLASS}>* {term(cls)} .")
        for prop in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {term(prop)} ?targetObject .")
        for prop in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"?targetSubject {term(prop)} ?this .")
        for node in self.g.objects(shape, SH.targetNode):
            parts.append(f"VALUES ?this {{ {term(node)} }}")
        if not parts:
            return ""
        union = " UNION ".join("{ " + p + " }" for p in parts)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    # --- shapes ---------------------------------------------------------------------------
    def _check_known(self, shape: Node, extra: set[URIRef]) -> None:
        for predicate in set(self.g.predicates(shape)):
            if predicate in _IGNORED or predicate in extra:
                continue
            if str(predicate).startswith(_ANNOTATION_NAMESPACES):
                continue
            raise UnsupportedShape(f"{predicate} on {shape} is not supported by the compiler")

    def _node_shape(self, shape: URIRef) -> list[CompiledQuery]:
        if self.g.value(shape, SH.deactivated) == Literal(True):
            return []
        self._check_known(shape, _VALUE_COMPONENTS)
        target = self._target(shape)
        if not target:
            return []
        severity = self.index.severity(shape)
        queries = []
        for part in self.g.objects(shape, SH.property):
            queries.extend(self._property_shape(part, target))
        for component in sorted(_VALUE_COMPONENTS, key=str):
            for _ in self.g.objects(shape, component):
                vars_ = _Vars()
                condition = self._value_condition(shape, component, "?this", vars_)
                sparql = f"SELECT DISTINCT ?this WHERE {{ {target} FILTER (!({condition})) }}"
                queries.append(
                    CompiledQuery(
                        sparql,
                        shape,
                        _component_iri(component),
                        severity,
                        None,
                        value_is_focus=True,
                    )
                )
                break
        for constraint in self.g.objects(shape, SH.sparql):
            queries.append(self._sparql_constraint(shape, constraint, target, severity))
        return queries

    def _property_shape(self, shape: Node, target: str) -> list[CompiledQuery]:
        if self.g.value(shape, SH.deactivated) == Literal(True):
            return []
        self._check_known(
            shape,
            _VALUE_COMPONENTS | {SH.minCount, SH.maxCount, SH.hasValue, SH.qualifiedValueShape},
        )
        path_node = self.g.value(shape, SH.path)
        self._path(path_node)  # refuses unknown path forms
        severity = self.index.severity(shape)
        shown = path_text(self.g, path_node)
        queries = []
        for component, pattern in self._property_violations(shape, path_node, "?this", _Vars()):
            sparql = f"SELECT DISTINCT ?this ?value WHERE {{ {target} {pattern} }}"
            queries.append(CompiledQuery(sparql, shape, component, severity, shown))
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
                condition = self._value_condition(shape, component, value, vars_)
                out.append(
                    (
                        _component_iri(component),
                        f"{self._walk(path, focus, value, vars_)} FILTER (!({condition}))",
                    )
                )
        min_count = self.g.value(shape, SH.minCount)
        if min_count is not None:
            out.append(
                (
                    _COMPONENT[SH.minCount],
                    f"{absent} {{ {self._at_least(focus, path, int(min_count), vars_)} }}",
                )
            )
        max_count = self.g.value(shape, SH.maxCount)
        if max_count is not None:
            out.append(
                (_COMPONENT[SH.maxCount], self._at_least(focus, path, int(max_count) + 1, vars_))
            )
        for has_value in self.g.objects(shape, SH.hasValue):
            out.append(
                (
                    _COMPONENT[SH.hasValue],
                    f"{absent} {{ {self._walk(path, focus, term(has_value), vars_)} }}",
                )
            )
        qualified = self.g.value(shape, SH.qualifiedValueShape)
        if qualified is not None:
            q_min = self.g.value(shape, SH.qualifiedMinCount)
            q_max = self.g.value(shape, SH.qualifiedMaxCount)
            if q_min is not None:
                pattern = self._at_least(focus, path, int(q_min), vars_, qualified)
                out.append((_COMPONENT[SH.qualifiedMinCount], f"{absent} {{ {pattern} }}"))
            if q_max is not None:
                pattern = self._at_least(focus, path, int(q_max) + 1, vars_, qualified)
                out.append((_COMPONENT[SH.qualifiedMaxCount], pattern))
        return out

    def _at_least(self, focus, path, n, vars_, qualified=None) -> str:
        """A pattern that matches iff `focus` has at least n distinct values (conforming to
        `qualified` if given)."""
        if n > 6:
            raise UnsupportedShape("counts above 5 are not supported")
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
        """True iff the node in `var` conforms to `shape` (a nested node or property shape)."""
        path_node = self.g.value(shape, SH.path)
        if path_node is not None:
            self._check_known(
                shape,
                _VALUE_COMPONENTS | {SH.minCount, SH.maxCount, SH.hasValue, SH.qualifiedValueShape},
            )
            patterns = self._property_violations(shape, path_node, var, vars_)
            if not patterns:
                return "true"
            return " && ".join(f"NOT EXISTS {{ {p} }}" for _, p in patterns)
        self._check_known(shape, _VALUE_COMPONENTS)
        conditions = []
        for component in sorted(_VALUE_COMPONENTS, key=str):
            if (shape, component, None) in self.g:
                conditions.append(self._value_condition(shape, component, var, vars_))
        return " && ".join(f"({c})" for c in conditions) or "true"

    def _value_condition(self, shape: Node, component: URIRef, v: str, vars_: _Vars) -> str:
        """True iff value `v` satisfies every `component` constraint of `shape`."""
        conditions = [
            self._one_condition(component, arg, v, vars_)
            for arg in self.g.objects(shape, component)
        ]
        return " && ".join(f"({c})" for c in conditions) or "true"

    def _one_condition(self, component: URIRef, arg: Node, v: str, vars_: _Vars) -> str:
        if component == SH.datatype:
            check = f"isLiteral({v}) && datatype({v}) = {term(arg)}"
            if arg in _CASTABLE:
                check += f" && COALESCE({term(arg)}(STR({v})) = {v}, false)"
            return check
        if component == SH["class"]:
            return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS_SUBCLASS}>* {term(arg)} }}"
        if component == SH["in"]:
            members = [f"sameTerm({v}, {term(m)})" for m in self.g.items(arg)]
            return " || ".join(members) or "false"
        if component == SH.pattern:
            return self._pattern(arg, v)
        if component == SH.languageIn:
            langs = [f"langMatches(lang({v}), {term(Literal(str(x)))})" for x in self.g.items(arg)]
            return f"isLiteral({v}) && ({' || '.join(langs) or 'false'})"
        comparisons = {
            SH.minInclusive: ">=",
            SH.maxInclusive: "<=",
            SH.minExclusive: ">",
            SH.maxExclusive: "<",
        }
        if component in comparisons:
            return f"COALESCE({v} {comparisons[component]} {term(arg)}, false)"
        if component in (SH.minLength, SH.maxLength):
            op = ">=" if component == SH.minLength else "<="
            return f"!isBlank({v}) && STRLEN(STR({v})) {op} {int(arg)}"
        if component == SH.nodeKind:
            return _NODE_KINDS[arg].format(v=v)
        if component == SH["not"]:
            return f"!({self._conforms(arg, v, vars_)})"
        if component == SH["and"]:
            return " && ".join(f"({self._conforms(s, v, vars_)})" for s in self.g.items(arg))
        if component == SH["or"]:
            return " || ".join(f"({self._conforms(s, v, vars_)})" for s in self.g.items(arg))
        if component == SH.node:
            return self._conforms(arg, v, vars_)
        raise UnsupportedShape(f"{component} is not supported")

    def _pattern(self, shape_or_arg: Node, v: str) -> str:
        flags = None
        for owner in self.g.subjects(SH.pattern, shape_or_arg):
            flags = self.g.value(owner, SH.flags)
        regex = term(Literal(str(shape_or_arg)))
        if flags is not None:
            return f"!isBlank({v}) && REGEX(STR({v}), {regex}, {term(Literal(str(flags)))})"
        return f"!isBlank({v}) && REGEX(STR({v}), {regex})"

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
        raise UnsupportedShape(f"unknown path form {node!r}")

    def _sparql_constraint(self, shape, constraint, target, severity) -> CompiledQuery:
        select = self.g.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"SPARQL constraint {constraint} has no sh:select")
        text = str(select)
        if re.search(r"\$(PATH|currentShape|shapesGraph)\b|^\s*(PREFIX|BASE)\b", text, re.I | re.M):
            raise UnsupportedShape(
                "$PATH, $currentShape, $shapesGraph and PREFIX/BASE in sh:select are not supported"
            )
        prologue = "".join(
            f"PREFIX {decl_prefix}: <{decl_ns}>\n"
            for decl_prefix, decl_ns in self._prefixes(constraint)
        )
        body = text.replace("$this", "?this")
        sparql = f"{prologue}SELECT DISTINCT ?this ?value ?path WHERE {{ {target} {{ {body} }} }}"
        return CompiledQuery(
            sparql,
            shape,
            SH.SPARQLConstraintComponent,
            severity,
            None,
            constraint=constraint,
            focus_if_unbound=self.g.value(shape, SH.path) is None,
        )

    def _prefixes(self, constraint: Node):
        for owner in self.g.objects(constraint, SH.prefixes):
            for decl in self.g.objects(owner, SH.declare):
                yield str(self.g.value(decl, SH.prefix)), str(self.g.value(decl, SH.namespace))


RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


def _component_iri(component: URIRef) -> URIRef:
    name = str(component).rsplit("#", 1)[1]
    return SH[name[0].upper() + name[1:] + "ConstraintComponent"]
