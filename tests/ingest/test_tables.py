"""Plans and enterprises tables: applicants, legal forms, support-project plans, cross-prefecture
resources."""

import pytest
from rdflib import RDF, Literal

from iackg.errors import InputError
from iackg.ingest import ingest_files
from iackg.ingest.values import with_check_digit
from iackg.iris import Minter
from iackg.vocab import IAC

M = Minter()
NUMBER = with_check_digit("990014000001")


def test_enterprises_legal_forms_and_values(tables):
    path = tables.csv(
        "e.csv",
        [
            ["法人番号", "名称", "業種", "資本金", "従業員数", "都道府県", "市町村", "法人格"],
            [
                NUMBER,
                "株式会社三崎水産加工",
                "製造業",
                "1,000万円",
                "２５",
                "神奈川県",
                "三浦市",
                "",
            ],
            ["", "三崎漁業協同組合", "卸売業", "", "10", "14", "", ""],
            ["", "三浦水産加工事業協同組合", "製造業", "", "30", "14", "", ""],
            ["", "三浦労働組合", "", "", "5", "14", "", ""],
            ["", "箱根旅館株式会社", "旅館業", "", "150", "14", "", ""],
            ["", "特定非営利活動法人まちづくり", "サービス業", "", "3", "14", "", ""],
            ["", "一般社団法人観光協会", "services", "", "3", "14", "", ""],
            ["", "一般財団法人文化財団", "services", "", "3", "14", "", ""],
            ["", "山田商店", "小売業", "300万円", "2", "14", "", ""],
            ["", "鈴木工房", "製造業", "", "2", "14", "", "会社"],
        ],
    )
    g = ingest_files([path]).sources[0].graph
    firm = M.enterprise(NUMBER, "14", "株式会社三崎水産加工")
    assert set(g.objects(firm, RDF.type)) == {IAC.Organization, IAC.Enterprise}
    assert g.value(firm, IAC.corporateNumber) == Literal(NUMBER)
    assert g.value(firm, IAC.legalForm) == IAC.FormCorporation
    assert g.value(firm, IAC.industrySector) == IAC.SectorManufacturing
    assert g.value(firm, IAC.capitalYen) == Literal(10_000_000)
    assert g.value(firm, IAC.employees) == Literal(25)
    assert g.value(firm, IAC.locatedIn) == M.municipality("142107")

    def of(name):
        return M.enterprise(None, "14", name)

    # by legal form: a fishery cooperative or a labour union is not an SME cooperative
    for name in ("三崎漁業協同組合", "三浦労働組合"):
        assert (of(name), RDF.type, IAC.Cooperative) not in g
        assert g.value(of(name), IAC.legalForm) == IAC.FormOtherAssociation
    assert (of("三浦水産加工事業協同組合"), RDF.type, IAC.Cooperative) in g
    assert g.value(of("三浦水産加工事業協同組合"), IAC.legalForm) == IAC.FormCooperative
    # a Cabinet Order sector is accepted; a blank industry asserts no sector (R08 reads the
    # blank as manufacturing)
    assert g.value(of("箱根旅館株式会社"), IAC.industrySector) == IAC.SectorInnsHotels
    assert g.value(of("三浦労働組合"), IAC.industrySector) is None
    assert g.value(of("三崎漁業協同組合"), IAC.locatedIn) == M.prefecture("14")
    for name, form in (
        ("特定非営利活動法人まちづくり", IAC.FormNPO),
        ("一般社団法人観光協会", IAC.FormGeneralAssociation),
        ("一般財団法人文化財団", IAC.FormGeneralFoundation),
    ):
        assert (of(name), RDF.type, IAC.NonProfitOrganization) in g
        assert g.value(of(name), IAC.legalForm) == form
    assert g.value(of("山田商店"), IAC.legalForm) == IAC.FormSoleProprietor
    assert g.value(of("鈴木工房"), IAC.legalForm) == IAC.FormCorporation  # the column says


@pytest.mark.parametrize(
    ("column", "value", "en"),
    [
        (2, "漁業", "unknown industry"),
        (3, "たくさん", "not an amount"),
        (4, "twenty", "not a whole number"),
        (0, "12345", "13 digits"),
    ],
)
def test_enterprise_bad_values(tables, column, value, en):
    row = [NUMBER, "株式会社三崎水産加工", "製造業", "1000万円", "25", "14"]
    row[column] = value
    path = tables.csv(
        "e.csv", [["法人番号", "名称", "業種", "資本金", "従業員数", "都道府県"], row]
    )
    with pytest.raises(InputError) as info:
        ingest_files([path])
    [problem] = info.value.problems
    assert problem.row == 2 and en in problem.message_en


def _batch(tables, plan_rows):
    designations = tables.designations(
        ["神奈川県", "農林水産物", "三崎のまぐろ", "", "三浦市", "2007-08-31", "", ""],
        ["佐賀県", "鉱工業品", "有田焼", "", "有田町", "2007-08-31", "", ""],
        ["長野県", "農林水産物", "市田柿", "", "高森町", "2016-01-29", "", ""],
    )
    enterprises = tables.csv(
        "e.csv",
        [
            ["corporate_number", "name", "industry", "capital_yen", "employees", "prefecture"],
            [NUMBER, "株式会社三崎水産加工", "manufacturing", "10000000", "25", "14"],
            ["", "山田農園", "manufacturing", "", "2", "14"],
            ["", "一般社団法人市田柿協会", "services", "", "5", "20"],
        ],
    )
    header = [
        "計画番号",
        "事業名",
        "都道府県",
        "事業類型",
        "計画類型",
        "活用する地域産業資源",
        "申請者",
        "認定日",
        "開始日",
        "終了日",
        "認定機関",
        "計画種別",
    ]
    plans = tables.csv("p.csv", [header, *plan_rows])
    return ingest_files([plans, designations, enterprises])


