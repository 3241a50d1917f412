"""The forecast ledger: questions, the links of forecasts to them, resolutions and scores.

This is the one place where forecasts are linked to questions (the forecasts stage writes
only what the text says) and the one scorer: ``summitwatch score``, ``questions``, the brief
and every chart read :func:`load_ledger`, :func:`scores_from` and
:func:`aggregate_open_questions`.

``refresh_ledger`` (after every ingest) builds the question list (the pack's, the users',
accepted proposals), resolves each by its policy (``analyze/resolution.py``; hand resolutions
persist and win), links every forecast by structure (``analyze/linking.py``), proposes a
question for a structured forecast that fits none (``analyze/proposals.py``), and writes the
questions and the links. Scored: a forecast on a settled question, unconditional, made before
the day the question was settled, one per holder, question and document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from sqlalchemy import Connection, bindparam, delete, select, update

from summitwatch.analyze.linking import LinkRule, find_question, last_day, question_probability
from summitwatch.analyze.parties import SEVERAL_PARTY_ROLES, forecast_parties
from summitwatch.analyze.proposals import propose_questions
from summitwatch.analyze.reliability import reliability_letter
from summitwatch.analyze.resolution import Evidence, Report, Resolution, resolve_question
from summitwatch.analyze.scoring import (
    CalibrationBin,
    aggregate,
    brier_score,
    calibration,
    log_score,
)
from summitwatch.models import Forecast, Question, Score
from summitwatch.packs.pack import Pack
from summitwatch.store import rows, schema
from summitwatch.store.database import Store
from summitwatch.timeml import first_day

ALL_HOLDERS = "*"  # the holder of an outlet's score row: every holder published there
# calibration is shown per holder only from this many scored forecasts: fewer say nothing
CALIBRATION_MIN_FORECASTS = 5
# holders that are people or organisations; generic groups ("analysts") are scored apart
NAMED_HOLDER_KINDS = ("person", "organization", "author")
KEPT_ORIGINS = ("user",)


# -- questions -------------------------------------------------------------------------


def pack_questions(pack: Pack) -> list[Question]:
    return [
        Question(
            id=q.id,
            text=q.text,
            deadline=q.deadline,
            outcome_class=q.outcome,
            actors=list(q.actors),
            opens=q.opens,
            origin="pack",
            policy=q.policy,
        )
        for q in pack.questions
    ]


def current_questions(pack: Pack, stored: Iterable[Question]) -> list[Question]:
    """The pack's questions, overridden by the users' and joined by accepted proposals.

    What users decided persists: their own and edited questions, accepted proposals,
    merges and hand resolutions. Unaccepted proposals are made afresh at each refresh.
    """
    stored_by_id = {q.id: q for q in stored}
    result: dict[str, Question] = {q.id: q for q in pack_questions(pack)}
    for q in stored_by_id.values():
        if q.origin in KEPT_ORIGINS or (q.origin == "forecast" and not q.proposed):
            result[q.id] = replace(q, status="open", resolved_on=None, evidence=[])
    for q in stored_by_id.values():
        if q.id in result:
            result[q.id].merged_into = q.merged_into
            if q.resolved_by == "hand":
                result[q.id] = replace(
                    result[q.id],
                    status=q.status,
                    resolved_on=q.resolved_on,
                    evidence=list(q.evidence),
                    resolved_by="hand",
                    known_on=q.known_on,
                )
    return sorted(result.values(), key=lambda q: q.id)


def load_evidence(connection: Connection, pack: Pack) -> Evidence:
    mentioned: dict[str, set[str]] = defaultdict(set)
    query = select(schema.mentions.c.document_id, schema.mentions.c.actor_id).where(
        schema.mentions.c.actor_id.is_not(None)
    )
    for row in connection.execute(query):
        mentioned[row.document_id].add(row.actor_id)
    events = rows.load_events(connection)
    for event in events:
        mentioned[event.document_id].update([*event.actors, *event.recipients])
    reports = {}
    for doc in rows.load_documents(connection):
        outlet = outlet_of(doc.publisher, [asdict(a) for a in doc.authors])
        reports[doc.id] = Report(
            doc.id,
            doc.published.isoformat() if doc.published else None,
            reliability_letter(pack, outlet),
            getattr(doc, "story", None) or doc.id,
            frozenset(mentioned.get(doc.id, set())),
        )
    country_of = {a.id: a.country for a in pack.actors if a.kind == "person" and a.country}
    return Evidence(reports, events, country_of, frozenset(a.id for a in pack.actors))


def resolve_all(questions: Iterable[Question], pack: Pack, evidence: Evidence, as_of: str) -> None:
    """Resolve each question in place (hand resolutions are left as they are)."""
    for question in questions:
        if question.resolved_by == "hand":
            continue
        result = resolve_one(question, pack, evidence, as_of)
        question.status = result.status
        question.resolved_on = result.resolved_on
        question.evidence = result.evidence
        question.resolved_by = result.resolved_by
        question.known_on = result.known_on


def resolve_one(question: Question, pack: Pack, evidence: Evidence, as_of: str) -> Resolution:
    outcome = pack.outcome(question.outcome_class)
    if outcome is None:
        return Resolution()
    return resolve_question(question, outcome, pack.policy(question.policy), evidence, as_of)


def link_rules(pack: Pack) -> dict[str, LinkRule]:
    tolerance = pack.policy(None).tolerance_days
    return {
        o.id: LinkRule(
            o.default_horizon,
            tolerance,
            cases=(o.id, *(c.id for c in pack.outcomes if o.id in c.implies)),
            several_parties=o.role in SEVERAL_PARTY_ROLES,
        )
        for o in pack.outcomes
    }


def settled_days(questions: Iterable[Question]) -> dict[str, str]:
    return {q.id: q.resolved_on for q in questions if q.status != "open" and q.resolved_on}


def link_all(forecasts: Iterable[Forecast], questions: Sequence[Question], pack: Pack) -> None:
    """Set ``question`` and ``question_probability`` on every forecast (None when unlinked)."""
    by_id = {q.id: q for q in questions}
    rules = link_rules(pack)
    closed = settled_days(questions)
    # every question is offered: a forecast may link to a broader question (some of its
    # parties) or a narrower one (a class its own implies), not only to its own class and actors
    for forecast in forecasts:
        found = find_question(forecast, questions, rules, closed)
        while found is not None and found.merged_into in by_id:
            found = by_id[found.merged_into]
        forecast.question = found.id if found else None
        forecast.question_probability = question_probability(forecast) if found else None


def build_ledger_state(
    pack: Pack,
    stored: Iterable[Question],
    forecasts: list[Forecast],
    evidence: Evidence,
    as_of: str,
) -> list[Question]:
    """Questions resolved and forecasts linked, proposals included; nothing is written."""
    questions = current_questions(pack, stored)
    resolve_all(questions, pack, evidence, as_of)
    # the forecasts as the ledger compares them: their outcome's parties (analyze/parties.py)
    views = [replace(f, outcome_actors=forecast_parties(pack, f)) for f in forecasts]
    link_all(views, questions, pack)
    proposals = propose_questions(views, questions, pack, link_rules(pack))
    resolve_all(proposals, pack, evidence, as_of)
    questions = sorted([*questions, *proposals], key=lambda q: q.id)
    link_all(views, questions, pack)
    share_judgment_links(views)
    linked = {view.question for view in views}
    questions = [q for q in questions if not q.proposed or q.id in linked]
    for forecast, view in zip(forecasts, views, strict=True):
        forecast.question = view.question
        forecast.question_probability = view.question_probability
    return questions


def share_judgment_links(forecasts: list[Forecast]) -> None:
    """A restatement bears on its representative's question: it is the same judgment, worded
    again (``forecast_groups.py``), so it shows the link; only the representative is scored."""
    by_id = {f.id: f for f in forecasts}
    for forecast in forecasts:
        best = by_id.get(forecast.judgment or "")
        if forecast.question or best is None or best is forecast or best.question is None:
            continue
        forecast.question = best.question
        forecast.question_probability = question_probability(forecast)


def refresh_ledger(store: Store, pack: Pack, as_of: str | None = None) -> None:
    """Resolve, link and propose with what is stored; writes the questions and the links."""
    with store.engine.begin() as connection:
        refresh_ledger_on(connection, pack, as_of or date.today().isoformat())


def refresh_ledger_on(connection: Connection, pack: Pack, today: str) -> None:
    """:func:`refresh_ledger` in the caller's transaction."""
    stored = rows.load_questions(connection)
    forecasts = rows.load_forecasts(connection)
    before = {f.id: (f.question, f.question_probability) for f in forecasts}
    evidence = load_evidence(connection, pack)
    questions = build_ledger_state(pack, stored, forecasts, evidence, today)
    write_questions(connection, questions, stored_notes(connection))
    write_links(connection, [f for f in forecasts if before[f.id] != link_of(f)])


def link_of(forecast: Forecast) -> tuple[str | None, float | None]:
    return forecast.question, forecast.question_probability


def write_links(connection: Connection, forecasts: Sequence[Forecast]) -> None:
    """The links that changed, in one batched statement (not one round trip per row)."""
    if not forecasts:
        return
    table = schema.forecasts
    statement = (
        update(table)
        .where(table.c.id == bindparam("forecast_id"))
        .values(question=bindparam("link"), question_probability=bindparam("link_probability"))
    )
    connection.execute(
        statement,
        [
            {"forecast_id": f.id, "link": f.question, "link_probability": f.question_probability}
            for f in forecasts
        ],
    )


def stored_notes(connection: Connection) -> dict[str, str | None]:
    query = select(schema.questions.c.id, schema.questions.c.note)
    return {row.id: row.note for row in connection.execute(query)}


def write_questions(
    connection: Connection, questions: Iterable[Question], notes: dict[str, str | None]
) -> None:
    connection.execute(delete(schema.questions))
    values = [question_row(q, notes) for q in questions]
    if values:
        connection.execute(schema.questions.insert(), values)


def question_row(q: Question, notes: dict[str, str | None]) -> dict[str, object]:
    return {
        "id": q.id,
        "text": q.text,
        "deadline": q.deadline,
        "status": q.status,
        "resolved_on": q.resolved_on,
        "evidence": list(q.evidence),
        "resolved_by": q.resolved_by,
        "note": notes.get(q.id),
        "outcome_class": q.outcome_class,
        "actors": list(q.actors),
        "opens": q.opens,
        "origin": q.origin,
        "proposed": q.proposed,
        "policy": q.policy,
        "known_on": q.known_on,
        "merged_into": q.merged_into,
    }


