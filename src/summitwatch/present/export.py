"""Exports: one JSON object per line (or CSV rows) for each kind of record.

The field names are the public contract of DESIGN.md; every record carries ``kind``.
Offsets (``start``/``end``) point into the ``text`` of the document record.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from sqlalchemy import Table, select

from summitwatch.models import to_record
from summitwatch.stage import Context
from summitwatch.store import rows, schema
from summitwatch.store.database import Store

Record = dict[str, Any]


def document_records(store: Store, context: Context) -> Iterator[Record]:
    with store.engine.connect() as connection:
        for row in connection.execute(select(schema.documents).order_by(schema.documents.c.id)):
            yield {
                "id": row.id,
                "title": row.title,
                "authors": row.authors,
                "publisher": row.publisher,
                "series": row.series,
                "published": row.published,
                "language": row.language,
                "word_count": row.word_count,
                "sha256": row.sha256,
                "source": row.source,
                "format": row.format,
                "date_source": row.date_source or "none",
                "source_agency": row.source_agency,
                "story": row.story or row.id,
                "furniture": row.furniture or [],
                "text": row.text,
            }


def citation_records(store: Store, context: Context) -> Iterator[Record]:
    with store.engine.connect() as connection:
        query_texts = select(schema.documents.c.id, schema.documents.c.text)
        texts = {row.id: row.text for row in connection.execute(query_texts)}
        query = select(schema.citations).order_by(
            schema.citations.c.document_id, schema.citations.c.number, schema.citations.c.seq
        )
        for row in connection.execute(query):
            text = texts.get(row.document_id, "")
            yield {
                "document_id": row.document_id,
                "number": row.number,
                "authors": row.authors,
                "title": row.title,
                "container": row.container,
                "date": row.date,
                "language": row.language,
                "raw": row.raw,
                "supports": [
                    {"start": s, "end": e, "sentence": text[s:e]} for s, e in row.supports
                ],
            }


def _table_records(table: Table, columns: tuple[str, ...]) -> Callable[..., Iterator[Record]]:
    def records(store: Store, context: Context) -> Iterator[Record]:
        order = [table.c[name] for name in ("document_id", "start", "id") if name in table.c]
        with store.engine.connect() as connection:
            for row in connection.execute(select(table).order_by(*order)):
                yield {name: getattr(row, name) for name in columns}

    return records


def actor_records(store: Store, context: Context) -> Iterator[Record]:
    with store.engine.connect() as connection:
        for row in connection.execute(select(schema.actors).order_by(schema.actors.c.id)):
            yield {
                "id": row.id,
                "name": row.name,
                # "kind" names the record on every line, so the actor's own kind is renamed
                "actor_kind": row.kind,
                "country": row.country,
                "sector": row.sector,
                "wikidata": row.wikidata,
                "resolved": row.resolved,
            }


def question_records(store: Store, context: Context) -> Iterator[Record]:
    with store.engine.connect() as connection:
        for question in rows.load_questions(connection):
            yield to_record(question)


def score_records(store: Store, context: Context) -> Iterator[Record]:
    from summitwatch.analyze.ledger import compute_scores

    for score in compute_scores(store):
        yield to_record(score)


def scenario_records(store: Store, context: Context) -> Iterator[Record]:
    from summitwatch.analyze.scenarios import scenario_records as steps

    for step in steps(store, context.pack):
        yield to_record(step)


EXPORTERS: dict[str, Callable[[Store, Context], Iterator[Record]]] = {
    "document": document_records,
    "citation": citation_records,
    "timex": _table_records(
        schema.timexes, ("document_id", "start", "end", "text", "type", "value", "mod")
    ),
    "actor": actor_records,
    "event": _table_records(
        schema.events,
        (
            "id",
            "document_id",
            "type",
            "mode",
            "actors",
            "recipients",
            "date",
            "location",
            "modality",
            "sentence",
            "start",
            "end",
            "episode",
            "trigger",
            "stage",
            "factuality",
            "factuality_score",
            "factuality_source",
            "main",
        ),
    ),
    "quote": _table_records(
        schema.quotes,
        (
            "id",
            "document_id",
            "speaker",
            "speaker_text",
            "cue",
            "text",
            "date",
            "start",
            "end",
            "stage",
        ),
    ),
    "forecast": _table_records(
        schema.forecasts,
        (
            "id",
            "document_id",
            "holder",
            "attributed",
            "statement",
            "outcome",
            "phrase",
            "probability",
            "low",
            "high",
            "horizon",
            "condition",
            "question",
            "question_probability",
            "made_on",
            "holder_kind",
            "holder_actor",
            "phrase_strength",
            "outcome_class",
            "outcome_actors",
            "outcome_polarity",
            "window_start",
            "window_end",
            "judgment",
            "representative",
            "restatements",
            "start",
            "end",
            "stage",
        ),
    ),
    "reason": _table_records(
        schema.reasons,
        (
            "id",
            "document_id",
            "factor",
            "factor_label",
            "statement",
            "explanation",
            "cue",
            "holder",
            "match_score",
            "stance",
            "start",
            "end",
            "stage",
        ),
    ),
    "question": question_records,
    "score": score_records,
    "scenario": scenario_records,
}

KINDS = tuple(EXPORTERS)  # the order and names of export_kinds.KINDS (a test checks)


def iter_records(
    store: Store, context: Context, kinds: tuple[str, ...] = KINDS
) -> Iterator[Record]:
    for kind in kinds:
        for record in EXPORTERS[kind](store, context):
            yield {"kind": kind, **record}


def write_jsonl(records: Iterator[Record], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[Record], out: IO[str]) -> int:
    """CSV of one kind: lists and mappings are written as JSON inside their cell."""
    writer: csv.DictWriter[str] | None = None
    count = 0
    for record in records:
        flat = {
            key: json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
            for key, value in record.items()
        }
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    return count
