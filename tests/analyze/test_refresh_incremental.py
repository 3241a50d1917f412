"""The incremental refresh (one document at a time) leaves the store as a full refresh does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from summitwatch.analyze.refresh import Changes, refresh_after_ingest
from summitwatch.ingest.inputs import expand_inputs
from summitwatch.pipeline import build_pipeline, ingest_items
from summitwatch.settings import Settings
from summitwatch.stage import Context
from summitwatch.store import schema
from summitwatch.store.database import Store

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
# what the refresh writes: its tables, and the links it writes into forecasts
COMPARED = {
    "questions": schema.questions,
    "scored_forecasts": schema.scored_forecasts,
    "ledger_scores": schema.ledger_scores,
    "question_aggregates": schema.question_aggregates,
    "scenario_steps": schema.scenario_steps,
    "actors": schema.actors,
}


def snapshot(store: Store) -> dict[str, Any]:
    with store.engine.connect() as connection:
        found: dict[str, Any] = {
            name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            for name, table in COMPARED.items()
        }
        f = schema.forecasts
        found["links"] = sorted(
            connection.execute(select(f.c.id, f.c.question, f.c.question_probability)).all()
        )
    return found


@pytest.mark.slow
def test_one_document_at_a_time_equals_a_full_refresh(store_url: str) -> None:
    settings = Settings(db_url=store_url)
    context = Context(settings)
    pipeline = build_pipeline(settings=settings)
    items, problems = expand_inputs(sorted(str(p) for p in CORPUS.iterdir()))
    assert not problems and len(items) >= 10
    with Store(store_url) as store:
        for item in items:
            report = ingest_items([item], store, settings, pipeline=pipeline, context=context)
            added = tuple(o.document_id for o in report.outcomes if o.status == "stored")
            assert added, report.outcomes
            refresh_after_ingest(store, context, changes=Changes(added))
        incremental = snapshot(store)
        refresh_after_ingest(store, context)
        full = snapshot(store)
    assert incremental["questions"], "the corpus resolves no question: nothing is compared"
    assert incremental["scenario_steps"] and incremental["links"]
    for name in full:
        assert incremental[name] == full[name], name