def question_as_of(store: Store, pack: Pack, question_id: str, as_of: str) -> Question | None:
    """One question resolved with what had been published by ``as_of`` (nothing is written)."""
    with store.engine.connect() as connection:
        stored = {q.id: q for q in rows.load_questions(connection)}
        if question_id not in stored:
            return None
        evidence = load_evidence(connection, pack)
    question = replace(stored[question_id])
    if question.resolved_by == "hand":
        if question.resolved_on and question.resolved_on > as_of:
            question = replace(question, status="open", resolved_on=None, evidence=[])
        return question
    resolve_all([question], pack, evidence, as_of)
    return question


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
        return ledger_on(connection)


def ledger_on(connection: Connection) -> Ledger:
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
            select(schema.documents.c.id, schema.documents.c.publisher, schema.documents.c.authors)
        )
    }
    return ledger_of(forecasts, questions, outlets)


def ledger_of(
    forecasts: list[Forecast], questions: dict[str, Question], outlets: dict[str, str | None]
) -> Ledger:
    ledger = Ledger(forecasts, questions, outlets)
    seen: set[tuple[str, str, str]] = set()
    for forecast in sorted(forecasts, key=lambda f: (f.document_id, f.start)):
        if not forecast.representative:
            continue  # a restatement: its judgment is scored once, by its representative
        scored = score_forecast(forecast, questions, outlets)
        if scored is None:
            continue
        # one judgment per holder, question and document: restatements are not new forecasts
        key = (forecast.holder, forecast.question or "", forecast.document_id)
        if key in seen:
            continue
        seen.add(key)
        ledger.scored.append(scored)
    return ledger


def outlet_of(publisher: str | None, authors: list[dict[str, str | None]] | None) -> str | None:
    """Where a document appeared: its publisher, else its first author's affiliation."""
    if publisher:
        return publisher
    return next((a.get("affiliation") for a in authors or [] if a.get("affiliation")), None)


def is_scorable(forecast: Forecast, question: Question | None) -> bool:
    """Settled, unconditional, and made before the day the question was settled."""
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


def holder_kind(forecast: Forecast) -> str:
    if forecast.holder_kind in NAMED_HOLDER_KINDS:
        return "holder"
    return "group" if forecast.holder_kind == "group" else "unknown"


def summarize(
    holder: str, outlet: str | None, items: list[ScoredForecast], kind: str = "holder"
) -> Score:
    n = len(items)
    return Score(
        holder=holder,
        outlet=outlet,
        n=n,
        brier=round(sum(s.brier for s in items) / n, 4),
        log_score=round(sum(s.log_score for s in items) / n, 4),
        forecasts=[s.forecast.id for s in items],
        scope=kind,
    )


