"""The desk's commands: quotes, actors, search, --format, checked dates, no database created."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from summitwatch import __version__
from summitwatch.present.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"summitwatch {__version__}"


def test_quotes_by_speaker_name_or_id_any_case(desk_store_url: str) -> None:
    outputs = []
    for speaker in ("Kim Jong Un", "KIM-JONG-UN", "kim jong un"):
        code, out, err = run(
            "quotes", "--db", desk_store_url, "--speaker", speaker, "--format", "json"
        )
        assert code == 0, err
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0] and all(q["speaker"] == "kim-jong-un" for q in outputs[0])


def test_unknown_speaker_suggests_the_closest(desk_store_url: str) -> None:
    code, _, err = run("quotes", "--db", desk_store_url, "--speaker", "Kim Jong-Um")
    assert code == 1
    assert err.count("\n") == 1 and "did you mean" in err and "kim-jong-un" in err


def test_bad_dates_name_the_option_in_one_line(desk_store_url: str) -> None:
    for option, value in (("--from", "2025-13-01"), ("--to", "yesterday")):
        code, _, err = run("quotes", "--db", desk_store_url, option, value)
        assert code == 2
        assert err.count("\n") == 1 and option in err and value in err


def test_quote_dates_filter(desk_store_url: str) -> None:
    _, out, _ = run("quotes", "--db", desk_store_url, "--format", "json")
    everything = json.loads(out)
    _, out, _ = run("quotes", "--db", desk_store_url, "--from", "2025", "--format", "json")
    recent = json.loads(out)
    assert 0 < len(recent) < len(everything)


def test_actors_csv_and_suggestions(desk_store_url: str) -> None:
    code, out, _ = run("actors", "trump", "--db", desk_store_url, "--format", "csv")
    assert code == 0
    found = list(csv.DictReader(io.StringIO(out)))
    assert [row["id"] for row in found] == ["donald-trump"]
    code, _, err = run("actors", "Donlad Trump", "--db", desk_store_url)
    assert code == 1 and "did you mean donald-trump" in err


def test_search_finds_a_quote_as_table_and_json(desk_store_url: str) -> None:
    code, out, _ = run(
        "search",
        "give up our weapons",
        "--db",
        desk_store_url,
        "--kind",
        "quote",
        "--format",
        "json",
    )
    assert code == 0
    hits = json.loads(out)
    assert hits and hits[0]["kind"] == "quote" and "weapons" in hits[0]["text"]
    code, out, _ = run("search", "weapons", "--db", desk_store_url)
    assert code == 0 and "weapons" in out


def test_bad_format_and_kind_are_usage_errors(desk_store_url: str) -> None:
    assert run("quotes", "--db", desk_store_url, "--format", "xml")[0] == 2
    assert run("search", "kim", "--db", desk_store_url, "--kind", "note")[0] == 2


def test_reading_commands_never_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "x.db"
    for command in (["quotes"], ["actors"], ["search", "kim"], ["serve"]):
        code, _, err = run(*command, "--db", f"sqlite:///{missing}")
        assert code == 1 and "no database" in err, command
    assert not missing.parent.exists()


def test_timeline_and_scenarios_check_their_dates(desk_store_url: str) -> None:
    code, _, err = run("timeline", "--db", desk_store_url, "--from", "2025-13-01")
    assert code == 2 and "--from" in err and err.count("\n") == 1
    code, _, err = run("scenarios", "--db", desk_store_url, "--as-of", "notadate")
    assert code == 2 and "--as-of" in err


def test_timeline_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir" / "x.db"
    code, _, err = run("timeline", "--db", f"sqlite:///{missing}")
    assert code == 1 and "no database" in err
    assert not (tmp_path / "nonexistent").exists()


def test_timeline_actor_any_case_or_name(desk_store_url: str) -> None:
    outputs = [run("timeline", "--db", desk_store_url, "--actor", a)[1] for a in ("PRK", "prk")]
    assert outputs[0] == outputs[1]
    code, out, _ = run("timeline", "--db", desk_store_url, "--actor", "Donald Trump")
    assert code == 0 and "Timeline: 0 events" not in out
    code, _, err = run("timeline", "--db", desk_store_url, "--actor", "Donald Trum")
    assert code == 1 and "did you mean donald-trump" in err


def test_brief_refuses_an_unknown_question_and_an_unwritable_format(
    desk_store_url: str, tmp_path: Path
) -> None:
    code, _, err = run("brief", "--db", desk_store_url, "--question", "nope")
    assert code == 1 and "--question" in err
    target = tmp_path / "brief.pdf"
    code, _, err = run("brief", "--db", desk_store_url, "--out", str(target))
    assert code == 2 and ".pdf" in err and not target.exists()
