"""The timeline: stored events in date order, one entry per real-world event.

Several documents often report the same event (GDELT's and ICEWS's most common fault is to
list it once per report). Two reports are merged into one entry when they name the same pack
episode, or when they have the same type and polarity, share their participants (a person
counts for the state they served at the event's date) and have compatible dates (one value
contains the other: ``2025-10`` contains ``2025-10-29``).

Only what happened is the timeline proper: events the author commits to as certain (FactBank
CT+). The others are kept apart by their *standing* (:func:`standing_of`): planned (probable
or possible, in the future), proposed (offers, invitations, promises: PLOVER AGREE, whose
content has not happened), cancelled (a meeting called off or refused: REJECT, mode meet),
denied (certain or probable negative: it did not happen) and hypothetical (the rest).

Queries filter and page in SQL (date range, type, actor) so that a large store is never
read whole; merging happens on the rows a query returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, Text, cast, or_, select

from summitwatch.analyze.reliability import combined_weight, reliability_letter
from summitwatch.analyze.standings import STANDINGS, load_standing_rules, standing_of
from summitwatch.models import Event
from summitwatch.packs.pack import Pack
from summitwatch.store import schema
from summitwatch.store.database import Store
from summitwatch.timeml import (
    PRECISION_RANK,
    date_bounds,
    date_precision,
    dates_compatible,
    overlaps,
    sort_key,
)


@dataclass
class TimelineSource:
    """One report of an entry: the document it comes from and the sentence that says it."""

    event_id: str
    document_id: str
    type: str
    sentence: str
    start: int
    end: int
    modality: str
    date: str | None
    factuality: str = "CT+"
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    reliability: str = "F"


@dataclass
class TimelineEntry:
    id: str
    date: str | None
    precision: str
    type: str
    modality: str
    mode: str | None = None
    factuality: str = "CT+"
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    episode: str | None = None
    location: str | None = None
    sources: list[TimelineSource] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def planned(self) -> bool:
        return self.standing == "planned"

    @property
    def standing(self) -> str:
        return standing_of(self.type, self.mode, self.factuality, self.modality)

    @property
    def sentence(self) -> str:
        return self.sources[0].sentence if self.sources else ""

    @property
    def publishers(self) -> list[str | None]:
        return [source.publisher for source in self.sources]


@dataclass
class Timeline:
    entries: list[TimelineEntry] = field(default_factory=list)  # what happened, dated
    planned: list[TimelineEntry] = field(default_factory=list)
    proposed: list[TimelineEntry] = field(default_factory=list)
    cancelled: list[TimelineEntry] = field(default_factory=list)
    denied: list[TimelineEntry] = field(default_factory=list)
    hypothetical: list[TimelineEntry] = field(default_factory=list)
    undated: list[TimelineEntry] = field(default_factory=list)  # what happened, undated

    def all_entries(self) -> list[TimelineEntry]:
        return [*self.entries, *self.apart(), *self.undated]

    def apart(self) -> list[TimelineEntry]:
        """The entries that are not (yet) facts, in the order of :data:`STANDINGS`."""
        return [*self.planned, *self.proposed, *self.cancelled, *self.denied, *self.hypothetical]


@dataclass(frozen=True)
class TimelineQuery:
    actor: str | None = None  # an actor id or a state code (persons count for their state)
    type: str | None = None
    start: str | None = None  # TimeML/ISO value: entries overlapping [start, end] are kept
    end: str | None = None
    limit: int | None = None  # rows read from the store (before merging)
    offset: int = 0


@dataclass(frozen=True)
class DocumentInfo:
    title: str | None
    publisher: str | None
    published: str | None


# -- actors ----------------------------------------------------------------------------


def actor_states(pack: Pack, actor_ids: Iterable[str], when: str | None) -> set[str]:
    """The actors of an event as states where the pack knows them (else their own id)."""
    key = (tuple(actor_ids), when)
    cache: dict[tuple[tuple[str, ...], str | None], frozenset[str]] = pack.__dict__.setdefault(
        "_state_cache", {}
    )
    if key not in cache:
        if len(cache) > 200_000:  # bounded: a long-lived pack must not grow without end
            cache.clear()
        cache[key] = frozenset(_resolve_states(pack, key[0], when))
    return set(cache[key])


def _resolve_states(pack: Pack, actor_ids: Iterable[str], when: str | None) -> set[str]:
    states: set[str] = set()
    for actor_id in actor_ids:
        actor = pack.actor(actor_id)
        if actor is None:
            states.add(actor_id)
        elif actor.kind == "state":
            states.add(actor.country or actor.id)
        else:
            states.add(actor.country_at(when) or actor.id)
    return states


def actor_filter_ids(pack: Pack, actor: str) -> set[str]:
    """The ids an actor filter matches: the actor itself, and for a state its people."""
    wanted = {actor}
    target = pack.actor(actor)
    state_code = (target.country or target.id) if target and target.kind == "state" else None
    if target is None and re.fullmatch(r"[A-Z]{3}", actor):
        state_code = actor
    if state_code:
        wanted.add(state_code)
        for candidate in pack.actors:
            countries = {candidate.country, *(role.country for role in candidate.roles)}
            if state_code in countries or candidate.id == state_code:
                wanted.add(candidate.id)
    return wanted


# -- merging ---------------------------------------------------------------------------


def same_event(
    pack: Pack,
    entry: TimelineEntry,
    event: Event,
    ours: set[str] | None = None,
    theirs: set[str] | None = None,
) -> bool:
    if entry.episode and event.episode:
        return entry.episode == event.episode
    if entry.type != event.type:
        return False
    if (entry.standing == "denied") != (_event_standing(event) == "denied"):
        return False
    if not dates_compatible(entry.date, event.date):
        return False
    if (
        PRECISION_RANK.get(entry.precision, -1) < PRECISION_RANK["month"]
        and PRECISION_RANK.get(date_precision(event.date), -1) < PRECISION_RANK["month"]
    ):
        return False  # two mentions of "2019" say too little to be one event
    if ours is None:
        ours = actor_states(pack, [*entry.actors, *entry.recipients], entry.date)
    if theirs is None:
        theirs = actor_states(pack, [*event.actors, *event.recipients], event.date)
    if not ours or not theirs:
        return entry.date == event.date and date_precision(event.date) in ("day", "time")
    needed = min(2, len(ours), len(theirs))
    return len(ours & theirs) >= needed


class MergeIndex:
    """Where earlier reports of an event may be: by episode, or by type, state and period.

    Reports of one event share a type and at least one state, and their dates contain one
    another; entries are filed so that an event looks only at entries that can qualify:
    a day event at entries of that day, of its month given only as a month, and of its year
    given only as a year; a month event at entries within its month or given as its year;
    a year event at every entry of its year.
    """

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.buckets: dict[tuple[str, ...], list[TimelineEntry]] = {}
        self.states: dict[int, set[str]] = {}

    def lookup_keys(self, event: Event, states: set[str]) -> list[tuple[str, ...]]:
        value = event.date or ""
        day, month, year = value[:10], value[:7], value[:4]
        keys: list[tuple[str, ...]] = [("episode", event.episode)] if event.episode else []
        rank = PRECISION_RANK.get(date_precision(event.date), -1)
        for state in states or {"*"}:
            if rank >= PRECISION_RANK["day"]:
                keys += [
                    (event.type, state, "d", day),
                    (event.type, state, "m", month),
                    (event.type, state, "y", year),
                ]
            elif rank >= PRECISION_RANK["month"]:
                keys += [(event.type, state, "m*", month), (event.type, state, "y", year)]
            else:
                keys.append((event.type, state, "y*", year))
        if rank >= PRECISION_RANK["day"]:
            keys.append((event.type, "*", "d", day))
        return keys

    def file_keys(self, entry: TimelineEntry, kind: str) -> list[tuple[str, ...]]:
        value = entry.date or ""
        day, month, year = value[:10], value[:7], value[:4]
        rank = PRECISION_RANK.get(entry.precision, -1)
        keys: list[tuple[str, ...]] = []
        for state in {*self.states.get(id(entry), set()), "*"}:
            keys.append((kind, state, "y*", year))
            if rank >= PRECISION_RANK["day"]:
                keys += [(kind, state, "d", day), (kind, state, "m*", month)]
            elif rank >= PRECISION_RANK["month"]:
                keys += [(kind, state, "m", month), (kind, state, "m*", month)]
            else:
                keys.append((kind, state, "y", year))
        return keys

    def find(self, event: Event) -> TimelineEntry | None:
        theirs = actor_states(self.pack, [*event.actors, *event.recipients], event.date)
        seen: set[int] = set()
        for key in self.lookup_keys(event, theirs):
            for entry in self.buckets.get(key, ()):
                if id(entry) in seen:
                    continue
                seen.add(id(entry))
                if same_event(self.pack, entry, event, self.states.get(id(entry)), theirs):
                    return entry
        return None

    def file(self, entry: TimelineEntry, event: Event) -> None:
        self.states[id(entry)] = actor_states(
            self.pack, [*entry.actors, *entry.recipients], entry.date
        )
        keys = [
            key
            for kind in dict.fromkeys((entry.type, event.type))
            for key in self.file_keys(entry, kind)
        ]
        if entry.episode:
            keys.append(("episode", entry.episode))
        for key in keys:
            bucket = self.buckets.setdefault(key, [])
            if not bucket or bucket[-1] is not entry:
                bucket.append(entry)


def merge_events(
    pack: Pack, events: Sequence[Event], documents: dict[str, DocumentInfo]
) -> list[TimelineEntry]:
    """One entry per real-world event, each listing every report of it."""
    entries: list[TimelineEntry] = []
    index = MergeIndex(pack)
    for event in sorted(events, key=lambda e: (sort_key(e.date), e.id)):
        source = make_source(pack, event, documents.get(event.document_id))
        match = index.find(event)
        if match is None:
            match = start_entry(pack, event, source)
            entries.append(match)
        else:
            absorb_event(match, event, source)
        index.file(match, event)
    for entry in entries:
        settle_episode_date(pack, entry)
    return entries


def make_source(pack: Pack, event: Event, info: DocumentInfo | None) -> TimelineSource:
    publisher = info.publisher if info else None
    return TimelineSource(
        event_id=event.id,
        document_id=event.document_id,
        type=event.type,
        sentence=event.sentence,
        start=event.start,
        end=event.end,
        modality=event.modality,
        date=event.date,
        factuality=event.factuality,
        title=info.title if info else None,
        publisher=publisher,
        published=info.published if info else None,
        reliability=reliability_letter(pack, publisher),
    )


def start_entry(pack: Pack, event: Event, source: TimelineSource) -> TimelineEntry:
    return TimelineEntry(
        id=event.id,
        date=event.date,
        precision=date_precision(event.date),
        type=event.type,
        modality=event.modality,
        mode=event.mode,
        factuality=event.factuality,
        actors=list(event.actors),
        recipients=list(event.recipients),
        episode=event.episode,
        location=event.location,
        sources=[source],
        events=[event],
    )


def absorb_event(entry: TimelineEntry, event: Event, source: TimelineSource) -> None:
    entry.sources.append(source)
    entry.events.append(event)
    # the most precise date wins; one report may give the day, another only the month
    if PRECISION_RANK.get(date_precision(event.date), -1) > PRECISION_RANK.get(entry.precision, -1):
        entry.date, entry.precision = event.date, date_precision(event.date)
    rules = load_standing_rules()
    if rules.modality_rank(event.modality) < rules.modality_rank(entry.modality):
        entry.modality = event.modality
    if rules.factuality_rank(event.factuality) < rules.factuality_rank(entry.factuality):
        entry.factuality = event.factuality
    entry.actors = _union(entry.actors, event.actors)
    entry.recipients = _union(entry.recipients, event.recipients)
    entry.mode = entry.mode or event.mode
    entry.location = entry.location or event.location
    entry.episode = entry.episode or event.episode


def settle_episode_date(pack: Pack, entry: TimelineEntry) -> None:
    """An entry of a pack episode is dated and typed as the pack dates and types it."""
    if not entry.episode:
        return
    episode = next((e for e in pack.episodes if e.id == entry.episode), None)
    if episode is None:
        return
    entry.date, entry.precision = episode.start, date_precision(episode.start)
    entry.type = episode.type or entry.type
    entry.mode = episode.mode or entry.mode


def _event_standing(event: Event) -> str:
    return standing_of(event.type, event.mode, event.factuality, event.modality)


def _union(first: list[str], second: list[str]) -> list[str]:
    return [*first, *(item for item in second if item not in first)]


def entry_weight(pack: Pack, entry: TimelineEntry) -> float:
    """How much an entry counts: its reports' reliability, independent reports adding up."""
    return combined_weight(pack, entry.publishers)


