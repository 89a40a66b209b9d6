"""The safety check on texts that crashed Oxigraph's parser or evaluator (segmentation fault in
the worker) when this check let them through: each is refused before the engine, while an
ordinary query of the same shape and modest size is allowed."""

from __future__ import annotations

import pytest

from iackg.server import safety

P = "PREFIX : <urn:x#> "
CRASHED = {
    "negation 30,000 deep": "ASK { FILTER(" + "!" * 30_000 + "true) }",
    "parentheses 30,000 deep": "ASK { FILTER(" + "(" * 30_000 + "1" + ")" * 30_000 + ") }",
    "braces 3,000 deep": "ASK " + "{" * 3000 + "}" * 3000,
    "3,000 path steps": P + "ASK { ?s " + "/".join([":p"] * 3000) + " ?o }",
    "30,000 conjunctions": "ASK { FILTER(" + "&&".join(["true"] * 30_000) + ") }",
    "30,000 UNIONs": "ASK { " + " UNION ".join(["{}"] * 30_000) + " }",
    "blank nodes 3,000 deep": P + "ASK { ?s :p " + "[ :p " * 3000 + "1" + " ]" * 3000 + " }",
    "triple terms 30,000 deep": P
    + "ASK { ?s ?p "
    + "<<( " * 30_000
    + ":a :p :a"
    + " )>>" * 30_000
    + " }",
    "40 groups of 250 path steps": P
    + "ASK "
    + ("{ ?s " + "/".join([":p"] * 250) + " ?o ") * 40
    + "}" * 40,
}


@pytest.mark.parametrize("name", sorted(CRASHED))
def test_texts_that_crashed_the_engine_are_refused(name):
    with pytest.raises(safety.Malformed):
        safety.check(CRASHED[name])


@pytest.mark.parametrize(
    "text",
    [
        "ASK { FILTER(!!true) }",
        "ASK " + "{" * 20 + "}" * 20,
        P + "ASK { ?s " + "/".join([":p"] * 20) + " ?o }",
        "ASK { " + " UNION ".join(["{}"] * 50) + " }",
        P + "ASK { ?s ?p <<( :a :p :a )>> }",
    ],
)
def test_ordinary_queries_of_the_same_shapes_are_allowed(text):
    safety.check(text)


def test_text_the_tokenizer_cannot_read_is_refused():
    with pytest.raises(safety.Malformed):
        safety.check("ASK { ?s ?p ?o } \x00")
    with pytest.raises(safety.Malformed):
        safety.check("ASK { ?s ?p \\uD800 }")
