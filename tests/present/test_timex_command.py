"""`summitwatch timex`: jsonl and timeml output, and one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from summitwatch.present.commands.timex import timex_command

TEXT = "Kim met Putin last year and will visit China next April.\n"


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Keep `timex` a subcommand, as in the real CLI."""

    app.command("timex")(timex_command)
    return app


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(make_app(), ["timex", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    code, out, _ = run("--dct", "2025-11-05", str(source))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records == [
        {"start": 14, "end": 23, "text": "last year", "type": "DATE", "value": "2024"},
        {"start": 45, "end": 55, "text": "next April", "type": "DATE", "value": "2026-04"},
    ]
    for record in records:
        assert TEXT[record["start"] : record["end"]] == record["text"]


def test_timeml_from_stdin_keeps_text_outside_tags() -> None:
    code, out, _ = run("--dct", "2025-11-05", "-", "--format", "timeml", stdin=TEXT)
    assert code == 0
    assert out.startswith('Kim met Putin <TIMEX3 tid="t1" type="DATE" value="2024">last year')
    assert (
        out.replace('<TIMEX3 tid="t1" type="DATE" value="2024">', "")
        .replace('<TIMEX3 tid="t2" type="DATE" value="2026-04">', "")
        .replace("</TIMEX3>", "")
        == TEXT
    )


def test_mod_appears_only_when_set() -> None:
    code, out, _ = run("--dct", "2025-11-05", stdin="by the end of April")
    assert code == 0
    assert json.loads(out)["mod"] == "END"


def test_bad_dct_is_one_line_and_exit_2() -> None:
    code, _, err = run("--dct", "2025-13-45", stdin=TEXT)
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "--dct" in err and "Traceback" not in err


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = run("--dct", "2025-11-05", str(tmp_path / "absent.txt"))
    assert code == 2
    assert "no such file" in err and err.strip().count("\n") == 0


def test_bad_format_is_exit_2() -> None:
    code, _, err = run("--dct", "2025-11-05", "--format", "xml", stdin=TEXT)
    assert code == 2
    assert "--format" in err
