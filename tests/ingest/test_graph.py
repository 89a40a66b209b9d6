"""The data shape (tests/data/contract-example.ttl), determinism and provenance."""

import datetime as dt

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from iackg.ingest import column_for, ingest_files
from iackg.iris import Minter
from iackg.vocab import IAC, PROV

M = Minter()
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def date(text):
    return Literal(text, datatype=XSD_DATE)


def one(tables, *rows, **kw):
    result = ingest_files([tables.designations(*rows)], **kw)
    return result, result.sources[0].graph


def test_basic_concept_designation_matches_the_contract(tables, good_row):
    result, g = one(tables, good_row)
    res, des = M.resource("14", "三崎のまぐろ"), M.designation("14", "三崎のまぐろ")
    assert set(g.objects(res, RDF.type)) == {IAC.RegionalResource, IAC.AgriculturalProduct}
    assert set(g.objects(res, RDFS.label)) == {
        Literal("三崎のまぐろ", lang="ja"),
        Literal("Misaki tuna", lang="en"),
    }
    assert g.value(res, IAC.category) == IAC.CatAgricultural
    assert set(g.objects(des, RDF.type)) == {IAC.Designation, IAC.BasicConceptDesignation}
    assert g.value(des, IAC.designates) == res
    assert g.value(des, IAC.designatedBy) == M.prefecture("14")
    assert g.value(des, IAC.designatedOn) == date("2007-08-31")
    assert g.value(des, IAC.validFrom) == date("2007-08-31")
    assert g.value(des, IAC.validUntil) == date("2020-09-30")
    assert g.value(des, IAC.underBasicConcept) == M.basic_concept("14", "2007-08-31")
    assert g.value(des, IAC.coversMunicipality) == M.municipality("142107")
    assert g.value(des, IAC.legalBasis) == M.act("2007-39")
    assert (des, IAC.coversWholePrefecture, None) not in g
    assert result.sources[0].graph_name == M.graph("source/designations.csv")
    assert result.problems == []


def test_direct_designation_from_2015_08_10(tables, good_row):
    before, after = list(good_row), list(good_row)
    before[2], before[5] = "前日の資源", "平成27年8月9日"
    after[2], after[5] = "当日の資源", "H27.8.10"
    _, g = one(tables, before, after)
    first, second = M.designation("14", "前日の資源"), M.designation("14", "当日の資源")
    assert (first, RDF.type, IAC.BasicConceptDesignation) in g
    assert (second, RDF.type, IAC.DirectDesignation) in g
    assert (second, IAC.underBasicConcept, None) not in g
    assert (second, RDF.type, IAC.BasicConceptDesignation) not in g


def test_whole_prefecture_and_several_municipalities(tables):
    _, g = one(
        tables,
        ["兵庫県", "農林水産物", "神戸ビーフ", "", "", "2007-08-31", "", ""],
        ["JP-47", "観光資源", "やんばるの森", "", "国頭村、大宜味村・東村", "2007-08-31", "", ""],
    )
    kobe, yanbaru = M.designation("28", "神戸ビーフ"), M.designation("47", "やんばるの森")
    assert g.value(kobe, IAC.coversWholePrefecture) == Literal(True)
    assert (kobe, IAC.coversMunicipality, None) not in g
    assert set(g.objects(yanbaru, IAC.coversMunicipality)) == {
        M.municipality("473014"),
        M.municipality("473022"),
        M.municipality("473031"),
    }


def test_unknown_municipality_is_kept_by_name_with_a_warning(tables, good_row):
    row = list(good_row)
    row[4] = "三浦市、初声町"  # merged into Miura in 1955
    result, g = one(tables, row)
    town = M.unknown_municipality("14", "初声町")
    assert set(g.objects(M.designation("14", "三崎のまぐろ"), IAC.coversMunicipality)) == {
        M.municipality("142107"),
        town,
    }
    assert g.value(town, RDF.type) == IAC.Municipality
    assert g.value(town, RDFS.label) == Literal("初声町", lang="ja")
    assert g.value(town, IAC.inPrefecture) == M.prefecture("14")
    assert (town, IAC.localGovernmentCode, None) not in g
    [warning] = result.problems
    assert warning.severity == "warning" and warning.row == 2
    assert warning.column.startswith("municipalities") and "初声町" in warning.message_en
    assert (town, PROV.wasDerivedFrom, None) in result.provenance


