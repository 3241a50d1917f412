"""PLOVER gold sentences: event-type macro-F1 stays above floors a little below the figures
`benchmarks/plover_gold.py` measured with the spaCy model (dev half: 0.908, whole file: 0.786;
the held-out test half, 0.676, is reported by the script and not guarded here)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from summitwatch.extract.language import load_nlp
from summitwatch.settings import Settings
from tests.conftest import SHARED, load_benchmark

GOLD = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.json"


@pytest.fixture(scope="module")
def benchmark() -> ModuleType:
    if not GOLD.exists():
        pytest.fail(f"{GOLD} is missing: the shared data sets must sit beside the checkout")
    return load_benchmark("plover_gold")


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp(Settings().spacy_model)


def test_dev_half_macro_f1_floor(benchmark: ModuleType, nlp: Any) -> None:
    result = benchmark.evaluate("dev", nlp)
    assert result["n"] > 140 and len(result["per_type"]) == 16
    floor = 0.88 if nlp is not None else 0.61  # rule-based fallback measured 0.640
    assert result["macro_f1"] >= floor, result["per_type"]


def test_split_is_stable_and_disjoint(benchmark: ModuleType) -> None:
    records = benchmark.load_gold()
    dev = {rid for rid, _, _ in records if benchmark.split_of(rid) == "dev"}
    test = {rid for rid, _, _ in records if benchmark.split_of(rid) == "test"}
    ids = {rid for rid, _, _ in records}  # one id occurs twice in the file
    assert len(records) == 322 and dev and test and not dev & test and dev | test == ids
    assert {label for _, _, label in records} >= {"REQUEST", "ACCUSE", "ASSAULT"}


def test_old_labels_follow_the_cameo_table(benchmark: ModuleType) -> None:
    modes = benchmark.modes_of_types()
    assert modes["deport"] == {"COERCE"}
    assert benchmark.current_label({"event": "FIGHT", "mode": "deport"}, modes) == "COERCE"
    assert benchmark.current_label({"event": "FIGHT", "mode": "firearms"}, modes) == "ASSAULT"
    assert benchmark.current_label({"event": "DEMAND"}, modes) == "REQUEST"
    assert benchmark.current_label({"event": "AGREE"}, modes) == "AGREE"


def test_every_emitted_type_counts_end_to_end(benchmark: ModuleType) -> None:
    result = benchmark.score_sets(["AGREE", "REJECT"], [{"AGREE", "REJECT"}, set()], ["AGREE"])
    assert result["per_type"]["AGREE"] == {"n": 1, "p": 1.0, "r": 1.0, "f1": 1.0}
    both = benchmark.score_sets(["AGREE", "REJECT"], [{"AGREE"}, {"AGREE"}], ["AGREE", "REJECT"])
    assert both["per_type"]["AGREE"]["p"] == 0.5  # the type emitted for a REJECT sentence
    assert both["per_type"]["REJECT"]["r"] == 0.0


@pytest.mark.slow
def test_end_to_end_macro_f1_floor(benchmark: ModuleType, nlp: Any) -> None:
    """Through ``summitwatch ingest`` and ``export``: measured 0.574 on the whole file."""
    result = benchmark.evaluate_end_to_end("all", nlp is not None)
    assert result["n"] == 322 and result["events"] > 250
    floor = 0.55 if nlp is not None else 0.50  # rule-based fallback measured 0.524
    assert result["all"]["macro_f1"] >= floor, result["all"]["per_type"]
