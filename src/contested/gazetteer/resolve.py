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
  their own names do not count against a known place's alternate name;
* the lower division or town named beside the mention ("X, Bakhmut district", "X (Bakhmut
  district, Donetsk region)", "the X area of Dhaka"): closeness to the place it is named
  after (a district is named after its seat).

What the text says beside a mention overrides a namesake: a candidate outside the division
named beside it is rejected when another lies in it; when none does, or the chosen place
lies more than ``HINT_RADIUS_KM`` from the town named beside it, the mention resolves to
that division or town with precision ``region``. So does an unknown name with a cue
(``Toponym.match == "unknown"``: "the village of Kharbaat in Idlib province" is Idlib
Governorate, mention "Kharbaat"). "X county" is the county where the gazetteer has one,
else the town X (its seat), with precision ``region`` only where it is named as the context
of another place ("Vodiane, Pokrovsk district"). A spelling variant (``match == "spelling"``) in a
country the text is not about never wins. A bare mention takes the place of an earlier or
later mention of the same name that the text locates with a division or town.

``explain`` exposes the same scoring for one name (``contested places NAME``),
``explain_in_context`` for a name as it reads in a text (``contested places NAME --context
TEXT``): the text's countries, divisions and other places, the candidates, and why the
winner won.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import Place
from .build import GENERIC_SUFFIXES
from .core import Entry, Gazetteer, main_name_match
from .normalize import norm as _norm_uncached
from .recognize import ADMIN_WORDS, REGION_WORDS, Toponym, find_toponyms

norm = functools.lru_cache(maxsize=65536)(_norm_uncached)  # resolution normalises the same few names often

PLACE_CUES = frozenset({"town of", "towns of", "city of", "village of", "villages of", "settlement of",
                        "hamlet of", "camp of", "camps of", "suburb of", "outskirts of", "port of",
                        "camp", "refugee camp", "displacement camp", "idp camp", "village", "town", "city",
                        "neighbourhood", "neighborhood", "crossing", "checkpoint", "dam", "airport",
                        "air base", "airbase", "hospital"})


@dataclass(frozen=True)
class Candidate:
    """A scored candidate for ``explain``: higher ``score`` is better. ``rejected`` says why a
    candidate may not win whatever its score (a spelling variant abroad)."""

    entry: Entry
    score: float
    reasons: tuple[str, ...]
    rejected: str | None = None


@dataclass(frozen=True)
class Explanation:
    """How ``explain_in_context`` resolves a name in a text: the ``mention`` (None when the
    text does not name it: then it is scored as if it were added to the text), the context
    the text establishes (``countries`` with their weights, first-level ``divisions`` with
    theirs, the other places used as ``anchors``), the ``candidates`` best first, the
    ``place`` resolution gives, and ``why`` in words."""

    name: str
    mention: Toponym | None
    countries: dict[str, float]
    divisions: dict[str, float]
    anchors: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    place: Place | None
    why: str
    others: tuple[Place, ...] = field(default=())


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
HINT_NEAR = 5.0  # at the seat of the lower division named beside it ("X, Bakhmut district")
SPELLING_PENALTY = 1.0


def score_entry(e: Entry, *, wants: str | None = None, focus: dict[str, float] | None = None,
                admin_ok: bool = False, anchors: Sequence[tuple[float, float]] = (),
                exact: bool = True, mention: str | None = None,
                regions: dict[str, float] | None = None, main_elsewhere: bool = False,
                hint_km: tuple[str, float] | None = None) -> tuple[float, list[str]]:
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
    if hint_km is not None:
        name, d = hint_km
        bonus = HINT_NEAR * math.exp(-d / 30.0)
        s += bonus
        reasons.append(f"{d:.0f} km from {name}, named beside it (+{bonus:.1f})")
    if not exact:
        s -= SPELLING_PENALTY
        reasons.append(f"spelling variant match (-{SPELLING_PENALTY:.1f})")
    return s, reasons


def _names_area(t: Toponym) -> bool:
    """Whether the mention names an administrative area: "Lamu county", "Ye-U township", "the
    district of X" (not "the Bakhmut area")."""
    c = (t.cue or "").lower()
    if c in ADMIN_WORDS or (c.endswith(" of") and c[:-3].rstrip("s") in ADMIN_WORDS | {"countie", "county"}):
        return True
    words = norm(t.surface).split()
    return len(words) > 1 and (words[-1] in ADMIN_WORDS or words[-1] in GENERIC_SUFFIXES)


