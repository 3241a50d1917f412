"""PolNeAR dev: direct-quote F1 and speaker accuracy stay above floors a little below the
figures `benchmarks/quotes_polnear.py` measured (dev: F1 0.919, speaker accuracy 0.935)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import SHARED, load_benchmark

DEV = SHARED / "data" / "quotes" / "polnear" / "data" / "dev"


@pytest.fixture(scope="module")
def benchmark() -> ModuleType:
    if not DEV.exists():
        pytest.fail(f"{DEV} is missing: the shared data sets must sit beside the checkout")
    return load_benchmark("quotes_polnear")


def test_dev_floors(benchmark: ModuleType) -> None:
    tally = benchmark.evaluate("dev")
    assert tally.gold > 300
    assert tally.f1 >= 0.89, tally.report("dev")
    assert tally.speaker_accuracy >= 0.90, tally.report("dev")


def test_reader_keeps_discontinuous_content_and_marks_direct_quotes(
    benchmark: ModuleType, tmp_path: Path
) -> None:
    text = "“Yes,” he said, “we agree.” Officials said it was “fine” overall."
    ann = (
        "T1\tContent 0 6;16 27\t“Yes,” … “we agree.”\n"
        "T2\tSource 8 10\the\n"
        "T3\tCue 11 15\tsaid\n"
        "T4\tAttribution 11 15\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
        "T5\tSource 28 37\tOfficials\n"
        "T6\tContent 43 65\tit was “fine” overall\n"
        "T7\tCue 38 42\tsaid\n"
        "T8\tAttribution 38 42\tsaid\n"
        "E2\tAttribution:T8 Content:T6 Cue:T7 Source:T5\n"
    )
    path = tmp_path / "doc_x.ann"
    path.write_text(ann, encoding="utf-8")
    first, second = benchmark.read_ann(path, text)
    assert first.content == [(0, 6), (16, 27)]
    assert benchmark.is_direct(first, text)
    assert not benchmark.is_direct(second, text)
