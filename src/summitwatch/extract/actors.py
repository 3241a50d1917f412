"""Actor mentions: names, aliases, titles and pronouns resolved to the pack's canonical actors.

Pack names and aliases are found with a token trie (longest match first, hyphens and case of
the given names ignored, acronyms exact). Forms several actors share ("Kim") and role phrases
("the South Korean president") are resolved by context: the nearest earlier mention of a
candidate in the paragraph, then in the previous paragraph, then the pack's ``default_for``,
then anywhere earlier. A surname glued to other capitalized name words ("Kim Son Gyong") is a
different, unknown person and stays unresolved with its text. When a spaCy pipeline is
available its entities (PERSON, ORG, GPE, NORP) add the people and organizations the pack
does not know. He/she/his/her take the first compatible person of their sentence, else of
the sentences before, back to the previous paragraph (subjects come first in English).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from summitwatch.extract.actor_index import (
    HYPHENS,
    ActorIndex,
    Layout,
    Surface,
    Words,
    actor_index,
    candidate_ids,
    case_fits,
    is_name_word,
    is_word,
    load_words,
    lookup_surfaces,
    name_tokens,
    surface_key,
    tokenize,
)
from summitwatch.extract.parse import parse_documents
from summitwatch.extract.pronouns import resolve_pronouns
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Actor, Analysis, Mention, Parse, Sentence, Token, make_id
from summitwatch.packs.pack import Pack, PackActor
from summitwatch.stage import Context, Stage

_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
NER_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "unknown", "NORP": "group"}


@dataclass
class Candidate:
    start: int
    end: int
    surfaces: list[Surface]
    kind: str = "unknown"  # for unresolved entities


# --- finding names --------------------------------------------------------------------------


def scan_aliases(
    text: str, tokens: list[Token], index: ActorIndex, layout: Layout
) -> list[Candidate]:
    words = load_words()
    found: list[Candidate] = []
    position = 0
    while position < len(tokens):
        match = longest_at(tokens, position, index)
        if match is None:
            position += 1
            continue
        last, surfaces = match
        span = None
        if not layout.is_headline(tokens[position].start):
            span = extend_name(text, tokens, position, last, surfaces, index, words)
        if span is not None:
            first, last = span
            found.append(Candidate(tokens[first].start, tokens[last].end, [], "person"))
        else:
            found.append(Candidate(tokens[position].start, tokens[last].end, surfaces))
        position = last + 1
    return found


def longest_at(
    tokens: list[Token], position: int, index: ActorIndex
) -> tuple[int, list[Surface]] | None:
    """The longest pack name starting at token ``position``: its last token and surfaces."""
    if not is_word(tokens[position]):
        return None
    best: tuple[int, list[Surface]] | None = None
    key = ""
    seen: list[str] = []
    for cursor in range(position, len(tokens)):
        text = tokens[cursor].text
        if text in HYPHENS:
            continue
        key = f"{key} {text.casefold()}" if key else text.casefold()
        seen.append(text)
        if key not in index.prefixes:
            break
        fitting = [s for s in index.surfaces.get(key, []) if case_fits(s, seen)]
        if fitting:
            best = (cursor, fitting)
    if best is None and _HANGUL.match(tokens[position].text):
        best = hangul_stem(tokens[position].text, position, index)
    return best


def hangul_stem(word: str, position: int, index: ActorIndex) -> tuple[int, list[Surface]] | None:
    """Korean names carry particles glued to them (김정은은): try the word minus its ending."""
    for cut in (1, 2):
        stem = word[:-cut]
        if len(stem) >= 2 and stem in index.surfaces:
            return position, index.surfaces[stem]
    return None


def extend_name(
    text: str,
    tokens: list[Token],
    first: int,
    last: int,
    surfaces: list[Surface],
    index: ActorIndex,
    words: Words,
) -> tuple[int, int] | None:
    """The span of a longer, unknown name around a bare surname ("Kim Son Gyong"), if any.

    To the left only a hyphenated given name counts ("Hyung-jin Kim"): a capitalized word
    before a surname is too often a sentence opener; spaCy's entities cover "Eric Trump"."""
    if first != last or not any(index.actors[s.actor_id].kind == "person" for s in surfaces):
        return None
    end = last
    cursor = last + 1
    while cursor < len(tokens):
        token = tokens[cursor]
        if "\n" in text[tokens[cursor - 1].end : token.start]:
            break
        if is_name_word(token) and token.text.casefold() not in words.non_name:
            end = cursor
        elif (
            end > last  # "Sang-hun" continues a name already extended, "Trump-era" does not
            and token.text in HYPHENS
            and cursor + 1 < len(tokens)
            and is_word(tokens[cursor + 1])
        ):
            end = cursor = cursor + 1
        else:
            break
        cursor += 1
    start = first
    # a hyphenated Korean given name before the surname ("Hyung-jin Kim") is one name
    if first >= 3 and tokens[first - 2].text in HYPHENS and is_name_word(tokens[first - 3]):
        given = tokens[first - 1]
        if given.text.isalpha() and given.text.islower():
            start = first - 3
    return (start, end) if (start, end) != (first, last) else None


