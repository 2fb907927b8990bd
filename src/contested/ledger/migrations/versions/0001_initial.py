"""Initial ledger schema: articles, mentions (one per article event), merged events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("outlet", sa.String(200)),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("extraction", sa.JSON, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("d_lo", sa.Integer),
        sa.Column("d_hi", sa.Integer),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("cx", sa.Integer),
        sa.Column("cy", sa.Integer),
        sa.Column("precision", sa.String(8)),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("background", sa.Boolean, nullable=False),
        sa.Column("comp", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(40)),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_cell", "mentions", ["cx", "cy", "d_lo"])
    op.create_index("ix_mentions_country", "mentions", ["country", "d_lo"])
    op.create_index("ix_mentions_comp", "mentions", ["comp"])
    op.create_index("ix_mentions_event", "mentions", ["event_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("comp", sa.String(40), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("location", sa.String(200)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geo_precision", sa.String(8)),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("fatalities_low", sa.Integer),
        sa.Column("fatalities_best", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("n_documents", sa.Integer, nullable=False),
        sa.Column("nonparty_source", sa.Boolean, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_comp", "events", ["comp"])
    op.create_index("ix_events_country_date", "events", ["country", "date"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("mentions")
    op.drop_table("articles")
