"""Resolving questions from stored evidence, by a stated policy (``outcomes.yaml``, ``policies``).

Three paths, in this order:

1. **event** ("yes"): an event showing the question's outcome class with its actors, of
   certain positive factuality (``CT+``), committed by the author or by a named actor the
   author reports, dated inside the window (its whole date value), and reported by a source
   rated at least ``min_reliability`` or by ``independent_documents`` independent stories
   (copies of one story count once), all giving the same day; ``resolved_on`` is that day
   (the earliest if several). Failing a day, reports that fall in one coarser date (a month)
   settle it by its last day, or by the first report if that is earlier. For a meeting or
   talks (``participants``), one of the question's actors must be an actor of the event.
2. **statement** ("no"): an event of the class and actors that the text explicitly denies
   (``CT-``), undated or dated by a span holding the whole window, in reporting published
   once the window has closed (within ``closed_window_days``), corroborated as above.
3. **closed window** ("no"): once the deadline has passed, reporting published within
   ``closed_window_days`` after it names every actor of the question, corroborated as above,
   and no stored event of any source shows the outcome in the window (for an outcome one
   side carries out, an event of its kind by any of the question's actors may show it).

``resolved_on`` of a "no" is the deadline; ``known_on`` is the publication date of the report
that completed the evidence. ``as_of`` resolves with what had been published by that day. A
hand resolution (``summitwatch resolve``) is applied by the ledger and wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from summitwatch.analyze.linking import add_duration, first_day, last_day
from summitwatch.models import Event, Question
from summitwatch.packs.pack import OutcomeClass, ResolutionPolicy
from summitwatch.timeml import date_precision, dates_compatible

Status = Literal["open", "yes", "no"]
RELIABILITY_ORDER = "ABCDEF"
FACTUAL_MODALITIES = ("asserted", "historical")
NEGATIVE_FACTUALITY = ("CT-",)


@dataclass
class Resolution:
    status: Status = "open"
    resolved_on: str | None = None
    evidence: list[str] = field(default_factory=list)  # event ids and "document:<id>"
    resolved_by: str | None = None  # "event", "statement", "closed-window", "hand"
    known_on: str | None = None


@dataclass(frozen=True)
class Report:
    """What resolution needs to know of one stored document."""

    id: str
    published: str | None
    reliability: str  # Admiralty letter of its publisher
    story: str  # near-duplicate copies share one story
    actors: frozenset[str]  # canonical actor ids it mentions


@dataclass
class Evidence:
    reports: dict[str, Report]
    events: Sequence[Event]
    # the state each person acts for, and the pack's canonical actor ids
    country_of: dict[str, str] = field(default_factory=dict)
    known_actors: frozenset[str] = frozenset()

    def published_by(self, as_of: str | None) -> Evidence:
        """The evidence as it stood on ``as_of``: reports published by then, and their events."""
        if as_of is None:
            return self
        reports = {k: r for k, r in self.reports.items() if r.published and r.published <= as_of}
        events = [e for e in self.events if e.document_id in reports]
        return Evidence(reports, events, self.country_of, self.known_actors)


# -- events --------------------------------------------------------------------------------


def counts_as(actor: str, wanted: str, evidence: Evidence) -> bool:
    """An event's actor stands for a question's actor: the same, or a person of that state."""
    return actor == wanted or evidence.country_of.get(actor) == wanted


def involves(ids: Iterable[str], wanted: str, evidence: Evidence) -> bool:
    return any(counts_as(actor, wanted, evidence) for actor in ids)


def has_roles(event: Event, question: Question, outcome: OutcomeClass, evidence: Evidence) -> bool:
    everyone = [*event.actors, *event.recipients]
    if not question.actors:
        return False
    if outcome.role == "joint":
        return all(involves(event.actors, actor, evidence) for actor in question.actors)
    if outcome.role == "agent":
        agent, *others = question.actors
        if not involves(event.actors, agent, evidence):
            return False
        return all(involves(everyone, other, evidence) for other in others)
    # participants: each takes part, and one of them is the event's actor ("talk of a Trump-Kim
    # meeting" names them only as what is talked about)
    return any(involves(event.actors, actor, evidence) for actor in question.actors) and all(
        involves(everyone, actor, evidence) for actor in question.actors
    )


def of_kind(event: Event, outcome: OutcomeClass) -> bool:
    """The event is of the class's type, mode and trigger, whoever took part."""
    if event.type not in outcome.types:
        return False
    if outcome.modes and event.mode not in outcome.modes:
        return False
    if event.mode and event.mode in outcome.modes_not:
        return False
    if outcome.triggers:
        words = {w.strip(".,;:").lower() for w in (event.trigger or "").split()}
        if not words & {t.lower() for t in outcome.triggers}:
            return False
    return True


