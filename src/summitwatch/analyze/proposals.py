"""Questions proposed from forecasts that fit no question.

A forecast with a structured outcome (an outcome class of the pack and actors the pack knows)
that links to no question proposes one: the same class and actors, a window from the day
after the forecast was made (or the start its text states, if later) to the end of its
window, or to the class's default horizon when the text states none. Forecasts with the
same outcome whose deadlines lie within the policy's tolerance share one proposal, so that
different holders are compared on one question. A proposal is marked ``origin: forecast``
and ``proposed`` until a user accepts it (``summitwatch questions accept``); unaccepted
proposals are made afresh at each refresh. A forecast whose window closed by the day it
was made ("the meeting was unlikely at this time") proposes nothing, and a proposal that no
forecast ends on (its forecast found a broader question) is not kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from summitwatch.analyze.linking import (
    LinkRule,
    day_after,
    days_between,
    first_day,
    forecast_window,
)
from summitwatch.models import Forecast, Question, make_id
from summitwatch.packs.pack import OutcomeClass, Pack

ID_LIMIT = 80
TWO_SIDED_ROLES = ("participants", "joint")


def proposal_id(outcome: str, actors: Sequence[str], deadline: str) -> str:
    slug = f"{outcome}-{'-'.join(sorted(actors))}-by-{deadline}"
    if len(slug) <= ID_LIMIT:
        return slug
    return make_id(f"{outcome}-by-{deadline}", *sorted(actors))[:ID_LIMIT]


def proposal_text(pack: Pack, outcome: str, actors: Sequence[str], deadline: str) -> str:
    names = [found.name if (found := pack.actor(a)) else a for a in actors]
    kind = pack.outcome(outcome)
    what = kind.name if kind else outcome
    return f"{' and '.join(names)}: {what}, by {deadline} (from a forecast)"


def proposable(forecast: Forecast, pack: Pack) -> bool:
    """A structured outcome of a known class whose actors the pack knows."""
    if forecast.question or not forecast.outcome_class or not forecast.outcome_actors:
        return False
    outcome = pack.outcome(forecast.outcome_class)
    if outcome is None or len(set(forecast.outcome_actors)) < minimum_actors(outcome):
        return False
    return all(pack.actor(a) is not None for a in forecast.outcome_actors)


def minimum_actors(outcome: OutcomeClass) -> int:
    """A meeting, talks or a deal takes two sides; a test or sanctions, one actor."""
    return 2 if outcome.role in TWO_SIDED_ROLES else 1


def shared_proposal(
    proposals: Iterable[Question], forecast: Forecast, deadline: str, tolerance: int
) -> Question | None:
    for q in proposals:
        same = q.outcome_class == forecast.outcome_class and set(q.actors) == set(
            forecast.outcome_actors
        )
        if same and q.deadline and days_between(q.deadline, deadline) <= tolerance:
            return q
    return None


def proposal_opens(start: str | None, made: str | None) -> str | None:
    """The window opens after the day the forecast was made: that day's news is known to it."""
    after = day_after(made) if made else None
    if start is None or (after and start < after):
        return after
    return start


def propose_questions(
    forecasts: Iterable[Forecast],
    questions: Sequence[Question],
    pack: Pack,
    rules: Mapping[str, LinkRule],
) -> list[Question]:
    """New questions for the structured forecasts that link to none (nothing is written)."""
    taken = {q.id for q in questions}
    proposals: list[Question] = []
    for forecast in sorted(forecasts, key=lambda f: (f.made_on or "", f.id)):
        if not proposable(forecast, pack):
            continue
        rule = rules.get(forecast.outcome_class or "", LinkRule())
        window = forecast_window(forecast, rule.default_horizon)
        if window is None:
            continue
        opens = proposal_opens(window.start, first_day(forecast.made_on))
        if opens and opens > window.end:
            continue  # its window had closed when it was made: nothing left to forecast
        found = shared_proposal(proposals, forecast, window.end, rule.tolerance_days)
        if found is not None:
            if opens and (found.opens is None or opens < found.opens):
                found.opens = opens
            continue
        outcome = forecast.outcome_class or ""
        actors = sorted(forecast.outcome_actors)
        new_id = proposal_id(outcome, actors, window.end)
        if new_id in taken:
            continue
        taken.add(new_id)
        proposals.append(
            Question(
                id=new_id,
                text=proposal_text(pack, outcome, actors, window.end),
                deadline=window.end,
                outcome_class=outcome,
                actors=actors,
                opens=opens,
                origin="forecast",
                proposed=True,
            )
        )
    return proposals
