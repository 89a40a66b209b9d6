"""The report's timeline per prefecture: additions and removals per fiscal year, known from the
dated lists (2007-08-31, 2015-08-10, 2019-05-17) and from removal dates."""

import re

import matplotlib

from iackg.export import read_records
from iackg.report import FIGURES, build_report, draw_figure
from iackg.report.aggregates import aggregate
from iackg.report.fonts import rc


def test_timeline_of_the_dated_lists(snapshot_build):
    agg = aggregate(read_records(snapshot_build.store))
    # 2015-08-10: 富山B漆器 gone, 富山X飴 renamed (one removal, one addition), 富山C芋 new;
    # 2019-05-17: 富山C芋 gone, 富山E鋳物 new
    assert agg.timeline == {"16": {2007: [3, 0], 2015: [2, 2], 2019: [1, 1]}}


def test_timeline_of_removal_dates(timed_build):
    agg = aggregate(read_records(timed_build.store))
    assert agg.timeline == {
        "14": {2007: [1, 0]},  # 2008-03-01 is in fiscal 2007
        "16": {2007: [2, 0], 2012: [0, 1], 2015: [2, 0], 2019: [1, 0]},
    }


def test_timeline_figure_has_one_panel_per_prefecture(timed_build):
    records = read_records(timed_build.store)
    agg = aggregate(records)
    spec = next(s for s in FIGURES if s.name == "timeline")
    with matplotlib.rc_context(rc()):
        fig = draw_figure(spec, agg, None)
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["神奈川県 / Kanagawa", "富山県 / Toyama"]
    toyama = panels[1]
    heights = {
        round(p.get_x() + p.get_width() / 2): p.get_height()
        for p in toyama.patches
        if p.get_height()
    }
    assert heights == {2007: 2, 2012: -1, 2015: 2, 2019: 1}
    line = toyama.get_lines()[0]  # the step line: in force at each fiscal year's end
    in_force = dict(zip(line.get_xdata(), line.get_ydata(), strict=True))
    assert (in_force[2011], in_force[2012], in_force[2015], in_force[2020]) == (2, 1, 3, 4)


def test_report_has_the_timeline_and_its_table(snapshot_build, tmp_path):
    report = build_report(snapshot_build.store, tmp_path / "report.html")
    assert report.pngs["timeline"].stat().st_size > 5000
    html = report.html.read_text(encoding="utf-8")
    assert 'id="timeline"' in html
    cells = r'<td>富山県</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td>'
    for year, added, removed in ((2007, 3, 0), (2015, 2, 2), (2019, 1, 1)):
        assert re.search(cells.format(year, added, removed), html), year


def test_timeline_as_of_counts_only_what_was_in_force(snapshot_build):
    from iackg.export.filters import apply_filters, parse_filters

    records = read_records(snapshot_build.store)
    kept = apply_filters(records, parse_filters([], records, "2016-04-01"))
    # in force on 2016-04-01: 富山A柿 (2007), 富山X水飴 and 富山C芋 (from 2015-08-10); C's
    # removal in 2019 is still counted, as the report with --as-of 2016-04-01 shows it
    assert aggregate(kept).timeline == {"16": {2007: [1, 0], 2015: [2, 0], 2019: [0, 1]}}
