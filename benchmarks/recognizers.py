"""Speed of each recognizer alone, in words per second (one process, best of three).

    python benchmarks/recognizers.py

Texts: the dev gold and MUC-4 articles from ../shared when present, else the examples.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def texts() -> list[str]:
    out = []
    for p in (SHARED / "gold" / "dev.jsonl", SHARED / "data" / "muc4" / "gold.jsonl"):
        if p.exists():
            out += [json.loads(line)["text"] for line in p.read_text(encoding="utf-8").splitlines()]
    return out or [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]


def best_of(fn, docs, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    from contested.gazetteer import find_toponyms
    from contested.pipeline import Resources
    from contested.pipeline.recognize.counts import find_tolls
    from contested.pipeline.recognize.dates import find_dates
    from contested.pipeline.segment import segment
    from contested.registry import find_actor_mentions

    res = Resources.load()
    docs = texts()
    words = sum(len(d.split()) for d in docs)
    stages = {
        "segment": segment,
        "actors (registry)": lambda d: find_actor_mentions(d, res.registry),
        "toponyms (gazetteer)": lambda d: find_toponyms(d, res.gazetteer),
        "dates": lambda d: find_dates(d, None),
        "tolls": find_tolls,
        "triggers": res.triggers.find,
        "weapons": res.weapons.find,
        "cues": res.cues.find,
    }
    print(f"{len(docs)} texts, {words:,} words")
    for name, fn in stages.items():
        secs = best_of(fn, docs)
        print(f"{name:22} {words / secs:>12,.0f} words/s")


if __name__ == "__main__":
    main()
