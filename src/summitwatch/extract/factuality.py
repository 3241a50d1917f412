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
from typing import Any

from summitwatch.extract.factuality_features import sparse_features, token_features
from summitwatch.extract.factuality_lexicon import (
    CERTAIN,
    Cues,
    PredicateClass,
    candidate_lemmas,
    load_cues,
    lookup,
)
from summitwatch.extract.factuality_model import load_model

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
UNDERSPECIFIED = "Uu"

_CLAUSAL = frozenset({"xcomp", "ccomp", "csubj", "csubjpass", "acl", "oprd", "pcomp", "attr"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
# a refusal or denial of a thing leaves the thing in being ("rejected the offer")
_CLAUSE_ONLY = frozenset({"implicative_negative"})
_ARGUMENT = frozenset({"dobj", "nsubjpass", "nsubj", "compound", "poss"})
_NOUN_PREPS = frozenset({"of", "for", "to", "on", "at", "about", "toward", "towards", "over"})
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj"})
_QUANTIFIED = frozenset({"nsubj", "nsubjpass", "dobj"})
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", '"', "“", "”"})


def label_of(score: float, bounds: tuple[tuple[float, str], ...] = LABEL_BOUNDS) -> str:
    """The FactBank label of a UW-scale score (bounds in ``LABEL_BOUNDS``, or the model's)."""
    for bound, label in bounds:
        if score >= bound:
            return label
    return LOWEST_LABEL


@dataclass(frozen=True)
class FactualityReading:
    score: float
    label: str
    cues: tuple[str, ...]
    source: str | None


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
        elif dep in _QUANTIFIED and is_negative_quantifier(child, cues):
            local.negate(f"negation:{lower}")
        elif dep == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in cues.conditionals for m in child.children
        ):
            local.limit(cues.consequent, "consequent")
    return local


def is_negative_quantifier(argument: Any, cues: Cues) -> bool:
    """ "no one", "nobody", "no country" as the subject or object of the event."""
    if argument.lower_ in cues.negative_quantifiers:
        return True
    return any(
        c.dep_ in {"det", "neg"} and c.lower_ in {"no", "neither"} for c in argument.children
    )


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
    if dep == "acl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return None, head  # a participle ("the plan worked out in Moscow") is no complement
    if dep in _CLAUSAL or dep in _ARGUMENT:
        nominal = head.pos_ in _NOMINAL
        table = cues.nouns if nominal else cues.predicates
        cls = lookup(table, head, cues, selecting_key(head))
        if cls is None or nominal:
            return cls, head
        if dep == "nsubj" and cls.name != "occurrence":
            return None, head  # an event subject is presupposed ("the attack killed …")
        if dep in _ARGUMENT and token.pos_ in _NOMINAL and cls.name in _CLAUSE_ONLY:
            return None, head
        return cls, head
    if dep == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
        governor = head.head
        prep = head.lower_
        if governor.pos_ in _NOMINAL:
            return (lookup(cues.nouns, governor, cues) if prep in _NOUN_PREPS else None), governor
        return lookup_exact(cues.predicates, governor, cues, prep), governor
    return None, head


def lookup_exact(table: dict[str, Any], token: Any, cues: Cues, extra: str) -> Any | None:
    """The entry of ``lemma_extra`` only ("call_for"; a bare "call" does not count)."""
    for lemma in candidate_lemmas(token, cues):
        if f"{lemma}_{extra}" in table:
            return table[f"{lemma}_{extra}"]
    return None


def read_context(token: Any, cues: Cues, depth: int) -> _Reading:
    """What the predicates above the event say about it."""
    head = token.head
    if head.i == token.i or depth > MAX_DEPTH:
        return _root_reading(token)
    if token.dep_ == "conj":
        outer = read_context(head, cues, depth + 1)
        if any(c.dep_ == "cc" and c.lower_ == "nor" for c in head.children):
            return _Reading(-outer.score, [*outer.cues, "negation:nor"], outer.source)
        return outer
    if token.dep_ == "compound" and head.pos_ in _NOMINAL:
        return read_rules(head, cues, depth + 1)  # "the memorial service was cancelled"
    if token.dep_ in {"acomp", "attr"} and lookup_copula(head, cues):
        return read_rules(head, cues, depth + 1)  # "was not able": the copula's reading
    if token.dep_ == "pobj" and head.lower_ == "without":
        return read_without(head, cues, depth)
    cls, governor = selecting_class(token, cues)
    if cls is None:
        cls, governor = copula_subject_class(token, cues)
    if cls is None:
        if is_infinitive(token):
            return _Reading(cues.infinitive, ["infinitive"], AUTHOR)
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


def read_without(preposition: Any, cues: Cues, depth: int) -> _Reading:
    """ "talks without a deal": the deal is negated within the clause's own reading."""
    if preposition.head.i == preposition.i:
        return _Reading(-CERTAIN, ["negation:without"], AUTHOR)
    outer = read_context(preposition.head, cues, depth + 1)
    return _Reading(-outer.score, [*outer.cues, "negation:without"], outer.source)


def is_infinitive(token: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def copula_subject_class(token: Any, cues: Cues) -> tuple[PredicateClass | None, Any]:
    """ "A summit seems unlikely": the subject of a copula takes its adjective's class."""
    head = token.head
    if token.dep_ not in _SUBJECT or not lookup_copula(head, cues):
        return None, head
    for child in head.children:
        if child.dep_ in {"acomp", "oprd"}:
            return lookup(cues.predicates, child, cues), child
    return None, head


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
    model = load_model()
    return "rules" if model is None else f"rules + {model.name}"


def read_factuality(token: Any) -> FactualityReading:
    """The factuality of the event whose predicate (or trigger head) is ``token``.

    ``token`` is a spaCy ``Token`` of a parsed sentence: the rules read it and the trained model,
    when it ships, turns their reading and the parse into the score. A token of an unparsed
    (blank pipeline) document is read by the rules alone, from the words before it.
    """
    rules = read_rules_only(token)
    model = load_model()
    if model is None or not has_parse(token):
        return rules
    lexical = model.lexical.predict(sparse_features(token, rules.cues, rules.score))
    x = token_features(
        token, rules.score, rules.label, rules.cues, rules.source, model.means,
        governor_score(token), lexical,
    )  # fmt: skip
    score = round(model.predict(x), 3)
    return FactualityReading(score, model_label(score, rules), rules.cues, rules.source)


def governor_score(token: Any) -> float:
    """The rule reading of the event's governor (its own, not what it selects)."""
    head = token.head
    return CERTAIN if head.i == token.i else read_rules(head, load_cues()).score


def model_label(score: float, rules: FactualityReading) -> str:
    """The label of the model's score by its calibrated bounds, capped by the rules.

    UW annotators' averages rarely reach −3 even for a plain negation, so the model's negative
    scores do not separate CT- from PR- or PS-: where the rules read a certain negation and the
    model calls it negative at all, the label is CT-. And a label never asserts more than the cues
    allow: its certainty is the lesser of the two readings ("if they agree, they will meet" is
    PS+ however sure annotators were of such futures), and where the two disagree on polarity
    ("cancelled the summit": the rules say no, the model leans yes) it is Uu.
    """
    model = load_model()
    label = label_of(score, model.label_bounds if model else LABEL_BOUNDS)
    if rules.label == LOWEST_LABEL and label in ("PR-", "PS-"):
        return LOWEST_LABEL
    return least_committed(label, rules.label)


_CERTAINTY = {"CT": 3, "PR": 2, "PS": 1}


def least_committed(first: str, second: str) -> str:
    """The less certain of two labels of the same polarity; Uu when they disagree."""
    if UNDERSPECIFIED in (first, second) or first[-1] != second[-1]:
        return UNDERSPECIFIED
    return min(first, second, key=lambda label: _CERTAINTY[label[:2]])
