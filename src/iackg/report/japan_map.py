"""Choropleth maps of Japan's 47 prefectures, drawn offline from the `japanmap` package's outlines.

`japanmap` (Apache-2.0) ships prefecture boundaries as longitude/latitude polylines; Hokkaido and
Okinawa are moved closer to Honshu as insets (the package's own layout). A prefecture with a
count of 0 (white, hatched) never looks like one with no data (grey). Each prefecture is one
matplotlib patch whose gid is its ISO code (`JP-14`), so tests and SVG readers can find it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgba
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import MaxNLocator

from iackg.errors import IackgError

NO_DATA = "#bbbbbb"  # grey: the prefecture is not in the data
ZERO = "#ffffff"  # white, hatched: in the data, with none
ZERO_HATCH = "////"


@cache
def prefecture_outlines() -> dict[str, list[tuple[float, float]]]:
    """JIS code ('01'..'47') -> outline as (longitude, latitude) points."""
    try:
        import japanmap
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise IackgError(
            "the report's map needs the japanmap package (Python 3.11+): pip install japanmap"
        ) from exc
    points = japanmap.pref_points()
    return {f"{i + 1:02d}": [(float(x), float(y)) for x, y in pts] for i, pts in enumerate(points)}


def draw_choropleth(
    ax: Axes,
    values: Mapping[str, float],
    *,
    cmap: str = "YlOrRd",
    title: str = "",
    colorbar: bool = True,
    vmax: float | None = None,
    legend: bool = True,
) -> dict[str, tuple[float, float, float, float]]:
    """Colour each prefecture by `values[jis]` (darker is more, up to `vmax`, by default the
    largest value: give several maps the same `vmax` to share one scale); return the colours.

    A prefecture whose value is 0 is white and hatched ("none"); one missing from `values` is
    grey ("no data"), so the two never look alike.
    """
    top = scale_top(values, vmax)
    norm = Normalize(vmin=0, vmax=top)
    colours = colormaps[cmap]
    drawn = {}
    for jis, outline in prefecture_outlines().items():
        value = values.get(jis)
        face = NO_DATA if value is None else ZERO if value == 0 else colours(norm(value))
        patch = Polygon(outline, closed=True, facecolor=face, edgecolor="#555555", linewidth=0.3)
        if value == 0:
            patch.set_hatch(ZERO_HATCH)
        patch.set_gid(f"JP-{jis}")
        ax.add_patch(patch)
        drawn[jis] = to_rgba(face)
    ax.autoscale_view()
    ax.set_aspect(1 / math.cos(math.radians(36)))  # degrees of longitude are shorter
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    if legend:
        ax.legend(handles=key_patches(), loc="lower right", fontsize=7, frameon=False)
    if colorbar:
        add_colorbar(ax.figure, [ax], top, cmap, integer=_all_integers(values))
    return drawn


def scale_top(values: Mapping[str, float], vmax: float | None = None) -> float:
    return vmax if vmax else (max(values.values(), default=0) or 1)


def key_patches() -> list[Patch]:
    """Legend entries for the two colours that carry no count."""
    return [
        Patch(facecolor=ZERO, edgecolor="#555555", hatch=ZERO_HATCH, label="0 件 / none"),
        Patch(facecolor=NO_DATA, edgecolor="#555555", label="データなし / no data"),
    ]


def add_colorbar(figure, axes: list[Axes], top: float, cmap: str, *, integer: bool = True):
    """One colour bar for `axes` (a shared scale), with whole-number ticks for counts."""
    mappable = ScalarMappable(norm=Normalize(vmin=0, vmax=top), cmap=colormaps[cmap])
    bar = figure.colorbar(mappable, ax=axes, shrink=0.6, pad=0.01)
    if integer:
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    return bar


def _all_integers(values: Mapping[str, float]) -> bool:
    return all(float(v).is_integer() for v in values.values())


def luminance(rgba: tuple[float, float, float, float]) -> float:
    """Relative luminance (ITU-R BT.709) of a colour: lower is darker."""
    r, g, b = rgba[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
