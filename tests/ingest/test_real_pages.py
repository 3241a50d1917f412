"""Real-page habits on hand-written pages: printed dates, headlines among furniture, furniture
kept with its reason, by-lines and outlets, near-duplicate stories. Every example is made up."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from summitwatch.extract.sentences import split_sentences
from summitwatch.ingest.document import read_document
from summitwatch.ingest.plaintext import clean_plain_text
from summitwatch.ingest.stories import containment, fingerprint
from summitwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
BODY = (
    "The two delegations met for four hours at the lakeside hotel and agreed to keep the "
    "channel open, officials from both sides said after the session ended.\n\n"
    "Neither side published a statement, and the envoys declined to say when they would "
    "meet again or where the next round would be held."
)
HEADLINE = "Envoys agree to keep talking after a long day at the lake"


def page(*header: str, tail: str = "") -> str:
    return "\n".join([*header, "", BODY, tail]) + "\n"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Published: 29 Jul. 2025, 10:26", HEADLINE], date(2025, 7, 29)),
        ([HEADLINE, "Updated: October 14, 2025 20:25 IST"], date(2025, 10, 14)),
        ([HEADLINE, "June 16, 2020 3:21 AM EDT"], date(2020, 6, 16)),
        ([HEADLINE, "Thursday, February 26, 2026"], date(2026, 2, 26)),
        ([HEADLINE, "02/27/2019"], date(2019, 2, 27)),
        ([HEADLINE, "27.02.2019"], date(2019, 2, 27)),
        ([HEADLINE, "08:44 July 01, 2019"], date(2019, 7, 1)),
        ([HEADLINE, "Reuters, Tuesday 29 Jan 2019"], date(2019, 1, 29)),
        ([HEADLINE, "2024-05-06T08:00:00Z"], None),  # a bare timestamp is no date line
        ([HEADLINE, "2024-05-06 08:00:00"], date(2024, 5, 6)),
        ([" date 2023-04-05 " + HEADLINE], date(2023, 4, 5)),
    ],
)
def test_printed_date_forms(header: list[str], expected: date | None) -> None:
    assert clean_plain_text(page(*header)).published == expected


def test_publication_date_beats_update_widget_and_story_dates() -> None:
    text = page(
        "Monday, 01 January 2024 09:00 GMT",  # the site's clock, above the masthead
        HEADLINE,
        "Updated: March 9, 2023 18:00",
        "Published: March 5, 2023 07:10",
        tail="\nOn June 30, 2019 the leaders had met at the border.",
    )
    assert clean_plain_text(text).published == date(2023, 3, 5)


def test_dateline_with_year_dates_a_wire_story() -> None:
    text = f"{HEADLINE}\n\nLISBON, Mar 3, 2021 (Reuters) - {BODY}\n"
    clean = clean_plain_text(text)
    assert clean.published == date(2021, 3, 3)
    assert clean.source_agency == "Reuters"
    assert clean.body.startswith("LISBON, Mar 3, 2021 (Reuters)")


def test_dates_in_the_story_and_in_link_lists_are_not_publication_dates() -> None:
    text = page(
        HEADLINE,
        tail="\nThey last met on June 30, 2019.\n\nRelated stories\nA border visit\nMay 1, 2020",
    )
    clean = clean_plain_text(text)
    assert clean.published is None
    assert "A border visit" not in clean.body
    assert "They last met on June 30, 2019." in clean.body


def test_headline_among_labels_site_name_and_accessibility_links() -> None:
    text = page(
        "Skip to main content",
        "",
        "POLITICS",
        "",
        "The Korea Herald",
        "",
        HEADLINE,
        "",
        HEADLINE,  # printed twice: kept once
    )
    clean = clean_plain_text(text)
    assert clean.title == HEADLINE
    assert clean.publisher == "The Korea Herald"
    assert HEADLINE not in clean.body
    reasons = {line.reason for line in clean.furniture}
    assert {"page chrome", "section label", "site name", "repeated headline"} <= reasons


def test_furniture_kinds_are_removed_and_kept_with_their_reason() -> None:
    caption = "Delegates walk past the lakeside hotel before the talks, May 2, 2021."
    text = "\n".join(
        [
            "Home     World     Asia     Opinion",
            HEADLINE,
            caption,
            "Jane Placeholder/AFP/Getty Images",
            "",
            BODY,
            "",
            "Officials arrive at the hotel on Sunday. (Yonhap)",
            "",
            "The talks are expected to resume after the holidays, a spokesperson said.",
            "Most read",
            "Storm closes two ports",
            "Rates held for a third month",
            "Festival draws record crowds",
        ]
    )
    clean = clean_plain_text(text)
    removed = {line.text: line.reason for line in clean.furniture}
    assert removed["Jane Placeholder/AFP/Getty Images"] == "photo credit"
    assert removed[caption] == "caption"
    assert removed["Officials arrive at the hotel on Sunday. (Yonhap)"] == "caption"
    assert removed["Home     World     Asia     Opinion"] == "menu"
    assert removed["Storm closes two ports"] == "link list"
    for line in removed:
        assert line not in clean.body
    assert "expected to resume after the holidays" in clean.body


def test_bylines_agency_credit_and_copyright() -> None:
    text = page(
        HEADLINE,
        "Jane Roe | Diplomatic Correspondent, Example Daily",
        tail="\n© 2024 Example Daily. All rights reserved.",
    )
    clean = clean_plain_text(text)
    assert [(a.name, a.role, a.affiliation) for a in clean.authors] == [
        ("Jane Roe", "Diplomatic Correspondent", "Example Daily")
    ]
    assert clean.publisher == "Example Daily"
    two = clean_plain_text(page(HEADLINE, "By Ann Lee and Bo Park"))
    assert [a.name for a in two.authors] == ["Ann Lee", "Bo Park"]
    role = clean_plain_text(page(HEADLINE, "Min Cho, Correspondent"))
    assert [(a.name, a.role) for a in role.authors] == [("Min Cho", "Correspondent")]


def test_syndicated_copy_keeps_agency_and_hosting_site() -> None:
    text = page("The Straits Times", HEADLINE, "Reuters |")
    clean = clean_plain_text(text)
    assert clean.publisher == "The Straits Times"
    assert clean.source_agency == "Reuters"
    agency_only = clean_plain_text(page(HEADLINE, "· AFP"))
    assert (agency_only.publisher, agency_only.source_agency) == ("AFP", "AFP")


def test_hard_wrapped_lines_and_abbreviations_make_whole_sentences() -> None:
    wrapped = (
        "Amb. Lee told reporters in Geneva that the U.S. delegation would stay\n"
        "another day, and that both sides had asked for more time to study the\n"
        "draft text before the ministers meet again later this month in Oslo.\n"
        "The envoys then left the building without taking any further questions\n"
        "from the crowd of reporters who had waited outside since early morning.\n"
    )
    document = read_document(f"{HEADLINE}\n\n{wrapped}".encode(), "wrapped.txt", Settings())
    sentences = [document.text[s.start : s.end] for s in split_sentences(document.text)]
    assert len(sentences) == 2
    assert sentences[0].startswith("Amb. Lee told reporters") and sentences[0].endswith("Oslo.")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summitwatch", *args], capture_output=True, text=True, timeout=300
    )


def export_documents(db: str) -> list[dict[str, object]]:
    exported = run_cli("export", "--db", db, "--format", "jsonl")
    records = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    return [r for r in records if r["kind"] in ("document", "timex")]


def test_undated_document_warns_stores_null_and_leaves_relative_dates_open(tmp_path: Path) -> None:
    source = tmp_path / "undated.txt"
    source.write_text(
        f"{HEADLINE}\n\nThe envoys met last week and will meet again next month, "
        "officials said on Monday.\n"
    )
    db = f"sqlite:///{tmp_path}/store.db"
    result = run_cli("ingest", str(source), "--db", db)
    assert result.returncode == 0, result.stderr
    assert (
        "1 document has no publication date: relative dates left unresolved; give --date"
        in result.stderr
    )
    records = export_documents(db)
    document = next(r for r in records if r["kind"] == "document")
    assert document["published"] is None
    assert document["date_source"] == "none"
    timexes = [r for r in records if r["kind"] == "timex"]
    assert {t["text"] for t in timexes} >= {"last week", "next month", "Monday"}
    assert not any(str(t["value"])[:1].isdigit() for t in timexes)

    given = f"sqlite:///{tmp_path}/given.db"
    dated = run_cli("ingest", str(source), "--db", given, "--date", "2024-03-07")
    assert "no publication date" not in dated.stderr
    stamped = next(r for r in export_documents(given) if r["kind"] == "document")
    assert (stamped["published"], stamped["date_source"]) == ("2024-03-07", "command line")


def test_pdf_and_text_of_one_article_are_one_story(tmp_path: Path) -> None:
    pdf = ROOT / "examples" / "corpus" / "2019-10-21_sorensen_stockholm.pdf"
    txt = ROOT / "examples" / "sources" / "2019-10-21_sorensen_stockholm.txt"
    other = ROOT / "examples" / "corpus" / "2025-10-20_whitcombe_no-border-meeting.txt"
    db = f"sqlite:///{tmp_path}/store.db"
    result = run_cli("ingest", str(pdf), str(txt), str(other), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "1 near-duplicate copy linked to a story already stored" in result.stderr
    documents = {
        Path(str(d["source"])).name: d for d in export_documents(db) if d["kind"] == "document"
    }
    assert len(documents) == 3
    assert documents[pdf.name]["story"] == documents[txt.name]["story"]
    assert documents[other.name]["story"] != documents[pdf.name]["story"]


def test_containment_survives_furniture_and_truncation() -> None:
    article = " ".join(f"Sentence {i} of the shared wire story about the talks." for i in range(40))
    copy = "Site menu Home World\n" + article[: len(article) * 2 // 3] + "\nMore from the site"
    unrelated = " ".join(f"Line {i} of a different report on a trade fair." for i in range(40))
    assert containment(fingerprint(article), fingerprint(copy)) >= 0.6
    assert containment(fingerprint(article), fingerprint(unrelated)) < 0.2


def test_a_headline_holding_a_date_is_not_a_date_line() -> None:
    clean = clean_plain_text(page("Summit set for June 12, 2018", "Published: May 11, 2018"))
    assert clean.title == "Summit set for June 12, 2018"
    assert clean.published == date(2018, 5, 11)


def test_headline_with_a_possessive_and_a_role_word_is_not_a_by_line() -> None:
    headline = "Seoul's envoy, Tokyo may hold talks next month, deputy minister says"
    clean = clean_plain_text(f"{headline}\n\n{BODY}\n")
    assert clean.title == headline
    assert clean.authors == []


def test_site_name_glued_to_its_slogan_and_a_weather_widget() -> None:
    clean = clean_plain_text(page("The Japan TimesNews worth reading", "", "61° Sunny", HEADLINE))
    assert clean.title == HEADLINE
    assert clean.publisher == "The Japan Times"


def test_copyright_of_a_photo_or_a_wire_is_not_the_publisher() -> None:
    photo = clean_plain_text(page(HEADLINE, tail="\n© Getty Images"))
    assert photo.publisher is None
    assert "© Getty Images" not in photo.body
    wire = clean_plain_text(page("The Straits Times", HEADLINE, tail="\n© 2024 Reuters"))
    assert (wire.publisher, wire.source_agency) == ("The Straits Times", "Reuters")


@pytest.mark.parametrize(
    ("line", "authors", "agency"),
    [
        ("By Reuters Staff", [], "Reuters"),
        ("By AFP", [], "AFP"),
        ("By Jane Doe, The Associated Press", ["Jane Doe"], "AP"),
    ],
)
def test_agency_by_lines(line: str, authors: list[str], agency: str) -> None:
    clean = clean_plain_text(page(HEADLINE, line))
    assert [a.name for a in clean.authors] == authors
    assert clean.source_agency == agency


def test_a_copy_of_a_stored_article_is_scored_once(tmp_path: Path) -> None:
    from summitwatch.analyze.ledger import load_ledger
    from summitwatch.store.database import Store

    pdf = ROOT / "examples" / "corpus" / "2019-10-21_sorensen_stockholm.pdf"
    txt = ROOT / "examples" / "sources" / "2019-10-21_sorensen_stockholm.txt"
    db = f"sqlite:///{tmp_path}/store.db"
    assert run_cli("ingest", str(pdf), str(txt), "--db", db).returncode == 0
    documents = {
        Path(str(d["source"])).name: d["id"]
        for d in export_documents(db)
        if d["kind"] == "document"
    }
    with Store(db) as store:
        held = {f.document_id for f in load_ledger(store).forecasts}
    assert documents[pdf.name] in held
    assert documents[txt.name] not in held


def test_a_one_sentence_document_is_body_not_headline() -> None:
    sentence = "The envoys met in Geneva on Monday and agreed to meet again."
    clean = clean_plain_text(sentence + "\n")
    assert (clean.title, clean.body) == (None, sentence)
