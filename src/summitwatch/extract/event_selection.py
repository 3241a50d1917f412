"""Which trigger matches of a sentence are events: one event per predicate, traps left out.

PLOVER codes one event for one predicate: "agreed to *hold talks*" is an agreement, "offered to
*hand over* two suspects" an offer, "cancelled the *summit*" a cancellation. A trigger inside the
complement, object or clause of another trigger is that trigger's content, not an event of its
own (the governing event says what became of it: agreed, offered, cancelled). Conjoined
predicates ("met and *signed*") and temporal clauses ("*after meeting* X, he announced ...")
stay events of their own.

Words that look like triggers but name no act are recognised from the parse, not from a list
of phrases:

- a word that modifies a noun names a kind of thing ("*truce* village", "missile *launch*
  site", "a *long-shot* deal", "the *occupied* territories"), and so does a possessor ("the
  *meeting*'s co-chairman");
- a bare noun after "of" under a noun that is no event names a kind too ("weapons of mass
  destruction"); with a determiner it is an event ("victims of the attack");
- a predicate nominal describes its subject ("the deal is a long shot"), and a coercion after
  "in" or "under" is the state it left ("in police custody", "under arrest");
- a conflict verb whose subject is a bare "it", "this" or "that" with no actor named before
  it is figurative ("it beats staying home");
- a meeting verb in the passive with a thing as its subject fulfils it ("demands are met");
- a verb of attack with no weapon, force or place of battle in the sentence, aimed at a person
  or at what someone said, is criticism (ACCUSE), not an assault.
"""

from __future__ import annotations

from collections.abc import Sequence

from summitwatch.extract.event_grammar import has_parse, subtree_span
from summitwatch.extract.event_triggers import Match, TriggerLexicon, load_lexicon
from summitwatch.models import Mention
from summitwatch.models import Token as Tok

_NOMINAL = ("NOUN", "PROPN")
_MODIFIER_DEPS = ("compound", "amod", "nmod")
_SIBLING_DEPS = ("conj", "appos", "parataxis")
# an event named inside the subject of another ("Putin's visit last year ... is poised to")
# describes a participant: it is an event of its own, not the other's content
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
_DETERMINED = ("det", "poss", "nummod")
_IMPERSONAL = ("it", "this", "that", "what")
_ABOUT = ("of", "about", "on", "over")


def _match_at(matches: list[Match], i: int) -> Match | None:
    return next((m for m in matches if i in m.indices), None)


def _is_temporal_clause(toks: list[Tok], i: int, lex: TriggerLexicon) -> bool:
    """A clause that dates the other event ("after meeting X", "when they met") is an event."""
    marks = {t.lower for t in toks if t.head == i and t.dep in ("mark", "advmod")}
    if marks & lex.temporal_marks:
        return True
    tok = toks[i]
    return tok.dep == "pcomp" and toks[tok.head].lower in lex.temporal_marks


def _has_subject(toks: list[Tok], i: int) -> bool:
    return any(t.head == i and t.i != i and t.dep in ("nsubj", "nsubjpass") for t in toks)


def _describes(toks: list[Tok], i: int, dates: list[tuple[int, int]]) -> bool:
    """A relative or participial clause that describes a participant with a date of its own
    ("the accord *following* Putin's visit last year") tells an event of its own; an
    infinitive is the noun's content ("a plan *to attack*", "an offer *to meet*"), and an
    undated description adds nothing the governing event does not say."""
    dep = toks[i].dep
    if dep not in ("relcl", "acl"):
        return False
    if dep == "acl" and any(t.head == i and t.dep == "aux" and t.lower == "to" for t in toks):
        return False
    lo, hi = subtree_span(toks, i)
    return any(lo <= start and end <= hi for start, end in dates)


