"""The ledger's tables (SQLAlchemy Core) and opening a store: URL -> engine at schema head.

Types are portable between SQLite and PostgreSQL: strings, integers, floats, booleans,
dates, and ``JSON`` for whole records (an article's extraction with its spans, a merged
event). Schema changes go through Alembic migrations under ``migrations/versions``;
:func:`open_engine` upgrades any older store to head.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
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
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from ..errors import StoreError

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(200), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("published", Date),
    Column("outlet", String(200)),
    Column("title", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("extraction", JSON, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("id", String(40), primary_key=True),
    Column("article_id", String(200), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
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
    Column("country", String(8)),
    Column("admin1", String(200)),
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
    Column("country", String(8)),
    Column("admin1", String(200)),
    Column("location", String(200)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", String(8)),
    Column("actor1", String(200)),
    Column("actor2", String(200)),
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
Index("ix_events_country_date", events.c.country, events.c.date)

# revision 0002
ledger_meta = Table(
    "ledger_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
Index("ix_events_date", events.c.date)
Index("ix_mentions_loose", mentions.c.country, mentions.c.cx, mentions.c.d_lo)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a bad URL or a missing driver is a StoreError."""
    shown = safe_url(url)
    try:
        u = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{shown}: not a database URL ({exc}); "
                         "use e.g. sqlite:///contested.db or postgresql+psycopg://user@host/db") from exc
    if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:"):
        parent = Path(u.database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{shown}: folder {parent} does not exist")
    try:
        engine = create_engine(u)
    except NoSuchModuleError as exc:
        raise StoreError(f"{shown}: no SQLAlchemy dialect/driver for this URL ({exc}); "
                         "install the driver (e.g. pip install psycopg)") from exc
    except ImportError as exc:
        raise StoreError(f"{shown}: the database driver is not installed ({exc}); install it "
                         "(for PostgreSQL: pip install 'psycopg[binary]', URL postgresql+psycopg://...)"
                         ) from exc
    except ArgumentError as exc:
        raise StoreError(f"{shown}: cannot create an engine ({exc})") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def upgrade(engine: Engine, url: str, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` (programmatically; no alembic.ini)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except DBAPIError as exc:
        raise StoreError(f"{safe_url(url)}: cannot open or upgrade the ledger store "
                         f"({exc.orig.__class__.__name__}: {exc.orig})") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"{safe_url(url)}: cannot open or upgrade the ledger store ({exc})") from exc


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
