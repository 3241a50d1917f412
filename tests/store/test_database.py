"""The store: migrations, atomic per-document writes, idempotence, stage replacement."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from summitwatch.models import Author, Citation, Document, Span, Timex
from summitwatch.pipeline import Analysis, Context, Pipeline, Stage
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store, StoreError


def make_document(text: str = "Kim met Trump in Hanoi in 2019. Talks failed.") -> Document:
    return Document(
        text=text,
        source="memory",
        title="A test",
        authors=[Author("Ada Analyst", "Fellow", "Example Institute")],
        publisher="Example Institute",
        published=date(2025, 11, 5),
        citations=[Citation(number=1, raw="A note.", title="A note", supports=[Span(0, 31)])],
    )


def tag_years(version: str) -> Stage:
    def run(analysis: Analysis, context: Context) -> None:
        text = analysis.document.text
        start = text.find("2019")
        analysis.timexes = [Timex(start, start + 4, "2019", "DATE", "2019" + version)]

    return Stage("timex", version, ("document",), ("timexes",), run)


def analyse(document: Document, pipeline: Pipeline) -> Analysis:
    return pipeline.run(document, Context(Settings(), pack=None))


def test_migrated_schema_matches_tables(store_url: str) -> None:
    with Store(store_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": schema.is_table_object}
        )
        diff = compare_metadata(context, schema.metadata)
    assert diff == []


def test_save_is_idempotent_and_atomic_per_document(store_url: str) -> None:
    pipeline = Pipeline((tag_years("1"),))
    document = make_document()
    with Store(store_url) as store:
        first = store.save_analysis(analyse(document, pipeline), pipeline)
        second = store.save_analysis(analyse(make_document(), pipeline), pipeline)
        assert (first.status, second.status) == ("stored", "present")
        assert store.count(schema.documents) == 1
        assert store.count(schema.citations) == 1
        assert store.count(schema.timexes) == 1


def test_newer_stage_version_replaces_only_its_rows(store_url: str) -> None:
    old, new = Pipeline((tag_years("1"),)), Pipeline((tag_years("2"),))
    document = make_document()
    with Store(store_url) as store:
        store.save_analysis(analyse(document, old), old)
        result = store.save_analysis(analyse(document, new), new)
        assert result.status == "updated"
        with store.engine.connect() as connection:
            values = [r.value for r in connection.execute(select(schema.timexes))]
            stages = [r.stage for r in connection.execute(select(schema.timexes))]
        assert values == ["20192"]
        assert stages == ["timex@2"]
        assert store.count(schema.documents) == 1


def test_unreachable_database_is_one_line_error() -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_bad_url_is_one_line_error() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store("not a url at all")
