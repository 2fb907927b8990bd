"""Stage 2 — recognition: every mention the later stages need, each with its span.

Needs: the text, its segmentation, the publication date and the shared resources
(gazetteer, actor registry, lexicons). Produces ``Mentions``.

Metonymy: a capital or seat of government found by the registry ("Baku denied",
"the Kremlin said") is an actor, not a place; the same word after a locative
preposition ("in Kinshasa", "near Baku") is a place.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ...config import Options
from ...gazetteer.normalize import norm
from ...records import Dropped
from ..segment import Segmentation

if TYPE_CHECKING:  # pragma: no cover
    from ...gazetteer import Gazetteer
    from ...lexicons.factuality import FactualityLexicon
    from ...lexicons.load import CueLexicon, TriggerLexicon, WeaponLexicon
    from ...registry import Registry

# A capital acts as its government when it speaks, decides or owns ("Baku said", "Kyiv's
# generals", "official Yerevan", "brokered by Washington"); otherwise it is a place.
_GOVERNMENT_AFTER_RE = re.compile(
    r"^(?:'s|’s|,\s+(?:however|meanwhile|in turn|for its part),\s+\w+|"
    r"\s+(?:and\s+\w+\s+)?(?:has\s+|have\s+|had\s+|is\s+|was\s+|were\s+|also\s+|then\s+|"
    r"however,?\s+|again\s+|quickly\s+|later\s+|,\s+however,\s+)?"
    r"(?:said|says|say|denied|denies|deny|accused|accuses|blamed|blames|claimed|claims|insisted|insists|"
    r"rejected|rejects|dismissed|dismisses|refused|refuses|called|calls|warned|warns|announced|"
    r"responded|hit\s+back|hits\s+back|vowed|vows|ordered|orders|backed|backs|condemned|condemns|"
    r"confirmed|confirms|reported|reports|stated|declared|demanded|threatened|agreed|signed|"
    r"traded|trade|urged|urges|wants|wanted|sent|sends|responded|retaliated|launched|being\s+backed|"
    r"did\s+not|does\s+not|has\s+not|have\s+not|declined|refused|rejected|would\s+not))\b",
    re.I)
_IN_PLACE_RE = re.compile(r"\b(?:in|at|near|across|inside|into|throughout|within|to)\s+(?:the\s+)?"
                          r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
                          r"north-?western|south-?eastern|south-?western|rural|remote)\s+)?$", re.I)
_BARE_NAME_RE = re.compile(r"^(?:[A-Z][\w-]+)(?:\s+[A-Z][\w-]+){0,2}$")
_GOVERNMENT_BEFORE_RE = re.compile(r"(?:\bofficial|\bby|\bwith|\bbetween|\bagainst|\band)\s+$", re.I)


@dataclass(frozen=True)
class Resources:
    """The shared, read-only resources of the pipeline, loaded once per process."""

    registry: Registry
    gazetteer: Gazetteer
    triggers: TriggerLexicon
    weapons: WeaponLexicon
    cues: CueLexicon
    factuality: FactualityLexicon

    @classmethod
    def load(cls, options: Options | None = None) -> Resources:
        from ...gazetteer import Gazetteer
        from ...lexicons import load_cues, load_triggers, load_weapons
        from ...lexicons.factuality import load_factuality
        from ...registry import Registry
        from ..syntax import load_model

        opts = options or Options()
        # the parser too, here and not in an article's first parse, where loading it (seconds on a
        # busy machine) would count against that article's time budget
        load_model(opts.syntax_model)
        return cls(registry=Registry.load(tuple(opts.registry_files)), gazetteer=Gazetteer.load(opts),
                   triggers=load_triggers(), weapons=load_weapons(), cues=load_cues(),
                   factuality=load_factuality())


class SpanIndex(tuple):
    """Mentions sorted by start offset, with fast lookup of those inside a span (a long
    article has thousands of sentences and mentions: no stage scans them all per sentence)."""

    def __new__(cls, items=()):
        return super().__new__(cls, sorted(items, key=lambda x: (x.span[0], x.span[1])))

    def within(self, lo: int, hi: int) -> list:
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts = self.__dict__["_starts"] = [x.span[0] for x in self]
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi)
        return [x for x in self[i:j] if x.span[1] <= hi]


@dataclass(frozen=True)
class Mentions:
    actors: tuple
    places: tuple
    dates: tuple
    tolls: tuple
    weapons: tuple
    triggers: tuple
    cues: tuple
    dropped: tuple[Dropped, ...] = ()


_ADMIN_WORDS_RE = re.compile(r"\s+(?:oblast|province|region|district|governorate|state|county|department|raion|"
                             r"rayon|municipality|prefecture)$")


_DESCRIPTIVE_RE = re.compile(r"\b(?:refugee|displacement|idp|camp|city|town|village|the)\b\s*")


def _fold(name: str) -> str:
    """A name folded for comparison: no accents, no case, no apostrophes or hyphens ("Marib"
    is "Ma'rib"), no "Oblast"/"Province", no descriptive words ("Jenin refugee camp" is
    "Jenin camp")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()
    return norm(_DESCRIPTIVE_RE.sub("", _ADMIN_WORDS_RE.sub("", folded)).strip())


