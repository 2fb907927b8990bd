"""Tolls, contestation and sources of a merged event.

Rules:

* Every claim keeps its own count. The counts of an event are the ``fatalities`` of its
  asserting claims; a report whose event has a count but none of whose claims carries
  one contributes that count as an *implicit* claim of its first asserting source (or,
  with no claim at all, of its outlet, kind ``media``).
* ``low`` / ``high``: the smallest / largest count. ``best``: the count of the most
  recent report (by article publication date) from a source that is not a party; when
  several such counts share that date, their lower median; with no non-party count,
  the lower median of all counts. ``null`` when no count was claimed.
* **Party**: a source is a party to the event when its name equals an actor's name
  (actor1 or actor2 of any report of the event), or when its kind is ``government``,
  ``state_forces`` or ``armed_group`` - or unknown - and its country is an actor's
  country. A ministry of a side is a party; a hospital, an NGO, a UN agency, a witness
  or a newspaper of that country is not.
* ``contested``: some claim has stance ``denies`` (the event, or the actor's part in it).
* ``n_sources``: distinct sources (by case-folded name; a claim without a source counts
  as its article's outlet). ``nonparty_source``: some source is not a party.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .merge import Mention, norm

PARTY_KINDS = frozenset({"government", "state_forces", "armed_group", None})


@dataclass(frozen=True)
class ClaimRow:
    """A claim as the ledger holds it: with its document and publication date."""

    doc_id: str
    published: date | None
    source: dict[str, Any] | None
    stance: str
    hedged: bool
    fatalities: int | None
    injured: int | None
    span: list[int] | None
    implicit: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"doc_id": self.doc_id, "source": self.source, "stance": self.stance,
                             "hedged": self.hedged}
        if self.fatalities is not None:
            d["fatalities"] = self.fatalities
        if self.injured is not None:
            d["injured"] = self.injured
        d["span"] = self.span
        if self.implicit:
            d["implicit"] = True
        return d


def claims_of(m: Mention) -> list[ClaimRow]:
    """The claims of one mention, plus an implicit one carrying an unattributed count."""
    ev = m.data
    rows = [ClaimRow(doc_id=m.doc_id, published=m.published, source=c.get("source"),
                     stance=c.get("stance", "asserts"), hedged=bool(c.get("hedged", False)),
                     fatalities=c.get("fatalities"), injured=c.get("injured"), span=c.get("span"))
            for c in ev.get("claims") or ()]
    count = ev.get("fatalities")
    if count is not None and not any(r.fatalities is not None for r in rows if r.stance == "asserts"):
        asserting = [r for r in rows if r.stance == "asserts"]
        if asserting:
            src = asserting[0].source
        else:
            src = {"name": m.outlet, "mention": m.outlet, "country": None, "kind": "media",
                   "span": None} if m.outlet else None
        rows.append(ClaimRow(doc_id=m.doc_id, published=m.published, source=src, stance="asserts",
                             hedged=False, fatalities=count, injured=ev.get("injured"), span=None,
                             implicit=True))
    return rows


@dataclass(frozen=True)
class Parties:
    names: frozenset[str]
    countries: frozenset[str]

    @classmethod
    def of(cls, mentions: Iterable[Mention]) -> Parties:
        names: set[str] = set()
        countries: set[str] = set()
        for m in mentions:
            for key in ("actor1", "actor2"):
                a = m.data.get(key)
                if not a:
                    continue
                if a.get("name"):
                    names.add(norm(a["name"]))
                if a.get("country"):
                    countries.add(a["country"])
        return cls(frozenset(names), frozenset(countries))

    def is_party(self, source: dict[str, Any] | None) -> bool:
        if not source:
            return False
        if source.get("name") and norm(source["name"]) in self.names:
            return True
        return source.get("kind") in PARTY_KINDS and source.get("country") in self.countries


def source_key(row: ClaimRow, outlets: dict[str, str | None]) -> str:
    if row.source and (row.source.get("name") or row.source.get("mention")):
        return norm(row.source.get("name") or row.source.get("mention"))
    outlet = outlets.get(row.doc_id)
    return f"outlet:{norm(outlet)}" if outlet else f"doc:{row.doc_id}"


@dataclass(frozen=True)
class Tolls:
    low: int | None
    best: int | None
    high: int | None
    contested: bool
    n_sources: int
    nonparty_source: bool

    def fatalities(self) -> dict[str, int] | None:
        if self.low is None:
            return None
        return {"low": self.low, "best": self.best, "high": self.high}  # type: ignore[dict-item]


def tolls(claims: Sequence[ClaimRow], parties: Parties, outlets: dict[str, str | None],
          background_docs: frozenset[str] | set[str] = frozenset()) -> Tolls:
    counted = [c for c in claims if c.stance == "asserts" and c.fatalities is not None]
    current = [c for c in counted if c.doc_id not in background_docs]
    counted = current or counted
    low = high = best = None
    if counted:
        values = [int(c.fatalities) for c in counted]  # type: ignore[arg-type]
        low, high = min(values), max(values)
        neutral = [c for c in counted if not parties.is_party(c.source)]
        if neutral:
            latest = max((c.published or date.min) for c in neutral)
            best = statistics.median_low(sorted(int(c.fatalities) for c in neutral  # type: ignore[arg-type]
                                                if (c.published or date.min) == latest))
        else:
            best = statistics.median_low(sorted(values))
    contested = any(c.stance == "denies" for c in claims)
    keys = {source_key(c, outlets) for c in claims}
    nonparty = any(not parties.is_party(c.source) for c in claims)
    return Tolls(low=low, best=best, high=high, contested=contested, n_sources=len(keys),
                 nonparty_source=nonparty)
