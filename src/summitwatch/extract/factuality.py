"""Event factuality in the FactBank tradition (Saurí & Pustejovsky 2009).

How firmly does the text commit to an event having happened? The reading is a score on the UW
scale (+3 certainly happened … −3 certainly did not, 0 underspecified), a FactBank label, the
cues that decided it and the source that commits (``"author"``, or the reporting speaker).

The rules walk the parse upward from the event's token: its own negation, modal auxiliaries and
modal adverbs cap or flip it; the predicate that selects it (``refused to``, ``plans to``,
``said that``, ``the cancellation of``) transforms the selecting predicate's own reading, as
Karttunen's implication signatures do; a condition or a question leaves it underspecified.
Without a parse (a blank pipeline) the same cues are read from the words before the event.
The cue words live in ``factuality_cues.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CUES_PATH = Path(__file__).with_name("factuality_cues.yaml")
CERTAIN = 3.0
AUTHOR = "author"
MAX_DEPTH = 8  # selecting predicates nest a few levels at most; a cycle in a bad parse stops here

# Label of a score: the first row whose lower bound the score reaches. The bounds sit halfway
# between the FactBank values on the UW scale (CT 3, PR 2, PS 1, Uu 0).
LABEL_BOUNDS: tuple[tuple[float, str], ...] = (
    (2.5, "CT+"),
    (1.5, "PR+"),
    (0.5, "PS+"),
    (-0.5, "Uu"),
    (-1.5, "PS-"),
    (-2.5, "PR-"),
)
LOWEST_LABEL = "CT-"

_CLAUSAL = frozenset(
    {"xcomp", "ccomp", "csubj", "csubjpass", "advcl", "acl", "oprd", "pcomp", "attr"}
)
_ARGUMENT = frozenset({"dobj", "nsubjpass", "nsubj", "compound", "poss"})
_NOUN_PREPS = frozenset({"of", "for", "to", "on", "at", "about", "toward", "towards", "over"})
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", '"', "“", "”"})


def label_of(score: float) -> str:
    """The FactBank label of a UW-scale score (bounds in ``LABEL_BOUNDS``)."""
    for bound, label in LABEL_BOUNDS:
        if score >= bound:
            return label
    return LOWEST_LABEL


@dataclass(frozen=True)
class FactualityReading:
    score: float
    label: str
    cues: tuple[str, ...]
    source: str | None


@dataclass(frozen=True)
class PredicateClass:
    """How a selecting predicate passes its own reading to the event it selects."""

    name: str
    positive: float  # the event's score when the predicate is a certain fact
    negative: float  # … when the predicate is certainly negated

    @property
    def presupposes(self) -> bool:
        return self.positive == self.negative

    def transform(self, governor: float) -> float:
        if self.presupposes:
            return self.positive
        if governor >= 0:
            return self.positive * governor / CERTAIN
        return self.negative * -governor / CERTAIN


@dataclass(frozen=True)
class Cues:
    negators: frozenset[str]
    modals: dict[str, float]
    adverbs: dict[str, float]
    noun_modifiers: dict[str, float]
    conditionals: frozenset[str]
    predicates: dict[str, PredicateClass]
    nouns: dict[str, PredicateClass]
    irregular: dict[str, str]
    consequent: float = 1.0
    copulas: frozenset[str] = frozenset()
    speech_acts: frozenset[str] = frozenset()


def words_of(data: Any, name: str) -> frozenset[str]:
    """A list of cue words; a bare YAML ``no`` or ``on`` would silently become a boolean."""
    words = data if isinstance(data, list) else []
    if not words or not all(isinstance(w, str) for w in words):
        raise ValueError(f"{CUES_PATH.name}: {name} must be a list of quoted words")
    return frozenset(words)


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_PATH) -> Cues:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    classes = {
        name: PredicateClass(name, float(spec["positive"]), float(spec["negative"]))
        for name, spec in data["predicate_classes"].items()
    }
    predicates: dict[str, PredicateClass] = {}
    for name, spec in data["predicate_classes"].items():
        for word in sorted(words_of(spec["words"], name)):
            predicates.setdefault(word, classes[name])
    nouns: dict[str, PredicateClass] = {}
    for name, words in data["noun_classes"].items():
        for word in sorted(words_of(words, name)):
            nouns.setdefault(word, classes[name])
    return Cues(
        negators=words_of(data["negators"], "negators"),
        modals={str(k): float(v) for k, v in data["modals"].items()},
        adverbs={str(k): float(v) for k, v in data["adverbs"].items()},
        noun_modifiers={str(k): float(v) for k, v in data["noun_modifiers"].items()},
        conditionals=words_of(data["conditionals"], "conditionals"),
        predicates=predicates,
        nouns=nouns,
        irregular={str(k): str(v) for k, v in data["irregular"].items()},
        consequent=float(data["consequent"]),
        copulas=words_of(data["copulas"], "copulas"),
        speech_acts=words_of(data["speech_acts"], "speech_acts"),
    )


# --- words ------------------------------------------------------------------------------------


def candidate_lemmas(token: Any, cues: Cues) -> list[str]:
    """The token's lemma, then guesses from its form (a blank pipeline has no lemmatizer)."""
    lower = token.lower_
    found = [token.lemma_.lower()] if token.lemma_ else []
    found.append(cues.irregular.get(lower, lower))
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("s", ""), ("ed", ""), ("d", "")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            found.append(lower[: -len(suffix)] + replacement)
    for suffix in ("ed", "ing"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            found += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.append(stem[:-1])  # planned -> plan
    return found


def lookup(table: dict[str, Any], token: Any, cues: Cues, extra: str = "") -> Any | None:
    """The entry of the token's first known lemma, tried with ``extra`` ("call" + "_off") first."""
    for lemma in candidate_lemmas(token, cues):
        for key in ((f"{lemma}_{extra}",) if extra else ()) + (lemma,):
            if key in table:
                return table[key]
    return None


def has_parse(token: Any) -> bool:
    doc = token.doc
    return bool(doc.has_annotation("DEP")) if hasattr(doc, "has_annotation") else False


def sentence_of(token: Any) -> Any:
    doc = token.doc
    return token.sent if doc.has_annotation("SENT_START") else doc[:]


def phrase_text(token: Any) -> str:
    """A subject's words without its clauses ("the North Korean leader")."""
    words = [
        t
        for t in token.subtree
        if t.i == token.i or t.dep_ in {"compound", "det", "amod", "poss", "case", "nmod"}
    ]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


# --- the reading ------------------------------------------------------------------------------


@dataclass
class _Reading:
    score: float
    cues: list[str]
    source: str


@dataclass
class _Local:
    """What the event's own words say: caps on certainty and a polarity."""

    cap: float = CERTAIN
    soft_cap: float = CERTAIN  # a noun's "planned": caps a positive reading only
    negated: bool = False
    cues: list[str] = field(default_factory=list)

    def limit(self, value: float, cue: str, soft: bool = False) -> None:
        if value < 0:
            self.negated = not self.negated
        if soft:
            self.soft_cap = min(self.soft_cap, abs(value))
        else:
            self.cap = min(self.cap, abs(value))
        self.cues.append(cue)

    def negate(self, cue: str) -> None:
        self.negated = not self.negated
        self.cues.append(cue)

    def apply(self, context: float) -> float:
        score = min(abs(context), self.cap)
        if (context < 0) != self.negated:
            return -score
        return min(score, self.soft_cap)


def read_local(token: Any, cues: Cues) -> _Local:
    local = _Local()
    for child in token.children:
        lower, dep = child.lower_, child.dep_
        if dep == "neg" or (lower in cues.negators and dep in {"advmod", "det", "preconj"}):
            local.negate(f"negation:{lower}")
        elif dep in {"aux", "auxpass"} and lower in cues.modals:
            local.limit(cues.modals[lower], f"modal:{lower}")
        elif dep in {"advmod", "amod"} and lower in cues.adverbs:
            local.limit(cues.adverbs[lower], f"adverb:{lower}")
        elif dep in {"amod", "compound"} and lower in cues.noun_modifiers:
            local.limit(cues.noun_modifiers[lower], f"modifier:{lower}", soft=True)
        elif dep == "mark" and lower in cues.conditionals:
            local.limit(0.0, f"condition:{lower}")
        elif dep == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in cues.conditionals for m in child.children
        ):
            local.limit(cues.consequent, "consequent")
    return local


