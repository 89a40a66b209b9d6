"""Issue 10, findings 5 and 6: CSV tables that are not wholly one encoding, characters XML
forbids, and files the system will not let us read: each exits 2 via `main(argv)` with a
message naming the file (and the row and column where there is one), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from iackg.cli import main

HEADER = "都道府県,区分,名称,名称（英語）,関連市町村,指定日,対象鉱工業品,備考\n"
ROW_A = "長野県,農林水産物,市田柿,Ichida persimmon,高森町,2007-08-31,,\n"
ROW_B = "神奈川県,農林水産物,三崎のまぐろ,Misaki tuna,三浦市,2007-08-31,,\n"
PROC_MEM = Path("/proc/self/mem")  # a regular file that no process can read from offset 0


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_utf8_rows_then_cp932_rows_are_refused_at_the_first_cp932_line(tmp_path, capsys):
    path = tmp_path / "mixed.csv"
    path.write_bytes((HEADER + ROW_A).encode("utf-8") + ROW_B.encode("cp932"))
    code, err = run(capsys, "ingest", str(path))
    assert code == 2
    assert "mixed.csv:3" in err and "line 1 is UTF-8" in err and "line 3 is CP932" in err
    code, err = run(capsys, "ingest", str(path), "--lang", "ja")
    assert code == 2 and "文字コードが混在" in err


def test_cp932_rows_then_utf8_rows_are_refused_at_the_first_utf8_line(tmp_path, capsys):
    """CP932 would decode the UTF-8 rows without error, as mojibake (市田柿 -> 蟶ら伐譟ｿ)."""
    path = tmp_path / "mixed.csv"
    data = (HEADER + ROW_B).encode("cp932") + b"\n" + ROW_A.encode("utf-8")
    assert data.decode("cp932")  # the trap: the whole file decodes as CP932
    path.write_bytes(data)
    code, err = run(capsys, "ingest", str(path))
    assert code == 2 and "mixed.csv:4" in err and "line 4 is UTF-8" in err


@pytest.mark.parametrize("encoding", ["utf-8", "cp932", "utf-8-sig"])
def test_a_file_in_one_encoding_is_still_read(tmp_path, capsys, encoding):
    path = tmp_path / "one.csv"
    path.write_bytes((HEADER + ROW_A + ROW_B).encode(encoding))
    code, err = run(capsys, "ingest", str(path), "-o", str(tmp_path / "out.nq"))
    assert code == 0, err
    assert "市田柿" in (tmp_path / "out.nq").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("character", "code_point"),
    [("\ufffe", "U+FFFE"), ("\uffff", "U+FFFF"), ("\x01", "U+0001"), ("\x1b", "U+001B")],
)
def test_characters_xml_forbids_are_refused_at_their_row_and_column(
    tmp_path, capsys, character, code_point
):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + ROW_A + ROW_B.replace("三崎", "三" + character + "崎"), "utf-8")
    out = tmp_path / "out.nq"
    code, err = run(capsys, "ingest", str(path), "-o", str(out))
    assert code == 2 and not out.exists()
    assert "bad.csv:3 [name (名称)]" in err and code_point in err
    # validate lists a rejected row in its report (stdout) and exits 1, as for any bad cell
    assert main(["validate", str(path)]) == 1
    report = capsys.readouterr().out
    assert "bad.csv:3 [name (名称)]" in report and code_point in report
    code, err = run(capsys, "build", str(path), "--store", str(tmp_path / "store"))
    assert code == 2 and "bad.csv:3 [name (名称)]" in err


def test_tab_lf_and_cr_are_allowed_inside_a_cell(tmp_path, capsys):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + ROW_A.replace(",,\n", ',"一行目\r\n二行目\tタブ",\n'), "utf-8")
    code, err = run(capsys, "ingest", str(path))
    assert code == 0, err


@pytest.mark.skipif(not PROC_MEM.is_file(), reason="needs Linux /proc")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".ttl", ".jsonld", ".rdf"])
def test_an_unreadable_file_exits_2_with_its_name(tmp_path, capsys, suffix):
    path = tmp_path / f"unreadable{suffix}"
    path.symlink_to(PROC_MEM)
    commands = [["validate", str(path)], ["build", str(path), "--store", str(tmp_path / "s")]]
    if suffix in (".csv", ".xlsx"):
        commands.append(["ingest", str(path)])
    for argv in commands:
        code, err = run(capsys, *argv)
        assert code == 2, (argv, err)
        assert f"unreadable{suffix}" in err and ("cannot read" in err or "cannot" in err), err


@pytest.mark.skipif(not PROC_MEM.is_file(), reason="needs Linux /proc")
def test_an_unreadable_query_file_exits_2(tmp_path, capsys):
    path = tmp_path / "q.rq"
    path.symlink_to(PROC_MEM)
    code, err = run(capsys, "sparql", str(path), "--store", "memory:")
    assert code == 2 and "q.rq" in err
