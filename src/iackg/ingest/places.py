"""Which municipality a cell means, looked up across the whole of Japan.

A cell may hold a name (`三浦市`, `神奈川県三浦市`, `西多摩郡奥多摩町`, `札幌市中央区`), a name with
the prefecture's list number glued in front (`54大島町`), or a local government code (`032093`,
or its five-digit body `03209`, or `32093` when a spreadsheet dropped the leading zero). Names are
looked up in the designating prefecture first, then anywhere in Japan when only one municipality
has that name. A code with a wrong check digit is kept as written (validation reports it: R06);
a municipality of another prefecture is that municipality (validation reports it: R05).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from iackg import reference
from iackg.reference import Municipality, lg_check_digit, valid_lg_code

_LIST_NUMBER = re.compile(r"^(?:No\.?|№)?\s*\d{1,4}\s*[.．:：)）]?\s*(?=\D)")
_DISTRICT = re.compile(r"^.{1,6}?郡(?=.+[町村]$)")


@dataclass(frozen=True)
class Place:
    """What a cell resolved to. `municipality` None: not in the reference (kept by name);
    `bad_code`: six digits whose check digit is wrong (kept as written)."""

    text: str
    municipality: Municipality | None = None
    bad_code: str = ""
    how: str = ""  # "code", "name", "name elsewhere in Japan", ...


def _digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _by_code(digits: str) -> Place | None:
    if len(digits) == 6:
        if not valid_lg_code(digits):
            return Place(digits, bad_code=digits, how="code with a wrong check digit")
        found = reference.municipality_by_code(digits)
        return Place(digits, found, how="code") if found else None
    candidates = []
    if len(digits) == 5:  # a five-digit body, or six digits whose leading zero was dropped
        candidates = ["0" + digits, digits + lg_check_digit(digits)]
    elif len(digits) == 4:  # a body whose leading zero was dropped
        body = "0" + digits
        candidates = [body + lg_check_digit(body)]
    for code in candidates:
        found = reference.municipality_by_code(code) if valid_lg_code(code) else None
        if found:
            return Place(digits, found, how="code")
    return None


def _in_prefecture(jis: str, name: str, on: str | None) -> Municipality | None:
    found = reference.find_municipality(jis, name, on)
    if found is None:
        own = reference.prefecture_by_jis(jis).name_ja
        if name.startswith(own) and len(name) > len(own):
            found = reference.find_municipality(jis, name[len(own) :], on)
    if found is None and _DISTRICT.match(name):
        found = reference.find_municipality(jis, _DISTRICT.sub("", name), on)
    return found


def _elsewhere(name: str, on: str | None) -> Municipality | None:
    for prefecture in reference.prefectures():  # 北海道札幌市 names its prefecture
        if name.startswith(prefecture.name_ja) and len(name) > len(prefecture.name_ja):
            found = _in_prefecture(prefecture.jis, name[len(prefecture.name_ja) :], on)
            if found:
                return found
    matches = reference.find_municipalities_anywhere(name)
    if on:
        matches = tuple(m for m in matches if m.valid_on(on)) or matches
    return matches[0] if len(matches) == 1 else None


@lru_cache(maxsize=65536)
def resolve(jis: str, text: str, on: str | None = None) -> Place:
    """The municipality a cell of prefecture `jis`'s list means (`on`: the list's date)."""
    digits = _digits(text)
    if re.fullmatch(r"\d{4,6}", digits):
        by_code = _by_code(digits)
        if by_code:
            return by_code
    found = _in_prefecture(jis, text, on)
    if found:
        return Place(text, found, how="name")
    unnumbered = _LIST_NUMBER.sub("", _digits(text))
    if unnumbered != _digits(text):
        found = _in_prefecture(jis, unnumbered, on)
        if found:
            return Place(text, found, how="name after the list number")
    found = _elsewhere(unnumbered, on)
    if found:
        return Place(text, found, how="name elsewhere in Japan")
    return Place(unnumbered or text, how="unknown")
