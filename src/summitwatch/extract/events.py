"""The event stage: PLOVER events, one sentence at a time, each tied to its evidence.

For every sentence the trigger lexicon (``plover_patterns.yaml``, see
:mod:`summitwatch.extract.event_triggers`) proposes triggers; one event is kept per predicate
(:mod:`summitwatch.extract.event_selection`: a trigger inside another's complement is its
content, traps are left out), the one highest in the parse marked ``main``. Each event then gets

- its type after PLOVER's coding rules: a cooperative act in the future tense is AGREE (an
  intention), a negated present or future meeting or cooperation is a refusal (REJECT);
- actors (the subject side) and recipients (the object side) from the actor mentions inside
  the sentence, read off spaCy's dependency parse, or by position without a parse;
- a date: a DATE time expression of the sentence (a bare weekday or month read in the tense
  of its clause, see :mod:`summitwatch.extract.event_dates`), else the narrative's reference
  time (the latest date of an earlier sentence of the same paragraph), else, for an event the
  text asserts (factuality CT+), the publication date: news reports what just happened;
- a place from the pack's places, an episode from the pack's episodes ("the Hanoi summit"),
  whose date and place fill what the sentence leaves open (its actors come from the text
  only: the pack says when and where an episode was, never who a sentence names);
- a factuality (FactBank label, UW score, source: :mod:`summitwatch.extract.factuality` read
  on the trigger's token) and the coarse modality derived from it: negated, hypothetical,
  planned, reported, historical or asserted. A subordinate event the text neither asserts nor
  plans (possible, underspecified) is left out.

A generic noun ("talks", "sanctions") that names no actor taking part and is no argument of a
named actor's verb is analytic prose, not an event, and is left out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from summitwatch.extract.event_dates import (
    clause_tense,
    is_after,
    is_old,
    is_time_anchor,
    pick_date,
    valid_date,
)
from summitwatch.extract.event_factuality import (
    AUTHOR,
    NEGATIVE,
    REPORTED,
    EventFactuality,
    derive_modality,
    read_state_factuality,
    read_token_factuality,
)
from summitwatch.extract.event_grammar import (
    TriggerState,
    anchor_verb,
    decide_type,
    find_state,
    has_parse,
    subtree_span,
)
from summitwatch.extract.event_roles import find_roles, is_bare_generic, unique_ids
from summitwatch.extract.event_selection import is_proposed_meeting, select_matches
from summitwatch.extract.event_triggers import (
    Match,
    ancestors,
    find_matches,
    load_lexicon,
    rank_matches,
)
from summitwatch.extract.parse import parse_documents
from summitwatch.extract.span_index import SpanIndex
from summitwatch.models import Analysis, Event, Mention, Sentence, Timex, make_id
from summitwatch.models import Token as Tok
from summitwatch.stage import Context, Stage
from summitwatch.timeml import last_date

if TYPE_CHECKING:
    from summitwatch.packs.pack import Episode, Pack

log = logging.getLogger(__name__)

STAGE_NAME = "events"
STAGE_VERSION = "4"
STAGE_LABEL = f"{STAGE_NAME}@{STAGE_VERSION}"
# outside the main clause, only what the text says certainly happened or did not is a report
# of its own; what is probable, possible or underspecified there is the main event's content
UNCOMMITTED = frozenset({"PR+", "PS+", "Uu", "PS-", "PR-"})
FUTURE_AUX = frozenset({"will", "'ll", "shall"})
# the types PLOVER gives a future act by what it commits to: a promise, a threat
PROMISES = frozenset({"AGREE", "THREATEN"})


# --- attribution, places, episodes -------------------------------------------------------


def _is_reported(toks: list[Tok], match: Match) -> bool:
    lex = load_lexicon()
    if any(t.lower in lex.reported_words for t in toks):
        return True
    chain = ancestors(toks, match.head)
    return any(toks[j].lemmas & lex.reporting for j in chain)


def _name_regex(names: list[str]) -> re.Pattern[str] | None:
    return _compiled_names(tuple(names))


@lru_cache(maxsize=4096)
def _compiled_names(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Compiled once per set of names (a pack's place or episode), not once per sentence."""
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)", re.I)


