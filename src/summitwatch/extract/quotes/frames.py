"""Quotation marks, the shapes of quoted text and the frames that introduce a quote.

Marks are paired by what surrounds them rather than by their glyph, so a closing quote typed
as an opening one (“…“) still closes. A frame is the text on either side of a quote within
its clause: a reporting cue before it, a cue and speaker after it, or nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summitwatch.lexicons import lexicon_path, read_lexicon_file
from summitwatch.models import Sentence

CUES_FILE = lexicon_path("quote_cues")
DOUBLE_MARKS = '"“”„«»'
OPENING_GLYPHS = "“„«"
CLOSING_GLYPHS = "”»"
OPEN_BEFORE = "([{—–-/"
CLOSE_AFTER = ".,;:!?)]}—–-…'’"
NOTE_LINE = re.compile(r"\s*(?:\d{1,3}\)|\[\d{1,3}\]|\d{1,3}\.\s)")
WORD = re.compile(r"[\w’'.-]+")
NAME_WORD = re.compile(r"(?:[A-Z][\w’'.-]*|of|the|de|van|von|al|bin)")
TERMINAL = tuple(".?!…")
DASH_BYLINE = re.compile(r"\s*[―—–]\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4}\s*$")
SPEAKER_STARTS = frozenset("he she they i we it the a an his her their its one".split())
MIN_WORDS_FREE = 4  # a quote with no cue next to it must look like a sentence
MIN_WORDS_CUED = 2
MIN_WORDS_MIXED = 6  # a quote finishing a reported clause must carry a real utterance


@dataclass(frozen=True)
class QuoteCues:
    verbs: frozenset[str]  # every inflected form
    lemmas: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[str, ...]
    pronouns: frozenset[str]
    titles: frozenset[str]


@dataclass
class FoundQuote:
    """One direct quote located in a plain text, before any actor ids are attached."""

    start: int  # quoted text, inside the marks
    end: int
    text: str
    cue: str | None = None
    cue_start: int | None = None
    speaker_text: str | None = None  # as written (may be a pronoun)
    speaker_start: int | None = None
    speaker_end: int | None = None
    resolved_text: str | None = None  # the named antecedent of a pronoun speaker
    resolved_start: int | None = None
    resolved_end: int | None = None
    date: str | None = None
    frame: str = ""  # left, right or free: where the speaker was found


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_FILE) -> QuoteCues:
    data = read_lexicon_file(path)
    forms: set[str] = set()
    for lemma in data["verbs"]:
        forms.update(inflect_verb(lemma))
    for extra in (data.get("forms") or {}).values():
        forms.update(extra)
    return QuoteCues(
        verbs=frozenset(forms),
        lemmas=frozenset(data["verbs"]),
        nouns=frozenset(data["nouns"]),
        phrases=tuple(data.get("phrases") or ()),
        pronouns=frozenset(data["pronouns"]),
        titles=frozenset(data.get("titles") or ()),
    )


def inflect_verb(lemma: str) -> set[str]:
    """Regular forms of a reporting verb; irregular ones are listed in the cue file."""
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    plural = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"
    return {lemma, plural, lemma + "ed", lemma + "ing"}


def mark_role(text: str, i: int, lo: int, hi: int) -> str:
    """open, close or either, from the characters around the mark and then its glyph."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    after_space = prev.isspace() or prev in OPEN_BEFORE or prev in DOUBLE_MARKS
    before_space = nxt.isspace() or nxt in CLOSE_AFTER or nxt in DOUBLE_MARKS
    if after_space and not before_space:
        return "open"
    if before_space and not after_space:
        return "close"
    if text[i] in OPENING_GLYPHS:
        return "open"
    if text[i] in CLOSING_GLYPHS:
        return "close"
    return "either"


def pair_marks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(opening mark, closing mark) pairs in one paragraph; an unclosed quote ends at ``hi``."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(lo, hi):
        if text[i] not in DOUBLE_MARKS:
            continue
        role = mark_role(text, i, lo, hi)
        if open_at is None:
            if role != "close":
                open_at = i
        elif role == "open":
            pairs.append((open_at, i))  # the earlier quote lost its closing mark
            open_at = i
        else:
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, hi))
    return pairs


