"""Check digits (R06, R13) against real published codes, not codes made by the same formula.

Local government codes: the 47 prefectures' codes in data/reference/prefectures.csv (from the
MIC list of local government codes) and well-known cities' codes from the same list. Corporate
numbers: published by the National Tax Agency for public bodies and listed companies."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from iackg.validation import validate
from iackg.vocab import IAC

ID = "https://w3id.org/iackg/id/"
PREFECTURES = Path(__file__).parents[2] / "data" / "reference" / "prefectures.csv"
CITIES = {  # code: (name, prefecture)
    "011002": ("札幌市", "01"),
    "131016": ("千代田区", "13"),
    "141003": ("横浜市", "14"),
    "261009": ("京都市", "26"),
    "271004": ("大阪市", "27"),
    "401307": ("福岡市", "40"),
    "472018": ("那覇市", "47"),
}
CORPORATE_NUMBERS = {
    "7000012050002": "国税庁 (National Tax Agency)",
    "8000020130001": "東京都 (Tokyo Metropolis)",
    "7000020010006": "北海道 (Hokkaido)",
    "1180301018771": "トヨタ自動車株式会社",
}


def _one_digit_off(code: str, at: int) -> str:
    return code[:at] + str((int(code[at]) + 1) % 10) + code[at + 1 :]


def _municipalities(codes: dict[str, str]) -> Graph:
    graph = Graph()
    for code, prefecture in codes.items():
        node = URIRef(f"{ID}municipality/{code}")
        graph.add((node, RDF.type, IAC.Municipality))
        graph.add((node, IAC.localGovernmentCode, Literal(code)))
        graph.add((node, IAC.inPrefecture, URIRef(f"{ID}prefecture/{prefecture}")))
    return graph


def _enterprises(numbers: list[str]) -> Graph:
    graph = Graph()
    for number in numbers:
        node = URIRef(f"{ID}enterprise/{number}")
        graph.add((node, RDF.type, IAC.Organization))
        graph.add((node, IAC.corporateNumber, Literal(number)))
    return graph


def _published_prefecture_codes() -> dict[str, str]:
    with PREFECTURES.open(encoding="utf-8", newline="") as handle:
        return {row["lg_code"]: row["jis_code"] for row in csv.DictReader(handle)}


def _flagged(report, rule: str) -> set[str]:
    return {str(r.focus_node).rsplit("/", 1)[1] for r in report.results if r.rule_id == rule}


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_real_local_government_codes_pass_and_one_digit_off_fails(engine):
    real = {code: pref for code, (_name, pref) in CITIES.items()}
    real.update(_published_prefecture_codes())
    assert len(real) == 47 + len(CITIES)
    report = validate(_municipalities(real), engine=engine)
    assert _flagged(report, "R06-local-government-code") == set()
    wrong = {_one_digit_off(code, 5): pref for code, (_name, pref) in CITIES.items()}
    report = validate(_municipalities(wrong), engine=engine)
    assert _flagged(report, "R06-local-government-code") == set(wrong)


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_real_corporate_numbers_pass_and_one_digit_off_fails(engine):
    report = validate(_enterprises(list(CORPORATE_NUMBERS)), engine=engine)
    assert _flagged(report, "R13-corporate-number") == set()
    wrong = [_one_digit_off(n, 0) for n in CORPORATE_NUMBERS]
    report = validate(_enterprises(wrong), engine=engine)
    assert _flagged(report, "R13-corporate-number") == set(wrong)
