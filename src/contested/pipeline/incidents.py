"""Stage 4 — incidents: which mentions report a specific act, and which "places" are places.

Needs: the text, the recognised mentions and the parses of the sentences that hold a trigger
or a weapon (``syntax``). Produces the mentions that event detection may use, and one
``Dropped`` record (stage ``incidents``, with a reason code) for each one it removes.

A trigger or weapon reports an incident only when the clause that carries it asserts an act:
the decision is made from the parse, with the meaning of a few words from
``lexicons/factuality.yaml``. From the trigger's head word the stage climbs to the verb that
governs it and reads, on that verb and each verb above it through coordination and
complement clauses:

- ``negated``: a ``neg`` dependent ("has not agreed to the ceasefire").
- ``modal``: a modal auxiliary ("would strike", "could attack", "will sign").
- ``conditional``: a clause opened by if / unless / whether.
- ``unrealised``: an infinitive ("to reach an agreement", "supposed to sign") whose governor
  does not imply the act happened ("managed to", "began to" do).
- ``non-factive``: the complement of a verb of planning, threatening, proposing, expecting,
  ordering ("threatened air strikes", "expects them to launch a missile") or of a noun of the
  same kind ("a proposal for a ceasefire", "the threat of strikes", "charges of murder").
- ``habitual``: a trigger verb in the simple present ("militias attack convoys") states a
  habit or a generality, not an incident.
- ``aggregate``: counted "since" a period ("hundreds killed since the war began").
- ``figurative``: a fight whose object is not a fight ("battled blazes", "trade war",
  "the battle over tariffs").

Places from parsed sentences are dropped when the parse or the entity labels show they are
not locations: ``place-in-name`` (part of a person's or an organisation's name: "Morgan Kehr",
"Judge Erick Garcia", "Lionel Bethune de Moro"; once a name is seen, its other mentions in
the article follow), ``place-is-date`` ("Christmas"), ``place-is-title`` ("Secretary") and
``speaker-place`` (inside the subject of a verb of saying: "a spokesman for the Donetsk
administration said", "Central Command, which oversees operations in the Middle East, said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..lexicons.factuality import FactualityLexicon
from ..records import Dropped
from .attribution import load_lexicon as load_attribution
from .recognize.mentions import Mentions, SpanIndex
from .segment import Segmentation
from .syntax import Parses, char_offset, noun_phrase

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

_VERBAL = ("VERB", "AUX")
_NOMINAL = ("NOUN", "PROPN", "NUM", "PRON")
_CLIMB_VERB = ("conj", "xcomp", "ccomp", "pcomp", "csubj", "csubjpass")
_NAME_DEPS = ("compound", "nmod", "flat")
_NON_PLACE_ENTS = {"DATE": "place-is-date", "TIME": "place-is-date", "EVENT": "place-is-date",
                   "PERSON": "place-in-name", "ORG": "place-in-name", "WORK_OF_ART": "place-in-name",
                   "LAW": "place-in-name", "PRODUCT": "place-in-name", "FAC": "place-in-name"}
_MAX_CLIMB = 12
_BARE_DEALS = frozenset({"deal", "agreement", "accord", "pact"})  # unlike "truce", they do not say who


@dataclass(frozen=True)
class Verdict:
    """Why a mention does not report an incident: a reason code and the words that show it."""

    code: str
    evidence: str


@dataclass(frozen=True)
class IncidentMentions:
    mentions: Mentions
    dropped: tuple[Dropped, ...]
    attachments: dict[tuple[int, int], tuple[int, int]]
    """place span -> span of the trigger the parse attaches it to ("the arrest of five people in
    Irbil": Irbil belongs to the arrest, not to "the airstrike" earlier in the sentence)."""
    agents: dict[tuple[int, int], tuple[tuple[int, int], str]] = field(default_factory=dict)
    """trigger span -> (span, words) of who did it: the subject of an active trigger verb, or
    the "by" phrase of a passive one ("garment workers marched", "was shelled by the army")."""


def _agent(anchor: Token) -> tuple[tuple[int, int], str] | None:
    """Who performs the act of a trigger verb, from the parse."""
    if anchor.pos_ != "VERB":
        return None
    subj = next((c for c in anchor.children if c.dep_ == "nsubj"), None)
    if subj is None:
        by = next((c for c in anchor.children if c.dep_ == "agent"), None)
        subj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    if subj is None and anchor.dep_ == "conj" and anchor.head.pos_ == "VERB":  # "gathered and marched"
        subj = next((c for c in anchor.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    return noun_phrase(subj, max_words=10)


def _attached(toks, trigger_spans: tuple) -> tuple[int, int] | None:
    """The trigger whose phrase holds this place: the first one met climbing from the place."""
    tok = toks.root
    for _ in range(_MAX_CLIMB):
        at = char_offset(tok)
        hit = next((sp for sp in trigger_spans if sp[0] <= at < sp[1]), None)
        if hit is not None:
            return hit
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def _aux_modal(verb: Token, lex: FactualityLexicon) -> Token | None:
    for c in verb.children:
        if c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in lex.modal_auxiliaries):
            return c
        if c.dep_ == "aux" and c.lower_ == "going" and any(g.lower_ == "to" for g in verb.children):
            return c
    return None


def _verb_checks(verb: Token, lex: FactualityLexicon) -> Verdict | None:
    for c in verb.children:
        if c.dep_ == "neg":
            return Verdict("negated", f"{c.text} {verb.text}")
        if c.dep_ == "advmod" and c.lower_ in lex.averting_adverbs:
            return Verdict("averted", f"{c.text} {verb.text}")
        if c.dep_ == "mark" and c.lower_ in lex.conditional_markers:
            return Verdict("conditional", f"{c.text} ... {verb.text}")
    if (m := _aux_modal(verb, lex)) is not None:
        return Verdict("modal", f"{m.text} {verb.text}")
    return None


def _is_infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _figurative(tok: Token, lex: FactualityLexicon) -> Token | None:
    """A fight whose object, compound or 'over' complement is not a fight ("trade war"; "the
    battle is against poverty": the complement of its copula counts too)."""
    heads = [tok]
    if tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        heads.append(tok.head)
    for c in (c for h in heads for c in h.children):
        if c.dep_ in ("dobj", "compound") and c.lemma_.lower() in lex.figurative_objects:
            return c
        if c.dep_ == "prep" and c.lower_ in ("over", "against", "on"):
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in lex.figurative_objects:
                    return g
    return None


def _aggregate(tok: Token, lex: FactualityLexicon) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "mark", "advmod") and c.lower_ == "since":
            return c  # "since March", "since the war began", "has since killed"
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "since" for g in c.children):
            return c  # "have intensified attacks since the withdrawal started"
        if c.dep_ == "prep" and c.lower_ in ("over", "during", "in", "throughout"):
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in lex.period_nouns and any(
                        a.lower_ in ("past", "last", "recent") for a in g.children):
                    return g
    return None


