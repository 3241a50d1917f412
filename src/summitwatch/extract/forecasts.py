"""Forecast statements: judgments about the likelihood of a future or unresolved outcome.

A clause is a forecast when it carries an estimative phrase ("unlikely", "will likely", "may",
"around 75 percent") outside quotation marks and does not judge the past ("may well have
viewed"). For each one the stage records who holds it (the author, or an attributed party such
as "Critics argued…"), the outcome stated affirmatively (a negation flips the probability:
"Kim will not respond" -> "Kim responds", 1 - p), the phrase and its probability range (from
``estimative_words.yaml``), a condition ("If …, …"), and a horizon (an explicit deadline such as
"by the end of June 2018", else the deadline of the pack question it bears on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summitwatch.extract.estimative import (
    Estimate,
    Lexicon,
    choose_estimate,
    find_estimates,
    load_lexicon,
)
from summitwatch.extract.forecast_text import (
    complete_name,
    find_attribution,
    find_condition,
    find_horizon,
    make_outcome,
)
from summitwatch.models import Document, Forecast, Sentence, Timex, make_id
from summitwatch.pipeline import Analysis, Context, Stage

# clause boundaries inside a sentence: a semicolon, a spaced dash (headline bullets), and a
# second "that"-clause ("…is likely, at around 60 percent, and that the two men will …")
_CLAUSE_BREAK = re.compile(r";\s+|\s+[–—]\s+|,\s+and\s+that\s+|\s+and\s+that\s+")
_COORDINATION = re.compile(r",\s+(?:and|but|while)\s+")
_QUOTES = frozenset('“”"«»„')
_WH_BEFORE_MODAL = re.compile(r"\b(?:how|what|whether|when|where|why)\b[^,;]{0,60}$", re.I)


@dataclass(frozen=True)
class Clause:
    start: int
    end: int


def split_clauses(text: str, sentence: Sentence) -> list[Clause]:
    """The clauses of a sentence that can each hold one judgment."""
    bounds: list[Clause] = []
    start = sentence.start
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        bounds.append(Clause(start, match.start()))
        start = match.end()
    bounds.append(Clause(start, sentence.end))
    return [c for c in bounds if text[c.start : c.end].strip()]


def split_coordinated(text: str, clause: Clause, lexicon: Lexicon) -> list[Clause]:
    """Split "X will …, and Kim is unlikely to …" when both halves carry a judgment."""
    for match in _COORDINATION.finditer(text, clause.start, clause.end):
        left = Clause(clause.start, match.start())
        right = Clause(match.end(), clause.end)
        if find_estimates(text[left.start : left.end], lexicon) and find_estimates(
            text[right.start : right.end], lexicon
        ):
            return [left, *split_coordinated(text, right, lexicon)]
    return [clause]


def quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside quotation marks: the speaker's words, not the holder's judgment.

    Scanned from the start of the paragraph, since a quotation may run over several
    sentences; any double quotation mark closes an open one (sources mix their marks).
    """
    scan_from = text.rfind("\n", 0, start) + 1
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    for index in range(scan_from, end):
        char = text[index]
        if char not in _QUOTES:
            continue
        if opened is None:
            opened = index
        else:
            ranges.append((opened, index + 1))
            opened = None
    if opened is not None:
        ranges.append((opened, end))
    return [(a, b) for a, b in ranges if b > start]


def clause_estimates(
    text: str, clause: Clause, quotes: list[tuple[int, int]], lexicon: Lexicon
) -> list[Estimate]:
    """The estimative phrases of a clause that express a forward-looking judgment."""
    body = text[clause.start : clause.end]
    if any(regex.search(body) for regex in lexicon.retrospective):
        return []
    kept = []
    for estimate in find_estimates(body, lexicon):
        at = clause.start + estimate.start
        if any(q_start <= at < q_end for q_start, q_end in quotes):
            continue
        # "how his policy may shape …": an embedded question, not a judgment
        if estimate.strength == "modal" and _WH_BEFORE_MODAL.search(body[: estimate.start]):
            continue
        kept.append(estimate)
    return kept


