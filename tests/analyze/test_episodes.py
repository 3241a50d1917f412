"""Episode comparison: the pack's facts side by side with the stored sentences behind them."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitwatch.analyze.episodes import (
    EpisodeError,
    compare_episodes,
    find_episode,
    humanize_duration,
)
from tests.handmade import Said, hand_pack, make_analysis, open_store, save


def test_durations_read_as_words() -> None:
    assert humanize_duration("PT5H") == "5 hours"
    assert humanize_duration("PT32H") == "32 hours"
    assert humanize_duration("P1DT2H") == "1 day 2 hours"
    assert humanize_duration(None) == "no response"


def test_episodes_are_found_by_id_name_or_words() -> None:
    pack = hand_pack()
    assert find_episode(pack, "summit-a").id == "summit-a"
    assert find_episode(pack, "Border Handshake").id == "summit-a"
    assert find_episode(pack, "harbor").id == "summit-b"
    with pytest.raises(EpisodeError, match="no episode"):
        find_episode(pack, "moon landing")


def test_comparison_shows_response_times_and_sources(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    analysis = make_analysis(
        "Two invitations",
        "Harbor Review",
        "2025-11-05",
        [
            Said(
                "The border handshake was agreed within hours.",
                "CONSULT",
                ["donald-trump"],
                ["kim-jong-un"],
                "2019-06-30",
                "historical",
                episode="summit-a",
            ),
            Said("Nobody came to the harbor meeting this autumn."),
            Said("An unrelated sentence about trade."),
        ],
    )
    save(store, analysis)
    comparison = compare_episodes(store, hand_pack(), "summit-a", "summit-b")
    store.close()
    rows = {label: (left, right) for label, left, right in comparison.rows()}
    assert rows["time to response"] == ("5 hours", "no response")
    assert rows["proposal channel"] == ("social media post", "remarks to reporters")
    assert rows["offers"][1] == "sanctions relief; recognition"
    assert rows["response"] == ("accepted", "none")
    left_sources = comparison.left.sources
    assert left_sources and left_sources[0].event_id is not None
    assert "handshake was agreed" in left_sources[0].sentence
    assert [s.sentence for s in comparison.right.sources] == [
        "Nobody came to the harbor meeting this autumn."
    ]


@pytest.mark.slow
def test_seeds_compare_panmunjom_with_gyeongju() -> None:
    from summitwatch.packs.pack import load_pack
    from summitwatch.settings import Settings
    from summitwatch.store.database import Store
    from tests.handmade import seeds_store_url

    url = seeds_store_url()
    pack = load_pack(Settings(db_url=url).pack_path)
    with Store(url) as seeds:
        comparison = compare_episodes(seeds, pack, "Panmunjom 2019", "Gyeongju 2025")
    rows = {label: (left, right) for label, left, right in comparison.rows()}
    assert rows["time to response"] == ("5 hours", "no response")
    assert any("five hours" in s.sentence for s in comparison.left.sources)
    assert comparison.right.sources


def test_compare_command_names_unknown_episodes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summitwatch.present.cli import app
    from summitwatch.store.database import Store

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    Store(url).close()  # an empty store: reading commands no longer create one (issue 14)
    runner = CliRunner()
    result = runner.invoke(app, ["compare", "panmunjom-meeting-2019", "Gyeongju 2025", "--db", url])
    assert result.exit_code == 0, result.output
    assert "5 hours" in result.output and "no response" in result.output
    unknown = runner.invoke(app, ["compare", "moon landing", "Gyeongju 2025", "--db", url])
    assert unknown.exit_code == 1 and "no episode" in unknown.output
