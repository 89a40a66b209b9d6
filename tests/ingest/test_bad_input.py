"""Every kind of bad input: a clear message naming file, row and column in Japanese and English,
and with strict (the default for `ingest -o`) nothing written at all."""

import pytest

from iackg.cli import main
from iackg.errors import InputError
from iackg.ingest import ingest_files, ingest_to_nquads


def problems_of(path):
    with pytest.raises(InputError) as info:
        ingest_files([path])
    return info.value.problems


def assert_nothing_written(path, tmp_path, capsys, row, column):
    """Both output paths refuse, leave no file (not even a temporary one), and the CLI's message
    names file, row and column in the chosen language."""
    for out in (tmp_path / "out" / "x.nq", tmp_path / "out" / "x.ttl"):
        code = main(["ingest", str(path), "-o", str(out)])
        assert code == 2
        err = capsys.readouterr().err
        where = f"{path.name}:{row}" if row else path.name
        assert where in err
        if column:
            assert f"[{column}" in err
        assert not out.exists()
    with pytest.raises(InputError):
        ingest_to_nquads([path], tmp_path / "out" / "y.nq")
    leftovers = list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else []
    assert leftovers == []


def check_ja_and_en(problem, ja_word, en_word):
    assert ja_word in problem.message_ja, problem.message_ja
    assert en_word in problem.message_en, problem.message_en
    # the Japanese message really is Japanese
    assert any(
        "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in problem.message_ja
    )


def test_undecodable_bytes(tables, tmp_path, capsys):
    path = tables.root / "broken.csv"
    good = "都道府県,区分,名称,名称（英語）,関連市町村,指定日\n神奈川県,農林水産物,三崎のまぐろ,,三浦市,2007-08-31\n"  # noqa: E501
    path.write_bytes(
        good.encode("utf-8")
        + "神奈川県,観光資源,箱根".encode()
        + b"\x81\x20"
        + "温泉,,箱根町,2007-08-31\n".encode()
    )
    [problem] = problems_of(path)
    assert (problem.file, problem.row, problem.column) == ("broken.csv", 3, "名称")
    check_ja_and_en(problem, "文字コード", "cannot decode")
    assert_nothing_written(path, tmp_path, capsys, 3, "名称")


def test_missing_required_column(tables, tmp_path, capsys):
    path = tables.csv(
        "nodate.csv", [["都道府県", "区分", "名称"], ["神奈川県", "農林水産物", "三崎のまぐろ"]]
    )
    [problem] = problems_of(path)
    assert (problem.row, problem.column) == (1, "designated_on (指定日)")
    check_ja_and_en(problem, "必須の列", "required column")
    assert_nothing_written(path, tmp_path, capsys, 1, "designated_on")


@pytest.mark.parametrize(
    ("index", "value", "column", "ja", "en"),
    [
        (1, "果物", "category", "区分", "unknown category"),
        (0, "ムー大陸県", "prefecture", "都道府県", "unknown prefecture"),
        (0, "JP-48", "prefecture", "都道府県", "unknown prefecture"),
        (5, "平成31年5月1日", "designated_on", "存在しません", "does not exist"),
        (5, "令和元年4月30日", "designated_on", "存在しません", "does not exist"),
        (5, "2007-02-30", "designated_on", "存在しない", "no such date"),
        (2, "", "name", "必須", "required value is empty"),
        (2, '=HYPERLINK("http://evil.example","x")', "name", "数式", "formula"),
    ],
)
def test_bad_cell(tables, good_row, tmp_path, capsys, index, value, column, ja, en):
    row = list(good_row)
    row[index] = value
    path = tables.designations(good_row, row)
    problems = problems_of(path)
    assert [(p.row, p.column.split()[0]) for p in problems if p.severity == "error"] == [
        (3, column)
    ]
    check_ja_and_en(problems[0], ja, en)
    assert_nothing_written(path, tmp_path, capsys, 3, column)


def test_formula_in_an_xlsx_cell(tables, tmp_path, capsys):
    path = tables.xlsx(
        "formula.xlsx",
        [
            ["都道府県", "区分", "名称", "関連市町村", "指定日"],
            ["神奈川県", "農林水産物", "三崎のまぐろ", "三浦市", "2007-08-31"],
            ["神奈川県", "観光資源", "箱根温泉", "箱根町", "=DATE(2007,8,31)"],
        ],
    )
    [problem] = problems_of(path)
    assert (problem.row, problem.column) == (3, "designated_on (指定日)")
    check_ja_and_en(problem, "数式", "formula")
    assert_nothing_written(path, tmp_path, capsys, 3, "designated_on")


def test_empty_file(tables, tmp_path, capsys):
    path = tables.root / "empty.csv"
    path.write_bytes(b"")
    [problem] = problems_of(path)
    assert problem.file == "empty.csv" and problem.row == 1
    check_ja_and_en(problem, "空", "empty")
    assert_nothing_written(path, tmp_path, capsys, 1, None)


