"""Time expressions in English news text, and the time a page was published.

Functional core, no I/O. Three entry points:

* :func:`find_times` finds time expressions (TIMEX3-style: DATE, TIME, DURATION, SET)
  and normalises them against the document time (the *anchor*), e.g. ``on Friday`` ->
  the most recent Friday on or before the anchor in past-tense context, ``last week``
  -> ``2022-W10``, ``July 19`` -> ``2022-07-19`` (``XXXX-07-19`` without an anchor).
* :func:`publication_time` says when a page was published: from metadata when present,
  else from an explicit date near the top of the text, else from a relative one
  (``5 hours ago``) against the time the file was saved. Unknown stays unknown.
* :func:`infer_document_time` guesses a date range for a document with no known time
  from the absolute dates it mentions, and marks it inferred.

The grammar is a set of regular-expression rules (see :mod:`storyline.timex.grammar`);
candidates are chosen longest-first, a date next to a clock time is merged into one
TIME, and values are resolved in document order so that anaphoric expressions
(``the same day``) can refer to the last date mentioned.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from storyline.timex import grammar as R

__all__ = [
    "TimexType",
    "TimeExpression",
    "PublicationTime",
    "find_times",
    "publication_time",
    "date_in_name",
    "infer_document_time",
    "interval_of",
]


class TimexType(StrEnum):
    """TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpression:
    """One time expression found in a text.

    ``start``/``end`` are character offsets into the text given to :func:`find_times`.
    ``value`` is a TIMEX3-style ISO value (``2022-03-11``, ``2022-W10``, ``2022-Q1``,
    ``2022``, ``2022-03-11T09:20-05:00``, ``P1D``, ``PRESENT_REF``, ``XXXX-07-19``).
    ``begin``/``until`` are the first and last day (inclusive, ISO dates) of the
    interval the expression denotes, when it denotes one (``since June`` runs from
    June 1 to the anchor). ``anchored`` is true when the value was computed from
    the anchor (a relative expression resolved against the document time).
    ``signal`` is the preposition in front of the expression (``on``, ``since``...),
    ``mod`` a TIMEX3 modifier (``START``, ``MID``, ``END``, ``APPROX``...).
    """

    text: str
    start: int
    end: int
    type: TimexType
    value: str
    begin: str | None = None
    until: str | None = None
    anchored: bool = False
    signal: str | None = None
    mod: str | None = None

    @property
    def absolute(self) -> bool:
        """True for a fully specified calendar value that needed no anchor (``July 19, 2025``)."""
        return not self.anchored and self.type in (TimexType.DATE, TimexType.TIME) and bool(
            re.match(r"\d{4}", self.value)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationTime:
    """When a page was (probably) published.

    ``value`` is an ISO date or date-time (no time zone conversion is done).
    ``evidence`` says where it came from (``metadata``, or the text it was read from);
    ``start``/``end`` are offsets of that text in the raw page, when it came from it.
    ``inferred`` is true when the value is a guess from the dates a text mentions
    (:func:`infer_document_time`); ``begin``/``until`` then give the likely range.
    """

    value: str
    confidence: float
    evidence: str
    start: int | None = None
    end: int | None = None
    inferred: bool = False
    begin: str | None = None
    until: str | None = None


# --------------------------------------------------------------------------- find_times


def _as_datetime(anchor: datetime | date | str | None) -> tuple[date | None, datetime | None]:
    if anchor is None:
        return None, None
    if isinstance(anchor, str):
        parsed = _parse_when(anchor)
        if parsed is None:
            raise ValueError(f"cannot read anchor {anchor!r} as a date")
        anchor = parsed
    if isinstance(anchor, datetime):
        return anchor.date(), anchor
    return anchor, None


def find_times(
    text: str,
    *,
    anchor: datetime | date | str | None = None,
    lang: str = "en",
    vague: bool = False,
    day_first: bool = False,
) -> list[TimeExpression]:
    """Find and normalise the time expressions of ``text``.

    ``anchor`` is the document time (publication date or date-time); relative
    expressions are resolved against it, and left underspecified (``XXXX-WXX-5``,
    ``anchored=False``) without it. ``vague`` also returns ``now``/``recently``/``the
    future`` as PRESENT_REF/PAST_REF/FUTURE_REF. ``day_first`` reads "12/02/2025" as
    12 February (month first, as in American English, by default). Languages other than
    English fall back to dateparser's ``search_dates`` (absolute dates at day precision only).
    """
    day, moment = _as_datetime(anchor)
    if not lang.lower().startswith("en"):
        return _find_times_dateparser(text, day, moment, lang)
    ctx = R.Context(text=text, anchor=day, moment=moment, day_first=day_first)
    out: list[TimeExpression] = []
    for cand in R.candidates(text, vague=vague):
        res = cand.resolve(ctx)
        if res is None:
            continue
        begin, until = res.begin, res.until
        if begin is None and until is None:
            begin, until = interval_of(res.value)
        if cand.signal == "since" and begin and day is not None and res.type == "DATE":
            until = day.isoformat()
        out.append(
            TimeExpression(
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                type=TimexType(res.type),
                value=res.value,
                begin=begin,
                until=until,
                anchored=res.anchored,
                signal=cand.signal,
                mod=res.mod,
            )
        )
        if res.type in ("DATE", "TIME") and res.explicit_day is not None:
            ctx.ref_day = res.explicit_day
        if res.type in ("DATE", "TIME") and re.match(r"\d{4}(?!\d)", res.value):
            ctx.ref_year = int(res.value[:4])
    return out


@functools.cache
def _date_data_parser(lang: str) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[lang], settings={"PREFER_DATES_FROM": "past"})


