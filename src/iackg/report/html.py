"""The self-contained HTML page: figures embedded as PNG data URIs, tables as HTML, no scripts,
no web fonts, no links needed to view it."""

from __future__ import annotations

import base64
from html import escape

from iackg import __version__
from iackg.report.aggregates import Aggregates

STYLE = """
body{font-family:"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}
figure{margin:1em 0}img{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.2em .6em}
th{background:#f4f4f4}td.n{text-align:right}.note{color:#555;font-size:.9em}
"""


def _table(header: list[str], rows: list[list], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            css = ' class="n"' if i >= numeric_from and isinstance(cell, int | float) else ""
            cells.append(f"<td{css}>{escape(str(cell))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render(agg: Aggregates, figures: list[tuple], files_dir: str, source: str) -> str:
    """`figures`: (spec, png bytes) in order. `files_dir`: folder name of the PNG/SVG copies."""
    t = agg.totals
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja"><head><meta charset="utf-8">',
        "<title>地域産業資源 レポート / Regional industrial resources report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>地域産業資源 レポート<br>",
        "<small>Intellectual Assets in Communities: report</small></h1>",
        f'<p class="note">iackg {escape(__version__)}'
        + (f" · store: {escape(source)}" if source else "")
        + "</p>",
        _table(
            ["", "件数 / count"],
            [
                ["都道府県 / prefectures", t["prefectures"]],
                ["地域産業資源 / resources", t["resources"]],
                ["計画 / plans", t["plans"]],
                ["事業者 / enterprises", t["enterprises"]],
                ["計画に使われた資源 / resources used by plans", t["resources_used"]],
            ],
        ),
        (
            f'<p class="note"><strong>{t["illustrative"]}</strong> of these resources, plans '
            "and enterprises are marked illustrative (iac:illustrative): made up for a sample "
            "or synthetic data, not real records. / うち例示(架空)のデータ: "
            f"{t['illustrative']} 件</p>"
            if t.get("illustrative")
            else ""
        ),
    ]
    for spec, png in figures:
        data = base64.b64encode(png).decode("ascii")
        parts += [
            f'<h2 id="{spec.name}">{escape(spec.title_ja)} / {escape(spec.title_en)}</h2>',
            f'<figure><img alt="{escape(spec.title_en)}" src="data:image/png;base64,{data}">',
            f"<figcaption>PNG: {escape(files_dir)}/{spec.name}.png · "
            f"SVG: {escape(files_dir)}/{spec.name}.svg</figcaption></figure>",
        ]
        if spec.name == "map-total":
            ranked = sorted(agg.total_by_prefecture().items(), key=lambda kv: (-kv[1], kv[0]))
            rows = [
                [agg.prefecture_names[j][0], agg.prefecture_names[j][1], n] for j, n in ranked if n
            ]
            parts.append(
                "<details><summary>表 / table</summary>"
                + _table(["都道府県", "prefecture", "resources"], rows, 2)
                + "</details>"
            )
        if spec.name == "top-resources":
            rows = [[label, pref, n] for _, label, pref, n in agg.top_resources]
            parts.append(
                _table(["資源 / resource", "都道府県 / prefecture", "計画 / plans"], rows, 2)
            )
        if spec.name == "ic-profile" and agg.ic_dimensions:
            rows = [
                [
                    agg.prefecture_names.get(j, (j, j))[0],
                    *(round(agg.ic_profile[j][d], 2) for d in agg.ic_dimensions),
                ]
                for j in sorted(agg.ic_profile)
            ]
            parts.append(
                "<details><summary>表 / table</summary>"
                + _table(["都道府県", *agg.ic_dimensions], rows)
                + "</details>"
            )
            parts.append(
                '<p class="note">Each resource counts toward the dimensions its category maps to, '
                "each plan toward those of its activity type (iac:icDimension in the ontology); "
                "an item mapped to k dimensions adds 1/k to each.</p>"
            )
    parts.append(
        '<p class="note">Fiscal years (年度) run from April to March. Map outlines: the japanmap '
        "package (Apache-2.0); Hokkaido and Okinawa are drawn as insets. Fonts: IPAex Gothic "
        "(IPA Font License).</p></body></html>"
    )
    return "\n".join(parts)
