"""Numbered notes at the end of an article: split from the body, parsed, linked to sentences.

Three note styles are recognised (``1) …``, ``[1] …``, ``1. …``). A block of them counts as
notes only when it closes the text and is either announced by a heading ("Notes",
"References", "주석") or cited by in-text markers in the body; this keeps a numbered list in
the middle or at the end of an article where it belongs. The markers (``agreement.1)``,
``talks.”3)``, ``[3]``, ``³``) are removed from the body so that every offset refers to the
clean text, and each citation records the spans of the sentences whose markers cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summitwatch.ingest.dates import find_date
from summitwatch.ingest.names import looks_like_name, split_names
from summitwatch.ingest.script import hangul_share
from summitwatch.models import Citation, Span
from summitwatch.segmentation import split_sentences

# how many wrapped lines one note may run on for (PDF text wraps long references)
MAX_CONTINUATION_LINES = 3

NOTE_LINE = {
    "paren": re.compile(r"(\d{1,3})\)\s*(\S.*)"),
    "bracket": re.compile(r"\[(\d{1,3})\]\s*(\S.*)"),
    "dot": re.compile(r"(\d{1,3})\.\s+(\S.*)"),
}

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# in-text markers: "word.1)" (glued to the text, never "(1)" or "2019)"), "[3]", "³", and a
# bare number glued after a word's punctuation ("agreement.1 "), which is what a <sup>
# marker becomes in extracted text; group "m" is what gets removed, group "n" the number
MARKERS = {
    "paren": re.compile(r"(?<=[^\s(\d\[])(?P<m>(?P<n>\d{1,3})\))"),
    "bracket": re.compile(r"(?P<m>[ \t]?\[(?P<n>\d{1,3})\])"),
    "super": re.compile(r"(?P<m>(?P<n>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))"),
    "glued": re.compile(r"[^\W\d_][.!?,;:][”\"’)]?(?P<m>(?P<n>\d{1,3}))(?=\s|$)"),
}
# which marker forms may cite which note style
STYLE_MARKERS = {
    "paren": ("paren", "super", "glued"),
    "bracket": ("bracket", "super", "glued"),
    "dot": ("bracket", "paren", "super", "glued"),
}

TITLE_QUOTES = (
    re.compile(r"“([^”]{2,})”"),
    re.compile(r'"([^"]{2,})"'),
    re.compile(r"「([^」]{2,})」"),
)
CONTAINER_BRACKETS = re.compile(r"[『《]([^』》]+)[』》]")
# segments after the title that are locators, not outlets
LOCATOR = re.compile(
    r"(?:no\.|vol\.|pp?\.|issue|https?://|www\.|accessed|retrieved|doi|p\s*\d|\d)", re.IGNORECASE
)


@dataclass(frozen=True)
class RawNote:
    number: int
    text: str


@dataclass(frozen=True)
class NoteBlock:
    start: int  # index of the block's first line
    style: str
    notes: tuple[RawNote, ...]


def find_note_block(lines: list[str], heading: re.Pattern[str]) -> NoteBlock | None:
    """The numbered notes that close ``lines``, when a heading or body markers confirm them."""
    for style, pattern in NOTE_LINE.items():
        block = _scan_block(lines, style, pattern)
        if block is not None and _is_confirmed(lines, block, heading):
            return block
    return None


def _scan_block(lines: list[str], style: str, pattern: re.Pattern[str]) -> NoteBlock | None:
    # walk up from the last line: note numbers must count down to 1 without gaps
    notes: list[RawNote] = []
    pending: list[str] = []
    expected: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        match = pattern.fullmatch(line)
        if match is None:
            pending.append(line)
            if len(pending) > MAX_CONTINUATION_LINES:
                return None
            continue
        number = int(match.group(1))
        if expected is not None and number != expected:
            return None
        text = " ".join([match.group(2), *reversed(pending)])
        notes.append(RawNote(number=number, text=text))
        pending = []
        if number == 1:
            return NoteBlock(start=index, style=style, notes=tuple(reversed(notes)))
        expected = number - 1
    return None


def _is_confirmed(lines: list[str], block: NoteBlock, heading: re.Pattern[str]) -> bool:
    before = [line.strip() for line in lines[: block.start] if line.strip()]
    if before and heading.fullmatch(before[-1].rstrip(":：")):
        return True
    body = "\n".join(before)
    cited = {number for number, _ in find_markers(body, block.style)}
    numbers = {note.number for note in block.notes}
    return len(cited & numbers) * 2 >= len(numbers)


def find_markers(text: str, style: str) -> list[tuple[int, re.Match[str]]]:
    found: list[tuple[int, re.Match[str]]] = []
    for kind in STYLE_MARKERS[style]:
        for match in MARKERS[kind].finditer(text):
            found.append((int(match.group("n").translate(SUPERSCRIPTS)), match))
    return sorted(found, key=lambda item: item[1].start("m"))


def remove_markers(text: str, style: str, numbers: set[int]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without the markers of ``numbers``, and (number, offset in the new text) pairs."""
    pieces: list[str] = []
    places: list[tuple[int, int]] = []
    cursor = 0
    length = 0
    for number, match in find_markers(text, style):
        if number not in numbers or match.start("m") < cursor:
            continue
        piece = text[cursor : match.start("m")]
        pieces.append(piece)
        length += len(piece)
        places.append((number, length))
        cursor = match.end("m")
    pieces.append(text[cursor:])
    return "".join(pieces), places


