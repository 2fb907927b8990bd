"""The ledger's tables (SQLAlchemy Core) and opening a store: URL -> engine at schema head.

Types are portable between SQLite and PostgreSQL: strings, integers, floats, booleans,
dates, and ``JSON`` for whole records (an article's extraction with its spans, a merged
event). Schema changes go through Alembic migrations under ``migrations/versions``;
:func:`upgrade` brings any older store to head (under the write lock, so several processes
may open a new store at once).

Concurrent writers: every write transaction goes through :func:`write_transaction`, which
serialises writers to one store: ``pg_advisory_xact_lock`` on PostgreSQL (keyed by the
schema, so stores in other schemas of one database do not wait for each other);
``BEGIN IMMEDIATE`` on SQLite, in WAL mode with a busy timeout, so readers never block and a
second writer waits rather than failing. Readers see the last committed state.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from ..errors import StoreError

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("published", Date),
    Column("outlet", Text),
    Column("title", Text),
    Column("url", Text),
    Column("language", Text),
    Column("text", Text, nullable=False),
    Column("extraction", JSON, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("id", String(40), primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("date", Date),
    Column("date_precision", String(8)),
    Column("d_lo", Integer),
    Column("d_hi", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("cx", Integer),
    Column("cy", Integer),
    Column("precision", String(8)),
    Column("country", Text),
    Column("admin1", Text),
    Column("background", Boolean, nullable=False),
    Column("comp", String(40), nullable=False),
    Column("event_id", String(40)),
    Column("data", JSON, nullable=False),
)
Index("ix_mentions_article", mentions.c.article_id)
Index("ix_mentions_cell", mentions.c.cx, mentions.c.cy, mentions.c.d_lo)
Index("ix_mentions_country", mentions.c.country, mentions.c.d_lo)
Index("ix_mentions_comp", mentions.c.comp)
Index("ix_mentions_event", mentions.c.event_id)

events = Table(
    "events", metadata,
    Column("id", String(40), primary_key=True),
    Column("comp", String(40), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("date", Date),
    Column("date_precision", String(8)),
    Column("country", Text),
    Column("admin1", Text),
    Column("location", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", String(8)),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("contested", Boolean, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("nonparty_source", Boolean, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("data", JSON, nullable=False),
)
Index("ix_events_comp", events.c.comp)

# revision 0002
ledger_meta = Table(
    "ledger_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
Index("ix_mentions_loose", mentions.c.country, mentions.c.cx, mentions.c.d_lo)

# revision 0004: the web API's filters, each followed by the listing order (date, id), and
# then the columns the aggregates read, so these read indexes only (PostgreSQL: id in the "C"
# collation, extra columns INCLUDEd; migrations/versions/0004_web_indexes.py creates them)
Index("ix_events_country_dt", events.c.country, events.c.date, events.c.id)
Index("ix_events_type_dt", events.c.event_type, events.c.date, events.c.id)
Index("ix_events_subtype_dt", events.c.sub_event_type, events.c.date, events.c.id)
Index("ix_events_contested_dt", events.c.contested, events.c.date, events.c.id)
Index("ix_events_cover", events.c.date, events.c.id, events.c.country, events.c.event_type,
      events.c.sub_event_type, events.c.contested, events.c.fatalities_best, events.c.n_documents,
      events.c.lat, events.c.lon, events.c.actor1)
Index("ix_events_geo", events.c.lat, events.c.lon, events.c.date, events.c.country, events.c.event_type,
      events.c.sub_event_type, events.c.contested, events.c.fatalities_best)
Index("ix_mentions_background", mentions.c.background)
DATA_VERSION_KEY = "data_version"
"""``ledger_meta`` key whose value changes with every write of articles or events (triggers
of revision 0004): a cache of aggregates keyed by it is invalidated by any ingest."""

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("CONTESTED_SQLITE_BUSY_TIMEOUT_MS", "120000"))
"""How long a SQLite writer waits for another writer's transaction before failing."""

_ALEMBIC_LOCK = threading.Lock()  # Alembic's context is process-global: one upgrade at a time
_LOCK_NAMESPACE = 0x636F6E74  # "cont": the first key of the PostgreSQL advisory lock