def absorbing_match(
    toks: list[Tok], match: Match, matches: list[Match], dates: Sequence[tuple[int, int]] = ()
) -> Match | None:
    """The trigger whose predicate governs this one, or None when it stands on its own."""
    if not has_parse(toks):
        return None
    lex = load_lexicon()
    i = match.head
    embedded = False
    for _ in range(len(toks)):
        tok = toks[i]
        if tok.head == i:
            return None
        if tok.dep in _SUBJECT_DEPS or _describes(toks, i, list(dates)):
            return None
        if tok.dep not in _SIBLING_DEPS:
            if tok.dep in ("advcl", "pcomp") and _is_temporal_clause(toks, i, lex):
                return None
            if tok.dep == "advcl" and _has_subject(toks, i):
                return None  # "while Lee *hosted* a summit, Kim visited ...": two acts
            if (
                tok.dep == "pobj"
                and toks[tok.head].lower in lex.temporal_marks
                and match.type == "CONSULT"
            ):
                # "announced *after a summit* with Trump": a meeting that dates another act
                # took place before it (PLOVER codes the main act; the ledger needs both)
                return None
            embedded = True
        i = tok.head
        other = _match_at(matches, i)
        if other is not None and other is not match:
            return other if embedded else None
    return None


def names_a_kind(toks: list[Tok], match: Match, matches: list[Match]) -> bool:
    """A trigger noun that names a kind of thing rather than an act (see the module text)."""
    if not has_parse(toks):
        return False
    tok = toks[match.head]
    head = toks[tok.head]
    if tok.dep in _MODIFIER_DEPS and head.pos in _NOMINAL and tok.head not in match.indices:
        # also a participle used as an adjective: "the *occupied* territories"
        return _match_at(matches, tok.head) is None
    if tok.pos not in _NOMINAL:
        return False
    if tok.dep == "poss" and head.pos in _NOMINAL:  # "the meeting's co-chairman"
        return _match_at(matches, tok.head) is None
    if tok.dep == "attr" and head.lemmas & {"be"}:
        # "the deal is a long shot" describes; "there will be talks" asserts that they occur
        return not any(t.head == head.i and t.dep == "expl" for t in toks)
    if tok.dep == "pobj" and head.lower in ("in", "under") and match.type == "COERCE":
        # "died while in police custody", "under arrest": the state a coercion left
        return not any(t.head == tok.i and t.dep == "det" for t in toks)
    if tok.dep == "pobj" and head.lower == "of" and head.head != head.i:
        owner = toks[head.head]
        determined = any(t.head == tok.i and t.dep in _DETERMINED for t in toks)
        return owner.pos in _NOMINAL and not determined and _match_at(matches, owner.i) is None
    return False


def is_figurative(toks: list[Tok], match: Match, mentions: list[Mention]) -> bool:
    """A conflict verb with an impersonal subject and no actor before it ("it beats ...")."""
    lex = load_lexicon()
    if match.type not in lex.conflict_types or not has_parse(toks):
        return False
    subjects = [t for t in toks if t.head == match.head and t.dep in ("nsubj", "nsubjpass")]
    if not subjects or any(s.lower not in _IMPERSONAL for s in subjects):
        return False
    start = toks[match.head].start
    return not any(m.actor_id and m.end <= start for m in mentions)


def is_met_condition(toks: list[Tok], match: Match) -> bool:
    """A meeting verb in the passive with a common noun as subject and no agent ("until their
    demands are met", "the conditions were met") fulfils something; nobody meets anyone."""
    if match.type != "CONSULT" or toks[match.head].pos != "VERB" or not has_parse(toks):
        return False
    kids = [t for t in toks if t.head == match.head and t.i != match.head]
    subject = [t for t in kids if t.dep == "nsubjpass"]
    agent = any(t.dep == "agent" for t in kids)
    return bool(subject) and subject[0].pos == "NOUN" and not agent


