"""Linking forecasts to questions by structure: outcome class, actors, window, and direction.

A forecast links to a question when (1) its structured outcome names the question's outcome
class and the same actors, (2) its window lies inside the question's window, or ends within
the policy's tolerance of the deadline, and (3) it was made while the question was open (on
or before the deadline, and before the question was settled). Among several such questions,
the one whose deadline is nearest the end of the forecast's window wins (then the earliest).
The direction comes from ``outcome_polarity``: a forecast that the outcome does not occur
gives the question ``1 - probability``. The sentence itself is never searched for keywords.

A meeting of more parties includes a meeting of some of them, so a question about a meeting
of some of the parties a forecast names is broader and bears on it as above (classes whose
``role`` is ``participants`` or ``joint``); a question about all of them is preferred.

A forecast whose window the text does not state is read with the outcome class's default
horizon (``outcomes.yaml``), counted from the day it was made. Its judgment is tested by the
first question it bears on (the earliest deadline): "Kim is unlikely to re-engage", said in
December 2024, is tested by the next occasion, not only by a question due a year on. When it
gives the outcome less than even odds, it also bears on narrower questions: a question of its
class or of a class that implies it (a meeting implies talks), about at least its parties,
settled within its default window, has at most the forecast's probability, and is scored at
it (never kinder to the forecast on a "no" than its words). A forecast that states its
window is never linked to a narrower question: the question it names is proposed instead.
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
# a forecast giving an outcome less than even odds ("unlikely") bounds every narrower outcome
BOUND_PROBABILITY = 0.5
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class Window:
    """The days a forecast is about: from its start (or when made) to its end."""

    start: str | None
    end: str
    stated: bool = True  # False: the class's default horizon, the text gives none


def first_day(value: str | None) -> str | None:
    bounds = date_bounds(value)
    return bounds[0] if bounds else None


def last_day(value: str | None) -> str | None:
    bounds = date_bounds(value)
    return bounds[1] if bounds else None


def day_after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


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
        # what happened the day it was published is known to it, not forecast
        return Window(day_after(made), add_duration(made, default_horizon), stated=False)
    return Window(first_day(forecast.window_start), end)


def same_outcome(forecast: Forecast, outcome_class: str | None, actors: Sequence[str]) -> bool:
    return (
        bool(forecast.outcome_class)
        and forecast.outcome_class == outcome_class
        and bool(forecast.outcome_actors)
        and set(forecast.outcome_actors) == set(actors)
    )


def broader_or_same(forecast: Forecast, question: Question, rule: LinkRule) -> bool:
    """The question asks the forecast's outcome, or a meeting of some of its parties."""
    if not forecast.outcome_class or forecast.outcome_class != question.outcome_class:
        return False
    named, asked = set(forecast.outcome_actors), set(question.actors)
    if not named or not asked:
        return False
    return named == asked or (rule.several_parties and len(asked) >= 2 and asked <= named)


def narrower_or_same(forecast: Forecast, question: Question, rule: LinkRule) -> bool:
    """The question asks a case of the forecast's outcome: its class or one implying it,
    about at least the forecast's parties."""
    if not forecast.outcome_class or question.outcome_class not in rule.cases:
        return False
    named, asked = set(forecast.outcome_actors), set(question.actors)
    if not named or not asked:
        return False
    # one side of a meeting is an outcome half read, not a general one: it names no counterpart
    return named == asked or (rule.several_parties and len(named) >= 2 and named <= asked)


def settled_inside(window: Window, question: Question, tolerance: int) -> bool:
    """The question is settled by the end of the forecast's window (or within tolerance)."""
    deadline = last_day(question.deadline)
    if deadline is None:
        return False
    return deadline <= window.end or days_between(window.end, deadline) <= tolerance


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
    """What the pack says about linking one outcome class.

    ``cases``: this class and the classes that imply it (their questions are narrower);
    ``several_parties``: its outcome takes several parties (a meeting, a joint agreement).
    """

    default_horizon: str = DEFAULT_HORIZON
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS
    cases: tuple[str, ...] = ()
    several_parties: bool = False


def find_question(
    forecast: Forecast,
    questions: Iterable[Question],
    rules: Mapping[str, LinkRule],
    closed: Mapping[str, str] | None = None,
) -> Question | None:
    """The question ``forecast`` bears on; ``rules`` holds each outcome class's link rule.

    ``closed`` maps settled questions to the day they were settled.
    """
    cls = forecast.outcome_class or ""
    rule = rules.get(cls, LinkRule(cases=(cls,)))
    window = forecast_window(forecast, rule.default_horizon)
    if window is None:
        return None
    closed = closed or {}
    open_ones = [q for q in questions if open_when_made(forecast, q, closed)]
    fitting = [
        q
        for q in open_ones
        if broader_or_same(forecast, q, rule) and window_fits(window, q, rule.tolerance_days)
    ]
    if not window.stated and question_probability(forecast) < BOUND_PROBABILITY:
        fitting += [
            q
            for q in open_ones
            if q not in fitting
            and narrower_or_same(forecast, q, rule)
            and settled_inside(window, q, rule.tolerance_days)
        ]
    if not fitting:
        return None

    def broader(q: Question) -> bool:
        return set(q.actors) != set(forecast.outcome_actors)

    if not window.stated:
        # no horizon in the text: the first question that tests the judgment
        return min(fitting, key=lambda q: (last_day(q.deadline) or "", broader(q), q.id))
    return min(
        fitting,
        key=lambda q: (
            broader(q),
            days_between(window.end, last_day(q.deadline) or window.end),
            q.id,
        ),
    )
