"""Ledger metadata (the merge settings a store was clustered with) a date index and
an index for blocking places without coordinates.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_mentions_loose", "mentions", ["country", "cx", "d_lo"])


def downgrade() -> None:
    op.drop_index("ix_mentions_loose", table_name="mentions")
    op.drop_index("ix_events_date", table_name="events")
    op.drop_table("ledger_meta")
