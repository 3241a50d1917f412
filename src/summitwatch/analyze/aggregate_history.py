"""A question's aggregate over time: the ledger's aggregate as it stood after each forecast day.

The question page's chart and the API's ``aggregate_history`` both read this, so the chart
shows exactly what the ledger computes (``ledger.aggregate_question``), never a recomputation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from summitwatch.analyze.ledger import Ledger, aggregate_question, source_groups
from summitwatch.packs.pack import Pack
from summitwatch.timeml import first_date


@dataclass(frozen=True)
class AggregatePoint:
    on: str  # ISO day: a forecast on the question was made that day (its first day if coarser)
    probability: float
    voices: int
    extremized: bool
    holders: list[str]  # the holders whose latest forecast counts on that day


def aggregate_history(ledger: Ledger, pack: Pack | None, question_id: str) -> list[AggregatePoint]:
    """One point per day on which a forecast on the question was made, oldest first.

    Each point is the aggregate of every voice's latest forecast made by that day; a day whose
    forecasts cannot be aggregated (conditional, unnamed holders) adds no point.
    """
    question = ledger.questions.get(question_id)
    if question is None:
        return []
    # the question's own forecasts only: each day then costs its forecasts, not the store's
    own = replace(ledger, forecasts=[f for f in ledger.forecasts if f.question == question_id])
    days = sorted(
        {made.isoformat() for f in own.forecasts if (made := first_date(f.made_on)) is not None}
    )
    groups = source_groups(pack)
    points = []
    for day in days:
        found = aggregate_question(own, groups, question, as_of=day)
        if found.probability is not None:
            points.append(
                AggregatePoint(
                    day, found.probability, found.voices, found.extremized, found.holders
                )
            )
    return points