_REFERRING_PREPS = frozenset({"behind", "over", "after", "since", "before"})
"""Prepositions that point to another incident as a cause or a time ("the cell behind Sunday's
bombing", "arrested over last week's attack", "after Friday's blast"); "the toll from the
previous day's blasts" reports the blasts."""


def _period_of(noun: Token, lex: FactualityLexicon) -> Token | None:
    """``noun`` itself or the "of" phrase it heads names a period ("the war", "the worst of the
    war", "districts of the 20-year war"), or None."""
    if noun.lemma_.lower() in lex.period_nouns:
        return noun
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in lex.period_nouns:
                    return g
    return None


def _present(verb: Token) -> bool:
    """A simple-present form by tag and by form: the small model tags some past forms VBP
    ("troops retook the town"), whose form differs from the lemma."""
    if verb.tag_ == "VBZ":
        present = verb.lower_.endswith("s")
    else:
        present = verb.tag_ == "VBP" and verb.lower_ == verb.lemma_.lower()
    return present and not _dated(verb)


def _dated(verb: Token) -> bool:
    """Does the clause name an occasion ("on Saturday", "last week"), not a frequency ("every
    Friday")? A dated clause reports an incident whatever tag its verb got."""
    lo, hi = verb.left_edge.i, verb.right_edge.i
    for ent in verb.doc.ents:
        if ent.label_ in ("DATE", "TIME") and lo <= ent.start and ent.end - 1 <= hi and not any(
                t.lower_ in ("every", "each", "daily", "weekly", "often", "usually") for t in ent):
            return True
    return False


def _bare(noun: Token) -> bool:
    """A noun with no determiner, possessor or number: "attacks", "rape" (a kind of act), not
    "the attack", "Saturday's blasts", "two strikes"."""
    if noun.dep_ == "attr" or (noun.dep_ == "pobj" and noun.head.lower_ == "under"):
        return False  # "these are unprecedented attacks", "the town is under attack": a present state
    return not any(c.dep_ in ("det", "poss", "nummod", "predet") for c in noun.children) and not any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in noun.children)


