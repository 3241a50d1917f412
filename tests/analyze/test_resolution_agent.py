"""Closed windows of outcomes one side carries out (a test, sanctions) that name two actors."""

from __future__ import annotations

from summitwatch.analyze.resolution import Evidence, Report, resolve_question
from summitwatch.models import Event, Question
from summitwatch.packs.pack import OutcomeClass, ResolutionPolicy

TEST = OutcomeClass("missile-test", "a missile test", types=["MOBILIZE"], role="agent")
POLICY = ResolutionPolicy("standard", "the test policy")
# proposed from "the minister may stage a test rather than meet the envoy": both are named
QUESTION = Question(
    id="test-by-2030",
    text="The envoy and the minister: a missile test",
    deadline="2030-06-30",
    outcome_class="missile-test",
    actors=["envoy", "minister"],
    opens="2030-01-01",
)


def found(*events: Event) -> Evidence:
    reports = {
        "d1": Report("d1", "2030-03-02", "C", "d1", frozenset({"minister"})),
        "d2": Report("d2", "2030-08-01", "B", "d2", frozenset({"envoy", "minister"})),
    }
    return Evidence(reports, list(events), {}, frozenset({"envoy", "minister"}))


def launch(actor: str) -> Event:
    return Event(
        id=f"e-{actor}",
        document_id="d1",
        type="MOBILIZE",
        start=0,
        end=1,
        sentence="The minister's side test-fired a missile.",
        actors=[actor],
        date="2030-03-01",
    )


def test_a_test_by_one_of_the_actors_keeps_the_window_from_closing() -> None:
    result = resolve_question(QUESTION, TEST, POLICY, found(launch("minister")), "2031-01-01")
    assert result.status == "open"  # not "no": the minister tested, if not "at" the envoy


def test_without_such_a_test_the_window_closes() -> None:
    result = resolve_question(QUESTION, TEST, POLICY, found(launch("someone")), "2031-01-01")
    assert (result.status, result.resolved_by) == ("no", "closed-window")
