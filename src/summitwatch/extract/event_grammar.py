"""The grammar around an event trigger: negation, tense, mood, intent, and who acts on whom.

Reads spaCy's dependency parse when a model is installed; without one, falls back to word
windows and word order (actors before the trigger, recipients after it). The PLOVER coding
rules that depend on grammar live here too: an intention to act is AGREE for cooperation and
THREATEN for conflict; a negated present or future cooperative act is a refusal (REJECT);
"X said Y must ..." is a demand (REQUEST); cooperation in the future tense is AGREE; armed
forces getting ready to fight are mobilizing (MOBILIZE); ordering a coercive act is doing it;
"protested that ..." is a complaint (ACCUSE); troops sent as peacekeepers are AID and violence
by rioters is PROTEST (the lexicon's `retype` rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from summitwatch.extract.event_triggers import (
    Match,
    TriggerLexicon,
    ancestors,
    context_type,
    find_mode,
    load_lexicon,
)
from summitwatch.models import Mention
from summitwatch.models import Token as Tok

_VERBAL = ("VERB", "AUX")
_NOMINAL = ("NOUN", "PROPN")
_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
_OBJECT_DEPS = ("dobj", "dative", "iobj", "nsubjpass", "oprd")
_CLIMB_DEPS = ("xcomp", "conj", "advcl", "pcomp", "ccomp")
_ACTOR_PREPS = ("by", "between", "among", "from")
_RECIPIENT_PREPS = ("with", "to", "for", "against", "on", "toward", "towards", "at", "into")
_PAST_AUX = ("did", "had", "was", "were")
_RELATIVE = ("who", "which", "that", "whom")
_POSSESSIVE = ("'s", "’s", "'", "’")


# --- type, negation and time ------------------------------------------------------------


# the last sentence's children and subtree edges: every trigger of a sentence asks for them
# (several times each), and rebuilding them per call is quadratic in the sentence's length.
# Keyed on the token list itself (callers read, never change, what they get back).
_LAST_TREE: dict[str, tuple[list[Tok], Any]] = {}


def _children(toks: list[Tok]) -> dict[int, list[Tok]]:
    cached = _LAST_TREE.get("children")
    if cached is not None and cached[0] is toks:
        return cast(dict[int, list[Tok]], cached[1])
    kids: dict[int, list[Tok]] = {t.i: [] for t in toks}
    for t in toks:
        if t.head != t.i:
            kids[t.head].append(t)
    _LAST_TREE["children"] = (toks, kids)
    return kids


def has_parse(toks: list[Tok]) -> bool:
    return any(t.dep for t in toks)


def anchor_verb(toks: list[Tok], i: int) -> int:
    """The verb a trigger belongs to: itself, or the nearest verbal ancestor."""
    if toks[i].pos in _VERBAL:
        return i
    for j in ancestors(toks, i):
        if toks[j].pos in _VERBAL:
            return j
    return i


@dataclass(frozen=True)
class TriggerState:
    """What the grammar around a trigger says about it."""

    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    reported: bool = False
    past: bool = False
    demanded: bool = False  # "X said Y must ...": a demand
    words: frozenset[str] = frozenset()  # auxiliaries, marks and modifiers near the trigger


def find_state(toks: list[Tok], match: Match) -> TriggerState:
    """Negation, tense, mood and attribution of a trigger, from its parse or a window."""
    lex = load_lexicon()
    consumed_negation = any(toks[i].lower in lex.negators for i in match.indices)
    before = toks[max(0, match.indices[0] - 4) : match.indices[0]]
    past = any(t.lower in _PAST_AUX for t in before)
    if not has_parse(toks):
        words = {t.lower for t in before}
        early = {t.lower for t in toks[: match.indices[0]]}
        return TriggerState(
            negated=bool(words & lex.negators) and not consumed_negation,
            future=bool(words & lex.future_words),
            hypothetical=bool(words & lex.hypothetical_words) or bool(early & {"if", "unless"}),
            reported=bool(early & lex.reporting),
            past=past,
            words=frozenset(words | (early & lex.threat_marks)),
        )
    kids = _children(toks)
    head = match.head
    verb = anchor_verb(toks, head)
    near = list(kids[head])
    if verb != head and toks[head].dep in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
        near += kids[verb]
    words = {t.lower for t in near}
    chain = [verb, *ancestors(toks, verb)]
    chain_lemmas: set[str] = set()
    for j in chain[1:4]:
        chain_lemmas |= toks[j].lemmas
    marks = {k.lower for j in chain for k in kids[j] if k.dep == "mark"}
    # conditions hang on adverbial clauses of the verb: "will withdraw *unless* they comply"
    conditions = {
        m.lower for k in kids[verb] if k.dep == "advcl" for m in kids[k.i] if m.dep == "mark"
    }
    reported = bool(chain_lemmas & lex.reporting)
    demanded = any(
        k.dep == "aux"
        and k.lower in lex.demand_modals
        and any(toks[a].lemmas & lex.reporting for a in ancestors(toks, j))
        for j in chain
        for k in kids[j]
    )
    future = (
        bool(words & lex.future_words)
        or bool(chain_lemmas & lex.future_words)
        or ("would" in words and reported)
    )
    hypo_words = words - {"would"} if reported else words
    governors: set[str] = set()
    for j in chain[:3]:
        if j != head:
            governors |= toks[j].lemmas
    return TriggerState(
        negated=not consumed_negation
        and (
            any(t.dep == "neg" for t in near)
            or bool(words & lex.negators)
            or bool(governors & lex.negating_verbs)
        ),
        future=future,
        hypothetical=bool(hypo_words & lex.hypothetical_words)
        or bool(marks & {"if", "unless", "whether"})
        or bool(chain_lemmas & lex.hypothetical_words),
        reported=reported,
        past=past,
        words=frozenset(words | marks | (conditions & lex.threat_marks)),
        demanded=demanded,
    )


_COMPLEMENT_DEPS = ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "pcomp", "acomp")


def _complement_of(toks: list[Tok], i: int, governor: int) -> bool:
    """Whether token ``i`` lies on the complement path of ``governor`` (not in an if-clause)."""
    for _ in range(len(toks)):
        infinitive = toks[i].dep == "advcl" and any(
            t.head == i and t.lower == "to" for t in toks
        )  # "sworn to fight" is sometimes parsed as an adverbial clause
        if (toks[i].dep not in _COMPLEMENT_DEPS and not infinitive) or toks[i].head == i:
            return False
        i = toks[i].head
        if i == governor:
            return True
    return False


def _intended(toks: list[Tok], match: Match, matches: list[Match]) -> Match | None:
    """The act an expression of intent governs ("ready to *impose* martial law")."""
    if has_parse(toks):
        below = [m for m in matches if m is not match and _complement_of(toks, m.head, match.head)]
    else:
        below = [m for m in matches if match.indices[-1] < m.indices[0] <= match.indices[-1] + 6]
    return min(below, key=lambda m: m.depth, default=None)


def subject_has(
    toks: list[Tok], match: Match, words: frozenset[str], passive: bool = False
) -> bool:
    """Whether the subject side of a trigger holds one of ``words`` ("the army", "rioters").

    ``passive``: the subject of a passive counts too ("troops were *poised* to attack").
    """
    if has_parse(toks):
        spans, _ = _role_spans(toks, match.head)
        if not spans:  # "are ready to": the subject hangs on the copula
            spans, _ = _role_spans(toks, toks[match.head].head)
        if passive:
            edges = _edges(toks)
            spans += [
                _span(toks, edges, t.i)
                for t in toks
                if t.head == match.head and t.dep == "nsubjpass" and t.i != match.head
            ]
        inside = [t for t in toks if any(lo <= t.start and t.end <= hi for lo, hi in spans)]
    else:
        inside = toks[max(0, match.indices[0] - 6) : match.indices[0]]
    return any(t.lemmas & words for t in inside)


def _actor_type(toks: list[Tok], match: Match, type_name: str, lex: TriggerLexicon) -> str:
    for new_type, words in lex.retype_by_actor.get(type_name, []):
        if subject_has(toks, match, words):
            return new_type
    return type_name


def _introduces_clause(toks: list[Tok], match: Match) -> bool:
    """Whether a verb governs a reported clause ("..., the group protested", "protested that")."""
    last = match.indices[-1]
    if last + 1 < len(toks) and toks[last + 1].lower == "that":
        return True
    return has_parse(toks) and any(t.head == match.head and t.dep == "ccomp" for t in toks)


def decide_type(
    toks: list[Tok], match: Match, state: TriggerState, matches: list[Match] | None = None
) -> tuple[str, str | None]:
    """PLOVER type and mode after the coding rules for intentions, threats and refusals."""
    lex = load_lexicon()
    type_name, mode = match.type, find_mode(toks, match, lex)
    retyped = _actor_type(toks, match, context_type(toks, match, lex), lex)
    if retyped != type_name:
        type_name, mode = retyped, _mode_for(toks, match, retyped, lex)
    if match.pattern.enact:
        ordered = _intended(toks, match, matches or [])
        if ordered is not None and ordered.type in lex.enacted_types:
            return ordered.type, find_mode(toks, ordered, lex)
    if match.pattern.speech and _introduces_clause(toks, match):
        return match.pattern.speech, _mode_for(toks, match, match.pattern.speech, lex)
    if match.pattern.intent:
        intended = _intended(toks, match, matches or [])
        if intended is not None and intended.type in lex.conflict_types:
            if toks[match.indices[0]].lemmas & lex.preparation_words and subject_has(
                toks, match, lex.armed_words, passive=True
            ):  # troops readying an attack are mobilizing, not (only) threatening
                return "MOBILIZE", _mode_for(toks, match, "MOBILIZE", lex)
            return "THREATEN", _mode_for(toks, intended, "THREATEN", lex)
    if state.words & lex.threat_marks and type_name not in ("THREATEN", "REQUEST"):
        return "THREATEN", _mode_for(toks, match, "THREATEN", lex)
    if state.demanded and not state.negated:
        return "REQUEST", _mode_for(toks, match, "REQUEST", lex)
    if state.negated and type_name in lex.refusal_modes and not state.past:
        return "REJECT", lex.refusal_modes[type_name]
    if (
        state.future
        and not state.negated
        and type_name in lex.future_as_agree
        and not is_scheduled(toks, match, lex)
    ):
        mode = "meet" if type_name == "CONSULT" else _mode_for(toks, match, "AGREE", lex)
        return "AGREE", mode
    if state.future and not state.negated and type_name in lex.future_as_threat:
        return "THREATEN", _mode_for(toks, match, "THREATEN", lex)
    return type_name, mode


def is_scheduled(toks: list[Tok], match: Match, lex: TriggerLexicon) -> bool:
    """A meeting the author expects or that is scheduled, rather than an actor's promise:
    a hedge or schedule word governs it ("will likely meet", "set to take place"), or the
    event is named as a noun subject or in the passive ("the talks will be held")."""
    if match.type != "CONSULT":
        return False
    if not has_parse(toks):
        before = toks[max(0, match.indices[0] - 4) : match.indices[0]]
        return any(t.lemmas & lex.scheduled_words for t in before)
    verb = anchor_verb(toks, match.head)
    chain = [verb, *ancestors(toks, verb)][:4]
    nearby = [t for t in toks if t.head in chain or t.i in chain]
    if any(t.lemmas & lex.scheduled_words or t.lower in lex.scheduled_words for t in nearby):
        return True
    head = toks[match.head]
    passive = any(t.head == verb and t.dep in ("nsubjpass", "auxpass") for t in toks)
    return passive or (head.pos in _NOMINAL and head.dep in ("nsubj", "nsubjpass"))


def _mode_for(toks: list[Tok], match: Match, type_name: str, lex: TriggerLexicon) -> str | None:
    words: set[str] = set()
    lo = max(0, match.indices[0] - lex.mode_window)
    for t in toks[lo : match.indices[-1] + lex.mode_window + 1]:
        words |= t.lemmas
    return next((m for m, ws in lex.modes.get(type_name, []) if words & ws), None)


# --- actors and recipients ----------------------------------------------------------------


def _edges(toks: list[Tok]) -> list[tuple[int, int]]:
    """Leftmost and rightmost token index of each token's subtree."""
    cached = _LAST_TREE.get("edges")
    if cached is not None and cached[0] is toks:
        return cast(list[tuple[int, int]], cached[1])
    edges = [(t.i, t.i) for t in toks]
    for t in toks:
        for j in ancestors(toks, t.i):
            lo, hi = edges[j]
            edges[j] = (min(lo, t.i), max(hi, t.i))
    _LAST_TREE["edges"] = (toks, edges)
    return edges