# -- reading the store -----------------------------------------------------------------


def query_events(connection: Connection, pack: Pack, query: TimelineQuery) -> list[Event]:
    table = schema.events
    statement = select(table)
    if query.type:
        statement = statement.where(table.c.type == query.type.upper())
    if query.start:
        # a coarser value containing the start ("2025", "2025-10") overlaps it too
        coarser = sorted({query.start[:4], query.start[:7]} - {query.start})
        # the year bound keeps the range indexable (PostgreSQL will not use an OR for it)
        statement = statement.where(table.c.date >= query.start[:4]).where(
            or_(table.c.date >= query.start, table.c.date.in_(coarser))
        )
    if query.end:
        statement = statement.where(table.c.date <= f"{query.end}~")
    if query.actor:
        ids = sorted(actor_filter_ids(pack, query.actor))
        statement = statement.where(
            or_(
                *(
                    cast(column, Text).like(f'%"{actor_id}"%')
                    for column in (table.c.actors, table.c.recipients)
                    for actor_id in ids
                )
            )
        )
    statement = statement.order_by(table.c.date, table.c.id).offset(query.offset)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    return read_events(connection, statement)


def row_event(row: object) -> Event:
    mapping = row._mapping  # type: ignore[attr-defined]
    return event_from(list(mapping.keys()), tuple(mapping.values()))


