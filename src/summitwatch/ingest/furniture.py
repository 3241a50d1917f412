"""The page-furniture patterns of ``furniture.yaml``, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.lexicons import lexicon_path, read_lexicon_file

FURNITURE_FILE = lexicon_path("furniture")


@dataclass(frozen=True)
class Furniture:
    drop: tuple[re.Pattern[str], ...]
    tail: tuple[re.Pattern[str], ...]
    syndication: tuple[re.Pattern[str], ...]
    outlet_lines: tuple[re.Pattern[str], ...]
    notes_heading: re.Pattern[str]
    link_list_headings: tuple[re.Pattern[str], ...]
    byline_prefix: re.Pattern[str]
    date_prefix: re.Pattern[str]
    date_update_labels: re.Pattern[str]
    date_ignored_labels: re.Pattern[str]
    email: re.Pattern[str]
    copyright: re.Pattern[str]
    disclaimers: tuple[re.Pattern[str], ...]
    bio: re.Pattern[str]
    bio_sentence: re.Pattern[str]
    role_words: frozenset[str]


@lru_cache(maxsize=1)
def load_furniture(path: Path = FURNITURE_FILE) -> Furniture:
    data: dict[str, Any] = read_lexicon_file(path)

    def compile_one(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    return Furniture(
        drop=tuple(compile_one(p) for p in data["drop"]),
        tail=tuple(compile_one(p) for p in data["tail"]),
        syndication=tuple(compile_one(p) for p in data["syndication"]),
        outlet_lines=tuple(compile_one(p) for p in data["outlet_lines"]),
        notes_heading=compile_one(data["notes_heading"]),
        link_list_headings=tuple(compile_one(p) for p in data["link_list_headings"]),
        byline_prefix=compile_one(data["byline_prefix"]),
        date_prefix=compile_one(data["date_prefix"]),
        date_update_labels=compile_one(data["date_update_labels"]),
        date_ignored_labels=compile_one(data["date_ignored_labels"]),
        email=compile_one(data["email"]),
        copyright=compile_one(data["copyright"]),
        disclaimers=tuple(compile_one(p) for p in data["disclaimers"]),
        bio=compile_one(data["bio"]),
        bio_sentence=compile_one(data["bio_sentence"]),
        role_words=frozenset(word.lower() for word in data["role_words"]),
    )


def is_dropped(line: str, furniture: Furniture) -> bool:
    return any(pattern.fullmatch(line.strip()) for pattern in furniture.drop)
