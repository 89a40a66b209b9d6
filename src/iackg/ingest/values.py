"""Cell values: clean text, lists in one cell, amounts of money, counts, booleans."""

from __future__ import annotations

import re
import unicodedata

from iackg.ingest.namelist import split_names

_DIGITS = re.compile(r"^\d+$")
_MONEY = re.compile(
    r"^(?:(?P<oku>\d+(?:\.\d+)?)億)?(?:(?P<man>\d+(?:\.\d+)?)万)?(?P<rest>\d+)?円?$"
)


class ValueProblem(ValueError):
    """A cell value that cannot be read, with a reason in Japanese and English."""

    def __init__(self, message_ja: str, message_en: str):
        super().__init__(message_en)
        self.message_ja = message_ja
        self.message_en = message_en


def clean(text: object) -> str:
    """A cell as text without surrounding spaces (ASCII or 全角); None becomes ''."""
    if text is None:
        return ""
    return str(text).strip().strip("\u3000").strip()


def split_list(text: str) -> list[str]:
    """Names in one cell separated by 、 ， , ・ ; or line breaks, never inside brackets
    (original strings kept, blanks dropped); see `iackg.ingest.namelist.split_names`, which
    this extends with the semicolons our templates have always accepted."""
    return split_names(text.replace(";", "、").replace("；", "、") if text else text)


def _fold(text: str) -> str:
    return re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", text))


def parse_yen(text: str) -> int:
    """An amount in yen: `10000000`, `10,000,000`, `１０，０００，０００円`, `1000万円`,
    `3億円`, `1億2000万円`."""
    folded = _fold(text)
    match = _MONEY.match(folded) if folded else None
    if not match or not any(match.group(g) for g in ("oku", "man", "rest")):
        raise ValueProblem(
            f"金額として読めません（例: 10000000、1,000万円、3億円）: {text}",
            f"not an amount in yen (e.g. 10000000, 1,000万円, 3億円): {text!r}",
        )
    oku = float(match.group("oku") or 0)
    man = float(match.group("man") or 0)
    if (
        match.group("rest")
        and (match.group("oku") or match.group("man"))
        and len(match.group("rest")) > 4
    ):
        raise ValueProblem(f"金額として読めません: {text}", f"not an amount in yen: {text!r}")
    total = oku * 100_000_000 + man * 10_000 + int(match.group("rest") or 0)
    if total != int(total):
        raise ValueProblem(f"1円未満の端数があります: {text}", f"fractions of a yen: {text!r}")
    return int(total)


def parse_count(text: str) -> int:
    """A whole number such as an employee count: `25`, `２５`, `1,200`, `25人`, `25名`."""
    folded = _fold(text).removesuffix("人").removesuffix("名")
    if not _DIGITS.match(folded):
        raise ValueProblem(
            f"0以上の整数ではありません: {text}", f"not a whole number (0 or more): {text!r}"
        )
    return int(folded)


_TRUE = {"true", "yes", "y", "1", "はい", "○", "〇", "◯", "有"}
_FALSE = {"false", "no", "n", "0", "いいえ", "×", "無", "-"}


def parse_bool(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueProblem(
        f"真偽値ではありません（true/false）: {text}", f"not a yes/no value (true/false): {text!r}"
    )


def corporate_number_ok(number: str) -> bool:
    """The 法人番号 check digit: first digit = 9 - (Σ digit × weight) % 9, weights 1,2,1,2…
    from the right end of the other 12 digits."""
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        return False
    body = number[1:]
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(body)))
    return int(number[0]) == 9 - total % 9


def with_check_digit(body12: str) -> str:
    """The 13-digit corporate number for a 12-digit body (for synthetic and sample data)."""
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(body12)))
    return f"{9 - total % 9}{body12}"


def ascii_digits(text: str) -> str:
    """NFKC (全角 → 半角) with spaces and hyphens removed: for codes and corporate numbers."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))
