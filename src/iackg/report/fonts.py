"""A font that renders Japanese in matplotlib, without changing matplotlib's global settings.

First choice: IPAex Gothic shipped by the `matplotlib-fontja` package (IPA Font License). Found
by its file, not by importing the package (whose import rewrites matplotlib's rcParams). Falls
back to a system CJK font (Debian's fonts-noto-cjk) if one is installed.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from matplotlib import font_manager

from iackg.errors import IackgError

SYSTEM_FAMILIES = ("Noto Sans CJK JP", "IPAexGothic", "IPAGothic", "TakaoGothic")


@cache
def japanese_font_file() -> Path:
    """The file of the Japanese font the figures use (IPAex Gothic, else a system CJK font)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec and spec.submodule_search_locations:
        ttf = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
        if ttf.is_file():
            return ttf
    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in SYSTEM_FAMILIES:
        if family in by_name:
            return Path(by_name[family])
    raise IackgError(
        "no font that can draw Japanese: install the matplotlib-fontja package "
        "(pip install matplotlib-fontja) or Debian's fonts-noto-cjk"
    )


@cache
def japanese_font_family() -> str:
    """Register and return the family name of a Japanese-capable font."""
    path = japanese_font_file()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def rc() -> dict:
    """rcParams for `matplotlib.rc_context` in every report figure."""
    return {
        "font.family": [japanese_font_family(), "DejaVu Sans"],
        "svg.fonttype": "path",  # text as outlines: the SVG needs no font to view
        "svg.hashsalt": "iackg",  # stable ids, so the same data gives the same SVG
        "axes.unicode_minus": False,
    }
