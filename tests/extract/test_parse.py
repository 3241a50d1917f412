"""The one parse: spaCy runs once per document and every stage reads the same tokens."""

from __future__ import annotations

from typing import Any

import pytest

from summitwatch.extract.language import load_nlp
from summitwatch.extract.parse import parse_documents
from summitwatch.models import Document, Sentence
from summitwatch.pipeline import build_pipeline
from summitwatch.settings import Settings
from summitwatch.stage import Context

TEXT = (
    "North Korean leader Kim Jong Un met President Donald Trump in Hanoi on Wednesday.\n\n"
    "“We will meet again,” Trump told reporters. Kim said nothing."
)


class CountingNlp:
    """A spaCy pipeline that counts how often the text is parsed."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.parses = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.parses += 1
        return self.nlp(*args, **kwargs)

    def pipe(self, docs: Any, **kwargs: Any) -> Any:
        docs = list(docs)
        self.parses += len(docs)
        return self.nlp.pipe(docs, **kwargs)


@pytest.fixture(scope="module")
def nlp() -> Any:
    model = load_nlp(Settings().spacy_model)
    if model is None:
        pytest.skip("no statistical English model installed")
    return model


def test_the_pipeline_parses_each_document_once(nlp: Any) -> None:
    counting = CountingNlp(nlp)
    context = Context(Settings(db_url="sqlite://"))
    context.__dict__["nlp"] = counting  # the cached language pipeline of this run
    analysis = build_pipeline().run(Document(text=TEXT, source="test"), context)
    assert counting.parses == 1
    assert analysis.parse is not None and analysis.parse.doc is not None
    assert analysis.events and analysis.mentions and analysis.quotes
    # every sentence's tokens are tokens of the document's one parse
    doc = analysis.parse.doc
    assert all(t.token.doc is doc for sentence in analysis.parse.sentences for t in sentence)


def test_parse_keeps_the_sentence_boundaries_of_the_sentences_stage(nlp: Any) -> None:
    text = "Talks resumed Monday. Officials said little"
    sentences = [Sentence(0, 21, 0), Sentence(22, len(text), 0)]
    (parse,) = parse_documents(nlp, [(text, sentences)])
    assert [s.text for s in parse.doc.sents] == ["Talks resumed Monday.", "Officials said little"]
    assert [[t.text for t in toks] for toks in parse.sentences] == [
        ["Talks", "resumed", "Monday", "."],
        ["Officials", "said", "little"],
    ]
    assert all(t.start >= 22 for t in parse.sentences[1])


def test_several_documents_are_parsed_in_one_pass(nlp: Any) -> None:
    counting = CountingNlp(nlp)
    items = [("One.", [Sentence(0, 4, 0)]), ("Two more.", [Sentence(0, 9, 0)])]
    parses = parse_documents(counting, items)
    assert counting.parses == 2 and [len(p.sentences) for p in parses] == [1, 1]


def test_without_a_model_the_rule_tokens_stand_in() -> None:
    (parse,) = parse_documents(None, [("Kim met Trump.", [Sentence(0, 14, 0)])])
    assert parse.doc is None and [t.text for t in parse.sentences[0]] == [
        "Kim",
        "met",
        "Trump",
        ".",
    ]
