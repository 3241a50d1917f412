"""Cleaning of web-copied plain text on hand-written pages in layouts other than the seeds'."""

from __future__ import annotations

from datetime import date

import pytest

from summitwatch.ingest.byline import read_byline, unglue_role
from summitwatch.ingest.furniture import load_furniture
from summitwatch.ingest.plaintext import clean_plain_text, is_hard_wrapped, unwrap_lines
from summitwatch.ingest.pubdate import read_date_line

PARAGRAPH_A = (
    "The envoys met for three hours on Tuesday and left without a joint statement. "
    "Officials on both sides described the talks as useful but preliminary."
)
PARAGRAPH_B = (
    "Neither delegation would say when the next round might take place, and analysts "
    "cautioned against reading too much into the warm words at the door."
)

DISCLAIMER = (
    "※ The contents published on '{series}' are personal opinions of the author and do not "
    "represent the official views of {publisher}"
)


def test_title_by_line_date_layout() -> None:
    text = f"""Envoys Meet Again, Quietly

By Jane Roe, Senior Fellow, Example Institute

June 2, 2019

{PARAGRAPH_A}

{PARAGRAPH_B}
"""
    clean = clean_plain_text(text)
    assert clean.title == "Envoys Meet Again, Quietly"
    assert clean.published == date(2019, 6, 2)
    assert [(a.name, a.role, a.affiliation) for a in clean.authors] == [
        ("Jane Roe", "Senior Fellow", "Example Institute")
    ]
    assert clean.body == f"{PARAGRAPH_A}\n\n{PARAGRAPH_B}"


def test_pipe_by_line_and_prefixed_iso_date() -> None:
    text = f"""Share this article
A Summit Nobody Planned
By John Q. Doe | Correspondent, Example Daily
Published: 2019-06-02
4 min read
{PARAGRAPH_A}
Advertisement
{PARAGRAPH_B}
Tags: diplomacy, Korea
Copyright 2021 Example Media. All rights reserved.
"""
    clean = clean_plain_text(text)
    assert clean.title == "A Summit Nobody Planned"
    assert clean.published == date(2019, 6, 2)
    assert [(a.name, a.role, a.affiliation) for a in clean.authors] == [
        ("John Q. Doe", "Correspondent", "Example Daily")
    ]
    assert clean.publisher == "Example Media"
    assert clean.body == f"{PARAGRAPH_A}\n\n{PARAGRAPH_B}"


def test_name_pipe_role_without_by_and_day_month_year() -> None:
    text = f"""What the Silence Means
Mina Park | Professor of Political Science at Example University
5 November 2025
{PARAGRAPH_A}
"""
    clean = clean_plain_text(text)
    assert clean.published == date(2025, 11, 5)
    author = clean.authors[0]
    assert (author.name, author.role, author.affiliation) == (
        "Mina Park",
        "Professor of Political Science",
        "Example University",
    )
    assert clean.body == PARAGRAPH_A


def test_glued_role_email_teaser_and_separators() -> None:
    teaser = PARAGRAPH_A[:60]
    text = f"""{teaser}
|
Quiet Diplomacy in a Loud Year |
| March 3, 2024 |
-
Alex KimSenior Analyst, Example Forum | alex.kim@example.org
-
{PARAGRAPH_A} -
{PARAGRAPH_B}
| Another Article Title
| Yet Another Related Piece
{DISCLAIMER.format(series="Example Notes", publisher="Example Forum")}
File
"""
    clean = clean_plain_text(text)
    assert clean.title == "Quiet Diplomacy in a Loud Year"
    assert clean.published == date(2024, 3, 3)
    assert [(a.name, a.role, a.affiliation) for a in clean.authors] == [
        ("Alex Kim", "Senior Analyst", "Example Forum")
    ]
    assert clean.series == "Example Notes"
    assert clean.publisher == "Example Forum"
    assert clean.body == f"{PARAGRAPH_A}\n\n{PARAGRAPH_B}"
    assert clean.body.count(teaser) == 1


def test_disclaimer_typo_yields_to_by_line_spelling() -> None:
    text = f"""A Title Here
Sam Lee | Research Fellow, Example Institute
{PARAGRAPH_A}
{DISCLAIMER.format(series="Example Focus", publisher="Example Institue")}
"""
    clean = clean_plain_text(text)
    assert clean.publisher == "Example Institute"


def test_bio_paragraph_at_the_end_is_metadata() -> None:
    text = f"""Why the Talks Failed
{PARAGRAPH_A}

About the author: Jane Roe is a senior fellow at the Example Institute.
© 2020 Example Press
"""
    clean = clean_plain_text(text)
    assert [(a.name, a.role, a.affiliation) for a in clean.authors] == [
        ("Jane Roe", "senior fellow", "Example Institute")
    ]
    assert clean.publisher == "Example Press"
    assert clean.body == PARAGRAPH_A


