"""The ledger commands: forecasts, questions, score, resolve (hand-written store and pack)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitwatch.analyze import ledger
from summitwatch.extract import forecasts as forecast_stage
from summitwatch.extract import sentences as sentence_stage
from summitwatch.extract.forecasts import extract_forecasts
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Author, Document
from summitwatch.packs.pack import load_pack
from summitwatch.pipeline import Analysis, Pipeline
from summitwatch.present.cli import app
from summitwatch.store import schema
from summitwatch.store.database import Store
from tests.analyze.test_ledger_store import meeting
from tests.analyze.test_ledger_store import save as save_events

PACK_YAML = """
actors:
- {id: envoy, name: The Envoy, kind: person, aliases: [envoy]}
- {id: minister, name: The Minister, kind: person}
outcomes:
- {id: meeting, name: they meet in person, types: [CONSULT], modes_not: [phone]}
policies:
- {id: standard, description: one B report of a certain meeting in the window, min_reliability: B}
sources:
- {publisher: Wire C, reliability: B}
questions:
- id: visit-2030
  text: The envoy meets the minister by 2030-06-30
  outcome: meeting
  actors: [envoy, minister]
  opens: "2029-01-01"
  deadline: "2030-06-30"
"""

runner = CliRunner()


def save_forecast(store: Store, text: str, published: date, author: str, publisher: str) -> None:
    document = Document(
        text=text,
        source=f"{author}-{published}",
        authors=[Author(author)],
        publisher=publisher,
        published=published,
    )
    analysis = Analysis(document=document, sentences=split_sentences(text))
    analysis.forecasts = extract_forecasts(document, analysis.sentences, [])
    store.save_analysis(analysis, Pipeline((sentence_stage.STAGE, forecast_stage.STAGE)))


@pytest.fixture
def setup(tmp_path: Path) -> tuple[str, str]:
    pack_file = tmp_path / "pack.yaml"
    pack_file.write_text(PACK_YAML, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    store = Store(url)
    save_forecast(
        store, "The envoy is unlikely to meet the minister.", date(2029, 2, 1), "Ann", "Review A"
    )
    save_events(store, "Envoy Minister met.", date(2029, 9, 12), "Wire C", [meeting("2029-09-10")])
    ledger.refresh_ledger(store, load_pack(pack_file), as_of="2031-01-01")
    # the link the ledger makes from the structured outcome the forecasts stage states
    # (outcome_class, outcome_actors), written here directly: this text's stage keeps no
    # structured outcome of its own in this store
    with store.engine.begin() as connection:
        connection.execute(
            schema.forecasts.update().values(question="visit-2030", question_probability=0.2)
        )
    store.close()
    return url, str(pack_file)


def test_score_table_states_the_scales(setup: tuple[str, str]) -> None:
    url, _ = setup
    result = runner.invoke(app, ["score", "--db", url])
    assert result.exit_code == 0, result.output
    assert "Ann" in result.output and "0.640" in result.output
    assert "at least 5 scored forecasts" in result.output
    assert "0-1 scale" in result.output and "natural log" in result.output
    assert "Calibration" in result.output


def test_score_jsonl(setup: tuple[str, str]) -> None:
    url, _ = setup
    result = runner.invoke(app, ["score", "--db", url, "--format", "jsonl"])
    records = [json.loads(line) for line in result.output.splitlines()]
    ann = next(r for r in records if r["holder"] == "Ann")
    assert ann["kind"] == "score" and ann["n"] == 1
    assert ann["brier"] == pytest.approx(0.64)


def test_score_per_forecast(setup: tuple[str, str]) -> None:
    url, _ = setup
    result = runner.invoke(app, ["score", "--db", url, "--per-forecast", "--format", "jsonl"])
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    assert record["question"] == "visit-2030" and record["resolved"] == "yes"
    assert record["brier"] == pytest.approx(0.64)
    assert record["log_score"] == pytest.approx(-1.6094, abs=1e-3)


def test_forecasts_csv_and_filter(setup: tuple[str, str]) -> None:
    url, _ = setup
    result = runner.invoke(app, ["forecasts", "--db", url, "--format", "csv", "--holder", "Ann"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 1 and rows[0]["question"] == "visit-2030"
    assert float(rows[0]["question_probability"]) == pytest.approx(0.2)
    table = runner.invoke(app, ["forecasts", "--db", url])
    assert "Forecasts (1)" in table.output and "Ann" in table.output


def test_questions_and_hand_resolution(setup: tuple[str, str]) -> None:
    url, pack = setup
    listed = runner.invoke(app, ["questions", "--db", url, "--pack", pack, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    record = json.loads(listed.output.splitlines()[0])
    assert record["status"] == "yes" and record["resolved_by"] == "event"
    assert record["outcome_class"] == "meeting" and record["actors"] == ["envoy", "minister"]
    assert record["evidence"][0].startswith("ev-")
    resolved = runner.invoke(
        app,
        [
            "resolve",
            "visit-2030",
            "no",
            "--on",
            "2030-07-01",
            "--evidence",
            "wire report",
            "--db",
            url,
            "--pack",
            pack,
        ],
    )
    assert resolved.exit_code == 0, resolved.output
    again = runner.invoke(app, ["questions", "--db", url, "--pack", pack, "--format", "jsonl"])
    record = json.loads(again.output.splitlines()[0])
    assert record["status"] == "no" and record["evidence"] == ["wire report"]


def test_questions_show_prints_policy_and_evidence(setup: tuple[str, str]) -> None:
    url, pack = setup
    shown = runner.invoke(app, ["questions", "show", "visit-2030", "--db", url, "--pack", pack])
    assert shown.exit_code == 0, shown.output
    assert "status: yes" in shown.output and "policy standard" in shown.output
    assert "The envoy met the minister." in shown.output and "forecasts linked: 1" in shown.output
    earlier = runner.invoke(
        app,
        ["questions", "show", "visit-2030", "--as-of", "2029-09-01", "--db", url, "--pack", pack],
    )
    assert "status as of 2029-09-01: open" in earlier.output
    bad = runner.invoke(app, ["questions", "show", "visit-2030", "--as-of", "soon", "--db", url])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output


def test_questions_add_edit_merge_from_the_command_line(setup: tuple[str, str]) -> None:
    url, pack = setup
    common = ["--db", url, "--pack", pack]
    added = runner.invoke(
        app,
        [
            "questions",
            "add",
            "--outcome",
            "meeting",
            "--actors",
            "envoy,minister",
            "--by",
            "2032-12-31",
            "--id",
            "meet-2032",
            *common,
        ],
    )
    assert added.exit_code == 0, added.output
    edited = runner.invoke(
        app, ["questions", "edit", "meet-2032", "--text", "Meet by 2032", *common]
    )
    assert edited.exit_code == 0 and "Meet by 2032" in edited.output
    merged = runner.invoke(app, ["questions", "merge", "visit-2030", "meet-2032", *common])
    assert merged.exit_code == 0, merged.output
    listed = runner.invoke(app, ["questions", *common, "--format", "jsonl"])
    records = {json.loads(line)["id"]: json.loads(line) for line in listed.output.splitlines()}
    assert records["meet-2032"]["merged_into"] == "visit-2030"
    assert records["meet-2032"]["origin"] == "user"
    proposed = runner.invoke(app, ["questions", "--proposed", *common, "--format", "jsonl"])
    assert proposed.exit_code == 0 and proposed.output.strip() == ""
    bad = runner.invoke(
        app,
        [
            "questions",
            "add",
            "--outcome",
            "wedding",
            "--actors",
            "envoy",
            "--by",
            "2032-01-01",
            *common,
        ],
    )
    assert bad.exit_code == 1 and "unknown outcome class" in bad.output
    assert "Traceback" not in bad.output
    not_proposed = runner.invoke(app, ["questions", "accept", "visit-2030", *common])
    assert not_proposed.exit_code == 1 and "not a proposed" in not_proposed.output


def test_resolve_rejects_bad_input(setup: tuple[str, str]) -> None:
    url, pack = setup
    bad_answer = runner.invoke(
        app,
        [
            "resolve",
            "visit-2030",
            "maybe",
            "--on",
            "2030-07-01",
            "--evidence",
            "x",
            "--db",
            url,
            "--pack",
            pack,
        ],
    )
    assert bad_answer.exit_code == 1
    unknown = runner.invoke(
        app,
        [
            "resolve",
            "nope",
            "yes",
            "--on",
            "2030-07-01",
            "--evidence",
            "x",
            "--db",
            url,
            "--pack",
            pack,
        ],
    )
    assert unknown.exit_code == 1 and "nope" in unknown.output
