"""The date of an event: a time expression of its sentence, read in the tense of its clause.

The time tagger resolves a bare weekday or month name ("Wednesday", "in January") from the
words around it. The event stage knows more: the tense of the predicate the expression dates.
A weekday or month in a past-tense clause ("the abrupt pullout Wednesday", "The February talks
broke down", "since taking office in January") is the latest one not after publication; in a
future clause ("will meet", "set to take place Tuesday", "scheduled for March") the first one
not before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from summitwatch.extract.event_grammar import TriggerState, anchor_verb, has_parse, subtree_span
from summitwatch.extract.event_triggers import Match, ancestors
from summitwatch.extract.timex import calendar as cal
from summitwatch.extract.timex.rules import load_vocabulary
from summitwatch.models import Timex
from summitwatch.models import Token as Tok
from summitwatch.timeml import first_date, last_date

_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_PAST_TAGS = ("VBD",)
_PAST_AUX = ("did", "had", "was", "were", "has", "have")
# clause openers of a state begun in the past ("since taking office in January")
_PAST_OPENERS = ("since", "after", "ago")
# clauses that describe a participant ("resolutions adopted in 2016") rather than the event
_DESCRIPTIVE_CLAUSES = frozenset({"relcl", "acl"})


# prepositions that place this event after the one they modify ("ahead of a summit"): the
# clause's date is the earlier event's
_ANCHOR_PREPS = frozenset({"before", "until", "till"})


def is_time_anchor(toks: list[Tok], match: Match) -> bool:
    """A noun event that dates another ("announced the suspension in April 2018, *ahead of
    a historic summit*"): the clause's dates and the report's are not its own."""
    if not has_parse(toks):
        return False
    tok = toks[match.head]
    if tok.dep != "pobj" or tok.pos not in ("NOUN", "PROPN"):
        return False
    prep = toks[tok.head]
    if prep.lower == "of":  # "ahead of", "in advance of", "prior to"
        prep = toks[prep.head]
        return prep.lower in ("ahead", "advance", "prior")
    return prep.lower in _ANCHOR_PREPS


def valid_date(timex: Timex) -> bool:
    return timex.type == "DATE" and bool(_VALUE.match(timex.value))


def is_after(value: str | None, published: date | None) -> bool:
    first = first_date(value)
    return bool(first and published and first > published)


def is_old(value: str | None, published: date | None) -> bool:
    """Whether a date ends over a year before publication (a historical event)."""
    last = last_date(value)
    return bool(last and published and last < published - timedelta(days=365))


def clause_tense(toks: list[Tok], match: Match, state: TriggerState) -> int:
    """-1 past, +1 future, 0 unknown: the tense of the clause the trigger belongs to."""
    if state.future:
        return 1
    if not has_parse(toks):
        return -1 if state.past else 0
    verb = anchor_verb(toks, match.head)
    chain = [verb, *ancestors(toks, verb)][:3]
    for i in chain:
        tok = toks[i]
        kids = [t for t in toks if t.head == i and t.dep in ("aux", "auxpass", "mark")]
        if any(k.lower in _PAST_OPENERS for k in kids):
            return -1
        if tok.tag in _PAST_TAGS or any(k.lower in _PAST_AUX for k in kids):
            return -1
        if tok.tag in ("VBZ", "VBP", "MD"):
            return 0
    if any(toks[j].lower in _PAST_OPENERS for j in ancestors(toks, match.head)):
        return -1
    return 0


_FUTURE_AUX = ("will", "would", "'ll", "shall")
# a modal of possibility or need looks ahead ("could step up cooperation around April"),
# unless it is perfect ("could have met")
_MODAL_AUX = ("could", "can", "may", "might", "must", "should")
_PERFECT = ("have", "'ve")
_SCHEDULE = frozenset({"set", "schedule", "plan", "expect", "due", "slate"})
# what is proposed, offered or urged lies ahead of the proposal ("proposing Kim meet him
# at the DMZ on Sunday")
_PROPOSE = frozenset({"propose", "offer", "invite", "urge", "suggest", "ask"})


def _schedules(toks: list[Tok], j: int) -> bool:
    """A schedule word that governs what follows ("set to meet", "scheduled for March"), not
    a past phrasal verb ("That set off a flurry")."""
    tok = toks[j]
    if tok.tag in _PAST_TAGS or any(t.head == j and t.dep == "prt" for t in toks):
        return False
    return bool(tok.lemmas & _SCHEDULE)


def _looks_ahead(kids: list[Tok]) -> bool:
    words = {t.lower for t in kids}
    if words & set(_FUTURE_AUX):
        return True
    return bool(words & set(_MODAL_AUX)) and not words & set(_PERFECT)


def timex_tense(toks: list[Tok], timex: Timex) -> int:
    """-1 past, +1 future, 0 unknown: the tense of the clause a time expression sits in (the
    nearest verb above it: "the abrupt pullout *Wednesday*" takes the tense of the verb the
    pullout belongs to)."""
    at = next((t.i for t in toks if t.start >= timex.start), None)
    if at is None or not has_parse(toks):
        return 0
    chain = [at, *ancestors(toks, at)]
    if any(toks[j].lower in _PAST_OPENERS for j in chain[:4]):
        return -1
    verbs = [j for j in chain if toks[j].pos in ("VERB", "AUX")][:3]
    for k, j in enumerate(verbs):
        kids = [t for t in toks if t.head == j and t.dep in ("aux", "auxpass")]
        if _looks_ahead(kids) or (k and _schedules(toks, j)):
            return 1
        if k and toks[j].lemmas & _PROPOSE and toks[verbs[k - 1]].dep in ("ccomp", "xcomp"):
            return 1
        if toks[j].tag in _PAST_TAGS or any(t.lower in _PAST_AUX for t in kids):
            return -1
        if toks[j].tag in ("VBZ", "VBP"):
            return 0
    return 0


# words around a bare day or month name that leave its direction open ("around April")
_DAY_PARTS = (
    "morning",
    "afternoon",
    "evening",
    "night",
    "early",
    "late",
    "mid",
    "around",
    "about",
    "by",
    "until",
    "from",
    "since",
)


def _weekday_or_month(text: str) -> tuple[str, int] | None:
    """("weekday", 1..7) or ("month", 1..12) for a bare day or month name, else None."""
    vocabulary = load_vocabulary()
    if re.search(r"\d", text):
        return None
    words = [w for w in re.findall(r"[A-Za-z]+", text.lower()) if w not in ("on", "in", "the")]
    named = [w for w in words if w not in _DAY_PARTS]
    if len(named) != 1:
        return None
    word = named[0]
    bare = len(named) == len(words) or words[-1] == word
    if word in vocabulary.weekdays:
        return "weekday", vocabulary.weekdays[word]
    if word in vocabulary.months and bare and text.strip()[-1:].isalpha():
        return "month", vocabulary.months[word]
    return None


_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")


def _past_week(value: str, published: date) -> str:
    """A week value ("this weekend" read as next week's) moved back to the latest week that
    is not after publication, for a past-tense clause."""
    found = _WEEK.match(value)
    if found is None:
        return value
    monday = date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
    begins = timedelta(days=5 if found.group(3) else 0)  # a weekend begins on Saturday
    while monday + begins > published:
        monday -= timedelta(days=7)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}{found.group(3) or ''}"


