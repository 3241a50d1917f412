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
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Any

from summitwatch.extract.estimative import (
    Estimate,
    EstimativeWords,
    choose_estimate,
    find_estimates,
    load_lexicon,
)
from summitwatch.extract.forecast_filters import (
    ForecastCues,
    ModalFrame,
    is_poll_share,
    is_projection,
    load_forecast_cues,
)
from summitwatch.extract.forecast_groups import group_judgments
from summitwatch.extract.forecast_holders import (
    AUTHOR,
    ActorLookup,
    Holder,
    HolderReader,
    actor_lookup,
    is_predicate,
)
from summitwatch.extract.forecast_outcome import (
    Parties,
    PartyContext,
    classify_outcome,
    read_parties,
    structure_outcome,
)
from summitwatch.extract.forecast_text import (
    Attribution,
    complete_name,
    find_attribution,
    find_condition,
    find_horizon,
    make_outcome,
)
from summitwatch.models import (
    Analysis,
    Document,
    Forecast,
    Mention,
    Quote,
    Sentence,
    Timex,
    make_id,
)
from summitwatch.stage import Context, Stage

# clause boundaries inside a sentence: a semicolon, a spaced dash (headline bullets), and a
# second "that"-clause ("…is likely, at around 60 percent, and that the two men will …")
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+[–—]\s+|,\s+and\s+that\s+|\s+and\s+that\s+|"
    r",\s+(?=(?:sparking|prompting|raising|fueling|fuelling|leading|adding|signaling|signalling)\b)"
)
_COORDINATION = re.compile(r",\s+(?:and|but|while|so)\s+")
_QUOTES = frozenset('“”"«»„')
_ANAPHORIC_OUTCOME = re.compile(
    r"\b(?:rule (?:it|this|that) out|the (?:chances|odds|prospects?) (?:are|is|remain)|"
    r"(?:it|this|that) (?:is|remains|looks|seems) (?:likely|unlikely|possible|improbable))\b",
    re.I,
)
_EMPTY_WORDS = frozenset({"the", "happens", "this", "that", "there", "and", "but"})
_GERUND_SUBJECT = re.compile(r"^\s*[A-Z][a-z]+ing\b")
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


def split_coordinated(text: str, clause: Clause, lexicon: EstimativeWords) -> list[Clause]:
    """Split "X will …, and Kim is unlikely to …" when both halves carry a judgment."""
    for match in _COORDINATION.finditer(text, clause.start, clause.end):
        left = Clause(clause.start, match.start())
        right = Clause(match.end(), clause.end)
        if find_estimates(text[left.start : left.end], lexicon) and find_estimates(
            text[right.start : right.end], lexicon
        ):
            return [left, *split_coordinated(text, right, lexicon)]
    return [clause]


@dataclass
class _QuoteScan:
    """How far a paragraph has been scanned for quotation marks, and what was found."""

    text: str
    scan_from: int
    position: int
    opened: int | None = None
    ranges: list[tuple[int, int]] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


# the paragraph being read: its sentences come in order, so each call carries the scan on
# from where the previous one stopped (rescanning from the paragraph's start for every
# sentence is quadratic in the paragraph's length)
_LAST_SCAN: dict[str, _QuoteScan] = {}


def quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside quotation marks: the speaker's words, not the holder's judgment.

    Scanned from the start of the paragraph, since a quotation may run over several
    sentences; any double quotation mark closes an open one (sources mix their marks).
    """
    scan_from = text.rfind("\n", 0, start) + 1
    scan = _LAST_SCAN.get("paragraph")
    if scan is None or scan.text is not text or scan.scan_from != scan_from or scan.position > end:
        scan = _QuoteScan(text, scan_from, scan_from)
        _LAST_SCAN["paragraph"] = scan
    for index in range(scan.position, end):
        if text[index] not in _QUOTES:
            continue
        if scan.opened is None:
            scan.opened = index
        else:
            scan.ranges.append((scan.opened, index + 1))
            scan.ends.append(index + 1)
            scan.opened = None
    scan.position = end
    ranges = scan.ranges[bisect_right(scan.ends, start) :]
    if scan.opened is not None:
        ranges.append((scan.opened, end))
    return ranges


def clause_estimates(text: str, clause: Clause, lexicon: EstimativeWords) -> list[Estimate]:
    """The estimative phrases of a clause that express a forward-looking judgment (inside
    quotation marks too: the quote's speaker holds those)."""
    body = text[clause.start : clause.end]
    if any(regex.search(body) for regex in lexicon.retrospective):
        return []
    kept = []
    for estimate in find_estimates(body, lexicon):
        # "how his policy may shape …": an embedded question, not a judgment
        if estimate.strength == "modal" and _WH_BEFORE_MODAL.search(body[: estimate.start]):
            continue
        kept.append(estimate)
    return kept


def merge_number_clauses(
    text: str, clauses: list[Clause], lexicon: EstimativeWords
) -> list[Clause]:
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


@dataclass
class Reading:
    """What the forecast reader knows about one document beyond its sentences."""

    document: Document
    timexes: list[Timex]
    lexicon: EstimativeWords
    cues: ForecastCues
    holders: HolderReader
    mentions: list[Mention]
    author: str
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    parties: Parties = field(default_factory=Parties)

    def party_context(self, holder: str | None, before: int, made_on: str | None) -> PartyContext:
        """The parties around a clause that starts at ``before``: the actors named before it."""
        named = tuple(m.actor_id for m in self.mentions if m.actor_id and m.end <= before)
        return PartyContext(self.parties, holder, named, made_on)


def extract_forecasts(
    document: Document,
    sentences: list[Sentence],
    timexes: list[Timex],
    lexicon: EstimativeWords | None = None,
    *,
    doc: Any | None = None,
    quotes: list[Quote] | None = None,
    mentions: list[Mention] | None = None,
    lookup: ActorLookup | None = None,
    parties: Parties | None = None,
) -> list[Forecast]:
    """All forecast statements of a document, restatements grouped, unlinked to questions.

    ``doc`` is the spaCy parse of the document's text (holders are read from it), ``quotes``
    the document's direct quotes (their speakers hold the judgments inside them).
    """
    lexicon = lexicon or load_lexicon()
    cues = load_forecast_cues()
    text = document.text
    reading = Reading(
        document=document,
        timexes=outcome_timexes(doc, timexes, cues),
        lexicon=lexicon,
        cues=cues,
        holders=HolderReader(text, doc, list(quotes or []), lookup or _no_actor, cues),
        mentions=list(mentions or []),
        author=document_holder(document),
        parties=parties or Parties(),
    )
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
        reading.holders.note_people(reading.mentions, sentence.start)
        if sentence_text.rstrip().endswith("?") or _is_headline(sentence_text, document):
            continue
        reading.quote_spans = quoted_ranges(text, sentence.start, sentence.end)
        pieces = [
            part
            for clause in split_clauses(text, sentence)
            for part in split_coordinated(text, clause, lexicon)
        ]
        for clause in merge_number_clauses(text, pieces, lexicon):
            forecast = read_clause(reading, sentence, clause, attribution)
            if forecast is not None:
                forecasts.append(forecast)
    group_judgments(forecasts)
    return forecasts


def outcome_timexes(doc: Any | None, timexes: list[Timex], cues: ForecastCues) -> list[Timex]:
    """The dates that can place an outcome: not the day a judgment was said or written
    ("said on Oct. 3 that…", "wrote on Facebook on Tuesday, “…”")."""
    if doc is None:
        return timexes
    kept = []
    for timex in timexes:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span) or not _dates_speech(span.root, cues):
            kept.append(timex)
    return kept


def _dates_speech(token: Any, cues: ForecastCues) -> bool:
    for _ in range(4):
        head = token.head
        if head is token:
            return False
        if head.pos_ in ("VERB", "AUX"):
            return bool(cues.statement_verbs.fullmatch(head.text))
        token = head
    return False


def _no_actor(name: str, start: int, end: int) -> None:
    return None


def _is_headline(sentence_text: str, document: Document) -> bool:
    """The title repeated in the body: a headline's fragments hold no judgment of their own.
    A first line that ends like a sentence is body text a page printed without a headline."""
    if sentence_text.rstrip().endswith((".", ".”", '."')):
        return False
    title = " ".join((document.title or "").split()).strip(" .").lower()
    body = " ".join(sentence_text.split()).strip(" .").lower()
    return (
        bool(title)
        and bool(body)
        and (body in title or (title in body and len(body) < len(title) + 3))
    )


