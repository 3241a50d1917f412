"""The publication date printed on a page: date lines, labels, datelines, and which one wins.

A page prints several dates: the publication date ("Published: 29 Jul. 2025, 10:26"), an update
("Updated: October 14, 2025 20:25 IST"), a by-line's ("By NAME | January 1, 2020 | 6:44pm EST"),
a wire dateline ("SEOUL, Jun 30, 2019, Yonhap —"), a current-date widget above the masthead
("Tuesday, 02 January 2024 12:17 GMT"), dates of other stories in link lists, and dates inside
the story. Each header line that is a date line becomes a :class:`DateCandidate` with a rank;
the best rank wins, then the earliest line. Dates in the story and in link lists are never
candidates: only the header, the by-line and the first paragraph's dateline are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from summitwatch.ingest.dates import find_date
from summitwatch.ingest.furniture import Furniture

# ranks: lower wins
RANK_PUBLISHED = 0  # "Published", "Posted", "Date", a stamp
RANK_PLAIN = 1  # a bare date line below the headline, or the by-line's date
RANK_BEFORE_TITLE = 2  # a bare date line above the headline
RANK_DATELINE = 3  # "SEOUL, Jun 30, 2019 (Yonhap) —"
RANK_UPDATED = 4  # "Updated: ..."
RANK_WIDGET = 5  # a weekday-and-clock date above the headline: often today's date

# what may stand beside a date on a date line: at most this many other words
MAX_OTHER_WORDS = 4

_TIME = re.compile(
    r"\b\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[aApP]\.?[mM]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\)?)?"
    r"|\b\d{1,2}\s*[aApP]\.?[mM]\.?(?:\s*[A-Z]{2,4}\b)?"
)
_WEEKDAY = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b\.?,?", re.I)
_MONTH_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+[0-3]?\d(?:st|nd|rd|th)?\b"
    r"|\b[0-3]?\d\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?",
    re.I,
)
_SEPARATORS = " \t|,.-–—·•/()[]:"
# lower-case words a date line may hold beside names and labels ("by NAME", "at 10:30")
_GLUE_WORDS = frozenset("on at by in of the and am pm".split())
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z'’.-]*(?:[ /][A-Z][A-Za-z'’.-]*){0,3})\s*,\s*")


@dataclass(frozen=True)
class DateLine:
    """A line that is (mostly) a date: its value (None without a year), kind and the rest."""

    day: date | None
    kind: str  # "published", "updated", "ignored" or "plain"
    rest: str  # the other words on the line ("By Kim So-hyun", "Reuters", "All News")
    weekday: bool


@dataclass(frozen=True)
class DateCandidate:
    day: date
    rank: int
    order: int  # line index: earlier wins among equal ranks


def label_kind(label: str, furniture: Furniture) -> str:
    lowered = label.lower()
    if furniture.date_ignored_labels.search(lowered):
        return "ignored"
    if furniture.date_update_labels.search(lowered):
        return "updated"
    return "published"


def read_date_line(text: str, furniture: Furniture) -> DateLine | None:
    """The date of a date line ("Published: Dec 2, 2024 | 10:30 AM", "08:44 July 01, 2019",
    "Jul 29"), else None. A line with more than a few other words is not a date line."""
    kind = "plain"
    label = furniture.date_prefix.match(text)
    if label:
        kind = label_kind(label.group(0), furniture)
        text = text[label.end() :]
    hit = find_date(text)
    weekday = bool(_WEEKDAY.search(text))
    if hit is None:
        partial = _MONTH_DAY.search(text)
        if partial is None or _other_words(text, partial.start(), partial.end()):
            return None
        return DateLine(None, kind, "", weekday)
    day, match = hit
    rest = _other_words(text, match.start(), match.end())
    if len(rest.split()) > MAX_OTHER_WORDS or rest.endswith((".", "?", "!")):
        return None
    # "Summit set for June 12, 2018" is a headline: beside a date stand only names and labels
    if any(word.islower() and word not in _GLUE_WORDS for word in rest.split()):
        return None
    return DateLine(day, kind, rest, weekday)


def _other_words(text: str, start: int, end: int) -> str:
    rest = text[:start] + " " + text[end:]
    rest = _TIME.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", rest)
    words = [w.strip(_SEPARATORS) for w in rest.split()]
    return " ".join(w for w in words if w)


def split_date_stamp(line: str, furniture: Furniture) -> tuple[str, str] | None:
    """A labelled date glued to the text that follows it (" date 2025-11-04 SEOUL: ...",
    "Published: 22 Oct. 2025, 08:47 The talks ..."): (the date part, the rest), else None."""
    label = furniture.date_prefix.match(line.strip())
    if label is None:
        return None
    stripped = line.strip()
    hit = find_date(stripped[label.end() : label.end() + 40])
    if hit is None or hit[1].start() > 0:
        return None
    cut = label.end() + hit[1].end()
    clock = re.match(r"[\s,|]*(?:" + _TIME.pattern + ")", stripped[cut:])
    if clock is not None:
        cut += clock.end()
    rest = stripped[cut:].strip(" ,|")
    if not rest:
        return None
    return stripped[:cut].strip(), rest


def read_dateline(paragraph: str) -> date | None:
    """The date of a wire dateline opening the first paragraph: "SEOUL, Jun 30, 2019, Yonhap.",
    "HANOI, Vietnam, Feb. 28, 2019 (AP) —". A dateline without a year gives nothing."""
    place = _DATELINE.match(paragraph)
    if place is None:
        return None
    head = paragraph[place.end() : place.end() + 40]
    hit = find_date(head)
    if hit is None or hit[1].start() > 12:
        return None
    return hit[0]


def rank_of(line: DateLine, before_title: bool) -> int:
    if line.kind == "published":
        return RANK_PUBLISHED
    if line.kind == "updated":
        return RANK_UPDATED
    if before_title:
        return RANK_WIDGET if line.weekday else RANK_BEFORE_TITLE
    return RANK_PLAIN


def choose_date(candidates: list[DateCandidate]) -> date | None:
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c.rank, c.order)).day
