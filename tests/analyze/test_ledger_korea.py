"""Linking on the korea pack's own questions, with forecasts built as the forecasts stage
states them (structured outcome and the horizon the text gives): each Trump–Kim meeting
forecast ends on an open Trump–Kim meeting question with the horizon its text states."""

from __future__ import annotations

import re

import pytest

from summitwatch.analyze import ledger
from summitwatch.analyze.resolution import Evidence
from summitwatch.models import Forecast
from summitwatch.packs.pack import Pack, load_pack
from summitwatch.settings import Settings

PAIR = ["donald-trump", "kim-jong-un"]
# words of a question about something other than the meeting taking place
SIDE = r"agree|deal|\bsign|denucleari|declar|\bseeks?\b|propos|\boffers?\b|invit|request|\basks?\b"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(Settings().pack_path)


def meeting_forecast(made_on: str, window_end: str | None, holder: str = "H") -> Forecast:
    return Forecast(
        id=f"fc-{made_on}-{window_end}-{holder}",
        document_id=f"doc-{made_on}",
        holder=holder,
        statement="A Trump–Kim meeting is unlikely.",
        outcome="Trump and Kim meet",
        probability=0.3,
        start=0,
        end=1,
        horizon=window_end,
        made_on=made_on,
        outcome_class="meeting",
        outcome_actors=list(PAIR),
        window_end=window_end,
        holder_kind="person",
    )


@pytest.mark.parametrize(
    ("made_on", "window_end", "expected"),
    [
        ("2018-05-14", "2018-06-12", "trump-kim-summit-2018"),
        ("2018-10-16", "2019-03", "second-summit-2019-03"),
        ("2019-06-29", "2019-06-30", "third-meeting-2019"),
        ("2019-10-21", "2020-11", "fourth-meeting-2020-election"),
        ("2025-07-15", "2025-12-31", "trump-kim-meet-2025"),
        ("2025-07-15", "2026-11-03", "trump-kim-meet-2026"),
        ("2025-10-02", "2025-10", "oct-2025-trip-meeting"),
        # no horizon stated, at most even odds: first tested by the trip under way
        ("2025-10-27", None, "oct-2025-trip-meeting"),
    ],
)
def test_meeting_forecasts_end_on_the_question_their_horizon_names(
    pack: Pack, made_on: str, window_end: str | None, expected: str
) -> None:
    item = meeting_forecast(made_on, window_end)
    ledger.build_ledger_state(pack, [], [item], Evidence({}, []), "2026-12-01")
    assert item.question == expected
    assert item.horizon == window_end  # the row keeps what the text said


def test_a_horizon_no_pack_question_has_gets_a_shared_proposal(pack: Pack) -> None:
    ann = meeting_forecast("2019-12-01", "2020", "Ann")
    bob = meeting_forecast("2020-01-10", "2020-12-15", "Bob")
    questions = ledger.build_ledger_state(pack, [], [ann, bob], Evidence({}, []), "2026-12-01")
    proposal = next(q for q in questions if q.id == ann.question)
    assert bob.question == proposal.id and proposal.proposed
    assert proposal.deadline == "2020-12-31" and proposal.actors == PAIR
    # a question the scorer reads as "a Trump–Kim meeting takes place"
    assert re.search(r"meet|summit", proposal.text) and not re.search(SIDE, proposal.text)


def test_pack_meeting_questions_read_as_meetings(pack: Pack) -> None:
    for question in pack.questions:
        if question.outcome == "meeting" and set(question.actors) == set(PAIR):
            assert re.search(r"meet|summit", question.text.lower()), question.id
            assert not re.search(SIDE, question.text.lower()), question.id


def test_parties_leave_out_observers_and_states_their_people_stand_for(pack: Pack) -> None:
    from summitwatch.analyze.parties import outcome_parties

    named = ["northfield-forecasting-notes", "donald-trump", "USA", "kim-jong-un", "PRK"]
    assert outcome_parties(pack, named, "2019-03-01") == ["donald-trump", "kim-jong-un"]
    assert outcome_parties(pack, ["USA", "PRK"], "2019-03-01") == ["USA", "PRK"]
    item = meeting_forecast("2019-10-21", "2020-11")
    item.outcome_actors = ["donald-trump", "kim-jong-un", "USA", "leah-sorensen"]
    ledger.build_ledger_state(pack, [], [item], Evidence({}, []), "2026-12-01")
    assert item.question == "fourth-meeting-2020-election"
    assert item.outcome_actors == ["donald-trump", "kim-jong-un", "USA", "leah-sorensen"]
