"""Web-copied plain text: page furniture out of the body, what it says into the metadata.

Text copied from a web page carries the page around the article: a teaser repeated above the
title, separator lines, "top of page", "4 min read", a by-line with the role glued to the name,
an e-mail address, a copyright line, a disclaimer, related-article links and numbered notes.
The cleaning works in three passes over the lines:

1. the header, read from the top: furniture, teasers, the title, date and by-line lines, until
   the first line that is none of these (the body starts there);
2. the tail, read from the bottom: furniture, copyright, disclaimer, an author's bio, related
   links and the notes block, until the first line that is none of these (the body ends there);
3. the body between them, with stray furniture lines dropped and separator residue trimmed.

The line patterns live in ``furniture.yaml``; this module only decides where each applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from summitwatch.ingest.byline import merge_authors, read_bio, read_byline
from summitwatch.ingest.dates import parse_date
from summitwatch.ingest.furniture import Furniture, is_dropped, load_furniture
from summitwatch.ingest.notes import NoteBlock, find_note_block
from summitwatch.models import Author

MAX_TITLE_CHARS = 250
# a teaser repeats the start of a later paragraph and is at least this long
MIN_TEASER_CHARS = 30
# the header is short: past this many lines the body has begun whatever they look like
MAX_HEADER_LINES = 60
# a closing list of links is found among the last lines, and its lines are short titles
LINK_LIST_WINDOW = 25
MAX_LINK_CHARS = 150
# an author's note about a by-line author is short
MAX_BIO_CHARS = 600
# how far below a standfirst its by-line or date may stand
DECK_LOOKAHEAD = 3
# a teaser is repeated soon after: the paragraph it copies is among the next lines
TEASER_WINDOW = 100

_EDGE = " \t|#*>-–—•·"
# a line ending in one of these ends its paragraph when wrapped lines are rejoined
SENTENCE_END = frozenset('.!?:;"”’)]。！？」』')
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@dataclass
class CleanText:
    """The body (in-text note markers still in it) and what the furniture said."""

    body: str
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    publisher: str | None = None
    series: str | None = None
    published: date | None = None
    notes: NoteBlock | None = None


@dataclass
class _Found:
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    published: date | None = None
    copyright_holder: str | None = None
    disclaimer_publisher: str | None = None
    series: str | None = None


def clean_plain_text(text: str, markdown: bool = False) -> CleanText:
    furniture = load_furniture()
    lines = normalize_lines(text, markdown)
    found = _Found()
    start = read_header(lines, found, furniture)
    end, notes = read_tail(lines, start, found, furniture)
    paragraphs = [p for p in (trim_line(line) for line in lines[start:end]) if p]
    body = "\n\n".join(p for p in paragraphs if not is_dropped(p, furniture))
    return CleanText(
        body=body,
        title=found.title,
        authors=found.authors,
        publisher=choose_publisher(found),
        series=found.series,
        published=found.published,
        notes=notes,
    )


def clean_extracted_text(text: str, title: str | None) -> CleanText:
    """Text an extractor already cut to the article: by-line and date lines at its top (the
    page's ``title`` repeated there too), the tail pass, and stray furniture."""
    furniture = load_furniture()
    lines = normalize_lines(text, unwrap=False)  # an extractor's lines are paragraphs already
    found = _Found()
    start = read_header(lines, found, furniture, known_title=title or "")
    end, notes = read_tail(lines, start, found, furniture)
    paragraphs = [p for p in (trim_line(line) for line in lines[start:end]) if p]
    body = "\n\n".join(p for p in paragraphs if not is_dropped(p, furniture))
    return CleanText(
        body=body,
        authors=found.authors,
        publisher=choose_publisher(found),
        series=found.series,
        published=found.published,
        notes=notes,
    )


def normalize_lines(text: str, markdown: bool = False, unwrap: bool = True) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    if markdown:
        lines = [strip_markdown(line) for line in lines]
    if unwrap and is_hard_wrapped(lines):
        lines = unwrap_lines(lines)
    return lines


def strip_markdown(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links and images keep their text
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)


def is_hard_wrapped(lines: list[str]) -> bool:
    """Text broken at a fixed width (e-mail, PDF, terminal): most lines of similar length
    stop mid-sentence and run on into the next line."""
    if max((len(line) for line in lines), default=0) > 120:
        return False
    long_lines = [i for i, line in enumerate(lines) if 40 <= len(line.strip()) <= 100]
    broken = [
        i
        for i in long_lines
        if lines[i].strip()[-1] not in SENTENCE_END and i + 1 < len(lines) and lines[i + 1].strip()
    ]
    return len(broken) >= 3 and len(broken) * 2 >= len(long_lines)


_LIST_START = re.compile(r"\s*(?:[-*•·]|\d{1,3}[.)]|\[\d{1,3}\]|[A-Z][A-Za-z ]{0,30}:)\s")


def unwrap_lines(lines: list[str]) -> list[str]:
    """Join wrapped lines back into paragraphs. A line is wrapped when it nearly fills the
    text width and does not end a sentence; list items and notes keep their own lines."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return lines
    width = lengths[int(0.9 * (len(lengths) - 1))]
    out: list[list[str]] = []  # each paragraph as its stripped lines, joined at the end
    for line in lines:
        text = line.strip()
        last = out[-1][-1] if out else ""
        joinable = (
            last
            and text
            and len(last) >= 0.6 * width
            and last[-1] not in SENTENCE_END
            and not _LIST_START.match(line)
        )
        if joinable:
            out[-1].append(text)
        else:
            out.append([text] if text else [""])
    return [join_wrapped(parts) for parts in out]


def join_wrapped(parts: list[str]) -> str:
    pieces = [parts[0]]
    for part in parts[1:]:
        last = pieces[-1]
        if len(last) > 1 and last[-1] == "-" and last[-2].isalpha() and part[:1].islower():
            pieces[-1] = last[:-1]  # a word hyphenated at the line end
            pieces.append(part)
        else:
            pieces.extend((" ", part))
    return "".join(pieces)


def trim_line(line: str) -> str:
    """Remove separator residue at a paragraph's edges ("... administration. -")."""
    line = line.strip()
    line = re.sub(r"\s+[-|–—]+$", "", line)
    return re.sub(r"^[-|–—]+\s+", "", line).strip()


def strip_edges(line: str) -> str:
    return line.strip().strip(_EDGE).strip()


# -- 1. the header ---------------------------------------------------------------------------


def read_header(
    lines: list[str], found: _Found, furniture: Furniture, known_title: str | None = None
) -> int:
    """Consume header lines; return the index of the first body line. With ``known_title``
    (the page's own title) no other line is taken for the title, and no standfirst dropped."""
    folded = [_fold(line) for line in lines[: MAX_HEADER_LINES + TEASER_WINDOW]]
    for index, line in enumerate(lines[:MAX_HEADER_LINES]):
        text = strip_edges(line)
        if not text or is_dropped(line, furniture) or is_teaser(folded, index):
            continue
        if known_title is not None:
            if folded[index] == _fold(known_title):
                continue
            if read_date_line(text, furniture) is None and read_byline(text, furniture) is None:
                return index
        day = read_date_line(text, furniture)
        if day is not None:
            found.published = found.published or day
            continue
        if furniture.email.fullmatch(text) or furniture.copyright.fullmatch(text):
            continue
        authors = read_byline(text, furniture)
        if authors is not None:
            merge_authors(found.authors, authors[0])
            found.published = found.published or authors[1]
            continue
        if found.title is None and looks_like_title(text):
            found.title = text
            continue
        if found.title is not None and is_deck(lines, index, found, furniture):
            continue
        return index
    return min(len(lines), MAX_HEADER_LINES)


def is_deck(lines: list[str], index: int, found: _Found, furniture: Furniture) -> bool:
    """A standfirst between the title and a by-line or date still to come: the next few
    lines hold the by-line or date the header has not seen yet."""
    if found.authors and found.published:
        return False
    upcoming = [strip_edges(line) for line in lines[index + 1 : index + 1 + DECK_LOOKAHEAD]]
    for text in upcoming:
        if not text:
            continue
        if not found.published and read_date_line(text, furniture) is not None:
            return True
        if not found.authors and furniture.byline_prefix.match(text):
            return read_byline(text, furniture) is not None
    return False


def _fold(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).rstrip(".…").strip().lower()


def is_teaser(folded: list[str], index: int) -> bool:
    """A line repeating the start of a longer later line (a teaser or deck copied twice);
    ``folded`` holds the lines with quotes and white space normalised."""
    teaser = folded[index]
    if len(teaser) < MIN_TEASER_CHARS:
        return False
    return any(
        len(later) > len(teaser) + 10 and later.startswith(teaser) for later in folded[index + 1 :]
    )


def looks_like_title(text: str) -> bool:
    if len(text) > MAX_TITLE_CHARS or len(text.split()) > 30 or text[:1].islower():
        return False
    return not re.search(r"[.,;:]$", text) or bool(re.search(r"\b[A-Z]\.$", text))


def read_date_line(text: str, furniture: Furniture) -> date | None:
    prefix = furniture.date_prefix.match(text)
    text = text[prefix.end() :] if prefix else text
    # "Dec 2, 2024 | 10:30 AM", "10:30 AM EST, Tue March 3, 2024": times and weekdays go
    text = re.sub(r"\d{1,2}:\d\d(?::\d\d)?\s*(?:[aApP]\.?[mM]\.?)?(?:\s*[A-Z]{2,4}\b)?", " ", text)
    text = re.sub(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", " ", text, flags=re.I)
    return parse_date(text)


# -- 2. the tail -----------------------------------------------------------------------------


def read_tail(
    lines: list[str], start: int, found: _Found, furniture: Furniture
) -> tuple[int, NoteBlock | None]:
    """Consume tail lines and the notes block; return where the body ends and the notes."""
    end = peel_tail(lines, start, len(lines), found, furniture)
    end = peel_tail(lines, start, cut_link_list(lines, start, end, furniture), found, furniture)
    block = find_note_block(lines[start:end], furniture.notes_heading)
    if block is None:
        return end, None
    end = peel_tail(lines, start, start + block.start, found, furniture)
    end = peel_tail(lines, start, cut_link_list(lines, start, end, furniture), found, furniture)
    return end, block


def cut_link_list(lines: list[str], start: int, end: int, furniture: Furniture) -> int:
    """Where a closing list of links begins ("Related Articles" and titles), else ``end``."""
    for index in range(end - 1, max(start, end - LINK_LIST_WINDOW) - 1, -1):
        heading = strip_edges(lines[index]).rstrip(":：")
        if not any(p.fullmatch(heading) for p in furniture.link_list_headings):
            continue
        after = [line.strip() for line in lines[index + 1 : end] if line.strip()]
        if all(len(line) <= MAX_LINK_CHARS and line[-1] not in ".!?" for line in after):
            return index
    return end


def peel_tail(lines: list[str], start: int, end: int, found: _Found, furniture: Furniture) -> int:
    index = end
    while index > start:
        line = lines[index - 1].strip()
        if line and not read_tail_line(line, found, furniture):
            break
        index -= 1
    return index


def read_tail_line(line: str, found: _Found, furniture: Furniture) -> bool:
    """True when ``line`` is tail furniture (what it says is recorded in ``found``)."""
    if is_dropped(line, furniture) or any(p.fullmatch(line) for p in furniture.tail):
        return True
    if furniture.notes_heading.fullmatch(line.rstrip(":：")) or furniture.email.fullmatch(line):
        return True
    copyright = furniture.copyright.fullmatch(line)
    if copyright:
        holder = (copyright.group("publisher") or "").strip()
        found.copyright_holder = found.copyright_holder or holder or None
        return True
    for pattern in furniture.disclaimers:
        disclaimer = pattern.fullmatch(line)
        if disclaimer:
            groups = disclaimer.groupdict()
            found.series = found.series or (groups.get("series") or "").strip() or None
            publisher = (groups.get("publisher") or "").strip() or None
            found.disclaimer_publisher = found.disclaimer_publisher or publisher
            return True
    bio = furniture.bio.fullmatch(line)
    if bio:
        merge_authors(found.authors, read_bio(bio.group("bio"), furniture))
        return True
    # "Jane Roe is a senior fellow at X." closing the page, about an author of the by-line
    sentence = furniture.bio_sentence.match(line)
    known = {author.name.lower() for author in found.authors}
    if sentence and sentence.group("name").lower() in known and len(line) < MAX_BIO_CHARS:
        merge_authors(found.authors, read_bio(line, furniture))
        return True
    return False


def choose_publisher(found: _Found) -> str | None:
    """Copyright holder first, then the disclaimer's; spelled as an author's affiliation when
    they are near-identical (a disclaimer's typo loses to the by-line)."""
    publisher = found.copyright_holder or found.disclaimer_publisher
    if publisher is None:
        return None
    for author in found.authors:
        affiliation = author.affiliation
        if affiliation and SequenceMatcher(None, affiliation, publisher).ratio() >= 0.85:
            return affiliation
    return publisher
