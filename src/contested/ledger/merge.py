"""Which reports are the same incident: blocking and clustering over mention records.

Pure functions over :class:`Mention` (one per event of one article); nothing here
touches the database, so every rule can be tested on its own.

The rules (also in the package docstring):

* **Candidate pair** (``compatible``): two mentions from *different* articles whose
  types are compatible, whose places are the same or near, whose date ranges meet
  and whose actors do not contradict each other.
  - type: the same ``event_type`` (for ``Strategic developments`` also the same
    sub-type); besides, ``Explosions/Remote violence`` pairs with ``Violence against
    civilians`` (a strike one side calls an attack on civilians) and ``Protests`` with
    ``Riots``. A clash (``Battles``) stays apart from a shelling nearby.
  - place: two resolved points (precision ``place``) at most ``merge_distance_km``
    apart, or the same gazetteer id / the same name in the same country. A
    ``region`` pairs with a region of the same name or with a place in that admin1;
    a ``country``-level mention pairs only with another country-level mention of the
    same country. A mention without a place pairs with nothing.
  - date: each mention covers a range of days: a day-precision date is that day, a
    week-precision date 3 days before to 6 days after it, a month-precision date the
    whole calendar month; an undated mention covers the ``background_days`` before its
    article's publication. Two ranges widened by ``date_window_days`` must overlap.
  - actors: the participants (actor1 and actor2, whatever their role) of one mention
    must share at least one with the other, unless either names none. Two actors
    match when their names are equal (case-folded) or their country and kind are.
* **Background**: a mention whose whole date range ends more than ``background_days``
  before its article's publication is background. It never creates a ledger event;
  it joins the existing event it best matches, if any (and then counts as a report).
* **Clusters**: within one connected component of the candidate graph, complete-linkage
  agglomerative clustering: the best-scoring pair of clusters is merged first (exact
  dates and nearer places score higher), and two clusters merge only when *every*
  cross pair is a candidate pair, so a chain (Monday-Tuesday-Wednesday) never becomes
  one event. Two groups that each have two or more reports agreeing on their own,
  different, day are kept apart (independent sources disagreeing by one day on a lone
  report are merged; two well-attested days are two incidents).
* Everything is a function of the *set* of mentions: mentions are sorted by id and
  ties broken by ids, so any ingestion order gives the same clusters, and the ledger
  event id is a hash of the mention id of the earliest-published member (ties: the
  smallest id), so it stays put when later reports join.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

CELL_DEG = 0.5
"""Side of a blocking cell in degrees (about 55 km of latitude, more than merge_distance_km)."""

TYPE_LINKS = frozenset({
    frozenset({"Explosions/Remote violence", "Violence against civilians"}),
    frozenset({"Protests", "Riots"}),
})

DEFAULT_BACKGROUND_DAYS = 10


@dataclass(frozen=True)
class MergeParams:
    """The tunables of merging (from Options plus the ledger's own)."""

    date_window_days: int = 1
    merge_distance_km: float = 25.0
    background_days: int = DEFAULT_BACKGROUND_DAYS

    def key(self) -> str:
        return f"w={self.date_window_days};km={self.merge_distance_km:g};bg={self.background_days}"


@dataclass(frozen=True)
class Mention:
    """One event as one article reports it, with what merging needs."""

    id: str
    doc_id: str
    idx: int
    event_type: str
    sub_event_type: str
    date: date | None
    date_precision: str | None
    d_lo: int | None  # ordinal day range the mention covers
    d_hi: int | None
    lat: float | None
    lon: float | None
    precision: str | None  # place / region / country / None (no location)
    country: str | None
    admin1: str | None
    place_name: str | None
    place_id: int | None
    actors: tuple[tuple[str, str | None, str | None], ...]  # (norm name, country, kind)
    background: bool = False
    published: date | None = None
    outlet: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def gridded(self) -> bool:
        return self.precision == "place" and self.lat is not None and self.lon is not None

    def cell(self) -> tuple[int, int] | None:
        if not self.gridded:
            return None
        return cell_of(self.lat, self.lon)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=65536)
