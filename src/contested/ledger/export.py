"""Writing the ledger: JSON Lines, ACLED-style CSV, GeoJSON, Parquet.

* ``jsonl``: OUTPUT.md's ledger export, one merged event a line.
* ``acled-csv``: ACLED's columns first, exactly ``ACLED_COLUMNS``, then ours
  (``EXTRA_COLUMNS``). ``event_date`` is ISO; ``time_precision`` 1/2/3 = day/week/month;
  ``geo_precision`` 1/2/3 = place/region/country; ``interaction`` ACLED's two-digit code of
  the actors' inter codes (one digit followed by 0 when actor2 is unknown);
  ``source`` the distinct claim sources, ``;``-separated; ``fatalities`` the best count,
  empty when no count was claimed.
* ``geojson``: a FeatureCollection of Points ([lon, lat]); an event without coordinates
  has ``"geometry": null``.
* ``parquet``: the CSV's columns plus ``documents`` (a list), via pyarrow (optional).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import StoreError

if TYPE_CHECKING:
    from .api import Ledger

FORMATS = ("jsonl", "acled-csv", "geojson", "parquet")
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type",
                 "sub_event_type", "actor1", "actor2", "interaction", "country", "admin1",
                 "location", "latitude", "longitude", "geo_precision", "source", "notes",
                 "fatalities")
EXTRA_COLUMNS = ("contested", "fatalities_low", "fatalities_high", "n_sources")
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

INTER_CODES = {"state_forces": 1, "rebel_group": 2, "political_militia": 3, "identity_militia": 4,
               "rioters": 5, "protesters": 6, "civilians": 7, "external_forces": 8,
               "unidentified_armed_group": 3}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
GEO_PRECISION = {"place": 1, "region": 2, "country": 3}
ANALYSIS_HINT = "pip install 'contested[analysis]'"


def interaction(ev: dict[str, Any]) -> int | None:
    a1 = INTER_CODES.get((ev.get("actor1") or {}).get("kind") or "")
    a2 = INTER_CODES.get((ev.get("actor2") or {}).get("kind") or "")
    if a1 is None:
        return None
    if a2 is None:
        return a1 * 10
    lo, hi = sorted((a1, a2))
    return lo * 10 + hi


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


def acled_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as a row with ``CSV_COLUMNS`` (None for empty)."""
    loc = ev.get("location") or {}
    fat = ev.get("fatalities") or {}
    sources = sorted({(c.get("source") or {}).get("name") for c in ev.get("claims") or ()} - {None})
    return {
        "event_id_cnty": ev["id"], "event_date": ev.get("date"),
        "year": int(ev["date"][:4]) if ev.get("date") else None,
        "time_precision": TIME_PRECISION.get(ev.get("date_precision") or ""),
        "event_type": ev["event_type"], "sub_event_type": ev["sub_event_type"],
        "actor1": (ev.get("actor1") or {}).get("name"), "actor2": (ev.get("actor2") or {}).get("name"),
        "interaction": interaction(ev), "country": loc.get("country"), "admin1": loc.get("admin1"),
        "location": loc.get("name"), "latitude": loc.get("lat"), "longitude": loc.get("lon"),
        "geo_precision": GEO_PRECISION.get(loc.get("precision") or ""),
        "source": "; ".join(sources), "notes": _notes(ev), "fatalities": fat.get("best"),
        "contested": bool(ev.get("contested")), "fatalities_low": fat.get("low"),
        "fatalities_high": fat.get("high"), "n_sources": ev.get("n_sources"),
    }


def geojson_feature(ev: dict[str, Any]) -> dict[str, Any]:
    loc = ev.get("location") or {}
    geom = None
    if loc.get("lat") is not None and loc.get("lon") is not None:
        geom = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
    props = {k: v for k, v in acled_row(ev).items() if k not in ("latitude", "longitude")}
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
        if col in ("year", "time_precision", "interaction", "geo_precision", "fatalities",
                   "fatalities_low", "fatalities_high", "n_sources"):
            fields.append(pa.field(col, pa.int64()))
        elif col in ("latitude", "longitude"):
            fields.append(pa.field(col, pa.float64()))
        elif col == "contested":
            fields.append(pa.field(col, pa.bool_()))
        else:
            fields.append(pa.field(col, pa.string()))
    fields.append(pa.field("documents", pa.list_(pa.string())))
    return pa.schema(fields)


def export(ledger: Ledger, fmt: str, out: IO[Any] | str | Path, **filters: Any) -> int:
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    events = ledger.iter_events(**filters)
    n = 0
    if fmt == "parquet":
        pa, pq = _pyarrow()
        rows = []
        for ev in events:
            rows.append({**acled_row(ev), "documents": ev.get("documents") or []})
            n += 1
        table = pa.Table.from_pylist(rows, schema=_arrow_schema(pa))
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
            for ev in events:
                row = acled_row(ev)
                row["contested"] = "true" if row["contested"] else "false"
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
                n += 1
        else:  # geojson, streamed
            fh.write('{"type": "FeatureCollection", "features": [')
            for ev in events:
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(geojson_feature(ev), ensure_ascii=False))
                n += 1
            fh.write("\n]}\n")
    return n


def to_pandas(ledger: Ledger, **filters: Any) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise StoreError(f"to_pandas needs pandas, which is not installed: {ANALYSIS_HINT}") from exc
    rows = [{**acled_row(ev), "documents": ev.get("documents") or []}
            for ev in ledger.iter_events(**filters)]
    df = pd.DataFrame(rows, columns=[*CSV_COLUMNS, "documents"])
    if len(df):
        df["event_date"] = pd.to_datetime(df["event_date"])
    return df