def test_blank_lines_only_is_empty_too(tables):
    path = tables.root / "blank.csv"
    path.write_text("\n  \n,,,\n", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.row == 1 and "empty" in problem.message_en


def test_header_only(tables, tmp_path, capsys):
    path = tables.designations()
    [problem] = problems_of(path)
    assert problem.row == 2
    check_ja_and_en(problem, "データ行がありません", "no data rows")
    assert_nothing_written(path, tmp_path, capsys, 2, None)


def test_unrecognised_header(tables, tmp_path, capsys):
    path = tables.csv("what.csv", [["foo", "bar"], ["1", "2"]])
    [problem] = problems_of(path)
    assert problem.row == 1
    check_ja_and_en(problem, "見出し行", "no known header row")
    assert_nothing_written(path, tmp_path, capsys, 1, None)


def test_duplicate_rows(tables, good_row, tmp_path, capsys):
    path = tables.designations(good_row, good_row)
    [problem] = problems_of(path)
    assert problem.row == 3 and "row 2" in problem.message_en
    check_ja_and_en(problem, "重複", "duplicate row")
    assert_nothing_written(path, tmp_path, capsys, 3, None)


def test_conflicting_rows_for_one_resource(tables, good_row):
    other = list(good_row)
    other[1] = "観光資源"
    [problem] = problems_of(tables.designations(good_row, other))
    assert problem.row == 3 and "disagrees" in problem.message_en


def test_every_problem_is_reported_not_just_the_first(tables, good_row):
    rows = [list(good_row) for _ in range(3)]
    rows[0][1], rows[1][0], rows[2][5] = "果物", "ムー大陸県", "平成31年5月1日"
    for i, row in enumerate(rows):
        row[2] += str(i)
    problems = problems_of(tables.designations(*rows))
    assert [(p.row, p.column.split()[0]) for p in problems] == [
        (2, "category"),
        (3, "prefecture"),
        (4, "designated_on"),
    ]


def test_without_strict_bad_rows_are_skipped_and_reported(tables, good_row, tmp_path, capsys):
    bad = list(good_row)
    bad[1], bad[2] = "果物", "謎の品"
    path = tables.designations(good_row, bad)
    result = ingest_files([path], strict=False)
    assert result.sources[0].rows == 2 and result.sources[0].rejected == 1
    assert [p.row for p in result.problems] == [3]
    labels = {str(o) for o in result.sources[0].graph.objects()}
    assert "三崎のまぐろ" in labels and "謎の品" not in labels
    out = tmp_path / "kept.nq"
    assert main(["ingest", str(path), "-o", str(out), "--no-strict"]) == 0
    assert out.exists() and "謎の品" not in out.read_text(encoding="utf-8")
    assert "謎の品" not in capsys.readouterr().out


def test_messages_in_japanese_on_request(tables, good_row, tmp_path, capsys):
    bad = list(good_row)
    bad[1] = "果物"
    path = tables.designations(bad)
    assert main(["ingest", str(path), "-o", str(tmp_path / "x.nq"), "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert "区分が分かりません" in err and "Traceback" not in err


def test_missing_file_is_an_input_error(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_same_file_name_twice_is_refused(tables, good_row, tmp_path):
    first = tables.designations(good_row)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    second = other_dir / first.name
    second.write_bytes(first.read_bytes())
    with pytest.raises(InputError) as info:
        ingest_files([first, second])
    assert "same file name" in info.value.problems[0].message_en


def test_a_row_repeated_in_another_file_names_that_file(tables, good_row):
    first = tables.designations(
        good_row, ["東京都", "鉱工業品", "江戸切子", "", "江東区", "2007-08-31", "", ""]
    )
    second = tables.designations(good_row, name="again.csv")
    with pytest.raises(InputError) as info:
        ingest_files([first, second])
    [problem] = info.value.problems
    assert problem.file == "again.csv" and problem.row == 2
    assert "designations.csv row 2" in problem.message_en


def test_a_gigantic_cell_is_a_clear_error(tables, good_row):
    row = list(good_row)
    row[7] = "x" * 300_000  # beyond the CSV field limit
    path = tables.designations(good_row, row)
    [problem] = problems_of(path)
    assert problem.row == 3 and "CSV" in problem.message_en


def test_nul_bytes_and_binary_files(tables):
    path = tables.root / "nul.csv"
    path.write_bytes("都道府県,区分,名称,指定日\n神奈川県,観光資源,箱\x00根,2007-08-31\n".encode())
    [problem] = problems_of(path)
    assert (problem.row, problem.column) == (2, "name (名称)")
    assert "control characters" in problem.message_en
    png = tables.root / "picture.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    [problem] = problems_of(png)
    assert "cannot decode" in problem.message_en