def norm(text: str | None) -> str:
    """Case-folded, accent-free, single-spaced text for comparing names."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.casefold().replace("-", " ").split())


def cell_of(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lon / CELL_DEG), math.floor(lat / CELL_DEG))


def lon_cell_reach(lat: float, km: float) -> int:
    """How many cells east/west a point at ``lat`` must look to see ``km`` around it."""
    c = math.cos(math.radians(min(abs(lat) + CELL_DEG, 89.9)))
    return min(int(math.ceil(km / (111.32 * c * CELL_DEG))), int(360 / CELL_DEG))


def lat_cell_reach(km: float) -> int:
    return int(math.ceil(km / (110.57 * CELL_DEG)))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def mention_id(doc_id: str, idx: int) -> str:
    return "m-" + hashlib.sha256(f"{doc_id}\x1f{idx}".encode()).hexdigest()[:20]


def event_id_for(member_ids: Iterable[str]) -> str:
    return "ev-" + hashlib.sha256(min(member_ids).encode()).hexdigest()[:16]


def date_range(d: date | None, precision: str | None, published: date | None,
               params: MergeParams) -> tuple[int | None, int | None]:
    """The ordinal days a date of this precision may stand for (see module docstring)."""
    if d is None:
        if published is None:
            return (None, None)
        p = published.toordinal()
        return (p - params.background_days, p)
    o = d.toordinal()
    if precision == "week":
        return (o - 3, o + 6)
    if precision == "month":
        first = d.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return (first.toordinal(), nxt.toordinal() - 1)
    return (o, o)


def _actor_key(actor: dict[str, Any] | None) -> tuple[str, str | None, str | None] | None:
    if not actor:
        return None
    name = norm(actor.get("name") or actor.get("mention"))
    return (name, actor.get("country"), actor.get("kind"))


def make_mention(doc_id: str, idx: int, event: dict[str, Any], published: date | None,
                 outlet: str | None, params: MergeParams) -> Mention:
    """A Mention from one event in OUTPUT.md's dict shape (``Event.to_dict()``)."""
    d = date.fromisoformat(event["date"]) if event.get("date") else None
    prec = event.get("date_precision") or ("day" if d else None)
    lo, hi = date_range(d, prec, published, params)
    background = bool(published is not None and hi is not None and d is not None
                      and hi + params.background_days < published.toordinal())
    loc = event.get("location") or None
    actors = tuple(k for k in (_actor_key(event.get("actor1")), _actor_key(event.get("actor2")))
                   if k is not None)
    return Mention(
        id=mention_id(doc_id, idx), doc_id=doc_id, idx=idx,
        event_type=event["event_type"], sub_event_type=event["sub_event_type"],
        date=d, date_precision=prec if d else None, d_lo=lo, d_hi=hi,
        lat=loc.get("lat") if loc else None, lon=loc.get("lon") if loc else None,
        precision=(loc.get("precision") or "place") if loc else None,
        country=loc.get("country") if loc else None,
        admin1=loc.get("admin1") if loc else None,
        place_name=loc.get("name") if loc else None,
        place_id=loc.get("geonames_id") if loc else None,
        actors=actors, background=background, published=published, outlet=outlet, data=event,
    )


# ---------------------------------------------------------------- pairwise rules

def types_compatible(a: Mention, b: Mention) -> bool:
    if a.event_type == b.event_type:
        return a.event_type != "Strategic developments" or a.sub_event_type == b.sub_event_type
    return frozenset({a.event_type, b.event_type}) in TYPE_LINKS


def dates_compatible(a: Mention, b: Mention, params: MergeParams) -> bool:
    if a.d_lo is None or b.d_lo is None:
        return False
    w = params.date_window_days
    return a.d_lo - w <= b.d_hi and b.d_lo - w <= a.d_hi  # type: ignore[operator]


