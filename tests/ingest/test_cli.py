"""The ingest and synth commands, in process."""

from rdflib import Dataset, Graph

from iackg.cli import main
from iackg.paths import bundled


def test_ingest_sample_folder_to_nquads(tmp_path, capsys):
    out = tmp_path / "sample.nq"
    assert main(["ingest", str(bundled("data") / "sample"), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "plans.csv" in captured.out and "triples" in captured.out
    ds = Dataset()
    ds.parse(out, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/iackg/graph/provenance" in names
    assert "https://w3id.org/iackg/graph/source/plans.csv" in names


def test_ingest_to_turtle_with_another_base(tmp_path, capsys):
    out = tmp_path / "sample.ttl"
    sample = bundled("data") / "sample" / "designations-central.csv"
    assert main(["ingest", str(sample), "-o", str(out), "--base", "http://example.org/x"]) == 0
    g = Graph().parse(out, format="turtle")
    assert len(g) > 0 and all(str(s).startswith("http://example.org/x/") for s in g.subjects())


def test_ingest_without_output_only_checks(tmp_path, capsys):
    sample = bundled("data") / "sample" / "plans.csv"
    assert main(["ingest", str(sample)]) == 0
    assert "plans" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_ingest_bad_base_and_unknown_suffix_are_usage_errors(tmp_path, capsys):
    sample = str(bundled("data") / "sample" / "plans.csv")
    assert main(["ingest", sample, "--base", "not an iri"]) == 2
    assert main(["ingest", sample, "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ".nq" in err


def test_synth_then_ingest(tmp_path, capsys):
    folder = tmp_path / "syn"
    assert (
        main(["synth", "--scale", "0.02", "--seed", "5", "--defects", "1", "-o", str(folder)]) == 0
    )
    assert (folder / "defects.json").exists() and (folder / "plans.csv").exists()
    assert main(["ingest", str(folder), "-o", str(tmp_path / "syn.nq")]) == 0
    assert main(["synth", "--scale", "lots", "-o", str(folder)]) == 2
    assert main(["synth", "--scale", "0", "-o", str(folder)]) == 2
    assert "--scale" in capsys.readouterr().err
