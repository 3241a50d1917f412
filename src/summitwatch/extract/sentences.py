"""The sentences stage: the paragraphs and sentences of the body (see ``segmentation.py``)."""

from __future__ import annotations

from summitwatch.models import Analysis
from summitwatch.segmentation import ABBREVIATIONS, split_sentences
from summitwatch.stage import Context, Stage

__all__ = ["ABBREVIATIONS", "STAGE", "assign_sentences", "split_sentences"]


def assign_sentences(analysis: Analysis, context: Context) -> None:
    analysis.sentences = split_sentences(analysis.document.text)


STAGE = Stage(
    name="sentences",
    version="2",
    requires=("document",),
    assigns=("sentences",),
    run=assign_sentences,
)
