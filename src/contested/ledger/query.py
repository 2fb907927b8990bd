"""Reading the ledger: filtered events, one event, one document, statistics, a text table,
and the aggregates the web UI draws (map clusters per grid cell, timeline counts per period
and side), computed in SQL.

Every filter is a SQL condition that an index of revision 0004 serves (see
``migrations/versions/0004_web_indexes.py``); a radius (``near``) is a bounding box on
``(lat, lon)`` refined by the great-circle distance in SQL (``contested_km`` on SQLite, a
haversine expression on PostgreSQL). Events are listed by date (undated last), then id;
:func:`events_page` pages through them with a keyset cursor, so a deep page costs what the
first one does.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Text, and_, case, cast, func, literal, literal_column, or_, select, tuple_
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..records import SUB_TO_TYPE
from . import store as st

_EVENT_TYPES = frozenset(SUB_TO_TYPE.values()) - frozenset(SUB_TO_TYPE)

if TYPE_CHECKING:
    from .api import Ledger


def _as_date(value: date | str | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise StoreError(f"{what}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _bytewise(ledger: Ledger, column: Any) -> Any:
    """``column`` ordered by code point on every backend (SQLite's default; PostgreSQL's
    default collation may follow a locale that ignores punctuation)."""
    return column.collate("C") if ledger.engine.dialect.name == "postgresql" else column


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _km(dialect: str | None, lat: float, lon: float) -> Any:
    """SQL: the distance in km from (lat, lon) to each event's point."""
    e = st.events
    if dialect == "postgresql":
        p1, dl = math.radians(lat), func.radians(e.c.lon - lon)
        dp = func.radians(e.c.lat) - p1
        a = (func.power(func.sin(dp / 2), 2)
             + math.cos(p1) * func.cos(func.radians(e.c.lat)) * func.power(func.sin(dl / 2), 2))
        return 2 * st.EARTH_KM * func.asin(func.least(1.0, func.sqrt(a)))
    return func.contested_km(lat, lon, e.c.lat, e.c.lon)


def _where(country: str | None, since: date | str | None, until: date | str | None,
           type: str | None, contested: bool | None,  # noqa: A002
           near: tuple[float, float, float] | None,
           bbox: tuple[float, float, float, float] | None = None, *, dialect: str | None = None) -> list[Any]:
    """SQL conditions for the filters. ``bbox`` is (west, south, east, north) in degrees
    (west > east crosses the antimeridian). ``dialect``: with it, ``near`` is exact (the
    distance in SQL); without it, only its bounding box (the caller refines)."""
    e = st.events
    conds: list[Any] = []
    if country:
        conds.append(e.c.country == country.upper())
    s, u = _as_date(since, "since"), _as_date(until, "until")
    if s:
        conds.append(e.c.date >= s)
    if u:
        conds.append(e.c.date <= u)
    if type:
        # ACLED's type and sub-type names are disjoint: a known name needs one column (and
        # its index, in listing order); an unknown one is looked up in both
        if type in _EVENT_TYPES:
            conds.append(e.c.event_type == type)
        elif type in SUB_TO_TYPE:
            conds.append(e.c.sub_event_type == type)
        else:
            conds.append(or_(e.c.event_type == type, e.c.sub_event_type == type))
    if contested is not None:
        conds.append(e.c.contested == bool(contested))
    if near is not None:
        lat, lon, km = (float(v) for v in near)
        dlat = km / 110.57
        dlon = km / (111.32 * max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6))
        conds.append(e.c.lat.between(lat - dlat, lat + dlat))
        if -180 <= lon - dlon and lon + dlon <= 180:
            conds.append(e.c.lon.between(lon - dlon, lon + dlon))
        if dialect is not None:
            conds.append(_km(dialect, lat, lon) <= km)
    if bbox is not None:
        west, south, east, north = (float(v) for v in bbox)
        if (west, south, east, north) == (-180.0, -90.0, 180.0, 90.0):  # the world: every placed event
            conds.append(_placed(dialect))
        else:
            conds.append(e.c.lat.between(south, north))
            if west <= east:
                conds.append(e.c.lon.between(west, east))
            else:
                conds.append(or_(e.c.lon >= west, e.c.lon <= east))
    return conds


