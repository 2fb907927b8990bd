"""Counts and casualty tolls, on short invented sentences."""

from __future__ import annotations

import pytest

from contested.pipeline.recognize.counts import (
    CountMention,
    Toll,
    find_counts,
    find_tolls,
    parse_number_words,
)


def tolls(text: str) -> list[tuple[str, int | None]]:
    return [(t.kind, t.value) for t in find_tolls(text)]


def full(text: str) -> list[tuple[str, int | None, bool, bool]]:
    return [(t.kind, t.value, t.approx, t.subset) for t in find_tolls(text)]


# ---------------------------------------------------------------- find_counts

@pytest.mark.parametrize("phrase, value", [
    ("two", 2), ("Twenty-two", 22), ("twenty two", 22), ("fifteen", 15), ("a hundred", 100),
    ("one hundred and five", 105), ("three thousand", 3000), ("a dozen", 12), ("seventy", 70),
    ("half a million", 500000), ("one two", None), ("twenty twelve", None),
])
def test_parse_number_words(phrase: str, value: int | None) -> None:
    assert parse_number_words(phrase) == value


def test_counts_digits_words_and_vague() -> None:
    text = "Some 1,200 people fled, 26 stayed, twenty-two hid, dozens left and several more waited."
    found = [(c.text, c.value, c.approx) for c in find_counts(text)]
    assert found == [("Some 1,200", 1200, True), ("26", 26, False), ("twenty-two", 22, False),
                     ("dozens", None, False), ("several", None, False)]


def test_counts_approx_markers_keep_value() -> None:
    for phrase in ("at least 25", "more than 25", "about 25", "around 25", "nearly 25", "25 or more"):
        (c,) = find_counts(f"They counted {phrase} bodies.")
        assert (c.value, c.approx) == (25, True), phrase
        assert c.text == phrase


def test_counts_skip_dates_times_years_and_compounds() -> None:
    text = ("On March 27, at 09:12, a 7-year-old girl and the 31st brigade saw T-72 tanks; "
            "the 1994 truce held until 5 June, and 3 soldiers waited.")
    assert [(c.text, c.value) for c in find_counts(text)] == [("3", 3)]


def test_counts_units_are_marked() -> None:
    found = find_counts("The town is 40 km away; the siege lasted five days; 3 men died.")
    assert [(c.value, c.unit) for c in found] == [(40, "km"), (5, "days"), (3, None)]


def test_counts_no_one_is_not_one() -> None:
    assert find_counts("No one answered and they blamed one another.") == []


def test_counts_scale_after_digits() -> None:
    (c,) = find_counts("Aid reached 2 million people.")
    assert c.value == 2_000_000 and isinstance(c, CountMention) and not c.vague


def test_counts_date_range_numbers_are_not_counts() -> None:
    assert find_counts("The raid ran between May 3 and 9 near the river.") == []
    assert find_counts("It lasted from 3 to 9 May.") == []


# ---------------------------------------------------------------- tolls: numbers then predicate

@pytest.mark.parametrize("sentence, expected", [
    ("Shells hit the market, killing 14 civilians.", [("killed", 14)]),
    ("Eight people were killed in the blast.", [("killed", 8)]),
    ("Gunmen killed 31 villagers overnight.", [("killed", 31)]),
    ("One guard was killed and 12 others were injured.", [("killed", 1), ("injured", 12)]),
    ("One farmer was killed and three others injured.", [("killed", 1), ("injured", 3)]),
    ("The shelling left dozens of residents injured.", [("injured", None)]),
    ("Thirty-one people were killed and about forty wounded.", [("killed", 31), ("injured", 40)]),
    ("Medics counted at least nine dead and 140 wounded.", [("killed", 9), ("injured", 140)]),
    ("At least 60 people have died since Monday.", [("killed", 60)]),
    ("More than 300 fighters had been killed, the army said.", [("killed", 300)]),
    ("Soldiers executed about 40 unarmed men.", [("killed", 40)]),
    ("Monitors documented at least 57 deaths in the camp.", [("killed", 57)]),
    ("Police said six protesters killed in the square were students.", [("killed", 6)]),
    ("Two young men were killed and dozens more hurt.", [("killed", 2), ("injured", None)]),
    ("Four nurses were wounded.", [("injured", 4)]),
    ("Several shepherds were wounded by the blast.", [("injured", None)]),
    ("The army said it neutralised 48 militants.", [("killed", 48)]),
    ("The raiders killed hundreds of people.", [("killed", None)]),
    ("Hundreds are feared dead after the raid.", [("killed", None)]),
    ("Rescuers reported scores of deaths.", [("killed", None)]),
    ("Five soldiers and two civilians were killed.", [("killed", 5), ("killed", 2)]),
    ("Nine people were killed or wounded in the raid.", [("casualties", 9)]),
    ("The rebels admitted fewer than 70 casualties.", [("casualties", 70)]),
])
def test_tolls(sentence: str, expected: list[tuple[str, int | None]]) -> None:
    assert tolls(sentence) == expected


