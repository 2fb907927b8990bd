"""Messy copy: does the same story give the same events however it arrives?

Runs the short one-incident articles of ``tests/perturbations.py`` clean and under every
perturbation (markup, links and emoji, boilerplate lines, layout, characters, combinations)
and prints, per perturbation kind and variant, the share of perturbed articles that give
exactly the clean article's events (type, place, date, tolls, claims) and the share that
lose one of them.

    python benchmarks/perturb.py [--variants] [--seeds N] [--show NAME]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from contested.pipeline import Resources, extract_article  # noqa: E402
from contested.readers import parse_published  # noqa: E402
from contested.records import Article  # noqa: E402
from perturbations import ARTICLES, all_perturbations, events_key  # noqa: E402


def run(show: str | None = None, seeds: int = 1) -> dict[tuple[str, str], tuple[int, int, int]]:
    res = Resources.load()

    def extract(a: dict, text: str):
        return extract_article(Article(text=text, id=a["id"], published=parse_published(a["published"]),
                                       outlet=a["outlet"]), res)

    clean = {a["id"]: events_key(extract(a, a["text"])) for a in ARTICLES}
    out: dict[tuple[str, str], tuple[int, int, int]] = {}
    for kind, name, f in all_perturbations():
        same = lost = 0
        for seed, (i, a) in ((s, ia) for s in range(seeds) for ia in enumerate(ARTICLES)):
            text = f(a["text"], random.Random(i + 1000 * seed))
            got = events_key(extract(a, text))
            if got == clean[a["id"]]:
                same += 1
            else:
                if len(got) < len(clean[a["id"]]) or not set(k[:4] for k in clean[a["id"]]) <= set(k[:4] for k in got):
                    lost += 1
                if show in (name, "all"):
                    print(f"--- {name} {a['id']}\n  clean {clean[a['id']]}\n  got   {got}\n  text {text!r}")
        out[(kind, name)] = (same, lost, len(ARTICLES) * seeds)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", action="store_true", help="a line per variant, not only per kind")
    ap.add_argument("--show", help="print the differences of one variant ('all' for every one)")
    ap.add_argument("--seeds", type=int, default=1, help="runs of each variant over each article, each with "
                    "its own random draws (positions, widths, characters); default 1")
    args = ap.parse_args()
    results = run(args.show, args.seeds)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (kind, name), (same, lost, n) in results.items():
        k = by_kind[kind]
        k[0] += same
        k[1] += lost
        k[2] += n
        if args.variants:
            print(f"  {kind:12} {name:24} same {same / n:6.1%}  lost {lost / n:6.1%}  ({n})")
    print(f"{'kind':12} {'variants':>8} {'articles':>8} {'same events':>12} {'lost an event':>14}")
    total = [0, 0, 0]
    for kind, (same, lost, n) in by_kind.items():
        variants = sum(1 for k, _ in results if k == kind)
        print(f"{kind:12} {variants:8} {n:8} {same / n:12.1%} {lost / n:14.1%}")
        total = [total[0] + same, total[1] + lost, total[2] + n]
    print(f"{'all':12} {len(results):8} {total[2]:8} {total[0] / total[2]:12.1%} {total[1] / total[2]:14.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
