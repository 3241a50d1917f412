"""Briefs over a hand-made store: judgments with numbers, links to evidence, what changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from summitwatch.present.brief import build_brief, probability_word
from summitwatch.present.brief_render import write_brief
from summitwatch.store import schema
from summitwatch.store.database import Store
from tests.handmade import Said, add_forecast, hand_pack, make_analysis, open_store, save

QUESTION_ID = "harbor-meeting"


def fill_store(store: Store) -> None:
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
            Said(
                "Kim did not respond to the offer to meet during the trip.",
                "REJECT",
                ["kim-jong-un"],
                ["donald-trump"],
                "2025-10-29",
            ),
            Said(
                "Moscow's support means the North needs Washington less.", factor="russia-alignment"
            ),
        ],
    )
    add_forecast(first, "Kim is unlikely to meet Trump this autumn.", 0.2, QUESTION_ID)
    second = make_analysis(
        "Old habits",
        "Ridge Monitor",
        "2024-12-01",
        [Said("Closer ties with Russia give Pyongyang other options.", factor="russia-alignment")],
    )
    add_forecast(second, "A meeting is likely within a year.", 0.7, QUESTION_ID)
    save(store, first, second)
    with store.engine.begin() as connection:
        connection.execute(
            schema.questions.insert().values(
                id=QUESTION_ID,
                text="Trump and Kim meet during the harbor trip",
                deadline="2025-10-31",
                status="no",
                resolved_on="2025-10-29",
                evidence=[],
            )
        )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path)
    fill_store(store)
    yield store
    store.close()


def test_probability_words_follow_the_scale() -> None:
    assert probability_word(0.02) == "almost no chance"
    assert probability_word(0.12) == "very unlikely"
    assert probability_word(0.5) == "roughly even chance"
    assert probability_word(0.9) == "very likely"


def test_brief_judgments_reasons_and_calibration(store: Store) -> None:
    brief = build_brief(store, hand_pack(), today="2025-11-06")
    keys = [j.key for j in brief.judgments]
    assert "scenario:meeting" in keys and f"question:{QUESTION_ID}" in keys
    meeting = next(j for j in brief.judgments if j.key == "scenario:meeting")
    assert meeting.probability is not None and re.search(r"\(\d+%\)", meeting.text)
    assert meeting.evidence, "a scenario judgment cites the events that moved it"
    russia = brief.reasons[0]
    assert russia.factor == "russia-alignment" and russia.groups == 2
    assert russia.holders == ["Harbor Review", "Ridge Monitor"]
    # Harbor Review's forecast was made after its question was settled: the ledger does not
    # score it, so neither does the brief's chart (it used to recompute its own Brier)
    assert "Ridge Monitor (n=1, Brier 0.49)" in brief.calibration_svg
    assert "Harbor Review" not in brief.calibration_svg and "<circle" in brief.calibration_svg
    assert brief.trajectory_svg.count("<path") == len(hand_pack().scenarios)


def test_html_brief_links_every_citation_to_an_anchor(store: Store, tmp_path: Path) -> None:
    out = write_brief(store, hand_pack(), tmp_path / "brief.html")
    html = out.read_text(encoding="utf-8")
    targets = set(re.findall(r'href="#([^"]+)"', html))
    anchors = set(re.findall(r'id="([^"]+)"', html))
    assert targets and targets <= anchors
    assert "Kim did not respond to the offer" in html
    assert html.count("<svg") == 2
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "<script" not in html
    assert "default-src 'none'" in html, "the page forbids itself any load"


def test_second_brief_says_what_changed(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    write_brief(store, hand_pack(), out)
    state = json.loads((tmp_path / "brief.md.state.json").read_text(encoding="utf-8"))
    assert "meeting" in state["scenarios"] and state["evidence"]
    assert "First brief" in out.read_text(encoding="utf-8")
    save(
        store,
        make_analysis(
            "A new offer",
            "Harbor Review",
            "2025-12-01",
            [
                Said(
                    "Trump said he would ease sanctions relief if Kim agreed to meet.",
                    "CONCEDE",
                    ["donald-trump"],
                    ["kim-jong-un"],
                    "2025-11-20",
                )
            ],
        ),
    )
    text = write_brief(store, hand_pack(), out).read_text(encoding="utf-8")
    changed = text.split("## What changed since the last brief")[1].split("## Charts")[0]
    assert "P(meeting):" in changed and "for the first time" in changed
    assert "data:image/svg+xml;base64," in text


def test_each_output_keeps_its_own_state_written_atomically(store: Store, tmp_path: Path) -> None:
    markdown, html = tmp_path / "b.md", tmp_path / "b.html"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "b.html.state.json").symlink_to(victim)  # a link planted at the state path
    write_brief(store, hand_pack(), markdown)
    # the HTML brief has no earlier brief of its own: the Markdown's state is not its state
    assert "First brief for this file" in write_brief(store, hand_pack(), html).read_text(
        encoding="utf-8"
    )
    assert victim.read_text(encoding="utf-8") == "keep me"
    states = {p.name for p in tmp_path.glob("*.state.json")}
    assert states == {"b.md.state.json", "b.html.state.json"}
    for name in states:
        state_file = tmp_path / name
        assert not state_file.is_symlink()
        assert json.loads(state_file.read_text(encoding="utf-8"))["scenarios"]
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_brief_command_writes_html_and_prints_markdown(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summitwatch.present.cli import app

    runner = CliRunner()
    out = tmp_path / "cli-brief.html"
    written = runner.invoke(app, ["brief", "--db", store.url, "--out", str(out)])
    assert written.exit_code == 0, written.output
    assert out.exists() and (tmp_path / "cli-brief.html.state.json").exists()
    printed = runner.invoke(app, ["brief", "--db", store.url])
    assert printed.exit_code == 0 and "## Key judgments" in printed.output


def test_brief_and_score_agree_per_outlet(store: Store) -> None:
    """One scorer: each outlet's n and Brier in the brief's chart are `score`'s."""
    from summitwatch.analyze import ledger

    brief = build_brief(store, hand_pack(), today="2025-11-06")
    labels = re.findall(r">([^<>]+) \(n=(\d+), Brier ([0-9.]+)\)<", brief.calibration_svg)
    outlets = {s.outlet: s for s in ledger.compute_scores(store) if s.holder == ledger.ALL_HOLDERS}
    assert labels and len(labels) == len(outlets)
    for outlet, n, value in labels:
        assert int(n) == outlets[outlet].n
        assert float(value) == pytest.approx(outlets[outlet].brier, abs=0.005)


def test_brief_names_each_probability(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            schema.questions.update()
            .where(schema.questions.c.id == QUESTION_ID)
            .values(status="open", resolved_on=None)
        )
    pack = hand_pack()
    for scenario in pack.scenarios:
        if scenario.id == "meeting":
            scenario.question = QUESTION_ID
    brief = build_brief(store, pack, today="2025-11-06")
    judgment = next(j for j in brief.judgments if j.key == f"question:{QUESTION_ID}")
    assert "the aggregate of 2 independent holder(s)" in judgment.text
    assert "Scenario model" in judgment.text
    model = next(j for j in brief.judgments if j.key == "scenario:meeting").probability
    assert model is not None and judgment.probability is not None
    if abs(model - judgment.probability) >= 0.10:
        assert "They differ because" in judgment.text
