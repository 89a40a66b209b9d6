"""Several names in one cell: the one splitting rule for resource, municipality, plan and
technique cells.

Prefectures write lists of names into one cell separated by 、 ・ , ， ; or line breaks. A name may
itself hold one of those characters: inside brackets (`あわび（黒・赤）`, `「桜、梅」の里`) it
never splits, and a name designated as a whole (`whole_names`, e.g. `松阪牛・伊賀牛` when that is
one designated resource) is kept whole. Original strings are kept (only surrounding blanks go);
whole names are compared after NFKC and removing blanks, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Collection

from iackg.iris import normalise

SEPARATORS = frozenset("、・,，;；\n\r")
OPENERS = "（(「『【［[〔〈《｛{"
CLOSERS = "）)」』】］]〕〉》｝}"
_BLANKS = " \t\u3000"


def _segments(text: str) -> list[tuple[str, str]]:
    """(segment, separator after it) pairs; separators inside brackets belong to the segment."""
    out: list[tuple[str, str]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth = max(0, depth - 1)
        elif char in SEPARATORS and depth == 0:
            out.append((text[start:index], char))
            start = index + 1
    out.append((text[start:], ""))
    return out


def split_names(text: str, whole_names: Collection[str] = ()) -> list[str]:
    """The names in one cell, in order, blanks dropped.

    >>> split_names("鯛、あわび（黒、赤）・ひじき")
    ['鯛', 'あわび（黒、赤）', 'ひじき']
    >>> split_names("松阪牛・伊賀牛、鮎", whole_names={"松阪牛・伊賀牛"})
    ['松阪牛・伊賀牛', '鮎']
    """
    if not text:
        return []
    segments = _segments(text)
    wholes = {normalise(w) for w in whole_names}
    names: list[str] = []
    index = 0
    while index < len(segments):
        taken = 1
        if wholes:  # the longest run of segments that is a whole designated name
            for end in range(len(segments), index + 1, -1):
                joined = "".join(s + sep for s, sep in segments[index : end - 1])
                joined += segments[end - 1][0]
                if normalise(joined) in wholes:
                    taken = end - index
                    names.append(joined.strip(_BLANKS))
                    break
        if taken == 1:
            names.append(segments[index][0].strip(_BLANKS))
        index += taken
    return [n for n in names if n]
