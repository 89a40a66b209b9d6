"""Every prefecture's and municipality's local government code has a valid check digit."""

import csv
import re

from rdflib import RDF

from iackg.paths import reference_dir
from iackg.vocab import IAC


def check_digit(five: str) -> int:
    d = [int(c) for c in five]
    return (11 - (6 * d[0] + 5 * d[1] + 4 * d[2] + 3 * d[3] + 2 * d[4]) % 11) % 10


def test_formula_on_the_published_examples():
    for code in ("131016", "062014", "202193", "011002", "200000"):
        assert check_digit(code[:5]) == int(code[5]), code
    assert check_digit("13101") != 7


def codes(graph, cls):
    return {s: graph.value(s, IAC.localGovernmentCode) for s in graph.subjects(RDF.type, cls)}


def test_every_prefecture_code_is_valid(reference):
    found = codes(reference, IAC.Prefecture)
    assert len(found) == 47
    for node, code in found.items():
        assert code is not None, node
        assert re.fullmatch(r"\d{6}", str(code)), (node, code)
        assert check_digit(str(code)[:5]) == int(str(code)[5]), (node, code)
        jis = str(reference.value(node, IAC.jisCode))
        assert str(code).startswith(jis) and str(code)[2:5] == "000", (node, code)


def test_every_municipality_code_is_valid(reference):
    found = codes(reference, IAC.Municipality)
    with open(reference_dir() / "municipalities.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(found) == len(rows) > 0  # every row of the reference became a municipality
    for node, code in found.items():
        assert re.fullmatch(r"\d{6}", str(code or "")), (node, code)
        assert check_digit(str(code)[:5]) == int(str(code)[5]), (node, code)
        prefecture = reference.value(node, IAC.inPrefecture)
        assert str(code)[:2] == str(reference.value(prefecture, IAC.jisCode)), node
