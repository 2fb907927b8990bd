"""Resolution that uses the text's context (issue 12, part 3): admin cues after a name,
divisions and towns named beside a place, unknown names with a cue, names inside a person's
or a group's name, spelling variants abroad, and ``contested places NAME --context TEXT``.

The sentences are written for these tests. The index is the default one (the checkout's
``.cache/``, see conftest), so the bundled supplement and the shipped GeoNames extract are in.
"""

from __future__ import annotations

from datetime import date

import pytest

from contested.cli import EXIT_PARTIAL, main
from contested.gazetteer import (
    Explanation,
    Gazetteer,
    explain,
    explain_in_context,
    find_toponyms,
    format_explanation,
    resolve_toponyms,
)
from contested.gazetteer.resolve import haversine_km


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def places(text: str, gaz: Gazetteer, **kw):
    return resolve_toponyms(find_toponyms(text, gaz), gaz, **kw)


def by_mention(ps, mention):
    found = [p for p in ps if p.mention == mention]
    assert found, f"{mention!r} not among {[p.mention for p in ps]}"
    return found[0]


# -- "X county", "X district", "X township": the area, else the town it is named after ----------

def test_admin_word_after_the_name_gives_the_area(gaz: Gazetteer):
    county = by_mention(places("Officials in Lamu county said gunmen burned houses.", gaz), "Lamu county")
    assert (county.name, county.country, county.precision) == ("Lamu County", "KE", "region")
    town = by_mention(places("A drone hit Lamu on Monday.", gaz), "Lamu")
    assert (town.name, town.precision) == ("Lamu", "place")


def test_admin_word_without_such_an_area_gives_the_town(gaz: Gazetteer):
    # no county of that name in the gazetteer: the town it is named after
    p = by_mention(places("Fighting resumed in Yirol county on Sunday.", gaz), "Yirol county")
    assert (p.name, p.country) == ("Yirol", "SS")
    x = explain_in_context("Yirol county", "Fighting resumed in Yirol county on Sunday.", gaz)
    assert "administrative area the gazetteer does not have" in x.why


def test_kenyan_counties_are_divisions(gaz: Gazetteer):
    t = next(t for t in find_toponyms("Gunmen killed two herders near Lafey in Mandera county.", gaz)
             if t.surface == "Lafey")
    assert t.admin_hint == "Mandera"
    assert by_mention(resolve_toponyms([t], gaz), "Lafey").admin1 == "Mandera County"


def test_township_and_a_division_with_a_direction(gaz: Gazetteer):
    text = "An air strike hit a village in Ye-U township in the central Sagaing region on Thursday."
    tps = find_toponyms(text, gaz)
    t = tps[0]
    assert (t.surface, t.admin_hint) == ("Ye-U township", "Sagaing")
    assert t.context is not None and text[t.context[0]:t.context[1]] == " in the central Sagaing region"
    p = resolve_toponyms(tps, gaz)[0]
    assert (p.name, p.admin1) == ("Ye-u", "Sagaing Region")


# -- "Village, District" and "Village (District, Region)" name one place ---------------------------

def test_village_with_district_and_region_in_brackets(gaz: Gazetteer):
    text = "Troops shelled Opytne (Bakhmut district, Donetsk region) overnight."
    tps = find_toponyms(text, gaz)
    t = tps[0]
    assert (t.surface, t.admin_hint, t.district_hint) == ("Opytne", "Donetsk", "Bakhmut")
    # the divisions stay mentions of their own, inside the context span of the village
    assert t.context is not None and all(t.context[0] <= o.span[0] and o.span[1] <= t.context[1] for o in tps[1:])
    assert resolve_toponyms(tps, gaz)[0].admin1 == "Donetsk Oblast"


