"""One input (bytes and a name) to one :class:`~summitwatch.models.Document`, or an IngestError.

The cascade runs cheap checks first, so that bad input fails fast with a one-line reason:

1. size limit          5. decode (UTF-8, BOMs, declared charset, cp1252 when safe)
2. empty input         6. convert by format (plain text, Markdown, HTML, PDF)
3. sniff the format    7. metadata given by the user wins over inference
4. binary check        8. final checks (a body must remain)

Nothing but :class:`IngestError` escapes for bad input: the batch code names the file and
moves on to the next one.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

from summitwatch.ingest.converted import Converted
from summitwatch.ingest.dates import parse_date
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.notes import link_citations
from summitwatch.ingest.plaintext import clean_plain_text
from summitwatch.ingest.script import detect_language
from summitwatch.models import Author, Citation, Document
from summitwatch.settings import Settings

FORMAT_BY_EXTENSION = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
FORMAT_BY_CONTENT_TYPE = {
    "text/plain": "txt",
    "text/markdown": "md",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
}
# signatures of common binary formats that are not documents we read
BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"MZ",
    b"BZh",
    b"7z\xbc\xaf",
    b"SQLite format 3",
    b"ID3",
    b"OggS",
    b"%!PS",
)
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# share of control characters above which "text" is really binary
MAX_CONTROL_SHARE = 0.05
# cp1252 is guessed only for text that is mostly ASCII with a few accented letters
MAX_HIGH_BYTE_SHARE = 0.3

CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b")
HIGH_BYTES = bytes(range(0x80, 0x100))

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)""", re.IGNORECASE)


def read_document(
    data: bytes, name: str, settings: Settings, content_type: str | None = None
) -> Document:
    """The clean document held in ``data``; raises IngestError with the reason otherwise."""
    # 1. size limit: refuse before doing any work on a huge input
    check_size(len(data), settings.max_bytes)
    # 2. empty input (white space only counts as empty)
    if not data.strip():
        raise IngestError("empty file")
    # 3. sniff the format: magic bytes beat the content type, which beats the extension
    fmt = sniff_format(data, name, content_type)
    if fmt == "pdf":
        from summitwatch.ingest.pdf import convert_pdf

        converted = convert_pdf(data)
    else:
        # 4. binary check: NUL bytes or control characters mean this is not text
        check_binary(data)
        # 5. decode
        text = decode_text(data, content_type)
        # 6. convert by format
        converted = convert_text(text, fmt, name)
    document = build_document(converted, name, fmt)
    # 7. the user's metadata wins over what was inferred
    apply_overrides(document, settings)
    # 8. final checks
    if not document.text.strip():
        reason = "no main text found in HTML" if fmt == "html" else "no text left after cleaning"
        raise IngestError(reason)
    return document


def check_size(size: int, limit: int) -> None:
    """Refuse inputs over the limit (sizes in bytes, shown in MB of 2**20 bytes)."""
    if size > limit:
        raise IngestError(f"file too large ({size / 2**20:.1f} MB > {limit / 2**20:g} MB limit)")


def sniff_format(data: bytes, name: str, content_type: str | None) -> str:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        return "html"
    if content_type:
        by_type = FORMAT_BY_CONTENT_TYPE.get(content_type.split(";")[0].strip().lower())
        if by_type:
            return by_type
    path = urlparse(name).path if "://" in name else name
    suffix = re.search(r"\.[A-Za-z]+$", path)
    by_extension = FORMAT_BY_EXTENSION.get(suffix.group().lower()) if suffix else None
    return by_extension or "txt"


def check_binary(data: bytes) -> None:
    if data.startswith(BINARY_MAGIC):
        raise IngestError("binary file")
    if any(data.startswith(bom) for bom, _ in BOMS):
        return  # UTF-16/32 text has NUL bytes by design
    sample = data[:8192]
    if b"\x00" in sample:
        raise IngestError("binary file")
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise IngestError("binary file")


def decode_text(data: bytes, content_type: str | None = None) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise IngestError(
                    f"not valid {encoding} text despite its byte-order mark"
                ) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in declared_encodings(data, content_type):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # cp1252 decodes almost anything, so only trust it for mostly-ASCII text
    high = len(data) - len(data.translate(None, HIGH_BYTES))
    if high <= MAX_HIGH_BYTE_SHARE * len(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    raise IngestError("not valid UTF-8 text (or any known encoding)")


def declared_encodings(data: bytes, content_type: str | None) -> list[str]:
    """Charsets the server or the page itself declare (an EUC-KR page says so in <meta>)."""
    found: list[str] = []
    if content_type and "charset=" in content_type.lower():
        found.append(content_type.lower().split("charset=")[1].split(";")[0].strip(" \"'"))
    match = _CHARSET.search(data[:4096])
    if match:
        found.append(match.group(1).decode("ascii", "ignore"))
    return [name for name in found if name and name.lower() not in ("utf-8", "utf8")]


def convert_text(text: str, fmt: str, name: str) -> Converted:
    if fmt == "html":
        from summitwatch.ingest.html import convert_html

        return convert_html(text, name)
    return Converted(clean=clean_plain_text(text, markdown=fmt == "md"))


def build_document(converted: Converted, name: str, fmt: str) -> Document:
    clean = converted.clean
    body = clean.body
    citations: list[Citation] = []
    if clean.notes is not None:
        body, citations = link_citations(body, clean.notes)
    return Document(
        text=body,
        source=name,
        title=clean.title or converted.fallback_title,
        authors=clean.authors,
        publisher=clean.publisher or infer_publisher(clean.authors),
        series=clean.series,
        published=clean.published,
        language=detect_language(body),
        format=fmt,
        citations=citations,
        date_source=date_source_of(converted),
        furniture=clean.furniture,
        source_agency=clean.source_agency,
    )


def date_source_of(converted: Converted) -> str:
    """ "text" when the page printed the date, the converter's metadata source, else "none"."""
    if converted.clean.published is None:
        return "none"
    if converted.clean.date_from_text:
        return "text"
    return converted.meta_date_source or "text"


def infer_publisher(authors: list[Author]) -> str | None:
    """With no publisher stated, a by-line's organisation stands in for it (the outlet a
    forecast is scored under); only when every author names the same one."""
    affiliations = {a.affiliation for a in authors}
    if len(affiliations) == 1:
        return affiliations.pop()
    return None


def apply_overrides(document: Document, settings: Settings) -> None:
    if settings.override_title:
        document.title = settings.override_title
    if settings.override_publisher:
        document.publisher = settings.override_publisher
    if settings.override_date:
        document.published = parse_override_date(settings.override_date)
        document.date_source = "command line"


def parse_override_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        parsed = parse_date(value)
        if parsed is None:
            raise IngestError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None
        return parsed
