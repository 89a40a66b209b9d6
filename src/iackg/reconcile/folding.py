"""Matching keys for names: the original strings stay as given, only keys are folded.

- NFKC folds full and half width (ＡＢＣ, ｶﾀｶﾅ) and compatibility forms;
- old kanji forms become the usual ones (澤→沢, 髙→高, 﨑→崎, 燒→焼);
- katakana become hiragana, small kana become full-size (ぁ→あ, っ→つ, ゃ→や), the long vowel
  mark ー and punctuation (・、「」 brackets, spaces, hyphens) are dropped, so ゆうばりメロン,
  ユウバリ・メロン and ﾕｳﾊﾞﾘﾒﾛﾝ share one key;
- kana readings also get a Hepburn romaji key with long vowels collapsed (ou, oo, uu, ō → o, u),
  so Yubari melon, yuubari meron and ゆうばりめろん meet; English labels are folded the same way.
"""

from __future__ import annotations

import re
import unicodedata

# old and variant kanji forms (旧字体・異体字) common in place and product names -> the usual form
_ITAIJI = str.maketrans(
    "澤邊邉髙﨑嵜龍櫻濱嶋廣國齋齊眞冨槇藏瀧龜惠圓德黑壽條會舘燒鐵驛淺縣實",
    "沢辺辺高崎崎竜桜浜島広国斎斉真富槙蔵滝亀恵円徳黒寿条会館焼鉄駅浅県実",
)
_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_DROP = re.compile(
    r"[\s\u30fc\u2015\u2010-\u2014\u2212\-_・･·、。,.「」『』【】〔〕()\[\]{}<>〈〉《》"
    r"\"'’‘“”!?！？〜~:;/]+"
)
_BRACKETED = re.compile(r"[（(「『【〔][^）)」』】〕]*[）)」』】〕]")

# Hepburn romaji of hiragana; two-kana combinations first (longest match wins).
_ROMAJI_PAIRS = {
    "きゃ": "kya",
    "きゅ": "kyu",
    "きょ": "kyo",
    "しゃ": "sha",
    "しゅ": "shu",
    "しょ": "sho",
    "ちゃ": "cha",
    "ちゅ": "chu",
    "ちょ": "cho",
    "にゃ": "nya",
    "にゅ": "nyu",
    "にょ": "nyo",
    "ひゃ": "hya",
    "ひゅ": "hyu",
    "ひょ": "hyo",
    "みゃ": "mya",
    "みゅ": "myu",
    "みょ": "myo",
    "りゃ": "rya",
    "りゅ": "ryu",
    "りょ": "ryo",
    "ぎゃ": "gya",
    "ぎゅ": "gyu",
    "ぎょ": "gyo",
    "じゃ": "ja",
    "じゅ": "ju",
    "じょ": "jo",
    "びゃ": "bya",
    "びゅ": "byu",
    "びょ": "byo",
    "ぴゃ": "pya",
    "ぴゅ": "pyu",
    "ぴょ": "pyo",
}
_HEPBURN = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no "
    "ha hi fu he ho ma mi mu me mo ya yu yo ra ri ru re ro wa o n ga gi gu ge go "
    "za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po vu"
)
_ROMAJI = dict(
    zip(
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよ"
        "らりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔ",
        _HEPBURN.split(),
        strict=True,
    )
)
_LONG = ((re.compile(r"ou|oo"), "o"), (re.compile(r"uu"), "u"), (re.compile(r"ei"), "e"))


def hiragana(text: str) -> str:
    """Katakana as hiragana (other characters unchanged)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def fold(text: str) -> str:
    """The matching key of a name: width, case, kana script, small kana, ー and punctuation
    folded away."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = hiragana(text).translate(_SMALL).translate(_ITAIJI)
    return _DROP.sub("", text)


def without_brackets(text: str) -> str:
    """The name with bracketed aliases removed: 有田焼（伊万里焼） → 有田焼."""
    return _BRACKETED.sub("", text)


def bracketed(text: str) -> list[str]:
    """The aliases in brackets: 有田焼（伊万里焼） → [伊万里焼]."""
    return [m.group(0)[1:-1] for m in _BRACKETED.finditer(text) if len(m.group(0)) > 2]


def is_kana(text: str) -> bool:
    key = fold(text)
    return bool(key) and all("ぁ" <= c <= "ゖ" or c == "ー" for c in key)


def romaji(kana: str) -> str:
    """Hepburn romaji of a kana reading (っ doubles the next consonant, ん stays n)."""
    text = hiragana(unicodedata.normalize("NFKC", kana)).replace("ー", "")
    out: list[str] = []
    index, double = 0, False
    while index < len(text):
        pair, char = text[index : index + 2], text[index]
        if char == "っ":
            double, index = True, index + 1
            continue
        if pair in _ROMAJI_PAIRS:
            piece, index = _ROMAJI_PAIRS[pair], index + 2
        else:
            piece, index = _ROMAJI.get(char, char), index + 1
        if double and piece and piece[0].isalpha():
            piece = ("t" if piece.startswith("ch") else piece[0]) + piece
        double = False
        out.append(piece)
    return latin_key("".join(out))


def latin_key(text: str) -> str:
    """The key of a Latin-script name: macrons and accents dropped, long vowels collapsed,
    spaces and punctuation removed (Yūbari Melon → yubarimelon, Yuubari → yubari)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^a-z0-9]+", "", text)
    for pattern, short in _LONG:
        text = pattern.sub(short, text)
    return text.replace("l", "r")  # melon / meron


def is_latin(text: str) -> bool:
    return bool(re.fullmatch(r"[\sA-Za-z0-9\-'.,&()\u00c0-\u024f\u1e00-\u1eff]+", text.strip()))


def keys(text: str) -> set[str]:
    """Every key a name is found by: its fold, the fold without bracketed aliases, and for
    Latin script or kana the romaji key."""
    found = {fold(text), fold(without_brackets(text))}
    found.update(fold(alias) for alias in bracketed(text))
    found.update(key.replace("の", "") for key in list(found) if "の" in key[1:-1])
    if is_latin(text):
        found.add(latin_key(text))
    elif is_kana(text):
        found.add(romaji(text))
    found.discard("")
    return found


def query_key(text: str) -> str:
    """The key a query is looked up by (romaji when the query is in Latin script; the linking
    の dropped, as names are indexed both with and without it)."""
    if is_latin(text):
        return latin_key(text)
    key = fold(text)
    return key[0] + key[1:-1].replace("の", "") + key[-1] if len(key) > 2 else key


def bigrams(key: str) -> set[str]:
    if len(key) < 2:
        return {key} if key else set()
    return {key[i : i + 2] for i in range(len(key) - 1)}
