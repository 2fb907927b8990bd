"""Stage 5 — assembly: freeze event drafts into ``Event`` records.

Needs: the drafts from detection, the article (published date, outlet). Produces
``Event`` records with actor1/actor2, tolls per event and per claim, and a span for
every field; drafts that fail a rule (too old: background; no place) become ``Dropped``.

Spans: the components read the analysis text (``normalize``); ``to_original`` maps every
span of the events and of the dropped items back to the article's text, once, at the end.

Rules:
- sub-type: the highest trigger weight; territory changes are "Government regains
  territory" when actor1 is a state force, otherwise "Non-state actor overtakes territory".
- date: the draft's date; else that of the last dated event reported before it; else the
  publication date with precision ``week`` (the text gives no day).
- tolls: each claim keeps the latest count it gave; the event's toll is that of the first
  source (in text order) that gave one.
- claims: one per party and stance; the outlet is a source only when nobody else asserts.
- generic actors ("civilians", "police", "gunmen") take the country of the event's place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..records import SUB_TO_TYPE, Actor, Claim, Dropped, Event, Span
from .events import ClaimDraft, Detection, EventDraft, too_old
from .normalize import Normalized

# When trigger weights tie, the more specific sub-type wins.
_PRIORITY = [
    "Suicide bomb", "Chemical weapon", "Grenade", "Remote explosive/landmine/IED", "Air/drone strike",
    "Shelling/artillery/missile attack", "Excessive force against protesters", "Protest with intervention",
    "Violent demonstration", "Mob violence", "Sexual violence", "Abduction/forced disappearance",
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash", "Attack",
    "Peaceful protest", "Arrests", "Agreement", "Looting/property destruction",
    "Disrupted weapons use", "Headquarters or base established", "Non-violent transfer of territory",
    "Change to group/activity", "Other",
]
_RANK = {s: i for i, s in enumerate(_PRIORITY)}


def _trigger_words(d: EventDraft) -> str:
    return " ".join(getattr(w, "text", "") for w in d.weapon_matches)


def _sub_type(d: EventDraft, aerial: bool) -> str:
    best = max(d.weights.items(), key=lambda kv: (kv[1], -_RANK.get(kv[0], 99)))[0]
    if best == "Attack" and d.weights.get("Armed clash", 0) >= 2.0 and not (
            d.actor2 is not None and getattr(d.actor2, "actor_kind", None) == "civilians"):
        best = "Armed clash"  # "fighting ... that killed four people": the dead are the battle's, not an attack's
    if best == "Armed clash" and d.weights.get("Attack", 0) > 0 and d.one_sided and (
            d.actor2 is None or getattr(d.actor2, "actor_kind", None) == "civilians") and (
            d.actor1 is None or getattr(d.actor1, "actor_kind", None) != "state_forces"):
        # "gang members stormed the neighbourhood ... five people were killed": a raid that meets no
        # armed side is an attack on civilians (ACLED: a clash needs two armed, organised sides)
        best = "Attack"
    means = {k: v for k, v in d.weights.items() if SUB_TO_TYPE.get(k) == "Explosions/Remote violence" and v >= 2.0}
    if best == "Attack" and means:
        # the type follows the means: shelling that killed civilians is shelling (FORMAT.md)
        best = max(means.items(), key=lambda kv: (kv[1], -_RANK.get(kv[0], 99)))[0]
    if best in ("Shelling/artillery/missile attack", "Remote explosive/landmine/IED") and aerial \
            and not re.search(r"roadside|landmine|\bmine|IED|improvised|car bomb|planted", _trigger_words(d), re.I):
        best = "Air/drone strike"  # the type follows the means: missiles or bombs dropped by jets or drones
    if best in ("Government regains territory", "Non-state actor overtakes territory") and d.actor1 is not None:
        kind = getattr(d.actor1, "actor_kind", None)
        best = "Government regains territory" if kind == "state_forces" else "Non-state actor overtakes territory"
    return best


def _qualified(m, country: str | None, registry, *, as_source: bool) -> Actor:
    """An Actor record from a mention; a generic mention takes the country of the event's place
    ("civilians" at Barda -> "Civilians (Azerbaijan)")."""
    if getattr(m, "generic", False) and registry is not None and as_source and m.role not in (
            "government", "military", "police"):
        # a generic speaker is named by what it is: "Witnesses (Yemen)", "Medical sources (Yemen)"
        iso = m.country or country
        state = registry.by_country(iso) if iso else None
        label = _SOURCE_LABELS.get(m.source_kind or "", m.name)
        name = f"{label} ({state.label or iso})" if state is not None else label
        return Actor(name=name, mention=m.mention, country=iso, kind=m.source_kind, span=m.span)
    if getattr(m, "generic", False) and registry is not None and "(" not in m.name:
        from ..registry import qualify

        m = qualify(m, m.country or country, registry)
    kind = m.source_kind if as_source else m.actor_kind
    return Actor(name=m.name, mention=m.mention, country=m.country, kind=kind, span=m.span)


_SOURCE_LABELS = {"witnesses": "Witnesses", "medical": "Medical sources", "ngo": "Rights groups",
                  "other": "Local sources", "media": "Media"}


def _latest(tolls: list, kind: str):
    """A source's count: its highest (tolls are revised upwards; smaller figures in the same
    account are usually parts of the whole: "an 11-year-old boy died")."""
    vals = [t for t in tolls if t.kind == kind and t.value is not None]
    return max(vals, key=lambda t: (t.value, t.span[0])) if vals else None


def _party(m) -> object:
    """One claim per party: a state's government, ministries, forces and officials are one."""
    if m is None:
        return None
    if getattr(m, "generic", False) and m.role not in ("government", "military", "police"):
        return ("generic", m.name)
    return m.entry_id


