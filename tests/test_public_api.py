"""Pins the public contract: Python names, commands, and export kinds and fields."""

from __future__ import annotations

import summitwatch
from summitwatch.present.export import KINDS

PUBLIC_NAMES = {
    "__version__",
    "Settings",
    "Document",
    "Event",
    "Quote",
    "Forecast",
    "Reason",
    "Timex",
    "Citation",
    "Actor",
    "Stage",
    "Analysis",
    "Context",
    "build_pipeline",
    "Store",
    "read_document",
    "ingest_paths",
    "load_pack",
}

# DESIGN.md "Public contract": the minimum fields of each exported kind.
CONTRACT_FIELDS = {
    "document": {
        "id",
        "title",
        "authors",
        "publisher",
        "published",
        "language",
        "word_count",
        "sha256",
        "source",
        "text",
    },
    "citation": {
        "document_id",
        "number",
        "authors",
        "title",
        "container",
        "date",
        "language",
        "raw",
        "supports",
    },
    "timex": {"document_id", "start", "end", "text", "type", "value"},
    "actor": {"id", "name", "actor_kind", "country", "sector", "wikidata"},
    "event": {
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
        "stage",
    },
    "quote": {"id", "document_id", "speaker", "speaker_text", "text", "date", "start", "end"},
    "forecast": {
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
        "start",
        "end",
    },
    "reason": {"id", "document_id", "factor", "statement", "start", "end"},
    "question": {"id", "text", "deadline", "status", "resolved_on", "evidence"},
    "score": {"holder", "outlet", "n", "brier", "log_score", "forecasts"},
    "scenario": {"scenario", "date", "probability", "event", "explanation"},
}


def test_public_names_are_pinned() -> None:
    assert set(summitwatch.__all__) == PUBLIC_NAMES
    for name in PUBLIC_NAMES - {"__version__"}:
        assert getattr(summitwatch, name) is not None


def test_export_kinds_are_the_contract() -> None:
    assert set(KINDS) == set(CONTRACT_FIELDS)