def _event_noun(tok: Token) -> bool:
    """Does this word alone name an incident ("truce", "attack"), by the trigger lexicon?"""
    from ..lexicons import load_triggers

    return bool(load_triggers().find(tok.text))


def _present_clause(noun: Token) -> bool:
    """Is the verb this noun belongs to in the simple present ("abducted women are often sold")?"""
    verb = _governing_verb(noun)
    if verb is None:
        return False
    if verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") and c.lower_ in ("is", "are", "am")
               for c in verb.children) and verb.tag_ == "VBN"


def judge(anchor: Token, lex: FactualityLexicon) -> Verdict | None:
    """None when the clause carrying ``anchor`` (a trigger's head word) asserts an act, else
    why not. The trigger itself may be a verb ("shelled") or a noun ("the shelling")."""
    if (f := _figurative(anchor, lex)) is not None:
        return Verdict("figurative", f"{anchor.text} ... {f.text}")
    if anchor.pos_ in _VERBAL and (v := _verb_checks(anchor, lex)) is not None:
        return v
    if anchor.pos_ in _NOMINAL and anchor.dep_ == "pobj" and anchor.head.lower_ in _REFERRING_PREPS and any(
            c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME") for c in anchor.children):
        # "the cell behind Sunday's bombing", "arrests over last week's attack": a reference to an
        # incident of another day, not a report of one (the subject "Sunday's bombing killed five" is)
        return Verdict("reference", f"{anchor.text} of another day")
    if anchor.tag_ == "NNS" and anchor.dep_ == "pobj" and anchor.head.lower_ == "including" and _bare(anchor):
        return Verdict("aggregate", f"including {anchor.text}")  # "incidents, including air strikes that ..."
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("against", "over") \
            and anchor.head.head.lemma_.lower() in lex.protest_words:
        return Verdict("grievance", f"{anchor.head.head.text} {anchor.head.text} {anchor.text}")
    if anchor.dep_ == "amod" and (anchor.tag_ == "VBN" or anchor.lower_.endswith("ed")) and anchor.head.pos_ == "NOUN" \
            and (any(
            c.dep_ in ("det", "poss", "nummod") and c.i < anchor.i for c in anchor.head.children)
            or _present_clause(anchor.head)):
        return Verdict("attributive", f"{anchor.text} {anchor.head.text}")  # "detained centers", "seized arms"
    if anchor.pos_ in _VERBAL and _present(anchor) and not any(c.dep_ in ("aux", "auxpass") for c in anchor.children):
        return Verdict("habitual", anchor.text)
    tok, steps = anchor, 0
    while steps < _MAX_CLIMB:
        steps += 1
        if (agg := _aggregate(tok, lex)) is not None:
            return Verdict("aggregate", f"{tok.text} {agg.text}")
        if tok.pos_ in _VERBAL:
            if (v := _verb_checks(tok, lex)) is not None:
                return v
            if anchor.pos_ in _NOMINAL and tok == _governing_verb(anchor) and tok.tag_ in ("VBZ", "VBP") \
                    and not any(c.dep_ in ("aux", "auxpass", "expl") for c in tok.children) and _bare(anchor):
                return Verdict("generic", f"{tok.text} ... {anchor.text}")  # "people are subject to attacks"
            head = tok.head
            if tok.dep_ == "conj" and head != tok:
                tok = head  # "will attack and kill": the coordinated verb shares the modal
                continue
            if _is_infinitive(tok):
                if head == tok or head.lemma_.lower() not in lex.implicative_governors:
                    if head != tok and head.lemma_.lower() in lex.non_factive_verbs:
                        return Verdict("non-factive", f"{head.text} ... to {tok.text}")
                    return Verdict("unrealised", f"to {tok.text}")
                tok = head
                continue
            if tok.dep_ in _CLIMB_VERB and head != tok:
                if head.lemma_.lower() in lex.non_factive_verbs:
                    return Verdict("non-factive", f"{head.text} ... {tok.text}")
                if head.pos_ in _NOMINAL and head.lemma_.lower() in lex.non_factive_nouns:
                    return Verdict("non-factive", f"{head.text} ... {tok.text}")
                tok = head
                continue
            if tok.dep_ == "advcl" and tok.tag_ == "VBG" and head != tok and head.pos_ in _VERBAL:
                tok = head  # "..., capturing new territory": the participle shares its verb's frame
                continue
            if tok.dep_ in ("acl", "relcl") and head.lemma_.lower() in lex.non_factive_nouns:
                return Verdict("non-factive", f"{head.text} ... {tok.text}")
            if tok.dep_ == "relcl" and (period := _period_of(head, lex)) is not None and not _dated(tok):
                # "the 20-year war, where more than 100 soldiers were killed": a toll of the whole war
                return Verdict("aggregate", f"{period.text} ... {tok.text}")
            if anchor.pos_ in _NOMINAL and tok == anchor.head and tok.dep_ == "relcl" \
                    and tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
                return Verdict("habitual", f"{tok.text} {anchor.text}")  # "which oversees operations"
            return None
        head = tok.head
        if head == tok:
            if tok.pos_ in _NOMINAL and not any(t.pos_ == "VERB" and t.dep_ not in ("advcl", "relcl")
                                                for t in tok.sent):
                # a verbless fragment: "Q: ... A: Probably the attack on X, because ..."
                return Verdict("fragment", f"{tok.text} ... {anchor.text}: no verb")
            return None
        if tok.pos_ in _NOMINAL and tok.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "oprd", "compound",
                                                  "conj", "appos", "npadvmod", "dative", "nmod") \
                or tok.pos_ not in _NOMINAL:
            if head.pos_ in _NOMINAL and head.lemma_.lower() in lex.non_factive_nouns:
                return Verdict("non-factive", f"{head.text} ... {anchor.text}")
            if head.pos_ in _VERBAL and tok.dep_ in ("dobj", "nsubjpass", "oprd", "acomp") \
                    and head.lemma_.lower() in lex.non_factive_verbs:
                return Verdict("non-factive", f"{head.text} {anchor.text}")
            if head.pos_ == "ADP" and head.head.pos_ in _VERBAL and head.head.lemma_.lower() in lex.non_factive_verbs:
                return Verdict("non-factive", f"{head.head.text} {head.text} {anchor.text}")
            tok = head
            continue
        # the trigger noun is the subject (or a modifier) of its clause: "the attack killed 5"
        if head.pos_ in _VERBAL:
            if tok == anchor and tok.dep_ == "nsubj" and head.tag_ in ("VBZ", "VBP") and _bare(anchor) \
                    and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
                return Verdict("generic", f"{anchor.text} {head.text}")  # "attacks on army posts continue"
            return _verb_checks(head, lex)
        return None
    return None