DOMINANT = 50  # a namesake this many times as populous as the one abroad speaks for its country


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
            pops = Counter[str]()
            for e in known or t.candidates:
                pops[e.country] = max(pops[e.country], e.population)
            (big, p1), (small, p2) = pops.most_common(2)
            if p1 >= DOMINANT * max(p2, 1000):
                c[big] += 0.75  # Dhaka, Bangladesh (10 million) and Dhaka, Bihar (42,000)
            else:
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


def _hint_points(t: Toponym, gaz: Gazetteer) -> list[tuple[str, Entry]]:
    """Places named as a lower division beside the mention ("Bakhmut" in "X, Bakhmut district"
    or "X (Bakhmut district, Donetsk region)"): a district is named after its seat."""
    out: list[tuple[str, Entry]] = []
    for h in (t.district_hint, t.admin_hint):
        if h and not gaz.region_ids(h):
            out.extend((h, e) for e in gaz.lookup(h, fuzzy=False) if e.feature == "place")
    return out


def _nearest_hint(e: Entry, hints: Sequence[tuple[str, Entry]]) -> tuple[str, float] | None:
    best: tuple[str, float] | None = None
    for h, p in hints:
        if p.country == e.country and p is not e:
            d = haversine_km(e.lat, e.lon, p.lat, p.lon)
            if best is None or d < best[1]:
                best = (h, d)
    return best


def _scored(t: Toponym, gaz: Gazetteer, focus: dict[str, float], anchors: Sequence[tuple[float, float]],
            regions: dict[str, float] | None = None) -> list[Candidate]:
    """Every candidate of ``t`` with its score and reasons, in candidate order. The candidates
    of an unknown name are the divisions named beside it, scored as regions."""
    unknown = t.match == "unknown"
    wants = "region" if unknown else _wants(t.cue, t.surface)
    # a low-prior village's own name does not count against a known place's alternate name
    known = [e for e in t.candidates if e.dump is None] or t.candidates
    main_elsewhere = any(main_name_match(e, t.surface) for e in known)
    exact = t.match != "spelling"
    hints = _hint_points(t, gaz) if t.admin_hint or t.district_hint else []
    inside = [bool(t.admin_hint) and gaz.admin1_matches(e, t.admin_hint or "") for e in t.candidates]
    out = []
    for e, admin_ok in zip(t.candidates, inside, strict=True):
        s, reasons = score_entry(e, wants=wants, focus=focus, admin_ok=admin_ok, anchors=anchors,
                                 mention=None if unknown else t.surface, regions=regions,
                                 main_elsewhere=main_elsewhere, exact=exact,
                                 hint_km=_nearest_hint(e, hints) if hints else None)
        rejected = None
        if not exact and not t.admin_hint and focus and not focus.get(e.country):
            rejected = f"a spelling variant in {e.country}, a country the text is not about"
        elif not admin_ok and any(inside):
            # a namesake elsewhere never beats one in the division the text names beside it
            rejected = f"not in {t.admin_hint}, the division named beside it"
        out.append(Candidate(e, s, tuple(reasons), rejected))
    return out


def _best(cands: Sequence[Candidate]) -> Candidate | None:
    """The highest score among candidates not rejected (the first of equals)."""
    best = None
    for c in cands:
        if c.rejected is None and (best is None or c.score > best.score):
            best = c
    return best


def _admin1_of_hint(t: Toponym, gaz: Gazetteer) -> str | None:
    """The admin1 division an admin hint ("Donetsk", "Hiraan") names, if unambiguous."""
    if not t.admin_hint:
        return None
    found = {e.admin1 for e in gaz.lookup(t.admin_hint, fuzzy=False)
             if e.feature == "region" and e.admin1 and e.admin1 == e.name}
    return found.pop() if len(found) == 1 else None


HINT_RADIUS_KM = 60.0  # how far a place may lie from the district seat or town named beside it


_PART_WORDS = frozenset({"area", "village", "town", "camp", "neighbourhood", "neighborhood", "suburb"})


def _mention_key(t: Toponym) -> str:
    """The name of a mention without a word that only says what it is: "Mirpur area" and
    "Mirpur" are one name ("Kherson region" and "Kherson" are not)."""
    words = norm(t.surface).split()
    if len(words) > 1 and words[-1] in _PART_WORDS:
        words.pop()
    return " ".join(words)