def _claims(d: EventDraft, outlet: str | None, country: str | None, registry) -> list[tuple[Claim, ClaimDraft]]:
    from ..registry import qualify

    merged: dict[tuple, ClaimDraft] = {}
    for c in sorted(d.claims, key=lambda c: c.order):
        src = c.source
        if src is not None and getattr(src, "generic", False) and registry is not None \
                and src.role in ("government", "military", "police"):
            src = qualify(src, src.country or country, registry)
        key = (_party(src), c.stance)
        if key in merged:
            m = merged[key]
            m.hedged = m.hedged or c.hedged
            m.tolls.extend(c.tolls)
            m.spans.extend(sp for sp in c.spans if sp not in m.spans)
        else:
            merged[key] = ClaimDraft(src, c.stance, c.hedged, list(c.tolls), list(c.spans), c.order)
    asserting_named = any(c.source is not None and c.stance == "asserts" for c in merged.values())
    out = []
    for c in merged.values():
        if c.source is None or getattr(c.source, "entry_id", None) == "__outlet__":
            if c.source is None and (asserting_named or not outlet):
                continue
            span = getattr(c.source, "span", None)
            src = Actor(name=outlet or "the outlet", mention=getattr(c.source, "mention", None) or outlet or "",
                        country=None, kind="media", span=span)
        else:
            src = _qualified(c.source, country, registry, as_source=True)
        k = _latest(c.tolls, "killed")
        i = _latest(c.tolls, "injured")
        span = (min(s[0] for s in c.spans), max(s[1] for s in c.spans))
        out.append((Claim(source=src, stance=c.stance, hedged=c.hedged,
                          fatalities=k.value if k else None, injured=i.value if i else None, span=span), c))
    return out


_CIVILIAN_TARGET_RE = re.compile(r"\b(?:civilians?|residents?|people|person|villagers|passengers|hospitals?|homes|"
                                 r"houses|villages?|settlements?|markets?|schools?|residential)\b", re.I)


def _civilian_target(d: EventDraft, text: str, registry):
    """An attack whose reports name civilian people or buildings targets civilians."""
    if registry is None or not text:
        return None
    from ..registry import find_actor_mentions

    for a, b in sorted(d.evidence):
        m = _CIVILIAN_TARGET_RE.search(text, a, b)
        if m:
            template = next((x for x in find_actor_mentions("civilians", registry) if x.role == "civilians"), None)
            if template is None:
                return None
            return replace(template, span=(m.start(), m.end()), mention=m.group(0))
    return None


