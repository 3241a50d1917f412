"""Build the PDF documents of the example corpus from their plain-text sources.

Usage: python examples/build_pdf.py [SOURCE.txt ...]

Without arguments every file in examples/sources/ is rendered to examples/corpus/<name>.pdf.
A source starts with ``Key: value`` header lines (Title, Author, Role, Organisation, Date and an
optional Dateline), then a blank line, then the body paragraphs separated by blank lines. A line
reading ``Notes`` starts the notes; each following line is one note.

The committed PDFs are what ``summitwatch demo`` reads; this script only regenerates them. Sources
are kept ASCII so the PDF core fonts suffice and the output does not depend on the fonts installed
on the machine. A source with characters outside Latin-1 needs a DejaVu TrueType font.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CORPUS = HERE / "corpus"
DEJAVU_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
HEADER_KEYS = ("title", "author", "role", "organisation", "date", "dateline")


@dataclass
class Source:
    """One document to render: its metadata, body paragraphs and notes."""

    title: str
    author: str
    role: str
    organisation: str
    date: str
    dateline: str
    paragraphs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_source(text: str) -> Source:
    """Split a source file into header fields, body paragraphs and notes."""
    header_text, _, rest = text.partition("\n\n")
    header: dict[str, str] = {}
    for line in header_text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() in HEADER_KEYS:
            header[key.strip().lower()] = value.strip()
    missing = [key for key in HEADER_KEYS[:5] if key not in header]
    if missing:
        raise ValueError(f"source header lacks {', '.join(missing)}")
    body, _, notes = rest.partition("\nNotes\n")
    return Source(
        title=header["title"],
        author=header["author"],
        role=header["role"],
        organisation=header["organisation"],
        date=header["date"],
        dateline=header.get("dateline", header["date"]),
        paragraphs=[" ".join(p.split()) for p in body.split("\n\n") if p.strip()],
        notes=[line.strip() for line in notes.splitlines() if line.strip()],
    )


def find_dejavu() -> tuple[Path, Path] | None:
    """Return the regular and bold DejaVu Sans files when installed."""
    for folder in DEJAVU_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def choose_font(pdf: FPDF, source: Source) -> str:
    """Use a core font for Latin-1 text (reproducible anywhere), DejaVu otherwise."""
    everything = "\n".join([source.title, source.author, *source.paragraphs, *source.notes])
    try:
        everything.encode("latin-1")
        return "Helvetica"
    except UnicodeEncodeError:
        fonts = find_dejavu()
        if fonts is None:
            raise RuntimeError("non-Latin-1 text needs DejaVu Sans, not installed") from None
        pdf.add_font("DejaVu", "", str(fonts[0]))
        pdf.add_font("DejaVu", "B", str(fonts[1]))
        return "DejaVu"


def render_pdf(source: Source) -> FPDF:
    """Lay the document out like a think-tank note: title, by-line, date, body, notes."""
    pdf = FPDF(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=20)
    # Fixed metadata dates keep the file stable when it is rebuilt from the same source.
    published = datetime.strptime(source.date, "%Y-%m-%d").replace(tzinfo=UTC)
    pdf.set_creation_date(published)
    pdf.set_title(source.title)
    pdf.set_author(source.author)
    pdf.set_subject(f"{source.organisation}, {source.dateline}")
    pdf.set_creator("summitwatch examples/build_pdf.py")
    family = choose_font(pdf, source)
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, source.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, "", 11)
    byline = f"By {source.author}, {source.role}, {source.organisation}"
    pdf.multi_cell(0, 6, byline, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, source.dateline, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for paragraph in source.paragraphs:
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    if source.notes:
        pdf.ln(2)
        pdf.set_font(family, "B", 12)
        pdf.multi_cell(0, 6, "Notes", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9.5)
        for note in source.notes:
            pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return pdf


def build_pdf(source_path: Path, out_dir: Path = CORPUS) -> Path:
    """Render one source file and write <out_dir>/<stem>.pdf."""
    source = parse_source(source_path.read_text(encoding="utf-8"))
    out_path = out_dir / f"{source_path.stem}.pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    render_pdf(source).output(str(out_path))
    return out_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sources", nargs="*", type=Path, help="source .txt files")
    parser.add_argument("--out", type=Path, default=CORPUS, help="output folder")
    args = parser.parse_args(argv)
    paths: list[Path] = args.sources or sorted(SOURCES.glob("*.txt"))
    if not paths:
        print(f"no sources found in {SOURCES}", file=sys.stderr)
        return 1
    for path in paths:
        print(build_pdf(path, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
