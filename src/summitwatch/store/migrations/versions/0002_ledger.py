"""The ledger's structured questions: outcome class, actors, window, origin, policy, evidence date.

Revision ID: 0002_ledger
Revises: 0002_desk
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_ledger"
down_revision = "0002_desk"
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    ("outcome_class", sa.String(length=40)),
    ("actors", sa.JSON()),
    ("opens", sa.String(length=10)),
    ("origin", sa.String(length=10)),
    ("proposed", sa.Boolean()),
    ("policy", sa.String(length=40)),
    ("known_on", sa.String(length=10)),
    ("merged_into", sa.String(length=80)),
)


def upgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.alter_column(
            "resolved_by", existing_type=sa.String(length=10), type_=sa.String(length=20)
        )
        for name, kind in NEW_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        for name, _ in reversed(NEW_COLUMNS):
            batch.drop_column(name)
        batch.alter_column(
            "resolved_by", existing_type=sa.String(length=20), type_=sa.String(length=10)
        )
