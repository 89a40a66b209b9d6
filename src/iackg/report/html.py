"""The self-contained HTML page: figures embedded as PNG data URIs, tables as HTML, a subset of
the figures' Japanese font embedded as a data URL; no scripts, nothing to fetch to view it."""

from __future__ import annotations

import base64
from html import escape

from iackg.report.aggregates import Aggregates
from iackg.report.provenance import Provenance
from iackg.report.timeline import rows as timeline_rows
from iackg.report.webfont import FAMILY, font_face_css

STYLE = """
body{font-family:FAMILY,"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}
figure{margin:1em 0}img{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.2em .6em}
th{background:#f4f4f4}td.n{text-align:right}.note{color:#555;font-size:.9em}
code{font-size:.85em;word-break:break-all}
""".replace("FAMILY", FAMILY)


TITLE = "地域産業資源 レポート / Regional industrial resources report"


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


def about(prov: Provenance) -> list[str]:
    """When, from what, by which iackg, under which licence: what a citation needs."""
    sources = [[f.name, f.sha256, f.loaded_at] for f in prov.sources]
    return [
        '<h2 id="about">このレポートについて / About this report</h2>',
        "<p>作成日時 / generated: <strong>"
        f"{escape(prov.generated_at)}</strong> (UTC) · iackg {escape(prov.version)}"
        + (f" · store: <code>{escape(prov.store)}</code>" if prov.store else "")
        + (f" · filter: {escape(prov.filters)}" if prov.filters else "")
        + "</p>",
        "<p>元データ / source files (SHA-256 as recorded when loaded):</p>",
        _table(["ファイル / file", "SHA-256", "読込日時 / loaded"], sources, 3)
        if sources
        else '<p class="note">記録なし / no source files recorded in the store</p>',
        f'<p>ライセンス / licence: <a href="{escape(prov.licence_url)}">{escape(prov.licence)}</a>'
        "</p>",
        "<p>出典 / attribution (政府標準利用規約 2.0 / PDL 1.0):</p><ul>"
        + "".join(f"<li>{escape(line)}</li>" for line in prov.attribution())
        + "</ul>",
        f'<p class="note">引用 / cite as: {escape(prov.citation())}</p>',
    ]


def _share(value: float) -> str:
    return f"{value:.0%}"


def render(agg: Aggregates, figures: list[tuple], files_dir: str, prov: Provenance) -> str:
    """`figures`: (spec, png bytes) in order. `files_dir`: folder name of the PNG/SVG copies."""
    t = agg.totals
    parts = [
        "<h1>地域産業資源 レポート<br>",
        "<small>Intellectual Assets in Communities: report</small></h1>",
        _table(
            ["", "件数 / count"],
            [
                ["都道府県 / prefectures", t["prefectures"]],
                ["地域産業資源 / resources", t["resources"]],
                ["事業計画 / business plans", t["plans"]],
                ["支援事業計画 / support-project plans", t.get("support_plans", 0)],
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
        *about(prov),
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
        if spec.name == "timeline":
            header = ["都道府県 / prefecture", "年度 / fiscal year", "追加 / added"]
            header += ["解除 / removed", "年度末 / in force"]
            parts.append(
                "<details><summary>表 / table</summary>"
                + _table(header, timeline_rows(agg.timeline, agg.prefecture_names))
                + "</details>"
            )
        if spec.name == "top-resources":
            rows = [[label, pref, n] for _, label, pref, n in agg.top_resources]
            parts.append(
                _table(["資源 / resource", "都道府県 / prefecture", "計画 / plans"], rows, 2)
            )
        if spec.name == "ic-profile" and agg.ic_dimensions:
            rows = []
            for j in sorted(agg.ic_profile):
                n = agg.ic_items.get(j, 0)
                shares = [agg.ic_profile[j][d] / n if n else 0 for d in agg.ic_dimensions]
                rows.append([agg.prefecture_names.get(j, (j, j))[0], n, *map(_share, shares)])
            parts.append(
                "<details open><summary>表 / table (割合と n / shares and n)</summary>"
                + _table(["都道府県 / prefecture", "n", *agg.ic_dimensions], rows)
                + "</details>"
            )
            parts.append(
                '<p class="note"><strong>本プロジェクトの提案 / the project\'s proposal.</strong> '
                "区分・事業類型と知的資本の次元との対応 (オントロジーの iac:icDimension) は"
                "本プロジェクトが提案するもので、法令や公式統計の分類ではありません。 "
                "The mapping from categories "
                "and activity types to intellectual-capital dimensions (iac:icDimension in the "
                "ontology) is proposed by this project; it is not part of the Act or of official "
                "statistics. n is the number of resources and business plans behind each row's "
                "shares; an item mapped to k dimensions adds 1/k to each.</p>"
            )
    parts.append(
        '<p class="note">年度は4月から翌年3月まで。地図の白い斜線は 0 件、灰色はデータなし。'
        "地図の輪郭: japanmap パッケージ (Apache-2.0)、北海道と沖縄は挿入図。"
        "フォント: IPAexゴシック (IPAフォントライセンス v1.0、文書への埋め込み)。<br>"
        "Fiscal years (年度) run from April to March. On the maps, white hatched means 0, grey "
        "means no data. Map outlines: the japanmap package (Apache-2.0); Hokkaido and Okinawa "
        "are drawn as insets. Font: IPAex Gothic (IPA Font License v1.0), a subset embedded in "
        "this page.</p></body></html>"
    )
    body = "\n".join(parts)
    head = [
        "<!DOCTYPE html>",
        '<html lang="ja"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{TITLE}</title>",
        f"<style>{font_face_css(body + TITLE)}{STYLE}</style></head><body>",
    ]
    return "\n".join([*head, body])
