"""Dates as prefectural tables write them: ISO, slashes, and Japanese era (和暦) forms.

Accepted: `2007-08-31`, `2007/8/31`, `2007年8月31日`, `平成19年8月31日`,
`平成元年1月8日`, `H19.8.31`, `R2.8.25`, `Ｈ１９．８．３１`, `令和元年5月1日`
(full-width digits and letters are normalised first).
Rejected with a reason: a day that does not exist (2月30日), and an era year that does not exist
on that day (平成31年5月1日 is Reiwa; 令和元年4月30日 is still Heisei).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    name_ja: str
    letter: str
    first_day: dt.date  # the first day of the era
    base_year: int  # Gregorian year of the era's year 1 (元年)


# Year numbering counts each era's first calendar year as year 1 (元年); Meiji is taken to begin on
# 1868-10-23 (Gregorian), the standard start date, so earlier 明治元年 dates are rejected.
ERAS = (
    Era("明治", "M", dt.date(1868, 10, 23), 1868),
    Era("大正", "T", dt.date(1912, 7, 30), 1912),
    Era("昭和", "S", dt.date(1926, 12, 25), 1926),
    Era("平成", "H", dt.date(1989, 1, 8), 1989),
    Era("令和", "R", dt.date(2019, 5, 1), 2019),
)
_BY_KEY = {e.name_ja: e for e in ERAS} | {e.letter: e for e in ERAS}
_BY_KEY |= {e.name_ja[0]: e for e in ERAS}  # 「平」「令」 one-character forms


class DateError(ValueError):
    """A date string that cannot be read, with a reason in Japanese and English."""

    def __init__(self, message_ja: str, message_en: str):
        super().__init__(message_en)
        self.message_ja = message_ja
        self.message_en = message_en


_ERA = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR明大昭平令])\s*(?P<year>\d{1,2}|元)\s*"
    r"(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?"
    r"|[./\-]\s*(?P<m2>\d{1,2})\s*[./\-]\s*(?P<d2>\d{1,2}))$"
)
_WESTERN = re.compile(
    r"^(?P<year>\d{4})\s*(?:[-/.]\s*(?P<m1>\d{1,2})\s*[-/.]\s*(?P<d1>\d{1,2})"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?)$"
)
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(?::00)?$")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().upper()
    return text.replace("．", ".").replace("。", ".")


def _make(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"存在しない日付です: {original}", f"no such date: {original!r}") from None


def parse_date(text: str) -> dt.date:
    """Read one date; raise DateError (ja and en message) when it is malformed or impossible."""
    original = text
    text = _normalise(text)
    if not text:
        raise DateError("日付が空です", "the date is empty")
    match = _DATETIME.match(text)  # what spreadsheets make of a date cell
    if match:
        text = match.group(1)
    match = _WESTERN.match(text)
    if match:
        month = match.group("m1") or match.group("m2")
        day = match.group("d1") or match.group("d2")
        return _make(int(match.group("year")), int(month), int(day), original)
    match = _ERA.match(text)
    if not match:
        raise DateError(
            f"日付として読めません（例: 2007-08-31、平成19年8月31日、H19.8.31）: {original}",
            f"not a date (e.g. 2007-08-31, 平成19年8月31日, H19.8.31): {original!r}",
        )
    era = _BY_KEY[match.group("era")]
    year_text = match.group("year")
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year < 1:
        raise DateError(
            f"元号の年は1以上です: {original}", f"an era year starts at 1: {original!r}"
        )
    month = int(match.group("m1") or match.group("m2"))
    day = int(match.group("d1") or match.group("d2"))
    date = _make(era.base_year + era_year - 1, month, day, original)
    following = ERAS[ERAS.index(era) + 1] if era is not ERAS[-1] else None
    if date < era.first_day:
        raise DateError(
            f"{era.name_ja}は{era.first_day.isoformat()}からです。{original}は存在しません",
            f"{era.name_ja} ({era.letter}) began on {era.first_day}; {original!r} does not exist",
        )
    if following and date >= following.first_day:
        raise DateError(
            f"{following.first_day.isoformat()}以降は{following.name_ja}です。{original}は存在しません",
            f"{era.name_ja} ({era.letter}) ended before {following.first_day} "
            f"({following.name_ja} began); {original!r} does not exist",
        )
    return date


def to_era(date: dt.date, style: str = "kanji") -> str:
    """Write a date in the era calendar: 'kanji' 平成19年8月31日 (元年 for year 1) or
    'letter' H19.8.31."""
    era = next(e for e in reversed(ERAS) if date >= e.first_day)
    year = date.year - era.base_year + 1
    if style == "letter":
        return f"{era.letter}{year}.{date.month}.{date.day}"
    year_text = "元" if year == 1 else str(year)
    return f"{era.name_ja}{year_text}年{date.month}月{date.day}日"
