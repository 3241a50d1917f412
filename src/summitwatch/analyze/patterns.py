"""Event patterns, as packs write them for indicators and hypotheses.

A pattern is a mapping read from YAML. Every field present must hold:

- ``types`` / ``modes`` / ``modality``: the event's value is one of the list;
- ``actors``: one of the event's actors or recipients is listed, directly or through the
  state a person served at the event's date;
- ``partners``: likewise, a second party that must also take part (e.g. USA with PRK);
- ``keywords``: every item occurs in the sentence (case-insensitive); ``a|b`` means either;
- ``not_keywords``: no item occurs;
- ``any``: a list of sub-patterns, at least one of which holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from summitwatch.analyze.timeline import actor_states
from summitwatch.models import Event
from summitwatch.packs.pack import Pack
from summitwatch.store import schema

PATTERN_KEYS = frozenset(
    {"types", "modes", "modality", "actors", "partners", "keywords", "not_keywords", "any"}
)


class PatternError(ValueError):
    """A pattern with a field nobody reads (most likely a typo in the pack)."""


@dataclass(frozen=True)
class Pattern:
    types: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    modality: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    keywords: tuple[tuple[str, ...], ...] = ()
    not_keywords: tuple[str, ...] = ()
    alternatives: tuple[Pattern, ...] = ()

    def event_types(self) -> frozenset[str] | None:
        """The types the pattern can match; None when it can match any type."""
        if self.types:
            return self.types
        if not self.alternatives:
            return None
        collected: set[str] = set()
        for alternative in self.alternatives:
            types = alternative.event_types()
            if types is None:
                return None
            collected |= types
        return frozenset(collected)


def parse_pattern(data: Mapping[str, Any] | None) -> Pattern:
    data = data or {}
    unknown = set(data) - PATTERN_KEYS
    if unknown:
        raise PatternError(f"unknown pattern field(s) {sorted(unknown)}")
    return Pattern(
        types=frozenset(str(t).upper() for t in data.get("types") or ()),
        modes=frozenset(str(m) for m in data.get("modes") or ()),
        modality=frozenset(str(m) for m in data.get("modality") or ()),
        actors=frozenset(str(a) for a in data.get("actors") or ()),
        partners=frozenset(str(a) for a in data.get("partners") or ()),
        keywords=tuple(
            tuple(part.strip().casefold() for part in str(item).split("|") if part.strip())
            for item in data.get("keywords") or ()
        ),
        not_keywords=tuple(
            part.strip().casefold()
            for item in data.get("not_keywords") or ()
            for part in str(item).split("|")
            if part.strip()
        ),
        alternatives=tuple(parse_pattern(sub) for sub in data.get("any") or ()),
    )


def match_event(pack: Pack, event: Event, pattern: Pattern) -> bool:
    if pattern.types and event.type.upper() not in pattern.types:
        return False
    if pattern.modes and (event.mode or "") not in pattern.modes:
        return False
    if pattern.modality and event.modality not in pattern.modality:
        return False
    if pattern.actors and not _actors_match(pack, event, pattern.actors):
        return False
    if pattern.partners and not _actors_match(pack, event, pattern.partners):
        return False
    if not match_text(event.sentence, pattern.keywords, pattern.not_keywords):
        return False
    if pattern.alternatives:
        return any(match_event(pack, event, sub) for sub in pattern.alternatives)
    return True


def match_text(
    text: str, keywords: Sequence[Sequence[str]], not_keywords: Sequence[str] = ()
) -> bool:
    folded = " ".join(text.casefold().replace("’", "'").split())
    if any(word in folded for word in not_keywords):
        return False
    return all(any(option in folded for option in options) for options in keywords)


def _actors_match(pack: Pack, event: Event, wanted: frozenset[str]) -> bool:
    ids = [*event.actors, *event.recipients]
    if wanted & set(ids):
        return True
    return bool(wanted & actor_states(pack, ids, event.date))


def sql_prefilter(pattern: Pattern) -> ColumnElement[bool] | None:
    """A WHERE clause every event the pattern matches satisfies (None: no narrowing).

    It narrows on type, modality and keywords so that a large store is not read whole;
    :func:`match_event` still decides on the rows it returns.
    """
    table = schema.events
    clauses: list[ColumnElement[bool]] = []
    if pattern.types:
        clauses.append(table.c.type.in_(sorted(pattern.types)))
    if pattern.modality:
        clauses.append(table.c.modality.in_(sorted(pattern.modality)))
    for options in pattern.keywords:
        clauses.append(or_(*(table.c.sentence.ilike(f"%{option}%") for option in options)))
    if pattern.alternatives:
        subs = [sql_prefilter(sub) for sub in pattern.alternatives]
        if all(sub is not None for sub in subs):
            clauses.append(or_(*(sub for sub in subs if sub is not None)))
    return and_(*clauses) if clauses else None
