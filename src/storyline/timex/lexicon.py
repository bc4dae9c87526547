"""Lexicon, regular-expression fragments and small calendar helpers of the time grammar."""

from __future__ import annotations

import re
from datetime import date


# --------------------------------------------------------------------------- lexicon

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "couple": 2, "half": 0.5,
}
VAGUE_NUMBERS = {"several", "many", "few", "some", "numerous", "multiple", "recent", "coming", "next few", "past few"}
# unit -> (TIMEX3 letter, is a time unit, timedelta-ish days)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("Y", False), "century": ("Y", False),
}
UNIT_FACTOR = {"fortnight": 2, "decade": 10, "century": 100}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "final": 4}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
FIXED_TZ = {
    "UTC": "Z", "GMT": "Z", "Z": "Z", "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00",
    "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00", "BST": "+01:00", "CET": "+01:00",
    "CEST": "+02:00", "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00", "IST": "+05:30", "JST": "+09:00",
    "HKT": "+08:00", "SGT": "+08:00", "AEST": "+10:00", "AEDT": "+11:00",
}
ZONE_TZ = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}

# --------------------------------------------------------------------------- regex fragments

MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|\b)"
MON_ANY = rf"(?:{MON_FULL}|{MON_ABBR})"
WD_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WD_ANY = rf"(?:{WD_FULL}|(?:Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun)\.)"
YEAR = r"(?:1[6-9]|20)\d{2}(?!\d)"
NUMW = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|"
    r"eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|a\s+hundred|hundred|a\s+dozen|dozen|a\s+couple\s+of|a\s+couple|"
    r"single|an?)"
)
NUM = (
    rf"(?:(?:\d+(?:\.\d+)?|{NUMW})(?:\s+and\s+a\s+half)?|half\s+an?|several|many|a\s+few|few|numerous|"
    r"multiple|the\s+next\s+few|the\s+past\s+few|the\s+last\s+few)"
)
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
TZ = (
    r"(?:\(?\s*(?:UTC|GMT)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?\s*\)?|\(?(?:UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|"
    r"CET|CEST|EET|EEST|MSK|IST|JST|HKT|SGT|AEST|AEDT|ET|CT|PT|MT)\)?(?![A-Za-z])|Z\b)"
)



# --------------------------------------------------------------------------- helpers


def _month(s: str) -> int:
    return MONTHS[s[:3].lower()]


def _num(s: str | None) -> float | None:
    """A number from digits or words; None for vague quantities (several, a few)."""
    if s is None:
        return 1
    s = re.sub(r"\s+", " ", s.lower().strip())
    half = s.endswith(" and a half")
    if half:
        s = s[: -len(" and a half")]
    if s.startswith("half a"):
        return 0.5
    if any(v in s for v in ("several", "many", "few", "numerous", "multiple")):
        return None
    s = s.replace("a couple of", "couple").replace("a couple", "couple").replace("a hundred", "hundred")
    s = s.replace("a dozen", "dozen")
    try:
        n = float(s.replace(",", ""))
    except ValueError:
        total = 0.0
        for part in re.split(r"[\s-]+", s):
            if part not in NUMBERS:
                return None
            total += NUMBERS[part]
        n = total
    return n + 0.5 if half else n


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _unit(s: str) -> str:
    s = s.lower()
    if s.startswith("centur"):
        return "century"
    return s[:-1] if s.endswith("s") else s


def duration_value(n: float | None, unit: str) -> str:
    letter, is_time = UNITS[unit]
    if n is not None:
        n = n * UNIT_FACTOR.get(unit, 1)
        if letter == "Q":
            pass
    q = "X" if n is None else _fmt_num(n)
    if unit in ("decade", "century") and n is None:
        letter = "DE" if unit == "decade" else "CE"
    return f"PT{q}{letter}" if is_time else f"P{q}{letter}"


def _week(d: date, suffix: str = "") -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}{suffix}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    return date(y, m, 28)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None
