"""PDF files made on the fly with fpdf2 and pypdf: text, metadata, notes and bad files."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.pdf import drop_running_lines, pdf_date
from summitwatch.settings import Settings

SETTINGS = Settings(db_url="sqlite://")
PARAGRAPH = (
    "The two leaders met briefly at the border but agreed on nothing of substance, according "
    "to officials who spoke afterwards. Analysts expect a further meeting within the year, "
    "though the odds look long given the distance between the two sides on sanctions."
)


def make_pdf(text: str, pages: int = 1, title: str = "", author: str = "") -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creation_date(__import__("datetime").datetime(2023, 4, 5, 10, 0))
    for number in range(1, pages + 1):
        pdf.add_page()
        if pages > 1:
            pdf.cell(0, 6, "Example Quarterly Review", new_x="LMARGIN", new_y="NEXT")
        page_text = text.replace("two leaders", f"leaders (part {number})") if pages > 1 else text
        pdf.multi_cell(0, 6, page_text)
        if pages > 1:
            pdf.cell(0, 6, str(number), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pdf_with_by_line_and_notes(tmp_path: Path) -> None:
    text = (
        "Talks Stall Again at the Border\n"
        "By Jane Roe, Senior Fellow, Example Institute\n"
        "March 3, 2019\n\n"
        f"{PARAGRAPH}[1]\n\n"
        "Notes\n"
        '[1] John Doe, "Border Meeting Ends Without a Deal," Example Daily, March 2, 2019.\n'
    )
    path = write(tmp_path, "report.pdf", make_pdf(text))
    document = read_document(path.read_bytes(), str(path), SETTINGS)
    assert document.format == "pdf"
    assert document.title == "Talks Stall Again at the Border"
    assert document.published == date(2019, 3, 3)
    assert [(a.name, a.role, a.affiliation) for a in document.authors] == [
        ("Jane Roe", "Senior Fellow", "Example Institute")
    ]
    assert document.text == PARAGRAPH  # wrapped lines rejoined, marker and notes gone
    [citation] = document.citations
    assert citation.container == "Example Daily"
    assert citation.supports


def test_pdf_metadata_as_fallback(tmp_path: Path) -> None:
    data = make_pdf(PARAGRAPH, title="An Illustrative Report", author="Jane Roe")
    document = read_document(data, "report.pdf", SETTINGS)
    assert document.title == "An Illustrative Report"
    assert [a.name for a in document.authors] == ["Jane Roe"]
    assert document.published == date(2023, 4, 5)


def test_running_heads_and_page_numbers_dropped() -> None:
    data = make_pdf(PARAGRAPH, pages=3)
    document = read_document(data, "report.pdf", SETTINGS)
    assert "Example Quarterly Review" not in document.text
    assert document.text.count("agreed on nothing") == 3
    assert "(part 3)" in document.text
    assert not any(word.isdigit() for word in document.text.split())
    assert drop_running_lines([["Head", "a"], ["Head", "b"], ["Head", "c", "7"]]) == ["a", "b", "c"]


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PARAGRAPH))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "locked.pdf", buffer.getvalue())
    with pytest.raises(IngestError, match=r"^encrypted PDF$"):
        read_document(path.read_bytes(), str(path), SETTINGS)


def test_pdf_with_empty_user_password_is_read() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PARAGRAPH))))
    writer.encrypt(user_password="", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "agreed on nothing" in read_document(buffer.getvalue(), "a.pdf", SETTINGS).text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n this is not really a pdf at all",
        b"%PDF-1.4\n" + bytes(range(256)) * 4,
    ],
)
def test_broken_pdf(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"^broken PDF: "):
        read_document(data, "broken.pdf", SETTINGS)


def test_truncated_pdf() -> None:
    data = make_pdf(PARAGRAPH)
    with pytest.raises(IngestError, match=r"^(broken PDF: |PDF has no extractable text)"):
        read_document(data[: len(data) // 3], "cut.pdf", SETTINGS)


def test_pdf_without_text() -> None:
    pdf = FPDF()
    pdf.add_page()
    with pytest.raises(IngestError, match="no extractable text"):
        read_document(bytes(pdf.output()), "blank.pdf", SETTINGS)


def test_pdf_date() -> None:
    assert pdf_date("D:20251105093000+09'00'") == date(2025, 11, 5)
    assert pdf_date("garbage") is None
