"""Shared set-up for the web tests (no tests here): a small ledger of short articles
written for these tests, one of them hostile (script tags and event-handler attributes in
its text, title and outlet). The extractions are built by hand, with every span pointing
at its words, so the web tests do not move when the extractor's output changes; ingest
through the API runs the real pipeline.
"""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

from contested.ledger import Ledger
from contested.records import SUB_TO_TYPE, Actor, Article, Claim, Event, Extraction, Place

PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE_ID = "evil-1"
SHELL = "Shelling/artillery/missile attack"

# name, lat, lon, country, admin1
PLACES = {
    "Barda": (40.374, 47.126, "AZ", "Barda District"), "Ganja": (40.683, 46.361, "AZ", "Ganja"),
    "Tartar": (40.342, 46.932, "AZ", "Tartar District"), "Kharkiv": (49.981, 36.253, "UA", "Kharkiv"),
    "Cali": (3.437, -76.522, "CO", "Valle del Cauca"),
}
ACTORS = {
    "am": ("Military Forces of Armenia", "AM", "state_forces"),
    "ru": ("Military Forces of Russia", "RU", "state_forces"),
    "az_civ": ("Civilians (Azerbaijan)", "AZ", "civilians"),
    "co_pro": ("Protesters (Colombia)", "CO", "protesters"),
    "az_gov": ("Government of Azerbaijan", "AZ", "government"),
    "am_gov": ("Government of Armenia", "AM", "government"),
    "ua_gov": ("Government of Ukraine", "UA", "government"),
    "doctors": ("Barda Central Hospital", "AZ", "medical"),
    "daily_b": ("Daily B", None, "media"),
}


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _actor(text: str, key: str | None, words: str | None) -> Actor | None:
    if key is None:
        return None
    name, country, kind = ACTORS[key]
    return Actor(name=name, mention=words or name, country=country, kind=kind,
                 span=_span(text, words) if words else None)


def _article(doc_id: str, published: str, outlet: str, title: str, text: str, *, sub: str, day: str,
             place: str, a1: tuple[str, str] | None, a2: tuple[str, str] | None, toll: str | None,
             trigger: str, claims: list[tuple[str, str, str, int | None]]) -> tuple[Article, Extraction]:
    """One article and its hand-made extraction; every field's span is found in ``text``."""
    lat, lon, cc, admin1 = PLACES[place]
    spans = {"trigger": _span(text, trigger)}
    if toll:
        spans["fatalities"] = _span(text, toll)
    event = Event(
        event_type=SUB_TO_TYPE[sub], sub_event_type=sub, date=date.fromisoformat(day), date_precision="day",
        location=Place(name=place, mention=place, country=cc, admin1=admin1, lat=lat, lon=lon,
                       span=_span(text, place)),
        actor1=_actor(text, *(a1 or (None, None))), actor2=_actor(text, *(a2 or (None, None))),
        fatalities=int(toll) if toll else None,
        claims=tuple(Claim(source=_actor(text, src, None), stance=stance, fatalities=n, span=_span(text, sentence))
                     for src, stance, sentence, n in claims),
        evidence=tuple(_span(text, sentence) for _, _, sentence, _ in claims), spans=spans,
    )
    pub = date.fromisoformat(published)
    return (Article(text=text, id=doc_id, published=pub, outlet=outlet, title=title),
            Extraction(id=doc_id, published=pub, events=(event,)))


T1 = ("Azerbaijan said on Wednesday that Armenian forces fired rockets at Barda, killing 21 civilians.\n\n"
      "Armenia's defence ministry denied firing at the town.")
T2 = "The death toll from Wednesday's rocket attack on Barda rose to 25, hospital doctors said."
T3 = "A missile struck a residential block in Ganja on Saturday, killing 13 civilians, Azerbaijan's prosecutor said."
T4 = "Russian forces shelled Kharkiv on Tuesday, killing 10 people, Ukrainian officials said."
T5 = "Protesters marched peacefully through Cali on Tuesday against a new tax."
T6 = (f"Azerbaijan said Armenian forces shelled Tartar on Sunday, killing 3 civilians {PWN_IMG}.\n\n"
      f"Armenia's defence ministry denied shelling Tartar. {PWN_SCRIPT}")


def pairs() -> list[tuple[Article, Extraction]]:
    return [
        _article("w-1", "2020-10-28", "Wire A", "Rockets hit Barda", T1, sub=SHELL, day="2020-10-28", place="Barda",
                 a1=("am", "Armenian forces"), a2=("az_civ", "civilians"), toll="21", trigger="fired rockets",
                 claims=[("az_gov", "asserts", T1.split("\n\n")[0], 21),
                         ("am_gov", "denies", T1.split("\n\n")[1], None)]),
        _article("w-2", "2020-10-29", "Daily B", "Barda toll rises", T2, sub=SHELL, day="2020-10-28", place="Barda",
                 a1=None, a2=None, toll="25", trigger="rocket attack", claims=[("doctors", "asserts", T2, 25)]),
        _article("w-3", "2020-10-17", "Wire A", "Missile strike on Ganja", T3, sub=SHELL, day="2020-10-17",
                 place="Ganja", a1=None, a2=("az_civ", "civilians"), toll="13", trigger="missile struck",
                 claims=[("az_gov", "asserts", T3, 13)]),
        _article("w-4", "2022-03-02", "Wire C", "Kharkiv shelled", T4, sub=SHELL, day="2022-03-01", place="Kharkiv",
                 a1=("ru", "Russian forces"), a2=None, toll="10", trigger="shelled",
                 claims=[("ua_gov", "asserts", T4, 10)]),
        _article("w-5", "2021-05-05", "Daily B", "Protest in Cali", T5, sub="Peaceful protest", day="2021-05-04",
                 place="Cali", a1=("co_pro", "Protesters"), a2=None, toll=None, trigger="marched peacefully",
                 claims=[("daily_b", "asserts", T5, None)]),
        _article(HOSTILE_ID, "2020-11-02", f"Evil {PWN_IMG} Wire</script>", f"{PWN_SCRIPT}Hostile {PWN_IMG} title",
                 T6, sub=SHELL, day="2020-11-01", place="Tartar", a1=("am", "Armenian forces"),
                 a2=("az_civ", "civilians"), toll="3", trigger="shelled",
                 claims=[("az_gov", "asserts", T6.split("\n\n")[0], 3),
                         ("am_gov", "denies", T6.split("\n\n")[1], None)]),
    ]


def build_db(folder: Path) -> str:
    """A SQLite ledger of the fixture articles in ``folder``; returns its URL."""
    url = f"sqlite:///{folder / 'web.db'}"
    with Ledger(url) as ledger:
        ledger.ingest(pairs())
    return url


def starlette_test_client():
    """starlette's TestClient, imported without its httpx deprecation warning (the test
    settings turn warnings into errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient


__test__ = False  # helpers only: nothing here is a test
