"""TimeML values: the days a value covers."""

from __future__ import annotations

from datetime import date

from summitwatch.timeml import date_bounds, date_precision, is_date_value, last_date, overlaps


def test_an_iso_week_covers_its_seven_days() -> None:
    assert date_bounds("2020-W27") == ("2020-06-29", "2020-07-05")
    assert date_precision("2020-W27") == "week"


def test_a_week_across_new_year_keeps_its_iso_days() -> None:
    assert date_bounds("2020-W01") == ("2019-12-30", "2020-01-05")
    assert date_bounds("2020-W53") == ("2020-12-28", "2021-01-03")


def test_a_weekend_is_its_saturday_and_sunday() -> None:
    assert date_bounds("2019-W40-WE") == ("2019-10-05", "2019-10-06")


def test_a_week_ends_long_before_the_year() -> None:
    # an event of the first week of July is not "by the end of the year" on 31 December
    assert last_date("2020-W27") == date(2020, 7, 5)
    assert not overlaps("2020-W27", "2020-08-01", "2020-12-31")


def test_a_week_the_year_does_not_have_is_no_date() -> None:
    assert date_bounds("2019-W53") is None
    assert not is_date_value("2019-W53")
