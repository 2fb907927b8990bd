"""The actor registry: data file, loader validation, mention matcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from contested.errors import DataFileError
from contested.records import ACTOR_KINDS, SOURCE_KINDS
from contested.registry import (
    ActorMention,
    Registry,
    explain,
    find_actor_mentions,
    format_explanation,
    qualify,
)
from contested.registry.loader import BUNDLED, ENTRY_KINDS


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def one(text: str, reg: Registry) -> ActorMention:
    found = find_actor_mentions(text, reg)
    assert len(found) == 1, [m.mention for m in found]
    return found[0]


def names(text: str, reg: Registry) -> list[tuple[str, str]]:
    return [(m.mention, m.name) for m in find_actor_mentions(text, reg)]


# ------------------------------------------------------------------------------- data

def test_public_api() -> None:
    import contested.registry as r
    for name in ("Registry", "ActorMention", "find_actor_mentions", "explain"):
        assert name in r.__all__


def test_counts(reg: Registry) -> None:
    c = reg.counts()
    assert c["state"] >= 195
    assert c["de_facto_state"] >= 8
    assert c["armed_group"] >= 150
    assert c["media"] + c["organisation"] >= 60


def test_every_state_has_role_names(reg: Registry) -> None:
    for e in reg:
        if e.kind in ("state", "de_facto_state"):
            for role in ("government", "military", "police", "civilians"):
                assert role in e.roles, (e.id, role)
                assert e.roles[role].name
            assert e.roles["government"].actor_kind == "state_forces"
            assert e.roles["civilians"].actor_kind == "civilians"
            assert e.country and len(e.country) == 2


def test_kinds_are_valid(reg: Registry) -> None:
    for e in reg:
        assert e.kind in ENTRY_KINDS
        for info in e.roles.values():
            assert info.actor_kind is None or info.actor_kind in ACTOR_KINDS
            assert info.source_kind in SOURCE_KINDS


def test_de_facto_states_have_host_country_and_party(reg: Registry) -> None:
    art = reg.get("artsakh")
    assert art is not None and art.country == "AZ" and art.party == "artsakh"
    dpr = reg.get("dpr")
    assert dpr is not None and dpr.country == "UA" and dpr.party
    assert dpr.roles["government"].name != reg.get("UA").roles["government"].name


def test_load_is_cached() -> None:
    assert Registry.load() is Registry.load()


# ------------------------------------------------------------------------- matching

@pytest.mark.parametrize("text", [
    "Armenia's Defense Ministry denied it.",
    "Armenia's defence ministry denied it.",
    "The Armenian defence ministry denied it.",
    "Armenian officials denied it.",
    "The Armenian side denied it.",
    "He called Armenian statements lies.",
])
def test_government_compositions(reg: Registry, text: str) -> None:
    m = one(text, reg)
    got = (m.name, m.role, m.country, m.source_kind)
    assert got == ("Government of Armenia", "government", "AM", "government")
    assert not m.metonym


def test_prosecutor(reg: Registry) -> None:
    m = one("Azerbaijan's prosecutor general's office opened a case.", reg)
    assert m.mention == "Azerbaijan's prosecutor general's office"
    assert m.name == "Government of Azerbaijan"


@pytest.mark.parametrize("text,name", [
    ("Armenian forces fired.", "Military Forces of Armenia"),
    ("Armenian troops fired.", "Military Forces of Armenia"),
    ("Armenian armed forces fired.", "Military Forces of Armenia"),
    ("Armenian artillery fired.", "Military Forces of Armenia"),
    ("Armenian shelling hit it.", "Military Forces of Armenia"),
    ("The Azerbaijani military fired.", "Military Forces of Azerbaijan"),
    ("Israeli special forces raided it.", "Military Forces of Israel"),
    ("Malian soldiers came.", "Military Forces of Mali"),
    ("Rwanda's army said so.", "Military Forces of Rwanda"),
    ("The Congolese army (FARDC) left.", "Military Forces of Democratic Republic of Congo"),
])
def test_military_compositions(reg: Registry, text: str, name: str) -> None:
    m = one(text, reg)
    assert m.name == name and m.role == "military" and m.actor_kind == "state_forces"


def test_acronym_in_brackets_joins_mention(reg: Registry) -> None:
    assert one("The Congolese army (FARDC) left.", reg).mention == "Congolese army (FARDC)"


@pytest.mark.parametrize("text,country", [
    ("Baku denied it.", "AZ"), ("Kyiv said no.", "UA"), ("The Kremlin said no.", "RU"),
    ("Official Yerevan denied it.", "AM"), ("Downing Street declined.", "GB"),
    ("The White House said.", "US"), ("Kigali denies it.", "RW"), ("New Delhi said.", "IN"),
])
def test_metonyms(reg: Registry, text: str, country: str) -> None:
    m = one(text, reg)
    assert m.metonym and m.role == "government" and m.country == country


def test_plain_state_name_is_government_not_metonym(reg: Registry) -> None:
    m = one("Azerbaijan said so.", reg)
    assert m.name == "Government of Azerbaijan" and not m.metonym


def test_installed_authorities_are_occupying_state(reg: Registry) -> None:
    m = one("Russian-installed authorities said it.", reg)
    assert (m.name, m.mention) == ("Government of Russia", "Russian-installed authorities")
    m = one("Officials installed by Moscow said it.", reg)
    assert m.name == "Government of Russia" and m.mention == "Officials installed by Moscow"


def test_proxy_adjectives_do_not_name_the_patron(reg: Registry) -> None:
    assert find_actor_mentions("A Russia-backed group and pro-Russian bloggers.", reg) == []


def test_health_ministry_is_a_medical_source(reg: Registry) -> None:
    m = one("Gaza's health ministry said 12 died.", reg)
    assert m.country == "PS" and m.role == "government" and m.source_kind == "medical"
    m = one("The health ministry said 12 died.", reg)
    assert m.generic and m.source_kind == "medical"


@pytest.mark.parametrize("text", [
    "Karabakh's emergency service said.",
    "Nagorno-Karabakh's human rights ombudsman said.",
    "The separatist regime in Khankendi repeated it.",
    "Stepanakert said.",
    "Nagorno-Karabakh authorities said.",
])
def test_de_facto_state(reg: Registry, text: str) -> None:
    m = one(text, reg)
    assert m.entry_id == "artsakh" and m.role == "government" and m.country == "AZ"


def test_artsakh_military(reg: Registry) -> None:
    m = one("The Artsakh Defense Army said.", reg)
    assert m.entry_id == "artsakh" and m.role == "military"


@pytest.mark.parametrize("text,entry,kind", [
    ("Hamas fighters crossed.", "hamas", "rebel_group"),
    ("The Qassam Brigades said.", "hamas", "rebel_group"),
    ("The Houthis fired.", "houthis", "rebel_group"),
    ("Ansar Allah fired.", "houthis", "rebel_group"),
    ("The RSF stormed it.", "rsf", "rebel_group"),
    ("Wazalendo fighters held it.", "wazalendo", "political_militia"),
    ("Jama'at Nusrat al-Islam wal-Muslimin (JNIM) claimed it.", "jnim", "rebel_group"),
    ("The Katiba Macina rules it.", "katiba_macina", "rebel_group"),
    ("ISWAP attacked.", "iswap", "rebel_group"),
    ("Al-Shabaab attacked.", "al_shabaab", "rebel_group"),
    ("Wagner mercenaries were seen.", "wagner", "external_forces"),
    ("The Arakan Army took it.", "arakan_army", "rebel_group"),
    ("The Shining Path attacked.", "shining_path", "rebel_group"),
    ("Sendero Luminoso attacked.", "shining_path", "rebel_group"),
    ("The Manuel Rodriguez Patriotic Front claimed it.", "fpmr", "rebel_group"),
    ("CODECO fighters attacked.", "codeco", "identity_militia"),
])
def test_armed_groups(reg: Registry, text: str, entry: str, kind: str) -> None:
    m = one(text, reg)
    assert (m.entry_id, m.role, m.actor_kind, m.source_kind) == (entry, "group", kind, "armed_group")


def test_group_spokesman_with_name(reg: Registry) -> None:
    m = one("M23 spokesman Lawrence Kanyuka said so.", reg)
    assert m.entry_id == "m23" and m.mention == "M23 spokesman Lawrence Kanyuka"


def test_state_forces_that_look_like_groups(reg: Registry) -> None:
    m = one("The SAF shelled it.", reg)
    assert m.name == "Military Forces of Sudan" and m.actor_kind == "state_forces"
    m = one("The IRGC fired missiles.", reg)
    assert m.name == "Islamic Revolutionary Guard Corps" and m.country == "IR"
    assert m.actor_kind == "state_forces"


@pytest.mark.parametrize("text,entry,source_kind", [
    ("Human Rights Watch said.", "hrw", "ngo"),
    ("The UN human rights office said.", "ohchr", "international_org"),
    ("OCHA said.", "ocha", "international_org"),
    ("The IAEA said.", "iaea", "international_org"),
    ("The Red Cross said.", "icrc", "international_org"),
    ("MONUSCO said.", "monusco", "international_org"),
    ("Reuters reported.", "reuters", "media"),
    ("RT reported.", "rt", "media"),
])
def test_organisations_and_media(reg: Registry, text: str, entry: str, source_kind: str) -> None:
    m = one(text, reg)
    assert (m.entry_id, m.source_kind) == (entry, source_kind)


def test_media_cannot_act(reg: Registry) -> None:
    assert one("Al Jazeera reported.", reg).actor_kind is None


def test_peacekeepers_can_act(reg: Registry) -> None:
    assert one("UN peacekeepers fired.", reg).actor_kind == "external_forces"


@pytest.mark.parametrize("text,kind,source", [
    ("Residents said.", "civilians", "witnesses"),
    ("People in the neighbourhood said.", "civilians", "witnesses"),
    ("Doctors said.", "civilians", "medical"),
    ("Unidentified gunmen fired.", "unidentified_armed_group", "armed_group"),
    ("Protesters marched.", "protesters", "witnesses"),
    ("Crowds looted it.", "rioters", "witnesses"),
    ("Riot police fired.", "state_forces", "state_forces"),
    ("A security source said.", "state_forces", "state_forces"),
    ("Rights groups said.", None, "ngo"),
])
def test_generic_phrases(reg: Registry, text: str, kind: str | None, source: str) -> None:
    m = one(text, reg)
    assert m.generic and m.country is None and m.actor_kind == kind and m.source_kind == source


def test_generic_qualified_by_demonym(reg: Registry) -> None:
    m = one("Palestinian gunmen opened fire.", reg)
    assert m.generic and m.country == "PS" and m.name == "Unidentified Armed Group (Palestine)"
    m = one("Indian tourists were shot.", reg)
    assert m.name == "Civilians (India)" and m.actor_kind == "civilians"


def test_qualify(reg: Registry) -> None:
    m = qualify(one("Soldiers fired.", reg), "ML", reg)
    assert m.name == "Military Forces of Mali" and m.country == "ML"
    m = qualify(one("Villagers fled.", reg), "ML", reg)
    assert m.name == "Civilians (Mali)"
    m = qualify(one("Gunmen fired.", reg), "NG", reg)
    assert m.name == "Unidentified Armed Group (Nigeria)"


@pytest.mark.parametrize("text,entry,role", [
    ("Zelensky said.", "UA", "government"), ("Peskov said.", "RU", "government"),
    ("Hajiyev said.", "AZ", "government"), ("Hagari said.", "IL", "military"),
])
def test_people(reg: Registry, text: str, entry: str, role: str) -> None:
    m = one(text, reg)
    assert (m.entry_id, m.role) == (entry, role)


def test_ordinary_words_are_not_actors(reg: Registry) -> None:
    text = "He will chad the turkey and jordan the georgia wagner of the hamas."
    assert find_actor_mentions(text, reg) == []


def test_all_caps_text(reg: Registry) -> None:
    text = ("SALVADORAN ARMY TROOPS CLASHED WITH FMLN GUERRILLAS. THE FACT IS THAT LET US SAY IT. "
            "THE SHINING PATH ATTACKED A POLICE POST IN LIMA.")
    got = names(text, reg)
    assert ("SALVADORAN ARMY TROOPS", "Military Forces of El Salvador") in got
    assert ("FMLN GUERRILLAS", "FMLN (Farabundo Marti National Liberation Front)") in got
    assert ("SHINING PATH", "Shining Path (Sendero Luminoso)") in got
    mentions = [m for m, _ in got]
    assert "FACT" not in mentions and "IS" not in mentions and "LET" not in mentions and "US" not in mentions


def test_non_overlapping_longest_first(reg: Registry) -> None:
    text = "The Armenia-backed forces in Nagorno-Karabakh accused Armenian forces."
    found = find_actor_mentions(text, reg)
    assert [m.mention for m in found] == ["Armenia-backed forces in Nagorno-Karabakh", "Armenian forces"]
    for a, b in zip(found, found[1:], strict=False):
        assert a.span[1] <= b.span[0]
    for m in found:
        assert text[m.span[0]:m.span[1]] == m.mention


def test_region_words_do_not_make_a_state(reg: Registry) -> None:
    assert names("Migrants from Central America arrived.", reg) == [("Migrants", "Civilians")]
    assert names("Floods in the inner Niger delta.", reg) == []


def test_military_spokesman_is_military(reg: Registry) -> None:
    m = one("Israeli military spokesman Daniel Hagari said.", reg)
    assert m.role == "military" and m.mention == "Israeli military spokesman Daniel Hagari"


def test_explain(reg: Registry) -> None:
    found = explain("Armenia's Defense Ministry", reg)
    assert found and found[0].name == "Government of Armenia"
    text = format_explanation("Armenia's Defense Ministry", found, reg)
    assert "Government of Armenia" in text and "role government" in text
    by_id = explain("artsakh", reg)
    assert {m.role for m in by_id} >= {"government", "military"}
    assert "no actor" in format_explanation("zzz", explain("zzz", reg))


# ------------------------------------------------------------------ user files, validation

def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    p = write(tmp_path, """\
version: 1
entries:
  - {id: northern_watch, kind: organisation, country: null, name: Northern Watch, source_kind: ngo,
     aliases: [Northern Watch]}
  - id: "AM"
    kind: state
    country: "AM"
    label: Republic of Armenia
    names: [Armenia]
    demonyms: [Armenian]
    capitals: [Yerevan]
