"""Both seed articles ingest with exactly the metadata and notes of gold/seeds.yaml."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from summitwatch.ingest.document import read_document
from summitwatch.models import Citation, Document
from summitwatch.settings import Settings
from tests.conftest import GOLD, SEEDS

FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def fold(text: str) -> str:
    return " ".join(text.translate(FOLD).split())


def gold_documents() -> list[dict[str, Any]]:
    if not GOLD.exists():
        pytest.fail(f"{GOLD} is missing: the shared data sets must sit beside the checkout")
    documents: list[dict[str, Any]] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["documents"]
    return documents


def ingest(path: Path) -> Document:
    return read_document(path.read_bytes(), str(path), Settings(db_url="sqlite://"))


GOLD_DOCS = {entry["file"]: entry for entry in gold_documents()} if GOLD.exists() else {}


@pytest.fixture(scope="module", params=sorted(GOLD_DOCS))
def seed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Document]:
    gold = GOLD_DOCS[request.param]
    return gold, ingest(SEEDS / request.param)


def test_gold_lists_both_seeds(shared_dir: Path) -> None:
    assert set(GOLD_DOCS) == {path.name for path in SEEDS.glob("*.txt")}


def test_metadata(seed: tuple[dict[str, Any], Document]) -> None:
    gold, document = seed
    assert fold(document.title or "") == fold(gold["title"])
    assert document.published == date.fromisoformat(str(gold["published"]))
    assert document.publisher == gold["publisher"]
    assert document.series == gold.get("series")
    expected = [(a["name"], a.get("role"), a.get("affiliation")) for a in gold["authors"]]
    assert [(a.name, a.role, a.affiliation) for a in document.authors] == expected
    assert document.language == "en"
    assert document.format == "txt"


def test_no_furniture_in_body(seed: tuple[dict[str, Any], Document]) -> None:
    gold, document = seed
    body = fold(document.text)
    for furniture in gold.get("not_in_body", []):
        assert fold(furniture) not in body
    for line in ("top of page", "bottom of page", "File", "|", "-"):
        assert line not in document.text.split("\n")
    # bios, disclaimers and notes never reach the body
    assert "Author:" not in document.text
    assert "※" not in document.text


def test_body_start_and_teaser_once(seed: tuple[dict[str, Any], Document]) -> None:
    gold, document = seed
    if "body_starts_with" in gold:
        assert fold(document.text).startswith(fold(gold["body_starts_with"]))
    if "body_once" in gold:
        assert fold(document.text).count(fold(gold["body_once"])) == 1


def test_note_count(seed: tuple[dict[str, Any], Document]) -> None:
    gold, document = seed
    assert len({c.number for c in document.citations}) == gold["notes"]


def test_note_markers_removed(seed: tuple[dict[str, Any], Document]) -> None:
    _, document = seed
    for citation in document.citations:
        assert f".{citation.number})" not in document.text
        assert f"”{citation.number})" not in document.text


def citations_of(document: Document, number: int) -> list[Citation]:
    return [c for c in document.citations if c.number == number]


def gold_citations() -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, entry) for name, gold in GOLD_DOCS.items() for entry in gold.get("citations", [])
    ]


@pytest.mark.parametrize(("file", "entry"), gold_citations(), ids=lambda x: str(x)[:20])
def test_citation(file: str, entry: dict[str, Any]) -> None:
    document = ingest(SEEDS / file)
    records = citations_of(document, entry["number"])
    assert len(records) == entry.get("references", 1)
    first = records[0]
    if "container" in entry:
        assert first.container == entry["container"]
    for record in records:
        if "container_any" in entry:
            assert record.container in entry["container_any"]
        if "date_any" in entry:
            assert record.date in entry["date_any"]
    if "date" in entry:
        assert first.date == entry["date"]
    if "authors" in entry:
        assert first.authors == entry["authors"]
    assert first.language == entry.get("language", "en")
    if "title_starts" in entry:
        assert (first.title or "").startswith(entry["title_starts"])
    if "supports" in entry:
        texts = [fold(document.text[span.start : span.end]) for span in first.supports]
        assert any(fold(entry["supports"]) in text for text in texts), texts
    # every citation points at at least one sentence of the clean body
    for record in records:
        assert record.supports
        assert record.raw
