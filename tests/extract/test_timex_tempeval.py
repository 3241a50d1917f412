"""TempEval-3 scoring on TBAQ (train) guards floors a little below the measured figures."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import SHARED, load_benchmark

TRAIN = SHARED / "data" / "tempeval3" / "train"


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    return load_benchmark("tempeval")


def test_reader_recovers_raw_text_and_gold_offsets(scorer: ModuleType, tmp_path: Path) -> None:
    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2025-11-05" '
        'functionInDocument="CREATION_TIME">Nov 5</TIMEX3></DCT><TEXT>Kim &amp; Trump '
        '<EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2024">last year'
        "</TIMEX3>.</TEXT></TimeML>",
        encoding="utf-8",
    )
    document = scorer.read_tml(tml)
    assert document.text == "Kim & Trump met last year."
    assert str(document.dct) == "2025-11-05"
    [gold] = document.gold
    assert document.text[gold.start : gold.end] == "last year"
    figures, counts = scorer.score([document])
    assert counts.strict == 1
    assert figures["value_f1"] == 1.0


def test_tbaq_floors(scorer: ModuleType) -> None:
    if not TRAIN.exists():
        pytest.fail(f"{TRAIN} is missing")
    figures, counts = scorer.score(scorer.read_folder(TRAIN))
    assert counts.gold == 1822
    # measured: strict 86.7, relaxed 93.5, type 89.4, value 78.3 (F1, %)
    assert figures["strict_f1"] >= 0.85
    assert figures["relaxed_f1"] >= 0.92
    assert figures["type_f1"] >= 0.88
    assert figures["value_f1"] >= 0.77