def compute_scores(store: Store) -> list[Score]:
    """Per holder (outlet = where they published), then per outlet (holder = "*")."""
    return scores_from(load_ledger(store).scored)


def scores_from(scored: Iterable[ScoredForecast]) -> list[Score]:
    """Holders first (people and organisations, then groups, then unknown), then outlets."""
    by_holder: dict[tuple[str, str], list[ScoredForecast]] = defaultdict(list)
    by_outlet: dict[str, list[ScoredForecast]] = defaultdict(list)
    for item in scored:
        by_holder[(holder_kind(item.forecast), item.forecast.holder)].append(item)
        by_outlet[item.outlet or "unknown"].append(item)
    order = {"holder": 0, "group": 1, "unknown": 2}
    scores = []
    for (kind, holder), items in sorted(by_holder.items(), key=lambda kv: (order[kv[0][0]], kv[0])):
        outlets = sorted({i.outlet or "unknown" for i in items})
        scores.append(summarize(holder, ", ".join(outlets), items, kind))
    for outlet, items in sorted(by_outlet.items()):
        scores.append(summarize(ALL_HOLDERS, outlet, items, "outlet"))
    return scores


def outlet_scores(scored: Iterable[ScoredForecast]) -> dict[str, Score]:
    return {s.outlet or "unknown": s for s in scores_from(scored) if s.scope == "outlet"}


def calibration_table(store: Store, holder: str | None = None) -> list[CalibrationBin]:
    scored = load_ledger(store).scored
    pairs = [
        (float(s.forecast.question_probability or 0.0), s.happened)
        for s in scored
        if holder is None or s.forecast.holder == holder
    ]
    return calibration(pairs)


def calibration_by_holder(
    scored: Iterable[ScoredForecast], minimum: int = CALIBRATION_MIN_FORECASTS
) -> dict[str, list[CalibrationBin]]:
    """Calibration of each named holder with at least ``minimum`` scored forecasts."""
    pairs: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for s in scored:
        if holder_kind(s.forecast) == "holder":
            probability = float(s.forecast.question_probability or 0.0)
            pairs[s.forecast.holder].append((probability, s.happened))
    return {h: calibration(p) for h, p in sorted(pairs.items()) if len(p) >= minimum}


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


def aggregate_open_questions(
    store: Store, pack: Pack | None = None, as_of: str | None = None
) -> list[OpenQuestion]:
    """Per open question: the median log-odds of the latest forecast of each independent voice.

    A voice is a named holder (generic groups such as "analysts" are left out); holders whose
    outlets share a source group of the pack count once. Conditional forecasts are left out:
    their condition may never hold. A proposal (not accepted by a user) whose deadline has
    passed by ``as_of`` (default today) without being settled has no aggregate: nobody asked
    it, and what it waits for is evidence, not judgments.
    """
    return aggregates_of(load_ledger(store), pack, as_of)


def aggregates_of(
    ledger: Ledger, pack: Pack | None = None, as_of: str | None = None
) -> list[OpenQuestion]:
    """:func:`aggregate_open_questions` over a loaded ledger."""
    groups = source_groups(pack)
    today = as_of or date.today().isoformat()
    return [
        aggregate_question(ledger, groups, question)
        for question in ledger.questions.values()
        if question.status == "open"
        and not question.merged_into
        and not (question.proposed and (last_day(question.deadline) or "9999") < today)
    ]


def aggregate_question(
    ledger: Ledger, groups: dict[str, str], question: Question, as_of: str | None = None
) -> OpenQuestion:
    """One question's aggregate; with ``as_of`` (ISO day), of the forecasts made by that day."""
    latest: dict[str, Forecast] = {}
    for forecast in ledger.forecasts:
        if forecast.question != question.id or forecast.condition:
            continue
        if forecast.question_probability is None or forecast.holder_kind == "group":
            continue
        if as_of is not None and not (forecast.made_on and first_day(forecast.made_on) <= as_of):
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
    return OpenQuestion(
        question.id,
        question.text,
        question.deadline,
        combined.probability if combined else None,
        combined.voices if combined else 0,
        combined.extremized if combined else False,
        sorted(latest),
    )


def source_groups(pack: Pack | None) -> dict[str, str]:
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