def _span(toks: list[Tok], edges: list[tuple[int, int]], i: int) -> tuple[int, int]:
    lo, hi = edges[i]
    return toks[lo].start, toks[hi].end


def _role_spans(toks: list[Tok], head: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of the subject side and the object side of a trigger."""
    kids, edges = _children(toks), _edges(toks)
    subj: list[tuple[int, int]] = []
    obj: list[tuple[int, int]] = []
    tok = toks[head]
    if tok.pos in _NOMINAL:
        for c in kids[head]:
            if c.dep in ("poss", "compound", "amod", "nmod", "npadvmod"):
                subj.append(_span(toks, edges, c.i))
            elif c.dep == "prep":
                side = subj if c.lower in _ACTOR_PREPS else obj
                if c.lower in _ACTOR_PREPS or c.lower in _RECIPIENT_PREPS:
                    side.append(_span(toks, edges, c.i))
        if subj or tok.dep not in ("dobj", "attr", "nsubjpass", "pobj", "xcomp"):
            return subj, obj
        head = anchor_verb(toks, head)
    verb = head
    for c in kids[verb]:
        if c.dep in _OBJECT_DEPS or (
            c.dep == "prep" and c.lower in _RECIPIENT_PREPS and c.i > verb  # "On Monday, X..."
        ):
            obj.append(_span(toks, edges, c.i))
        elif c.dep == "agent":
            subj.append(_span(toks, edges, c.i))
    current = verb
    for _ in range(len(toks)):
        found = [c for c in kids[current] if c.dep in _SUBJECT_DEPS]
        for c in found:
            if c.lower in _RELATIVE and toks[current].dep == "relcl":
                subj.append((toks[toks[current].head].start, toks[toks[current].head].end))
            else:
                subj.append(_span(toks, edges, c.i))
        if found or toks[current].head == current:
            break
        if toks[current].dep in ("relcl", "acl"):
            subj.append((toks[toks[current].head].start, toks[toks[current].head].end))
            break
        if toks[current].dep not in _CLIMB_DEPS:
            break
        current = toks[current].head
    return subj, obj


def subtree_span(toks: list[Tok], i: int) -> tuple[int, int]:
    """Character span of a token's subtree."""
    return _span(toks, _edges(toks), i)


def _modifier_spans(toks: list[Tok], match: Match) -> list[tuple[int, int]]:
    """Owners named on the trigger's own nouns: "*North Korean* troops", "*Putin's* visit"."""
    kids, edges = _children(toks), _edges(toks)
    spans = []
    for i in match.indices:
        if toks[i].pos in _NOMINAL:
            spans += [
                _span(toks, edges, c.i)
                for c in kids[i]
                if c.dep in ("poss", "compound", "amod", "nmod")
            ]
    return spans


def _inner_object_spans(toks: list[Tok], match: Match) -> list[tuple[int, int]]:
    """Objects of a verb inside a multi-word trigger below its head: "wished to meet *Kim*",
    "desire to meet *with Kim*" (the head's own objects are read by ``_role_spans``)."""
    kids, edges = _children(toks), _edges(toks)
    spans = []
    for i in match.indices:
        if i == match.head or toks[i].pos in _NOMINAL:
            continue
        for c in kids[i]:
            if c.dep in _OBJECT_DEPS or (c.dep == "prep" and c.lower in _RECIPIENT_PREPS):
                spans.append(_span(toks, edges, c.i))
    return spans


def _possessors(toks: list[Tok], match: Match, mentions: list[Mention]) -> list[str | None]:
    """Possessive mentions right before the trigger ("Putin's visit", "Kim's recent trip")."""
    start = toks[match.indices[0]].start
    out = []
    for m in mentions:
        between = [t.lower for t in toks if m.end <= t.start and t.end <= start]
        if between and between[0] in _POSSESSIVE and len(between) <= 2:
            out.append(m.actor_id)
    return out


def _within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= mention.start and mention.end <= hi for lo, hi in spans)