_WEAK_CUES = ("in", "at", "near", "from", "outside", "into", "to", "of")


def _strong_cue(t) -> bool:
    """"the village of X", "X district": a cue that names a place whatever the country."""
    return t is not None and bool(t.cue) and t.cue.lower() not in _WEAK_CUES


def _population(p, toponyms: dict) -> int:
    """The resolved entry's population; a curated supplement entry (a camp, a plant, a front-line
    village) counts as well known whatever its population."""
    t = toponyms.get(p.span)
    if t is None:
        return 0
    for c in t.candidates:
        if (c.geonames_id is not None and c.geonames_id == p.geonames_id) or (c.name == p.name and c.lat == p.lat):
            return 10**6 if c.source != "geonames" else (c.population or 0)
    return 0


def _plausible(places: list, toponyms: list, focus: list[str], seg: Segmentation, dropped: list[Dropped]) -> list:
    """Keep the places the article is plausibly about.

    The article's countries are those of its actors, of places named with a cue ("the town
    of X") and of its dateline. A place found only through an alternate spelling ("Iskander"
    is not Iskandar in Uzbekistan, "Artillery" is not Artillerie in New Caledonia) must lie in
    one of them; in text set in capitals, where every word looks like a name, every place must.
    """
    cues = {t.span: t for t in toponyms}
    countries = set(focus)
    for p in places:
        t = cues.get(p.span)
        in_dateline = seg.dateline is not None and p.span[1] <= seg.dateline[1]
        if _strong_cue(t) or in_dateline:
            countries.add(p.country)
    if not seg.all_caps:
        for p in places:
            if _fold(p.mention) == _fold(p.name) and (p.precision != "place" or _population(p, cues) >= 50_000):
                countries.add(p.country)  # a well-known place or region named as such
    kept = []
    for p in places:
        t = cues.get(p.span)
        exact = _fold(p.mention) == _fold(p.name)
        # a small town named alone needs the article's countries to vouch for it, when it has any
        small = p.precision == "place" and _population(p, cues) < 50_000
        foreign = p.country not in countries and bool(countries)
        if not _strong_cue(t) and (
                (foreign and (seg.all_caps or not exact or small))
                or (not countries and not exact and small)):
            why = "in a country the article is not about" + (
                f": only an alternate name of {p.name}" if not exact else
                " (text in capitals)" if seg.all_caps else ", and a small place")
            dropped.append(Dropped("recognize", p.mention, f"{p.name} ({p.country}) {why}", p.span))
            continue
        kept.append(p)
    return kept


def recognize(text: str, seg: Segmentation, published: date | None, res: Resources) -> Mentions:
    from ...gazetteer import find_toponyms, resolve_toponyms
    from ...registry import find_actor_mentions
    from .counts import find_tolls
    from .dates import find_dates

    dropped: list[Dropped] = []
    actors = []
    for a in find_actor_mentions(text, res.registry):
        if getattr(a, "metonym", False) and not a.mention.lower().startswith("official ") and not (
                _GOVERNMENT_AFTER_RE.search(text[a.span[1]:a.span[1] + 40])
                or _GOVERNMENT_BEFORE_RE.search(text[max(0, a.span[0] - 12):a.span[0]])):
            dropped.append(Dropped("recognize", a.mention, "capital used as a place, not a government", a.span))
            continue
        if a.role == "government" and not a.generic and _BARE_NAME_RE.match(a.mention) \
                and _IN_PLACE_RE.search(text[max(0, a.span[0] - 20):a.span[0]]):
            dropped.append(Dropped("recognize", a.mention, "country named as a location, not an actor", a.span))
            continue
        actors.append(a)
    triggers = SpanIndex(res.triggers.find(text))
    toponyms = find_toponyms(text, res.gazetteer, exclude=[a.span for a in actors if not a.generic])
    focus = [a.country for a in actors if a.country and not getattr(a, "generic", False)
             and not _attacking(a, triggers)]
    places = _plausible(resolve_toponyms(toponyms, res.gazetteer, focus=focus), toponyms, focus, seg, dropped)
    return Mentions(
        actors=SpanIndex(actors), places=SpanIndex(places), dates=SpanIndex(find_dates(text, published)),
        tolls=SpanIndex(find_tolls(text)), weapons=SpanIndex(res.weapons.find(text)),
        triggers=triggers, cues=SpanIndex(res.cues.find(text)), dropped=tuple(dropped),
    )


def _attacking(a, triggers: SpanIndex) -> bool:
    """A force right before a violent verb ("Russian artillery shelled X") acts abroad as often
    as at home: its country says nothing about where X is."""
    if a.role not in ("military", "group"):
        return False
    return bool(triggers.within(a.span[0], a.span[1] + 40))