def test_toll_approx_and_span() -> None:
    text = "Witnesses said at least 25 people were killed."
    (t,) = find_tolls(text)
    assert isinstance(t, Toll)
    assert (t.kind, t.value, t.approx, t.subset) == ("killed", 25, True, False)
    assert text[t.span[0]:t.span[1]] == t.text == "at least 25"


# ---------------------------------------------------------------- toll phrases

@pytest.mark.parametrize("sentence, expected", [
    ("The governor put the death toll at eleven.", [("killed", 11)]),
    ("By noon officials put the toll at 19, with dozens wounded.", [("killed", 19), ("injured", None)]),
    ("Relatives put the number of dead at around 90.", [("killed", 90)]),
    ("The group put the number it had killed at about 70.", [("killed", 70)]),
    ("The death toll rose to 43 on Friday.", [("killed", 43)]),
    ("Doctors put the number of wounded at 18.", [("injured", 18)]),
])
def test_toll_phrases(sentence: str, expected: list[tuple[str, int | None]]) -> None:
    assert tolls(sentence) == expected


# ---------------------------------------------------------------- one person

@pytest.mark.parametrize("sentence, expected", [
    ("A sergeant of a border unit was fatally wounded.", [("killed", 1)]),
    ("A driver was taken to hospital with burns and shrapnel wounds.", [("injured", 1)]),
    ("One teacher suffered minor injuries.", [("injured", 1)]),
    ("A boy died when the roof fell.", [("killed", 1)]),
    ("A rocket destroyed a school.", []),
    ("It was a siege that killed about 9,000 people.", [("killed", 9000)]),
    ("A policeman was shot dead at the checkpoint.", [("killed", 1)]),
])
def test_singular(sentence: str, expected: list[tuple[str, int | None]]) -> None:
    assert tolls(sentence) == expected


def test_singular_span_covers_noun() -> None:
    text = "Later an engineer was seriously injured."
    (t,) = find_tolls(text)
    assert (t.kind, t.value, t.text) == ("injured", 1, "an engineer")
    assert text[t.span[0]:t.span[1]] == "an engineer"


# ---------------------------------------------------------------- zero tolls

@pytest.mark.parametrize("sentence, expected", [
    ("The ministry said no one was killed or injured.", [("killed", 0), ("injured", 0)]),
    ("Luckily, nobody was hurt.", [("injured", 0)]),
    ("The mayor said no lives were lost.", [("killed", 0)]),
    ("A depot burned but there were no reports of casualties.", [("killed", 0), ("injured", 0)]),
    ("The ministry reported no casualties.", [("killed", 0), ("injured", 0)]),
    ("The blast caused no injuries.", [("injured", 0)]),
    ("No civilians were killed, the army said.", [("killed", 0)]),
    ("The strike ended without casualties.", [("killed", 0), ("injured", 0)]),
    ("The statement made no mention of civilian casualties.", []),
    ("Officials gave no final toll.", []),
    ("No tanks were lost near the river.", []),
])
def test_zero_tolls(sentence: str, expected: list[tuple[str, int | None]]) -> None:
    assert tolls(sentence) == expected


def test_zero_toll_with_singular_injured() -> None:
    text = "One shopkeeper suffered light injuries and no lives were lost."
    assert full(text) == [("injured", 1, False, False), ("killed", 0, False, False)]


# ---------------------------------------------------------------- subsets

