"""Domain packs: the knowledge summitwatch needs about one diplomatic theatre, as data.

A pack is a folder of YAML files (``actors.yaml``, ``places.yaml``, ``episodes.yaml``,
``questions.yaml``, ``outcomes.yaml``, ``factors.yaml``, ``scenarios.yaml``, ``hypotheses.yaml``,
``sources.yaml``) or a single YAML file holding the same top-level sections. Every
section is optional; a file may hold several sections. Sections are read into the typed
records below, which are also the schema (``validation.py``): an unknown key, a date that
does not exist or a pattern that does not compile is one line naming the file, the entry and
the problem, so that a typo in a pack does not silently drop knowledge.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml

from summitwatch.lexicons import SafeLoader, load_yaml
from summitwatch.packs.compiled import cache_key, read_compiled, write_compiled
from summitwatch.packs.validation import STRICT, EntryError, Pattern, TimemlDate, build_entry
from summitwatch.timeml import first_day

if TYPE_CHECKING:
    from pydantic import ConfigDict


class _PackLoader(SafeLoader):
    """YAML without implicit timestamps: dates stay text, so the schema can say what is wrong
    with a date that does not exist (``2018-06-31``) instead of YAML failing on it."""


_PackLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()
}


# the code whose records a compiled pack holds: a change to it invalidates the cache
READING_CODE = (Path(__file__), Path(__file__).with_name("validation.py"))


class PackError(Exception):
    """A pack that cannot be read: names the file and what is wrong."""


@dataclass
class Role:
    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    title: str
    start: TimemlDate | None = None  # ISO date; None = open
    end: TimemlDate | None = None
    country: str | None = None
    sector: str | None = None  # PLOVER sector code: GOV, MIL, ELI, ...
    # phrases that name the holder only while the role holds ("the North Korean leader")
    aliases: list[str] = field(default_factory=list)

    def covers(self, when: str) -> bool:
        """Whether the role holds on ``when`` (a TimeML value; its first day is used)."""
        day = first_day(when)
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class PackActor:
    __pydantic_config__: ClassVar[ConfigDict] = STRICT
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
    __pydantic_config__: ClassVar[ConfigDict] = STRICT
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

    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    id: str
    name: str
    start: TimemlDate
    end: TimemlDate | None = None
    type: str = "CONSULT"
    mode: str | None = None
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    aliases: list[str] = field(default_factory=list)
    outcome: str | None = None
    description: str | None = None
    # for episode comparison: what was proposed, how, and how the other side answered
    proposal_date: TimemlDate | None = None
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

    __pydantic_config__: ClassVar[ConfigDict] = STRICT
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
    # classes this one is a case of (a meeting in person is talks): a forecast that talks are
    # unlikely bears on a meeting question too (analyze/linking.py)
    implies: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass
class ResolutionPolicy:
    """How much evidence settles a question, stated once and shown with every resolution."""

    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    id: str
    description: str
    min_reliability: str = "B"  # one report from a source this reliable (Admiralty) suffices
    independent_documents: int = 2  # or this many independent stories from any source
    closed_window: bool = True  # "no" when reporting after the deadline shows no such event
    closed_window_days: int = 365  # reports published this long after the deadline count
    tolerance_days: int = 45  # a forecast's window may end this far from the deadline
    # sectors of actors who comment on outcomes rather than take part (analyze/parties.py)
    observer_sectors: list[str] = field(default_factory=lambda: ["MED", "EDU"])
    # sectors of forums where parties meet (a meeting "at APEC"), not a side of it
    venue_sectors: list[str] = field(default_factory=lambda: ["IGO"])


@dataclass
class PackQuestion:
    """A forecast question: an outcome class, its actors, a window, and a resolution policy."""

    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    id: str
    text: str
    outcome: str  # an OutcomeClass id
    actors: list[str] = field(default_factory=list)
    deadline: TimemlDate | None = None
    opens: TimemlDate | None = None
    policy: str = "standard"
    note: str | None = None


@dataclass
class Factor:
    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    id: str
    name: str
    patterns: list[Pattern] = field(default_factory=list)
    stance: str | None = None
    description: str | None = None
    # words and phrases of the factor's meaning, for explanations its patterns do not name
    keywords: list[str] = field(default_factory=list)


@dataclass
class Indicator:
    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    id: str
    description: str
    pattern: dict[str, Any] = field(default_factory=dict)
    likelihoods: dict[str, float] = field(default_factory=dict)  # scenario id -> P(e | s)


@dataclass
class Scenario:
    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    id: str
    name: str
    prior: float
    description: str | None = None
    opens: TimemlDate | None = None  # evidence dated before this does not bear on it
    horizon: TimemlDate | None = None  # the scenario is about what happens by this date
    question: str | None = None  # the ledger question whose "yes" this scenario is


@dataclass
class Hypothesis:
    __pydantic_config__: ClassVar[ConfigDict] = STRICT
    id: str
    question: str
    text: str
    consistent_factors: list[str] = field(default_factory=list)
    inconsistent_factors: list[str] = field(default_factory=list)
    # rated evidence patterns for the ACH matrix: {rating: CC|C|N|I|II, match: {...}, why: ...}
    evidence: list[dict[str, Any]] = field(default_factory=list)
    since: TimemlDate | None = None  # evidence older than this (ISO date) does not bear on it


@dataclass
class SourceRating:
    """How far a publisher is trusted (NATO Admiralty letter A-F) and whether it is independent."""

    __pydantic_config__: ClassVar[ConfigDict] = STRICT
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
    questions: list[PackQuestion] = field(default_factory=list)
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
    "questions": PackQuestion,
    "outcomes": OutcomeClass,
    "policies": ResolutionPolicy,
    "factors": Factor,
    "scenarios": Scenario,
    "indicators": Indicator,
    "hypotheses": Hypothesis,
    "sources": SourceRating,
}
# how an entry of each section is named in an error line ("question trump-kim-summit-2018")
ENTRY_NAMES = {
    "actors": "actor",
    "places": "place",
    "episodes": "episode",
    "questions": "question",
    "outcomes": "outcome class",
    "policies": "policy",
    "factors": "factor",
    "scenarios": "scenario",
    "indicators": "indicator",
    "hypotheses": "hypothesis",
    "sources": "source",
}


def load_pack(path: Path | str) -> Pack:
    path = Path(path)
    if not path.exists():
        raise PackError(f"{path}: no such pack")
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise PackError(f"{path}: pack folder holds no .yaml files")
    # the validated records of an unchanged pack come from the compiled cache (start-up time)
    key = cache_key(_files_digest(files), READING_CODE)
    cached = read_compiled(path, key)
    if isinstance(cached, Pack):
        return cached
    pack = Pack(name=path.stem if path.is_file() else path.name)
    for file in files:
        _read_pack_file(file, pack)
    _check_questions(pack, path)
    write_compiled(path, key, pack)
    return pack


def _check_questions(pack: Pack, path: Path) -> None:
    """A question names a known outcome class and known actors; classes imply known classes."""
    classes = {o.id for o in pack.outcomes}
    for outcome in pack.outcomes:
        unknown_classes = [c for c in outcome.implies if c not in classes]
        if unknown_classes:
            where = f"{path}: outcome class {outcome.id}"
            raise PackError(f"{where}: implies unknown class(es) {unknown_classes}")
    actors = {a.id for a in pack.actors}
    for q in pack.questions:
        where = f"{path}: question {q.id}"
        if q.outcome not in classes:
            raise PackError(f"{where}: outcome {q.outcome!r} is not an outcome class of the pack")
        unknown = [a for a in q.actors if actors and a not in actors]
        if unknown:
            raise PackError(f"{where}: unknown actor(s) {unknown}")


def pack_digest(path: Path | str) -> str:
    """A short fingerprint of a pack's files: changes when any of them is edited."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return _files_digest(files)[:8]