def test_plans_resolve_resources_and_applicants(tables):
    result = _batch(
        tables,
        [
            [
                "K-2008-001",
                "三崎まぐろの加工品",
                "神奈川県",
                "1",
                "開発・生産型",
                "三崎のまぐろ、有田焼",
                f"{NUMBER}、山田農園",
                "平成20年2月15日",
                "H20.4.1",
                "H23.3.31",
                "関東経済産業局、関東農政局",
                "",
            ],
            [
                "S-1",
                "市田柿の販路開拓支援",
                "長野県",
                "",
                "",
                "市田柿",
                "一般社団法人市田柿協会",
                "2017-03-10",
                "2017-04-01",
                "2020-03-31",
                "",
                "支援事業計画",
            ],
            [
                "X-1",
                "佐賀の有田焼を使う",
                "東京都",
                "products",
                "demand",
                "佐賀県:有田焼",
                NUMBER,
                "2010-01-05",
                "2010-02-01",
                "2013-01-31",
                "謎の認定機関",
                "",
            ],
        ],
    )
    assert [s.kind for s in result.sources] == ["designations", "enterprises", "plans"]
    g = result.sources[2].graph
    plan, cert = M.plan("14", "K-2008-001"), M.certification("14", "K-2008-001")
    assert g.value(plan, RDF.type) == IAC.BusinessPlan
    assert g.value(plan, IAC.planId) == Literal("K-2008-001")
    assert g.value(plan, IAC.activityType) == IAC.ActivityProducts
    assert g.value(plan, IAC.planStyle) == IAC.StyleDevelopment
    # a resource of another prefecture is found among the loaded designations
    assert set(g.objects(plan, IAC.usesResource)) == {
        M.resource("14", "三崎のまぐろ"),
        M.resource("41", "有田焼"),
    }
    # joint plan: a corporate number and a name that the enterprises table resolves
    assert set(g.objects(plan, IAC.applicant)) == {
        M.enterprise(NUMBER, "14", ""),
        M.enterprise(None, "14", "山田農園"),
    }
    assert g.value(cert, IAC.certifies) == plan
    assert str(g.value(cert, IAC.certifiedOn)) == "2008-02-15"
    assert str(g.value(plan, IAC.validFrom)) == "2008-04-01"
    assert str(g.value(plan, IAC.validUntil)) == "2011-03-31"
    assert set(g.objects(cert, IAC.certifiedBy)) == {
        M.organization("meti-kanto"),
        M.organization("maff-kanto"),
    }
    assert g.value(cert, IAC.legalArticle) == Literal("第6条第1項")
    support = M.plan("20", "S-1")
    assert set(g.objects(support, RDF.type)) == {IAC.SupportProjectPlan}
    assert g.value(support, IAC.applicant) == M.enterprise(None, "20", "一般社団法人市田柿協会")
    assert g.value(M.plan("13", "X-1"), IAC.usesResource) == M.resource("41", "有田焼")
    assert g.value(M.plan("13", "X-1"), IAC.planStyle) == IAC.StyleDemand
    unknown = [p for p in result.problems if p.column and p.column.startswith("certified_by")]
    assert len(unknown) == 1 and unknown[0].severity == "warning"


def test_a_joint_plan_listed_once_per_applicant_is_one_plan(tables):
    row = [
        "K-1",
        "共同事業",
        "14",
        "1",
        "",
        "三崎のまぐろ",
        NUMBER,
        "2008-02-15",
        "2008-04-01",
        "2011-03-31",
        "",
        "",
    ]
    second = list(row)
    second[6] = "山田農園"
    g = _batch(tables, [row, second]).sources[2].graph
    assert len(set(g.objects(M.plan("14", "K-1"), IAC.applicant))) == 2
    clash = list(row)
    clash[9] = "2012-03-31"
    with pytest.raises(InputError) as info:
        _batch(tables, [row, clash])
    assert "disagrees" in info.value.problems[0].message_en


@pytest.mark.parametrize(
    ("index", "value", "column"),
    [
        (3, "7", "activity_type"),
        (4, "うまい型", "plan_style"),
        (7, "平成31年5月1日", "certified_on"),
        (11, "謎の計画", "plan_kind"),
        (2, "Atlantis", "prefecture"),
        (5, "", "resources"),
    ],
)
def test_plan_bad_values(tables, index, value, column):
    row = [
        "K-1",
        "事業",
        "14",
        "1",
        "",
        "三崎のまぐろ",
        NUMBER,
        "2008-02-15",
        "2008-04-01",
        "2011-03-31",
        "",
        "",
    ]
    row[index] = value
    with pytest.raises(InputError) as info:
        _batch(tables, [row])
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert [(p.file, p.row, p.column.split()[0]) for p in errors] == [("p.csv", 2, column)]
