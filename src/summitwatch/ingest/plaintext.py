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
from summitwatch.ingest.furniture import Furniture, is_dropped, load_furniture
from summitwatch.ingest.header import PageFacts, read_header, strip_edges
from summitwatch.ingest.layout import Structure, json_strings, mark_structure
from summitwatch.ingest.names import looks_like_name
from summitwatch.ingest.notes import NoteBlock, find_note_block
from summitwatch.ingest.outlets import load_outlets
from summitwatch.ingest.pubdate import (
    RANK_DATELINE,
    DateCandidate,
    choose_date,
    read_dateline,
    split_date_stamp,
)
from summitwatch.models import Author, RemovedLine

# a closing list of links is found among the last lines, and its lines are short titles
LINK_LIST_WINDOW = 25
MAX_LINK_CHARS = 150
# an author's note about a by-line author is short
MAX_BIO_CHARS = 600
# a by-line signing off the article stands among its last lines
SIGNOFF_WINDOW = 8
# how many leading lines may carry a date stamp glued to text
STAMP_LINES = 5

# a line ending in one of these ends its paragraph when wrapped lines are rejoined
SENTENCE_END = frozenset('.!?:;"”’)]。！？」』')
# JSON keys whose values name the page's organisation ("publisher", "siteName", "primaryCenter")
_ORG_KEY = re.compile(r"publisher|site|organi[sz]ation|brand|center|centre|institut|source", re.I)
# a wire credit opening the first paragraph: "WASHINGTON, July 2 (Yonhap) --", "(Reuters) -"
_DATELINE_CREDIT = re.compile(
    r"^[^.!?\n]{0,60}?[(,]\s*(?P<agency>[A-Z][\w-]*(?: [A-Z][\w-]*)?)\)?\s*(?:--|[-–—:.])"
)


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
    furniture: list[RemovedLine] = field(default_factory=list)
    source_agency: str | None = None
    # False when ``published`` came from the page's metadata rather than its text
    date_from_text: bool = True


def clean_plain_text(text: str, markdown: bool = False) -> CleanText:
    furniture = load_furniture()
    lines = split_date_stamps(normalize_lines(text, markdown), furniture)
    return clean_lines(lines, furniture, known_title=None)


def clean_extracted_text(text: str, title: str | None) -> CleanText:
    """Text an extractor already cut to the article: by-line and date lines at its top (the
    page's ``title`` repeated there too), the tail pass, and stray furniture."""
    furniture = load_furniture()
    lines = normalize_lines(text, unwrap=False)  # an extractor's lines are paragraphs already
    clean = clean_lines(lines, furniture, known_title=title or "")
    clean.title = None
    return clean


def clean_lines(lines: list[str], furniture: Furniture, known_title: str | None) -> CleanText:
    structure = mark_structure(lines) if known_title is None else Structure()
    facts = PageFacts(structure=structure, furniture=furniture)
    start = read_header(lines, facts, furniture, known_title=known_title)
    end, notes = read_tail(lines, start, facts, furniture, signoff=known_title is None)
    body = read_body(lines, start, end, facts, furniture)
    read_metadata_blobs(facts)
    agency = read_dateline_credit(body, facts)
    return CleanText(
        body=body,
        title=facts.title,
        authors=facts.authors,
        publisher=choose_publisher(facts),
        series=facts.series,
        published=choose_date(facts.dates),
        notes=notes,
        furniture=facts.removed,
        source_agency=agency,
    )


def read_body(
    lines: list[str], start: int, end: int, facts: PageFacts, furniture: Furniture
) -> str:
    """The paragraphs between header and tail, without the furniture standing among them."""
    paragraphs = []
    for index in range(start, end):
        text = trim_line(lines[index])
        if not text:
            continue
        reason = facts.structure.reasons.get(index)
        if reason is None and is_dropped(text, furniture):
            reason = "page chrome"
        if reason is None and any(p.search(text) for p in furniture.syndication):
            reason = "syndication note"
        if reason is None and is_stray_byline(text, facts, furniture):
            reason = "by-line"
        if reason is not None:
            facts.remove(text, reason)
            continue
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def is_stray_byline(text: str, facts: PageFacts, furniture: Furniture) -> bool:
    """A "By NAME" line standing alone inside the body is never the story's text; it names
    the authors only when the header named none."""
    if not furniture.byline_prefix.match(text) or len(text.split()) > 12:
        return False
    byline = read_byline(text, furniture)
    if byline is None:
        return False
    if not facts.authors:
        merge_authors(facts.authors, byline[0])
    return True


