"""Structural page furniture: lines that are furniture by their shape and neighbours.

Line patterns (``furniture.yaml``) catch fixed phrases; these rules catch what no phrase list
can: a photo credit ("Seth Wenig/AP", "Kim Hong-Ji | Reuters") and the caption above it, a
caption ending in its credit ("... (Yonhap)", "... [AP/YONHAP]"), a caption printed twice (alt
text and figure caption), a navigation menu laid out with wide gaps, a run of short link lines,
a logo's alt text, and a JSON blob of page metadata. :func:`mark_structure` returns the reason
for every such line, by index, so that the cleaning can keep what it removed.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from summitwatch.ingest.outlets import Outlets, load_outlets

# a run of this many short lines is a list of links (menu, other stories, tags)
MIN_LINK_RUN = 3
MAX_LINK_WORDS = 6
# credits are short; captions repeated as alt text are at least this long
MAX_CREDIT_WORDS = 10
MIN_REPEAT_WORDS = 6
REPEAT_SIMILARITY = 0.85
MIN_CAPTION_WORDS = 5
# how many words may follow a caption's credit ("(Yonhap). Sketched by ...")
MAX_AFTER_CREDIT_WORDS = 8

_MENU_GAP = re.compile(r"\S\s{3,}\S")
_SENTENCE_END = re.compile(r"[.!?:;,\"”’)]$")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55]")
_LOGO = re.compile(r"\blogo\b", re.IGNORECASE)


@dataclass(frozen=True)
class CreditPatterns:
    line: tuple[re.Pattern[str], ...]  # the whole line is a credit
    ending: re.Pattern[str]  # a caption ending in its credit
    caption_start: re.Pattern[str]  # "In this file photo ...", "This photo shows ..."


@lru_cache(maxsize=1)
def credit_patterns() -> CreditPatterns:
    agency = load_outlets().agency_pattern
    name = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    credit_word = r"(?:(?:file |staff )?photo(?:graph)?s?|images?|pictures?|source|credit|video)"
    line = (
        rf"\(?{credit_word}\s*(?:by|:)\s*[^.!?]{{1,80}}\.?\)?",  # "Photo: Reuters", "Source: Getty"
        rf"(?:{name}\s*(?:/|\||\bvia\b)\s*)+(?:{agency})(?:\s*/\s*(?:{agency}))*(?:\s+{credit_word})?",
        rf"(?:{agency})\s*[:|/]\s*{name}",  # "AP: Evan Vucci"
        rf"[(\[]?(?:{agency})(?:\s*[-/]\s*(?:{agency}))*[)\]]?(?:\s*{credit_word})?\s*\|?",
        r"[\w-]+(?:\s+[\w-]+){0,3}\s+photo",  # "Hwasong-14 photo"
    )
    ending = (
        rf"(?:\((?:AP Photo/[^)]*|(?:{credit_word})\s*:[^)]*"
        rf"|(?:{agency})(?:\s*[-/]\s*(?:{agency}))*)\)"
        rf"|\[(?:{agency})(?:\s*/\s*(?:{agency}))*\]"
        rf"|(?:file )?photo:\s*(?:{agency})[\w /-]*)"
        rf"\.?(?P<after>(?:\s+\S+){{0,{MAX_AFTER_CREDIT_WORDS}}})$"
    )
    return CreditPatterns(
        line=tuple(re.compile(p, re.IGNORECASE) for p in line),
        ending=re.compile(ending, re.IGNORECASE),
        caption_start=re.compile(
            r"^(?:in this (?:\w+ )?\d{0,4}[\w., ]*?(?:file )?(?:photo|image|picture)"
            r"|(?:this|a|the) (?:file )?(?:photo|image|picture) (?:shows|taken)"
            r"|(?:file )?photo (?:shows|taken))",
            re.IGNORECASE,
        ),
    )


def is_credit(text: str) -> bool:
    text = text.strip().strip("·•").strip()
    if not text or len(text.split()) > MAX_CREDIT_WORDS:
        return False
    return any(p.fullmatch(text) for p in credit_patterns().line)


def is_captioned(text: str) -> bool:
    """A caption by its own words: it ends in a credit or opens as captions do."""
    patterns = credit_patterns()
    ending = patterns.ending.search(text)
    if ending and len(text[: ending.start()].split()) >= MIN_CAPTION_WORDS:
        return True
    return bool(patterns.caption_start.match(text.strip()))


def reads_as_caption(text: str) -> bool:
    """Could the line above a photo credit be its caption? Not a label ("Copy Link"), nor a
    paragraph carrying the story on ("But ...", a quote, "said")."""
    if len(text.split()) < MIN_CAPTION_WORDS:
        return False
    if re.match(r"(?:but|and|yet|so|however|meanwhile|still|instead|then)\b", text, re.I):
        return False
    return not re.search(r"[\"“”]|\bsaid\b|\bsays\b", text)


def is_menu(text: str) -> bool:
    """Navigation laid out with wide gaps: "US     Europe     Asia     Africa"."""
    if not _MENU_GAP.search(text):
        return False
    items = [item for item in re.split(r"\s{3,}", text.strip(" |")) if item.strip(" |")]
    return len(items) >= 2 and all(len(item.split()) <= 3 for item in items)


def is_short_link(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_LINK_WORDS and not _SENTENCE_END.search(text)


def is_chrome(text: str) -> bool:
    """Icons' names, logos and emoji-studded promo bars above the headline."""
    if _EMOJI.search(text):
        return True
    if _LOGO.search(text) and len(text.split()) <= MAX_CREDIT_WORDS:
        return True
    letters = re.sub(r"[^A-Za-z]", "", text)
    if not letters or re.search(r"[.!?]", text):
        return False
    return len(text.split()) >= 3 and letters == letters.lower()


