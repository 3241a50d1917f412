"""Events carry their factuality (FactBank value, UW score, source) and the main-clause flag.

Revision ID: 0002_events
Revises: 0002_pages
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_events"
down_revision = "0002_pages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # rows stored before factuality existed were all treated as asserted: CT+ keeps that reading
    with op.batch_alter_table("events") as batch:
        batch.add_column(
            sa.Column("factuality", sa.String(length=3), nullable=False, server_default="CT+")
        )
        batch.add_column(sa.Column("factuality_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("factuality_source", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("main", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("main")
        batch.drop_column("factuality_source")
        batch.drop_column("factuality_score")
        batch.drop_column("factuality")
