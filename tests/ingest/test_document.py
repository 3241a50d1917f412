"""read_document: the cascade's checks, format sniffing, decoding and overrides."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitwatch.ingest.document import decode_text, read_document, sniff_format
from summitwatch.ingest.errors import IngestError
from summitwatch.settings import Settings

SETTINGS = Settings(db_url="sqlite://")
ARTICLE = (
    "A Short Illustrative Article\n"
    "By Jane Roe, Analyst, Example Center\n"
    "March 3, 2024\n"
    "The envoys met for three hours and left without a joint statement. Nobody said when "
    "they would meet again.\n"
)


def test_plain_text_document() -> None:
    document = read_document(ARTICLE.encode(), "notes/article.txt", SETTINGS)
    assert document.source == "notes/article.txt"
    assert document.title == "A Short Illustrative Article"
    assert document.published == date(2024, 3, 3)
    assert document.format == "txt"
    assert document.language == "en"
    assert document.text.startswith("The envoys met")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file"),
        (b"text\x00with\x00nul" * 10, "binary file"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50, "binary file"),
        (b"\x81\x8d\x90\x9d\xc3\x28" * 40, "not valid UTF-8 text (or any known encoding)"),
        (b"| \n - \n top of page\n", "no text left after cleaning"),
    ],
)
def test_bad_inputs_raise_ingest_error(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_document(data, "bad.txt", SETTINGS)
    assert str(caught.value) == reason
    assert "\n" not in str(caught.value)


def test_oversized_input() -> None:
    settings = Settings(db_url="sqlite://", max_bytes=1024 * 1024)
    with pytest.raises(IngestError, match=r"^file too large \(1\.5 MB > 1 MB limit\)$"):
        read_document(b"a" * (3 * 512 * 1024), "big.txt", settings)


def test_default_limit_is_twenty_megabytes() -> None:
    with pytest.raises(IngestError, match=r"> 20 MB limit"):
        read_document(b"a" * (20 * 1024 * 1024 + 1), "big.txt", SETTINGS)


@pytest.mark.parametrize(
    ("data", "name", "content_type", "expected"),
    [
        (b"%PDF-1.7 ...", "file.txt", None, "pdf"),
        (b"<!DOCTYPE html><html></html>", "file.txt", None, "html"),
        (b"plain", "file.htm", None, "html"),
        (b"plain", "https://example.org/a/b.pdf?x=1", None, "pdf"),
        (b"plain", "https://example.org/story", "text/html; charset=utf-8", "html"),
        (b"# Title", "README.md", None, "md"),
        (b"plain", "-", None, "txt"),
    ],
)
def test_sniff_format(data: bytes, name: str, content_type: str | None, expected: str) -> None:
    assert sniff_format(data, name, content_type) == expected


def test_decoding_boms_and_fallbacks() -> None:
    assert decode_text("Kim’s offer".encode("utf-16")) == "Kim’s offer"
    assert decode_text("\ufeffplain".encode()) == "plain"
    assert decode_text("café au lait, naïve".encode("cp1252")) == "café au lait, naïve"
    korean = '<meta charset="euc-kr"><p>정상회담</p>'.encode("euc-kr")
    assert "정상회담" in decode_text(korean)


def test_utf16_text_with_bom_is_not_binary() -> None:
    document = read_document(ARTICLE.encode("utf-16"), "a.txt", SETTINGS)
    assert document.title == "A Short Illustrative Article"


def test_overrides_win_over_inference() -> None:
    settings = Settings(
        db_url="sqlite://",
        override_title="Given Title",
        override_publisher="Given Press",
        override_date="2020-01-02",
    )
    document = read_document(ARTICLE.encode(), "a.txt", settings)
    assert (document.title, document.publisher, document.published) == (
        "Given Title",
        "Given Press",
        date(2020, 1, 2),
    )


def test_bad_override_date_is_an_ingest_error() -> None:
    settings = Settings(db_url="sqlite://", override_date="someday")
    with pytest.raises(IngestError, match="invalid date"):
        read_document(ARTICLE.encode(), "a.txt", settings)


def test_korean_body_language() -> None:
    text = (
        "정상회담 이후의 과제\n\n" + "남북 정상은 판문점에서 만나 대화를 이어가기로 합의했다. " * 5
    )
    assert read_document(text.encode(), "ko.txt", SETTINGS).language == "ko"


def test_same_content_same_id() -> None:
    first = read_document(ARTICLE.encode(), "a.txt", SETTINGS)
    second = read_document(ARTICLE.replace("\n", "\r\n").encode(), "b.txt", SETTINGS)
    assert first.id == second.id


FURNITURE_BITS = st.sampled_from(
    [
        *("\n", " | ", "-", "1) ", "[2] ", "By ", "Jane Roe", "© 2024 ", "※ ", "“", "”"),
        *("Dec 2, 2024", "top of page", "Notes", "Senior Fellow, ", "<p>", "</p>", "<html>"),
        *("%PDF-1.4", "File", "Talks resumed. ", "2025년 9월 22일", "『예시신문』", ".3)"),
        *("\x00", "\ufeff"),
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(FURNITURE_BITS, st.text(max_size=20)), max_size=40),
    raw=st.binary(max_size=64),
    name=st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "-", "https://example.org/x"]),
)
def test_any_input_gives_a_document_or_an_ingest_error(
    pieces: list[str], raw: bytes, name: str
) -> None:
    data = "".join(pieces).encode("utf-8", "surrogatepass") + raw
    try:
        document = read_document(data, name, SETTINGS)
    except IngestError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert document.text.strip()
        for citation in document.citations:
            for span in citation.supports:
                assert 0 <= span.start < span.end <= len(document.text)


def test_byline_organisation_stands_in_for_a_missing_publisher() -> None:
    text = (
        b"Talks Resume in Geneva\n\nBy Ana Ruiz, Senior Fellow, Lakeside Review\n\n"
        b"March 3, 2026\n\nEnvoys from both sides met in Geneva on Monday and agreed "
        b"to meet again within a month, officials said.\n"
    )
    document = read_document(text, "geneva.txt", Settings())
    assert document.publisher == "Lakeside Review"
    overridden = read_document(text, "geneva.txt", Settings(override_publisher="Another Outlet"))
    assert overridden.publisher == "Another Outlet"
