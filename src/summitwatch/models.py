"""Typed records that flow between the pipeline's stages and into the store.

Every extracted record points back into its document's clean body text with a character
span (``start``/``end``), so that a reader can always see where a claim came from.
Dates are TimeML values (``2025-10-29``, ``2025-10``, ``2025``, ``2026-SP``): they carry
their own precision, which a Python ``date`` cannot.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Modality = Literal["asserted", "historical", "planned", "hypothetical", "negated", "reported"]
# FactBank factuality values (Sauri & Pustejovsky 2009): certain, probable, possible; positive,
# negative; Uu: underspecified (the text does not commit either way)
Factuality = Literal["CT+", "PR+", "PS+", "CT-", "PR-", "PS-", "Uu"]
QuestionStatus = Literal["open", "yes", "no"]


def make_id(prefix: str, *parts: object) -> str:
    """A short, stable id: the same inputs always give the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


def hash_basis(title: str | None, text: str) -> str:
    """What identifies a document's content, independent of Unicode form and spacing."""
    title_part = " ".join(unicodedata.normalize("NFC", title or "").split())
    return f"{title_part}\n{' '.join(unicodedata.normalize('NFC', text).split())}"


def count_words(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Author:
    name: str
    role: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class RemovedLine:
    """A line of page furniture taken out of the body, and why (nothing vanishes silently)."""

    text: str
    reason: str  # e.g. "caption", "photo credit", "link list", "page chrome", "date line"


@dataclass
class Citation:
    """One reference from a numbered note; a note citing two works yields two records."""

    number: int
    raw: str
    authors: list[str] = field(default_factory=list)
    title: str | None = None
    container: str | None = None
    date: str | None = None
    language: str = "en"
    # spans of the body sentences whose markers cite this note
    supports: list[Span] = field(default_factory=list)


@dataclass
class Document:
    """A cleaned article: the body every span points into, plus what the page said about it."""

    text: str
    source: str
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    publisher: str | None = None
    series: str | None = None
    published: date | None = None
    language: str = "en"
    format: str = "txt"
    citations: list[Citation] = field(default_factory=list)
    # where ``published`` came from: "text", "html-meta", "pdf-meta", "command line" or "none"
    date_source: str = "none"
    furniture: list[RemovedLine] = field(default_factory=list)
    # the wire agency a syndicated copy credits (the hosting site is the publisher)
    source_agency: str | None = None
    # shared by near-duplicate copies of one article (the first copy's id); None until stored
    story: str | None = None
    # the MinHash of the body's word shingles that near-duplicates are found by
    fingerprint: dict[str, Any] | None = None

    @property
    def sha256(self) -> str:
        """Hash of what makes two inputs the same document: title and clean body, each
        NFC-normalized with white space collapsed (NFD text or a doubled space is the same
        document). Computed once per text and title: stages ask for the id per sentence."""
        key = (self.title, self.text)
        cached = self.__dict__.get("_sha256")
        if cached is not None and cached[0][0] is key[0] and cached[0][1] is key[1]:
            return str(cached[1])
        digest = hashlib.sha256(hash_basis(self.title, self.text).encode("utf-8")).hexdigest()
        self.__dict__["_sha256"] = (key, digest)
        return digest

    @property
    def id(self) -> str:
        return f"doc-{self.sha256[:12]}"

    @property
    def word_count(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None = None


@dataclass
class Actor:
    """A canonical actor (from a pack) or an unresolved entity kept with its text."""

    id: str
    name: str
    kind: str  # person, state, organization, group, unknown
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    actor_id: str | None  # None: an entity the pack does not know
    kind: str = "unknown"


@dataclass
class Event:
    id: str
    document_id: str
    type: str  # PLOVER type, e.g. CONSULT
    start: int  # evidence span: the sentence in the clean text
    end: int
    sentence: str
    modality: Modality = "asserted"
    mode: str | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    date: str | None = None  # TimeML value; None when the text does not date it
    location: str | None = None
    episode: str | None = None
    trigger: str | None = None
    stage: str = ""
    # how far the text commits to the event having happened, and who commits to it
    factuality: Factuality = "CT+"
    factuality_score: float | None = None  # UW scale, -3 (did not happen) to +3 (happened)
    factuality_source: str | None = None  # "author", or the reporting speaker (actor id or text)
    main: bool = False  # the event of the sentence's main clause

    @property
    def is_factual(self) -> bool:
        """Whether the author commits to the event having happened (certain and positive)."""
        return self.factuality == "CT+"


@dataclass
class Quote:
    id: str
    document_id: str
    text: str
    start: int  # span of the quoted text (inside the marks)
    end: int
    speaker: str | None = None  # canonical actor id
    speaker_text: str | None = None
    cue: str | None = None
    date: str | None = None


@dataclass
class Forecast:
    id: str
    document_id: str
    holder: str
    statement: str
    outcome: str  # stated affirmatively
    probability: float  # chance the holder gives `outcome`
    start: int
    end: int
    attributed: bool = False
    phrase: str | None = None
    low: float | None = None
    high: float | None = None
    horizon: str | None = None
    condition: str | None = None
    # written by the ledger (analyze/ledger.py), never by the forecasts stage
    question: str | None = None
    question_probability: float | None = None
    made_on: str | None = None  # publication date of the holding document
    # who holds it: person, organization, group (generic "analysts"), author, unknown
    holder_kind: str = "unknown"
    holder_actor: str | None = None  # the holder's canonical actor id, when known
    phrase_strength: str | None = None  # number, word or modal: what carries the judgment
    # the structured outcome the ledger links by (class ids are the pack's outcome classes)
    outcome_class: str | None = None
    outcome_actors: list[str] = field(default_factory=list)
    outcome_polarity: bool = True  # True: `outcome` names the class happening
    window_start: str | None = None  # TimeML values; None when the text gives no window
    window_end: str | None = None
    # restatements of one judgment (same holder, outcome, document) share `judgment`, the id of
    # the representative (strongest wording); only the representative is scored
    judgment: str | None = None
    representative: bool = True
    restatements: list[str] = field(default_factory=list)


@dataclass
class Reason:
    id: str
    document_id: str
    factor: str
    statement: str
    start: int
    end: int
    stance: str | None = None  # what the reason argues for, e.g. "no-engagement"
    factor_label: str | None = None  # the factor's name; "other" reasons keep their text
    cue: str | None = None  # the construction that marks the explanation ("because", "due to")
    explanation: str | None = None  # the explaining words themselves
    holder: str | None = None  # a speaker the explanation is attributed to; None: the author
    match_score: float | None = None  # how well the explanation fits its factor (0-1)


@dataclass(frozen=True)
class Token:
    """One token of the document's one parse, the token type every stage reads.

    Offsets are absolute in the document's clean text; ``head`` indexes the sentence's token
    list. Without a statistical model, ``dep``/``pos``/``tag`` are empty and ``token`` None.
    """

    i: int
    text: str
    lower: str
    lemmas: frozenset[str]
    start: int
    end: int
    head: int  # the syntactic head in the sentence's token list (itself for a root)
    dep: str = ""
    pos: str = ""
    tag: str = ""  # fine-grained tag (VBD: past tense)
    # the parser's own token (a spaCy Token), for readers of the whole parse (factuality)
    token: Any = field(default=None, compare=False, repr=False)


@dataclass
class Parse:
    """The one parse of a document (:mod:`summitwatch.extract.parse`): the spaCy ``Doc`` of
    the whole text (None without a model) and the tokens of each sentence of the analysis."""

    doc: Any | None = None
    sentences: list[list[Token]] = field(default_factory=list)

    def span(self, start: int, end: int) -> Any | None:
        """The parse's span over the characters ``start:end`` (widened to whole tokens)."""
        if self.doc is None:
            return None
        return self.doc.char_span(start, end, alignment_mode="expand")

    def entities(self, labels: tuple[str, ...]) -> list[tuple[int, int, str]]:
        """(start, end, label) of the parse's named entities with one of ``labels``."""
        if self.doc is None:
            return []
        return [(e.start_char, e.end_char, e.label_) for e in self.doc.ents if e.label_ in labels]


@dataclass
class Analysis:
    """Everything known about one document; the pipeline's stages fill its fields in order."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    parse: Parse | None = None
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    def sentence_text(self, sentence: Sentence) -> str:
        return self.document.text[sentence.start : sentence.end]


@dataclass
class Question:
    """A ledger question as stored: its structure, where it came from, and its resolution."""

    id: str
    text: str
    deadline: str | None = None
    status: QuestionStatus = "open"
    resolved_on: str | None = None  # the day the outcome was settled
    evidence: list[str] = field(default_factory=list)
    outcome_class: str | None = None
    actors: list[str] = field(default_factory=list)
    opens: str | None = None
    origin: str = "pack"  # pack, user, forecast
    proposed: bool = False  # origin forecast, not yet accepted by a user
    policy: str | None = None  # the resolution policy, stated in words
    resolved_by: str | None = None  # event, statement, closed-window, hand
    known_on: str | None = None  # publication date of the evidence that settled it
    merged_into: str | None = None


@dataclass
class Score:
    holder: str
    outlet: str | None
    n: int
    brier: float
    log_score: float
    forecasts: list[str] = field(default_factory=list)
    scope: str = "holder"  # holder (person or organization), group, unknown, outlet


@dataclass
class ScenarioStep:
    scenario: str
    date: str | None
    probability: float
    event: str | None
    explanation: str


def to_record(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of a record (dates as ISO strings)."""
    data = asdict(obj)
    for key, value in list(data.items()):
        if isinstance(value, date):
            data[key] = value.isoformat()
    return data
