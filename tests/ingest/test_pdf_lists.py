"""Published lists as text PDFs (pdfplumber): a table over two pages read as one list, page
numbers in provenance and messages, scanned PDFs refused."""

import datetime as dt

import pytest
from rdflib import Literal

from iackg.cli import main
from iackg.errors import InputError
from iackg.ingest import ListOptions, ingest_files
from iackg.iris import Minter
from iackg.vocab import IAC

from .published import ISLANDS, pdf_long_list, scanned_pdf

pytest.importorskip("pdfplumber", reason="pip install -e '.[test]' (pdfplumber)")

M = Minter()
TOKYO = ListOptions("13", dt.date(2008, 3, 31))


def _rows(count):
    """`count` resources; the last one repeated over the eight island towns."""
    rows = [
        [str(i), f"島の産品{i}", "しまのさんぴん", "農林水産物", "八丈町"] for i in range(count)
    ]
    rows += [
        [str(count), "島焼酎", "しましょうちゅう", "鉱工業品", f"{54 + i}{town}"]
        for i, town in enumerate(ISLANDS)
    ]
    return rows


def test_two_page_pdf_table_is_one_list(tmp_path):
    path = pdf_long_list(tmp_path / "tokyo.pdf", _rows(60))
    result = ingest_files([path], options=TOKYO)
    assert not result.problems
    g = result.sources[0].graph
    assert len(set(g.subjects(IAC.category, None))) == 61  # the repeated header is no resource
    covers = set(g.objects(M.designation("13", "島焼酎"), IAC.coversMunicipality))
    assert len(covers) == 8
    pages = {int(p) for p in result.provenance.objects(None, IAC.pageNumber)}
    assert pages == {1, 2}
    assert Literal("しましょうちゅう", lang="ja-Hrkt") in set(
        g.objects(M.resource("13", "島焼酎"), None)
    )


def test_a_bad_row_on_page_two_is_named_by_page_row_and_column(tmp_path):
    rows = _rows(60)
    rows[50][3] = "不明な区分"
    path = pdf_long_list(tmp_path / "tokyo.pdf", rows)
    with pytest.raises(InputError) as err:
        ingest_files([path], options=TOKYO)
    (problem,) = err.value.problems
    assert problem.file == "tokyo.pdf p.2" and problem.column.startswith("category")
    # table rows counted through the document: header 1, rows 2-51, page 2 repeats the header
    assert problem.row == 53
    assert "区分" in problem.message_ja and "category" in problem.message_en


def test_scanned_pdf_is_refused_with_a_clear_error(tmp_path, capsys):
    path = scanned_pdf(tmp_path / "scan.pdf")
    assert main(["ingest", str(path), "--prefecture", "13", "--as-of", "2008-03-31"]) == 2
    err = capsys.readouterr().err
    assert "scan.pdf" in err and "no text layer" in err
