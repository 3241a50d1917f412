"""Exports: every kind carries its contract fields; spans point into the document text;
PostgreSQL and SQLite hold the same records after the same ingest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summitwatch.pipeline import Context, ingest_paths
from summitwatch.present import export_kinds
from summitwatch.present.export import EXPORTERS, iter_records
from summitwatch.settings import Settings
from summitwatch.store.database import Store
from tests.conftest import SEED_000, SEED_003
from tests.test_public_api import CONTRACT_FIELDS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def test_exporters_cover_the_kinds_the_command_line_names() -> None:
    # export_kinds.KINDS is what `summitwatch export --help` lists without importing export.py
    assert tuple(EXPORTERS) == export_kinds.KINDS


def exported(url: str) -> list[dict[str, object]]:
    settings = Settings(db_url=url)
    with Store(url) as store:
        return list(iter_records(store, Context(settings)))


@pytest.fixture(scope="module")
def seed_records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'seeds.db'}"
    report = ingest_paths([str(SEED_000), str(SEED_003)], Settings(db_url=url))
    assert report.ok, report.failed
    return exported(url)


def test_every_kind_has_its_contract_fields(seed_records: list[dict[str, object]]) -> None:
    kinds = {str(r["kind"]) for r in seed_records}
    for kind in (
        "document",
        "citation",
        "timex",
        "actor",
        "event",
        "quote",
        "forecast",
        "reason",
        "question",
    ):
        assert kind in kinds, f"no {kind} records exported"
    for record in seed_records:
        missing = CONTRACT_FIELDS[str(record["kind"])] - set(record)
        assert not missing, f"{record['kind']} lacks {missing}"


def test_spans_point_into_the_document_text(seed_records: list[dict[str, object]]) -> None:
    texts = {r["id"]: str(r["text"]) for r in seed_records if r["kind"] == "document"}
    checked = 0
    for record in seed_records:
        if record["kind"] in ("timex", "quote") and "start" in record:
            text = texts[record["document_id"]]
            span = text[int(record["start"]) : int(record["end"])]  # type: ignore[call-overload]
            assert " ".join(span.split()) == " ".join(str(record["text"]).split())
            checked += 1
    assert checked > 10


@pytest.mark.postgres
def test_postgres_exports_what_sqlite_exports(tmp_path: Path, fresh_pg_url: str) -> None:
    inputs = [str(SEED_000), str(SEED_003)]
    if EXAMPLES.is_dir():
        inputs.append(str(EXAMPLES))
    sqlite_url = f"sqlite:///{tmp_path / 'same.db'}"
    for url in (sqlite_url, fresh_pg_url):
        report = ingest_paths(inputs, Settings(db_url=url))
        assert report.ok, report.failed

    def lines(url: str) -> list[str]:
        return sorted(json.dumps(r, sort_keys=True) for r in exported(url))

    assert lines(sqlite_url) == lines(fresh_pg_url)
