"""By-lines and author notes: names, roles and affiliations as web pages print them.

Handles 'By NAME, ROLE, ORG', 'By NAME | ROLE, ORG', 'NAME | ROLE, ORG', a role glued to the
name ('Mina ParkVisiting Research Fellow'), a role after the name ('홍길동 기자'), a date inside
the by-line ('Posted by NAME on DATE'), and author notes ('Author: NAME, founder of ORG, ...',
'NAME is a senior fellow at ORG.').
"""

from __future__ import annotations

import re
from datetime import date

from summitwatch.ingest.dates import find_date
from summitwatch.ingest.furniture import Furniture
from summitwatch.ingest.names import looks_like_name, split_names
from summitwatch.models import Author

# a by-line without "By" must be short: a body paragraph is never taken for one, nor a
# headline ("North Korea's Kim, Trump have chance to meet, minister says")
MAX_BYLINE_WORDS = 16
MAX_BARE_BYLINE_WORDS = 10


def unglue_role(text: str, furniture: Furniture) -> str:
    """'Mina ParkVisiting Research Fellow' -> 'Mina Park, Visiting Research Fellow'."""
    for match in re.finditer(r"(?<=[a-z])(?=[A-Z][a-z]+)", text):
        word = re.match(r"[A-Za-z-]+", text[match.start() :])
        if word and word.group().lower() in furniture.role_words:
            return f"{text[: match.start()]}, {text[match.start() :]}"
    return text


def has_role_word(text: str, furniture: Furniture) -> bool:
    return any(word in furniture.role_words for word in re.findall(r"[\w-]+", text.lower()))


# "with wires", "and agencies", "with additional reporting by ...": not authors' names
_WIRE_SUFFIX = re.compile(
    r"\s+(?:with|and|\+)\s+(?:wires|agencies|wire services|news agencies"
    r"|additional reporting\b.*)$",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}"
# "NAME in Washington and NAME in New York": correspondents and where they file from
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}"
_FILED_FROM = re.compile(
    rf"(?P<a>{_NAME})\s+in\s+{_PLACE}\s*(?:,|and)\s+(?P<b>{_NAME})\s+in\s+{_PLACE}"
)


def normalize_byline(text: str) -> tuple[str, bool]:
    """The by-line without agency suffixes ("with wires"); True when its shape alone makes
    it a by-line ("NAME in Washington and NAME in New York": one name alone could be a
    headline's subject)."""
    text = _WIRE_SUFFIX.sub("", text.strip())
    filed = _FILED_FROM.fullmatch(text)
    if filed:
        names = [filed.group("a"), filed.group("b")]
        if all(looks_like_name(n) for n in names):
            return " and ".join(names), True
    return text, False


