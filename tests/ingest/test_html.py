"""HTML pages: main text through trafilatura, page metadata, notes, and the benchmark floor."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.html import split_authors
from summitwatch.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SETTINGS = Settings(db_url="sqlite://")

PARAGRAPHS = [
    "The two delegations met in a hotel ballroom for most of the afternoon and parted "
    "without a joint statement, which surprised few of the diplomats who had followed the "
    "preparations closely over the previous weeks.",
    "A spokesman described the talks as frank and useful. He declined to say when the next "
    "round would take place, or whether the leaders themselves would take part in it.",
    "Analysts said the absence of a date was telling. One of them put the chance of a summit "
    "before the end of the year at no better than one in four.[1]",
]


def page(body: str, head: str = "") -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Talks End Without a Date | Example News</title>
<meta property="og:title" content="Talks End Without a Date">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-03T09:00:00Z">
{head}</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
{body}
<footer><p>Contact us</p><p>Privacy policy</p></footer>
</body></html>""".encode()


ARTICLE = "<article><h1>Talks End Without a Date</h1>{}</article>".format(
    "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
)


def test_main_text_and_metadata() -> None:
    document = read_document(page(ARTICLE), "https://example.org/talks.html", SETTINGS)
    assert document.format == "html"
    assert document.title == "Talks End Without a Date"
    assert document.publisher == "Example News"
    assert document.published == date(2024, 3, 3)
    assert [a.name for a in document.authors] == ["Jane Roe"]
    assert PARAGRAPHS[0] in document.text
    assert "Privacy policy" not in document.text
    assert "Politics" not in document.text


def test_notes_in_html_are_split_and_linked() -> None:
    notes = '<h2>Notes</h2><p>[1] John Doe, "Odds of a Summit," Example Review, 2024-02-01.</p>'
    body = ARTICLE.replace("</article>", notes + "</article>")
    document = read_document(page(body), "talks.html", SETTINGS)
    assert "[1]" not in document.text
    assert "Odds of a Summit" not in document.text
    [citation] = document.citations
    assert citation.container == "Example Review"
    assert citation.date == "2024-02-01"
    supported = document.text[citation.supports[0].start : citation.supports[0].end]
    assert supported.startswith("One of them put the chance")


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<div><a href='/a'>Home</a> | <a href='/b'>About</a></div>",
        "<script>var x = 1;</script>",
    ],
)
def test_page_without_main_text(body: str) -> None:
    with pytest.raises(IngestError, match=r"^no main text found in HTML$"):
        read_document(page(body), "empty.html", SETTINGS)


def test_malformed_markup_is_handled() -> None:
    broken = ("<html><body><div><p>" + PARAGRAPHS[0] + "<p>" + PARAGRAPHS[1]).encode()
    document = read_document(broken, "broken.html", SETTINGS)
    assert "hotel ballroom" in document.text


def test_split_authors() -> None:
    assert [a.name for a in split_authors("Jane Roe; John Doe")] == ["Jane Roe", "John Doe"]
    assert split_authors("Staff") == []


def test_benchmark_floor_on_first_pages(shared_dir: Path) -> None:
    # measured 0.969 shingle F1 on the first 30 pages (benchmarks/html_extraction.py --limit 30)
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import html_extraction
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    pages = html_extraction.load_pages(limit=30)
    pairs, _ = html_extraction.evaluate(html_extraction.ours, pages)
    assert html_extraction.score(pairs)["f1"] >= 0.95


def test_by_line_inside_the_article_becomes_metadata() -> None:
    article = (
        "<article><h1>Talks End Without a Date</h1>"
        "<p>By Mina Park, Senior Fellow, Example Institute</p><p>March 4, 2024</p>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<p>© 2024 Example News Group</p></article>"
    )
    document = read_document(page(article), "talks.html", SETTINGS)
    assert [(a.name, a.role, a.affiliation) for a in document.authors] == [
        ("Mina Park", "Senior Fellow", "Example Institute")
    ]
    assert document.published == date(2024, 3, 4)
    assert document.publisher == "Example News Group"
    assert document.text.startswith(PARAGRAPHS[0][:40])
    assert "Example News Group" not in document.text
