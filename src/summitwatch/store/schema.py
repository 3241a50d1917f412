"""The store's tables (SQLAlchemy Core). One schema for SQLite and PostgreSQL.

Every extracted row records the stage that produced it (``stage`` = ``name@version``)
and the character span of its evidence in the document's clean text. Lists (actor ids,
authors, supporting spans) are JSON columns: they are read whole, never queried inside.

The tables are created by the Alembic migrations in ``store/migrations``; a test checks
that the migrated database and this module agree.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)

metadata = MetaData()


def document_column() -> Column[str]:
    """The owning document of an extracted row; its rows go when the document goes."""
    return Column(
        "document_id",
        String(40),
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("authors", JSON, nullable=False),
    Column("publisher", Text),
    Column("series", Text),
    Column("published", String(10)),  # ISO date
    Column("language", String(8), nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("format", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    # where ``published`` came from: text, html-meta, pdf-meta, command line, none
    Column("date_source", String(16)),
    Column("furniture", JSON),  # [{text, reason}]: lines removed from the body
    Column("source_agency", Text),
    # near-duplicate copies share a story (the first copy's id); counts go by story
    Column("story", String(40), index=True),
    Column("fingerprint", JSON),  # {size, minhash}: what near-duplicates are found by
)

stage_runs = Table(
    "stage_runs",
    metadata,
    Column(
        "document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("stage", String(40), primary_key=True),
    Column("version", String(20), nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column(
        "document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("paragraph", Integer, nullable=False),
    Column("stage", String(60), nullable=False),
)

citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    document_column(),
    Column("number", Integer, nullable=False),
    Column("seq", Integer, nullable=False),  # position among the references of one note
    Column("authors", JSON, nullable=False),
    Column("title", Text),
    Column("container", Text),
    Column("date", String(10)),
    Column("language", String(8), nullable=False),
    Column("raw", Text, nullable=False),
    Column("supports", JSON, nullable=False),  # [[start, end], ...] sentence spans
    UniqueConstraint("document_id", "number", "seq", name="uq_citation_ref"),
)

timexes = Table(
    "timexes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    document_column(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(10), nullable=False),
    Column("value", String(40), nullable=False),
    Column("mod", String(20)),
    Column("stage", String(60), nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("country", String(3)),
    Column("sector", String(10)),
    Column("wikidata", String(20)),
    Column("resolved", Boolean, nullable=False),  # False: an entity no pack knows
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    document_column(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("actor_id", String(80)),
    Column("kind", String(20), nullable=False),
    Column("stage", String(60), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(40), primary_key=True),
    document_column(),
    Column("type", String(12), nullable=False, index=True),
    Column("mode", String(30)),
    Column("actors", JSON, nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("date", String(20), index=True),
    Column("location", Text),
    Column("modality", String(12), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("episode", String(80)),
    Column("trigger", Text),
    Column("stage", String(60), nullable=False),
    Column("factuality", String(3), nullable=False, server_default="CT+"),
    Column("factuality_score", Float),
    Column("factuality_source", String(80)),
    Column("main", Boolean, nullable=False, server_default=false()),
    # the first and last ISO day of ``date`` (store/dates.py): what range filters compare, so
    # that "2025" overlaps a December query; ``wide_start`` is set only for spans of a month to
    # a year, ``long_start`` only for longer ones
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("wide_start", String(10)),
    Column("long_start", String(10)),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(40), primary_key=True),
    document_column(),
    Column("speaker", String(80)),
    Column("speaker_text", Text),
    Column("cue", Text),
    Column("text", Text, nullable=False),
    Column("date", String(20)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("stage", String(60), nullable=False),
)

forecasts = Table(
    "forecasts",
    metadata,
    Column("id", String(40), primary_key=True),
    document_column(),
    Column("holder", Text, nullable=False),
    Column("attributed", Boolean, nullable=False),
    Column("statement", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("phrase", Text),
    Column("probability", Float, nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("horizon", String(40)),
    Column("condition", Text),
    Column("question", String(80), index=True),
    Column("question_probability", Float),
    Column("made_on", String(10)),
    Column("holder_kind", String(20)),
    Column("holder_actor", String(80)),
    Column("phrase_strength", String(10)),
    Column("outcome_class", String(40), index=True),
    Column("outcome_actors", JSON),
    Column("outcome_polarity", Boolean),
    Column("window_start", String(20)),
    Column("window_end", String(20)),
    Column("judgment", String(40), index=True),
    Column("representative", Boolean),
    Column("restatements", JSON),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("stage", String(60), nullable=False),
)

reasons = Table(
    "reasons",
    metadata,
    Column("id", String(40), primary_key=True),
    document_column(),
    Column("factor", String(80), nullable=False, index=True),
    Column("statement", Text, nullable=False),
    Column("stance", String(80)),
    Column("factor_label", Text),
    Column("cue", Text),
    Column("explanation", Text),
    Column("holder", Text),
    Column("match_score", Float),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("stage", String(60), nullable=False),
)

questions = Table(
    "questions",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("text", Text, nullable=False),
    Column("deadline", String(10)),
    Column("status", String(4), nullable=False),  # open, yes, no
    Column("resolved_on", String(10)),
    Column("evidence", JSON, nullable=False),  # event ids or "document:<id>"
    Column("resolved_by", String(20)),  # "event", "statement", "closed-window", "hand"
    Column("note", Text),
    # the question's structure and origin (analyze/ledger.py writes them)
    Column("outcome_class", String(40)),
    Column("actors", JSON),
    Column("opens", String(10)),
    Column("origin", String(10)),  # pack, user, forecast
    Column("proposed", Boolean),  # a question proposed from a forecast, not yet accepted
    Column("policy", String(40)),
    Column("known_on", String(10)),  # publication date of the evidence that settled it
    Column("merged_into", String(80)),
)

Index("ix_events_date_type", events.c.date, events.c.type)

# -- 0003_stores: what queries filter on, and what the refresh keeps so queries need not compute

# the actors and recipients of each event, one row each: the actor filter is an index lookup
event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(40), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(80), primary_key=True),
    Column("role", String(10), primary_key=True),  # actor, recipient
    Column("date_start", String(10)),
)

# the scenario run over every stored event (analyze/scenarios.py), one row per update
scenario_steps = Table(
    "scenario_steps",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("date", String(20), nullable=False),  # when the entry became evidence (TimeML)
    Column("date_start", String(10), nullable=False, index=True),  # its first day: --as-of
    Column("indicator", String(80), nullable=False),
    Column("weight", Float, nullable=False),
    Column("before", JSON, nullable=False),  # {scenario: probability}
    Column("after", JSON, nullable=False),
    Column("ratios", JSON, nullable=False),
    Column("event", JSON, nullable=False),  # the report that fired the indicator
    Column("entry", JSON, nullable=False),  # the merged entry and its sources
)

# the forecast ledger's scores and aggregates (analyze/ledger_views.py)
ledger_scores = Table(
    "ledger_scores",
    metadata,
    Column("rank", Integer, primary_key=True, autoincrement=False),
    Column("holder", Text, nullable=False),
    Column("outlet", Text),
    Column("scope", String(10), nullable=False),
    Column("n", Integer, nullable=False),
    Column("brier", Float, nullable=False),
    Column("log_score", Float, nullable=False),
    Column("forecasts", JSON, nullable=False),
)

scored_forecasts = Table(
    "scored_forecasts",
    metadata,
    Column("forecast_id", String(40), primary_key=True),
    # the ledger's order: by document, then place in it
    Column("document_id", String(40), nullable=False),
    Column("start", Integer, nullable=False),
    Column("question", String(80), nullable=False, index=True),
    Column("holder", Text, nullable=False, index=True),
    Column("holder_kind", String(20)),
    Column("outlet", Text, index=True),
    Column("probability", Float, nullable=False),  # the forecast's chance of "yes"
    Column("happened", Boolean, nullable=False),
    Column("brier", Float, nullable=False),
    Column("log_score", Float, nullable=False),
)

question_aggregates = Table(
    "question_aggregates",
    metadata,
    Column("question", String(80), primary_key=True),
    Column("text", Text, nullable=False),
    Column("deadline", String(10)),
    Column("probability", Float),
    Column("voices", Integer, nullable=False),
    Column("extremized", Boolean, nullable=False),
    Column("holders", JSON, nullable=False),
)

# which pack each kept view was computed with: a query with another pack computes afresh
derived_state = Table(
    "derived_state",
    metadata,
    Column("name", String(40), primary_key=True),  # scenarios, ledger
    Column("pack_key", String(16), nullable=False),
    Column("documents", Integer, nullable=False),  # documents stored when it was computed
    Column("as_of", String(10)),  # the day it was computed for
)

# every filter the CLI and the desk offer, served by an index
Index("ix_events_date_start", events.c.date_start, events.c.date_end)
Index("ix_events_wide_start", events.c.wide_start)
Index("ix_events_long_start", events.c.long_start)
Index("ix_events_type_start", events.c.type, events.c.date_start)
Index("ix_event_actors_actor", event_actors.c.actor_id, event_actors.c.date_start)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_publisher", func.lower(documents.c.publisher))
Index("ix_mentions_actor", mentions.c.actor_id)
Index("ix_quotes_speaker", quotes.c.speaker, quotes.c.date)
Index("ix_quotes_date", quotes.c.date)
Index("ix_forecasts_holder", func.lower(forecasts.c.holder))
Index("ix_forecasts_made_on", forecasts.c.made_on)

# The table that holds each field of an Analysis; a stage's rows are replaced together
# with the fields it assigns.
FIELD_TABLES: dict[str, Table] = {
    "sentences": sentences,
    "timexes": timexes,
    "mentions": mentions,
    "events": events,
    "quotes": quotes,
    "forecasts": forecasts,
    "reasons": reasons,
}

# Full-text search objects (FTS5 tables and triggers on SQLite, GIN indexes on PostgreSQL) are
# made by the migration ``0002_desk`` in SQL the table definitions cannot express; they are
# all named with this prefix so that the schema comparison leaves them out.
SEARCH_PREFIX = "search_"


def is_table_object(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic ``include_name`` hook: everything but the full-text search objects."""
    return not (name or "").startswith(SEARCH_PREFIX)
