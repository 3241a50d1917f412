"""Numbered notes: finding the block, removing markers, parsing references, linking sentences."""

from __future__ import annotations

import re

from summitwatch.ingest.notes import (
    RawNote,
    find_note_block,
    link_citations,
    parse_note,
    parse_reference,
    remove_markers,
)
from summitwatch.ingest.plaintext import clean_plain_text

HEADING = re.compile(r"notes|references", re.IGNORECASE)


def test_paren_notes_confirmed_by_markers() -> None:
    lines = [
        "The leaders met at noon.1) They parted after an hour.",
        "Nobody announced a date for the next meeting.2)",
        "1) Jane Roe, “Noon Meeting,” Example Daily, May 1, 2020.",
        "2) John Doe, “No Date Set,” Example Weekly, May 2, 2020.",
    ]
    block = find_note_block(lines, HEADING)
    assert block is not None
    assert block.start == 2
    assert [note.number for note in block.notes] == [1, 2]


def test_bracket_notes_after_heading_without_markers() -> None:
    lines = ["Body text without markers.", "References", "[1] A source.", "[2] Another source."]
    block = find_note_block(lines, HEADING)
    assert block is not None and block.style == "bracket"


def test_numbered_list_without_markers_or_heading_is_not_notes() -> None:
    lines = ["Three points follow.", "1. First point.", "2. Second point.", "3. Third point."]
    assert find_note_block(lines, HEADING) is None


def test_gap_in_numbering_is_not_a_block() -> None:
    lines = ["Text.1) More text.3)", "1) One.", "3) Three."]
    assert find_note_block(lines, HEADING) is None


def test_wrapped_note_lines_are_joined() -> None:
    lines = [
        "Claim.[1]",
        "Notes",
        "[1] Jane Roe, “A Long Title",
        "That Wraps,” Example Review, 2020-05-01.",
    ]
    block = find_note_block(lines, HEADING)
    assert block is not None
    assert block.notes[0].text == "Jane Roe, “A Long Title That Wraps,” Example Review, 2020-05-01."


def test_marker_removal_keeps_offsets_of_clean_text() -> None:
    text = "First claim.1) Second claim [2] here. A list item (3) stays. In 2019) too."
    clean, places = remove_markers(text, "paren", {1, 2, 3})
    assert clean == "First claim. Second claim [2] here. A list item (3) stays. In 2019) too."
    assert places == [(1, len("First claim."))]
    clean, places = remove_markers(text, "bracket", {2})
    assert "[2]" not in clean and "claim here." in clean


def test_link_citations_points_at_cited_sentences() -> None:
    body = "The offer was ignored.1) Nobody was surprised. Talks may resume next year.2)"
    lines = [body, "1) Jane Roe, “Ignored,” Example Daily, May 1, 2020.", "2) Example Daily, 2021."]
    block = find_note_block(lines, HEADING)
    assert block is not None
    clean, citations = link_citations(body, block)
    assert clean == "The offer was ignored. Nobody was surprised. Talks may resume next year."
    first, second = citations
    assert [clean[s.start : s.end] for s in first.supports] == ["The offer was ignored."]
    assert [clean[s.start : s.end] for s in second.supports] == ["Talks may resume next year."]


def test_english_reference_fields() -> None:
    citation = parse_reference(
        4, "Ann Lee and Bo Park, “Rethinking the Freeze,” Example Quarterly, Vol. 3, 5 May 2021."
    )
    assert citation.authors == ["Ann Lee", "Bo Park"]
    assert citation.title == "Rethinking the Freeze"
    assert citation.container == "Example Quarterly"
    assert citation.date == "2021-05-05"
    assert citation.language == "en"


def test_korean_reference_with_bracketed_outlet() -> None:
    citation = parse_reference(2, "홍길동, “회담 이후의 과제,” 『예시일보』, 2024년 3월 1일.")
    assert citation.authors == ["홍길동"]
    assert citation.title == "회담 이후의 과제"
    assert citation.container == "예시일보"
    assert citation.date == "2024-03-01"
    assert citation.language == "ko"


def test_korean_reference_without_quoted_title() -> None:
    citation = parse_reference(7, "정상회담 관련 브리핑, 『예시 누리집』, 2024년 3월 2일")
    assert citation.title == "정상회담 관련 브리핑"
    assert citation.container == "예시 누리집"
    assert citation.language == "ko"


def test_two_references_in_one_note() -> None:
    note = RawNote(
        5, "A. Writer, “One; Two,” Outlet One, May 1, 2020; “Three,” Outlet Two, 2020-06-01."
    )
    citations = parse_note(note)
    assert [(c.number, c.container, c.date) for c in citations] == [
        (5, "Outlet One", "2020-05-01"),
        (5, "Outlet Two", "2020-06-01"),
    ]


def test_explanatory_note_with_semicolon_stays_one() -> None:
    note = RawNote(3, "The figure is an estimate; other counts are higher")
    assert len(parse_note(note)) == 1


def test_notes_in_plain_text_page() -> None:
    text = """A Page With Notes
By Jane Roe, Analyst, Example Center
The statement came late at night.[1] It repeated old demands.[2]
Notes
[1] “Night Statement,” Example Wire, 2020-01-01.
[2] “Old Demands,” Example Wire, 2020-01-02.
"""
    clean = clean_plain_text(text)
    assert clean.notes is not None
    assert clean.body == "The statement came late at night.[1] It repeated old demands.[2]"
    body, citations = link_citations(clean.body, clean.notes)
    assert body == "The statement came late at night. It repeated old demands."
    assert [c.container for c in citations] == ["Example Wire", "Example Wire"]


def test_glued_digit_markers_from_superscripts() -> None:
    body = "The offer was ignored.1 Nobody was surprised. Growth was 2.5 percent in 2019."
    lines = [body, "Notes", "1. Jane Roe, “Ignored,” Example Daily, May 1, 2020."]
    block = find_note_block(lines, HEADING)
    assert block is not None
    clean, citations = link_citations(body, block)
    assert clean == "The offer was ignored. Nobody was surprised. Growth was 2.5 percent in 2019."
    assert [clean[s.start : s.end] for s in citations[0].supports] == ["The offer was ignored."]


def test_cited_sentences_are_the_sentences_every_stage_reads() -> None:
    # one segmentation: ingest links a note to sentences split exactly as the sentences stage
    # splits the body, so every support is one of the document's stored sentences
    from summitwatch.extract.sentences import assign_sentences
    from summitwatch.ingest.document import read_document
    from summitwatch.models import Analysis, Span
    from summitwatch.settings import Settings
    from summitwatch.stage import Context

    text = (
        "Hanoi, one year on\n\n"
        "Talks stalled in Hanoi, said Mr. Kim's aide.1) The U.S. team left early.\n\n"
        "Officials in Seoul expected a new round by spring.2) Nobody named a date.\n\n"
        "1) Jane Roe, “Stalled,” Example Daily, March 1, 2019.\n"
        "2) John Doe, “A New Round,” Example Weekly, March 4, 2019.\n"
    )
    settings = Settings(db_url="sqlite://")
    document = read_document(text.encode(), "notes.txt", settings)
    analysis = Analysis(document=document)
    assign_sentences(analysis, Context(settings))
    sentences = {Span(s.start, s.end) for s in analysis.sentences}
    supports = [span for citation in document.citations for span in citation.supports]
    assert len(supports) == 2
    assert set(supports) <= sentences
