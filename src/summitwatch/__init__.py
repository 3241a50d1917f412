"""summitwatch: a sourced evidence base and calibrated forecasts on leader-level diplomacy.

The public Python API is what ``__all__`` lists; ``tests/test_public_api.py`` pins it.
Names are imported on first use so that ``import summitwatch`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Settings": "summitwatch.settings",
    "Document": "summitwatch.models",
    "Event": "summitwatch.models",
    "Quote": "summitwatch.models",
    "Forecast": "summitwatch.models",
    "Reason": "summitwatch.models",
    "Timex": "summitwatch.models",
    "Citation": "summitwatch.models",
    "Actor": "summitwatch.models",
    "Stage": "summitwatch.stage",
    "Analysis": "summitwatch.models",
    "Context": "summitwatch.stage",
    "build_pipeline": "summitwatch.pipeline",
    "Store": "summitwatch.store.database",
    "read_document": "summitwatch.ingest.document",
    "ingest_paths": "summitwatch.pipeline",
    "load_pack": "summitwatch.packs.pack",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summitwatch' has no attribute {name!r}")
    return getattr(import_module(module), name)
