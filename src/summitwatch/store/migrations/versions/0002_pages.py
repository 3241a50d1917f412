"""Documents record where their date came from, the furniture removed, the source agency of a
syndicated copy, and the story near-duplicate copies share (with the fingerprint it is found by).

Revision ID: 0002_pages
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_pages"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("date_source", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("furniture", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("source_agency", sa.Text(), nullable=True))
        batch.add_column(sa.Column("story", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("fingerprint", sa.JSON(), nullable=True))
        batch.create_index("ix_documents_story", ["story"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_story")
        batch.drop_column("fingerprint")
        batch.drop_column("story")
        batch.drop_column("source_agency")
        batch.drop_column("furniture")
        batch.drop_column("date_source")
