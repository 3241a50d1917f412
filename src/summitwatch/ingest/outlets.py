"""Known news outlets and wire agencies (``outlets.yaml``): site names and agency credits.

A page prints its outlet's name in its furniture ("The Korea Times" above the headline, "Why you
can trust SCMP", "© 2020 Example Media") and a wire story its agency ("(Reuters)", "Reuters |",
"· UPI"). Knowing the names lets ingest tell a site name from a headline or a by-line, and name
the publisher as the page prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.lexicons import lexicon_path, read_lexicon_file

OUTLETS_FILE = lexicon_path("outlets")
# abbreviations this short are matched with their case ("AP", not "ap" inside a word)
CASE_SENSITIVE_MAX = 4


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    kind: str  # "agency" for wire services, "photo" for picture agencies

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Outlets:
    entries: tuple[Outlet, ...]
    pattern: re.Pattern[str]  # any spelling, longest first, as a whole word
    by_spelling: dict[str, Outlet]

    def find_all(self, text: str) -> list[tuple[Outlet, str]]:
        """Every outlet named in ``text``, with the spelling printed, in order."""
        found = []
        for match in self.pattern.finditer(text):
            printed = match.group(0)
            outlet = self.lookup(printed)
            if outlet is not None:
                found.append((outlet, printed))
        return found

    def lookup(self, printed: str) -> Outlet | None:
        key = printed.strip()
        return self.by_spelling.get(key) or self.by_spelling.get(key.lower())

    def whole(self, text: str) -> Outlet | None:
        """The outlet when ``text`` is nothing but its name ("The Korea Times")."""
        return self.lookup(text.strip(" \t|·•-–—:"))

    @property
    def agency_pattern(self) -> str:
        """A regular expression alternative of every agency spelling, for credit lines."""
        names = [s for o in self.entries if o.kind in ("agency", "photo") for s in o.spellings]
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _spelling_regex(spelling: str) -> str:
    escaped = re.escape(spelling)
    if len(spelling) <= CASE_SENSITIVE_MAX:
        return rf"(?-i:{escaped})"
    return escaped


@lru_cache(maxsize=1)
def load_outlets(path: Path = OUTLETS_FILE) -> Outlets:
    data: dict[str, Any] = read_lexicon_file(path)
    entries = [
        Outlet(item["name"], tuple(item.get("aliases") or ()), "agency")
        for item in data["agencies"]
    ]
    entries += [
        Outlet(item["name"], tuple(item.get("aliases") or ()), "photo")
        for item in data["photo_agencies"]
    ]
    entries += [
        Outlet(item["name"], tuple(item.get("aliases") or ()), item.get("kind", "site"))
        for item in data["outlets"]
    ]
    by_spelling: dict[str, Outlet] = {}
    for outlet in entries:
        for spelling in outlet.spellings:
            short = len(spelling) <= CASE_SENSITIVE_MAX
            by_spelling.setdefault(spelling if short else spelling.lower(), outlet)
    spellings = sorted({s for o in entries for s in o.spellings}, key=len, reverse=True)
    alternatives = "|".join(_spelling_regex(s) for s in spellings)
    pattern = re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    return Outlets(tuple(entries), pattern, by_spelling)
