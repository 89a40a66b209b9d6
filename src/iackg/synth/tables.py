"""Writing synthetic records as the loader's tables, and the defect manifest."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from iackg import reference
from iackg.ingest.eradates import to_era
from iackg.ingest.headers import template_headers
from iackg.iris import Minter
from iackg.synth.records import DEFECT_KINDS, Generated, Resource, build

DESIGNATION_COLUMNS = (
    "prefecture",
    "category",
    "name",
    "name_en",
    "municipalities",
    "designated_on",
    "technique_for",
    "illustrative",
)
DESIGNATION_HEADERS = {
    lang: template_headers("designations", DESIGNATION_COLUMNS, lang) for lang in ("ja", "en")
}
CATEGORY_JA = {
    "agricultural": "農林水産物",
    "industrial": "鉱工業品",
    "technique": "技術",
    "tourism": "観光資源",
}
PLAN_COLUMNS = (
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
)
PLAN_HEADERS_JA = template_headers("plans", (*PLAN_COLUMNS, "illustrative"), "ja")
ENTERPRISE_COLUMNS = (
    "corporate_number",
    "name",
    "industry",
    "capital_yen",
    "employees",
    "prefecture",
)
ENTERPRISE_HEADERS = template_headers("enterprises", (*ENTERPRISE_COLUMNS, "illustrative"), "en")


def _designation_cells(r: Resource, style: str) -> list:
    if style == "ja":
        return [
            reference.prefecture_by_jis(r.jis).name_ja,
            CATEGORY_JA[r.category],
            r.name,
            r.name_en,
            "、".join(r.towns),
            to_era(r.designated_on),
            r.product,
            "true",
        ]
    return [
        f"JP-{r.jis}",
        r.category,
        r.name,
        r.name_en,
        "; ".join(r.towns),
        r.designated_on.isoformat(),
        r.product,
        "true",
    ]


def write(gen: Generated, out_dir, base: str | None = None) -> dict:
    """Write the tables (and defects.json); returns {file name: rows written}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    located: dict[int, tuple[str, int]] = {}
    written: dict[str, int] = {}
    regions: dict[str, list[Resource]] = {}
    region_of = {p.jis: p.region for p in reference.prefectures()}
    for r in gen.resources:
        regions.setdefault(region_of[r.jis], []).append(r)
    for index, (region, rows) in enumerate(sorted(regions.items())):
        style = "ja" if index % 2 == 0 else "en"
        if region == "Shikoku":
            name = f"designations-{region.lower()}.xlsx"
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("指定")
            sheet.append(DESIGNATION_HEADERS["ja"])
            for number, r in enumerate(rows, start=2):
                cells = _designation_cells(r, "ja")
                cells[5] = dt.datetime.combine(r.designated_on, dt.time())
                sheet.append(cells)
                located[id(r)] = (name, number)
            book.save(out / name)
        else:
            encoding = "cp932" if style == "ja" else "utf-8"
            name = f"designations-{region.lower()}-{encoding.replace('-', '')}.csv"
            with (out / name).open("w", encoding=encoding, newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(DESIGNATION_HEADERS[style])
                for number, r in enumerate(rows, start=2):
                    writer.writerow(_designation_cells(r, style))
                    located[id(r)] = (name, number)
        written[name] = len(rows)
    with (out / "enterprises.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ENTERPRISE_HEADERS)
        for number, e in enumerate(gen.enterprises, start=2):
            writer.writerow([*("" if e[c] is None else e[c] for c in ENTERPRISE_COLUMNS), "true"])
            located[id(e)] = ("enterprises.csv", number)
    written["enterprises.csv"] = len(gen.enterprises)
    with (out / "plans.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PLAN_HEADERS_JA)
        for number, p in enumerate(gen.plans, start=2):
            cells = [p[c] for c in PLAN_COLUMNS]
            for i in (7, 8, 9):  # every third plan in era dates, as many prefectures wrote them
                cells[i] = to_era(cells[i]) if number % 3 == 0 else cells[i].isoformat()
            writer.writerow([*cells, "true"])
            located[id(p)] = ("plans.csv", number)
    written["plans.csv"] = len(gen.plans)
    _manifest(gen, located, out, Minter(base) if base else Minter())
    return written


def _manifest(gen: Generated, located, out: Path, minter: Minter) -> None:
    entries = []
    for defect in gen.defects:
        rule, kind_of_table, column = DEFECT_KINDS[defect["kind"]]
        record = defect["record"]
        file, row = located[id(record)]
        if kind_of_table == "designations":
            focus = (
                minter.designation(record.jis, record.name)
                if defect["kind"].startswith("designation")
                else minter.resource(record.jis, record.name)
            )
        elif kind_of_table == "plans":
            focus = minter.plan(record["prefecture"], record["plan_id"])
        else:
            focus = minter.enterprise(
                record["corporate_number"], record["prefecture"], record["name"]
            )
        entries.append(
            {
                "kind": defect["kind"],
                "rule": rule,
                "file": file,
                "row": row,
                "column": column,
                "focus": str(focus),
            }
        )
    entries.sort(key=lambda e: (e["file"], e["row"]))
    manifest = {
        "defects": entries,
        "count": len(entries),
        "rules": {k: v[0] for k, v in DEFECT_KINDS.items()},
        "note": "each listed row breaks exactly the rule named (issue 4 numbering); "
        "every other row is valid",
    }
    (out / "defects.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def generate(
    out_dir, scale: float = 1.0, seed: int = 0, defects: int = 0, base: str | None = None
) -> dict:
    """Build and write synthetic tables; returns {file name: rows}."""
    return write(build(scale, seed, defects), out_dir, base)
