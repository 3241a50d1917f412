"""Linking forecasts to the pack's questions, with the direction they point.

The rules are the pack's (``questions.yaml``: ``subject``, ``about``, ``against``, ``opens``,
``deadline``); this module applies them. A forecast links to at most one question: among the
candidates, the one with the earliest deadline, i.e. the first event that can prove the
judgment right or wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from summitwatch.models import Forecast
from summitwatch.packs.pack import PackQuestion
from summitwatch.timeml import last_date

# an explicit horizon must name (about) the question's deadline
HORIZON_TOLERANCE_DAYS = 45


def last_day(value: str | None) -> date | None:
    """The last day a TimeML date value covers ("2018-06" -> 2018-06-30)."""
    return last_date(value)


def subject_text(forecast: Forecast) -> str:
    """What the judgment is about: the statement before its estimative phrase."""
    phrase = (forecast.phrase or "").split(";")[0].strip().lower()
    at = forecast.statement.lower().find(phrase) if phrase else -1
    return forecast.statement[:at] if at > 0 else forecast.statement


def _search(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.I) is not None


def bears_on(forecast: Forecast, question: PackQuestion) -> bool:
    made = forecast.made_on
    if made and question.opens and made < question.opens:
        return False
    if made and question.deadline and made > question.deadline:
        return False
    if question.subject and not _search(question.subject, subject_text(forecast)):
        return False
    if not question.about or not all(_search(p, forecast.outcome) for p in question.about):
        return False
    horizon = last_day(forecast.horizon)
    deadline = last_day(question.deadline)
    return not (horizon and deadline and abs((horizon - deadline).days) > HORIZON_TOLERANCE_DAYS)


def is_negation(forecast: Forecast, question: PackQuestion) -> bool:
    return any(_search(p, forecast.outcome) for p in question.against)


def question_probability(forecast: Forecast, question: PackQuestion) -> float:
    """The forecast's probability that ``question`` resolves yes."""
    p = forecast.probability
    return round(1 - p if is_negation(forecast, question) else p, 4)


def find_question(
    forecast: Forecast, questions: Iterable[PackQuestion], closed: dict[str, str] | None = None
) -> PackQuestion | None:
    """The question a forecast bears on; ``closed`` maps resolved questions to their date.

    A question already resolved when the forecast was made is no longer open to it.
    """
    closed = closed or {}
    candidates = [
        q
        for q in questions
        if bears_on(forecast, q)
        and not (q.id in closed and forecast.made_on and closed[q.id] <= forecast.made_on)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda q: (q.deadline or "9999", q.id))


def link_forecasts(
    forecasts: Iterable[Forecast],
    questions: list[PackQuestion],
    closed: dict[str, str] | None = None,
) -> None:
    """Set question, question_probability (and a missing horizon) on each forecast.

    A horizon equal to a question's deadline was taken from an earlier link, not from the
    text: it is cleared before linking again.
    """
    deadlines = {q.deadline for q in questions if q.deadline}
    for forecast in forecasts:
        if forecast.horizon in deadlines:
            forecast.horizon = None
        question = find_question(forecast, questions, closed)
        if question is None:
            forecast.question = None
            forecast.question_probability = None
            continue
        forecast.question = question.id
        forecast.question_probability = question_probability(forecast, question)
        if not forecast.horizon:
            forecast.horizon = question.deadline
