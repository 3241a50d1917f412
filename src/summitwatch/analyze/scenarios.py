"""Scenarios and indicators: Bayes' rule over the stored events, in date order, explained.

The pack gives each scenario a prior and each indicator (an event pattern) the chance
P(e | s) of seeing such an event under every scenario. Each merged timeline entry that
matches an indicator updates the probabilities once, however many documents report it.
A report is trusted as far as its publishers are (Admiralty letter -> weight w): the
update uses P(e | s) ** w, i.e. the likelihood ratio tempered to LR ** w, so that an
unreliable source moves the estimate less and a fully reliable one moves it fully.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, Select, Text, delete, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import aggregate_order_by

from summitwatch.analyze.derived import is_kept, pack_key, record_kept
from summitwatch.analyze.patterns import Pattern, match_event, parse_pattern, sql_prefilter
from summitwatch.analyze.standings import load_standing_rules
from summitwatch.analyze.timeline import (
    TimelineEntry,
    TimelineSource,
    document_infos,
    entry_weight,
    merge_events,
    read_events,
)
from summitwatch.models import Event, ScenarioStep
from summitwatch.packs.pack import Indicator, Pack, Scenario
from summitwatch.store import schema
from summitwatch.store.database import Store
from summitwatch.timeml import date_bounds, date_precision, sort_key

SENTENCE_CHARS = 90
# Reports of the same kind are not independent (one trip yields many "Trump wants to meet"
# stories): the n-th firing of an indicator counts with REPEAT_DISCOUNT ** n of its weight.
REPEAT_DISCOUNT = 0.5


@dataclass(frozen=True)
class StepEvidence:
    """What moved one step: the merged entry, the report that fired, the likelihood ratios."""

    entry: TimelineEntry
    event: Event
    ratios: dict[str, float]  # likelihood ratio of each scenario against the rest


@dataclass
class ScenarioUpdate:
    """One step of the trajectory: an entry matched an indicator and moved the estimate.

    ``evidence`` is held, or for a kept run read from the store the first time it is asked
    for: a chart of the trajectory needs only the dates and probabilities.
    """

    date: str
    indicator: Indicator
    weight: float
    before: dict[str, float]
    after: dict[str, float]
    evidence_source: StepEvidence | Callable[[], StepEvidence]

    @property
    def evidence(self) -> StepEvidence:
        if not isinstance(self.evidence_source, StepEvidence):
            self.evidence_source = self.evidence_source()
        return self.evidence_source

    @property
    def entry(self) -> TimelineEntry:
        return self.evidence.entry

    @property
    def event(self) -> Event:
        return self.evidence.event

    @property
    def ratios(self) -> dict[str, float]:
        return self.evidence.ratios

    def explain(self, scenario: Scenario) -> str:
        publishers = "; ".join(dict.fromkeys(p or "unknown source" for p in self.entry.publishers))
        return (
            f"{self.indicator.description} ({self.event.id}, '{shorten(self.event.sentence)}', "
            f"{publishers}): P({scenario.id}) {self.before[scenario.id]:.2f} → "
            f"{self.after[scenario.id]:.2f}, LR {self.ratios[scenario.id]:.2f} "
            f"weighted {self.weight:.2f}"
        )


@dataclass
class ScenarioRun:
    scenarios: list[Scenario]
    prior: dict[str, float]
    opens: str | None = None
    as_of: str | None = None
    computed: list[ScenarioUpdate] = field(default_factory=list)
    # a kept run's steps as read (dates and probabilities); its updates are built when asked
    kept: KeptSteps | None = None

    @property
    def updates(self) -> list[ScenarioUpdate]:
        if self.kept is not None:
            self.computed, self.kept = self.kept.updates(self.prior), None
        return self.computed

    @property
    def current(self) -> dict[str, float]:
        if self.kept is not None:
            return dict(self.kept.points[-1][1]) if self.kept.points else dict(self.prior)
        return dict(self.updates[-1].after) if self.updates else dict(self.prior)

    def trajectory(self, scenario_id: str) -> list[tuple[str | None, float]]:
        points: list[tuple[str | None, float]] = [(self.opens, self.prior[scenario_id])]
        if self.kept is not None:
            points.extend((when, after[scenario_id]) for when, after in self.kept.points)
        else:
            points.extend((update.date, update.after[scenario_id]) for update in self.updates)
        return points


@dataclass(frozen=True)
class CompiledIndicator:
    indicator: Indicator
    pattern: Pattern


def shorten(text: str, limit: int = SENTENCE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def normalize(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    if total <= 0:
        return {key: 1.0 / len(weights) for key in weights}
    return {key: value / total for key, value in weights.items()}


def compile_indicators(pack: Pack) -> list[CompiledIndicator]:
    return [CompiledIndicator(i, parse_pattern(i.pattern)) for i in pack.indicators]


def scenario_window(pack: Pack) -> str | None:
    """The earliest date from which evidence bears on any scenario."""
    opens = [s.opens for s in pack.scenarios if s.opens]
    return min(opens) if opens else None


# -- Bayes -----------------------------------------------------------------------------


def bayes_update(
    probabilities: dict[str, float], likelihoods: dict[str, float], weight: float
) -> tuple[dict[str, float], dict[str, float]]:
    """Posterior after one piece of evidence seen with reliability ``weight``, and the LRs."""
    default = sum(likelihoods.values()) / len(likelihoods) if likelihoods else 1.0
    tempered = {s: max(likelihoods.get(s, default), 1e-6) ** weight for s in probabilities}
    posterior = normalize({s: probabilities[s] * tempered[s] for s in probabilities})
    ratios = {}
    for scenario in probabilities:
        rest = {s: p for s, p in probabilities.items() if s != scenario}
        rest_mass = sum(rest.values())
        if rest_mass <= 0:
            ratios[scenario] = 1.0
            continue
        p_rest = sum(p * likelihoods.get(s, default) for s, p in rest.items()) / rest_mass
        ratios[scenario] = likelihoods.get(scenario, default) / max(p_rest, 1e-9)
    return posterior, ratios


def fired_indicators(
    pack: Pack, entry: TimelineEntry, indicators: Sequence[CompiledIndicator]
) -> list[tuple[CompiledIndicator, Event]]:
    """The distinct indicators an entry fires; each report fires at most its first match."""
    fired: dict[str, tuple[CompiledIndicator, Event]] = {}
    for event in entry.events:
        for compiled in indicators:
            if match_event(pack, event, compiled.pattern):
                fired.setdefault(compiled.indicator.id, (compiled, event))
                break
    order = {c.indicator.id: n for n, c in enumerate(indicators)}
    return sorted(fired.values(), key=lambda pair: order[pair[0].indicator.id])


def evidence_date(entry: TimelineEntry) -> str | None:
    """When an entry became evidence: the event's date, or for plans the date of the report."""
    published = sorted(s.published for s in entry.sources if s.published)
    if entry.planned or date_bounds(entry.date) is None:
        if entry.modality == "historical" and not entry.planned:
            return None
        return published[0] if published else None
    return entry.date


