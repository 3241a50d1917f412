"""Stores that answer in milliseconds: sortable date bounds, event actors, kept views, indexes.

- ``events.date_start`` / ``date_end`` (the first and last ISO day of the TimeML ``date``),
  ``wide_start`` and ``long_start`` (the first day, only for values spanning more than a month,
  more than a year): range filters compare these instead of the coarse strings, so an index
  serves them (store/dates.py);
- ``event_actors``: one row per actor and recipient of an event, for the actor filter;
- ``scenario_steps``, ``ledger_scores``, ``scored_forecasts``, ``question_aggregates`` and
  ``derived_state``: what the refresh computes and the queries read;
- indexes for the filters of the CLI and the desk.

Rows stored before this migration get their bounds and actors here; the kept views are filled
by the next refresh (until then the queries compute them).

Revision ID: 0003_stores
Revises: 0002_ledger
"""

import json

import sqlalchemy as sa
from alembic import op

from summitwatch.store.dates import DATE_COLUMNS, event_actor_rows, event_date_columns

revision = "0003_stores"
down_revision = "0002_ledger"
branch_labels = None
depends_on = None

CHUNK = 5_000
TABLES = ("derived_state", "question_aggregates", "scored_forecasts", "ledger_scores")
INDEXES = (
    ("ix_events_date_start", "events", ["date_start", "date_end"]),
    ("ix_events_wide_start", "events", ["wide_start"]),
    ("ix_events_long_start", "events", ["long_start"]),
    ("ix_events_type_start", "events", ["type", "date_start"]),
    ("ix_event_actors_actor", "event_actors", ["actor_id", "date_start"]),
    ("ix_documents_published", "documents", ["published"]),
    ("ix_documents_publisher", "documents", [sa.text("lower(publisher)")]),
    ("ix_mentions_actor", "mentions", ["actor_id"]),
    ("ix_quotes_speaker", "quotes", ["speaker", "date"]),
    ("ix_quotes_date", "quotes", ["date"]),
    ("ix_forecasts_holder", "forecasts", [sa.text("lower(holder)")]),
    ("ix_forecasts_made_on", "forecasts", ["made_on"]),
    ("ix_scenario_steps_date_start", "scenario_steps", ["date_start"]),
    ("ix_scored_forecasts_question", "scored_forecasts", ["question"]),
    ("ix_scored_forecasts_holder", "scored_forecasts", ["holder"]),
    ("ix_scored_forecasts_outlet", "scored_forecasts", ["outlet"]),
)


def create_tables() -> None:
    op.create_table(
        "event_actors",
        sa.Column(
            "event_id",
            sa.String(40),
            sa.ForeignKey("events.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("actor_id", sa.String(80), primary_key=True),
        sa.Column("role", sa.String(10), primary_key=True),
        sa.Column("date_start", sa.String(10)),
    )
    op.create_table(
        "scenario_steps",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("date", sa.String(20), nullable=False),
        sa.Column("date_start", sa.String(10), nullable=False),
        sa.Column("indicator", sa.String(80), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("before", sa.JSON, nullable=False),
        sa.Column("after", sa.JSON, nullable=False),
        sa.Column("ratios", sa.JSON, nullable=False),
        sa.Column("event", sa.JSON, nullable=False),
        sa.Column("entry", sa.JSON, nullable=False),
    )
    op.create_table(
        "ledger_scores",
        sa.Column("rank", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("holder", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("brier", sa.Float, nullable=False),
        sa.Column("log_score", sa.Float, nullable=False),
        sa.Column("forecasts", sa.JSON, nullable=False),
    )
    op.create_table(
        "scored_forecasts",
        sa.Column("forecast_id", sa.String(40), primary_key=True),
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("question", sa.String(80), nullable=False),
        sa.Column("holder", sa.Text, nullable=False),
        sa.Column("holder_kind", sa.String(20)),
        sa.Column("outlet", sa.Text),
        sa.Column("probability", sa.Float, nullable=False),
        sa.Column("happened", sa.Boolean, nullable=False),
        sa.Column("brier", sa.Float, nullable=False),
        sa.Column("log_score", sa.Float, nullable=False),
    )
    op.create_table(
        "question_aggregates",
        sa.Column("question", sa.String(80), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("deadline", sa.String(10)),
        sa.Column("probability", sa.Float),
        sa.Column("voices", sa.Integer, nullable=False),
        sa.Column("extremized", sa.Boolean, nullable=False),
        sa.Column("holders", sa.JSON, nullable=False),
    )
    op.create_table(
        "derived_state",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("pack_key", sa.String(16), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("as_of", sa.String(10)),
    )


def fill_stored_events() -> None:
    """Bounds and actors of the events stored before this migration, in chunks."""
    bind = op.get_bind()
    events = sa.table(
        "events",
        sa.column("id"),
        sa.column("date"),
        sa.column("actors"),
        sa.column("recipients"),
        *(sa.column(c) for c in DATE_COLUMNS),
    )
    update = (
        events.update()
        .where(events.c.id == sa.bindparam("event_id"))
        .values({c: sa.bindparam(f"new_{c}") for c in DATE_COLUMNS})
    )
    actors = sa.table(
        "event_actors", *(sa.column(c) for c in ("event_id", "actor_id", "role", "date_start"))
    )
    last = ""
    while True:
        rows = bind.execute(
            sa.select(events.c.id, events.c.date, events.c.actors, events.c.recipients)
            .where(events.c.id > last)
            .order_by(events.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        updates, links = [], []
        for row in rows:
            columns = event_date_columns(row.date)
            updates.append({"event_id": row.id, **{f"new_{c}": columns[c] for c in DATE_COLUMNS}})
            links += event_actor_rows(
                row.id, as_list(row.actors), as_list(row.recipients), columns["date_start"]
            )
        bind.execute(update, updates)
        if links:
            bind.execute(sa.insert(actors), links)


def as_list(value: object) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return [str(v) for v in value] if isinstance(value, list) else []


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name in DATE_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(10), nullable=True))
    create_tables()
    fill_stored_events()
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    for table in (*TABLES, "scenario_steps", "event_actors"):
        op.drop_table(table)
    with op.batch_alter_table("events") as batch:
        for name in reversed(DATE_COLUMNS):
            batch.drop_column(name)
