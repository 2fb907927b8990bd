"""Hand-written multi-source fixtures for the ledger: Extraction records built directly,
with the true incident of every event (``TRUTH``), for tests and benchmarks/merge_quality.py.

Each article is a short text written for these tests; the events are what an extractor
would output for it. Spellings, coordinates and dates differ between outlets on purpose.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from contested.records import Actor, Article, Claim, Event, Extraction, Place

# places (lat, lon from the gazetteer, slightly moved per outlet below)
BARDA = ("Barda", 40.374, 47.126, "AZ", "Barda District")
GANJA = ("Ganja", 40.683, 46.361, "AZ", "Ganja")
TARTAR = ("Tartar", 40.342, 46.932, "AZ", "Tartar District")
STEPANAKERT = ("Stepanakert", 39.815, 46.752, "AZ", "Khankendi")

AM_FORCES = ("Military Forces of Armenia", "AM", "state_forces")
AZ_FORCES = ("Military Forces of Azerbaijan", "AZ", "state_forces")
AZ_CIV = ("Civilians (Azerbaijan)", "AZ", "civilians")
AM_CIV = ("Civilians (Armenia)", "AM", "civilians")
AZ_GOV = ("Government of Azerbaijan", "AZ", "government")
AM_GOV = ("Government of Armenia", "AM", "government")
AZ_MOD = ("Ministry of Defence of Azerbaijan", "AZ", "government")
HOSPITAL = ("Barda Central Hospital", "AZ", "medical")
ICRC = ("International Committee of the Red Cross", None, "international_org")
HRW = ("Human Rights Watch", None, "ngo")


def actor(spec: tuple[str, str | None, str | None] | None, mention: str | None = None) -> Actor | None:
    if spec is None:
        return None
    return Actor(name=spec[0], mention=mention or spec[0], country=spec[1], kind=spec[2])


def place(spec: tuple[str, float, float, str, str], *, name: str | None = None, dlat: float = 0.0,
          dlon: float = 0.0, precision: str = "place") -> Place:
    return Place(name=name or spec[0], mention=name or spec[0], country=spec[3], admin1=spec[4],
                 lat=round(spec[1] + dlat, 4), lon=round(spec[2] + dlon, 4), precision=precision)


def ev(sub: str, day: str | None, where: Place | None, a1: Any = None, a2: Any = None, *,
       claims: tuple[tuple[Any, str, int | None], ...] = (), fatalities: int | None = None,
       precision: str = "day", etype: str | None = None) -> Event:
    from contested.records import SUB_TO_TYPE

    return Event(
        event_type=etype or SUB_TO_TYPE[sub], sub_event_type=sub,
        date=date.fromisoformat(day) if day else None, date_precision=precision if day else None,
        location=where, actor1=actor(a1) if isinstance(a1, tuple) else a1,
        actor2=actor(a2) if isinstance(a2, tuple) else a2, fatalities=fatalities,
        claims=tuple(Claim(source=actor(src), stance=stance, fatalities=n, span=(0, 10))
                     for src, stance, n in claims),
        evidence=((0, 10),),
    )


def article(doc_id: str, published: str, outlet: str, text: str, *events: Event
            ) -> tuple[Article, Extraction]:
    pub = date.fromisoformat(published)
    return (Article(text=text, id=doc_id, published=pub, outlet=outlet),
            Extraction(id=doc_id, published=pub, events=tuple(events)))


SHELL = "Shelling/artillery/missile attack"


def corpus() -> tuple[list[tuple[Article, Extraction]], dict[tuple[str, int], str]]:
    """The fixture articles and the true incident label of each (doc_id, event index).
    ``None``-incident background mentions are labelled ``bg-*`` (expected: no event)."""
    pairs = [
        # incident A: Barda, 28 Oct, three outlets, revised tolls, a denial, a late mention
        article("wa-1", "2020-10-28", "Wire A",
                "Azerbaijan said Armenian forces fired rockets at Barda, killing 21 civilians. "
                "Armenia's defence ministry denied firing at the town.",
                ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV, fatalities=21,
                   claims=((AZ_GOV, "asserts", 21), (AM_GOV, "denies", None)))),
        article("db-2", "2020-10-29", "Daily B",
                "Doctors at the hospital in Bärdä said 25 people died after Tuesday's rocket strike.",
                ev(SHELL, "2020-10-28", place(BARDA, name="Bärdä", dlat=0.006, dlon=0.004),
                   actor(AM_FORCES, "Armenian Armed Forces"), AZ_CIV, fatalities=25,
                   claims=((HOSPITAL, "asserts", 25),))),
        article("wc-3", "2020-10-30", "Wire C",
                "The death toll from the Berdaa attack rose to 27, Azerbaijan's defence ministry "
                "said on Thursday.",
                ev(SHELL, "2020-10-29", place(BARDA, name="Berdaa", dlat=-0.01), AM_FORCES, None,
                   fatalities=27, claims=((AZ_MOD, "asserts", 27),))),
        # distractor: Barda again three days later
        article("wa-4", "2020-10-31", "Wire A",
                "Shells hit Barda again on Saturday, Azerbaijani officials said; no one was hurt.",
                ev(SHELL, "2020-10-31", place(BARDA), AM_FORCES, AZ_CIV,
                   claims=((AZ_GOV, "asserts", None),))),
        article("db-5", "2020-11-01", "Daily B",
                "Saturday's shelling of Barda caused damage but no casualties, residents said.",
                ev(SHELL, "2020-10-31", place(BARDA, dlon=0.01), AM_FORCES, AZ_CIV,
                   claims=((("residents", "AZ", "witnesses"), "asserts", None),))),
        # distractor: Ganja, the same day as A (70 km away)
        article("wc-6", "2020-10-28", "Wire C",
                "A missile struck a residential block in Ganja on Wednesday, killing 4, officials "
                "in Baku said.",
                ev(SHELL, "2020-10-28", place(GANJA), AM_FORCES, AZ_CIV, fatalities=4,
                   claims=((AZ_GOV, "asserts", 4),))),
        article("ed-7", "2020-10-29", "Evening D",
                "ICRC staff visited Gäncä, where five people were killed by a missile strike.",
                ev(SHELL, "2020-10-28", place(GANJA, name="Gäncä", dlat=0.003), None, AZ_CIV,
                   fatalities=5, claims=((ICRC, "asserts", 5),))),
        # distractor: a clash near Tartar the same day (17 km from Barda)
        article("wa-8", "2020-10-28", "Wire A",
                "Fighting between Armenian and Azerbaijani troops raged near Tartar on Wednesday.",
                ev("Armed clash", "2020-10-28", place(TARTAR), AZ_FORCES, AM_FORCES,
                   claims=((AZ_MOD, "asserts", None),))),
        # incident D: Stepanakert, 28 Oct; a week-precision follow-up and a blame denial
        article("ed-9", "2020-10-28", "Evening D",
                "Stepanakert was shelled on Wednesday; one person was killed, the Armenian "
                "government said. Baku denied targeting civilians.",
                ev(SHELL, "2020-10-28", place(STEPANAKERT), AZ_FORCES, AM_CIV, fatalities=1,
                   claims=((AM_GOV, "asserts", 1), (AZ_GOV, "denies", None)))),
        article("hr-10", "2020-11-03", "HRW dispatch",
                "Last week cluster munitions hit Khankendi (Stepanakert), killing two people.",
                ev(SHELL, "2020-10-26", place(STEPANAKERT, name="Khankendi", dlon=-0.005),
                   actor(AZ_FORCES, "Azerbaijani forces"), AM_CIV, fatalities=2, precision="week",
                   claims=((HRW, "asserts", 2),))),
        # a month later: A recalled as background, and an old Ganja strike not otherwise reported
        article("wc-11", "2020-11-27", "Wire C",
                "A month after rockets killed 21 people in Barda, and after the 11 October strike "
                "on Ganja, residents are rebuilding.",
                ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV, fatalities=21,
                   claims=((None, "asserts", 21),)),
                ev(SHELL, "2020-10-11", place(GANJA), AM_FORCES, AZ_CIV, fatalities=10,
                   claims=((None, "asserts", 10),))),
        # a protest in Ganja the same day: another type, another incident
        article("db-12", "2020-10-28", "Daily B",
                "Hundreds rallied in Ganja on Wednesday to mourn the victims.",
                ev("Peaceful protest", "2020-10-28", place(GANJA), ("Protesters (Azerbaijan)", "AZ",
                   "protesters"), None, claims=((None, "asserts", None),))),
    ]
    truth = {
        ("wa-1", 0): "A", ("db-2", 0): "A", ("wc-3", 0): "A", ("wc-11", 0): "A",
        ("wa-4", 0): "B", ("db-5", 0): "B",
        ("wc-6", 0): "C", ("ed-7", 0): "C",
        ("wa-8", 0): "E",
        ("ed-9", 0): "D", ("hr-10", 0): "D",
        ("wc-11", 1): "bg-ganja-oct11",
        ("db-12", 0): "P",
    }
    return pairs, truth


def pairwise_scores(predicted: dict[tuple[str, int], str | None],
                    truth: dict[tuple[str, int], str]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering of mentions. A mention predicted to be
    in no event counts as a singleton."""
    keys = sorted(truth)
    pred = {k: predicted.get(k) or f"none:{k}" for k in keys}
    tp = fp = fn = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            same_t, same_p = truth[a] == truth[b], pred[a] == pred[b]
            tp += same_t and same_p
            fp += same_p and not same_t
            fn += same_t and not same_p
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall
