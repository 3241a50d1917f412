"""An event's standing on the timeline: whether it happened, or how it stands apart from what did.

Which factuality values, modalities and PLOVER types put an event in which standing is
lexicon data (``timeline_standings.yaml``); this module turns it into :class:`StandingRules`
once and applies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from summitwatch.lexicons import LexiconError, lexicon_path, read_lexicon

# the standings, in the order the timeline prints them: each but "factual" names a list of
# :class:`~summitwatch.analyze.timeline.Timeline`, so they are code, not data
STANDINGS = ("factual", "planned", "proposed", "cancelled", "denied", "hypothetical")


@dataclass(frozen=True)
class StandingRules:
    factual: str
    negative_factualities: frozenset[str]
    negative_modalities: frozenset[str]
    planned_modalities: frozenset[str]
    hypothetical_modalities: frozenset[str]
    proposing_types: frozenset[str]
    cancelling_types: tuple[tuple[str, str], ...]  # (PLOVER type, mode)
    modality_order: tuple[str, ...]
    factuality_order: tuple[str, ...]

    def modality_rank(self, modality: str) -> int:
        """Lower is more factual; an unknown modality ranks as the first (asserted)."""
        return self.modality_order.index(modality) if modality in self.modality_order else 0

    def factuality_rank(self, factuality: str) -> int:
        """Lower is more committed; an unknown value ranks as underspecified (Uu)."""
        order = self.factuality_order
        return order.index(factuality) if factuality in order else order.index("Uu")


@cache
def load_standing_rules() -> StandingRules:
    data: dict[str, Any] = read_lexicon("timeline_standings")
    try:
        rules = StandingRules(
            factual=str(data["factual"]),
            negative_factualities=_words(data, "negative_factualities"),
            negative_modalities=_words(data, "negative_modalities"),
            planned_modalities=_words(data, "planned_modalities"),
            hypothetical_modalities=_words(data, "hypothetical_modalities"),
            proposing_types=_words(data, "proposing_types"),
            cancelling_types=tuple(
                (str(kind), str(mode)) for kind, mode in data["cancelling_types"].items()
            ),
            modality_order=tuple(str(m) for m in data["modality_order"]),
            factuality_order=tuple(str(f) for f in data["factuality_order"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        path = lexicon_path("timeline_standings")
        raise LexiconError(f"{path}: missing or malformed entry {exc}") from exc
    if "Uu" not in rules.factuality_order:
        raise LexiconError(f"{lexicon_path('timeline_standings')}: factuality_order lacks Uu")
    return rules


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(word) for word in data[key])


def standing_of(type_name: str, mode: str | None, factuality: str, modality: str) -> str:
    """Whether an event happened (``factual``) or how it stands apart from what did.

    Reads the factuality, and the modality for rows stored before factuality existed."""
    rules = load_standing_rules()
    if factuality in rules.negative_factualities or modality in rules.negative_modalities:
        return "denied"
    not_yet = rules.planned_modalities | rules.hypothetical_modalities
    if factuality != rules.factual or modality in not_yet:
        return "planned" if modality in rules.planned_modalities else "hypothetical"
    if type_name in rules.proposing_types:
        return "proposed"
    if (type_name, mode) in rules.cancelling_types:
        return "cancelled"
    return "factual"
