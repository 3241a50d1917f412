"""The grammar around an event trigger: negation, tense, mood, intent, and its role spans.

Reads spaCy's dependency parse when a model is installed; without one, falls back to word
windows. ``role_spans`` gives the subject side and object side of a trigger (the actor ids in
them are read by :mod:`summitwatch.extract.event_roles`). The PLOVER coding
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
from summitwatch.models import Token as Tok

VERBAL = ("VERB", "AUX")
NOMINAL = ("NOUN", "PROPN")
_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
OBJECT_DEPS = ("dobj", "dative", "iobj", "nsubjpass", "oprd")
_CLIMB_DEPS = ("xcomp", "conj", "advcl", "pcomp", "ccomp")
ACTOR_PREPS = ("by", "between", "among", "from")
RECIPIENT_PREPS = ("with", "to", "for", "against", "on", "toward", "towards", "at", "into")
_PAST_AUX = ("did", "had", "was", "were")
_RELATIVE = ("who", "which", "that", "whom")
POSSESSIVE = ("'s", "’s", "'", "’")


# --- type, negation and time ------------------------------------------------------------


# the last sentence's children and subtree edges: every trigger of a sentence asks for them
# (several times each), and rebuilding them per call is quadratic in the sentence's length.
# Keyed on the token list itself (callers read, never change, what they get back).
_LAST_TREE: dict[str, tuple[list[Tok], Any]] = {}


def children_of(toks: list[Tok]) -> dict[int, list[Tok]]:
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
    if toks[i].pos in VERBAL:
        return i
    for j in ancestors(toks, i):
        if toks[j].pos in VERBAL:
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
    kids = children_of(toks)
    head = match.head
    verb = anchor_verb(toks, head)
    if toks[head].dep in ("nsubj", "nsubjpass") and verb != head:
        # "a summit discussion ... *did not* materialize": the past of the noun's verb
        past = past or toks[verb].tag == "VBD" or any(k.lower in _PAST_AUX for k in kids[verb])
    near = list(kids[head])
    if verb != head and toks[head].dep in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
        near += kids[verb]
    # "would never again gift Trump *with meetings*": the verb's negation is the noun's
    negation_near = kids[verb] if verb != head and _through_preposition(toks, head, verb) else []
    words = {t.lower for t in near}
    chain = _own_clauses(toks, kids, [verb, *ancestors(toks, verb)])
    chain_lemmas: set[str] = set()
    for j in chain[1:4]:
        if not any(k.dep == "prt" and k.lower != "up" for k in kids[j]):
            chain_lemmas |= toks[j].lemmas  # (a phrasal "set off" schedules nothing)
    marks = {k.lower for j in chain for k in kids[j] if k.dep == "mark"}
    # conditions hang on adverbial clauses of the verb: "will withdraw *unless* they comply"
    conditions = {
        m.lower for k in kids[verb] if k.dep == "advcl" for m in kids[k.i] if m.dep == "mark"
    }
    if any(_negative_condition(toks, kids, k.i, lex) for k in kids[verb] if k.dep == "advcl"):
        conditions.add("unless")  # "a gift for the U.S. if no deal was struck": a threat
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
        or _future_above(toks, kids, chain)
    )
    hypo_words = words - {"would"} if reported else words
    governors: set[str] = set()
    for j in chain[:3]:
        if j != head:
            governors |= toks[j].lemmas
    return TriggerState(
        negated=not consumed_negation
        and (
            any(t.dep == "neg" for t in [*near, *negation_near])
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


def _own_clauses(toks: list[Tok], kids: dict[int, list[Tok]], chain: list[int]) -> list[int]:
    """The chain of governors up to an adverbial clause with a subject of its own: above it
    is another clause's tense and mood ("Trump is expected to visit ..., as the White House
    has said that Trump remains *open to* talking")."""
    for k, j in enumerate(chain):
        if toks[j].dep == "advcl" and any(c.dep in _SUBJECT_DEPS for c in kids[j]):
            return chain[: k + 1]
    return chain


def _through_preposition(toks: list[Tok], head: int, verb: int) -> bool:
    """Whether a noun trigger is the object of a preposition of its verb."""
    dep = toks[head].dep
    prep = toks[head].head
    return dep == "pobj" and toks[prep].dep == "prep" and toks[prep].head == verb


_FUTURE_AUX = frozenset({"will", "'ll", "shall"})


def _future_above(toks: list[Tok], kids: dict[int, list[Tok]], chain: list[int]) -> bool:
    """A future auxiliary on a verb the trigger's clause depends on ("we *will* have no choice
    but to destroy ...")."""
    return any(
        k.dep == "aux" and k.lower in _FUTURE_AUX
        for j in chain[1:4]
        if toks[j].pos in VERBAL
        for k in kids[j]
    )