def test_numbered_list_closing_the_body_is_not_notes() -> None:
    text = f"""Three Reasons
{PARAGRAPH_A}
1. The first reason is that the offer came too late.
2. The second reason is that nobody prepared the ground.
"""
    clean = clean_plain_text(text)
    assert clean.notes is None
    assert clean.body.endswith("2. The second reason is that nobody prepared the ground.")


def test_markdown_heading_and_emphasis() -> None:
    text = f"""# A Markdown Title

**By Jane Roe**

{PARAGRAPH_A}

## A Section

{PARAGRAPH_B}
"""
    clean = clean_plain_text(text, markdown=True)
    assert clean.title == "A Markdown Title"
    assert clean.authors[0].name == "Jane Roe"
    assert clean.body == f"{PARAGRAPH_A}\n\nA Section\n\n{PARAGRAPH_B}"


def test_hard_wrapped_text_is_rejoined() -> None:
    words = (PARAGRAPH_A + " " + PARAGRAPH_B).split()
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) > 60:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    assert is_hard_wrapped(lines)
    assert unwrap_lines(lines) == [PARAGRAPH_A + " " + PARAGRAPH_B]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Dec 2, 2024", date(2024, 12, 2)),
        ("| November 5, 2025 |", date(2025, 11, 5)),
        ("Updated: 2019-06-02 14:05", date(2019, 6, 2)),
        ("2025년 9월 22일", date(2025, 9, 22)),
        ("Posted on 5 Nov. 2025", date(2025, 11, 5)),
        ("Trump met Kim on June 30, 2019 at the border", None),
    ],
)
def test_date_lines(line: str, expected: date | None) -> None:
    found = read_date_line(line.strip(" |"), load_furniture())
    assert (found.day if found else None) == expected


def test_unglue_only_before_a_role_word() -> None:
    furniture = load_furniture()
    assert (
        unglue_role("Ann LeeDirector, Example Lab", furniture) == "Ann Lee, Director, Example Lab"
    )
    assert unglue_role("Ronald McDonald, Example Lab", furniture) == "Ronald McDonald, Example Lab"


def test_body_sentence_is_not_a_by_line() -> None:
    furniture = load_furniture()
    assert (
        read_byline("Kim Jong Un, the chairman, did not respond to the offer.", furniture) is None
    )
    assert read_byline("North Korea", furniture) is None


def test_deck_weekday_date_and_known_author_bio() -> None:
    text = f"""Envoys Return Empty-Handed
A short standfirst that sums up the story in one sentence.
By Jane Roe and John Doe
Updated 10:30 AM EST, Tue March 3, 2024
{PARAGRAPH_A}
{PARAGRAPH_B}
Jane Roe is a senior fellow at the Example Institute.
"""
    clean = clean_plain_text(text)
    assert clean.title == "Envoys Return Empty-Handed"
    assert clean.published == date(2024, 3, 3)
    assert [(a.name, a.role, a.affiliation) for a in clean.authors] == [
        ("Jane Roe", "senior fellow", "Example Institute"),
        ("John Doe", None, None),
    ]
    assert clean.body == f"{PARAGRAPH_A}\n\n{PARAGRAPH_B}"


def test_korean_by_line_and_dotted_date() -> None:
    text = f"""정상회담 이후의 과제
홍길동 기자 hong@example.com
2025.11.05 14:02
{PARAGRAPH_A}
"""
    clean = clean_plain_text(text)
    assert clean.title == "정상회담 이후의 과제"
    assert clean.published == date(2025, 11, 5)
    assert [(a.name, a.role) for a in clean.authors] == [("홍길동", "기자")]
    assert clean.body == PARAGRAPH_A


def test_posted_by_with_date_inside() -> None:
    text = f"""A Plain Title
Posted by Jane Roe on March 3, 2024
{PARAGRAPH_A}
"""
    clean = clean_plain_text(text)
    assert [a.name for a in clean.authors] == ["Jane Roe"]
    assert clean.published == date(2024, 3, 3)
    assert clean.body == PARAGRAPH_A


def test_closing_list_of_related_links_is_dropped() -> None:
    text = f"""A Title
{PARAGRAPH_A}
{PARAGRAPH_B}
Related Articles
Envoys Meet in Secret Again
What the Next Round Could Bring
© 2022 Example Wire
"""
    clean = clean_plain_text(text)
    assert clean.body == f"{PARAGRAPH_A}\n\n{PARAGRAPH_B}"
    assert clean.publisher == "Example Wire"


def test_more_heading_followed_by_prose_stays() -> None:
    text = f"""A Title
{PARAGRAPH_A}
More
{PARAGRAPH_B}
"""
    assert clean_plain_text(text).body == f"{PARAGRAPH_A}\n\nMore\n\n{PARAGRAPH_B}"