def test_technique_links_its_product_and_tourism_kind(tables):
    _, g = one(
        tables,
        ["石川県", "鉱工業品", "輪島塗", "", "輪島市", "2007-08-31", "", ""],
        [
            "石川県",
            "鉱工業品の生産に係る技術",
            "輪島塗の製造技術",
            "",
            "輪島市",
            "2007-08-31",
            "輪島塗",
            "",
        ],
        ["群馬県", "観光資源", "草津温泉", "", "草津町", "2007-08-31", "", ""],
    )
    technique = M.resource("17", "輪島塗の製造技術")
    assert (technique, RDF.type, IAC.ProductionTechnique) in g
    assert g.value(technique, IAC.producesProduct) == M.resource("17", "輪島塗")
    assert g.value(M.resource("10", "草津温泉"), IAC.tourismKind) == IAC.TourismHotSpring


def test_notes_and_illustrative_flag(tables):
    path = tables.csv(
        "d.csv",
        [
            ["prefecture", "category", "name", "designated_on", "note", "illustrative"],
            ["13", "industrial", "江戸切子", "2007-08-31", "designation not verified", "true"],
        ],
    )
    g = ingest_files([path]).sources[0].graph
    res = M.resource("13", "江戸切子")
    assert g.value(res, SKOS.note) == Literal("designation not verified")
    assert g.value(M.designation("13", "江戸切子"), IAC.illustrative) == Literal(True)


def test_provenance_rows_hash_and_load_time_kept_apart(tables, good_row):
    path = tables.designations(good_row)
    t1 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    result = ingest_files([path], load_time=t1)
    prov = result.provenance
    sha = result.sources[0].sha256
    import hashlib

    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()
    table, row = M.source(sha), M.source_row(sha, 2)
    assert (table, RDF.type, IAC.SourceTable) in prov
    assert prov.value(table, IAC.fileName) == Literal("designations.csv")
    assert prov.value(table, IAC.sha256) == Literal(sha)
    assert prov.value(table, PROV.generatedAtTime).toPython() == t1
    assert prov.value(row, IAC.rowNumber) == Literal(2)
    assert prov.value(row, IAC.sourceTable) == table
    for node in (M.resource("14", "三崎のまぐろ"), M.designation("14", "三崎のまぐろ")):
        assert prov.value(node, PROV.wasDerivedFrom) == row
    # load time only in provenance, never in the data graph
    assert not any(p == PROV.generatedAtTime for p in result.sources[0].graph.predicates())


