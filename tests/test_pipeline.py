"""End-to-end behaviour of the extraction pipeline on short articles written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from contested import extract
from contested.pipeline import STAGES, extract_article
from contested.records import Article


def run(text, resources, published=date(2024, 3, 6), outlet="Test Wire"):
    return extract_article(Article(text=text, published=published, outlet=outlet), resources)


def by_place(result):
    return {e.location.name: e for e in result.events}


def test_said_shelled_two_towns_with_toll_and_denial(resources):
    text = (
        "BAKU, March 6 (Test Wire) — Azerbaijan said on Tuesday that Armenian forces shelled the towns of "
        "Tartar and Barda. The strikes on the latter killed 4 civilians and wounded 9 others, it said.\n\n"
        "Armenia's defence ministry denied targeting Barda."
    )
    events = by_place(run(text, resources))
    assert set(events) == {"Tartar", "Barda"}
    barda = events["Barda"]
    assert barda.event_type == "Explosions/Remote violence"
    assert barda.sub_event_type == "Shelling/artillery/missile attack"
    assert barda.date == date(2024, 3, 5)
    assert barda.actor1.name == "Military Forces of Armenia"
    assert barda.fatalities == 4 and barda.injured == 9
    stances = {(c.source.name, c.stance) for c in barda.claims}
    assert ("Government of Azerbaijan", "asserts") in stances
    assert ("Government of Armenia", "denies") in stances
    # the toll belongs to Barda ("the latter"), not to Tartar
    assert events["Tartar"].fatalities is None
    # every span points at its words
    assert text[slice(*barda.location.span)] == "Barda"
    assert text[slice(*barda.actor1.span)] == "Armenian forces"


def test_outlet_is_source_only_in_its_own_voice(resources):
    text = "Protesters marched peacefully through Cali on Tuesday against a new tax."
    (event,) = run(text, resources, published=date(2021, 5, 5)).events
    assert event.sub_event_type == "Peaceful protest"
    assert [c.source.name for c in event.claims] == ["Test Wire"]


def test_background_threats_and_history_are_not_events(resources):
    text = (
        "The rebels threatened to attack Goma next week. A 1994 war in the region killed 30,000 people. "
        "Officials warned that Kharkiv could be shelled again."
    )
    assert run(text, resources).events == ()


def test_claim_of_responsibility_makes_actor1(resources):
    text = (
        "A car bomb exploded at a checkpoint in Mogadishu on Monday, killing seven soldiers, police said. "
        "Al-Shabaab claimed responsibility for the attack."
    )
    (event,) = run(text, resources).events
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.actor1 is not None and "Shabaab" in event.actor1.name
    assert event.fatalities == 7
    assert any("Shabaab" in c.source.name and c.stance == "asserts" for c in event.claims)


def test_metonymy_capital_is_a_government_not_a_place(resources):
    text = "Moscow denied that its forces had shelled Kharkiv on Sunday."
    result = run(text, resources)
    assert all(e.location.name != "Moscow" for e in result.events)


def test_empty_text_has_no_events():
    assert extract("   \n  ").events == ()


def test_public_extract_accepts_iso_strings(resources):
    result = extract("Gunmen killed three villagers in Kaya on Friday, residents said.", published="2024-08-28",
                     outlet="Test Wire")
    assert result.published == date(2024, 8, 28)
    (event,) = result.events
    assert event.sub_event_type == "Attack"
    assert event.date == date(2024, 8, 23)
    assert event.to_dict()["location"]["country"] == "BF"


def test_stages_declare_what_they_need():
    produced = {"text", "published", "outlet"}
    for stage in STAGES:
        missing = set(stage.requires) - produced
        assert not missing, f"stage {stage.name} needs {missing}"
        produced |= set(stage.assigns)


@pytest.mark.parametrize("bad", ["2024-13-40", "yesterday-ish"])
def test_bad_published_date_is_a_clear_error(bad):
    from contested.errors import InputError

    with pytest.raises(InputError):
        extract("Some text.", published=bad)


# Short coded notes in the style of human-coded datasets (written for these tests).
NOTES = [
    ("On 12 May 2023, Al Shabaab militants attacked an army base in Beledweyne. Five soldiers were killed.",
     "2023-05-15", "Armed clash", "SO", "Shabaab", 5),
    ("On 1 February 2024, Russian forces shelled Kherson, killing 2 civilians and wounding 6 others.",
     "2024-02-03", "Shelling/artillery/missile attack", "UA", "Russia", 2),
    ("On 30 May 2024, clashes between the RSF and the SAF took place in El Fasher. At least 18 people were killed.",
     "2024-06-01", "Armed clash", "SD", "Rapid Support Forces", 18),
    ("On 4 August 2023, an IED planted by suspected militants exploded near a mosque in Peshawar, injuring "
     "7 worshippers.", "2023-08-05", "Remote explosive/landmine/IED", "PK", None, None),
    ("On 9 September 2022, police arrested 14 members of the opposition party in Harare.",
     "2022-09-10", "Arrests", "ZW", "Police", None),
]


@pytest.mark.parametrize(("text", "published", "sub", "country", "actor1", "killed"), NOTES)
def test_coded_notes(text, published, sub, country, actor1, killed, resources):
    events = run(text, resources, published=date.fromisoformat(published), outlet="Notes").events
    assert [e.sub_event_type for e in events] == [sub]
    (event,) = events
    assert event.location.country == country
    assert event.date is not None and event.date.isoformat() < published
    if actor1:
        assert actor1 in event.actor1.name
    assert event.fatalities == killed


def test_counts_joined_by_and_add_up(resources):
    text = "On 3 March 2024, militants ambushed an army convoy near Djibo. The army said 12 soldiers and 3 " \
           "volunteers were killed."
    (event,) = run(text, resources, published=date(2024, 3, 5)).events
    assert event.fatalities == 15


@pytest.mark.parametrize(("text", "country", "place"), [
    # the attacker's nationality is not where the event happened
    ("Russian artillery shelled Pokrovsk on Sunday, killing one man, officials said.", "UA", "Pokrovsk"),
    ("Russian drones struck the port of Odessa late on Sunday, wounding two people, Ukraine's navy said.",
     "UA", "Odesa"),
])
def test_place_is_not_the_attackers_country(text, country, place, resources):
    (event,) = run(text, resources, published=date(2024, 3, 11)).events
    assert (event.location.country, event.location.name) == (country, place)


def test_claim_of_responsibility_names_an_unidentified_attacker(resources):
    text = ("A suicide bomber blew himself up at a tea shop in Mogadishu on Thursday, killing seven people, "
            "police said. Al-Shabaab claimed responsibility for the attack.")
    (event,) = run(text, resources, published=date(2024, 9, 20)).events
    assert event.sub_event_type == "Suicide bomb"
    assert "Shabaab" in event.actor1.name
    assert event.actor2.kind == "civilians"  # not the police who reported it


def test_speaker_location_is_not_the_event_place(resources):
    text = "In Moscow, the president said Ukrainian drones had struck an oil depot in Belgorod on Friday."
    (event,) = run(text, resources).events
    assert event.location.name == "Belgorod"


def test_generic_witnesses_are_named_as_witnesses(resources):
    text = "Residents said jets bombed a market in Finote Selam on Sunday, killing 12 people."
    (event,) = run(text, resources, published=date(2023, 8, 10)).events
    assert event.claims[0].source.name == "Witnesses (Ethiopia)"


def test_admin_context_in_brackets_is_not_a_second_place(resources):
    text = "On 2 June 2022, around 200 traders protested in front of the governor's office in Ikeja (Lagos)."
    events = run(text, resources, published=date(2022, 6, 5)).events
    assert [(e.sub_event_type, e.location.name) for e in events] == [("Peaceful protest", "Ikeja")]


def test_force_against_protesters_has_protesters_as_target(resources):
    text = "On 7 March 2021, soldiers opened fire on anti-coup protesters in Mandalay, killing 2."
    (event,) = run(text, resources, published=date(2021, 3, 10)).events
    assert event.sub_event_type == "Excessive force against protesters"
    assert event.actor2.kind == "protesters"
    assert event.actor1 is None or event.actor1.kind == "state_forces"
    assert event.fatalities == 2


def test_outlet_toll_counts_when_a_group_claims_the_attack(resources):
    text = ("On 1 October 2022, a car bomb exploded outside a ministry in Mogadishu, killing at least 100 "
            "people. Al Shabaab claimed responsibility.")
    (event,) = run(text, resources, published=date(2022, 10, 4)).events
    assert event.fatalities == 100
    assert event.actor1.name.endswith("Shabaab") or "Shabaab" in event.actor1.name


def test_two_days_at_one_place_are_two_incidents(resources):
    text = ("Shells hit the Zaporizhzhia nuclear plant late on Saturday, officials said.\n\n"
            "On Friday, a power line at the plant was hit as well, the operator said.")
    events = run(text, resources, published=date(2022, 8, 7)).events
    assert sorted(e.date.isoformat() for e in events) == ["2022-08-05", "2022-08-06"]


def test_statement_date_is_not_the_event_date(resources):
    text = ("Rockets hit the railway station in Chaplyne on Wednesday, killing 22 people. The defence ministry "
            "said on Thursday that a missile had struck a military train at Chaplyne station.")
    (event,) = run(text, resources, published=date(2022, 8, 25)).events
    assert event.date == date(2022, 8, 24)


def test_a_ceasefire_despite_which_fighting_goes_on_is_not_an_agreement(resources):
    text = "Fighting between the army and the rebels continued in Khartoum on Tuesday despite a ceasefire."
    events = run(text, resources, published=date(2023, 5, 3)).events
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_killings_with_arson_are_an_attack(resources):
    text = ("Gang members attacked the neighbourhood of Croix-des-Bouquets on Monday, burning several houses "
            "and killing at least eight people, a human rights group said.")
    (event,) = run(text, resources, published=date(2022, 5, 25)).events
    assert event.sub_event_type == "Attack" and event.fatalities == 8


def test_place_in_a_city_is_one_place(resources):
    text = "An explosion at the al-Ahli hospital in Gaza City killed dozens of people on Tuesday, officials said."
    events = run(text, resources, published=date(2023, 10, 18)).events
    assert len(events) == 1


def test_the_dam_points_back_to_the_dam_named_earlier(resources):
    text = ("The Nova Kakhovka dam collapsed early on Tuesday, flooding villages downstream.\n\n"
            "Officials in Kyiv said Russian troops had mined the dam and blown it up.")
    (event,) = run(text, resources, published=date(2023, 6, 8)).events
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.date == date(2023, 6, 6)
    assert event.actor1 is not None and "Russia" in event.actor1.name
