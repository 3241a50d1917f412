"""Linking forecasts to questions by structure: outcome class, actors, window, and direction.

A forecast links to a question when (1) its structured outcome names the question's outcome
class and the same actors, (2) its window lies inside the question's window, or ends within
the policy's tolerance of the deadline, and (3) it was made while the question was open (on
or before the deadline, and before the question was settled). Among several such questions,
the one whose deadline is nearest the end of the forecast's window wins (then the earliest).
The direction comes from ``outcome_polarity``: a forecast that the outcome does not occur
gives the question ``1 - probability``. The sentence itself is never searched for keywords.

A forecast whose window the text does not state is read with the outcome class's default
horizon (``outcomes.yaml``), counted from the day it was made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from summitwatch.models import Forecast, Question
from summitwatch.timeml import date_bounds

DEFAULT_TOLERANCE_DAYS = 45
DEFAULT_HORIZON = "P1Y"
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class Window:
    """The days a forecast is about: from its start (or when made) to its end."""

    start: str | None
    end: str


def first_day(value: str | None) -> str | None:
    bounds = date_bounds(value)
    return bounds[0] if bounds else None


def last_day(value: str | None) -> str | None:
    bounds = date_bounds(value)
    return bounds[1] if bounds else None


def days_between(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def add_duration(day: str, duration: str) -> str:
    """``day`` plus an ISO 8601 duration of years, months, weeks and days (``P1Y``, ``P6M``)."""
    match = _DURATION.match(duration or "")
    if not match or not any(match.groups()):
        raise ValueError(f"not an ISO 8601 duration: {duration!r}")
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    start = date.fromisoformat(day)
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    moved = _clamped(year, month, start.day)
    return (moved + timedelta(days=days + 7 * weeks)).isoformat()


def _clamped(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def forecast_window(forecast: Forecast, default_horizon: str = DEFAULT_HORIZON) -> Window | None:
    """The window the text states, else the default horizon from the day the forecast was made."""
    end = last_day(forecast.window_end)
    if end is None:
        made = first_day(forecast.made_on)
        if made is None:
            return None
        end = add_duration(made, default_horizon)
    return Window(first_day(forecast.window_start), end)


def same_outcome(forecast: Forecast, outcome_class: str | None, actors: Sequence[str]) -> bool:
    return (
        bool(forecast.outcome_class)
        and forecast.outcome_class == outcome_class
        and bool(forecast.outcome_actors)
        and set(forecast.outcome_actors) == set(actors)
    )


def window_fits(window: Window, question: Question, tolerance: int) -> bool:
    """Inside the question's window, or ending within ``tolerance`` days of its deadline."""
    deadline = last_day(question.deadline)
    opens = first_day(question.opens)
    if deadline is None:
        return False
    if days_between(window.end, deadline) <= tolerance:
        return True
    if window.end > deadline or (opens and window.end < opens):
        return False
    return not (window.start and opens and window.start < opens)


def open_when_made(forecast: Forecast, question: Question, closed: Mapping[str, str]) -> bool:
    made = forecast.made_on
    if not made:
        return True
    deadline = last_day(question.deadline)
    if deadline and made > deadline:
        return False
    settled = closed.get(question.id)
    return not (settled and settled <= made)


def question_probability(forecast: Forecast) -> float:
    """The forecast's probability that the question resolves yes."""
    p = forecast.probability
    return round(p if forecast.outcome_polarity else 1 - p, 4)


@dataclass(frozen=True)
class LinkRule:
    """What the pack says about linking one outcome class."""

    default_horizon: str = DEFAULT_HORIZON
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS


def find_question(
    forecast: Forecast,
    questions: Iterable[Question],
    rules: Mapping[str, LinkRule],
    closed: Mapping[str, str] | None = None,
) -> Question | None:
    """The question ``forecast`` bears on; ``rules`` holds each outcome class's link rule.

    ``closed`` maps settled questions to the day they were settled.
    """
    rule = rules.get(forecast.outcome_class or "", LinkRule())
    window = forecast_window(forecast, rule.default_horizon)
    if window is None:
        return None
    closed = closed or {}
    candidates = [
        q
        for q in questions
        if same_outcome(forecast, q.outcome_class, q.actors)
        and window_fits(window, q, rule.tolerance_days)
        and open_when_made(forecast, q, closed)
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda q: (days_between(window.end, last_day(q.deadline) or window.end), q.id),
    )
