"""Toponym resolution: choose one gazetteer entry per mention.

Each candidate gets a score that adds up readable reasons:

* population (log scale) and feature class: a bare name is a place, "X region" a region;
* the article's country focus: countries named in the text, countries of unambiguous
  toponyms, and ``focus`` codes passed by the caller (e.g. from actor mentions);
* admin context: "X, Donetsk region" / "X in Dnipropetrovsk region" / "X (Hiraan)";
* a regional prior: first-level divisions the text names ("in the Donetsk region") or in
  which its other places cluster, and admin1 names passed in ``focus``, favour
  candidates in those divisions (anchoring by division, not only by distance);
* main names before alternate names: a candidate found only through one of its alternate
  names ("Slovyansk" is a GeoNames alternate name of Nikopol) loses to a namesake whose own
  name it is, unless it is much more populous;
* distance to the other places of the text (second pass), so Martuni near Stepanakert
  is the Karabakh Martuni, not the Armenian one;
* a small bonus for curated supplement rows and national capitals;
* a penalty for low-prior villages and camps from GeoNames extracts (``Entry.dump``): they
  need context (a named division, nearby places) to beat a namesake cities500 knows, and
  their own names do not count against a known place's alternate name.

``explain`` exposes the same scoring for one name (``contested places NAME``).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Place
from .build import GENERIC_SUFFIXES
from .core import Entry, Gazetteer
from .normalize import deart, fold, norm
from .recognize import REGION_WORDS, Toponym

PLACE_CUES = frozenset({"town of", "towns of", "city of", "village of", "villages of", "settlement of",
                        "hamlet of", "camp of", "camps of", "suburb of", "outskirts of", "port of",
                        "camp", "refugee camp", "displacement camp", "idp camp", "village", "town", "city",
                        "neighbourhood", "neighborhood", "crossing", "checkpoint", "dam", "airport",
                        "air base", "airbase", "hospital"})


@dataclass(frozen=True)
class Candidate:
    """A scored candidate for ``explain``: higher ``score`` is better."""

    entry: Entry
    score: float
    reasons: tuple[str, ...]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _wants(cue: str | None, surface: str) -> str | None:
    """'region' or 'place' when the mention says which it is."""
    words = norm(surface).split()
    if cue:
        c = cue.lower()
        if c in REGION_WORDS or any(c.startswith(w) for w in ("district", "region", "province", "governorate",
                                                              "oblast", "county", "state of")):
            return "region"
        if c in PLACE_CUES:
            return "place"
    if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
        return "region"
    return None


ALT_NAME_PENALTY = 1.0  # log10 population units: an alternate-name match needs ~10x the population
REGION_PRIOR = 2.5
LOW_PRIOR_PENALTY = 1.5  # a village or camp only a GeoNames extract has


@functools.lru_cache(maxsize=65536)
def _name_forms(name: str, region: bool) -> frozenset[str]:
    """The keys a name itself is stored under (with "X Oblast" also "X" for regions)."""
    key = norm(name)
    keys = {key, deart(key)}
    if region:
        for k in list(keys):
            words = k.split()
            if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
                keys.add(" ".join(words[:-1]))
    keys |= {fold(k) for k in keys}
    keys.discard("")
    return frozenset(keys)


def main_name_match(e: Entry, mention: str) -> bool:
    """Whether ``mention`` is the entry's own name (not only one of its alternate names)."""
    m = _name_forms(mention, False)
    if m & _name_forms(e.name, e.feature == "region"):
        return True
    words = norm(mention).split()
    if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:  # "Donetsk region" ~ "Donetsk Oblast"
        return bool(_name_forms(" ".join(words[:-1]), False) & _name_forms(e.name, True))
    return False