def _files_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(b"\0")
        digest.update(file.read_bytes() if file.exists() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def _read_pack_file(file: Path, pack: Pack) -> None:
    try:
        data = load_yaml(file.read_text(encoding="utf-8"), _PackLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problem = " ".join(str(exc).split())
        raise PackError(f"{file}: cannot read pack file: {problem}") from exc
    if not isinstance(data, dict):
        raise PackError(f"{file}: a pack file must be a mapping of sections")
    for section, items in data.items():
        if section == "name":
            pack.name = str(items)
            continue
        record_type = SECTIONS.get(section)
        if record_type is None:
            raise PackError(f"{file}: unknown section {section!r}")
        if not isinstance(items, list | None):
            raise PackError(f"{file}: section {section!r} must be a list of entries")
        target: list[Any] = getattr(pack, section)
        for index, item in enumerate(items or []):
            try:
                target.append(build_entry(record_type, item))
            except EntryError as exc:
                raise PackError(f"{file}: {_entry_name(section, item, index)}: {exc}") from exc


def _entry_name(section: str, item: Any, index: int) -> str:
    name = ENTRY_NAMES[section]
    if isinstance(item, dict):
        key = item.get("id") or item.get("publisher")
        if key:
            return f"{name} {key}"
    return f"{name} #{index + 1}"
