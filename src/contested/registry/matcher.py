"""Find actor and source mentions in text with the registry.

One compiled regex (a character trie of every registry phrase, lower-cased) finds the
*anchors*: names, demonyms, capitals, metonyms, aliases, people and generic phrases.
Each anchor is then grown by a few compositional patterns:

* ``Armenia's Defense Ministry``, ``the Armenian defence ministry``, ``Armenian forces``,
  ``Baku's claims``, ``Gaza's health ministry``: a name, place or demonym with a head noun
  whose role (government, military, police, civilians) the head decides;
* ``Russian-installed authorities``, ``officials installed by Moscow``: occupation authorities;
* ``the army of Mali``: head ``of`` name;
* ``M23 spokesman Lawrence Kanyuka``, ``Hamas fighters``: a group with a head noun;
* ``Palestinian gunmen``, ``Malian civilians``: a generic phrase qualified by a demonym;
* a trailing acronym in brackets: ``the Congolese army (FARDC)``.

Upper-case letters of a registry phrase must be upper-case in the text ("Hamas" matches
"Hamas" and "HAMAS", not "hamas"); lower-case phrases match in any case. In an all-caps
text, phrases marked ``strict`` (``US``, ``IS``, ``AA``) are not matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .loader import Entry, Registry

ROLE_NAMES = ("government", "military", "police", "civilians", "group", "organisation", "media", "generic")

# How a phrase names its entry.
NAME, DEMONYM, CAPITAL, METONYM, PLACE, ALIAS, PERSON, GENERIC = range(8)
_STATE_KINDS = ("state", "de_facto_state")


@dataclass(frozen=True)
class ActorMention:
    """A mention of an actor or source in a text, resolved against the registry.

    ``name`` is the canonical name for ``role``; for a generic phrase without a country
    it is a template ("Civilians", "Military Forces") that :func:`qualify` completes.
    ``metonym`` marks a place used for a government ("Baku", "the Kremlin").
    """

    span: tuple[int, int]
    mention: str
    entry_id: str
    role: str
    name: str
    actor_kind: str | None
    source_kind: str
    country: str | None
    metonym: bool = False
    generic: bool = False


# ------------------------------------------------------------------ head nouns by role
# Lower-case regex fragments; the text is matched lower-cased.
_AP = "['\u2019]"
_HEADS: dict[str, list[str]] = {
    "government": [
        r"ministry of (?:defen[cs]e|foreign affairs|the interior|interior|health|emergency situations"
        r"|emergencies|justice|information|internal affairs|security|communications?)",
        r"(?:defen[cs]e|foreign|interior|health|emergencies|emergency situations|emergency|information"
        r"|justice|home|security|internal affairs|war) ministry",
        rf"prosecutor general{_AP}s office", rf"prosecutor{_AP}s office", r"prosecutor general",
        r"prosecutors?",
        r"(?:foreign|defen[cs]e|interior|information|communications|prime|deputy) minister", r"ministers?",
        r"human rights ombudsman", r"ombuds(?:man|woman|person)", r"emergency services?", r"rescue service",
        r"health authorities", r"health officials", r"health department", r"health services?",
        r"investigative committee", r"national security service", r"security service", r"security council",
        r"intelligence(?: services?| agency| agencies)?", r"presidential administration", r"head of state",
        r"government(?: officials?| sources?| spokes(?:man|woman|person))?", r"authorities", r"officials?",
        r"side", r"statements?", r"president", r"presidency", r"prime minister", r"premier",
        r"leaders?(?:hip)?", r"administration", r"cabinet", r"parliament", r"lawmakers",
        r"spokes(?:man|woman|person|people|men)", r"envoys?", r"ambassadors?", r"embassy", r"diplomats?",
        r"foreign office", r"regime", r"junta", r"delegation", r"negotiators", r"mission", r"consulate",
        r"claims?", r"accusations?", r"denials?", r"version", r"narrative", r"state media", r"propaganda",
        r"general prosecutor", r"mayor", r"governor", r"authorit(?:y|ies)", r"commissioner",
    ],
    "military": [
        r"(?:military|army|armed forces|defen[cs]e forces) (?:spokes(?:man|woman|person)|command|chiefs?"
        r"|commanders?|officials?|sources?|officers?|headquarters|units?|general staff|leadership|statement"
        r"|troops|soldiers|patrols?|positions|posts?|columns?|convoys?|helicopters?|aircraft|operations?)",
        r"(?:military|armed|defen[cs]e|ground|naval|air|special|occupation|occupying|invading|security|border"
        r"|government|regular|federal) forces",
        r"air force", r"air defen[cs]es?", r"national guard", r"general staff", r"sabotage group",
        r"forces", r"troops", r"army", r"military", r"soldiers?", r"servicem(?:e|a)n", r"service members",
        r"troopers", r"artillery", r"(?:fighter )?jets", r"warplanes?", r"aircraft", r"navy", r"drones?",
        r"rockets?", r"missiles?", r"shelling", r"shells", r"(?:air ?|drone |missile )?strikes?",
        r"airstrikes?", r"tanks?", r"units?", r"commandos", r"paratroopers", r"marines", r"battalions?",
        r"brigades?", r"divisions?", r"regiments?", r"positions", r"gunships", r"helicopters?", r"warships?",
        r"border guards?", r"invasion", r"offensive", r"attacks?", r"bombardment", r"fire", r"gunfire",
        r"snipers?", r"defenders", r"command", r"commanders?", r"generals?", r"officers?", r"conscripts",
        r"reservists", r"patrols?", r"operations?", r"counteroffensive", r"counter-offensive", r"advance",
        r"bombing", r"raids?", r"mortars?", r"convoy", r"checkpoint",
    ],
    "police": [
        r"riot police", r"police(?: officers?| forces| units| force)?", r"policem(?:e|a)n",
        r"gendarm(?:es?|erie)",
        r"border police", r"traffic police", r"national police",
    ],
    "civilians": [
        r"civilians?", r"civilian population", r"villagers", r"residents", r"citizens", r"nationals",
        r"population", r"people", r"children", r"women", r"refugees", r"migrants", r"farmers", r"journalists",
        r"students", r"hostages", r"families",
    ],
}
_GROUP_HEADS = [
    r"fighters", r"militants", r"rebels", r"gunmen", r"members", r"militiam(?:e|a)n", r"militias?",
    r"commanders?", r"spokes(?:man|woman|person)", r"leaders?(?:hip)?", r"forces", r"units?", r"positions",
    r"statements?", r"officials", r"authorities", r"operatives", r"insurgents", r"guerrillas?", r"cells?",
    r"elements", r"columns?", r"commandos", r"attacks?", r"offensive", r"claims?", r"media office",
    r"media", r"channels?", r"affiliates?", r"loyalists", r"sympathi[sz]ers", r"suspects", r"chief",
    r"founder", r"movement", r"group", r"militants", r"troops", r"soldiers", r"mercenaries", r"combatants",
    r"drones?", r"rockets?", r"missiles?", r"shelling", r"raids?", r"ambush", r"government",
    r"administration",
    r"political bureau", r"politburo", r"armed wing", r"military wing", r"negotiators", r"delegation",
]
_TITLES = re.compile(r"(?:president|prime minister|premier|minister|spokes\w+|commander|leader|chief|general"
                     r"|colonel|envoy|ambassador|ombuds\w+|governor|mayor|founder)$")
_MODS = (r"(?:occupation|occupying|regular|elite|special|armed|allied|state|federal|national|local|regional"
         r"|foreign|defen[cs]e|interior|health|emergency|air|naval|border|security|ground"
         r"|pro-government|separatist|rebel|main|own|top|senior|official|retreating|advancing|invading"
         r"|enemy|new|former|acting|deputy|interim|transitional|current|chief|first|human rights|elite|the"
         r"|\d+(?:st|nd|rd|th))")


def _alt(parts: Iterable[str]) -> str:
    return "|".join(sorted(set(parts), key=lambda p: -len(p)))


def _heads_regex(possessive: bool, heads: dict[str, list[str]]) -> re.Pattern[str]:
    groups = "|".join(f"(?P<{role}>{_alt(h)})" for role, h in heads.items())
    lead = rf"(?:{_AP}s?)?\s+" if possessive else r"\s+"
    return re.compile(rf"{lead}(?:{_MODS}\s+){{0,3}}(?:{groups})(?!\w)")


_STATE_SUFFIX_POSS = _heads_regex(True, _HEADS)
_STATE_SUFFIX_ADJ = _heads_regex(False, _HEADS)
_GROUP_SUFFIX = _heads_regex(True, {"group": _GROUP_HEADS})
_INSTALLED = re.compile(r"-(?:installed|appointed|imposed)\s+(?:(?:occupation|proxy|local|regional|puppet"
                        r"|administration)\s+)?(?:authorities|officials?|administration|governors?|leaders?"
                        r"|heads?|mayors?|government|head of \w+)(?!\w)")
_INSTALLED_BY = re.compile(r"(?:(?:occupation|proxy|local|regional|puppet)\s+)?(?:authorities|officials?"
                           r"|administration|governors?|leaders?|heads?|mayors?|government|administrators)"
                           r"\s+(?:installed|appointed|imposed|put in place|backed|controlled)\s+by"
                           r"\s+(?:the\s+)?$")
_HEAD_OF = re.compile(rf"(?:(?P<government>{_alt(_HEADS['government'])})"
                      rf"|(?P<military>{_alt(_HEADS['military'])})"
                      rf"|(?P<police>{_alt(_HEADS['police'])}))\s+of\s+(?:the\s+)?$")
_PROXY = re.compile(r"-(?:backed|allied|aligned|linked|affiliated|sponsored|supported|based|born|run"
                    r"|controlled|held|occupied|annexed|made|built|supplied|brokered|led|funded|trained|friendly|leaning"
                    r"|speaking|style|era|bound|owned|flagged)(?!\w)")
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&/.-]{1,12})\)")
_PERSON_NAME = re.compile(r"\s+(?:[A-Z][\w'\u2019.-]*\s+){0,3}[A-Z][\w'\u2019-]+")
_MEDICAL = re.compile(r"health|hospital|medical|doctor|medic")
_PRO = re.compile(r"(?:pro|anti|non|ex)-$")
_REGION_BEFORE = re.compile(r"(?:latin|central|south|north|meso)\s+$")
_GEO_AFTER = re.compile(r"\s+(?:river|delta|basin|valley|desert|sea|gulf|strait|peninsula|lake)(?!\w)")
# Short acronyms that are also English words: not matched in an all-caps text.
CAPS_COMMON_WORDS = frozenset("""
a aa acted aid all am an ap art as at au be bras by can car care do dw eta eu fact far ft go he ism it
kia let mag map may me mend my nag no of ola on or pa rt sac sana sl so tak to up us we who
""".split())


@dataclass(frozen=True)
class _Phrase:
    entry_id: str
    role: str
    how: int
    original: str
    strict: bool


class _Index:
    """Compiled lookup structures for one registry."""

    def __init__(self, registry: Registry):
        self.phrases: dict[str, list[_Phrase]] = {}
        for entry in registry:
            for how, role, phrase in _phrases_of(entry):
                self._add(phrase, _Phrase(entry.id, role, how, phrase, phrase in entry.strict))
        for person in registry.people:
            for phrase in (person.name, *person.aliases):
                strict = len(phrase) <= 3
                self._add(phrase, _Phrase(person.entry, person.role, PERSON, phrase, strict))
        self.regex = re.compile(r"(?<![\w@#])(?:" + _trie_regex(self.phrases) + r")(?!\w)")

    def _add(self, phrase: str, rec: _Phrase) -> None:
        key = phrase.lower()
        if len(key) != len(phrase):
            return
        lst = self.phrases.setdefault(key, [])
        if all((p.entry_id, p.role, p.how) != (rec.entry_id, rec.role, rec.how) for p in lst):
            lst.append(rec)


def _phrases_of(entry: Entry) -> Iterable[tuple[int, str, str]]:
    first = entry.default_role
    if entry.kind in _STATE_KINDS:
        for n in entry.names:
            yield NAME, "government", n
        for n in entry.demonyms:
            yield DEMONYM, "government", n
        for n in entry.capitals:
            yield CAPITAL, "government", n
        for n in entry.metonyms:
            yield METONYM, "government", n
        for n in entry.places:
            yield PLACE, "government", n
        for role, info in entry.roles.items():
            yield ALIAS, role, info.name
    elif entry.kind == "generic":
        pass
    else:
        for n in entry.names:
            yield NAME, first, n
        for n in entry.demonyms:
            yield DEMONYM, first, n
        for role, info in entry.roles.items():
            if entry.kind != "media":
                yield ALIAS, role, info.name
    how = GENERIC if entry.kind == "generic" else ALIAS
    for role, phrases in entry.aliases.items():
        for p in phrases:
            yield how, role, p


def _trie_regex(keys: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


def _index(registry: Registry) -> _Index:
    idx = registry._index
    if idx is None:
        idx = _Index(registry)
        registry._index = idx
    return idx


def _case_ok(original: str, surface: str) -> bool:
    return all(not o.isupper() or s.isupper() for o, s in zip(original, surface, strict=False))


def _is_caps(text: str) -> bool:
    letters = [c for c in text[:4000] if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.8


# ------------------------------------------------------------------------------ matching

def find_actor_mentions(text: str, registry: Registry) -> list[ActorMention]:
    """Every actor/source mention in ``text``: non-overlapping, longest first, in text order."""
    if not text:
        return []
    idx = _index(registry)
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    caps = _is_caps(text)
    cands: list[tuple[int, int, ActorMention]] = []
    for m in idx.regex.finditer(lowered):
        start, end = m.span()
        surface = text[start:end]
        key = m.group()
        if caps and key in CAPS_COMMON_WORDS:
            continue
        recs = [p for p in idx.phrases[key] if (not caps or not p.strict) and _case_ok(p.original, surface)]
        if not recs:
            continue
        c = _resolve(text, lowered, start, end, recs, registry, idx, caps)
        if c is not None:
            cands.append(c)
    # non-overlapping, longest first
    cands.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken = bytearray(len(text))
    out: list[ActorMention] = []
    for s, e, men in cands:
        if any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        out.append(men)
    out.sort(key=lambda x: x.span)
    return out


def _pick(recs: list[_Phrase], registry: Registry) -> _Phrase:
    # a direct alias beats a name, beats a demonym...; among equals the last loaded (user) entry
    order = {ALIAS: 0, NAME: 1, PERSON: 2, METONYM: 3, CAPITAL: 4, DEMONYM: 5, PLACE: 6, GENERIC: 7}
    if len(recs) == 1:
        return recs[0]
    return min(reversed(recs), key=lambda p: order[p.how])


def _resolve(text: str, lowered: str, start: int, end: int, recs: list[_Phrase], registry: Registry,
             idx: _Index, caps: bool) -> tuple[int, int, ActorMention] | None:
    rec = _pick(recs, registry)
    entry = registry.entries[rec.entry_id]
    how = rec.how
    if _PRO.search(lowered, max(0, start - 4), start):
        return None
    if how == NAME and (_REGION_BEFORE.search(lowered, max(0, start - 8), start)
                        or _GEO_AFTER.match(lowered, end)):
        return None
    role = rec.role
    new_start, new_end = start, end
    metonym = False
    title_end: int | None = None
    if entry.kind in _STATE_KINDS and how in (NAME, DEMONYM, CAPITAL, METONYM, PLACE):
        if (mi := _INSTALLED.match(lowered, end)) is not None:
            role, new_end = "government", mi.end()
        elif (mb := _INSTALLED_BY.search(lowered, max(0, start - 70), start)) is not None and how != DEMONYM:
            role, new_start = "government", mb.start()
        elif _PROXY.match(lowered, end):
            return None
        else:
            suffix = (_STATE_SUFFIX_POSS if how in (NAME, CAPITAL, METONYM, PLACE) else _STATE_SUFFIX_ADJ)
            ms = suffix.match(lowered, end)
            if ms is not None and ms.lastgroup:
                role, new_end = ms.lastgroup, ms.end()
                if _TITLES.search(ms.group(ms.lastgroup)):
                    title_end = new_end
            elif how == NAME and (mh := _HEAD_OF.search(lowered, max(0, start - 60), start)) is not None \
                    and mh.lastgroup:
                role, new_start = mh.lastgroup, mh.start()
            elif how == DEMONYM:
                g = _generic_after(text, lowered, end, registry, idx, caps)
                if g is None:
                    return None
                gm, g_end = g
                mention = text[start:g_end]
                men = qualify(gm, entry.country, registry, entry_for_country=entry)
                men = ActorMention((start, g_end), mention, men.entry_id, men.role, men.name, men.actor_kind,
                                   men.source_kind, men.country, False, True)
                return start, g_end, men
            elif how == PLACE:
                return None
            elif how in (CAPITAL, METONYM):
                metonym = True
    elif entry.kind not in _STATE_KINDS and entry.kind != "generic" and how in (NAME, ALIAS, DEMONYM):
        if _PROXY.match(lowered, end):
            return None
        if entry.kind == "armed_group":
            ms = _GROUP_SUFFIX.match(lowered, end)
            if ms is not None:
                new_end = ms.end()
                if _TITLES.search(ms.group("group")):
                    title_end = new_end
    if title_end is not None and not caps:
        mp = _PERSON_NAME.match(text, title_end)
        if mp is not None:
            new_end = mp.end()
    ma = _ACRONYM.match(text, new_end)
    if ma is not None and ma.group(1).lower() in idx.phrases:
        new_end = ma.end()
    info = entry.roles.get(role) or entry.roles[entry.default_role]
    if role not in entry.roles:
        role = entry.default_role
    mention = text[new_start:new_end]
    source_kind = info.source_kind
    if role == "government" and _MEDICAL.search(lowered, new_start, new_end):
        source_kind = "medical"
    men = ActorMention(
        span=(new_start, new_end), mention=mention, entry_id=entry.id, role=role, name=info.name,
        actor_kind=info.actor_kind, source_kind=source_kind, country=entry.country,
        metonym=metonym, generic=entry.kind == "generic",
    )
    return new_start, new_end, men


def _generic_after(text: str, lowered: str, pos: int, registry: Registry, idx: _Index,
                   caps: bool) -> tuple[ActorMention, int] | None:
    """A generic phrase right after a demonym ("Palestinian gunmen")."""
    sp = pos
    while sp < len(lowered) and lowered[sp] in " \t":
        sp += 1
    if sp == pos or sp >= len(lowered):
        return None
    m = idx.regex.match(lowered, sp)
    if m is None:
        return None
    recs = [p for p in idx.phrases[m.group()] if p.how == GENERIC]
    if not recs:
        return None
    rec = recs[0]
    entry = registry.entries[rec.entry_id]
    info = entry.roles[rec.role]
    men = ActorMention((sp, m.end()), text[sp:m.end()], entry.id, rec.role, info.name, info.actor_kind,
                       info.source_kind, None, False, True)
    return men, m.end()


def qualify(mention: ActorMention, country: str | None, registry: Registry,
            entry_for_country: Entry | None = None) -> ActorMention:
    """A generic mention with its country filled in: "Civilians" -> "Civilians (Mali)",
    "Military Forces" -> the state's military role name. Others are returned unchanged."""
    if not mention.generic or country is None:
        return mention
    state = entry_for_country or registry.by_country(country)
    if state is None:
        return ActorMention(mention.span, mention.mention, mention.entry_id, mention.role, mention.name,
                            mention.actor_kind, mention.source_kind, country, mention.metonym, True)
    if mention.role in ("government", "military", "police", "civilians") and mention.role in state.roles:
        info = state.roles[mention.role]
        return ActorMention(mention.span, mention.mention, state.id, mention.role, info.name,
                            mention.actor_kind if mention.actor_kind is not None else None,
                            mention.source_kind, state.country, mention.metonym, True)
    label = state.label or country
    return ActorMention(mention.span, mention.mention, mention.entry_id, mention.role,
                        f"{mention.name} ({label})", mention.actor_kind, mention.source_kind, state.country,
                        mention.metonym, True)