def merge_number_clauses(text: str, clauses: list[Clause], lexicon: Lexicon) -> list[Clause]:
    """Join a clause that only states a number ("I put it at around 75 percent") to the previous."""
    merged: list[Clause] = []
    for clause in clauses:
        found = find_estimates(text[clause.start : clause.end], lexicon)
        only_number = found and all(e.strength == "number" for e in found)
        if merged and only_number:
            merged[-1] = Clause(merged[-1].start, clause.end)
        else:
            merged.append(clause)
    return merged


def document_holder(document: Document) -> str:
    names = [a.name for a in document.authors if a.name]
    if names:
        return " and ".join(names)
    return document.publisher or "unknown"


def extract_forecasts(
    document: Document,
    sentences: list[Sentence],
    timexes: list[Timex],
    lexicon: Lexicon | None = None,
) -> list[Forecast]:
    """All forecast statements of a document, unlinked to questions."""
    lexicon = lexicon or load_lexicon()
    text = document.text
    made_on = document.published.isoformat() if document.published else None
    author = document_holder(document)
    forecasts: list[Forecast] = []
    last_person: str | None = None
    people: list[str] = []
    for sentence in sentences:
        sentence_text = text[sentence.start : sentence.end]
        attribution = find_attribution(sentence_text, lexicon, last_person)
        if attribution.named:
            last_person = attribution.named
            people.append(attribution.named)
        attribution = complete_name(attribution, people)
        if sentence_text.rstrip().endswith("?"):
            continue
        quotes = quoted_ranges(text, sentence.start, sentence.end)
        pieces = [
            part
            for clause in split_clauses(text, sentence)
            for part in split_coordinated(text, clause, lexicon)
        ]
        clauses = merge_number_clauses(text, pieces, lexicon)
        for clause in clauses:
            forecast = read_clause(document, sentence, clause, quotes, lexicon, timexes)
            if forecast is None:
                continue
            relative = clause.start - sentence.start
            if attribution.holder and attribution.position <= relative + _phrase_offset(forecast):
                forecast.holder = attribution.holder
                forecast.attributed = True
            else:
                forecast.holder = author
            forecast.made_on = made_on
            forecasts.append(forecast)
    return forecasts


def _phrase_offset(forecast: Forecast) -> int:
    return max(0, forecast.statement.lower().find((forecast.phrase or "").lower()))


def read_clause(
    document: Document,
    sentence: Sentence,
    clause: Clause,
    quotes: list[tuple[int, int]],
    lexicon: Lexicon,
    timexes: list[Timex],
) -> Forecast | None:
    text = document.text
    chosen = choose_estimate(clause_estimates(text, clause, quotes, lexicon))
    if chosen is None:
        return None
    phrase, number = chosen
    body = text[clause.start : clause.end]
    outcome, negated = make_outcome(body, phrase, number, lexicon)
    source = number or phrase
    p, low, high = source.p, source.low, source.high
    if negated:
        p, low, high = 1 - p, 1 - high, 1 - low
    sentence_text = text[sentence.start : sentence.end]
    condition = find_condition(sentence_text, clause.start - sentence.start + phrase.start, lexicon)
    horizon = find_horizon(text, clause.start, clause.end, timexes, document)
    phrase_text = (
        phrase.text if number is None or number is phrase else f"{phrase.text}; {number.text}"
    )
    return Forecast(
        id=make_id("fc", document.id, clause.start),
        document_id=document.id,
        holder="",
        statement=body.strip(),
        outcome=outcome,
        probability=round(p, 4),
        start=clause.start,
        end=clause.end,
        phrase=phrase_text,
        low=round(low, 4),
        high=round(high, 4),
        horizon=horizon,
        condition=condition,
    )


def assign_forecasts(analysis: Analysis, context: Context) -> None:
    # linking to questions is the ledger's (analyze/ledger.py): the row keeps what the text says
    analysis.forecasts = extract_forecasts(analysis.document, analysis.sentences, analysis.timexes)


STAGE = Stage(
    name="forecasts",
    version="1",
    requires=("document", "sentences", "timexes", "mentions"),
    assigns=("forecasts",),
    run=assign_forecasts,
)
