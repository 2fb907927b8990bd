"""Indexes for every filter the web API offers, and a data version bumped by every write.

Indexes on ``events``: each filter (country, event type, sub-event type, contested) leads an
index that continues with ``(date, id)``, the listing order, so a filtered page is an index
range scan in order and keyset pagination never sorts; ``ix_events_cover`` starts with
``(date, id)``. All of them also hold the columns the aggregates read (the other filters,
place, toll, side), so counts, timelines, extents and grid aggregates read an index and not
the rows with their JSON; ``ix_events_geo`` starts with
``(lat, lon)`` for bounding boxes and holds what the map's grid aggregates read. On
PostgreSQL ``id`` is indexed with the "C" collation, the order the ledger lists by, and the
extra columns are ``INCLUDE``d (actor names are left out there: a btree entry is limited to
about 2.7 kB and names are text of unbounded length). ``ix_mentions_background`` serves the statistics.

``ledger_meta['data_version']`` changes whenever articles or events are written (triggers,
so any writer, old or new code, keeps it right); readers cache aggregates keyed by it.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FILTERS = {"ix_events_country_dt": "country", "ix_events_type_dt": "event_type",
           "ix_events_subtype_dt": "sub_event_type", "ix_events_contested_dt": "contested"}
COVER = ("country", "event_type", "sub_event_type", "contested", "fatalities_best", "n_documents", "lat", "lon")
GEO = ("date", "country", "event_type", "sub_event_type", "contested", "fatalities_best")
BUMP = "UPDATE ledger_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'"
SQLITE_TRIGGERS = {"tr_events_ins_version": "AFTER INSERT ON events", "tr_events_del_version": "AFTER DELETE ON events",
                   "tr_events_upd_version": "AFTER UPDATE ON events",
                   "tr_articles_ins_version": "AFTER INSERT ON articles",
                   "tr_articles_del_version": "AFTER DELETE ON articles"}


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    op.drop_index("ix_events_country_date", table_name="events")
    op.drop_index("ix_events_date", table_name="events")
    ident = 'id COLLATE "C"' if pg else "id"
    for name, col in FILTERS.items():
        more = [c for c in COVER if c != col]
        if pg:
            op.execute(f"CREATE INDEX {name} ON events ({col}, date, {ident}) INCLUDE ({', '.join(more)})")
        else:
            op.execute(f"CREATE INDEX {name} ON events ({col}, date, id, {', '.join(more)}, actor1)")
    if pg:
        op.execute(f"CREATE INDEX ix_events_cover ON events (date, {ident}) INCLUDE ({', '.join(COVER)})")
        op.execute(f"CREATE INDEX ix_events_geo ON events (lat, lon) INCLUDE ({', '.join(GEO)})")
    else:
        op.execute(f"CREATE INDEX ix_events_cover ON events (date, id, {', '.join(COVER)}, actor1)")
        op.execute(f"CREATE INDEX ix_events_geo ON events (lat, lon, {', '.join(GEO)})")
    op.create_index("ix_mentions_background", "mentions", ["background"])
    op.execute("INSERT INTO ledger_meta (key, value) VALUES ('data_version', '1')")
    if pg:
        op.execute(f"CREATE OR REPLACE FUNCTION contested_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {BUMP}; RETURN NULL; END $$")
        for table, what in (("events", "INSERT OR UPDATE OR DELETE"), ("articles", "INSERT OR DELETE")):
            op.execute(f"CREATE TRIGGER tr_{table}_version AFTER {what} ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION contested_bump_data_version()")
    else:
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {BUMP}; END")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in ("events", "articles"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_{table}_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS contested_bump_data_version()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DELETE FROM ledger_meta WHERE key = 'data_version'")
    op.drop_index("ix_mentions_background", table_name="mentions")
    for name in (*FILTERS, "ix_events_cover", "ix_events_geo"):
        op.drop_index(name, table_name="events")
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_country_date", "events", ["country", "date"])