def redate(timex: Timex, tense: int, published: date | None) -> str:
    """The value of a bare weekday or month name (or a week) read in the clause's tense."""
    if published is not None and tense < 0 and _WEEK.match(timex.value):
        return _past_week(timex.value, published)
    named = _weekday_or_month(timex.text)
    if named is None or published is None or tense == 0:
        return timex.value
    kind, number = named
    if kind == "weekday":
        return cal.day_value(cal.weekday_date(published, number, tense))
    ahead = number - published.month
    # past: the latest such month not after publication; future: the first not before it
    year = published.year - (ahead > 0) if tense < 0 else published.year + (ahead < 0)
    return cal.month_value(year, number)


# words before a time expression that make it something else than the event's date
_NOT_THE_DATE = frozenset({"since", "before", "until", "till", "by"})


def dates_other_clause(toks: list[Tok], match: Match, timex: Timex) -> bool:
    """Whether a time expression belongs to something else than the trigger's event:
    it opens with "since" (the start of a state) or "before", "until", "by" (a deadline), or
    sits in a descriptive clause that does not hold the trigger."""
    before = [t for t in toks if t.end <= timex.start]
    if before and before[-1].lower in _NOT_THE_DATE:
        return True  # the start of a state, or a deadline ("before the year was out")
    if not has_parse(toks):
        return False
    trigger = toks[match.head]
    for tok in toks:
        if tok.dep in _DESCRIPTIVE_CLAUSES and tok.head != match.head:
            # (a clause on the trigger's own noun dates it: "a summit discussion promoted
            # around the meetings in late October")
            lo, hi = subtree_span(toks, tok.i)
            if lo <= timex.start and timex.end <= hi and not lo <= trigger.start < hi:
                return True
    return False


