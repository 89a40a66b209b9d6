"""The report a researcher can cite: provenance, licence and 出典, honest scales and counts,
bilingual labels, the IC mapping marked as a proposal, and Japanese without a CJK font."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib.colors import to_rgba

from iackg import __version__, paths
from iackg.cli import main
from iackg.export.records import read_records
from iackg.export.views import resource_co_use
from iackg.iris import Minter
from iackg.report import FIGURES, build_report, draw_figure
from iackg.report.aggregates import aggregate
from iackg.report.fonts import rc
from iackg.report.japan_map import NO_DATA, ZERO, draw_choropleth
from iackg.store import open_store
from iackg.summary import summarise

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
INTEGER_FIGURES = ("map-total", "map-categories", "years", "mixes", "top-resources")


@pytest.fixture(scope="module")
def sample_report(sample_store, tmp_path_factory):
    return build_report(sample_store, tmp_path_factory.mktemp("cite") / "r.html", source="s")


@pytest.fixture(scope="module")
def html(sample_report) -> str:
    return sample_report.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def drawn(sample_store):
    records = read_records(sample_store)
    agg, co_use = aggregate(records), resource_co_use(records)
    with matplotlib.rc_context(rc()):
        return {spec.name: draw_figure(spec, agg, co_use) for spec in FIGURES}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "".join(parser.parts)


# --- provenance ---------------------------------------------------------------------------
def test_report_says_when_by_what_and_from_which_files(html, sample_report):
    stamp = re.search(r"generated: <strong>([0-9T:-]+Z)</strong> \(UTC\)", html).group(1)
    made = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - made) < timedelta(minutes=10)
    assert f"iackg {__version__}" in html
    sample = paths.bundled("data") / "sample"
    files = sorted(p for p in sample.iterdir() if p.suffix in (".csv", ".xlsx"))
    assert len(files) >= 5
    for path in files:  # every loaded table named with the SHA-256 of its bytes
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert re.search(rf"<td>{re.escape(path.name)}</td><td>{digest}</td>", html), path.name
        assert f"出典：「{path.name}」を加工して作成" in html
    assert "CC BY 4.0" in html and "https://creativecommons.org/licenses/by/4.0/" in html
    assert len(sample_report.provenance.sources) == len(files)


def test_a_store_without_provenance_says_so(tmp_path):
    empty = open_store("memory:")
    html = build_report(empty, tmp_path / "r.html").html.read_text(encoding="utf-8")
    assert "no source files recorded" in html and "generated:" in html


def test_the_command_names_its_filter(store_dir, tmp_path):
    out = tmp_path / "k.html"
    argv = ["report", "--store", str(store_dir), "-o", str(out), "--filter", "prefecture=14"]
    assert main(argv) == 0
    assert "filter: prefecture" in out.read_text(encoding="utf-8")


# --- counts that agree ------------------------------------------------------------------
def test_plan_total_agrees_with_the_build_summary(sample_store, sample_report, html):
    summary = summarise(sample_store, Minter())
    business = sum(summary.plans.values())
    totals = sample_report.aggregates.totals
    assert totals["plans"] == business
    support = sample_store.select(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE "
        "{ ?p a <https://w3id.org/iackg/ontology#SupportProjectPlan> }"
    )[0]["n"]
    assert totals["support_plans"] == int(support) >= 1
    assert f'<td>事業計画 / business plans</td><td class="n">{business}</td>' in html
    assert sum(sample_report.aggregates.activity_mix.values()) == business
    assert "unknown" not in sample_report.aggregates.activity_mix


def test_shares_show_n(sample_store, sample_report, html, drawn):
    rows = sample_store.select("""PREFIX iac: <https://w3id.org/iackg/ontology#>
        SELECT ?jis (COUNT(DISTINCT ?x) AS ?n) WHERE {
          { ?x iac:category ?c . ?d iac:designates ?x ; iac:designatedBy ?p .
            ?c iac:icDimension ?dim }
          UNION
          { ?x a iac:BusinessPlan ; iac:activityType ?t ; iac:planPrefecture ?p .
            ?t iac:icDimension ?dim }
          ?p iac:jisCode ?jis } GROUP BY ?jis""")
    expected = {str(r["jis"]): int(r["n"]) for r in rows}
    assert sample_report.aggregates.ic_items == expected
    names = sample_report.aggregates.prefecture_names
    for jis, n in expected.items():
        assert re.search(rf"<td>{names[jis][0]}</td><td class=\"n\">{n}</td>", html), jis
    labels = [t.get_text() for t in drawn["ic-profile"].axes[0].get_yticklabels()]
    assert {f"{names[j][0]} (n={n})" for j, n in expected.items()} == set(labels)


# --- scales -----------------------------------------------------------------------------
def test_counts_get_whole_number_ticks(drawn):
    for name in INTEGER_FIGURES:
        for ax in drawn[name].axes:
            for ticks in (ax.get_xticks(), ax.get_yticks()):
                numeric = ax.get_xaxis().get_scale() == "linear"
                if numeric and len(ticks):
                    labels = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
                    numbers = [x for x in labels if re.fullmatch(r"[\d.−-]+", x)]
                    assert all(re.fullmatch(r"−?\d+", x) for x in numbers), (name, numbers)


def test_four_category_maps_share_one_scale(drawn, sample_report):
    fig = drawn["map-categories"]
    maps = [ax for ax in fig.axes if ax.patches]
    bars = [ax for ax in fig.axes if not ax.patches]
    assert len(maps) == 4 and len(bars) == 1, "one colour bar for the four maps"
    by_pref = sample_report.aggregates.resources_by_prefecture
    keys = ["agricultural", "industrial", "technique", "tourism"]
    colour_of = {}  # count -> colours drawn for it, over all four maps
    for ax, key in zip(maps, keys, strict=True):
        faces = {p.get_gid()[3:]: p.get_facecolor() for p in ax.patches}
        for jis, counts in by_pref.items():
            colour_of.setdefault(counts[key], set()).add(tuple(faces[jis]))
    assert all(len(colours) == 1 for colours in colour_of.values()), colour_of
    assert len(colour_of) >= 3


def test_none_and_no_data_look_different():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        colours = draw_choropleth(ax, {"14": 3, "13": 0})
        hatched = {p.get_gid() for p in ax.patches if p.get_hatch()}
    finally:
        plt.close(fig)
    assert colours["13"] == to_rgba(ZERO) and hatched == {"JP-13"}
    assert colours["01"] == to_rgba(NO_DATA) != colours["13"]
    assert colours["14"] not in (to_rgba(ZERO), to_rgba(NO_DATA))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["0 件 / none", "データなし / no data"]


def test_sample_prefectures_without_resources_are_none_not_no_data(drawn, sample_report):
    totals = sample_report.aggregates.total_by_prefecture()
    faces = {p.get_gid()[3:]: p for p in drawn["map-total"].axes[0].patches}
    empty = [j for j, n in totals.items() if n == 0]
    assert empty
    for jis in empty:
        assert faces[jis].get_hatch() and faces[jis].get_facecolor() == to_rgba(ZERO)


# --- words ------------------------------------------------------------------------------
def test_titles_and_legends_are_bilingual(drawn):
    for name, fig in drawn.items():
        texts = [ax.get_title() for ax in fig.axes if ax.get_title()]
        for ax in fig.axes:
            if ax.get_legend():
                texts += [t.get_text() for t in ax.get_legend().get_texts()]
        texts += [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert texts, name
        for text in texts:
            assert CJK.search(text) and re.search(r"[A-Za-z]{3}", text), (name, text)


def test_ic_mapping_is_labelled_as_the_projects_proposal(html, drawn):
    assert "proposal" in drawn["ic-profile"].axes[0].get_title()
    section = html[html.index('id="ic-profile"') :]
    assert "本プロジェクトの提案" in section and "not part of the Act" in section


# --- Japanese without a CJK font -------------------------------------------------------
def test_embedded_font_covers_every_japanese_character(html):
    css = re.search(
        r"@font-face\{font-family:([\w-]+);src:url\(data:font/woff;base64,([^)]+)\)", html
    )
    family, data = css.group(1), base64.b64decode(css.group(2))
    assert re.search(rf"body\{{font-family:{family},", html), "the page uses the embedded font"
    assert data[:4] == b"wOFF"
    font = TTFont(io.BytesIO(data))
    assert "IPAex" in font["name"].getDebugName(1)
    cmap = font.getBestCmap()
    text = visible_text(html)
    needed = {c for c in text if CJK.match(c) or (ord(c) > 0x2000 and not c.isspace())}
    assert len(needed) > 100
    assert not {c for c in needed if ord(c) not in cmap}
    assert len(data) < 400_000, "a subset, not the whole font"
