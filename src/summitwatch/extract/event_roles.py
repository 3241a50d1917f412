"""Who acts on whom in an event: actor ids on the subject side and on the object side.

Read off spaCy's dependency parse (:func:`summitwatch.extract.event_grammar.role_spans`) when
a model is installed; without one, by word order (actors before the trigger, recipients after
it). Only what the sentence names counts: a possessor ("*Putin's* visit"), the subject of the
verb a noun trigger is the object of, the clause a pronoun subject hangs on, the visitor of a
visit an event took place during. Generic nouns ("talks") that name no participant are told
apart here too (``is_bare_generic``).
"""

from __future__ import annotations

from summitwatch.extract.event_grammar import (
    ACTOR_PREPS,
    NOMINAL,
    OBJECT_DEPS,
    POSSESSIVE,
    RECIPIENT_PREPS,
    VERBAL,
    anchor_verb,
    children_of,
    edge_span,
    has_parse,
    role_spans,
    subtree_edges,
)
from summitwatch.extract.event_triggers import Match, load_lexicon
from summitwatch.models import Mention
from summitwatch.models import Token as Tok


def _modifier_spans(toks: list[Tok], match: Match) -> list[tuple[int, int]]:
    """Owners named on the trigger's own nouns: "*North Korean* troops", "*Putin's* visit"."""
    kids, edges = children_of(toks), subtree_edges(toks)
    spans = []
    for i in match.indices:
        if toks[i].pos in NOMINAL:
            spans += [
                edge_span(toks, edges, c.i)
                for c in kids[i]
                if c.dep in ("poss", "compound", "amod", "nmod")
            ]
    return spans


def _inner_object_spans(toks: list[Tok], match: Match) -> list[tuple[int, int]]:
    """Objects of a verb inside a multi-word trigger below its head: "wished to meet *Kim*",
    "desire to meet *with Kim*" (the head's own objects are read by ``role_spans``)."""
    kids, edges = children_of(toks), subtree_edges(toks)
    spans = []
    for i in match.indices:
        if i == match.head or toks[i].pos in NOMINAL:
            continue
        for c in kids[i]:
            if c.dep in OBJECT_DEPS or (c.dep == "prep" and c.lower in RECIPIENT_PREPS):
                spans.append(edge_span(toks, edges, c.i))
    return spans


def _possessors(toks: list[Tok], match: Match, mentions: list[Mention]) -> list[str | None]:
    """Possessive mentions right before the trigger ("Putin's visit", "Kim's recent trip")."""
    start = toks[match.indices[0]].start
    out = []
    for m in mentions:
        between = [t.lower for t in toks if m.end <= t.start and t.end <= start]
        if between and between[0] in POSSESSIVE and len(between) <= 2:
            out.append(m.actor_id)
    return out


def _verb_subject(toks: list[Tok], head: int) -> list[tuple[int, int]]:
    """The subject side of the verb a noun trigger is the object of (none for other nouns)."""
    if toks[head].pos not in NOMINAL or toks[head].dep not in ("dobj", "pobj"):
        return []
    verb = anchor_verb(toks, head)
    return role_spans(toks, verb)[0] if verb != head else []


def _outer_subject(toks: list[Tok], head: int) -> list[tuple[int, int]]:
    """When the trigger's clause has a bare pronoun as subject that no mention resolved, the
    subject of the clause it depends on."""
    verb = anchor_verb(toks, head)
    own = [t for t in toks if t.head == verb and t.dep in ("nsubj", "nsubjpass")]
    if not own or own[0].pos != "PRON" or toks[verb].dep not in ("advcl", "conj"):
        return []
    outer = anchor_verb(toks, toks[verb].head)
    edges = subtree_edges(toks)
    return [edge_span(toks, edges, t.i) for t in toks if t.head == outer and t.dep == "nsubj"]


_DURING = ("during", "amid")


