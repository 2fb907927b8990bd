"""Unbounded text for the columns that hold user input (article ids, outlets, place and
actor names, country codes, language tags).

SQLite never enforced the old lengths (VARCHAR(200) and the like); PostgreSQL does, so an
article id or a place name longer than 200 characters would fail the whole batch there.
On SQLite this revision changes nothing (no table rebuild).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WIDENED = {
    "articles": {"id": 200, "outlet": 200, "language": 16},
    "mentions": {"article_id": 200, "country": 8, "admin1": 200},
    "events": {"country": 8, "admin1": 200, "location": 200, "actor1": 200, "actor2": 200},
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, cols in WIDENED.items():
        for col, length in cols.items():
            op.alter_column(table, col, type_=sa.Text, existing_type=sa.String(length))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, cols in WIDENED.items():
        for col, length in cols.items():
            op.alter_column(table, col, type_=sa.String(length), existing_type=sa.Text)
