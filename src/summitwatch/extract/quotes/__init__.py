"""Direct quotations: the quoted words, who said them, the cue and, when stated, the date.

A pair of quotation marks holds a direct quote only when the words around it frame it as
speech: a reporting cue before it ("X stressed that “…”", "stating, “…”", "X's statement:
“…”"), a cue after it ("“…,” he said"), or the quote stands as its own sentence next to a
framed one. Marks embedded in a clause ("the “timing” did not align", "a “love call”") and
titles are scare quotes or names, not quotes. Marks are paired by their surroundings rather
than their glyph, so a closing quote typed as an opening one (“…“) still closes.

The speaker is the subject of the cue verb (read from the spaCy parse when a model is
installed, else from the words next to the cue); a pronoun is resolved to the sentence's
named subject or the previous quote's speaker. Canonical ids come from the actor mentions,
else from the pack's names and aliases.
"""

from __future__ import annotations

from typing import Any

from summitwatch.extract.parse import parse_documents
from summitwatch.extract.quotes.frames import (
    MIN_WORDS_CUED,
    MIN_WORDS_FREE,
    MIN_WORDS_MIXED,
    NOTE_LINE,
    TERMINAL,
    FoundQuote,
    QuoteCues,
    continues_clause,
    left_frame,
    load_cues,
    looks_like_title,
    pair_marks,
    paragraph_spans,
    previous_sentence,
    right_frame,
    sentence_of,
    short_next_sentence,
    trim,
    words_of,
)
from summitwatch.extract.quotes.speakers import (
    Parses,
    locate_speaker,
    match_pack_actor,
    resolve_actor,
    resolve_pronoun,
)
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Analysis, Mention, Parse, Quote, Sentence, Timex, make_id
from summitwatch.stage import Context, Stage

__all__ = [
    "STAGE",
    "FoundQuote",
    "assign_quotes",
    "find_quotes",
    "load_cues",
    "looks_like_title",
    "match_pack_actor",
    "pair_marks",
]


def find_quotes(
    text: str,
    sentences: list[Sentence] | None = None,
    nlp: Any | None = None,
    timexes: list[Timex] | None = None,
    persons: list[Mention] | None = None,
    parse: Parse | None = None,
) -> list[FoundQuote]:
    """Direct quotes in ``text`` with speaker, cue and date; usable without the pipeline.

    ``persons`` are known person mentions, used to resolve pronoun speakers; without them
    the parse's PERSON entities are used.
    """
    cues = load_cues()
    sentences = sentences if sentences is not None else split_sentences(text)
    if parse is None and nlp is not None:  # called on its own: parse the text here, once
        parse = parse_documents(nlp, [(text, sentences)])[0]
    parses = Parses(parse)
    found: list[FoundQuote] = []
    for para in paragraph_spans(sentences):
        if NOTE_LINE.match(text, para[0]):
            continue  # a numbered note: its marks enclose titles
        pairs = pair_marks(text, *para)
        for index, (open_at, close_at) in enumerate(pairs):
            prev_close = pairs[index - 1][1] + 1 if index else para[0]
            next_open = pairs[index + 1][0] if index + 1 < len(pairs) else para[1]
            quote = read_quote(
                text, sentences, para, (open_at, close_at), (prev_close, next_open), cues, parses
            )
            if quote is not None:
                found.append(quote)
    attach_context(text, found, sentences, timexes or [], persons, parses, cues)
    return found


def read_quote(
    text: str,
    sentences: list[Sentence],
    para: tuple[int, int],
    marks: tuple[int, int],
    bounds: tuple[int, int],
    cues: QuoteCues,
    parses: Parses,
) -> FoundQuote | None:
    open_at, close_at = marks
    start, end = trim(text, open_at + 1, close_at)
    if end <= start:
        return None
    content = text[start:end]
    n_words = len(words_of(content))
    first = sentence_of(sentences, open_at)
    last = sentence_of(sentences, max(close_at - 1, open_at))
    left_lo = max(first.start if first else para[0], bounds[0])
    right_hi = min(last.end if last else para[1], bounds[1])
    right = text[close_at + 1 : right_hi] if close_at < para[1] else ""
    if not right.strip(' .,;:!?"”“') and last is not None:
        right = short_next_sentence(text, sentences, last)
    left_kind = left_frame(text[left_lo:open_at], cues)
    right_cued = right_frame(right, cues)
    if looks_like_title(content) and n_words <= 12:
        return None
    if left_kind == "cue" and n_words >= MIN_WORDS_CUED:
        frame = "left"
    elif right_cued and left_kind in ("start", "comma") and n_words >= MIN_WORDS_CUED:
        frame = "right"
    elif left_kind == "mixed" and n_words >= MIN_WORDS_MIXED and content.endswith(TERMINAL):
        frame = "left"
    elif left_kind == "start" and n_words >= MIN_WORDS_FREE and not continues_clause(right):
        frame = "free"
    else:
        return None
    quote = FoundQuote(start=start, end=end, text=content, frame=frame)
    if frame == "left":
        locate_speaker(text, quote, (left_lo, open_at), para, cues, parses, "left")
    elif frame == "right":
        hi = close_at + 1 + len(right) if right_hi > close_at else right_hi
        locate_speaker(text, quote, (close_at + 1, min(hi, para[1])), para, cues, parses, "right")
    return quote