# --- spaCy entities -------------------------------------------------------------------------


def parse_entities(text: str, parse: Parse) -> list[tuple[int, int, str]]:
    """The people, organizations, places and groups the document's one parse names."""
    return join_person_pieces(text, parse.entities(tuple(NER_KINDS)))


_NAME_TAIL = re.compile(r"-[a-z]+")


def join_person_pieces(
    text: str, entities: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The small English model cuts Korean names ("Hyun" + "Cha" for "Hyun-woo Cha", "Kim Son"
    + "Gyong"): carry a name over its hyphenated syllable and join pieces a space apart."""
    joined: list[tuple[int, int, str]] = []
    for start, end, label in entities:
        if label == "PERSON":
            tail = _NAME_TAIL.match(text, end)
            if tail:
                end = tail.end()
            if joined and joined[-1][2] == "PERSON" and text[joined[-1][1] : start] == " ":
                start = joined.pop()[0]
        joined.append((start, end, label))
    return joined


def trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave out a leading article and a trailing possessive."""
    lead = re.match(r"(?:the|The)\s+", text[start:end])
    if lead:
        start += lead.end()
    tail = re.search(r"['’]s?$", text[start:end])
    if tail:
        end = start + tail.start()
    return start, end


def merge_entities(
    text: str,
    found: list[Candidate],
    entities: list[tuple[int, int, str]],
    index: ActorIndex,
    layout: Layout,
) -> list[Candidate]:
    words = load_words()
    merged = _Merged(found, max((e - s for s, e, _ in entities), default=0))
    for ent_start, ent_end, label in entities:
        start, end = trim_entity(text, ent_start, ent_end)
        if end - start < 2 or not text[start].isupper() or layout.is_headline(start):
            continue
        if "\n" in text[start:end]:
            continue
        inside = merged.overlapping(start, end)
        if inside:
            if label in ("PERSON", "ORG") and longer_name(text, start, end, inside, words):
                merged.remove(inside)
                merged.append(Candidate(start, end, [], NER_KINDS[label]))
            continue
        key = surface_key(name_tokens(text[start:end]))
        if key in index.places or key in words.pronouns or key in words.titles:
            continue
        surfaces = lookup_surfaces(text[start:end], index)
        merged.append(Candidate(start, end, surfaces, NER_KINDS[label]))
    return sorted(merged.in_order(), key=lambda c: c.start)


class _Merged:
    """The candidates merged so far, in the order they were added, with the overlap query
    bounded: sorted by start, a span can only overlap those starting less than the longest
    candidate before it (a scan of every candidate per entity is quadratic on long texts)."""

    def __init__(self, found: list[Candidate], longest_entity: int) -> None:
        self._seq = 0
        self._longest = longest_entity
        self._alive: dict[int, Candidate] = {}
        self._starts: list[tuple[int, int]] = []  # (start, seq), sorted
        for candidate in found:
            self.append(candidate)

    def append(self, candidate: Candidate) -> None:
        self._longest = max(self._longest, candidate.end - candidate.start)
        self._alive[self._seq] = candidate
        bisect.insort(self._starts, (candidate.start, self._seq))
        self._seq += 1

    def overlapping(self, start: int, end: int) -> list[Candidate]:
        lo = bisect.bisect_left(self._starts, (start - self._longest, -1))
        hi = bisect.bisect_left(self._starts, (end, -1))
        seqs = sorted(
            seq
            for _, seq in self._starts[lo:hi]
            if self._alive[seq].start < end and start < self._alive[seq].end
        )
        return [self._alive[seq] for seq in seqs]

    def remove(self, gone: list[Candidate]) -> None:
        ids = {id(c) for c in gone}
        for seq in [k for k, c in self._alive.items() if id(c) in ids]:
            self._starts.remove((self._alive.pop(seq).start, seq))

    def in_order(self) -> list[Candidate]:
        return list(self._alive.values())


def longer_name(text: str, start: int, end: int, inside: list[Candidate], words: Words) -> bool:
    """Whether an entity holds name words beyond the pack matches it contains."""
    if any(c.start < start or c.end > end for c in inside):
        return False
    for token in tokenize(text[start:end]):
        offset = start + token.start
        if any(c.start <= offset < c.end for c in inside):
            continue
        folded = token.text.casefold()
        if is_name_word(token) and folded not in words.titles and folded not in words.non_name:
            return True
    return False


# --- resolution -----------------------------------------------------------------------------


@dataclass
class History:
    """Resolved mentions so far, for context, in text order: (paragraph, actor id, whether the
    mention named the actor unambiguously, "Kim Jong Un" rather than "Kim")."""

    seen: list[tuple[int, str, bool]] = field(default_factory=list)

    def latest(
        self, ids: list[str], paragraph: int | None = None, *, full: bool = False
    ) -> str | None:
        for seen_paragraph, actor_id, was_full in reversed(self.seen):
            if actor_id not in ids or (full and not was_full):
                continue
            if paragraph is None or seen_paragraph == paragraph:
                return actor_id
        return None


def choose_actor(
    ids: list[str], key: str, paragraph: int, history: History, index: ActorIndex
) -> str | None:
    """The actor a shared form ("Kim") stands for: the candidate most recently named in full
    in the document (salience), else the latest candidate mentioned in this or the previous
    paragraph, else the pack's default for the form, else the latest mentioned anywhere."""
    if len(ids) == 1:
        return ids[0]
    named = history.latest(ids, full=True)
    if named:
        return named
    for scope in (paragraph, paragraph - 1):
        recent = history.latest(ids, scope)
        if recent:
            return recent
    default = index.defaults.get(key)
    if default in ids:
        return default
    return history.latest(ids)


def resolve_candidates(
    text: str, found: list[Candidate], index: ActorIndex, layout: Layout, when: str | None
) -> list[Mention]:
    history = History()
    mentions = []
    for cand in found:
        surface_text = text[cand.start : cand.end]
        if not cand.surfaces:
            mentions.append(Mention(cand.start, cand.end, surface_text, None, cand.kind))
            continue
        paragraph = layout.paragraph_of(cand.start)
        key = surface_key(name_tokens(surface_text))
        ids = candidate_ids(cand.surfaces, when)
        actor_id = choose_actor(ids, key, paragraph, history, index)
        kind = index.actors[actor_id or ids[0]].kind
        mentions.append(Mention(cand.start, cand.end, surface_text, actor_id, kind))
        if actor_id:
            history.seen.append((paragraph, actor_id, len(ids) == 1))
    return mentions


# --- public helpers -------------------------------------------------------------------------


def find_mentions(
    text: str,
    pack: Pack,
    *,
    when: str | None = None,
    sentences: list[Sentence] | None = None,
    nlp: Any | None = None,
    parse: Parse | None = None,
) -> list[Mention]:
    """Every actor mention in ``text``, resolved where the pack and the context allow.

    ``parse``: the document's one parse (its entities add people the pack does not know);
    given only ``nlp``, the text is parsed here."""
    index = actor_index(pack)
    sentences = sentences if sentences is not None else split_sentences(text)
    layout = Layout(text, sentences)
    tokens = tokenize(text)
    found = scan_aliases(text, tokens, index, layout)
    if parse is None and nlp is not None:
        parse = parse_documents(nlp, [(text, sentences)])[0]
    if parse is not None and parse.doc is not None:
        found = merge_entities(text, found, parse_entities(text, parse), index, layout)
    mentions = resolve_candidates(text, found, index, layout, when)
    mentions = [m for m in mentions if not names_a_manner(text, m)]
    mentions += resolve_pronouns(text, tokens, mentions, index, layout)
    return sorted(mentions, key=lambda m: (m.start, m.end))


_MANNER = re.compile(r"(?:[ \t]+[A-Za-z]+)?[ \t]*[-\u2010\u2011\u2013][ \t]*([A-Za-z]+)")


def names_a_manner(text: str, mention: Mention) -> bool:
    """A name that opens an adjective of style or origin ("*French* colonial-style",
    "*Chinese*-made") describes a thing; nobody acts."""
    found = _MANNER.match(text, mention.end)
    return found is not None and found.group(1).casefold() in load_words().manner


def resolve_actor_text(text: str, context: Context, when: str | None = None) -> str | None:
    """The canonical id a name or alias stands for on its own ("Kim" -> the pack default)."""
    index = actor_index(context.pack)
    surfaces = lookup_surfaces(text, index)
    if not surfaces:
        return resolve_by_scan(text, index, when)
    ids = candidate_ids(surfaces, when)
    key = surface_key(surfaces[0].tokens)
    return choose_actor(ids, key, 0, History(), index)


def resolve_by_scan(text: str, index: ActorIndex, when: str | None) -> str | None:
    """A longer phrase ("U.S. President Donald Trump") names the actor its last word belongs to."""
    tokens = tokenize(text)
    words = [t for t in tokens if is_word(t)]
    if not words:
        return None
    layout = Layout(text, [Sentence(0, len(text), 0)])
    found = scan_aliases(text, tokens, index, layout)
    last = words[-1].start
    for cand in found:
        if cand.surfaces and cand.start <= last < cand.end:
            ids = candidate_ids(cand.surfaces, when)
            key = surface_key(name_tokens(text[cand.start : cand.end]))
            return choose_actor(ids, key, 0, History(), index)
    return None


def actor_record(pack_actor: PackActor, when: str | None) -> Actor:
    """The actor as an exported record, country and sector taken at ``when``."""
    return Actor(
        id=pack_actor.id,
        name=pack_actor.name,
        kind=pack_actor.kind,
        country=pack_actor.country_at(when),
        sector=pack_actor.sector_at(when),
        wikidata=pack_actor.wikidata,
    )


def unresolved_actor(text: str, kind: str = "unknown") -> Actor:
    """A record for an entity the pack does not know, keyed by its normalized text."""
    name = " ".join(text.split())
    return Actor(id=make_id("unk", name.casefold()), name=name, kind=kind)


# --- the stage ------------------------------------------------------------------------------


def assign_mentions(analysis: Analysis, context: Context) -> None:
    published = analysis.document.published
    analysis.mentions = find_mentions(
        analysis.document.text,
        context.pack,
        when=published.isoformat() if published else None,
        sentences=analysis.sentences,
        nlp=context.nlp if analysis.parse is None else None,
        parse=analysis.parse,
    )


STAGE = Stage(
    name="actors",
    version="2",
    requires=("document", "sentences"),  # reads the parse when the parse stage ran before
    assigns=("mentions",),
    run=assign_mentions,
    lexicons=("actor_words",),
    settings=("spacy_model", "pack"),
)
