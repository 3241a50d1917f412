"""The forecast ledger: who predicted what, which questions resolved, and how well each did.

``refresh_ledger`` links stored forecasts to the pack's questions and resolves the questions
from stored evidence (hand resolutions persist and win); ``compute_scores`` scores resolved
forecasts per holder and per outlet; ``aggregate_open_questions`` combines the forecasts on
questions still open. Scored: a forecast linked to a resolved question, unconditional, and made
before the question resolved (a forecast made on or after that day is not scored).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, delete, select, update

from summitwatch.analyze.linking import link_forecasts
from summitwatch.analyze.resolution import Resolution, StoredText, resolve_question
from summitwatch.analyze.scoring import (
    CalibrationBin,
    aggregate,
    brier_score,
    calibration,
    log_score,
)
from summitwatch.models import Forecast, Question, Score, Sentence
from summitwatch.packs.pack import Pack
from summitwatch.store import rows, schema
from summitwatch.store.database import Store

ALL_HOLDERS = "*"  # the holder of an outlet's score row: every holder published there


# -- refresh ---------------------------------------------------------------------------


def refresh_ledger(store: Store, pack: Pack) -> None:
    """Resolve the questions, then link forecasts to them; writes both tables.

    Questions resolve first so that a forecast made after a question resolved links to the
    next open question instead (and is never scored against the closed one).
    """
    with store.engine.begin() as connection:
        hand = _hand_resolved(connection)
        texts = load_texts(connection)
        events = rows.load_events(connection)
        closed: dict[str, str] = {}
        for question in pack.questions:
            if question.id in hand:
                if hand[question.id]:
                    closed[question.id] = str(hand[question.id])
                continue
            result = resolve_question(question, texts, events)
            _write_question(connection, question.id, question.text, question.deadline, result)
            if result.resolved_on:
                closed[question.id] = result.resolved_on
        forecasts = rows.load_forecasts(connection)
        link_forecasts(forecasts, pack.questions, closed)
        for forecast in forecasts:
            connection.execute(
                update(schema.forecasts)
                .where(schema.forecasts.c.id == forecast.id)
                .values(
                    question=forecast.question,
                    question_probability=forecast.question_probability,
                    horizon=forecast.horizon,
                )
            )


def load_texts(connection: Connection) -> list[StoredText]:
    spans: dict[str, list[Sentence]] = defaultdict(list)
    query = select(schema.sentences).order_by(
        schema.sentences.c.document_id, schema.sentences.c.idx
    )
    for row in connection.execute(query):
        spans[row.document_id].append(Sentence(row.start, row.end, row.paragraph))
    return [StoredText(doc, spans.get(doc.id, [])) for doc in rows.load_documents(connection)]


def _hand_resolved(connection: Connection) -> dict[str, str | None]:
    query = select(schema.questions.c.id, schema.questions.c.resolved_on).where(
        schema.questions.c.resolved_by == "hand"
    )
    return {row.id: row.resolved_on for row in connection.execute(query)}


def _write_question(
    connection: Connection,
    question_id: str,
    text: str,
    deadline: str | None,
    result: Resolution,
    note: str | None = None,
) -> None:
    connection.execute(delete(schema.questions).where(schema.questions.c.id == question_id))
    connection.execute(
        schema.questions.insert().values(
            id=question_id,
            text=text,
            deadline=deadline,
            status=result.status,
            resolved_on=result.resolved_on,
            evidence=list(result.evidence),
            resolved_by=result.resolved_by,
            note=note,
        )
    )


def resolve_by_hand(
    store: Store, pack: Pack, question_id: str, answer: str, on: date, evidence: str
) -> Question:
    """Record a hand resolution; it persists and wins over evidence found later."""
    if answer not in ("yes", "no"):
        raise ValueError(f"answer must be yes or no, not {answer!r}")
    known = {q.id: q for q in pack.questions}
    with store.engine.begin() as connection:
        stored = {q.id: q for q in rows.load_questions(connection)}
        if question_id not in known and question_id not in stored:
            raise KeyError(question_id)
        source = known.get(question_id)
        text = source.text if source else stored[question_id].text
        deadline = source.deadline if source else stored[question_id].deadline
        result = Resolution(answer, on.isoformat(), [evidence], "hand")  # type: ignore[arg-type]
        _write_question(connection, question_id, text, deadline, result, note=evidence)
        return Question(
            question_id, text, deadline, result.status, result.resolved_on, result.evidence
        )


# -- scores ----------------------------------------------------------------------------


@dataclass
class ScoredForecast:
    forecast: Forecast
    outlet: str | None
    happened: bool
    brier: float
    log_score: float


@dataclass
class Ledger:
    forecasts: list[Forecast]
    questions: dict[str, Question]
    outlets: dict[str, str | None]  # document id -> publisher
    scored: list[ScoredForecast] = field(default_factory=list)


def load_ledger(store: Store) -> Ledger:
    with store.engine.connect() as connection:
        # a near-duplicate copy of a stored article (its story is another document's) counts once
        documents = schema.documents
        copies = set(
            connection.scalars(select(documents.c.id).where(documents.c.story != documents.c.id))
        )
        forecasts = [f for f in rows.load_forecasts(connection) if f.document_id not in copies]
        questions = {q.id: q for q in rows.load_questions(connection)}
        outlets = {
            row.id: outlet_of(row.publisher, row.authors)
            for row in connection.execute(
                select(
                    schema.documents.c.id, schema.documents.c.publisher, schema.documents.c.authors
                )
            )
        }
    ledger = Ledger(forecasts, questions, outlets)
    ledger.scored = [s for f in forecasts if (s := score_forecast(f, questions, outlets))]
    return ledger


def outlet_of(publisher: str | None, authors: list[dict[str, str | None]] | None) -> str | None:
    """Where a document appeared: its publisher, else its first author's affiliation."""
    if publisher:
        return publisher
    return next((a.get("affiliation") for a in authors or [] if a.get("affiliation")), None)