def _enclosing(t: Toponym, e: Entry, gaz: Gazetteer, focus: dict[str, float]) -> Entry | None:
    """The place named beside the mention as enclosing it ("the Mirpur area of Dhaka", "X,
    Bakhmut district") when the chosen entry lies more than ``HINT_RADIUS_KM`` from every
    place of that name: the text knows better than a namesake abroad."""
    if t.match != "exact" or e.feature != "place":
        return None
    for h in (t.district_hint, t.admin_hint):
        if not h or gaz.region_ids(h):
            continue  # a division the gazetteer has: _named_division's business
        ents = [x for x in gaz.lookup(h, fuzzy=False) if x.feature == "place"]
        if not ents or any(haversine_km(e.lat, e.lon, x.lat, x.lon) <= HINT_RADIUS_KM for x in ents):
            continue
        # the population and country priors of a bare mention of that place
        return max(ents, key=lambda x: math.log10(x.population + 10) + 4.0 * focus.get(x.country, 0.0)
                   - (LOW_PRIOR_PENALTY if x.dump is not None else 0.0))
    return None


def _named_division(t: Toponym, e: Entry, gaz: Gazetteer) -> Entry | None:
    """The first-level division named beside the mention ("X, Idlib province", "X in the Donetsk
    region") when the chosen place is not in it: the text knows better than a namesake."""
    if not t.admin_hint or t.match != "exact" or e.feature != "place" or gaz.admin1_matches(e, t.admin_hint):
        return None
    divisions = [r for r in gaz.regions(t.admin_hint) if r.admin1 == r.name]
    if len({r.country for r in divisions}) > 1:
        divisions = [r for r in divisions if r.country == e.country]
    if not divisions:
        return None
    r = divisions[0]
    if r.country == e.country and e.admin1 is None:
        return None  # a place whose division GeoNames does not give
    return r


