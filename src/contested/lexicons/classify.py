"""Lexicon-only sub-event-type classification of a short text (a snippet or a sentence).

Score of a sub-type = sum over its trigger matches of

    weight x repeat x lead x cue

* ``repeat``: 1 for the first match of a trigger entry, ``REPEAT_FACTOR`` for each later one
  (a snippet that says "protesters" five times is not five times more a protest);
* ``lead``: ``LEAD_FACTOR`` when the match is in the first sentence (news puts the main event
  first), else 1;
* ``cue``: the product of ``CUE_FACTORS`` over the cues that bear on the match
  (:meth:`CueLexicon.modifiers`): threats, modality, negation and history markers damp it.

plus ``WEAPON_BONUS`` once per distinct weapon whose ``implies`` names the sub-type.

Ties are broken by, in order: the larger single contribution, the earlier first match,
then the order of TAXONOMY in records.py. No trigger and no weapon: ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from contested.lexicons.load import (
    _SUB_ORDER,
    CueLexicon,
    TriggerLexicon,
    WeaponLexicon,
    load_cues,
    load_triggers,
    load_weapons,
    sentence_bounds,
)
from contested.records import SUB_TO_TYPE

REPEAT_FACTOR = 0.3
LEAD_FACTOR = 1.5
WEAPON_BONUS = 1.0
CUE_FACTORS = {"irrealis": 0.5, "negation": 0.4, "background": 0.6, "hedge": 1.0}


@dataclass(frozen=True, slots=True)
class SubTypeScore:
    sub_event_type: str
    event_type: str
    score: float
    best: float  # largest single contribution
    first: int  # offset of the first contributing match


def score(text: str, *, triggers: TriggerLexicon | None = None, weapons: WeaponLexicon | None = None,
          cues: CueLexicon | None = None) -> list[SubTypeScore]:
    """Every sub-type with a positive score, best first (ties broken as documented above)."""
    triggers = triggers or load_triggers()
    weapons = weapons or load_weapons()
    cues = cues or load_cues()
    total: dict[str, float] = {}
    best: dict[str, float] = {}
    first: dict[str, int] = {}
    seen: dict[str, int] = {}
    lead_end = sentence_bounds(text, 0, 0)[1] if text else 0
    for m in triggers.find(text):
        entry = m.pattern_id.split("#", 1)[0]
        n = seen.get(entry, 0)
        seen[entry] = n + 1
        w = m.weight * (1.0 if n == 0 else REPEAT_FACTOR)
        if m.span[0] < lead_end:
            w *= LEAD_FACTOR
        for c in cues.modifiers(text, m.span):
            w *= CUE_FACTORS.get(c.kind, 1.0)
        sub = m.sub_event_type
        total[sub] = total.get(sub, 0.0) + w
        best[sub] = max(best.get(sub, 0.0), w)
        first.setdefault(sub, m.span[0])
    named: set[str] = set()
    for wm in weapons.find(text):
        if wm.implies and wm.name not in named:
            named.add(wm.name)
            total[wm.implies] = total.get(wm.implies, 0.0) + WEAPON_BONUS
            best[wm.implies] = max(best.get(wm.implies, 0.0), WEAPON_BONUS)
            first.setdefault(wm.implies, wm.span[0])
    out = [SubTypeScore(s, SUB_TO_TYPE[s], round(v, 6), best[s], first[s]) for s, v in total.items() if v > 0]
    out.sort(key=lambda r: (-r.score, -r.best, r.first, _SUB_ORDER[r.sub_event_type]))
    return out


def classify(text: str, *, triggers: TriggerLexicon | None = None, weapons: WeaponLexicon | None = None,
             cues: CueLexicon | None = None) -> str | None:
    """The best ACLED sub-event type for ``text``, or ``None`` when nothing in it signals one."""
    ranked = score(text, triggers=triggers, weapons=weapons, cues=cues)
    return ranked[0].sub_event_type if ranked else None