def is_scorable(forecast: Forecast, question: Question | None) -> bool:
    if question is None or question.status not in ("yes", "no"):
        return False
    if forecast.question_probability is None or forecast.condition:
        return False
    return bool(
        forecast.made_on and question.resolved_on and forecast.made_on < question.resolved_on
    )


def score_forecast(
    forecast: Forecast, questions: dict[str, Question], outlets: dict[str, str | None]
) -> ScoredForecast | None:
    question = questions.get(forecast.question or "")
    if question is None or not is_scorable(forecast, question):
        return None
    q = float(forecast.question_probability or 0.0)
    happened = question.status == "yes"
    return ScoredForecast(
        forecast,
        outlets.get(forecast.document_id),
        happened,
        brier_score(q, happened),
        log_score(q, happened),
    )


def summarize(holder: str, outlet: str | None, items: list[ScoredForecast]) -> Score:
    n = len(items)
    return Score(
        holder=holder,
        outlet=outlet,
        n=n,
        brier=round(sum(s.brier for s in items) / n, 4),
        log_score=round(sum(s.log_score for s in items) / n, 4),
        forecasts=[s.forecast.id for s in items],
    )


def compute_scores(store: Store) -> list[Score]:
    """Per holder (outlet = where they published), then per outlet (holder = "*")."""
    return scores_from(load_ledger(store).scored)


def scores_from(scored: Iterable[ScoredForecast]) -> list[Score]:
    by_holder: dict[str, list[ScoredForecast]] = defaultdict(list)
    by_outlet: dict[str, list[ScoredForecast]] = defaultdict(list)
    for item in scored:
        by_holder[item.forecast.holder].append(item)
        by_outlet[item.outlet or "unknown"].append(item)
    scores = []
    for holder, items in sorted(by_holder.items()):
        outlets = sorted({i.outlet or "unknown" for i in items})
        scores.append(summarize(holder, ", ".join(outlets), items))
    for outlet, items in sorted(by_outlet.items()):
        scores.append(summarize(ALL_HOLDERS, outlet, items))
    return scores


def calibration_table(store: Store, holder: str | None = None) -> list[CalibrationBin]:
    scored = load_ledger(store).scored
    pairs = [
        (float(s.forecast.question_probability or 0.0), s.happened)
        for s in scored
        if holder is None or s.forecast.holder == holder
    ]
    return calibration(pairs)


# -- aggregation -----------------------------------------------------------------------


@dataclass
class OpenQuestion:
    question: str
    text: str
    deadline: str | None
    probability: float | None
    voices: int
    extremized: bool
    holders: list[str]


def aggregate_open_questions(store: Store, pack: Pack | None = None) -> list[OpenQuestion]:
    """Per open question: the median log-odds of the latest forecast of each independent voice.

    A voice is a holder; holders whose outlets share a source group of the pack count once.
    Conditional forecasts are left out: their condition may never hold.
    """
    ledger = load_ledger(store)
    groups = _source_groups(pack)
    result = []
    for question in ledger.questions.values():
        if question.status != "open":
            continue
        latest: dict[str, Forecast] = {}
        for forecast in ledger.forecasts:
            if forecast.question != question.id or forecast.condition:
                continue
            if forecast.question_probability is None:
                continue
            current = latest.get(forecast.holder)
            if current is None or (forecast.made_on or "") >= (current.made_on or ""):
                latest[forecast.holder] = forecast
        voices: dict[str, list[float]] = defaultdict(list)
        for holder, forecast in latest.items():
            outlet = ledger.outlets.get(forecast.document_id) or ""
            voices[groups.get(outlet.lower(), f"holder:{holder}")].append(
                float(forecast.question_probability or 0.0)
            )
        combined = aggregate([sorted(ps)[len(ps) // 2] for ps in voices.values()])
        result.append(
            OpenQuestion(
                question.id,
                question.text,
                question.deadline,
                combined.probability if combined else None,
                combined.voices if combined else 0,
                combined.extremized if combined else False,
                sorted(latest),
            )
        )
    return result


def _source_groups(pack: Pack | None) -> dict[str, str]:
    groups: dict[str, str] = {}
    for source in pack.sources if pack else []:
        if source.group:
            for name in [source.publisher, *source.aliases]:
                groups[name.lower()] = f"group:{source.group}"
    return groups


# -- reasons ---------------------------------------------------------------------------


def shared_factors(store: Store, minimum: int = 2) -> list[tuple[str, list[str]]]:
    """Factors named as reasons by at least ``minimum`` documents, most shared first."""
    with store.engine.connect() as connection:
        reasons = rows.load_reasons(connection)
    documents: dict[str, set[str]] = defaultdict(set)
    for reason in reasons:
        documents[reason.factor].add(reason.document_id)
    shared = [(factor, sorted(ids)) for factor, ids in documents.items() if len(ids) >= minimum]
    return sorted(shared, key=lambda item: (-len(item[1]), item[0]))
