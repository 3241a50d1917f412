"""PDF files: text through pypdf, then the plain-text cleaning; PDF metadata as fallbacks.

Page text comes back line by line as laid out, so running heads and feet repeated on most
pages and bare page numbers are removed first; wrapped lines are rejoined by the plain-text
cleaning. Encrypted and broken files fail with a one-line reason.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from datetime import date
from typing import Any

from summitwatch.ingest.converted import Converted
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.plaintext import clean_plain_text, unwrap_lines
from summitwatch.models import Author

# pypdf warns about every recoverable flaw; the batch reports what matters
logging.getLogger("pypdf").setLevel(logging.ERROR)

_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|-\s*\d{1,4}\s*-", re.I)


def convert_pdf(data: bytes) -> Converted:
    reader = open_pdf(data)
    pages = extract_pages(reader)
    lines = unwrap_lines(drop_running_lines(pages))
    if not any(line.strip() for line in lines):
        raise IngestError("PDF has no extractable text (scanned images?)")
    clean = clean_plain_text("\n".join(lines))
    info = read_info(reader)
    title = info.get("title")
    clean.title = clean.title or title
    if not clean.authors and info.get("author"):
        clean.authors = [Author(name=info["author"])]
    if clean.published is None:
        clean.published = info.get("created")
        clean.date_from_text = False
    return Converted(clean=clean, fallback_title=title, meta_date_source="pdf-meta")


def open_pdf(data: bytes) -> Any:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # an empty user password is common (owner-only protection): that we can read
            try:
                opened = reader.decrypt("")
            except Exception as error:
                raise IngestError("encrypted PDF") from error
            if not opened:
                raise IngestError("encrypted PDF")
        _ = len(reader.pages)
        return reader
    except IngestError:
        raise
    except Exception as error:  # pypdf raises many kinds for damaged files
        raise IngestError(f"broken PDF: {_describe(error)}") from error


def extract_pages(reader: Any) -> list[list[str]]:
    pages: list[list[str]] = []
    try:
        for page in reader.pages:
            pages.append((page.extract_text() or "").split("\n"))
    except Exception as error:
        raise IngestError(f"broken PDF: {_describe(error)}") from error
    return pages


def drop_running_lines(pages: list[list[str]]) -> list[str]:
    """All lines, minus page numbers and heads/feet repeated on most pages."""
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts = Counter(line for page in pages for line in {x.strip() for x in page if x.strip()})
        repeated = {line for line, n in counts.items() if n * 2 > len(pages) and len(line) < 120}
    lines: list[str] = []
    for page in pages:
        for line in page:
            text = line.strip()
            if text in repeated or _PAGE_NUMBER.fullmatch(text):
                continue
            lines.append(line.rstrip())
    return lines


def read_info(reader: Any) -> dict[str, Any]:
    try:
        meta = reader.metadata
    except Exception:
        return {}
    if not meta:
        return {}
    info: dict[str, Any] = {}
    title = str(meta.get("/Title") or "").strip()
    # producers often write a file name as the title
    if title and not re.search(r"\.(?:docx?|pdf|indd|tex)$|^untitled", title, re.I):
        info["title"] = title
    author = str(meta.get("/Author") or "").strip()
    if author:
        info["author"] = author
    info["created"] = pdf_date(str(meta.get("/CreationDate") or ""))
    return info


def pdf_date(value: str) -> date | None:
    """'D:20251105093000+09'00'' -> 2025-11-05."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _describe(error: Exception) -> str:
    message = " ".join(str(error).split())[:120]
    return message or type(error).__name__
