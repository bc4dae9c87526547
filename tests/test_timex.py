"""Behaviour of storyline.timex: time expressions, publication time, inferred document time."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest

from storyline.timex import (
    PublicationTime,
    TimeExpression,
    TimexType,
    date_in_name,
    find_times,
    infer_document_time,
    interval_of,
    publication_time,
)

SEEDS = Path("/work/shared/seeds")
MON = date(2022, 3, 14)  # a Monday


def one(text: str, anchor: date | datetime | None = MON, **kw: object) -> TimeExpression:
    found = find_times(text, anchor=anchor, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def values(text: str, anchor: date | datetime | None = MON) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_times(text, anchor=anchor)]


# --------------------------------------------------------------------------- records


def test_time_expression_is_frozen_slotted_and_keyword_only() -> None:
    t = one("They met on Friday.")
    assert not hasattr(t, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.value = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        TimeExpression("Friday", 0, 6, TimexType.DATE, "2022-03-11")  # type: ignore[misc]


def test_offsets_slice_back_to_the_expression_text() -> None:
    text = "On Friday the ministers met; talks resume at 9:20 a.m. ET and ran since June."
    for t in find_times(text, anchor=MON):
        assert text[t.start : t.end] == t.text


# --------------------------------------------------------------------------- weekdays and days


def test_on_friday_resolves_to_previous_friday() -> None:
    t = one("On Friday, the foreign ministers held talks.")
    assert (t.text, t.type, t.value, t.signal, t.anchored) == ("Friday", TimexType.DATE, "2022-03-11", "on", True)
    assert (t.begin, t.until) == ("2022-03-11", "2022-03-11")


def test_weekday_equal_to_anchor_weekday_is_the_anchor_day() -> None:
    assert one("Talks were held Monday.").value == "2022-03-14"


def test_weekday_in_future_context_resolves_forward() -> None:
    assert one("The talks will continue on Tuesday.").value == "2022-03-15"
    assert one("Markets to remain closed until Friday.").value == "2022-03-18"


def test_last_and_next_weekday() -> None:
    assert one("They spoke last Monday.").value == "2022-03-07"
    assert one("They will speak next Monday.").value == "2022-03-21"


def test_weekday_with_part_of_day_is_a_time() -> None:
    t = one("The conference was held on Friday morning.")
    assert (t.type, t.value) == (TimexType.TIME, "2022-03-11TMO")


def test_yesterday_today_tomorrow() -> None:
    assert values("Yesterday he left, today he talks, tomorrow he flies.") == [
        ("Yesterday", "2022-03-13"), ("today", "2022-03-14"), ("tomorrow", "2022-03-15")]


def test_capitalised_today_after_a_name_is_not_a_date() -> None:
    assert find_times("Evening News Today reported the deal.", anchor=MON) == []
    assert values("He left. Today the talks resumed.") == [("Today", "2022-03-14")]


def test_the_day_refers_to_the_last_day_mentioned() -> None:
    found = values("Stocks fell on Thursday. The index ended the day down 3%.")
    assert found == [("Thursday", "2022-03-10"), ("the day", "2022-03-10")]


# --------------------------------------------------------------------------- calendar dates


def test_month_day_takes_year_from_anchor() -> None:
    t = one("Zelensky on July 19 once again called for a meeting.", anchor=date(2025, 7, 20))
    assert (t.value, t.anchored) == ("2025-07-19", True)


def test_month_day_near_new_year_takes_the_nearest_year() -> None:
    assert one("The deal was signed on 11 December.", anchor=date(2010, 1, 25)).value == "2009-12-11"


def test_month_day_without_anchor_is_underspecified() -> None:
    t = one("Lawmakers voted on July 15.", anchor=None)
    assert (t.value, t.anchored, t.begin) == ("XXXX-07-15", False, None)


def test_full_date_is_absolute() -> None:
    t = one("The war began on February 24, 2022 at dawn.")
    assert (t.value, t.anchored, t.absolute) == ("2022-02-24", False, True)


def test_date_followed_by_clock_time_is_one_time() -> None:
    t = one("July 20, 2025 09:33", anchor=None)
    assert (t.type, t.value) == (TimexType.TIME, "2025-07-20T09:33")


def test_numeric_dates() -> None:
    assert one("Posted 2022-03-11T08:15Z").value == "2022-03-11T08:15Z"
    assert one("on 7/8/07 it rained").value == "2007-07-08"


def test_since_june_interval_runs_to_the_anchor() -> None:
    t = one("The talks have been deadlocked since June.", anchor=date(2025, 7, 20))
    assert (t.text, t.value, t.signal, t.begin, t.until) == ("June", "2025-06", "since", "2025-06-01", "2025-07-20")


def test_in_may_is_a_month_but_modal_may_is_not() -> None:
    assert one("In May, Putin offered talks.", anchor=date(2025, 7, 20)).value == "2025-05"
    assert find_times("Talks May resume soon. Both sides may agree.", anchor=MON) == []


def test_month_name_as_a_first_name_is_not_a_date() -> None:
    assert find_times("Reporter April Ryan asked a question.", anchor=MON) == []


def test_years_and_non_years() -> None:
    assert values("Crimea was annexed in 2014.") == [("2014", "2014")]
    assert values("He signed a decree in 2022 banning talks.") == [("2022", "2022")]
    assert find_times("It sent 2000 troops and paid $2014 for 1999 km.", anchor=MON) == []


def test_decades() -> None:
    t = one("Prices fell in the 1990s.")
    assert (t.value, t.begin, t.until) == ("199", "1990-01-01", "1999-12-31")


def test_year_range_gives_duration_and_endpoints() -> None:
    assert values("Deliveries run from 2014 to 2016.") == [
        ("from 2014 to 2016", "P2Y"), ("2014", "2014"), ("2016", "2016")]


# --------------------------------------------------------------------------- relative periods


def test_last_week_is_the_previous_iso_week() -> None:
    t = one("Last week, the ministers met in Turkey.")
    assert (t.value, t.begin, t.until) == ("2022-W10", "2022-03-07", "2022-03-13")


def test_last_year_and_next_month() -> None:
    assert values("His term expired last year and ends next month.") == [
        ("last year", "2021"), ("next month", "2022-04")]


def test_ago_expressions_take_the_granularity_of_their_unit() -> None:
    assert one("They met two weeks ago.").value == "2022-W09"
    assert one("They met three days ago.").value == "2022-03-11"
    assert one("It happened 2 years ago.").value == "2020"


def test_hours_ago_against_a_datetime_anchor_is_a_time() -> None:
    t = one("Posted 5 hours ago", anchor=datetime(2022, 3, 14, 12, 0))
    assert (t.type, t.value) == (TimexType.TIME, "2022-03-14T07:00")


def test_ago_glued_to_the_previous_word_is_found() -> None:
    assert [t.text for t in find_times("Evening Wire5 hours ago", anchor=MON)] == ["5 hours ago"]
    assert [t.text for t in find_times("timean hour ago", anchor=MON)] == ["an hour ago"]


def test_quarters() -> None:
    assert one("Profit rose in the first quarter of 2009.").value == "2009-Q1"
    assert one("Sales fell in the fourth quarter.", anchor=date(2007, 1, 18)).value == "2006-Q4"


# --------------------------------------------------------------------------- times, durations, sets


def test_clock_time_with_eastern_time_zone() -> None:
    t = one("Talks resume via video link at 9:20 a.m. ET, a negotiator said.")
    assert (t.text, t.type, t.value, t.signal) == ("9:20 a.m. ET", TimexType.TIME, "2022-03-14T09:20-04:00", "at")


def test_utc_clock_time_and_following_day() -> None:
    assert one("Trading resumes at 16:00 UTC today.").value == "2022-03-14T16:00Z"


def test_durations() -> None:
    assert one("a 24-hour ceasefire").value == "PT24H"
    assert one("It lasted almost two and a half years.").value == "P2.5Y"
    t = one("Shares rose over the past nine days.")
    assert (t.text, t.type, t.value, t.begin, t.until) == (
        "the past nine days", TimexType.DURATION, "P9D", "2022-03-05", "2022-03-14")


def test_the_coming_days_is_a_vague_duration() -> None:
    t = one("Progress may grow in the coming days.")
    assert (t.text, t.type, t.value) == ("the coming days", TimexType.DURATION, "PXD")


def test_sets() -> None:
    assert (one("They meet twice a year.").type, one("They meet twice a year.").value) == (TimexType.SET, "P1Y")
    assert one("talks continue every day").value == "P1D"
    assert one("the weekly meeting").value == "P1W"


def test_fractions_and_ordinals_are_not_durations() -> None:
    assert find_times("A second round began; about a quarter of the staff left.", anchor=MON) == []


def test_vague_references_only_on_request() -> None:
    assert find_times("He is currently in Kyiv.", anchor=MON) == []
    t = one("He is currently in Kyiv.", vague=True)
    assert t.value == "PRESENT_REF"


def test_other_languages_fall_back_to_dateparser() -> None:
    found = find_times("Der Krieg begann am 24. Februar 2022.", anchor=MON, lang="de")
    assert [t.value for t in found] == ["2022-02-24"]


def test_interval_of_values() -> None:
    assert interval_of("2022-W10") == ("2022-03-07", "2022-03-13")
    assert interval_of("2022-Q1") == ("2022-01-01", "2022-03-31")
    assert interval_of("2022-02") == ("2022-02-01", "2022-02-28")
    assert interval_of("P1D") == (None, None)


# --------------------------------------------------------------------------- publication time


def test_publication_time_prefers_metadata() -> None:
    pt = publication_time("July 20, 2025 09:33\nText", metadata_date="2025-07-21T10:00:00+00:00")
    assert pt is not None and pt.evidence == "metadata" and pt.value.startswith("2025-07-21T10:00")


def test_publication_time_reads_a_dateline_near_the_top() -> None:
    raw = "World\n\nLeader calls for a meeting\n\nStaff Writer July 20, 2025 09:33\n\nThe leader said on Friday..."
    pt = publication_time(raw)
    assert pt is not None
    assert (pt.value, pt.inferred) == ("2025-07-20T09:33", False)
    assert raw[pt.start : pt.end] == "July 20, 2025 09:33"  # type: ignore[index]
    assert pt.confidence >= 0.8


def test_publication_time_resolves_hours_ago_against_saved_at() -> None:
    pt = publication_time("Headline\n\nEvening Wire5 hours ago\nBody text.", saved_at="2025-08-21T12:00:00")
    assert pt is not None and pt.value == "2025-08-21T07:00" and pt.evidence == "5 hours ago"


def test_publication_time_minutes_ago_glued_to_a_word() -> None:
    pt = publication_time("Related\ntime33 minutes ago\n", saved_at=datetime(2025, 8, 21, 12, 0))
    assert pt is not None and pt.value == "2025-08-21T11:27"


def test_publication_time_unknown_stays_unknown() -> None:
    assert publication_time("Headline\n\nBody text with no date at all.") is None
    assert publication_time("Headline\nWire5 hours ago\n") is None  # relative, but no saved time


def test_publication_time_of_seed_pages() -> None:
    if not SEEDS.is_dir():
        pytest.skip("no seed pages")
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        pt = publication_time(raw, saved_at=datetime(2025, 8, 21, 12, 0))
        if "hours ago" in raw[:300]:
            assert pt is not None and pt.value == "2025-08-21T07:00"
        elif pt is not None:  # whatever is found must point at text near the top
            assert pt.start is not None and pt.start < 1500


def test_a_date_inside_the_prose_is_history_not_the_publication_time() -> None:
    raw = "Singer dies at 85\n\nThe singer died on Thursday.\n\nShe was born on April 22, 1923, in a small town.\n"
    prose = [(19, 47), (49, len(raw) - 1)]
    assert publication_time(raw, prose=prose) is None
    dateline = "LONDON, March 3, 2022 - Talks resumed on Thursday."
    pt = publication_time(dateline, prose=[(0, len(dateline))])
    assert pt is not None and pt.value == "2022-03-03"
    cue = "Talks resumed. Published on March 3, 2022 by the desk."
    assert publication_time(cue, prose=[(0, len(cue))]) is not None
    agency = "WASHINGTON (Wire) - March 3, 2022 - Talks resumed."
    assert publication_time(agency, prose=[(0, len(agency))]) is not None
    opening = "On April 22, 1923, the singer was born in a small town."
    assert publication_time(opening, prose=[(0, len(opening))]) is None


# --------------------------------------------------------------------------- inferred document time


def test_infer_document_time_uses_latest_explicit_date() -> None:
    text = "The deal of March 3, 2021 was revised on June 5, 2021. On Friday, talks resumed. In 2019 it began."
    pt = infer_document_time(find_times(text, anchor=None))
    assert isinstance(pt, PublicationTime)
    assert (pt.value, pt.inferred, pt.begin, pt.until) == ("2021-06-05", True, "2021-06-05", "2021-07-05")
    assert text[pt.start : pt.end] == "June 5, 2021"  # type: ignore[index]


def test_infer_document_time_ignores_relative_expressions_and_future_dates() -> None:
    assert infer_document_time(find_times("On Friday they met, last week too.", anchor=None)) is None
    pt = infer_document_time(find_times("Signed on May 1, 2020; due March 1, 2030.", anchor=None), saved_at="2021-01-01")
    assert pt is not None and pt.value == "2020-05-01"


def test_infer_document_time_with_only_a_year_is_less_confident() -> None:
    pt = infer_document_time(find_times("The decree was signed in 2022.", anchor=None))
    assert pt is not None and pt.value == "2022" and pt.confidence < 0.3


# --------------------------------------------------------------------------- seeds


def test_seed_pages_resolve_weekdays_and_keep_offsets() -> None:
    if not SEEDS.is_dir():
        pytest.skip("no seed pages")
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for t in find_times(raw, anchor=MON):
            assert raw[t.start : t.end] == t.text
            if t.type is TimexType.DATE and t.text in ("Friday", "Thursday"):
                assert t.value in ("2022-03-11", "2022-03-10")


def test_an_inferred_time_skips_dates_the_text_looks_ahead_to_and_history() -> None:
    text = "The talks on 3 March 2022 ended without a deal. The plant will open in March 2030."
    pt = infer_document_time(find_times(text, anchor=None), text=text)
    assert pt is not None and pt.value == "2022-03-03"
    assert infer_document_time(find_times(text, anchor=None)).value == "2030-03"  # type: ignore[union-attr]
    history = "She was born on April 22, 1923. In March 1995 her work was found again."
    pt = infer_document_time(find_times(history, anchor=None), text=history)
    assert pt is not None and pt.value == "1995-03"
    for past in ("The summit took place on May 3, 2022.", "He was arrested by police on 3 March 2022.",
                 "The power plant was shut down on 3 March 2022."):
        pt = infer_document_time(find_times(past, anchor=None), text=past)
        assert pt is not None and pt.value.startswith("2022-0"), past


def test_other_languages_keep_only_the_parts_written() -> None:
    found = {t.text: t for t in find_times("En 1957, elle a quitté Paris. Le 3 mars, il pleuvait.", anchor=None,
                                            lang="fr")}
    year = next(t for k, t in found.items() if "1957" in k)
    assert (year.value, year.begin, year.until) == ("1957", "1957-01-01", "1957-12-31")
    day = next(t for k, t in found.items() if "mars" in k)
    assert day.value == "XXXX-03-03" and not day.absolute  # no year written: none is invented


def test_other_languages_keep_weekdays_and_drop_unanchored_relative_words() -> None:
    found = [(t.text, t.value) for t in find_times("Am Montag trafen sie sich. Gestern sprachen sie.", anchor=None,
                                                   lang="de")]
    assert found == [("Am Montag", "XXXX-WXX-1")]  # "Gestern" has no date without the document's time


@pytest.mark.parametrize("name, value", [
    ("/data/pile/herald_2016-09-08_mayor-opens-bridge.txt", "2016-09-08"),
    ("https://example.org/news/2019/03/14/bridge-opens", "2019-03-14"),
    ("crawl/20210131-bridge.html", "2021-01-31"),
    ("/data/000_c38b0527a8ca4817.txt", None),   # a content hash is no date
    ("report-2016-13-40.txt", None),            # no such day
    ("a1b20160908c.txt", None),                 # digits glued to letters
])
def test_date_in_name(name: str, value: str | None) -> None:
    found = date_in_name(name)
    assert (found.value if found else None) == value
    if found:
        assert found.confidence >= 0.6 and name in found.evidence


def test_a_date_in_the_name_after_the_file_was_saved_is_not_the_publication_date() -> None:
    assert date_in_name("plan_2030-01-01.txt", saved_at="2024-05-01T10:00") is None


def test_document_time_takes_the_date_in_the_file_name_before_an_inferred_one() -> None:
    from storyline.analysis import DocumentInput, document_time

    text = "The minister spoke on Friday about the talks of March 3, 2021."
    doc = DocumentInput(id="d", raw_text=text, body=((0, len(text)),), names=("/pile/herald_2021-03-12_talks.txt",))
    when = document_time(doc, find_times(text))
    assert when is not None and when.value == "2021-03-12" and not when.inferred
    assert "herald_2021-03-12" in when.evidence
    # metadata still comes first
    doc = DocumentInput(id="d", raw_text=text, body=((0, len(text)),), published="2021-03-13",
                        names=("/pile/herald_2021-03-12_talks.txt",))
    assert document_time(doc, find_times(text)).value == "2021-03-13"


def test_publication_time_reads_a_numeric_date_day_first_unless_english() -> None:
    raw = "Les négociations reprennent\n\nPublié le 12/02/2025 à 09h15\n\nLes délégations se sont retrouvées mercredi."
    assert publication_time(raw, lang="fr").value == "2025-02-12"  # type: ignore[union-attr]
    assert publication_time(raw.replace("Publié le", "Posted"), lang="en").value == "2025-12-02"  # type: ignore[union-attr]
    assert publication_time(raw.replace("12/02", "13/02"), lang="en").value == "2025-02-13"  # type: ignore[union-attr]
