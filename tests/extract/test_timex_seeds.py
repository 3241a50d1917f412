"""Every `must` timex of ../shared/gold/seeds.yaml comes out right on the raw seed text."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from summitwatch.extract.timex import tag_timexes
from summitwatch.models import Timex
from tests.conftest import GOLD, SEEDS

QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def fold(text: str) -> str:
    return " ".join(text.translate(QUOTES).split())


def load_items() -> list[tuple[str, Any, dict[str, Any]]]:
    if not GOLD.exists():
        return []
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    return [
        (document["file"], document["dct"], item)
        for document in gold["documents"]
        for item in document.get("timexes", [])
        if item.get("must", True)
    ]


def near_evidence(text: str, timex: Timex, evidence: str) -> bool:
    margin = len(evidence) + 20
    return evidence in fold(text[max(0, timex.start - margin) : timex.end + margin])


@pytest.mark.parametrize(("file", "dct", "item"), load_items(), ids=lambda x: str(x)[:30])
def test_must_timex_of_the_seeds(file: str, dct: Any, item: dict[str, Any]) -> None:
    text = (SEEDS / file).read_text(encoding="utf-8")
    found = [
        timex
        for timex in tag_timexes(text, dct)
        if fold(timex.text) == item["text"] and near_evidence(text, timex, item["evidence"])
    ]
    assert found, f"{item['text']!r} not tagged near {item['evidence']!r}"
    accepted = item.get("value_any", [item.get("value")])
    assert any(
        timex.value in accepted and timex.type == item.get("type", "DATE") for timex in found
    ), [(t.type, t.value) for t in found]


def test_seed_gold_is_present() -> None:
    assert len(load_items()) >= 20, f"expected the seed gold at {GOLD}"