def assemble(det: Detection, *, published: date | None, outlet: str | None, registry=None, text: str = "",
             max_age_days: int = 42) -> tuple[list[Event], list[Dropped]]:
    events: list[Event] = []
    dropped: list[Dropped] = []
    for d in det.drafts:
        label = f"{d.family} event at {d.place.name if d.place else '?'}"
        if d.place is None:
            dropped.append(Dropped("assemble", label, "no place", d.trigger_span, code="no-place"))
            continue
        earlier = [k.date for k in det.drafts if k.date is not None and k.first_sentence < d.first_sentence]
        dm = d.date or (earlier[-1] if earlier else None)
        when = dm.date if dm is not None else published
        precision = (dm.precision if dm is not None else ("week" if published else None))
        if too_old(when, published, max_age_days):
            dropped.append(Dropped("assemble", label, f"dated {when}: background, not a new event",
                                   d.trigger_span, code="background"))
            continue
        if not any(c.stance == "asserts" for c in d.claims):
            dropped.append(Dropped("assemble", label, "only denied, never asserted", d.trigger_span,
                                   code="only-denied"))
            continue
        sub = _sub_type(d, any(w.implies == "Air/drone strike" for w in d.weapon_matches))
        country = d.place.country
        claims = _claims(d, outlet, country, registry)
        spans: dict[str, Span] = {}
        if d.trigger_span:
            spans["trigger"] = d.trigger_span
        if dm is not None and d.date is not None:
            spans["date"] = dm.span
        fat = inj = None
        # the event's toll: the first source in text order that gives one (the outlet's own
        # figure counts even when a named source is the claim shown)
        for cd in sorted(d.claims, key=lambda c: c.order):
            k = _latest(cd.tolls, "killed")
            if fat is None and k is not None and cd.stance == "asserts":
                fat, spans["fatalities"] = k.value, k.span
            i = _latest(cd.tolls, "injured")
            if inj is None and i is not None and cd.stance == "asserts":
                inj, spans["injured"] = i.value, i.span
        if sub == "Peaceful protest":
            fat = inj = None  # a protest with casualties is not peaceful: its counts belong elsewhere
            spans.pop("fatalities", None)
            spans.pop("injured", None)
        actor1, actor2 = d.actor1, d.actor2
        state = ("police", "military", "government")
        if sub == "Excessive force against protesters" and actor1 is not None and actor1.actor_kind == "protesters":
            # the force is the act: its author is actor1, the protesters its target (FORMAT.md)
            actor1, actor2 = (actor2 if actor2 is not None and actor2.role in state else None), actor1
        elif sub == "Protest with intervention" and actor1 is not None and actor1.role in state \
                and actor2 is not None and actor2.actor_kind == "protesters":
            actor1, actor2 = actor2, actor1  # the protest is the act; the police intervened (ACLED)
        if actor2 is None and d.family == "violence" and sub != "Armed clash":
            actor2 = _civilian_target(d, text, registry)
        weapons = tuple(sorted(d.weapons, key=lambda n: d.weapons[n][0]))
        if weapons:
            first = d.weapons[weapons[0]]
            spans["weapons"] = first
        events.append(Event(
            event_type=SUB_TO_TYPE[sub], sub_event_type=sub, date=when, date_precision=precision,
            location=d.place,
            actor1=_qualified(actor1, country, registry, as_source=False) if actor1 is not None else None,
            actor2=_qualified(actor2, country, registry, as_source=False) if actor2 is not None else None,
            weapons=weapons, fatalities=fat, injured=inj, claims=tuple(c for c, _ in claims),
            evidence=tuple(sorted(set(d.evidence))), spans=spans,
        ))
    return events, dropped


def _mention(text: str, nm: Normalized, span: Span | None, mapped: Span | None) -> str | None:
    """The words a mapped span names in the original: its original text when the analysis
    text there was rewritten ("Bar\\xadda" for "Barda"), else None (keep the mention)."""
    if span is None or mapped is None:
        return None
    orig = nm.original[mapped[0]:mapped[1]]
    return orig if orig != nm.text[span[0]:span[1]] and text == nm.text[span[0]:span[1]] else None


def _actor_to_original(a: Actor | None, nm: Normalized) -> Actor | None:
    if a is None or a.span is None:
        return a
    sp = nm.to_original(a.span)
    mention = _mention(a.mention, nm, a.span, sp)
    return replace(a, span=sp, mention=a.mention if mention is None else mention)


def to_original(events: list[Event], dropped: list[Dropped], nm: Normalized) -> tuple[list[Event], list[Dropped]]:
    """Every span of ``events`` and ``dropped`` mapped from the analysis text to the original
    (``nm.original``); a mention of rewritten words becomes the original's words, so that
    ``original[start:end]`` is always what a span names."""
    if nm.identity:
        return events, dropped
    out: list[Event] = []
    for e in events:
        loc = e.location
        if loc is not None and loc.span is not None:
            sp = nm.to_original(loc.span)
            mention = _mention(loc.mention, nm, loc.span, sp)
            loc = replace(loc, span=sp, mention=loc.mention if mention is None else mention)
        claims = tuple(replace(c, source=_actor_to_original(c.source, nm),
                               span=nm.to_original(c.span) if c.span is not None else None) for c in e.claims)
        out.append(replace(e, location=loc, actor1=_actor_to_original(e.actor1, nm),
                           actor2=_actor_to_original(e.actor2, nm), claims=claims,
                           evidence=tuple(sorted({nm.to_original(sp) for sp in e.evidence})),
                           spans={k: nm.to_original(v) for k, v in e.spans.items()}))
    drops: list[Dropped] = []
    for d in dropped:
        if d.span is None:
            drops.append(d)
            continue
        sp = nm.to_original(d.span)
        what = _mention(d.what, nm, d.span, sp)
        drops.append(replace(d, span=sp, what=d.what if what is None else what))
    return out, drops
