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
from dataclasses import dataclass, field
from pathlib import Path

from contested.lexicons import SUB_TYPES, classify, load_cues, load_triggers, load_weapons
from contested.records import SUB_TO_TYPE

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = (ROOT / "shared/data/case2021", ROOT.parent / "shared/data/case2021",
               Path("/work/shared/data/case2021"))
DEFAULT_DATA = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])


TSV_NAME = "test_set_final_release_with_labels.tsv"


def read_set(data: Path) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]] | None:
    """The snippets and the label -> ACLED map, or None when the test set is not in ``data``."""
    tsv = data / TSV_NAME
    if not tsv.is_file():
        return None
    with tsv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    labels = json.loads((data / "labels_to_acled.json").read_text(encoding="utf-8"))
    return rows, labels


@dataclass
class Scores:
    """Counts over the snippets with an ACLED label (``n``) and what went wrong."""

    n: int = 0
    n_sub: int = 0
    n_type: int = 0
    n_none: int = 0
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    non_acled: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[tuple[str, str | None, str]] = field(default_factory=list)

    @property
    def sub_type_accuracy(self) -> float:
        return self.n_sub / self.n if self.n else 0.0

    @property
    def event_type_accuracy(self) -> float:
        return self.n_type / self.n if self.n else 0.0


def score(rows: list[dict[str, str]], labels: dict[str, dict[str, str]], preds: list[str | None], *,
          keep_errors: bool = False, label: str | None = None) -> Scores:
    """Tally classify() predictions against the gold labels; ``keep_errors`` lists the misses
    (only those whose gold code is ``label`` when given)."""
    s = Scores()
    for r, pred in zip(rows, preds, strict=True):
        gold = labels.get(r["SubType"])
        if gold is None:
            s.non_acled[r["SubType"]]["none" if pred is None else "event"] += 1
            continue
        s.n += 1
        g = gold["sub_event_type"]
        if pred is None:
            s.n_none += 1
        if pred == g:
            s.n_sub += 1
            s.tp[g] += 1
        else:
            s.fn[g] += 1
            if pred is not None:
                s.fp[pred] += 1
            s.confusion[(g, pred or "None")] += 1
            if keep_errors and (not label or label == r["SubType"]):
                s.errors.append((r["SubType"], pred, r["EventSnippet"]))
        if pred is not None and SUB_TO_TYPE[pred] == gold["event_type"]:
            s.n_type += 1
    return s


def accuracy(data: Path = DEFAULT_DATA) -> dict[str, float | int] | None:
    """Sub-type and event-type accuracy of classify() on the test set; None when it is absent."""
    found = read_set(data)
    if found is None:
        return None
    rows, labels = found
    s = score(rows, labels, [classify(r["EventSnippet"]) for r in rows])
    return {"sub_type_accuracy": s.sub_type_accuracy, "event_type_accuracy": s.event_type_accuracy,
            "sub_type_correct": s.n_sub, "event_type_correct": s.n_type, "n": s.n, "no_prediction": s.n_none}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--errors", type=int, default=0, help="print up to N misclassified snippets")
    ap.add_argument("--label", help="only print errors whose gold code is this one")
    args = ap.parse_args(argv)
    found = read_set(args.data)
    if found is None:
        print(f"CASE 2021 data not found at {args.data}", file=sys.stderr)
        return 2
    rows, labels = found

    load_triggers(), load_weapons(), load_cues()  # compile outside the timings
    t0 = time.perf_counter()
    preds = [classify(r["EventSnippet"]) for r in rows]
    t_classify = time.perf_counter() - t0

    s = score(rows, labels, preds, keep_errors=bool(args.errors), label=args.label)
    n, n_sub, n_type, n_none = s.n, s.n_sub, s.n_type, s.n_none
    tp, fp, fn, confusion, non_acled, errors = s.tp, s.fp, s.fn, s.confusion, s.non_acled, s.errors

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
