"""The factuality of an event (FactBank: CT+ ... Uu) and the coarse modality derived from it.

Factuality says how far the text commits to the event having happened and who commits to it
(the author, or the speaker the author reports). It is read from the grammar around the
event's predicate (:class:`~summitwatch.extract.event_grammar.TriggerState`): negation makes
it certain-negative, a condition or a modal of possibility possible, the future (will, plan,
set to, scheduled) probable, anything else certain. Only certain-positive events (CT+) are
things that happened; the ledger trusts nothing else.

``modality`` is kept as a coarse view for readers and exports: negated (CT-, PR-, PS-),
planned (not certain, in the future), hypothetical (not certain otherwise), reported (certain,
committed to by a quoted or reporting speaker), historical (certain, over a year before
publication), asserted (certain).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summitwatch.extract.event_grammar import TriggerState
from summitwatch.extract.factuality import read_factuality
from summitwatch.models import Factuality, Modality

AUTHOR = "author"
CERTAIN = 3.0
REPORTED = "reported"  # a reporting speaker the event stage could not name
NEGATIVE: frozenset[str] = frozenset({"CT-", "PR-", "PS-"})
# the UW scale's value for each FactBank label (Stanovsky et al. 2017 map them the same way)
SCORES: dict[str, float] = {
    "CT+": 3.0,
    "PR+": 2.0,
    "PS+": 1.0,
    "Uu": 0.0,
    "PS-": -1.0,
    "PR-": -2.0,
    "CT-": -3.0,
}


@dataclass(frozen=True)
class EventFactuality:
    label: Factuality
    score: float
    source: str


def _as_label(label: str) -> Factuality:
    return label if label in SCORES else "Uu"  # type: ignore[return-value]


def read_token_factuality(
    token: Any,
    *,
    refusal: bool,
    future: bool,
    source: str | None,
    act_now: bool = False,
    negated: bool = False,
) -> EventFactuality:
    """Factuality from the parse (:func:`summitwatch.extract.factuality.read_factuality`).

    ``refusal``: the event is a refusal coded from a negated act ("will not meet" is REJECT):
    the refusal itself is what the text asserts, with the commitment the act had.
    ``source``: the reporting speaker as an actor id, when one was resolved.
    ``negated``: the grammar around the trigger negates it (a negator, or a verb such as
    "refrain" or "stop" governing it), whatever the reading says.
    ``act_now``: the event is the promise or threat a future act makes (PLOVER codes "will
    give" as AGREE, "will strike" as THREATEN): the promise is made now, whatever becomes of
    what is promised.
    """
    reading = read_factuality(token)
    score = reading.score
    if negated and not refusal and score > 0:
        score = -score  # the trigger's own grammar negates it ("will refrain from tests")
    if refusal and score < 0:
        score = -score
    if act_now and -0.5 < score < CERTAIN:
        score = CERTAIN
    label = _as_label(reading.label) if score == reading.score else _label_near(score)
    if future and label == "CT+" and not act_now:
        label, score = "PR+", SCORES["PR+"]
    # the reading's speaker is words ("the North Korean leader"); an actor id found by the
    # event stage names it better, and only a reporting verb makes someone else the source
    speaker = reading.source if reading.source and reading.source != AUTHOR else None
    if source == REPORTED and speaker:
        source = speaker
    return EventFactuality(label, score, source or AUTHOR)


def _label_near(score: float) -> Factuality:
    return _as_label(min(SCORES, key=lambda label: abs(SCORES[label] - score)))


def read_state_factuality(
    state: TriggerState, *, refusal: bool, future: bool, source: str | None, act_now: bool = False
) -> EventFactuality:
    """Factuality from the grammar of the trigger.

    ``refusal``: the event is itself a refusal (REJECT from a negated offer or meeting), so the
    negation is what happened, not what did not.
    """
    if state.negated and not refusal:
        label: Factuality = "CT-"
    elif state.hypothetical and not act_now:
        label = "PS+"
    elif future and not act_now:
        label = "PR+"
    else:
        label = "CT+"
    return EventFactuality(label, SCORES[label], source or AUTHOR)


def derive_modality(
    factuality: EventFactuality, *, future: bool, ahead: bool, old: bool
) -> Modality:
    """The coarse modality of an event, from its factuality and tense.

    ``ahead``: dated after publication; ``old``: ending over a year before publication.
    """
    if factuality.label in NEGATIVE:
        return "negated"
    if factuality.label != "CT+":
        return "planned" if future or ahead else "hypothetical"
    if ahead:
        return "planned"
    if factuality.source != AUTHOR:
        return "reported"
    return "historical" if old else "asserted"
