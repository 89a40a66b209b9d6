"""The report's own font: a subset of the font the figures use (IPAex Gothic, IPA Font License
v1.0, which allows embedding in documents), holding just the characters the page shows, embedded
as a WOFF data URL, so the HTML renders Japanese on a machine with no CJK font installed and
still fetches nothing."""

from __future__ import annotations

import base64
import io

from iackg.report.fonts import japanese_font_file

FAMILY = "iackg-ja"


def subset_woff(characters: str) -> bytes:
    """A WOFF font with the glyphs of `characters` (those the font has) and nothing else."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the font's names and licence notice
    options.notdef_outline = True
    font = TTFont(str(japanese_font_file()))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    font.flavor = "woff"  # zlib-compressed; WOFF2 would need brotli
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def font_face_css(page_text: str) -> str:
    """`@font-face` for `FAMILY` covering the non-ASCII characters of `page_text` (ASCII comes
    from the reader's own sans-serif font)."""
    characters = "".join(sorted({c for c in page_text if ord(c) > 0x7F and not c.isspace()}))
    data = base64.b64encode(subset_woff(characters or "あ")).decode("ascii")
    return (
        f"@font-face{{font-family:{FAMILY};src:url(data:font/woff;base64,{data}) format('woff')}}"
    )