def _is_weekday(text: str, lang: str) -> bool:
    """Whether ``text`` names a weekday: read against two bases a day apart, a weekday keeps its
    day of the week, a relative word ("yesterday") moves with the base."""
    import dateparser

    a, b = (dateparser.parse(text, languages=[lang], settings={"RELATIVE_BASE": datetime(2001, 1, d, 12)})
            for d in (3, 4))
    return a is not None and b is not None and a.isoweekday() == b.isoweekday()


def _find_times_dateparser(
    text: str, day: date | None, moment: datetime | None, lang: str
) -> list[TimeExpression]:
    import warnings

    from dateparser.search import search_dates

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if moment or day:
        settings["RELATIVE_BASE"] = moment or datetime(day.year, day.month, day.day, 12)  # type: ignore[union-attr]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=[lang.split("-")[0]], settings=settings) or []
    periods = _date_data_parser(lang.split("-")[0])
    out = []
    cursor = 0
    for sub, when in found:
        i = text.find(sub, cursor)
        if i < 0:
            continue
        cursor = i + len(sub)
        # dateparser fills the parts a text leaves out from the anchor, or from today: keep only what is written
        period = periods.get_date_data(sub).period or "day"
        y, m = when.year, when.month
        if period == "year":
            value, begin, until = f"{y:04d}", date(y, 1, 1), date(y, 12, 31)
        elif period == "month":
            value, begin, until = f"{y:04d}-{m:02d}", date(y, m, 1), _month_end(y, m)
        else:
            value, begin, until = when.date().isoformat(), when.date(), when.date()
        anchored = day is not None
        if not re.search(r"\d{4}", sub):
            if day is None:  # no year written and nothing to take it from
                if not re.search(r"\d", sub):
                    # a weekday stays a weekday; "yesterday" with no anchor is no date at all
                    if period == "day" and any(_is_weekday(w, lang) for w in sub.split()):
                        out.append(TimeExpression(text=sub, start=i, end=i + len(sub), type=TimexType.DATE,
                                                  value=f"XXXX-WXX-{when.isoweekday()}"))
                    continue
                out.append(TimeExpression(text=sub, start=i, end=i + len(sub), type=TimexType.DATE,
                                          value="XXXX" + value[4:]))
                continue
        else:
            anchored = False
        out.append(TimeExpression(text=sub, start=i, end=i + len(sub), type=TimexType.DATE, value=value,
                                  begin=begin.isoformat(), until=until.isoformat(), anchored=anchored))
    return out


