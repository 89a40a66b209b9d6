"""The report's figures, each a matplotlib Figure of a fixed size (no pyplot, no global state)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from iackg.export.records import ACTIVITY_TYPES, CATEGORIES
from iackg.report import timeline as timeline_figure
from iackg.report.aggregates import Aggregates
from iackg.report.japan_map import (
    add_colorbar,
    draw_choropleth,
    draw_points,
    key_patches,
    scale_top,
)

DPI = 100
CATEGORY_COLOURS = {
    "agricultural": "#4e9a06",
    "industrial": "#3465a4",
    "technique": "#75507b",
    "tourism": "#ce5c00",
    "unknown": "#888a85",
}
MAP_COLOURS = "YlOrRd"  # one colour scale for every map, so equal colours mean equal counts
CATEGORY_JA = {key: f"{ja} / {en}" for key, ja, en in CATEGORIES.values()} | {
    "unknown": "不明 / unknown"
}
ACTIVITY_JA = {key: f"{ja} / {en}" for key, ja, en in ACTIVITY_TYPES.values()} | {
    "unknown": "不明 / unknown"
}
IC_PROPOSAL = (
    "この対応は本プロジェクトの提案(公式の分類ではない) / "
    "the mapping is this project's proposal, not an official classification"
)
MAX_NETWORK_NODES = 80


@dataclass(frozen=True)
class FigureSpec:
    name: str
    title_ja: str
    title_en: str
    size: tuple[float, float]  # inches; pixels = inches * DPI
    draw: Callable[[Figure, Aggregates, nx.Graph], None]

    def pixels(self) -> tuple[int, int]:
        return round(self.size[0] * DPI), round(self.size[1] * DPI)


def map_total(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    ax = fig.add_subplot()
    draw_choropleth(
        ax,
        agg.total_by_prefecture(),
        cmap=MAP_COLOURS,
        title="地域産業資源の数 (全カテゴリー) / resources, all categories",
    )


def map_points(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    ax = fig.add_subplot()
    draw_choropleth(  # the outlines only, as a base map
        ax,
        {},
        colorbar=False,
        legend=False,
        title="市区町村別の地域産業資源 (円の面積 = 資源数) / "
        "resources per municipality (circle area = resources)",
    )
    placed = draw_points(ax, agg.resource_points)
    ax.text(
        0.01,
        0.01,
        f"{placed} 市区町村 (座標のあるもの) / municipalities with coordinates",
        transform=ax.transAxes,
        fontsize=7,
    )


def map_categories(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    """Four maps on one scale: the largest count in any category sets the darkest colour."""
    per_category = {
        key: {jis: counts[key] for jis, counts in agg.resources_by_prefecture.items()}
        for key, _, _ in CATEGORIES.values()
    }
    top = max((scale_top(values) for values in per_category.values()), default=1)
    axes = []
    for i, (key, ja, en) in enumerate(CATEGORIES.values()):
        ax = fig.add_subplot(2, 2, i + 1)
        draw_choropleth(
            ax,
            per_category[key],
            cmap=MAP_COLOURS,
            title=f"{ja} / {en}",
            colorbar=False,
            vmax=top,
            legend=False,
        )
        axes.append(ax)
    add_colorbar(fig, axes, top, MAP_COLOURS).set_label(
        "資源数 / resources (共通の尺度 / one scale)"
    )
    fig.legend(handles=key_patches(), loc="lower left", fontsize=8, frameon=False)


def _bars_by_year(ax, counts, colour: str, title: str) -> None:
    years = list(range(min(counts), max(counts) + 1)) if counts else []
    ax.bar([str(y) for y in years], [counts.get(y, 0) for y in years], color=colour)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("年度 (fiscal year, April–March)")
    ax.tick_params(axis="x", labelrotation=90, labelsize=8)
    if not years:
        ax.text(0.5, 0.5, "データなし / no data", ha="center", transform=ax.transAxes)


def years(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    left, right = fig.subplots(1, 2)
    _bars_by_year(left, agg.designations_by_year, "#3465a4", "資源の指定 / designations")
    _bars_by_year(right, agg.plans_by_year, "#ce5c00", "計画の認定 / certified plans")


def timeline(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    timeline_figure.draw(fig, agg.timeline, agg.prefecture_names)


def mixes(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    left, right = fig.subplots(1, 2)
    cats = [k for k in CATEGORY_JA if agg.category_mix.get(k)]
    left.barh(
        [CATEGORY_JA[k] for k in cats],
        [agg.category_mix[k] for k in cats],
        color=[CATEGORY_COLOURS[k] for k in cats],
    )
    left.set_title("カテゴリー別の資源 / resources by category", fontsize=10)
    left.set_xlabel("資源数 / resources")
    acts = [k for k in ACTIVITY_JA if agg.activity_mix.get(k)]
    right.barh([ACTIVITY_JA[k] for k in acts], [agg.activity_mix[k] for k in acts], color="#75507b")
    right.set_title("事業の類型別の計画 / business plans by activity type", fontsize=10)
    right.set_xlabel("計画数 / plans")
    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="y", labelsize=8)


def top_resources(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    ax = fig.add_subplot()
    rows = list(reversed(agg.top_resources))
    ax.barh(
        [f"{label} ({pref})" if pref else label for _, label, pref, _ in rows],
        [n for *_, n in rows],
        color="#4e9a06",
    )
    ax.set_xlabel("計画数 / number of plans using it")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("よく使われる地域産業資源 / most used resources", fontsize=10)
    ax.tick_params(axis="y", labelsize=8)


def co_use_network(fig: Figure, agg: Aggregates, co_use: nx.Graph) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(
        f"資源の共同利用ネットワーク(重み付き次数の上位 {MAX_NETWORK_NODES}) / "
        f"co-use network (top {MAX_NETWORK_NODES} by weighted degree)",
        fontsize=10,
    )
    strength = dict(co_use.degree(weight="weight"))
    keep = sorted(strength, key=lambda n: (-strength[n], n))[:MAX_NETWORK_NODES]
    sub = co_use.subgraph(keep)
    top = max((strength[n] for n in keep), default=1) or 1
    if not sub.number_of_nodes():
        ax.text(0.5, 0.5, "データなし / no data", ha="center", transform=ax.transAxes)
        return
    pos = nx.spring_layout(sub, seed=42, weight=None, k=3 / sub.number_of_nodes() ** 0.5)
    segments = [(pos[u], pos[v]) for u, v in sub.edges]
    heaviest = max((sub.edges[e]["weight"] for e in sub.edges), default=1)
    widths = [0.5 + 3 * sub.edges[e]["weight"] / heaviest for e in sub.edges]
    ax.add_collection(LineCollection(segments, linewidths=widths, colors="#999999", zorder=1))
    nodes = list(sub.nodes)
    ax.scatter(
        [pos[n][0] for n in nodes],
        [pos[n][1] for n in nodes],
        s=[20 + 180 * strength[n] / top for n in nodes],
        c=[CATEGORY_COLOURS.get(sub.nodes[n].get("category", "unknown"), "#888a85") for n in nodes],
        edgecolors="white",
        linewidths=0.5,
        zorder=2,
    )
    for n in sorted(nodes, key=lambda n: (-strength[n], n))[:15]:
        ax.annotate(
            sub.nodes[n].get("label", n),
            (float(pos[n][0]), float(pos[n][1])),
            fontsize=7,
            ha="center",
            va="bottom",
            xytext=(0, 4),
            textcoords="offset points",
        )
    handles = [
        ax.scatter([], [], c=c, label=CATEGORY_JA[k])
        for k, c in CATEGORY_COLOURS.items()
        if k != "unknown"
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    ax.margins(0.12)
    ax.autoscale_view()


def ic_profile(fig: Figure, agg: Aggregates, _co_use: nx.Graph) -> None:
    ax = fig.add_subplot()
    ax.set_title(
        "都道府県別の知的資本プロファイル / intellectual-capital profile (share)\n" + IC_PROPOSAL,
        fontsize=9,
    )
    prefs = sorted(agg.ic_profile, reverse=True)
    if not prefs or not agg.ic_dimensions:
        ax.text(
            0.5,
            0.5,
            "iac:icDimension の対応なし / no IC mapping in the store",
            ha="center",
            transform=ax.transAxes,
        )
        ax.set_axis_off()
        return
    left = [0.0] * len(prefs)
    palette = ["#3465a4", "#ce5c00", "#4e9a06", "#75507b", "#c4a000"]
    labels = [
        f"{agg.prefecture_names.get(j, (j, j))[0] or j} (n={agg.ic_items.get(j, 0)})" for j in prefs
    ]
    for i, dim in enumerate(agg.ic_dimensions):
        shares = [agg.ic_profile[j][dim] / max(sum(agg.ic_profile[j].values()), 1) for j in prefs]
        ax.barh(labels, shares, left=left, color=palette[i % len(palette)], label=dim)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_xlim(0, 1)
    ax.set_xlabel(
        "資源と事業計画に占める割合 (n = 件数) / share of resources and business plans (n)"
    )
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=3, fontsize=8, frameon=False)


FIGURES = (
    FigureSpec(
        "map-total", "都道府県別の地域産業資源", "Resources per prefecture", (8, 8), map_total
    ),
    FigureSpec(
        "map-points", "市区町村別の地域産業資源", "Resources per municipality", (8, 8), map_points
    ),
    FigureSpec(
        "map-categories",
        "カテゴリー別の地図",
        "Resources per prefecture by category",
        (11, 11),
        map_categories,
    ),
    FigureSpec(
        "years", "年度別の指定と認定", "Designations and plans by fiscal year", (11, 4.5), years
    ),
    FigureSpec("timeline", "都道府県別の指定の推移", "Timeline per prefecture", (11, 8), timeline),
    FigureSpec("mixes", "カテゴリーと事業類型", "Category and activity-type mix", (11, 4), mixes),
    FigureSpec("top-resources", "よく使われる資源", "Top resources by use", (9, 6), top_resources),
    FigureSpec("co-use-network", "共同利用ネットワーク", "Co-use network", (9, 9), co_use_network),
    FigureSpec(
        "ic-profile", "知的資本プロファイル", "Intellectual-capital profile", (9, 11), ic_profile
    ),
)
