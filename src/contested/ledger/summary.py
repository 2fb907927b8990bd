"""One merged ledger event from a cluster of mentions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from .merge import Mention, cluster_event_id, norm
from .tolls import ClaimRow, Parties, claims_of, tolls

_PREC_RANK = {"place": 0, "region": 1, "country": 2}
_DATE_RANK = {"day": 0, "week": 1, "month": 2}


def _strip(d: dict[str, Any] | None, drop: tuple[str, ...] = ("span",)) -> dict[str, Any] | None:
    if not d:
        return None
    return {k: v for k, v in d.items() if k not in drop}


def _mode(items: list[tuple[Any, tuple[Any, ...]]]) -> Any:
    """The most frequent key's value; ties go to the smallest tie-break tuple."""
    if not items:
        return None
    counts = Counter(k for k, _ in items)
    best = min(items, key=lambda kv: (-counts[kv[0]], kv[1]))
    return best[0]


def merged_event(cluster: Sequence[Mention]) -> dict[str, Any]:
    """The ledger event of a cluster (OUTPUT.md "Ledger export" shape)."""
    core = [m for m in cluster if not m.background] or list(cluster)
    eid = cluster_event_id(cluster)
    # types: the most reported sub-type (tie: alphabetical)
    sub = _mode([((m.event_type, m.sub_event_type), (m.event_type, m.sub_event_type)) for m in core])
    # date: the best-attested date of the finest precision
    dated = [m for m in core if m.date is not None]
    date_value: date | None = None
    date_prec: str | None = None
    if dated:
        rank = min(_DATE_RANK.get(m.date_precision or "day", 0) for m in dated)
        fine = [m for m in dated if _DATE_RANK.get(m.date_precision or "day", 0) == rank]
        date_value = _mode([(m.date, (m.date,)) for m in fine])
        date_prec = fine[0].date_precision
    # location: the most precise, then the most reported
    located = [m for m in core if m.precision is not None]
    location = None
    if located:
        rank = min(_PREC_RANK.get(m.precision or "place", 0) for m in located)
        fine = [m for m in located if _PREC_RANK.get(m.precision or "place", 0) == rank]
        keyed = [((m.place_id if m.place_id is not None else norm(m.place_name), m.country), (m.id,), m)
                 for m in fine]
        key = _mode([(k, t) for k, t, _ in keyed])
        same = [m for k, _, m in keyed if k == key]
        name = _mode([(m.place_name or "", (m.place_name or "",)) for m in same])
        rep = min((m for m in same if (m.place_name or "") == name), key=lambda m: m.id)
        location = _strip(rep.data.get("location"), ("span", "mention"))
    actors = []
    for role in ("actor1", "actor2"):
        cands = [(norm(m.data[role]["name"]), m) for m in core if m.data.get(role)]
        if not cands:
            actors.append(None)
            continue
        name = _mode([(n, (n,)) for n, _ in cands])
        rep = min((m for n, m in cands if n == name), key=lambda m: m.id)
        actors.append(_strip(rep.data[role], ("span", "mention")))
    weapons = sorted({w for m in cluster for w in (m.data.get("weapons") or ())})
    injured_counts = sorted(m.data["injured"] for m in core if m.data.get("injured") is not None)
    claims: list[ClaimRow] = []
    late: set[str] = {m.doc_id for m in cluster if m.background}
    for m in sorted(cluster, key=lambda m: (m.doc_id, m.idx)):
        claims.extend(claims_of(m))
    outlets = {m.doc_id: m.outlet for m in cluster}
    t = tolls(claims, Parties.of(cluster), outlets, background_docs=late)
    documents = sorted({m.doc_id for m in cluster})
    return {
        "id": eid,
        "event_type": sub[0], "sub_event_type": sub[1],
        "date": date_value.isoformat() if date_value else None, "date_precision": date_prec,
        "location": location, "actor1": actors[0], "actor2": actors[1],
        "weapons": weapons,
        "fatalities": t.fatalities(),
        "injured": injured_counts[(len(injured_counts) - 1) // 2] if injured_counts else None,
        "contested": t.contested,
        "n_sources": t.n_sources,
        "nonparty_source": t.nonparty_source,
        "claims": [c.to_dict() for c in claims],
        "documents": documents,
        "mentions": [m.id for m in cluster],
    }