_VALUE_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])"
    r"|(?P<s>SP|SU|FA|WI)))?(?:T.*)?$"
)
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(y: int, m: int) -> date:
    while m > 12:
        y, m = y + 1, m - 12
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return nxt - timedelta(days=1)


def interval_of(value: str) -> tuple[str | None, str | None]:
    """First and last day (ISO, inclusive) of a calendar TIMEX3 value, or (None, None)."""
    if re.fullmatch(r"\d{3}", value):  # a decade: 199 = the 1990s
        return f"{value}0-01-01", f"{value}9-12-31"
    if re.fullmatch(r"\d{2}", value):  # a century: 19 = 1900-1999
        return f"{value}00-01-01", f"{value}99-12-31"
    m = _VALUE_RE.match(value)
    if not m:
        return None, None
    y = int(m["y"])
    try:
        if m["d"]:
            d = date(y, int(m["m"]), int(m["d"]))
            return d.isoformat(), d.isoformat()
        if m["m"]:
            return date(y, int(m["m"]), 1).isoformat(), _month_end(y, int(m["m"])).isoformat()
        if m["w"]:
            monday = date.fromisocalendar(y, int(m["w"]), 1)
            if m["we"]:
                return (monday + timedelta(days=5)).isoformat(), (monday + timedelta(days=6)).isoformat()
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
        if m["q"]:
            q = int(m["q"])
            return date(y, 3 * q - 2, 1).isoformat(), _month_end(y, 3 * q).isoformat()
        if m["h"]:
            h = int(m["h"])
            return date(y, 6 * h - 5, 1).isoformat(), _month_end(y, 6 * h).isoformat()
        if m["s"]:
            a, b = _SEASON_MONTHS[m["s"]]
            return date(y, a, 1).isoformat(), _month_end(y, b).isoformat()
    except ValueError:
        return None, None
    return date(y, 1, 1).isoformat(), date(y, 12, 31).isoformat()


# --------------------------------------------------------------------------- publication time


def _parse_when(value: str | date | datetime | None) -> date | datetime | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value
    s = value.strip()
    if not s:
        return None
    try:
        if len(s) == 10:
            return date.fromisoformat(s)
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    import warnings

    import dateparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = dateparser.parse(s, languages=None, settings={"STRICT_PARSING": True})
    return got


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    return value.isoformat()


_AGO = re.compile(
    r"(?:(?<![0-9])(?P<n>\d{1,3})|(?P<a>\ban?|(?<=[a-z])an?|\bone))\s*"
    r"(?P<unit>sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
_UNIT_DELTA = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1),
               "d": timedelta(days=1), "w": timedelta(weeks=1), "mo": timedelta(days=30), "y": timedelta(days=365)}
#: what may precede the date of a dateline opening a paragraph: "WASHINGTON, ", "LONDON (Reuters) - "
_DATELINE_OPENING = re.compile(r"\s*[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3}\s*(?:\([^()]{1,40}\))?\s*[,–—-]\s*")
_CUE = re.compile(r"\b(?:published|posted|updated|last updated|first published|created|date)\b", re.IGNORECASE)
_TOP_CHARS = 1500


def _ago_unit(u: str) -> str:
    u = u.lower()
    if u.startswith("mo"):
        return "mo"
    if u.startswith("mi"):
        return "m"
    return u[0]


