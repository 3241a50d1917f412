"""When a modal verb projects an uncertain outcome, and when it does something else.

A bare "will" is the commonest word in a news story about a summit, and most of its uses are
not forecasts: schedules ("will meet alone for a 20-minute conversation"), vows and threats
("we will never sign"), policy ("sanctions will remain until…"), hopes ("hopefully this will
not be necessary"), questions settled by waiting ("will show if he's telling the truth") and
reported plans ("said Pyongyang will not respond"). This module names those uses; the cues live
in ``forecast_cues.yaml``. Estimative words ("likely", "a good chance") are judgments in any of
these frames and are never filtered here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.extract.estimative import Estimate
from summitwatch.lexicons import lexicon_path, read_lexicon_file

CUES_FILE = lexicon_path("forecast_cues")


@dataclass(frozen=True)
class ForecastCues:
    bare_modals: frozenset[str]
    intention_modals: frozenset[str]
    schedule_modals: frozenset[str]
    first_person_modals: frozenset[str]
    hope: re.Pattern[str]
    wait_and_see: re.Pattern[str]
    relative: re.Pattern[str]
    first_person: re.Pattern[str]
    schedule: re.Pattern[str]
    policy: re.Pattern[str]
    embedded_question: re.Pattern[str]
    descriptive: re.Pattern[str]
    statement_verbs: re.Pattern[str]
    projection_verbs: re.Pattern[str]
    past_attitude: re.Pattern[str]
    certainty: re.Pattern[str]
    poll_share: re.Pattern[str]
    principal: re.Pattern[str]
    indefinite_time: re.Pattern[str]
    reporting_lemmas: frozenset[str]
    group_nouns: frozenset[str]
    holder_nouns: frozenset[str]
    holder_suffixes: re.Pattern[str]
    anonymous_roles: frozenset[str]
    not_holders: frozenset[str]


@lru_cache(maxsize=2)
def load_forecast_cues(path: Path = CUES_FILE) -> ForecastCues:
    data: dict[str, Any] = read_lexicon_file(path)

    def rx(key: str, flags: int = re.I) -> re.Pattern[str]:
        return re.compile(data[key], flags)

    return ForecastCues(
        bare_modals=frozenset(data["bare_modals"]),
        intention_modals=frozenset(data["intention_modals"]),
        schedule_modals=frozenset(data["schedule_modals"]),
        first_person_modals=frozenset(data["first_person_modals"]),
        hope=rx("hope"),
        wait_and_see=rx("wait_and_see", 0),
        relative=rx("relative"),
        first_person=rx("first_person", 0),
        schedule=rx("schedule_phrases"),
        policy=rx("policy"),
        embedded_question=rx("embedded_question"),
        descriptive=rx("descriptive"),
        statement_verbs=rx("statement_verbs"),
        projection_verbs=rx("projection_verbs"),
        past_attitude=rx("past_attitude"),
        certainty=rx("certainty"),
        poll_share=rx("poll_share"),
        principal=rx("principal_nouns"),
        indefinite_time=rx("indefinite_time"),
        reporting_lemmas=frozenset(data["reporting_lemmas"]),
        group_nouns=frozenset(w.lower() for w in data["group_nouns"]),
        holder_nouns=frozenset(w.lower() for w in data["holder_nouns"]),
        holder_suffixes=rx("holder_suffixes"),
        anonymous_roles=frozenset(w.lower() for w in data["anonymous_roles"]),
        not_holders=frozenset(w.lower() for w in data["not_holders"]),
    )


@dataclass(frozen=True)
class ModalFrame:
    """What surrounds a modal: the clause before and after it, and who utters it."""

    before: str  # clause text before the modal
    after: str  # clause text after the modal
    sentence_before: str  # sentence text before the modal (reporting frames sit there)
    principal_holder: bool  # the holder is an actor who controls the outcome


def is_projection(estimate: Estimate, frame: ModalFrame, cues: ForecastCues) -> bool:
    """Whether a modal (or flat expectation) projects an uncertain outcome."""
    kind = estimate.phrase_id
    if kind not in cues.bare_modals:
        return True
    intention = kind in cues.intention_modals
    near = _near_before(frame.sentence_before)
    if cues.indefinite_time.match(frame.after):
        # "we'll, at some point in the not-too-distant future, meet…": no date, no plan; the
        # speaker projects (a hope is still a hope)
        return not cues.hope.search(near)
    return not any(
        (
            bool(cues.hope.search(near)),
            bool(cues.embedded_question.match(frame.after)),
            bool(cues.wait_and_see.search(frame.after[:WAIT_WINDOW])),
            bool(cues.certainty.search(near)),
            bool(cues.policy.search(frame.after)),
            kind in cues.schedule_modals and bool(cues.schedule.match(frame.after)),
            kind in cues.first_person_modals
            and bool(cues.first_person.search(near) or INVERTED_FIRST_PERSON.match(frame.after)),
            intention and bool(cues.descriptive.match(frame.after)),
            intention and bool(cues.relative.search(near)),
            intention and frame.principal_holder,
            intention and _reported_plan(estimate, frame, cues),
        )
    )


# "Never again will we provide…": the subject follows the modal
INVERTED_FIRST_PERSON = re.compile(r"\s+(?:we|I)\b")
# "I think … I'll know" only when the waiting follows the phrase closely
WAIT_WINDOW = 45


def _near_before(text: str) -> str:
    """The words before a modal back to the nearest clause break ("…, but")."""
    cut = max(text.rfind(","), text.rfind(";"), text.rfind("—"), text.rfind(" but "))
    return text[cut + 1 :] if cut >= 0 else text


def _reported_plan(estimate: Estimate, frame: ModalFrame, cues: ForecastCues) -> bool:
    """A backshifted modal under a verb of saying or of past belief reports, it does not judge;
    under a verb of judging that comes after them ("said … think they will") it projects."""
    window = frame.sentence_before[-160:]
    judged = [m.end() for m in cues.projection_verbs.finditer(window)]
    reported = [m.end() for m in cues.statement_verbs.finditer(window)]
    reported += [m.end() for m in cues.past_attitude.finditer(window)]
    if not reported:
        return False
    return not judged or max(judged) <= max(reported)


def is_poll_share(text: str, estimate: Estimate, cues: ForecastCues) -> bool:
    """ "26 percent say …": a share of respondents, not a probability."""
    return estimate.strength == "number" and bool(cues.poll_share.match(text[estimate.end :]))
