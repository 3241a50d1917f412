"""What the analyst's desk reads: documents with their spans, records with filters, pages.

The web pages, the REST API and the CLI listings all read through these functions, so
that the three answer the same question with the same rows. Lists are paged in SQL.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Select, Table, cast, func, or_, select
from sqlalchemy.types import Text

from summitwatch.analyze.paging import DEFAULT_LIMIT as DEFAULT_LIMIT
from summitwatch.analyze.paging import MAX_LIMIT as MAX_LIMIT
from summitwatch.analyze.paging import MAX_OFFSET as MAX_OFFSET
from summitwatch.models import Event, Forecast, Quote, Reason
from summitwatch.packs.pack import Pack
from summitwatch.store import rows, schema
from summitwatch.store.database import Store

T = TypeVar("T")
SUGGESTIONS = 3
# FactBank: certain and affirmative. Everything else (planned, possible, denied, unknown) is
# kept apart from what happened.
FACTUAL_LABELS = ("CT+",)


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class LookupFailed(LookupError):
    """A name or id that matches nothing; carries the closest known ones."""

    def __init__(self, what: str, wanted: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} {wanted!r}{hint}")
        self.suggestions = suggestions


# -- documents -------------------------------------------------------------------------


@dataclass
class DocumentSummary:
    id: str
    title: str | None
    authors: list[dict[str, Any]]
    publisher: str | None
    published: str | None
    date_source: str | None
    language: str
    word_count: int
    sha256: str
    source: str


@dataclass
class Span:
    """One extracted span of a document, for highlighting: what it is and where its record is."""

    kind: str  # timex, mention, event, quote, forecast, reason, citation
    start: int
    end: int
    ref: str  # the record's anchor id on the document page
    label: str


@dataclass
class DocumentView:
    summary: DocumentSummary
    text: str
    furniture: list[dict[str, Any]] | None  # None: the store keeps no removed lines
    spans: list[Span] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentFilter:
    publisher: str | None = None
    start: str | None = None  # publication date range, ISO, inclusive
    end: str | None = None
    title: str | None = None  # words of the title


def summary_of(row: Any) -> DocumentSummary:
    mapping = row._mapping
    return DocumentSummary(
        id=mapping["id"],
        title=mapping["title"],
        authors=list(mapping["authors"] or []),
        publisher=mapping["publisher"],
        published=mapping["published"],
        date_source=mapping.get("date_source"),
        language=mapping["language"],
        word_count=mapping["word_count"],
        sha256=mapping["sha256"],
        source=mapping["source"],
    )


def limit_of(limit: int | None) -> int:
    return max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))


def paged(
    connection: Connection, statement: Select[Any], limit: int | None, offset: int
) -> tuple[list[Any], int, int]:
    total = connection.execute(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ).scalar_one()
    size = limit_of(limit)
    found = list(connection.execute(statement.limit(size).offset(max(offset, 0))))
    return found, int(total), size


def list_documents(
    store: Store, where: DocumentFilter | None = None, limit: int | None = None, offset: int = 0
) -> Page[DocumentSummary]:
    where = where or DocumentFilter()
    table = schema.documents
    statement = select(*(c for c in table.c if c.name != "text"))
    if where.publisher:
        statement = statement.where(func.lower(table.c.publisher) == where.publisher.lower())
    if where.start:
        statement = statement.where(table.c.published >= where.start)
    if where.end:
        statement = statement.where(table.c.published <= where.end)
    for word in (where.title or "").split():
        statement = statement.where(func.lower(table.c.title).like(f"%{word.lower()}%"))
    statement = statement.order_by(table.c.published.desc(), table.c.id)
    with store.engine.connect() as connection:
        found, total, size = paged(connection, statement, limit, offset)
    return Page([summary_of(row) for row in found], total, size, offset)


def load_document_view(store: Store, document_id: str) -> DocumentView | None:
    with store.engine.connect() as connection:
        row = connection.execute(
            select(schema.documents).where(schema.documents.c.id == document_id)
        ).first()
        if row is None:
            return None
        view = DocumentView(summary_of(row), row.text, furniture_of(row))
        view.events = rows_of(connection, schema.events, Event, document_id)
        view.quotes = rows_of(connection, schema.quotes, Quote, document_id)
        view.forecasts = rows_of(connection, schema.forecasts, Forecast, document_id)
        view.reasons = rows_of(connection, schema.reasons, Reason, document_id)
        view.records = {
            "timex": plain_rows(connection, schema.timexes, document_id),
            "mention": plain_rows(connection, schema.mentions, document_id),
            "citation": plain_rows(connection, schema.citations, document_id),
        }
    view.spans = document_spans(view)
    return view


def furniture_of(row: Any) -> list[dict[str, Any]] | None:
    mapping = row._mapping
    if "furniture" not in mapping:
        return None
    return [
        dict(item) if isinstance(item, dict) else {"text": str(item)}
        for item in mapping["furniture"] or []
    ]


def rows_of(connection: Connection, table: Table, record: type[T], document_id: str) -> list[T]:
    statement = select(table).where(table.c.document_id == document_id).order_by(table.c.start)
    return [rows._build(record, row) for row in connection.execute(statement)]


def plain_rows(connection: Connection, table: Table, document_id: str) -> list[dict[str, Any]]:
    order = table.c.start if "start" in table.c else table.c.number
    statement = select(table).where(table.c.document_id == document_id).order_by(order)
    return [dict(row._mapping) for row in connection.execute(statement)]


def document_spans(view: DocumentView) -> list[Span]:
    spans = [
        Span("timex", t["start"], t["end"], f"timex-{t['id']}", f"{t['type']} {t['value']}")
        for t in view.records.get("timex", [])
    ]
    spans += [
        Span("mention", m["start"], m["end"], f"mention-{m['id']}", m["actor_id"] or "unresolved")
        for m in view.records.get("mention", [])
    ]
    spans += [Span("event", e.start, e.end, e.id, e.type) for e in view.events]
    spans += [Span("quote", q.start, q.end, q.id, q.speaker or "?") for q in view.quotes]
    spans += [
        Span("forecast", f.start, f.end, f.id, f"{f.probability:.0%}") for f in view.forecasts
    ]
    spans += [Span("reason", r.start, r.end, r.id, r.factor) for r in view.reasons]
    for citation in view.records.get("citation", []):
        for start, end in citation["supports"] or []:
            spans.append(
                Span(
                    "citation",
                    start,
                    end,
                    f"note-{citation['number']}",
                    f"note {citation['number']}",
                )
            )
    length = len(view.text)
    return [s for s in spans if 0 <= s.start < s.end <= length]


# -- sentences, events, quotes, forecasts ----------------------------------------------


@dataclass
class SentenceRecord:
    document_id: str
    idx: int
    start: int
    end: int
    paragraph: int
    text: str


def list_sentences(
    store: Store, document_id: str | None = None, limit: int | None = None, offset: int = 0
) -> Page[SentenceRecord]:
    s, d = schema.sentences, schema.documents
    body = func.substr(d.c.text, s.c.start + 1, s.c.end - s.c.start)
    statement = select(
        s.c.document_id, s.c.idx, s.c.start, s.c.end, s.c.paragraph, body.label("body")
    ).join(d, d.c.id == s.c.document_id)
    if document_id:
        statement = statement.where(s.c.document_id == document_id)
    statement = statement.order_by(s.c.document_id, s.c.idx)
    with store.engine.connect() as connection:
        found, total, size = paged(connection, statement, limit, offset)
    items = [
        SentenceRecord(r.document_id, r.idx, r.start, r.end, r.paragraph, r.body) for r in found
    ]
    return Page(items, total, size, offset)


@dataclass(frozen=True)
class RecordFilter:
    document_id: str | None = None
    actors: tuple[str, ...] = ()  # any of these ids (speaker, actor or recipient)
    start: str | None = None  # dates (TimeML values compare as strings), inclusive
    end: str | None = None
    type: str | None = None
    question: str | None = None
    holder: str | None = None
    factuality: str | None = None  # "factual" or "non-factual" (events that carry it)


def json_contains_any(column: Any, ids: tuple[str, ...]) -> Any:
    return or_(*(cast(column, Text).like(f'%"{actor_id}"%') for actor_id in ids))


def list_events(
    store: Store, where: RecordFilter, limit: int | None = None, offset: int = 0
) -> Page[Event]:
    table = schema.events
    statement = select(table)
    if where.type:
        statement = statement.where(func.upper(table.c.type) == where.type.upper())
    if where.actors:
        statement = statement.where(
            or_(
                json_contains_any(table.c.actors, where.actors),
                json_contains_any(table.c.recipients, where.actors),
            )
        )
    if where.factuality and "factuality" in table.c:
        factual = table.c.factuality.in_(FACTUAL_LABELS)
        statement = statement.where(factual if where.factuality == "factual" else ~factual)
    statement = dated(statement, table, where).order_by(table.c.date, table.c.id)
    return record_page(store, statement, Event, limit, offset)


def list_quotes(
    store: Store, where: RecordFilter, limit: int | None = None, offset: int = 0
) -> Page[Quote]:
    table = schema.quotes
    statement = select(table)
    if where.actors:
        statement = statement.where(table.c.speaker.in_(where.actors))
    if where.start or where.end:
        # a quote undated in the text was said by its publication day at the latest
        d = schema.documents
        when = func.coalesce(table.c.date, d.c.published)
        statement = statement.join(d, d.c.id == table.c.document_id)
        if where.start:
            statement = statement.where(when >= where.start)
        if where.end:
            statement = statement.where(when <= f"{where.end}~")
    if where.document_id:
        statement = statement.where(table.c.document_id == where.document_id)
    statement = statement.order_by(table.c.date, table.c.document_id, table.c.start)
    return record_page(store, statement, Quote, limit, offset)


def list_forecasts(
    store: Store, where: RecordFilter, limit: int | None = None, offset: int = 0
) -> Page[Forecast]:
    table = schema.forecasts
    statement = select(table)
    if where.question:
        statement = statement.where(table.c.question == where.question)
    if where.holder:
        statement = statement.where(func.lower(table.c.holder) == where.holder.lower())
    if where.document_id:
        statement = statement.where(table.c.document_id == where.document_id)
    if where.start:
        statement = statement.where(table.c.made_on >= where.start)
    if where.end:
        statement = statement.where(table.c.made_on <= where.end)
    statement = statement.order_by(table.c.made_on, table.c.document_id, table.c.start)
    return record_page(store, statement, Forecast, limit, offset)


def dated(statement: Select[Any], table: Table, where: RecordFilter) -> Select[Any]:
    if where.document_id:
        statement = statement.where(table.c.document_id == where.document_id)
    if where.start:
        coarser = sorted({where.start[:4], where.start[:7]} - {where.start})
        statement = statement.where(or_(table.c.date >= where.start, table.c.date.in_(coarser)))
    if where.end:
        statement = statement.where(table.c.date <= f"{where.end}~")
    return statement


def record_page(
    store: Store, statement: Select[Any], record: type[T], limit: int | None, offset: int
) -> Page[T]:
    with store.engine.connect() as connection:
        found, total, size = paged(connection, statement, limit, offset)
    return Page([rows._build(record, row) for row in found], total, size, offset)


# -- actors ----------------------------------------------------------------------------


@dataclass
class ActorRecord:
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    wikidata: str | None
    resolved: bool


def list_actors(
    store: Store, name: str | None = None, limit: int | None = None, offset: int = 0
) -> Page[ActorRecord]:
    table = schema.actors
    statement = select(table)
    for word in (name or "").split():
        pattern = f"%{word.lower()}%"
        statement = statement.where(
            or_(func.lower(table.c.name).like(pattern), func.lower(table.c.id).like(pattern))
        )
    statement = statement.order_by(table.c.resolved.desc(), table.c.name, table.c.id)
    return record_page(store, statement, ActorRecord, limit, offset)


def actor_names(store: Store, pack: Pack) -> dict[str, str]:
    """Every lower-cased id, name and alias an analyst may type, to the actor id it names."""
    names: dict[str, str] = {}
    with store.engine.connect() as connection:
        for row in connection.execute(select(schema.actors.c.id, schema.actors.c.name)):
            names.setdefault(row.name.lower(), row.id)
            names.setdefault(row.id.lower(), row.id)
    for actor in pack.actors:
        for spelling in (actor.id, actor.name, *actor.aliases):
            names[spelling.lower()] = actor.id
        if actor.kind == "state" and actor.country:
            names.setdefault(actor.country.lower(), actor.id)
    return names


def resolve_actor(store: Store, pack: Pack, wanted: str) -> str:
    """The actor id an id, name or alias names (any case); LookupFailed suggests the closest."""
    names = actor_names(store, pack)
    key = " ".join(wanted.split()).lower()
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=SUGGESTIONS * 3, cutoff=0.6)
    contains = [n for n in names if key and key in n]
    suggestions = list(dict.fromkeys(names[n] for n in [*close, *contains]))[:SUGGESTIONS]
    raise LookupFailed("actor", wanted, suggestions)
