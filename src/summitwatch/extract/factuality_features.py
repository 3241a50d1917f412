"""Features of an event token for the trained factuality model: the rule reading and the parse.

A token becomes a fixed-length vector of numbers (``FEATURE_NAMES`` says what each is): the
rule reading of :mod:`summitwatch.extract.factuality` and its cues, the token's tag and
dependency, its auxiliaries, its governor, and two lexical averages learnt from the training
split (how factual events of this lemma, and events under this governor, were judged).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TAGS = ("VBD", "VBN", "VBG", "VB", "VBZ", "VBP", "NN", "NNS", "JJ", "NNP", "RB", "MD", "IN")
DEPS = (
    "ROOT", "pobj", "ccomp", "advcl", "xcomp", "dobj", "conj", "acl", "relcl", "nsubj", "pcomp",
    "amod", "compound", "nsubjpass", "attr", "acomp", "prep", "advmod", "parataxis", "appos",
)  # fmt: skip
HEAD_TAGS = ("VBD", "VBN", "VBG", "VB", "VBZ", "VBP", "NN", "NNS", "JJ", "IN", "MD")
CUE_CLASSES = (
    "negation", "modal", "adverb", "modifier", "condition", "consequent", "question",
    "implicative", "implicative_negative", "cancel", "factive", "reporting", "belief", "doubt",
    "plan", "intention", "enable", "improbable", "evidence", "incapacity", "occurrence",
    "support",
)  # fmt: skip
AUXILIARIES = ("to", "have", "be", "do", "will", "would", "may", "can", "could", "should")
PREPOSITIONS = (
    "of", "in", "for", "to", "on", "by", "with", "from", "after", "before", "without",
    "against", "at", "about", "into", "over", "until", "since", "despite", "instead",
)  # fmt: skip
DETERMINERS = ("the", "a", "an", "any", "some", "every", "each", "this", "that", "these", "all")
LABELS = ("CT+", "PR+", "PS+", "Uu", "PS-", "PR-", "CT-")
REPORTED_QUOTES = frozenset({'"', "“", "”", "``", "''"})


def _names() -> tuple[str, ...]:
    names = ["rule_score", "rule_magnitude", "rule_negative"]
    names += [f"label={label}" for label in LABELS]
    names += [f"cue={c}" for c in CUE_CLASSES]
    names += [f"innermost={c}" for c in CUE_CLASSES]
    names += ["cue_count", "source_not_author"]
    names += [f"tag={t}" for t in TAGS] + [f"dep={d}" for d in DEPS]
    names += [f"head_tag={t}" for t in HEAD_TAGS]
    names += [f"aux={a}" for a in AUXILIARIES]
    names += ["depth", "question_mark", "quoted", "has_subject", "has_object", "passive"]
    names += ["lemma_mean", "lemma_seen", "governor_mean", "governor_seen", "lemma_governor"]
    names += [f"prep={p}" for p in PREPOSITIONS]
    names += ["ancestor_negated", "ancestor_modal", "sentence_negators", "sentence_condition"]
    names += ["sentence_modals", "position", "head_lemma_mean"]
    names += [f"det={d}" for d in DETERMINERS] + ["possessor", "governor_rule_score"]
    names += ["lexical_score"]
    return tuple(names)


FEATURE_NAMES = _names()


@dataclass(frozen=True)
class LexicalMeans:
    """Smoothed mean gold scores from the training split, by lemma and by governor."""

    prior: float
    lemma: Mapping[str, tuple[float, int]]
    governor: Mapping[str, tuple[float, int]]


def lemma_key(token: Any) -> str:
    return str(token.lemma_ or token.lower_).lower()


def governor_key(token: Any) -> str:
    """The governor's lemma and the relation ("want|xcomp"); a root has none."""
    head = token.head
    if head.i == token.i:
        return "<root>"
    if token.dep_ == "pobj" and head.head.i != head.i:
        return f"{lemma_key(head.head)}_{head.lower_}|pobj"
    return f"{lemma_key(head)}|{token.dep_}"


def depth_of(token: Any) -> int:
    steps = 0
    while token.head.i != token.i and steps < 20:
        token = token.head
        steps += 1
    return steps


def cue_flags(cues: tuple[str, ...]) -> tuple[list[float], list[float]]:
    kinds = [c.split(":", 1)[0] for c in cues]
    present = [float(kinds.count(c)) for c in CUE_CLASSES]
    selecting = [k for k in kinds if k in CUE_CLASSES[7:]]
    innermost = [1.0 if selecting and selecting[-1] == c else 0.0 for c in CUE_CLASSES]
    return present, innermost


def one_hot(value: str, values: tuple[str, ...]) -> list[float]:
    return [1.0 if value == v else 0.0 for v in values]


def auxiliaries(token: Any) -> list[float]:
    found = {
        str(c.lemma_ or c.lower_).lower() for c in token.children if c.dep_ in {"aux", "auxpass"}
    }
    found |= {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    return [1.0 if a in found else 0.0 for a in AUXILIARIES]


def sentence_words(token: Any) -> list[str]:
    doc = token.doc
    sentence = token.sent if doc.has_annotation("SENT_START") else doc[:]
    return [t.text for t in sentence]


def mean_of(table: Mapping[str, tuple[float, int]], key: str, prior: float) -> tuple[float, float]:
    mean, count = table.get(key, (prior, 0))
    return mean, float(min(count, 50))


NEGATORS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "none", "without"})
MODALS = frozenset({"may", "might", "could", "would", "should", "will", "can", "must", "'ll"})


