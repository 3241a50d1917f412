"""Fuzzing the ingest entry point (a few hundred small cases; the benchmark runs more)."""

from __future__ import annotations

from tests.conftest import load_benchmark


def test_fuzzed_inputs_give_a_document_or_an_ingest_error() -> None:
    fuzz = load_benchmark("fuzz_ingest")
    outcomes = fuzz.run_fuzz(cases=200, max_bytes=8 * 1024, budget=10.0)
    assert sum(outcomes.values()) >= 100  # hypothesis stops early only when out of ideas
    assert outcomes["document"] > 0