_SAME_TIME = frozenset({"during", "amid", "while"})


def _is_during(toks: list[Tok], i: int) -> bool:
    tok = toks[i]
    return tok.dep == "pobj" and toks[tok.head].lower in _SAME_TIME


def _within_during(toks: list[Tok], timex: Timex, stop: int) -> bool:
    """Whether a time expression sits in a "during ..." phrase below ``stop``."""
    at = next((t.i for t in toks if t.start >= timex.start), None)
    if at is None:
        return False
    for j in ancestors(toks, at):
        if j == stop:
            return False
        if toks[j].lower in _SAME_TIME and toks[j].dep == "prep":
            return True
    return False


def _is_object_of(toks: list[Tok], i: int, match: Match) -> bool:
    """Whether token ``i`` is the object of a preposition on the trigger ("away *from* X")."""
    tok = toks[i]
    return (
        tok.dep == "pobj" and toks[tok.head].dep == "prep" and toks[tok.head].head in match.indices
    )


def _inside_other(toks: list[Tok], match: Match, others: list[Match], timex: Timex) -> bool:
    """Whether a time expression dates another trigger below this one ("proposing Kim *meet*
    him on Sunday": Sunday is the meeting's, not the proposal's)."""
    for other in others:
        if other is match or not set(ancestors(toks, other.head)) & set(match.indices):
            continue
        if _is_during(toks, other.head) or _within_during(toks, timex, other.head):
            continue  # "offered talks *during his visit last week*": the same time
        if match.pattern.at_event and _is_object_of(toks, other.head, match):
            continue  # "walked away from *the 2019 summit*": left it while it was held
        lo, hi = subtree_span(toks, other.head)
        if lo <= timex.start and timex.end <= hi:
            return True
    return False


def pick_timex(
    toks: list[Tok],
    match: Match,
    timexes: list[Timex],
    others: Sequence[Match] = (),
    strict: bool = False,
) -> Timex | None:
    """The sentence's date for a trigger: inside the trigger's subtree, else (unless
    ``strict``) the nearest."""
    dated = [
        t
        for t in timexes
        if valid_date(t)
        and not dates_other_clause(toks, match, t)
        and not (has_parse(toks) and _inside_other(toks, match, list(others), t))
    ]
    if not dated:
        return None
    if has_parse(toks):
        heads = (match.head,) if strict else (match.head, anchor_verb(toks, match.head))
        for i in heads:
            lo, hi = subtree_span(toks, i)
            inside = [t for t in dated if lo <= t.start and t.end <= hi]
            if inside:
                return inside[0]
    if strict:
        return None
    where = toks[match.head].start
    return min(dated, key=lambda t: abs(t.start - where))


def pick_date(
    toks: list[Tok],
    match: Match,
    timexes: list[Timex],
    state: TriggerState | None = None,
    published: date | None = None,
    others: Sequence[Match] = (),
    asserted: bool = False,
    strict: bool = False,
) -> str | None:
    """The date of the trigger's event, a bare weekday or month read in the clause's tense.

    ``asserted``: the text says the event happened (CT+) and nothing in its clause speaks of
    the future, so a bare day name the tagger read forwards is read backwards."""
    timex = pick_timex(toks, match, timexes, others, strict)
    if timex is None:
        return None
    if state is None:
        return timex.value
    tense = timex_tense(toks, timex) or clause_tense(toks, match, state)
    if tense == 0 and asserted and is_after(timex.value, published):
        tense = -1
    return redate(timex, tense, published)