def is_verbal_attack(toks: list[Tok], match: Match, mentions: list[Mention]) -> bool:
    """An attack in words: an attack verb or noun with nothing armed in the sentence, aimed at
    a person (or coming from one) or at what someone said or did."""
    lex = load_lexicon()
    if match.type != "ASSAULT" or not toks[match.head].lemmas & lex.verbal_attack_words:
        return False
    if any(t.lemmas & (lex.armed_words | lex.weapon_words) for t in toks):
        return False
    people = [m for m in mentions if m.kind == "person"]
    return bool(people) or any(t.lemmas & lex.speech_nouns for t in toks)


def yields_to_meeting(toks: list[Tok], match: Match, matches: list[Match]) -> bool:
    """A plan or schedule word governing a meeting ("plan to meet again") yields to it: the
    meeting is the event, planned (CONSULT, factuality PR+), not a promise of its own."""
    lex = load_lexicon()
    if not match.pattern.intent or not toks[match.indices[0]].lemmas & lex.scheduled_words:
        return False
    return any(m.type == "CONSULT" and absorbing_match(toks, m, matches) is match for m in matches)


def is_negated_rejection(toks: list[Tok], match: Match, matches: list[Match]) -> bool:
    """A rejection the text negates ("they don't *rule out* a fourth meeting") is no
    rejection: what it governs is left possible, and that is the event."""
    if match.type != "REJECT" or not has_parse(toks):
        return False
    if any(toks[i].lower in load_lexicon().negators for i in match.indices):
        return False  # the negation is the trigger's own ("said no", "not respond")
    head = match.head
    negated = any(t.head == head and t.dep == "neg" for t in toks)
    return negated and any(absorbing_match(toks, m, matches) is match for m in matches)


def is_proposed_meeting(
    toks: list[Tok], match: Match, matches: list[Match], dates: Sequence[tuple[int, int]]
) -> bool:
    """A meeting a proposal names with a date of its own ("proposing Kim *meet* him at the
    DMZ on Sunday"): a planned meeting of its own, beside the proposal."""
    if match.type != "CONSULT" or not has_parse(toks):
        return False
    governor = absorbing_match(toks, match, matches)
    if governor is None or not toks[governor.indices[0]].lemmas & load_lexicon().proposal_words:
        return False
    lo, hi = subtree_span(toks, match.head)
    return any(lo <= start and end <= hi for start, end in dates)


def is_discourse(toks: list[Tok], match: Match, matches: list[Match]) -> bool:
    """A singular noun of discourse about another event ("*Talk* of another Trump-Kim
    meeting gained traction"): what people say, not a meeting; the event it names stands on
    its own, with the factuality that talk leaves it (underspecified)."""
    tok = toks[match.head]
    if tok.tag != "NN" or not tok.lemmas & load_lexicon().discourse_nouns:
        return False
    preps = [t.i for t in toks if t.head == tok.i and t.dep == "prep" and t.lower in _ABOUT]
    below = {t.i for t in toks if t.head in preps and t.dep == "pobj"}
    return any(m is not match and m.head in below for m in matches)


def select_matches(
    toks: list[Tok],
    ranked: list[Match],
    mentions: list[Mention],
    dates: Sequence[tuple[int, int]] = (),
) -> list[tuple[Match, bool]]:
    """The matches that are events, best first, each with whether it is a verbal attack.

    ``dates``: character spans of the sentence's dates (a dated description is an event)."""
    kept: list[tuple[Match, bool]] = []
    ranked = [m for m in ranked if not is_discourse(toks, m, ranked)]
    for match in ranked:
        if names_a_kind(toks, match, ranked) or is_figurative(toks, match, mentions):
            continue
        if is_met_condition(toks, match):
            continue
        if yields_to_meeting(toks, match, ranked) or is_negated_rejection(toks, match, ranked):
            continue
        governor = absorbing_match(toks, match, ranked, dates)
        if (
            governor is not None
            and not yields_to_meeting(toks, governor, ranked)
            and not is_negated_rejection(toks, governor, ranked)
            and not is_proposed_meeting(toks, match, ranked, dates)
        ):
            continue
        kept.append((match, is_verbal_attack(toks, match, mentions)))
    return kept
