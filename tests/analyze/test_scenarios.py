"""Scenario probabilities updated by hand-made events, in date order, each step explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitwatch.analyze.scenarios import bayes_update, run_scenarios, scenario_records
from summitwatch.packs.pack import load_pack
from summitwatch.store.database import Store
from tests.handmade import PACK_DIR, Said, hand_pack, make_analysis, open_store, save

OFFER = Said(
    "Trump said he wanted to meet Kim and hinted at easing sanctions relief for Pyongyang.",
    "CONCEDE",
    ["donald-trump"],
    ["kim-jong-un"],
    "2025-10-25",
)
REFUSAL = Said(
    "Kim did not respond to the offer to meet during the trip.",
    "REJECT",
    ["kim-jong-un"],
    ["donald-trump"],
    "2025-10-29",
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path)
    first = make_analysis(
        "Harbor trip",
        "Harbor Review",
        "2025-11-01",
        [
            Said(
                "Trump asked to meet Kim at the border this month.",
                "REQUEST",
                ["donald-trump"],
                ["kim-jong-un"],
                "2025-10-24",
            ),
            OFFER,
            REFUSAL,
            Said(
                "Back in 2018 the two leaders met in Singapore.",
                "CONSULT",
                ["donald-trump"],
                ["kim-jong-un"],
                "2018-06-12",
                "historical",
            ),
        ],
    )
    second = make_analysis(
        "Silence from the North",
        "Ridge Monitor",
        "2025-11-02",
        [
            Said(
                "Kim Jong Un did not respond to Trump's proposal to meet on October 29.",
                "REJECT",
                ["PRK"],
                ["USA"],
                "2025-10-29",
            )
        ],
    )
    save(store, first, second)
    yield store
    store.close()


def test_shipped_scenarios_are_consistent() -> None:
    pack = load_pack(PACK_DIR / "scenarios.yaml")
    ids = {s.id for s in pack.scenarios}
    assert {"meeting", "working-talks", "stalemate", "escalation"} <= ids
    assert abs(sum(s.prior for s in pack.scenarios) - 1.0) < 1e-9
    for indicator in pack.indicators:
        assert set(indicator.likelihoods) == ids, indicator.id
        assert len(set(indicator.likelihoods.values())) > 1, f"{indicator.id} is no evidence"


def test_tempered_update_moves_less_with_less_reliable_sources() -> None:
    prior = {"a": 0.5, "b": 0.5}
    full, ratios = bayes_update(prior, {"a": 0.2, "b": 0.8}, 1.0)
    half, _ = bayes_update(prior, {"a": 0.2, "b": 0.8}, 0.5)
    assert full["a"] == pytest.approx(0.2)
    assert ratios["a"] == pytest.approx(0.25)
    assert full["a"] < half["a"] < 0.5


def test_meeting_probability_falls_after_the_refusal(store: Store) -> None:
    run = run_scenarios(store, hand_pack())
    by_indicator = {u.indicator.id: u for u in run.updates}
    assert "meeting-sought" in by_indicator and "leader-no-response" in by_indicator
    refusal = by_indicator["leader-no-response"]
    assert refusal.date == "2025-10-29"
    assert refusal.after["meeting"] < refusal.before["meeting"]
    assert by_indicator["meeting-sought"].after["meeting"] > run.prior["meeting"]
    dates = [u.date for u in run.updates]
    assert dates == sorted(dates)
    # nothing before the scenario window (the 2018 summit) moves the estimate
    assert all(u.date >= "2024-11" for u in run.updates)


def test_a_merged_event_counts_once_with_its_sources_combined(store: Store) -> None:
    run = run_scenarios(store, hand_pack())
    refusals = [u for u in run.updates if u.indicator.id == "leader-no-response"]
    assert len(refusals) == 1
    assert len(refusals[0].entry.sources) == 2
    # B and C from independent groups: more than either report alone
    assert refusals[0].weight > 0.85


def test_steps_cite_their_evidence_and_as_of_cuts_the_trajectory(store: Store) -> None:
    steps = scenario_records(store, hand_pack())
    moved = [s for s in steps if s.event is not None]
    assert moved and all(s.event and s.event.startswith("ev-") for s in moved)
    meeting = [s for s in moved if s.scenario == "meeting"]
    assert "P(meeting)" in meeting[-1].explanation
    assert "Kim" in meeting[-1].explanation and "Harbor Review" in meeting[-1].explanation
    early = run_scenarios(store, hand_pack(), as_of="2025-10-26")
    assert early.updates and all(u.date <= "2025-10-26" for u in early.updates)
    assert early.current["meeting"] > run_scenarios(store, hand_pack()).current["meeting"]


@pytest.mark.slow
def test_seeds_meeting_probability_falls_after_the_refusal() -> None:
    from summitwatch.packs.pack import load_pack as load
    from summitwatch.settings import Settings
    from tests.handmade import seeds_store_url

    url = seeds_store_url()
    with Store(url) as seeds:
        run = run_scenarios(seeds, load(Settings(db_url=url).pack_path))
    assert run.updates, "no seed event matched an indicator"
    refusals = [
        u
        for u in run.updates
        if u.indicator.id in ("leader-no-response", "kcna-rejects-talks") and u.date >= "2025-10"
    ]
    assert refusals, "the October 2025 refusal does not reach the scenarios"
    assert all(u.after["meeting"] < u.before["meeting"] for u in refusals)
    assert run.current["meeting"] < run.prior["meeting"]
    assert all(u.event.sentence and u.entry.sources for u in run.updates)


def test_scenarios_command_shows_probabilities_and_steps(store: Store) -> None:
    from typer.testing import CliRunner

    from summitwatch.present.cli import app

    result = CliRunner().invoke(app, ["scenarios", "--db", store.url, "--as-of", "2025-12-31"])
    assert result.exit_code == 0, result.output
    assert "Fourth Trump–Kim meeting" in result.output
    assert "Leader refusal or no response" in result.output