def paragraph_spans(sentences: list[Sentence]) -> list[tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for s in sentences:
        lo, hi = spans.get(s.paragraph, (s.start, s.end))
        spans[s.paragraph] = (min(lo, s.start), max(hi, s.end))
    return sorted(spans.values())


def words_of(text: str) -> list[str]:
    return WORD.findall(text)


def looks_like_title(content: str) -> bool:
    """Headline case with no sentence punctuation: a title or a name, not speech."""
    body = content.strip().rstrip(",.;:")
    if re.search(r"[.?!;]\s", body) or body.endswith(("?", "!")):
        return False
    long_words = [w for w in words_of(body) if len(w) > 3 or w[:1].isdigit()]
    if not long_words:
        return True
    capitalised = sum(1 for w in long_words if w[0].isupper() or w[0].isdigit())
    return capitalised / len(long_words) >= 0.75


def last_words(text: str, n: int) -> list[str]:
    return [w.lower().strip(".’'") for w in words_of(text)[-n:]]


def has_cue(words: list[str], cues: QuoteCues) -> bool:
    return any(w in cues.verbs for w in words)


def left_frame(left: str, cues: QuoteCues) -> str:
    """How the text before a quote (within its clause) introduces it."""
    stripped = left.rstrip()
    if not stripped or not words_of(stripped):
        return "start"
    if stripped.endswith(":"):
        return "cue"
    if stripped.endswith((",", "—", "–")):
        near = last_words(stripped, 5)
        tail = stripped.lower()[-40:]
        if has_cue(near, cues) or any(p in tail for p in cues.phrases):
            return "cue"
        return "comma"
    near = last_words(stripped, 8)
    if near[-1] == "that" and has_cue(near[:-1], cues):
        return "cue"
    if near[-1] in cues.verbs:
        return "cue"
    if "that" in near[-4:-1] and has_cue(near[: near.index("that")], cues):
        return "mixed"  # "commented that it was “…”": the quote finishes a reported clause
    return "embedded"


def right_frame(right: str, cues: QuoteCues) -> bool:
    """Whether the text after a quote names the speaker: ", he said", "said Trump", ..."""
    head = right.lstrip(" ,;—–-\n")
    if DASH_BYLINE.match(right):
        return True
    words = [w.strip(".’'") for w in words_of(re.split(r"[“\"]", head, maxsplit=1)[0])[:16]]
    if not words:
        return False
    first = words[0]
    if first.lower() in cues.verbs:
        return True
    if not (first[:1].isupper() or first.lower() in SPEAKER_STARTS):
        return False
    return any(w.lower() in cues.verbs for w in words[1:])


def continues_clause(right: str) -> bool:
    """A lowercase word right after the closing mark: the quote is part of a clause."""
    head = right[:2]
    return bool(re.match(r"\s?[a-z]", head)) or bool(re.match(r"[A-Za-z]", right[:1]))


def trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def sentence_of(sentences: list[Sentence], offset: int) -> Sentence | None:
    for s in sentences:
        if s.start <= offset < s.end:
            return s
    return None


def short_next_sentence(text: str, sentences: list[Sentence], current: Sentence) -> str:
    """A following "Trump said." sentence, which frames the quote before it."""
    for i, s in enumerate(sentences):
        if s == current and i + 1 < len(sentences):
            nxt = sentences[i + 1]
            if nxt.paragraph == s.paragraph and len(words_of(text[nxt.start : nxt.end])) <= 8:
                return " " + text[nxt.start : nxt.end]
    return ""


def previous_sentence(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence before the one holding ``offset``, within one paragraph's distance."""
    current = sentence_of(sentences, offset)
    if current is None:
        return None
    index = sentences.index(current)
    if index == 0 or current.paragraph - sentences[index - 1].paragraph > 1:
        return None
    return sentences[index - 1]
