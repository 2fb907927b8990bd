"""Ledger ingest+merge throughput: synthetic mentions into a temporary SQLite file.

    .venv/bin/python benchmarks/ledger.py                 # 10k, 50k, 100k mentions
    .venv/bin/python benchmarks/ledger.py --sizes 5000 --batch 500

Each size runs in a fresh subprocess (so peak RSS is that size's own; "(ledger)" is the
peak above what holding the generated input already took). The synthetic
world: 2,000 places over ~20x40 degrees, 40 of them hot spots that get a quarter of all
incidents (so some places are hit on consecutive days), two years of dates, 8 actor
pairs; each incident is reported by 1-4 articles with jittered coordinates, alternative
spellings, a one-day date slip now and then, and revised counts; 5 % of articles recall an
old incident a month later. Articles are ingested in publication order, ``--batch``
articles per ``Ledger.ingest`` call (one transaction each).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from contested.ledger import Ledger
from contested.records import Actor, Article, Claim, Event, Extraction, Place

TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]
SIDES = [("Military Forces of A", "AA", "state_forces"), ("Military Forces of B", "BB", "state_forces"),
         ("Rebels of C", "AA", "rebel_group"), ("Militia of D", "BB", "political_militia")]
CIVS = [("Civilians (A)", "AA", "civilians"), ("Civilians (B)", "BB", "civilians")]
SOURCES = [("Government of A", "AA", "government"), ("Government of B", "BB", "government"),
           ("City Hospital", "AA", "medical"), ("Relief Agency", None, "international_org"),
           ("Monitor Group", None, "ngo"), ("Local witnesses", "BB", "witnesses")]


def world(seed: int = 7) -> list[tuple[str, float, float, str]]:
    rng = random.Random(seed)
    return [(f"Town{i}", round(rng.uniform(30, 50), 4), round(rng.uniform(20, 60), 4),
             "AA" if i % 2 else "BB") for i in range(2000)]


def articles(n_mentions: int, seed: int = 1, span_days: int | None = None):
    """(Article, Extraction) pairs in publication order, about n_mentions events in all."""
    for art, ext, _ in labelled_articles(n_mentions, seed, span_days):
        yield art, ext


def labelled_articles(n_mentions: int, seed: int = 1, span_days: int | None = None):
    """Like ``articles``, each with the true incident number of each of its events."""
    rng = random.Random(seed)
    places = world()
    start = date(2020, 1, 1)
    reports: list[tuple[date, int, Event]] = []
    k = 0
    while len(reports) < n_mentions:
        k += 1
        name, lat, lon, cc = places[rng.randrange(40)] if rng.random() < 0.25 else rng.choice(places)
        day = start + timedelta(days=rng.randrange(span_days or 730))
        etype, sub = rng.choice(TYPES)
        a1 = rng.choice(SIDES)
        a2 = rng.choice(CIVS) if etype != "Battles" else rng.choice(SIDES)
        toll = rng.choice([None, None, rng.randrange(1, 40)])
        for r in range(rng.choice([1, 1, 2, 2, 3, 4])):
            d = day + timedelta(days=1) if rng.random() < 0.08 else day
            pub = d + timedelta(days=rng.choice([0, 1, 1, 2, 3]))
            place = Place(name=name if rng.random() < 0.7 else name.upper(), mention=name, country=cc,
                          lat=round(lat + rng.uniform(-0.02, 0.02), 4),
                          lon=round(lon + rng.uniform(-0.02, 0.02), 4), admin1=f"Prov{cc}")
            src = rng.choice(SOURCES)
            count = None if toll is None else toll + rng.randrange(0, 3) * r
            claims = [Claim(source=Actor(name=src[0], mention=src[0], country=src[1], kind=src[2]),
                            stance="asserts", fatalities=count, span=(0, 20))]
            if rng.random() < 0.1:
                other = SOURCES[1] if a1[1] == "BB" else SOURCES[0]
                claims.append(Claim(source=Actor(name=other[0], mention=other[0], country=other[1],
                                                 kind=other[2]), stance="denies", span=(20, 40)))
            e = Event(event_type=etype, sub_event_type=sub, date=d, date_precision="day", location=place,
                      actor1=Actor(name=a1[0], mention=a1[0], country=a1[1], kind=a1[2]),
                      actor2=Actor(name=a2[0], mention=a2[0], country=a2[1], kind=a2[2]),
                      fatalities=count, claims=tuple(claims), evidence=((0, 40),))
            reports.append((pub, k * 10 + r, e))
            if rng.random() < 0.05:
                reports.append((pub + timedelta(days=30), k * 10 + 9, e))
    reports = reports[:n_mentions]
    reports.sort(key=lambda t: (t[0], t[1]))
    i = 0
    while i < len(reports):
        take = 2 if rng.random() < 0.25 and i + 1 < len(reports) else 1
        if take == 2 and reports[i][1] // 10 == reports[i + 1][1] // 10:
            take = 1  # an article reports an incident once
        chunk = reports[i:i + take]
        i += take
        pub = chunk[0][0]
        doc = f"doc-{i:07d}"
        text = " ".join(f"Report {c[1]} about {c[2].location.name}." for c in chunk)
        yield (Article(text=text, id=doc, published=pub, outlet=f"Outlet{i % 23}"),
               Extraction(id=doc, published=pub, events=tuple(c[2] for c in chunk)),
               [c[1] // 10 for c in chunk])


def run_one(n: int, batch: int, fixed_span: bool = False) -> dict:
    # by default the covered period grows with the size (730 days at 50k mentions), so the
    # density of incidents per place and day stays that of a real, growing ledger
    span = 730 if fixed_span else max(30, round(730 * n / 50_000))
    pairs = list(articles(n, span_days=span))
    rss_input = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the input held in memory
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        t0 = time.perf_counter()
        c0 = time.process_time()
        totals = {"mentions": 0, "events_created": 0}
        with Ledger(url) as ledger:
            for i in range(0, len(pairs), batch):
                rep = ledger.ingest(pairs[i:i + batch])
                totals["mentions"] += rep.mentions
            elapsed = time.perf_counter() - t0
            cpu = time.process_time() - c0
            with ledger.engine.connect() as conn:
                from sqlalchemy import text
                comp_max = conn.execute(text("SELECT max(n) FROM (SELECT count(*) AS n FROM mentions "
                                             "GROUP BY comp)")).scalar()
            stats = ledger.stats()
            t1 = time.perf_counter()
            out = Path(tmp) / "out.jsonl"
            ledger.export("jsonl", out)
            export_s = time.perf_counter() - t1
        size_mb = Path(f"{tmp}/bench.db").stat().st_size / 1e6
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mentions": totals["mentions"], "articles": len(pairs), "events": stats["events"],
            "seconds": round(elapsed, 2), "mentions_per_s": round(totals["mentions"] / elapsed),
            "cpu_s": round(cpu, 2), "mentions_per_cpu_s": round(totals["mentions"] / cpu),
            "largest_component": comp_max,
            "peak_rss_mb": round(rss_mb), "ledger_rss_mb": round(rss_mb - rss_input),
            "db_mb": round(size_mb, 1), "export_s": round(export_s, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000, 100_000])
    ap.add_argument("--batch", type=int, default=1000, help="articles per ingest call")
    ap.add_argument("--fixed-span", action="store_true",
                    help="always 730 days (denser with size) instead of a period growing with size")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.batch, args.fixed_span)))
        return
    print(f"{'mentions':>9} {'articles':>9} {'events':>8} {'wall s':>8} {'mentions/s':>11} "
          f"{'cpu s':>8} {'mentions/cpu s':>15} {'peak RSS MB':>12} {'db MB':>7} {'export s':>9} "
          f"{'max comp':>9}")
    for n in args.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n), "--batch", str(args.batch)]
                             + (["--fixed-span"] if args.fixed_span else []),
                             capture_output=True, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"{r['mentions']:>9} {r['articles']:>9} {r['events']:>8} {r['seconds']:>8} "
              f"{r['mentions_per_s']:>11} {r['cpu_s']:>8} {r['mentions_per_cpu_s']:>15} "
              f"{r['peak_rss_mb']:>12} {r['ledger_rss_mb']:>9} {r['db_mb']:>7} {r['export_s']:>9} "
              f"{r['largest_component']:>9}",
              flush=True)


if __name__ == "__main__":
    main()
