"""Stages for the Dask tests: importable by name, so that workers in other processes can
unpickle a pipeline made of them."""

from __future__ import annotations

import os
from pathlib import Path

from summitwatch.models import Analysis, Timex
from summitwatch.stage import Context, Stage


def tag_year(analysis: Analysis, context: Context) -> None:
    analysis.timexes = [Timex(0, 4, "2019", "DATE", "2019")]


def misbehave(analysis: Analysis, context: Context) -> None:
    """A bug on one text, a stage stuck on another, and a crash that takes its worker
    process down the first time it meets a third (a marker file beside the input says it
    happened, so the retry on a new worker goes through)."""
    text = analysis.document.text
    if "bug" in text:
        raise RuntimeError("stage bug on this text")
    if "loop" in text:
        while True:
            pass
    marker = Path(analysis.document.source + ".crashed")
    if "crash" in text and not marker.exists():
        marker.write_text("the worker died here once\n")
        os._exit(1)


TIMEX = Stage("timex", "1", (), ("timexes",), tag_year)
EVENTS = Stage("events", "1", (), ("events",), misbehave)
