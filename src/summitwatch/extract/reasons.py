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
from typing import Any, cast

from summitwatch.lexicons import lexicon_path, read_lexicon_file
from summitwatch.models import Analysis, Quote, Reason, Sentence, make_id
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
    explanations: tuple[re.Pattern[str], ...] = ()
    explicit: re.Pattern[str] | None = None
    min_match: float = 1.0


@lru_cache(maxsize=2)
def load_cues(path: Path = CUES_FILE) -> ReasonCues:
    data: dict[str, Any] = read_lexicon_file(path)
    return ReasonCues(
        cues=tuple(re.compile(c, re.I) for c in data["cues"]),
        list_item=re.compile(data["list_item"]),
        list_intro=re.compile(data["list_intro"], re.I),
        list_window=int(data["list_window"]),
        follow=int(data["follow"]),
        explanations=tuple(re.compile(c, re.I) for c in data.get("explanations", [])),
        explicit=re.compile(data["explicit"], re.I) if data.get("explicit") else None,
        min_match=float(data.get("min_match", 1.0)),
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


_LAST_FACTORS: dict[str, tuple[list[Factor], Any]] = {}


def _compiled_factors(
    factors: list[Factor],
) -> tuple[list[tuple[Factor, re.Pattern[str]]], FactorKeywords]:
    """The pack's factor patterns and keyword patterns, compiled once per pack (the same
    factor list comes with every document of a batch), not once per document."""
    cached = _LAST_FACTORS.get("factors")
    if cached is not None and cached[0] is factors:
        return cast(tuple[list[tuple[Factor, re.Pattern[str]]], FactorKeywords], cached[1])
    built = (compile_factors(factors), FactorKeywords.build(factors))
    _LAST_FACTORS["factors"] = (factors, built)
    return built


def extract_reasons(
    document_id: str,
    text: str,
    sentences: list[Sentence],
    factors: list[Factor],
    cues: ReasonCues | None = None,
    quotes: list[Quote] | None = None,
) -> list[Reason]:
    """Reasons announced by a cue or a list, then explanations in ordinary prose."""
    cues = cues or load_cues()
    compiled, keywords = _compiled_factors(factors)
    reasons: list[Reason] = []
    taken: set[int] = set()
    for index in reason_heads(text, sentences, cues):
        head = sentences[index]
        # a list marker split off as its own "sentence" ("1.") belongs to the next one
        if _MARKER_ONLY.fullmatch(text[head.start : head.end]) and index + 1 < len(sentences):
            index += 1
            head = Sentence(head.start, sentences[index].end, sentences[index].paragraph)
        taken.add(head.start)
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
        scored = [(f, 1.0) for f in found] or _best_by_keywords(
            text[head.start : head.end], keywords, cues
        )
        head_text = text[head.start : head.end]
        if not scored and cues.explicit is not None and cues.explicit.search(head_text):
            scored = [(OTHER, 0.0)]  # "The first reason is…" that no factor fits
        reasons.extend(
            make_reason(document_id, text, head, factor, score, "reason", quotes)
            for factor, score in scored
        )
    for sentence in sentences:
        if sentence.start in taken:
            continue
        reasons.extend(
            explain_sentence(document_id, text, sentence, compiled, keywords, cues, quotes)
        )
    return reasons


OTHER = Factor("other", "other", stance=None)


def explain_sentence(
    document_id: str,
    text: str,
    sentence: Sentence,
    compiled: list[tuple[Factor, re.Pattern[str]]],
    keywords: FactorKeywords,
    cues: ReasonCues,
    quotes: list[Quote] | None,
) -> list[Reason]:
    """A sentence with a causal or explanatory construction, tied to the factor it fits."""
    body = text[sentence.start : sentence.end]
    if body.rstrip().endswith("?"):
        return []
    cue = next((m for c in cues.explanations if (m := c.search(body))), None)
    # the explaining words after the cue count twice: "…, as there is little to motivate …"
    scored = _best_factor(body, compiled, keywords, body[cue.start() :] if cue else "")
    if cue is None:
        # no construction marks it, but the sentence states a factor in several of its words
        if not scored or scored[0][1] < UNCUED_MATCH:
            return []
        return [make_reason(document_id, text, sentence, scored[0][0], scored[0][1], "", quotes)]
    if not scored or scored[0][1] < cues.min_match:
        if cues.explicit is None or not cues.explicit.search(body):
            return []
        scored = [(OTHER, 0.0)]
    close = [(f, v) for f, v in scored[:2] if v >= scored[0][1] * CLOSE_SECOND]
    return [
        make_reason(document_id, text, sentence, factor, score, cue.group().strip(), quotes)
        for factor, score in close
    ]


# a factor's pattern weighs this much against keywords; a sentence without a causal cue needs
# the pattern and a keyword, or several keywords, to count as an explanation
PATTERN_WEIGHT = 1.5
UNCUED_MATCH = 2.0
# a second factor is kept when it fits almost as well as the first (an explanation can join two)
CLOSE_SECOND = 0.8


def _best_factor(
    text: str,
    compiled: list[tuple[Factor, re.Pattern[str]]],
    keywords: FactorKeywords,
    explanation: str = "",
) -> list[tuple[Factor, float]]:
    """Factors ranked by how much of their meaning the text states (best first)."""
    scores: dict[str, float] = {}
    by_id: dict[str, Factor] = {}
    for part in (text, explanation):
        if not part:
            continue
        for factor, regex in compiled:
            if regex.search(part):
                scores[factor.id] = scores.get(factor.id, 0.0) + PATTERN_WEIGHT
                by_id[factor.id] = factor
        shares = keywords.any_keyword is not None and keywords.any_keyword.search(part)
        for factor, weighted in keywords.entries if shares else ():
            score = sum(weight for regex, weight in weighted if regex.search(part))
            if score:
                scores[factor.id] = scores.get(factor.id, 0.0) + score
                by_id[factor.id] = factor
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return [(by_id[fid], score) for fid, score in ranked]


def make_reason(
    document_id: str,
    text: str,
    sentence: Sentence,
    factor: Factor,
    score: float,
    cue: str,
    quotes: list[Quote] | None,
) -> Reason:
    body = text[sentence.start : sentence.end]
    at = body.lower().find(cue.lower()) if cue else -1
    explanation = body[at:].strip() if at >= 0 else body.strip()
    speaker = next(
        (
            q.speaker_text or q.speaker
            for q in quotes or []
            if q.start < sentence.end and sentence.start < q.end
        ),
        None,
    )
    return Reason(
        id=make_id("rs", document_id, sentence.start, factor.id),
        document_id=document_id,
        factor=factor.id,
        statement=body,
        start=sentence.start,
        end=sentence.end,
        stance=factor.stance,
        factor_label=factor.name if factor is not OTHER else explanation[:200],
        cue=cue,
        explanation=explanation,
        holder=speaker,
        match_score=round(min(1.0, score / 3), 3),
    )


@dataclass(frozen=True)
class FactorKeywords:
    """Each factor's keywords with a weight: more words weigh more, shared keywords less."""

    entries: tuple[tuple[Factor, tuple[tuple[re.Pattern[str], float], ...]], ...]
    # every keyword in one pattern: a text it does not match shares no keyword with any
    # factor, so the per-keyword searches are skipped
    any_keyword: re.Pattern[str] | None = None

    @classmethod
    def build(cls, factors: list[Factor]) -> FactorKeywords:
        counts: dict[str, int] = {}
        for factor in factors:
            for word in {k.lower() for k in factor.keywords}:
                counts[word] = counts.get(word, 0) + 1
        entries = []
        for factor in factors:
            weighted = tuple(
                (
                    re.compile(r"(?<![\w-])" + re.escape(k) + r"(?:s|es|ed|ing)?(?![\w-])", re.I),
                    len(k.split()) / counts[k.lower()],
                )
                for k in factor.keywords
            )
            entries.append((factor, weighted))
        words = sorted({re.escape(k) for f in factors for k in f.keywords}, key=len, reverse=True)
        joined = "|".join(words)
        anywhere = re.compile(rf"(?<![\w-])(?:{joined})(?:s|es|ed|ing)?(?![\w-])", re.I)
        return cls(tuple(entries), anywhere if words else None)


def _best_by_keywords(
    text: str, keywords: FactorKeywords, cues: ReasonCues
) -> list[tuple[Factor, float]]:
    """The factor whose keywords the text shares most, when it shares enough."""
    best: tuple[float, Factor] | None = None
    for factor, weighted in keywords.entries:
        score = sum(weight for regex, weight in weighted if regex.search(text))
        if score >= cues.min_match and (best is None or score > best[0]):
            best = (score, factor)
    return [(best[1], best[0])] if best else []


def assign_reasons(analysis: Analysis, context: Context) -> None:
    pack = context.pack_or_none  # without a pack there is nothing to tie reasons to
    factors = pack.factors if pack is not None else []
    analysis.reasons = extract_reasons(
        analysis.document.id,
        analysis.document.text,
        analysis.sentences,
        factors,
        quotes=analysis.quotes,
    )


STAGE = Stage(
    name="reasons",
    version="2",
    requires=("document", "sentences", "quotes"),
    assigns=("reasons",),
    run=assign_reasons,
    lexicons=("reason_cues",),
    settings=("pack",),
)