def read_clause(
    reading: Reading, sentence: Sentence, clause: Clause, attribution: Attribution
) -> Forecast | None:
    document, lexicon = reading.document, reading.lexicon
    text = document.text
    estimates = clause_estimates(text, clause, lexicon)
    body = text[clause.start : clause.end]
    if any(is_poll_share(body, e, reading.cues) for e in estimates):
        return None
    judged = judge_clause(reading, sentence, clause, attribution, estimates)
    if judged is None:
        return None
    phrase, number, holder = judged
    at = clause.start + phrase.start
    outcome, negated = make_outcome(body, phrase, number, lexicon)
    content = [w for w in re.findall(r"[A-Za-z]{3,}", outcome.lower()) if w not in _EMPTY_WORDS]
    if len(content) < 2:
        # "The chances are still low": the outcome lies in an earlier sentence; keep the words
        outcome = " ".join(body.split()).strip(' .“”"')
    source = number or phrase
    p, low, high = source.p, source.low, source.high
    if negated:
        p, low, high = 1 - p, 1 - high, 1 - low
        emphatic = lexicon.emphatic_negation
        if phrase.strength == "modal" and emphatic and emphatic.search(body[phrase.start :]):
            p, low, high = lexicon.emphatic_range
    sentence_text = text[sentence.start : sentence.end]
    condition = find_condition(sentence_text, at - sentence.start, lexicon)
    if condition is None and phrase.phrase_id == "would" and _GERUND_SUBJECT.match(body):
        # "Acknowledging X as a nuclear state would set off…": if X is acknowledged
        condition = body[: phrase.start].strip(" ,")
    # the document's records: a deadline or a party may be named before the clause ("before
    # the election", dated in an earlier sentence)
    horizon = find_horizon(text, clause.start, clause.end, reading.timexes, document)
    made_on = document.published.isoformat() if document.published else None
    structured = structure_outcome(
        outcome,
        text,
        (clause.start, clause.end),
        reading.mentions,
        reading.timexes,
        made_on,
        horizon,
        holder.actor,
        phrase_at=at,
        context=reading.party_context(holder.actor, clause.start, made_on),
    )
    if structured.outcome_class is None and _ANAPHORIC_OUTCOME.search(body):
        # "we cannot rule it out": the outcome is named in the sentence before
        earlier = text[max(0, sentence.start - 400) : sentence.start]
        outcome_class, polarity = classify_outcome(
            earlier.rsplit(".", 2)[-2] if "." in earlier else earlier
        )
        structured = replace(structured, outcome_class=outcome_class, polarity=polarity)
    phrase_text = (
        phrase.text if number is None or number is phrase else f"{phrase.text}; {number.text}"
    )
    return Forecast(
        id=make_id("fc", document.id, clause.start),
        document_id=document.id,
        holder=holder.name or reading.author,
        statement=body.strip(),
        outcome=outcome,
        probability=round(p, 4),
        start=clause.start,
        end=clause.end,
        attributed=holder.name is not None,
        phrase=phrase_text,
        low=round(low, 4),
        high=round(high, 4),
        horizon=horizon or structured.window_end,
        condition=condition,
        made_on=made_on,
        holder_kind=holder.kind if holder.name else _author_kind(reading.author),
        holder_actor=holder.actor,
        phrase_strength=source.strength,
        outcome_class=structured.outcome_class,
        outcome_actors=structured.actors,
        outcome_polarity=structured.polarity,
        window_start=structured.window_start,
        window_end=structured.window_end,
    )


def judge_clause(
    reading: Reading,
    sentence: Sentence,
    clause: Clause,
    attribution: Attribution,
    estimates: list[Estimate],
) -> tuple[Estimate, Estimate | None, Holder] | None:
    """The clause's judgment: its strongest phrase that projects an outcome, and its holder.

    A modal that does not project ("Trump won't go to Pyongyang" as a reported plan) yields to
    the next phrase of the clause ("so the venue is highly likely to be Singapore").
    """
    text = reading.document.text
    body = text[clause.start : clause.end]
    remaining = list(estimates)
    while remaining:
        chosen = choose_estimate(remaining)
        if chosen is None:
            return None
        phrase, number = chosen
        at = clause.start + phrase.start
        holder = find_holder(reading, sentence, clause, phrase, attribution)
        frame = ModalFrame(
            before=body[: phrase.start],
            after=body[phrase.end :],
            sentence_before=text[_frame_start(reading, sentence, at) : at],
            principal_holder=holder.principal,
        )
        if is_projection(phrase, frame, reading.cues):
            return phrase, number, holder
        remaining = [e for e in remaining if e is not phrase and e is not number]
    return None


def _frame_start(reading: Reading, sentence: Sentence, at: int) -> int:
    """Where the words framing a phrase begin: its quote's opening mark, else its sentence."""
    for start, end in reading.quote_spans:
        if start <= at < end:
            return start
    return sentence.start


def _author_kind(author: str) -> str:
    return "unknown" if author == "unknown" else "author"


def find_holder(
    reading: Reading,
    sentence: Sentence,
    clause: Clause,
    phrase: Estimate,
    attribution: Attribution,
) -> Holder:
    """The holder from the parse and the quotes, else from the words around the phrase."""
    at = clause.start + phrase.start
    predicate = is_predicate(phrase)
    reader = reading.holders
    found = reader.holder_of_predicate(at) if predicate else reader.holder_at(at)
    if found is not None:
        return found
    if reader.doc is not None:
        return AUTHOR  # the parse names no one: the words around a phrase are no better
    relative = at - sentence.start
    if attribution.holder and attribution.position <= relative:
        name = attribution.holder
        kind = reader.kind_of_name(name)
        return Holder(name, kind, None, bool(reading.cues.principal.search(name)))
    return AUTHOR


def assign_forecasts(analysis: Analysis, context: Context) -> None:
    analysis.forecasts = extract_forecasts(
        analysis.document,
        analysis.sentences,
        analysis.timexes,
        doc=analysis.parse.doc if analysis.parse is not None else None,
        quotes=analysis.quotes,
        mentions=analysis.mentions,
        lookup=actor_lookup(context, analysis),
        parties=read_parties(context.pack_or_none),
    )


STAGE = Stage(
    name="forecasts",
    version="3",
    requires=("document", "sentences", "timexes", "mentions", "quotes", "parse"),
    assigns=("forecasts",),
    run=assign_forecasts,
    lexicons=("estimative_words", "forecast_cues", "forecast_outcomes", "quote_cues"),
    settings=("pack", "spacy_model"),
)