def _same_place(a: Mention, b: Mention) -> bool:
    if a.place_id is not None and a.place_id == b.place_id:
        return True
    return bool(a.place_name) and norm(a.place_name) == norm(b.place_name) and a.country == b.country


def place_relation(a: Mention, b: Mention, params: MergeParams) -> float | None:
    """None when the places cannot be one incident's, else a closeness in [0, 1]."""
    if a.precision is None or b.precision is None:
        return None
    if a.precision == "country" or b.precision == "country":
        if a.precision == b.precision == "country" and a.country and a.country == b.country:
            return 0.3
        return None
    if a.precision == "place" and b.precision == "place":
        if a.place_id is not None and a.place_id == b.place_id:
            return 1.0
        if not (a.gridded and b.gridded):
            return 1.0 if _same_place(a, b) else None
        if a.gridded and b.gridded:
            km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
            if km <= params.merge_distance_km:
                return 0.8 * (1.0 - km / max(params.merge_distance_km, 1e-9)) + 0.1
        return None
    # at least one region
    if a.country != b.country or not a.country:
        return None
    if a.precision == b.precision == "region":
        return 0.5 if _same_place(a, b) or (a.admin1 and norm(a.admin1) == norm(b.admin1)) else None
    region, place = (a, b) if a.precision == "region" else (b, a)
    names = {norm(region.place_name), norm(region.admin1)} - {""}
    return 0.4 if place.admin1 and norm(place.admin1) in names else None


def _actor_match(x: tuple[str, str | None, str | None], y: tuple[str, str | None, str | None]) -> bool:
    if x[0] and x[0] == y[0]:
        return True
    return bool(x[1] and x[2] and x[1] == y[1] and x[2] == y[2])


def actors_relation(a: Mention, b: Mention) -> float | None:
    """None when the actors contradict, 1.0 when all match, 0.5 when unknown or partial."""
    if not a.actors or not b.actors:
        return 0.5
    hits = sum(1 for x in a.actors if any(_actor_match(x, y) for y in b.actors))
    if hits == 0:
        return None
    return 1.0 if hits == len(a.actors) == len(b.actors) else 0.7


def pair_score(a: Mention, b: Mention, params: MergeParams) -> float | None:
    """None when a and b cannot be one incident; else a similarity used to order merges."""
    if a.doc_id == b.doc_id or not types_compatible(a, b) or not dates_compatible(a, b, params):
        return None
    geo = place_relation(a, b, params)
    if geo is None:
        return None
    act = actors_relation(a, b)
    if act is None:
        return None
    if a.date_precision == b.date_precision == "day":
        dscore = 1.0 if a.date == b.date else 0.5
    elif a.date is not None and b.date is not None:
        dscore = 0.4
    else:
        dscore = 0.2
    tscore = 1.0 if a.sub_event_type == b.sub_event_type else (0.7 if a.event_type == b.event_type else 0.4)
    return round(0.4 * dscore + 0.3 * geo + 0.15 * tscore + 0.15 * act, 9)


# ---------------------------------------------------------------- blocking