people:
  - {name: Ann Example, aliases: [], entry: northern_watch, role: organisation}
""")
    reg = Registry.load([p])
    assert one("Northern Watch said.", reg).source_kind == "ngo"
    assert one("Armenian forces fired.", reg).name == "Military Forces of Republic of Armenia"
    assert one("Ann Example said.", reg).entry_id == "northern_watch"
    assert one("Azerbaijan said.", reg).name == "Government of Azerbaijan"  # bundled data kept


def test_user_entry_wins_a_shared_alias(tmp_path: Path) -> None:
    p = write(tmp_path, "entries:\n  - {id: my_rt, kind: media, name: Radio Tiga, aliases: [RT]}\n")
    assert one("RT reported.", Registry.load([p])).name == "Radio Tiga"


def test_user_file_removes(tmp_path: Path) -> None:
    p = write(tmp_path, "entries:\n  - {id: reuters, remove: true}\n")
    assert find_actor_mentions("Reuters reported.", Registry.load([p])) == []


def test_cache_sees_changed_file(tmp_path: Path) -> None:
    import os
    p = write(tmp_path, "entries:\n  - {id: x1, kind: media, name: Alpha Wire, aliases: [Alpha Wire]}\n")
    a = Registry.load([p])
    p.write_text("entries:\n  - {id: x1, kind: media, name: Beta Wire, aliases: [Beta Wire]}\n")
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    b = Registry.load([p])
    assert a is not b and b.get("x1").roles["media"].name == "Beta Wire"


@pytest.mark.parametrize("body,line,words", [
    ("entries:\n  - {id: a, kind: planet, name: A, aliases: [A]}\n", 2, "unknown value 'planet'"),
    ("entries:\n  - {id: a, kind: media, name: A, aliases: [A]}\n"
     "  - {id: a, kind: media, name: B, aliases: [B]}\n", 3, "duplicate id 'a'"),
    ("entries:\n  - {id: a, kind: organisation, aliases: [A]}\n", 2, "missing `name`"),
    ("entries:\n\n  - {id: a, kind: state, country: ARM, label: A, names: [A]}\n", 3, "bad country code"),
    ("entries:\n  - {id: a, kind: state, country: NO, label: A, names: [A]}\n", 2, "quote it"),
    ("entries:\n  - {id: a, kind: armed_group, name: A, actor_kind: gang, aliases: [A]}\n", 2,
     "actor_kind: unknown value 'gang'"),
    ("entries:\n  - {id: a, kind: media, name: A, aliases: [A], colour: red}\n", 2, "unknown field 'colour'"),
    ("entries:\n  - {id: a, kind: media, name: A, aliases: [A]\n", 3, "invalid YAML"),
    ("people:\n  - {name: Bob, entry: nowhere, role: government}\n", 2, "unknown entry 'nowhere'"),
    ("version: 9\nentries: []\n", 1, "unsupported registry version"),
])
def test_validation_errors_name_file_and_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    p = write(tmp_path, body)
    with pytest.raises(DataFileError) as info:
        Registry.load([p])
    err = info.value
    assert err.where == f"{p}:{line}", str(err)
    assert words in err.reason, str(err)


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        Registry.load([tmp_path / "absent.yaml"])
    assert "absent.yaml" in str(info.value)


def test_bundled_file_exists_and_is_versioned() -> None:
    head = BUNDLED.read_text(encoding="utf-8")[:600]
    assert "version: 1" in head and "schema: contested-actors" in head
