"""The one parse of a document: spaCy runs once, every later stage reads the same tokens.

The statistical pipeline (tagger, parser, lemmatizer, entities) parses the whole clean text as
one ``Doc`` whose sentence boundaries are those of the sentences stage, so that a sentence of the
analysis is a sentence of the parse. Actors read its entities, events its sentences' tokens
(:class:`~summitwatch.extract.event_triggers.Tok`, each holding the parser's own token),
quotes its spans. Several documents are parsed together with ``nlp.pipe`` in batches
(:func:`parse_documents`).

Without a statistical model the parse is the rule-based tokenization of each sentence (no
dependencies, no entities): every stage has its fallback for that case.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from summitwatch.extract.event_triggers import (
    load_lexicon,
    tokens_from_doc,
    tokens_from_text,
)
from summitwatch.models import Analysis, Parse, Sentence
from summitwatch.models import Token as Tok
from summitwatch.stage import Context, Stage

log = logging.getLogger(__name__)

BATCH_SIZE = 16
# the longest piece of a text parsed as one ``Doc`` (a longer text is parsed in paragraph
# chunks): far below spaCy's ``max_length`` (1,000,000), and above any news article, so that
# an article is parsed as one text exactly as before
CHUNK_CHARS = 100_000


def _with_sentences(nlp: Any, text: str, sentences: Sequence[Sentence]) -> Any:
    """The text tokenized, with the sentences stage's boundaries set for the parser to keep.

    The boundaries are written in one array (1 opens a sentence, -1 does not): setting
    ``token.is_sent_start`` one token at a time checks the whole document's annotation on
    every call, which is quadratic in the length of the text.
    """
    import numpy
    from spacy.attrs import SENT_START

    doc = nlp.make_doc(text)
    starts = sorted(s.start for s in sentences)
    cursor = 0
    flags = []
    for token in doc:
        while cursor < len(starts) and starts[cursor] < token.idx:
            cursor += 1
        opens = cursor < len(starts) and starts[cursor] <= token.idx + len(token) - 1
        flags.append(1 if token.i == 0 or opens else -1)
        if opens:
            cursor += 1
    if flags:
        values = numpy.array(flags, dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)
    return doc


def chunk_sentences(
    text: str, sentences: Sequence[Sentence], size: int | None = None
) -> list[tuple[int, int, list[Sentence]]]:
    """(start, end, sentences) of consecutive pieces of ``text`` that together are the text.

    A text up to ``size`` characters (``CHUNK_CHARS``) is one piece. A longer one is cut
    before a paragraph that would take its piece past ``size``, or, inside a paragraph
    longer than that, before a sentence (sentences are at most ``MAX_SENTENCE`` long):
    every piece is under the parser's length limit, and no sentence is cut.
    """
    size = size or CHUNK_CHARS
    ordered = sorted(sentences, key=lambda s: s.start)
    if len(text) <= size or not ordered:
        return [(0, len(text), list(ordered))]
    pieces: list[tuple[int, int, list[Sentence]]] = []
    start, current = 0, list[Sentence]()
    for sentence in ordered:
        grown = sentence.end - start > size
        new_paragraph = bool(current) and sentence.paragraph != current[-1].paragraph
        if current and grown and (new_paragraph or sentence.end - start > 2 * size):
            pieces.append((start, sentence.start, current))
            start, current = sentence.start, []
        current.append(sentence)
    pieces.append((start, len(text), current))
    return pieces


def _sentence_tokens(doc: Any, sentences: Sequence[Sentence]) -> list[list[Tok]]:
    irregular = load_lexicon().irregular
    out = []
    for sentence in sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        out.append(tokens_from_doc(span, 0, irregular) if span is not None else [])
    return out


def rule_parse(text: str, sentences: Sequence[Sentence]) -> Parse:
    """Tokens without a model: each sentence by the rule-based tokenizer."""
    lex = load_lexicon()
    return Parse(None, [tokens_from_text(text[s.start : s.end], s.start, lex) for s in sentences])


def parse_documents(
    nlp: Any | None, items: Sequence[tuple[str, Sequence[Sentence]]]
) -> list[Parse]:
    """Parse several (text, sentences) at once; one ``nlp.pipe`` pass in batches.

    A long text is parsed in pieces (:func:`chunk_sentences`) joined back into one ``Doc``
    of the whole text, so that character offsets stay those of the document.
    """
    if nlp is None:
        return [rule_parse(text, sentences) for text, sentences in items]
    from spacy.tokens import Doc

    pieces = [chunk_sentences(text, sentences) for text, sentences in items]
    docs = (
        _with_sentences(nlp, text[lo:hi], [_shifted(s, -lo) for s in chunk])
        for (text, _), chunks in zip(items, pieces, strict=True)
        for lo, hi, chunk in chunks
    )
    parsed = iter(nlp.pipe(docs, batch_size=BATCH_SIZE))
    out = []
    for (_, sentences), chunks in zip(items, pieces, strict=True):
        parts = [next(parsed) for _ in chunks]
        doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        out.append(Parse(doc, _sentence_tokens(doc, sentences)))
    return out


def _shifted(sentence: Sentence, by: int) -> Sentence:
    return Sentence(sentence.start + by, sentence.end + by, sentence.paragraph)


def parse_sentences(texts: Sequence[str], nlp: Any | None) -> list[list[Tok]]:
    """Tokens of lone sentences (a benchmark's or a test's), each parsed as its own text."""
    parses = parse_documents(nlp, [(t, [Sentence(0, len(t), 0)]) for t in texts])
    return [p.sentences[0] for p in parses]


def assign_parse(analysis: Analysis, context: Context) -> None:
    text = analysis.document.text
    analysis.parse = parse_documents(context.nlp, [(text, analysis.sentences)])[0]


STAGE = Stage(
    name="parse",
    version="1",
    requires=("document", "sentences"),
    assigns=("parse",),
    run=assign_parse,
    lexicons=("plover_patterns",),
    settings=("spacy_model",),
)
