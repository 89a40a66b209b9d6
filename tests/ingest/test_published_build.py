"""`iackg build` of a published-layout list prints the same summary as for the same resources
in the template."""

import csv
import re

from iackg.cli import main

from .published import ISLANDS, long_list


def _template(path):
    rows = [
        ("江戸切子", "鉱工業品", "江東区、墨田区"),
        ("島焼酎", "鉱工業品", "、".join(ISLANDS)),
        ("黄八丈", "鉱工業品", "八丈町"),
        ("くさや（青むろ、むろあじ）", "農林水産物", "新島村"),
        ("高尾山", "観光資源", "八王子市"),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["都道府県", "区分", "名称", "関連市町村", "指定日"])
        out.writerows(["13", c, n, m, "2008-03-31"] for n, c, m in rows)
    return path


def _summary(out: str, location) -> list[str]:
    lines = out.replace(str(location), "STORE").splitlines()
    # the list adds kana readings and a new-designation mark: more triples, same summary
    return [
        re.sub(r"\d+(\.\d+)? s\b", "T s", line) for line in lines if "triples" not in line.lower()
    ]


def test_build_of_a_long_list_matches_the_template(tmp_path, capsys):
    listed = long_list(tmp_path / "tokyo.xlsx")
    template = _template(tmp_path / "designations.csv")
    a, b = tmp_path / "a", tmp_path / "b"
    args = ["--prefecture", "13", "--as-of", "2008-03-31", "-q", "--no-validate"]
    assert main(["build", str(listed), "--store", str(a), *args]) == 0
    from_list = _summary(capsys.readouterr().out, a)
    assert main(["build", str(template), "--store", str(b), "-q", "--no-validate"]) == 0
    from_template = _summary(capsys.readouterr().out, b)
    assert from_list == from_template
    assert any(re.search(r"^\s*Tokyo\s+1\s+3\s+0\s+1\b", line) for line in from_list), from_list