# what follows a dateline's city: an optional date or agency, then a dash ("SEOUL, June 30
# (Reuters) —", "HANOI —")
_DATELINE = re.compile(
    r"[^\S\n]*(?:,[^\S\n]*[A-Z][a-z]{2,8}\.?[^\S\n]*\d{1,2})?[^\S\n]*(?:\([^)\n]{1,40}\)[^\S\n]*)?(?:—|–|--|-[^\S\n])"
)


@dataclass(frozen=True)
class Found:
    key: str
    start: int
    end: int


def _names_of(items: list[Any]) -> list[str]:
    return [n for item in items for n in (item.name, *item.aliases)]


def find_places(pack: Pack | None, text: str, base: int) -> list[Found]:
    out: list[Found] = []
    # one pattern of every place's names first: most sentences name no place at all
    anywhere = _name_regex(_names_of(pack.places)) if pack else None
    if anywhere is None or not anywhere.search(text):
        return out
    for place in pack.places if pack else []:
        rx = _name_regex([place.name, *place.aliases])
        if rx is None:
            continue
        for m in rx.finditer(text):
            if not m.group()[0].isupper():  # a place name is capitalized; "hanoi" in a URL not
                continue
            if not text[: m.start()].strip() and _DATELINE.match(text, m.end()):
                continue  # "SEOUL — The third meeting ...": where the report was filed
            out.append(Found(place.id, base + m.start(), base + m.end()))
    return out


def _text_of(item: SentenceInput, found: Found) -> str:
    return item.text[found.start - item.sentence.start : found.end - item.sentence.start]


def find_episodes(pack: Pack | None, text: str, base: int) -> list[Found]:
    out: list[Found] = []
    anywhere = _name_regex(_names_of(pack.episodes)) if pack else None
    if anywhere is None or not anywhere.search(text):
        return out
    for episode in pack.episodes if pack else []:
        rx = _name_regex([episode.name, *episode.aliases])
        if rx is not None:
            out += [Found(episode.id, base + m.start(), base + m.end()) for m in rx.finditer(text)]
    return out


def _nearest(found: list[Found], where: int) -> Found | None:
    return min(found, key=lambda f: abs(f.start - where)) if found else None


def _episode_date(episode: Episode, sentence_date: str | None) -> str:
    if sentence_date and not episode.start.startswith(sentence_date):
        return sentence_date
    return episode.start


# --- the stage ---------------------------------------------------------------------------


@dataclass
class SentenceInput:
    sentence: Sentence
    text: str
    toks: list[Tok]
    timexes: list[Timex]
    mentions: list[Mention]
    reference: str | None  # narrative reference time from earlier sentences of the paragraph


def prepare_sentences(analysis: Analysis, nlp: Any | None) -> list[SentenceInput]:
    sentences = analysis.sentences
    texts = [analysis.sentence_text(s) for s in sentences]
    parse = analysis.parse
    if parse is None or len(parse.sentences) != len(sentences):  # run without the parse stage
        parse = parse_documents(nlp, [(analysis.document.text, sentences)])[0]
    tokens = parse.sentences
    out: list[SentenceInput] = []
    reference: str | None = None
    paragraph = -1
    all_timexes, all_mentions = SpanIndex(analysis.timexes), SpanIndex(analysis.mentions)
    for sentence, text, toks in zip(sentences, texts, tokens, strict=True):
        if sentence.paragraph != paragraph:
            paragraph, reference = sentence.paragraph, None
        timexes = sorted(all_timexes.inside(sentence.start, sentence.end), key=lambda t: t.start)
        mentions = all_mentions.inside(sentence.start, sentence.end)
        out.append(SentenceInput(sentence, text, toks, timexes, mentions, reference))
        # a date ahead of publication ("a visit next April") does not anchor what follows
        published = analysis.document.published
        dated = [t for t in timexes if valid_date(t) and not is_after(t.value, published)]
        if dated:
            reference = dated[-1].value
    return out