def selecting_key(governor: Any) -> str:
    """A phrasal particle or light-verb object that changes the predicate ("call off")."""
    for child in governor.children:
        if child.dep_ == "prt":
            return str(child.lower_)
        if child.dep_ == "dobj" and child.lower_ == "place":
            return "place"
    return ""


def selecting_class(token: Any, cues: Cues) -> tuple[PredicateClass | None, Any]:
    """The class of the predicate that selects ``token``, and that predicate's token."""
    dep, head = token.dep_, token.head
    if dep in _CLAUSAL or dep in _ARGUMENT:
        nominal = head.pos_ in {"NOUN", "PROPN"}
        table = cues.nouns if nominal else cues.predicates
        cls = lookup(table, head, cues, selecting_key(head))
        if dep == "nsubj" and not nominal and cls is not None and cls.name != "occurrence":
            return None, head  # an event subject is presupposed ("the attack killed …")
        return cls, head
    if dep == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
        governor = head.head
        prep = head.lower_
        if governor.pos_ in {"NOUN", "PROPN"} and prep in _NOUN_PREPS:
            return lookup(cues.nouns, governor, cues), governor
        return lookup(cues.predicates, governor, cues, prep), governor
    return None, head


def read_context(token: Any, cues: Cues, depth: int) -> _Reading:
    """What the predicates above the event say about it."""
    head = token.head
    if head.i == token.i or depth > MAX_DEPTH:
        return _root_reading(token)
    if token.dep_ == "conj":
        return read_context(head, cues, depth + 1)
    if token.dep_ in {"acomp", "attr"} and lookup_copula(head, cues):
        return read_rules(head, cues, depth + 1)  # "was not able": the copula's reading
    if token.dep_ == "pobj" and head.lower_ == "without":
        outer = read_context(head.head, cues, depth + 1) if head.head.i != head.i else None
        base = outer.score if outer else CERTAIN
        return _Reading(-base, [*(outer.cues if outer else []), "negation:without"], AUTHOR)
    cls, governor = selecting_class(token, cues)
    if cls is None:
        if token.dep_ in {"xcomp", "ccomp"}:
            outer = read_rules(governor, cues, depth + 1)
            return _Reading(max(outer.score, 0.0), outer.cues, outer.source)
        return _Reading(CERTAIN, [], AUTHOR)
    outer = read_rules(governor, cues, depth + 1)
    lemma = governor.lemma_.lower() or governor.lower_
    source = outer.source
    if cls.name in {"reporting", "belief", "doubt"} or lemma in cues.speech_acts:
        source = speaker_of(governor) or source
    cue = f"{cls.name}:{lemma}"
    return _Reading(cls.transform(outer.score), [*outer.cues, cue], source)


