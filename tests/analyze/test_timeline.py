"""The merged timeline over a hand-made store."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitwatch.analyze.timeline import (
    TimelineQuery,
    build_timeline,
    date_bounds,
    date_precision,
    dates_compatible,
)
from summitwatch.store.database import Store
from tests.handmade import Said, hand_pack, make_analysis, open_store, save


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path)
    first = make_analysis(
        "Harbor summit fails",
        "Harbor Review",
        "2025-11-01",
        [
            Said(
                "Lee and Trump held talks in the harbor city on October 29.",
                "CONSULT",
                ["donald-trump"],
                ["lee-jae-myung"],
                "2025-10-29",
            ),
            Said(
                "The leaders of the North and the US never met that week.",
                "CONSULT",
                ["kim-jong-un"],
                ["donald-trump"],
                "2025-10",
                "negated",
            ),
            Said(
                "Trump will visit the region again in April.",
                "CONSULT",
                ["donald-trump"],
                ["KOR"],
                "2026-04",
                "planned",
            ),
            Said("Pyongyang fired a cruise missile.", "MOBILIZE", ["PRK"], [], "2025-10-22"),
        ],
    )
    second = make_analysis(
        "A week of silence",
        "Ridge Monitor",
        "2025-11-03",
        [
            Said(
                "In October the two presidents met and talked trade.",
                "CONSULT",
                ["USA"],
                ["KOR"],
                "2025-10",
            ),
            Said(
                "No meeting between Washington and Pyongyang took place on October 29.",
                "CONSULT",
                ["USA"],
                ["PRK"],
                "2025-10-29",
                "negated",
            ),
            Said(
                "Back in 2019 the leaders shook hands at the border.",
                "CONSULT",
                ["donald-trump"],
                ["kim-jong-un"],
                "2019-06-30",
                "historical",
            ),
        ],
    )
    save(store, first, second)
    yield store
    store.close()


def test_date_values_carry_precision() -> None:
    assert date_precision("2025-10-29") == "day"
    assert date_precision("2025-10") == "month"
    assert date_precision("2025") == "year"
    assert date_precision("2026-SP") == "season"
    assert date_precision(None) == "unknown"
    assert date_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert dates_compatible("2025-10", "2025-10-29")
    assert not dates_compatible("2025-10-28", "2025-10-29")
    assert not dates_compatible("2025-1", "2025-10-29")


def test_reports_of_one_event_merge_with_all_sources(store: Store) -> None:
    timeline = build_timeline(store, hand_pack())
    consults = [e for e in timeline.entries if e.type == "CONSULT" and e.modality != "negated"]
    trade = [e for e in consults if e.date and e.date.startswith("2025")]
    assert len(trade) == 1, "the Lee–Trump talks are one event reported twice"
    assert trade[0].date == "2025-10-29" and trade[0].precision == "day"
    assert {s.publisher for s in trade[0].sources} == {"Harbor Review", "Ridge Monitor"}
    # issue 11: what did not happen is kept apart from the facts, its reports merged too
    assert all(e.modality != "negated" for e in timeline.entries)
    assert len(timeline.denied) == 1 and len(timeline.denied[0].sources) == 2


def test_entries_are_in_date_order_and_plans_apart(store: Store) -> None:
    timeline = build_timeline(store, hand_pack())
    dates = [entry.date or "" for entry in timeline.entries]
    assert dates[0] == "2019-06-30"
    assert [d[:7] for d in dates] == sorted(d[:7] for d in dates)
    assert [e.date for e in timeline.planned] == ["2026-04"]
    assert all(not e.planned for e in timeline.entries)
    source = timeline.entries[0].sources[0]
    assert source.title == "A week of silence" and "shook hands" in source.sentence


def test_filters_by_actor_state_type_and_dates(store: Store) -> None:
    pack = hand_pack()
    by_state = build_timeline(store, pack, TimelineQuery(actor="PRK"))
    assert {e.type for e in by_state.entries} == {"CONSULT", "MOBILIZE"}
    assert all({"PRK", "kim-jong-un"} & set(e.actors + e.recipients) for e in by_state.entries)
    typed = build_timeline(store, pack, TimelineQuery(type="mobilize"))
    assert [e.type for e in typed.entries] == ["MOBILIZE"]
    window = build_timeline(store, pack, TimelineQuery(start="2025-10-25", end="2025-10-31"))
    assert window.entries and all(e.date and e.date >= "2025-10" for e in window.entries)
    assert not any(e.type == "MOBILIZE" for e in window.entries)
    assert not window.planned


def test_episode_links_merge_different_reports(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    analysis = make_analysis(
        "Harbor meeting",
        "Harbor Review",
        "2025-11-01",
        [
            Said(
                "Trump offered to meet Kim at the harbor.",
                "REQUEST",
                ["donald-trump"],
                ["kim-jong-un"],
                "2025-10-24",
                episode="summit-b",
            ),
            Said("Kim did not answer.", "REJECT", ["kim-jong-un"], [], None, episode="summit-b"),
        ],
    )
    save(store, analysis)
    timeline = build_timeline(store, hand_pack())
    store.close()
    assert len(timeline.entries) == 1
    entry = timeline.entries[0]
    assert entry.episode == "summit-b" and entry.date == "2025-10-29"
    assert len(entry.sources) == 2


def test_a_page_of_a_window_starts_inside_the_window(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    days = ["2025-01-05", "2025-06-01", "2025-10-29", "2025-11-02"]
    save(
        store,
        make_analysis(
            "Four meetings",
            "Ridge Monitor",
            "2025-12-01",
            [Said(f"Officials met on {day}.", "CONSULT", ["USA"], ["KOR"], day) for day in days],
        ),
    )
    page = build_timeline(store, hand_pack(), TimelineQuery(start="2025-10-01", limit=1))
    store.close()
    assert [e.date for e in page.entries] == ["2025-10-29"]


@pytest.mark.slow
def test_seeds_october_non_meeting_is_no_factual_meeting() -> None:
    from summitwatch.packs.pack import load_pack
    from summitwatch.settings import Settings
    from tests.handmade import seeds_store_url

    url = seeds_store_url()
    with Store(url) as seeds:
        timeline = build_timeline(seeds, load_pack(Settings(db_url=url).pack_path))
    # the pack's episode names the trip, never its outcome: what the timeline shows of the
    # October 2025 non-meeting comes from the text, and nothing in the trip's window is a
    # meeting with the North as a fact
    window = [
        e
        for e in timeline.all_entries()
        if e.type == "CONSULT" and e.date and "2025-10-24" <= e.date <= "2025-10-30"
    ]
    assert window and all(e.sources for e in window)
    north = {"kim-jong-un", "PRK"}
    factual = [e for e in window if e.standing == "factual"]
    assert not any(north & set(e.actors + e.recipients) for e in factual)


def test_timeline_command_prints_merged_sources(store: Store) -> None:
    from typer.testing import CliRunner

    from summitwatch.present.cli import app

    result = CliRunner().invoke(app, ["timeline", "--db", store.url, "--type", "CONSULT"])
    assert result.exit_code == 0, result.output
    assert "Harbor Review" in result.output and "Ridge Monitor" in result.output
    assert "Planned / announced" in result.output
    assert "MOBILIZE" not in result.output


def test_standing_follows_factuality() -> None:
    from summitwatch.analyze.timeline import standing_of

    assert standing_of("CONSULT", None, "CT+", "asserted") == "factual"
    assert standing_of("CONSULT", None, "PR+", "planned") == "planned"
    assert standing_of("CONSULT", None, "Uu", "hypothetical") == "hypothetical"
    assert standing_of("CONSULT", None, "CT-", "negated") == "denied"
    assert standing_of("AGREE", "meet", "CT+", "asserted") == "proposed"
    assert standing_of("REJECT", "meet", "CT+", "asserted") == "cancelled"
    # a row stored before factuality existed (CT+ by default) keeps its modality's reading
    assert standing_of("CONSULT", None, "CT+", "planned") == "planned"
