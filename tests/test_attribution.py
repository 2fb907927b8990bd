"""Attribution on hand-made actor mentions (the stage is tested alone, without the registry)."""

from dataclasses import dataclass

from contested.pipeline.attribution import attribute
from contested.pipeline.segment import segment


@dataclass(frozen=True)
class M:
    span: tuple[int, int]
    mention: str
    entry_id: str
    role: str = "government"
    actor_kind: str | None = "state_forces"
    source_kind: str | None = "government"
    country: str | None = None
    generic: bool = False
    metonym: bool = False
    name: str = ""


def mentions(text, *pairs):
    out = []
    for surface, entry in pairs:
        i = text.find(surface)
        while i >= 0:
            out.append(M((i, i + len(surface)), surface, entry))
            i = text.find(surface, i + 1)
    return sorted(out, key=lambda m: m.span)


def test_said_and_continuation():
    text = "Ruritania said Borduria shelled the port. The strikes reportedly killed four.\n\nRain fell."
    st = attribute(text, segment(text), mentions(text, ("Ruritania", "RU"), ("Borduria", "BO")))
    assert st[0].source.entry_id == "RU" and st[0].stance == "asserts" and st[0].explicit
    assert st[1].source.entry_id == "RU" and not st[1].explicit and st[1].hedged
    assert st[2].source is None  # a new paragraph in the outlet's own voice


def test_denial_and_negated_denial():
    text = "Borduria denied targeting the port. Ruritania did not deny striking the base."
    st = attribute(text, segment(text), mentions(text, ("Borduria", "BO"), ("Ruritania", "RU")))
    assert st[0].stance == "denies" and st[0].source.entry_id == "BO"
    assert st[1].stance == "asserts"  # not denying a strike acknowledges it


def test_according_to_and_anaphor():
    text = "Two houses burned, according to Ruritania. Later the port was hit, it said."
    st = attribute(text, segment(text), mentions(text, ("Ruritania", "RU")))
    assert st[0].source.entry_id == "RU"
    assert st[1].source.entry_id == "RU" and st[1].explicit


def test_accused_and_responsibility():
    text = "Ruritania accused Borduria of shelling the port. Borduria claimed responsibility for the raid."
    st = attribute(text, segment(text), mentions(text, ("Ruritania", "RU"), ("Borduria", "BO")))
    assert st[0].accused.entry_id == "BO" and st[0].source.entry_id == "RU"
    assert st[1].responsibility and st[1].source.entry_id == "BO"


def test_no_stance():
    text = "Ruritania said it could not confirm the report."
    st = attribute(text, segment(text), mentions(text, ("Ruritania", "RU")))
    assert st[0].stance is None


def test_a_shortened_name_points_back_to_the_named_body(resources):
    from datetime import date

    from contested.pipeline import extract_article
    from contested.records import Article

    text = ("Shelling killed three civilians in Maarat al-Numan on Monday, the Syria Civil Defence said. "
            "On the same day a drone hit a car near Sarmin, wounding two men, according to the Civil Defence.")
    result = extract_article(Article(text=text, published=date(2024, 5, 21)), resources)
    sources = {e.location.name: {c.source.name for c in e.claims if c.source} for e in result.events}
    assert all(names == {"Syria Civil Defence (White Helmets)"} for names in sources.values()), sources


def test_a_passive_toll_after_an_incident_is_its_toll_with_the_qualified_source(resources):
    from datetime import date

    from contested.pipeline import extract_article
    from contested.records import Article

    text = ("A minibus hit a landmine on a road near Mocimboa da Praia on Friday morning.\n\n"
            "Five passengers were killed and three were wounded, according to a district official.")
    (event,) = extract_article(Article(text=text, published=date(2024, 6, 3)), resources).events
    assert (event.fatalities, event.injured) == (5, 3)
    assert "district official" in {c.source.mention for c in event.claims if c.source}


def test_officials_are_not_the_bare_country_named_before_them(resources):
    from datetime import date

    from contested.pipeline import extract_article
    from contested.records import Article

    text = ("JUBA, June 4 - Armed youths attacked a cattle camp outside Bor, in South Sudan's Jonglei state, "
            "on Monday, killing seven herders, a county official said.")
    (event,) = extract_article(Article(text=text, published=date(2024, 6, 4)), resources).events
    assert [c.source.mention for c in event.claims] == ["county official"]



def test_a_live_blog_stamp_is_not_part_of_the_speaker(resources):
    from datetime import date

    from contested.pipeline import extract_article
    from contested.records import Article

    text = ("14:05 - Ukraine's air force says it shot down 12 drones over Odesa during the night.")
    (event,) = extract_article(Article(text=text, published=date(2024, 6, 7)), resources).events
    assert [c.source.mention for c in event.claims] == ["Ukraine's air force"]


def test_a_speaker_described_by_where_they_work_keeps_their_own_words(resources):
    from datetime import date

    from contested.pipeline import extract_article
    from contested.records import Article

    text = ("A drone strike hit a bus near Mota on Monday. A nurse at Mota hospital said six passengers "
            "were killed in the strike.")
    (event,) = extract_article(Article(text=text, published=date(2024, 4, 24)), resources).events
    assert any("nurse" in c.source.mention for c in event.claims if c.source)
