"""The table `iackg query` prints: each column starts where its heading does, with wide
(Japanese) characters counted as two columns."""

from __future__ import annotations

import unicodedata

from rdflib import Literal, URIRef

from iackg.results import table, width


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
