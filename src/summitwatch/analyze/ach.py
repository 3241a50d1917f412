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

from sqlalchemy import Connection, select

from summitwatch.analyze.patterns import Pattern, match_event, match_text, parse_pattern
from summitwatch.analyze.reliability import publisher_weight
from summitwatch.analyze.scenarios import forecast_spans, overlaps_any
from summitwatch.analyze.timeline import (
    DocumentInfo,
    TimelineEntry,
    actor_states,
    build_timeline,
    document_infos,
    entry_weight,
)
from summitwatch.models import Event, Quote, Reason
from summitwatch.packs.pack import Hypothesis, Pack
from summitwatch.store import rows, schema
from summitwatch.store.database import Store
from summitwatch.timeml import date_bounds

RATINGS = ("CC", "C", "N", "I", "II")
INCONSISTENCY = {"CC": 0.0, "C": 0.0, "N": 0.0, "I": 1.0, "II": 2.0}
CONSISTENCY = {"CC": 2.0, "C": 1.0, "N": 0.0, "I": 0.0, "II": 0.0}
RULE_KEYS = frozenset({"kind", "from", "to", "speakers", "factors"})


class AchError(ValueError):
    """A question without hypotheses, or a rule the pack spells wrongly."""


@dataclass(frozen=True)
class RatingRule:
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
    why_event: str | None = None  # for an entry: the report a rule matched
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


