"""Linking beyond the exact match: broader and narrower questions, undated forecasts, parties.

Built by hand like tests/analyze/test_ledger.py: one envoy of Aland, one minister of Bland, a
forum where they meet, and questions of a meeting class that implies a talks class.
"""

from __future__ import annotations

from dataclasses import replace

from summitwatch.analyze import ledger
from summitwatch.analyze.linking import find_question
from summitwatch.analyze.parties import forecast_parties
from summitwatch.analyze.proposals import propose_questions
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