def reporting_source(toks: list[Tok], match: Match, mentions: list[Mention]) -> str | None:
    """Who the author reports as committing to the event: the subject of the reporting verb
    above the trigger ("Kim said ..."), or the object of "according to"; None for the author."""
    lex = load_lexicon()
    governors = [j for j in ancestors(toks, match.head) if toks[j].lemmas & lex.reporting]
    if not governors:
        according = [t for t in toks if t.lower == "according"]
        if not according:
            return None
        lo = according[0].end
        named = [m for m in mentions if m.start >= lo]
        return (named[0].actor_id or named[0].text) if named else REPORTED
    verb = governors[0]
    for tok in toks:
        if tok.head == verb and tok.dep in ("nsubj", "nsubjpass") and tok.i != verb:
            lo, hi = subtree_span(toks, tok.i)
            named = [m for m in mentions if lo <= m.start and m.end <= hi]
            if named:
                return named[0].actor_id or named[0].text
            return toks[tok.i].text
    return REPORTED


def in_future_frame(toks: list[Tok], match: Match) -> bool:
    """Whether the verb a trigger belongs to is in the future ("he will jet to Japan for
    *talks*"): what happens there has not happened yet."""
    if not has_parse(toks):
        return False
    verb = anchor_verb(toks, match.head)
    return any(t.head == verb and t.dep == "aux" and t.lower in FUTURE_AUX for t in toks)


def event_factuality(
    toks: list[Tok],
    match: Match,
    state: TriggerState,
    type_name: str,
    mentions: list[Mention],
) -> EventFactuality:
    """How far the text commits to the event, and who commits to it."""
    # a refusal coded from a negated act, or a trigger whose own words negate ("*no
    # negotiations*", "did *not respond*"): the negation is the refusal, which is asserted
    negators = load_lexicon().negators
    own_negation = any(toks[i].lower in negators for i in match.indices)
    refusal = type_name == "REJECT" and (match.type != "REJECT" or own_negation)
    # a future act coded as the promise or threat it makes ("will give" AGREE)
    act_now = state.future and type_name in PROMISES and type_name != match.type
    future = (state.future or in_future_frame(toks, match)) and type_name != "REJECT"
    future = future and not act_now
    source = reporting_source(toks, match, mentions) if has_parse(toks) else None
    if source is None and (state.reported or _is_reported(toks, match)):
        source = REPORTED
    if refusal and (state.negated or own_negation) and not state.hypothetical:
        # "would never again gift Trump with meetings": the refusal is what the text asserts
        return EventFactuality("CT+", 3.0, source or AUTHOR)
    token = toks[match.head].token
    if token is not None and has_parse(toks):
        return read_token_factuality(
            token,
            refusal=refusal,
            future=future,
            source=source,
            act_now=act_now,
            negated=state.negated,
        )
    return read_state_factuality(
        state, refusal=refusal, future=future, source=source, act_now=act_now
    )


def _past_for_future(
    toks: list[Tok], match: Match, state: TriggerState, value: str, published: date | None
) -> bool:
    """Whether a date wholly before publication was picked for an event still to come: it
    dates something else of the sentence."""
    end = last_date(value)
    if end is None or published is None or end >= published:
        return False
    return state.future or in_future_frame(toks, match)


def refuses(
    toks: list[Tok], match: Match, state: TriggerState, type_name: str, fact: EventFactuality
) -> bool:
    """A cooperative act the text says will not (or does not) happen, outside the past: a
    refusal (PLOVER REJECT), where negation sits higher than the trigger's own clause."""
    if type_name not in load_lexicon().refusal_modes or fact.label not in NEGATIVE:
        return False
    if toks[match.head].dep in ("nsubj", "nsubjpass"):
        return False  # "the summit will not yield closure": the summit is not refused
    return clause_tense(toks, match, state) >= 0 and not state.past


