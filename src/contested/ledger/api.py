"""The Ledger: a store of articles, their event mentions and the merged events."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from ..config import Options
from ..errors import ContestedError, StoreError
from ..records import Article, Extraction
from . import store as st
from .merge import (
    DEFAULT_BACKGROUND_DAYS,
    Mention,
    MergeParams,
    candidate_pairs,
    cluster_all,
    lat_cell_reach,
    lon_cell_reach,
    make_mention,
)
from .summary import merged_event

RETRIES = 5       # attempts of an ingest of a list after a transient concurrency failure
DATE_BUCKET = 16  # days; groups new mentions for blocking queries
CHUNK = 2000      # articles merged per step inside one ingest transaction
_IN_CHUNK = 500   # ids per IN (...) clause
MAX_RANGE_DAYS = 31  # the longest date range of a dated mention (a month)


@dataclass
class IngestReport:
    """What one ``Ledger.ingest`` call did."""

    articles_new: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    mentions: int = 0
    background_mentions: int = 0
    events_created: int = 0
    events_updated: int = 0
    events_removed: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    def __str__(self) -> str:
        return (f"articles: {self.articles_new} new, {self.articles_unchanged} unchanged, "
                f"{self.articles_replaced} replaced; mentions: {self.mentions} "
                f"({self.background_mentions} background); events: {self.events_created} created, "
                f"{self.events_updated} updated, {self.events_removed} merged away")


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pg_text(value: str) -> str:
    """PostgreSQL text cannot hold NUL characters: store U+FFFD in their place (one
    character for one, so spans still point at the same text)."""
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def _chunks(seq: Sequence[Any], n: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _event_row(ev: dict[str, Any], comp: str) -> dict[str, Any]:
    loc = ev.get("location") or {}
    fat = ev.get("fatalities") or {}
    data = {k: v for k, v in ev.items() if k != "mentions"}
    return {
        "id": ev["id"], "comp": comp, "event_type": ev["event_type"],
        "sub_event_type": ev["sub_event_type"],
        "date": date.fromisoformat(ev["date"]) if ev.get("date") else None,
        "date_precision": ev.get("date_precision"),
        "country": loc.get("country"), "admin1": loc.get("admin1"), "location": loc.get("name"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "geo_precision": loc.get("precision"),
        "actor1": (ev.get("actor1") or {}).get("name"), "actor2": (ev.get("actor2") or {}).get("name"),
        "fatalities_low": fat.get("low"), "fatalities_best": fat.get("best"),
        "fatalities_high": fat.get("high"),
        "contested": bool(ev["contested"]), "n_sources": ev["n_sources"],
        "n_documents": len(ev["documents"]), "nonparty_source": bool(ev["nonparty_source"]),
        "content_hash": _sha(_canonical(data)), "data": data,
    }


def _read_only_sqlite_engine(url: str) -> Engine | None:
    """An engine that opens an existing SQLite store read-only (``mode=ro``), or None when
    ``url`` is not a SQLite file. A store that is missing is a StoreError, never created.
    A WAL store on a read-only file system, whose ``-shm`` file cannot be created, is
    opened ``immutable=1`` (nothing can write it there)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    path = Path(u.database).expanduser().resolve()
    if not path.is_file():
        what = "is not a file" if path.exists() else "does not exist"
        raise StoreError(f"{st.safe_url(url)}: no ledger store at {path} (it {what}); check --db, "
                         "or create the store with contested ingest")
    base = "file:" + quote(str(path))
    target = f"{base}?mode=ro"
    try:
        with closing(sqlite3.connect(target, uri=True)) as probe:
            probe.execute("SELECT 1 FROM sqlite_master LIMIT 1").close()
    except sqlite3.Error:
        target = f"{base}?mode=ro&immutable=1"  # read-only media: no -shm can be created
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(target, uri=True,
                                                                       check_same_thread=False),
                           poolclass=QueuePool)
    event.listen(engine, "connect", _sqlite_read_only_connect)
    event.listen(engine, "begin", st._sqlite_begin)
    return engine


