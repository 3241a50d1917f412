"""HTML pages: the main text through trafilatura, the metadata from the page itself.

trafilatura finds the article body and reads title, author, date and site name from the
page's <meta> tags and JSON-LD. Its text then goes through the tail pass of the plain-text
cleaning (copyright, disclaimers, notes) but not the header pass: the extractor has already
dropped the page's header, and its first line is body text.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

import trafilatura

from summitwatch.ingest.converted import Converted
from summitwatch.ingest.dates import parse_date
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.names import looks_like_name
from summitwatch.ingest.plaintext import clean_extracted_text
from summitwatch.models import Author

# trafilatura logs every page it finds hard; a batch ingest names its failures itself
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# the options measured best on the article-extraction benchmark (benchmarks/html_extraction.py)
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "favor_recall": False,
}


def convert_html(html: str, name: str) -> Converted:
    url = name if re.match(r"https?://", name) else None
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    except Exception as error:  # trafilatura raises many kinds on malformed markup
        raise IngestError(f"malformed HTML: {type(error).__name__}") from error
    text = getattr(result, "text", None) if result is not None else None
    if not text or not has_main_text(text):
        raise IngestError("no main text found in HTML")
    title = _clean_title(getattr(result, "title", None))
    clean = clean_extracted_text(text, title)
    clean.title = clean.title or title
    if not clean.authors:
        clean.authors = split_authors(getattr(result, "author", None))
    if clean.published is None:
        clean.published = _to_date(getattr(result, "date", None))
        clean.date_from_text = False
    clean.publisher = clean.publisher or getattr(result, "sitename", None) or None
    return Converted(clean=clean, fallback_title=title, meta_date_source="html-meta")


def has_main_text(text: str) -> bool:
    """Prose, not the menu trafilatura falls back to on an empty page: some line must read as
    a sentence (final punctuation) or run long enough to be one."""
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 25:
            return True
        if len(line) >= 20 and re.search(r"[.!?。！？]['\"”’)」]?$", line):
            return True
    return False


def _clean_title(title: str | None) -> str | None:
    return " ".join(title.split()) if title and title.strip() else None


def _to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return parse_date(value)


def split_authors(value: str | None) -> list[Author]:
    """trafilatura joins several authors with ';'; keep the parts that read as names."""
    if not value:
        return []
    names = [part.strip() for part in re.split(r";|\band\b|&", value) if part.strip()]
    return [Author(name=name) for name in names if looks_like_name(name, max_tokens=6)]
