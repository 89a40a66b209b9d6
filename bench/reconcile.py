"""Benchmark: reconciliation accuracy and latency at national scale.

    PYTHONPATH=src python bench/reconcile.py [--scale 1] [--seed 3] [--queries 400]

Builds the synthetic national tables (about 13,000 resources) into memory, loads the
reconciliation index from the graph, then asks for name variants whose answer is known: each
variant is made from a resource's own name by one realistic rule (below) and carries the
resource's prefecture as a researcher's sheet would (a prefecture column, or the prefecture
written before the name). Prints top-1 accuracy per rule and overall (target >= 95 %) and the
latency of one query (median, p95, max; target p95 <= 50 ms). The synthetic graph has no kana
readings (ja-Hrkt) and no real English names, so kana-reading and romaji matching are exercised
in tests/reconcile, not here.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HALF = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)


OLD_FORMS = str.maketrans("沢辺高崎竜桜浜島広国焼", "澤邊髙﨑龍櫻濱嶋廣國燒")


def katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def half_width_katakana(text: str) -> str:
    """ﾏｸﾞﾛ for マグロ: NFKC's inverse for the kana a sheet typed in half width."""
    import unicodedata as ud

    table = {}
    for code in range(0xFF61, 0xFF9F + 1):
        char = chr(code)
        table[ud.normalize("NFKC", char)] = char
    out = []
    for c in katakana(text):
        if c in table:
            out.append(table[c])
            continue
        base = ud.normalize("NFD", c)
        if len(base) == 2 and base[0] in table:
            mark = "ﾞ" if base[1] == "\u3099" else "ﾟ"
            out.append(table[base[0]] + mark)
        else:
            out.append(c)
    return "".join(out)


def _kana_part(name: str) -> bool:
    return any("ぁ" <= c <= "ゖ" for c in name)


def variants(name: str, prefecture: str, rng: random.Random) -> list[tuple[str, str, bool]]:
    """(rule, text, prefecture given as a property filter) for one resource name."""
    out = [("as written", name, True)]
    if _kana_part(name):
        out.append(("kana in katakana", katakana(name), True))
        out.append(("half-width katakana", half_width_katakana(name), True))
        with_long = katakana(name)
        vowel_end = next((i for i, c in enumerate(with_long) if c in "アイウエオ"), None)
        if vowel_end is not None:
            out.append(
                (
                    "long vowel mark",
                    with_long[: vowel_end + 1] + "ー" + with_long[vowel_end + 1 :],
                    True,
                )
            )
    split = 2 if len(name) > 3 else 1
    out.append(("space inside", name[:split] + rng.choice((" ", "　", "・")) + name[split:], True))
    out.append(
        ("prefecture written before", f"{prefecture}{rng.choice(('', ' ', '　'))}{name}", False)
    )
    out.append(
        ("bracketed alias added", f"{name}（{rng.choice(('通称', '旧称', '特産品'))}）", True)
    )
    if "の" in name[1:-1]:
        out.append(("の dropped", name.replace("の", "", 1), True))
    else:
        out.append(("の inserted", name[:split] + "の" + name[split:], True))
    out.append(
        ("full width digits/latin", unicodedata.normalize("NFKC", name).translate(HALF), True)
    )
    old = name.translate(OLD_FORMS)
    if old != name:
        out.append(("old kanji form", old, True))
    out.append(("no prefecture given", name, False))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--queries", type=int, default=400, help="resources to vary")
    args = parser.parse_args()

    from iackg.build import build
    from iackg.reconcile.index import load
    from iackg.synth.tables import generate

    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        generate(Path(work), scale=args.scale, seed=0)
        tables = sorted(p for p in Path(work).iterdir() if p.suffix in (".csv", ".xlsx"))
        result = build(tables, "memory:", validate=False)
        built = time.perf_counter() - started
        started = time.perf_counter()
        index = load(result.store.select)
        loaded = time.perf_counter() - started

    resources = [e for e in index.entities.values() if e.type == "resource"]
    rng = random.Random(args.seed)
    sample = rng.sample(resources, min(args.queries, len(resources)))
    per_rule: dict[str, list[bool]] = {}
    namesakes = 0
    latencies: list[float] = []
    for entity in sample:
        (prefecture,) = sorted(entity.prefectures) or [""]
        pref_name = index.entities[prefecture].name if prefecture in index.entities else ""
        for rule, text, as_property in variants(entity.name, pref_name, rng):
            started = time.perf_counter()
            found = index.search(
                text, types=("resource",), prefecture=prefecture if as_property else None, limit=3
            )
            latencies.append((time.perf_counter() - started) * 1000)
            hit = bool(found) and found[0].entity.id == entity.id
            per_rule.setdefault(rule, []).append(hit)
            if rule == "no prefecture given" and not hit:
                namesakes += sum(c.entity.name == entity.name for c in found)

    print(
        f"graph: {len(index)} entities ({len(resources)} resources); "
        f"build {built:.1f} s, index load {loaded:.2f} s"
    )
    print(f"{'rule':28} {'queries':>8} {'top-1':>8}")
    total = [
        hit for rule, hits in per_rule.items() for hit in hits if rule != "no prefecture given"
    ]
    for rule, hits in per_rule.items():
        print(f"{rule:28} {len(hits):8d} {100 * sum(hits) / len(hits):7.1f}%")
    print(
        f"{'all with a prefecture':28} {len(total):8d} {100 * sum(total) / len(total):7.1f}%"
        "  (target >= 95 %)"
    )
    bare = per_rule["no prefecture given"]
    print(
        f"  misses without a prefecture: {bare.count(False)}, "
        f"namesakes in other prefectures among their candidates: {namesakes}"
    )
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"latency per query: median {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms, "
        f"max {latencies[-1]:.2f} ms  (target p95 <= 50 ms)"
    )
    sys.exit(0 if sum(total) / len(total) >= 0.95 and p95 <= 50 else 1)


if __name__ == "__main__":
    main()
