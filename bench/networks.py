"""Benchmark: export every network view of a national-scale graph, and build its report.

    PYTHONPATH=src python bench/networks.py [--keep DIR] [--generator]

The graph comes from `iackg synth --scale national` built with `iackg.build.build`; with
--generator, from a generator in this file that writes the same data shape
(tests/data/contract-example.ttl) at the scale of domain.md: about 14,000 resources over the 47
prefectures (100 to 1,100 each), 1,800 plans using 1 to 4 resources, 2,500 enterprises, a third
of the plans joint. Prints one table; the target is under 30 s per view (all formats) and for
the report.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from iackg.export import VIEWS, build_view, read_records
from iackg.export.writers import FORMATS, write
from iackg.iris import Minter
from iackg.paths import ontology_files
from iackg.reference import reference_graph
from iackg.stats import compute
from iackg.store import open_store
from iackg.vocab import IAC

CATS = [
    (IAC.CatAgricultural, IAC.AgriculturalProduct, 0.30),
    (IAC.CatIndustrial, IAC.IndustrialProduct, 0.18),
    (IAC.CatTechnique, IAC.ProductionTechnique, 0.06),
    (IAC.CatTourism, IAC.TourismResource, 0.46),
]
ACTIVITY = {
    IAC.CatAgricultural: IAC.ActivityProducts,
    IAC.CatIndustrial: IAC.ActivityProducts,
    IAC.CatTechnique: IAC.ActivityTechnique,
    IAC.CatTourism: IAC.ActivityTourism,
}


def _date(year: int, month: int, day: int) -> Literal:
    return Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD.date)


def synthetic_graph(
    seed: int = 7, resources: int = 14000, plans: int = 1800, enterprises: int = 2500
) -> Graph:
    """A national-scale graph in the loader's data shape (illustrative, not real records)."""
    rnd = random.Random(seed)
    m = Minter()
    g = Graph()
    weights = [rnd.uniform(100, 1100) for _ in range(47)]
    weights[0] = 1100  # Hokkaido largest
    by_pref: dict[str, list[tuple[URIRef, URIRef]]] = {}
    for i in range(resources):
        jis = f"{rnd.choices(range(1, 48), weights)[0]:02d}"
        cat, cls, _ = rnd.choices(CATS, [c[2] for c in CATS])[0]
        name = f"資源{i:05d}"
        r, d = m.resource(jis, name), m.designation(jis, name)
        g.add((r, RDF.type, IAC.RegionalResource))
        g.add((r, RDF.type, cls))
        g.add((r, RDFS.label, Literal(name, lang="ja")))
        g.add((r, RDFS.label, Literal(f"Resource {i}", lang="en")))
        g.add((r, IAC.category, cat))
        year = 2007 if rnd.random() < 0.6 else rnd.randint(2008, 2020)
        on = _date(2007, 8, 31) if year == 2007 else _date(year, rnd.randint(1, 9), 1)
        g.add((d, RDF.type, IAC.Designation))
        g.add((d, IAC.designates, r))
        g.add((d, IAC.designatedBy, m.prefecture(jis)))
        g.add((d, IAC.designatedOn, on))
        g.add((d, IAC.validFrom, on))
        g.add((d, IAC.validUntil, _date(2020, 9, 30)))
        by_pref.setdefault(jis, []).append((r, cat))
    ents = []
    for i in range(enterprises):
        jis = f"{rnd.randint(1, 47):02d}"
        e = m.enterprise(None, jis, f"事業者{i}")
        g.add((e, RDF.type, IAC.Organization))
        g.add((e, RDF.type, IAC.Enterprise))
        g.add((e, RDFS.label, Literal(f"株式会社事業者{i:04d}", lang="ja")))
        g.add((e, IAC.locatedIn, m.prefecture(jis)))
        ents.append((jis, e))
    ents_by_pref: dict[str, list[URIRef]] = {}
    for jis, e in ents:
        ents_by_pref.setdefault(jis, []).append(e)
    prefs = sorted(by_pref)
    for i in range(plans):
        jis = rnd.choice(prefs)
        pid = f"P-{i:05d}"
        p = m.plan(jis, pid)
        year = rnd.randint(2007, 2020)
        g.add((p, RDF.type, IAC.BusinessPlan))
        g.add((p, RDFS.label, Literal(f"計画{i:05d}", lang="ja")))
        g.add((p, IAC.planId, Literal(pid)))
        g.add((p, IAC.planPrefecture, m.prefecture(jis)))
        # plans favour a few popular resources in their prefecture
        pool = by_pref[jis][: max(3, len(by_pref[jis]) // 10)]
        used = rnd.sample(pool, min(len(pool), rnd.choice([1, 1, 2, 2, 3, 4])))
        for r, _ in used:
            g.add((p, IAC.usesResource, r))
        g.add((p, IAC.activityType, ACTIVITY[used[0][1]]))
        g.add((p, IAC.validFrom, _date(year, 4, 1)))
        g.add((p, IAC.validUntil, _date(year + rnd.randint(3, 5), 3, 31)))
        local = ents_by_pref.get(jis) or [e for _, e in ents]
        for e in rnd.sample(local, min(len(local), 1 if rnd.random() < 0.67 else 3)):
            g.add((p, IAC.applicant, e))
        c = m.certification(jis, pid)
        g.add((c, RDF.type, IAC.Certification))
        g.add((c, IAC.certifies, p))
        g.add((c, IAC.certifiedOn, _date(year, 2, 15)))
    return g


def _with_ontology_and_reference(store):
    m = Minter()
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path)
    store.replace_graph(m.graph("ontology"), ontology)
    store.replace_graph(m.graph("reference"), reference_graph(m))
    return store


def national_store(folder: Path, generator: bool = False):
    """The national-scale store: `iackg synth --scale national` then `build()`, or (with
    --generator) this file's own generator."""
    if not generator:
        from iackg.build import build
        from iackg.cli import main

        inputs = folder / "synth"
        if main(["synth", "--scale", "national", "-o", str(inputs)]) != 0:
            raise SystemExit("iackg synth failed")
        result = build(inputs=[inputs], store=str(folder / "store"), keep_going=True)
        return result.store, "iackg synth --scale national + build()"
    store = _with_ontology_and_reference(open_store(folder / "store"))
    store.replace_graph(Minter().graph("source/bench"), synthetic_graph())
    return store, "bench generator (--generator)"


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="folder to keep the outputs in")
    parser.add_argument(
        "--generator",
        action="store_true",
        help="use this file's generator even if iackg synth is installed",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="iackg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    (store, origin), t_load = timed(national_store, work, args.generator)
    print(f"data: {origin}; {len(store)} quads loaded in {t_load:.1f} s")
    records, t_read = timed(read_records, store)
    print(
        f"read records by SPARQL: {t_read:.1f} s "
        f"({len(records.resources)} resources, {len(records.plans)} plans, "
        f"{len(records.enterprises)} enterprises)\n"
    )
    head = ["view", "nodes", "edges", "build", *FORMATS, "total*", "stats"]
    print(f"{head[0]:<24} | " + " | ".join(f"{h:>9}" for h in head[1:]))
    worst = 0.0
    for name in VIEWS:
        graph, t_build = timed(build_view, records, name)
        times = []
        for fmt in FORMATS:
            _, t = timed(write, graph, fmt, work / f"{name}.{fmt}")
            times.append(t)
        _, t_stats = timed(compute, graph)
        total = t_read + t_build + sum(times)
        worst = max(worst, total)
        cells = [
            graph.number_of_nodes(),
            graph.number_of_edges(),
            *(f"{t:.2f}" for t in (t_build, *times, total, t_stats)),
        ]
        print(f"{name:<24} | " + " | ".join(f"{c:>9}" for c in cells))
    from iackg.report import build_report

    _, t_report = timed(build_report, store, work / "report.html", source=origin)
    print("\n* total = reading the store + building the view + writing all five formats")
    print(f"report (read + 7 figures as PNG and SVG + HTML): {t_report:.1f} s")
    print(f"outputs in {work}")
    ok = worst < 30 and t_report < 30
    print("target (each under 30 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
