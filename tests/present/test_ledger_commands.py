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
from summitwatch.packs.pack import load_pack
from summitwatch.present.cli import app
from summitwatch.store.database import Store
from tests.analyze.test_ledger import save

PACK_YAML = """
questions:
- id: visit-2030
  text: The envoy visits the capital by 2030-06-30
  opens: "2029-01-01"
  deadline: "2030-06-30"
  subject: "envoy"
  about: ["visit|travel"]
  resolution:
    statements:
      "yes": ["envoy arrived in the capital"]
"""

runner = CliRunner()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[str, str]:
    pack_file = tmp_path / "pack.yaml"
    pack_file.write_text(PACK_YAML, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    store = Store(url)
    save(store, "The envoy is unlikely to visit the capital.", date(2029, 2, 1), "Ann", "Review A")
    save(store, "The envoy arrived in the capital today.", date(2030, 4, 2), "Cy", "Wire C")
    ledger.refresh_ledger(store, load_pack(pack_file))
    store.close()
    return url, str(pack_file)


def test_score_table_states_the_scales(setup: tuple[str, str]) -> None:
    url, _ = setup
    result = runner.invoke(app, ["score", "--db", url])
    assert result.exit_code == 0, result.output
    assert "Ann" in result.output and "0.640" in result.output
    assert "0-1 scale" in result.output and "natural log" in result.output
    assert "Calibration" in result.output


def test_score_jsonl(setup: tuple[str, str]) -> None:
    url, _ = setup
    result = runner.invoke(app, ["score", "--db", url, "--format", "jsonl"])
    records = [json.loads(line) for line in result.output.splitlines()]
    ann = next(r for r in records if r["holder"] == "Ann")
    assert ann["kind"] == "score" and ann["n"] == 1
    assert ann["brier"] == pytest.approx(0.64)


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
    record = json.loads(listed.output.splitlines()[0])
    assert record["status"] == "yes" and record["evidence"][0].startswith("sentence:")
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
