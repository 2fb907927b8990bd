"""Stage 3 — event detection and typing, with the links that attribution gives.

Needs: segmentation, recognised mentions (triggers, places, actors, dates, tolls, weapons,
cues) and one Statement per sentence. Produces ``EventDraft`` records: one per incident,
place and family of incident, each with trigger weights per ACLED sub-type, actors, date,
weapons and the claims (source, stance, hedge, tolls, span) made about it, plus ``Dropped``
records for every trigger or place that did not become an event, with the reason.

Rules applied to each sentence, in order:

1. Photo captions, and triggers after a hypothetical, threat or background cue in their
   clause (or dated long before publication: "a 1994 war", "on October 7" months earlier)
   make no event.
2. A denial ("X denied targeting Barda") never creates an event: it adds a ``denies`` claim
   to the events at the places it names, else to recent events in which the denier is
   actor1, else to the events the text was just discussing.
3. A sentence whose triggers reach ``STRONG`` and that names places makes (or adds to) one
   event per place; each trigger speaks of its nearest place (a list of places is one
   unit), and a sentence may report a second incident of another kind ("killed 203 and
   arrested 51"). Places that only locate another ("40 km north of Kaya"), the speaker's
   place ("In Moscow, Putin said") and datelines do not count; a region or country gives
   way to a precise place in the same clause.
4. A strong trigger without a place continues the events under discussion, or waits for a
   following sentence that names places ("accused Baku of shelling two cities ... In
   Stepanakert a hospital was hit, in Shusha one person was killed"); an account that never
   gets a place goes to the region the article is about, if it names one repeatedly.
5. A sentence with a weak trigger, a toll, or an anaphor ("the attack", "the town") adds to
   the events at the places it names or to those under discussion; claims of
   responsibility attach to the last incident.
6. After the article: a capture absorbs the fighting for the same place and date;
   country-level summaries merge into the events in that country.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..lexicons.factuality import load_factuality
from ..records import SUB_TO_TYPE, Dropped, Place, Span
from ..registry.matcher import ActorMention
from .attribution import Source, Statement, load_lexicon
from .recognize.dates import DateMention
from .segment import Segmentation, Sentence

STRONG = 2.0  # a sentence whose trigger weights reach this can create an event
FAMILIES = {
    "Government regains territory": "territory", "Non-state actor overtakes territory": "territory",
    "Agreement": "agreement", "Arrests": "arrests",
    "Peaceful protest": "protest", "Protest with intervention": "protest",
    "Excessive force against protesters": "protest", "Violent demonstration": "riot",
    "Mob violence": "riot", "Change to group/activity": "strategic",
    "Disrupted weapons use": "strategic", "Headquarters or base established": "strategic",
    "Looting/property destruction": "looting", "Non-violent transfer of territory": "territory",
    "Other": "strategic",
}
# A place after these words only locates another place ("40 km north of Kaya").
_REFERENCE_RE = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+(?:edge\s+|outskirts\s+)?of|\bedge\s+of|\bkm\s+(?:\w+\s+)?of|"
    r"\bkilomet(?:re|er)s\s+(?:\w+\s+)?of|\bmiles\s+(?:\w+\s+)?of|(?<!withdrew\s)(?<!withdrawn\s)(?<!retreated\s)(?<!out\s)(?<!expelled\s)\bfrom|\btowards?|\bacross\s+from|"
    r"\bfacing|\bregional\s+capital,?|\bdistance\s+of|\bbetween|\babove|\boverlooking|\bnext\s+to|\bbanks?\s+of|\bshores?\s+of|"
    r"\bacross)\s+(?:the\s+)?(?:(?!(?:at|on|into|onto)\b)\w+\s+){0,2}$", re.I)
_BETWEEN_RE = re.compile(r"\bbetween\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
_PASSIVE_RE = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?\w+ed\b|\b(?:was|were|been)\s+(?:slain|shot|hurt)\b",
                         re.I)
"""A trigger in the passive ("passengers were killed")."""
_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# "..., a day after bandits abducted": a clause dated relative to the date before it
_RELATIVE_DAYS_RE = re.compile(r"\b(an?|one|the|two|three|four|five|six)\s+days?\s+(after|before)\s+"
                               r"(?:\w+\s+){0,4}$", re.I)
_TAKING_TYPES = frozenset({"Abduction/forced disappearance", "Looting/property destruction"})
"""Acts of taking away: their "from" phrase is the scene ("seized from a school in X")."""
# ... of which these give a landmark that is the incident's place when the text names no other
_LANDMARK_RE = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+(?:edge\s+|outskirts\s+)?of|\bedge\s+of|\bkm\s+(?:\w+\s+)?of|"
    r"\bkilomet(?:re|er)s\s+(?:\w+\s+)?of|\bmiles\s+(?:\w+\s+)?of|\bbetween|\babove|\boverlooking)"
    r"\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
# ... and after these, only when another place came first ("a compound in Muridke, outside Lahore").
_NEAR_RE = re.compile(r"(?:\boutside(?:\s+of)?|\bnear(?:by)?|\bclose\s+to|\bnot\s+far\s+from)\s+"
                      r"(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
_ANAPHORIC_EVENT_RE = re.compile(
    r"\b(?:the|this|that|these|those|its|their)\s+(?:\w+\s+){0,2}?(?:attacks?|strikes?|shelling|assault|"
    r"bombing|bombardment|raids?|killings?|massacre|operation|explosions?|blasts?|incidents?|"
    r"offensive|fighting|violence)\b", re.I)
_OWN_FORCES_RE = re.compile(
    r"\b(?:its|their|his|her|our)\s+(?:own\s+)?(?:\w+\s+)?(?:drones?|forces|troops|army|jets|aircraft|artillery|units?|"
    r"soldiers|fighters|missiles?|rockets?|men|navy|air force|gunners|warplanes)\b", re.I)
# "the city", "the camp's market": a place named earlier, so the sentence continues its event
_ANAPHORIC_PLACE_RE = re.compile(
    r"\b(?:the|that|this)\s+(?:same\s+)?(city|town|village|camp|site|plant|station|area|district|settlement|"
    r"facility|base|hospital|compound|dam|airport|port|bridge|market)(?:'s|’s)?\b", re.I)
_YEAR_RE = re.compile(r"\b(19\d\d|20\d\d)\b(?![-/]\d)")
# "In Moscow, Putin said ...": a sentence-initial place that frames the speaker
_SPEAKER_FRAME_RE = re.compile(r"^\s*(?:In|From|At|Speaking in|Speaking from)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$")
_TOLL_FAMILIES = ("violence", "territory", "protest", "riot")
# "In 2018, ...": a sentence that opens by setting a year sets it for the rest of its paragraph
_FRAME_YEAR_RE = re.compile(r"\W*(?:In|During|By|Back in)\s+(?:early\s+|late\s+|mid-)?(19\d\d|20\d\d)\b", re.I)
_CAPTION_RE = re.compile(r"^(?:©|\(c\)|photo\b|file photo|picture\b|image\b)", re.I)
_LATTER_RE = re.compile(r"\bthe latter\b", re.I)
_FORMER_RE = re.compile(r"\bthe former\b", re.I)
_CUMULATIVE_RE = re.compile(r"\b(?:since|so far this (?:year|month)|in total|nationwide|overall|"
                            r"over the past|in recent (?:weeks|months|years)|"
                            r"(?:in|during) the (?:past|last) (?:\w+ )?(?:days|week|weeks|month|months|year|years)|"
                            r"during the month)\b", re.I)


def family_of(sub: str) -> str:
    return FAMILIES.get(sub, "violence")


def _only(weights: Counter, family: str) -> Counter:
    """The trigger weights that belong to one family (a draft's family never changes)."""
    return Counter({k: v for k, v in weights.items() if family_of(k) == family})


@dataclass
class ClaimDraft:
    source: Source | None  # None: the outlet's own voice
    stance: str
    hedged: bool = False
    tolls: list = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    order: int = 0


@dataclass
class EventDraft:
    """A mutable draft, local to one run of ``detect``; assembly freezes it into an Event."""

    family: str
    place: Place | None
    weights: Counter = field(default_factory=Counter)
    trigger_span: Span | None = None
    date: DateMention | None = None
    actor1: Source | None = None
    actor2: Source | None = None
    weapons: dict[str, Span] = field(default_factory=dict)
    weapon_matches: list = field(default_factory=list)
    claims: list[ClaimDraft] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    first_sentence: int = 0
    paragraph: int = 0
    one_sided: bool = False  # every clash word of its sentences is one side's act ("stormed")

    def place_key(self) -> object:
        p = self.place
        if p is None:
            return None
        return p.geonames_id or (p.name.casefold(), round(p.lat or 0, 1), round(p.lon or 0, 1))

    def add_claim(self, source: Source | None, stance: str, hedged: bool, tolls: list, span: Span,
                  order: int) -> None:
        key = _party_key(source)
        for c in self.claims:
            if _party_key(c.source) == key and c.stance == stance:
                c.hedged = c.hedged or hedged
                c.tolls.extend(tolls)
                if span not in c.spans:
                    c.spans.append(span)
                return
        self.claims.append(ClaimDraft(source, stance, hedged, list(tolls), [span], order))
        if span not in self.evidence:
            self.evidence.append(span)


def _party_key(m: Source | None) -> object:
    if m is None:
        return None
    entry = getattr(m, "entry_id", None)
    if getattr(m, "generic", False):
        if getattr(m, "role", "") in ("government", "military", "police") and getattr(m, "country", None) is None:
            # "regional officials" and "the regional military administration" of one report: one
            # party (FORMAT.md: a ministry and a governor of one government make one claim)
            return ("generic", "state")
        return ("generic", getattr(m, "name", ""))
    return entry


def same_party(a: Source | None, b: Source | None) -> bool:
    if a is None or b is None:
        return False
    if getattr(a, "generic", False) or getattr(b, "generic", False):
        return False
    if a.entry_id == b.entry_id:
        return True
    return bool(a.country and a.country == b.country and getattr(a, "role", "") in (
        "government", "military", "police") and getattr(b, "role", "") in ("government", "military", "police"))


def _in(span: Span, lo: int, hi: int) -> bool:
    return lo <= span[0] and span[1] <= hi


@dataclass(frozen=True)
class Detection:
    drafts: tuple[EventDraft, ...]
    dropped: tuple[Dropped, ...]


class _Detector:
    def __init__(self, text: str, seg: Segmentation, mentions, statements: list[Statement],
                 published: date | None, max_age_days: int) -> None:
        self.text, self.seg, self.m, self.statements = text, seg, mentions, statements
        self.published, self.max_age = published, max_age_days
        self.drafts: list[EventDraft] = []
        self.dropped: list[Dropped] = []
        self.attachments: dict[Span, Span] = {}
        self.agents: dict[Span, tuple[Span, str]] = {}
        self.last_group: list[EventDraft] = []
        self.last_group_para = -1
        self.touch_para = -1  # the paragraph of the last sentence that added to an event
        self.unplaced: list[dict] = []  # incidents that never got a place of their own
        self.pending: dict | None = None
        self.last_date = None
        self.last_date_para = -1
        self.captions = self._caption_paragraphs()
        self.dateline_end = seg.dateline[1] if seg.dateline else 0
        self.background_places: set = set()  # places of incidents the article dates long ago
        self.old_frame_para = -1  # the paragraph a sentence opened with an old year ("In 2018, ...")
        self.setting: list[Place] = []  # places of a previous sentence that made no event ("In Kinshasa, ...")
        self.setting_para = -1

    # -- helpers -----------------------------------------------------------------
    def _caption_paragraphs(self) -> set[int]:
        out = set()
        for i, (a, b) in enumerate(self.seg.paragraphs):
            if _CAPTION_RE.match(self.text[a:b]):
                out.add(i)
        return out

    def _within(self, items, lo: int, hi: int) -> list:
        return items.within(lo, hi)

    def _weights(self, triggers, weapons) -> Counter:
        w: Counter = Counter()
        for t in triggers:
            w[t.sub_event_type] += t.weight
        for wp in weapons:
            if wp.implies and w:
                w[wp.implies] += 0.5
        return w

    def _places(self, sent: Sentence, st: Statement, first_trigger: int | None) -> list[Place]:
        s0, s1 = sent.span
        places = self.m.places.within(s0, s1)
        kept: list[Place] = []
        landmarks: list[tuple[Place, Dropped]] = []
        for p in places:
            if p.span[1] <= self.dateline_end:
                self.dropped.append(Dropped("events", p.mention, "dateline: where the report was filed", p.span))
                continue
            before = self.text[max(s0, p.span[0] - 45):p.span[0]]
            if any(re.fullmatch(r",?\s*(?:town|city|village|camp|district)?\s*\((?:[^()]{0,40},\s*)?|"
                                r",?\s+in\s+(?:the\s+)?",
                                self.text[q.span[1]:p.span[0]]) for q in places if q.span[1] <= p.span[0]):
                self.dropped.append(Dropped("events", p.mention, "admin context of the place named before it "
                                            "(\"Town (Region)\", \"Town, in Region\")", p.span,
                                            code="place-admin-context"))
                continue
            if self._second_of_between(p, places):
                # "the road between Sarmin and Idlib": the second end only bounds the stretch
                self.dropped.append(Dropped("events", p.mention, "place only locates another", p.span))
                continue
            ref = _REFERENCE_RE.search(before)
            if ref is not None and ref.group(0).lower().startswith("from") and self._taken_from(p):
                ref = None  # "abducted residents from the outskirts of Tsafe": where they were taken
            if ref is not None or (
                    _NEAR_RE.search(before) and any(q.span[1] <= p.span[0] <= q.span[1] + 30
                                                    for q in places if q is not p)):
                self.dropped.append(Dropped("events", p.mention, "place only locates another", p.span))
                if _LANDMARK_RE.search(before):
                    landmarks.append((p, self.dropped[-1]))
                continue
            if (st.explicit and st.verb_span and first_trigger is not None
                    and p.span[1] <= st.verb_span[0] < first_trigger
                    and (_SPEAKER_FRAME_RE.match(self.text[s0:p.span[0]])
                         or (self._of_speaker(p, st) and (
                             any(q.span[0] > st.verb_span[1] for q in places)
                             or _ANAPHORIC_PLACE_RE.search(self.text, st.verb_span[1], s1))))):
                # "In Moscow, Putin said ..."; "experts in Baku note that ... Hadrut" (but "local
                # officials in Sumy said shelling killed a woman": Sumy is the only place)
                self.dropped.append(Dropped("events", p.mention, "place of the speaker", p.span))
                continue
            kept.append(p)
        if not kept and landmarks:
            # "a camp on the western edge of Marib", "a village 10 km north of Kaya" with no other
            # place named: the landmark is the most precise place the text gives
            for p, record in landmarks:
                self.dropped.remove(record)
                kept.append(p)
        # a region or country is context when a more precise place shares its clause
        out = []
        for p in kept:
            if p.precision != "place":
                clause = next((c for c in sent.clauses if _in(p.span, *c)), sent.span)
                finer = [q for q in kept if q.precision == "place" and _in(q.span, *clause)
                         and (q.country == p.country or p.precision == "region")]
                if finer:
                    continue
            out.append(p)
        # one place once per sentence
        seen, uniq = set(), []
        for p in out:
            k = p.geonames_id or p.name
            if k not in seen:
                seen.add(k)
                uniq.append(p)
        return uniq

    def _of_speaker(self, p: Place, st: Statement) -> bool:
        """"Military experts in Baku note ...", "officials in Kyiv said ...": the place belongs
        to the speaker's description."""
        src = st.source
        span = getattr(src, "span", None)
        if span is None or span[1] > p.span[0]:
            return False
        words = self.text[span[0]:span[1]].lower().split()
        if words and words[-1].rstrip("s") in load_factuality().local_nouns \
                and re.fullmatch(r"\s+(?:of|in)\s+", self.text[span[1]:p.span[0]]):
            return False  # "residents of Debre Markos reported ...": local witnesses speak from the scene
        return bool(re.fullmatch(r"\s+(?:in|from|of|based in)\s+(?:the\s+)?", self.text[span[1]:p.span[0]]))

    def _second_of_between(self, p: Place, places: list[Place]) -> bool:
        """Is ``p`` the Y of "between X and Y" (X a place of the same sentence)?"""
        return any(q.span[1] <= p.span[0] and re.fullmatch(r"\s+and\s+(?:the\s+)?", self.text[q.span[1]:p.span[0]])
                   and _BETWEEN_RE.search(self.text, max(0, q.span[0] - 40), q.span[0]) for q in places)

    def _taken_from(self, p: Place) -> bool:
        """Is ``p`` attached (by the parse) to an act of taking people or goods away, whose "from"
        names the scene rather than an origin?"""
        at = self.attachments.get(p.span)
        return at is not None and any(t.span == at and t.sub_event_type in _TAKING_TYPES for t in self.m.triggers)

    @staticmethod
    def _in_speaker_frame(p: Place, st: Statement) -> bool:
        """Does ``p`` lie between the start of the statement's source and its verb of saying?"""
        span = st.source.span if st.explicit and st.source is not None else None
        return bool(span and st.verb_span and span[0] <= p.span[0] and p.span[1] <= st.verb_span[0])

    def _referent(self, sent: Sentence) -> Place | None:
        """The place "the dam", "the town" points back to: the latest earlier place whose name
        holds the same noun, else the latest earlier precise place (datelines aside)."""
        m = _ANAPHORIC_PLACE_RE.search(self.text, *sent.span)
        if m is None:
            return None
        head = m.group(1).lower()
        earlier = [p for p in self.m.places.within(max(self.dateline_end, sent.span[0] - 3000), sent.span[0])
                   if p.span[0] >= self.dateline_end]
        named = [p for p in earlier if head in p.mention.lower() or head in p.name.lower()]
        if named:
            return named[-1]
        precise = [p for p in earlier if p.precision == "place"]
        return precise[-1] if precise else None

    def _in_place_name(self, a) -> bool:
        """"Jenin refugee camp": a word of a place's name is not a party to the event."""
        return any(p.span[0] <= a.span[0] and a.span[1] <= p.span[1]
                   for p in self.m.places.within(a.span[0] - 60, a.span[1] + 60))

    def _statement_date(self, d, s0: int) -> bool:
        # "said on Thursday": when the statement was made (verbs in lexicons/attribution.yaml)
        return bool(load_lexicon().statement_date_re.search(self.text[max(s0, d.span[0] - 45):d.span[0]]))

    def _said_on(self, sent: Sentence):
        """The date a statement was made, as a last resort for the event's date."""
        return next((d for d in self.m.dates.within(*sent.span) if d.date is not None
                     and not getattr(d, "dateline", False)), None)

    def _date_for(self, sent: Sentence, anchor: int):
        s0, s1 = sent.span
        ds = [d for d in self.m.dates.within(s0, s1) if d.date is not None and not self._statement_date(d, s0)
              and not getattr(d, "dateline", False)]
        if ds:
            d = min(ds, key=lambda d: abs(d.span[0] - anchor))
            # "youths rioted on Wednesday, a day after bandits abducted residents": the act in the
            # "after" clause is that many days before the date its sentence gives
            rel = _RELATIVE_DAYS_RE.search(self.text, d.span[1], anchor) if d.span[1] <= anchor else None
            if rel is not None and d.precision == "day" and d.date is not None:
                n = _SMALL_NUMBERS[rel.group(1).lower()] * (-1 if rel.group(2).lower() == "after" else 1)
                return replace(d, date=d.date + timedelta(days=n), end=None)
            return d
        if self.last_date is not None and self.last_date_para == sent.paragraph:
            return self.last_date
        return None

    def _actor1(self, sent: Sentence, st: Statement, trig_start: int, family: str, clause: Span):
        if st.accused is not None:
            return st.accused
        if st.source is not None and getattr(st.source, "actor_kind", None) and (
                st.responsibility or _OWN_FORCES_RE.search(self.text, clause[0], clause[1])):
            return st.source  # "X claimed responsibility", "X said its drones destroyed ..."
        s0, s1 = clause
        acts = [a for a in self.m.actors.within(*sent.span) if a.actor_kind]
        source_span = getattr(st.source, "span", None) if st.explicit else None
        protest_like = family in ("protest", "riot")

        def eligible(a) -> bool:
            if source_span is not None and _in(a.span, *source_span):
                return False
            if a.actor_kind in ("civilians",):
                return False
            if a.actor_kind in ("protesters", "rioters") and not protest_like:
                return False
            # "QUETTA, Pakistan -" says where the report was filed, not who acted
            return not self._locative_state(a) and a.span[0] >= self.dateline_end

        if protest_like:
            # in a protest the protesters act (ACLED actor1); the police who break it up are actor2
            marchers = [a for a in acts if a.actor_kind in ("protesters", "rioters") and eligible(a)]
            if marchers:
                return marchers[0]
        near = [(abs(span[0] - trig_start), who) for span, who in self.agents.items() if s0 <= span[0] < s1]
        agent = min(near, key=lambda x: x[0])[1] if near else None
        if agent is not None:
            (a0, a1), words = agent
            doers = [a for a in acts if a0 <= a.span[0] and a.span[1] <= a1 and eligible(a)
                     and not (protest_like and a.role in ("police", "military", "government"))]
            if doers:
                return doers[0]  # the subject of the act: "Houthi fighters shelled ..."
            if protest_like and not any(a0 <= a.span[0] and a.span[1] <= a1 and a.role in ("police", "military")
                                        for a in acts):
                # "garment workers marched": protesters the registry does not name (ACLED: Protesters (X))
                kind = "rioters" if family == "riot" else "protesters"
                return ActorMention((a0, a1), words, f"agent:{kind}", kind, kind.capitalize(), kind, "witnesses",
                                    None, False, True)
        before = [a for a in acts if a.span[0] <= trig_start and a.span[0] >= s0 and eligible(a)]
        named = [a for a in before if not a.generic and trig_start - a.span[1] <= 60]
        if named:
            return named[-1]
        if before:
            return before[-1]
        # passive: "... was hit by Russian artillery"; "clashes between the RSF and the SAF"
        after = self.text[trig_start:s1]
        mby = re.search(r"\b(?:by|between)\s+", after)
        if mby:
            pos = trig_start + mby.end()
            for a in acts:
                if pos <= a.span[0] <= pos + 30 and eligible(a):
                    return a
        before_sent = [a for a in acts if a.span[1] <= trig_start and eligible(a)]
        if before_sent:
            return before_sent[-1]
        src = st.source if st.explicit else None
        if src is not None and getattr(src, "role", "") in ("group", "military") and _in(src.span, *sent.span):
            return src  # "M23 declared the liberation of Goma", "the army said it struck"
        return None

    def _locative_state(self, a) -> bool:
        """"South Sudan's Jonglei state", "Pakistan's south-western Balochistan province": a
        country named in the possessive before one of its places locates, it does not act."""
        if not re.match(r"['’]s\s", self.text[a.span[1]:a.span[1] + 3]) or a.role != "government":
            return False
        return any(a.span[1] < p.span[0] <= a.span[1] + 30 for p in self.m.places.within(a.span[1], a.span[1] + 60))

    def _actor2(self, sent: Sentence, trig_start: int, actor1, family: str, speaker=None):
        speaker_span = getattr(speaker, "span", None)
        acts = [a for a in self.m.actors.within(*sent.span) if a.actor_kind
                and not (speaker_span is not None and _in(a.span, *speaker_span))
                and not self._in_place_name(a)]
        if family == "protest":
            # the police or troops who broke it up ("police fired tear gas at the marchers")
            return next((a for a in acts if a is not actor1 and a.role in ("police", "military")
                         and not same_party(a, actor1)), None)
        for a in acts:
            if a.span[0] >= trig_start and a.actor_kind == "civilians":
                return a
        for a in acts:
            if a.actor_kind == "civilians":
                return a
        if family in ("violence", "territory"):
            for a in acts:
                if a is not actor1 and not same_party(a, actor1) and a.actor_kind not in (
                        "civilians", "protesters", "rioters") and a.span[0] > trig_start \
                        and a.role in ("military", "police", "group"):
                    return a
        if family == "riot":
            for a in acts:
                if a.span[0] > trig_start and a.role == "police":
                    return a
        return None

    def _cue_blocks(self, sent: Sentence, trig) -> str | None:
        clause = next((c for c in sent.clauses if _in(trig.span, *c)), sent.span)
        if self.published is not None:
            near = [d for d in self.m.dates.within(*clause) if d.date is not None]
            if near:
                nearest = min(near, key=lambda d: abs(d.span[0] - trig.span[0]))
                if too_old(nearest.end or nearest.date, self.published, self.max_age):
                    return "background"  # "abducted from the festival on October 7" (months before)
            for m in _YEAR_RE.finditer(self.text, clause[0], clause[1]):
                if int(m.group(1)) < self.published.year - (1 if self.published.month <= 2 else 0):
                    return "background"  # "a 1994 war", "the 2014 offensive"
        if self.old_frame_para == sent.paragraph and not [d for d in self.m.dates.within(*sent.span)
                                                          if d.date is not None]:
            return "background"  # "In 2018, Trump spoke ... He met the parents of a man detained in ..."
        for c in self.m.cues.within(*sent.span):
            if c.kind not in ("irrealis", "background"):
                continue
            if c.text == "May" and (re.search(r"\d\s*$", self.text[max(0, c.span[0] - 4):c.span[0]])
                                    or re.match(r"\s*\d", self.text[c.span[1]:c.span[1] + 4])):
                continue  # the month ("On 12 May 2023"), not the modal
            scope = getattr(c, "scope", "before")
            if scope == "sentence" and _in(c.span, *sent.span):
                return c.kind
            if not _in(c.span, *clause):
                continue
            if scope == "before" and c.span[1] <= trig.span[0] and trig.span[0] - c.span[1] <= 80:
                return c.kind
            if scope == "after" and c.span[0] >= trig.span[1] and c.span[0] - trig.span[1] <= 80:
                return c.kind
        return None

    # -- main loop ---------------------------------------------------------------
    def run(self) -> Detection:
        for sent, st in zip(self.seg.sentences, self.statements, strict=True):
            self.sentence(sent, st)
        self._place_unplaced()
        drafts = merge_drafts(self.drafts, self.dropped)
        for d in drafts:
            clash = [t for t in self.m.triggers if t.sub_event_type == "Armed clash"
                     and any(a <= t.span[0] < b for a, b in d.evidence)]
            d.one_sided = bool(clash) and all(t.one_sided for t in clash)
        return Detection(tuple(drafts), tuple(self.dropped))

    def sentence(self, sent: Sentence, st: Statement) -> None:
        s0, s1 = sent.span
        triggers = self._within(self.m.triggers, s0, s1)
        if sent.paragraph in self.captions:
            for t in triggers:
                self.dropped.append(Dropped("events", self.text[t.span[0]:t.span[1]], "photo caption", t.span))
            return
        frame = _FRAME_YEAR_RE.match(self.text, s0, s1)
        if frame is not None and self.published is not None:
            old = int(frame.group(1)) < self.published.year - (1 if self.published.month <= 2 else 0)
            self.old_frame_para = sent.paragraph if old else -1
        kept = []
        for t in triggers:
            why = self._cue_blocks(sent, t)
            if why:
                self.dropped.append(Dropped("events", self.text[t.span[0]:t.span[1]],
                                            f"{why} context, not an event", t.span))
            else:
                kept.append(t)
        background = len(kept) < len(triggers) and any(
            d.reason.startswith("background") for d in self.dropped[-(len(triggers) - len(kept)):])
        triggers = kept
        weapons = self._within(self.m.weapons, s0, s1)
        all_tolls = self._joined(self._within(self.m.tolls, s0, s1))
        tolls = [t for t in all_tolls if t.kind != "casualties" and (not t.subset or self._place_part(sent, t))]
        tolls = [t for t in tolls if not _CUMULATIVE_RE.search(self.text[t.span[1]:min(s1, t.span[1] + 60)])]
        weights = self._weights(triggers, weapons)
        strong = sum(weights.values()) >= STRONG
        first_trigger = min((t.span[0] for t in triggers), default=None)
        places = self._places(sent, st, first_trigger)
        dates_here = [d for d in self.m.dates.within(s0, s1) if d.date is not None and not self._statement_date(d, s0)
                      and not getattr(d, "dateline", False)]
        keys = {EventDraft(family="", place=p).place_key() for p in places}
        if background:
            self.background_places |= keys
        elif triggers and keys and keys <= self.background_places and not dates_here \
                and _ANAPHORIC_EVENT_RE.search(self.text, s0, s1):
            # "the 2004 bombing of the base in Bouake" ... "France responded to the Bouake attack"
            for t in triggers:
                self.dropped.append(Dropped("events", t.text, "background context, not an event: the same "
                                            "incident as an earlier one in the past", t.span))
            triggers, weights, strong = [], Counter(), False
        if dates_here:
            self.last_date, self.last_date_para = dates_here[-1], sent.paragraph

        if st.stance == "denies" and st.source is not None:
            self._deny(sent, st, places)
            return
        if st.stance is None:
            return
        sentence_text = self.text[s0:s1]
        # "the attack", "the town": the sentence refers back to the events just discussed
        anaphor_event = bool(_ANAPHORIC_EVENT_RE.search(sentence_text))
        anaphor = anaphor_event or bool(_ANAPHORIC_PLACE_RE.search(sentence_text))
        pending = self.pending if (self.pending is not None
                                   and sent.paragraph - self.pending["sent"].paragraph <= 1) else None
        known = [p for p in places if self._draft_at(p) is not None]
        if strong and not places and self.setting and self.setting_para == sent.paragraph \
                and not (self.last_group and self.last_group_para == sent.paragraph):
            places = list(self.setting)  # "In Kinshasa, anger boiled over. Crowds stormed ..."
        if strong and places:
            actor1 = None
            base = Counter()
            own = weights.most_common(1)[0][0]
            waiting = pending["weights"].most_common(1)[0][0] if pending is not None and pending["weights"] else None
            if pending is not None and waiting is not None and waiting != own and sum(weights.values()) >= STRONG:
                pending = None  # the sentence reports an incident of its own ("retirees rallied peacefully")
            if pending is not None:
                pending["used"] = True
                base = pending["weights"]
                actor1 = pending["actor1"]
                if not st.explicit:
                    st = pending["st"]
                self.pending = None
            self._create(sent, st, triggers, weights, weapons, tolls, places, actor1=actor1, base=base)
        elif strong:
            top_family = family_of(weights.most_common(1)[0][0])
            anaphoric = (bool(_ANAPHORIC_EVENT_RE.search(sentence_text) or _ANAPHORIC_PLACE_RE.search(sentence_text))
                         or st.responsibility) and \
                any(d.family == top_family for d in self.last_group)
            referent = None if self.last_group else self._referent(sent)
            # "Four passengers were killed and six wounded, according to a district official": a
            # count in the passive with no one named as its agent is the toll of the incident just
            # reported, not another incident
            toll_only = bool(tolls) and sent.paragraph - self.touch_para <= 1 and all(
                _PASSIVE_RE.search(self.text, max(s0, t.span[0] - 12), t.span[1]) and t.span not in self.agents
                for t in triggers)
            if self.last_group and (self.touch_para == sent.paragraph or anaphoric or toll_only):
                self._continue(sent, st, weights, weapons, tolls, triggers, self._targets(sent))
            elif referent is not None:
                # "Russian troops had mined the dam": the dam named earlier, on the day given there
                ref_sent = self.seg.sentence_at(referent.span[0])
                ref_date = self._date_for(ref_sent, referent.span[0]) if ref_sent is not None else None
                self._create(sent, st, triggers, weights, weapons, tolls, [referent], date=ref_date)
            else:
                trig = min(triggers, key=lambda t: t.span[0])
                fam = family_of(weights.most_common(1)[0][0])
                clause = next((c for c in sent.clauses if _in(trig.span, *c)), sent.span)
                self.pending = {"weights": weights, "st": st, "sent": sent,
                                "actor1": self._actor1(sent, st, trig.span[0], fam, clause),
                                "trigger": trig, "weapons": weapons, "tolls": tolls}
                self.unplaced.append(self.pending)
                self.dropped.append(Dropped("events", self.text[trig.span[0]:trig.span[1]],
                                            "no place yet: pending", trig.span))
        elif (triggers or all_tolls) and places and pending is not None:
            p = pending
            p["used"] = True
            src_st = st if st.explicit else p["st"]
            self._create(sent, src_st, triggers or [p["trigger"]], weights, weapons + p["weapons"], tolls, places,
                         actor1=p["actor1"], base=p["weights"])
            self.pending = None
        elif (triggers or all_tolls) and known:
            # the sentence adds to the events at the places it names
            drafts = []
            for p in known:
                d = self._draft_at(p)
                if d not in drafts:
                    drafts.append(d)
            self._continue(sent, st, weights, weapons, tolls, triggers, drafts)
        elif triggers and places and self.last_group and sent.paragraph - self.last_group_para <= 1:
            # more places hit in the same series ("Among the places hit were ... in Muridke"): the
            # series is the latest event of the same type as the sentence's own words
            own_type = SUB_TO_TYPE[weights.most_common(1)[0][0]]
            series = [d for d in self.drafts if SUB_TO_TYPE.get(_top(d)) == own_type] or self.last_group
            last = series[-1]
            own_kind = sum(weights.values()) >= STRONG and family_of(_top(last)) == family_of(
                weights.most_common(1)[0][0]) and weights.most_common(1)[0][0] != _top(last)
            # a sentence that types its own incident keeps its type ("retirees rallied peacefully"
            # after a protest broken up with tear gas); else it is one more of the series
            self._create(sent, st, triggers, weights, weapons, tolls, places, actor1=last.actor1, date=last.date,
                         base=Counter() if own_kind else last.weights)
        elif (triggers or all_tolls or anaphor_event or st.responsibility) and not places and self.last_group \
                and (self.touch_para == sent.paragraph or anaphor or st.responsibility
                     or (tolls and sent.paragraph - self.touch_para <= 2)):
            targets = self._targets(sent)
            if _ANAPHORIC_PLACE_RE.search(sentence_text) and len(targets) > 1 and \
                    self.last_group_para != sent.paragraph:
                targets = targets[-1:]
            day = next((d for d in dates_here if d.precision == "day"), None)
            own = family_of(weights.most_common(1)[0][0]) if weights else None
            other_day = [d for d in targets if day is not None and d.date is not None and d.date.date
                         and d.date.precision == "day" and day.date != d.date.date and d.family == own]
            if other_day and triggers:
                # "On Friday, the plant was hit": the same place on another day is another incident
                self._create(sent, st, triggers, weights, weapons, tolls, [other_day[0].place],
                             base=other_day[0].weights, date=day)
            else:
                self._continue(sent, st, weights, weapons, tolls, triggers, targets)
        elif triggers and not places:
            for t in triggers:
                self.dropped.append(Dropped("events", self.text[t.span[0]:t.span[1]],
                                            "weak trigger without place", t.span))
        if places and not strong and not triggers:
            # "A spokesman, reached by telephone in Kigali, said ...": a place inside the speaker's
            # description (between the source and its verb of saying) sets no scene
            scene = [p for p in places if not self._in_speaker_frame(p, st)]
            self.setting, self.setting_para = scene, sent.paragraph
        else:
            self.setting = []

    def _joined(self, tolls: list) -> list:
        """Counts of one kind joined by "and" add up: "12 soldiers and 3 militiamen were killed"."""
        out: list = []
        for t in sorted(tolls, key=lambda t: t.span[0]):
            prev = out[-1] if out else None
            if prev is not None and prev.kind == t.kind and prev.value and t.value and not prev.subset \
                    and not t.subset and re.fullmatch(r"\s+(?:[\w-]+\s+){1,3}and\s+",
                                                     self.text[prev.span[1]:t.span[0]]):
                out[-1] = replace(prev, value=prev.value + t.value, span=(prev.span[0], t.span[1]),
                                  text=self.text[prev.span[0]:t.span[1]])
            else:
                out.append(t)
        return out

    def _place_part(self, sent: Sentence, toll) -> bool:
        """"13 of the dead were killed in Bahawalpur": a part of a larger toll that is the whole
        toll of a place named in the same clause (not "35 children among the dead")."""
        clause = next((c for c in sent.clauses if _in(toll.span, *c)), sent.span)
        if not re.match(r"\s+of\s+(?:the|them|those)\b", self.text[toll.span[1]:toll.span[1] + 12]):
            return False
        return any(p.span[0] > toll.span[1] for p in self.m.places.within(*clause))

    def _claim(self, d: EventDraft, sent: Sentence, st: Statement, tolls: list) -> None:
        """Add the sentence's claim(s) to a draft; clauses with their own source keep their own tolls."""
        if not st.parts:
            d.add_claim(st.source, "asserts", st.hedged, tolls, sent.span, sent.index)
            return
        bounds = [sent.span[0]] + [p.span[0] for p in st.parts] + [sent.span[1]]
        speakers = [(st.source, "asserts", st.hedged)] + [(p.source, p.stance or "asserts", p.hedged) for p in st.parts]
        for (src, stance, hedged), a, b in zip(speakers, bounds, bounds[1:], strict=False):
            d.add_claim(src, stance, hedged, [t for t in tolls if a <= t.span[0] < b], (a, b), sent.index)

    def _focus(self) -> Place | None:
        """The region or country the article is about: the one it names most often (datelines
        aside), provided it names it at least twice."""
        counts: Counter = Counter()
        first: dict[object, Place] = {}
        for p in self.m.places:
            if p.precision in ("region", "country") and p.span[1] > self.dateline_end:
                key = p.geonames_id or p.name
                counts[key] += 1
                first.setdefault(key, p)
        if not counts:
            return None
        key, n = counts.most_common(1)[0]
        return first[key] if n >= 2 else None

    def _specific(self, account: dict) -> bool:
        """Does an account without a place still name a specific incident: a toll, or a day?
        ("attacks, abductions and rape" in a humanitarian summary name neither.)"""
        return any(t.value for t in account["tolls"]) or self._dated_to_day(account)

    def _place_unplaced(self) -> None:
        """An incident the text never places ("scuffles along the contact line") is put at the
        region or country the article is about, with that precision, if the article has one."""
        if not self.unplaced:
            return
        focus = self._focus()
        keys = {d.place_key() for d in self.drafts if d.place is not None and d.place.precision == "place"}
        town = None
        if focus is None and len(keys) == 1:
            # every incident the article places is in one town: an account it never places but
            # dates to a day ("on Wednesday, about 200 traders marched to the commissioner's
            # office") happened there too
            town = next(d.place for d in self.drafts if d.place is not None and d.place.precision == "place")
        if focus is None and town is not None:
            for p in self.unplaced:
                if p.get("used"):
                    continue
                if self._dated_to_day(p):
                    self._place_at(p, town)
                else:
                    t = p["trigger"]
                    self.dropped.append(Dropped("events", self.text[t.span[0]:t.span[1]],
                                                "no place and no day of its own", t.span))
            return
        if focus is None:
            for p in self.unplaced:
                t = p["trigger"]
                self.dropped.append(Dropped("events", self.text[t.span[0]:t.span[1]], "no place in the text", t.span))
            return
        for p in self.unplaced:
            if p.get("used"):
                continue
            if not self._specific(p):
                t = p["trigger"]
                self.dropped.append(Dropped("events", self.text[t.span[0]:t.span[1]],
                                            "no place, no toll and no day: not a specific incident", t.span))
                continue
            self._place_at(p, focus)

    def _dated_to_day(self, account: dict) -> bool:
        sent = account["sent"]
        return any(d.date is not None and d.precision == "day" and not getattr(d, "dateline", False)
                   and not self._statement_date(d, sent.span[0]) for d in self.m.dates.within(*sent.span))

    def _place_at(self, p: dict, place: Place) -> None:
        """A draft at ``place`` for an account that named none."""
        fam = family_of(p["weights"].most_common(1)[0][0])
        sent, st = p["sent"], p["st"]
        dm = self._date_for(sent, p["trigger"].span[0])
        draft = self._find(fam, place, dm)
        if draft is None:
            draft = EventDraft(family=fam, place=place, trigger_span=p["trigger"].span, date=dm,
                               first_sentence=sent.index, paragraph=sent.paragraph)
            self.drafts.append(draft)
        draft.weights.update(_only(p["weights"], fam))
        draft.actor1 = draft.actor1 or p["actor1"]
        for w in p["weapons"]:
            draft.weapons.setdefault(w.name, w.span)
            draft.weapon_matches.append(w)
        self._claim(draft, sent, st, p["tolls"] if fam in _TOLL_FAMILIES else [])

    def _previous_date(self, event_type: str | None = None):
        """An undated incident reported after a dated one of its type shares its date ("Hours
        earlier, missiles slammed into Ganja")."""
        dated = [d for d in self.drafts if d.date is not None]
        same = [d for d in dated if event_type and SUB_TO_TYPE.get(_top(d)) == event_type]
        return (same or dated)[-1].date if (same or dated) else None

    def _draft_at(self, place: Place) -> EventDraft | None:
        key = EventDraft(family="", place=place).place_key()
        for d in reversed(self.drafts):
            if d.place_key() == key:
                return d
        return None

    def _create(self, sent, st, triggers, weights, weapons, tolls, places, actor1=None, date=None,
                base: Counter | None = None) -> None:
        """One event per place, and per family of incident the sentence reports ("killed 203
        and arrested 51": an attack and arrests)."""
        base = base or Counter()
        by_family: Counter = Counter()
        for sub, w in (weights + base).items():
            by_family[family_of(sub)] += w
        top_family = family_of((weights + base).most_common(1)[0][0])
        if by_family.get("violence", 0) >= STRONG and (
                top_family in ("looting", "strategic") or (weights + base).most_common(1)[0][0] == "Mob violence") and \
                any(t.kind == "killed" and t.value for t in tolls):
            # "burning houses and killing eight people" is an attack; so is "armed youths attacked a
            # cattle camp, killing nine herders": one act, not a riot beside an attack
            top_family = "violence"
            by_family.pop("riot", None)
        families = [top_family] + [f for f, w in by_family.items()
                                   if f != top_family and w >= STRONG and f in _SECOND_FAMILIES]
        owner = {p.span: family_of(t.sub_event_type) for p in places for t in triggers
                 if self.attachments.get(p.span) == t.span}
        if top_family == "protest" and "arrests" in families:
            # arrests at a protest are how it was broken up: one protest with intervention (ACLED)
            families.remove("arrests")
            weights = weights + Counter({"Protest with intervention": weights.get("Arrests", 0)})
        group: list[EventDraft] = []
        # a place the parse attaches to an act that makes no event here ("arrested three men in
        # Wajir after they were found with camels stolen from herders in Moyale") is that act's
        own_places = [p for p in places if owner.get(p.span) is None or owner[p.span] in families] or places
        for fam in families:
            fam_triggers = [t for t in triggers if family_of(t.sub_event_type) == fam] or triggers
            fam_places = own_places
            if len(families) > 1 and owner and any(f == fam for f in owner.values()):
                # "marched through Mirpur ..., while a worker was shot dead in Gazipur": each kind
                # of incident takes the places attached to its own words
                fam_places = [p for p in own_places if owner.get(p.span) == fam]
            if len(families) > 1 and owner and not any(f == fam for f in owner.values()):
                # "intelligence from the scene of the airstrike led to arrests in Irbil": the place
                # is the arrests'; the air strike is the one already reported, if there is one
                earlier = [d for d in self.drafts if d.family == fam]
                if earlier:
                    self._continue(sent, st, _only(weights, fam), [], [], fam_triggers, [earlier[-1]])
                    group.append(earlier[-1])
                    continue
                # "youths blocked a roundabout in Gusau ..., a day after bandits abducted residents
                # from Tsafe": the places no other kind of incident holds
                fam_places = [p for p in own_places if p.span not in owner] or own_places
            group.extend(self._create_family(sent, st, fam_triggers, _only(weights, fam), weapons, tolls, fam_places,
                                             fam, actor1, date, _only(base, fam)))
        self.last_group, self.last_group_para = group, sent.paragraph
        self.touch_para = sent.paragraph

    def _create_family(self, sent, st, triggers, weights, weapons, tolls, places, fam, actor1,
                       date=None, base: Counter | None = None) -> list[EventDraft]:
        """Drafts for one family; ``base`` are weights carried from a pending account or a series
        (they apply to every place), ``weights`` the sentence's own (each to its nearest place)."""
        group: list[EventDraft] = []
        clauses_with_places = {c for c in sent.clauses if any(_in(p.span, *c) for p in places)}
        # each trigger speaks of the place nearest to it ("fired missiles at sites in Pakistan,
        # ... after gunmen killed 26 people near Pahalgam"); a place with none takes them all
        # (a list of places, "Tartar and Barda", "Bahawalpur, Muzaffarabad and Kotli", is one unit)
        unit = list(range(len(places)))
        for k in range(1, len(places)):
            gap = self.text[places[k - 1].span[1]:places[k].span[0]]
            if re.fullmatch(r",?\s*(?:and\s+|or\s+)?", gap):
                unit[k] = unit[k - 1]
        inherited = Counter(base or {})
        nearest: dict[int, set] = {}
        for t in triggers:
            if places and weights.get(t.sub_event_type):
                i = min(range(len(places)), key=lambda k: abs(places[k].span[0] - t.span[0]))
                nearest.setdefault(unit[i], set()).add(t.sub_event_type)
        for index, p in enumerate(places):
            if unit[index] not in nearest or len(nearest) == 1:
                p_weights = weights + inherited
            else:
                p_weights = inherited + Counter({k: v for k, v in weights.items() if k in nearest[unit[index]]})
            clause = next((c for c in sent.clauses if _in(p.span, *c)), sent.span)
            trig_in = [t for t in triggers if _in(t.span, *clause)] or triggers
            trig = min(trig_in, key=lambda t: abs(t.span[0] - p.span[0]))
            if len(clauses_with_places) > 1:
                c_tolls = [t for t in tolls if _in(t.span, *clause)]
                c_weapons = [w for w in weapons if _in(w.span, *clause)] or weapons
            else:
                c_weapons = weapons
                if len(places) == 1 or len(set(unit)) == 1 and len(places) == 1:
                    c_tolls = tolls
                elif len(set(unit)) > 1:
                    # a count goes to the nearest place when the places are not one list
                    c_tolls = [t for t in tolls if t.value == 0 or unit[min(
                        range(len(places)), key=lambda k: abs(places[k].span[0] - t.span[0]))] == unit[index]]
                else:
                    c_tolls = [t for t in tolls if t.value == 0]
            if fam not in _TOLL_FAMILIES:
                c_tolls = []
            a1 = self._actor1(sent, st, trig.span[0], fam, clause) or actor1
            a2 = self._actor2(sent, trig.span[0], a1, fam, st.source if st.explicit else None)
            dm = self._date_for(sent, trig.span[0]) or date or self._previous_date(
                SUB_TO_TYPE[p_weights.most_common(1)[0][0]]) or self._said_on(sent)
            draft = self._find(fam, p, dm)
            if draft is None:
                draft = EventDraft(family=fam, place=p, trigger_span=trig.span, date=dm,
                                   first_sentence=sent.index, paragraph=sent.paragraph)
                self.drafts.append(draft)
            draft.weights.update(_only(p_weights, fam))
            if draft.date is None and dm is not None:
                draft.date = dm
            draft.actor1 = draft.actor1 or a1
            draft.actor2 = draft.actor2 or a2
            for w in c_weapons:
                draft.weapons.setdefault(w.name, w.span)
                draft.weapon_matches.append(w)
            self._claim(draft, sent, st, c_tolls)
            if draft not in group:
                group.append(draft)
        return group

    def _find(self, fam: str, place: Place, dm) -> EventDraft | None:
        probe = EventDraft(family=fam, place=place)
        for d in self.drafts:
            if d.family != fam or d.place_key() != probe.place_key():
                continue
            if dm is not None and d.date is not None and dm.date and d.date.date and (
                    abs((dm.date - d.date.date).days) > 1
                    or (dm.precision == d.date.precision == "day" and dm.date != d.date.date
                        and not _vague_day(dm) and not _vague_day(d.date))):
                continue  # an article that names two days at one place reports two incidents
            return d
        return None

    def _targets(self, sent: Sentence) -> list[EventDraft]:
        group = self.last_group
        text = self.text[sent.span[0]:sent.span[1]]
        if len(group) > 1 and _LATTER_RE.search(text):
            return [group[-1]]
        if len(group) > 1 and _FORMER_RE.search(text):
            return [group[0]]
        return group

    def _continue(self, sent, st, weights, weapons, tolls, triggers, targets) -> None:
        self.touch_para = sent.paragraph
        zero = [t for t in tolls if t.value == 0]
        dm = self._date_for(sent, triggers[0].span[0] if triggers else sent.span[0])
        for d in targets:
            d.weights.update(_kept_type(d, _only(weights, d.family)))
            for w in weapons:
                d.weapons.setdefault(w.name, w.span)
                d.weapon_matches.append(w)
            if st.responsibility and st.source is not None and getattr(st.source, "actor_kind", None) and (
                    d.actor1 is None or getattr(d.actor1, "generic", False)):
                d.actor1 = st.source  # "Al-Shabaab claimed responsibility": the group names itself
            elif triggers and d.actor1 is None:
                trig = min(triggers, key=lambda t: t.span[0])
                d.actor1 = self._actor1(sent, st, trig.span[0], d.family, sent.span)
            if d.actor2 is None and triggers:
                d.actor2 = self._actor2(sent, triggers[0].span[0], d.actor1, d.family,
                                        st.source if st.explicit else None)
            if dm is not None and dm.precision == "day" and (d.date is None or d.date.precision != "day"):
                d.date = dm
            c_tolls = tolls if len(targets) == 1 else zero
            if d.family not in _TOLL_FAMILIES:
                c_tolls = []
            self._claim(d, sent, st, c_tolls)

    def _deny(self, sent: Sentence, st: Statement, places: list[Place]) -> None:
        keys = {EventDraft(family="", place=p).place_key() for p in places}
        targets = [d for d in self.drafts if d.place_key() in keys]
        if not targets:
            recent = [d for d in self.drafts if sent.paragraph - d.paragraph <= 4]
            targets = [d for d in recent if same_party(d.actor1, st.source)]
        if not targets:
            targets = [d for d in self.last_group
                       if not any(same_party(c.source, st.source) and c.stance == "asserts" for c in d.claims)]
        for d in targets:
            d.add_claim(st.source, "denies", st.hedged, [], sent.span, sent.index)


def _vague_day(dm) -> bool:
    """"overnight", "last night", "today": days a report may give loosely."""
    return bool(re.search(r"night|today|yesterday|morning|evening|earlier", getattr(dm, "text", "") or "", re.I))


def _km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return float("inf")
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _dates_agree(a: EventDraft, b: EventDraft) -> bool:
    if a.date is None or b.date is None or a.date.date is None or b.date.date is None:
        return True
    return abs((a.date.date - b.date.date).days) <= 1


def _absorb(keep: EventDraft, gone: EventDraft, summary: bool = False) -> None:
    if summary:
        for c in gone.claims:
            keep.add_claim(c.source, c.stance, c.hedged, [], c.spans[0], c.order)
        return
    keep.weights.update(_only(gone.weights, keep.family))
    keep.actor1 = keep.actor1 or gone.actor1
    keep.actor2 = keep.actor2 or gone.actor2
    for name, span in gone.weapons.items():
        keep.weapons.setdefault(name, span)
    keep.weapon_matches.extend(gone.weapon_matches)
    for c in gone.claims:
        keep.claims.append(c)
    for sp in gone.evidence:
        if sp not in keep.evidence:
            keep.evidence.append(sp)
    if keep.date is None:
        keep.date = gone.date


def merge_drafts(drafts: list[EventDraft], dropped: list[Dropped], near_km: float = 10.0) -> list[EventDraft]:
    """One event per incident and place, across sentences:

    - a capture of territory absorbs the armed clash at the same place and date (ACLED codes
      the fighting for a town as the territorial change);
    - two drafts of one family within ``near_km`` on compatible dates are one incident at the
      more precise place (a district of a city and the city, a camp and its town).
    """
    out: list[EventDraft] = []
    for d in drafts:
        target = None
        if d.place is not None and d.place.precision == "country":
            # "across the country", "sites in Pakistan": a summary of the article's events there
            same = [k for k in drafts if k is not d and k.family == d.family and k.place is not None
                    and k.place.precision != "country" and k.place.country == d.place.country]
            if same:
                for keep in same:  # its claims speak of all of them; its weights and tolls of none
                    _absorb(keep, d, summary=True)
                dropped.append(Dropped("events", d.place.name, "country-level summary of the article's events "
                                       f"in {d.place.name}: merged", d.trigger_span))
                continue
        for k in out:
            if not _dates_agree(k, d) or d.place is None or k.place is None:
                continue
            same = d.place_key() == k.place_key()
            if {k.family, d.family} == {"territory", "violence"} and same and \
                    _top(d if d.family == "violence" else k) in _CAPTURE_FIGHTING:
                if k.family == "territory":
                    target = k
                else:
                    _absorb(d, k)
                    out[out.index(k)] = d
                    target = d
                    break
            if {k.family, d.family} == {"protest", "violence"} and same and \
                    _top(d if d.family == "violence" else k) == "Attack":
                # "a worker was shot dead when police fired on the protest": the protest is one
                # incident, typed by what was done to it (ACLED: excessive force / intervention)
                protest, violence = (k, d) if k.family == "protest" else (d, k)
                killed = any(t.kind == "killed" and t.value for c in violence.claims for t in c.tolls)
                protest.weights["Excessive force against protesters" if killed else "Protest with intervention"] += \
                    max(protest.weights.values(), default=0) + 1
                if protest is d:
                    _absorb(d, k)
                    out[out.index(k)] = d
                    target = d
                    break
                target = k
                break
            if k.family == d.family and not same and _km(k.place, d.place) <= near_km \
                    and "region" in (k.place.precision, d.place.precision):
                target = k  # a region event and an event at a place inside it
            elif k.family == d.family and not same and k.first_sentence == d.first_sentence \
                    and _km(k.place, d.place) <= _SAME_SITE_KM:
                target = k  # "in Khan Younis ... near the Nasser Hospital compound": a site in its town
            if target is not None:
                break
        if target is None:
            out.append(d)
        elif target is not d:
            if target.family == d.family and d.place is not None and target.place is not None \
                    and _precise(d.place) > _precise(target.place):
                target.place = d.place
            _absorb(target, d)
            dropped.append(Dropped("events", d.place.name if d.place else "?",
                                   "same incident as another event of the article: merged", d.trigger_span))
    return out


_TYPE_SETTLED = 3.0  # a top trigger weight from which later sentences no longer change the event type
_SAME_SITE_KM = 5.0  # two places of one sentence this close are one incident's town and site
# A sentence may report a second incident of these kinds beside its main one.
_SECOND_FAMILIES = ("violence", "arrests", "territory")
_CAPTURE_FIGHTING = ("Armed clash", "Shelling/artillery/missile attack", "Air/drone strike")


def _kept_type(d: EventDraft, weights: Counter) -> Counter:
    """The weights a later sentence without a place of its own may add to an incident: once the
    incident is typed (its top weight reaches ``_TYPE_SETTLED``), only weights of the same ACLED event
    type. "... as fighting spread across the region" does not make a drone strike a battle, nor
    "the cell behind Sunday's bombing" a clash a bombing."""
    top = _top(d)
    if not top or d.weights.get(top, 0) < _TYPE_SETTLED:
        return weights
    return Counter({k: v for k, v in weights.items() if SUB_TO_TYPE.get(k) == SUB_TO_TYPE.get(top)})


def _top(d: EventDraft) -> str:
    best = d.weights.most_common(1)
    return best[0][0] if best else ""


def _precise(p: Place) -> tuple[int, int]:
    rank = {"place": 2, "region": 1, "country": 0}.get(p.precision, 0)
    return (rank, -(getattr(p, "population", 0) or 0))


def detect(text: str, seg: Segmentation, mentions, statements: list[Statement], published: date | None,
           max_age_days: int = 42, attachments: dict[Span, Span] | None = None,
           agents: dict[Span, tuple[Span, str]] | None = None) -> Detection:
    """Run event detection over one article (see the module docstring for the rules).
    ``attachments`` maps a place's span to the trigger the parse attaches it to."""
    detector = _Detector(text, seg, mentions, statements, published, max_age_days)
    detector.attachments = attachments or {}
    detector.agents = agents or {}
    return detector.run()


def too_old(d: date | None, published: date | None, max_age_days: int) -> bool:
    return bool(d and published and d < published - timedelta(days=max_age_days))


__all__ = ["EventDraft", "ClaimDraft", "Detection", "detect", "family_of", "same_party", "too_old",
           "SUB_TO_TYPE"]