def read_dateline_credit(body: str, facts: PageFacts) -> str | None:
    """The dateline of the first paragraph: its date (when it has a year) and its agency."""
    first = body.split("\n", 1)[0]
    day = read_dateline(first)
    if day is not None:
        facts.dates.append(DateCandidate(day, RANK_DATELINE, 10**6))
    credit = _DATELINE_CREDIT.match(first)
    if credit is not None:
        outlet = load_outlets().whole(credit.group("agency"))
        if outlet is not None and outlet.kind == "agency":
            facts.agencies.append(outlet.name)
    return facts.agencies[0] if facts.agencies else None


def read_metadata_blobs(facts: PageFacts) -> None:
    """Names in a page's JSON metadata: authors, and outlets printed as whole values."""
    outlets = load_outlets()
    for blob in facts.structure.metadata:
        for key, value in json_strings(blob):
            outlet = outlets.whole(value)
            if key.lower() in ("author", "authors") and looks_like_name(value):
                merge_authors(facts.authors, [Author(name=value)])
            elif (
                outlet is not None
                and outlet.kind not in ("agency", "photo")
                and _ORG_KEY.search(key)
            ):
                facts.outlet_mentions.insert(0, value.strip())


def split_date_stamps(lines: list[str], furniture: Furniture) -> list[str]:
    """A date label glued to the first text (" date 2025-11-04 SEOUL: ...") on its own line."""
    out: list[str] = []
    seen = 0
    for line in lines:
        if line.strip() and seen < STAMP_LINES:
            seen += 1
            parts = split_date_stamp(line, furniture)
            if parts is not None:
                out.extend(parts)
                continue
        out.append(line)
    return out


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


# -- the tail -------------------------------------------------------------------------------


def read_tail(
    lines: list[str], start: int, facts: PageFacts, furniture: Furniture, signoff: bool = True
) -> tuple[int, NoteBlock | None]:
    """Consume tail lines and the notes block; return where the body ends and the notes. With
    ``signoff``, a by-line among the last lines ends the article (plain text copied whole;
    an extractor has already cut the page's end)."""
    end = peel_tail(lines, start, len(lines), facts, furniture)
    end = peel_tail(
        lines, start, cut_link_list(lines, start, end, facts, furniture), facts, furniture
    )
    end = peel_tail(
        lines, start, cut_signoff(lines, start, end, facts, furniture), facts, furniture
    )
    block = find_note_block(lines[start:end], furniture.notes_heading)
    if block is None:
        return end, None
    end = peel_tail(lines, start, start + block.start, facts, furniture)
    end = peel_tail(
        lines, start, cut_link_list(lines, start, end, facts, furniture), facts, furniture
    )
    return end, block


def cut_signoff(
    lines: list[str], start: int, end: int, facts: PageFacts, furniture: Furniture
) -> int:
    """A "By NAME" line among the last lines signs the article off: what follows is the page's."""
    for index in range(max(start, end - SIGNOFF_WINDOW), end):
        text = lines[index].strip()
        if not furniture.byline_prefix.match(text):
            continue
        byline = read_byline(text.rstrip(" ("), furniture)
        if byline is None:
            continue
        merge_authors(facts.authors, byline[0])
        for line in lines[index:end]:
            facts.remove(line, "by-line" if line is lines[index] else "page chrome")
        return index
    return end


def cut_link_list(
    lines: list[str], start: int, end: int, facts: PageFacts, furniture: Furniture
) -> int:
    """Where a closing list of links begins ("Related Articles" and titles), else ``end``.
    Its items are short titles, their teasers (cut off with "...") and their by-lines."""
    for index in range(end - 1, max(start, end - LINK_LIST_WINDOW) - 1, -1):
        heading = strip_edges(lines[index]).rstrip(":：")
        if not any(p.fullmatch(heading) for p in furniture.link_list_headings):
            continue
        after = [line.strip() for line in lines[index + 1 : end] if line.strip()]
        # the excerpt may stop inside the last item: an unfinished line counts as one
        unfinished = after[-1:] if after and after[-1][-1] not in ".!?" else []
        items = after[: len(after) - len(unfinished)]
        if all(is_link_item(line, furniture) for line in items):
            for line in lines[index:end]:
                facts.remove(line, "link list")
            return index
    return end


