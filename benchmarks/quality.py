"""Extraction quality over every gold set, in one table.

    .venv/bin/python benchmarks/quality.py [--json] [--sets NAME,...]   (default: all sets)

``dev``, ``voa_dev``, ``muc4`` (shared folder) and ``written``, ``tuning``, ``tuning2`` (this
repository's ``benchmarks/heldout``, ``benchmarks/tuning`` and ``benchmarks/tuning2``: articles
written for the project by contributors who saw neither the rules nor the dev sets) are scored
as ``contested evaluate GOLD.jsonl`` scores them
(extract every gold article with the default options, then ``contested.evaluate.evaluate``),
in-process, with the pipeline resources loaded once: event P/R/F1 with matched/predicted/gold
counts, claim P/R/F1, sub_event_type accuracy and location accuracy. ``case2021`` is the
sub-type and event-type accuracy of ``benchmarks/case2021.py``. Wall time is per set (the
resource load is reported once, apart). The shared gold sets are read from the shared folder
beside the checkout (never copied into the repo); a set that is not there is shown as absent.
``--json`` prints ``{set: {metric: value}}`` (an absent set is ``{"absent": true}``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from contested.config import Options
from contested.evaluate import evaluate, load_gold
from contested.pipeline import Resources, extract_article
from contested.readers import record_article

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = (ROOT / "shared", ROOT.parent / "shared", Path("/work/shared"))
SHARED = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])

SHARED_SETS = {"dev": "gold/dev.jsonl", "voa_dev": "gold/voa_dev.jsonl", "muc4": "data/muc4/gold.jsonl"}
"""Gold files (gold/FORMAT.md) under the shared folder."""
REPO_SETS = {"written": "benchmarks/heldout/written.jsonl", "tuning": "benchmarks/tuning/written_tune.jsonl",
             "tuning2": "benchmarks/tuning2/written_tune2.jsonl"}
"""Gold files in this repository: articles written for the project by contributors who saw
neither the rules nor the dev sets. ``written`` is held out (measure, never tune on it);
``tuning`` and ``tuning2`` (other genres: statements, live blogs, features, local news,
translated copy) may be read to find general errors."""
GOLD_SETS = {**SHARED_SETS, **REPO_SETS}
CASE2021 = "data/case2021"
SETS = (*GOLD_SETS, "case2021")


def set_path(name: str, shared: Path = SHARED) -> Path:
    """Where set ``name`` lives: under ``shared`` (a file, or case2021's folder), or in the repo."""
    if name == "case2021":
        return shared / CASE2021
    if name in REPO_SETS:
        return ROOT / REPO_SETS[name]
    return shared / SHARED_SETS[name]


def _case2021() -> ModuleType:
    """benchmarks/case2021.py as a module (benchmarks/ is not a package)."""
    name = "contested_bench_case2021"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("case2021.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


def is_present(name: str, shared: Path = SHARED) -> bool:
    path = set_path(name, shared)
    if name == "case2021":
        return (path / _case2021().TSV_NAME).is_file()
    return path.is_file()


def load_resources(options: Options | None = None) -> tuple[Resources, Options]:
    """The pipeline resources and options, as ``contested evaluate`` loads them (defaults)."""
    opts = options or Options()
    return Resources.load(opts), opts


def gold_scores(path: Path, resources: Resources, options: Options) -> dict[str, Any]:
    """Extract every article of a gold file and score it, as ``contested evaluate`` does."""
    gold = load_gold(path)
    articles = [record_article(g, f"{path}:{i + 1}") for i, g in enumerate(gold)]
    preds = [extract_article(a, resources, options).to_dict() for a in articles]
    report = evaluate(gold, preds)
    ep, er, ef = report.event_prf
    cp, cr, cf = report.claim_prf
    return {
        "docs": report.docs,
        "event_precision": ep, "event_recall": er, "event_f1": ef,
        "event_matched": report.matched_events, "event_predicted": report.pred_events,
        "event_gold": report.gold_events,
        "claim_precision": cp, "claim_recall": cr, "claim_f1": cf,
        "sub_type_accuracy": report.fields["subtype"].acc,
        "location_accuracy": report.location.acc,
    }


def case2021_scores(data: Path) -> dict[str, Any]:
    """Sub-type / event-type accuracy of classify() on the CASE 2021 snippets."""
    scores = _case2021().accuracy(data)
    if scores is None:
        raise FileNotFoundError(f"CASE 2021 data not found at {data}")
    return scores


def measure(name: str, shared: Path = SHARED, resources: tuple[Resources, Options] | None = None) -> dict[str, Any]:
    """The metrics of one set (plus ``seconds``, its wall time). ``resources`` is loaded when
    a gold set needs it and none is given."""
    t0 = time.perf_counter()
    if name == "case2021":
        out = case2021_scores(set_path(name, shared))
    else:
        res, opts = resources or load_resources()
        out = gold_scores(set_path(name, shared), res, opts)
    out["seconds"] = time.perf_counter() - t0
    return out


def run(names: list[str], shared: Path = SHARED) -> tuple[dict[str, dict[str, Any]], float]:
    """Metrics of every named set (``{"absent": True}`` for a missing one) and the seconds spent
    loading the pipeline resources (0 when no gold set needed them)."""
    results: dict[str, dict[str, Any]] = {}
    resources: tuple[Resources, Options] | None = None
    load_s = 0.0
    for name in names:
        if not is_present(name, shared):
            results[name] = {"absent": True}
            continue
        if name in GOLD_SETS and resources is None:
            t0 = time.perf_counter()
            resources = load_resources()
            load_s = time.perf_counter() - t0
        results[name] = measure(name, shared, resources)
    return results, load_s


def format_table(results: dict[str, dict[str, Any]], load_s: float, shared: Path = SHARED) -> str:
    def num(x: Any) -> str:
        return "-" if x is None else f"{x:.3f}"

    head = (f"{'set':9} {'n':>4}  {'ev P':>5} {'ev R':>5} {'ev F1':>5} {'match/pred/gold':>15}  "
            f"{'cl P':>5} {'cl R':>5} {'cl F1':>5}  {'sub':>5} {'type':>5} {'loc':>5}  {'time':>6}")
    lines = [head, "-" * len(head)]
    for name, m in results.items():
        if m.get("absent"):
            lines.append(f"{name:9} absent ({set_path(name, shared)})")
            continue
        if name == "case2021":
            n = m["n"]
            counts = ""
        else:
            n = m["docs"]
            counts = f"{m['event_matched']}/{m['event_predicted']}/{m['event_gold']}"
        lines.append(
            f"{name:9} {n:>4}  {num(m.get('event_precision')):>5} {num(m.get('event_recall')):>5} "
            f"{num(m.get('event_f1')):>5} {counts or '-':>15}  {num(m.get('claim_precision')):>5} "
            f"{num(m.get('claim_recall')):>5} {num(m.get('claim_f1')):>5}  {num(m.get('sub_type_accuracy')):>5} "
            f"{num(m.get('event_type_accuracy')):>5} {num(m.get('location_accuracy')):>5}  {m['seconds']:>5.1f}s")
    lines.append("")
    lines.append("n: documents (case2021: snippets with an ACLED label); sub: sub_event_type accuracy (matched "
                 "pairs; case2021: classify()); type: event_type accuracy (case2021); loc: location accuracy")
    if load_s:
        lines.append(f"pipeline resources loaded once in {load_s:.1f}s (not in the per-set times); shared: {shared}")
    else:
        lines.append(f"shared: {shared}")
    return "\n".join(lines)


def _sets(value: str) -> list[str]:
    names = [s.strip() for s in value.split(",") if s.strip()]
    unknown = [s for s in names if s not in SETS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown set(s) {', '.join(unknown) or '(none)'}; "
                                         f"choose from {', '.join(SETS)}")
    return list(dict.fromkeys(names))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print {set: {metric: value}} instead of the table")
    ap.add_argument("--sets", type=_sets, default=list(SETS),
                    help=f"comma-separated sets to run (default: {','.join(SETS)})")
    args = ap.parse_args(argv)
    results, load_s = run(args.sets)
    if args.json:
        print(json.dumps(results))
    else:
        print(format_table(results, load_s))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
