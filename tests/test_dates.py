"""Date mentions, on short invented sentences."""

from __future__ import annotations

from datetime import date

import pytest

from contested.pipeline.recognize.dates import DateMention, find_dates, infer_year, resolve_weekday

WED = date(2021, 3, 10)  # a Wednesday
SUN = date(2023, 1, 8)  # a Sunday


def one(text: str, published: date | None = WED) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


def dates(text: str, published: date | None = WED) -> list[tuple[str, date | None, str]]:
    return [(m.text, m.date, m.precision) for m in find_dates(text, published)]


# ---------------------------------------------------------------- resolve_weekday

@pytest.mark.parametrize("name, expected", [
    ("Wednesday", date(2021, 3, 10)),  # the publication day's own weekday is that day
    ("Tuesday", date(2021, 3, 9)),
    ("monday", date(2021, 3, 8)),
    ("Thursday", date(2021, 3, 4)),  # the most recent one, last week
    ("Sunday", date(2021, 3, 7)),
    ("fri", date(2021, 3, 5)),
])
def test_resolve_weekday(name: str, expected: date) -> None:
    assert resolve_weekday(name, WED) == expected


def test_resolve_weekday_relations() -> None:
    assert resolve_weekday("Wednesday", WED, relation="before") == date(2021, 3, 3)
    assert resolve_weekday("Wednesday", WED, relation="after") == date(2021, 3, 17)
    assert resolve_weekday("Friday", WED, relation="after") == date(2021, 3, 12)
    assert resolve_weekday("Friday", None) is None
    assert resolve_weekday("Funday", WED) is None
    with pytest.raises(ValueError):
        resolve_weekday("Friday", WED, relation="soon")


# ---------------------------------------------------------------- weekdays in text

def test_weekday_on_publication_day() -> None:
    text = "Troops shelled the port on Wednesday."
    m = one(text)
    assert (m.date, m.precision, m.kind, m.text) == (WED, "day", "relative", "Wednesday")
    assert m.span == (text.index("Wed"), text.index("."))


def test_weekday_on_sunday_publication() -> None:
    assert one("Officials said on Sunday that the bridge fell.", SUN).date == SUN
    assert one("The bridge fell on Saturday.", SUN).date == date(2023, 1, 7)
    assert one("The bridge fell on Monday.", SUN).date == date(2023, 1, 2)


@pytest.mark.parametrize("text, expected, mention", [
    ("Rockets fell late Tuesday.", date(2021, 3, 9), "late Tuesday"),
    ("Rockets fell late on Saturday.", date(2021, 3, 6), "late on Saturday"),
    ("Rockets fell early on Monday.", date(2021, 3, 8), "early on Monday"),
    ("Friday night was calm.", date(2021, 3, 5), "Friday night"),
    ("Police moved in on Wednesday morning.", WED, "Wednesday morning"),
    ("They met last Wednesday.", date(2021, 3, 3), "last Wednesday"),
    ("Talks resume next Monday.", date(2021, 3, 15), "next Monday"),
])
def test_weekday_variants(text: str, expected: date, mention: str) -> None:
    m = one(text)
    assert (m.date, m.text) == (expected, mention)


def test_weekday_without_published() -> None:
    m = one("It happened on Monday.", None)
    assert m.date is None and m.kind == "relative"


# ---------------------------------------------------------------- calendar dates

@pytest.mark.parametrize("text, expected", [
    ("The raid began on 2021-02-14.", date(2021, 2, 14)),
    ("At dawn on Sunday 7 March 2021 the city was hit.", date(2021, 3, 7)),
    ("The raid began on March 4.", date(2021, 3, 4)),
    ("The raid began on Feb 27.", date(2021, 2, 27)),
    ("The raid began on 2 March.", date(2021, 3, 2)),
    ("The raid began on March 12.", date(2021, 3, 12)),  # within the grace days
    ("The raid began on March 20.", date(2020, 3, 20)),  # later than that: last year
    ("The raid began on Oct. 5.", date(2020, 10, 5)),
    ("The raid began on the 5th of January.", date(2021, 1, 5)),
    ("A statement dated March 1, 2019 said so.", date(2019, 3, 1)),
])
def test_calendar_dates(text: str, expected: date) -> None:
    m = one(text)
    assert (m.date, m.precision, m.kind) == (expected, "day", "absolute")


def test_calendar_date_span_and_text() -> None:
    text = "Fighting resumed on 13 February 2021 near the dam."
    m = one(text)
    assert m.text == "13 February 2021" and text[m.span[0]:m.span[1]] == m.text


def test_year_less_date_without_published() -> None:
    m = one("It began on March 4.", None)
    assert m.date is None and m.kind == "absolute"


def test_infer_year_leap_day() -> None:
    assert infer_year(2, 29, date(2023, 3, 1)) == date(2020, 2, 29)
    assert infer_year(4, 31, WED) is None


def test_abbreviated_month_alone_is_not_a_month() -> None:
    assert find_dates("Aid reached the camp in Mar Elias.", WED) == []
    assert one("Aid reached the camp in Mar. 2019.").date == date(2019, 3, 1)


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("Officials may act soon and may 5 reports follow.", WED) == []


# ---------------------------------------------------------------- ranges

