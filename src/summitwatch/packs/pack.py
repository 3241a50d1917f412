"""Domain packs: the knowledge summitwatch needs about one diplomatic theatre, as data.

A pack is a folder of YAML files (``actors.yaml``, ``places.yaml``, ``episodes.yaml``,
``questions.yaml``, ``outcomes.yaml``, ``factors.yaml``, ``scenarios.yaml``, ``hypotheses.yaml``,
``sources.yaml``) or a single YAML file holding the same top-level sections. Every
section is optional; a file may hold several sections. Sections are read into the typed
records below; an unknown key is an error, so that a typo in a pack does not silently
drop knowledge.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml


class PackError(Exception):
    """A pack that cannot be read: names the file and what is wrong."""


@dataclass
class Role:
    title: str
    start: str | None = None  # ISO date; None = open
    end: str | None = None
    country: str | None = None
    sector: str | None = None  # PLOVER sector code: GOV, MIL, ELI, ...
    # phrases that name the holder only while the role holds ("the North Korean leader")
    aliases: list[str] = field(default_factory=list)

    def covers(self, when: str) -> bool:
        """Whether the role holds on ``when`` (a TimeML value; its first day is used)."""
        day = _first_day(when)
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class PackActor:
    id: str
    name: str
    kind: str  # person, state, organization, group
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    roles: list[Role] = field(default_factory=list)
    description: str | None = None
    gender: str | None = None  # male, female: for pronoun resolution only
    # forms shared with other actors ("Kim"): resolved by context, never alone
    short_names: list[str] = field(default_factory=list)
    # short forms this actor takes when the context names no candidate ("Kim" -> Kim Jong Un)
    default_for: list[str] = field(default_factory=list)
    affiliation: str | None = None  # actor id of the organization a person works for

    def role_at(self, when: str | None) -> Role | None:
        if when:
            for role in self.roles:
                if role.covers(when):
                    return role
        return None

    def country_at(self, when: str | None) -> str | None:
        role = self.role_at(when)
        return (role.country if role and role.country else None) or self.country

    def sector_at(self, when: str | None) -> str | None:
        role = self.role_at(when)
        return (role.sector if role and role.sector else None) or self.sector


@dataclass
class Place:
    id: str
    name: str
    country: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    kind: str | None = None  # city, village, venue, region, country
    note: str | None = None


@dataclass
class Episode:
    """A named real-world episode texts refer to ("the Hanoi summit")."""

    id: str
    name: str
    start: str  # TimeML value
    end: str | None = None
    type: str = "CONSULT"
    mode: str | None = None
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    aliases: list[str] = field(default_factory=list)
    outcome: str | None = None
    description: str | None = None
    # for episode comparison: what was proposed, how, and how the other side answered
    proposal_date: str | None = None
    proposal_channel: str | None = None
    offers: list[str] = field(default_factory=list)
    response: str | None = None
    response_time: str | None = None  # ISO 8601 duration, e.g. PT5H; None = no response


@dataclass
class OutcomeClass:
    """A kind of outcome questions ask about, defined by the events that show it happened.

    An event shows the outcome when its PLOVER type is one of ``types``, its mode fits
    ``modes``/``modes_not``, the question's actors hold the ``role`` (``participants``: each
    is an actor or a recipient; ``agent``: the first is an actor, the others take part;
    ``joint``: each is an actor), one of ``triggers`` (if any) is a word of its trigger, and
    its factuality is one of ``factuality``.
    """

    id: str
    name: str
    types: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    modes_not: list[str] = field(default_factory=list)
    role: str = "participants"
    triggers: list[str] = field(default_factory=list)
    factuality: list[str] = field(default_factory=lambda: ["CT+"])
    # the deadline of a question proposed from a forecast that states no horizon (ISO 8601)
    default_horizon: str = "P1Y"
    description: str | None = None


@dataclass
class ResolutionPolicy:
    """How much evidence settles a question, stated once and shown with every resolution."""

    id: str
    description: str
    min_reliability: str = "B"  # one report from a source this reliable (Admiralty) suffices
    independent_documents: int = 2  # or this many independent stories from any source
    closed_window: bool = True  # "no" when reporting after the deadline shows no such event
    closed_window_days: int = 365  # reports published this long after the deadline count
    tolerance_days: int = 45  # a forecast's window may end this far from the deadline
    # sectors of actors who comment on outcomes rather than take part (analyze/parties.py)
    observer_sectors: list[str] = field(default_factory=lambda: ["MED", "EDU"])


@dataclass
class Question:
    """A forecast question: an outcome class, its actors, a window, and a resolution policy."""

    id: str
    text: str
    outcome: str  # an OutcomeClass id
    actors: list[str] = field(default_factory=list)
    deadline: str | None = None
    opens: str | None = None
    policy: str = "standard"
    note: str | None = None


@dataclass
class Factor:
    id: str
    name: str
    patterns: list[str] = field(default_factory=list)
    stance: str | None = None
    description: str | None = None
    # words and phrases of the factor's meaning, for explanations its patterns do not name
    keywords: list[str] = field(default_factory=list)


@dataclass
class Indicator:
    id: str
    description: str
    pattern: dict[str, Any] = field(default_factory=dict)
    likelihoods: dict[str, float] = field(default_factory=dict)  # scenario id -> P(e | s)


@dataclass
class Scenario:
    id: str
    name: str
    prior: float
    description: str | None = None
    opens: str | None = None  # evidence dated before this does not bear on the scenario
    horizon: str | None = None  # the scenario is about what happens by this date
    question: str | None = None  # the ledger question whose "yes" this scenario is


@dataclass
class Hypothesis:
    id: str
    question: str
    text: str
    consistent_factors: list[str] = field(default_factory=list)
    inconsistent_factors: list[str] = field(default_factory=list)
    # rated evidence patterns for the ACH matrix: {rating: CC|C|N|I|II, match: {...}, why: ...}
    evidence: list[dict[str, Any]] = field(default_factory=list)
    since: str | None = None  # evidence older than this (ISO date) does not bear on it


@dataclass
class SourceRating:
    """How far a publisher is trusted (NATO Admiralty letter A-F) and whether it is independent."""

    publisher: str
    reliability: str = "C"
    aliases: list[str] = field(default_factory=list)
    group: str | None = None  # sources in one group are not independent of each other
    kind: str | None = None  # wire, newspaper, broadcaster, state-media, think-tank, ...
    country: str | None = None
    note: str | None = None


@dataclass
class Pack:
    name: str
    actors: list[PackActor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    outcomes: list[OutcomeClass] = field(default_factory=list)
    policies: list[ResolutionPolicy] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    hypotheses: list[Hypothesis] = field(default_factory=list)
    sources: list[SourceRating] = field(default_factory=list)

    def actor(self, actor_id: str) -> PackActor | None:
        return self._actors_by_id.get(actor_id)

    def outcome(self, outcome_id: str | None) -> OutcomeClass | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)

    def policy(self, policy_id: str | None) -> ResolutionPolicy:
        """The named policy, else the pack's first, else the built-in defaults."""
        found = next((p for p in self.policies if p.id == policy_id), None)
        if found is None and self.policies:
            found = self.policies[0]
        return found or ResolutionPolicy("standard", DEFAULT_POLICY)

    @property
    def _actors_by_id(self) -> dict[str, PackActor]:
        cache = self.__dict__.get("_actor_index")
        if cache is None or len(cache) != len(self.actors):
            cache = {actor.id: actor for actor in self.actors}
            self.__dict__["_actor_index"] = cache
        return cache


