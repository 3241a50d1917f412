"""``summitwatch timex``: temporal tagging of plain text, nothing stored.

Offsets are character offsets into the input as given; the TimeML output is the input with
inline ``<TIMEX3>`` tags, byte-identical outside them.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from summitwatch.models import Timex

FORMATS = ("jsonl", "timeml")


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def parse_dct(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--dct must be a date as YYYY-MM-DD, not {text!r}") from None


def read_input(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"no such file: {file}") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise fail(f"cannot read {file}: {error.__class__.__name__}") from None


def timex_record(timex: Timex) -> dict[str, object]:
    record: dict[str, object] = {
        "start": timex.start,
        "end": timex.end,
        "text": timex.text,
        "type": timex.type,
        "value": timex.value,
    }
    if timex.mod:
        record["mod"] = timex.mod
    return record


def timex_command(
    dct: str = typer.Option(..., "--dct", help="Document creation time, YYYY-MM-DD."),
    file: str = typer.Argument("-", help="A text file, or - for standard input."),
    format: str = typer.Option("jsonl", "--format", help="jsonl or timeml."),
) -> None:
    """Tag time expressions (TIMEX3) in plain text, normalized against --dct."""
    from summitwatch.extract.timex import render_timeml, tag_timexes

    if format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    creation = parse_dct(dct)
    text = read_input(file)
    timexes = tag_timexes(text, creation)
    if format == "timeml":
        sys.stdout.write(render_timeml(text, timexes))
        return
    for timex in timexes:
        sys.stdout.write(json.dumps(timex_record(timex), ensure_ascii=False) + "\n")