def _negative_condition(
    toks: list[Tok], kids: dict[int, list[Tok]], clause: int, lex: TriggerLexicon
) -> bool:
    """An if-clause that is negated ("if no deal was struck", "if they do not comply"):
    the same as "unless"."""
    if not any(m.dep == "mark" and m.lower == "if" for m in kids[clause]):
        return False
    near = list(kids[clause])
    for k in kids[clause]:
        if k.dep in ("nsubj", "nsubjpass", "dobj"):
            near += kids[k.i]
    return any(t.dep == "neg" or t.lower in lex.negators for t in near)


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
        spans, _ = role_spans(toks, match.head)
        if not spans:  # "are ready to": the subject hangs on the copula
            spans, _ = role_spans(toks, toks[match.head].head)
        if passive:
            edges = subtree_edges(toks)
            spans += [
                edge_span(toks, edges, t.i)
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
        if intended is not None and _restrained(toks, intended, match, lex):
            intended = None  # "vowed to maintain his moratorium on missile launches"
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


def _restrained(toks: list[Tok], intended: Match, match: Match, lex: TriggerLexicon) -> bool:
    """Whether a word of restraint stands between an intention and the act it names."""
    restraint = lex.negating_verbs | lex.negating_nouns
    for j in ancestors(toks, intended.head):
        if j in match.indices:
            return False
        if toks[j].lemmas & restraint:
            return True
    return False


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
    return (
        passive
        or (head.pos in NOMINAL and head.dep in ("nsubj", "nsubjpass"))
        or _joint_subject(toks, verb)
    )


def _joint_subject(toks: list[Tok], verb: int) -> bool:
    """Both sides as the subject ("Pompeo and North Korean officials will hold talks", "the
    two leaders will meet"): a meeting they have arranged, not one side's promise."""
    for subject in (t for t in toks if t.head == verb and t.dep == "nsubj"):
        kids = [t for t in toks if t.head == subject.i and t.i != subject.i]
        if any(k.dep == "conj" for k in kids):
            return True
        if any(k.lower in ("two", "both") for k in kids):
            return True
    return False


def _mode_for(toks: list[Tok], match: Match, type_name: str, lex: TriggerLexicon) -> str | None:
    words: set[str] = set()
    lo = max(0, match.indices[0] - lex.mode_window)
    for t in toks[lo : match.indices[-1] + lex.mode_window + 1]:
        words |= t.lemmas
    return next((m for m, ws in lex.modes.get(type_name, []) if words & ws), None)


# --- actors and recipients ----------------------------------------------------------------


def subtree_edges(toks: list[Tok]) -> list[tuple[int, int]]:
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


def edge_span(toks: list[Tok], edges: list[tuple[int, int]], i: int) -> tuple[int, int]:
    lo, hi = edges[i]
    return toks[lo].start, toks[hi].end


def role_spans(toks: list[Tok], head: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of the subject side and the object side of a trigger."""
    kids, edges = children_of(toks), subtree_edges(toks)
    subj: list[tuple[int, int]] = []
    obj: list[tuple[int, int]] = []
    tok = toks[head]
    if tok.pos in NOMINAL:
        for c in kids[head]:
            if c.dep in ("poss", "compound", "amod", "nmod", "npadvmod") and _may_name(toks, c):
                subj.append(edge_span(toks, edges, c.i))
            elif c.dep == "prep":
                side = subj if c.lower in ACTOR_PREPS else obj
                if c.lower in ACTOR_PREPS or c.lower in RECIPIENT_PREPS:
                    side.append(edge_span(toks, edges, c.i))
        if subj or tok.dep not in ("dobj", "attr", "nsubjpass", "pobj", "xcomp"):
            return subj, obj
        head = anchor_verb(toks, head)
    verb = head
    for c in kids[verb]:
        if c.dep in OBJECT_DEPS or (
            c.dep == "prep" and c.lower in RECIPIENT_PREPS and c.i > verb  # "On Monday, X..."
        ):
            obj.append(edge_span(toks, edges, c.i))
        elif c.dep == "agent":
            subj.append(edge_span(toks, edges, c.i))
    current = verb
    for _ in range(len(toks)):
        # a raising verb's passive subject does what it governs ("Biegun is expected to
        # arrive"); the trigger's own passive subject is its object
        found = [
            c
            for c in kids[current]
            if c.dep in _SUBJECT_DEPS or (current != verb and c.dep == "nsubjpass")
        ]
        for c in found:
            if c.lower in _RELATIVE and toks[current].dep == "relcl":
                subj.append((toks[toks[current].head].start, toks[toks[current].head].end))
            else:
                subj.append(edge_span(toks, edges, c.i))
        if found or toks[current].head == current:
            break
        if toks[current].dep in ("relcl", "acl"):
            subj.append((toks[toks[current].head].start, toks[toks[current].head].end))
            break
        if toks[current].dep not in _CLIMB_DEPS:
            break
        current = toks[current].head
    return subj, obj


def _may_name(toks: list[Tok], modifier: Tok) -> bool:
    """Whether a noun's modifier may name a participant: a possessor, or a capitalized word
    ("*Russian* troops", "*Trump*-Kim summit"), not a kind ("*high-profile* meetings")."""
    if modifier.dep == "poss":
        return True
    lo, hi = subtree_edges(toks)[modifier.i]
    return any(toks[k].text[:1].isupper() for k in range(lo, hi + 1))


def subtree_span(toks: list[Tok], i: int) -> tuple[int, int]:
    """Character span of a token's subtree."""
    return edge_span(toks, subtree_edges(toks), i)