@pytest.mark.parametrize("text, start, end", [
    ("An operation between February 20 and 26 killed dozens.", date(2021, 2, 20), date(2021, 2, 26)),
    ("An operation on February 20-26 killed dozens.", date(2021, 2, 20), date(2021, 2, 26)),
    ("An operation from 20 to 26 February killed dozens.", date(2021, 2, 20), date(2021, 2, 26)),
    ("An operation from 27 February to 2 March killed dozens.", date(2021, 2, 27), date(2021, 3, 2)),
])
def test_ranges(text: str, start: date, end: date) -> None:
    m = one(text)
    assert (m.date, m.end, m.kind) == (start, end, "absolute")


def test_two_dates_joined_by_and() -> None:
    found = find_dates("Strikes on March 5 and April 2.", WED)
    assert [(m.text, m.date) for m in found] == [("March 5", date(2021, 3, 5)), ("April 2", date(2020, 4, 2))]


def test_full_month_excludes_sentence_period() -> None:
    assert one("Talks ended in mid-March.").text == "mid-March"
    assert one("Quiet since Sept. 2020.").text == "Sept. 2020"


def test_and_without_between_is_not_a_range() -> None:
    found = find_dates("On February 3 and 40 people fled.", WED)
    assert [(m.text, m.date, m.end) for m in found] == [("February 3", date(2021, 2, 3), None)]


# ---------------------------------------------------------------- months

@pytest.mark.parametrize("text, expected, kind", [
    ("It happened last month.", date(2021, 2, 1), "relative"),
    ("It happened this month.", date(2021, 3, 1), "relative"),
    ("It happened in January.", date(2021, 1, 1), "absolute"),
    ("It happened in June.", date(2020, 6, 1), "absolute"),
    ("It happened in late November.", date(2020, 11, 1), "absolute"),
    ("It happened in June 2019.", date(2019, 6, 1), "absolute"),
    ("It happened in May last year.", date(2020, 5, 1), "absolute"),
])
def test_months(text: str, expected: date, kind: str) -> None:
    m = one(text)
    assert (m.date, m.precision, m.kind) == (expected, "month", kind)


# ---------------------------------------------------------------- relative words

@pytest.mark.parametrize("text, expected, precision", [
    ("The town was hit yesterday.", date(2021, 3, 9), "day"),
    ("Yesterday the town was hit.", date(2021, 3, 9), "day"),
    ("The town was hit today.", WED, "day"),
    ("The town was hit this morning.", WED, "day"),
    ("The town will be quiet tonight.", WED, "day"),
    ("The town was hit overnight.", WED, "day"),
    ("The town was hit last night.", date(2021, 3, 9), "day"),
    ("The town was hit a day earlier.", date(2021, 3, 9), "day"),
    ("The town was hit the day before yesterday.", date(2021, 3, 8), "day"),
    ("The town was hit five days ago.", date(2021, 3, 5), "day"),
    ("The town was hit 3 days ago.", date(2021, 3, 7), "day"),
    ("The town was hit earlier this week.", WED, "week"),
    ("The town was hit this week.", WED, "week"),
    ("The town was hit last week.", date(2021, 3, 3), "week"),
    ("The town was hit two weeks ago.", date(2021, 2, 24), "week"),
    ("The town was hit a month ago.", date(2021, 2, 10), "month"),
])
def test_relative(text: str, expected: date, precision: str) -> None:
    m = one(text)
    assert (m.date, m.precision, m.kind) == (expected, precision, "relative")


def test_hours_earlier_adds_no_date() -> None:
    m = one("Hours earlier, drones struck a depot.")
    assert m.date is None and m.kind == "relative" and m.text == "Hours earlier"


def test_relative_without_published() -> None:
    assert [(m.date, m.precision) for m in find_dates("Yesterday and last week.", None)] == [
        (None, "day"), (None, "week")]


def test_weekend() -> None:
    m = one("The camp was attacked over the weekend.", date(2021, 3, 8))  # a Monday
    assert (m.date, m.end) == (date(2021, 3, 6), date(2021, 3, 7))
    m = one("The camp was attacked this weekend.", SUN)
    assert (m.date, m.end) == (date(2023, 1, 7), SUN)


# ---------------------------------------------------------------- datelines

def test_dateline_month_day() -> None:
    text = "LVIV, Mar 10 (Example Wire) — Sirens sounded on Tuesday."
    first, second = find_dates(text, WED)
    assert (first.text, first.date, first.kind, first.dateline) == ("Mar 10", WED, "absolute", True)
    assert (second.date, second.dateline) == (date(2021, 3, 9), False)


def test_dateline_day_month_multi_place() -> None:
    text = "Intro line\nNEW TOWN/OLD TOWN, Region, 9 March (Agency) - Text."
    (m,) = find_dates(text, WED)
    assert m.dateline and m.date == date(2021, 3, 9)


def test_not_a_dateline() -> None:
    (m,) = find_dates("The council met, 9 March, to vote.", WED)
    assert not m.dateline


# ---------------------------------------------------------------- order and speed

def test_order_and_no_overlap() -> None:
    text = "On Monday, 8 March, and again yesterday, shells hit; talks are set for March 30."
    found = find_dates(text, WED)
    assert [m.text for m in found] == ["Monday, 8 March", "yesterday", "March 30"]
    assert found[2].date == date(2020, 3, 30)
    spans = [m.span for m in found]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