def is_link_item(line: str, furniture: Furniture) -> bool:
    if line.endswith(("...", "…")) or furniture.byline_prefix.match(line):
        return True
    return len(line) <= MAX_LINK_CHARS and line[-1] not in ".!"  # a title may ask


def peel_tail(
    lines: list[str], start: int, end: int, facts: PageFacts, furniture: Furniture
) -> int:
    index = end
    while index > start:
        line = lines[index - 1].strip()
        if line and not read_tail_line(line, facts, furniture):
            break
        index -= 1
    return index


def read_tail_line(line: str, facts: PageFacts, furniture: Furniture) -> bool:
    """True when ``line`` is tail furniture (what it says is recorded in ``facts``)."""
    reason = tail_reason(line, facts, furniture)
    if reason is None:
        return False
    facts.remove(line, reason)
    return True


def tail_reason(line: str, facts: PageFacts, furniture: Furniture) -> str | None:
    if is_dropped(line, furniture) or any(p.fullmatch(line) for p in furniture.tail):
        return "page chrome"
    if any(p.search(line) for p in furniture.syndication):
        return "syndication note"
    if furniture.notes_heading.fullmatch(line.rstrip(":：")):
        return "notes heading"
    if furniture.email.fullmatch(line):
        return "e-mail"
    copyright = furniture.copyright.fullmatch(line)
    if copyright:
        return read_copyright((copyright.group("publisher") or "").strip(), facts)
    for pattern in furniture.disclaimers:
        disclaimer = pattern.fullmatch(line)
        if disclaimer:
            groups = disclaimer.groupdict()
            facts.series = facts.series or (groups.get("series") or "").strip() or None
            publisher = (groups.get("publisher") or "").strip() or None
            facts.disclaimer_publisher = facts.disclaimer_publisher or publisher
            return "disclaimer"
    return read_tail_author(line, facts, furniture)


def read_copyright(holder: str, facts: PageFacts) -> str:
    """ "© Getty Images" credits a photo; "© 2024 Reuters" a wire story; else the publisher's."""
    outlet = load_outlets().whole(holder) if holder else None
    if outlet is not None and outlet.kind == "photo":
        return "photo credit"
    if outlet is not None and outlet.kind == "agency":
        facts.agencies.append(outlet.name)
        return "agency credit"
    facts.copyright_holder = facts.copyright_holder or holder or None
    return "copyright"


def read_tail_author(line: str, facts: PageFacts, furniture: Furniture) -> str | None:
    bio = furniture.bio.fullmatch(line)
    if bio:
        merge_authors(facts.authors, read_bio(bio.group("bio"), furniture))
        return "author note"
    # "Jane Roe is a senior fellow at X." closing the page, about an author of the by-line
    sentence = furniture.bio_sentence.match(line)
    known = {author.name.lower() for author in facts.authors}
    if sentence and sentence.group("name").lower() in known and len(line) < MAX_BIO_CHARS:
        merge_authors(facts.authors, read_bio(line, furniture))
        return "author note"
    # "Jane Roe jroe@example.com": a by-line with an e-mail signing off
    if furniture.email.search(line):
        byline = read_byline(line, furniture)
        if byline is not None:
            merge_authors(facts.authors, byline[0])
            return "by-line"
    return None


def choose_publisher(facts: PageFacts) -> str | None:
    """A site name printed as such first, then the copyright holder, the disclaimer's, an
    outlet the furniture names, and the wire agency; spelled as an author's affiliation when
    they are near-identical (a disclaimer's typo loses to the by-line)."""
    publisher = next(
        iter(
            facts.site_names
            + [p for p in (facts.copyright_holder, facts.disclaimer_publisher) if p]
            + facts.outlet_mentions
            + facts.agencies
        ),
        None,
    )
    if publisher is None:
        return None
    for author in facts.authors:
        affiliation = author.affiliation
        if affiliation and SequenceMatcher(None, affiliation, publisher).ratio() >= 0.85:
            return affiliation
    return publisher
