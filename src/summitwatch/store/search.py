"""Full-text search over sentences, quotes and titles.

SQLite uses the FTS5 tables of migration ``0002_desk``; PostgreSQL its ``tsvector`` GIN
indexes; a SQLite built without FTS5 falls back to ``LIKE``. Hits carry their text with the
matched words between :data:`MARK_START` and :data:`MARK_END` (control characters no article
contains), so that a page can escape the text first and mark the hits after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, inspect, text

from summitwatch.store.database import Store

MARK_START = "\x02"
MARK_END = "\x03"
KINDS = ("title", "quote", "sentence")
WORD = re.compile(r"\w+", re.UNICODE)


class SearchError(ValueError):
    """A search that cannot run: one line saying why."""


@dataclass(frozen=True)
class SearchQuery:
    text: str
    kinds: tuple[str, ...] = KINDS
    document_id: str | None = None
    start: str | None = None  # publication dates, ISO, inclusive
    end: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class SearchHit:
    kind: str  # title, quote, sentence
    document_id: str
    ref: str  # quote id, sentence index or document id
    marked: str  # the text with hits between MARK_START and MARK_END
    title: str | None
    published: str | None
    start: int | None = None  # span in the document's clean text (sentences and quotes)
    end: int | None = None

    @property
    def plain(self) -> str:
        return self.marked.replace(MARK_START, "").replace(MARK_END, "")


def search_words(query_text: str) -> list[str]:
    words = WORD.findall(query_text)
    if not words:
        raise SearchError(f"nothing to search for in {query_text!r}")
    return words


def search(store: Store, query: SearchQuery) -> list[SearchHit]:
    """The hits of every wanted kind, best first within a kind, paged over all kinds."""
    words = search_words(query.text)
    unknown = set(query.kinds) - set(KINDS)
    if unknown:
        raise SearchError(f"unknown kind(s) {sorted(unknown)}; choose from {', '.join(KINDS)}")
    with store.engine.connect() as connection:
        engine = search_engine_of(connection)
        hits: list[SearchHit] = []
        for kind in KINDS:
            if kind in query.kinds:
                hits.extend(engine(connection, kind, words, query))
    return hits[query.offset : query.offset + query.limit]


def search_engine_of(connection: Connection) -> Any:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return postgres_hits
    if dialect == "sqlite" and inspect(connection).has_table("search_sentences"):
        return fts5_hits
    return like_hits


# -- SQL pieces shared by the engines --------------------------------------------------

SENTENCE_TEXT = 'substr(d.text, s.start + 1, s."end" - s.start)'
SELECTS = {
    # kind: (source rows, ref expression, span start, span end, text expression)
    "sentence": (
        "sentences s JOIN documents d ON d.id = s.document_id",
        "CAST(s.idx AS TEXT)",
        "s.start",
        's."end"',
        SENTENCE_TEXT,
    ),
    "quote": (
        "quotes q JOIN documents d ON d.id = q.document_id",
        "q.id",
        "q.start",
        'q."end"',
        "q.text",
    ),
    "title": ("documents d", "d.id", "NULL", "NULL", "coalesce(d.title, '')"),
}


def document_filters(query: SearchQuery, params: dict[str, Any]) -> str:
    clauses = []
    if query.document_id:
        clauses.append("d.id = :document_id")
        params["document_id"] = query.document_id
    if query.start:
        clauses.append("d.published >= :start_date")
        params["start_date"] = query.start
    if query.end:
        clauses.append("d.published <= :end_date")
        params["end_date"] = query.end
    return "".join(f" AND {c}" for c in clauses)


def hit_from(kind: str, row: Any) -> SearchHit:
    return SearchHit(
        kind,
        row.document_id,
        str(row.ref),
        row.marked,
        row.title,
        row.published,
        row.span_start,
        row.span_end,
    )


def run_hits(
    connection: Connection, kind: str, sql: str, params: dict[str, Any]
) -> list[SearchHit]:
    return [hit_from(kind, row) for row in connection.execute(text(sql), params)]


def window(query: SearchQuery) -> int:
    return query.offset + query.limit


# -- SQLite FTS5 -----------------------------------------------------------------------

FTS_TABLES = {"sentence": "search_sentences", "quote": "search_quotes", "title": "search_titles"}
FTS_JOINS = {
    "sentence": "JOIN sentences s ON s.rowid = f.rowid JOIN documents d ON d.id = s.document_id",
    "quote": "JOIN quotes q ON q.rowid = f.rowid JOIN documents d ON d.id = q.document_id",
    "title": "JOIN documents d ON d.rowid = f.rowid",
}


def fts5_match(words: list[str]) -> str:
    # each word a quoted FTS5 string: no user text is read as query syntax
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def fts5_hits(
    connection: Connection, kind: str, words: list[str], query: SearchQuery
) -> list[SearchHit]:
    _, ref, span_start, span_end, _ = SELECTS[kind]
    table = FTS_TABLES[kind]
    params: dict[str, Any] = {"match": fts5_match(words), "limit": window(query)}
    sql = (
        f"SELECT d.id AS document_id, {ref} AS ref, d.title AS title, d.published AS published, "
        f"{span_start} AS span_start, {span_end} AS span_end, "
        f"highlight({table}, 0, '{MARK_START}', '{MARK_END}') AS marked "
        f"FROM {table} f {FTS_JOINS[kind]} WHERE {table} MATCH :match"
        f"{document_filters(query, params)} ORDER BY bm25({table}), d.id LIMIT :limit"
    )
    return run_hits(connection, kind, sql, params)


# -- PostgreSQL ------------------------------------------------------------------------

PG_DOCUMENT_VECTOR = "to_tsvector('english', coalesce(d.title, '') || ' ' || d.text)"
PG_HEADLINE = f"'StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true'"


def postgres_hits(
    connection: Connection, kind: str, words: list[str], query: SearchQuery
) -> list[SearchHit]:
    source, ref, span_start, span_end, body = SELECTS[kind]
    vector = f"to_tsvector('english', {body})"
    params: dict[str, Any] = {"words": " ".join(words), "limit": window(query)}
    # the document-level index narrows the rows; the row's own vector decides
    narrowing = f" AND {PG_DOCUMENT_VECTOR} @@ tsq" if kind != "title" else ""
    sql = (
        f"SELECT d.id AS document_id, {ref} AS ref, d.title AS title, d.published AS published, "
        f"{span_start} AS span_start, {span_end} AS span_end, "
        f"ts_headline('english', {body}, tsq, {PG_HEADLINE}) AS marked "
        f"FROM {source}, plainto_tsquery('english', :words) tsq "
        f"WHERE {vector} @@ tsq{narrowing}{document_filters(query, params)} "
        f"ORDER BY ts_rank({vector}, tsq) DESC, d.id LIMIT :limit"
    )
    return run_hits(connection, kind, sql, params)


# -- fallback --------------------------------------------------------------------------


def like_hits(
    connection: Connection, kind: str, words: list[str], query: SearchQuery
) -> list[SearchHit]:
    source, ref, span_start, span_end, body = SELECTS[kind]
    params: dict[str, Any] = {"limit": window(query)}
    conditions = []
    for n, word in enumerate(words):
        params[f"w{n}"] = f"%{word.lower()}%"
        conditions.append(f"lower({body}) LIKE :w{n}")
    sql = (
        f"SELECT d.id AS document_id, {ref} AS ref, d.title AS title, d.published AS published, "
        f"{span_start} AS span_start, {span_end} AS span_end, {body} AS marked "
        f"FROM {source} WHERE {' AND '.join(conditions)}{document_filters(query, params)} "
        f"ORDER BY d.id LIMIT :limit"
    )
    return [mark_words(hit, words) for hit in run_hits(connection, kind, sql, params)]


def mark_words(hit: SearchHit, words: list[str]) -> SearchHit:
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", hit.marked)
    return SearchHit(
        hit.kind, hit.document_id, hit.ref, marked, hit.title, hit.published, hit.start, hit.end
    )
