"""Full-text search over sentences, quotes and titles (the analyst's desk).

SQLite: three FTS5 tables kept current by triggers on ``sentences``, ``quotes`` and
``documents`` (a sentence's text is cut from its document's clean text, so the trigger reads
it there). The FTS row shares the rowid of the row it indexes, so deleting is a rowid lookup.
PostgreSQL: GIN indexes on ``to_tsvector`` expressions; queries use the same expressions.
Every object is named ``search_*`` so the schema comparison can leave them out.

Revision ID: 0002_desk
Revises: 0002_claims
"""

from alembic import op
from sqlalchemy import text

revision = "0002_desk"
down_revision = "0002_claims"
branch_labels = None
depends_on = None

SENTENCE_TEXT = 'substr(d.text, {row}.start + 1, {row}."end" - {row}.start)'

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_sentences USING fts5("
    "body, document_id UNINDEXED, idx UNINDEXED, tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE search_quotes USING fts5("
    "body, document_id UNINDEXED, quote_id UNINDEXED, tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE search_titles USING fts5("
    "body, document_id UNINDEXED, tokenize='porter unicode61')",
    # sentences
    "CREATE TRIGGER search_sentences_ai AFTER INSERT ON sentences BEGIN "
    "INSERT INTO search_sentences(rowid, body, document_id, idx) "
    f"SELECT NEW.rowid, {SENTENCE_TEXT.format(row='NEW')}, NEW.document_id, NEW.idx "
    "FROM documents d WHERE d.id = NEW.document_id; END",
    "CREATE TRIGGER search_sentences_ad AFTER DELETE ON sentences BEGIN "
    "DELETE FROM search_sentences WHERE rowid = OLD.rowid; END",
    "CREATE TRIGGER search_sentences_au AFTER UPDATE ON sentences BEGIN "
    "DELETE FROM search_sentences WHERE rowid = OLD.rowid; "
    "INSERT INTO search_sentences(rowid, body, document_id, idx) "
    f"SELECT NEW.rowid, {SENTENCE_TEXT.format(row='NEW')}, NEW.document_id, NEW.idx "
    "FROM documents d WHERE d.id = NEW.document_id; END",
    # quotes
    "CREATE TRIGGER search_quotes_ai AFTER INSERT ON quotes BEGIN "
    "INSERT INTO search_quotes(rowid, body, document_id, quote_id) "
    "VALUES (NEW.rowid, NEW.text, NEW.document_id, NEW.id); END",
    "CREATE TRIGGER search_quotes_ad AFTER DELETE ON quotes BEGIN "
    "DELETE FROM search_quotes WHERE rowid = OLD.rowid; END",
    "CREATE TRIGGER search_quotes_au AFTER UPDATE ON quotes BEGIN "
    "DELETE FROM search_quotes WHERE rowid = OLD.rowid; "
    "INSERT INTO search_quotes(rowid, body, document_id, quote_id) "
    "VALUES (NEW.rowid, NEW.text, NEW.document_id, NEW.id); END",
    # titles
    "CREATE TRIGGER search_titles_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO search_titles(rowid, body, document_id) "
    "VALUES (NEW.rowid, coalesce(NEW.title, ''), NEW.id); END",
    "CREATE TRIGGER search_titles_ad AFTER DELETE ON documents BEGIN "
    "DELETE FROM search_titles WHERE rowid = OLD.rowid; END",
    "CREATE TRIGGER search_titles_au AFTER UPDATE OF title ON documents BEGIN "
    "DELETE FROM search_titles WHERE rowid = OLD.rowid; "
    "INSERT INTO search_titles(rowid, body, document_id) "
    "VALUES (NEW.rowid, coalesce(NEW.title, ''), NEW.id); END",
    # rows stored before this migration
    "INSERT INTO search_sentences(rowid, body, document_id, idx) "
    f"SELECT s.rowid, {SENTENCE_TEXT.format(row='s')}, s.document_id, s.idx "
    "FROM sentences s JOIN documents d ON d.id = s.document_id",
    "INSERT INTO search_quotes(rowid, body, document_id, quote_id) "
    "SELECT rowid, text, document_id, id FROM quotes",
    "INSERT INTO search_titles(rowid, body, document_id) "
    "SELECT rowid, coalesce(title, ''), id FROM documents",
]

SQLITE_TRIGGERS = [
    f"search_{table}_{suffix}"
    for table in ("sentences", "quotes", "titles")
    for suffix in ("ai", "ad", "au")
]

POSTGRES_UP = [
    "CREATE INDEX search_documents_gin ON documents "
    "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))",
    "CREATE INDEX search_titles_gin ON documents "
    "USING gin (to_tsvector('english', coalesce(title, '')))",
    "CREATE INDEX search_quotes_gin ON quotes USING gin (to_tsvector('english', text))",
]


def has_fts5() -> bool:
    options = op.get_bind().execute(text("PRAGMA compile_options")).scalars().all()
    return any(str(o).upper() == "ENABLE_FTS5" for o in options)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        if not has_fts5():
            return  # search falls back to LIKE queries
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for table in ("search_sentences", "search_quotes", "search_titles"):
            op.execute(f"DROP TABLE IF EXISTS {table}")
    elif dialect == "postgresql":
        for index in ("search_documents_gin", "search_titles_gin", "search_quotes_gin"):
            op.execute(f"DROP INDEX IF EXISTS {index}")
