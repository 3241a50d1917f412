"""The pack's names compiled for matching (surfaces, case rules, a token trie) and the text's
layout (tokens, sentences, paragraphs, headlines).

Shared by the actor stage, its pronoun resolver and anything else that turns a name into a
canonical actor id.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from summitwatch.lexicons import read_lexicon
from summitwatch.models import Sentence, Token
from summitwatch.packs.pack import Pack, PackActor, Role

_TOKEN = re.compile(r"\w+|[^\w\s]")
HYPHENS = frozenset("-‐‑")
_STRIP_WORDS = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Words:
    titles: frozenset[str]
    non_name: frozenset[str]
    pronouns: dict[str, str]
    fronting: frozenset[str]
    small_words: frozenset[str]
    manner: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_words() -> Words:
    data = read_lexicon("actor_words")
    return Words(
        titles=frozenset(str(w).rstrip(".").casefold() for w in data["titles"]),
        non_name=frozenset(str(w).casefold() for w in data["non_name_words"]),
        pronouns={str(k): str(v) for k, v in data["pronouns"].items()},
        fronting=frozenset(str(w).casefold() for w in data["fronting"]),
        small_words=frozenset(str(w).casefold() for w in data["small_words"]),
        manner=frozenset(str(w).casefold() for w in data.get("manner_words") or []),
    )


@dataclass(frozen=True, eq=False)
class Surface:
    """One way the pack names an actor."""

    actor_id: str
    tokens: tuple[str, ...]
    short: bool = False
    role: Role | None = None


@dataclass(eq=False)
class ActorIndex:
    actors: dict[str, PackActor]
    surfaces: dict[str, list[Surface]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    defaults: dict[str, str] = field(default_factory=dict)
    places: set[str] = field(default_factory=set)
    size: tuple[int, int] = (0, 0)  # actors and places when built


_INDEXES: dict[int, tuple[weakref.ref[Pack], ActorIndex]] = {}


def actor_index(pack: Pack) -> ActorIndex:
    """The pack's compiled names, built once per pack object (again if actors are added)."""
    cached = _INDEXES.get(id(pack))
    if cached is not None and cached[0]() is pack and cached[1].size == pack_size(pack):
        return cached[1]
    index = build_index(pack)
    _INDEXES[id(pack)] = (weakref.ref(pack), index)
    return index


def pack_size(pack: Pack) -> tuple[int, int]:
    return len(pack.actors), len(pack.places)


def build_index(pack: Pack) -> ActorIndex:
    index = ActorIndex(actors={actor.id: actor for actor in pack.actors}, size=pack_size(pack))
    for actor in pack.actors:
        for name in dict.fromkeys([actor.name, *actor.aliases]):
            add_surface(index, name, Surface(actor.id, name_tokens(name)))
        for name in actor.short_names:
            add_surface(index, name, Surface(actor.id, name_tokens(name), short=True))
        for role in actor.roles:
            for name in role.aliases:
                add_surface(index, name, Surface(actor.id, name_tokens(name), role=role))
        for name in actor.default_for:
            index.defaults[surface_key(name_tokens(name))] = actor.id
    for place in pack.places:
        for name in [place.name, *place.aliases]:
            index.places.add(surface_key(name_tokens(name)))
    return index


def add_surface(index: ActorIndex, name: str, surface: Surface) -> None:
    if not surface.tokens:
        return
    key = surface_key(surface.tokens)
    index.surfaces.setdefault(key, []).append(surface)
    for end in range(1, len(surface.tokens) + 1):
        index.prefixes.add(surface_key(surface.tokens[:end]))


def name_tokens(text: str) -> tuple[str, ...]:
    """Word and punctuation tokens of a name, hyphens left out ("Jong-un" = "Jong un")."""
    return tuple(t for t in _TOKEN.findall(text.replace("’", "'")) if t not in HYPHENS)


def surface_key(tokens: tuple[str, ...] | list[str]) -> str:
    return " ".join(t.casefold() for t in tokens)