DEFAULT_POLICY = (
    "yes: a certain, positive event of the class and actors dated inside the window, from a "
    "source rated B or better or two independent stories; no: such an event explicitly "
    "denied after the window, or reports after the deadline on the actors and none of it"
)

SECTIONS: dict[str, type] = {
    "actors": PackActor,
    "places": Place,
    "episodes": Episode,
    "questions": Question,
    "outcomes": OutcomeClass,
    "policies": ResolutionPolicy,
    "factors": Factor,
    "scenarios": Scenario,
    "indicators": Indicator,
    "hypotheses": Hypothesis,
    "sources": SourceRating,
}

T = TypeVar("T")


def load_pack(path: Path | str) -> Pack:
    path = Path(path)
    if not path.exists():
        raise PackError(f"{path}: no such pack")
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise PackError(f"{path}: pack folder holds no .yaml files")
    pack = Pack(name=path.stem if path.is_file() else path.name)
    for file in files:
        _read_pack_file(file, pack)
    _check_questions(pack, path)
    return pack


def _check_questions(pack: Pack, path: Path) -> None:
    """A question names a known outcome class and known actors, with real dates."""
    classes = {o.id for o in pack.outcomes}
    actors = {a.id for a in pack.actors}
    for q in pack.questions:
        where = f"{path}: question {q.id}"
        if q.outcome not in classes:
            raise PackError(f"{where}: outcome {q.outcome!r} is not an outcome class of the pack")
        unknown = [a for a in q.actors if actors and a not in actors]
        if unknown:
            raise PackError(f"{where}: unknown actor(s) {unknown}")
        for name in ("opens", "deadline"):
            value = getattr(q, name)
            try:
                if value is not None:
                    date.fromisoformat(str(value))
            except ValueError:
                raise PackError(f"{where}: {name} {value} is not a date") from None


def _read_pack_file(file: Path, pack: Pack) -> None:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PackError(f"{file}: cannot read pack file: {exc}") from exc
    if not isinstance(data, dict):
        raise PackError(f"{file}: a pack file must be a mapping of sections")
    for section, items in data.items():
        if section == "name":
            pack.name = str(items)
            continue
        record_type = SECTIONS.get(section)
        if record_type is None:
            raise PackError(f"{file}: unknown section {section!r}")
        target: list[Any] = getattr(pack, section)
        for index, item in enumerate(items or []):
            target.append(_build(record_type, item, f"{file}: {section}[{index}]"))


def _build(record_type: type[T], item: Any, where: str) -> T:
    if not isinstance(item, dict):
        raise PackError(f"{where}: expected a mapping")
    known = {f.name: f for f in dataclasses.fields(record_type)}  # type: ignore[arg-type]
    unknown = set(item) - set(known)
    if unknown:
        raise PackError(f"{where}: unknown key(s) {sorted(unknown)}")
    values = dict(item)
    if record_type is PackActor and "roles" in values:
        values["roles"] = [_build(Role, role, f"{where}.roles") for role in values["roles"] or []]
    for key, value in values.items():
        if hasattr(value, "isoformat"):  # YAML reads bare dates as date objects
            values[key] = value.isoformat()
    if record_type is PackActor:
        for role in values.get("roles", []):
            for attr in ("start", "end"):
                value = getattr(role, attr)
                if hasattr(value, "isoformat"):
                    setattr(role, attr, value.isoformat())
    try:
        return record_type(**values)
    except TypeError as exc:
        raise PackError(f"{where}: {exc}") from exc


def _first_day(value: str) -> str:
    """The first day a TimeML date value covers, as ISO (``2025`` -> ``2025-01-01``)."""
    parts = value.split("-")
    year = parts[0] if parts and parts[0].isdigit() else "0000"
    month = parts[1] if len(parts) > 1 and parts[1].isdigit() else "01"
    day = parts[2][:2] if len(parts) > 2 and parts[2][:2].isdigit() else "01"
    return f"{year}-{month}-{day}"