@pytest.mark.parametrize("text,mention", [
    ("Russian troops shelled Opytne (Bakhmut district, Donetsk region) overnight, killing two civilians, "
     "officials said.", "Opytne"),
    ("Russian shelling hit Vodiane, Pokrovsk district, on Friday, killing a man, officials said.", "Vodiane"),
])
def test_village_and_its_divisions_are_one_place_in_the_output(resources, text: str, mention: str):
    from contested.pipeline import extract_article
    from contested.records import Article

    result = extract_article(Article(text=text, published=date(2024, 5, 7)), resources)
    assert [e.to_dict()["location"]["mention"] for e in result.events] == [mention]


@pytest.mark.parametrize("text", [
    "Shelling hit Vodiane, Pokrovsk district, on Friday.",
    "Shelling hit the village of Vodiane in Pokrovsk district of Donetsk region on Friday.",
])
def test_village_near_the_district_seat_named_beside_it(gaz: Gazetteer, text: str):
    tps = find_toponyms(text, gaz)
    assert tps[0].surface == "Vodiane" and "Pokrovsk" in (tps[0].district_hint, tps[0].admin_hint)
    p = resolve_toponyms(tps, gaz, focus=["UA"])[0]
    seats = [e for e in gaz.lookup("Pokrovsk", fuzzy=False) if e.country == "UA" and e.feature == "place"]
    assert min(haversine_km(p.lat, p.lon, e.lat, e.lon) for e in seats) < 60


def test_namesake_outside_the_named_division_loses(gaz: Gazetteer):
    # the article is about Pakistan; the district is Indian-administered
    text = ("Pakistan said its air defences were on alert. Pakistani artillery fire rained down on the "
            "Poonch district of Indian-administered Kashmir.")
    p = by_mention(places(text, gaz, focus=["PK"]), "Poonch district")
    assert p.country == "IN" and p.admin1 == "Jammu and Kashmir"


def test_place_outside_the_named_division_gives_the_division(gaz: Gazetteer):
    # every Mansura the gazetteer knows lies outside Idlib: the text knows better
    p = by_mention(places("Troops shelled Mansura, Idlib province, overnight.", gaz), "Mansura")
    assert (p.name, p.country, p.precision) == ("Idlib Governorate", "SY", "region")


def test_part_of_a_named_city(gaz: Gazetteer):
    text = ("Garment workers marched through the Mirpur area of Dhaka on Wednesday. Police said the "
            "Mirpur march was peaceful. Bangladeshi police fired on workers in Gazipur.")
    ps = places(text, gaz)
    for mention in ("Mirpur area", "Mirpur"):  # one name, one place
        p = by_mention(ps, mention)
        assert (p.name, p.country, p.precision) == ("Dhaka", "BD", "region")


# -- unknown names with a cue: the division named beside them, the mention kept -------------------

@pytest.mark.parametrize("text,mention", [
    ("Rebels shelled the village of Kharbaat in Idlib province on Monday.", "Kharbaat"),
    ("Kharbaat village, Idlib province, was shelled on Monday.", "Kharbaat village"),
    ("Soldiers burned the Al Kharbaat township (Idlib governorate) on Monday.", "Al Kharbaat township"),
])
def test_unknown_place_with_a_cue_gives_the_named_division(gaz: Gazetteer, text: str, mention: str):
    tps = find_toponyms(text, gaz)
    assert tps[0].surface == mention and tps[0].match == "unknown"
    p = resolve_toponyms(tps, gaz)[0]
    assert (p.name, p.mention, p.country, p.precision) == ("Idlib Governorate", mention, "SY", "region")
    assert p.geonames_id is None and p.span == tps[0].span


def test_unknown_name_without_a_named_division_is_no_place(gaz: Gazetteer):
    assert find_toponyms("Rockets hit the village of Kharbaat on Monday.", gaz) == []


