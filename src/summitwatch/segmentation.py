"""Paragraphs and sentences of a clean body text, as character spans (shared by every layer).

Rule-based on purpose: it is fast, deterministic and keeps offsets exact. A sentence
ends at ``.``, ``!`` or ``?`` (plus any closing quotes or brackets) when the next word
starts like a sentence, unless the period belongs to a known abbreviation or an initial.
"""

from __future__ import annotations

import re

from summitwatch.models import Sentence

# Words whose trailing period does not end a sentence.
_ABBREVIATION_WORDS = """
mr mrs ms dr prof gen lt col sgt capt adm rep sen gov pres st jr sr vs etc no nos
jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e inc corp co ltd
dept approx fig vol pp ed eds amb ambs maj brig cmdr rev hon reps sens sec dep fmr ret
a.m p.m u.s.a d.c
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# Abbreviations that also end sentences ("... sanctions on the U.S. They said ...") when the
# next word is one that typically opens a sentence rather than continues a name.
_CAN_END = frozenset("u.s u.n u.k etc inc co ltd jr sr a.m p.m d.c".split())
_SENTENCE_OPENERS = frozenset(
    """the a an they he she it we i this that these those there but and yet so however
    in on at for after before when while if as since although despite its his her their
    our some many most all no one both""".split()
)

_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")
_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?:\d+\))?")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[]?[A-Z0-9\u1100-\uD7A3]")


def _is_abbreviation(text: str, period: int) -> bool:
    word_start = period
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:period].lower()
    if not word:
        return False
    if word in _CAN_END and _next_word(text, period + 1).lower() in _SENTENCE_OPENERS:
        return False
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    # initials such as "B.J." or "L." in "Erika L. Green"
    return bool(_INITIALS.fullmatch(text[word_start:period]))


def _next_word(text: str, offset: int) -> str:
    match = re.match(r"\s+[\"'“‘(]?([A-Za-z]+)", text[offset : offset + 40])
    return match.group(1) if match else ""


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(_paragraphs(text)):
        start = p_start
        for match in _END.finditer(text, p_start, p_end):
            end = match.end()
            lone_period = text[match.start()] == "." and match.end() - match.start() == 1
            if lone_period and _is_abbreviation(text, match.start()):
                continue
            if end < p_end and not _NEXT_START.match(text, end):
                continue
            _append(sentences, text, start, end, paragraph)
            start = end
        _append(sentences, text, start, p_end, paragraph)
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start=start, end=end, paragraph=paragraph))
