"""PLOVER event triggers: the lexicon in ``plover_patterns.yaml`` matched against a sentence.

A sentence becomes a list of :class:`Tok` (from spaCy's parse when a model is installed, else
from a regular-expression tokenizer with a small rule-based lemmatizer). Trigger patterns are
matched on lemmas (a phrasal verb's particle may sit after a long object); overlapping
matches keep the most specific, then the one with more context words. Blockers ("riot
police", "released a statement") claim their words and are dropped. The *primary* trigger of
a sentence is the one highest in the dependency tree (the governing verb decides: "threatened
to impose sanctions" is a threat, "agreed to meet" an agreement; a noun trigger counts as high
as the plain verb whose object it is, "staged *demonstrations*"; a noun subject yields to a
verb), then the most specific, then the first. Without a parse the first trigger wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.lexicons import lexicon_path, read_lexicon_file
from summitwatch.models import Token as Tok

LEXICON_PATH = lexicon_path("plover_patterns")
NEGATOR = "NOT"
BLOCKER = "NONE"  # the type of a phrase that looks like a trigger but is none ("riot police")
_GUESSED_POS = ("VERB", "NOUN")  # not ADJ: "the occupied territories" names no act
_PARTICLES = ("out", "off", "over", "back", "down", "up", "away", "aside", "in")
_ADVERB_PARTICLES = ("out", "off", "back", "away", "aside")  # rarely a real preposition
_WORD = re.compile(r"\w+(?:[-'’]\w+)*|n['’]t|[^\w\s]")


@dataclass(frozen=True)
class TriggerPattern:
    type: str
    words: tuple[str, ...]
    mode: str | None = None
    with_words: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    gap: int | None = None
    intent: bool = False
    pos: str | None = None
    enact: bool = False  # an order: it is the coercive act it orders
    speech: str | None = None  # the type when the trigger introduces a clause ("protested that")
    at_event: bool = False  # done at the event it is done to ("walked away from the summit")

    @property
    def specificity(self) -> float:
        return len(self.words) + (0.5 if self.with_words else 0.0)


@dataclass(frozen=True)
class Match:
    pattern: TriggerPattern
    indices: tuple[int, ...]
    head: int  # the match's token highest in the parse tree
    depth: int
    support: int = 0  # context words of the pattern's `with` list found nearby
    subject: bool = False  # a noun as subject ("the attack prompted ..."): a cause, not the act

    @property
    def type(self) -> str:
        return self.pattern.type


@dataclass
class TriggerLexicon:
    by_first: dict[str, list[TriggerPattern]]
    modes: dict[str, list[tuple[str, frozenset[str]]]]
    reporting: frozenset[str]
    negators: frozenset[str]
    negating_verbs: frozenset[str]
    negating_nouns: frozenset[str]
    future_words: frozenset[str]
    hypothetical_words: frozenset[str]
    reported_words: frozenset[str]
    future_as_agree: frozenset[str]
    refusal_modes: dict[str, str]
    conflict_types: frozenset[str]
    future_as_threat: frozenset[str]
    threat_marks: frozenset[str]
    demand_modals: frozenset[str]
    irregular: dict[str, str]
    retype: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    retype_by_actor: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    preparation_words: frozenset[str] = frozenset()
    proposal_words: frozenset[str] = frozenset()
    discourse_nouns: frozenset[str] = frozenset()
    enacted_types: frozenset[str] = frozenset()
    generic_nouns: frozenset[str] = frozenset()
    armed_words: frozenset[str] = frozenset()
    weapon_words: frozenset[str] = frozenset()
    verbal_attack_words: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    temporal_marks: frozenset[str] = frozenset()
    scheduled_words: frozenset[str] = frozenset()
    property_words: frozenset[str] = frozenset()
    harm_words: frozenset[str] = frozenset()
    max_gap: int = 2
    window: int = 6
    mode_window: int = 10
    types: list[str] = field(default_factory=list)


def _words(items: Any) -> frozenset[str]:
    return frozenset(str(item).lower() for item in items or [])


def _with_forms(items: Any, irregular: dict[str, str]) -> frozenset[str]:
    """Context words with their candidate lemmas, so that "troops" also accepts "troop"."""
    out: set[str] = set()
    for word in _words(items):
        out |= guess_lemmas(word, irregular)
    return frozenset(out)


def _read_trigger(type_name: str, item: Any, irregular: dict[str, str]) -> TriggerPattern:
    if isinstance(item, str):
        item = {"p": item}
    return TriggerPattern(
        type=str(item.get("type", type_name)),
        words=tuple(str(item["p"]).split()),
        mode=item.get("mode"),
        with_words=_with_forms(item.get("with"), irregular),
        not_after=_words(item.get("not_after")),
        not_before=_words(item.get("not_before")),
        gap=item.get("gap"),
        intent=bool(item.get("intent", False)),
        pos=item.get("pos"),
        enact=bool(item.get("enact", False)),
        speech=item.get("speech"),
        at_event=bool(item.get("at_event", False)),
    )


def _read_retype(
    data: Any, irregular: dict[str, str]
) -> dict[str, list[tuple[str, frozenset[str]]]]:
    return {
        str(old): [(str(new), _with_forms(words, irregular)) for new, words in rules.items()]
        for old, rules in (data or {}).items()
    }


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> TriggerLexicon:
    data = read_lexicon_file(path)
    irregular = {str(k).lower(): str(v) for k, v in data["irregular"].items()}
    by_first: dict[str, list[TriggerPattern]] = {}
    modes: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for type_name, spec in data["types"].items():
        for item in spec.get("triggers", []):
            pattern = _read_trigger(type_name, item, irregular)
            by_first.setdefault(pattern.words[0].lower(), []).append(pattern)
        modes[type_name] = [(m, _words(ws)) for m, ws in (spec.get("modes") or {}).items()]
    for item in data.get("blockers") or []:
        pattern = _read_trigger(BLOCKER, item, irregular)
        by_first.setdefault(pattern.words[0].lower(), []).append(pattern)
    return TriggerLexicon(
        by_first=by_first,
        modes=modes,
        reporting=_words(data["reporting"]),
        negators=_words(data["negators"]),
        negating_verbs=_words(data.get("negating_verbs")),
        negating_nouns=_words(data.get("negating_nouns")),
        future_words=_words(data["future_words"]),
        hypothetical_words=_words(data["hypothetical_words"]),
        reported_words=_words(data["reported_words"]),
        future_as_agree=frozenset(str(t) for t in data["future_as_agree"]),
        refusal_modes=dict(data["refusal_modes"]),
        conflict_types=frozenset(str(t) for t in data["conflict_types"]),
        future_as_threat=frozenset(str(t) for t in data["future_as_threat"]),
        threat_marks=_words(data["threat_marks"]),
        demand_modals=_words(data["demand_modals"]),
        irregular=irregular,
        preparation_words=_words(data.get("preparation_words")),
        proposal_words=_words(data.get("proposal_words")),
        discourse_nouns=_words(data.get("discourse_nouns")),
        enacted_types=frozenset(str(t) for t in data.get("enacted_types") or []),
        generic_nouns=_words(data.get("generic_nouns")),
        armed_words=_with_forms(data.get("armed_words"), irregular),
        weapon_words=_with_forms(data.get("weapon_words"), irregular),
        verbal_attack_words=_words(data.get("verbal_attack_words")),
        speech_nouns=_with_forms(data.get("speech_nouns"), irregular),
        temporal_marks=_words(data.get("temporal_marks")),
        scheduled_words=_words(data.get("scheduled_words")),
        property_words=_with_forms(data.get("property_words"), irregular),
        harm_words=_words(data.get("harm_words")),
        retype=_read_retype(data.get("retype"), irregular),
        retype_by_actor=_read_retype(data.get("retype_by_actor"), irregular),
        max_gap=int(data.get("max_gap", 2)),
        window=int(data.get("window", 6)),
        mode_window=int(data.get("mode_window", 10)),
        types=list(data["types"]),
    )


# --- tokens -------------------------------------------------------------------------------


def guess_lemmas(word: str, irregular: dict[str, str]) -> frozenset[str]:
    """Candidate lemmas of an English word form, for when no statistical lemmatizer is present."""
    w = word.lower().replace("’", "'")
    out = {w}
    if w in irregular:
        out.add(irregular[w])
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: len(w) - len(suffix)] + repl
            out.add(stem)
            if repl == "" and len(stem) > 3 and stem[-1] == stem[-2]:
                out.add(stem[:-1])  # stopped -> stop
    return frozenset(out)


def tokens_from_text(text: str, base: int, lex: TriggerLexicon) -> list[Tok]:
    toks = []
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group()
        toks.append(
            Tok(
                i,
                word,
                word.lower(),
                guess_lemmas(word, lex.irregular),
                base + m.start(),
                base + m.end(),
                i,
            )
        )
    return toks


def tokens_from_doc(doc: Any, base: int, irregular: dict[str, str] | None = None) -> list[Tok]:
    """Tokens of a parsed sentence (a spaCy Doc, or a Span of the document's one parse).

    ``base`` is added to the parser's character offsets (0 for a span of the whole text).
    Whitespace tokens are left out. Where the model left a verb or noun unlemmatized, the
    rule-based candidates join it (a small model keeps a rare inflected form as it is).
    """
    words = [t for t in doc if not t.is_space]
    local = {t.i: k for k, t in enumerate(words)}
    toks = []
    for k, t in enumerate(words):
        lemmas = frozenset({t.lemma_.lower(), t.lower_})
        if t.lemma_.lower() == t.lower_ and t.pos_ in _GUESSED_POS:
            lemmas |= guess_lemmas(t.text, irregular or {})
        toks.append(
            Tok(
                k,
                t.text,
                t.lower_,
                lemmas,
                base + t.idx,
                base + t.idx + len(t.text),
                local.get(t.head.i, k),
                t.dep_,
                t.pos_,
                t.tag_,
                t,
            )
        )
    return toks


def depth(toks: list[Tok], i: int) -> int:
    steps = 0
    while toks[i].head != i and steps < len(toks):
        i = toks[i].head
        steps += 1
    return steps


def ancestors(toks: list[Tok], i: int) -> list[int]:
    chain: list[int] = []
    while toks[i].head != i and len(chain) < len(toks):
        i = toks[i].head
        chain.append(i)
    return chain


# --- matching -----------------------------------------------------------------------------


def _token_is(tok: Tok, word: str, lex: TriggerLexicon) -> bool:
    if word == NEGATOR:
        return tok.lower in lex.negators
    return word in tok.lemmas


def _near(toks: list[Tok], first: int, last: int, words: frozenset[str], span: int) -> int:
    """How many of the tokens within ``span`` of a match are among ``words``."""
    lo, hi = max(0, first - span), min(len(toks), last + span + 1)
    return sum(1 for t in toks[lo:hi] if (t.i < first or t.i > last) and t.lemmas & words)


def _particle_of(toks: list[Tok], verb: int, word: str) -> int | None:
    """The particle of a phrasal verb however long its object ("forced the agency ... out")."""
    if word not in _PARTICLES:
        return None
    return next(
        (
            t.i
            for t in toks
            if t.head == verb
            and t.i > verb
            and word in t.lemmas
            and (t.dep == "prt" or (t.dep == "prep" and word in _ADVERB_PARTICLES))
        ),
        None,
    )


def _match_at(
    toks: list[Tok], start: int, pat: TriggerPattern, lex: TriggerLexicon
) -> list[int] | None:
    indices = [start]
    pos = start
    gap = lex.max_gap if pat.gap is None else pat.gap
    for word in pat.words[1:]:
        found = None
        for j in range(pos + 1, min(len(toks), pos + 2 + gap)):
            if _token_is(toks[j], word.lower() if word != NEGATOR else word, lex):
                found = j
                break
        if found is None and pos == start:
            found = _particle_of(toks, start, word.lower())
        if found is None:
            return None
        indices.append(found)
        pos = found
    if pat.not_after and start > 0 and toks[start - 1].lower in pat.not_after:
        return None
    nxt = indices[-1] + 1
    if pat.not_before and nxt < len(toks) and toks[nxt].lower in pat.not_before:
        return None
    if pat.pos and toks[start].pos and toks[start].pos != pat.pos:
        return None
    return indices


def find_matches(toks: list[Tok], lex: TriggerLexicon | None = None) -> list[Match]:
    """All non-overlapping trigger matches, the most specific kept where they overlap."""
    lex = lex or load_lexicon()
    found: list[Match] = []
    for tok in toks:
        keys = set(tok.lemmas)
        if tok.lower in lex.negators:
            keys.add(NEGATOR.lower())
        for key in sorted(keys):  # sorted: ties must not depend on the hash seed
            for pat in lex.by_first.get(key, []):
                if pat.words[0] == NEGATOR and tok.lower not in lex.negators:
                    continue
                indices = _match_at(toks, tok.i, pat, lex)
                if indices is None:
                    continue
                support = _near(toks, indices[0], indices[-1], pat.with_words, lex.window)
                if pat.with_words and not support:
                    continue
                head = min(indices, key=lambda k: (depth(toks, k), k))
                subject = toks[head].dep in ("nsubj", "nsubjpass")
                found.append(Match(pat, tuple(indices), head, depth(toks, head), support, subject))
    # most specific first; among equals a blocker, the one with more context words, the tightest
    # (adjacent words), then the first
    found.sort(
        key=lambda m: (
            -m.pattern.specificity,
            m.type != BLOCKER,  # a blocker claims its words from a trigger as specific
            -m.support,
            m.indices[-1] - m.indices[0],
            m.indices[0],
        )
    )
    kept: list[Match] = []
    claimed: set[int] = set()
    for match in found:
        if claimed.isdisjoint(match.indices):
            kept.append(match)
            claimed.update(match.indices)
    return [_lift_object(toks, m, claimed) for m in kept if m.type != BLOCKER]


def _lift_object(toks: list[Tok], match: Match, claimed: set[int]) -> Match:
    """A noun trigger that is the object of a verb with no trigger of its own ("*imposed* a
    curfew", "*staged* demonstrations") stands as high as that verb."""
    tok = toks[match.head]
    if tok.dep == "dobj" and tok.pos == "NOUN" and tok.head not in claimed and match.depth:
        return replace(match, depth=match.depth - 1)
    return match


def rank_matches(matches: list[Match]) -> list[Match]:
    """Matches in order of how well they represent the sentence (best first)."""
    return sorted(matches, key=lambda m: (m.depth, m.subject, -m.pattern.specificity, m.indices[0]))


def _damages_property(toks: list[Tok], match: Match, lex: TriggerLexicon) -> bool:
    """Whether an act of violence is aimed at property (its object names a building, a home,
    a line ...) and the sentence names no harm to anyone."""
    if any(t.lower in lex.harm_words for t in toks):
        return False
    if not any(t.dep for t in toks):
        return bool(_near(toks, match.indices[0], match.indices[-1], lex.property_words, 4))
    below = set(match.indices)
    for _ in range(3):  # the object and its preposition: "set fire *to the offices*"
        below |= {t.i for t in toks if t.head in below and t.i != t.head}
    return any(toks[i].lemmas & lex.property_words for i in below - set(match.indices))


def context_type(toks: list[Tok], match: Match, lex: TriggerLexicon | None = None) -> str:
    """The match's type, or the type its context words call for ("troops" as peacekeepers;
    property damaged with nobody harmed is coercion)."""
    lex = lex or load_lexicon()
    if match.type == "ASSAULT" and _damages_property(toks, match, lex):
        return "COERCE"
    for new_type, words in lex.retype.get(match.type, []):
        if _near(toks, match.indices[0], match.indices[-1], words, lex.window):
            return new_type
    return match.type


def find_mode(toks: list[Tok], match: Match, lex: TriggerLexicon | None = None) -> str | None:
    lex = lex or load_lexicon()
    if match.pattern.mode:
        return match.pattern.mode
    first, last = match.indices[0], match.indices[-1]
    lo, hi = max(0, first - lex.mode_window), min(len(toks), last + lex.mode_window + 1)
    nearby: set[str] = set()
    for tok in toks[lo:hi]:
        nearby.update(tok.lemmas)
    for mode, words in lex.modes.get(match.type, []):
        if nearby & words:
            return mode
    return None
