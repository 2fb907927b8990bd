"""The loaded gazetteer: ``Entry`` records and name lookup over the compiled index."""

from __future__ import annotations

import functools
import pickle
from dataclasses import dataclass
from pathlib import Path

from ..config import Options
from ..errors import DataFileError
from .build import (
    ADMIN1,
    COUNTRY,
    DUMP,
    FCODE,
    FEATURE,
    GENERIC_SUFFIXES,
    GID,
    INDEX_VERSION,
    LAT,
    LON,
    NAME,
    POP,
    SOURCE,
    build_index,
    cache_path,
    sources_digest,
)
from .normalize import deart, fold, norm, skeleton


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: a GeoNames place or country, or a supplement row.

    ``dump`` is None for cities500, countries and supplement rows; for a village or camp from
    a GeoNames extract (the shipped ``geonames_extra`` or a ``contested gazetteer import``
    such as ``UA``) it names the extract: such entries are low-prior, known only to those
    who need them, and never outrank a namesake from cities500 without context."""

    geonames_id: int | None
    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    population: int
    feature: str  # 'place' | 'region' | 'country'
    feature_code: str | None
    source: str  # 'geonames' | 'supplement' | path of a user supplement
    dump: str | None = None  # the GeoNames extract of a low-prior village or camp


@functools.lru_cache(maxsize=65536)
def name_forms(name: str, region: bool) -> frozenset[str]:
    """The keys a name itself is stored under (with "X Oblast" also "X" for regions)."""
    key = norm(name)
    keys = {key, deart(key)}
    if region:
        for k in list(keys):
            words = k.split()
            if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
                keys.add(" ".join(words[:-1]))
    keys |= {fold(k) for k in keys}
    keys.discard("")
    return frozenset(keys)


def main_name_match(e: Entry, mention: str) -> bool:
    """Whether ``mention`` is the entry's own name (not only one of its alternate names):
    "Marib" is Ma'rib's own name (apostrophes, case and diacritics aside), "Slovyansk" only
    an alternate name of Nikopol."""
    m = name_forms(mention, False)
    if m & name_forms(e.name, e.feature == "region"):
        return True
    words = norm(mention).split()
    if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:  # "Donetsk region" ~ "Donetsk Oblast"
        return bool(name_forms(" ".join(words[:-1]), False) & name_forms(e.name, True))
    return False


class Gazetteer:
    """Name -> entries over the compiled index. Use ``Gazetteer.load(options)``."""

    def __init__(self, index: dict, path: Path | None = None) -> None:
        self.path = path
        self.digest: str = index.get("digest", "")
        self._rows: list[tuple] = index["rows"]
        self._names: dict[str, int | tuple[int, ...]] = index["names"]
        self._skeletons: dict[str, int | tuple[int, ...]] = index["skeletons"]
        self._entries: list[Entry | None] = [None] * len(self._rows)
        self._admin_keys: dict[str, set[str]] | None = None

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, options: Options | None = None) -> Gazetteer:
        """Build the index if its sources changed, then load it (once per process and sources)."""
        options = options or Options()
        digest = sources_digest(options)
        return _load_cached(cache_path(options, digest), options)

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, i: int) -> Entry:
        e = self._entries[i]
        if e is None:
            r = self._rows[i]
            e = Entry(r[GID], r[NAME], r[COUNTRY], r[ADMIN1], r[LAT], r[LON], r[POP], r[FEATURE], r[FCODE],
                      r[SOURCE], r[DUMP])
            self._entries[i] = e
        return e

    # -- lookup --------------------------------------------------------------------------
    def ids_for_key(self, key: str) -> tuple[int, ...]:
        """Entry indices stored under a normalised key (exact, then without Arabic articles)."""
        v = self._names.get(key)
        if v is None:
            d = deart(key)
            v = self._names.get(d) if d != key else None
        if v is None:
            f = fold(key)
            v = self._names.get(f) if f != key else None
        if v is None:
            return ()
        return (v,) if isinstance(v, int) else v

    def has_key(self, key: str, *, low_prior: bool = True) -> bool:
        """Whether ``key`` is stored; with ``low_prior=False`` a key that only low-prior
        villages of GeoNames extracts bear does not count."""
        v = self._names.get(key)
        if v is None:
            return False
        if low_prior:
            return True
        return any(self._rows[i][DUMP] is None for i in ((v,) if isinstance(v, int) else v))

    def ids_for_skeleton(self, key: str) -> tuple[int, ...]:
        sk = skeleton(key)
        if len(sk) < 4:
            return ()
        v = self._skeletons.get(sk)
        if v is None:
            return ()
        return (v,) if isinstance(v, int) else v

    def lookup(self, name: str, *, fuzzy: bool = True) -> list[Entry]:
        """Entries named ``name`` (case, diacritics, hyphens, apostrophes, "al-" ignored),
        most populous first, low-prior villages from GeoNames extracts last. A trailing
        generic word ("Donetsk region") finds regions; with ``fuzzy`` a transliteration
        skeleton ("Terter" ~ "Tartar") is the last resort."""
        key = norm(name)
        if not key:
            return []
        ids = self.ids_for_key(key)
        if not ids:
            words = key.split()
            if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
                base = self.ids_for_key(" ".join(words[:-1]))
                ids = tuple(i for i in base if self._rows[i][FEATURE] == "region") or base
        if not ids and fuzzy:
            ids = self.ids_for_skeleton(key)
        return self.entries(ids)

    def region_ids(self, name: str) -> tuple[int, ...]:
        """Indices of the region entries called ``name`` ("Idlib", "Idlib province", "Sagaing
        Region"): first-level divisions first, then the most populous."""
        key = norm(name)
        ids = self.ids_for_key(key)
        words = key.split()
        if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
            ids = (*ids, *self.ids_for_key(" ".join(words[:-1])))
        rows = self._rows
        out = [i for i in dict.fromkeys(ids) if rows[i][FEATURE] == "region"]
        out.sort(key=lambda i: (rows[i][ADMIN1] != rows[i][NAME], -rows[i][POP], rows[i][NAME]))
        return tuple(out)

    def regions(self, name: str) -> list[Entry]:
        """The region entries called ``name``, in the order of ``region_ids``."""
        return [self.entry(i) for i in self.region_ids(name)]

    def entries(self, ids: tuple[int, ...]) -> list[Entry]:
        out = [self.entry(i) for i in dict.fromkeys(ids)]
        out.sort(key=lambda e: (e.dump is not None, -e.population, e.name))
        return out

    def admin1_matches(self, entry: Entry, hint: str) -> bool:
        """Whether ``hint`` ("Donetsk", "Donetsk region") names the entry's admin1 division."""
        if not entry.admin1:
            return False
        keys = self._admin1_keys().get(entry.admin1)
        h = norm(hint)
        words = h.split()
        if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
            h2 = " ".join(words[:-1])
        else:
            h2 = h
        return bool(keys) and (h in keys or h2 in keys)

    def _admin1_keys(self) -> dict[str, set[str]]:
        if self._admin_keys is None:
            keys: dict[str, set[str]] = {}
            for k, v in self._names.items():
                for i in (v,) if isinstance(v, int) else v:
                    r = self._rows[i]
                    if r[FEATURE] == "region" and r[ADMIN1] == r[NAME]:
                        keys.setdefault(r[NAME], set()).add(k)
            for name, ks in keys.items():
                ks.add(norm(name))
            self._admin_keys = keys
        return self._admin_keys


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, options: Options) -> Gazetteer:
    if not path.exists():
        build_index(options)
    try:
        with open(path, "rb") as fh:
            index = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        # a damaged cache file: rebuild it once
        path.unlink(missing_ok=True)
        build_index(options)
        try:
            with open(path, "rb") as fh:
                index = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            raise DataFileError(str(path), f"cannot read the gazetteer index ({exc}); delete it and retry") from exc
    if index.get("version") != INDEX_VERSION:
        raise DataFileError(str(path), "gazetteer index has another version; delete it and retry")
    return Gazetteer(index, path)