EVENT_FIELDS = frozenset(Event.__dataclass_fields__)


def event_from(columns: Sequence[str], values: Sequence[object]) -> Event:
    data: dict[str, Any] = {k: v for k, v in zip(columns, values, strict=True) if k in EVENT_FIELDS}
    data["actors"] = list(data.get("actors") or [])
    data["recipients"] = list(data.get("recipients") or [])
    return Event(**data)


def read_events(connection: Connection, statement: Select[Any]) -> list[Event]:
    """Events of a query, converted without per-row mapping overhead (large stores)."""
    result = connection.execute(statement)
    columns = list(result.keys())
    return [event_from(columns, tuple(row)) for row in result]


def document_infos(connection: Connection, document_ids: Iterable[str]) -> dict[str, DocumentInfo]:
    ids = sorted(set(document_ids))
    table = schema.documents
    infos: dict[str, DocumentInfo] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        statement = select(table.c.id, table.c.title, table.c.publisher, table.c.published).where(
            table.c.id.in_(chunk)
        )
        for row in connection.execute(statement):
            infos[row.id] = DocumentInfo(row.title, row.publisher, row.published)
    return infos


def build_timeline(store: Store, pack: Pack, query: TimelineQuery | None = None) -> Timeline:
    query = query or TimelineQuery()
    with store.engine.connect() as connection:
        events = query_events(connection, pack, query)
        infos = document_infos(connection, (e.document_id for e in events))
    return arrange_timeline(pack, events, infos, query)


def arrange_timeline(
    pack: Pack,
    events: Sequence[Event],
    documents: dict[str, DocumentInfo],
    query: TimelineQuery | None = None,
) -> Timeline:
    query = query or TimelineQuery()
    timeline = Timeline()
    for entry in merge_events(pack, events, documents):
        if (query.start or query.end) and not overlaps(entry.date, query.start, query.end):
            continue
        standing = entry.standing
        if standing != "factual":
            getattr(timeline, standing).append(entry)
        elif date_bounds(entry.date) is None:
            timeline.undated.append(entry)
        else:
            timeline.entries.append(entry)
    for section in (timeline.entries, *(getattr(timeline, s) for s in STANDINGS[1:])):
        section.sort(key=lambda entry: (sort_key(entry.date), entry.id))
    return timeline
