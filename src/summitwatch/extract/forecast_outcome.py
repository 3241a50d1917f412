"""The structured outcome of a forecast: class, actors, polarity and time window.

The ledger links forecasts to questions by these fields rather than by the wording: which
outcome class the affirmative outcome names (``forecast_outcomes.yaml``; the class ids are the
pack's), the canonical actors named in it, whether it names the class happening, and the window
the text gives for it (a deadline opens the window at the day the forecast was made).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.lexicons import lexicon_path, read_lexicon_file
from summitwatch.models import Mention, Timex

OUTCOMES_FILE = lexicon_path("forecast_outcomes")


@dataclass(frozen=True)
class OutcomeCues:
    classes: tuple[tuple[str, re.Pattern[str]], ...]
    negative: re.Pattern[str]
    deadline: re.Pattern[str]
    placed: re.Pattern[str]
    leader_titles: re.Pattern[str]
    leader_level: re.Pattern[str]
    pair: re.Pattern[str]
    circumstance: re.Pattern[str]


@dataclass(frozen=True)
class StructuredOutcome:
    outcome_class: str | None
    actors: list[str]
    polarity: bool
    window_start: str | None
    window_end: str | None


@lru_cache(maxsize=2)
def load_outcome_cues(path: Path = OUTCOMES_FILE) -> OutcomeCues:
    data: dict[str, Any] = read_lexicon_file(path)
    classes = tuple(
        (item["id"], re.compile("|".join(f"(?:{c})" for c in item["cues"]), re.I))
        for item in data["classes"]
    )
    return OutcomeCues(
        classes=classes,
        negative=re.compile("|".join(data["negative"]), re.I),
        deadline=re.compile(data["deadline_cue"], re.I),
        placed=re.compile(data["placed_cue"], re.I),
        leader_titles=re.compile(data["leader_titles"], re.I),
        leader_level=re.compile(data["leader_level"], re.I),
        pair=re.compile(data["pair"], re.I),
        circumstance=re.compile(data["circumstance_cue"], re.I),
    )


@dataclass(frozen=True)
class Parties:
    """What the pack says about the parties an outcome names: each actor's kind, and who led
    each state when (a role whose title is a head of state's or government's)."""

    kinds: Mapping[str, str] = field(default_factory=dict)
    leaders: tuple[tuple[str, str, str | None, str | None], ...] = ()  # state, person, from, to

    def leader_of(self, state: str, when: str | None) -> str | None:
        day = (when or "")[:10]
        for country, person, start, end in self.leaders:
            if country == state and day and (start or "") <= day and (end is None or day <= end):
                return person
        return None

    def is_leader(self, actor_id: str, when: str | None) -> bool:
        return any(
            person == actor_id and self.leader_of(country, when) == actor_id
            for country, person, _, _ in self.leaders
        )


def read_parties(pack: Any | None, cues: OutcomeCues | None = None) -> Parties:
    """The pack's actors as parties; an empty index without a pack."""
    if pack is None:
        return Parties()
    cues = cues or load_outcome_cues()
    leaders = tuple(
        (role.country or actor.country, actor.id, role.start, role.end)
        for actor in pack.actors
        if actor.kind == "person"
        for role in actor.roles
        if cues.leader_titles.match(role.title) and (role.country or actor.country)
    )
    return Parties({a.id: a.kind for a in pack.actors}, leaders)


def classify_outcome(outcome: str, cues: OutcomeCues | None = None) -> tuple[str | None, bool]:
    """The outcome class the text names (the first listed class that matches) and polarity."""
    cues = cues or load_outcome_cues()
    for class_id, regex in cues.classes:
        if regex.search(outcome):
            return class_id, not cues.negative.search(outcome)
    return None, True


def outcome_actors(
    mentions: list[Mention],
    start: int,
    end: int,
    holder: str | None,
    outcome: str = "",
    text: str = "",
    fallback: bool = True,
) -> list[str]:
    """Canonical actors named inside the clause's span, in order: those whose words are the
    outcome's own ("Victor Cha said" names the holder, not a party) and not its setting
    ("during the APEC summit", "in the U.S."); without any, those of the whole clause but the
    holder."""
    cues = load_outcome_cues()
    inside = [
        m
        for m in mentions
        if m.actor_id
        and start <= m.start < end
        and not cues.circumstance.search(text[max(start, m.start - 60) : m.start])
    ]
    # in the order the outcome names them: its subject first ("Kim responds to Trump's …")
    named = sorted(
        (m for m in inside if outcome and _names_in(m.text, outcome)),
        key=lambda m: (_position_in(m.text, outcome), m.start),
    )
    found: list[str] = []
    rest = [m for m in inside if m.actor_id != holder] if fallback else []
    for mention in named or rest:
        if mention.actor_id and mention.actor_id not in found:
            found.append(mention.actor_id)
    return found


def _names_in(words: str, outcome: str) -> bool:
    return _position_in(words, outcome) >= 0


def _position_in(words: str, outcome: str) -> int:
    found = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", outcome)
    return found.start() if found else -1