def _visitor_spans(toks: list[Tok], head: int) -> list[tuple[int, int]]:
    """The possessors of a visit or trip the event took place during, in the trigger noun's
    own clause ("the Panmunjom meeting, which took place ... during *Trump's* visit"): the
    visitor took part."""
    if toks[head].pos not in NOMINAL:
        return []
    clauses = [t.i for t in toks if t.head == head and t.dep in ("relcl", "acl")]
    inside = set(clauses)
    for _ in range(4):
        inside |= {t.i for t in toks if t.head in inside and t.i != t.head}
    preps = [i for i in inside if toks[i].lower in _DURING and toks[i].dep == "prep"]
    edges = subtree_edges(toks)
    return [
        edge_span(toks, edges, owner.i)
        for prep in preps
        for noun in toks
        if noun.head == prep and noun.dep == "pobj"
        for owner in toks
        if owner.head == noun.i and owner.dep == "poss"
    ]


def _within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= mention.start and mention.end <= hi for lo, hi in spans)


_PERSONAL = ("he", "she")


def _reporter_pronouns(toks: list[Tok], known: list[Mention]) -> list[Mention]:
    """A "he"/"she" subjecting a clause reported by a person refers to that person ("Trump
    told reporters *he* would like to meet Kim"), whoever was named before."""
    lex = load_lexicon()
    out = []
    for m in known:
        tok = next((t for t in toks if t.start == m.start), None)
        reporter = _reporter_of(toks, tok, known, lex.reporting) if tok is not None else None
        if tok is not None and tok.lower in _PERSONAL and reporter is not None:
            m = Mention(m.start, m.end, m.text, reporter.actor_id, m.kind)
        out.append(m)
    return out


def _reporter_of(
    toks: list[Tok], tok: Tok, known: list[Mention], reporting: frozenset[str]
) -> Mention | None:
    if tok.dep != "nsubj":
        return None
    clause = toks[tok.head]
    if clause.dep != "ccomp" or not toks[clause.head].lemmas & reporting:
        return None
    verb = clause.head
    subjects = [t for t in toks if t.head == verb and t.dep == "nsubj"]
    people = [
        m
        for s in subjects
        for m in known
        if m.kind == "person" and m.start <= s.start and s.end <= m.end
    ]
    return people[0] if len(people) == 1 else None


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
        known = _reporter_pronouns(toks, known)
        subj, obj = role_spans(toks, match.head)
        subj += _modifier_spans(toks, match)
        obj += _inner_object_spans(toks, match)
        actors = owners + [m.actor_id for m in known if _within(m, subj)]
        recipients = [m.actor_id for m in known if _within(m, obj)]
        if not actors:  # "Kim gifted Moon an *olive branch*": the giver of the noun acts
            actors = [m.actor_id for m in known if _within(m, _verb_subject(toks, match.head))]
        if not actors:  # "North Korea said ..., as *it* vowed to ...": the clause it hangs on
            actors = [m.actor_id for m in known if _within(m, _outer_subject(toks, match.head))]
        if not actors:  # "the meeting, which took place during *Trump's* visit to Korea"
            actors = [m.actor_id for m in known if _within(m, _visitor_spans(toks, match.head))]
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
    kids, edges = children_of(toks), subtree_edges(toks)
    return [
        edge_span(toks, edges, c.i)
        for c in kids[head]
        if c.dep in _OWNER_DEPS or (c.dep == "prep" and c.lower in ACTOR_PREPS + RECIPIENT_PREPS)
    ]


def _governing_verb(toks: list[Tok], head: int) -> int | None:
    """The verb a noun is an argument of ("resumed *talks*", "pressed for *talks*")."""
    tok = toks[head]
    if tok.dep in _ARGUMENT_DEPS and toks[tok.head].pos in VERBAL:
        return tok.head
    prep = toks[tok.head]
    if tok.dep == "pobj" and prep.dep == "prep" and toks[prep.head].pos in VERBAL:
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
    if len(match.pattern.words) > 1 or not has_parse(toks) or toks[head].pos not in NOMINAL:
        return False
    if not toks[head].lemmas & lex.generic_nouns:
        return False
    spans = _noun_spans(toks, head)
    verb = _governing_verb(toks, head)
    if verb is not None:
        spans += role_spans(toks, verb)[0]
    return not any(_within(m, spans) for m in mentions if m.actor_id)
