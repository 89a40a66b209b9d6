"""Municipality cells resolved across Japan: codes, glued list numbers, other prefectures, wrong
check digits (R05 and R06 fire from a table), unknown names kept by name."""

import pytest
from rdflib import Literal

from iackg.ingest import ingest_files
from iackg.ingest.places import resolve
from iackg.iris import Minter
from iackg.validation import validate
from iackg.vocab import IAC

M = Minter()


@pytest.mark.parametrize(
    ("jis", "text", "code", "how"),
    [
        ("03", "032093", "032093", "code"),  # 一関市 by its code
        ("03", "０３２０９３", "032093", "code"),
        ("03", "03209", "032093", "code"),  # its five-digit body
        ("03", "32093", "032093", "code"),  # the leading zero dropped by a spreadsheet
        ("13", "54大島町", "133612", "name after the list number"),
        ("13", "12. 八丈町", "134015", "name after the list number"),
        ("13", "東京都大島町", "133612", "name"),
        ("13", "西多摩郡奥多摩町", "133086", "name"),
        ("14", "北海道札幌市", "011002", "name elsewhere in Japan"),
        ("14", "千代田区", "131016", "name elsewhere in Japan"),
        ("01", "中央区", "011011", "name"),  # Sapporo's: the only 中央区 in Hokkaido
    ],
)
def test_resolve(jis, text, code, how):
    place = resolve(jis, text)
    assert place.municipality is not None and place.municipality.lg_code == code
    assert place.how == how


def test_ambiguous_and_unknown_names_and_bad_codes_stay_unresolved():
    assert resolve("14", "府中市").municipality is None  # Tokyo's or Hiroshima's?
    assert resolve("14", "99架空町").text == "架空町"
    bad = resolve("13", "131017")
    assert (bad.municipality, bad.bad_code) == (None, "131017")


def _designations(tables, municipalities):
    return tables.csv(
        "d.csv",
        [["都道府県", "区分", "名称", "関連市町村", "指定日"]]
        + [
            ["神奈川県", "農林水産物", f"産品{i}", m, "2008-04-01"]
            for i, m in enumerate(municipalities)
        ],
    )


def test_table_cells_become_real_municipalities_and_defects_reach_validation(tables):
    path = _designations(tables, ["142107", "千代田区", "131017", "架空町"])
    result = ingest_files([path])
    warned = {(p.row, p.message_en.split(";")[0][:40]) for p in result.problems}
    assert {row for row, _ in warned} == {3, 4, 5}
    g = result.sources[0].graph
    covers = {
        str(g.value(M.designation("14", f"産品{i}"), IAC.coversMunicipality)) for i in range(4)
    }
    assert str(M.municipality("142107")) in covers  # a code in a cell is that municipality
    assert str(M.municipality("131016")) in covers  # Tokyo's, not a new Kanagawa town
    bad = M.unknown_municipality("14", "131017")
    assert g.value(bad, IAC.localGovernmentCode) == Literal("131017")
    assert str(M.unknown_municipality("14", "架空町")) in covers
    report = validate(g)
    by_rule = {}
    for r in report.results:
        by_rule.setdefault(r.rule_id, set()).add(str(r.focus_node))
    assert by_rule["R05-designation-area"] == {str(M.designation("14", "産品1"))}
    assert by_rule["R06-local-government-code"] == {str(bad)}
