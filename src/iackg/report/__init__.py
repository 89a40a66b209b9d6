"""`build_report(store, "report.html")`: a self-contained HTML report with maps and charts, and
each figure as PNG and SVG in a folder beside it (`report_files/`). The report says when it was
made, from which source files (SHA-256), by which iackg, under which licence and with which
出典 lines (`iackg.report.provenance`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from iackg.export.records import Records, read_records
from iackg.export.views import resource_co_use
from iackg.report.aggregates import Aggregates, aggregate
from iackg.report.figures import DPI, FIGURES, FigureSpec
from iackg.report.fonts import rc
from iackg.report.html import render
from iackg.report.provenance import Provenance, read_provenance
from iackg.store import Store

__all__ = ["FIGURES", "Provenance", "Report", "build_report", "draw_figure", "read_provenance"]


@dataclass
class Report:
    html: Path
    pngs: dict[str, Path]
    svgs: dict[str, Path]
    aggregates: Aggregates
    provenance: Provenance


def draw_figure(spec: FigureSpec, agg: Aggregates, co_use) -> Figure:
    """One figure of the report, drawn with a Japanese font (call inside `rc_context(rc())`)."""
    fig = Figure(figsize=spec.size, dpi=DPI, layout="constrained")
    spec.draw(fig, agg, co_use)
    return fig


def build_report(
    store: Store | Records,
    output: str | Path = "report.html",
    *,
    source: str = "",
    provenance: Provenance | None = None,
) -> Report:
    """Write the report to `output` and its figures to `{output stem}_files/`.

    Given records instead of a store, pass `provenance` (`read_provenance(store)`) so that the
    report can name its source files."""
    records = store if isinstance(store, Records) else read_records(store)
    if provenance is None:
        provenance = read_provenance(None if isinstance(store, Records) else store, location=source)
    output = Path(output)
    files = output.parent / f"{output.stem}_files"
    files.mkdir(parents=True, exist_ok=True)
    agg = aggregate(records)
    co_use = resource_co_use(records)
    drawn, pngs, svgs = [], {}, {}
    with matplotlib.rc_context(rc()):
        for spec in FIGURES:
            fig = draw_figure(spec, agg, co_use)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI)
            png = buffer.getvalue()
            pngs[spec.name] = files / f"{spec.name}.png"
            pngs[spec.name].write_bytes(png)
            svgs[spec.name] = files / f"{spec.name}.svg"
            fig.savefig(svgs[spec.name], format="svg", metadata={"Date": None})
            drawn.append((spec, png))
    output.write_text(render(agg, drawn, files.name, provenance), encoding="utf-8")
    return Report(output, pngs, svgs, agg, provenance)
