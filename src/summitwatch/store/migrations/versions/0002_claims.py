"""Claims: the structured outcome, holder kind and judgment groups of forecasts; reason details.

Revision ID: 0002_claims
Revises: 0002_events
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002_claims"
down_revision = "0002_events"
branch_labels = None
depends_on = None

FORECAST_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("holder_kind", sa.String(length=20)),
    ("holder_actor", sa.String(length=80)),
    ("phrase_strength", sa.String(length=10)),
    ("outcome_class", sa.String(length=40)),
    ("outcome_actors", sa.JSON()),
    ("outcome_polarity", sa.Boolean()),
    ("window_start", sa.String(length=20)),
    ("window_end", sa.String(length=20)),
    ("judgment", sa.String(length=40)),
    ("representative", sa.Boolean()),
    ("restatements", sa.JSON()),
)
REASON_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("factor_label", sa.Text()),
    ("cue", sa.Text()),
    ("explanation", sa.Text()),
    ("holder", sa.Text()),
    ("match_score", sa.Float()),
)


def upgrade() -> None:
    with op.batch_alter_table("forecasts") as batch:
        for name, kind in FORECAST_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
        batch.create_index(op.f("ix_forecasts_outcome_class"), ["outcome_class"], unique=False)
        batch.create_index(op.f("ix_forecasts_judgment"), ["judgment"], unique=False)
    with op.batch_alter_table("reasons") as batch:
        for name, kind in REASON_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reasons") as batch:
        for name, _ in reversed(REASON_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("forecasts") as batch:
        batch.drop_index(op.f("ix_forecasts_judgment"))
        batch.drop_index(op.f("ix_forecasts_outcome_class"))
        for name, _ in reversed(FORECAST_COLUMNS):
            batch.drop_column(name)
