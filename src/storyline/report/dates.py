"""Reading and showing the ISO dates of a story ("2022", "2025-08", "2022-03-10", "2025-07-19T09:20").

Positions are fractional days on the proleptic Gregorian calendar (day 1 is
0001-01-01), so that a chart can place a minute, a day and a month on one axis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_ISO = re.compile(
    r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """The span of time an ISO date string names, as fractional day numbers.

    ``precision`` is ``"year"``, ``"month"``, ``"day"`` or ``"time"``; ``end``
    is exclusive, and equals ``start`` for a time of day.
    """

    start: float
    end: float
    precision: str


def _day(value: date) -> float:
    return float(value.toordinal())


def parse(value: object) -> Period | None:
    """The :class:`Period` an ISO date string names, or ``None`` if it is not one.

    Example:
        >>> p = parse("2025-08")
        >>> p.precision, p.end - p.start
        ('month', 31.0)
    """
    if not isinstance(value, str):
        return None
    match = _ISO.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        if month is None:
            first = date(int(year), 1, 1)
            return Period(start=_day(first), end=_day(date(int(year) + 1, 1, 1)), precision="year")
        if day is None:
            first = date(int(year), int(month), 1)
            after = (first + timedelta(days=32)).replace(day=1)
            return Period(start=_day(first), end=_day(after), precision="month")
        if hour is None:
            start = _day(date(int(year), int(month), int(day)))
            return Period(start=start, end=start + 1, precision="day")
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except (ValueError, OverflowError):
        return None
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    point = _day(moment.date()) + seconds / 86400
    return Period(start=point, end=point, precision="time")


def from_day(position: float) -> datetime:
    """The moment a fractional day number stands for."""
    whole = int(position)
    return datetime.fromordinal(max(whole, 1)) + timedelta(days=position - whole)


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _underspecified(value: object) -> str:
    """TIMEX values the text left open: "XXXX-WXX-5" is a Friday, "XXXX-07-19" a 19 July of some year."""
    if value is None:
        return ""
    s = str(value)
    m = re.fullmatch(r"XXXX-WXX-([1-7])", s)
    if m:
        return f"a {_WEEKDAYS[int(m.group(1)) - 1]} (date not given)"
    m = re.fullmatch(r"XXXX-(\d{2})(?:-(\d{2}))?", s)
    if m and 1 <= int(m.group(1)) <= 12:
        month = _MONTHS[int(m.group(1)) - 1]
        return f"{int(m.group(2))} {month} (year not given)" if m.group(2) else f"{month} (year not given)"
    return s


def human(value: object) -> str:
    """A date string as a reader would write it; anything unparseable comes back as given.

    Example:
        >>> human("2025-07-19T09:20"), human("2025-08"), human("2022-03-10")
        ('19 Jul 2025, 09:20', 'Aug 2025', '10 Mar 2022')
    """
    period = parse(value)
    if period is None:
        return _underspecified(value)
    moment = from_day(period.start + (1e-7 if period.precision == "time" else 0))
    month = _MONTHS[moment.month - 1]
    if period.precision == "year":
        return str(moment.year)
    if period.precision == "month":
        return f"{month} {moment.year}"
    if period.precision == "day":
        return f"{moment.day} {month} {moment.year}"
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M}"


def span(start: object, end: object) -> str:
    """A readable span "10 Mar 2022 – 12 Mar 2022", a single date, or ``""``."""
    first, last = human(start), human(end)
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


def month_name(month: int) -> str:
    """The three-letter English name of ``month`` (1-12)."""
    return _MONTHS[month - 1]