def of_outcome(event: Event, question: Question, outcome: OutcomeClass, evidence: Evidence) -> bool:
    """The event is of the class's type, mode and trigger, with the question's actors."""
    return of_kind(event, outcome) and has_roles(event, question, outcome, evidence)


def may_show(event: Event, question: Question, outcome: OutcomeClass, evidence: Evidence) -> bool:
    """The event may be the outcome: of its kind and actors, or, for an outcome one side
    carries out (a test, sanctions), of its kind with any of the question's actors as the
    actor. A question proposed from "Kim may test a missile rather than meet Trump" names
    both; the test is Kim's alone, and it must keep the window from closing on "no"."""
    if of_outcome(event, question, outcome, evidence):
        return True
    return (
        outcome.role == "agent"
        and of_kind(event, outcome)
        and any(involves(event.actors, actor, evidence) for actor in question.actors)
    )


def committed(event: Event, evidence: Evidence) -> bool:
    """The author commits to it, or a named actor the author reports does."""
    source = event.factuality_source
    if event.modality == "reported":
        return source is not None and source in evidence.known_actors
    return source in (None, "author") or source in evidence.known_actors


def is_factual(event: Event, outcome: OutcomeClass, evidence: Evidence) -> bool:
    # modality is derived from factuality; both must say the event happened
    return (
        event.factuality in outcome.factuality
        and event.modality in (*FACTUAL_MODALITIES, "reported")
        and committed(event, evidence)
    )


def is_denied(event: Event) -> bool:
    return event.factuality in NEGATIVE_FACTUALITY or event.modality == "negated"


def dated_inside(value: str | None, opens: str | None, deadline: str | None) -> bool:
    first, last = first_day(value), last_day(value)
    if first is None or last is None:
        return False
    return (opens is None or first >= opens) and (deadline is None or last <= deadline)


def dated_overlapping(value: str | None, opens: str | None, deadline: str | None) -> bool:
    first, last = first_day(value), last_day(value)
    if first is None or last is None:
        return value is None
    return (opens is None or last >= opens) and (deadline is None or first <= deadline)


def covers_window(value: str | None, opens: str | None, deadline: str | None) -> bool:
    """A denial speaks of the whole window: undated ("did not materialize"), or dated by a
    span holding it; "they did not meet on Monday" leaves the rest of the window open."""
    if value is None:
        return True
    first, last = first_day(value), last_day(value)
    if first is None or last is None:
        return False
    return (opens is None or first <= opens) and (deadline is None or last >= deadline)


# -- corroboration ---------------------------------------------------------------------------


def reliable_enough(letter: str, policy: ResolutionPolicy) -> bool:
    rank = RELIABILITY_ORDER.find(letter.upper()[:1]) if letter else -1
    return 0 <= rank <= RELIABILITY_ORDER.find(policy.min_reliability.upper()[:1])


def corroborated_on(reports: Iterable[Report], policy: ResolutionPolicy) -> str | None:
    """The publication day by which the reports meet the policy (one reliable or N stories)."""
    stories: set[str] = set()
    for report in sorted(reports, key=lambda r: (r.published or "", r.id)):
        stories.add(report.story)
        if reliable_enough(report.reliability, policy):
            return report.published
        if len(stories) >= policy.independent_documents:
            return report.published
    return None


# -- the three paths -----------------------------------------------------------------------


def resolve_question(
    question: Question,
    outcome: OutcomeClass,
    policy: ResolutionPolicy,
    evidence: Evidence,
    as_of: str,
) -> Resolution:
    """Resolve one question with what had been published by ``as_of`` (an ISO day)."""
    known = evidence.published_by(as_of)
    matching = [e for e in known.events if of_outcome(e, question, outcome, known)]
    for path in (by_event, by_statement):
        result = path(question, outcome, policy, known, matching)
        if result.status != "open":
            return result
    return by_closed_window(question, outcome, policy, known, matching, as_of)


