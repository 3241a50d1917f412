"""The per-document time budget: a stage that runs past it is stopped, the batch goes on."""

from __future__ import annotations

import time
from pathlib import Path

from summitwatch.ingest.inputs import InputItem
from summitwatch.models import Timex
from summitwatch.pipeline import Analysis, Context, Pipeline, Stage, ingest_items
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store


def tag_year(analysis: Analysis, context: Context) -> None:
    analysis.timexes = [Timex(0, 4, "2019", "DATE", "2019")]


def spin_on_loops(analysis: Analysis, context: Context) -> None:
    """A stage stuck on its input (as a quadratic path would be on a pathological text)."""
    if "loop" in analysis.document.text:
        while True:
            pass


def test_a_stage_past_the_budget_is_named_and_the_document_stored_without_it(
    tmp_path: Path,
) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}", document_seconds=0.5)
    pipeline = Pipeline(
        (
            Stage("timex", "1", (), ("timexes",), tag_year),
            Stage("events", "1", (), ("events",), spin_on_loops),
        ),
        settings,
    )
    stuck, fine = tmp_path / "stuck.txt", tmp_path / "fine.txt"
    stuck.write_text("Stuck\n\n2019 was a loop of talks.\n")
    fine.write_text("Fine\n\n2019 was a year of talks.\n")
    items = [InputItem(str(stuck), "file"), InputItem(str(fine), "file")]
    with Store(settings.db_url) as store:
        report = ingest_items(items, store, settings, pipeline=pipeline)
        assert [o.status for o in report.outcomes] == ["partial", "stored"]
        reason = report.outcomes[0].reason or ""
        assert reason.startswith("events stage exceeded") and "stored without events" in reason
        assert not report.ok
        assert store.count(schema.documents) == 2
        assert store.count(schema.timexes) == 2  # the stage that finished kept its rows
        runs = [(r.document_id, r.stage) for r in store.rows(schema.stage_runs)]
        assert len([stage for _, stage in runs if stage == "events"]) == 1


def test_the_budget_holds_in_a_thread_no_signal_reaches(tmp_path: Path) -> None:
    """Off the main thread (a Dask worker's, a web server's) a timer thread stands in for
    SIGALRM; a stage that ends in time is left no stray timeout."""
    import threading

    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}", document_seconds=0.5)
    pipeline = Pipeline(
        (
            Stage("timex", "1", (), ("timexes",), tag_year),
            Stage("events", "1", (), ("events",), spin_on_loops),
        ),
        settings,
    )
    stuck, fine = tmp_path / "stuck.txt", tmp_path / "fine.txt"
    stuck.write_text("Stuck\n\n2019 was a loop of talks.\n")
    fine.write_text("Fine\n\n2019 was a year of talks.\n")
    items = [InputItem(str(stuck), "file"), InputItem(str(fine), "file")]
    statuses: list[str] = []

    def ingest_in_thread() -> None:
        with Store(settings.db_url) as store:
            report = ingest_items(items, store, settings, pipeline=pipeline)
            statuses.extend(o.status for o in report.outcomes)
            time.sleep(1)  # past the budget of the fine document: nothing may fire now
            statuses.append("after")

    thread = threading.Thread(target=ingest_in_thread)
    thread.start()
    thread.join(60)
    assert statuses == ["partial", "stored", "after"]
