"""The statistical English pipeline, loaded by :mod:`summitwatch.language` for every layer."""

from __future__ import annotations

from summitwatch.language import FALLBACK_MODELS, load_nlp

__all__ = ["FALLBACK_MODELS", "load_nlp"]
