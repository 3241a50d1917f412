"""The top of a web-copied page: what precedes the body, and what it says about the article.

Read from the top, each line is one of: furniture (patterns, structural marks), a site name, a
section label, a date line, a by-line, an agency credit, the headline (once; a repeat of it is
furniture), a standfirst, a caption; the first line that is none of these starts the body.
Everything set aside is recorded with its reason in :class:`PageFacts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summitwatch.ingest.byline import merge_authors, read_byline
from summitwatch.ingest.furniture import Furniture, is_dropped
from summitwatch.ingest.layout import Structure, is_captioned, is_chrome, outlet_in
from summitwatch.ingest.names import looks_like_name
from summitwatch.ingest.outlets import load_outlets
from summitwatch.ingest.pubdate import DateCandidate, DateLine, rank_of, read_date_line
from summitwatch.models import Author, RemovedLine

MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 30
# a headline ending in a period is short ("Kim might succeed. Here's why.")
MAX_PERIOD_TITLE_WORDS = 16
# below this many words a line above the headline is a section label or site name
MIN_TITLE_WORDS = 4
MAX_LABEL_WORDS = 3
# the header is short: past this many lines the body has begun whatever they look like
MAX_HEADER_LINES = 60
# a teaser repeats the start of a later paragraph and is at least this long
MIN_TEASER_CHARS = 30
TEASER_WINDOW = 100
# how far below a standfirst its by-line or date may stand
DECK_LOOKAHEAD = 3
# a bare name below the headline is a by-line when it is this short
MAX_BARE_NAME_WORDS = 4

_EDGE = " \t|#*>-–—•·"
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
# an AP-style caption ends with its place and date: "..., South Korea, Sept. 9, 2021."
_CAPTION_DATE = re.compile(
    r",\s+(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+\.?),?\s+(?:19|20)\d\d\.$"
)


# a wire dateline opens a story, never a headline: "WASHINGTON –", "SEOUL:", "OPINION –"
_DATELINE_START = re.compile(r"[A-Z][A-Z.'/-]+(?:[ ,]+[A-Z][A-Z.'/-]+)*\s*(?:[-–—:]|\(\w)")


@dataclass
class PageFacts:
    """What the furniture said, and the furniture itself."""

    structure: Structure = field(default_factory=Structure)
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    dates: list[DateCandidate] = field(default_factory=list)
    copyright_holder: str | None = None
    disclaimer_publisher: str | None = None
    series: str | None = None
    site_names: list[str] = field(default_factory=list)  # "The Korea Times" as a line
    outlet_mentions: list[str] = field(default_factory=list)  # "More from CNAS"
    agencies: list[str] = field(default_factory=list)  # "Reuters |", "(Yonhap)" datelines
    removed: list[RemovedLine] = field(default_factory=list)
    furniture: Furniture | None = None
    raw_line: str = ""  # the header line being read, as printed (its edges unstripped)

    def remove(self, text: str, reason: str) -> None:
        if not text.strip():
            return
        if reason not in ("caption", "photo credit") and self.furniture is not None:
            self.note_outlet(text.strip(), self.furniture)
        if text.strip() == strip_edges(self.raw_line):
            text = self.raw_line  # keep what the page printed: "Reuters |", "- By NAME"
        last = self.removed[-1] if self.removed else None
        if last is not None and reason == last.reason == "page metadata":
            # a JSON blob is one piece of furniture, not one per line
            self.removed[-1] = RemovedLine(f"{last.text}\n{text.strip()}", reason)
            return
        self.removed.append(RemovedLine(text.strip(), reason))

    def note_outlet(self, text: str, furniture: Furniture) -> None:
        """An outlet named by a furniture line ("More from CNAS", "Why you can trust SCMP")."""
        for pattern in furniture.outlet_lines:
            named = pattern.fullmatch(text)
            if named is None:
                continue
            printed = named.group("outlet").strip(" .")
            outlet = load_outlets().whole(printed)
            if outlet is not None and outlet.kind not in ("agency", "photo"):
                self.outlet_mentions.append(printed)
            return


def strip_edges(line: str) -> str:
    return line.strip().strip(_EDGE).strip()


def fold(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).rstrip(".…").strip().lower()


def is_teaser(folded: list[str], index: int, copies: bool = True) -> bool:
    """A line repeating the start of a later line (a teaser), or (with ``copies``) a whole
    later line (a deck or caption printed twice)."""
    teaser = folded[index]
    if len(teaser) < MIN_TEASER_CHARS:
        return False
    return any(
        (copies and later == teaser) or (len(later) > len(teaser) + 10 and later.startswith(teaser))
        for later in folded[index + 1 :]
    )


def looks_like_title(text: str) -> bool:
    words = text.split()
    if len(text) > MAX_TITLE_CHARS or len(words) > MAX_TITLE_WORDS or text[:1].islower():
        return False
    if re.search(r"[,;:]$", text) or _DATELINE_START.match(text):
        return False
    bare = text.rstrip("\"”’')]")
    if bare.endswith(".") and not re.search(r"\b[A-Z]\.$", bare):
        return len(words) <= MAX_PERIOD_TITLE_WORDS and not re.search(r"[\"“”]", text)
    return True


def is_headline(text: str) -> bool:
    """A title that does not read as a sentence of the story (no final period)."""
    return looks_like_title(text) and not text.rstrip("\"”’')]").endswith(".")


def read_header(
    lines: list[str], facts: PageFacts, furniture: Furniture, known_title: str | None = None
) -> int:
    """Consume header lines; return the index of the first body line. With ``known_title``
    (the page's own title) no other line is taken for the title, and no standfirst dropped."""
    folded = [fold(line) for line in lines[: MAX_HEADER_LINES + TEASER_WINDOW]]
    if known_title is not None:
        facts.title = known_title
    for index, line in enumerate(lines[:MAX_HEADER_LINES]):
        text = strip_edges(line)
        if not text:
            continue
        facts.raw_line = line.strip()
        if consume_header_line(lines, index, text, folded, facts, furniture, known_title):
            continue
        return index
    return min(len(lines), MAX_HEADER_LINES)


def consume_header_line(
    lines: list[str],
    index: int,
    text: str,
    folded: list[str],
    facts: PageFacts,
    furniture: Furniture,
    known_title: str | None,
) -> bool:
    """True when the line belongs to the header (what it says is recorded in ``facts``)."""
    before_title = facts.title is None
    mark = facts.structure.reasons.get(index)
    if mark == "caption" and (
        read_header_date(text, index, facts, furniture)
        or read_header_byline(text, facts, furniture)
    ):
        return True  # a by-line or date above a photo's credit is still one
    if mark in (None, "link list") and read_field(text, facts, furniture):
        return True
    if mark == "link list" and outlet_in(text) is not None:
        mark = None  # a site name standing among the menu's links is still the site's name
    headline_like = mark == "caption" and looks_like_title(text) and not is_captioned(text)
    if mark and not (before_title and headline_like):
        credited = mark == "photo credit" and record_agency_credit(lines, index, text, facts)
        facts.remove(text, "agency credit" if credited else mark)
        return True
    if is_dropped(lines[index], furniture) or (before_title and is_chrome(text)):
        facts.remove(text, "page chrome")
        return True
    if facts.title is not None and folded[index] == fold(facts.title):
        facts.remove(text, "repeated headline")
        return True
    # a headline printed twice is read as the headline first, its copy dropped below
    if is_teaser(folded, index, copies=not (before_title and is_headline(text))):
        facts.remove(text, "teaser")
        return True
    if read_header_date(text, index, facts, furniture):
        return True
    if furniture.email.fullmatch(text) or furniture.copyright.fullmatch(text):
        facts.remove(text, "copyright" if "@" not in text else "e-mail")
        return True
    if read_header_byline(text, facts, furniture):
        return True
    site = outlet_in(text) or glued_site_name(text)
    if site is not None:
        facts.site_names.append(site)
        facts.remove(text, "site name")
        return True
    if known_title is not None:
        return False
    if before_title:
        return read_title_or_label(text, next_text(lines, index, facts), facts)
    return read_below_title(lines, index, text, facts, furniture)


def glued_site_name(text: str) -> str | None:
    """A site name glued to its slogan ("Example PostNews You Can Use"): the site's."""
    lowered = text.lower()
    for outlet in load_outlets().entries:
        if outlet.kind in ("agency", "photo"):
            continue
        for spelling in outlet.spellings:
            end = len(spelling)
            if end >= 5 and lowered.startswith(spelling.lower()) and text[end : end + 1].isupper():
                return text[:end]
    return None


def read_title_or_label(text: str, upcoming: str, facts: PageFacts) -> bool:
    """Above the headline: section labels and site names are furniture; the headline is the
    first line long enough to be one, or a short line with no headline below it. A line that
    reads as body text ends the header."""
    short = len(text.split()) < MIN_TITLE_WORDS and not re.search(r"[.!?]$", text)
    if short and len(upcoming.split()) >= MIN_TITLE_WORDS and is_headline(upcoming):
        facts.remove(text, "section label")
        return True
    # a line ending in a period is a headline only with more text below it: alone, it is
    # the body (a one-sentence document)
    sentence = text.rstrip("\"”’')]").endswith(".")
    if looks_like_title(text) and not (sentence and not upcoming):
        facts.title = text
        return True
    return False


def next_text(lines: list[str], index: int, facts: PageFacts) -> str:
    """The next line long enough to be a headline or a paragraph, skipping blank lines,
    marked furniture, site names and other short lines."""
    for later in range(index + 1, min(len(lines), index + 1 + MAX_HEADER_LINES)):
        text = strip_edges(lines[later])
        if not text or later in facts.structure.reasons or outlet_in(text) is not None:
            continue
        if len(text.split()) >= MIN_TITLE_WORDS:
            return text
    return ""


def read_below_title(
    lines: list[str], index: int, text: str, facts: PageFacts, furniture: Furniture
) -> bool:
    words = text.split()
    if len(words) <= MAX_BARE_NAME_WORDS and not facts.authors and is_bare_name(text):
        merge_authors(facts.authors, [Author(name=text)])
        facts.remove(text, "by-line")
        return True
    if len(words) <= MAX_LABEL_WORDS and not re.search(r"[.!?\"”]$", text):
        facts.remove(text, "section label")
        return True
    if is_captioned(text) or _CAPTION_DATE.search(text):
        facts.remove(text, "caption")
        return True
    if is_deck(lines, index, facts, furniture):
        facts.remove(text, "standfirst")
        return True
    return False


def is_bare_name(text: str) -> bool:
    """A by-line that is nothing but a name ("John Bacon"), not a place or a section."""
    if not looks_like_name(text, max_tokens=MAX_BARE_NAME_WORDS):
        return False
    if load_outlets().find_all(text):
        return False
    return not re.search(
        r"\b(?:korea|asia|america|china|japan|russia|europe|africa|news|world|politics|opinion"
        r"|analysis|policy|affairs|pacific|east|west|north|south|united|states|house|summary"
        r"|security|defense|defence|business|economy|election|report|live|latest|updates?"
        r"|insights?|highlights?|takeaways?|points|contents|overview|introduction|background"
        r"|conclusions?|commentary|research|experts|events|media|video|photos?)\b",
        text,
        re.IGNORECASE,
    )


_FIELD = re.compile(
    r"(?P<field>title|headline|authors?|role|organi[sz]ation|affiliation|publisher|dateline)"
    r"\s*:\s*(?P<value>\S.*)",
    re.IGNORECASE,
)


def read_field(text: str, facts: PageFacts, furniture: Furniture) -> bool:
    """A metadata header written as fields: "Title: ...", "Author: ...", "Role: ..."."""
    field_match = _FIELD.fullmatch(text)
    if field_match is None:
        return False
    name, value = field_match.group("field").lower(), field_match.group("value").strip()
    if name in ("title", "headline") and facts.title is None:
        facts.title = value
        return True
    if name.startswith("author") and looks_like_name(value):
        merge_authors(facts.authors, [Author(name=value)])
    elif name == "role" and facts.authors:
        facts.authors[-1].role = facts.authors[-1].role or value
    elif name in ("organisation", "organization", "affiliation") and facts.authors:
        facts.authors[-1].affiliation = facts.authors[-1].affiliation or value
    elif name == "publisher":
        facts.site_names.append(value)
    elif name == "dateline" and read_date_line(value, furniture) is None:
        return False
    elif name == "dateline":
        return read_header_date(value, 0, facts, furniture)
    else:
        return False
    facts.remove(text, "metadata field")
    return True


def read_header_date(text: str, index: int, facts: PageFacts, furniture: Furniture) -> bool:
    line = read_date_line(text, furniture)
    if line is None:
        return False
    add_date(line, index, facts)
    facts.remove(text, "date line")
    if line.rest:
        read_beside_date(line.rest, facts, furniture)
    return True


def add_date(line: DateLine, index: int, facts: PageFacts) -> None:
    if line.day is not None and line.kind != "ignored":
        rank = rank_of(line, before_title=facts.title is None)
        facts.dates.append(DateCandidate(line.day, rank, index))


def read_beside_date(rest: str, facts: PageFacts, furniture: Furniture) -> None:
    """What shares a line with a date: a by-line ("July 2, 2019 - 15:03 By NAME"), an agency
    ("Reuters, Tuesday 29 Jan 2019") or a section label ("All News")."""
    byline = read_byline(re.sub(r"\s+(?:on|at)$", "", rest), furniture)
    if byline is not None:
        merge_authors(facts.authors, byline[0])
        return
    outlet = load_outlets().whole(rest)
    if outlet is not None and outlet.kind == "agency":
        facts.agencies.append(outlet.name)


def read_header_byline(text: str, facts: PageFacts, furniture: Furniture) -> bool:
    if read_agency_byline(text, facts, furniture):
        return True
    byline = read_byline(text, furniture)
    if byline is None:
        return False
    authors, day = byline
    merge_authors(facts.authors, authors)
    # "By NAME, The Associated Press": a wire reporter's story
    for author in authors:
        outlet = load_outlets().whole(author.affiliation or "")
        if outlet is not None and outlet.kind == "agency":
            facts.agencies.append(outlet.name)
    if day is not None:
        facts.dates.append(DateCandidate(day, 1, len(facts.dates)))
    facts.remove(text, "by-line")
    return True


def read_agency_byline(text: str, facts: PageFacts, furniture: Furniture) -> bool:
    """ "By Reuters", "By AFP Staff": an agency's story with no named author."""
    prefix = furniture.byline_prefix.match(text)
    if prefix is None:
        return False
    credited = re.sub(
        r"\s+(?:staff|reporters?|wire|news)$", "", text[prefix.end() :].strip(), flags=re.I
    )
    outlet = load_outlets().whole(credited)
    if outlet is None or outlet.kind != "agency":
        return False
    facts.agencies.append(outlet.name)
    facts.remove(text, "agency credit")
    return True


def record_agency_credit(lines: list[str], index: int, text: str, facts: PageFacts) -> bool:
    """An agency credit standing alone ("Reuters |", "· UPI") that is not a photo's credit."""
    outlet = load_outlets().whole(text)
    if outlet is None or outlet.kind != "agency" or "photo" in text.lower():
        return False
    previous = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    if is_captioned(previous) or previous.endswith((".", "…")):  # a photo's caption above
        return False
    facts.agencies.append(outlet.name)
    return True


def is_deck(lines: list[str], index: int, facts: PageFacts, furniture: Furniture) -> bool:
    """A standfirst between the title and a by-line or date still to come."""
    if facts.authors and facts.dates:
        return False
    upcoming = [strip_edges(line) for line in lines[index + 1 : index + 1 + DECK_LOOKAHEAD]]
    for text in upcoming:
        if not text:
            continue
        if not facts.dates and read_date_line(text, furniture) is not None:
            return True
        if not facts.authors and furniture.byline_prefix.match(text):
            return read_byline(text, furniture) is not None
    return False
