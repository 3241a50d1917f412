"""Linking beyond the exact match: broader and narrower questions, undated forecasts, parties.

Built by hand like tests/analyze/test_ledger.py: one envoy of Aland, one minister of Bland, a
forum where they meet, and questions of a meeting class that implies a talks class.
"""

from __future__ import annotations

import math
from dataclasses import replace

from summitwatch.analyze import ledger
from summitwatch.analyze.linking import find_question
from summitwatch.analyze.parties import forecast_parties
from summitwatch.analyze.proposals import propose_questions
from summitwatch.analyze.resolution import Evidence
from summitwatch.models import Forecast, Question
from summitwatch.packs.pack import OutcomeClass, Pack, PackActor, ResolutionPolicy

TALKS = OutcomeClass("talks", "talks at any level", types=["CONSULT"])
MEETING = OutcomeClass("meeting", "leaders meet", types=["CONSULT"], implies=["talks"])
PAIR = ["envoy", "minister"]
PACK = Pack(
    name="test",
    actors=[
        PackActor("envoy", "The Envoy", "person", country="AAA", sector="GOV"),
        PackActor("minister", "The Minister", "person", country="BBB", sector="GOV"),
        PackActor("aide", "The Aide", "person", country="BBB", sector="GOV"),
        PackActor("pundit", "The Pundit", "person", country="AAA", sector="EDU"),
        PackActor("forum", "The Forum", "organization", sector="IGO"),
        PackActor("AAA", "Aland", "state"),
        PackActor("BBB", "Bland", "state"),
    ],
    outcomes=[MEETING, TALKS],
    policies=[ResolutionPolicy("standard", "the test policy")],
)
RULES = ledger.link_rules(PACK)