def attach_context(
    text: str,
    found: list[FoundQuote],
    sentences: list[Sentence],
    timexes: list[Timex],
    persons: list[Mention] | None,
    parses: Parses,
    cues: QuoteCues,
) -> None:
    """Pronoun antecedents, free quotes' speakers and utterance dates, in reading order."""
    previous: FoundQuote | None = None
    for quote in found:
        if quote.frame == "free":
            before = previous_sentence(sentences, quote.start)
            if before is not None and (previous is None or previous.end <= before.start):
                para = next(p for p in paragraph_spans(sentences) if p[0] <= before.start < p[1])
                frame = (before.start, before.end)
                locate_speaker(text, quote, frame, para, cues, parses, "left")
            if (
                quote.speaker_text is None
                and previous is not None
                and near(sentences, previous, quote)
            ):
                inherit(quote, previous)
        speaker = (quote.speaker_text or "").lower()
        if speaker in cues.pronouns and quote.resolved_text is None:
            close = previous if previous and near(sentences, previous, quote) else None
            resolve_pronoun(text, quote, close, sentences, persons, parses)
        quote.date = quote.date or utterance_date(quote, sentences, timexes, found)
        if quote.speaker_text:
            previous = quote


def near(sentences: list[Sentence], earlier: FoundQuote, later: FoundQuote) -> bool:
    a, b = sentence_of(sentences, earlier.end - 1), sentence_of(sentences, later.start)
    if a is None or b is None:
        return False
    return 0 <= sentences.index(b) - sentences.index(a) <= 3


def inherit(quote: FoundQuote, source: FoundQuote) -> None:
    for name in (
        "speaker_text",
        "speaker_start",
        "speaker_end",
        "resolved_text",
        "resolved_start",
        "resolved_end",
        "date",
    ):
        setattr(quote, name, getattr(source, name))


def utterance_date(
    quote: FoundQuote, sentences: list[Sentence], timexes: list[Timex], found: list[FoundQuote]
) -> str | None:
    """A date stated in the sentence that frames the quote, outside any quoted words."""
    anchor = quote.cue_start if quote.cue_start is not None else quote.start
    sentence = sentence_of(sentences, anchor)
    if sentence is None:
        return None
    inside = [(q.start, q.end) for q in found]
    dated = [
        t
        for t in timexes
        if t.type in ("DATE", "TIME")
        and sentence.start <= t.start < sentence.end
        and t.value[:1].isdigit()
        and not any(a <= t.start < b for a, b in inside)
    ]
    if not dated:
        return None
    return min(dated, key=lambda t: abs(t.start - anchor)).value


def assign_quotes(analysis: Analysis, context: Context) -> None:
    text = analysis.document.text
    persons = [m for m in analysis.mentions if m.kind == "person"] or None
    # run without the parse stage (a test, a custom pipeline), the text is parsed here
    nlp = context.nlp if analysis.parse is None else None
    found = find_quotes(
        text, analysis.sentences or None, nlp, analysis.timexes, persons, analysis.parse
    )
    doc_id = analysis.document.id
    quotes: list[Quote] = []
    for q in found:
        speaker_text: str | None = q.resolved_text or q.speaker_text
        if q.resolved_text is not None:
            lo, hi = q.resolved_start, q.resolved_end
        else:
            lo, hi = q.speaker_start, q.speaker_end
        speaker = resolve_actor(speaker_text, analysis, lo, hi, context) if speaker_text else None
        quotes.append(
            Quote(
                id=make_id("qt", doc_id, q.start),
                document_id=doc_id,
                text=q.text,
                start=q.start,
                end=q.end,
                speaker=speaker,
                speaker_text=speaker_text,
                cue=q.cue,
                date=q.date,
            )
        )
    analysis.quotes = quotes


STAGE = Stage(
    name="quotes",
    version="1",
    # the parse is read when the parse stage ran before (else the stage parses the text)
    requires=("document", "sentences", "timexes", "mentions"),
    assigns=("quotes",),
    run=assign_quotes,
    lexicons=("quote_cues",),
    settings=("spacy_model", "pack"),
)
