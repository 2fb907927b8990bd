"""Gazetteer: lookup, recognition, resolution, supplements and the index cache.

The sentences are written for these tests. The index is built once per session into a
temporary cache directory, with one small user supplement layered on the bundled one.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import contested.gazetteer as gz
from contested.config import Options
from contested.errors import DataFileError
from contested.gazetteer import Entry, Gazetteer, explain, find_toponyms, format_candidates, resolve_toponyms
from contested.gazetteer import build as gbuild
from contested.gazetteer.normalize import deart, norm, skeleton

HEADER = "id\tname\talternatenames\tcountry\tadmin1\tlat\tlon\tfeature\tpopulation\tsource\n"
USER_ROW = "user:test-outpost\tOutpost Nineteen\tPost 19\tUA\tDonetsk Oblast\t48.1\t37.9\tplace\t0\ttest data\n"


@pytest.fixture(scope="session")
def options(tmp_path_factory: pytest.TempPathFactory) -> Options:
    base = tmp_path_factory.mktemp("gaz")
    user = base / "user.tsv"
    user.write_text(HEADER + USER_ROW, encoding="utf-8")
    return Options(cache_dir=base / "cache", gazetteer_supplements=(user,))


@pytest.fixture(scope="session")
def gaz(options: Options) -> Gazetteer:
    return Gazetteer.load(options)


def places(text: str, gaz: Gazetteer, **kw):
    exclude = kw.pop("exclude", ())
    return resolve_toponyms(find_toponyms(text, gaz, exclude=exclude), gaz, **kw)


def by_mention(ps, mention):
    found = [p for p in ps if p.mention == mention]
    assert found, f"{mention!r} not among {[p.mention for p in ps]}"
    return found[0]


def test_public_api():
    assert set(gz.__all__) >= {"Entry", "Gazetteer", "Toponym", "find_toponyms", "resolve_toponyms", "explain"}


def test_normalisation():
    assert norm("Tərtər") == norm("Terter") == "terter"
    assert norm("Ivano-Frankivsk") == "ivano frankivsk"
    assert norm("Kam'yanka") == norm("Kam’yanka") == "kamyanka"
    assert deart(norm("Al-Fashir")) == "fashir"
    assert skeleton("kyiv") == skeleton("kiev")
    assert skeleton("kharkiv") == skeleton("kharkov")
    assert skeleton("tartar") == skeleton("terter")


def test_loaded_once_per_process(options: Options, gaz: Gazetteer):
    assert Gazetteer.load(options) is gaz


@pytest.mark.parametrize("variant,canonical,cc", [
    ("Kiev", "Kyiv", "UA"), ("Kharkov", "Kharkiv", "UA"), ("Tərtər", "Tartar", "AZ"), ("Terter", "Tartar", "AZ"),
    ("Al-Fashir", "El Fasher", "SD"), ("El Fasher", "El Fasher", "SD"), ("Khankendi", "Stepanakert", "AZ"),
    ("Shushi", "Shusha", "AZ"), ("Aghdara", "Martakert", "AZ"), ("Gubadli", "Gubadli", "AZ"),
])
def test_lookup_variants(gaz: Gazetteer, variant: str, canonical: str, cc: str):
    names = {(e.name, e.country) for e in gaz.lookup(variant)}
    assert (canonical, cc) in names


def test_entry_fields(gaz: Gazetteer):
    e = next(e for e in gaz.lookup("Kyiv") if e.feature == "place")
    assert isinstance(e, Entry) and e.country == "UA" and e.source == "geonames"
    assert e.feature_code == "PPLC" and e.population > 1_000_000 and e.geonames_id
    region = gaz.lookup("Donetsk region")
    assert region[0].feature == "region" and region[0].name == "Donetsk Oblast"


def test_user_supplement_is_loaded(gaz: Gazetteer, options: Options):
    e = gaz.lookup("Post 19")[0]
    assert e.name == "Outpost Nineteen" and e.source == str(options.gazetteer_supplements[0])


def test_multiword_and_longest_match(gaz: Gazetteer):
    ps = places("Drones struck Nova Kakhovka overnight, and the Zaporizhzhia nuclear power plant lost power.",
                gaz)
    nk = by_mention(ps, "Nova Kakhovka")
    assert nk.country == "UA" and abs(nk.lat - 46.75) < 0.1
    plant = next(p for p in ps if p.mention.startswith("Zaporizhzhia nuclear"))
    assert abs(plant.lat - 47.51) < 0.05 and abs(plant.lon - 34.59) < 0.05
    assert not any(p.mention == "Zaporizhzhia" for p in ps)


def test_cues_and_admin_context(gaz: Gazetteer):
    text = ("A missile hit the village of Chaplyne in Dnipropetrovsk region. "
            "Shelling was reported near Opytne, Donetsk region.")
    tps = find_toponyms(text, gaz)
    chap = next(t for t in tps if t.surface == "Chaplyne")
    assert chap.cue == "village of" and chap.admin_hint == "Dnipropetrovsk"
    opytne = next(t for t in tps if t.surface == "Opytne")
    assert opytne.cue == "comma-region"
    ps = resolve_toponyms(tps, gaz)
    assert by_mention(ps, "Opytne").admin1 == "Donetsk Oblast"
    assert by_mention(ps, "Chaplyne").admin1 == "Dnipropetrovsk Oblast"


def test_stop_words_need_a_cue(gaz: Gazetteer):
    text = "Police said on Sunday that Hope and Mobile phones were the same. The Army will March."
    assert find_toponyms(text, gaz) == []
    assert [t.surface for t in find_toponyms("Fighters reached the town of Hope.", gaz)] == ["Hope"]


def test_person_names_are_not_places(gaz: Gazetteer):
    surfaces = [t.surface for t in find_toponyms("Vladimir Putin met Donetsk People's Republic officials.", gaz)]
    assert "Vladimir" not in surfaces and "Donetsk" not in surfaces


def test_demonyms_are_not_places(gaz: Gazetteer):
    surfaces = [t.surface for t in find_toponyms("Armenian and Azerbaijani troops clashed near Lachin.", gaz)]
    assert surfaces == ["Lachin"]


def test_exclude_spans(gaz: Gazetteer):
    text = "Baku denied that its forces shelled Stepanakert."
    surfaces = [t.surface for t in find_toponyms(text, gaz, exclude=[(0, 4)])]
    assert surfaces == ["Stepanakert"]


def test_region_precision(gaz: Gazetteer):
    ps = places("Heavy fighting continued in Nagorno-Karabakh and in the Gaza Strip, and across North Darfur.", gaz)
    for mention in ("Nagorno-Karabakh", "Gaza Strip", "North Darfur"):
        assert by_mention(ps, mention).precision == "region"
    assert by_mention(ps, "Nagorno-Karabakh").country == "AZ"
    kherson = by_mention(places("Russian troops shelled Kherson region on Friday.", gaz), "Kherson region")
    assert kherson.precision == "region" and kherson.admin1 == "Kherson Oblast"


def test_camps(gaz: Gazetteer):
    ps = places("Families fled Zamzam camp and Abu Shouk camp for El Fasher.", gaz)
    zz = by_mention(ps, "Zamzam camp")
    assert zz.country == "SD" and abs(zz.lat - 13.49) < 0.05
    assert by_mention(ps, "Abu Shouk camp").country == "SD"
    assert by_mention(places("An air strike hit Nuseirat in central Gaza.", gaz), "Nuseirat").country == "PS"


def test_martuni_karabakh_vs_armenia(gaz: Gazetteer):
    kb = places("Shells landed in Stepanakert, Shusha and Martuni, the Karabakh authorities said.", gaz)
    assert by_mention(kb, "Martuni").country == "AZ"
    am = places("Protesters gathered in Martuni and Gavar on the shore of Lake Sevan in Armenia.", gaz)
    assert by_mention(am, "Martuni").country == "AM"


def test_alma_israel_vs_lebanon(gaz: Gazetteer):
    assert by_mention(places("Hezbollah fired rockets at Alma and Metula in northern Israel.", gaz),
                      "Alma").country == "IL"
    assert by_mention(places("An Israeli drone struck Alma al-Shaab in south Lebanon.", gaz),
                      "Alma al-Shaab").country == "LB"


def test_tripoli_and_poonch(gaz: Gazetteer):
    assert by_mention(places("Clashes erupted in Tripoli and Misrata, Libya.", gaz), "Tripoli").country == "LY"
    assert by_mention(places("Gunmen clashed in Tripoli and Akkar in north Lebanon.", gaz), "Tripoli").country == "LB"
    assert by_mention(places("Shelling hit Poonch and Rajouri in Jammu and Kashmir.", gaz), "Poonch").country == "IN"
    assert by_mention(places("Shelling hit Poonch, Rawalakot and Kotli in Pakistan.", gaz, focus=["PK"]),
                      "Poonch").country == "PK"


def test_caller_focus(gaz: Gazetteer):
    assert by_mention(places("Troops entered Tripoli.", gaz, focus=["LB"]), "Tripoli").country == "LB"


def test_all_caps_text(gaz: Gazetteer):
    text = "GUERRILLAS ATTACKED THE TOWN OF SAN MIGUEL AND A POST NEAR SAN SALVADOR, THE ARMY SAID TODAY."
    ps = places(text, gaz)
    mentions = [p.mention for p in ps]
    assert "SAN SALVADOR" in mentions and "SAN MIGUEL" in mentions
    assert not {"THE", "ARMY", "TODAY", "SAID"} & set(mentions)
    assert by_mention(ps, "SAN SALVADOR").country == "SV"


def test_explain(gaz: Gazetteer):
    cands = explain("Martuni", gaz, near=(39.82, 46.75))
    assert cands[0].entry.country == "AZ" and cands[0].score >= cands[-1].score
    assert any("km from" in r for r in cands[0].reasons)
    assert explain("Tripoli", gaz, country="LB")[0].entry.country == "LB"
    assert "Martuni" in format_candidates(cands)
    assert format_candidates([]) == "no candidates"


def test_bad_supplement_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + USER_ROW + "x:1\tNowhere\t\tUA\t\tnorth\t30.1\tplace\t0\tmade up\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        Gazetteer.load(Options(cache_dir=tmp_path / "c", gazetteer_supplements=(bad,)))
    assert info.value.where == f"{bad}:3" and "lat/lon" in info.value.reason
    bad.write_text(HEADER + "x:1\tNowhere\t\tUA\t\t50\t30\tvillage\t0\tmade up\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad\.tsv:2: feature"):
        gbuild.read_supplement(bad)
    bad.write_text("name\tlat\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="header"):
        gbuild.read_supplement(bad)


def test_cache_rebuilt_when_supplement_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    user = tmp_path / "mine.tsv"
    user.write_text(HEADER + USER_ROW, encoding="utf-8")
    opts = Options(cache_dir=tmp_path / "cache", gazetteer_supplements=(user,))
    calls = []

    def fake_compile(options: Options) -> dict:  # the real one is exercised by the session fixture
        calls.append(options)
        rows = [tuple(r.split("\t")[1:2]) for r in [USER_ROW]]
        return {"version": gbuild.INDEX_VERSION, "rows": [(None, rows[0][0], "UA", None, 48.1, 37.9, 0, "place",
                                                           None, str(user))],
                "names": {"outpost nineteen": 0}, "skeletons": {}}

    monkeypatch.setattr(gbuild, "compile_index", fake_compile)
    first = gbuild.build_index(opts)
    assert first.exists() and len(calls) == 1
    gbuild.build_index(opts)
    assert len(calls) == 1  # unchanged sources: cached
    user.write_text(HEADER + USER_ROW.replace("48.1", "48.2"), encoding="utf-8")
    second = gbuild.build_index(opts)
    assert second != first and second.exists() and len(calls) == 2
    with open(second, "rb") as fh:
        assert pickle.load(fh)["digest"] == gbuild.sources_digest(opts)
    assert not list((tmp_path / "cache").glob("*.tmp"))


# -- main names over alternate names, regional priors, admin hints, region points ---------------

def test_main_name_beats_colliding_alternate_name(gaz: Gazetteer):
    # GeoNames lists "Slovyansk" among Nikopol's alternate names; Sloviansk's own name wins
    p = places("Shelling was reported in Sloviansk on Monday.", gaz, focus=["UA"])
    assert by_mention(p, "Sloviansk").admin1 == "Donetsk Oblast"
    top = explain("Sloviansk", gaz, country="UA")[0]
    assert top.entry.admin1 == "Donetsk Oblast"
    assert any("alternate name" in r for c in explain("Sloviansk", gaz, country="UA")[1:] for r in c.reasons)


def test_alternate_name_still_resolves_without_namesake(gaz: Gazetteer):
    assert by_mention(places("Fighting near Kiev went on.", gaz), "Kiev").name == "Kyiv"


@pytest.mark.parametrize("text", [
    "Troops shelled Opytne (Donetsk oblast) overnight.",
    "Troops shelled Opytne, Donetsk oblast, overnight.",
    "Troops shelled the village of Opytne in the Donetsk region overnight.",
    "Troops shelled Opytne village, Donetsk oblast, overnight.",
])
def test_admin_hint_forms(gaz: Gazetteer, text: str):
    t = next(t for t in find_toponyms(text, gaz) if t.surface.startswith("Opytne"))
    assert t.admin_hint == "Donetsk"


def test_bare_parenthesised_division_hint(gaz: Gazetteer):
    t = next(t for t in find_toponyms("Clashes were reported in Beledweyne (Hiraan) today.", gaz)
             if t.surface == "Beledweyne")
    assert t.admin_hint == "Hiraan"
    # an acronym in brackets after a party name is no division
    ts = find_toponyms("Patriotic Union (UP) said it would take part in the vote.", gaz)
    assert all(t.admin_hint is None for t in ts)


def test_regional_prior_from_named_region(gaz: Gazetteer):
    # many Mykolaivkas exist (the largest in Donetsk Oblast); the text names the Luhansk region
    bare = places("Shelling hit Mykolaivka on Tuesday.", gaz, focus=["UA"])
    assert by_mention(bare, "Mykolaivka").admin1 != "Luhansk Oblast"
    text = "Across the Luhansk region, artillery hit Mykolaivka on Tuesday."
    p = places(text, gaz, focus=["UA"])
    assert by_mention(p, "Mykolaivka").admin1 == "Luhansk Oblast"


def test_regional_prior_from_focus_admin1(gaz: Gazetteer):
    hinted = places("Shelling hit Mykolaivka on Tuesday.", gaz, focus=["UA", "Luhansk Oblast"])
    assert by_mention(hinted, "Mykolaivka").admin1 == "Luhansk Oblast"


def test_region_point_is_centre_not_median(gaz: Gazetteer):
    # the median of Luhansk Oblast's places sits near its densely settled south; the
    # representative point is the centre of the division's extent (north of Luhansk city)
    e = next(e for e in gaz.lookup("Luhansk Oblast") if e.feature == "region")
    assert 48.7 < e.lat < 49.2
    city = next(e for e in gaz.lookup("Luhansk") if e.feature == "place")
    assert e.lat > city.lat + 0.3
