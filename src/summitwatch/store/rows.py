"""Converting typed records to table rows and back.

Writing goes through :func:`field_rows` (one Analysis field to its table's rows);
reading goes through the ``load_*`` functions, which return the typed records of
``summitwatch.models`` so that analysis code never handles raw rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import MISSING, asdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from summitwatch.models import (
    Actor,
    Analysis,
    Author,
    Citation,
    Document,
    Event,
    Forecast,
    Question,
    Quote,
    Reason,
    RemovedLine,
    Span,
)
from summitwatch.store import schema
from summitwatch.store.dates import event_actor_rows, event_date_columns

Row = dict[str, Any]


def document_row(document: Document, ingested_at: str) -> Row:
    return {
        "id": document.id,
        "sha256": document.sha256,
        "title": document.title,
        "authors": [asdict(a) for a in document.authors],
        "publisher": document.publisher,
        "series": document.series,
        "published": document.published.isoformat() if document.published else None,
        "language": document.language,
        "word_count": document.word_count,
        "source": document.source,
        "format": document.format,
        "text": document.text,
        "ingested_at": ingested_at,
        "date_source": document.date_source,
        "furniture": [asdict(line) for line in document.furniture],
        "source_agency": document.source_agency,
        "story": document.story,
        "fingerprint": document.fingerprint,
    }


def citation_rows(document: Document) -> list[Row]:
    rows: list[Row] = []
    seq_by_number: dict[int, int] = {}
    for citation in document.citations:
        seq = seq_by_number.get(citation.number, 0)
        seq_by_number[citation.number] = seq + 1
        rows.append(
            {
                "document_id": document.id,
                "number": citation.number,
                "seq": seq,
                "authors": list(citation.authors),
                "title": citation.title,
                "container": citation.container,
                "date": citation.date,
                "language": citation.language,
                "raw": citation.raw,
                "supports": [[s.start, s.end] for s in citation.supports],
            }
        )
    return rows


def field_rows(analysis: Analysis, name: str, stage_label: str) -> list[Row]:
    document_id = analysis.document.id
    rows: list[Row] = []
    if name == "sentences":
        for idx, sentence in enumerate(analysis.sentences):
            rows.append({**asdict(sentence), "idx": idx})
    else:
        for record in getattr(analysis, name):
            rows.append(asdict(record))
    for row in rows:
        row["document_id"] = document_id
        row["stage"] = stage_label
        if name == "events":
            row.update(event_date_columns(row.get("date")))
    table = schema.FIELD_TABLES[name]
    columns = set(table.c.keys())
    return [{k: v for k, v in row.items() if k in columns} for row in rows]


def event_actor_links(event_rows: Sequence[Row]) -> list[Row]:
    """The ``event_actors`` rows of stored events' rows (see store/dates.py)."""
    return [
        link
        for row in event_rows
        for link in event_actor_rows(
            row["id"], row.get("actors") or [], row.get("recipients") or [], row.get("date_start")
        )
    ]


def actor_rows(actors: Sequence[Actor]) -> list[Row]:
    """Rows of the actors table; an actor of kind ``unknown`` is an unresolved entity."""
    return [
        {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind,
            "country": actor.country,
            "sector": actor.sector,
            "wikidata": actor.wikidata,
            "resolved": actor.kind != "unknown",
        }
        for actor in actors
    ]


# -- reading ---------------------------------------------------------------------------


def load_documents(connection: Connection) -> list[Document]:
    citations: dict[str, list[Citation]] = {}
    for row in connection.execute(
        select(schema.citations).order_by(
            schema.citations.c.document_id, schema.citations.c.number, schema.citations.c.seq
        )
    ):
        citations.setdefault(row.document_id, []).append(
            Citation(
                number=row.number,
                raw=row.raw,
                authors=list(row.authors),
                title=row.title,
                container=row.container,
                date=row.date,
                language=row.language,
                supports=[Span(s[0], s[1]) for s in row.supports],
            )
        )
    documents = []
    for row in connection.execute(select(schema.documents).order_by(schema.documents.c.published)):
        document = Document(
            text=row.text,
            source=row.source,
            title=row.title,
            authors=[Author(**a) for a in row.authors],
            publisher=row.publisher,
            series=row.series,
            published=date.fromisoformat(row.published) if row.published else None,
            language=row.language,
            format=row.format,
            citations=citations.get(row.id, []),
            date_source=row.date_source or "none",
            furniture=[RemovedLine(**line) for line in row.furniture or []],
            source_agency=row.source_agency,
            story=row.story,
        )
        documents.append(document)
    return documents


def load_events(connection: Connection) -> list[Event]:
    query = select(schema.events).order_by(schema.events.c.date, schema.events.c.id)
    return [_build(Event, row) for row in connection.execute(query)]


def load_quotes(connection: Connection) -> list[Quote]:
    query = select(schema.quotes).order_by(schema.quotes.c.document_id, schema.quotes.c.start)
    return [_build(Quote, row) for row in connection.execute(query)]


def load_forecasts(connection: Connection) -> list[Forecast]:
    query = select(schema.forecasts).order_by(
        schema.forecasts.c.made_on, schema.forecasts.c.document_id, schema.forecasts.c.start
    )
    return [_build(Forecast, row) for row in connection.execute(query)]


def load_reasons(connection: Connection) -> list[Reason]:
    query = select(schema.reasons).order_by(schema.reasons.c.document_id, schema.reasons.c.start)
    return [_build(Reason, row) for row in connection.execute(query)]


def load_questions(connection: Connection) -> list[Question]:
    query = select(schema.questions).order_by(schema.questions.c.id)
    questions = []
    for row in connection.execute(query):
        question = _build(Question, row)
        question.actors = question.actors or []
        question.origin = question.origin or "pack"
        question.proposed = bool(question.proposed)
        questions.append(question)
    return questions


def _build(record_type: type[Any], row: Any) -> Any:
    fields = record_type.__dataclass_fields__
    # a column added by a later migration is NULL on older rows: the field's default stands
    values = {
        k: v
        for k, v in row._mapping.items()
        if k in fields and not (v is None and _has_default(fields[k]))
    }
    for key in ("actors", "recipients", "evidence", "outcome_actors", "restatements"):
        if key in values and values[key] is not None:
            values[key] = list(values[key])
    return record_type(**values)


def _has_default(spec: Any) -> bool:
    return spec.default is not MISSING or spec.default_factory is not MISSING
