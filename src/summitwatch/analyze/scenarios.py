"""Scenarios and indicators: Bayes' rule over the stored events, in date order, explained.

The pack gives each scenario a prior and each indicator (an event pattern) the chance
P(e | s) of seeing such an event under every scenario. Each merged timeline entry that
matches an indicator updates the probabilities once, however many documents report it.
A report is trusted as far as its publishers are (Admiralty letter -> weight w): the
update uses P(e | s) ** w, i.e. the likelihood ratio tempered to LR ** w, so that an
unreliable source moves the estimate less and a fully reliable one moves it fully.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, or_, select

from summitwatch.analyze.patterns import Pattern, match_event, parse_pattern, sql_prefilter
from summitwatch.analyze.standings import load_standing_rules
from summitwatch.analyze.timeline import (
    TimelineEntry,
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


@dataclass
class ScenarioUpdate:
    """One step of the trajectory: an entry matched an indicator and moved the estimate."""

    date: str
    indicator: Indicator
    entry: TimelineEntry
    event: Event
    weight: float
    before: dict[str, float]
    after: dict[str, float]
    ratios: dict[str, float]  # likelihood ratio of each scenario against the rest

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
    updates: list[ScenarioUpdate] = field(default_factory=list)

    @property
    def current(self) -> dict[str, float]:
        return dict(self.updates[-1].after) if self.updates else dict(self.prior)

    def trajectory(self, scenario_id: str) -> list[tuple[str | None, float]]:
        points: list[tuple[str | None, float]] = [(self.opens, self.prior[scenario_id])]
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
                    entry,
                    event,
                    weight,
                    probabilities,
                    posterior,
                    ratios,
                )
            )
            probabilities = posterior
    return run


# -- the store -------------------------------------------------------------------------


def load_indicator_entries(
    store: Store, pack: Pack, as_of: str | None = None
) -> list[TimelineEntry]:
    """Merged entries of the events any indicator could match, from the scenario window on.

    Only reports that could match an indicator are read (SQL narrows on type, modality and
    keywords); a merged entry's weight therefore counts its matching reports.
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
    with store.engine.connect() as connection:
        events = read_events(connection, statement)
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


def run_scenarios(store: Store, pack: Pack, as_of: str | None = None) -> ScenarioRun:
    return update_scenarios(pack, load_indicator_entries(store, pack, as_of), as_of)


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