def within_window(value: str, opens: str | None, as_of: str | None) -> bool:
    bounds = date_bounds(value)
    if bounds is None:
        return False
    if opens:
        precise = date_precision(value) in ("month", "week", "day", "time")
        if not (bounds[0] >= opens or (precise and bounds[1] >= opens)):
            return False
    return as_of is None or bounds[0] <= as_of


def update_scenarios(
    pack: Pack, entries: Sequence[TimelineEntry], as_of: str | None = None
) -> ScenarioRun:
    """Run the pack's indicators over timeline entries in date order."""
    prior = normalize({s.id: s.prior for s in pack.scenarios})
    run = ScenarioRun(list(pack.scenarios), prior, scenario_window(pack), as_of)
    indicators = compile_indicators(pack)
    dated = []
    for entry in entries:
        when = evidence_date(entry)
        if when and within_window(when, run.opens, as_of):
            dated.append((when, entry))
    dated.sort(key=lambda pair: (sort_key(pair[0]), pair[1].id))
    probabilities = dict(prior)
    fired: dict[str, int] = {}
    for when, entry in dated:
        reliability = entry_weight(pack, entry)
        for compiled, event in fired_indicators(pack, entry, indicators):
            repeats = fired.get(compiled.indicator.id, 0)
            fired[compiled.indicator.id] = repeats + 1
            weight = reliability * REPEAT_DISCOUNT**repeats
            posterior, ratios = bayes_update(probabilities, compiled.indicator.likelihoods, weight)
            run.updates.append(
                ScenarioUpdate(
                    when,
                    compiled.indicator,
                    weight,
                    probabilities,
                    posterior,
                    StepEvidence(entry, event, ratios),
                )
            )
            probabilities = posterior
    return run


# -- the store -------------------------------------------------------------------------


def indicator_statement(
    pack: Pack, as_of: str | None = None, document_ids: Sequence[str] | None = None
) -> Select[Any]:
    """The stored events any indicator could match, from the scenario window on.

    SQL narrows on type, modality and keywords; :func:`fired_indicators` decides.
    """
    table = schema.events
    statement = select(table)
    prefilters = [sql_prefilter(c.pattern) for c in compile_indicators(pack)]
    if prefilters and all(clause is not None for clause in prefilters):
        statement = statement.where(or_(*(c for c in prefilters if c is not None)))
    opens = scenario_window(pack)
    if opens:
        # a value coarser than a month cannot fall inside the window (see within_window)
        statement = statement.where(or_(table.c.date >= opens[:7], table.c.date.is_(None)))
    if as_of:
        # plans count from the day they were reported, whatever date they are planned for
        statement = statement.where(
            or_(
                table.c.date <= f"{as_of}~",
                table.c.date.is_(None),
                table.c.modality.in_(sorted(load_standing_rules().planned_modalities)),
            )
        )
    if document_ids is not None:
        statement = statement.where(table.c.document_id.in_(sorted(document_ids)))
    return statement


