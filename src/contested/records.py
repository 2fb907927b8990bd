"""Typed records that flow between stages.

Every record is a frozen dataclass. ``to_dict()`` gives the OUTPUT.md shape and
``from_dict()`` reads it back. Spans are ``(start, end)`` character offsets into
the article text, end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Span = tuple[int, int]

ACTOR_KINDS = (
    "state_forces", "rebel_group", "political_militia", "identity_militia", "rioters",
    "protesters", "civilians", "external_forces", "unidentified_armed_group",
)
SOURCE_KINDS = (
    "government", "state_forces", "armed_group", "international_org", "ngo", "media",
    "medical", "witnesses", "other",
)
STANCES = ("asserts", "denies")
PRECISIONS = ("place", "region", "country")
DATE_PRECISIONS = ("day", "week", "month")

# ACLED event_type -> sub_event_types (FORMAT.md, exactly)
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
SUB_TO_TYPE: dict[str, str] = {sub: et for et, subs in TAXONOMY.items() for sub in subs}


def _span(value: Any) -> Span | None:
    if value is None:
        return None
    start, end = value
    return (int(start), int(end))


def _list_span(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def text_id(text: str) -> str:
    """A stable id for an article without one: the first 16 hex of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """An input article. Only ``text`` is required; ``id`` defaults to a hash of the text."""

    text: str
    id: str = ""
    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str | None = None  # where it was read from ("path", "path:line", "<stdin>")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", text_id(self.text))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "text": self.text,
                             "published": self.published.isoformat() if self.published else None}
        for key in ("outlet", "title", "url", "language"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d


@dataclass(frozen=True)
class Place:
    """A resolved location: a gazetteer entry and the mention that named it."""

    name: str
    mention: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str = "place"
    admin1: str | None = None
    geonames_id: int | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "mention": self.mention, "country": self.country,
                "admin1": self.admin1, "lat": self.lat, "lon": self.lon,
                "geonames_id": self.geonames_id, "precision": self.precision,
                "span": _list_span(self.span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(name=d["name"], mention=d.get("mention", d["name"]), country=d.get("country"),
                   lat=d.get("lat"), lon=d.get("lon"), precision=d.get("precision", "place"),
                   admin1=d.get("admin1"), geonames_id=d.get("geonames_id"), span=_span(d.get("span")))


@dataclass(frozen=True)
class Actor:
    """An actor or a claim's source: canonical ``name`` (ACLED style), the ``mention`` in the
    text, ISO2 ``country`` and ``kind`` (an ACTOR_KINDS value for actors, a SOURCE_KINDS value
    for sources)."""

    name: str
    mention: str
    country: str | None = None
    kind: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "mention": self.mention, "country": self.country,
                "kind": self.kind, "span": _list_span(self.span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(name=d["name"], mention=d.get("mention", d["name"]), country=d.get("country"),
                   kind=d.get("kind"), span=_span(d.get("span")))


@dataclass(frozen=True)
class Claim:
    """Who says an event happened (``asserts``) or did not / was not theirs (``denies``)."""

    source: Actor | None
    stance: str = "asserts"
    hedged: bool = False
    fatalities: int | None = None
    injured: int | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source.to_dict() if self.source else None,
                             "stance": self.stance, "hedged": self.hedged}
        if self.fatalities is not None:
            d["fatalities"] = self.fatalities
        if self.injured is not None:
            d["injured"] = self.injured
        d["span"] = _list_span(self.span)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        src = d.get("source")
        return cls(source=Actor.from_dict(src) if src else None, stance=d.get("stance", "asserts"),
                   hedged=bool(d.get("hedged", False)), fatalities=d.get("fatalities"),
                   injured=d.get("injured"), span=_span(d.get("span")))


@dataclass(frozen=True)
class Event:
    """One incident at one place, with the claims made about it.

    ``spans`` holds the supporting span of each scalar field: ``trigger`` (the words that
    typed the event), ``date``, ``fatalities``, ``injured`` and ``weapons``.
    """

    event_type: str
    sub_event_type: str
    date: date | None = None
    date_precision: str | None = None
    location: Place | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    weapons: tuple[str, ...] = ()
    fatalities: int | None = None
    injured: int | None = None
    claims: tuple[Claim, ...] = ()
    evidence: tuple[Span, ...] = ()
    spans: dict[str, Span] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "weapons": list(self.weapons), "fatalities": self.fatalities, "injured": self.injured,
            "claims": [c.to_dict() for c in self.claims],
            "evidence": [list(s) for s in self.evidence],
            "spans": {k: list(v) for k, v in sorted(self.spans.items())},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            event_type=d["event_type"], sub_event_type=d["sub_event_type"],
            date=date.fromisoformat(d["date"]) if d.get("date") else None,
            date_precision=d.get("date_precision"),
            location=Place.from_dict(d["location"]) if d.get("location") else None,
            actor1=Actor.from_dict(d["actor1"]) if d.get("actor1") else None,
            actor2=Actor.from_dict(d["actor2"]) if d.get("actor2") else None,
            weapons=tuple(d.get("weapons") or ()), fatalities=d.get("fatalities"),
            injured=d.get("injured"),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims") or ()),
            evidence=tuple((int(a), int(b)) for a, b in d.get("evidence") or ()),
            spans={k: (int(v[0]), int(v[1])) for k, v in (d.get("spans") or {}).items()},
        )


@dataclass(frozen=True)
class Dropped:
    """Something a stage saw and did not keep, with the reason (never silently lost)."""

    stage: str
    what: str
    reason: str
    span: Span | None = None
    code: str = ""
    """A short reason code ("modal", "place-in-name", ...) where the stage gives one."""

    def to_dict(self) -> dict[str, Any]:
        out = {"stage": self.stage, "what": self.what, "reason": self.reason, "span": _list_span(self.span)}
        if self.code:
            out["code"] = self.code
        return out


@dataclass(frozen=True)
class Extraction:
    """The result for one article: OUTPUT.md's line, plus what was dropped and why."""

    id: str
    published: date | None
    events: tuple[Event, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self, *, with_dropped: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id,
                             "published": self.published.isoformat() if self.published else None,
                             "events": [e.to_dict() for e in self.events]}
        if self.warnings:
            d["warnings"] = list(self.warnings)
        if with_dropped:
            d["dropped"] = [x.to_dict() for x in self.dropped]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        pub = d.get("published")
        return cls(id=str(d["id"]), published=date.fromisoformat(pub[:10]) if pub else None,
                   events=tuple(Event.from_dict(e) for e in d.get("events") or ()),
                   warnings=tuple(d.get("warnings") or ()))
