"""Merge quality end to end: short multi-source articles (written for this benchmark) go
through the real extraction pipeline and the ledger; pairwise cluster precision and recall
are computed over the extracted event mentions whose (article, place) has a true label.

    python benchmarks/merge_e2e.py

The set: several outlets per incident with different spellings, revised tolls and a
denial; distractors (the same town on another day, another town on the same day) and a
background mention a month later. Unlabelled extracted events count as singletons.
"""

from __future__ import annotations

import itertools
import random
from datetime import date

from contested.api import extract_many
from contested.ledger import Ledger
from contested.records import Article

ARTICLES = [
    # id, published, outlet, text, {place name: incident label}
    ("a1", "2024-03-10", "Wire One",
     "KYIV, March 10 (Wire One) — Russian forces shelled Kramatorsk on Sunday, killing three civilians, "
     "regional officials said.", {"Kramatorsk": "A"}),
    ("a2", "2024-03-11", "Wire Two",
     "The death toll from Sunday's Russian artillery strike on Kramatorsk rose to five, the regional "
     "governor said on Monday. Moscow denied targeting civilians in the city.", {"Kramatorsk": "A"}),
    ("a3", "2024-03-10", "Daily Three",
     "Shells hit a residential area of Kramatorsk in the Donetsk region on Sunday, killing four "
     "people, according to local authorities.", {"Kramatorsk": "A"}),
    ("b1", "2024-03-10", "Wire One",
     "A Russian drone strike hit a port warehouse in Odesa on Sunday night, injuring two workers, "
     "the military administration said.", {"Odesa": "B"}),
    ("b2", "2024-03-11", "Black Sea Post",
     "Russian drones struck the port of Odessa late on Sunday, wounding two people, Ukraine's navy "
     "said.", {"Odesa": "B"}),
    ("c1", "2024-03-13", "Wire One",
     "Russian forces shelled Kramatorsk again on Wednesday, wounding six civilians, the governor said.",
     {"Kramatorsk": "C"}),
    ("d1", "2024-03-10", "Daily Three",
     "Russian artillery shelled Pokrovsk on Sunday, killing one man, the regional administration said.",
     {"Pokrovsk": "D"}),
    ("e1", "2024-04-15", "Monthly Review",
     "Residents of Kramatorsk are still rebuilding homes destroyed when Russian forces shelled the city "
     "on March 10, killing five civilians.", {"Kramatorsk": "A"}),
]


def pairwise(pred: dict, truth: dict) -> tuple[float, float]:
    keys = sorted(truth)
    tp = fp = fn = 0
    for a, b in itertools.combinations(keys, 2):
        same_true = truth[a] == truth[b]
        same_pred = pred.get(a) is not None and pred.get(a) == pred.get(b)
        tp += same_true and same_pred
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def run(order: list) -> tuple[float, float, int, list]:
    articles = [Article(text=t, id=i, published=date.fromisoformat(p), outlet=o) for i, p, o, t, _ in order]
    results = list(extract_many(articles))
    truth = {}
    for (i, *_rest, labels), res in zip(order, results, strict=True):
        for k, ev in enumerate(res.events):
            if ev.location and ev.location.name in labels:
                truth[(i, k)] = labels[ev.location.name]
    with Ledger("sqlite://") as ledger:
        for pair in zip(articles, results, strict=True):
            ledger.ingest([pair])
        pred = {}
        events = ledger.events()
        for ev in events:
            for m in ledger.event(ev["id"])["mentions"]:
                pred[(m["doc_id"], m["index"])] = ev["id"]
        p, r = pairwise(pred, truth)
        return p, r, len(events), events


def main() -> None:
    expected = {lab for *_x, labels in ARTICLES for lab in labels.values()}
    print(f"{len(ARTICLES)} articles, {len(expected)} true incidents (+ one background mention)")
    for seed in (None, 1, 2):
        order = ARTICLES[:]
        if seed is not None:
            random.Random(seed).shuffle(order)
        p, r, n, events = run(order)
        label = "in written order" if seed is None else f"shuffled (seed {seed})"
        print(f"{label:22} events {n}  pairwise precision {p:.3f}  recall {r:.3f}")
    for ev in events:
        f = ev.get("fatalities") or {}
        print(f"  {ev['date']} {ev['sub_event_type'][:28]:28} {ev['location']['name']:12} "
              f"dead low/best/high {f.get('low')}/{f.get('best')}/{f.get('high')}  contested={ev['contested']}  "
              f"docs={','.join(ev['documents'])}")


if __name__ == "__main__":
    main()
