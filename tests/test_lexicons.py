"""Lexicons: data validity, trigger/weapon/cue matching, classify() and validation errors.

Uses only the packaged data files and sentences written here (no /work/shared)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contested.errors import DataFileError
from contested.lexicons import (
    SUB_TYPES,
    CueLexicon,
    TriggerLexicon,
    WeaponLexicon,
    classify,
    load_cues,
    load_triggers,
    load_weapons,
    score,
)
from contested.records import SUB_TO_TYPE

# one short sentence per sub-type, written for this test
SENTENCES = {
    "Armed clash": "Soldiers and rebels exchanged fire for hours near the village on Tuesday.",
    "Government regains territory": "Government forces recaptured the town from the insurgents on Sunday.",
    "Non-state actor overtakes territory": "Rebels seized control of the district capital.",
    "Chemical weapon": "Doctors said the victims showed symptoms of exposure to chlorine gas.",
    "Air/drone strike": "An air strike hit a market in the town, killing nine people.",
    "Suicide bomb": "A suicide bomber blew himself up at a checkpoint outside the city.",
    "Shelling/artillery/missile attack": "Artillery shells landed in a residential area overnight.",
    "Remote explosive/landmine/IED": "A roadside bomb struck a minibus on the highway, wounding four.",
    "Grenade": "Attackers hurled a grenade into a crowded cafe on Friday night.",
    "Sexual violence": "The report says soldiers raped several women in the camp.",
    "Attack": "Gunmen shot dead five villagers in their homes at dawn.",
    "Abduction/forced disappearance": "Armed men kidnapped two aid workers on the road to the airport.",
    "Peaceful protest": "Thousands of teachers marched through the capital to demand higher pay.",
    "Protest with intervention": "Police used tear gas and water cannon to disperse the protesters.",
    "Excessive force against protesters": "Security forces opened fire on protesters, killing three of them.",
    "Violent demonstration": "Rioters threw stones at police and torched cars in the city centre.",
    "Mob violence": "An angry mob lynched a man accused of theft in the market.",
    "Agreement": "The two sides signed a ceasefire agreement in the capital on Monday.",
    "Arrests": "Police arrested twelve people in a dawn operation, a spokesman said.",
    "Change to group/activity": "Hundreds of fighters defected to the government side last week.",
    "Disrupted weapons use": "Air defences intercepted two missiles over the city, the army said.",
    "Headquarters or base established": "The troops set up a new military base near the border village.",
    "Looting/property destruction": "Militiamen looted shops in the market before leaving.",
    "Non-violent transfer of territory": "The militia withdrew from the town without a fight.",
    "Other": "Investigators found a mass grave on the outskirts of the town.",
}


def test_sentences_cover_the_taxonomy():
    assert set(SENTENCES) == set(SUB_TYPES) == set(SUB_TO_TYPE)
    assert len(SUB_TYPES) == 25


@pytest.mark.parametrize("sub", list(SENTENCES))
def test_every_sub_type_is_reachable(sub):
    assert classify(SENTENCES[sub]) == sub, score(SENTENCES[sub])[:3]


def test_classify_nothing():
    assert classify("The weather in the capital was mild and sunny on Tuesday.") is None
    assert classify("") is None


def test_loaders_are_cached_and_versioned():
    assert load_triggers() is load_triggers()
    assert load_weapons() is load_weapons()
    assert load_cues() is load_cues()
    for lex in (load_triggers(), load_weapons(), load_cues()):
        assert isinstance(lex.version, int) and lex.version >= 1


def test_trigger_matches_carry_types_and_spans():
    text = "On Monday, Armenian forces shelled the city of Barda."
    ms = load_triggers().find(text)
    m = next(m for m in ms if m.sub_event_type == "Shelling/artillery/missile attack")
    assert text[m.span[0]:m.span[1]] == m.text == "shelled"
    assert m.event_type == "Explosions/Remote violence"
    assert m.weight > 0 and m.pattern_id.startswith("shell.")


def test_trigger_word_boundaries_and_case():
    lex = load_triggers()
    assert not [m for m in lex.find("The bombshell report") if m.text.lower() == "bomb"]
    assert any(m.text == "AIRSTRIKE" for m in lex.find("AIRSTRIKE HITS TOWN"))


def test_trigger_find_window():
    text = "Rebels clashed with troops. Later a car bomb exploded."
    lex = load_triggers()
    cut = text.index("Later")
    inside = lex.find(text, cut)
    assert inside and all(m.span[0] >= cut for m in inside)
    assert {m.sub_event_type for m in inside} == {"Remote explosive/landmine/IED"}
    assert all(m.span[1] <= cut for m in lex.find(text, 0, cut))


def test_scope_requirements():
    lex = load_triggers()
    # tear gas means intervention only near protest participants
    assert any(m.sub_event_type == "Protest with intervention"
               for m in lex.find("Police fired tear gas at the demonstrators."))
    assert not any(m.sub_event_type == "Protest with intervention"
                   for m in lex.find("The factory stored tear gas canisters."))
    # clashes between protesters and police are a riot, not an armed clash
    subs = {m.sub_event_type for m in lex.find("Protesters clashed with police outside parliament.")}
    assert "Violent demonstration" in subs and "Armed clash" not in subs


def test_case_sensitive_parts():
    lex = load_triggers()
    hit = "IS fighters captured the town of Dabiq."
    miss = "It is clear the town of Dabiq was captured."
    assert any(m.pattern_id.startswith("nsa.overtakes") for m in lex.find(hit))
    assert not any(m.pattern_id.startswith("nsa.overtakes") for m in lex.find(miss))


def test_weapons():
    lex = load_weapons()
    text = ("Smerch rockets, a Bayraktar TB2 drone, Iskander missiles, an IED, hand grenades, "
            "chlorine and tear gas were all mentioned, as well as T-72 tanks.")
    found = {m.name: m for m in lex.find(text)}
    assert found["Smerch"].implies == "Shelling/artillery/missile attack"
    assert found["Smerch"].weapon_class == "multiple rocket launcher"
    assert found["Bayraktar TB2"].implies == "Air/drone strike"
    assert found["Iskander"].weapon_class == "ballistic missile"
    assert found["IED"].implies == "Remote explosive/landmine/IED"
    assert found["grenade"].implies == "Grenade"
    assert found["chlorine"].implies == "Chemical weapon"
    assert found["tear gas"].implies == "Protest with intervention"
    assert found["T-72"].implies is None
    for m in found.values():
        assert text[m.span[0]:m.span[1]] == m.text


def test_rocket_propelled_grenade_is_not_a_grenade():
    names = [m.name for m in load_weapons().find("fighters fired rocket-propelled grenades")]
    assert "RPG" in names and "grenade" not in names


def test_cues():
    lex = load_cues()
    kinds = {(m.kind, m.text.lower()) for m in lex.find(
        "The rebels threatened to attack if talks fail. Officials denied that anyone was hurt. "
        "In the 1990s war, thousands died.")}
    assert ("irrealis", "threatened to") in kinds
    assert ("irrealis", "if") in kinds
    assert ("negation", "denied") in kinds
    assert ("background", "in the 1990s") in kinds


def test_cue_modifiers_damp_classify():
    lex = load_cues()
    text = "The group vowed to bomb the bridge."
    span = (text.index("bomb"), text.index("bomb") + 4)
    assert [c.kind for c in lex.modifiers(text, span)] == ["irrealis"]
    real = next(r for r in score("A bomb exploded at the bridge.")
                if r.sub_event_type == "Remote explosive/landmine/IED")
    threat = next(r for r in score("The group vowed a bomb would explode at the bridge.")
                  if r.sub_event_type == "Remote explosive/landmine/IED")
    assert threat.score < real.score


def test_classify_uses_weapon_bonus():
    ranked = score("The town was hit by Grad rockets on Sunday.")
    assert ranked[0].sub_event_type == "Shelling/artillery/missile attack"


# ------------------------------------------------------------------ validation errors
def _write(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def _trig(body: str) -> str:
    return "version: 1\nscopes:\n  protest: 'protest\\w*'\ntriggers:\n" + body


def test_bad_regex_names_file_line_and_entry(tmp_path):
    p = _write(tmp_path, "t.yaml", _trig(
        "  - id: ok\n    sub_event_type: Arrests\n    patterns: ['arrested']\n"
        "  - id: broken\n    sub_event_type: Arrests\n    patterns: ['detain(ed']\n"))
    with pytest.raises(DataFileError) as ei:
        TriggerLexicon.from_file(p)
    msg = str(ei.value)
    assert str(p) in msg and ":8" in msg and "'broken'" in msg and "bad regex" in msg


@pytest.mark.parametrize("entry, problem", [
    ("  - id: x\n    sub_event_type: Arrest\n    patterns: ['held']\n", "unknown sub_event_type"),
    ("  - id: x\n    sub_event_type: Arrests\n    weight: -1\n    patterns: ['held']\n", "weight"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: []\n", "patterns"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: ['(held)']\n", "capturing group"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: ['(?i)held']\n", "global flag"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: ['a?']\n", "empty string"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: ['{NOPE} held']\n", "unknown macro"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: ['held']\n    requires: [mob]\n",
     "unknown scope"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: ['held']\n    colour: red\n", "unknown key"),
    ("  - id: x\n    sub_event_type: Arrests\n    patterns: ['held']\n"
     "  - id: x\n    sub_event_type: Arrests\n    patterns: ['jailed']\n", "duplicate id"),
])
def test_trigger_validation(tmp_path, entry, problem):
    p = _write(tmp_path, "t.yaml", _trig(entry))
    with pytest.raises(DataFileError, match=re.escape(problem)):
        TriggerLexicon.from_file(p)


def test_file_level_errors(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        TriggerLexicon.from_file(tmp_path / "missing.yaml")
    with pytest.raises(DataFileError, match="not valid YAML"):
        TriggerLexicon.from_file(_write(tmp_path, "a.yaml", "version: 1\ntriggers: [\n"))
    with pytest.raises(DataFileError, match="version"):
        TriggerLexicon.from_file(_write(tmp_path, "b.yaml", "triggers: []\n"))
    with pytest.raises(DataFileError, match="non-empty list"):
        TriggerLexicon.from_file(_write(tmp_path, "c.yaml", "version: 1\ntriggers: []\n"))


def test_weapon_validation(tmp_path):
    p = _write(tmp_path, "w.yaml", "version: 1\nweapons:\n"
               "  - {name: Zap, class: ray gun, implies: Death ray, patterns: ['zap']}\n")
    with pytest.raises(DataFileError, match="'Zap'.*unknown sub_event_type"):
        WeaponLexicon.from_file(p)
    p = _write(tmp_path, "w2.yaml",
               "version: 1\nweapons:\n  - {name: Zap, class: ray gun, patterns: ['zap']}\n")
    with pytest.raises(DataFileError, match="implies"):
        WeaponLexicon.from_file(p)
    p = _write(tmp_path, "w3.yaml", "version: 1\nweapons:\n"
               "  - {name: Zap, class: ray gun, implies: null, patterns: ['zap[']}\n")
    with pytest.raises(DataFileError, match=r"w3\.yaml:3.*bad regex"):
        WeaponLexicon.from_file(p)
    ok = _write(tmp_path, "w4.yaml", "version: 1\nweapons:\n"
                "  - {name: Zap, class: ray gun, implies: Grenade, patterns: ['zap(?:per)?s?']}\n")
    assert [m.name for m in WeaponLexicon.from_file(ok).find("Two ZAPPERS were used")] == ["Zap"]


def test_cue_validation(tmp_path):
    p = _write(tmp_path, "c.yaml", "version: 1\ncues:\n  wishful:\n    - {id: x, patterns: ['hope']}\n")
    with pytest.raises(DataFileError, match="unknown cue kind"):
        CueLexicon.from_file(p)
    p = _write(tmp_path, "c2.yaml",
               "version: 1\ncues:\n  irrealis:\n    - {id: x, scope: later, patterns: ['if']}\n")
    with pytest.raises(DataFileError, match="scope"):
        CueLexicon.from_file(p)


def test_custom_lexicon_file_is_loaded_and_cached(tmp_path):
    p = _write(tmp_path, "t.yaml", _trig(
        "  - id: tg\n    sub_event_type: Protest with intervention\n    patterns: ['tear ?gas']\n"
        "    requires: [protest]\n"))
    lex = load_triggers(p)
    assert lex is load_triggers(str(p))
    assert [m.pattern_id for m in lex.find("Tear gas at the protest.")] == ["tg#0"]
    assert lex.find("Tear gas in storage.") == []


@pytest.mark.parametrize("text", ["Their post came under a calculated attack at dawn.",
                                  "Convoys often come under heavy fire on that road.",
                                  "The base is coming under sustained rocket bombardment."])
def test_coming_under_attack_allows_modifiers_and_tenses(text):
    assert [m.sub_event_type for m in load_triggers().find(text)][:1] == ["Armed clash"]


def test_trigger_entries_may_ask_for_a_part_of_speech_and_an_object():
    found = [m for m in load_triggers().find("The rebels handed over the town.") if m.pos]
    assert found and found[0].pos == ("VERB",) and found[0].transitive