_LOCATIVE = frozenset({"in", "at", "near", "around", "outside", "inside", "into", "across", "toward", "towards",
                       "through", "throughout", "within", "on", "from", "to", "between", "beyond", "along"})


def _two_parties(anchor: Token, lex: FactualityLexicon) -> bool:
    """Does the clause of an Agreement trigger name two sides? ("X and Y agreed", "the two
    sides signed", "a deal with the rebels", "talks between A and B")"""
    tok = anchor
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "between", "among"):
                return True
            if c.dep_ in ("nsubj", "nsubjpass", "poss") and (
                    any(g.dep_ == "conj" for g in c.children) or c.lemma_.lower() in lex.party_nouns
                    or (c.tag_ in ("NNS", "NNPS") and c.pos_ != "PROPN")):
                return True
        if tok.pos_ in _VERBAL or tok.head == tok:
            break
        tok = tok.head
    return False


def _accepted(anchor: Token, lex: FactualityLexicon) -> bool:
    """Is this Agreement noun the object of a verb of accepting ("agreed to a ceasefire",
    "accepted the truce")? Then one party may only be accepting a proposal."""
    verb = _governing_verb(anchor)
    return verb is not None and verb != anchor and verb.lemma_.lower() in lex.acceptance_verbs


def _between_people(anchor: Token) -> Token | None:
    """The person a 'clash between' or 'clash with' names, when the sides are people ("the
    clash between President X and President Y" is an argument, not a battle)."""
    doc = anchor.doc
    for c in anchor.children:
        if c.dep_ == "prep" and c.lower_ in ("between", "with"):
            sides = [g for g in c.children if g.dep_ == "pobj"]
            sides += [k for g in sides for k in g.conjuncts]
            if sides and all(any(e.label_ == "PERSON" and e.start <= g.i < e.end for e in doc.ents) for g in sides):
                return sides[0]
    return None


