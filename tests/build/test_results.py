"""What `iackg query` prints: the table (each column starts where its heading does, wide
Japanese characters counted as two columns) and SPARQL results JSON."""

from __future__ import annotations

import io
import json
import unicodedata

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from iackg.results import as_json, table, width

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def _columns_at(line: str) -> list[int]:
    """The display column where each cell of a table line starts (cells are separated by at
    least two spaces)."""
    starts, column, previous = [], 0, " "
    for i, char in enumerate(line):
        if char != " " and (i == 0 or line[i - 2 : i] == "  ") and previous == " ":
            starts.append(column)
        previous = char
        column += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return starts


def test_width_counts_wide_characters_twice():
    assert width("abc") == 3
    assert width("有田焼") == 6
    assert width("ＡＢ1") == 5  # full-width letters
    assert width("") == 0


def test_cells_of_mixed_widths_line_up_under_their_headings():
    rows = [
        {"label": Literal("有田焼", lang="ja"), "n": Literal(3), "iri": URIRef("urn:x:a")},
        {"label": Literal("Arita ware"), "n": Literal(12345), "iri": URIRef("urn:x:bb")},
        {"label": Literal("ＡＢ"), "n": None, "iri": URIRef("urn:x:c")},
    ]
    lines = table(["label", "n", "iri"], rows).splitlines()

    heading = _columns_at(lines[0])
    assert len(heading) == 3
    for line in [lines[2], lines[3]]:
        assert _columns_at(line) == heading, line
    assert _columns_at(lines[4]) == [heading[0], heading[2]]  # the empty cell is blank
    assert lines[-1] == "(3 rows)"


def test_json_is_sparql_results_json_that_rdflib_reads_back():
    rows = [
        {"s": URIRef("urn:x:a"), "o": Literal('引用符 " と\n改行', lang="ja")},
        {"s": BNode("b1"), "o": Literal("2020-09-30", datatype=URIRef(XSD_DATE))},
        {"s": URIRef("urn:x:c")},  # unbound: left out of the binding
    ]
    text = as_json(["s", "o"], rows)

    document = json.loads(text)
    assert document["head"] == {"vars": ["s", "o"]}
    assert document["results"]["bindings"][2] == {"s": {"type": "uri", "value": "urn:x:c"}}
    parsed = Result.parse(io.StringIO(text), format="json")
    assert [dict(row.asdict()) for row in parsed] == rows


def test_json_of_no_rows():
    assert json.loads(as_json(["plan"], [])) == {
        "head": {"vars": ["plan"]},
        "results": {"bindings": []},
    }
