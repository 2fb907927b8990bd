"""The factuality lexicon (``factuality.yaml``): lemma sets the incidents stage combines with
the dependency parse. Loaded once per process; every list is validated and frozen."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DataFileError
from .load import _read

FACTUALITY_FILE = Path(__file__).with_name("factuality.yaml")
_LISTS = ("modal_auxiliaries", "implicative_governors", "non_factive_verbs", "non_factive_nouns",
          "conditional_markers", "figurative_objects", "period_nouns", "title_words", "place_heads",
          "averting_adverbs", "party_nouns", "weapon_non_use", "instrument_nouns",
          "acceptance_verbs", "site_nouns", "communication_verbs", "event_heads",
          "protest_words", "settlement_heads", "street_heads", "departure_verbs", "disrupting_verbs",
          "demand_verbs", "local_nouns")


@dataclass(frozen=True)
class FactualityLexicon:
    """Lemma sets, one per list of ``factuality.yaml`` (see the comments in that file)."""

    version: int
    modal_auxiliaries: frozenset[str]
    implicative_governors: frozenset[str]
    non_factive_verbs: frozenset[str]
    non_factive_nouns: frozenset[str]
    conditional_markers: frozenset[str]
    figurative_objects: frozenset[str]
    period_nouns: frozenset[str]
    title_words: frozenset[str]
    place_heads: frozenset[str]
    averting_adverbs: frozenset[str]
    party_nouns: frozenset[str]
    weapon_non_use: frozenset[str]
    instrument_nouns: frozenset[str]
    acceptance_verbs: frozenset[str]
    site_nouns: frozenset[str]
    communication_verbs: frozenset[str]
    event_heads: frozenset[str]
    protest_words: frozenset[str]
    settlement_heads: frozenset[str]
    street_heads: frozenset[str]
    demand_verbs: frozenset[str]
    local_nouns: frozenset[str]
    departure_verbs: frozenset[str]
    disrupting_verbs: frozenset[str]

    @classmethod
    def from_file(cls, path: str | Path) -> FactualityLexicon:
        p = Path(path)
        data = _read(p)
        unknown = set(data) - {"version", "__line__", *_LISTS}
        if unknown:
            raise DataFileError(str(p), f"unknown keys {sorted(unknown)}; known: version, {', '.join(_LISTS)}")
        sets: dict[str, frozenset[str]] = {}
        for key in _LISTS:
            value = data.get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) and v and v == v.lower() for v in value):
                raise DataFileError(str(p), f"{key!r} must be a list of lower-case lemmas")
            if len(set(value)) != len(value):
                twice = sorted({v for v in value if value.count(v) > 1})
                raise DataFileError(str(p), f"{key!r} lists {twice} more than once")
            sets[key] = frozenset(value)
        return cls(version=data["version"], **sets)


def load_factuality(path: str | Path | None = None) -> FactualityLexicon:
    """The factuality lexicon (the packaged one by default), read once per process and path."""
    return _load(Path(path or FACTUALITY_FILE).resolve())


@lru_cache(maxsize=8)
def _load(path: Path) -> FactualityLexicon:
    return FactualityLexicon.from_file(path)
