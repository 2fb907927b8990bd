"""CASE 2021 Task 2 snippets -> lexicon classify(): sub-type / event-type accuracy.

    .venv/bin/python benchmarks/case2021.py [--data DIR] [--errors N] [--label CODE]

Reads the test set from shared/data/case2021 (never copied into the repo). Snippets with a
non-ACLED label (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) are skipped
for accuracy; how often classify() returns None on them is reported separately.
Also measures find() speed (words/s) of the three lexicons on the snippet text.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from contested.lexicons import SUB_TYPES, classify, load_cues, load_triggers, load_weapons
from contested.records import SUB_TO_TYPE

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = (ROOT / "shared/data/case2021", ROOT.parent / "shared/data/case2021",
               Path("/work/shared/data/case2021"))
DEFAULT_DATA = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--errors", type=int, default=0, help="print up to N misclassified snippets")
    ap.add_argument("--label", help="only print errors whose gold code is this one")
    args = ap.parse_args(argv)
    tsv = args.data / "test_set_final_release_with_labels.tsv"
    if not tsv.is_file():
        print(f"CASE 2021 data not found at {args.data}", file=sys.stderr)
        return 2
    with tsv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    labels = json.loads((args.data / "labels_to_acled.json").read_text(encoding="utf-8"))

    load_triggers(), load_weapons(), load_cues()  # compile outside the timings
    t0 = time.perf_counter()
    preds = [classify(r["EventSnippet"]) for r in rows]
    t_classify = time.perf_counter() - t0

    n = n_sub = n_type = n_none = 0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    non_acled: dict[str, Counter[str]] = defaultdict(Counter)
    errors = []
    for r, pred in zip(rows, preds, strict=True):
        gold = labels.get(r["SubType"])
        if gold is None:
            non_acled[r["SubType"]]["none" if pred is None else "event"] += 1
            continue
        n += 1
        g = gold["sub_event_type"]
        if pred is None:
            n_none += 1
        if pred == g:
            n_sub += 1
            tp[g] += 1
        else:
            fn[g] += 1
            if pred is not None:
                fp[pred] += 1
            confusion[(g, pred or "None")] += 1
            if args.errors and (not args.label or args.label == r["SubType"]):
                errors.append((r["SubType"], pred, r["EventSnippet"]))
        if pred is not None and SUB_TO_TYPE[pred] == gold["event_type"]:
            n_type += 1

    print(f"CASE 2021 task 2 test set: {len(rows)} snippets, {n} with an ACLED label")
    print(f"sub_event_type accuracy: {n_sub / n:.3f} ({n_sub}/{n})")
    print(f"event_type accuracy:     {n_type / n:.3f} ({n_type}/{n})")
    print(f"no prediction (None):    {n_none}")
    print("\nper sub-type                             P      R     F1   gold")
    f1s = []
    for sub in SUB_TYPES:
        p = tp[sub] / (tp[sub] + fp[sub]) if tp[sub] + fp[sub] else 0.0
        rc = tp[sub] / (tp[sub] + fn[sub]) if tp[sub] + fn[sub] else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        f1s.append(f1)
        print(f"  {sub:36} {p:5.2f}  {rc:5.2f}  {f1:5.2f}  {tp[sub] + fn[sub]:4}")
    print(f"  macro-F1 {sum(f1s) / len(f1s):.3f}")
    print("\nmost frequent confusions (gold -> predicted):")
    for (g, pr), c in confusion.most_common(15):
        print(f"  {c:3}  {g} -> {pr}")
    print("\nnon-ACLED labels (right answer arguably None):")
    for code, cnt in sorted(non_acled.items()):
        print(f"  {code:18} None {cnt['none']:3}  event {cnt['event']:3}")

    text = "\n\n".join(r["EventSnippet"] for r in rows)
    words = len(text.split())
    reps = 5
    print(f"\nspeed on {words} words x{reps} (find() only):")
    for name, lex in (("triggers", load_triggers()), ("weapons", load_weapons()), ("cues", load_cues())):
        t0 = time.perf_counter()
        for _ in range(reps):
            lex.find(text)
        dt = time.perf_counter() - t0
        print(f"  {name:9} {words * reps / dt:12,.0f} words/s")
    print(f"  classify() {len(rows) / t_classify:10,.0f} snippets/s")
    for g, pr, s in errors[: args.errors]:
        print(f"\n[{g} -> {pr}] {s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
