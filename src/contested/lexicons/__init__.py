"""Event lexicons: trigger, weapon and cue data files with a loader and matchers.

    from contested.lexicons import load_triggers, load_weapons, load_cues, classify
    load_triggers().find(text)   # -> [TriggerMatch(span, sub_event_type, event_type, weight,
                                 #                  pattern_id, text)]
    load_weapons().find(text)    # -> [WeaponMatch(span, name, weapon_class, implies, text)]
    load_cues().find(text)       # -> [CueMatch(span, kind, cue_id, scope, text)]
    classify(text)               # -> "Air/drone strike" | ... | None

Data formats: README.md in this folder.
"""

from contested.lexicons.classify import SubTypeScore, classify, score
from contested.lexicons.load import (
    CUE_KINDS,
    SUB_TYPES,
    CueLexicon,
    CueMatch,
    TriggerLexicon,
    TriggerMatch,
    WeaponLexicon,
    WeaponMatch,
    load_cues,
    load_triggers,
    load_weapons,
    sentence_bounds,
)

__all__ = [
    "CUE_KINDS", "SUB_TYPES", "CueLexicon", "CueMatch", "SubTypeScore", "TriggerLexicon", "TriggerMatch",
    "WeaponLexicon", "WeaponMatch", "classify", "load_cues", "load_triggers", "load_weapons", "score",
    "sentence_bounds",
]