# ------------------------------------------------------------------------------- explain

def explain(name: str, registry: Registry) -> list[ActorMention]:
    """How ``name`` resolves: the mentions the matcher finds in it, or, for an entry id,
    one mention per role of that entry."""
    found = find_actor_mentions(name, registry)
    if found:
        return found
    entry = registry.get(name.strip())
    if entry is None:
        return []
    return [ActorMention((0, len(name)), name, entry.id, role, info.name, info.actor_kind, info.source_kind,
                         entry.country, False, entry.kind == "generic")
            for role, info in entry.roles.items()]


def format_explanation(name: str, mentions: list[ActorMention], registry: Registry | None = None) -> str:
    """Human-readable lines for :func:`explain`'s result, for ``contested actors NAME``."""
    if not mentions:
        return f"{name!r}: no actor found in the registry"
    lines = []
    for m in mentions:
        flags = [f for f, on in (("metonym", m.metonym), ("generic", m.generic)) if on]
        lines.append(f"{m.mention!r} [{m.span[0]}:{m.span[1]}] -> {m.name}")
        lines.append(f"    entry {m.entry_id}, role {m.role}, actor kind {m.actor_kind or '-'}, "
                     f"source kind {m.source_kind}, country {m.country or '-'}"
                     + (f", {', '.join(flags)}" if flags else ""))
        if registry is not None:
            entry = registry.get(m.entry_id)
            if entry is not None and entry.origin:
                lines.append(f"    defined at {entry.origin}")
    return "\n".join(lines)