def lookup_copula(token: Any, cues: Cues) -> bool:
    return any(lemma in cues.copulas for lemma in candidate_lemmas(token, cues))


def _root_reading(token: Any) -> _Reading:
    last = sentence_of(token)[-1]
    if last.text == "?":
        return _Reading(0.0, ["question"], AUTHOR)
    return _Reading(CERTAIN, [], AUTHOR)


def speaker_of(governor: Any) -> str | None:
    for child in governor.children:
        if child.dep_ in _SUBJECT:
            return phrase_text(child)
    return None


def read_rules(token: Any, cues: Cues, depth: int = 0) -> _Reading:
    if not has_parse(token):
        return read_linear(token, cues)
    local = read_local(token, cues)
    context = read_context(token, cues, depth)
    return _Reading(local.apply(context.score), [*context.cues, *local.cues], context.source)


# --- without a parse --------------------------------------------------------------------------


def clause_before(token: Any) -> list[Any]:
    """The words of the token's clause before it, nearest first."""
    sentence = sentence_of(token)
    words = []
    for t in reversed(sentence[: token.i - sentence.start]):
        if t.text in _CLAUSE_BREAK:
            break
        words.append(t)
    return words


def read_linear(token: Any, cues: Cues) -> _Reading:
    """The cues among the words before the event, for a sentence nobody parsed."""
    local = _Local()
    context = _root_reading(token)
    before = clause_before(token)
    for k, word in enumerate(before):
        lower = word.lower_
        cls = lookup(cues.predicates, word, cues) or lookup(cues.nouns, word, cues)
        if cls is not None:
            outer = read_linear(word, cues)
            source = speaker_text(before[k + 1 :]) if cls.name in {"reporting", "belief"} else None
            cue = f"{cls.name}:{lower}"
            context = _Reading(cls.transform(outer.score), [*outer.cues, cue], source or AUTHOR)
            break
        if lower in cues.negators or cues.irregular.get(lower) == "not":
            local.negate(f"negation:{lower}")
        elif lower in cues.modals:
            local.limit(cues.modals[lower], f"modal:{lower}")
        elif lower in cues.adverbs:
            local.limit(cues.adverbs[lower], f"adverb:{lower}")
        elif lower in cues.noun_modifiers:
            local.limit(cues.noun_modifiers[lower], f"modifier:{lower}", soft=True)
        elif lower in cues.conditionals:
            local.limit(0.0, f"condition:{lower}")
    return _Reading(local.apply(context.score), [*context.cues, *local.cues], context.source)


def speaker_text(words_before: list[Any]) -> str | None:
    """The words just before a reporting verb, up to a break: its likely subject."""
    words = [w.text for w in words_before[:4]]
    return " ".join(reversed(words)) or None


# --- the interface ----------------------------------------------------------------------------


def read_rules_only(token: Any) -> FactualityReading:
    """The rule reading alone, without the trained model."""
    reading = read_rules(token, load_cues())
    score = round(reading.score, 3)
    return FactualityReading(score, label_of(score), tuple(reading.cues), reading.source)


def reader_name() -> str:
    return "rules"


def read_factuality(token: Any) -> FactualityReading:
    """The factuality of the event whose predicate (or trigger head) is ``token``.

    ``token`` is a spaCy ``Token`` of a parsed sentence; a token of an unparsed (blank pipeline)
    document is read from the words before it.
    """
    return read_rules_only(token)