def load_indicator_entries(
    store: Store, pack: Pack, as_of: str | None = None
) -> list[TimelineEntry]:
    with store.engine.connect() as connection:
        return indicator_entries_on(connection, pack, as_of)


def indicator_entries_on(
    connection: Connection, pack: Pack, as_of: str | None = None
) -> list[TimelineEntry]:
    """Merged entries of the events any indicator could match, from the scenario window on.

    Only reports that could match an indicator are read; a merged entry's weight therefore
    counts its matching reports.
    """
    events = read_events(connection, indicator_statement(pack, as_of))
    predicted = forecast_spans(connection, {e.document_id for e in events})
    infos = document_infos(connection, (e.document_id for e in events))
    # a sentence that states a forecast tells what someone expects, not what happened
    events = [e for e in events if not overlaps_any(e, predicted.get(e.document_id, ()))]
    return merge_events(pack, events, infos)


def forecast_spans(
    connection: Connection, document_ids: set[str]
) -> dict[str, list[tuple[int, int]]]:
    table = schema.forecasts
    spans: dict[str, list[tuple[int, int]]] = {}
    ids = sorted(document_ids)
    for start in range(0, len(ids), 500):
        statement = select(table.c.document_id, table.c.start, table.c.end).where(
            table.c.document_id.in_(ids[start : start + 500])
        )
        for row in connection.execute(statement):
            spans.setdefault(row.document_id, []).append((row.start, row.end))
    return spans


def overlaps_any(event: Event, spans: Sequence[tuple[int, int]]) -> bool:
    return any(event.start < end and start < event.end for start, end in spans)


def compute_scenarios(store: Store, pack: Pack, as_of: str | None = None) -> ScenarioRun:
    """The run computed from the stored events (what the refresh keeps, for ``as_of`` None)."""
    return update_scenarios(pack, load_indicator_entries(store, pack, as_of), as_of)


def run_scenarios(store: Store, pack: Pack, as_of: str | None = None) -> ScenarioRun:
    """The scenario run the refresh kept, up to ``as_of``; computed when none is kept for
    this pack.

    Kept, ``as_of`` cuts the trajectory: the steps whose evidence begins by that day. An entry
    is weighed with every report of it, also those dated after ``as_of``, as when computed.
    """
    with store.engine.connect() as connection:
        if is_kept(connection, KEPT_NAME, scenario_key(pack)):
            return read_kept_run(connection, pack, as_of)
    return compute_scenarios(store, pack, as_of)


# -- the kept run ----------------------------------------------------------------------

KEPT_NAME = "scenarios"
# what a run reads of the pack: a different pack gives a different run
SCENARIO_PARTS = ("scenarios", "indicators", "sources", "actors", "episodes")


def scenario_key(pack: Pack) -> str:
    return pack_key(pack, *SCENARIO_PARTS)


def keep_scenarios(connection: Connection, pack: Pack) -> None:
    """Compute the run over every stored event and keep its steps (in the caller's
    transaction)."""
    run = update_scenarios(pack, indicator_entries_on(connection, pack), None)
    table = schema.scenario_steps
    connection.execute(delete(table))
    rows = [step_row(seq, update) for seq, update in enumerate(run.updates)]
    for start in range(0, len(rows), WRITE_CHUNK):
        connection.execute(table.insert(), rows[start : start + WRITE_CHUNK])
    record_kept(connection, KEPT_NAME, scenario_key(pack))


def scenarios_touched(connection: Connection, pack: Pack, document_ids: Sequence[str]) -> bool:
    """Whether any event of these documents is read by the run (else the kept run holds)."""
    statement = indicator_statement(pack, document_ids=document_ids).limit(1)
    return connection.execute(statement).first() is not None


WRITE_CHUNK = 2_000


def step_row(seq: int, update: ScenarioUpdate) -> dict[str, Any]:
    entry = update.entry
    bounds = date_bounds(update.date)
    return {
        "seq": seq,
        "date": update.date,
        "date_start": bounds[0] if bounds else update.date,
        "indicator": update.indicator.id,
        "weight": update.weight,
        "before": update.before,
        "after": update.after,
        "ratios": update.ratios,
        "event": asdict(update.event),
        "entry": {
            **{name: getattr(entry, name) for name in ENTRY_FIELDS},
            "sources": [asdict(source) for source in entry.sources],
        },
    }