def link_citations(body: str, block: NoteBlock) -> tuple[str, list[Citation]]:
    """The body without markers, and the block's citations with the sentences that cite them."""
    numbers = {note.number for note in block.notes}
    clean, places = remove_markers(body, block.style, numbers)
    sentences = split_sentences(clean)
    supports: dict[int, list[Span]] = {}
    for number, offset in places:
        for sentence in sentences:
            # the marker follows its sentence's last character
            if sentence.start < offset <= sentence.end:
                span = Span(sentence.start, sentence.end)
                if span not in supports.setdefault(number, []):
                    supports[number].append(span)
                break
    citations: list[Citation] = []
    for note in block.notes:
        for citation in parse_note(note):
            citation.supports = list(supports.get(note.number, []))
            citations.append(citation)
    return clean, citations


def parse_note(note: RawNote) -> list[Citation]:
    """One citation per reference in the note (references are separated by ';')."""
    parts = [part.strip() for part in _split_outside_quotes(note.text, ";")]
    parts = [part for part in parts if part]
    # a ';' inside an explanatory note does not make two references
    if len(parts) > 1 and not all(_is_reference(part) for part in parts):
        parts = [note.text.strip()]
    return [parse_reference(note.number, part) for part in parts]


def _is_reference(text: str) -> bool:
    return bool(find_date(text) or _find_title(text) or CONTAINER_BRACKETS.search(text))


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    straight_open = False
    current: list[str] = []
    for char in text:
        if char in "“「『":
            depth += 1
        elif char in "”」』":
            depth = max(0, depth - 1)
        elif char == '"':
            straight_open = not straight_open
        if char == separator and depth == 0 and not straight_open:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _find_title(text: str) -> re.Match[str] | None:
    for pattern in TITLE_QUOTES:
        match = pattern.search(text)
        if match:
            return match
    return None


def parse_reference(number: int, text: str) -> Citation:
    """Authors, title, container, date and language of one printed reference."""
    citation = Citation(number=number, raw=text)
    citation.language = "ko" if hangul_share(text) > 0.3 else "en"
    hit = find_date(text, last=True)
    if hit is not None:
        citation.date = hit[0].isoformat()
        text_wo_date = text[: hit[1].start()] + text[hit[1].end() :]
    else:
        text_wo_date = text
    bracketed = CONTAINER_BRACKETS.search(text_wo_date)
    if bracketed:
        citation.container = bracketed.group(1).strip()
    title = _find_title(text_wo_date)
    if title is not None:
        citation.title = title.group(1).strip(" ,.")
        before = text_wo_date[: title.start()]
        after = text_wo_date[title.end() :]
    elif bracketed is not None:
        # "Briefing by the adviser, 『Office website』, date": the title comes before the outlet
        head = _segments(text_wo_date[: bracketed.start()])
        before, after = "", text_wo_date[bracketed.end() :]
        citation.authors, rest = _leading_authors(head)
        citation.title = ", ".join(rest) or None
    else:
        head = _segments(text_wo_date)
        citation.authors, rest = _leading_authors(head)
        citation.title = rest[0] if rest else None
        citation.container = citation.container or (rest[1] if len(rest) > 1 else None)
        return citation
    if before.strip():
        authors, rest = _leading_authors(_segments(before))
        citation.authors = authors
        if rest and citation.container is None and not _segments(after):
            # an institution in the author position ("Committee hearing, ...")
            citation.container = ", ".join(_segments(before))
            citation.authors = []
    if citation.container is None:
        outlets = [s for s in _segments(CONTAINER_BRACKETS.sub("", after)) if not LOCATOR.match(s)]
        citation.container = outlets[0] if outlets else None
    return citation


def _segments(text: str) -> list[str]:
    return [part.strip(" .,;:") for part in text.split(",") if part.strip(" .,;:")]


def _leading_authors(segments: list[str]) -> tuple[list[str], list[str]]:
    """The person names at the head of ``segments`` and what follows them."""
    authors: list[str] = []
    for index, segment in enumerate(segments):
        names = split_names(segment)
        if not names or not all(looks_like_name(name) for name in names):
            return authors, segments[index:]
        authors.extend(names)
    return authors, []