def complete_parties(
    actors: list[str],
    outcome: str,
    outcome_class: str | None,
    context: PartyContext,
    cues: OutcomeCues | None = None,
) -> list[str]:
    """The parties an outcome implies beyond the names it states: "the two leaders" are the
    last two people named before; the speaker's own "we will meet" or "a summit with Kim"
    is the speaker's; and a summit of states (or a leader meeting a state) is their leaders'."""
    cues = cues or load_outcome_cues()
    parties = context.parties
    found = list(actors)
    if not found and cues.pair.search(outcome):
        people = [a for a in context.named if parties.kinds.get(a) == "person"]
        found = list(dict.fromkeys(reversed(people)))[:2][::-1]
    if outcome_class != "meeting":
        return found
    if not found:
        # "a sudden Sunday meeting": between the two leaders the text names most before
        return _leading_pair(context)
    holder = context.holder
    if (
        holder
        and holder not in found
        and (len(found) == 1 or re.match(r"\s*(?:I|we)\b", outcome, re.I))
    ):
        found.append(holder)
    people = [a for a in found if parties.kinds.get(a) == "person"]
    leader_level = bool(cues.leader_level.search(outcome)) or any(
        parties.is_leader(a, context.when) for a in people
    )
    if leader_level or len(found) == 1:
        # a lone state in a meeting stands for its leader too: someone meets its leader
        found = list(dict.fromkeys(leader_of(a, context) for a in found))
    if len(found) == 1 and parties.is_leader(found[0], context.when):
        # "a dramatic meeting" of the president's: with the leader the text names most before
        others = Counter(leader_of(a, context) for a in context.named)
        ranked = [a for a, _ in others.most_common() if a != found[0]]
        other = next((a for a in ranked if parties.is_leader(a, context.when)), None)
        if other is not None:
            found.append(other)
    return found


def _leading_pair(context: PartyContext) -> list[str]:
    counts = Counter(leader_of(a, context) for a in context.named)
    leaders = [a for a, _ in counts.most_common() if context.parties.is_leader(a, context.when)]
    return leaders[:2] if len(leaders) >= 2 else []


def leader_of(actor: str, context: PartyContext) -> str:
    """A state as a party to a meeting of leaders: its leader on the day, else itself."""
    if context.parties.kinds.get(actor) != "state":
        return actor
    return context.parties.leader_of(actor, context.when) or actor


@dataclass(frozen=True)
class PartyContext:
    """Who is around an outcome: the holder, the actors named before it (in order, each time
    it is named), and when it is said."""

    parties: Parties
    holder: str | None = None
    named: tuple[str, ...] = ()
    when: str | None = None


def outcome_window(
    text: str,
    start: int,
    end: int,
    timexes: list[Timex],
    made_on: str | None,
    horizon: str | None,
    cues: OutcomeCues | None = None,
    phrase_at: int | None = None,
) -> tuple[str | None, str | None]:
    """(window_start, window_end) as TimeML values; (None, None) when the text gives none."""
    cues = cues or load_outcome_cues()
    if horizon:
        return made_on, horizon
    for timex in timexes:
        if timex.type != "DATE" or not (start <= timex.start < end):
            continue
        after_phrase = phrase_at is not None and timex.start >= phrase_at
        if not timex.value[:1].isdigit():
            continue
        value = ahead_of(timex, made_on)
        before = text[max(start, timex.start - 40) : timex.start]
        if cues.deadline.search(before):
            return made_on, value
        modifies = classify_outcome(" ".join(text[timex.end : timex.end + 40].split()[:2]))[0]
        if after_phrase or cues.placed.search(before) or timex.start == start or modifies:
            # "is likely to be early next year", "will likely meet … on June 12", "a sudden
            # Sunday meeting"
            return value, value
    return None, None


def ahead_of(timex: Timex, made_on: str | None) -> str:
    """A forecast looks ahead: a weekday or month named without a year that the tagger placed
    before the forecast was made ("Sunday", "in October") is the next one."""
    value = timex.value
    if not made_on or any(ch.isdigit() for ch in timex.text) or value[:10] >= made_on[: len(value)]:
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = date.fromisoformat(value)
        while day.isoformat() < made_on:
            day += timedelta(days=7)
        return day.isoformat()
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{int(value[:4]) + 1}{value[4:]}"
    return value


def structure_outcome(
    outcome: str,
    text: str,
    span: tuple[int, int],
    mentions: list[Mention],
    timexes: list[Timex],
    made_on: str | None,
    horizon: str | None,
    holder_actor: str | None,
    phrase_at: int | None = None,
    context: PartyContext | None = None,
) -> StructuredOutcome:
    outcome_class, polarity = classify_outcome(outcome)
    start, end = span
    window_start, window_end = outcome_window(
        text, start, end, timexes, made_on, horizon, phrase_at=phrase_at
    )
    actors = outcome_actors(mentions, start, end, holder_actor, outcome, text)
    if context is not None:
        actors = complete_parties(actors, outcome, outcome_class, context)
    return StructuredOutcome(
        outcome_class=outcome_class,
        actors=actors,
        polarity=polarity,
        window_start=window_start,
        window_end=window_end,
    )
