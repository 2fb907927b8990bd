"""Stage 4 — attribution: who says what, with which stance, how firmly.

Needs: segmentation and actor mentions. Produces one ``Statement`` per sentence: the
source (an actor mention, an anaphor resolved to an earlier source, or none: the
outlet's own voice), the stance, hedging, claims of responsibility and the accused party
of "X accused Y of ...". A sentence with no source of its own continues the claim of the
sentence before it in the same paragraph ("Azerbaijan said ... The strikes are said to
have killed 21").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import DataFileError
from ..records import Span
from ..registry.matcher import ActorMention
from .segment import Segmentation

LEXICON = "attribution.yaml"


@dataclass(frozen=True)
class AttributionLexicon:
    assert_re: re.Pattern[str]
    according_re: re.Pattern[str]
    deny_re: re.Pattern[str]
    negator_re: re.Pattern[str]
    responsibility_re: re.Pattern[str]
    echo_re: re.Pattern[str]
    first_person_re: re.Pattern[str]
    statement_date_re: re.Pattern[str]
    no_stance_re: re.Pattern[str]
    hedge_re: re.Pattern[str]
    anaphor_re: re.Pattern[str]
    not_speakers: frozenset[str] = frozenset()


def _alt(items: list[str], where: str) -> re.Pattern[str]:
    try:
        return re.compile(r"\b(?:" + "|".join(sorted(items, key=len, reverse=True)) + r")\b", re.I)
    except re.error as exc:
        raise DataFileError(where, f"bad pattern ({exc})") from exc


@lru_cache(maxsize=1)
def load_lexicon() -> AttributionLexicon:
    """Load ``lexicons/attribution.yaml`` (once per process)."""
    path = resources.files("contested.lexicons").joinpath(LEXICON)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = f"lexicons/{LEXICON}"
    required = ("assert_verbs", "according", "deny_verbs", "deny_negators", "responsibility", "echo_verbs",
                "statement_date_verbs", "first_person", "no_stance", "hedges", "anaphors")
    for key in required:
        if not isinstance(data.get(key), list) or not data[key]:
            raise DataFileError(where, f"missing or empty list {key!r}")
    neg = "|".join(re.escape(n) for n in data["deny_negators"])
    return AttributionLexicon(
        assert_re=_alt(data["assert_verbs"], where), according_re=_alt(data["according"], where),
        deny_re=_alt(data["deny_verbs"], where),
        negator_re=re.compile(r"\b(?:" + neg + r")\s+(?:\w+\s+)?$", re.I),
        responsibility_re=_alt(data["responsibility"], where), echo_re=_alt(data["echo_verbs"], where),
        statement_date_re=re.compile(
            r"\b(?:" + "|".join(data["statement_date_verbs"]) + r")"
            r"(?:\s+[\w-]+){0,4}\s+(?:on|late on|early on|in)?\s*$",
            re.I),
        first_person_re=re.compile(r"\b(?:" + "|".join(data["first_person"]) + r")\b", re.I),
        no_stance_re=_alt(data["no_stance"], where), hedge_re=_alt(data["hedges"], where),
        anaphor_re=re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(
            data["anaphors"], key=len, reverse=True)) + r")\s*$", re.I),
        not_speakers=frozenset(str(w).lower() for w in data.get("not_speakers") or ()),
    )


@dataclass(frozen=True)
class OutletVoice:
    """The outlet speaking in the first person ("we condemn", "our partners report")."""

    span: tuple[int, int]
    mention: str
    entry_id: str = "__outlet__"
    role: str = "media"
    name: str = ""
    actor_kind: str | None = None
    source_kind: str | None = "media"
    country: str | None = None
    metonym: bool = False
    generic: bool = False


@dataclass(frozen=True)
class Statement:
    """What one sentence says and on whose authority."""

    sentence: int
    span: Span
    source: Source | None  # None: the outlet's own voice
    stance: str | None  # 'asserts', 'denies', or None (no stance: "could not confirm")
    hedged: bool = False
    responsibility: bool = False
    accused: ActorMention | None = None  # the Y of "X accused Y of ..."
    verb_span: Span | None = None
    explicit: bool = False  # the source is named in this sentence (not inherited)
    parts: tuple[Statement, ...] = ()  # later clauses with sources of their own ("X said 400, while Y said 200")


_WINDOW = 90  # characters between a subject and its verb


def _inside(span: Span, spans: tuple[Span, ...]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


# Victims are not sources: "civilians" never speaks in news copy, "residents" does.
_NOT_A_SOURCE_RE = re.compile(r"civilian|tourist|passenger|refugee|displaced|victim|children|women", re.I)
# A definite description that points back ("the ministry said", "the army said").
_BLAME_RE = re.compile(r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing))\b", re.I)
_NOUN_BEFORE_RE = re.compile(r"(?:\b(?:no|the|a|an|of|these|those|such|mutual|new|media|his|her|their|its|with|"
                             r"any|some|by|in|initial|early|conflicting|unconfirmed)|'s|’s)\s+$", re.I)
_DISCLAIM_RE = re.compile(
    r"\b(?:did not|didn't|had not|hadn't|never|was not|were not|has not|have not)\s+(?:\w+\s+)?"
    r"(?:target|attack|shell|fire|strike|kill|shoot|bomb|hit|deploy|use|carry out|carried out|launch)\w*", re.I)
_OWNER_GAP_RE = re.compile(r"^(?:'s|’s|'|’)?\s*(?:[\w-]+\s+){0,4}$")
_COMPLEMENT_RE = re.compile(r"(?:was|were|called|labell?ed|branded)\b", re.I)
_DEFINITE_RE = re.compile(r"^(?:the|its|their)\s", re.I)


def can_speak(m) -> bool:
    return bool(m.source_kind) and not (getattr(m, "generic", False) and getattr(m, "role", "") == "civilians"
                                        and _NOT_A_SOURCE_RE.search(m.mention))


def _anaphoric(m) -> bool:
    return bool(getattr(m, "generic", False) and _DEFINITE_RE.match(m.mention)
                and getattr(m, "role", "") in ("government", "military", "police", "organisation", "generic"))


def _subject_before(text: str, verb_start: int, s_start: int, actors: list, lex: AttributionLexicon,
                    last_source):
    """The source of a verb: the nearest actor mention before it, or the antecedent of an
    anaphor ("it said": the sentence's first actor, else the last source)."""
    lo = max(s_start, verb_start - _WINDOW)
    head = text[lo:verb_start]
    ana = lex.anaphor_re.search(head.rstrip(" ,\"'”"))
    best = None
    for m in actors:
        if lo <= m.span[0] and m.span[1] <= verb_start and can_speak(m):
            if best is None or m.span[1] > best.span[1]:
                best = m
    fp = next(reversed(list(lex.first_person_re.finditer(head))), None)
    if fp is not None and (best is None or best.span[1] <= lo + fp.start()):
        return OutletVoice(span=(lo + fp.start(), lo + fp.end()), mention=fp.group(0).strip(" ,;:—("))
    if best is not None and getattr(best, "generic", False):
        # "The United Nations' senior humanitarian official": the owner speaks
        for m in actors:
            if m.span[1] <= best.span[0] and best.span[0] - m.span[1] <= 45 and can_speak(m) \
                    and not getattr(m, "generic", False) \
                    and _OWNER_GAP_RE.match(text[m.span[1]:best.span[0]]):
                best = m
    if ana is not None and (best is None or best.span[1] < lo + ana.start()):
        earlier = [m for m in actors if s_start <= m.span[0] and m.span[1] <= lo + ana.start()
                   and can_speak(m) and not getattr(m, "generic", False)]
        return earlier[0] if earlier else last_source
    return best


_PLACED_GAP_RE = re.compile(r"^(?:'s|’s)?\s*(?:regional|provincial|district|city|state|local|county|"
                            r"municipal|military|civil|police)?\s*$", re.I)


_NAMED_BEFORE_RE = re.compile(r"(?<![.!?]\s)\b(?!The\b|A\b|An\b|Its\b|Their\b)[A-Z][\w'’-]+(?:'s|’s)?\s+"
                              r"(?:(?:regional|provincial|district|city|state|local|county|municipal)\s+)?$")


def _placed(text: str, m, places) -> bool:
    """Is a generic mention named by the place before it ("the Donetsk regional prosecutor's
    office", "Kharkiv's police")? Then it is that place's body, not an earlier one's anaphor."""
    if places is not None and any(_PLACED_GAP_RE.match(text[p.span[1]:m.span[0]])
                                  for p in places.within(max(0, m.span[0] - 40), m.span[0])):
        return True
    return bool(_NAMED_BEFORE_RE.search(text, max(0, m.span[0] - 40), m.span[0]))


# a capitalised name right after "according to" ("the Sinjar Resistance Units", "Médecins Sans Frontières")
_NAME_AFTER_RE = re.compile(r"\s+(?:the\s+)?((?:[A-Z][\w'’.&-]*)(?:\s+(?:of|for|de|du|al|[A-Z][\w'’.&-]*))*"
                            r"(?<!\bof)(?<!\bfor)(?<!\bde)(?<!\bdu)(?<!\bal))(?=\s*(?:[,.;:)]|$))")


def _in_subject(subj, reader, sent_span: Span, verb_span: Span, actors: list):
    """The parse's subject of the reporting verb over the nearest actor before it: in "a bomb
    struck an Iraqi army patrol ..., the Security Media Cell said" the army is not the speaker.
    A registered actor inside the subject phrase speaks, under the phrase's words ("South
    Sudan's information minister"); a subject with none is an unregistered speaker."""
    found = reader.subject(sent_span, verb_span)
    if found is None:
        return subj
    (a, b), words, head = found
    lex = load_lexicon()
    if lex.anaphor_re.search(reader.text[max(0, a - 6):b]) or words.casefold() in lex.not_speakers:
        return subj  # "the group said", "it said": the antecedent found before stands

    def named(x):  # a generic mention keeps its words: "the ministry" may point back to a named one
        if (a, b) == x.span or len(words) > 60:
            return x
        if getattr(x, "generic", False) and head in x.mention.casefold():
            return x
        # "a health worker at Mota hospital": the subject's own words, not the place it works at
        return replace(x, span=(a, b), mention=words)

    if subj.span[0] < b and a < subj.span[1]:  # the actor is (in) the subject: "the Ministry of Defence"
        return named(subj)
    inside = [x for x in actors if x.span[0] < b and a < x.span[1] and can_speak(x)]
    if inside:
        return named(inside[0])
    speaker = reader(sent_span, verb_span)
    return speaker if speaker is not None else subj


def _first_after(start: int, end: int, actors: list):
    for m in actors:
        if start <= m.span[0] < end and can_speak(m):
            return m
    return None


def _right_after(text: str, start: int, end: int, actors: list):
    """The speaker of an inverted report: '"...", said Hikmet Hajiyev' (the mention follows at once)."""
    m = _first_after(start, end, actors)
    if m is not None and re.match(r"^\s*(?:the\s+|a\s+)?$", text[start:m.span[0]], re.I):
        return m
    return None


_MODIFIER_RE = re.compile(r"(?:\b([a-z][a-z-]+)\s+){1,2}$")
_NOT_MODIFIERS = frozenset({"a", "an", "the", "to", "of", "by", "and", "or", "with", "from", "in", "on", "at", "for",
                            "said", "says", "told", "according", "that", "who", "which", "its", "his", "her",
                            "their", "our", "as", "than", "senior", "one", "two", "three", "some", "several"})


def _with_modifiers(text: str, source, floor: int):
    """A generic source with the lower-case words that qualify it ("a district official", "a
    local health official"): the mention an analyst reads and a gold alias names."""
    if not getattr(source, "generic", False) or not isinstance(source, ActorMention):
        return source
    start = source.span[0]
    m = _MODIFIER_RE.search(text, max(floor, start - 30), start)
    if m is None:
        return source
    words = list(re.finditer(r"[a-z][a-z-]+", text[m.start():start]))
    while words and words[0].group(0) in _NOT_MODIFIERS:
        words.pop(0)
    if not words or any(w.group(0) in _NOT_MODIFIERS for w in words):
        return source
    new_start = m.start() + words[0].start()
    return replace(source, span=(new_start, source.span[1]), mention=text[new_start:source.span[1]])


def _bare_state(a) -> bool:
    """A state named by its name alone ("Pakistan", "South Sudan's Jonglei state"): no body that
    "officials" or "the ministry" could point back to."""
    return a.role == "government" and not getattr(a, "metonym", False) and not any(
        w[:1].islower() for w in a.mention.split()) and a.mention.casefold().rstrip("'s’") in a.name.casefold()


def _repeated_name(m, before: list):
    """"the Civil Defence" after "the Syria Civil Defence (the White Helmets)": the latest named
    body whose own words a generic description of two or more words repeats, whatever the
    registry's generic reading of those words (one word, "the ministry", is too vague)."""
    words = re.sub(r"^(?:the|this|that|its|their)\s+", "", m.mention.casefold())
    if len(words.split()) < 2:
        return None
    named = [a for a in before if not getattr(a, "generic", False) and getattr(a, "source_kind", None)
             and re.search(r"\b" + re.escape(words) + r"\b", a.mention.casefold())]
    return named[-1] if named else None


def _antecedent(m, before: list, last_source):
    """What "the military", "the army", "the ministry" refer to: the latest named actor of the
    same role before it (a ministry for "the ministry"), else the last source if it is a state body."""
    head = m.mention.casefold()
    # "the ministry" may be the named state's ("Azerbaijan ... the Ministry of Defence said");
    # "officials said", "a state official said" only say whose officials by the event's country
    definite = bool(_DEFINITE_RE.match(m.mention))
    if (named := _repeated_name(m, before)) is not None:
        return named
    same_role = [a for a in before if not getattr(a, "generic", False) and a.role == m.role
                 and getattr(a, "source_kind", None) and (definite or not _bare_state(a))]
    if "ministry" in head:
        ministries = [a for a in same_role if "ministry" in a.mention.casefold()]
        if ministries:
            return ministries[-1]
    if m.role == "military":
        military = [a for a in before if not getattr(a, "generic", False) and a.role == "military"]
        if military:
            return military[-1]
    if same_role:
        return same_role[-1]
    if last_source is not None and not getattr(last_source, "generic", False) and \
            getattr(last_source, "role", "") in ("government", "military", "police"):
        return last_source
    return None


def _clause_parts(text: str, sent, s_actors: list, lex: AttributionLexicon, source, seg) -> tuple[Statement, ...]:
    """Sources of later clauses that name their own speaker: in "A put the toll at 400, while a
    security source said more than 200", the second figure is the security source's."""
    parts = []
    for c0, c1 in sent.clauses[1:]:
        c_actors = [m for m in s_actors if c0 <= m.span[0] and m.span[1] <= c1]
        for kind, rx in (("assert", lex.assert_re), ("deny", lex.deny_re)):
            m = next((m for m in rx.finditer(text, c0, c1)
                      if not _NOUN_BEFORE_RE.search(text[max(c0, m.start() - 12):m.start()])), None)
            if m is None:
                continue
            subj = _subject_before(text, m.start(), c0, c_actors, lex, None)
            if subj is None or subj is source or getattr(subj, "entry_id", None) == getattr(source, "entry_id", 0) \
                    and not getattr(subj, "generic", False):
                continue
            parts.append(Statement(sentence=sent.index, span=(c0, c1), source=subj,
                                   stance="denies" if kind == "deny" else "asserts",
                                   hedged=bool(lex.hedge_re.search(text, c0, c1)), verb_span=(m.start(), m.end()),
                                   explicit=True))
            break
    return tuple(parts)


@dataclass(frozen=True)
class Speaker:
    """A source the registry does not know, read from the parse: the subject of the reporting
    verb ("a Red Cross worker told ...", "doctors at the hospital said ..."). Its name is the
    phrase itself, so an analyst sees who spoke even when no entry exists for them."""

    span: tuple[int, int]
    mention: str
    entry_id: str
    name: str
    role: str = "other"
    actor_kind: str | None = None
    source_kind: str | None = "other"
    country: str | None = None
    metonym: bool = False
    generic: bool = False


Source = ActorMention | Speaker | OutletVoice
"""Who a statement is from: a registry actor, a speaker read from the parse, or the outlet."""


def attribute(text: str, seg: Segmentation, actors: list,
              subject_of: Callable[[Span, Span], Speaker | None] | None = None, places=None) -> list[Statement]:
    """One Statement per sentence of ``seg``, in order. ``subject_of(sentence span, verb span)``,
    when given, reads the grammatical subject of a reporting verb whose speaker is not a
    registered actor (see ``syntax.subject_phrase``)."""
    from .recognize.mentions import SpanIndex

    lex = load_lexicon()
    index = actors if isinstance(actors, SpanIndex) else SpanIndex(actors)
    out: list[Statement] = []
    last_source = None  # the most recent explicit source, for anaphors
    resolved: dict[str, object] = {}  # "the ministry" -> the source it was first resolved to
    prev: Statement | None = None
    prev_para = -1
    for sent in seg.sentences:
        s0, s1 = sent.span
        s_actors = [m for m in index.within(s0, s1) if not _inside(m.span, seg.quotations)]
        sentence_text = text[s0:s1]
        hedged = bool(lex.hedge_re.search(sentence_text))
        source = None
        stance: str | None = None
        verb_span: Span | None = None
        accused = None
        responsibility = False
        candidates: list[tuple[int, str, re.Match[str]]] = []
        for kind, rx in (("deny", lex.deny_re), ("assert", lex.assert_re), ("echo", lex.echo_re),
                         ("resp", lex.responsibility_re), ("according", lex.according_re)):
            for m in rx.finditer(text, s0, s1):
                if kind != "according" and _NOUN_BEFORE_RE.search(text[max(s0, m.start() - 12):m.start()]):
                    continue  # "no reports of casualties", "Baku's claims": nouns, not verbs
                if not _inside((m.start(), m.end()), seg.quotations):
                    candidates.append((m.start(), kind, m))
        candidates.sort(key=lambda c: (c[0], c[1] != "resp"))
        # A claim of responsibility or a denial outranks a plain reporting verb.
        chosen = None
        current = None  # the subject of the previous verb, for "X says ... and dismisses ..."

        def resolve(subj, last_source=last_source):
            """An anaphoric or generic state source ("the ministry") as the body it refers to."""
            if (_anaphoric(subj) or (getattr(subj, "generic", False) and subj.role in ("government", "military"))) \
                    and not _placed(text, subj, places):
                key = subj.mention.casefold()
                if key in resolved:
                    return resolved[key]
                ante = _antecedent(subj, index.within(max(0, subj.span[0] - 5000), subj.span[0]), last_source)
                if ante is not None:
                    resolved[key] = subj = ante
            return subj
        for _pos, kind, m in candidates:
            if kind == "according":
                subj = _first_after(m.end(), min(s1, m.end() + 60), s_actors)
                named = _NAME_AFTER_RE.match(text, m.end(), s1)
                if named is not None and (subj is None or subj.span[0] >= named.end(1)) and subject_of is not None:
                    # "according to the Sinjar Resistance Units, an armed group ...": the name given
                    words = named.group(1)
                    subj = Speaker(span=named.span(1), mention=words, entry_id=f"speaker:{words.casefold()}",
                                   name=words)
                if subj is not None and getattr(subj, "generic", False) and not _placed(text, subj, places):
                    subj = _repeated_name(subj, index.within(max(0, subj.span[0] - 5000), subj.span[0])) or subj
                if subj is not None:
                    chosen = (kind, m, subj)
                    break
                continue
            if current is not None and (
                    re.search(r"\band\s+(?:\w+\s+)?$", text[max(s0, m.start() - 20):m.start()])
                    or (kind == "deny" and _COMPLEMENT_RE.match(m.group(0)))):
                subj = current  # "X says ... and dismisses ...", "X insisted the reports were lies"
            else:
                subj = _subject_before(text, m.start(), s0, s_actors, lex, last_source)
            if subj is not None and kind in ("assert", "deny") and isinstance(subject_of, SpeakerReader) \
                    and not isinstance(subj, OutletVoice):
                subj = _in_subject(subj, subject_of, sent.span, (m.start(), m.end()), s_actors)
            if subj is None and kind in ("assert", "deny") and subject_of is not None:
                subj = subject_of(sent.span, (m.start(), m.end()))  # before "told reporters" reads the addressee
            if subj is None and kind in ("assert", "deny"):
                subj = _right_after(text, m.end(), min(s1, m.end() + 40), s_actors)
            if subj is None:
                continue
            subj = resolve(subj)
            current = subj
            if kind == "deny" and lex.negator_re.search(text[max(s0, m.start() - 20):m.start()]):
                chosen = ("negated", m, subj)
                break
            if chosen is None or kind in ("deny", "resp"):
                chosen = (kind, m, subj)
            if kind in ("deny", "resp"):
                break
        if chosen is not None:
            kind, m, source = chosen
            source = _with_modifiers(text, source, s0)
            verb_span = (m.start(), m.end())
            # "did not deny striking the city" acknowledges the act
            stance = {"deny": "denies"}.get(kind, "asserts")
            if kind == "echo" and prev is not None:
                stance = prev.stance
            responsibility = kind == "resp"
            for bm in _BLAME_RE.finditer(text, m.start(), s1):  # "X said, blaming the federal army"
                accused = _first_after(bm.end(), min(s1, bm.end() + 60), s_actors)
                if accused is not None and accused.actor_kind is None:
                    accused = None
                if accused is not None:
                    break
            verb_clause_end = next((c1 for c0, c1 in sent.clauses if c0 <= m.start() < c1), s1)
            if lex.no_stance_re.search(text, m.end(), verb_clause_end) and kind == "assert":
                stance = None
            elif kind == "assert" and _DISCLAIM_RE.search(text, m.end(), s1):
                stance = "denies"  # "the group said its fighters did not target civilians"
            last_source = source
            st = Statement(sentence=sent.index, span=sent.span, source=source, stance=stance,
                           hedged=hedged, responsibility=responsibility, accused=accused,
                           verb_span=verb_span, explicit=True,
                           parts=_clause_parts(text, sent, s_actors, lex, source, seg))
        elif prev is not None and prev.source is not None and sent.paragraph == prev_para:
            # the claim goes on over the following sentences of the paragraph
            st = Statement(sentence=sent.index, span=sent.span, source=prev.source, stance=prev.stance,
                           hedged=hedged, explicit=False)
        else:
            st = Statement(sentence=sent.index, span=sent.span, source=None, stance="asserts",
                           hedged=hedged, explicit=False)
        out.append(st)
        prev, prev_para = st, sent.paragraph
    return out


class SpeakerReader:
    """``subject_of`` for :func:`attribute`: the subject of a reporting verb, from the parse of
    its sentence (a sentence not parsed yet is parsed now, once). A subject that is a
    pronoun, names a document ("the statement said"), or holds a place or a registered actor
    (the regular rules handle those) gives None."""

    def __init__(self, text: str, seg: Segmentation, parses, mentions, model: str) -> None:
        self.text, self.seg, self.parses, self.mentions, self.model = text, seg, parses, mentions, model
        self.extra: dict[Span, object] = {}

    def _doc(self, sent_span: Span):
        found = self.parses.doc_at(sent_span)
        if found is not None:
            return found
        if sent_span not in self.extra:
            from .syntax import parse_span

            self.extra[sent_span] = parse_span(self.text, sent_span, self.seg.all_caps, self.model)
        return sent_span[0], self.extra[sent_span]

    def subject(self, sent_span: Span, verb_span: Span) -> tuple[Span, str, str] | None:
        """The subject phrase of a reporting verb in a sentence already parsed (no new parse):
        its span, words and head lemma."""
        from .syntax import subject_phrase

        found = self.parses.doc_at(sent_span)
        if found is None:
            return None
        start, doc = found
        return subject_phrase(doc, start, verb_span)

    def __call__(self, sent_span: Span, verb_span: Span) -> Speaker | None:
        from .syntax import subject_phrase

        if not self.mentions.triggers.within(*sent_span) and not self.mentions.tolls.within(*sent_span):
            return None  # only a speaker who reports an incident or a toll becomes a source
        start, doc = self._doc(sent_span)
        found = subject_phrase(doc, start, verb_span)
        if found is None:
            return None
        span, words, head = found
        if head in load_lexicon().not_speakers or load_lexicon().anaphor_re.search(words):
            return None
        if self.mentions.actors.within(*span) or any(p.span[0] <= verb_span[0] and p.span[1] >= span[1] - 1
                                                      for p in self.mentions.places.within(*span)):
            return None  # a registered actor, or a place that is the whole subject ("Kyiv said")
        name = words[:1].upper() + words[1:]
        return Speaker(span=span, mention=words, entry_id=f"speaker:{words.casefold()}", name=name)