def _region_votes(toponyms: Sequence[Toponym], first: Sequence[Candidate | None], keys: Sequence[str],
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
    for t, c, k in zip(toponyms, first, keys, strict=True):
        if c is None:
            continue
        e = c.entry
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


class _Context:
    """What a text establishes for resolving its toponyms: country weights, a first pass, the
    divisions its places vote for. ``candidates(k)`` scores toponym ``k`` in that context."""

    def __init__(self, toponyms: Sequence[Toponym], gaz: Gazetteer, focus: Sequence[str]) -> None:
        self.toponyms, self.gaz = toponyms, gaz
        self.weights = _focus_weights(toponyms, focus)
        self.first = [_best(_scored(t, gaz, self.weights, ())) for t in toponyms]
        self.keys = [_mention_key(t) for t in toponyms]
        self.votes = _region_votes(toponyms, self.first, self.keys, gaz, focus)

    def anchors(self, k: int) -> list[tuple[int, Entry]]:
        """The other places of the text (index, entry) that anchor toponym ``k``."""
        return [(j, c.entry) for j, c in enumerate(self.first)
                if c is not None and self.keys[j] != self.keys[k] and c.entry.feature == "place"][:50]

    def regions(self, k: int) -> dict[str, float]:
        return _regions_for(self.keys[k], self.votes)

    def candidates(self, k: int) -> list[Candidate]:
        anchors = [(e.lat, e.lon) for _, e in self.anchors(k)]
        return _scored(self.toponyms[k], self.gaz, self.weights, anchors, self.regions(k))

    def choose(self, k: int) -> Candidate | None:
        if len(self.toponyms[k].candidates) > 1:
            return _best(self.candidates(k))
        return self.first[k]

    def place(self, k: int) -> Place | None:
        c = self.choose(k)
        return None if c is None else _place(self.toponyms[k], c.entry, self.gaz, self.weights)


def _place(t: Toponym, e: Entry, gaz: Gazetteer, focus: dict[str, float]) -> Place:
    """The Place for toponym ``t`` resolved to ``e``: an unknown name, or a place outside the
    division (or far from the town) named beside it, gives that division or town (precision
    ``region``) under the mention's own surface."""
    precision = e.feature
    outer = _named_division(t, e, gaz) or _enclosing(t, e, gaz, focus)
    if outer is not None:
        e, precision = outer, "region"
    elif e.feature == "place" and t.match == "unknown":
        precision = "region"
    return Place(name=e.name, mention=t.surface, country=e.country, lat=e.lat, lon=e.lon,
                 precision=precision, admin1=e.admin1, geonames_id=e.geonames_id, span=t.span)


def resolve_toponyms(toponyms: Sequence[Toponym], gaz: Gazetteer, *, focus: Sequence[str] = ()) -> list[Place]:
    """One Place per toponym (same order), choosing among its candidates. ``focus`` holds
    country codes ("UA") and optionally first-level division names ("Donetsk Oblast")."""
    if not toponyms:
        return []
    return _resolve(_Context(toponyms, gaz, focus))


def _resolve(ctx: _Context) -> list[Place]:
    toponyms, gaz = ctx.toponyms, ctx.gaz
    out: list[Place] = []
    for k, t in enumerate(toponyms):
        c = ctx.choose(k) or Candidate(t.candidates[0], 0.0, ())
        out.append(_place(t, c.entry, gaz, ctx.weights))
    # "Vodiane, Pokrovsk district": a district named as the context of a place is a division,
    # even where the gazetteer only knows the town it is named after
    contexts = [t.context for t in toponyms if t.context]
    if contexts:
        for k, t in enumerate(toponyms):
            p = out[k]
            if p.precision == "place" and _names_area(t) and any(a <= t.span[0] and t.span[1] <= b
                                                                 for a, b in contexts):
                out[k] = Place(name=p.name, mention=p.mention, country=p.country, lat=p.lat, lon=p.lon,
                               precision="region", admin1=p.admin1, geonames_id=p.geonames_id, span=p.span)
    # one name, one place: a bare mention takes the place of a mention of the same name that
    # the text locates ("the Mirpur area of Dhaka ... the Mirpur march")
    located: dict[str, Place] = {}
    for k, t in enumerate(toponyms):
        if (t.admin_hint or t.district_hint) and ctx.keys[k] not in located:
            located[ctx.keys[k]] = out[k]
    if located:
        for k, t in enumerate(toponyms):
            p = located.get(ctx.keys[k])
            if p is not None and not (t.admin_hint or t.district_hint) and t.match == "exact" \
                    and (p.name, p.country) != (out[k].name, out[k].country):
                out[k] = Place(name=p.name, mention=t.surface, country=p.country, lat=p.lat, lon=p.lon,
                               precision=p.precision, admin1=p.admin1, geonames_id=p.geonames_id, span=t.span)
    return out


def explain(name: str, gaz: Gazetteer, *, country: str | None = None,
            near: tuple[float, float] | None = None) -> list[Candidate]:
    """Every candidate for ``name`` with its score and reasons, best first (a spelling variant
    outside ``country`` is marked rejected and listed last). ``explain_in_context`` scores a
    name in a text."""
    key = norm(name)
    exact = bool(gaz.ids_for_key(key))
    entries = gaz.lookup(name)
    focus = {country.upper(): 1.0} if country else None
    anchors = [near] if near else []
    out = []
    for e in entries:
        s, reasons = score_entry(e, wants=_wants(None, name), focus=focus, anchors=anchors, exact=exact,
                                 mention=name)
        rejected = None
        if not exact and focus and e.country not in focus:
            rejected = f"a spelling variant in {e.country}, not in {country}"
        out.append(Candidate(e, round(s, 2), tuple(reasons), rejected))
    out.sort(key=lambda c: (c.rejected is not None, -c.score))
    return out


def explain_in_context(name: str, text: str, gaz: Gazetteer, *, focus: Sequence[str] = ()) -> Explanation:
    """How ``name`` resolves in ``text``: recognition and resolution run on the text as the
    pipeline runs them (``focus`` as the pipeline's actor countries), and the mention of
    ``name`` is scored in that context. A name the text does not contain is scored as one
    more bare mention of it (a spelling variant when only its skeleton is known)."""
    toponyms = list(find_toponyms(text, gaz))
    key = norm(name)
    k = next((i for i, t in enumerate(toponyms) if norm(t.surface) == key or _mention_key(t) == key), None)
    mention: Toponym | None = toponyms[k] if k is not None else None
    if k is None:
        entries = gaz.lookup(name)
        if not entries:
            ctx = _Context(toponyms, gaz, focus) if toponyms else None
            return Explanation(name, None, dict(ctx.weights) if ctx else {}, {}, (), (), None,
                               f"no gazetteer entry for {name!r}" + ("" if toponyms else ", and no place in the text"),
                               tuple(resolve_toponyms(toponyms, gaz, focus=focus)))
        match = "exact" if gaz.ids_for_key(key) else "spelling"
        toponyms.append(Toponym((len(text), len(text) + len(name)), name, tuple(entries), None, None, None, match))
        k = len(toponyms) - 1
    ctx = _Context(toponyms, gaz, focus)
    cands = ctx.candidates(k)
    order = sorted(range(len(cands)), key=lambda i: (cands[i].rejected is not None, -cands[i].score, i))
    ranked = tuple(Candidate(cands[i].entry, round(cands[i].score, 2), cands[i].reasons, cands[i].rejected)
                   for i in order)
    resolved = _resolve(ctx)  # exactly what resolve_toponyms gives
    place = resolved[k] if ctx.choose(k) is not None else None
    t = toponyms[k]
    anchors = tuple(dict.fromkeys(f"{ctx.toponyms[j].surface} ({e.country})" for j, e in ctx.anchors(k)))
    others = tuple(p for j, p in enumerate(resolved) if j != k)
    return Explanation(name, mention, dict(ctx.weights), ctx.regions(k), anchors, ranked, place,
                       _why(t, ranked, place), others)


def _why(t: Toponym, ranked: Sequence[Candidate], place: Place | None) -> str:
    live = [c for c in ranked if c.rejected is None]
    if not live:
        return ("no candidate: " + "; ".join(f"{c.entry.name} ({c.entry.country}) is {c.rejected}"
                                             for c in ranked[:3]))
    win = live[0]
    e = win.entry
    lines = []
    if t.match == "unknown":
        lines.append(f"{t.surface!r} is in no gazetteer entry; the text names {t.admin_hint!r} beside it, so it "
                     f"resolves to that division, {e.name} ({e.country}), with precision region")
    elif len(live) == 1:
        lines.append(f"{e.name} ({e.country}) is the only candidate" + (" not rejected" if len(ranked) > 1 else ""))
    else:
        run = live[1]
        gained = [r for r in win.reasons if r not in run.reasons]
        lost = [r for r in run.reasons if r not in win.reasons]
        lines.append(f"{e.name} ({e.country}, {e.admin1 or '-'}) beats {run.entry.name} ({run.entry.country}, "
                     f"{run.entry.admin1 or '-'}) by {win.score - run.score:.2f}")
        if gained:
            lines.append("  for the winner: " + "; ".join(gained))
        if lost:
            lines.append("  for the runner-up: " + "; ".join(lost))
    for c in [c for c in ranked if c.rejected][:3]:
        lines.append(f"rejected: {c.entry.name} ({c.entry.country}), {c.rejected}")
    if place is not None and t.match == "exact" and (place.name != e.name or place.country != e.country) \
            and not (t.admin_hint or t.district_hint):
        lines.append(f"another mention of {t.surface!r} is located by what the text names beside it: resolved "
                     f"like it, to {place.name} ({place.country}), precision {place.precision}")
    elif place is not None and t.match == "exact" and (place.name != e.name or place.country != e.country):
        lines.append(f"{e.name} is not in (or near) what the text names beside it "
                     f"({', '.join(h for h in (t.district_hint, t.admin_hint) if h)}): resolved to "
                     f"{place.name} ({place.country}), precision region")
    elif place is not None and t.match == "exact" and e.feature == "place" and _names_area(t):
        lines.append(f"the mention names an administrative area the gazetteer does not have: {e.name}, the "
                     f"town it is named after" + (", with precision region as the context of another place"
                                                  if place.precision == "region" else ""))
    return "\n".join(lines)


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
        lines.append("        " + "; ".join(c.reasons) + (f"; REJECTED: {c.rejected}" if c.rejected else ""))
    if len(cands) > limit:
        lines.append(f"... {len(cands) - limit} more")
    return "\n".join(lines)


def format_explanation(x: Explanation, limit: int = 10) -> str:
    """A plain-text report of ``explain_in_context``: the mention, the context, the candidates
    and the verdict."""
    lines = []
    t = x.mention
    if t is None:
        lines.append(f"{x.name!r} is not a place mention in the text; scored as one more bare mention of it")
    else:
        extra = [f"cue {t.cue!r}" if t.cue else "no cue"]
        if t.admin_hint:
            extra.append(f"division named beside it {t.admin_hint!r}")
        if t.district_hint:
            extra.append(f"lower division {t.district_hint!r}")
        if t.match != "exact":
            extra.append(f"match {t.match}")
        lines.append(f"mention {t.surface!r} at {t.span[0]}-{t.span[1]}: " + ", ".join(extra))
    lines.append("countries of the text: " + (", ".join(f"{cc} {w:.2f}" for cc, w in
                                                       sorted(x.countries.items(), key=lambda kv: -kv[1]))
                                              or "none"))
    lines.append("divisions of the text: " + (", ".join(f"{a} {w:.2f}" for a, w in
                                                       sorted(x.divisions.items(), key=lambda kv: -kv[1]))
                                              or "none"))
    lines.append("other places: " + (", ".join(x.anchors) or "none"))
    lines.append("")
    lines.append(format_candidates(x.candidates, limit))
    lines.append("")
    if x.place is not None:
        p = x.place
        lines.append(f"resolved: {p.name} ({p.country}, {p.admin1 or '-'}) {p.lat}, {p.lon}, precision {p.precision}")
    lines.append(x.why)
    return "\n".join(lines)
