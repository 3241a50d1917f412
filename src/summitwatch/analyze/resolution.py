"""Resolving forecast questions from stored evidence: events and explicit statements of outcome.

The rules are the pack's (``questions.yaml``, key ``resolution``; the schema is documented
there). Statements of outcome ("a fourth meeting did not materialize") are preferred to events,
because a pattern written for one question is more specific than an event type; a hand
resolution (``summitwatch resolve``) is applied by the ledger and wins over both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from summitwatch import timeml
from summitwatch.models import Document, Event, Sentence
from summitwatch.packs.pack import PackQuestion

Status = Literal["open", "yes", "no"]


@dataclass
class Resolution:
    status: Status = "open"
    resolved_on: str | None = None
    evidence: list[str] = field(default_factory=list)
    resolved_by: str | None = None  # "statement", "events", "hand"


@dataclass(frozen=True)
class StoredText:
    """A stored document with the sentence spans statements are matched in."""

    document: Document
    sentences: Sequence[Sentence]


def sentence_ref(document_id: str, start: int, end: int) -> str:
    return f"sentence:{document_id}:{start}-{end}"


def normalize_rule(rule: Any) -> dict[str, Any]:
    """YAML reads bare yes/no keys as booleans and dates as dates: undo both."""
    if not isinstance(rule, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in rule.items():
        name = ("yes" if key else "no") if isinstance(key, bool) else str(key)
        if isinstance(value, dict):
            value = normalize_rule(value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bool) and name == "negated_resolves":
            value = "yes" if value else "no"
        out[name] = value
    return out


def resolve_question(
    question: PackQuestion, texts: Iterable[StoredText], events: Iterable[Event]
) -> Resolution:
    rule = normalize_rule(question.resolution)
    by_statement = resolve_by_statements(question, rule.get("statements") or {}, texts)
    if by_statement.status != "open":
        return by_statement
    return resolve_by_events(rule.get("events") or {}, events)


def resolve_by_statements(
    question: PackQuestion, rule: dict[str, Any], texts: Iterable[StoredText]
) -> Resolution:
    after = str(rule.get("after") or question.opens or "")
    no_early = bool(rule.get("no_before_deadline"))
    found: dict[str, list[tuple[str, str]]] = {"yes": [], "no": []}
    for stored in texts:
        published = stored.document.published.isoformat() if stored.document.published else None
        if published is None or (after and published < after):
            continue
        for side in ("yes", "no"):
            patterns = [re.compile(p, re.I) for p in rule.get(side) or []]
            if not patterns:
                continue
            if (
                side == "no"
                and not no_early
                and question.deadline
                and published < question.deadline
            ):
                continue  # a meeting may still happen before the deadline
            for sentence in stored.sentences:
                body = stored.document.text[sentence.start : sentence.end]
                if any(p.search(body) for p in patterns):
                    ref = sentence_ref(stored.document.id, sentence.start, sentence.end)
                    found[side].append((published, ref))
    return _decide(found, "statement")


def _decide(found: dict[str, list[tuple[str, str]]], how: str) -> Resolution:
    sides = [s for s in ("yes", "no") if found[s]]
    if not sides:
        return Resolution()
    # conflicting evidence: the side reported first (by publication) wins, then "yes"
    side = min(sides, key=lambda s: (min(found[s])[0], s != "yes"))
    hits = sorted(found[side])
    status: Status = "yes" if side == "yes" else "no"
    return Resolution(status, hits[0][0], [ref for _, ref in hits], how)


def event_matches(event: Event, rule: dict[str, Any]) -> bool:
    types = rule.get("types")
    if types and event.type not in types:
        return False
    involved = set(event.actors) | set(event.recipients)
    if not set(rule.get("actors_all") or []) <= involved:
        return False
    date_value = event.date or ""
    if not date_value[:4].isdigit():
        return False
    first_day = timeml.first_day(date_value)
    if rule.get("date_from") and first_day < str(rule["date_from"]):
        return False
    if rule.get("date_to") and first_day > str(rule["date_to"]):
        return False
    trigger = rule.get("trigger")
    if trigger and not re.search(trigger, event.sentence, re.I):
        return False
    return not any(re.search(p, event.sentence, re.I) for p in rule.get("sentence_not") or [])


def resolve_by_events(rule: dict[str, Any], events: Iterable[Event]) -> Resolution:
    if not rule:
        return Resolution()
    excluded = set(rule.get("modality_not") or [])
    negated_side = rule.get("negated_resolves")
    found: dict[str, list[tuple[str, str]]] = {"yes": [], "no": []}
    for event in events:
        if not event_matches(event, rule):
            continue
        if event.modality == "negated":
            if negated_side in ("yes", "no"):
                found[str(negated_side)].append((timeml.first_day(event.date or ""), event.id))
            continue
        if event.modality in excluded:
            continue
        found["yes"].append((timeml.first_day(event.date or ""), event.id))
    return _decide(found, "events")
