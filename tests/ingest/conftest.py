import csv
from pathlib import Path

import pytest

DESIGNATION_HEADER = [
    "都道府県",
    "区分",
    "名称",
    "名称（英語）",
    "関連市町村",
    "指定日",
    "対象鉱工業品",
    "備考",
]
GOOD_ROW = [
    "神奈川県",
    "農林水産物",
    "三崎のまぐろ",
    "Misaki tuna",
    "三浦市",
    "平成19年8月31日",
    "",
    "",
]
PLAN_HEADER = [
    "plan_id",
    "title",
    "prefecture",
    "activity_type",
    "plan_style",
    "resources",
    "applicants",
    "certified_on",
    "starts_on",
    "ends_on",
    "certified_by",
    "plan_kind",
]
ENTERPRISE_HEADER = [
    "corporate_number",
    "name",
    "industry",
    "capital_yen",
    "employees",
    "prefecture",
    "municipality",
    "legal_form",
]


class Tables:
    def __init__(self, root: Path):
        self.root = root

    def csv(self, name: str, rows, encoding: str = "utf-8") -> Path:
        path = self.root / name
        with path.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path

    def designations(self, *rows, name="designations.csv", encoding="utf-8") -> Path:
        return self.csv(name, [DESIGNATION_HEADER, *rows], encoding)

    def xlsx(self, name: str, rows) -> Path:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        path = self.root / name
        book.save(path)
        return path


@pytest.fixture
def tables(tmp_path) -> Tables:
    folder = tmp_path / "in"
    folder.mkdir()
    return Tables(folder)


@pytest.fixture
def good_row():
    return list(GOOD_ROW)


def act_violations(g) -> set[tuple[str, str]]:
    """(focus IRI, rule number) for the Act's rules (issue 4) that can be checked on loaded
    tables alone; an independent check of the sample and of synth's defect manifest."""
    import datetime as dt

    from rdflib import RDF

    from iackg.ingest.values import corporate_number_ok
    from iackg.vocab import IAC

    sme = {
        IAC.SectorManufacturing: (300_000_000, 300),
        IAC.SectorWholesale: (100_000_000, 100),
        IAC.SectorRetail: (50_000_000, 50),
        IAC.SectorServices: (50_000_000, 100),
    }
    act = (dt.date(2007, 6, 29), dt.date(2020, 9, 30))
    amendment = dt.date(2015, 8, 10)
    activity = {
        IAC.ActivityProducts: {IAC.CatAgricultural, IAC.CatIndustrial},
        IAC.ActivityTechnique: {IAC.CatTechnique},
        IAC.ActivityTourism: {IAC.CatTourism},
    }
    out: set[tuple[str, str]] = set()
    designated = {}
    for d in g.subjects(RDF.type, IAC.Designation):
        day = g.value(d, IAC.designatedOn).toPython()
        designated[g.value(d, IAC.designates)] = day
        if not act[0] <= day <= act[1]:
            out.add((str(d), "4"))
    for t in g.subjects(RDF.type, IAC.ProductionTechnique):
        product = g.value(t, IAC.producesProduct)
        if product is None or (product, RDF.type, IAC.IndustrialProduct) not in g:
            out.add((str(t), "7"))
    plans = set(g.subjects(RDF.type, IAC.BusinessPlan)) | set(
        g.subjects(RDF.type, IAC.SupportProjectPlan)
    )
    for plan in plans:
        cert = next(g.subjects(IAC.certifies, plan))
        certified = g.value(cert, IAC.certifiedOn).toPython()
        start, end = (g.value(plan, p).toPython() for p in (IAC.validFrom, IAC.validUntil))
        try:
            three = start.replace(year=start.year + 3) - dt.timedelta(days=1)
            five = start.replace(year=start.year + 5) - dt.timedelta(days=1)
        except ValueError:
            three = five = None
        if (three and not three <= end <= five) or not act[0] <= certified <= act[1]:
            out.add((str(plan), "11"))
        resources = set(g.objects(plan, IAC.usesResource))
        if any(designated.get(r, dt.date.max) > certified for r in resources):
            out.add((str(plan), "10"))
        kind = g.value(plan, IAC.activityType)
        if kind is not None and not {g.value(r, IAC.category) for r in resources} <= activity[kind]:
            out.add((str(plan), "9"))
        support = (plan, RDF.type, IAC.SupportProjectPlan) in g
        for a in g.objects(plan, IAC.applicant):
            if support:
                if certified < amendment or g.value(a, IAC.legalForm) not in (
                    IAC.FormGeneralAssociation,
                    IAC.FormGeneralFoundation,
                    IAC.FormNPO,
                ):
                    out.add((str(plan), "14"))
                continue
            if (a, RDF.type, IAC.Cooperative) in g:
                continue
            limits = sme.get(g.value(a, IAC.industrySector), sme[IAC.SectorManufacturing])
            capital, employees = g.value(a, IAC.capitalYen), g.value(a, IAC.employees)
            if not (
                (capital is not None and capital.toPython() <= limits[0])
                or (employees is not None and employees.toPython() <= limits[1])
            ):
                out.add((str(plan), "8"))
        if support and certified < amendment:
            out.add((str(plan), "14"))
    for org, number in g.subject_objects(IAC.corporateNumber):
        if not corporate_number_ok(str(number)):
            out.add((str(org), "13"))
    return out


@pytest.fixture
def check_act():
    return act_violations
