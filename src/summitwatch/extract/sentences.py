"""Paragraphs and sentences of the clean body text, as character spans.

Rule-based on purpose: it is fast, deterministic and keeps offsets exact. A sentence
ends at ``.``, ``!`` or ``?`` (plus any closing quotes or brackets) when the next word
starts like a sentence, unless the period belongs to a known abbreviation or an initial.
"""

from __future__ import annotations

import re

from summitwatch.models import Sentence
from summitwatch.pipeline import Analysis, Context, Stage

# Words whose trailing period does not end a sentence.
_ABBREVIATION_WORDS = """
mr mrs ms dr prof gen lt col sgt capt adm rep sen gov pres st jr sr vs etc no nos
jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e inc corp co ltd
dept approx fig vol pp ed eds
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?:\d+\))?")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[]?[A-Z0-9\u1100-\uD7A3]")


def _is_abbreviation(text: str, period: int) -> bool:
    word_start = period
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:period].lower()
    if not word:
        return False
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    # initials such as "B.J." or "L." in "Erika L. Green"
    return len(word.replace(".", "")) == 1 and word[0].isalpha() and text[period - 1].isupper()


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


def assign_sentences(analysis: Analysis, context: Context) -> None:
    analysis.sentences = split_sentences(analysis.document.text)


STAGE = Stage(
    name="sentences",
    version="1",
    requires=("document",),
    assigns=("sentences",),
    run=assign_sentences,
)