def read_byline(text: str, furniture: Furniture) -> tuple[list[Author], date | None] | None:
    """Authors (and a date) from 'By NAME, ROLE, ORG', 'NAME | ROLE, ORG' and kin, else None."""
    prefixed = furniture.byline_prefix.match(text)
    if prefixed:
        text = text[prefixed.end() :]
    elif len(text.split()) > MAX_BYLINE_WORDS or re.search(r"[.!?]$", text):
        return None
    text, by_shape = normalize_byline(text)
    # "NAME (former special envoy for ...)": the brackets hold the role, whole
    bracketed = re.fullmatch(r"([^()]+?)\s*\(([^()]+)\)", text.strip())
    if bracketed and looks_like_name(bracketed.group(1).strip()):
        day = None
        return [Author(name=bracketed.group(1).strip(), role=bracketed.group(2).strip())], day
    has_email = bool(furniture.email.search(text))
    text = unglue_role(furniture.email.sub("", text), furniture)
    text, day = take_date(text)
    parts = [p.strip(" ,;-–—") for p in re.split(r"\s*\|\s*", text)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    pieces = [piece.strip() for piece in parts[0].split(",") if piece.strip()]
    if not pieces:
        return None
    name_part, role_part = split_name_role(pieces[0], furniture)
    names = split_names(name_part)
    if not names or not all(looks_like_name(name) for name in names):
        return None
    descriptors = [role_part] if role_part else []
    descriptors += pieces[1:] + [x.strip() for p in parts[1:] for x in p.split(",") if x.strip()]
    # without "By", a name alone is no evidence of a by-line: require a role, e-mail or '|'
    if not (prefixed or by_shape or has_email or len(parts) > 1 or has_role_word(text, furniture)):
        return None
    if not (prefixed or has_email or len(parts) > 1) and reads_as_headline(text):
        return None
    role, affiliation = split_descriptors(descriptors, furniture)
    return [Author(name=name, role=role, affiliation=affiliation) for name in names], day


def reads_as_headline(text: str) -> bool:
    """A possessive name or a long line without "By", "|" or an e-mail is a headline."""
    return bool(re.search(r"\w['’]s\b", text)) or len(text.split()) > MAX_BARE_BYLINE_WORDS


def take_date(text: str) -> tuple[str, date | None]:
    """A by-line without its date: 'Jane Roe on March 3, 2024' -> ('Jane Roe', 2024-03-03)."""
    hit = find_date(text)
    if hit is None:
        return text, None
    value, match = hit
    head = re.sub(r"(?:\s+(?:on|at)|[\s,|–—-])*$", "", text[: match.start()])
    tail = text[match.end() :]
    return f"{head} {tail}".strip(), value


def split_name_role(text: str, furniture: Furniture) -> tuple[str, str | None]:
    """'홍길동 기자' -> ('홍길동', '기자'); 'Jane Roe Senior Fellow' -> ('Jane Roe', 'Senior
    Fellow'): the role starts at the first role word after at least one name token."""
    tokens = text.split()
    for index in range(1, len(tokens)):
        if tokens[index].lower().strip(".,") in furniture.role_words:
            return " ".join(tokens[:index]), " ".join(tokens[index:])
    return text, None


def split_descriptors(
    descriptors: list[str], furniture: Furniture
) -> tuple[str | None, str | None]:
    """(role, affiliation) from by-line segments: 'Senior Fellow, Example Institute',
    'founder of Example Lab', 'professor at Example University'."""
    if not descriptors:
        return None, None
    first = descriptors[0]
    for joiner in (r"\s+(?:at|with)\s+(?:the\s+)?", r"\s+of\s+(?:the\s+)?"):
        parts = re.split(joiner, first, maxsplit=1)
        if len(parts) == 2 and has_role_word(parts[0], furniture) and parts[1][:1].isupper():
            return parts[0].strip(), parts[1].strip()
    if len(descriptors) >= 2:
        if has_role_word(first, furniture):
            return first, ", ".join(descriptors[1:])
        return None, ", ".join(descriptors)
    if has_role_word(first, furniture):
        return first, None
    return None, first


def merge_authors(known: list[Author], new: list[Author]) -> None:
    """Add ``new`` authors; one already known by name gains the role/affiliation it lacked."""
    for author in new:
        same = next((a for a in known if a.name.lower() == author.name.lower()), None)
        if same is None:
            known.append(author)
            continue
        same.role = same.role or author.role
        same.affiliation = same.affiliation or author.affiliation


def read_bio(text: str, furniture: Furniture) -> list[Author]:
    """'A.B. Lee, founder of Example Lab, studied ...' or 'Jane Roe is a fellow at X.'"""
    sentence = furniture.bio_sentence.match(text)
    if sentence and looks_like_name(sentence.group("name")):
        return [Author(sentence.group("name"), sentence.group("role"), sentence.group("org"))]
    pieces = [piece.strip() for piece in text.split(",")]
    if not pieces or not looks_like_name(pieces[0]):
        return []
    # only the segments that read like a title, before the prose starts
    descriptors = []
    for piece in pieces[1:3]:
        if not (has_role_word(piece, furniture) or piece[:1].isupper()):
            break
        descriptors.append(piece)
    role, affiliation = split_descriptors(descriptors, furniture)
    return [Author(name=pieces[0], role=role, affiliation=affiliation)]