def score_entry(e: Entry, *, wants: str | None = None, focus: dict[str, float] | None = None,
                admin_ok: bool = False, anchors: Sequence[tuple[float, float]] = (),
                exact: bool = True, mention: str | None = None,
                regions: dict[str, float] | None = None, main_elsewhere: bool = False) -> tuple[float, list[str]]:
    reasons: list[str] = []
    s = math.log10(e.population + 10)
    reasons.append(f"population {e.population:,} (+{s:.1f})")
    if wants == "region":
        bonus = {"region": 4.0, "country": 1.0, "place": -1.0}[e.feature]
        reasons.append(f"mention names a region: {e.feature} ({bonus:+.1f})")
    elif wants == "place":
        bonus = {"region": -3.0, "country": -3.0, "place": 2.0}[e.feature]
        reasons.append(f"mention names a settlement or site: {e.feature} ({bonus:+.1f})")
    else:
        # a bare name is the town more often than the province named after it ("shelled
        # Kherson"); a region whose own name is the bare word ("Tigray") loses less
        own_name = mention is None or norm(mention) == norm(e.name)
        region_penalty = -1.0 if own_name else -2.5
        bonus = {"region": region_penalty, "country": 2.0, "place": 0.0}[e.feature]
        if bonus:
            reasons.append(f"bare name: {e.feature} ({bonus:+.1f})")
    s += bonus
    if e.source != "geonames":
        s += 0.5
        reasons.append("curated supplement entry (+0.5)")
    if e.feature_code == "PPLC":
        s += 0.5
        reasons.append("national capital (+0.5)")
    if e.dump is not None:
        s -= LOW_PRIOR_PENALTY
        reasons.append(f"village or camp beyond cities500, from GeoNames extract {e.dump} (-{LOW_PRIOR_PENALTY:.1f})")
    own = mention is None or e.feature == "country" or main_name_match(e, mention)
    if focus:
        w = focus.get(e.country, 0.0)
        if w and not own and main_elsewhere:
            # the text's countries do not make an alternate name beat a namesake's own name
            # ("Russian artillery shelled Pokrovsk" is not Engels, once called Pokrovsk)
            w *= 0.1
        if w:
            s += 4.0 * w
            reasons.append(f"country {e.country} in the text's focus (+{4.0 * w:.1f})")
    if not own:
        s -= ALT_NAME_PENALTY
        reasons.append(f"matched an alternate name, not its own (-{ALT_NAME_PENALTY:.1f})")
    if admin_ok:
        s += 6.0
        reasons.append(f"in the named division {e.admin1} (+6.0)")
    elif regions and e.admin1 and regions.get(e.admin1) and (own or not main_elsewhere):
        # a regional prior does not let an alternate name beat a namesake's own name
        bonus = REGION_PRIOR * regions[e.admin1]
        s += bonus
        reasons.append(f"in {e.admin1}, a division the text is about (+{bonus:.1f})")
    if anchors:
        d = min(haversine_km(e.lat, e.lon, a, b) for a, b in anchors)
        bonus = 5.0 * math.exp(-d / 60.0)
        s += bonus
        reasons.append(f"{d:.0f} km from another place in the text (+{bonus:.1f})")
    if not exact:
        s -= 1.0
        reasons.append("spelling variant match (-1.0)")
    return s, reasons


def _focus_weights(toponyms: Sequence[Toponym], focus: Sequence[str]) -> dict[str, float]:
    c: Counter[str] = Counter()
    for cc in focus:
        if len(cc) == 2:
            c[cc.upper()] += 2.0
    for t in toponyms:
        known = [e for e in t.candidates if e.dump is None]
        if not known and not _strong(t):
            continue  # a village only an extract knows, named without a place cue
        ccs = {e.country for e in known or t.candidates}
        if any(e.feature == "country" and norm(e.name) == norm(t.surface) for e in t.candidates) or len(ccs) == 1:
            top = next((e for e in t.candidates if e.feature == "country"), t.candidates[0])
            c[top.country] += 1.5 if top.feature == "country" else 1.0
        elif len(ccs) == 2:
            for cc in ccs:
                c[cc] += 0.25
    if not c:
        return {}
    top = max(c.values())
    # a country only ambiguous names point to (a quarter vote each) is no focus
    return {cc: v / top for cc, v in c.items() if v / top >= 0.3}


def _strong(t: Toponym) -> bool:
    """A cue that says the mention is a place: "the village of X", "X camp", "X, Donetsk region"."""
    return bool(t.admin_hint) or (t.cue or "").lower() in PLACE_CUES


def _choose(t: Toponym, gaz: Gazetteer, focus: dict[str, float],
            anchors: Sequence[tuple[float, float]], regions: dict[str, float] | None = None) -> tuple[Entry, float]:
    wants = _wants(t.cue, t.surface)
    best, best_s = t.candidates[0], -1e9
    # a low-prior village's own name does not count against a known place's alternate name
    known = [e for e in t.candidates if e.dump is None] or t.candidates
    main_elsewhere = any(main_name_match(e, t.surface) for e in known)
    for e in t.candidates:
        admin_ok = bool(t.admin_hint) and gaz.admin1_matches(e, t.admin_hint or "")
        s, _ = score_entry(e, wants=wants, focus=focus, admin_ok=admin_ok, anchors=anchors, mention=t.surface,
                           regions=regions, main_elsewhere=main_elsewhere)
        if s > best_s:
            best, best_s = e, s
    return best, best_s


def _admin1_of_hint(t: Toponym, gaz: Gazetteer) -> str | None:
    """The admin1 division an admin hint ("Donetsk", "Hiraan") names, if unambiguous."""
    if not t.admin_hint:
        return None
    found = {e.admin1 for e in gaz.lookup(t.admin_hint, fuzzy=False)
             if e.feature == "region" and e.admin1 and e.admin1 == e.name}
    return found.pop() if len(found) == 1 else None