def find_roles(
    toks: list[Tok], match: Match, mentions: list[Mention]
) -> tuple[list[str], list[str]]:
    """Canonical actor ids on the subject side (actors) and the object side (recipients)."""
    known = [m for m in mentions if m.actor_id]
    if not known:
        return [], []
    trigger_start = toks[match.indices[0]].start
    owners = _possessors(toks, match, known)
    if has_parse(toks):
        subj, obj = _role_spans(toks, match.head)
        subj += _modifier_spans(toks, match)
        obj += _inner_object_spans(toks, match)
        actors = owners + [m.actor_id for m in known if _within(m, subj)]
        recipients = [m.actor_id for m in known if _within(m, obj)]
        if not actors:  # parse missed the subject: the nearest name before the trigger acts
            before = [m for m in known if m.end <= trigger_start and not _within(m, obj)]
            actors = [before[-1].actor_id] if before else []
        if actors or recipients:
            return unique_ids(actors), [r for r in unique_ids(recipients) if r not in actors]
    actors = owners or [m.actor_id for m in known if m.end <= trigger_start]
    recipients = [m.actor_id for m in known if m.start >= toks[match.indices[-1]].end]
    return unique_ids(actors[-2:]), [r for r in unique_ids(recipients[:2]) if r not in actors[-2:]]