def question(qid: str, opens: str, deadline: str, **changes: object) -> Question:
    base = Question(
        id=qid,
        text=qid,
        deadline=deadline,
        outcome_class="meeting",
        actors=list(PAIR),
        opens=opens,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def forecast(p: float, made_on: str = "2029-01-10", **changes: object) -> Forecast:
    base = Forecast(
        id=f"fc-{p}-{made_on}",
        document_id=f"doc-{made_on}",
        holder="H",
        statement="",
        outcome="They meet",
        probability=p,
        start=0,
        end=1,
        made_on=made_on,
        outcome_class="meeting",
        outcome_actors=list(PAIR),
        holder_kind="person",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


SUMMIT = question("summit-week", "2029-06-01", "2029-06-07")  # a narrow occasion
YEAR = question("meet-2029", "2029-01-01", "2029-12-31")  # equal to the default horizon
QUESTIONS = [SUMMIT, YEAR]


def test_undated_and_unlikely_is_first_tested_by_the_next_occasion() -> None:
    assert find_question(forecast(0.2), QUESTIONS, RULES) is SUMMIT


def test_undated_and_likely_only_bears_on_equal_or_broader_questions() -> None:
    # "likely to meet" says nothing of one week; it says something of the year
    assert find_question(forecast(0.7), QUESTIONS, RULES) is YEAR
    assert find_question(forecast(0.7), [SUMMIT], RULES) is None


def test_polarity_decides_which_way_the_bound_goes() -> None:
    # "they will probably refuse to meet": 20 % that they meet
    refuse = forecast(0.8, outcome_polarity=False)
    assert find_question(refuse, QUESTIONS, RULES) is SUMMIT


def test_a_stated_window_is_never_read_as_a_narrower_question() -> None:
    stated = forecast(0.2, window_start="2029-01-10", window_end="2029-12")
    assert find_question(stated, QUESTIONS, RULES) is YEAR
    assert find_question(stated, [SUMMIT], RULES) is None


def test_unlikely_talks_bear_on_a_meeting_question_not_the_other_way() -> None:
    talks = forecast(0.2, outcome_class="talks")
    assert find_question(talks, [SUMMIT], RULES) is SUMMIT
    talks_question = question("talks-week", "2029-06-01", "2029-06-07", outcome_class="talks")
    assert find_question(forecast(0.2), [talks_question], RULES) is None


def test_narrower_questions_need_the_forecast_to_name_both_sides() -> None:
    one_side = forecast(0.2, outcome_actors=["envoy"])
    assert find_question(one_side, QUESTIONS, RULES) is None


def test_a_meeting_of_more_parties_bears_on_the_meeting_of_two() -> None:
    three = forecast(
        0.7, window_start="2029-01-10", window_end="2029-12", outcome_actors=[*PAIR, "aide"]
    )
    assert find_question(three, QUESTIONS, RULES) is YEAR
    two_of_three = question("meet-three", "2029-01-01", "2029-12-31", actors=[*PAIR, "aide"])
    pair = forecast(0.7, window_start="2029-01-10", window_end="2029-12")
    assert find_question(pair, [two_of_three], RULES) is None


def test_parties_leave_out_the_forum_and_observers() -> None:
    named = forecast(0.5, outcome_actors=["envoy", "forum", "minister", "pundit"])
    assert forecast_parties(PACK, named) == PAIR
    # a forum named beside one side only is kept: no counterpart to meet there
    assert forecast_parties(PACK, forecast(0.5, outcome_actors=["envoy", "forum"])) == [
        "envoy",
        "forum",
    ]


def test_the_holder_is_the_other_side_of_a_meeting_it_forecasts() -> None:
    own = forecast(0.7, outcome_actors=["minister"], holder_actor="envoy")
    assert forecast_parties(PACK, own) == ["minister", "envoy"]
    # an observer, or a holder of the same side, is no counterpart
    pundit = forecast(0.7, outcome_actors=["minister"], holder_actor="pundit")
    assert forecast_parties(PACK, pundit) == ["minister"]
    colleague = forecast(0.7, outcome_actors=["minister"], holder_actor="aide")
    assert forecast_parties(PACK, colleague) == ["minister"]


def test_a_proposal_opens_the_day_after_the_forecast_was_made() -> None:
    (proposal,) = propose_questions([forecast(0.7, "2030-03-01")], [], PACK, RULES)
    assert proposal.opens == "2030-03-02" and proposal.deadline == "2031-03-01"


# -- sharing and scoring over the ledger's own state ------------------------------------


def test_holders_share_a_proposal_and_the_exact_outcome_is_preferred() -> None:
    ann = forecast(0.3, holder="Ann", window_start="2029-01-10", window_end="2031-06-30")
    bob = forecast(0.6, "2029-02-01", holder="Bob", window_start="2029-02-01", window_end="2031-07")
    far = forecast(0.6, holder="Cy", window_start="2029-01-10", window_end="2033-12")
    three = replace(
        far, id="three", holder="Di", window_end="2031-06", outcome_actors=[*PAIR, "aide"]
    )
    questions = ledger.build_ledger_state(
        PACK, [], [ann, bob, far, three], evidence_none(), "2029-03-01"
    )
    assert ann.question == bob.question != far.question
    shared = next(q for q in questions if q.id == ann.question)
    assert shared.actors == sorted(PAIR) and shared.proposed and shared.origin == "forecast"
    # a meeting of three has a question of its own, though the meeting of two is broader
    assert three.question not in (None, ann.question)


def test_a_proposal_no_forecast_ends_on_is_dropped() -> None:
    # Ann states no horizon: her own proposal runs a year, but Bob's narrower question, due
    # first, is what tests "unlikely"; her proposal is left with no forecast and is not kept
    ann = forecast(0.3, holder="Ann")
    bob = forecast(0.3, "2029-02-01", holder="Bob", window_start="2029-02-01", window_end="2029-06")
    questions = ledger.build_ledger_state(PACK, [], [ann, bob], evidence_none(), "2029-03-01")
    assert ann.question == bob.question
    assert [q.deadline for q in questions] == ["2029-06-30"]


def test_scores_use_the_question_probability_and_skip_conditions_and_open_questions() -> None:
    settled = {
        "summit-week": replace(SUMMIT, status="no", resolved_on="2029-06-07"),
        "meet-2029": YEAR,  # open
    }
    refuse = forecast(0.9, holder="Ann", outcome_polarity=False, document_id="a")
    conditional = forecast(0.2, holder="Bob", document_id="b", condition="if talks resume")
    hopeful = forecast(0.7, holder="Cy", document_id="c")
    items = [refuse, conditional, hopeful]
    ledger.link_all(items, list(settled.values()), PACK)
    assert refuse.question == "summit-week" and refuse.question_probability == 0.1
    assert hopeful.question == "meet-2029"
    data = ledger.ledger_of(items, settled, {"a": "Review"})
    (scored,) = data.scored  # the conditional and the open question are not scored
    assert scored.forecast is refuse and scored.outlet == "Review"
    assert scored.brier == 0.1**2 and round(scored.log_score, 4) == round(math.log(0.9), 4)


def evidence_none() -> Evidence:
    return Evidence({}, [])