def similar(a: str, b: str) -> bool:
    if len(a.split()) < MIN_REPEAT_WORDS or len(b.split()) < MIN_REPEAT_WORDS:
        return False
    a, b = a.rstrip("…. "), b.rstrip("…. ")
    if a.startswith(b) or b.startswith(a):
        return True
    matcher = SequenceMatcher(None, a, b)
    # the quick ratios bound the ratio from above: most pairs of lines fail them cheaply
    return (
        matcher.real_quick_ratio() >= REPEAT_SIMILARITY
        and matcher.quick_ratio() >= REPEAT_SIMILARITY
        and matcher.ratio() >= REPEAT_SIMILARITY
    )


@dataclass
class Structure:
    reasons: dict[int, str] = field(default_factory=dict)
    metadata: list[Any] = field(default_factory=list)  # parsed JSON blobs


def mark_structure(lines: list[str]) -> Structure:
    structure = Structure()
    mark_json(lines, structure)
    texts = [line.strip() for line in lines]
    nonblank = [i for i, t in enumerate(texts) if t and i not in structure.reasons]
    for position, index in enumerate(nonblank):
        text = texts[index]
        following = texts[nonblank[position + 1]] if position + 1 < len(nonblank) else ""
        if is_menu(lines[index]):
            structure.reasons[index] = "menu"
        elif is_credit(text):
            structure.reasons[index] = "photo credit"
        elif is_captioned(text) or (is_credit(following) and reads_as_caption(text)):
            structure.reasons.setdefault(index, "caption")
        if text.endswith("…") and similar(text, following[: len(text)]):
            structure.reasons.setdefault(index, "caption")  # alt text cut short, caption below
        elif similar(text, following) and not _is_headline_shape(text):
            structure.reasons.setdefault(index, "caption")
            structure.reasons.setdefault(nonblank[position + 1], "caption")
    mark_link_runs(lines, structure)
    return structure


def _is_headline_shape(text: str) -> bool:
    return not text.endswith((".", "…", ")", "]"))


def mark_link_runs(lines: list[str], structure: Structure) -> None:
    """Runs of short lines with no blank line between them: menus and lists of links."""
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):
        text = line.strip().strip("•·-*").strip()
        # a date or a by-line among short lines is the header, not a list of links
        header_like = bool(re.search(r"\d", text)) or text.lower().startswith("by ")
        if text and is_short_link(text) and not header_like and index not in structure.reasons:
            run.append(index)
            continue
        if len(run) >= MIN_LINK_RUN:
            for member in run:
                structure.reasons.setdefault(member, "link list")
        run = []


def mark_json(lines: list[str], structure: Structure) -> None:
    """A JSON object pasted with the page (its metadata): furniture, but read for names."""
    index = 0
    while index < len(lines):
        if lines[index].strip() not in ("{", "["):
            index += 1
            continue
        closing = "}" if lines[index].strip() == "{" else "]"
        end = next((j for j in range(index + 1, len(lines)) if lines[j].rstrip() == closing), None)
        if end is None:
            return
        with contextlib.suppress(ValueError):
            structure.metadata.append(json.loads("\n".join(lines[index : end + 1])))
        for member in range(index, end + 1):
            structure.reasons[member] = "page metadata"
        index = end + 1


def json_strings(value: Any, key: str = "") -> list[tuple[str, str]]:
    """(key, string) pairs anywhere in a parsed JSON value."""
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in json_strings(v, str(k))]
    if isinstance(value, list):
        return [pair for item in value for pair in json_strings(item, key)]
    return []


def outlet_in(text: str, outlets: Outlets | None = None) -> str | None:
    """The outlet a furniture line names as a whole ("The Korea Times"), printed as it is."""
    outlets = outlets or load_outlets()
    outlet = outlets.whole(text)
    return text.strip(" \t|·•-–—:") if outlet is not None else None