def _placed(dialect: str | None) -> Any:
    """SQL: the event has a point. On SQLite as a likely, unindexed term: most events have
    one, and an index on (lat, lon) read from end to end would be slower than the filters'."""
    e = st.events
    cond = and_(e.c.lat.is_not(None), e.c.lon.is_not(None))
    return func.likelihood(cond, literal_column("0.95")) if dialect == "sqlite" else cond


FILTER_NAMES = ("country", "since", "until", "type", "contested", "near", "bbox")


def conditions(ledger: Ledger, filters: dict[str, Any]) -> list[Any]:
    """SQL conditions for a dict of filters (the keys of :data:`FILTER_NAMES`)."""
    unknown = set(filters) - set(FILTER_NAMES)
    if unknown:
        raise TypeError(f"unknown filters: {sorted(unknown)}")
    return _where(filters.get("country"), filters.get("since"), filters.get("until"), filters.get("type"),
                  filters.get("contested"), filters.get("near"), filters.get("bbox"),
                  dialect=ledger.engine.dialect.name)


def _order_id(ledger: Ledger) -> Any:
    return _bytewise(ledger, st.events.c.id)


def iter_events(ledger: Ledger, country: str | None = None, since: date | str | None = None,
                until: date | str | None = None, type: str | None = None,  # noqa: A002
                contested: bool | None = None, near: tuple[float, float, float] | None = None,
                limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Events in the export shape, by date (undated last) then id, streamed."""
    e = st.events
    conds = _where(country, since, until, type, contested, near, dialect=ledger.engine.dialect.name)
    q = select(e.c.data).where(*conds).order_by(e.c.date.is_(None), e.c.date, _order_id(ledger))
    if offset:
        q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    try:
        with ledger.engine.connect() as conn:
            result = conn.execution_options(yield_per=1000).execute(q)
            try:
                for row in result:
                    yield _json(row.data)
            finally:
                result.close()  # a server-side cursor (PostgreSQL) left half-read
    except SQLAlchemyError as exc:
        raise ledger._fail("reading events", exc) from exc


def events(ledger: Ledger, **filters: Any) -> list[dict[str, Any]]:
    return list(iter_events(ledger, **filters))


# ---------------------------------------------------------------- counts and pages
def count_events(ledger: Ledger, filters: dict[str, Any]) -> int:
    """How many events match the filters (one indexed count)."""
    try:
        with ledger.engine.connect() as conn:
            q = select(func.count()).select_from(st.events).where(*conditions(ledger, filters))
            return int(conn.execute(q).scalar() or 0)
    except SQLAlchemyError as exc:
        raise ledger._fail("counting events", exc) from exc


class CursorError(ValueError):
    """A page cursor that this ledger did not make."""


def encode_cursor(day: date | str | None, event_id: str) -> str:
    """The opaque cursor after the event (``day``, ``event_id``) in listing order."""
    day_s = day.isoformat() if isinstance(day, date) else day
    raw = json.dumps([day_s, event_id], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date | None, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, event_id = json.loads(raw.decode("utf-8"))
        if not isinstance(event_id, str) or not (day is None or isinstance(day, str)):
            raise ValueError
        return (date.fromisoformat(day) if day is not None else None), event_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise CursorError("not a cursor of this API (use next_cursor from a previous page)") from None


def page_query(ledger: Ledger, conds: list[Any], limit: int, *, dated: bool,
               after: tuple[date | None, str] | None = None, offset: int = 0) -> Any:
    """The statement reading (id, date) of the next ``limit`` dated (or undated) events
    after the key ``after`` (or ``offset``), in an index's order: ``(filter, date, id)`` or
    ``(date, id)`` for dated events, the primary key for undated ones."""
    e = st.events
    ident = _order_id(ledger)
    if dated:
        q = select(e.c.id, e.c.date).where(*conds, e.c.date.is_not(None))
        if after is not None:
            q = q.where(tuple_(e.c.date, ident) > tuple_(literal(after[0], e.c.date.type), literal(after[1])))
        order = (e.c.date, ident)
    else:
        q = select(e.c.id, e.c.date).where(*conds, e.c.date.is_(None))
        if after is not None:
            q = q.where(ident > after[1])
        order = (ident,)
    if offset:
        q = q.offset(offset)
    return q.order_by(*order).limit(limit)


def _page_keys(conn: Any, ledger: Ledger, conds: list[Any], limit: int, cursor: str | None,
               offset: int) -> list[tuple[str, Any]]:
    """(id, date) of up to ``limit`` events after ``cursor`` (or ``offset``), in listing
    order. Dated and undated events are read apart so each read follows an index's order
    and never sorts."""
    e = st.events
    after = decode_cursor(cursor) if cursor else None
    keys: list[tuple[str, Any]] = []
    if after is None or after[0] is not None:
        q = page_query(ledger, conds, limit, dated=True, after=after, offset=0 if after else offset)
        keys = [(r.id, r.date) for r in conn.execute(q)]
    if len(keys) < limit:
        skip = 0
        if after is None and offset and not keys:
            dated = conn.execute(select(func.count()).select_from(e).where(*conds, e.c.date.is_not(None))).scalar()
            skip = max(0, offset - int(dated or 0))
        q = page_query(ledger, conds, limit - len(keys), dated=False,
                       after=after if after is not None and after[0] is None else None, offset=skip)
        keys += [(r.id, r.date) for r in conn.execute(q)]
    return keys


def events_page(ledger: Ledger, filters: dict[str, Any] | None = None, *, limit: int = 50,
                cursor: str | None = None, offset: int = 0, full: bool = True,
                raw: bool = False) -> dict[str, Any]:
    """One page of events in listing order: ``{"events": [...], "next_cursor": str | None}``.

    ``cursor`` (from a previous page's ``next_cursor``) continues after that page (keyset
    pagination; ``offset`` is then ignored). ``full``: events in the export shape (with
    claims); otherwise :func:`event_rows`' summaries, read from the columns alone. ``raw``:
    each event as its stored JSON text (to pass on without parsing)."""
    conds = conditions(ledger, filters or {})
    try:
        with ledger.engine.connect() as conn:
            keys = _page_keys(conn, ledger, conds, limit + 1, cursor, offset)
            more = len(keys) > limit
            keys = keys[:limit]
            ids = [k for k, _ in keys]
            got = _by_ids(conn, ids, full, raw)
    except SQLAlchemyError as exc:
        raise ledger._fail("reading events", exc) from exc
    nxt = encode_cursor(keys[-1][1], keys[-1][0]) if more and keys else None
    return {"events": [got[i] for i in ids if i in got], "next_cursor": nxt}


ROW_COLUMNS = ("id", "event_type", "sub_event_type", "date", "country", "location", "lat", "lon", "actor1",
               "actor2", "fatalities_low", "fatalities_best", "fatalities_high", "contested", "n_sources",
               "n_documents")


def _summary(r: Any) -> dict[str, Any]:
    fat = None
    if r.fatalities_best is not None or r.fatalities_low is not None or r.fatalities_high is not None:
        fat = {"low": r.fatalities_low, "best": r.fatalities_best, "high": r.fatalities_high}
    return {"id": r.id, "event_type": r.event_type, "sub_event_type": r.sub_event_type,
            "date": r.date.isoformat() if r.date else None,
            "location": {"name": r.location, "country": r.country, "lat": r.lat, "lon": r.lon},
            "actor1": {"name": r.actor1} if r.actor1 else None, "actor2": {"name": r.actor2} if r.actor2 else None,
            "fatalities": fat, "contested": bool(r.contested), "n_sources": r.n_sources,
            "n_documents": r.n_documents}


def _by_ids(conn: Any, ids: Sequence[str], full: bool, raw: bool = False) -> dict[str, Any]:
    e = st.events
    out: dict[str, Any] = {}
    for i in range(0, len(ids), 500):
        part = list(ids[i:i + 500])
        if raw:  # the stored JSON text, not parsed
            for r in conn.execute(select(e.c.id, cast(e.c.data, Text).label("data")).where(e.c.id.in_(part))):
                out[r.id] = r.data
        elif full:
            for r in conn.execute(select(e.c.id, e.c.data).where(e.c.id.in_(part))):
                out[r.id] = _json(r.data)
        else:
            for r in conn.execute(select(*(e.c[c] for c in ROW_COLUMNS)).where(e.c.id.in_(part))):
                out[r.id] = _summary(r)
    return out


def event_rows(ledger: Ledger, filters: dict[str, Any] | None = None, *, limit: int = 100) -> list[dict[str, Any]]:
    """The first ``limit`` events in listing order as summaries (id, types, date, place,
    actors' names, tolls, contested, counts), read from the columns without the JSON."""
    return events_page(ledger, filters, limit=limit, full=False)["events"]


# ---------------------------------------------------------------- map aggregates
CELL_SIZES = (30.0, 20.0, 10.0, 5.0, 2.0, 1.0, 0.5, 0.25, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001)
"""Grid cells of the map's aggregates, in degrees: one per zoom level."""


def cell_size(bbox: tuple[float, float, float, float], width_px: int, cell_px: int = 48) -> float:
    """The grid cell (degrees) for a view ``bbox`` drawn ``width_px`` wide: the smallest
    of :data:`CELL_SIZES` at least ``cell_px`` pixels across."""
    west, _, east, _ = bbox
    span = (east - west) % 360 or 360.0
    want = span * cell_px / max(100, width_px)
    fitting = [c for c in CELL_SIZES if c >= want]
    return fitting[-1] if fitting else CELL_SIZES[0]


def _grid(dialect: str, column: Any, offset: float, cell: float) -> Any:
    value = (column + offset) / cell
    if dialect == "postgresql":
        return cast(func.floor(value), Integer)
    return cast(value, Integer)  # SQLite truncates, and value >= 0 here: the floor


POINT_COLUMNS = ("id", "lat", "lon", "event_type", "sub_event_type", "location", "date", "actor1", "actor2",
                 "fatalities_best", "contested", "n_sources", "n_documents")


def map_points(ledger: Ledger, filters: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` placed events matching ``filters`` (with ``bbox``), largest toll first."""
    e = st.events
    q = (select(*(e.c[c] for c in POINT_COLUMNS))
         .where(*conditions(ledger, filters), _placed(ledger.engine.dialect.name))
         .order_by(func.coalesce(e.c.fatalities_best, 0).desc(), _order_id(ledger)).limit(limit))
    try:
        with ledger.engine.connect() as conn:
            rows = conn.execute(q).all()
    except SQLAlchemyError as exc:
        raise ledger._fail("reading map points", exc) from exc
    return [{"id": r.id, "lat": r.lat, "lon": r.lon, "event_type": r.event_type, "sub_event_type": r.sub_event_type,
             "location": r.location, "date": r.date.isoformat() if r.date else None, "actor1": r.actor1,
             "actor2": r.actor2, "toll": int(r.fatalities_best or 0), "contested": bool(r.contested),
             "sources": int(r.n_sources or 0), "docs": int(r.n_documents or 0)} for r in rows]


def map_clusters(ledger: Ledger, filters: dict[str, Any], cell: float) -> list[dict[str, Any]]:
    """Placed events matching ``filters`` grouped by grid cell of ``cell`` degrees: per cell
    the count, the mean point, the toll (sum of best estimates), contested events and the
    count per event type, most events first."""
    e = st.events
    dialect = ledger.engine.dialect.name
    gx, gy = _grid(dialect, e.c.lon, 180.0, cell).label("gx"), _grid(dialect, e.c.lat, 90.0, cell).label("gy")
    q = (select(gx, gy, e.c.event_type, func.count().label("n"), func.sum(e.c.lat).label("slat"),
                func.sum(e.c.lon).label("slon"), func.sum(func.coalesce(e.c.fatalities_best, 0)).label("toll"),
                func.sum(case((e.c.contested == True, 1), else_=0)).label("contested"))  # noqa: E712
         .where(*conditions(ledger, filters), _placed(ledger.engine.dialect.name))
         .group_by(gx, gy, e.c.event_type))
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    try:
        with ledger.engine.connect() as conn:
            for r in conn.execute(q):
                c = cells.setdefault((int(r.gx), int(r.gy)), {"n": 0, "slat": 0.0, "slon": 0.0, "toll": 0,
                                                              "contested": 0, "types": {}})
                c["n"] += int(r.n)
                c["slat"] += float(r.slat)
                c["slon"] += float(r.slon)
                c["toll"] += int(r.toll or 0)
                c["contested"] += int(r.contested or 0)
                c["types"][r.event_type] = c["types"].get(r.event_type, 0) + int(r.n)
    except SQLAlchemyError as exc:
        raise ledger._fail("aggregating the map", exc) from exc
    out = []
    for (x, y), c in cells.items():
        west, south = x * cell - 180.0, y * cell - 90.0
        top = max(c["types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        out.append({"lat": round(c["slat"] / c["n"], 5), "lon": round(c["slon"] / c["n"], 5), "n": c["n"],
                    "toll": c["toll"], "contested": c["contested"], "type": top,
                    "types": dict(sorted(c["types"].items(), key=lambda kv: (-kv[1], kv[0]))),
                    "bounds": [round(west, 6), round(south, 6), round(west + cell, 6), round(south + cell, 6)]})
    out.sort(key=lambda c: (-c["n"], c["lat"], c["lon"]))
    return out


def extent(ledger: Ledger, filters: dict[str, Any]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the placed events matching ``filters``; None if none."""
    return extent_count(ledger, filters)[0]


def extent_count(ledger: Ledger, filters: dict[str, Any]) -> tuple[tuple[float, float, float, float] | None, int]:
    """The extent of the placed events matching ``filters`` and how many they are (one read)."""
    e = st.events
    q = (select(func.min(e.c.lon), func.min(e.c.lat), func.max(e.c.lon), func.max(e.c.lat), func.count())
         .where(*conditions(ledger, filters), _placed(ledger.engine.dialect.name)))
    try:
        with ledger.engine.connect() as conn:
            row = conn.execute(q).one()
    except SQLAlchemyError as exc:
        raise ledger._fail("reading the map extent", exc) from exc
    if row[0] is None:
        return None, 0
    return (float(row[0]), float(row[1]), float(row[2]), float(row[3])), int(row[4])


# ---------------------------------------------------------------- timeline aggregates
UNKNOWN_SIDE, OTHER_SIDE = "Unknown actor", "Other actors"


def bucket_unit(first: date, last: date) -> str:
    """The period of the timeline's bars for dates from ``first`` to ``last``."""
    days = (last - first).days
    if days <= 62:
        return "day"
    if days <= 400:
        return "week"
    if days <= 365 * 15:
        return "month"
    return "year"


def timeline_counts(ledger: Ledger, filters: dict[str, Any], *, top: int = 6,
                    unit: str | None = None) -> dict[str, Any]:
    """Events and tolls per period and side (actor1), aggregated in SQL.

    Returns ``first``, ``last`` (ISO dates), ``unit`` (day, week, month or year; chosen from
    the span unless given), ``undated``, ``sides`` (the ``top`` sides with most events, by
    count then name, then "Other actors" when there are more) with their ``events`` and
    ``fatalities``, and ``buckets``: ``{"start", "side", "events", "fatalities"}`` rows.

    One grouped read per day and side (on SQLite it follows ``ix_events_timeline``'s order,
    so it neither sorts nor reads the rows); periods and the ranking of sides are summed
    from those day totals."""
    e = st.events
    conds = conditions(ledger, filters)
    try:
        with ledger.engine.connect() as conn:
            undated = int(conn.execute(select(func.count()).select_from(e)
                                       .where(*conds, e.c.date.is_(None))).scalar() or 0)
            days = conn.execute(select(e.c.date, e.c.actor1, func.count().label("n"),
                                       func.sum(func.coalesce(e.c.fatalities_best, 0)).label("dead"))
                                .where(*conds, e.c.date.is_not(None))
                                .group_by(e.c.date, e.c.actor1)).all()
    except SQLAlchemyError as exc:
        raise ledger._fail("aggregating the timeline", exc) from exc
    out: dict[str, Any] = {"first": None, "last": None, "unit": None, "undated": undated, "sides": [], "buckets": []}
    if not days:
        return out
    first, last = _as_date(min(r[0] for r in days), "date"), _as_date(max(r[0] for r in days), "date")
    unit = unit or bucket_unit(first, last)  # type: ignore[arg-type]
    per_side: dict[str, int] = {}
    for _, side, n, _ in days:
        side = side or UNKNOWN_SIDE
        per_side[side] = per_side.get(side, 0) + n
    ranked = sorted(per_side, key=lambda s: (-per_side[s], s))
    order = ranked[:top] + ([OTHER_SIDE] if len(ranked) > top else [])
    named = set(order)
    starts: dict[Any, date] = {}
    agg: dict[tuple[date, str], list[int]] = {}
    for d, side, n, dead in days:
        start = starts.get(d)
        if start is None:
            start = starts[d] = _period_start(_as_date(d, "date"), unit)  # type: ignore[arg-type]
        side = side or UNKNOWN_SIDE
        cell = agg.setdefault((start, side if side in named else OTHER_SIDE), [0, 0])
        cell[0] += n
        cell[1] += dead or 0
    rank = {s: i for i, s in enumerate(order)}
    buckets = [{"start": b.isoformat(), "side": s, "events": v[0], "fatalities": v[1]}
               for (b, s), v in sorted(agg.items(), key=lambda kv: (kv[0][0], rank[kv[0][1]]))]
    totals = {s: [0, 0] for s in order}
    for (_, s), v in agg.items():
        totals[s][0] += v[0]
        totals[s][1] += v[1]
    out.update(first=first.isoformat(), last=last.isoformat(), unit=unit,  # type: ignore[union-attr]
               sides=[{"name": s, "events": totals[s][0], "fatalities": totals[s][1]} for s in order],
               buckets=buckets)
    return out


def _period_start(d: date, unit: str) -> date:
    """The first day of the day, week (Monday), month or year holding ``d``."""
    if unit == "day":
        return d
    if unit == "week":
        return date.fromordinal(d.toordinal() - d.weekday())
    if unit == "month":
        return d.replace(day=1)
    return d.replace(month=1, day=1)


def data_version(ledger: Ledger) -> str:
    """A value that changes whenever articles or events are written (revision 0004's
    triggers): the key of cached aggregates."""
    m = st.ledger_meta
    try:
        with ledger.engine.connect() as conn:
            value = conn.execute(select(m.c.value).where(m.c.key == st.DATA_VERSION_KEY)).scalar()
    except SQLAlchemyError as exc:
        raise ledger._fail("reading the data version", exc) from exc
    return str(value)


def event(ledger: Ledger, event_id: str) -> dict[str, Any] | None:
    e, m = st.events, st.mentions
    with ledger.engine.connect() as conn:
        data = conn.execute(select(e.c.data).where(e.c.id == event_id)).scalar()
        if data is None:
            return None
        ev = dict(_json(data))
        ev["mentions"] = [{"id": r.id, "doc_id": r.article_id, "index": r.idx,
                           "background": bool(r.background)}
                          for r in conn.execute(select(m.c.id, m.c.article_id, m.c.idx, m.c.background)
                                                .where(m.c.event_id == event_id)
                                                .order_by(_bytewise(ledger, m.c.article_id), m.c.idx))]
    return ev


def document(ledger: Ledger, doc_id: str) -> dict[str, Any] | None:
    a, m = st.articles, st.mentions
    with ledger.engine.connect() as conn:
        row = conn.execute(select(a).where(a.c.id == doc_id)).first()
        if row is None:
            return None
        links = {r.idx: (r.id, r.event_id, bool(r.background))
                 for r in conn.execute(select(m.c.idx, m.c.id, m.c.event_id, m.c.background)
                                       .where(m.c.article_id == doc_id))}
    extraction = _json(row.extraction)
    evs = []
    for i, ev in enumerate(extraction.get("events") or ()):
        mid, eid, bg = links.get(i, (None, None, False))
        evs.append({**ev, "mention_id": mid, "ledger_event": eid, "background": bg})
    return {"id": row.id, "published": row.published.isoformat() if row.published else None,
            "outlet": row.outlet, "title": row.title, "url": row.url, "language": row.language,
            "text": row.text, "events": evs, "dropped": extraction.get("dropped") or [],
            "warnings": extraction.get("warnings") or []}


def stats(ledger: Ledger) -> dict[str, Any]:
    """Counts of the store; each is an indexed count or one pass over a covering index."""
    a, m, e = st.articles, st.mentions, st.events
    with ledger.engine.connect() as conn:
        def count(t: Any, *where: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(t).where(*where)).scalar() or 0)

        by_type = {k: int(v) for k, v in conn.execute(
            select(e.c.event_type, func.count()).group_by(e.c.event_type).order_by(e.c.event_type))}
        by_country = {str(k): int(v) for k, v in conn.execute(
            select(e.c.country, func.count()).group_by(e.c.country).order_by(func.count().desc(),
                                                                             e.c.country))}
        n_events, multi, contested, with_fat, total_best, first, last = conn.execute(select(
            func.count(), func.sum(case((e.c.n_documents > 1, 1), else_=0)),
            func.sum(case((e.c.contested == True, 1), else_=0)),  # noqa: E712
            func.count(e.c.fatalities_best), func.sum(e.c.fatalities_best),
            func.min(e.c.date), func.max(e.c.date))).one()
        first, last = _as_date(first, "first"), _as_date(last, "last")
        out = {
            "articles": count(a), "mentions": count(m),
            "background_mentions": count(m, m.c.background == True),  # noqa: E712
            "unmerged_background_mentions": count(m, m.c.event_id.is_(None)),
            "events": int(n_events or 0), "events_multi_document": int(multi or 0),
            "events_contested": int(contested or 0),
            "events_with_fatalities": int(with_fat or 0),
            "fatalities_best_total": int(total_best or 0),
            "first_date": first.isoformat() if first else None,
            "last_date": last.isoformat() if last else None,
            "by_type": by_type, "by_country": by_country,
        }
    out["schema_revision"] = st.current_revision(ledger.engine)
    out["merge"] = {"date_window_days": ledger.params.date_window_days,
                    "merge_distance_km": ledger.params.merge_distance_km,
                    "background_days": ledger.params.background_days}
    return out


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(events: Iterable[dict[str, Any]], *, width: int = 28) -> str:
    """A plain-text table of events (as returned by ``Ledger.events``) for the terminal."""
    head = ("ID", "DATE", "TYPE", "PLACE", "ACTOR1", "ACTOR2", "DEAD l/b/h", "SRC", "DOCS", "CONTESTED")
    rows = []
    for ev in events:
        loc = ev.get("location") or {}
        place = loc.get("name") or ""
        if loc.get("country"):
            place = f"{place} ({loc['country']})" if place else loc["country"]
        fat = ev.get("fatalities")
        dead = f"{fat['low']}/{fat['best']}/{fat['high']}" if fat else "-"
        rows.append((ev["id"], ev.get("date") or "?", _cut(ev.get("sub_event_type") or "", width),
                     _cut(place, width), _cut((ev.get("actor1") or {}).get("name") or "-", width),
                     _cut((ev.get("actor2") or {}).get("name") or "-", width), dead,
                     str(ev.get("n_sources", "")), str(len(ev.get("documents") or ())),
                     "yes" if ev.get("contested") else "no"))
    if not rows:
        return "(no events)"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)