def test_subset_of_them_inside_commas() -> None:
    text = "The ministry said 180 villagers, dozens of them children, were killed and 300 wounded."
    assert full(text) == [("killed", 180, False, False), ("killed", None, False, True),
                          ("injured", 300, False, False)]


def test_subset_among_the_dead() -> None:
    assert full("Eleven women were among the dead.") == [("killed", 11, False, True)]
    assert full("Medics said 35 children were among those killed.") == [("killed", 35, False, True)]


def test_subset_including() -> None:
    text = "More than 90 people, including 14 children and three medics, were killed."
    assert full(text) == [("killed", 90, True, False), ("killed", 14, False, True),
                          ("killed", 3, False, True)]
    text = "The raid killed 26 people, including 20 children."
    assert full(text) == [("killed", 26, False, False), ("killed", 20, False, True)]


def test_subset_of_the_dead() -> None:
    text = "Officials said 7 of the dead, among them two boys, were killed at the market."
    assert full(text)[0] == ("killed", 7, False, True)
    assert full("Four of the wounded were soldiers.") == [("injured", 4, False, True)]


# ---------------------------------------------------------------- not tolls

@pytest.mark.parametrize("sentence", [
    "Twelve missiles launched from the east hit the city.",
    "Three sensors were knocked out and power was lost.",
    "Hundreds of soldiers were later seen surrendering.",
    "The army held 51 suspects after the raid.",
    "The war lasted five years and ended in 1994.",
    "The drone flew 30 km before it was shot down.",
    "Four carriages were set alight.",
])
def test_not_tolls(sentence: str) -> None:
    assert find_tolls(sentence) == []


def test_agent_count_is_not_a_toll() -> None:
    assert tolls("Two gunmen killed three guards.") == [("killed", 3)]
    assert tolls("Rebels had killed 40 soldiers.") == [("killed", 40)]


def test_background_toll_is_returned() -> None:
    # callers decide relevance: the figure is still a toll
    assert tolls("The fighting recalls a war that killed about 30,000 people.") == [("killed", 30000)]


# ---------------------------------------------------------------- windows

def test_window_limits_and_offsets() -> None:
    text = "Five people were killed. Then nine more were injured."
    second = text.index("Then")
    found = find_tolls(text, second)
    assert [(t.kind, t.value) for t in found] == [("injured", 9)]
    assert text[found[0].span[0]:found[0].span[1]] == "nine"
    assert [(t.kind, t.value) for t in find_tolls(text, 0, second)] == [("killed", 5)]
    assert find_tolls(text, 10, 10) == []


def test_no_casualty_word_is_fast_path() -> None:
    assert find_tolls("Ten tanks and 40 trucks crossed the bridge.") == []


# ---------------------------------------------------------------- objects and coordination

@pytest.mark.parametrize("sentence, expected", [
    ("The strike killed a woman and her two children.", [("killed", 1), ("killed", 2)]),
    ("Gunmen killed five villagers and a teacher.", [("killed", 5), ("killed", 1)]),
    ("Rockets killed 3 people and destroyed a school and a clinic.", [("killed", 3)]),
    ("The explosion wounded 14 and killed four.", [("injured", 14), ("killed", 4)]),
    ("Four people were arrested and two injured.", [("injured", 2)]),
    ("He was killed a day earlier.", []),
    ("Officials said 16 bodies had been recovered.", [("killed", 16)]),
    ("At least 10 civilians lost their lives.", [("killed", 10)]),
    ("Eight people were hospitalised after the attack.", [("injured", 8)]),
    ("Nearly a dozen soldiers were killed.", [("killed", 12)]),
    ("Up to 70 people may have been killed.", [("killed", 70)]),
    ("The death toll has risen to more than 40.", [("killed", 40)]),
])
def test_more_shapes(sentence: str, expected: list[tuple[str, int | None]]) -> None:
    assert tolls(sentence) == expected


def test_subset_among_the_n_killed() -> None:
    assert full("Two children were among the 14 killed.") == [
        ("killed", 2, False, True), ("killed", 14, False, False)]


def test_singular_span_with_modifier() -> None:
    (t,) = find_tolls("A 55-year-old man was killed.")
    assert (t.value, t.text) == (1, "A 55-year-old man")