def publication_time(
    raw_text: str,
    *,
    metadata_date: str | date | datetime | None = None,
    saved_at: str | date | datetime | None = None,
    prose: Sequence[tuple[int, int]] = (),
    lang: str | None = None,
) -> PublicationTime | None:
    """When the page was published, or None when nothing says so.

    Order of evidence: ``metadata_date`` (confidence 0.95); an explicit date with a
    year near the top of ``raw_text`` (0.85 on a short dateline or after a cue like
    "Published", 0.6 inside prose); a relative "N units ago" near the top, even glued to
    a preceding word ("Wire5 hours ago"), resolved against ``saved_at`` (0.5). A
    relative time without ``saved_at`` gives None: nothing is invented.

    ``prose`` are the spans known to be article text (body paragraphs): a date there
    is what the article tells of ("born on April 22, 1923"), not when it was written,
    unless a cue precedes it or it opens the paragraph as a dateline ("LONDON, March
    3, 2022 -"). Those dates are left to :func:`infer_document_time`.

    ``lang``, the page's language: a numeric date reads day first ("12/02/2025" is
    12 February) unless it is English.
    """
    meta = _parse_when(metadata_date)
    if meta is not None:
        return PublicationTime(value=_iso(meta), confidence=0.95, evidence="metadata")
    top = raw_text[:_TOP_CHARS]
    best: PublicationTime | None = None
    for t in find_times(top, anchor=None, day_first=bool(lang) and not str(lang).lower().startswith("en")):
        if not t.absolute or not re.match(r"\d{4}-\d{2}-\d{2}", t.value):
            continue
        line_start = top.rfind("\n", 0, t.start) + 1
        line_end = top.find("\n", t.end)
        line = top[line_start : line_end if line_end >= 0 else len(top)]
        before = top[max(0, t.start - 40) : t.start]
        short = len(line.strip()) <= 90
        cue = bool(_CUE.search(before))
        block = next(((a, b) for a, b in prose if a <= t.start < b), None)
        if block is not None and not cue:
            opening = top[block[0] : t.start]
            if not (opening.strip() == "" or _DATELINE_OPENING.fullmatch(opening)):
                continue  # a date the article tells of, inside its prose
        conf = 0.85 if (short or cue) else 0.6
        value = t.value
        if not re.search(r"T\d{2}:\d{2}", value):
            value = value[:10]
        cand = PublicationTime(value=value, confidence=conf, evidence=t.text, start=t.start, end=t.end)
        if best is None or cand.confidence > best.confidence:
            best = cand
        if cue or (short and t.start < 600):
            break
    if best is not None:
        return best
    saved = _parse_when(saved_at)
    m = _AGO.search(top)
    if m is None or saved is None:
        return None
    n = int(m["n"]) if m["n"] else 1
    delta = _UNIT_DELTA[_ago_unit(m["unit"])] * n
    if isinstance(saved, datetime):
        when: date | datetime = saved - delta
        if delta >= timedelta(days=1):
            when = when.date()  # type: ignore[union-attr]
    else:
        when = saved - timedelta(days=delta.days)
    return PublicationTime(
        value=_iso(when), confidence=0.5, evidence=m.group(0), start=m.start(), end=m.end()
    )


#: A full date in a path or URL: "2016-09-12", "2016_09_12", "/2016/09/12/", or "20160912" set off from
#: letters and digits (a content hash does not count).
_NAME_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})([-_/.])(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])"
    r"|(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?![0-9A-Za-z])"
)


def date_in_name(name: str | None, *, saved_at: str | date | datetime | None = None) -> PublicationTime | None:
    """The date a page's URL or file path carries ("nyt_2016-09-08_slug.txt", "/2016/09/08/slug"),
    or None. Scrapers and news sites name pages by their day; a date after the file was saved is
    not when the page was published. Confidence 0.7: below a dated page header, enough to anchor
    "on Friday".
    """
    if not name:
        return None
    saved = _parse_when(saved_at)
    saved_day = saved.date() if isinstance(saved, datetime) else saved
    for m in _NAME_DATE.finditer(name):
        y, mo, d = (m.group(1), m.group(3), m.group(4)) if m.group(1) else (m.group(5), m.group(6), m.group(7))
        try:
            day = date(int(y), int(mo), int(d))
        except ValueError:
            continue
        if saved_day is not None and day > saved_day:
            continue
        return PublicationTime(value=day.isoformat(), confidence=0.7, evidence=f"the name {name!r}")
    return None


