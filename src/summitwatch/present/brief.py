"""Briefs: key judgments with probabilities, the reasons and who holds them, what changed.

A brief is built from the store as typed records (:class:`Brief`), then rendered to
Markdown or to one self-contained HTML file (``present/brief_render.py``). Every statement
carries the evidence it rests on: the document and the quoted sentence, with an anchor.
The state of the last brief is kept beside it, one per output (``b.md.state.json``,
``b.html.state.json``), so that the next one can say what changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from summitwatch.analyze.ach import AchError, AchMatrix, run_ach
from summitwatch.analyze.ledger import (
    Ledger,
    OpenQuestion,
    load_ledger,
    outlet_scores,
)
from summitwatch.analyze.ledger_views import kept_aggregates
from summitwatch.analyze.reliability import independence_group
from summitwatch.analyze.scenarios import ScenarioRun, ScenarioUpdate, run_scenarios
from summitwatch.analyze.timeline import DocumentInfo, TimelineSource, document_infos
from summitwatch.lexicons import read_lexicon
from summitwatch.models import Question, Reason
from summitwatch.packs.pack import Pack
from summitwatch.present.brief_charts import calibration_points, calibration_svg, trajectory_svg
from summitwatch.present.output_file import write_text_atomically
from summitwatch.store import rows
from summitwatch.store.database import Store

EVIDENCE_PER_JUDGMENT = 3
# the scenario model and the holders' aggregate are explained when this far apart
SCENARIO_GAP = 0.10


@dataclass
class EvidenceRef:
    anchor: str
    document_id: str
    title: str | None
    publisher: str | None
    published: str | None
    sentence: str
    start: int
    end: int


@dataclass
class Judgment:
    key: str  # stable across briefs, for "what changed"
    text: str
    probability: float | None = None
    evidence: list[EvidenceRef] = field(default_factory=list)


@dataclass
class SharedReason:
    factor: str
    name: str
    groups: int
    holders: list[str]
    evidence: list[EvidenceRef] = field(default_factory=list)


@dataclass
class Change:
    text: str
    evidence: list[EvidenceRef] = field(default_factory=list)


@dataclass
class BriefState:
    generated: str
    scenarios: dict[str, float] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    judgments: dict[str, float | None] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)


@dataclass
class Brief:
    title: str
    generated: str
    question: str | None
    judgments: list[Judgment]
    reasons: list[SharedReason]
    changes: list[Change]
    trajectory_svg: str
    calibration_svg: str
    evidence: list[EvidenceRef]
    state: BriefState
    ach: AchMatrix | None = None
    scenario_run: ScenarioRun | None = None


class EvidenceBook:
    """Every cited sentence once, numbered in order of first citation."""

    def __init__(self) -> None:
        self.refs: dict[str, EvidenceRef] = {}

    def cite(
        self, document_id: str, info: DocumentInfo | None, sentence: str, start: int, end: int
    ) -> EvidenceRef:
        anchor = f"src-{document_id.removeprefix('doc-')[:10]}-{start}"
        if anchor not in self.refs:
            self.refs[anchor] = EvidenceRef(
                anchor,
                document_id,
                info.title if info else None,
                info.publisher if info else None,
                info.published if info else None,
                " ".join(sentence.split()),
                start,
                end,
            )
        return self.refs[anchor]

    def cite_source(self, source: TimelineSource) -> EvidenceRef:
        info = DocumentInfo(source.title, source.publisher, source.published)
        return self.cite(source.document_id, info, source.sentence, source.start, source.end)

    def number(self, ref: EvidenceRef) -> int:
        return list(self.refs).index(ref.anchor) + 1


# -- probability words -----------------------------------------------------------------


@cache
def probability_scale() -> list[tuple[float, str]]:
    data = read_lexicon("probability_words")
    return [(float(item["below"]), str(item["word"])) for item in data["scale"]]


def probability_word(probability: float) -> str:
    for upper, word in probability_scale():
        if probability < upper:
            return word
    return probability_scale()[-1][1]


def describe_probability(probability: float) -> str:
    return f"{probability_word(probability)} ({probability:.0%})"


# -- judgments -------------------------------------------------------------------------


def scenario_judgments(pack: Pack, run: ScenarioRun, book: EvidenceBook) -> list[Judgment]:
    judgments = []
    current = run.current
    for scenario in sorted(run.scenarios, key=lambda s: -current[s.id]):
        moves = sorted(
            (u for u in run.updates if u.before[scenario.id] != u.after[scenario.id]),
            key=lambda u: -abs(u.after[scenario.id] - u.before[scenario.id]),
        )
        evidence = unique_refs(book.cite_source(moved_source(u)) for u in moves)
        horizon = f" by {scenario.horizon}" if scenario.horizon else ""
        text = (
            f"{scenario.name}{horizon}: {describe_probability(current[scenario.id])}, "
            f"from a prior of {run.prior[scenario.id]:.0%} after {len(run.updates)} "
            f"indicator update(s)."
        )
        judgments.append(Judgment(f"scenario:{scenario.id}", text, current[scenario.id], evidence))
    return judgments


def moved_source(update: ScenarioUpdate) -> TimelineSource:
    """The report whose sentence fired the indicator (not just the entry's first report)."""
    sources = update.entry.sources
    return next((s for s in sources if s.event_id == update.event.id), sources[0])


def unique_refs(
    refs: Iterable[EvidenceRef], limit: int = EVIDENCE_PER_JUDGMENT
) -> list[EvidenceRef]:
    kept: list[EvidenceRef] = []
    for ref in refs:
        if all(ref.anchor != k.anchor for k in kept):
            kept.append(ref)
        if len(kept) == limit:
            break
    return kept


def question_judgments(
    pack: Pack,
    run: ScenarioRun,
    questions: list[Question],
    ledger: Ledger,
    aggregates: dict[str, OpenQuestion],
    infos: dict[str, DocumentInfo],
    book: EvidenceBook,
) -> list[Judgment]:
    """Each question's probability named for what it is: the holders' aggregate (the
    ledger's), beside the scenario model's when a scenario answers the same question."""
    judgments = []
    for question in questions:
        if question.merged_into:
            continue
        linked = [f for f in ledger.forecasts if f.question == question.id]
        evidence = [
            book.cite(f.document_id, infos.get(f.document_id), f.statement, f.start, f.end)
            for f in linked[:EVIDENCE_PER_JUDGMENT]
        ]
        if question.status != "open":
            text = f"Resolved {question.status.upper()}: {question.text}"
            if question.resolved_on:
                text += f" (on {question.resolved_on}, by {question.resolved_by or 'evidence'})"
            judgments.append(Judgment(f"question:{question.id}", text, None, evidence))
            continue
        found = aggregates.get(question.id)
        if found is None or found.probability is None:
            continue
        text = (
            f"{question.text}: {describe_probability(found.probability)}, the aggregate of "
            f"{found.voices} independent holder(s)"
            + (" (extremized)" if found.extremized else "")
            + "."
            + scenario_comparison(pack, run, question.id, found.probability)
        )
        judgments.append(Judgment(f"question:{question.id}", text, found.probability, evidence))
    return judgments


def scenario_comparison(pack: Pack, run: ScenarioRun, question_id: str, aggregate: float) -> str:
    """The scenario model's probability for the same question, and why the two may differ."""
    scenario = next((s for s in pack.scenarios if s.question == question_id), None)
    if scenario is None or scenario.id not in run.current:
        return ""
    model = run.current[scenario.id]
    text = f" Scenario model (“{scenario.name}”): {model:.0%}."
    if abs(model - aggregate) >= SCENARIO_GAP:
        text += (
            " They differ because the scenario model updates a prior on dated events "
            "(indicators), while the aggregate combines what the holders stated."
        )
    return text


def ach_judgment(matrix: AchMatrix, infos: dict[str, DocumentInfo], book: EvidenceBook) -> Judgment:
    winner = matrix.scores[0]
    others = ", ".join(
        f"{s.hypothesis.text.split(' — ')[0]} {s.inconsistency:.1f}" for s in matrix.scores[1:]
    )
    text = (
        f"Why: the explanation least inconsistent with the evidence is "
        f"“{winner.hypothesis.text}” (inconsistency {winner.inconsistency:.1f}; {others})."
    )
    support = [e for e in matrix.evidence if e.ratings.get(winner.hypothesis.id) in ("CC", "C")]
    evidence = unique_refs(
        book.cite(row.document_ids[0], infos.get(row.document_ids[0]), row.text, row.start, row.end)
        for row in support
    )
    return Judgment(f"ach:{matrix.question}", text, None, evidence)


def shared_reasons(
    pack: Pack, reasons: list[Reason], infos: dict[str, DocumentInfo], book: EvidenceBook
) -> list[SharedReason]:
    names = {f.id: f.name for f in pack.factors}
    by_factor: dict[str, list[Reason]] = {}
    for reason in reasons:
        by_factor.setdefault(reason.factor, []).append(reason)
    shared = []
    for factor, items in by_factor.items():
        publishers = [
            infos[r.document_id].publisher if r.document_id in infos else None for r in items
        ]
        groups = {independence_group(pack, p) for p in publishers}
        holders = sorted({p or "unknown source" for p in publishers})
        evidence = [
            book.cite(r.document_id, infos.get(r.document_id), r.statement, r.start, r.end)
            for r in items[:EVIDENCE_PER_JUDGMENT]
        ]
        shared.append(
            SharedReason(factor, names.get(factor, factor), len(groups), holders, evidence)
        )
    shared.sort(key=lambda s: (-s.groups, s.name))
    return shared


# -- what changed ----------------------------------------------------------------------


def state_path(out: Path) -> Path:
    """Each output its own state (``b.md.state.json`` apart from ``b.html.state.json``)."""
    return out.with_name(f"{out.name}.state.json")


def read_state(path: Path) -> BriefState | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BriefState(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_state(path: Path, state: BriefState) -> None:
    """All or nothing, never through a link planted at ``path`` (as the brief itself)."""
    write_text_atomically(path, json.dumps(asdict(state), indent=2, sort_keys=True))


def diff_states(
    previous: BriefState | None, current: BriefState, book: EvidenceBook
) -> list[Change]:
    if previous is None:
        return [Change("First brief for this file: there is no earlier brief to compare with.")]
    changes = []
    for scenario, probability in current.scenarios.items():
        before = previous.scenarios.get(scenario)
        if before is None or abs(before - probability) >= 0.005:
            was = "new" if before is None else f"{before:.0%}"
            changes.append(Change(f"P({scenario}): {was} → {probability:.0%}"))
    for question, status in current.questions.items():
        before_status = previous.questions.get(question)
        if before_status != status:
            changes.append(Change(f"Question {question}: {before_status or 'new'} → {status}"))
    fresh = [a for a in current.evidence if a not in set(previous.evidence)]
    if fresh:
        refs = [book.refs[a] for a in fresh if a in book.refs]
        changes.append(
            Change(f"{len(fresh)} piece(s) of evidence cited for the first time.", refs[:5])
        )
    if not changes:
        changes.append(Change(f"Nothing changed since the brief of {previous.generated}."))
    return changes


# -- building --------------------------------------------------------------------------


def default_ach_question(pack: Pack, question: str | None) -> str | None:
    if question and any(h.question == question for h in pack.hypotheses):
        return question
    return pack.hypotheses[0].question if pack.hypotheses and not question else None


def build_brief(
    store: Store,
    pack: Pack,
    question: str | None = None,
    previous: BriefState | None = None,
    today: str | None = None,
) -> Brief:
    book = EvidenceBook()
    run = run_scenarios(store, pack)
    with store.engine.connect() as connection:
        questions = rows.load_questions(connection)
        reasons = rows.load_reasons(connection)
        infos = document_infos(connection, _all_document_ids(connection))
    if question:
        questions = [q for q in questions if q.id == question] or questions
    judgments = scenario_judgments(pack, run, book)
    ledger = load_ledger(store)
    aggregates = {a.question: a for a in kept_aggregates(store, pack)}
    on_questions = question_judgments(pack, run, questions, ledger, aggregates, infos, book)
    # open questions first; what is settled comes after the reasoning about what is not
    judgments.extend(j for j in on_questions if j.probability is not None)
    matrix = None
    ach_question = default_ach_question(pack, question)
    if ach_question:
        try:
            matrix = run_ach(store, pack, ach_question)
            judgments.append(ach_judgment(matrix, infos, book))
        except AchError:
            matrix = None
    judgments.extend(j for j in on_questions if j.probability is None)
    reasons_held = shared_reasons(pack, reasons, infos, book)
    state = BriefState(
        generated=today or date.today().isoformat(),
        scenarios={k: round(v, 4) for k, v in run.current.items()},
        questions={q.id: q.status for q in questions},
        judgments={j.key: j.probability for j in judgments},
        evidence=list(book.refs),
    )
    changes = diff_states(previous, state, book)
    points = calibration_points(ledger.scored)
    return Brief(
        title=_title(pack, question),
        generated=state.generated,
        question=question,
        judgments=judgments,
        reasons=reasons_held,
        changes=changes,
        trajectory_svg=trajectory_svg(run),
        calibration_svg=calibration_svg(points, outlet_scores(ledger.scored)),
        evidence=display_order(judgments, reasons_held, changes),
        state=state,
        ach=matrix,
        scenario_run=run,
    )


def display_order(
    judgments: list[Judgment], reasons: list[SharedReason], changes: list[Change]
) -> list[EvidenceRef]:
    """Cited evidence numbered in the order a reader meets it."""
    groups = [
        *(j.evidence for j in judgments),
        *(r.evidence for r in reasons),
        *(c.evidence for c in changes),
    ]
    return unique_refs((ref for group in groups for ref in group), limit=10**9)


def _all_document_ids(connection: Any) -> list[str]:
    from sqlalchemy import select

    from summitwatch.store import schema

    return [row.id for row in connection.execute(select(schema.documents.c.id))]


def _title(pack: Pack, question: str | None) -> str:
    base = f"summitwatch brief — {pack.name}"
    return f"{base}: {question}" if question else base