def distance_km(lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None) -> float | None:
    """Great-circle distance in km (the merge's haversine); SQL NULL for a missing point.
    Registered on every SQLite connection as ``contested_km(lat1, lon1, lat2, lon2)``."""
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


EARTH_KM = 6371.0088


def _sqlite_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
    # transactions are begun by _sqlite_begin (BEGIN or BEGIN IMMEDIATE), not by the driver
    dbapi_conn.isolation_level = None
    dbapi_conn.create_function("contested_km", 4, distance_km, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    if cur.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # a writer takes the write lock at BEGIN, so it waits (busy_timeout) for another writer
    # instead of failing when it upgrades a read lock half-way through
    write = conn.get_execution_options().get("contested_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a bad URL or a missing driver is a StoreError.

    PostgreSQL engines check connections before use (``pool_pre_ping``) and recycle them
    after 30 minutes; ``CONTESTED_DB_POOL_SIZE`` and ``CONTESTED_DB_MAX_OVERFLOW`` size the
    pool (defaults 5 and 10)."""
    shown = safe_url(url)
    try:
        u = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{shown}: not a database URL ({exc}); "
                         "use e.g. sqlite:///contested.db or postgresql+psycopg://user@host/db") from exc
    backend = u.get_backend_name()
    if backend == "sqlite" and u.database not in (None, "", ":memory:"):
        parent = Path(u.database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{shown}: folder {parent} does not exist")
    kwargs: dict[str, object] = {}
    if backend == "postgresql":
        try:
            kwargs = {"pool_pre_ping": True, "pool_recycle": 1800,
                      "pool_size": int(os.environ.get("CONTESTED_DB_POOL_SIZE", "5")),
                      "max_overflow": int(os.environ.get("CONTESTED_DB_MAX_OVERFLOW", "10"))}
        except ValueError as exc:
            raise StoreError(f"CONTESTED_DB_POOL_SIZE / CONTESTED_DB_MAX_OVERFLOW: not a number ({exc})") from exc
    try:
        engine = create_engine(u, **kwargs)
    except NoSuchModuleError as exc:
        raise StoreError(f"{shown}: no SQLAlchemy dialect/driver for this URL ({exc}); "
                         "install the driver (e.g. pip install psycopg)") from exc
    except ImportError as exc:
        raise StoreError(f"{shown}: the database driver is not installed ({exc}); install it "
                         "(for PostgreSQL: pip install 'psycopg[binary]', URL postgresql+psycopg://...)"
                         ) from exc
    except (ArgumentError, TypeError) as exc:
        raise StoreError(f"{shown}: cannot create an engine ({exc})") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def lock_store(conn: Connection) -> None:
    """Take the store's write lock for the rest of the transaction (PostgreSQL; on SQLite
    ``BEGIN IMMEDIATE`` already holds it)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:ns, hashtext(current_schema()))"),
                     {"ns": _LOCK_NAMESPACE})


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the store's write lock: one writer at a time per store."""
    with engine.connect() as conn:
        conn.execution_options(contested_write=True)
        with conn.begin():
            lock_store(conn)
            yield conn


def upgrade(engine: Engine, url: str, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` (programmatically; no alembic.ini)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        if revision == "head" and current_revision(engine) == head_revision():
            return  # already at head: no write lock (readers do not wait for a writer)
        with _ALEMBIC_LOCK, write_transaction(engine) as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except DBAPIError as exc:
        raise StoreError(f"{safe_url(url)}: cannot open or upgrade the ledger store "
                         f"({exc.orig.__class__.__name__}: {exc.orig})") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"{safe_url(url)}: cannot open or upgrade the ledger store ({exc})") from exc


def is_retryable(exc: BaseException) -> bool:
    """A transient concurrency failure worth retrying the transaction for: a PostgreSQL
    serialization failure or deadlock, or SQLite's lock timeout."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code in ("40001", "40P01"):
        return True
    return "database is locked" in str(orig or exc)


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@functools.lru_cache(maxsize=1)
def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
