"""The event stage: PLOVER events, one sentence at a time, each tied to its evidence.

For every sentence the trigger lexicon (``plover_patterns.yaml``, see
:mod:`summitwatch.extract.event_triggers`) proposes events; at most one event of each type is
kept per sentence (the trigger highest in the parse). Each event then gets

- its type after PLOVER's coding rules: a cooperative act in the future tense is AGREE (an
  intention), a negated present or future meeting or cooperation is a refusal (REJECT);
- actors (the subject side) and recipients (the object side) from the actor mentions inside
  the sentence, read off spaCy's dependency parse, or by position without a parse;
- a date: a DATE time expression of the sentence, else the narrative's reference time (the
  latest date of an earlier sentence of the same paragraph), else none. The publication date
  is never used as an event date;
- a place from the pack's places, an episode from the pack's episodes ("the Hanoi summit"),
  whose participants, date and place fill what the sentence leaves open;
- a modality: negated, hypothetical, planned, reported, historical or asserted.

A generic noun ("talks", "sanctions") that names no actor taking part and is no argument of a
named actor's verb is analytic prose, not an event, and is left out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from summitwatch.extract.event_grammar import (
    anchor_verb,
    decide_type,
    find_roles,
    find_state,
    has_parse,
    is_bare_generic,
    subtree_span,
    unique_ids,
)
from summitwatch.extract.event_triggers import (
    Match,
    Tok,
    ancestors,
    find_matches,
    load_lexicon,
    rank_matches,
    sentence_tokens,
)
from summitwatch.models import Analysis, Event, Mention, Modality, Sentence, Timex, make_id
from summitwatch.stage import Context, Stage
from summitwatch.timeml import first_date, last_date

if TYPE_CHECKING:
    from summitwatch.packs.pack import Episode, Pack

log = logging.getLogger(__name__)

STAGE_NAME = "events"
STAGE_VERSION = "2"
STAGE_LABEL = f"{STAGE_NAME}@{STAGE_VERSION}"

_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


# --- dates, places, episodes, modality ---------------------------------------------------


def valid_date(timex: Timex) -> bool:
    return timex.type == "DATE" and bool(_VALUE.match(timex.value))


def pick_date(toks: list[Tok], match: Match, timexes: list[Timex]) -> str | None:
    """The sentence's date for a trigger: inside the trigger's subtree, else the nearest."""
    dated = [t for t in timexes if valid_date(t) and not _dates_other_clause(toks, match, t)]
    if not dated:
        return None
    if has_parse(toks):
        for i in (match.head, anchor_verb(toks, match.head)):
            lo, hi = subtree_span(toks, i)
            inside = [t for t in dated if lo <= t.start and t.end <= hi]
            if inside:
                return inside[0].value
    where = toks[match.head].start
    return min(dated, key=lambda t: abs(t.start - where)).value


# Clauses that describe a participant ("resolutions adopted in 2016") rather than the event.
_DESCRIPTIVE_CLAUSES = frozenset({"relcl", "acl"})


def _dates_other_clause(toks: list[Tok], match: Match, timex: Timex) -> bool:
    """Whether a time expression belongs to something else than the trigger's event:
    it opens with "since" (the start of a state), or sits in a descriptive clause that
    does not hold the trigger."""
    before = [t for t in toks if t.end <= timex.start]
    if before and before[-1].lower == "since":
        return True
    if not has_parse(toks):
        return False
    trigger = toks[match.head]
    for tok in toks:
        if tok.dep in _DESCRIPTIVE_CLAUSES:
            lo, hi = subtree_span(toks, tok.i)
            if lo <= timex.start and timex.end <= hi and not lo <= trigger.start < hi:
                return True
    return False


def _after(value: str, published: date | None) -> bool:
    first = first_date(value)
    return bool(first and published and first > published)


def decide_modality(
    negated: bool,
    hypothetical: bool,
    future: bool,
    reported: bool,
    when: str | None,
    published: date | None,
) -> Modality:
    if negated:
        return "negated"
    if hypothetical:
        return "hypothetical"
    first = first_date(when)
    last = last_date(when)
    if future or (first and published and first > published):
        return "planned"
    if reported:
        return "reported"
    if last and published and last < published - timedelta(days=365):
        return "historical"
    return "asserted"


def _is_reported(toks: list[Tok], match: Match) -> bool:
    lex = load_lexicon()
    if any(t.lower in lex.reported_words for t in toks):
        return True
    chain = ancestors(toks, match.head)
    return any(toks[j].lemmas & lex.reporting for j in chain)


def _name_regex(names: list[str]) -> re.Pattern[str] | None:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I)


@dataclass(frozen=True)
class Found:
    key: str
    start: int
    end: int


def find_places(pack: Pack | None, text: str, base: int) -> list[Found]:
    out = []
    for place in pack.places if pack else []:
        rx = _name_regex([place.name, *place.aliases])
        if rx is None:
            continue
        for m in rx.finditer(text):
            if m.group()[0].isupper():  # a place name is capitalized; "hanoi" in a URL is not
                out.append(Found(place.id, base + m.start(), base + m.end()))
    return out


def _text_of(item: SentenceInput, found: Found) -> str:
    return item.text[found.start - item.sentence.start : found.end - item.sentence.start]


def find_episodes(pack: Pack | None, text: str, base: int) -> list[Found]:
    out: list[Found] = []
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


def _inside(items: list[Any], sentence: Sentence) -> list[Any]:
    return [x for x in items if sentence.start <= x.start and x.end <= sentence.end]


def prepare_sentences(analysis: Analysis, nlp: Any | None) -> list[SentenceInput]:
    sentences = analysis.sentences
    texts = [analysis.sentence_text(s) for s in sentences]
    tokens = sentence_tokens(texts, [s.start for s in sentences], nlp)
    out: list[SentenceInput] = []
    reference: str | None = None
    paragraph = -1
    for sentence, text, toks in zip(sentences, texts, tokens, strict=True):
        if sentence.paragraph != paragraph:
            paragraph, reference = sentence.paragraph, None
        timexes = sorted(_inside(analysis.timexes, sentence), key=lambda t: t.start)
        mentions = _inside(analysis.mentions, sentence)
        out.append(SentenceInput(sentence, text, toks, timexes, mentions, reference))
        # a date ahead of publication ("a visit next April") does not anchor what follows
        published = analysis.document.published
        dated = [t for t in timexes if valid_date(t) and not _after(t.value, published)]
        if dated:
            reference = dated[-1].value
    return out


def events_in_sentence(
    item: SentenceInput, document_id: str, published: date | None, pack: Pack | None
) -> list[Event]:
    sentence, toks = item.sentence, item.toks
    places = find_places(pack, item.text, sentence.start)
    episodes = find_episodes(pack, item.text, sentence.start)
    by_id = {e.id: e for e in pack.episodes} if pack else {}
    events: dict[str, Event] = {}
    used_episodes: set[str] = set()
    matches = rank_matches(find_matches(toks))
    for match in matches:
        state = find_state(toks, match)
        type_name, mode = decide_type(toks, match, state, matches)
        if type_name in events:
            continue
        lo, hi = toks[match.indices[0]].start, toks[match.indices[-1]].end
        episode = next((f for f in episodes if f.start <= hi and lo <= f.end), None)
        if episode is None and is_bare_generic(toks, match, item.mentions):
            continue  # "talks" as an idea in analytic prose: no event
        actors, recipients = find_roles(toks, match, item.mentions)
        when = pick_date(toks, match, item.timexes) or item.reference
        place = _nearest(places, lo)
        event = Event(
            id=make_id("ev", document_id, sentence.start, type_name),
            document_id=document_id,
            type=type_name,
            start=sentence.start,
            end=sentence.end,
            sentence=item.text,
            mode=mode,
            actors=actors,
            recipients=recipients,
            date=when,
            location=place.key if place else None,
            trigger=" ".join(toks[i].text for i in match.indices),
            stage=STAGE_LABEL,
        )
        if episode and episode.key in by_id:
            _apply_episode(event, by_id[episode.key], pick_date(toks, match, item.timexes))
            used_episodes.add(episode.key)
        reported = state.reported or _is_reported(toks, match)
        # a refusal of future talks is itself an act of now, not a planned event
        future = state.future and type_name != "REJECT"
        event.modality = decide_modality(
            state.negated, state.hypothetical, future, reported, event.date, published
        )
        events[type_name] = event
    for found in episodes:
        if found.key in used_episodes or found.key not in by_id:
            continue
        used_episodes.add(found.key)
        _add_episode_event(events, by_id[found.key], found, item, document_id, published)
    return list(events.values())


def _apply_episode(event: Event, episode: Episode, sentence_date: str | None) -> None:
    event.episode = episode.id
    event.actors = unique_ids([*episode.participants, *event.actors])
    event.recipients = [r for r in event.recipients if r not in event.actors]
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
    event.modality = decide_modality(False, False, False, False, event.date, published)
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
    requires=("document", "sentences", "timexes", "mentions"),
    assigns=("events",),
    run=assign_events,
    lexicons=("plover_patterns",),
    settings=("spacy_model", "pack"),
)
