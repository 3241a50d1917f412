"""The built-in extraction stages, in the order they run.

Each stage lives in the module named after what it produces and exposes a ``STAGE``
constant; this list is the only place that assembles them. An outside stage is passed
to :func:`summitwatch.pipeline.build_pipeline` in the same shape.
"""

from __future__ import annotations

from summitwatch.extract import (
    actors,
    events,
    forecasts,
    parse,
    quotes,
    reasons,
    sentences,
    timex,
)
from summitwatch.stage import Stage

BUILTIN_STAGES: tuple[Stage, ...] = (
    sentences.STAGE,
    parse.STAGE,
    timex.STAGE,
    actors.STAGE,
    events.STAGE,
    quotes.STAGE,
    forecasts.STAGE,
    reasons.STAGE,
)