ENTRY_FIELDS = (
    "id",
    "date",
    "precision",
    "type",
    "modality",
    "mode",
    "factuality",
    "actors",
    "recipients",
    "episode",
    "location",
)


def read_kept_run(connection: Connection, pack: Pack, as_of: str | None) -> ScenarioRun:
    """The kept steps up to ``as_of``: dates and probabilities now, evidence when asked."""
    prior = normalize({s.id: s.prior for s in pack.scenarios})
    steps = kept_steps(connection, as_of)
    kept = KeptSteps(
        steps,
        {i.id: i for i in pack.indicators},
        KeptEvidence(connection.engine, steps[-1][0] if steps else -1),
    )
    return ScenarioRun(list(pack.scenarios), prior, scenario_window(pack), as_of, kept=kept)


class KeptSteps:
    """The steps of a kept run as read: (seq, date, indicator, weight, after) each."""

    def __init__(
        self, steps: list[list[Any]], indicators: dict[str, Indicator], evidence: KeptEvidence
    ) -> None:
        self.steps = steps
        self.indicators = indicators
        self.evidence = evidence
        self.points: list[tuple[str, dict[str, float]]] = [(s[1], s[4]) for s in steps]

    def updates(self, prior: dict[str, float]) -> list[ScenarioUpdate]:
        updates = []
        before = dict(prior)
        for seq, when, indicator, weight, after in self.steps:
            updates.append(
                ScenarioUpdate(
                    when,
                    self.indicators[indicator],
                    weight,
                    before,
                    after,
                    partial(self.evidence.of, seq),
                )
            )
            before = after
        return updates


def kept_steps(connection: Connection, as_of: str | None) -> list[list[Any]]:
    """(seq, date, indicator, weight, after) of each kept step up to ``as_of``, in order.

    The rows come as one JSON array built by the database: thousands of steps decode in one
    call instead of one per row and column.
    """
    table = schema.scenario_steps
    columns = (table.c.seq, table.c.date, table.c.indicator, table.c.weight, table.c.after)
    where = [table.c.date_start <= as_of] if as_of else []
    dialect = connection.dialect.name
    if dialect == "postgresql":
        packed = func.json_agg(aggregate_order_by(func.json_build_array(*columns), table.c.seq))
    elif dialect == "sqlite":
        packed = func.json_group_array(func.json_array(*columns[:4], func.json(table.c.after)))
    else:
        rows = connection.execute(select(*columns).where(*where).order_by(table.c.seq))
        return [list(row) for row in rows]
    found = connection.execute(select(type_coerce(packed, Text)).where(*where)).scalar()
    # psycopg decodes json itself; SQLite hands over the text
    steps: list[list[Any]] = (json.loads(found) if isinstance(found, str) else found) or []
    steps.sort(key=lambda step: int(step[0]))
    return steps


class KeptEvidence:
    """The evidence of a kept run's steps, read in one query the first time one is asked."""

    def __init__(self, engine: Engine, last: int) -> None:
        self.engine = engine
        self.last = last
        self.found: dict[int, StepEvidence] | None = None

    def of(self, seq: int) -> StepEvidence:
        if self.found is None:
            table = schema.scenario_steps
            statement = select(table.c.seq, table.c.event, table.c.entry, table.c.ratios).where(
                table.c.seq <= self.last
            )
            with self.engine.connect() as connection:
                self.found = {row.seq: step_evidence(row) for row in connection.execute(statement)}
        return self.found[seq]


def step_evidence(row: Any) -> StepEvidence:
    event = Event(**row.event)
    entry = TimelineEntry(
        **{name: row.entry[name] for name in ENTRY_FIELDS},
        sources=[TimelineSource(**source) for source in row.entry["sources"]],
        events=[event],
    )
    return StepEvidence(entry, event, row.ratios)


def steps_of(run: ScenarioRun) -> list[ScenarioStep]:
    steps = [
        ScenarioStep(s.id, run.opens, run.prior[s.id], None, f"prior for {s.name}")
        for s in run.scenarios
    ]
    for update in run.updates:
        for scenario in run.scenarios:
            steps.append(
                ScenarioStep(
                    scenario=scenario.id,
                    date=update.date,
                    probability=round(update.after[scenario.id], 6),
                    event=update.event.id,
                    explanation=update.explain(scenario),
                )
            )
    return steps


def scenario_records(store: Store, pack: Pack, as_of: str | None = None) -> list[ScenarioStep]:
    """The export kind ``scenario``: every step of every scenario's trajectory."""
    return steps_of(run_scenarios(store, pack, as_of))
