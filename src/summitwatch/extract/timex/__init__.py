"""TIMEX3 temporal tagging: rules in YAML, normalization against the document creation time.

``tag_timexes(text, dct)`` finds DATE, TIME, DURATION and SET expressions and gives each a
TimeML value; ``render_timeml`` writes them inline. ``STAGE`` tags a document's body with its
publication date as the DCT.
"""

from __future__ import annotations

from summitwatch.extract.timex.render import render_timeml
from summitwatch.extract.timex.tagger import tag_timexes
from summitwatch.models import Analysis
from summitwatch.stage import Context, Stage


def assign_timexes(analysis: Analysis, context: Context) -> None:
    document = analysis.document
    analysis.timexes = tag_timexes(document.text, document.published)


STAGE = Stage(
    name="timex",
    version="1",
    requires=("document", "sentences"),
    assigns=("timexes",),
    run=assign_timexes,
    lexicons=("timex_rules", "timex_vocabulary"),
)

__all__ = ["STAGE", "assign_timexes", "render_timeml", "tag_timexes"]
