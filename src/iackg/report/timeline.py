"""The timeline per prefecture: designations added to and removed from each prefecture's list
per fiscal year (年度), and the resources in force at each year's end.

A resource is added in the fiscal year of its `iac:validFrom` and removed in the fiscal year of
the day after its `iac:validUntil` (withdrawn, or superseded by a later dated list); the end of
every designation at the 2020-10-01 repeal is not a removal. A renamed resource (a later list
gives it a new name) counts as one removal and one addition in the year of that list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from iackg.export.records import Records

LAST_DAY = "2020-09-30"  # the Act's last day: designations that reach it were not removed
ADDED, REMOVED, IN_FORCE = "#4e9a06", "#cc0000", "#3465a4"
MAX_PANELS = 48


def _fiscal_year(iso_date: str) -> int:
    year, month = int(iso_date[:4]), int(iso_date[5:7])
    return year if month >= 4 else year - 1


def per_prefecture(rec: Records, jis_of: dict[str, str]) -> dict[str, dict[int, list[int]]]:
    """JIS code -> fiscal year -> [added, removed], for prefectures with dated designations."""
    out: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for res in rec.resources.values():
        jis = jis_of.get(res.prefecture)
        start = res.valid_from or res.designated_on
        if jis is None or len(start) < 10:
            continue
        out[jis][_fiscal_year(start)][0] += 1
        end = res.valid_until
        if len(end) >= 10 and end < LAST_DAY:
            removed_on = dt.date.fromisoformat(end[:10]) + dt.timedelta(days=1)
            out[jis][_fiscal_year(removed_on.isoformat())][1] += 1
    return {jis: dict(years) for jis, years in sorted(out.items())}


def rows(timeline: dict[str, dict[int, list[int]]], names: dict[str, tuple[str, str]]) -> list:
    """[prefecture, fiscal year, added, removed, in force at the year's end] for the years with
    a change."""
    table = []
    for jis, years in timeline.items():
        in_force = 0
        for year in sorted(years):
            added, removed = years[year]
            in_force += added - removed
            table.append([names.get(jis, (jis, jis))[0], year, added, removed, in_force])
    return table


def draw(fig: Figure, timeline: dict[str, dict[int, list[int]]], names) -> None:
    """Small multiples on one scale: per prefecture, bars of additions (up) and removals (down)
    per fiscal year and a step line of the resources in force at each year's end."""
    prefectures = list(timeline)[:MAX_PANELS]
    if not prefectures:
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, "データなし / no data", ha="center", transform=ax.transAxes)
        return
    first = min(min(y) for y in timeline.values())
    last = max(max(max(y) for y in timeline.values()), 2020)
    years = list(range(first, last + 1))
    columns = min(6, len(prefectures))
    grid = fig.subplots(
        -(-len(prefectures) // columns), columns, sharex=True, sharey=True, squeeze=False
    )
    for ax, jis in zip(grid.flat, prefectures, strict=False):
        counts = timeline[jis]
        added = [counts.get(y, [0, 0])[0] for y in years]
        removed = [-counts.get(y, [0, 0])[1] for y in years]
        in_force, total = [], 0
        for a, r in zip(added, removed, strict=True):
            total += a + r
            in_force.append(total)
        ax.bar(years, added, color=ADDED, width=0.8)
        ax.bar(years, removed, color=REMOVED, width=0.8)
        ax.step(years, in_force, where="post", color=IN_FORCE, linewidth=1.2)
        ax.axhline(0, color="#888888", linewidth=0.5)
        ja, en = names.get(jis, (jis, jis))
        ax.set_title(f"{ja} / {en}", fontsize=7)
        ax.tick_params(labelsize=6)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    for ax in list(grid.flat)[len(prefectures) :]:
        ax.set_axis_off()
    fig.suptitle(
        "都道府県別の指定の推移 (年度; 緑 = 追加, 赤 = 解除, 青 = 年度末の指定数) / "
        "designations per prefecture by fiscal year (green added, red removed, blue in force)",
        fontsize=9,
    )
