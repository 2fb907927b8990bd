from datetime import date

from contested.records import SUB_TO_TYPE, TAXONOMY, Actor, Claim, Event, Extraction, Place, text_id


def test_taxonomy_has_25_sub_types():
    assert sum(len(v) for v in TAXONOMY.values()) == 25
    assert SUB_TO_TYPE["Grenade"] == "Explosions/Remote violence"


def test_event_round_trip():
    ev = Event(
        event_type="Battles", sub_event_type="Armed clash", date=date(2024, 1, 2), date_precision="day",
        location=Place(name="X", mention="X", country="UA", lat=1.0, lon=2.0, span=(0, 1)),
        actor1=Actor(name="A", mention="a", country="UA", kind="state_forces", span=(3, 4)),
        claims=(Claim(source=Actor(name="S", mention="s", kind="media"), fatalities=3, span=(0, 9)),),
        evidence=((0, 9),), spans={"trigger": (5, 8)},
    )
    d = ev.to_dict()
    assert d["claims"][0]["fatalities"] == 3
    assert d["location"]["span"] == [0, 1]
    assert Event.from_dict(d) == ev
    ex = Extraction(id="a", published=date(2024, 1, 3), events=(ev,))
    assert Extraction.from_dict(ex.to_dict()).events == (ev,)


def test_text_id_stable():
    assert text_id("abc") == text_id("abc") != text_id("abd")
