"""Episode comparison: two pack episodes side by side, each fact with the sentences behind it.

The pack records how each episode unfolded (proposal, channel, offers, response and how
long it took, outcome); the store supplies the evidence: events linked to the episode and
sentences that name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from summitwatch.analyze.timeline import document_infos, row_event
from summitwatch.packs.pack import Episode, Pack
from summitwatch.segmentation import split_sentences
from summitwatch.store import schema
from summitwatch.store.database import Store

_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<MO>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<D>\d+(?:\.\d+)?)D)?(?:T(?:(?P<H>\d+(?:\.\d+)?)H)?(?:(?P<MI>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<S>\d+(?:\.\d+)?)S)?)?$"
)
_UNITS = (
    ("Y", "year"),
    ("MO", "month"),
    ("W", "week"),
    ("D", "day"),
    ("H", "hour"),
    ("MI", "minute"),
    ("S", "second"),
)
MAX_SOURCES = 8


class EpisodeError(LookupError):
    """An episode name the pack does not know."""


@dataclass
class EpisodeSource:
    document_id: str
    title: str | None
    publisher: str | None
    sentence: str
    start: int
    end: int
    event_id: str | None = None


@dataclass
class EpisodeSide:
    episode: Episode
    response_time_text: str
    sources: list[EpisodeSource] = field(default_factory=list)

    @property
    def responded(self) -> bool:
        return self.episode.response_time is not None


@dataclass
class EpisodeComparison:
    left: EpisodeSide
    right: EpisodeSide

    def rows(self) -> list[tuple[str, str, str]]:
        """(field, left, right) for every compared field."""
        return [
            (label, describe(self.left, name), describe(self.right, name))
            for label, name in COMPARED_FIELDS
        ]


COMPARED_FIELDS = (
    ("episode", "name"),
    ("date", "start"),
    ("participants", "participants"),
    ("place", "place"),
    ("proposal date", "proposal_date"),
    ("proposal channel", "proposal_channel"),
    ("offers", "offers"),
    ("response", "response"),
    ("time to response", "response_time"),
    ("outcome", "outcome"),
)


def describe(side: EpisodeSide, name: str) -> str:
    if name == "response_time":
        return side.response_time_text
    value = getattr(side.episode, name)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else "—"
    if name == "response" and value is None:
        return "none"
    return str(value) if value else "—"


def humanize_duration(value: str | None) -> str:
    """``PT5H`` -> ``5 hours``; None -> ``no response``."""
    if not value:
        return "no response"
    match = _DURATION.match(value.strip().upper())
    if not match or not any(match.groupdict().values()):
        return value
    parts = []
    for key, unit in _UNITS:
        amount = match.group(key)
        if amount:
            number = float(amount)
            text = f"{number:g}"
            parts.append(f"{text} {unit}" + ("" if number == 1 else "s"))
    return " ".join(parts)


NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def duration_phrases(value: str | None) -> list[str]:
    """``PT5H`` -> ``["5 hours", "five hours"]`` (single-unit durations only)."""
    text = humanize_duration(value)
    parts = text.split()
    if not value or len(parts) != 2 or not parts[0].isdigit():
        return []
    number, unit = int(parts[0]), parts[1]
    phrases = [text]
    if number < len(NUMBER_WORDS):
        phrases.append(f"{NUMBER_WORDS[number]} {unit}")
    return phrases


def find_episode(pack: Pack, name: str) -> Episode:
    wanted = " ".join(name.casefold().split())
    for episode in pack.episodes:
        if wanted == episode.id.casefold():
            return episode
    for episode in pack.episodes:
        names = [episode.name, *episode.aliases]
        if any(wanted == " ".join(n.casefold().split()) for n in names):
            return episode
    partial = [
        e
        for e in pack.episodes
        if all(w in f"{e.id} {e.name} {' '.join(e.aliases)}".casefold() for w in wanted.split())
    ]
    # a comparison is about proposals: among several matches, prefer the one with a proposal
    proposed = [e for e in partial if e.proposal_date or e.proposal_channel]
    if len(partial) == 1 or len(proposed) == 1:
        return partial[0] if len(partial) == 1 else proposed[0]
    known = ", ".join(e.id for e in pack.episodes) or "none"
    if partial:
        raise EpisodeError(f"{name!r} is ambiguous: {', '.join(e.id for e in partial)}")
    raise EpisodeError(f"no episode {name!r} in the pack (episodes: {known})")


def episode_sources(store: Store, episode: Episode) -> list[EpisodeSource]:
    """Events linked to the episode, then stored sentences that name it."""
    sources: list[EpisodeSource] = []
    seen: set[tuple[str, int]] = set()
    with store.engine.connect() as connection:
        statement = select(schema.events).where(schema.events.c.episode == episode.id)
        events = [row_event(row) for row in connection.execute(statement)]
        infos = document_infos(connection, (e.document_id for e in events))
        for event in sorted(events, key=lambda e: (e.document_id, e.start)):
            info = infos.get(event.document_id)
            seen.add((event.document_id, event.start))
            sources.append(
                EpisodeSource(
                    event.document_id,
                    info.title if info else None,
                    info.publisher if info else None,
                    event.sentence,
                    event.start,
                    event.end,
                    event.id,
                )
            )
        sources.extend(naming_sentences(connection, episode, seen))
    return sources[:MAX_SOURCES]


def naming_sentences(
    connection: Connection, episode: Episode, seen: set[tuple[str, int]]
) -> list[EpisodeSource]:
    names = [n.casefold() for n in (episode.name, *episode.aliases) if n]
    # a sentence stating the response time ("in merely five hours") reports the episode too
    names += duration_phrases(episode.response_time)
    if not names:
        return []
    documents = schema.documents
    sentences = schema.sentences
    found: list[EpisodeSource] = []
    query = select(documents.c.id, documents.c.title, documents.c.publisher, documents.c.text)
    for doc in connection.execute(query):
        folded = doc.text.casefold()
        if not any(n in folded for n in names):
            continue
        stored = connection.execute(
            select(sentences.c.start, sentences.c.end)
            .where(sentences.c.document_id == doc.id)
            .order_by(sentences.c.idx)
        )
        # the sentences stage's spans; a document stored without them (a pipeline without
        # that stage) is split by the same segmentation, so the spans are the same
        spans = [(r.start, r.end) for r in stored] or [
            (s.start, s.end) for s in split_sentences(doc.text)
        ]
        for start, end in spans:
            text = doc.text[start:end]
            if (doc.id, start) in seen or not any(n in text.casefold() for n in names):
                continue
            found.append(EpisodeSource(doc.id, doc.title, doc.publisher, text, start, end))
    return found


def compare_episodes(store: Store | None, pack: Pack, first: str, second: str) -> EpisodeComparison:
    sides = []
    for name in (first, second):
        episode = find_episode(pack, name)
        sources = episode_sources(store, episode) if store is not None else []
        sides.append(EpisodeSide(episode, humanize_duration(episode.response_time), sources))
    return EpisodeComparison(sides[0], sides[1])
