"""The one rule for a cell that lists names (products, resources, municipalities, applicants).

Names are separated by 、 ・ , ， or a line break, never inside brackets (（）()「」『』【】[]),
and a run of parts that together make a name in `whole_names` stays one name: わかめ・昆布,
designated as one resource, is not split, while 浄法寺塗、秀衡塗 is two products.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from iackg.iris import normalise

_SEPARATORS = re.compile(r"[、・,，\r\n]")
_OPEN = "（(「『【["
_CLOSE = "）)」』】]"


def _parts(text: str) -> list[tuple[str, str]]:
    """(part, separator that follows it) at bracket depth zero."""
    parts: list[tuple[str, str]] = []
    depth = 0
    current = ""
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        if depth == 0 and _SEPARATORS.fullmatch(char):
            parts.append((current, char))
            current = ""
        else:
            current += char
    parts.append((current, ""))
    return parts


def _clean(text: str) -> str:
    return text.strip().strip("\u3000").strip()


def _run(parts: list[tuple[str, str]], first: int, last: int) -> str:
    """Parts first..last joined with the separators between them, as written."""
    return "".join(p + sep for p, sep in parts[first:last]) + parts[last][0]


def split_names(text: str, whole_names: Collection[str] = ()) -> list[str]:
    """The names in one cell, each as written (blanks dropped); see the module text."""
    # A set or mapping (the loader's names of designated resources, thousands of them) is
    # looked up as given, by the candidate as written and normalised, so that a row costs no
    # pass over it; a list or tuple is normalised here.
    wholes = (
        whole_names
        if isinstance(whole_names, (set, frozenset, Mapping))
        else {normalise(name) for name in whole_names}
    )
    parts = _parts(text or "")
    names: list[str] = []
    first = 0
    while first < len(parts):
        last = first  # the longest run of parts from `first` that is a whole name
        for candidate in range(first + 1, len(parts)):
            written = _clean(_run(parts, first, candidate))
            if written in wholes or normalise(written) in wholes:
                last = candidate
        name = _clean(_run(parts, first, last))
        if name:
            names.append(name)
        first = last + 1
    return names