def _settle(event: Event, fact: EventFactuality, future: bool, published: date | None) -> None:
    """Store factuality and the modality derived from it; a date ahead of publication is a
    plan whatever the grammar said."""
    ahead = is_after(event.date, published)
    if ahead and fact.label == "CT+":
        fact = EventFactuality("PR+", 2.0, fact.source)
    event.factuality, event.factuality_score = fact.label, fact.score
    event.factuality_source = fact.source
    event.modality = derive_modality(
        fact, future=future, ahead=ahead, old=is_old(event.date, published)
    )


def _adds_record(event: Event, events: dict[str, Event]) -> bool:
    """Whether a subordinate event says more than the sentence's other events: it names
    someone taking part (or a pack episode), and it is not the same act with the same
    participants and date told twice."""
    if not (event.actors or event.recipients or event.episode):
        return False
    same = (event.type, event.date, event.actors, event.recipients)
    return all((e.type, e.date, e.actors, e.recipients) != same for e in events.values())


def _event_key(events: dict[str, Event], type_name: str, toks: list[Tok], match: Match) -> str:
    """One event per predicate: a second predicate of one type gets a key of its own."""
    if type_name not in events:
        return type_name
    return f"{type_name}@{toks[match.head].start}"


def events_in_sentence(
    item: SentenceInput, document_id: str, published: date | None, pack: Pack | None
) -> list[Event]:
    sentence, toks = item.sentence, item.toks
    places = find_places(pack, item.text, sentence.start)
    episodes = find_episodes(pack, item.text, sentence.start)
    by_id = {e.id: e for e in pack.episodes} if pack else {}
    events: dict[str, Event] = {}
    used_episodes: set[str] = set()
    ranked = rank_matches(find_matches(toks))
    dates = [(t.start, t.end) for t in item.timexes if valid_date(t)]
    for match, verbal in select_matches(toks, ranked, item.mentions, dates):
        state = find_state(toks, match)
        mode: str | None
        if verbal:
            type_name, mode = "ACCUSE", "disapprove"
        else:
            type_name, mode = decide_type(toks, match, state, ranked)
        lo, hi = toks[match.indices[0]].start, toks[match.indices[-1]].end
        episode = next((f for f in episodes if f.start <= hi and lo <= f.end), None)
        if episode is None and is_bare_generic(toks, match, item.mentions):
            continue  # "talks" as an idea in analytic prose: no event
        key = _event_key(events, type_name, toks, match)
        actors, recipients = find_roles(toks, match, item.mentions)
        fact = event_factuality(toks, match, state, type_name, item.mentions)
        anchor = is_time_anchor(toks, match)
        own_date = pick_date(
            toks, match, item.timexes, state, published, ranked, fact.label == "CT+", anchor
        )
        if (
            own_date
            and fact.label != "CT+"
            and type_name not in ("REJECT", *PROMISES)  # acts now, whatever they concern
            and _past_for_future(toks, match, state, own_date, published)
        ):
            own_date = None  # "plan to meet again after their first summit *last year*"
        place = _nearest(places, lo)
        event = Event(
            id=make_id("ev", document_id, sentence.start, key),
            document_id=document_id,
            type=type_name,
            start=sentence.start,
            end=sentence.end,
            sentence=item.text,
            mode=mode,
            actors=actors,
            recipients=recipients,
            date=own_date or (None if anchor else item.reference),
            location=place.key if place else None,
            trigger=" ".join(toks[i].text for i in match.indices),
            stage=STAGE_LABEL,
            main=not events,
        )
        if episode and episode.key in by_id:
            # only a date of the trigger's own phrase overrides the episode's ("the Singapore
            # summit, U.S. President Donald Trump tweeted on Wednesday": not the summit's)
            own = pick_date(toks, match, item.timexes, state, published, ranked, strict=True)
            _apply_episode(event, by_id[episode.key], own)
            used_episodes.add(episode.key)
        if episode is None and pack is not None:
            found_episode = episode_in_context(pack, event)
            if found_episode is not None:  # "three meetings — in Singapore in June 2018"
                _apply_episode(event, found_episode, None)
        if refuses(toks, match, state, type_name, fact):
            # "the North would never again gift Trump with meetings": a refusal, asserted
            event.type, event.mode = "REJECT", load_lexicon().refusal_modes[type_name]
            event.id = make_id(
                "ev", document_id, sentence.start, _event_key(events, "REJECT", toks, match)
            )
            fact = EventFactuality("CT+", 3.0, fact.source)
        proposed = is_proposed_meeting(toks, match, ranked, dates)
        if not event.main and fact.label in UNCOMMITTED and not proposed:
            continue  # a subordinate event the text does not commit to ("so that ...")
        if event.date is None and fact.label == "CT+" and published is not None and not anchor:
            # news reports what just happened: an undated event the text asserts is dated
            # by the report (the narrative's reference time, when there is one, came first)
            event.date = published.isoformat()
        promise = type_name in PROMISES and type_name != match.type
        future = (state.future or in_future_frame(toks, match)) and type_name != "REJECT"
        _settle(event, fact, future and not promise, published)
        if not event.main and not _adds_record(event, events):
            continue
        events[key] = event
    for found in episodes:
        if found.key in used_episodes or found.key not in by_id:
            continue
        used_episodes.add(found.key)
        _add_episode_event(events, by_id[found.key], found, item, document_id, published)
    return list(events.values())


