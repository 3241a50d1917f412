"""The unified factuality CoNLL format (UW, MEANTIME): reading it, scoring it, writing it back.

One token a line, tab-separated: index, word, factuality (``_`` when the token is no event),
POS tag, head index (a root points at itself), dependency label, lemma; sentences end with a
blank line. The parse in the file is turned into a spaCy ``Doc`` so that the factuality rules
read it exactly as they read a sentence the pipeline parsed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

UNANNOTATED = "_"
COLUMNS = 7


class ConllError(ValueError):
    """A line that is not in the format; the message names it."""


@dataclass(frozen=True)
class ConllSentence:
    lines: tuple[list[str], ...]  # the columns of each token line, as read
    first_line: int  # 1-based line number of the sentence's first token, for error messages

    @property
    def words(self) -> list[str]:
        return [cols[1] for cols in self.lines]

    def annotated(self) -> list[int]:
        """Indices of the tokens that carry a factuality value."""
        return [k for k, cols in enumerate(self.lines) if cols[2] != UNANNOTATED]

    def gold(self, k: int) -> float:
        return float(self.lines[k][2])


def parse_conll(text: str) -> list[ConllSentence]:
    sentences: list[ConllSentence] = []
    block: list[list[str]] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            if block:
                sentences.append(ConllSentence(tuple(block), first))
                block = []
            continue
        cols = raw.split("\t")
        if len(cols) < COLUMNS:
            raise ConllError(f"line {number}: expected {COLUMNS} tab-separated columns")
        if not block:
            first = number
        block.append(cols)
    if block:
        sentences.append(ConllSentence(tuple(block), first))
    for sentence in sentences:
        check_sentence(sentence)
    return sentences


def check_sentence(sentence: ConllSentence) -> None:
    size = len(sentence.lines)
    for k, cols in enumerate(sentence.lines):
        number = sentence.first_line + k
        if not cols[4].isdigit() or int(cols[4]) >= size:
            raise ConllError(f"line {number}: head {cols[4]!r} is not a token of the sentence")
        if cols[2] != UNANNOTATED:
            try:
                float(cols[2])
            except ValueError:
                raise ConllError(f"line {number}: factuality {cols[2]!r} is not a number") from None


def doc_of(sentence: ConllSentence, vocab: Any) -> Any:
    """A spaCy Doc carrying the file's words, tags, lemmas and dependency parse."""
    from spacy.tokens import Doc

    heads = [int(cols[4]) for cols in sentence.lines]
    starts: list[bool | int | None] = [k == 0 for k in range(len(heads))]
    deps = [cols[5] if int(cols[4]) != k else "ROOT" for k, cols in enumerate(sentence.lines)]
    doc = Doc(
        vocab,
        words=sentence.words,
        tags=[cols[3] for cols in sentence.lines],
        lemmas=[cols[6] for cols in sentence.lines],
        heads=heads,
        deps=deps,
        sent_starts=starts,
    )
    for token in doc:
        token.pos_ = coarse_pos(token.tag_)
    return doc


_COARSE = (
    ("NNP", "PROPN"),
    ("NN", "NOUN"),
    ("VB", "VERB"),
    ("MD", "AUX"),
    ("JJ", "ADJ"),
    ("RB", "ADV"),
    ("PRP", "PRON"),
    ("WP", "PRON"),
    ("DT", "DET"),
    ("IN", "ADP"),
    ("CD", "NUM"),
    ("CC", "CCONJ"),
    ("RP", "ADP"),
    ("UH", "INTJ"),
)


def coarse_pos(tag: str) -> str:
    """The universal POS of a Penn Treebank tag (the files carry only the fine tag)."""
    for prefix, pos in _COARSE:
        if tag.startswith(prefix):
            return pos
    return "PUNCT" if tag and not tag[0].isalpha() else "X"


def render_conll(sentences: list[ConllSentence], scores: dict[tuple[int, int], float]) -> str:
    """The sentences as read, column 3 replaced by ``scores[(sentence, token)]`` where given."""
    out: list[str] = []
    for s, sentence in enumerate(sentences):
        for k, cols in enumerate(sentence.lines):
            if (s, k) in scores:
                cols = [*cols[:2], format_score(scores[(s, k)]), *cols[3:]]
            out.append("\t".join(cols))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def format_score(score: float) -> str:
    return f"{score:.2f}"


def annotated_tokens(sentences: list[ConllSentence], vocab: Any) -> Iterator[tuple[int, Any]]:
    """(sentence number, spaCy token) of every annotated token."""
    for s, sentence in enumerate(sentences):
        doc = doc_of(sentence, vocab)
        for k in sentence.annotated():
            yield s, doc[k]
