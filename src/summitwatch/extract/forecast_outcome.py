"""The structured outcome of a forecast: class, actors, polarity and time window.

The ledger links forecasts to questions by these fields rather than by the wording: which
outcome class the affirmative outcome names (``forecast_outcomes.yaml``; the class ids are the
pack's), the canonical actors named in it, whether it names the class happening, and the window
the text gives for it (a deadline opens the window at the day the forecast was made).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.lexicons import lexicon_path, read_lexicon_file
from summitwatch.models import Mention, Timex

OUTCOMES_FILE = lexicon_path("forecast_outcomes")


@dataclass(frozen=True)
class OutcomeCues:
    classes: tuple[tuple[str, re.Pattern[str]], ...]
    negative: re.Pattern[str]
    deadline: re.Pattern[str]
    placed: re.Pattern[str]


@dataclass(frozen=True)
class StructuredOutcome:
    outcome_class: str | None
    actors: list[str]
    polarity: bool
    window_start: str | None
    window_end: str | None


@lru_cache(maxsize=2)
def load_outcome_cues(path: Path = OUTCOMES_FILE) -> OutcomeCues:
    data: dict[str, Any] = read_lexicon_file(path)
    classes = tuple(
        (item["id"], re.compile("|".join(f"(?:{c})" for c in item["cues"]), re.I))
        for item in data["classes"]
    )
    return OutcomeCues(
        classes=classes,
        negative=re.compile("|".join(data["negative"]), re.I),
        deadline=re.compile(data["deadline_cue"], re.I),
        placed=re.compile(data["placed_cue"], re.I),
    )


def classify_outcome(outcome: str, cues: OutcomeCues | None = None) -> tuple[str | None, bool]:
    """The outcome class the text names (the first listed class that matches) and polarity."""
    cues = cues or load_outcome_cues()
    for class_id, regex in cues.classes:
        if regex.search(outcome):
            return class_id, not cues.negative.search(outcome)
    return None, True


def outcome_actors(mentions: list[Mention], start: int, end: int, holder: str | None) -> list[str]:
    """Canonical actors named inside the outcome's span, in order, without the holder."""
    found: list[str] = []
    for mention in mentions:
        inside = start <= mention.start < end and mention.actor_id != holder
        if mention.actor_id and inside and mention.actor_id not in found:
            found.append(mention.actor_id)
    return found


def outcome_window(
    text: str,
    start: int,
    end: int,
    timexes: list[Timex],
    made_on: str | None,
    horizon: str | None,
    cues: OutcomeCues | None = None,
    phrase_at: int | None = None,
) -> tuple[str | None, str | None]:
    """(window_start, window_end) as TimeML values; (None, None) when the text gives none."""
    cues = cues or load_outcome_cues()
    if horizon:
        return made_on, horizon
    for timex in timexes:
        if timex.type != "DATE" or not (start <= timex.start < end):
            continue
        after_phrase = phrase_at is not None and timex.start >= phrase_at
        if not timex.value[:1].isdigit():
            continue
        value = ahead_of(timex, made_on)
        before = text[max(start, timex.start - 40) : timex.start]
        if cues.deadline.search(before):
            return made_on, value
        if after_phrase or cues.placed.search(before) or timex.start == start:
            # "is likely to be early next year", "will likely meet … on June 12"
            return value, value
    return None, None


def ahead_of(timex: Timex, made_on: str | None) -> str:
    """A forecast looks ahead: a weekday or month named without a year that the tagger placed
    before the forecast was made ("Sunday", "in October") is the next one."""
    value = timex.value
    if not made_on or any(ch.isdigit() for ch in timex.text) or value[:10] >= made_on[: len(value)]:
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = date.fromisoformat(value)
        while day.isoformat() < made_on:
            day += timedelta(days=7)
        return day.isoformat()
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{int(value[:4]) + 1}{value[4:]}"
    return value


def structure_outcome(
    outcome: str,
    text: str,
    span: tuple[int, int],
    mentions: list[Mention],
    timexes: list[Timex],
    made_on: str | None,
    horizon: str | None,
    holder_actor: str | None,
    phrase_at: int | None = None,
) -> StructuredOutcome:
    outcome_class, polarity = classify_outcome(outcome)
    start, end = span
    window_start, window_end = outcome_window(
        text, start, end, timexes, made_on, horizon, phrase_at=phrase_at
    )
    return StructuredOutcome(
        outcome_class=outcome_class,
        actors=outcome_actors(mentions, start, end, holder_actor),
        polarity=polarity,
        window_start=window_start,
        window_end=window_end,
    )