def _weeks(lo: int, hi: int) -> range:
    return range(lo // 7, hi // 7 + 1)


def candidate_pairs(mentions: Sequence[Mention], params: MergeParams) -> dict[tuple[int, int], float]:
    """Scores of every compatible pair (i < j by position), found by blocking on place and
    time: points by geo cell and week, everything else by country and week. Two mentions can
    only pair when their date ranges, widened by the window, overlap, so each mention is
    filed under every week its range touches and looks only in the weeks its widened range
    touches; never all pairs, and a town reported every day for years costs no more per
    mention than a town reported once."""
    grid: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    loose: dict[tuple[str | None, int], list[int]] = defaultdict(list)   # non-gridded, by country
    every: dict[tuple[str | None, int], list[int]] = defaultdict(list)   # all located, by country
    w = params.date_window_days
    for i, m in enumerate(mentions):
        if m.d_lo is None or m.precision is None:
            continue
        c = m.cell()
        for week in _weeks(m.d_lo, m.d_hi):  # type: ignore[arg-type]
            if c is not None:
                grid[(c[0], c[1], week)].append(i)
            else:
                loose[(m.country, week)].append(i)
            every[(m.country, week)].append(i)
    out: dict[tuple[int, int], float] = {}
    dy = lat_cell_reach(params.merge_distance_km)

    def consider(i: int, j: int) -> None:
        key = (i, j) if i < j else (j, i)
        if key in out or i == j:
            return
        a, b = mentions[key[0]], mentions[key[1]]
        if not dates_compatible(a, b, params):
            return
        s = pair_score(a, b, params) if a.id < b.id else pair_score(b, a, params)
        if s is not None:
            out[key] = s

    seen: set[tuple[int, int]] = set()
    for i, m in enumerate(mentions):
        if m.d_lo is None or m.precision is None:
            continue
        weeks = _weeks(m.d_lo - w, m.d_hi + w)  # type: ignore[operator]
        c = m.cell()
        if c is not None:
            dx = lon_cell_reach(m.lat, params.merge_distance_km)  # type: ignore[arg-type]
            for x in range(c[0] - dx, c[0] + dx + 1):
                for y in range(c[1] - dy, c[1] + dy + 1):
                    for week in weeks:
                        for j in grid.get((x, y, week), ()):
                            if j > i and (i, j) not in seen:
                                seen.add((i, j))
                                consider(i, j)
            for week in weeks:
                for j in loose.get((m.country, week), ()):
                    if (i, j) not in seen:
                        seen.add((i, j))
                        consider(i, j)
        else:
            for week in weeks:
                for j in every.get((m.country, week), ()):
                    if j != i and (i, j) not in seen:
                        seen.add((i, j))
                        consider(i, j)
    return out


def components(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components over positions 0..n-1 (union-find)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return list(groups.values())


# ---------------------------------------------------------------- clustering

def _day_support(members: Iterable[Mention]) -> dict[int, int]:
    days: dict[int, int] = defaultdict(int)
    for m in members:
        if m.date_precision == "day" and m.date is not None:
            days[m.d_lo] += 1  # type: ignore[index]
    return days


def _dates_conflict(a: list[Mention], b: list[Mention]) -> bool:
    """Two groups that each have 2+ reports on their own day, and share no day, are two
    incidents even though each pair of dates is within the window."""
    da, db = _day_support(a), _day_support(b)
    if not da or not db or set(da) & set(db):
        return False
    return max(da.values()) >= 2 and max(db.values()) >= 2


def cluster_component(mentions: Sequence[Mention], scores: dict[tuple[int, int], float]
                      ) -> list[list[Mention]]:
    """Complete-linkage agglomerative clustering of the non-background mentions of one
    component, then background mentions attached to their best cluster.

    ``scores`` maps position pairs (i < j) of ``mentions`` to pair scores. Positions must
    follow mention id order for the result to be order-independent (``cluster_all`` does so).
    """
    core = [i for i, m in enumerate(mentions) if not m.background]
    core_set = set(core)
    # cluster state keyed by representative position (the smallest member position)
    members: dict[int, list[int]] = {i: [i] for i in core}
    # linkage[a][b] = (count of candidate cross pairs, min score)
    linkage: dict[int, dict[int, tuple[int, float]]] = {i: {} for i in core}
    for (i, j), s in scores.items():
        if i in core_set and j in core_set:
            linkage[i][j] = (1, s)
            linkage[j][i] = (1, s)
    heap: list[tuple[float, int, int]] = []
    for a in core:
        for b, (_, s) in linkage[a].items():
            if a < b:
                heap.append((-s, a, b))
    heapq.heapify(heap)
    while heap:
        negs, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        cnt, s = linkage[a].get(b, (0, 0.0))
        if cnt != len(members[a]) * len(members[b]) or s != -negs:
            continue  # stale entry
        ma = [mentions[i] for i in members[a]]
        mb = [mentions[i] for i in members[b]]
        if _dates_conflict(ma, mb):
            continue
        keep, gone = (a, b) if a < b else (b, a)
        members[keep] = sorted(members[keep] + members.pop(gone))
        la, lb = linkage.pop(keep), linkage.pop(gone)
        la.pop(gone, None)
        lb.pop(keep, None)
        merged: dict[int, tuple[int, float]] = {}
        for nb in set(la) | set(lb):
            c1, s1 = la.get(nb, (0, math.inf))
            c2, s2 = lb.get(nb, (0, math.inf))
            merged[nb] = (c1 + c2, min(s1, s2))
            linkage[nb].pop(gone, None)
            linkage[nb][keep] = merged[nb]
        linkage[keep] = merged
        for nb, (cnt2, s2) in merged.items():
            if cnt2 == len(members[keep]) * len(members[nb]):
                heapq.heappush(heap, (-s2, min(keep, nb), max(keep, nb)))
    clusters = {rep: list(ms) for rep, ms in members.items()}
    # background mentions: attach to the best cluster they are compatible with entirely
    for i, m in enumerate(mentions):
        if not m.background:
            continue
        best: tuple[float, int] | None = None
        for rep, ms in members.items():
            worst = math.inf
            for j in ms:
                s = scores.get((i, j) if i < j else (j, i))
                if s is None:
                    worst = -1.0
                    break
                worst = min(worst, s)
            if worst >= 0 and (best is None or (-worst, rep) < (-best[0], best[1])):
                best = (worst, rep)
        if best is not None:
            clusters[best[1]].append(i)
        else:
            clusters[i] = [i]  # an orphan: all-background, no event
    return [[mentions[i] for i in sorted(ms)] for _, ms in sorted(clusters.items())]


@dataclass
class Clustering:
    """The result of clustering a set of mentions."""

    clusters: list[list[Mention]]          # each with >=1 non-background mention
    orphans: list[Mention]                  # background mentions that matched no event
    component_of: dict[str, str]            # mention id -> component id (smallest member id)


def cluster_all(mentions: Iterable[Mention], params: MergeParams) -> Clustering:
    """Cluster a closed set of mentions (a union of whole components)."""
    ms = sorted(mentions, key=lambda m: m.id)
    scores = candidate_pairs(ms, params)
    comps = components(len(ms), scores.keys())
    by_comp: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
    pos_comp: dict[int, int] = {}
    for ci, comp in enumerate(comps):
        for p in comp:
            pos_comp[p] = ci
    for (i, j), s in scores.items():
        by_comp[pos_comp[i]][(i, j)] = s
    clusters: list[list[Mention]] = []
    orphans: list[Mention] = []
    component_of: dict[str, str] = {}
    for ci, comp in enumerate(comps):
        comp = sorted(comp)
        local = {p: k for k, p in enumerate(comp)}
        sub = [ms[p] for p in comp]
        sub_scores = {(local[i], local[j]): s for (i, j), s in by_comp[ci].items()}
        cid = sub[0].id
        for m in sub:
            component_of[m.id] = cid
        for cl in cluster_component(sub, sub_scores):
            if all(m.background for m in cl):
                orphans.extend(cl)
            else:
                clusters.append(cl)
    clusters.sort(key=lambda cl: min(m.id for m in cl if not m.background))
    return Clustering(clusters=clusters, orphans=sorted(orphans, key=lambda m: m.id),
                      component_of=component_of)


def anchor(cluster: Sequence[Mention]) -> Mention:
    """The member that names a cluster: the earliest-published current (non-background)
    report, ties to the smallest mention id. Ingesting news in roughly the order it was
    published then keeps ledger ids stable as later reports join."""
    return min((m for m in cluster if not m.background),
               key=lambda m: (m.published or date.max, m.id))


def cluster_event_id(cluster: Sequence[Mention]) -> str:
    """The ledger id of a cluster: a hash of its anchor's mention id."""
    return event_id_for([anchor(cluster).id])
