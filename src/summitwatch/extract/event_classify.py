"""The PLOVER type of one lone sentence: the event stage's type rules without a document.

Kept apart from ``event_triggers.py`` because it uses the stage's rules in ``events.py``,
which themselves use the triggers (one direction of import only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summitwatch.extract.event_grammar import decide_type, find_state
from summitwatch.extract.event_selection import select_matches
from summitwatch.extract.event_triggers import find_matches, rank_matches
from summitwatch.extract.parse import parse_sentences


@dataclass(frozen=True)
class TypeCall:
    type: str
    mode: str | None
    trigger: str


def classify_sentence(text: str, nlp: Any | None = None) -> TypeCall | None:
    """The PLOVER type of a lone sentence's main event, or None when no trigger is found.

    Applies the same selection and type rules as the event stage (one event per predicate,
    the main one; future cooperation is AGREE, a refusal is REJECT) but needs no document,
    pack, mentions or dates.
    """
    toks = parse_sentences([text], nlp)[0]
    matches = rank_matches(find_matches(toks))
    selected = select_matches(toks, matches, [])
    if not selected:
        return None
    best, verbal = selected[0]
    if verbal:
        return TypeCall("ACCUSE", "disapprove", " ".join(toks[i].text for i in best.indices))
    type_name, mode = decide_type(toks, best, find_state(toks, best), matches)
    return TypeCall(type_name, mode, " ".join(toks[i].text for i in best.indices))