#: words that put a date in the future or in a plan ("expected in 2030", "will open in May")
_PROSPECTIVE = re.compile(
    r"\b(?:will|shall|going to|expect(?:s|ed|ing)?|forecasts?|forecast(?:ed|ing)|projected|predict(?:s|ed|ing)?|"
    r"plans?|planned|planning|scheduled|aims?|aimed|aiming|hopes?|hoped|hoping|intends?|intended|upcoming|"
    r"next)\b|\w'll\b",
    re.IGNORECASE,
)


def _sentence_around(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [x for x in (text.find(". ", end), text.find("\n", end)) if x >= 0]
    return text[lo : min(ends) if ends else len(text)]


def infer_document_time(
    expressions: list[TimeExpression] | tuple[TimeExpression, ...],
    *,
    saved_at: str | date | datetime | None = None,
    window_days: int = 30,
    text: str | None = None,
) -> PublicationTime | None:
    """Guess when an undated document was written from the absolute dates it mentions.

    The latest explicit day-precise date (not after ``saved_at``) is a lower bound;
    the range runs ``window_days`` after it (capped at ``saved_at``). With no
    day-precise date, or when a month or year mentioned lies after it (the day is
    history: "born on April 22, 1923" in a text that speaks of the 1990s), the latest
    explicit month or year is used, with less confidence. Returns None when the text
    has no absolute date. ``inferred`` is True.

    With ``text`` (what the expressions' offsets point into), dates in a sentence that
    looks ahead ("the plant will open in 2030", "expected by May") are left out: a
    text is written before what it expects, not after. On MEANTIME this turned the
    seven inferred times that fell after the true creation date into none.
    """
    if text is not None:
        expressions = [e for e in expressions if not _PROSPECTIVE.search(_sentence_around(text, e.start, e.end))]
    saved = _parse_when(saved_at)
    cap = saved.date() if isinstance(saved, datetime) else saved
    best: tuple[int, str, TimeExpression] | None = None
    for t in expressions:
        if not t.absolute or t.begin is None or t.until is None:
            continue
        if cap is not None and t.begin > cap.isoformat():
            continue
        precision = 2 if t.begin == t.until else (1 if len(t.value) >= 7 else 0)
        key = (precision, t.until)
        if best is None or key > (best[0], best[1]):
            best = (precision, t.until, t)
    if best is None:
        return None
    # a later month mentioned ("in March 1995" after "born on April 22, 1923") shows the
    # day-precise date is history, not when the text was written: the later one bounds it (a
    # bare later year does not: "the 2030 games" is as often ahead as behind)
    later = [e for e in expressions if e.absolute and e.begin and e.until and e.begin > best[1]
             and len(e.value) >= 7 and (cap is None or e.begin <= cap.isoformat())]
    if later:
        t = max(later, key=lambda e: (e.begin, e.until))
        best = (2 if t.begin == t.until else (1 if len(t.value) >= 7 else 0), t.until, t)  # type: ignore[assignment]
    precision, _, t = best
    lo = date.fromisoformat(t.begin)  # type: ignore[arg-type]
    hi = date.fromisoformat(t.until) + timedelta(days=window_days)  # type: ignore[arg-type]
    if cap is not None and hi > cap:
        hi = max(cap, lo)
    n_abs = sum(1 for e in expressions if e.absolute)
    conf = {2: 0.4, 1: 0.25, 0: 0.1}[precision] + min(0.1, 0.02 * n_abs)
    value = lo.isoformat() if precision == 2 else t.value[:7] if precision == 1 else t.value[:4]
    return PublicationTime(
        value=value,
        confidence=round(conf, 2),
        evidence=f"latest explicit date mentioned: {t.text!r}",
        start=t.start,
        end=t.end,
        inferred=True,
        begin=lo.isoformat(),
        until=hi.isoformat(),
    )
