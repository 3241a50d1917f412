"""One judgment per holder, outcome and document: restatements grouped, scored once.

An analyst who writes "Kim is unlikely to respond" in the summary and "it is quite unlikely in
reality" three paragraphs later states one judgment. Forecasts of one document are grouped when
they share the holder and the outcome (the same outcome class and actors, or nearly the same
words) and lean the same way. The strongest wording represents the group: a number beats a word,
a word beats a modal, then the narrower range, then the fuller statement of the outcome. Every
member carries the representative's id in ``judgment``; only the representative has
``representative`` set, and it lists the others in ``restatements``.
"""

from __future__ import annotations

import re

from summitwatch.extract.estimative import STRENGTH
from summitwatch.models import Forecast

_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset(
    "the and that this with from will would could might may for are was were has have its "
    "their his her who what which into than then there been being also about over".split()
)
SAME_WORDS = 0.5  # share of content words two outcomes must share to be one outcome
SAME_LEAN = 0.25  # probabilities further apart than this are different judgments
MIN_SHARED = 2  # "Kim refuses" and "Kim responds" share a name, not an outcome


def group_judgments(forecasts: list[Forecast]) -> None:
    """Set ``judgment``, ``representative`` and ``restatements`` on each forecast in place."""
    groups: list[list[Forecast]] = []
    for forecast in forecasts:
        # every member must restate the others: no chains of loosely similar outcomes
        home = next((g for g in groups if all(_same_judgment(forecast, m) for m in g)), None)
        if home is None:
            groups.append([forecast])
        else:
            home.append(forecast)
    for group in groups:
        best = max(group, key=_wording_strength)
        for member in group:
            member.judgment = best.id
            member.representative = member is best
            member.restatements = [m.id for m in group if m is not best] if member is best else []


def _wording_strength(forecast: Forecast) -> tuple[int, float, int, int, int]:
    phrase = (forecast.phrase or "").split(";")[-1].strip()
    rank = 3 if ";" in (forecast.phrase or "") or re.search(r"\d", phrase) else 0
    if not rank:
        rank = STRENGTH["modal"] if forecast.phrase_strength == "modal" else STRENGTH["word"]
    width = (forecast.high or forecast.probability) - (forecast.low or forecast.probability)
    # equally strong wordings: the one that states the outcome most fully (actors, then words)
    fullness = len(_WORD.findall(forecast.outcome.lower()))
    return rank, -round(width, 3), len(forecast.outcome_actors), fullness, -forecast.start


def _same_judgment(a: Forecast, b: Forecast) -> bool:
    if a.document_id != b.document_id or _holder_key(a) != _holder_key(b):
        return False
    if abs(a.probability - b.probability) > SAME_LEAN:
        return False
    if a.condition != b.condition and (a.condition or b.condition):
        return False
    if a.outcome_class and b.outcome_class and a.outcome_class != b.outcome_class:
        return False
    if a.outcome_class and a.outcome_class == b.outcome_class:
        # the same class and the same leading actor (usually the outcome's subject)
        same_actors = a.outcome_actors[:1] == b.outcome_actors[:1] != []
        if same_actors and a.window_end == b.window_end:
            return True
    return _word_overlap(a.outcome, b.outcome) >= SAME_WORDS


def _holder_key(forecast: Forecast) -> str:
    return (forecast.holder_actor or forecast.holder or "").lower()


def _word_overlap(a: str, b: str) -> float:
    left = {w for w in _WORD.findall(a.lower()) if w not in _STOP}
    right = {w for w in _WORD.findall(b.lower()) if w not in _STOP}
    shared = left & right
    if len(shared) < MIN_SHARED:
        return 0.0
    return len(shared) / min(len(left), len(right))
