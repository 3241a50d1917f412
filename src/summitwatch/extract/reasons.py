"""Reasons: explanatory claims tied to the pack's factors.

A reason starts at a cue ("The first reason is…", "Another reason is that…", "stemmed from a
desire to…") or at an item of a numbered list that a paragraph announced ("…due to three main
reasons:"). The factor is found by the pack's patterns (``factors.yaml``), first in the cue's own
sentence, then in the next sentences of its paragraph. ReasonCues live in ``reason_cues.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.lexicons import lexicon_path, read_lexicon_file
from summitwatch.models import Analysis, Reason, Sentence, make_id
from summitwatch.packs.pack import Factor
from summitwatch.stage import Context, Stage

CUES_FILE = lexicon_path("reason_cues")
_MARKER_ONLY = re.compile(r"\W*\d{1,2}[.)]\W*")


@dataclass(frozen=True)
class ReasonCues:
    cues: tuple[re.Pattern[str], ...]
    list_item: re.Pattern[str]
    list_intro: re.Pattern[str]
    list_window: int
    follow: int


@lru_cache(maxsize=2)
def load_cues(path: Path = CUES_FILE) -> ReasonCues:
    data: dict[str, Any] = read_lexicon_file(path)
    return ReasonCues(
        cues=tuple(re.compile(c, re.I) for c in data["cues"]),
        list_item=re.compile(data["list_item"]),
        list_intro=re.compile(data["list_intro"], re.I),
        list_window=int(data["list_window"]),
        follow=int(data["follow"]),
    )


def compile_factors(factors: list[Factor]) -> list[tuple[Factor, re.Pattern[str]]]:
    return [
        (factor, re.compile("|".join(f"(?:{p})" for p in factor.patterns), re.I))
        for factor in factors
        if factor.patterns
    ]


def matching_factors(text: str, factors: list[tuple[Factor, re.Pattern[str]]]) -> list[Factor]:
    return [factor for factor, regex in factors if regex.search(text)]


def reason_heads(text: str, sentences: list[Sentence], cues: ReasonCues) -> list[int]:
    """Indexes of the sentences that open a reason."""
    heads: list[int] = []
    intro_paragraph: int | None = None
    seen_paragraphs: list[int] = []
    for index, sentence in enumerate(sentences):
        body = text[sentence.start : sentence.end]
        first_of_paragraph = not seen_paragraphs or seen_paragraphs[-1] != sentence.paragraph
        if first_of_paragraph:
            seen_paragraphs.append(sentence.paragraph)
        if any(cue.search(body) for cue in cues.cues):
            heads.append(index)
        elif first_of_paragraph and intro_paragraph is not None:
            distance = len(seen_paragraphs) - 1 - seen_paragraphs.index(intro_paragraph)
            numbered = bool(cues.list_item.match(body))
            if 0 < distance <= cues.list_window and (
                numbered or _announced_list(text, sentences, intro_paragraph)
            ):
                heads.append(index)
        paragraph_end = (
            index + 1 == len(sentences) or sentences[index + 1].paragraph != sentence.paragraph
        )
        if paragraph_end and _announces_reasons(text, sentences, sentence.paragraph, cues):
            intro_paragraph = sentence.paragraph
    return heads


def _paragraph_text(text: str, sentences: list[Sentence], paragraph: int) -> str:
    return " ".join(text[s.start : s.end] for s in sentences if s.paragraph == paragraph)


def _announces_reasons(
    text: str, sentences: list[Sentence], paragraph: int, cues: ReasonCues
) -> bool:
    body = _paragraph_text(text, sentences, paragraph).strip()
    return bool(cues.list_intro.search(body)) and (body.endswith(":") or len(body.split()) <= 8)


def _announced_list(text: str, sentences: list[Sentence], paragraph: int) -> bool:
    # an intro ending with a colon announces a list whose items may have lost their numbers
    return _paragraph_text(text, sentences, paragraph).rstrip().endswith(":")


def extract_reasons(
    document_id: str,
    text: str,
    sentences: list[Sentence],
    factors: list[Factor],
    cues: ReasonCues | None = None,
) -> list[Reason]:
    cues = cues or load_cues()
    compiled = compile_factors(factors)
    reasons: list[Reason] = []
    for index in reason_heads(text, sentences, cues):
        head = sentences[index]
        # a list marker split off as its own "sentence" ("1.") belongs to the next one
        if _MARKER_ONLY.fullmatch(text[head.start : head.end]) and index + 1 < len(sentences):
            index += 1
            head = Sentence(head.start, sentences[index].end, sentences[index].paragraph)
        found = matching_factors(text[head.start : head.end], compiled)
        following = [
            s
            for s in sentences[index + 1 : index + 1 + cues.follow]
            if s.paragraph == head.paragraph
        ]
        for sentence in following:
            if found:
                break
            found = matching_factors(text[sentence.start : sentence.end], compiled)
        for factor in found:
            reasons.append(
                Reason(
                    id=make_id("rs", document_id, head.start, factor.id),
                    document_id=document_id,
                    factor=factor.id,
                    statement=text[head.start : head.end],
                    start=head.start,
                    end=head.end,
                    stance=factor.stance,
                )
            )
    return reasons


def assign_reasons(analysis: Analysis, context: Context) -> None:
    pack = context.pack_or_none  # without a pack there is nothing to tie reasons to
    factors = pack.factors if pack is not None else []
    analysis.reasons = extract_reasons(
        analysis.document.id, analysis.document.text, analysis.sentences, factors
    )


STAGE = Stage(
    name="reasons",
    version="1",
    requires=("document", "sentences"),
    assigns=("reasons",),
    run=assign_reasons,
    lexicons=("reason_cues",),
    settings=("pack",),
)
