"""Analysis of competing hypotheses (Heuer): evidence against hypotheses, least inconsistent wins.

The evidence is what the store holds: merged timeline entries (an event reported by several
documents is one row), quotes and the reasons analysts give. The pack rates evidence against
each hypothesis (rules per hypothesis, and factor lists for reasons); every rating is
weighted by how reliable the evidence's sources are. As ACH prescribes, hypotheses are
ranked by how much evidence speaks *against* them, not by how much seems to fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from summitwatch.analyze.patterns import Pattern, match_event, match_text, parse_pattern
from summitwatch.analyze.reliability import publisher_weight
from summitwatch.analyze.timeline import (
    DocumentInfo,
    TimelineEntry,
    actor_states,
    build_timeline,
    date_bounds,
    document_infos,
    entry_weight,
)
from summitwatch.models import Quote, Reason
from summitwatch.packs.pack import Hypothesis, Pack
from summitwatch.store import rows
from summitwatch.store.database import Store

RATINGS = ("CC", "C", "N", "I", "II")
INCONSISTENCY = {"CC": 0.0, "C": 0.0, "N": 0.0, "I": 1.0, "II": 2.0}
CONSISTENCY = {"CC": 2.0, "C": 1.0, "N": 0.0, "I": 0.0, "II": 0.0}
RULE_KEYS = frozenset({"kind", "from", "to", "speakers", "factors"})


class AchError(ValueError):
    """A question without hypotheses, or a rule the pack spells wrongly."""


@dataclass(frozen=True)
class Rule:
    rating: str
    why: str
    kind: str
    pattern: Pattern
    start: str | None = None
    end: str | None = None
    speakers: frozenset[str] = frozenset()
    factors: tuple[str, ...] = ()


@dataclass
class AchEvidence:
    id: str
    kind: str  # event, quote, reason
    text: str  # the sentence or quoted words
    weight: float
    sources: list[str] = field(default_factory=list)  # "title — publisher"
    document_ids: list[str] = field(default_factory=list)
    date: str | None = None
    start: int = 0  # span of the evidence in its (first) document
    end: int = 0
    ratings: dict[str, str] = field(default_factory=dict)  # hypothesis id -> CC..II
    why: dict[str, str] = field(default_factory=dict)


@dataclass
class AchScore:
    hypothesis: Hypothesis
    inconsistency: float
    consistency: float


@dataclass
class AchMatrix:
    question: str
    hypotheses: list[Hypothesis]
    evidence: list[AchEvidence]
    scores: list[AchScore]  # least inconsistent first

    @property
    def winner(self) -> Hypothesis | None:
        return self.scores[0].hypothesis if self.scores else None

    def score(self, hypothesis_id: str) -> AchScore:
        return next(s for s in self.scores if s.hypothesis.id == hypothesis_id)


# -- the pack's rules ------------------------------------------------------------------


def parse_rule(item: Mapping[str, Any], where: str) -> Rule:
    rating = str(item.get("rating", "N")).upper()
    if rating not in RATINGS:
        raise AchError(f"{where}: rating {rating!r} is not one of {', '.join(RATINGS)}")
    match = dict(item.get("match") or {})
    kind = str(match.get("kind", "event"))
    if kind not in ("event", "quote", "reason"):
        raise AchError(f"{where}: kind {kind!r} is not event, quote or reason")
    pattern_fields = {k: v for k, v in match.items() if k not in RULE_KEYS}
    return Rule(
        rating=rating,
        why=str(item.get("why", "")),
        kind=kind,
        pattern=parse_pattern(pattern_fields),
        start=_text(match.get("from")),
        end=_text(match.get("to")),
        speakers=frozenset(str(s) for s in match.get("speakers") or ()),
        factors=tuple(str(f) for f in match.get("factors") or ()),
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def hypotheses_for(pack: Pack, question: str) -> list[Hypothesis]:
    """The hypotheses of a question, named by its id or by words of a hypothesis."""
    exact = [h for h in pack.hypotheses if h.question == question]
    if exact:
        return exact
    words = question.casefold().split()
    ids = [
        h.question
        for h in pack.hypotheses
        if all(w in f"{h.question} {h.text}".casefold() for w in words)
    ]
    return [h for h in pack.hypotheses if ids and h.question == ids[0]]


def factor_matches(listed: Sequence[str], factor: str) -> bool:
    folded = factor.casefold()
    return any(name.casefold() in folded for name in listed)


# -- rating ----------------------------------------------------------------------------


def in_window(value: str | None, start: str | None, end: str | None) -> bool:
    if start is None and end is None:
        return True
    bounds = date_bounds(value)
    if bounds is None:
        return False
    start_bounds, end_bounds = date_bounds(start), date_bounds(end)
    return (start_bounds is None or bounds[1] >= start_bounds[0]) and (
        end_bounds is None or bounds[0] <= end_bounds[1]
    )


def rate_entry(pack: Pack, rule: Rule, entry: TimelineEntry) -> bool:
    if rule.kind != "event" or not in_window(entry.date, rule.start, rule.end):
        return False
    return any(match_event(pack, event, rule.pattern) for event in entry.events)


def rate_quote(pack: Pack, rule: Rule, quote: Quote) -> bool:
    if rule.kind != "quote" or not in_window(quote.date, rule.start, rule.end):
        return False
    if rule.speakers:
        speaker = quote.speaker or ""
        known = {speaker} | actor_states(pack, [speaker], quote.date) if speaker else set()
        if not rule.speakers & known:
            return False
    return match_text(quote.text, rule.pattern.keywords, rule.pattern.not_keywords)


def rate_reason(rule: Rule, reason: Reason) -> bool:
    if rule.kind != "reason":
        return False
    if rule.factors and not factor_matches(rule.factors, reason.factor):
        return False
    return match_text(reason.statement, rule.pattern.keywords, rule.pattern.not_keywords)


def rate_evidence(
    pack: Pack,
    hypothesis: Hypothesis,
    rules: Sequence[Rule],
    item: TimelineEntry | Quote | Reason,
) -> tuple[str, str]:
    for rule in rules:
        if isinstance(item, TimelineEntry):
            hit = rate_entry(pack, rule, item)
        elif isinstance(item, Quote):
            hit = rate_quote(pack, rule, item)
        else:
            hit = rate_reason(rule, item)
        if hit:
            return rule.rating, rule.why
    if isinstance(item, Reason):
        if factor_matches(hypothesis.consistent_factors, item.factor):
            return "C", f"the reason ({item.factor}) supports it"
        if factor_matches(hypothesis.inconsistent_factors, item.factor):
            return "I", f"the reason ({item.factor}) points elsewhere"
    return "N", ""


# -- the matrix ------------------------------------------------------------------------


def build_matrix(
    pack: Pack,
    question: str,
    entries: Sequence[TimelineEntry],
    quotes: Sequence[Quote],
    reasons: Sequence[Reason],
    documents: Mapping[str, DocumentInfo],
) -> AchMatrix:
    hypotheses = hypotheses_for(pack, question)
    if not hypotheses:
        known = sorted({h.question for h in pack.hypotheses})
        raise AchError(f"no hypotheses for {question!r} (known questions: {', '.join(known)})")
    rules = {
        h.id: [parse_rule(item, f"hypothesis {h.id}") for item in h.evidence] for h in hypotheses
    }
    evidence: list[AchEvidence] = []
    candidates: list[tuple[TimelineEntry | Quote | Reason, AchEvidence]] = [
        *((entry, entry_evidence(pack, entry)) for entry in entries),
        *((quote, quote_evidence(pack, quote, documents)) for quote in quotes),
        *((reason, reason_evidence(pack, reason, documents)) for reason in reasons),
    ]
    for item, row in candidates:
        for hypothesis in hypotheses:
            rating, why = rate_evidence(pack, hypothesis, rules[hypothesis.id], item)
            row.ratings[hypothesis.id] = rating
            if why:
                row.why[hypothesis.id] = why
        if any(r != "N" for r in row.ratings.values()):
            evidence.append(row)
    scores = [score_hypothesis(h, evidence) for h in hypotheses]
    scores.sort(key=lambda s: (s.inconsistency, -s.consistency))
    return AchMatrix(hypotheses[0].question, hypotheses, evidence, scores)


def score_hypothesis(hypothesis: Hypothesis, evidence: Sequence[AchEvidence]) -> AchScore:
    inconsistency = sum(e.weight * INCONSISTENCY[e.ratings[hypothesis.id]] for e in evidence)
    consistency = sum(e.weight * CONSISTENCY[e.ratings[hypothesis.id]] for e in evidence)
    return AchScore(hypothesis, round(inconsistency, 4), round(consistency, 4))


def entry_evidence(pack: Pack, entry: TimelineEntry) -> AchEvidence:
    return AchEvidence(
        id=entry.id,
        kind="event",
        text=entry.sentence,
        weight=entry_weight(pack, entry),
        sources=[_label(s.title, s.publisher) for s in entry.sources],
        document_ids=[s.document_id for s in entry.sources],
        date=entry.date,
        start=entry.sources[0].start if entry.sources else 0,
        end=entry.sources[0].end if entry.sources else 0,
    )


def quote_evidence(pack: Pack, quote: Quote, documents: Mapping[str, DocumentInfo]) -> AchEvidence:
    info = documents.get(quote.document_id)
    publisher = info.publisher if info else None
    return AchEvidence(
        id=quote.id,
        kind="quote",
        text=quote.text,
        weight=publisher_weight(pack, publisher),
        sources=[_label(info.title if info else None, publisher)],
        document_ids=[quote.document_id],
        date=quote.date,
        start=quote.start,
        end=quote.end,
    )


def reason_evidence(
    pack: Pack, reason: Reason, documents: Mapping[str, DocumentInfo]
) -> AchEvidence:
    info = documents.get(reason.document_id)
    publisher = info.publisher if info else None
    return AchEvidence(
        id=reason.id,
        kind="reason",
        text=reason.statement,
        weight=publisher_weight(pack, publisher),
        sources=[_label(info.title if info else None, publisher)],
        document_ids=[reason.document_id],
        date=info.published if info else None,
        start=reason.start,
        end=reason.end,
    )


def _label(title: str | None, publisher: str | None) -> str:
    return " — ".join(part for part in (title or "(untitled)", publisher) if part)


def run_ach(store: Store, pack: Pack, question: str) -> AchMatrix:
    timeline = build_timeline(store, pack)
    with store.engine.connect() as connection:
        quotes = rows.load_quotes(connection)
        reasons = rows.load_reasons(connection)
        documents = document_infos(
            connection, {q.document_id for q in quotes} | {r.document_id for r in reasons}
        )
    return build_matrix(pack, question, timeline.all_entries(), quotes, reasons, documents)