def case_fits(surface: Surface, found: list[str]) -> bool:
    """Acronyms match exactly, a capitalized first word stays capitalized, the rest is free."""
    for position, (expected, seen) in enumerate(zip(surface.tokens, found, strict=False)):
        letters = sum(ch.isalpha() for ch in expected)
        if letters > 1 and expected.isupper():
            if seen != expected:
                return False
        elif position == 0 and expected[:1].isupper() and not seen[:1].isupper():
            return False
    return True


def lookup_surfaces(text: str, index: ActorIndex) -> list[Surface]:
    """The pack surfaces naming exactly ``text`` (articles, possessives and titles left out)."""
    words = load_words()
    tokens = list(name_tokens(text))
    while tokens and tokens[0].casefold() in _STRIP_WORDS:
        tokens = tokens[1:]
    if len(tokens) >= 2 and tokens[-2] == "'" and tokens[-1].casefold() == "s":
        tokens = tokens[:-2]
    while tokens:
        surfaces = [s for s in index.surfaces.get(surface_key(tokens), []) if case_fits(s, tokens)]
        if surfaces:
            return surfaces
        if tokens[0].rstrip(".").casefold() not in words.titles or len(tokens) == 1:
            break
        tokens = tokens[1:]
        while tokens and tokens[0] == ".":
            tokens = tokens[1:]
    return []


def candidate_ids(surfaces: list[Surface], when: str | None) -> list[str]:
    """Distinct actors the surfaces name, role phrases kept only while their role holds."""
    held = [s for s in surfaces if s.role is None or role_holds(s.role, when)]
    return list(dict.fromkeys(s.actor_id for s in held or surfaces))


def role_holds(role: Role, when: str | None) -> bool:
    return role.covers(when) if when else role.end is None


# --- the text's layout ----------------------------------------------------------------------


_EMPTY: frozenset[str] = frozenset()


def is_word(token: Token) -> bool:
    return token.text[:1].isalnum() or token.text[:1] == "_"


def is_name_word(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.isalpha()


def tokenize(text: str) -> list[Token]:
    """The text's words and punctuation as the one token type (:class:`models.Token`), each
    its own head (no parse): names are matched over the whole text, parse or not."""
    out = []
    for k, m in enumerate(_TOKEN.finditer(text)):
        word = m.group().replace("’", "'")
        out.append(Token(k, word, word.lower(), _EMPTY, m.start(), m.end(), k))
    return out


class Layout:
    """Sentence and paragraph of any offset, and which sentences are headlines."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self._headlines: dict[int, bool] = {}

    def front_end(self, number: int, fronting: frozenset[str]) -> int:
        """Where a fronted phrase ("Ahead of a meeting with Xi, he ...") ends: the offset of
        its comma, else the sentence start. People named in it are seldom the subject."""
        sentence = self.sentences[number]
        body = self.text[sentence.start : sentence.end]
        first = re.match(r"\W*(\w+)", body)
        comma = body.find(",")
        # a subject inside ("At the summit he said ..., and") means there is no fronted phrase
        subject = re.search(r"\b(?:he|she|they|we|I|it)\b", body[: max(comma, 0)], re.I)
        if first and first.group(1).casefold() in fronting and comma > 0 and not subject:
            return sentence.start + comma + 1
        return sentence.start

    def is_headline(self, offset: int) -> bool:
        """Title Case lines ("Why Kim Won't Play Along"): capitalized words are not names."""
        if not self.sentences:
            return False
        number = self.sentence_of(offset)
        if number not in self._headlines:
            sentence = self.sentences[number]
            words = re.findall(r"[^\W\d_][\w'’]*", self.text[sentence.start : sentence.end])
            small = load_words().small_words
            lower = sum(1 for w in words if w[0].islower() and w.casefold() not in small)
            upper = sum(1 for w in words if w[0].isupper())
            self._headlines[number] = lower == 0 and upper >= 3
        return self._headlines[number]

    def sentence_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def paragraph_of(self, offset: int) -> int:
        if not self.sentences:
            return 0
        return self.sentences[self.sentence_of(offset)].paragraph
