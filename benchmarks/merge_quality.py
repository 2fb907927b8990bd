"""Merge quality on the hand-labelled multi-source fixture (tests/fixtures_ledger.py).

    .venv/bin/python benchmarks/merge_quality.py

Prints pairwise cluster precision and recall (a pair of mentions is a true positive when
the ledger puts them in one event and they report one incident; a background mention that
makes no event counts as a singleton), for the whole fixture ingested at once, one article
at a time in a shuffled order, and with a few alternative settings.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger import labelled_articles  # noqa: E402

from contested.config import Options  # noqa: E402
from contested.ledger import Ledger  # noqa: E402
from fixtures_ledger import corpus, pairwise_scores  # noqa: E402


def predicted(ledger: Ledger) -> dict[tuple[str, int], str | None]:
    out: dict[tuple[str, int], str | None] = {}
    for ev in ledger.events():
        for m in ledger.event(ev["id"])["mentions"]:
            out[(m["doc_id"], m["index"])] = ev["id"]
    return out


def main() -> None:
    pairs, truth = corpus()
    incidents = {v for v in truth.values() if not v.startswith("bg-")}
    print(f"fixture: {len(pairs)} articles, {len(truth)} mentions, {len(incidents)} true incidents "
          f"(+{len(set(truth.values())) - len(incidents)} background-only)")
    print(f"{'run':<44} {'events':>6} {'precision':>9} {'recall':>7}")
    runs = [("all at once (defaults)", Options(), None),
            ("one article at a time, shuffled (defaults)", Options(), 3),
            ("date_window_days=0", Options(date_window_days=0), None),
            ("date_window_days=3", Options(date_window_days=3), None),
            ("merge_distance_km=5", Options(merge_distance_km=5.0), None),
            ("merge_distance_km=100", Options(merge_distance_km=100.0), None)]
    for label, opts, seed in runs:
        with Ledger("sqlite://", opts) as ledger:
            if seed is None:
                ledger.ingest(pairs)
            else:
                order = pairs[:]
                random.Random(seed).shuffle(order)
                for p in order:
                    ledger.ingest([p])
            p, r = pairwise_scores(predicted(ledger), truth)
            print(f"{label:<44} {len(ledger.events()):>6} {p:>9.3f} {r:>7.3f}")
    synthetic()


def synthetic(n: int = 4000) -> None:
    """The benchmark's synthetic world (benchmarks/ledger.py), whose incidents are known:
    jittered places and spellings, one-day date slips, late recalls, and hot spots where
    the same place is hit again within days (the hard case)."""
    triples = list(labelled_articles(n, seed=11))
    truth = {(art.id, i): f"k{k}" for art, _, ks in triples for i, k in enumerate(ks)}
    print(f"\nsynthetic: {len(triples)} articles, {len(truth)} mentions, "
          f"{len(set(truth.values()))} true incidents")
    with Ledger("sqlite://") as ledger:
        ledger.ingest((a, x) for a, x, _ in triples)
        p, r = pairwise_scores(predicted(ledger), truth)
        print(f"{'synthetic, defaults':<44} {len(ledger.events()):>6} {p:>9.3f} {r:>7.3f}")


if __name__ == "__main__":
    main()