def unique_ids(ids: list[str | None]) -> list[str]:
    out: list[str] = []
    for item in ids:
        if item and item not in out:
            out.append(item)
    return out


# --- generic nouns -------------------------------------------------------------------------

_ARGUMENT_DEPS = ("dobj", "nsubj", "nsubjpass", "attr", "oprd")
_OWNER_DEPS = ("poss", "compound", "amod", "nmod")


def _noun_spans(toks: list[Tok], head: int) -> list[tuple[int, int]]:
    """Where a noun's own participants may be named: its modifiers and its by/with phrases."""
    kids, edges = _children(toks), _edges(toks)
    return [
        _span(toks, edges, c.i)
        for c in kids[head]
        if c.dep in _OWNER_DEPS or (c.dep == "prep" and c.lower in _ACTOR_PREPS + _RECIPIENT_PREPS)
    ]


def _governing_verb(toks: list[Tok], head: int) -> int | None:
    """The verb a noun is an argument of ("resumed *talks*", "pressed for *talks*")."""
    tok = toks[head]
    if tok.dep in _ARGUMENT_DEPS and toks[tok.head].pos in _VERBAL:
        return tok.head
    prep = toks[tok.head]
    if tok.dep == "pobj" and prep.dep == "prep" and toks[prep.head].pos in _VERBAL:
        return prep.head
    return None


def is_bare_generic(toks: list[Tok], match: Match, mentions: list[Mention]) -> bool:
    """A generic noun ("talks", "sanctions") with no named actor taking part in it.

    Analytic prose uses such nouns for the idea, not an event ("a shift away from
    negotiations"). Only judged with a parse; a noun with an actor of its own, or the
    argument of a verb whose subject is a known actor, is an event.
    """
    lex = load_lexicon()
    head = match.head
    if len(match.pattern.words) > 1 or not has_parse(toks) or toks[head].pos not in _NOMINAL:
        return False
    if not toks[head].lemmas & lex.generic_nouns:
        return False
    spans = _noun_spans(toks, head)
    verb = _governing_verb(toks, head)
    if verb is not None:
        spans += _role_spans(toks, verb)[0]
    return not any(_within(m, spans) for m in mentions if m.actor_id)