def episode_in_context(pack: Pack, event: Event) -> Episode | None:
    """The one episode of the event's type held where the event is placed (the same country)
    and in the month or year the event is dated ("the meetings in Singapore in June 2018":
    the Singapore summit, 2018-06-12). It gives the day only: actors stay the text's."""
    if event.location is None or event.date is None or len(event.date) >= 10:
        return None
    countries = {place.id: place.country for place in pack.places}
    where = countries.get(event.location)
    found = [
        e
        for e in pack.episodes
        if e.type == event.type
        and where is not None
        and countries.get(e.place or "") == where
        and e.start.startswith(event.date)
    ]
    return found[0] if len(found) == 1 else None


def _apply_episode(event: Event, episode: Episode, sentence_date: str | None) -> None:
    """The episode the text names gives the event its date and place; who took part comes
    from the text alone (a pack that named the participants would put in a report people the
    sentence does not name, and decide for the text who met)."""
    event.episode = episode.id
    event.date = _episode_date(episode, sentence_date)
    event.location = event.location or episode.place
    if event.type == episode.type and episode.mode and not event.mode:
        event.mode = episode.mode


def _add_episode_event(
    events: dict[str, Event],
    episode: Episode,
    found: Found,
    item: SentenceInput,
    document_id: str,
    published: date | None,
) -> None:
    existing = events.get(episode.type)
    if existing is not None:
        if existing.episode is None:
            _apply_episode(existing, episode, None)
        return
    sentence = item.sentence
    event = Event(
        id=make_id("ev", document_id, sentence.start, episode.type),
        document_id=document_id,
        type=episode.type,
        start=sentence.start,
        end=sentence.end,
        sentence=item.text,
        mode=episode.mode,
        trigger=_text_of(item, found),
        stage=STAGE_LABEL,
    )
    _apply_episode(event, episode, None)
    # the episode's name is the trigger: the actors it names ("the *Trump-Kim* summit")
    named = [m for m in item.mentions if found.start <= m.start and m.end <= found.end]
    event.actors = unique_ids([m.actor_id for m in named])
    event.main = not events
    _settle(event, EventFactuality("CT+", 3.0, AUTHOR), False, published)
    events[episode.type] = event


def detect_events(analysis: Analysis, nlp: Any | None, pack: Pack | None) -> list[Event]:
    document = analysis.document
    events: list[Event] = []
    for item in prepare_sentences(analysis, nlp):
        events.extend(events_in_sentence(item, document.id, document.published, pack))
    return events


def assign_events(analysis: Analysis, context: Context) -> None:
    analysis.events = detect_events(analysis, context.nlp, context.pack_or_none)


STAGE = Stage(
    name=STAGE_NAME,
    version=STAGE_VERSION,
    # the parse is read when the parse stage ran before (else the stage parses the text)
    requires=("document", "sentences", "timexes", "mentions"),
    assigns=("events",),
    run=assign_events,
    lexicons=("plover_patterns", "factuality_cues"),
    settings=("spacy_model", "pack"),
)
