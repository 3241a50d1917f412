"""The ledger's scores and aggregates as the refresh keeps them, and the queries that read them.

``summitwatch score``, ``questions``, the desk and the API read these tables instead of loading
every forecast per request. They are written by the refresh in the transaction that writes the
questions and links (:func:`keep_ledger_views`); a store refreshed before they existed, or a
query with a pack whose sources differ, falls back to computing them (``analyze/ledger.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select

from summitwatch.analyze import ledger
from summitwatch.analyze.derived import is_kept, kept_state, pack_key, record_kept
from summitwatch.models import Forecast, Score
from summitwatch.packs.pack import Pack
from summitwatch.store import schema
from summitwatch.store.database import Store

KEPT_NAME = "ledger"
# what the kept ledger depends on in the pack: questions, outcome classes, policies and actors
# decide links and resolutions; sources the aggregates (one voice per source group)
LEDGER_PARTS = ("sources", "questions", "outcomes", "policies", "actors")
WRITE_CHUNK = 2_000


@dataclass(frozen=True)
class KeptScore:
    """One scored forecast as kept: where it appeared, and its scores."""

    forecast_id: str
    question: str
    holder: str
    outlet: str | None
    happened: bool
    brier: float
    log_score: float


def ledger_key(pack: Pack | None) -> str:
    return pack_key(pack, *LEDGER_PARTS)


# -- writing ---------------------------------------------------------------------------


def keep_ledger_views(connection: Connection, pack: Pack | None, as_of: str | None = None) -> None:
    """Score the stored ledger and keep scored forecasts, scores and aggregates."""
    book = ledger.ledger_on(connection)
    connection.execute(delete(schema.scored_forecasts))
    connection.execute(delete(schema.question_aggregates))
    insert_rows(connection, schema.scored_forecasts, scored_rows(book.scored))
    insert_rows(
        connection, schema.question_aggregates, aggregate_rows(ledger.aggregates_of(book, pack))
    )
    rescore(connection)
    record_kept(connection, KEPT_NAME, ledger_key(pack), as_of)


def rescore(connection: Connection) -> None:
    """The score rows, from the kept scored forecasts (in the ledger's order)."""
    table = schema.scored_forecasts
    found = sorted(
        connection.execute(select(table)), key=lambda r: (r.document_id, r.start, r.forecast_id)
    )
    connection.execute(delete(schema.ledger_scores))
    insert_rows(
        connection, schema.ledger_scores, score_rows(ledger.scores_from(map(as_scored, found)))
    )


def as_scored(row: Any) -> ledger.ScoredForecast:
    """A kept row as the scorer reads it (the forecast's holder, id and probability)."""
    forecast = Forecast(
        id=row.forecast_id,
        document_id=row.document_id,
        holder=row.holder,
        statement="",
        outcome="",
        probability=row.probability,
        start=row.start,
        end=row.start,
        question=row.question,
        question_probability=row.probability,
        holder_kind=row.holder_kind or "unknown",
    )
    return ledger.ScoredForecast(forecast, row.outlet, row.happened, row.brier, row.log_score)


def insert_rows(connection: Connection, table: Any, values: list[dict[str, Any]]) -> None:
    for start in range(0, len(values), WRITE_CHUNK):
        connection.execute(table.insert(), values[start : start + WRITE_CHUNK])


def score_rows(scores: Iterable[Score]) -> list[dict[str, Any]]:
    return [
        {
            "rank": rank,
            "holder": s.holder,
            "outlet": s.outlet,
            "scope": s.scope,
            "n": s.n,
            "brier": s.brier,
            "log_score": s.log_score,
            "forecasts": list(s.forecasts),
        }
        for rank, s in enumerate(scores)
    ]


def scored_rows(scored: Iterable[ledger.ScoredForecast]) -> list[dict[str, Any]]:
    return [
        {
            "forecast_id": s.forecast.id,
            "document_id": s.forecast.document_id,
            "start": s.forecast.start,
            "question": s.forecast.question or "",
            "holder": s.forecast.holder,
            "holder_kind": s.forecast.holder_kind,
            "outlet": s.outlet,
            "probability": float(s.forecast.question_probability or 0.0),
            "happened": s.happened,
            "brier": s.brier,
            "log_score": s.log_score,
        }
        for s in scored
    ]


def aggregate_rows(aggregates: Iterable[ledger.OpenQuestion]) -> list[dict[str, Any]]:
    return [
        {
            "question": a.question,
            "text": a.text,
            "deadline": a.deadline,
            "probability": a.probability,
            "voices": a.voices,
            "extremized": a.extremized,
            "holders": list(a.holders),
        }
        for a in aggregates
    ]


# -- reading ---------------------------------------------------------------------------


def kept_scores(store: Store) -> list[Score]:
    """Per holder, then per outlet, as :func:`ledger.compute_scores` orders them."""
    table = schema.ledger_scores
    with store.engine.connect() as connection:
        if kept_state(connection, KEPT_NAME) is None:
            return ledger.compute_scores(store)
        found = connection.execute(select(table).order_by(table.c.rank))
        return [
            Score(
                holder=r.holder,
                outlet=r.outlet,
                n=r.n,
                brier=r.brier,
                log_score=r.log_score,
                forecasts=list(r.forecasts),
                scope=r.scope,
            )
            for r in found
        ]


def kept_aggregates(store: Store, pack: Pack | None = None) -> list[ledger.OpenQuestion]:
    """:func:`ledger.aggregate_open_questions`, as kept by the refresh."""
    table = schema.question_aggregates
    with store.engine.connect() as connection:
        if not is_kept(connection, KEPT_NAME, ledger_key(pack)):
            return ledger.aggregate_open_questions(store, pack)
        found = connection.execute(select(table).order_by(table.c.question))
        return [
            ledger.OpenQuestion(
                r.question,
                r.text,
                r.deadline,
                r.probability,
                r.voices,
                r.extremized,
                list(r.holders),
            )
            for r in found
        ]


def kept_aggregate(store: Store, pack: Pack | None, question: str) -> ledger.OpenQuestion | None:
    return next((a for a in kept_aggregates(store, pack) if a.question == question), None)


def kept_scored(
    store: Store, *, question: str | None = None, holder: str | None = None
) -> dict[str, KeptScore] | None:
    """Scored forecasts on one question or by one holder; None when nothing is kept."""
    table = schema.scored_forecasts
    statement = select(table).order_by(table.c.document_id, table.c.start, table.c.forecast_id)
    if question is not None:
        statement = statement.where(table.c.question == question)
    if holder is not None:
        statement = statement.where(table.c.holder == holder)
    with store.engine.connect() as connection:
        if kept_state(connection, KEPT_NAME) is None:
            return None
        return {
            r.forecast_id: KeptScore(
                r.forecast_id, r.question, r.holder, r.outlet, r.happened, r.brier, r.log_score
            )
            for r in connection.execute(statement)
        }
