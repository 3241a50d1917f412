"""The ACH matrix for "why did the October 2025 meeting not happen?" on hand-made evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitwatch.analyze.ach import AchError, build_matrix, parse_rule, run_ach
from summitwatch.packs.pack import load_pack
from summitwatch.store.database import Store
from tests.handmade import PACK_DIR, Said, hand_pack, make_analysis, open_store, save

QUESTION = "why-no-meeting-2025-10"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path)
    analyses = [
        make_analysis(
            "Why the North stayed home",
            "Harbor Review",
            "2025-11-04",
            [
                Said(
                    "Trump said he wanted to meet Kim during his trip.",
                    "REQUEST",
                    ["donald-trump"],
                    ["kim-jong-un"],
                    "2025-10-25",
                ),
                Said(
                    "Kim rejected the overture and sent no reply.",
                    "REJECT",
                    ["kim-jong-un"],
                    ["donald-trump"],
                    "2025-10-28",
                ),
                Said(
                    "The North's new partnership with Russia made the offer look small.",
                    factor="russia-alignment",
                ),
                Said(
                    "Sanctions hurt less now that trade runs through China.",
                    factor="sanctions-resilience",
                ),
                Said(
                    'Trump told reporters: "The timing was just not right."',
                    speaker="donald-trump",
                    quoted="The timing was just not right.",
                    date="2025-10-29",
                ),
            ],
        ),
        make_analysis(
            "Pyongyang's line",
            "Ridge Monitor",
            "2025-09-30",
            [
                Said(
                    'Kim said: "We will never hold negotiations that trade away our arms."',
                    speaker="kim-jong-un",
                    quoted="We will never hold negotiations that trade away our arms.",
                    date="2025-09-21",
                ),
            ],
        ),
    ]
    save(store, *analyses)
    yield store
    store.close()


def test_shipped_hypotheses_parse() -> None:
    pack = load_pack(PACK_DIR / "hypotheses.yaml")
    ids = {h.id for h in pack.hypotheses if h.question == QUESTION}
    assert ids == {"timing-logistics", "kim-strategic-choice", "us-withdrew"}
    for hypothesis in pack.hypotheses:
        for item in hypothesis.evidence:
            parse_rule(item, hypothesis.id)


def test_kims_choice_is_least_inconsistent(store: Store) -> None:
    matrix = run_ach(store, hand_pack(), QUESTION)
    assert matrix.winner is not None and matrix.winner.id == "kim-strategic-choice"
    timing = matrix.score("timing-logistics")
    kim = matrix.score("kim-strategic-choice")
    assert kim.inconsistency < timing.inconsistency
    assert matrix.score("us-withdrew").inconsistency > kim.inconsistency
    kinds = {e.kind for e in matrix.evidence}
    assert kinds == {"event", "quote", "reason"}


def test_ratings_come_from_rules_and_factors(store: Store) -> None:
    matrix = run_ach(store, hand_pack(), QUESTION)
    by_text = {e.text: e for e in matrix.evidence}
    timing_quote = by_text["The timing was just not right."]
    assert timing_quote.ratings["timing-logistics"] == "C"
    refusal = next(e for e in matrix.evidence if "rejected the overture" in e.text)
    assert refusal.ratings["kim-strategic-choice"] == "CC"
    assert refusal.ratings["timing-logistics"] == "II"
    russia = next(e for e in matrix.evidence if e.kind == "reason" and "Russia" in e.text)
    assert russia.ratings["kim-strategic-choice"] == "C"
    assert russia.ratings["timing-logistics"] == "I"
    assert russia.sources == ["Why the North stayed home — Harbor Review"]


def test_less_reliable_sources_weigh_less(store: Store) -> None:
    pack = hand_pack()
    matrix = run_ach(store, pack, QUESTION)
    weights = {e.sources[0].split(" — ")[1]: e.weight for e in matrix.evidence}
    assert weights["Harbor Review"] > weights["Ridge Monitor"]


def test_unknown_question_is_a_clear_error() -> None:
    with pytest.raises(AchError, match="no hypotheses"):
        build_matrix(hand_pack(), "who won the lottery", [], [], [], {})


@pytest.mark.slow
def test_seeds_favour_kims_choice_over_timing() -> None:
    from summitwatch.settings import Settings
    from tests.handmade import seeds_store_url

    url = seeds_store_url()
    with Store(url) as seeds:
        matrix = run_ach(seeds, load_pack(Settings(db_url=url).pack_path), QUESTION)
    timing = matrix.score("timing-logistics").inconsistency
    assert matrix.score("kim-strategic-choice").inconsistency < timing


def test_ach_command_ranks_hypotheses(store: Store) -> None:
    from typer.testing import CliRunner

    from summitwatch.present.cli import app

    runner = CliRunner()
    result = runner.invoke(
        app, ["ach", "why did the October 2025 meeting not happen", "--db", store.url]
    )
    assert result.exit_code == 0, result.output
    assert result.output.index("1. Kim's strategic choice") < result.output.index("Timing and")
    missing = runner.invoke(app, ["ach", "lottery results", "--db", store.url])
    assert missing.exit_code == 1 and "no hypotheses" in missing.output
