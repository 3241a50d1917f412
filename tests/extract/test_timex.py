"""Hand-written cases for the TIMEX3 tagger: spans, types, values and mods."""

from __future__ import annotations

from datetime import date

import pytest

from summitwatch.extract.timex import STAGE, render_timeml, tag_timexes
from summitwatch.models import Document
from summitwatch.pipeline import Analysis, Context
from summitwatch.settings import Settings

NOV_2025 = date(2025, 11, 5)  # a Wednesday
FEB_2026 = date(2026, 2, 10)  # a Tuesday


def tagged(text: str, dct: date | None = NOV_2025) -> dict[str, tuple[str, str, str | None]]:
    return {t.text: (t.type, t.value, t.mod) for t in tag_timexes(text, dct)}


def value_of(text: str, phrase: str, dct: date | None = NOV_2025) -> str:
    found = tagged(text, dct)
    assert phrase in found, f"{phrase!r} not tagged in {text!r}: {found}"
    return found[phrase][1]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("He arrived yesterday.", "yesterday", "2025-11-04"),
        ("They meet today.", "today", "2025-11-05"),
        ("They will meet tomorrow.", "tomorrow", "2025-11-06"),
        ("He spoke on Monday.", "Monday", "2025-11-03"),
        ("He will speak on Friday.", "Friday", "2025-11-07"),
        ("The talks ended Wednesday.", "Wednesday", "2025-11-05"),
        ("The deal was signed last Friday.", "last Friday", "2025-10-31"),
        ("They met last week.", "last week", "2025-W44"),
        ("The summit is next week.", "next week", "2025-W46"),
        ("Prices rose last month.", "last month", "2025-10"),
        ("Kim visited Moscow last year.", "last year", "2024"),
        ("It will happen next year.", "next year", "2026"),
        ("This year was hard.", "This year", "2025"),
    ],
)
def test_relative_days_weeks_months(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


@pytest.mark.parametrize(
    ("text", "phrase", "dct", "value"),
    [
        ("a visit to China next April", "next April", NOV_2025, "2026-04"),
        ("a visit to China next April", "next April", FEB_2026, "2026-04"),
        ("They met last April.", "last April", NOV_2025, "2025-04"),
        ("The talks resume this spring.", "this spring", FEB_2026, "2026-SP"),
        ("The talks resume next spring.", "next spring", NOV_2025, "2026-SP"),
        ("It stalled last summer.", "last summer", NOV_2025, "2025-SU"),
        ("It stalled last winter.", "last winter", NOV_2025, "2024-WI"),
    ],
)
def test_last_next_this_with_months_and_seasons(
    text: str, phrase: str, dct: date, value: str
) -> None:
    assert value_of(text, phrase, dct) == value


def test_tense_decides_the_year_of_an_underspecified_date() -> None:
    assert value_of("In his September 21 speech he said no.", "September 21") == "2025-09-21"
    assert value_of("The assembly will convene in November.", "November", FEB_2026) == "2026-11"
    assert value_of("The assembly met in November.", "November", FEB_2026) == "2025-11"
    assert value_of("The vote will be held on January 20.", "January 20") == "2026-01-20"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("It happened six years ago.", "six years ago", "2019"),
        ("It happened three months ago.", "three months ago", "2025-08"),
        ("It happened two days ago.", "two days ago", "2025-11-03"),
        ("It will be done two years from now.", "two years from now", "2027"),
        ("A decade later, nothing changed.", "A decade later", "203"),
    ],
)
def test_ago_and_from_now(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Gyeongju on October 29th was busy.", "October 29th", "2025-10-29"),
        ("On 29 October he left.", "29 October", "2025-10-29"),
        ("On Oct. 29 he left.", "Oct. 29", "2025-10-29"),
        ("the Declaration of 27 April 2018 said", "27 April 2018", "2018-04-27"),
        ("on September 19, 2018, in Pyongyang", "September 19, 2018", "2018-09-19"),
        ("in June 2019 at Panmunjom", "June 2019", "2019-06"),
        ("Filed 2025-09-21 by staff.", "2025-09-21", "2025-09-21"),
        ("Posted 9/21/2025.", "9/21/2025", "2025-09-21"),
        ("He met them Monday, Oct. 27, in Seoul.", "Monday, Oct. 27", "2025-10-27"),
    ],
)
def test_day_month_forms(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


def test_years_alone_and_in_ranges() -> None:
    found = tagged("He took power in 2011 and ruled from 2018 to 2019.")
    assert found["2011"] == ("DATE", "2011", None)
    assert found["2018"][1] == "2018"
    assert found["2019"][1] == "2019"
    assert tagged("the 2009-2010 pandemic")["2010"][1] == "2010"


def test_decades_and_centuries() -> None:
    found = tagged("In the 1990s and the early 2000s, and in the 20th century.")
    assert found["the 1990s"][1] == "199"
    assert found["the early 2000s"][1:] == ("200", "START")
    assert found["the 20th century"][1] == "19"
    assert tagged("back in the '80s")["the '80s"][1] == "198"


@pytest.mark.parametrize(
    ("text", "phrase", "value", "mod"),
    [
        ("the first time in eleven years", "eleven years", "P11Y", None),
        ("eight wars in eight months", "eight months", "P8M", None),
        ("in merely five hours", "five hours", "PT5H", None),
        ("within 32 hours", "32 hours", "PT32H", None),
        ("a two-year plan", "two-year", "P2Y", None),
        ("talks lasted half an hour", "half an hour", "PT30M", None),
        ("it took 1.5 years", "1.5 years", "P18M", None),
        ("after two and a half years", "two and a half years", "P30M", None),
        ("over the past two decades", "the past two decades", "P20Y", None),
        ("for about three weeks", "about three weeks", "P3W", "APPROX"),
        ("for several months", "several months", "PXM", None),
    ],
)
def test_durations(text: str, phrase: str, value: str, mod: str | None) -> None:
    found = tagged(text)
    assert found[phrase] == ("DURATION", value, mod)


def test_sets_and_references() -> None:
    found = tagged("They meet every year and publish daily; now it is recent news.")
    assert found["every year"] == ("SET", "P1Y", None)
    assert found["daily"] == ("SET", "P1D", None)
    assert found["now"][1] == "PRESENT_REF"
    assert tagged("in the future")["the future"][1] == "FUTURE_REF"
    assert tagged("as happened recently")["recently"][1] == "PAST_REF"


def test_mods_for_early_late_and_the_end_of() -> None:
    # no tense cue: the April nearest to the DCT
    assert tagged("by the end of April")["the end of April"][1:] == ("2026-04", "END")
    assert tagged("in late November")["late November"][1:] == ("2025-11", "END")
    assert tagged("in early 2019")["early 2019"][1:] == ("2019", "START")
    assert tagged("by mid-2026")["mid-2026"][1:] == ("2026", "MID")


def test_times_of_day() -> None:
    found = tagged("He spoke at 3:30 p.m. and again this morning.")
    assert found["3:30 p.m."] == ("TIME", "2025-11-05T15:30", None)
    assert found["this morning"] == ("TIME", "2025-11-05TMO", None)
    assert tagged("They met last night.")["last night"][:2] == ("TIME", "2025-11-04TNI")
    # a weekday with a part of the day dates the event (as TBAQ annotates it)
    assert tagged("He spoke Monday night.")["Monday night"][:2] == ("DATE", "2025-11-03")


def test_quarters_and_halves() -> None:
    found = tagged("Profit fell in the third quarter of 2024 and in the first half of 2025.")
    assert found["the third quarter of 2024"][1] == "2024-Q3"
    assert found["the first half of 2025"][1] == "2025-H1"
    assert tagged("third-quarter earnings")["third-quarter"][1] == "2025-Q3"


def test_korean_dates_in_notes() -> None:
    found = tagged("노동신문, 2025년 9월 22일. 연합뉴스, 2025년 11월. 9월 3일 행사.")
    assert found["2025년 9월 22일"] == ("DATE", "2025-09-22", None)
    assert found["2025년 11월"][1] == "2025-11"
    assert found["9월 3일"][1] == "2025-09-03"
    assert tagged("2025. 10. 15.")["2025. 10. 15"][1] == "2025-10-15"


@pytest.mark.parametrize(
    "text",
    [
        "The G20 met in Seoul.",
        "funded by National Defense Development-2024 funds",
        "See No. 2025-26 for details.",
        "He may come.",
        "They march on.",
        "a 6-year-old boy",
        "They sent 2000 troops.",
        "It costs $2025.",
        "He will fall behind.",
        "a second summit",
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert tag_timexes(text, NOV_2025) == []


def test_without_a_dct_values_stay_underspecified() -> None:
    found = tagged("On September 21 and last year, since 2011.", None)
    assert found["September 21"][1] == "XXXX-09-21"
    assert found["last year"][1] == "PAST_REF"
    assert found["2011"][1] == "2011"


def test_offsets_point_into_the_text_as_given() -> None:
    text = "  Le 5 juin?  No — on\nJune 5, 2019 (Wednesday) they met.  "
    for timex in tag_timexes(text, NOV_2025):
        assert text[timex.start : timex.end] == timex.text


def test_render_timeml_is_byte_identical_outside_tags() -> None:
    text = 'He said "soon" & left on 12 October <b>; then, last year…\n'
    timexes = tag_timexes(text, NOV_2025)
    rendered = render_timeml(text, timexes)
    assert '<TIMEX3 tid="t1" type="DATE" value="2025-10-12">12 October</TIMEX3>' in rendered
    assert '<TIMEX3 tid="t2" type="DATE" value="2024">last year</TIMEX3>' in rendered
    stripped = rendered
    for tag in (
        '<TIMEX3 tid="t1" type="DATE" value="2025-10-12">',
        '<TIMEX3 tid="t2" type="DATE" value="2024">',
        "</TIMEX3>",
    ):
        stripped = stripped.replace(tag, "")
    assert stripped == text


def test_render_timeml_writes_mod() -> None:
    rendered = render_timeml("in late November", tag_timexes("in late November", NOV_2025))
    assert rendered == (
        'in <TIMEX3 tid="t1" type="DATE" value="2025-11" mod="END">late November</TIMEX3>'
    )


def test_stage_tags_the_document_with_its_publication_date() -> None:
    document = Document(text="Kim visited Moscow last year.", source="test", published=NOV_2025)
    analysis = Analysis(document=document)
    STAGE.run(analysis, Context(Settings()))
    assert [(t.text, t.value) for t in analysis.timexes] == [("last year", "2024")]
    assert STAGE.name == "timex"
    assert STAGE.requires == ("document", "sentences")
    assert STAGE.assigns == ("timexes",)


def test_narrative_reference_time() -> None:
    story = "At last week's meeting on Tuesday, they agreed."
    assert value_of(story, "Tuesday") == "2025-10-28"
    found = tagged("They met on March 3, 2019. The next day, Kim left.")
    assert found["The next day"][1] == "2019-03-04"
    assert value_of("In 1998, the talks resumed in March.", "March") == "1998-03"


def test_month_day_followed_by_punctuation_and_weekday_prefix() -> None:
    found = tagged("Times said in an editorial on Monday, Oct. 27: the end.")
    assert found["Monday, Oct. 27"][1] == "2025-10-27"
    assert value_of("They met last Oct. 23 in Seoul.", "Oct. 23") == "2025-10-23"


def test_holidays() -> None:
    assert value_of("on Thanksgiving Day 2024", "Thanksgiving Day 2024") == "2024-11-28"
    assert value_of("by Christmas 2025", "Christmas 2025") == "2025-12-25"
