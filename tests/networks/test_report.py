"""The report: HTML that needs no network, PNG/SVG of the expected size, a map that is right."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from collections import Counter

import matplotlib
import pytest

from iackg.cli import main
from iackg.export.records import read_records
from iackg.export.views import resource_co_use
from iackg.report import FIGURES, build_report, draw_figure
from iackg.report.aggregates import aggregate, fiscal_year
from iackg.report.fonts import rc
from iackg.report.japan_map import luminance
from iackg.store import open_store

SVG_NS = "{http://www.w3.org/2000/svg}"


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def report(store, tmp_path_factory):
    return build_report(store, tmp_path_factory.mktemp("report") / "report.html", source="test")


def map_luminance(svg_path) -> dict[str, float]:
    """JIS code -> luminance of the prefecture's fill, read from the map's SVG."""
    fills = {}
    root = ET.parse(svg_path).getroot()
    # a hatched patch (a count of 0) is filled with a pattern whose first rect is its colour
    patterns = {
        pattern.get("id"): pattern.find(f"{SVG_NS}rect").get("fill")
        for pattern in root.iter(f"{SVG_NS}pattern")
    }
    for group in root.iter(f"{SVG_NS}g"):
        gid = group.get("id", "")
        if re.fullmatch(r"JP-\d\d", gid):
            style = group.find(f"{SVG_NS}path").get("style")
            hatch = re.search(r"fill: url\(#([^)]+)\)", style)
            colour = patterns[hatch.group(1)] if hatch else re.search(r"fill: (#\w+)", style)[1]
            hex_ = colour.lstrip("#")
            rgb = tuple(int(hex_[i : i + 2], 16) / 255 for i in (0, 2, 4))
            fills[gid[3:]] = luminance((*rgb, 1))
    return fills


def resources_per_prefecture(store) -> Counter:
    rows = store.select("""PREFIX iac: <https://w3id.org/iackg/ontology#>
        SELECT ?jis (COUNT(DISTINCT ?r) AS ?n) WHERE {
          ?d iac:designates ?r ; iac:designatedBy ?p . ?p iac:jisCode ?jis } GROUP BY ?jis""")
    counts = Counter({f"{j:02d}": 0 for j in range(1, 48)})
    counts.update({str(r["jis"]): int(r["n"]) for r in rows})
    return counts


def test_html_is_self_contained(report):
    html = report.html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("data:image/png;base64,") == len(FIGURES)
    # nothing to fetch: no scripts, stylesheets, images or fonts from elsewhere (a plain link
    # to the licence is a link, not something the page loads)
    assert not re.search(r'src="(https?:)?//', html)
    assert not re.search(r"<link[^>]*href", html)
    assert "<script" not in html and "@import" not in html
    assert re.findall(r"url\(([a-z]+):", html) == ["data"]  # the one embedded font
    assert "三崎のまぐろ" in html and "神奈川県" in html


def test_every_figure_as_png_and_svg_of_the_expected_size(report):
    for spec in FIGURES:
        png = report.pngs[spec.name]
        assert png.stat().st_size > 5000, spec.name
        assert png_size(png) == spec.pixels(), spec.name
        root = ET.parse(report.svgs[spec.name]).getroot()
        assert root.tag == f"{SVG_NS}svg"
        # text is drawn as outlines, so the SVG needs no Japanese font to view
        assert root.find(f".//{SVG_NS}text") is None


def test_map_darkest_prefecture_has_most_resources(any_store):
    store = any_store
    counts = resources_per_prefecture(store)
    assert len(set(counts.values())) > 1
    agg = aggregate(read_records(store))
    spec = next(s for s in FIGURES if s.name == "map-total")
    with matplotlib.rc_context(rc()):
        fig = draw_figure(spec, agg, resource_co_use(read_records(store)))
    colours = {p.get_gid()[3:]: p.get_facecolor() for p in fig.axes[0].patches if p.get_gid()}
    assert set(colours) == set(counts)  # all 47 prefectures drawn
    top = max(counts.values())
    darkest = min(luminance(c) for c in colours.values())
    assert {j for j, c in colours.items() if luminance(c) == darkest} == {
        j for j, n in counts.items() if n == top
    }
    # and the colour scale is monotone: more resources, never lighter
    for a in counts:
        for b in counts:
            if counts[a] > counts[b]:
                assert luminance(colours[a]) < luminance(colours[b]), (a, b)


def test_map_svg_fill_matches_counts(report, store):
    counts = resources_per_prefecture(store)
    fills = map_luminance(report.svgs["map-total"])
    assert len(fills) == 47
    most = max(counts, key=lambda j: (counts[j], j))
    assert fills[most] == min(fills.values())
    least = min(counts, key=lambda j: (counts[j], j))
    assert fills[least] == max(fills.values())


def test_fiscal_year():
    assert fiscal_year("2008-03-31") == 2007
    assert fiscal_year("2008-04-01") == 2008
    assert fiscal_year("") is None and fiscal_year("n/a") is None


def test_aggregates_match_sparql_on_any_data(any_store):
    agg = aggregate(read_records(any_store))
    assert agg.total_by_prefecture() == dict(resources_per_prefecture(any_store))
    fy = Counter()
    for row in any_store.select(
        """PREFIX iac: <https://w3id.org/iackg/ontology#>
        SELECT DISTINCT ?d ?on WHERE { ?d iac:designates ?r ; iac:designatedOn ?on }"""
    ):
        y, m = int(str(row["on"])[:4]), int(str(row["on"])[5:7])
        fy[y if m >= 4 else y - 1] += 1
    assert agg.designations_by_year == fy
    uses = Counter(
        str(r["r"])
        for r in any_store.select(
            "SELECT DISTINCT ?p ?r WHERE { ?p <https://w3id.org/iackg/ontology#usesResource> ?r }"
        )
    )
    assert [n for *_, n in agg.top_resources] == sorted(uses.values(), reverse=True)[:15]


def test_aggregates_match_sparql(store):
    agg = aggregate(read_records(store))
    assert agg.total_by_prefecture() == dict(resources_per_prefecture(store))
    fy = Counter()
    for row in store.select("""PREFIX iac: <https://w3id.org/iackg/ontology#>
            SELECT DISTINCT ?d ?on WHERE { ?d iac:designates ?r ; iac:designatedOn ?on }"""):
        y, m = int(str(row["on"])[:4]), int(str(row["on"])[5:7])
        fy[y if m >= 4 else y - 1] += 1
    assert agg.designations_by_year == fy
    # IC profile: read the mapping independently
    # (a concept maps to one or more dimensions: collect every dimension, not one per concept)
    dims = {
        str(r["d"])
        for r in store.select(
            "SELECT ?c ?d WHERE { ?c <https://w3id.org/iackg/ontology#icDimension> ?d }"
        )
    }
    assert len(agg.ic_dimensions) == len(dims) == 3
    assert sum(agg.ic_profile["17"].values()) == 3 + 1  # three resources, one plan


def test_report_command(store_dir, tmp_path, capsys):
    out = tmp_path / "r" / "kanagawa.html"
    argv = ["report", "--store", str(store_dir), "-o", str(out), "--filter", "prefecture=14"]
    assert main(argv) == 0
    assert out.is_file() and (tmp_path / "r" / "kanagawa_files" / "map-total.svg").is_file()
    html = out.read_text(encoding="utf-8")
    assert "輪島塗" not in html and "三崎のまぐろ" in html
    assert main(["report", "--store", str(tmp_path / "none"), "-o", str(out)]) == 2
    assert main(["report", "--store", str(store_dir), "--filter", "years=1"]) == 2


def test_report_of_the_sample(sample_store, tmp_path):
    report = build_report(sample_store, tmp_path / "sample.html")
    html = report.html.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(FIGURES)
    names = [
        str(r["l"])
        for r in sample_store.select(
            """PREFIX iac: <https://w3id.org/iackg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?l WHERE { ?p iac:usesResource ?r . ?r rdfs:label ?l FILTER(LANG(?l) = "ja") }"""
        )
    ]
    assert names and any(name in html for name in names)  # the top-resources table
    for spec in FIGURES:
        assert png_size(report.pngs[spec.name]) == spec.pixels()


def test_report_of_an_empty_store(tmp_path):
    report = build_report(open_store("memory:"), tmp_path / "empty.html")
    html = report.html.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(FIGURES)
    for spec in FIGURES:
        assert png_size(report.pngs[spec.name]) == spec.pixels()


def test_report_of_small_synthetic_data(tmp_path):
    """Synthetic tables (5% of national scale) through build(): every prefecture has data."""
    from iackg.build import build

    assert main(["synth", "--scale", "0.05", "--seed", "3", "-o", str(tmp_path / "synth")]) == 0
    store = build(inputs=[tmp_path / "synth"], store="memory:", keep_going=True).store
    report = build_report(store, tmp_path / "synth.html")
    counts = resources_per_prefecture(store)
    assert sum(counts.values()) > 400
    for spec in FIGURES:
        assert png_size(report.pngs[spec.name]) == spec.pixels()
    fills = map_luminance(report.svgs["map-total"])
    top = max(counts.values())
    assert {j for j, v in fills.items() if v == min(fills.values())} == {
        j for j, n in counts.items() if n == top
    }