def _governing_verb(tok: Token) -> Token | None:
    for _ in range(10):
        if tok.pos_ in _VERBAL:
            return tok
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def judge_mention(m, anchor: Token, lex: FactualityLexicon) -> Verdict | None:
    """``judge`` plus what the mention's kind needs: an Agreement needs two sides; a weapon
    needs to be used, not bought or built."""
    pos = getattr(m, "pos", ())
    if pos and anchor.pos_ not in pos:
        return Verdict("other-sense", f"{anchor.text}: a {anchor.pos_.lower()}, not a {'/'.join(pos).lower()}")
    if getattr(m, "transitive", False) and anchor.pos_ in _VERBAL and not any(
            c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in anchor.children):
        return Verdict("other-sense", f"{anchor.text}: no object")
    verdict = judge(anchor, lex)
    if verdict is not None:
        return verdict
    for c in anchor.children:  # a multi-word trigger whose participle only describes: "the detained activists"
        if c.dep_ == "amod" and m.span[0] <= char_offset(c) < m.span[1] and (v := judge(c, lex)) is not None \
                and v.code == "attributive" and not _event_noun(anchor):  # but "the US-brokered truce" is one
            return v
    if getattr(m, "sub_event_type", None) == "Agreement" and not m.pattern_id.startswith("agree.surrender") \
            and (anchor.pos_ in _VERBAL or anchor.lemma_.lower() in _BARE_DEALS or _accepted(anchor, lex)) \
            and not _two_parties(anchor, lex):
        return Verdict("one-sided", f"{anchor.text}: one party only")
    if getattr(m, "sub_event_type", None) == "Armed clash" and (p := _between_people(anchor)) is not None:
        return Verdict("figurative", f"{anchor.text} between {p.text}: people, not armed forces")
    if not hasattr(m, "weapon_class") and anchor.pos_ in _NOMINAL and anchor.lemma_.lower() in lex.instrument_nouns:
        verb = _governing_verb(anchor)
        if verb is None or verb.tag_ not in ("VBD", "VBN", "VBG"):
            return Verdict("no-act", f"{anchor.text}: an instrument with no act in the past")
    if hasattr(m, "weapon_class") or anchor.lemma_.lower() in lex.instrument_nouns:
        for t in (anchor, anchor.head, *(c for c in anchor.children if c.dep_ == "compound")):
            if t.lemma_.lower() in lex.weapon_non_use and t != anchor:
                return Verdict("not-used", f"{anchor.text} {t.text}")
            if t == anchor.head and t.dep_ == "pobj" and t.head.head.lemma_.lower() in lex.weapon_non_use:
                return Verdict("not-used", f"{t.head.head.text} ... {anchor.text}")
        if anchor.dep_ == "pobj" and anchor.head.head.lemma_.lower() in lex.weapon_non_use:
            return Verdict("not-used", f"{anchor.head.head.text} ... {anchor.text}")
        head = anchor.head
        shot_down = head.lemma_.lower() == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down"
                                                           for c in head.children)
        if anchor.dep_ in ("dobj", "nsubjpass") and (shot_down or head.lemma_.lower() in lex.disrupting_verbs):
            return Verdict("not-used", f"{head.text} ... {anchor.text}")  # "shot down an MQ-9 Reaper drone"
        verb = _governing_verb(anchor)
        for c in verb.children if verb is not None else ():
            if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in lex.weapon_non_use and c != anchor:
                return Verdict("not-used", f"{verb.text} ... {c.text}")  # "conducted a test at ... missile site"
    return None


_NEXT_WORD_RE = re.compile(r"[ \t]+(\w+)")


def _in_speaker(tok: Token) -> Token | None:
    """The verb of saying whose subject phrase holds ``tok`` ("U.S. Central Command, which
    oversees operations in the Middle East, said ..."), or None: the speaker's place, title or
    remit is not where the reported act happened."""
    attribution = load_attribution()
    for _ in range(_MAX_CLIMB):
        head = tok.head
        if head == tok:
            return None
        if tok.dep_ in ("nsubj", "nsubjpass") and head.pos_ in _VERBAL and (
                attribution.assert_re.fullmatch(head.text) or attribution.deny_re.fullmatch(head.text)):
            return head
        if tok.pos_ in _VERBAL and tok.dep_ not in ("relcl", "acl"):
            return None  # the place belongs to a clause of its own
        tok = head
    return None