def _sqlite_read_only_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun by store._sqlite_begin
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={st.SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def _dated(article: Article, extraction: Extraction) -> tuple[Article, Extraction]:
    """The pair with ``published`` as a date: an ISO date or date-time string, or a datetime,
    is accepted as ``extract()`` accepts it; anything else is an InputError."""
    if article.published is not None and type(article.published) is not date:
        from ..readers import parse_published

        article = replace(article, published=parse_published(
            article.published, f"article {article.id!r}"))
    if extraction.published is not None and type(extraction.published) is not date:
        from ..readers import parse_published

        extraction = replace(extraction, published=parse_published(
            extraction.published, f"extraction {extraction.id!r}"))
    return article, extraction


class Ledger:
    """A ledger store at a SQLAlchemy URL (SQLite file or PostgreSQL).

    Opening upgrades the schema to the newest revision. Use as a context manager or call
    :meth:`close`. ``background_days``: see :mod:`contested.ledger.merge`.

    ``read_only=True`` opens an existing store for reading only: a store that does not
    exist, or has no ledger schema, is a :class:`StoreError` (nothing is created); SQLite
    files are opened ``mode=ro`` (so a store on a read-only file system can be read); the
    schema is not upgraded and the merge settings are not re-applied; ``ingest`` and
    ``rebuild`` raise StoreError.
    """

    def __init__(self, url: str = "sqlite:///contested.db", options: Options | None = None,
                 *, background_days: int | None = None, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self.options = options or Options()
        bg = background_days if background_days is not None else \
            getattr(self.options, "ledger_background_days", DEFAULT_BACKGROUND_DAYS)
        self.params = MergeParams(date_window_days=int(self.options.date_window_days),
                                  merge_distance_km=float(self.options.merge_distance_km),
                                  background_days=int(bg))
        self.engine = st.make_engine(url)
        if read_only:
            ro = _read_only_sqlite_engine(url)
            if ro is not None:
                self.engine.dispose()
                self.engine = ro
        self._pg = self.engine.dialect.name == "postgresql"
        self._bq: dict[str, Any] | None = None
        try:
            if read_only:
                self._check_readable()
            else:
                self._open_with_retries(url)
        except BaseException:
            self.engine.dispose()
            raise

    def _open_with_retries(self, url: str, attempts: int = 30) -> None:
        """Create or upgrade the schema. Several processes opening one new SQLite file at once
        can meet SQLite's deadlock guard ("database is locked" without waiting); opening is
        idempotent, so it is retried with a growing pause."""
        for attempt in range(attempts):
            try:
                st.upgrade(self.engine, url)
                self._check_params()
                return
            except Exception as exc:  # noqa: BLE001 - re-raised unless a transient lock
                if attempt == attempts - 1 or not st.is_retryable(exc):
                    raise
                time.sleep(min(2.0, 0.05 * (attempt + 1)) + random.random() * 0.05)

    def _check_readable(self) -> None:
        """A read-only store must exist at the newest schema revision."""
        shown = st.safe_url(self.url)
        try:
            rev = st.current_revision(self.engine)
        except SQLAlchemyError as exc:
            reason = f"{exc.orig.__class__.__name__}: {exc.orig}" if isinstance(exc, DBAPIError) else str(exc)
            raise StoreError(f"{shown}: cannot open the ledger store for reading ({reason})") from exc
        if rev is None:
            raise StoreError(f"{shown}: not a contested ledger store (no ledger schema); check --db, "
                             "or create the store with contested ingest")
        if rev != st.head_revision():
            raise StoreError(f"{shown}: the store is at schema revision {rev}, not this version's "
                             f"{st.head_revision()}; open it once with a writing command (contested "
                             "ingest) to upgrade it")

    def _writable(self, what: str) -> None:
        if self.read_only:
            raise StoreError(f"{st.safe_url(self.url)}: {what} needs a writable store; this one "
                             "was opened read-only")

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, what: str, exc: Exception) -> StoreError:
        reason = f"{exc.orig.__class__.__name__}: {exc.orig}" if isinstance(exc, DBAPIError) else str(exc)
        return StoreError(f"{st.safe_url(self.url)}: {what} failed ({reason}); nothing was changed")

    def _check_params(self) -> None:
        """Record the merge settings; when they changed since the store was clustered,
        re-cluster everything so the ledger matches the settings in use."""
        key = select(st.ledger_meta.c.value).where(st.ledger_meta.c.key == "merge_params")
        with self.engine.connect() as conn:  # the usual case: unchanged, no write lock needed
            if conn.execute(key).scalar() == self.params.key():
                return
        with st.write_transaction(self.engine) as conn:
            stored = conn.execute(select(st.ledger_meta.c.value)
                                  .where(st.ledger_meta.c.key == "merge_params")).scalar()
            if stored == self.params.key():
                return
            if stored is None:
                conn.execute(insert(st.ledger_meta).values(key="merge_params", value=self.params.key()))
            else:
                conn.execute(update(st.ledger_meta).where(st.ledger_meta.c.key == "merge_params")
                             .values(value=self.params.key()))
            if conn.execute(select(func.count()).select_from(st.mentions)).scalar():
                self._recluster(conn, None, [], IngestReport())

    # ------------------------------------------------------------ ingest
    def ingest(self, pairs: Iterable[tuple[Article, Extraction]], *, chunk: int = CHUNK) -> IngestReport:
        """Store articles with their extractions and update the merged events.

        ``pairs``: ``(Article, Extraction)`` tuples, e.g. ``(article, contested.extract(...))``.
        ``published`` on either may be a date, a datetime or an ISO string (``"2024-05-01"``,
        ``"2024-05-01T09:30:00Z"``), as ``extract()`` accepts; another value is an InputError.
        One call is one transaction: on any error nothing is changed. Re-ingesting an
        identical article changes nothing; an article id seen before with other content
        (text or extraction) replaces the old version.
        """
        self._writable("ingest")
        if isinstance(pairs, (list, tuple)):
            # a list can be replayed: retry after a transient concurrency failure
            for attempt in range(1, RETRIES + 1):
                try:
                    return self._ingest_once(pairs, chunk)
                except StoreError as exc:
                    if attempt == RETRIES or not st.is_retryable(exc.__cause__ or exc):
                        raise
                    time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
        return self._ingest_once(pairs, chunk)

    def _ingest_once(self, pairs: Iterable[tuple[Article, Extraction]], chunk: int) -> IngestReport:
        report = IngestReport()
        try:
            with st.write_transaction(self.engine) as conn:
                batch: dict[str, tuple[Article, Extraction, str]] = {}
                for article, extraction in pairs:
                    if not isinstance(article, Article) or not isinstance(extraction, Extraction):
                        raise StoreError(f"ingest expects (Article, Extraction) pairs, got "
                                         f"({type(article).__name__}, {type(extraction).__name__})")
                    article, extraction = _dated(article, extraction)
                    if extraction.id != article.id:
                        raise StoreError(f"article {article.id!r}: its extraction has id "
                                         f"{extraction.id!r}; they must match")
                    h = _sha(_canonical({"article": article.to_dict(), "title": article.title,
                                         "extraction": extraction.to_dict()}))
                    if article.id in batch:
                        if batch[article.id][2] == h:
                            report.articles_unchanged += 1
                            continue
                        report.articles_replaced += 1
                        report.articles_new -= 1
                    batch[article.id] = (article, extraction, h)
                    report.articles_new += 1
                    if len(batch) >= chunk:
                        self._ingest_chunk(conn, list(batch.values()), report)
                        batch = {}
                if batch:
                    self._ingest_chunk(conn, list(batch.values()), report)
        except ContestedError:
            raise
        except SQLAlchemyError as exc:
            raise self._fail("ingest", exc) from exc
        return report

    def stored_unchanged(self, articles: Iterable[Article]) -> set[str]:
        """Ids of the given articles that the store already holds with the same content
        (text, date, outlet, title, url, language): re-ingesting them would change nothing
        unless the extraction itself changed (other options or another version)."""
        a = st.articles
        want = {art.id: art for art in articles}
        same: set[str] = set()
        try:
            with self.engine.connect() as conn:
                for part in _chunks(list(want)):
                    q = select(a.c.id, a.c.text, a.c.published, a.c.outlet, a.c.title, a.c.url, a.c.language)
                    for r in conn.execute(q.where(a.c.id.in_(part))):
                        art = want[r.id]
                        if (r.text, r.published, r.outlet, r.title, r.url, r.language) == \
                                (_pg_text(art.text) if self._pg else art.text, art.published, art.outlet,
                                 art.title, art.url, art.language):
                            same.add(r.id)
        except SQLAlchemyError as exc:
            raise self._fail("reading articles", exc) from exc
        return same

    def _ingest_chunk(self, conn: Connection, items: list[tuple[Article, Extraction, str]],
                      report: IngestReport) -> None:
        a = st.articles
        existing: dict[str, str] = {}
        ids = [art.id for art, _, _ in items]
        for part in _chunks(ids):
            for row in conn.execute(select(a.c.id, a.c.content_hash).where(a.c.id.in_(part))):
                existing[row.id] = row.content_hash
        fresh: list[tuple[Article, Extraction]] = []
        replaced: list[str] = []
        for art, ext, h in items:
            old = existing.get(art.id)
            if old == h:
                report.articles_new -= 1
                report.articles_unchanged += 1
                continue
            if old is not None:
                report.articles_new -= 1
                report.articles_replaced += 1
                replaced.append(art.id)
            fresh.append((art, ext))
        if not fresh:
            return
        touched: set[str] = set()
        if replaced:
            m = st.mentions
            for part in _chunks(replaced):
                touched.update(conn.execute(select(m.c.comp).where(m.c.article_id.in_(part))).scalars())
                conn.execute(delete(m).where(m.c.article_id.in_(part)))
                conn.execute(delete(a).where(a.c.id.in_(part)))
        rows = []
        new: list[Mention] = []
        hashes = {art.id: h for art, _, h in items}
        for art, ext in fresh:
            row = {"id": art.id, "content_hash": hashes[art.id], "published": art.published,
                   "outlet": art.outlet, "title": art.title, "url": art.url,
                   "language": art.language, "text": art.text,
                   "extraction": ext.to_dict(with_dropped=True)}
            if self._pg:
                row = {k: _pg_text(v) if isinstance(v, str) else v for k, v in row.items()}
            rows.append(row)
            for i, ev in enumerate(ext.events):
                new.append(make_mention(art.id, i, ev.to_dict(), art.published, art.outlet, self.params))
        conn.execute(insert(a), rows)
        report.mentions += len(new)
        report.background_mentions += sum(1 for x in new if x.background)
        touched |= self._touched_components(conn, new)
        self._recluster(conn, touched, new, report)

    # ------------------------------------------------------------ blocking against the store
    def _select_mentions(self) -> Any:
        m, a = st.mentions, st.articles
        return (select(m.c.id, m.c.article_id, m.c.idx, m.c.comp, m.c.data, a.c.published, a.c.outlet)
                .join(a, a.c.id == m.c.article_id))

    def _load(self, conn: Connection, where: Any, params: dict[str, Any] | None = None
              ) -> list[tuple[Mention, str]]:
        q = where if params is not None else self._select_mentions().where(where)
        out = []
        for r in conn.execute(q, params or {}):
            data = r.data if isinstance(r.data, dict) else json.loads(r.data)
            out.append((make_mention(r.article_id, r.idx, data, r.published, r.outlet, self.params), r.comp))
        return out

    def _blocking_queries(self) -> dict[str, Any]:
        """Blocking statements with bound parameters (compiled once, cached by SQLAlchemy)."""
        if getattr(self, "_bq", None) is None:
            m = st.mentions
            when = and_(m.c.d_lo.between(bindparam("d_from"), bindparam("d_to")),
                        m.c.d_hi >= bindparam("d_min"))
            base = self._select_mentions()
            self._bq = {
                "grid": base.where(m.c.cx.in_(bindparam("xs", expanding=True)),
                                   m.c.cy.in_(bindparam("ys", expanding=True)), when),
                "loose": base.where(m.c.country == bindparam("cc"), m.c.cx.is_(None), when),
                "loose_null": base.where(m.c.country.is_(None), m.c.cx.is_(None), when),
                "country": base.where(m.c.country == bindparam("cc"), when),
                "country_null": base.where(m.c.country.is_(None), when),
            }
        return self._bq

    def _touched_components(self, conn: Connection, new: list[Mention]) -> set[str]:
        """Components of stored mentions that some new mention is a candidate pair with.

        New mentions are grouped into blocks (2x2 geo cells x DATE_BUCKET days, or country x
        DATE_BUCKET days for mentions without a point); one indexed query per block fetches
        the stored mentions that could pair with any of them."""
        w = self.params.date_window_days
        groups: dict[tuple[Any, ...], list[Mention]] = defaultdict(list)
        for x in new:
            if x.d_lo is None or x.precision is None:
                continue
            bucket = x.d_lo // DATE_BUCKET
            c = x.cell()
            if c is not None:
                groups[("g", c[0] // 2, c[1] // 2, bucket)].append(x)
            groups[("c", x.country, bucket, c is not None)].append(x)
        stored: dict[str, tuple[Mention, str]] = {}
        # a stored range is at most max_span days long, so d_lo is bounded on both sides
        # and every query is an index range scan, never a scan from the start of time
        max_span = max(MAX_RANGE_DAYS, self.params.background_days)
        bq = self._blocking_queries()
        dy = lat_cell_reach(self.params.merge_distance_km)
        for key, xs in groups.items():
            lo = min(x.d_lo for x in xs) - w  # type: ignore[type-var]
            hi = max(x.d_hi for x in xs) + w  # type: ignore[type-var]
            params: dict[str, Any] = {"d_from": lo - max_span, "d_to": hi, "d_min": lo}
            if key[0] == "g":
                cells = [x.cell() for x in xs]
                dx = max(lon_cell_reach(x.lat, self.params.merge_distance_km) for x in xs)  # type: ignore[arg-type]
                x0, x1 = min(c[0] for c in cells) - dx, max(c[0] for c in cells) + dx  # type: ignore[index]
                y0, y1 = min(c[1] for c in cells) - dy, max(c[1] for c in cells) + dy  # type: ignore[index]
                params.update(xs=list(range(x0, x1 + 1)), ys=list(range(y0, y1 + 1)))
                q = bq["grid"]
            else:
                country, gridded = key[1], key[3]
                name = ("loose" if gridded else "country") + ("_null" if country is None else "")
                q = bq[name]
                if country is not None:
                    params["cc"] = country
            for mention, comp in self._load(conn, q, params):
                stored[mention.id] = (mention, comp)
        if not stored:
            return set()
        pool = new + [s for s, _ in stored.values()]
        n_new = len(new)
        touched = set()
        for i, j in candidate_pairs(pool, self.params):
            if (i < n_new) != (j < n_new):
                touched.add(stored[pool[max(i, j)].id][1])
        return touched

    # ------------------------------------------------------------ re-clustering
    def _recluster(self, conn: Connection, touched: set[str] | None, new: list[Mention],
                   report: IngestReport) -> None:
        """Re-cluster the given components (None: all) together with the new mentions and
        rewrite their events. The result depends only on the set of mentions."""
        m, e = st.mentions, st.events
        loaded: list[tuple[Mention, str]] = []
        old_events: dict[str, str] = {}
        if touched is None:
            loaded = self._load(conn, m.c.id.is_not(None))
            old_events = {r[0]: r[1] for r in conn.execute(select(e.c.id, e.c.content_hash))}
            conn.execute(delete(e))
        else:
            comps = sorted(touched)
            for part in _chunks(comps):
                loaded.extend(self._load(conn, m.c.comp.in_(part)))
                old_events.update((r[0], r[1]) for r in conn.execute(
                    select(e.c.id, e.c.content_hash).where(e.c.comp.in_(part))))
                conn.execute(delete(e).where(e.c.comp.in_(part)))
        old_state = {}
        if loaded:
            ids = [x.id for x, _ in loaded]
            for part in _chunks(ids):
                for r in conn.execute(select(m.c.id, m.c.comp, m.c.event_id).where(m.c.id.in_(part))):
                    old_state[r.id] = (r.comp, r.event_id)
        result = cluster_all([x for x, _ in loaded] + new, self.params)
        event_of: dict[str, str | None] = {}
        ev_rows = []
        for cl in result.clusters:
            ev = merged_event(cl)
            ev_rows.append(_event_row(ev, result.component_of[cl[0].id]))
            for x in cl:
                event_of[x.id] = ev["id"]
        for row in ev_rows:
            old = old_events.get(row["id"])
            if old is None:
                report.events_created += 1
            elif old != row["content_hash"]:
                report.events_updated += 1
        new_ids = {r["id"] for r in ev_rows}
        report.events_removed += sum(1 for k in old_events if k not in new_ids)
        if ev_rows:
            conn.execute(insert(e), ev_rows)
        changes = []
        for x, _ in loaded:
            state = (result.component_of[x.id], event_of.get(x.id))
            if old_state.get(x.id) != state:
                changes.append({"b_id": x.id, "b_comp": state[0], "b_event": state[1]})
        if changes:
            conn.execute(update(m).where(m.c.id == bindparam("b_id"))
                         .values(comp=bindparam("b_comp"), event_id=bindparam("b_event")), changes)
        if new:
            rows = []
            for x in new:
                cx, cy = x.cell() or (None, None)
                rows.append({"id": x.id, "article_id": x.doc_id, "idx": x.idx,
                             "event_type": x.event_type, "sub_event_type": x.sub_event_type,
                             "date": x.date, "date_precision": x.date_precision,
                             "d_lo": x.d_lo, "d_hi": x.d_hi, "lat": x.lat, "lon": x.lon,
                             "cx": cx, "cy": cy, "precision": x.precision, "country": x.country,
                             "admin1": x.admin1, "background": x.background,
                             "comp": result.component_of[x.id], "event_id": event_of.get(x.id),
                             "data": x.data})
            conn.execute(insert(m), rows)

    def rebuild(self) -> IngestReport:
        """Re-cluster the whole store (e.g. after changing merge settings by hand)."""
        self._writable("rebuild")
        report = IngestReport()
        try:
            with st.write_transaction(self.engine) as conn:
                self._recluster(conn, None, [], report)
        except SQLAlchemyError as exc:
            raise self._fail("rebuild", exc) from exc
        return report

    # ------------------------------------------------------------ export and queries
    def export(self, fmt: str, out: IO[str] | IO[bytes] | str | Path, **filters: Any) -> int:
        """Write the ledger as ``jsonl``, ``acled-csv``, ``geojson`` or ``parquet`` to a
        path or an open file; returns the number of events written. ``filters`` are
        those of :meth:`events`, plus ``timestamp`` (unix seconds for ACLED's ``timestamp``
        column; default: the time of the export)."""
        from .export import export
        return export(self, fmt, out, **filters)

    def events(self, country: str | None = None, since: date | str | None = None,
               until: date | str | None = None, type: str | None = None,  # noqa: A002
               contested: bool | None = None, near: tuple[float, float, float] | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Merged events (export shape, with claims and documents), by date then id."""
        from .query import events
        return events(self, country=country, since=since, until=until, type=type,
                      contested=contested, near=near, limit=limit, offset=offset)

    def iter_events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        from .query import iter_events
        return iter_events(self, **filters)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One merged event with its claims, documents and mentions; None if unknown."""
        from .query import event
        return event(self, event_id)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One stored article: its fields, text, extracted events (with spans) and the
        ledger event each of its mentions belongs to; None if unknown."""
        from .query import document
        return document(self, doc_id)

    def stats(self) -> dict[str, Any]:
        from .query import stats
        return stats(self)

    def to_pandas(self, **filters: Any) -> Any:
        """The events as a pandas DataFrame (ACLED-style columns); needs pandas."""
        from .export import to_pandas
        return to_pandas(self, **filters)