def test_unknown_place_keeps_its_mention_in_the_output(resources):
    from contested.pipeline import extract_article
    from contested.records import Article

    text = "Rebels shelled the village of Kharbaat in Idlib province on Monday, killing two civilians, rescuers said."
    result = extract_article(Article(text=text, published=date(2024, 5, 7)), resources)
    locs = [e.to_dict()["location"] for e in result.events]
    assert locs and all(loc["name"] == "Idlib Governorate" and loc["precision"] == "region" for loc in locs)
    assert any(loc["mention"] == "Kharbaat" for loc in locs)


# -- only where the text reads as a place ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Andriy Yermak said the talks had failed.",  # Yermak: an alternate name of a town in Kazakhstan
    "Hayat Tahrir al-Sham fighters captured the town.",  # al-Sham: an alternate name of Damascus
    "Militants attacked an army post in Isha on Monday.",  # Isha: an alternate name of a Chinese hamlet
    "Fighters clashed on Monday in the Kharbaat district, officials said.",  # Monday is no place
    "The village elders met on Monday.",  # not The Village, Oklahoma
])
def test_no_false_place(gaz: Gazetteer, text: str):
    surfaces = [t.surface for t in find_toponyms(text, gaz)]
    assert not {"Yermak", "al-Sham", "Isha", "Monday", "The village"} & set(surfaces), surfaces


def test_eastern_congo_is_the_drc(gaz: Gazetteer):
    p = by_mention(places("Clashes erupted again in eastern Congo on Sunday.", gaz), "Congo")
    assert (p.country, p.precision) == ("CD", "country")


# -- spelling variants abroad, and `contested places NAME --context TEXT` ------------------------------

def test_spelling_variant_abroad_is_rejected(gaz: Gazetteer):
    cands = explain("Mathare", gaz, country="KE")
    assert cands and all(c.rejected for c in cands)  # Madurai, Matola, ...: never the answer
    x = explain_in_context("Mathare", "Police shot two protesters in a Nairobi slum, Kenyan police said.", gaz)
    assert isinstance(x, Explanation) and x.place is None and x.countries.get("KE") == 1.0
    assert all(c.rejected for c in x.candidates) and x.why.startswith("no candidate")


def test_explain_in_context_shows_context_candidates_and_why(gaz: Gazetteer):
    text = "Shells landed in Stepanakert, Shusha and Martuni, the Karabakh authorities said."
    x = explain_in_context("Martuni", text, gaz)
    assert x.mention is not None and x.mention.surface == "Martuni"
    assert x.place is not None and x.place.country == "AZ"
    assert x.candidates[0].entry.country == "AZ" and any("km from another place" in r for r in x.candidates[0].reasons)
    assert "beats" in x.why and any("Stepanakert" in a for a in x.anchors)
    report = format_explanation(x)
    assert "countries of the text: AZ" in report and "resolved: " in report


def test_places_command_with_context(capsys):
    text = "Rebels shelled the village of Kharbaat in Idlib province on Monday."
    assert main(["places", "Kharbaat", "--context", text]) == 0
    out = capsys.readouterr().out
    assert "Idlib Governorate" in out and "precision region" in out and "match unknown" in out
    assert main(["places", "Mathare", "--country", "KE"]) == EXIT_PARTIAL
    assert "no candidate" in capsys.readouterr().out
    assert main(["places", "Mathare", "--context", "Police fired on protesters in Nairobi, Kenya."]) == EXIT_PARTIAL
    assert "no candidate" in capsys.readouterr().out


def test_a_name_without_its_apostrophe_is_the_places_own_name(gaz: Gazetteer):
    # "Marib" is Ma'rib's own name, not an alternate one: the pipeline's plausibility rule for
    # alternate names of small places in texts without a country should not apply to it
    from contested.gazetteer.core import main_name_match

    p = by_mention(places("Fighting raged on the western edge of Marib.", gaz), "Marib")
    assert (p.name, p.country) == ("Ma'rib", "YE")
    entry = next(e for e in gaz.lookup("Marib") if e.feature == "place")
    assert main_name_match(entry, "Marib") and not main_name_match(entry, "Maarib al-Qadima")
