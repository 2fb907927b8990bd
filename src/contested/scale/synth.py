"""Synthetic articles for scale tests and benchmarks: short reports recombined from
sentences written for this module (towns, dates, actors and tolls vary with a seed), so a
corpus of any size can be made offline. Deterministic for a given ``seed``."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from ..records import Article

TOWNS = [
    ("Barda", "Azerbaijan", "Armenian forces", "Azerbaijan's defence ministry"),
    ("Ganja", "Azerbaijan", "Armenian forces", "officials in Baku"),
    ("Tartar", "Azerbaijan", "Armenian troops", "the Azerbaijani prosecutor's office"),
    ("Stepanakert", "Nagorno-Karabakh", "Azerbaijani forces", "the Armenian government"),
    ("Kharkiv", "Ukraine", "Russian forces", "the regional governor"),
    ("Kherson", "Ukraine", "Russian troops", "local officials"),
    ("Bakhmut", "Ukraine", "Russian forces", "the Ukrainian military"),
    ("Goma", "Democratic Republic of the Congo", "M23 rebels", "the provincial government"),
    ("Gao", "Mali", "militants", "the Malian army"),
    ("Aleppo", "Syria", "government forces", "the Syrian Observatory for Human Rights"),
]
OPENERS = [
    "{actor} shelled {town} on {day}, killing {n} civilians, {source} said.",
    "At least {n} people were killed when rockets hit {town} on {day}, according to {source}.",
    "{source} said {n} civilians died in an artillery strike on {town} on {day}.",
    "Fighting between {actor} and local defenders broke out near {town} on {day}; {n} soldiers were killed, "
    "{source} said.",
    "A drone strike on a market in {town} on {day} killed {n} people, {source} reported.",
]
FOLLOW = [
    "{denier} denied targeting civilians and accused the other side of provocations.",
    "Doctors at the main hospital in {town} said {m} wounded people were being treated.",
    "The International Committee of the Red Cross called on all parties to protect civilians.",
    "Residents said several houses and a school were damaged.",
    "Hundreds of people gathered in {town} the next day to mourn the victims.",
    "The ministry said the toll could rise as rescuers searched the rubble.",
    "Journalists who visited {town} saw burnt cars and broken windows.",
]
DENIERS = ["The defence ministry in Yerevan", "Moscow", "A spokesman for the rebels", "The army", "Officials in Baku"]
OUTLETS = ["Wire A", "Daily B", "Wire C", "Evening D", "Radio E"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_articles(n: int, *, seed: int = 0, start: date = date(2020, 9, 27),
                       days: int = 400, prefix: str = "syn") -> Iterator[Article]:
    """``n`` articles with ids ``{prefix}-{seed}-{i}``, streamed (nothing is kept)."""
    rng = random.Random(seed)
    for i in range(n):
        town, _country, actor, source = rng.choice(TOWNS)
        when = start + timedelta(days=rng.randrange(days))
        published = when + timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        fill = {"town": town, "actor": actor, "source": source, "day": WEEKDAYS[when.weekday()],
                "n": rng.randint(1, 30), "m": rng.randint(2, 60), "denier": rng.choice(DENIERS)}
        sentences = [rng.choice(OPENERS).format(**fill)]
        sentences += [s.format(**fill) for s in rng.sample(FOLLOW, rng.randint(1, 3))]
        text = f"{town}, {published.day} {published:%B} {published.year}. " + " ".join(sentences)
        yield Article(text=text, id=f"{prefix}-{seed}-{i}", published=published, outlet=rng.choice(OUTLETS))


def write_jsonl(path: str | Path, n: int, *, seed: int = 0, **kw: object) -> Path:
    """Write ``n`` synthetic articles as JSON Lines (the reader's fields); returns the path."""
    p = Path(path)
    with p.open("w", encoding="utf-8") as f:
        for art in synthetic_articles(n, seed=seed, **kw):  # type: ignore[arg-type]
            rec = {"id": art.id, "text": art.text, "published": art.published.isoformat() if art.published else None,
                   "outlet": art.outlet}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return p