_IRREALIS = frozenset({"negated", "modal", "conditional", "unrealised", "non-factive", "averted"})
"""Codes of an act the clause says did not (or may not) happen: its places are its own."""


def _local(tok: Token, lex: FactualityLexicon) -> bool:
    """Is this place what its speakers live in ("residents of Debre Markos reported fighting on
    the outskirts of the city")? Local witnesses speak from the scene."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and tok.head.head.lemma_.lower() in lex.local_nouns


def _in_trigger(verb: Token, trigger_spans: tuple) -> bool:
    """Are ``verb`` and its direct object one incident phrase ("set fire to houses in X": the
    "to" phrase is what burned, not where anyone went; but "carried the wounded to a hospital
    in X" is a destination)?"""
    return any(a <= char_offset(verb) < b and any(a <= char_offset(c) < b for c in verb.children if c.dep_ == "dobj")
               for a, b in trigger_spans)


def _demanded(tok: Token, lex: FactualityLexicon, trigger_spans: tuple) -> Token | None:
    """The non-finite verb of demanding whose phrase holds ``tok`` ("marching ... to demand police
    reinforcements for Kenscoff", "demanding night patrols in Dakabaricha"), or None. What a
    crowd demands names no scene; a place attached to an incident word on the way ("to protest
    the killing of a student in Multan") is that incident's."""
    for _ in range(_MAX_CLIMB):
        if any(a <= char_offset(tok) < b for a, b in trigger_spans):
            return None
        if tok.pos_ in _VERBAL:
            non_finite = tok.tag_ in ("VB", "VBG") and tok.dep_ in ("advcl", "xcomp")
            return tok if non_finite and tok.lemma_.lower() in lex.demand_verbs else None
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def _name_verdict(toks, place_spans: list, lex: FactualityLexicon,
                  trigger_spans: tuple = ()) -> Verdict | None:
    """Is this place mention (its tokens) part of a name, a date or a title? A place that is
    the object of a locative preposition ("in Siloé", "near Zamora") is always a place."""
    doc = toks.doc
    root = toks.root
    if (speaker := _in_speaker(root)) is not None and not _local(root, lex):
        return Verdict("speaker-place", f"{toks.text} ... {speaker.text}")
    if (demand := _demanded(root, lex, trigger_spans)) is not None:
        return Verdict("place-is-grievance", f"{demand.text} ... {toks.text}")  # "marched ... to demand patrols in X"
    if root.dep_ == "compound" and root.head.lemma_.lower() in lex.street_heads:
        return Verdict("place-in-name", f"{toks.text} {root.head.text}")  # "Sokoto Road" in Gusau, "Syria Street"
    if root.dep_ == "compound" and root.head.lemma_.lower() in lex.settlement_heads and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in root.head.children):
        return Verdict("place-is-context", f"{toks.text} {root.head.text} of ...")  # "Red Sea port city of Hodeidah"
    if root.dep_ == "dobj" and root.head.lemma_.lower() in lex.departure_verbs:
        return Verdict("place-is-origin", f"{root.head.text} {toks.text}")  # "women fleeing El Fasher"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in lex.place_heads \
            and root.head.head.lemma_.lower() not in lex.settlement_heads and any(
            c.dep_ in ("compound", "amod", "nmod") and any(a <= char_offset(c) < b for a, b in place_spans)
            for c in root.head.head.children):
        return Verdict("place-is-context", f"{root.head.head.text} of {toks.text}")  # "the Poonch district of Kashmir"
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "at") and root.head.head.dep_ == "pobj" \
            and root.head.head.head.lower_ == "from" and (verb := _governing_verb(root.head.head.head)) is not None \
            and verb.lemma_.lower() in lex.communication_verbs:
        return Verdict("speaker-place", f"{verb.text} ... from ... {toks.text}")  # "briefed ... from his home in X"
    if root.dep_ == "pobj" and root.head.lower_ == "in" and (holder := root.head.head).pos_ in ("NOUN", "PROPN") and (
            any(a <= char_offset(holder) < b for a, b in place_spans)
            or (holder.lemma_.lower() in lex.place_heads and any(
                any(a <= char_offset(t) < b for a, b in place_spans) for t in holder.lefts))
            or (holder.lemma_.lower() in lex.place_heads and any(
                any(a <= char_offset(t) < b for a, b in place_spans) for c in holder.lefts for t in c.subtree))):
        return Verdict("place-is-context", f"{holder.text} in {toks.text}")  # "the Nuseirat camp in central Gaza"
    if root.dep_ == "pobj" and root.head.lower_ == "in" and root.head.head.dep_ == "pobj" \
            and root.head.head.lemma_.lower() in lex.site_nouns | lex.place_heads \
            and root.head.head.head.lower_ == "to" and root.head.head.head.head.pos_ == "VERB" \
            and not _in_trigger(root.head.head.head.head, trigger_spans):
        # "taken to the regional hospital in Maroua" (but "set fire to houses in X" is the arson's place)
        return Verdict("place-is-destination", f"{root.head.head.head.head.text} to ... {toks.text}")
    if root.dep_ == "nsubj" and root.head.pos_ == "VERB":
        return Verdict("place-is-actor", f"{toks.text} {root.head.text}")  # "Ukraine agreed", "Russia shelled"
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.pos_ == "VERB" \
            and not _in_trigger(root.head.head, trigger_spans):
        return Verdict("place-is-destination", f"{root.head.head.text} to {toks.text}")  # "relocated to Japan"
    if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
        return None
    head = root.head
    if root.dep_ == "compound" and head.pos_ == "NOUN" and head.lemma_.lower() not in lex.place_heads \
            and head.lemma_.lower() not in lex.site_nouns \
            and not any(a <= char_offset(head) < b for a, b in trigger_spans):
        return Verdict("place-is-attribute", f"{toks.text} {head.text}")  # "the Doha agreement"
    for ent in doc.ents:
        if ent.start <= toks.start and toks.end <= ent.end and ent.label_ in _NON_PLACE_ENTS:
            code = _NON_PLACE_ENTS[ent.label_]
            if code == "place-is-date":
                return Verdict(code, ent.text)
            extra = [t for t in ent if not (toks.start <= t.i < toks.end) and t.is_alpha and t.pos_ not in
                     ("DET", "CCONJ", "ADP") and not any(a <= char_offset(t) < b for a, b in place_spans)]
            if extra and ent[-1].lemma_.lower() not in lex.place_heads:  # not just a list of places
                return Verdict(code, ent.text)
    if all(t.lower_ in lex.title_words for t in toks):
        return Verdict("place-is-title", toks.text)

    def other_name(t: Token) -> bool:
        """A proper noun joined to the place as one name: only names (or particles such as
        "de") between them, not "Pakistan-administered Kashmir"."""
        lo, hi = (t.i + 1, toks.start) if t.i < toks.start else (toks.end, t.i)
        joined = all(doc[i].pos_ == "PROPN" or doc[i].tag_ == "FW" for i in range(lo, hi))
        return (joined and t.pos_ == "PROPN" and t.text[:1].isupper() and t.lemma_.lower() not in lex.place_heads
                and not any(a <= char_offset(t) < b for a, b in place_spans)
                and not (toks.start <= t.i < toks.end))

    if root.dep_ in _NAME_DEPS and other_name(root.head):
        return Verdict("place-in-name", f"{toks.text} {root.head.text}")
    for c in root.children:
        if c.dep_ in _NAME_DEPS and c.i < toks.start and other_name(c) and c.lower_ not in lex.title_words:
            return Verdict("place-in-name", f"{c.text} {toks.text}")
    return None