def test_same_file_twice_gives_isomorphic_graphs(tables, good_row):
    path = tables.designations(
        good_row, ["JP-14", "tourism", "箱根温泉", "", "箱根町", "H28.4.1", "", ""]
    )
    first = ingest_files([path], load_time=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = ingest_files([path], load_time=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert isomorphic(first.sources[0].graph, second.sources[0].graph)
    assert len(first.sources[0].graph) == len(second.sources[0].graph) > 0
    # only the load time differs in provenance
    diff = set(first.provenance) ^ set(second.provenance)
    assert {p for _, p, _ in diff} == {PROV.generatedAtTime}


def test_same_resource_in_two_rows_is_one_node(tables, good_row):
    second = list(good_row)
    second[4] = "横須賀市"  # listed again for another municipality
    second[3] = ""
    _, g = one(tables, good_row, second)
    resources = set(g.subjects(RDF.type, IAC.RegionalResource))
    assert resources == {M.resource("14", "三崎のまぐろ")}
    assert len(set(g.subjects(RDF.type, IAC.Designation))) == 1
    # the municipalities are united
    assert len(set(g.objects(M.designation("14", "三崎のまぐろ"), IAC.coversMunicipality))) == 2
    # same name written differently (full-width, spaces) is the same key
    third = list(good_row)
    third[2], third[0] = "三崎の まぐろ", "１４"
    _, g2 = one(tables, good_row, third)
    assert len(set(g2.subjects(RDF.type, IAC.RegionalResource))) == 1
    assert Literal("三崎の まぐろ", lang="ja") in set(g2.objects())  # originals kept as labels


HOSTILE = 'evil"> } ; DROP GRAPH <x> . # \'\'\' """ \\ <script>&amp;</script> @prefix x: <y> .'


def test_hostile_name_round_trips_as_a_literal(tables, tmp_path):
    path = tables.csv(
        "hostile.csv",
        [
            ["prefecture", "category", "name", "municipalities", "designated_on", "note"],
            ["13", "industrial", HOSTILE, "", "2007-08-31", "SELECT * WHERE { ?s ?p ?o }\nline2"],
        ],
    )
    result = ingest_files([path])
    res = M.resource("13", HOSTILE)
    assert result.sources[0].graph.value(res, RDFS.label) == Literal(HOSTILE, lang="ja")
    for suffix, fmt in ((".ttl", "turtle"), (".nq", "nquads"), (".trig", "trig")):
        out = tmp_path / f"out{suffix}"
        result.write(out)
        if fmt == "turtle":
            parsed = Graph().parse(out, format=fmt)
        else:
            parsed = Dataset(default_union=True).parse(out, format=fmt)
        labels = set(parsed.objects(res, RDFS.label))
        assert labels == {Literal(HOSTILE, lang="ja")}
        assert Literal("SELECT * WHERE { ?s ?p ?o }\nline2") in set(parsed.objects(res, SKOS.note))
        # nothing else was injected: only iackg subjects
        assert all(str(s).startswith("https://w3id.org/iackg/") for s in parsed.subjects())


def test_written_nquads_keep_named_graphs(tables, good_row, tmp_path):
    result = ingest_files([tables.designations(good_row)])
    out = tmp_path / "o.nq"
    result.write(out)
    ds = Dataset()
    ds.parse(out, format="nquads")
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert names == {M.graph("source/designations.csv"), M.graph("provenance")}
    assert isomorphic(ds.graph(M.graph("source/designations.csv")), result.sources[0].graph)


def test_column_for_maps_properties_back_to_columns():
    assert column_for("designations", IAC.designatedOn) == "designated_on"
    assert column_for("designations", str(IAC.coversMunicipality)) == "municipalities"
    assert column_for("plans", IAC.applicant) == "applicants"
    assert column_for("plans", IAC.validUntil) == "ends_on"
    assert column_for("enterprises", IAC.corporateNumber) == "corporate_number"
    assert column_for("enterprises", RDFS.label) == "name"
    assert column_for("plans", IAC.jisCode) is None
    assert column_for("nonsense", IAC.applicant) is None


def test_title_rows_above_the_header_are_skipped_and_rows_keep_spreadsheet_numbers(tables):
    path = tables.csv(
        "titled.csv",
        [
            ["神奈川県 地域産業資源一覧", "", ""],
            [],
            ["都道府県", "区分", "名称", "関連市町村", "指定日"],
            ["神奈川県", "農林水産物", "三崎のまぐろ", "三浦市", "H19.8.31"],
        ],
    )
    result = ingest_files([path])
    sha = result.sources[0].sha256
    node = M.resource("14", "三崎のまぐろ")
    assert result.provenance.value(node, PROV.wasDerivedFrom) == M.source_row(sha, 4)


def test_an_unknown_municipality_is_warned_once_per_file(tables, good_row):
    rows = []
    for i in range(3):
        row = list(good_row)
        row[2], row[4] = f"資源{i}", "初声町"
        rows.append(row)
    result, g = one(tables, *rows)
    assert [p.row for p in result.problems] == [2]
    town = M.unknown_municipality("14", "初声町")
    assert len(set(g.subjects(IAC.coversMunicipality, town))) == 3


def test_each_source_has_its_share_of_provenance(tables, good_row):
    a = tables.designations(good_row)
    b = tables.designations(
        ["東京都", "鉱工業品", "江戸切子", "", "江東区", "2007-08-31", "", ""], name="tokyo.csv"
    )
    result = ingest_files([a, b])
    shares = [s.provenance_graph() for s in result.sources]
    assert set(shares[0]) | set(shares[1]) == set(result.provenance)
    assert not set(shares[0]) & set(shares[1])
    assert shares[1].value(M.resource("13", "江戸切子"), PROV.wasDerivedFrom) is not None


def test_municipality_written_with_its_prefecture_or_in_english(tables, good_row):
    row = list(good_row)
    row[4] = "神奈川県三浦市、Hakone"
    result, g = one(tables, row)
    assert set(g.objects(M.designation("14", "三崎のまぐろ"), IAC.coversMunicipality)) == {
        M.municipality("142107"),
        M.municipality("143821"),
    }
    assert result.problems == []
