"""Sentence spans: abbreviations and initials do not end sentences; real ends do."""

from __future__ import annotations

from summitwatch.extract.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_initials_and_titles_do_not_end_sentences() -> None:
    text = "B.J. Choi wrote it. Erika L. Green agreed with Mr. Park."
    assert texts(text) == ["B.J. Choi wrote it.", "Erika L. Green agreed with Mr. Park."]


def test_abbreviation_at_the_end_of_a_sentence_ends_it_before_an_opener() -> None:
    text = "Sanctions came from the U.S. They were lifted. The U.S. Treasury disagreed."
    assert texts(text) == [
        "Sanctions came from the U.S.",
        "They were lifted.",
        "The U.S. Treasury disagreed.",
    ]


def test_closing_quotes_stay_with_their_sentence_and_paragraphs_split() -> None:
    text = "He said, “We will meet.” Then he left.\nA new paragraph starts here."
    spans = split_sentences(text)
    assert texts(text) == [
        "He said, “We will meet.”",
        "Then he left.",
        "A new paragraph starts here.",
    ]
    assert [s.paragraph for s in spans] == [0, 0, 1]


def test_spans_index_the_text_exactly() -> None:
    text = "  One.  Two!   Three?  "
    for span, expected in zip(split_sentences(text), ["One.", "Two!", "Three?"], strict=True):
        assert text[span.start : span.end] == expected