def parse_rule(item: Mapping[str, Any], where: str) -> RatingRule:
    rating = str(item.get("rating", "N")).upper()
    if rating not in RATINGS:
        raise AchError(f"{where}: rating {rating!r} is not one of {', '.join(RATINGS)}")
    match = dict(item.get("match") or {})
    kind = str(match.get("kind", "event"))
    if kind not in ("event", "quote", "reason"):
        raise AchError(f"{where}: kind {kind!r} is not event, quote or reason")
    pattern_fields = {k: v for k, v in match.items() if k not in RULE_KEYS}
    return RatingRule(
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
    """The hypotheses of a question, named by its id or by words of its hypotheses."""
    exact = [h for h in pack.hypotheses if h.question == question]
    if exact:
        return exact
    words = [w for w in question.casefold().replace("?", " ").split() if len(w) > 3]
    scores: dict[str, int] = {}
    for hypothesis in pack.hypotheses:
        haystack = f"{hypothesis.question} {hypothesis.text}".casefold()
        hits = sum(1 for w in words if w in haystack)
        scores[hypothesis.question] = max(scores.get(hypothesis.question, 0), hits)
    best = max(scores, key=lambda q: scores[q], default=None)
    if best is None or scores[best] == 0:
        return []
    return [h for h in pack.hypotheses if h.question == best]


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


def rate_entry(pack: Pack, rule: RatingRule, entry: TimelineEntry) -> Event | None:
    """The report of the entry the rule matches, if any."""
    if rule.kind != "event" or not in_window(entry.date, rule.start, rule.end):
        return None
    return next((e for e in entry.events if match_event(pack, e, rule.pattern)), None)


def rate_quote(pack: Pack, rule: RatingRule, quote: Quote) -> bool:
    if rule.kind != "quote" or not in_window(quote.date, rule.start, rule.end):
        return False
    if rule.speakers:
        speaker = quote.speaker or ""
        known = ({speaker} | actor_states(pack, [speaker], quote.date)) if speaker else set()
        if not rule.speakers & known:
            return False
    return match_text(quote.text, rule.pattern.keywords, rule.pattern.not_keywords)


def rate_reasons(rule: RatingRule, reasons: Sequence[Reason]) -> bool:
    """One sentence may give several reasons (factors); the rule needs one of them."""
    if rule.kind != "reason":
        return False
    for reason in reasons:
        if rule.factors and not factor_matches(rule.factors, reason.factor):
            continue
        if match_text(reason.statement, rule.pattern.keywords, rule.pattern.not_keywords):
            return True
    return False


Item = TimelineEntry | Quote | tuple[Reason, ...]


def rate_evidence(
    pack: Pack, hypothesis: Hypothesis, rules: Sequence[RatingRule], item: Item
) -> tuple[str, str, Event | None]:
    """The rating, why, and for an entry the report that earned it."""
    for rule in rules:
        if isinstance(item, TimelineEntry):
            event = rate_entry(pack, rule, item)
            if event is not None:
                return rule.rating, rule.why, event
        elif isinstance(item, Quote):
            if rate_quote(pack, rule, item):
                return rule.rating, rule.why, None
        elif rate_reasons(rule, item):
            return rule.rating, rule.why, None
    if isinstance(item, tuple):
        factors = [r.factor for r in item]
        if any(factor_matches(hypothesis.consistent_factors, f) for f in factors):
            return "C", f"the reason ({', '.join(factors)}) supports it", None
        if any(factor_matches(hypothesis.inconsistent_factors, f) for f in factors):
            return "I", f"the reason ({', '.join(factors)}) points elsewhere", None
    return "N", "", None


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
    since = min((h.since for h in hypotheses if h.since), default=None)
    candidates: list[tuple[Item, AchEvidence]] = [
        *((e, entry_evidence(pack, e)) for e in entries if recent(e.date, since, e, documents)),
        *(
            (q, quote_evidence(pack, q, documents))
            for q in quotes
            if recent(q.date, since, q, documents)
        ),
        *(
            (group, reason_evidence(pack, group, documents))
            for group in group_reasons(reasons)
            if recent(None, since, group[0], documents)
        ),
    ]
    evidence: list[AchEvidence] = []
    for item, row in candidates:
        for hypothesis in hypotheses:
            rating, why, event = rate_evidence(pack, hypothesis, rules[hypothesis.id], item)
            row.ratings[hypothesis.id] = rating
            if why:
                row.why[hypothesis.id] = why
            if event is not None and row.kind == "event" and not row.why_event:
                show_event(row, event, item)
        if any(r != "N" for r in row.ratings.values()):
            evidence.append(row)
    scores = [score_hypothesis(h, evidence) for h in hypotheses]
    scores.sort(key=lambda s: (s.inconsistency, -s.consistency))
    return AchMatrix(hypotheses[0].question, hypotheses, evidence, scores)


def recent(
    value: str | None,
    since: str | None,
    item: TimelineEntry | Quote | Reason,
    documents: Mapping[str, DocumentInfo],
) -> bool:
    """Whether evidence is dated (or, undated, published) on or after ``since``."""
    if since is None:
        return True
    bounds = date_bounds(value)
    if bounds is not None:
        return bounds[1] >= since
    if isinstance(item, TimelineEntry):
        published = [s.published for s in item.sources if s.published]
    else:
        info = documents.get(item.document_id)
        published = [info.published] if info and info.published else []
    return any(p >= since for p in published)


def group_reasons(reasons: Sequence[Reason]) -> list[tuple[Reason, ...]]:
    """Reasons of one sentence (several factors) form one piece of evidence."""
    groups: dict[tuple[str, int, int], list[Reason]] = {}
    for reason in reasons:
        groups.setdefault((reason.document_id, reason.start, reason.end), []).append(reason)
    return [tuple(group) for group in groups.values()]


def show_event(row: AchEvidence, event: Event, item: Item) -> None:
    """Show the report a rule matched, not whichever report of the entry came first."""
    row.why_event = event.id
    row.text = event.sentence
    if isinstance(item, TimelineEntry):
        source = next((s for s in item.sources if s.event_id == event.id), None)
        if source is not None:
            row.start, row.end = source.start, source.end
            row.document_ids = [source.document_id] + [
                d for d in row.document_ids if d != source.document_id
            ]


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
    pack: Pack, group: tuple[Reason, ...], documents: Mapping[str, DocumentInfo]
) -> AchEvidence:
    reason = group[0]
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
        predicted = forecast_spans(
            connection, {s.document_id for e in timeline.all_entries() for s in e.sources}
        )
        documents = document_infos(connection, all_document_ids(connection))
    entries = without_forecasts(timeline.all_entries(), predicted)
    return build_matrix(pack, question, entries, quotes, reasons, documents)


def without_forecasts(
    entries: Sequence[TimelineEntry], predicted: Mapping[str, Sequence[tuple[int, int]]]
) -> list[TimelineEntry]:
    """Entries without the reports that are forecasts (what someone expects is no event)."""
    kept = []
    for entry in entries:
        events = [e for e in entry.events if not overlaps_any(e, predicted.get(e.document_id, ()))]
        if not events:
            continue
        ids = {e.id for e in events}
        entry.events = events
        entry.sources = [s for s in entry.sources if s.event_id in ids]
        kept.append(entry)
    return kept


def all_document_ids(connection: Connection) -> list[str]:
    return [row.id for row in connection.execute(select(schema.documents.c.id))]