def _region_votes(toponyms: Sequence[Toponym], first: Sequence[tuple[Entry, float]], keys: Sequence[str],
                  gaz: Gazetteer, focus: Sequence[str]) -> list[tuple[str, str, float]]:
    """(toponym key or '', admin1, weight) votes for the divisions the text is about: a named
    first-level division counts 2, an admin hint 2, any other resolved place 1 (with its
    toponym key, so a mention does not vote for itself); focus admin1 names count 2."""
    votes: list[tuple[str, str, float]] = []
    for name in focus:
        if len(name) > 2:
            a = next((e.admin1 for e in gaz.lookup(name, fuzzy=False)
                      if e.feature == "region" and e.admin1 and e.admin1 == e.name), None)
            if a:
                votes.append(("", a, 2.0))
    for t, (e, _), k in zip(toponyms, first, keys, strict=True):
        if e.feature == "region" and e.admin1 and e.admin1 == e.name:
            votes.append((k, e.admin1, 2.0))
        elif e.feature == "place" and e.admin1:
            votes.append((k, e.admin1, 0.5 if e.dump is not None and not _strong(t) else 1.0))
        hinted = _admin1_of_hint(t, gaz)
        if hinted:
            votes.append(("", hinted, 2.0))
    return votes


def _regions_for(key: str, votes: Sequence[tuple[str, str, float]]) -> dict[str, float]:
    """Division weights for one toponym (its own votes left out): a division needs two
    votes' weight to count, and weights are relative to the strongest division."""
    c: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for k, a, w in votes:
        if k and (k == key or (k, a) in seen):
            continue  # its own mention, or a repeated mention of another place
        if k:
            seen.add((k, a))
        c[a] += w
    c = Counter({a: w for a, w in c.items() if w >= 2.0})
    if not c:
        return {}
    top = max(c.values())
    return {a: w / top for a, w in c.items()}


def resolve_toponyms(toponyms: Sequence[Toponym], gaz: Gazetteer, *, focus: Sequence[str] = ()) -> list[Place]:
    """One Place per toponym (same order), choosing among its candidates. ``focus`` holds
    country codes ("UA") and optionally first-level division names ("Donetsk Oblast")."""
    if not toponyms:
        return []
    weights = _focus_weights(toponyms, focus)
    first = [_choose(t, gaz, weights, ()) for t in toponyms]
    keys = [norm(t.surface) for t in toponyms]
    votes = _region_votes(toponyms, first, keys, gaz, focus)
    out: list[Place] = []
    for k, t in enumerate(toponyms):
        if len(t.candidates) > 1:
            anchors = [(e.lat, e.lon) for j, (e, _) in enumerate(first)
                       if keys[j] != keys[k] and e.feature == "place"]
            e, _ = _choose(t, gaz, weights, anchors[:50], _regions_for(keys[k], votes))
        else:
            e = first[k][0]
        out.append(Place(name=e.name, mention=t.surface, country=e.country, lat=e.lat, lon=e.lon,
                         precision=e.feature, admin1=e.admin1, geonames_id=e.geonames_id, span=t.span))
    return out


def explain(name: str, gaz: Gazetteer, *, country: str | None = None,
            near: tuple[float, float] | None = None) -> list[Candidate]:
    """Every candidate for ``name`` with its score and reasons, best first."""
    key = norm(name)
    exact = bool(gaz.ids_for_key(key))
    entries = gaz.lookup(name)
    focus = {country.upper(): 1.0} if country else None
    anchors = [near] if near else []
    out = []
    for e in entries:
        s, reasons = score_entry(e, wants=_wants(None, name), focus=focus, anchors=anchors, exact=exact,
                                 mention=name)
        out.append(Candidate(e, round(s, 2), tuple(reasons)))
    out.sort(key=lambda c: -c.score)
    return out


def format_candidates(cands: Sequence[Candidate], limit: int = 20) -> str:
    """A plain-text table of ``explain`` results."""
    if not cands:
        return "no candidates"
    lines = [f"{'score':>6}  {'name':<28} {'cc':<2}  {'admin1':<24} {'lat':>9} {'lon':>10}  {'feature':<7} "
             f"{'geonames':>9}  source"]
    for c in cands[:limit]:
        e = c.entry
        lines.append(f"{c.score:6.2f}  {e.name[:28]:<28} {e.country:<2}  {(e.admin1 or '-')[:24]:<24} "
                     f"{e.lat:9.4f} {e.lon:10.4f}  {e.feature:<7} {e.geonames_id or '-':>9}  {e.source}"
                     + (f" ({e.dump})" if e.dump else ""))
        lines.append("        " + "; ".join(c.reasons))
    if len(cands) > limit:
        lines.append(f"... {len(cands) - limit} more")
    return "\n".join(lines)