def by_event(
    question: Question,
    outcome: OutcomeClass,
    policy: ResolutionPolicy,
    evidence: Evidence,
    matching: list[Event],
) -> Resolution:
    happened = [
        e
        for e in matching
        if is_factual(e, outcome, evidence)
        and dated_inside(e.date, question.opens, question.deadline)
        and reported_after(e, evidence)
    ]
    return settled_occurrence(happened, evidence, policy) or Resolution()


def settled_occurrence(
    happened: list[Event], evidence: Evidence, policy: ResolutionPolicy
) -> Resolution | None:
    """The corroborated occurrence: a day that enough reports give exactly, the earliest such
    day; else a coarser date (a month) that enough reports fall in, settled by its last day.

    A vaguer report ("in June") never lends its weight to one precise day ("June 1").
    """
    days = sorted({e.date for e in happened if e.date and date_precision(e.date) == "day"})
    for value in days:
        same = [e for e in happened if e.date == value]
        known_on = corroborated_on((evidence.reports[e.document_id] for e in same), policy)
        if known_on is not None:
            return Resolution("yes", value, [e.id for e in same], "event", known_on)
    coarse = sorted({e.date for e in happened if e.date and e.date not in days})
    for value in sorted(coarse, key=lambda v: last_day(v) or ""):
        same = [e for e in happened if dates_compatible(e.date, value)]
        known_on = corroborated_on((evidence.reports[e.document_id] for e in same), policy)
        if known_on is not None:
            # it had happened by the first report of it ("this week", said on Friday)
            first_report = min(evidence.reports[e.document_id].published or "" for e in same)
            settled = min(last_day(value) or first_report, first_report)
            return Resolution("yes", settled, [e.id for e in same], "event", known_on)
    return None


def reported_after(event: Event, evidence: Evidence) -> bool:
    """A report of an event that happened cannot predate it."""
    published = evidence.reports[event.document_id].published
    first = first_day(event.date)
    return bool(published and first and first <= published)


def after_window(report: Report, question: Question, policy: ResolutionPolicy) -> bool:
    """Published once the window had closed, and soon enough to speak of it."""
    deadline = last_day(question.deadline)
    if deadline is None or report.published is None:
        return False
    limit = add_duration(deadline, f"P{policy.closed_window_days}D")
    return deadline <= report.published <= limit


def by_statement(
    question: Question,
    outcome: OutcomeClass,
    policy: ResolutionPolicy,
    evidence: Evidence,
    matching: list[Event],
) -> Resolution:
    denied = [
        e
        for e in matching
        if is_denied(e)
        and committed(e, evidence)
        and covers_window(e.date, question.opens, question.deadline)
        and after_window(evidence.reports[e.document_id], question, policy)
    ]
    known_on = corroborated_on((evidence.reports[e.document_id] for e in denied), policy)
    if known_on is None:
        return Resolution()
    return Resolution(
        "no", last_day(question.deadline), [e.id for e in denied], "statement", known_on
    )


def by_closed_window(
    question: Question,
    outcome: OutcomeClass,
    policy: ResolutionPolicy,
    evidence: Evidence,
    matching: list[Event],
    as_of: str,
) -> Resolution:
    deadline = last_day(question.deadline)
    if not policy.closed_window or deadline is None or as_of <= deadline or not question.actors:
        return Resolution()
    # any report of the outcome, however weak the outlet or unnamed the source, keeps the
    # window from closing on "no": a missed "yes" costs less than a false "no"
    if any(
        e.factuality in outcome.factuality
        and e.modality in (*FACTUAL_MODALITIES, "reported")
        and e.date is not None
        and dated_overlapping(e.date, question.opens, question.deadline)
        and may_show(e, question, outcome, evidence)
        for e in evidence.events
    ):
        return Resolution()
    later = [
        r
        for r in evidence.reports.values()
        if after_window(r, question, policy)
        and (r.published or "") > deadline
        and all(involves(r.actors, a, evidence) for a in question.actors)
    ]
    known_on = corroborated_on(later, policy)
    if known_on is None:
        return Resolution()
    used = sorted(r.id for r in later if (r.published or "") <= known_on)
    return Resolution("no", deadline, [f"document:{i}" for i in used], "closed-window", known_on)
