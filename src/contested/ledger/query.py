"""Reading the ledger: filtered events, one event, one document, statistics, a text table."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import store as st
from .merge import haversine_km

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


def _where(country: str | None, since: date | str | None, until: date | str | None,
           type: str | None, contested: bool | None,  # noqa: A002
           near: tuple[float, float, float] | None) -> list[Any]:
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
        conds.append(or_(e.c.event_type == type, e.c.sub_event_type == type))
    if contested is not None:
        conds.append(e.c.contested.is_(bool(contested)))
    if near is not None:
        lat, lon, km = (float(v) for v in near)
        dlat = km / 110.57
        dlon = km / (111.32 * max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6))
        conds.append(and_(e.c.lat.between(lat - dlat, lat + dlat), e.c.lon.between(lon - dlon, lon + dlon)))
    return conds


def iter_events(ledger: Ledger, country: str | None = None, since: date | str | None = None,
                until: date | str | None = None, type: str | None = None,  # noqa: A002
                contested: bool | None = None, near: tuple[float, float, float] | None = None,
                limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Events in the export shape, by date (undated last) then id, streamed."""
    e = st.events
    q = select(e.c.data, e.c.lat, e.c.lon).where(*_where(country, since, until, type, contested, near))
    q = q.order_by(e.c.date.is_(None), e.c.date, _bytewise(ledger, e.c.id))
    if near is None:
        if offset:
            q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
    try:
        with ledger.engine.connect() as conn:
            skipped = emitted = 0
            result = conn.execution_options(yield_per=1000).execute(q)
            try:
                for row in result:
                    if near is not None:
                        if row.lat is None or haversine_km(near[0], near[1], row.lat, row.lon) > near[2]:
                            continue
                        if skipped < offset:
                            skipped += 1
                            continue
                        if limit is not None and emitted >= limit:
                            break
                    emitted += 1
                    yield _json(row.data)
            finally:
                result.close()  # a server-side cursor (PostgreSQL) left half-read
    except SQLAlchemyError as exc:
        raise ledger._fail("reading events", exc) from exc


def events(ledger: Ledger, **filters: Any) -> list[dict[str, Any]]:
    return list(iter_events(ledger, **filters))


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
    a, m, e = st.articles, st.mentions, st.events
    with ledger.engine.connect() as conn:
        def count(t: Any, *where: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(t).where(*where)).scalar() or 0)

        by_type = {k: int(v) for k, v in conn.execute(
            select(e.c.event_type, func.count()).group_by(e.c.event_type).order_by(e.c.event_type))}
        by_country = {str(k): int(v) for k, v in conn.execute(
            select(e.c.country, func.count()).group_by(e.c.country).order_by(func.count().desc(),
                                                                             e.c.country))}
        first, last = conn.execute(select(func.min(e.c.date), func.max(e.c.date))).one()
        multi = count(e, e.c.n_documents > 1)
        total_best = conn.execute(select(func.sum(e.c.fatalities_best))).scalar()
        out = {
            "articles": count(a), "mentions": count(m),
            "background_mentions": count(m, m.c.background.is_(True)),
            "unmerged_background_mentions": count(m, m.c.event_id.is_(None)),
            "events": count(e), "events_multi_document": multi,
            "events_contested": count(e, e.c.contested.is_(True)),
            "events_with_fatalities": count(e, e.c.fatalities_best.is_not(None)),
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
