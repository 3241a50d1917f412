"""Who holds a judgment: the quote's speaker, the subject of a reporting verb, or the author.

Read from the spaCy parse: a judgment inside quotation marks belongs to the quote's speaker; a
judgment in reported speech ("experts say it is unlikely…", "analysts expect…", "Officials have
been sceptical that…") to the subject of the verb that governs it. A generic subject
("analysts", "a diplomatic source") is kept as a group and never scored as one person. The
words come from ``forecast_cues.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summitwatch.extract.forecast_filters import ForecastCues
from summitwatch.models import Analysis, Mention, Quote
from summitwatch.stage import Context

# estimative phrases that are themselves a holder's predicate: their own subject holds them
PREDICATE_PHRASES = frozenset(
    {"expects", "we-doubt", "confident-that", "downplay-likelihood", "cannot-rule-out"}
)
# ... unless the phrase opens with the outcome's own words ("the likelihood … is diminishing")
_NOT_PREDICATE = re.compile(
    r"^(?:not|the|likelihood|chances?|prospects?|possibility|odds|remains?|looks?|seems?)\b", re.I
)
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_THIRD_PERSON = frozenset({"he", "she", "they", "him", "her", "them"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})

ActorLookup = Callable[[str, int, int], "ActorInfo | None"]


@dataclass(frozen=True)
class ActorInfo:
    id: str
    name: str
    kind: str  # person, organization
    principal: bool  # a government, state or leader: acts on the outcomes it speaks of


@dataclass(frozen=True)
class Holder:
    name: str | None  # None: the author
    kind: str  # person, organization, group, author, unknown
    actor: str | None = None
    principal: bool = False
    in_quote: bool = False


AUTHOR = Holder(None, "author")


@dataclass
class HolderReader:
    """Finds holders in one document; remembers the people named so far for pronouns."""

    text: str
    doc: Any | None
    quotes: list[Quote]
    lookup: ActorLookup
    cues: ForecastCues
    last_person: Holder | None = None
    _cursor: int = 0  # tokens before it have been read by note_people
    _people: PeopleIndex = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._people = index_people(self.doc)

    def holder_at(self, offset: int) -> Holder | None:
        """The holder of a judgment whose phrase starts at ``offset``; None if not found."""
        quote = next((q for q in self.quotes if q.start <= offset < q.end), None)
        if quote is not None:
            speaker = self._from_quote(quote)
            if speaker is not None:
                return speaker
        if self.doc is None:
            return None
        token = self._token_at(offset)
        if token is None:
            return None
        return self._from_parse(token, predicate=False)

    def holder_of_predicate(self, offset: int) -> Holder | None:
        """The subject of a predicate phrase ("analysts expect", "she doubts")."""
        quote = next((q for q in self.quotes if q.start <= offset < q.end), None)
        if quote is not None:
            speaker = self._from_quote(quote)
            if speaker is not None:
                return speaker
        token = self._token_at(offset) if self.doc is not None else None
        if token is not None:
            found = self._from_parse(token, predicate=True)
            if found is not None and not (found is AUTHOR and quote is not None):
                return found
        if quote is not None:
            return self._from_quote(quote)
        return None

    # -- sources ------------------------------------------------------------------------

    def _from_quote(self, quote: Quote) -> Holder | None:
        name = quote.speaker_text
        if name and name.lower() in self.cues.not_holders:
            name = None  # "who said": the quote stage left the relative pronoun
        pronoun = not name or name.lower() in _FIRST_PERSON | _THIRD_PERSON
        if quote.speaker:
            # the speaker's own words win over an id resolved from part of them ("U.S. …
            # professor Terence Roehrig" is not the United States)
            info = self.lookup(name if name and not pronoun else quote.speaker, -1, -1)
            if info is not None:
                return Holder(info.name, info.kind, info.id, info.principal, in_quote=True)
        if not name or pronoun:
            return None
        role = name.split()[-1].lower()
        if name[:1].islower() or name.split()[0].lower() in _DETERMINERS:
            head = re.split(r"\s+(?:of|in|at|from|with|for|on)\s+", name)[0].split()[-1]
            if head[:1].islower() and not is_holder_noun(head, self.cues):
                return None  # "according to a recording": no one in particular speaks
        named_role = role in self.cues.group_nouns and role not in self.cues.anonymous_roles
        if name.lower().startswith("the ") and named_role:
            return self.last_person  # "the six-term lawmaker wrote: “…”"
        return Holder(
            name,
            self.kind_of_name(name),
            None,
            bool(self.cues.principal.search(name)),
            in_quote=True,
        )

    def kind_of_name(self, name: str) -> str:
        """ "Jane Roe" is a person; "a senior official in Seoul", "experts" are a group."""
        words = name.lower().split()
        unnamed = words[0] in ("a", "an", "the", "some", "many", "several", "two", "three")
        generic = any(w in self.cues.group_nouns for w in words)
        return "group" if unnamed or (generic and not name[:1].isupper()) else "person"

    def _token_at(self, offset: int) -> Any | None:
        if self.doc is None:
            return None
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _from_parse(self, token: Any, predicate: bool) -> Holder | None:
        subject = self._governing_subject(token, predicate)
        if subject is None:
            according = _according_to(token)
            if according is None or not self._can_hold(according):
                return AUTHOR
            subject = according
        return self._holder_from_subject(subject)

    def _names_someone(self, subject: Any) -> bool:
        """A person, an organisation or a group can hold a judgment; a thing cannot ("His
        remarks", "Trump's tendency", "a recording"). A common noun holds only when it names
        people or a body (``holder_nouns`` and ``group_nouns``) or the tagger calls it one."""
        if subject.pos_ != "NOUN" or subject.ent_type_ in _NAME_ENTITIES:
            return True
        return is_holder_noun(subject.lemma_.lower(), self.cues) or is_holder_noun(
            subject.lower_, self.cues
        )

    def _can_hold(self, token: Any) -> bool:
        """ "According to the Pentagon" names a holder; "according to a recording" does not."""
        return token.ent_type_ in _NAME_ENTITIES or token.lemma_.lower() in self.cues.group_nouns

    def _governing_subject(self, token: Any, predicate: bool) -> Any | None:
        """The active subject of a predicate phrase's clause ("analysts expect", "officials
        have been sceptical"), else the subject of the nearest reporting verb above it; a
        passive subject ("Kim is expected to", "cannot be ruled out") holds nothing."""
        current = token
        for _ in range(8):
            reporting = (
                current is not token and current.lemma_.lower() in self.cues.reporting_lemmas
            )
            subject = _subject_of(current)
            if (
                subject is None
                and reporting
                and current.pos_ == "ADJ"
                and current.head is not current
            ):
                subject = _subject_of(current.head)  # "Xi seems concerned that …"
            holds = reporting or (predicate and getattr(subject, "dep_", "") == "nsubj")
            if subject is not None and subject.dep_ != "nsubjpass" and holds:
                return subject
            if current.head is current:
                return None
            current = current.head
        return None

    def _holder_from_subject(self, subject: Any) -> Holder | None:
        word = subject.lower_
        if word in _FIRST_PERSON:
            return AUTHOR
        if word in _THIRD_PERSON:
            # "experts said that they don't rule out": the reporting subject above
            above = self._governing_subject(subject.head, predicate=False)
            if above is not None and above.lower_ not in _THIRD_PERSON | _FIRST_PERSON:
                return self._holder_from_subject(above)
            if word in ("he", "she", "him", "her"):
                # an unresolved "she" is still someone other than the author
                return self.last_person or Holder(subject.text, "unknown")
            return None
        if word in self.cues.not_holders or subject.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return None
        if not self._names_someone(subject):
            return None  # "His remarks suggest…", "the report says": the author infers
        if _definite_description(subject, self.cues) and self.last_person is not None:
            return self.last_person  # "the six-term lawmaker" named just before
        named_next = _named_next(subject, self.cues)
        if named_next is not None:
            subject = named_next  # "A ruling party lawmaker said …" then "Rep. Lee … had"
        start, end = _noun_phrase(subject)
        name = _full_name(subject, self.text[start:end].strip(" ,"), self._people)
        info = self.lookup(name, start, end)
        if info is not None:
            holder = Holder(info.name, info.kind, info.id, info.principal)
        else:
            holder = Holder(
                name, self._kind_of(subject), None, bool(self.cues.principal.search(name))
            )
        if holder.kind == "person":
            self.last_person = holder
        return holder

    def _kind_of(self, subject: Any) -> str:
        if (
            subject.lemma_.lower() in self.cues.group_nouns
            or subject.lower_ in self.cues.group_nouns
        ):
            return "group"
        label = subject.ent_type_
        if label == "PERSON":
            return "person"
        if label in ("ORG", "GPE", "NORP", "FAC"):
            return "organization"
        if subject.pos_ == "PROPN":
            return "person" if subject.text[:1].isupper() else "unknown"
        return "group" if subject.pos_ == "NOUN" else "unknown"

    def note_people(self, mentions: list[Mention], before: int) -> None:
        """Remember the last person who was the subject of a sentence before ``before`` (for
        "he said" and "the lawmaker wrote"); without a parse, the last person mentioned."""
        if self.doc is not None:
            while self._cursor < len(self.doc) and self.doc[self._cursor].idx < before:
                token = self.doc[self._cursor]
                self._cursor += 1
                if token.dep_ == "nsubj" and token.ent_type_ == "PERSON":
                    start, end = _noun_phrase(token)
                    name = _full_name(token, self.text[start:end].strip(" ,"), self._people)
                    info = self.lookup(name, start, end)
                    self.last_person = (
                        Holder(info.name, "person", info.id, info.principal)
                        if info is not None
                        else Holder(name, "person")
                    )
            return
        for mention in reversed(mentions):
            if mention.end <= before and mention.kind == "person":
                info = self.lookup(mention.text, mention.start, mention.end)
                if info is not None:
                    self.last_person = Holder(info.name, "person", info.id, info.principal)
                else:
                    self.last_person = Holder(mention.text, "person")
                return


_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "this", "that"})


def is_holder_noun(word: str, cues: ForecastCues) -> bool:
    """Whether a common noun names people or a body that can hold a judgment."""
    singular = word[:-1] if word.endswith("s") and word[:-1] in cues.holder_nouns else word
    return (
        singular in cues.holder_nouns
        or word in cues.group_nouns
        or bool(cues.holder_suffixes.search(word))
    )


def _definite_description(subject: Any, cues: ForecastCues) -> bool:
    """ "The lawmaker", "the analyst": a singular role noun after "the" refers back to a person."""
    determiners = [c.lower_ for c in subject.children if c.dep_ == "det"]
    singular = subject.tag_ == "NN"
    role = subject.lemma_.lower()
    named_role = role in cues.group_nouns and role not in cues.anonymous_roles
    return determiners == ["the"] and singular and named_role


def _named_next(subject: Any, cues: ForecastCues) -> Any | None:
    """A news lead names a source by role ("A ruling party lawmaker said …") and the next
    sentence by name ("Rep. Lee Seok-hyun of the Democratic Party had …"): that person's
    subject token, when the role is one that does not keep its bearer anonymous."""
    determiners = [c.lower_ for c in subject.children if c.dep_ == "det"]
    role = subject.lemma_.lower()
    if determiners not in (["a"], ["an"]) or subject.tag_ != "NN":
        return None
    if not is_holder_noun(role, cues) or role in cues.anonymous_roles:
        return None
    following = subject.doc[subject.sent.end :]
    sentence = next(iter(following.sents), None) if len(following) else None
    if sentence is None:
        return None
    for token in sentence:
        if token.dep_ == "nsubj" and token.ent_type_ == "PERSON":
            return token
    return None


PeopleIndex = dict[str, list[tuple[int, str]]]


def index_people(doc: Any | None) -> PeopleIndex:
    """Each word of a PERSON entity of several words -> (entity end, entity text), in order:
    built once per document so that completing a name does not scan every entity."""
    index: PeopleIndex = {}
    for ent in doc.ents if doc is not None else ():
        words = ent.text.split()
        if ent.label_ == "PERSON" and len(words) > 1:
            for word in dict.fromkeys(words):
                index.setdefault(word, []).append((ent.end, str(ent.text)))
    return index


def _full_name(subject: Any, name: str, people: PeopleIndex) -> str:
    """A name given in part ("Lee said") completed from the person named earlier."""
    if " " in name or subject.pos_ != "PROPN":
        return name
    named = people.get(name, [])
    before = bisect_right(named, subject.i, key=lambda n: n[0])
    return named[before - 1][1] if before else name


def _subject_of(token: Any) -> Any | None:
    # the subject nearest the verb: a dateline's place ("WASHINGTON, July 2 -- U.S. experts
    # said") is sometimes parsed as a second subject
    subjects = [child for child in token.children if child.dep_ in _SUBJECTS]
    if subjects:
        child = min(subjects, key=lambda c: abs(c.i - token.i))
        if child.lower_ in ("who", "that", "which") and token.dep_ == "relcl":
            return token.head
        return child
    if token.dep_ == "conj" and token.head is not token:
        # "instructors have high opinions … but think they will…": the first verb's subject
        return _subject_of(token.head)
    return None


def _according_to(token: Any) -> Any | None:
    sentence = token.sent
    for word in sentence:
        if word.lower_ == "according" and word.i + 1 < len(word.doc):
            for child in word.doc[word.i + 1].children:
                if child.dep_ == "pobj":
                    return child
    return None


def _noun_phrase(token: Any) -> tuple[int, int]:
    """The subject with its modifiers ("U.S. experts", "NK Pro analysts", "Rep. Lee Seok-hyun")."""
    keep = ("compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "flat")
    lo = token.i
    for child in token.lefts:
        if child.dep_ in keep:
            lo = min(lo, child.left_edge.i)
    hi = token.i + 1
    entity = _entity_bounds(token)
    if entity is not None and token.ent_type_ in _NAME_ENTITIES:
        lo, hi = min(lo, entity[0]), max(hi, entity[1])
    span = token.doc[lo:hi]
    return span.start_char, span.end_char


def _entity_bounds(token: Any) -> tuple[int, int] | None:
    """Token bounds of the entity that holds ``token``, read off the IOB tags around it
    (``doc.ents`` builds every entity of the document on each call)."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc, lo, hi = token.doc, token.i, token.i + 1
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return lo, hi


def actor_lookup(context: Context, analysis: Analysis) -> ActorLookup:
    """Resolve a holder's words to a pack actor: an overlapping mention, else a pack name."""
    from summitwatch.extract.quotes.speakers import match_pack_actor

    # without a pack, holders stay as the text names them
    pack = context.pack_or_none
    actors = {actor.id: actor for actor in pack.actors} if pack is not None else {}

    # mentions by start: a lookup reads only those that can reach its end (the longest
    # mention bounds how far back one may start), not every mention of the document
    mentions = analysis.mentions
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    starts = [mentions[k].start for k in order]
    longest = max((m.end - m.start for m in mentions), default=0)

    def lookup(name: str, start: int, end: int) -> ActorInfo | None:
        near = order[bisect_left(starts, end - 1 - longest) : bisect_left(starts, end)]
        actor_id = next(
            (
                mentions[k].actor_id
                for k in sorted(near)
                if mentions[k].actor_id and start >= 0 and end <= mentions[k].end + 1
            ),
            None,
        )
        if actor_id is None and name in actors:
            actor_id = name
        if actor_id is None and actors:
            actor_id = match_pack_actor(name, context)
        actor = actors.get(actor_id or "")
        if actor is None or not _covers_head(actor, name):
            return None
        kind = "person" if actor.kind == "person" else "organization"
        sectors = {actor.sector, *(role.sector for role in actor.roles)}
        principal = actor.kind in ("state", "organization") or bool(sectors & {"GOV", "MIL"})
        return ActorInfo(actor.id, actor.name, kind, principal)

    return lookup


def is_predicate(phrase: Any) -> bool:
    """Whether an estimative phrase is its holder's own predicate ("analysts expect")."""
    return phrase.phrase_id in PREDICATE_PHRASES and not _NOT_PREDICATE.match(phrase.text)


def _covers_head(actor: Any, name: str) -> bool:
    """ "U.S. Naval War College professor Terence Roehrig" is Roehrig, not the United States:
    an actor stands for a holder only when one of its names holds the holder's last word."""
    if name == actor.id:
        return True
    head = re.sub(r"[’']s$", "", name.split()[-1]).lower() if name.split() else ""
    names = [actor.name, *actor.aliases]
    return any(head in re.split(r"[\s.-]+", n.lower()) for n in names)