def filter_mentions(text: str, seg: Segmentation, mentions: Mentions, parses: Parses,
                    lex: FactualityLexicon) -> IncidentMentions:
    """The mentions event detection may use, and what was removed with its reason code."""
    dropped: list[Dropped] = []

    marked = [m.span for m in mentions.triggers] + [w.span for w in mentions.weapons]
    clash_spans = [m.span for m in mentions.triggers if m.sub_event_type == "Armed clash"]

    def modifier(m, anchor) -> Verdict | None:
        """A trigger that only modifies another noun: "blast walls", "a deployment point", "arrest
        warrants" (but "a car bomb attack": the head is itself an incident word)."""
        head = anchor.head
        if anchor.dep_ != "compound" or head.pos_ != "NOUN" or m.span[0] <= char_offset(head) < m.span[1]:
            return None
        if any(a <= char_offset(head) < b for a, b in marked) or head.lemma_.lower() in lex.event_heads:
            return None
        return Verdict("modifier", f"{anchor.text} {head.text}")

    def means(m, anchor) -> Verdict | None:
        """An instrument in the "with" phrase of a battle word is the battle's means: "a night of
        fighting with heavy weapons" is a battle, not shelling (but "attacked the post with
        mortars" is shelling: the type follows the means when one side fires)."""
        if anchor.dep_ != "pobj" or anchor.head.lower_ != "with":
            return None
        at, at2 = char_offset(anchor.head), char_offset(anchor.head.head)
        if any((a <= at < b or a <= at2 < b) and (a, b) != m.span for a, b in clash_spans):
            return Verdict("means", f"{anchor.head.head.text} with {anchor.text}")
        return None

    def keep_reported(items) -> SpanIndex:
        kept = []
        for m in items:
            anchor = parses.token(m.span)
            verdict = judge_mention(m, anchor, lex) if anchor is not None else None
            if verdict is None and anchor is not None and not hasattr(m, "weapon_class"):
                verdict = modifier(m, anchor) or means(m, anchor)
            if verdict is None:
                kept.append(m)
            else:
                dropped.append(Dropped("incidents", m.text, f"{verdict.evidence!r}: no reported incident",
                                       m.span, code=verdict.code))
        return SpanIndex(kept)

    triggers = keep_reported(mentions.triggers)
    weapons = keep_reported(mentions.weapons)
    # a count whose verb is an act the text does not report ("the war, where more than 100
    # soldiers were killed") counts nothing the article reports
    gone = [d.span for d in dropped if d.stage == "incidents"]
    tolls = []
    for t in mentions.tolls:
        anchor = parses.token(t.span)
        verb = _governing_verb(anchor) if anchor is not None else None
        if verb is not None and any(a <= char_offset(verb) < b for a, b in gone):
            dropped.append(Dropped("incidents", t.text,
                                   f"count of an unreported act ({verb.text})", t.span, code="unreported-count"))
        else:
            tolls.append(t)
    trigger_spans = tuple(t.span for t in triggers)
    unreported_spans = tuple(d.span for d in dropped if d.code in _IRREALIS)
    place_spans = [p.span for p in mentions.places]
    all_caps = seg.all_caps
    dateline_end = seg.dateline[1] if seg.dateline else 0
    names: dict[str, Verdict] = {}
    judged: dict[tuple[int, int], Verdict | None] = {}
    for p in mentions.places:
        if all_caps or p.span[1] <= dateline_end:
            continue  # capitals say nothing about names; a dateline names where the report was filed
        toks = parses.tokens(p.span)
        if toks is None or not len(toks):
            # an unparsed sentence: only what the words show ("along Yariman Bakura Road")
            nxt = _NEXT_WORD_RE.match(text, p.span[1])
            if nxt is not None and nxt.group(1)[:1].isupper() and nxt.group(1).lower() in lex.street_heads:
                judged[p.span] = v = Verdict("place-in-name", f"{p.mention} {nxt.group(1)}")
                names[p.mention.casefold()] = v
            continue
        v = _name_verdict(toks, place_spans, lex, trigger_spans)
        if v is None and (hit := _attached(toks, unreported_spans + trigger_spans)) in unreported_spans:
            # "goats believed to have been stolen from herders in Karare": the place of an act the
            # text does not report is not where the reported one happened
            v = Verdict("place-of-unreported", f"{text[hit[0]:hit[1]]} ... {p.mention}")
        judged[p.span] = v
        if v is not None and v.code == "place-in-name":
            names[p.mention.casefold()] = v
    places = []
    attachments: dict[tuple[int, int], tuple[int, int]] = {}
    for p in mentions.places:
        v = judged.get(p.span)
        if v is None and p.mention.casefold() in names:
            before = text[max(0, p.span[0] - 10):p.span[0]].lower().split()
            if not (before and before[-1] in _LOCATIVE and before[-1] not in ("on", "to", "from", "between")):
                v = Verdict("place-in-name", names[p.mention.casefold()].evidence)
        if v is None:
            places.append(p)
            toks = parses.tokens(p.span)
            if toks is not None and len(toks) and (hit := _attached(toks, trigger_spans)) is not None:
                attachments[p.span] = hit
        else:
            dropped.append(Dropped("incidents", p.mention, f"{v.evidence!r}: not a location", p.span, code=v.code))
    kept = replace(mentions, triggers=triggers, weapons=weapons, tolls=SpanIndex(tolls),
                   places=SpanIndex(places))
    agents = {}
    for t in triggers:
        anchor = parses.token(t.span)
        if anchor is not None and (who := _agent(anchor)) is not None:
            agents[t.span] = who
    return IncidentMentions(kept, tuple(dropped), attachments, agents)
