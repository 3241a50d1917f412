"""The ledger: structured linking, proposals, the three resolution paths, ``as_of``, scores.

Everything here is built by hand (constructed forecasts, events and reports), so that each
rule is tested on its own; the seeds and the example corpus are in tests/acceptance.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from summitwatch.analyze import ledger
from summitwatch.analyze.linking import (
    LinkRule,
    add_duration,
    find_question,
    forecast_window,
    last_day,
    question_probability,
)
from summitwatch.analyze.proposals import propose_questions
from summitwatch.analyze.resolution import Evidence, Report, resolve_question
from summitwatch.analyze.scoring import aggregate, brier_score, calibration, log_score, logit
from summitwatch.models import Event, Forecast, Question
from summitwatch.packs.pack import (
    OutcomeClass,
    Pack,
    PackActor,
    PackQuestion,
    ResolutionPolicy,
    SourceRating,
)

MEETING = OutcomeClass("meeting", "leaders meet", types=["CONSULT"], modes_not=["phone"])
TEST = OutcomeClass("missile-test", "a missile test", types=["MOBILIZE"], role="agent")
POLICY = ResolutionPolicy("standard", "the test policy")
PAIR = ["envoy", "minister"]
PACK = Pack(
    name="test",
    actors=[
        PackActor("envoy", "The Envoy", "person", country="AAA"),
        PackActor("minister", "The Minister", "person", country="BBB"),
        PackActor("AAA", "Aland", "state"),
        PackActor("BBB", "Bland", "state"),
    ],
    outcomes=[MEETING, TEST],
    policies=[POLICY],
    sources=[SourceRating("Wire", "B"), SourceRating("Gazette", "C")],
    questions=[
        PackQuestion(
            "meet-2030", "They meet by mid-2030", "meeting", PAIR, "2030-06-30", "2029-01-01"
        ),
        PackQuestion("meet-2035", "They meet by 2035", "meeting", PAIR, "2035-12-31", "2029-01-01"),
    ],
)
RULES = {"meeting": LinkRule("P1Y", 45), "missile-test": LinkRule("P6M", 45)}


def question(qid: str = "meet-2030", **changes: object) -> Question:
    base = Question(
        id=qid,
        text="They meet",
        deadline="2030-06-30",
        outcome_class="meeting",
        actors=list(PAIR),
        opens="2029-01-01",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def forecast(p: float = 0.7, made_on: str = "2029-05-01", **changes: object) -> Forecast:
    base = Forecast(
        id=f"fc-{p}-{made_on}-{changes.get('holder', 'H')}-{changes.get('window_end')}",
        document_id=str(changes.pop("document_id", f"doc-{made_on}")),
        holder="H",
        statement="The envoy is likely to meet the minister.",
        outcome="The envoy meets the minister",
        probability=p,
        start=0,
        end=1,
        made_on=made_on,
        outcome_class="meeting",
        outcome_actors=list(PAIR),
        holder_kind="person",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def event(eid: str, date: str | None, document_id: str = "d1", **changes: object) -> Event:
    base = Event(
        id=eid,
        document_id=document_id,
        type="CONSULT",
        start=0,
        end=1,
        sentence="The envoy met the minister.",
        actors=["envoy"],
        recipients=["minister"],
        date=date,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def report(
    rid: str, published: str, reliability: str = "B", story: str | None = None, **changes: object
) -> Report:
    actors = frozenset(changes.pop("actors", PAIR))  # type: ignore[arg-type]
    return Report(rid, published, reliability, story or rid, actors)


def evidence(reports: list[Report], events: list[Event]) -> Evidence:
    return Evidence(
        {r.id: r for r in reports},
        events,
        {"envoy": "AAA", "minister": "BBB"},
        frozenset(a.id for a in PACK.actors),
    )


def resolve(
    q: Question, found: Evidence, as_of: str = "2031-01-01", outcome: OutcomeClass = MEETING
):
    return resolve_question(q, outcome, POLICY, found, as_of)


# -- scoring arithmetic ----------------------------------------------------------------


def test_brier_matches_hand_computation() -> None:
    assert brier_score(0.2, False) == pytest.approx(0.04)
    assert brier_score(0.3, True) == pytest.approx(0.49)
    assert brier_score(1.0, True) == 0.0
    assert brier_score(0.5, False) == pytest.approx(0.25)


def test_log_score_is_natural_log_clipped() -> None:
    assert log_score(0.8, True) == pytest.approx(math.log(0.8))
    assert log_score(0.8, False) == pytest.approx(math.log(0.2))
    assert log_score(1.0, False) == pytest.approx(math.log(0.01))
    assert log_score(0.0, False) == pytest.approx(math.log(0.99))


def test_aggregate_is_median_of_log_odds() -> None:
    result = aggregate([0.2, 0.5, 0.9])
    assert result is not None and result.probability == pytest.approx(0.5)
    assert not result.extremized
    two = aggregate([0.2, 0.8])
    assert two is not None and two.probability == pytest.approx(0.5)


def test_extremize_only_with_five_voices() -> None:
    four = aggregate([0.7, 0.7, 0.7, 0.7])
    five = aggregate([0.7] * 5)
    assert four is not None and four.probability == pytest.approx(0.7)
    assert five is not None and five.extremized
    assert five.probability == pytest.approx(1 / (1 + math.exp(-1.5 * logit(0.7))), abs=1e-4)


def test_calibration_bins() -> None:
    bins = calibration([(0.1, False), (0.15, True), (0.7, True), (1.0, True)])
    assert [b.n for b in bins] == [2, 0, 0, 1, 1]
    assert bins[0].observed == pytest.approx(0.5)
    assert bins[0].mean_forecast == pytest.approx(0.125)


def test_scores_per_holder_and_outlet_one_judgment_per_document() -> None:
    settled = {"meet-2030": question(status="yes", resolved_on="2029-09-10")}
    ann = forecast(
        0.2, holder="Ann", document_id="a", question="meet-2030", question_probability=0.2
    )
    ann_again = replace(ann, id="fc-restated", start=5, question_probability=0.9)
    restated = replace(ann, id="fc-grouped", document_id="z", representative=False)
    bob = forecast(
        0.9, holder="Bob", document_id="b", question="meet-2030", question_probability=0.9
    )
    group = forecast(
        0.5,
        holder="analysts",
        document_id="b",
        question="meet-2030",
        question_probability=0.5,
        holder_kind="group",
    )
    late = forecast(
        0.9,
        made_on="2029-09-10",
        holder="Cy",
        document_id="c",
        question="meet-2030",
        question_probability=0.9,
    )
    outlets = {"a": "Review A", "b": "Review B", "c": "Wire C"}
    data = ledger.ledger_of([ann, ann_again, restated, bob, group, late], settled, outlets)
    scores = {(s.scope, s.holder, s.outlet): s for s in ledger.scores_from(data.scored)}
    assert scores[("holder", "Ann", "Review A")].n == 1  # the restatement is not a new forecast
    assert scores[("holder", "Ann", "Review A")].brier == pytest.approx(0.64)
    assert scores[("holder", "Ann", "Review A")].log_score == pytest.approx(math.log(0.2), abs=1e-4)
    assert scores[("holder", "Bob", "Review B")].brier == pytest.approx(0.01)
    assert scores[("group", "analysts", "Review B")].brier == pytest.approx(0.25)
    review_b = ledger.outlet_scores(data.scored)["Review B"]
    assert review_b.n == 2 and review_b.brier == pytest.approx((0.01 + 0.25) / 2, abs=1e-4)
    # made the day the question was settled: not scored
    assert all(s.forecast.holder != "Cy" for s in data.scored)


def test_calibration_per_holder_needs_enough_forecasts() -> None:
    settled = {f"q{i}": question(f"q{i}", status="no", resolved_on="2030-06-30") for i in range(6)}
    items = [
        forecast(0.1, holder="Ann", document_id=f"d{i}", question=f"q{i}", question_probability=0.1)
        for i in range(6)
    ] + [forecast(0.3, holder="Bob", document_id="x", question="q0", question_probability=0.3)]
    data = ledger.ledger_of(items, settled, {})
    per_holder = ledger.calibration_by_holder(data.scored, minimum=5)
    assert list(per_holder) == ["Ann"] and per_holder["Ann"][0].n == 6


# -- linking ---------------------------------------------------------------------------


def test_links_by_class_actors_and_window() -> None:
    questions = [question(), question("meet-2035", deadline="2035-12-31")]
    stated = forecast(window_end="2030-06")
    assert find_question(stated, questions, RULES).id == "meet-2030"  # type: ignore[union-attr]
    later = forecast(window_end="2034")
    assert find_question(later, questions, RULES).id == "meet-2035"  # type: ignore[union-attr]
    wrong_class = forecast(outcome_class="missile-test")
    assert find_question(wrong_class, questions, RULES) is None
    other_pair = forecast(outcome_actors=["envoy", "AAA"])
    assert find_question(other_pair, questions, RULES) is None
    unstructured = forecast(outcome_class=None, outcome_actors=[])
    assert find_question(unstructured, questions, RULES) is None


def test_window_must_lie_inside_or_end_near_the_deadline() -> None:
    q = question()
    assert find_question(forecast(window_end="2030-08-01"), [q], RULES) is q  # within 45 days
    assert find_question(forecast(window_end="2030-12-31"), [q], RULES) is None
    assert find_question(forecast(window_end="2028-12-31"), [q], RULES) is None  # before it opens
    assert (
        find_question(forecast(window_start="2028-01-01", window_end="2029-06"), [q], RULES) is None
    )


def test_no_window_stated_uses_the_default_horizon() -> None:
    item = forecast(made_on="2029-03-01")
    window = forecast_window(item, "P1Y")
    assert window is not None and window.end == "2030-03-01"
    assert add_duration("2029-08-31", "P6M") == "2030-02-28"
    assert find_question(item, [question()], RULES) is not None


def test_made_after_the_deadline_or_after_settling_does_not_link() -> None:
    q = question()
    assert find_question(forecast(made_on="2030-07-02", window_end="2030-06"), [q], RULES) is None
    closed = {"meet-2030": "2029-09-10"}
    assert (
        find_question(forecast(made_on="2029-10-01", window_end="2030-06"), [q], RULES, closed)
        is None
    )
    assert (
        find_question(forecast(made_on="2029-08-01", window_end="2030-06"), [q], RULES, closed) is q
    )


def test_direction_from_polarity_not_from_words() -> None:
    assert question_probability(forecast(0.8)) == pytest.approx(0.8)
    assert question_probability(forecast(0.8, outcome_polarity=False)) == pytest.approx(0.2)


def test_last_day() -> None:
    assert last_day("2018-06") == "2018-06-30"
    assert last_day("2024-02") == "2024-02-29"
    assert last_day("2026") == "2026-12-31"
    # an ISO week ends on its Sunday, not with its year
    assert last_day("2020-W27") == "2020-07-05" and last_day("2019-W01") == "2019-01-06"


# -- proposals -------------------------------------------------------------------------


def test_a_forecast_that_fits_no_question_proposes_one_and_others_share_it() -> None:
    questions = [question()]
    first = forecast(0.3, made_on="2029-04-01", holder="Ann", window_end="2032-12-31")
    near = forecast(0.6, made_on="2029-05-01", holder="Bob", window_end="2033-01-20")
    far = forecast(0.6, made_on="2029-05-01", holder="Cy", window_end="2034-12-31")
    unknown = forecast(0.5, outcome_actors=["envoy", "nobody"], window_end="2032")
    one_side = forecast(0.5, outcome_actors=["envoy"], window_end="2032")
    proposals = propose_questions([near, first, far, unknown, one_side], questions, PACK, RULES)
    assert [p.deadline for p in proposals] == ["2032-12-31", "2034-12-31"]
    shared = proposals[0]
    assert shared.origin == "forecast" and shared.proposed
    assert shared.outcome_class == "meeting" and shared.actors == sorted(PAIR)
    assert shared.opens == "2029-04-02"  # the day after the first was made
    assert find_question(near, proposals, RULES) is shared
    assert find_question(first, proposals, RULES) is shared


def test_proposal_without_a_stated_horizon_uses_the_class_default() -> None:
    item = forecast(made_on="2029-03-01", outcome_class="missile-test", outcome_actors=["AAA"])
    (proposal,) = propose_questions([item], [], PACK, RULES)
    assert proposal.deadline == "2029-09-01" and "from a forecast" in proposal.text


def test_ledger_state_links_pack_questions_and_proposals() -> None:
    items = [
        forecast(0.7, made_on="2029-03-01", holder="Ann", window_end="2030-06-30"),
        forecast(0.4, made_on="2029-03-01", holder="Bob", window_end="2040"),
    ]
    questions = ledger.build_ledger_state(PACK, [], items, evidence([], []), "2029-06-01")
    assert items[0].question == "meet-2030"
    assert items[1].question is not None and items[1].question.endswith("by-2040-12-31")
    assert {q.id for q in questions if q.proposed} == {items[1].question}


# -- resolution: the event path ----------------------------------------------------------


def test_yes_from_a_certain_event_in_the_window_from_a_reliable_source() -> None:
    found = evidence([report("d1", "2029-09-12")], [event("e1", "2029-09-10")])
    result = resolve(question(), found)
    assert (result.status, result.resolved_on, result.known_on) == (
        "yes",
        "2029-09-10",
        "2029-09-12",
    )
    assert result.evidence == ["e1"] and result.resolved_by == "event"


def test_a_weak_source_needs_two_independent_stories() -> None:
    one = evidence([report("d1", "2029-09-12", "C")], [event("e1", "2029-09-10")])
    assert resolve(question(), one).status == "open"
    copies = evidence(
        [report("d1", "2029-09-12", "C", "s1"), report("d2", "2029-09-13", "C", "s1")],
        [event("e1", "2029-09-10"), event("e2", "2029-09-10", "d2")],
    )
    assert resolve(question(), copies).status == "open"
    two = evidence(
        [report("d1", "2029-09-12", "C"), report("d2", "2029-09-14", "D")],
        [event("e1", "2029-09-10"), event("e2", "2029-09-10", "d2")],
    )
    result = resolve(question(), two)
    assert result.status == "yes" and result.known_on == "2029-09-14"


@pytest.mark.parametrize(
    "changes",
    [
        {"factuality": "PR+"},
        {"factuality": "CT-"},
        {"modality": "planned"},
        {"modality": "hypothetical"},
        {"modality": "reported", "factuality_source": "some aide"},
        {"factuality_source": "an unnamed official"},
        {"mode": "phone"},
        {"type": "REQUEST"},
        {"recipients": ["AAA"]},
        {"date": "2029"},  # not wholly inside the window
        {"date": "2030-09-01"},
        {"date": None},
    ],
)
def test_only_what_happened_resolves_yes(changes: dict[str, object]) -> None:
    changes = dict(changes)
    day = changes.pop("date", "2029-09-10")
    found = evidence([report("d1", "2030-12-01")], [event("e1", day, **changes)])  # type: ignore[arg-type]
    assert resolve(question(), found, as_of="2030-06-01").status == "open"


def test_a_named_actor_reported_by_the_author_may_commit() -> None:
    said = event("e1", "2029-09-10", modality="reported", factuality_source="minister")
    assert resolve(question(), evidence([report("d1", "2029-09-12")], [said])).status == "yes"


def test_an_event_reported_before_its_date_is_not_evidence() -> None:
    found = evidence([report("d1", "2029-08-01")], [event("e1", "2029-09-10")])
    assert resolve(question(), found, as_of="2030-01-01").status == "open"


def test_a_state_question_counts_its_people() -> None:
    test_q = question("test", outcome_class="missile-test", actors=["AAA"])
    launch = event("e1", "2029-09-10", type="MOBILIZE", actors=["envoy"], recipients=[])
    result = resolve(test_q, evidence([report("d1", "2029-09-12")], [launch]), outcome=TEST)
    assert result.status == "yes"


# -- resolution: the statement path ------------------------------------------------------


def test_no_from_an_explicit_denial_once_the_window_closed() -> None:
    denied = event("e1", None, "d1", factuality="CT-", modality="negated")
    early = evidence([report("d1", "2030-03-01")], [denied])
    assert resolve(question(), early, as_of="2030-03-02").status == "open"
    late = evidence([report("d1", "2030-07-03")], [denied])
    result = resolve(question(), late, as_of="2030-07-03")
    assert (result.status, result.resolved_by) == ("no", "statement")
    assert result.resolved_on == "2030-06-30" and result.known_on == "2030-07-03"
    assert result.evidence == ["e1"]


def test_a_denial_of_one_day_leaves_the_window_open() -> None:
    one_day = event("e1", "2029-09-10", "d1", factuality="CT-", modality="negated")
    found = evidence([report("d1", "2030-07-03")], [one_day])
    # not a statement about the window; the closed-window policy decides instead
    assert resolve(question(), found, as_of="2030-07-03").resolved_by == "closed-window"
    whole = event("e2", "2029", "d1", factuality="CT-", modality="negated")
    q = question(opens="2029-01-01", deadline="2029-12-31")
    assert resolve(q, evidence([report("d1", "2030-01-03")], [whole]), "2030-01-03").status == "no"


# -- resolution: the closed window -------------------------------------------------------


def test_closed_window_no_when_later_reporting_shows_no_such_event() -> None:
    reports = [
        report("d1", "2030-08-01", "C"),
        report("d2", "2030-09-01", "C"),
        report("d3", "2029-05-01"),
    ]
    result = resolve(question(), evidence(reports, []), as_of="2031-01-01")
    assert (result.status, result.resolved_by) == ("no", "closed-window")
    assert result.resolved_on == "2030-06-30" and result.known_on == "2030-09-01"
    assert result.evidence == ["document:d1", "document:d2"]


def test_closed_window_needs_reports_on_the_actors_after_the_deadline() -> None:
    unrelated = [report("d1", "2030-08-01", actors=["envoy"])]
    assert resolve(question(), evidence(unrelated, []), as_of="2031-01-01").status == "open"
    too_late = [report("d1", "2032-08-01")]
    assert resolve(question(), evidence(too_late, []), as_of="2033-01-01").status == "open"


def test_a_weak_report_of_the_event_keeps_the_window_from_closing() -> None:
    reports = [report("d1", "2030-08-01"), report("d0", "2029-09-12", "E")]
    found = evidence(reports, [event("e0", "2029-09-10", "d0")])
    assert resolve(question(), found, as_of="2031-01-01").status == "open"
    # hearsay too: a missed "yes" costs less than a false "no"
    hearsay = event("e0", "2029-09-10", "d0", modality="reported", factuality_source="reported")
    assert resolve(question(), evidence(reports, [hearsay]), as_of="2031-01-01").status == "open"
    # but not a plan or a hypothesis
    planned = event("e0", "2029-09-10", "d0", modality="planned")
    closed = resolve(question(), evidence(reports, [planned]), as_of="2031-01-01")
    assert closed.resolved_by == "closed-window"


# -- as_of ---------------------------------------------------------------------------------


def test_as_of_resolves_with_what_was_published_then() -> None:
    reports = [report("d1", "2029-09-12"), report("d2", "2030-08-01")]
    found = evidence(reports, [event("e1", "2029-09-10")])
    assert resolve(question(), found, as_of="2029-09-11").status == "open"
    assert resolve(question(), found, as_of="2029-09-12").status == "yes"
    closed = evidence([report("d2", "2030-08-01")], [])
    assert resolve(question(), closed, as_of="2030-07-15").status == "open"
    assert resolve(question(), closed, as_of="2030-08-01").status == "no"


def test_a_meeting_needs_one_of_its_parties_as_the_actor() -> None:
    # "Talk of another envoy-minister meeting gained traction": they are what is talked about
    talked_about = event("e1", "2029-09-10", actors=[], recipients=["envoy", "minister"])
    found = evidence([report("d1", "2029-09-12")], [talked_about])
    assert resolve(question(), found).status != "yes"


def test_a_joint_outcome_needs_every_actor_as_an_actor() -> None:
    deal = OutcomeClass("agreement", "a deal", types=["AGREE"], role="joint")
    q = question("deal", outcome_class="agreement", actors=["AAA", "BBB"])
    one_sided = event("e1", "2029-09-10", type="AGREE", actors=["AAA", "CCC"], recipients=["BBB"])
    both = event("e2", "2029-09-10", type="AGREE", actors=["envoy", "BBB"], recipients=[])
    reports = [report("d1", "2029-09-12")]
    assert resolve(q, evidence(reports, [one_sided]), "2029-10-01", deal).status == "open"
    assert resolve(q, evidence(reports, [both]), "2029-10-01", deal).status == "yes"


def test_reports_corroborate_one_occurrence_not_any() -> None:
    """Two weak stories of different days prove nothing; two of the same day do."""
    reports = [report("d1", "2029-09-12", "C"), report("d2", "2029-10-01", "C")]
    apart = [event("e1", "2029-05-31"), event("e2", "2029-09-10", "d2")]
    assert resolve(question(), evidence(reports, apart), "2029-12-01").status == "open"
    same_day = [event("e1", "2029-09-10"), event("e2", "2029-09-10", "d2")]
    result = resolve(question(), evidence(reports, same_day), "2029-12-01")
    assert (result.status, result.resolved_on, result.known_on) == (
        "yes",
        "2029-09-10",
        "2029-10-01",
    )


def test_a_vague_report_does_not_lend_weight_to_one_day() -> None:
    reports = [report("d1", "2029-09-12", "C"), report("d2", "2029-10-01", "C")]
    vague = [event("e1", "2029-09-01"), event("e2", "2029-09", "d2")]
    result = resolve(question(), evidence(reports, vague), "2029-12-01")
    # both fall in September: settled in September, not on the one report's day (09-01), and by
    # the first report of it at the latest (it had happened when it was reported)
    assert (result.status, result.resolved_on) == ("yes", "2029-09-12")
    assert result.evidence == ["e1", "e2"]
    later = [report("d1", "2029-10-03", "C"), report("d2", "2029-10-05", "C")]
    result = resolve(question(), evidence(later, vague), "2029-12-01")
    assert (result.status, result.resolved_on) == ("yes", "2029-09-30")
