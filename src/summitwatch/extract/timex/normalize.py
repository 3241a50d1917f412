"""The registry of normalizers that rules.yaml names: one function per kind of expression.

A normalizer turns one rule match into a TimeML value (and mod) against the reference time,
or returns ``None`` to reject the match.
"""

from __future__ import annotations

from summitwatch.extract.timex import amounts, dates
from summitwatch.extract.timex.scope import Normalizer, Reading, Scope

NORMALIZERS: dict[str, Normalizer] = {
    name: getattr(module, name)
    for module in (dates, amounts)
    for name in dir(module)
    if not name.startswith("_")
    and callable(getattr(module, name))
    and getattr(getattr(module, name), "__module__", "") == module.__name__
}

__all__ = ["NORMALIZERS", "Normalizer", "Reading", "Scope"]