def preposition_of(token: Any) -> str:
    """The preposition that governs a noun or gerund event ("before leaving")."""
    head = token.head
    if token.dep_ in {"pobj", "pcomp"} and head.i != token.i:
        return str(head.lower_)
    return ""


def ancestors_of(token: Any, limit: int = 4) -> list[Any]:
    chain: list[Any] = []
    while token.head.i != token.i and len(chain) < limit:
        token = token.head
        chain.append(token)
    return chain


def context_flags(token: Any) -> list[float]:
    """Negation and modality anywhere above the event, and in its sentence."""
    above = ancestors_of(token)
    negated = any(
        c.lower_ in NEGATORS and c.dep_ in {"neg", "det", "advmod"}
        for a in above
        for c in a.children
    )
    modal = any(c.lower_ in MODALS and c.dep_ == "aux" for a in above for c in a.children)
    words = [w.lower() for w in sentence_words(token)]
    return [
        1.0 if negated else 0.0,
        1.0 if modal else 0.0,
        float(sum(1 for w in words if w in NEGATORS)),
        1.0 if any(w in {"if", "unless", "whether"} for w in words) else 0.0,
        float(sum(1 for w in words if w in MODALS)),
    ]


def noun_flags(token: Any) -> list[float]:
    """Which determiner a noun event has ("a request" is often no particular one)."""
    dets = {c.lower_ for c in token.children if c.dep_ == "det"}
    vector = [1.0 if d in dets else 0.0 for d in DETERMINERS]
    return [*vector, 1.0 if any(c.dep_ == "poss" for c in token.children) else 0.0]


def token_features(
    token: Any, score: float, label: str, cues: tuple[str, ...], source: str | None,
    means: LexicalMeans, governor_score: float = 3.0, lexical_score: float = 3.0,
) -> list[float]:  # fmt: skip
    """The feature vector of one event token, in the order of ``FEATURE_NAMES``."""
    present, innermost = cue_flags(cues)
    words = sentence_words(token)
    children = list(token.children)
    lemma_mean, lemma_seen = mean_of(means.lemma, lemma_key(token), means.prior)
    gov_mean, gov_seen = mean_of(means.governor, governor_key(token), means.prior)
    vector = [score, abs(score), 1.0 if score < 0 else 0.0]
    vector += one_hot(label, LABELS) + present + innermost
    vector += [float(len(cues)), 1.0 if source not in (None, "author") else 0.0]
    vector += one_hot(token.tag_, TAGS) + one_hot(token.dep_, DEPS)
    vector += one_hot(token.head.tag_ if token.head.i != token.i else "", HEAD_TAGS)
    vector += auxiliaries(token)
    vector += [
        float(depth_of(token)),
        1.0 if words and words[-1] == "?" else 0.0,
        1.0 if any(w in REPORTED_QUOTES for w in words) else 0.0,
        1.0 if any(c.dep_ in {"nsubj", "nsubjpass"} for c in children) else 0.0,
        1.0 if any(c.dep_ == "dobj" for c in children) else 0.0,
        1.0 if any(c.dep_ == "auxpass" for c in children) else 0.0,
    ]
    vector += [lemma_mean, lemma_seen, gov_mean, gov_seen, lemma_mean * gov_mean / 3.0]
    vector += one_hot(preposition_of(token), PREPOSITIONS)
    vector += context_flags(token)
    head_mean, _ = mean_of(means.lemma, lemma_key(token.head), means.prior)
    position = token.i - (token.sent.start if token.doc.has_annotation("SENT_START") else 0)
    vector += [float(position), head_mean if token.head.i != token.i else means.prior]
    vector += [*noun_flags(token), governor_score, lexical_score]
    return vector


def sparse_features(token: Any, cues: tuple[str, ...], score: float) -> dict[str, float]:
    """Named indicator features for the lexical (ridge) model: words, relations, cues, path."""
    lemma = lemma_key(token)
    found = {
        f"lemma={lemma}": 1.0,
        f"governor={governor_key(token)}": 1.0,
        f"tag={token.tag_}": 1.0,
        f"dep={token.dep_}": 1.0,
        f"lemma_dep={lemma}|{token.dep_}": 1.0,
        f"head_tag={lemma_key(token.head)}|{token.tag_}": 1.0,
        "rule": score,
    }
    for child in token.children:
        found[f"child={child.dep_}:{child.lower_}"] = 1.0
    for cue in cues:
        found[f"cue={cue}"] = 1.0
        found[f"cue_kind={cue.split(':', 1)[0]}"] = 1.0
    path: list[str] = []
    for ancestor in ancestors_of(token, 3):
        found[f"ancestor={lemma_key(ancestor)}"] = 1.0
    walker = token
    while walker.head.i != walker.i and len(path) < 3:
        path.append(walker.dep_)
        walker = walker.head
    found[f"path={'/'.join(path)}"] = 1.0
    for k in (1, 2):
        if token.i - k >= 0:
            found[f"word-{k}={token.doc[token.i - k].lower_}"] = 1.0
    return found
