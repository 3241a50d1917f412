"""Full-text search: the index follows inserts and deletes (triggers), hits are marked."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete

from summitwatch.models import Document, Quote, Sentence
from summitwatch.pipeline import Analysis, Context, Pipeline, Stage
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store
from summitwatch.store.search import MARK_END, MARK_START, SearchError, SearchQuery, search

TEXT = "Envoys met at the border. The talks on sanctions relief stalled. “We will wait,” he said."


def keep_records(analysis: Analysis, context: Context) -> None:
    text = analysis.document.text
    ends = [text.index(".") + 1, text.index("stalled.") + 8, len(text)]
    starts = [0, ends[0] + 1, ends[1] + 1]
    analysis.sentences = [Sentence(s, e, 0) for s, e in zip(starts, ends, strict=True)]
    quoted = text.index("We will wait")
    analysis.quotes = [
        Quote(
            f"qt-{analysis.document.id}",
            analysis.document.id,
            "We will wait",
            quoted,
            quoted + 12,
            None,
            "he",
        )
    ]


STAGE = Stage("hand", "1", ("document",), ("sentences", "quotes"), keep_records)
PIPELINE = Pipeline((STAGE,))


def save(store: Store, title: str, published: date) -> str:
    document = Document(text=TEXT, source="memory", title=title, published=published)
    analysis = PIPELINE.run(document, Context(Settings(), pack=None))
    store.save_analysis(analysis, PIPELINE)
    return document.id


def test_search_finds_sentences_quotes_and_titles(store_url: str) -> None:
    with Store(store_url) as store:
        first = save(store, "Border envoys", date(2025, 10, 1))
        save(store, "A later note", date(2026, 1, 5))
        hits = search(store, SearchQuery("sanctions"))
        assert {h.kind for h in hits} == {"sentence"} and len(hits) == 2
        sentence = hits[0]
        assert f"{MARK_START}sanctions{MARK_END}" in sentence.marked
        assert TEXT[sentence.start : sentence.end] == sentence.plain
        assert [h.kind for h in search(store, SearchQuery("wait", kinds=("quote",)))] == [
            "quote",
            "quote",
        ]
        titles = search(store, SearchQuery("envoys", kinds=("title",)))
        assert [h.document_id for h in titles] == [first]
        dated = search(store, SearchQuery("sanctions", start="2026-01-01"))
        assert len(dated) == 1 and dated[0].published == "2026-01-05"


def test_deleting_a_document_leaves_no_hits(store_url: str) -> None:
    with Store(store_url) as store:
        document_id = save(store, "Border envoys", date(2025, 10, 1))
        assert search(store, SearchQuery("border"))
        with store.engine.begin() as connection:
            connection.execute(delete(schema.documents).where(schema.documents.c.id == document_id))
        assert search(store, SearchQuery("border")) == []


def test_query_syntax_is_taken_as_words(store_url: str) -> None:
    with Store(store_url) as store:
        save(store, "Border envoys", date(2025, 10, 1))
        assert search(store, SearchQuery('"talks stalled* (')) != []
        with pytest.raises(SearchError):
            search(store, SearchQuery("  ** "))
