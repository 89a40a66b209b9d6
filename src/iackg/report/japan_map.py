"""Choropleth maps of Japan's 47 prefectures, drawn offline from the `japanmap` package's outlines.

`japanmap` (Apache-2.0) ships prefecture boundaries as longitude/latitude polylines; Hokkaido and
Okinawa are moved closer to Honshu as insets (the package's own layout). Each prefecture is one
matplotlib patch whose gid is its ISO code (`JP-14`), so tests and SVG readers can find it.
"""

from __future__ import annotations

import math
from functools import cache

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.patches import Polygon

from iackg.errors import IackgError

NO_DATA = "#dddddd"


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
    values: dict[str, float],
    *,
    cmap: str = "YlOrRd",
    title: str = "",
    colorbar: bool = True,
) -> dict[str, tuple[float, float, float, float]]:
    """Colour each prefecture by `values[jis]` (0 = lightest, max = darkest); return the colours.

    Prefectures missing from `values` are grey (no data).
    """
    top = max(values.values(), default=0) or 1
    norm = Normalize(vmin=0, vmax=top)
    colours = colormaps[cmap]
    drawn = {}
    for jis, outline in prefecture_outlines().items():
        face = colours(norm(values[jis])) if jis in values else NO_DATA
        patch = Polygon(outline, closed=True, facecolor=face, edgecolor="#555555", linewidth=0.3)
        patch.set_gid(f"JP-{jis}")
        ax.add_patch(patch)
        drawn[jis] = patch.get_facecolor()
    ax.autoscale_view()
    ax.set_aspect(1 / math.cos(math.radians(36)))  # degrees of longitude are shorter
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    if colorbar:
        mappable = ScalarMappable(norm=norm, cmap=colours)
        ax.figure.colorbar(mappable, ax=ax, shrink=0.6, pad=0.01)
    return drawn


def luminance(rgba: tuple[float, float, float, float]) -> float:
    """Relative luminance (ITU-R BT.709) of a colour: lower is darker."""
    r, g, b = rgba[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
