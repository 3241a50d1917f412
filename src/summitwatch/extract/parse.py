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


def _with_sentences(nlp: Any, text: str, sentences: Sequence[Sentence]) -> Any:
    """The text tokenized, with the sentences stage's boundaries set for the parser to keep."""
    doc = nlp.make_doc(text)
    starts = sorted(s.start for s in sentences)
    cursor = 0
    for token in doc:
        while cursor < len(starts) and starts[cursor] < token.idx:
            cursor += 1
        opens = cursor < len(starts) and starts[cursor] <= token.idx + len(token) - 1
        token.is_sent_start = token.i == 0 or opens
        if opens:
            cursor += 1
    return doc


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
    """Parse several (text, sentences) at once; one ``nlp.pipe`` pass in batches."""
    if nlp is None:
        return [rule_parse(text, sentences) for text, sentences in items]
    fits = [len(text) < getattr(nlp, "max_length", 1_000_000) for text, _ in items]
    if not all(fits):
        log.warning("a document longer than the parser's limit is read without a parse")
    docs = [_with_sentences(nlp, text, s) for (text, s), ok in zip(items, fits, strict=True) if ok]
    parsed = iter(nlp.pipe(docs, batch_size=BATCH_SIZE))
    out = []
    for (text, sentences), ok in zip(items, fits, strict=True):
        if not ok:
            out.append(rule_parse(text, sentences))
            continue
        doc = next(parsed)
        out.append(Parse(doc, _sentence_tokens(doc, sentences)))
    return out


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
