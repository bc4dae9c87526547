"""The rule grammar behind :func:`storyline.timex.find_times`.

Each rule is a regular expression plus a resolver. :func:`candidates` runs every rule
over the text, keeps the longest non-overlapping matches, merges a day next to a clock
time into one TIME, and returns them in text order; the caller resolves them in that
order against a :class:`Context` (anchor date, last day mentioned).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

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


# --------------------------------------------------------------------------- data


@dataclass
class Context:
    """What resolution needs: the text, the anchor, and the last day mentioned."""

    text: str
    anchor: date | None
    moment: datetime | None = None
    ref_day: date | None = None
    ref_year: int | None = None


@dataclass
class Resolved:
    type: str
    value: str
    anchored: bool = False
    mod: str | None = None
    begin: str | None = None
    until: str | None = None
    explicit_day: date | None = None


@dataclass
class Candidate:
    start: int
    end: int
    rule: str
    match: re.Match[str]
    handler: Callable[[Candidate, Context], Resolved | None]
    priority: int = 0
    signal: str | None = None
    parts: tuple[Candidate, ...] = field(default_factory=tuple)

    def resolve(self, ctx: Context) -> Resolved | None:
        return self.handler(self, ctx)

    def g(self, name: str) -> str | None:
        try:
            return self.match.group(name)
        except IndexError:
            return None


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


# --------------------------------------------------------------------------- tense

_FUT_CUE = re.compile(
    r"\b(?:will|shall|won't|wo n't|going to|gonna|scheduled|slated|set to|due to|expected to|expects? to|plans? to"
    r"|planned|planning|intends? to|is to|are to|upcoming|would|next|aims? to|hopes? to|should|may|might|must"
    r"|to (?:be|remain|resume|hold|meet|open|close|start|begin|end|visit|vote|sign|launch|release|announce))\b|'ll\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|says|told|ago|last|earlier|came|held|went|met|made|took|gave|rose|fell|saw|began"
    r"|won|lost|left|sold|bought|paid|led|got|found|became|brought|spoke|wrote|ran|fought|struck|shot|sent|spent"
    r"|thought|knew|grew|drew|broke|chose|[a-z]{3,}ed)\b"
)
_NOT_PAST = frozenset(
    "scheduled expected planned slated intended proposed based related limited united hundred indeed need speed "
    "concerned interested supposed detailed required advanced armed skilled red bed feed seed proceed succeed "
    "exceed listed traded owned called named".split()
)
_SENT_END = re.compile(r"[.!?]\s|\n")


def tense_at(text: str, start: int, end: int) -> str | None:
    """'past', 'future' or None from the cue word nearest the span in its sentence."""
    lead = text[max(0, start - 8) : start].lower()
    if re.search(r"\bsince\s+$", lead):
        return "past"
    if re.search(r"\b(?:until|till)\s+$", lead):
        return "future"
    s0 = 0
    for m in _SENT_END.finditer(text, max(0, start - 400), start):
        s0 = m.end()
    m_end = _SENT_END.search(text, end)
    s1 = m_end.start() if m_end else len(text)
    best: tuple[int, str] | None = None
    for rx, label in ((_FUT_CUE, "future"), (_PAST_CUE, "past")):
        for m in rx.finditer(text, s0, s1):
            if start <= m.start() < end:
                continue
            if label == "past" and m.group(0).lower() in _NOT_PAST:
                continue
            dist = start - m.end() if m.end() <= start else m.start() - end
            dist = max(dist, 0)
            if best is None or dist < best[0]:
                best = (dist, label)
    return best[1] if best else None


# --------------------------------------------------------------------------- resolution helpers


def _unanchored_date(y: int | None, m: int | None, d: int | None) -> str:
    ys = f"{y:04d}" if y else "XXXX"
    if m is None:
        return ys
    if d is None:
        return f"{ys}-{m:02d}"
    return f"{ys}-{m:02d}-{d:02d}"


def _choose_year(anchor: date, month: int, day: int | None, tense: str | None) -> int:
    """Year for a month (and day) given without one: nearest to the anchor, tense breaking ties."""
    best: tuple[float, int] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is None:
            diff = (y * 12 + month) - (anchor.year * 12 + anchor.month)
            scale = 30.0
        else:
            dd = _safe_date(y, month, day)
            if dd is None:
                continue
            diff = (dd - anchor).days
            scale = 1.0
        cost = abs(diff) * scale
        if tense == "past" and diff > 0:
            cost += 100
        elif tense == "future" and diff < 0:
            cost += 100
        if y != anchor.year:
            cost += 60  # the anchor's own year unless clearly further away
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1] if best else anchor.year


def _weekday_date(anchor: date, wd: int, rel: str | None, tense: str | None) -> date:
    diff_back = (anchor.isoweekday() - wd) % 7  # days back to the most recent such day (0 = anchor)
    rel = (rel or "").lower()
    if rel in ("last", "past", "this past"):
        return anchor - timedelta(days=diff_back or 7)
    if rel in ("next", "coming", "this coming"):
        return anchor + timedelta(days=(wd - anchor.isoweekday()) % 7 or 7)
    if rel == "this":
        return anchor + timedelta(days=wd - anchor.isoweekday())
    if tense == "future" and diff_back != 0:
        return anchor + timedelta(days=(wd - anchor.isoweekday()) % 7)
    return anchor - timedelta(days=diff_back)


def _ref(ctx: Context) -> date | None:
    return ctx.ref_day or ctx.anchor


# --------------------------------------------------------------------------- handlers


def h_full_date(c: Candidate, ctx: Context) -> Resolved | None:
    month = _month(c.g("mon") or c.g("mon2") or "")
    day = int(c.g("day") or c.g("day2") or 0)
    if not 1 <= day <= 31:
        return None
    ys = c.g("year")
    if ys:
        d = _safe_date(int(ys), month, day)
        if d is None:
            return None
        return Resolved(type="DATE", value=d.isoformat(), explicit_day=d)
    if ctx.anchor is None:
        return Resolved(type="DATE", value=_unanchored_date(None, month, day))
    y = _choose_year(ctx.anchor, month, day, tense_at(ctx.text, c.start, c.end))
    d = _safe_date(y, month, day)
    if d is None:
        return None
    return Resolved(type="DATE", value=d.isoformat(), anchored=True, explicit_day=d)


def h_iso(c: Candidate, ctx: Context) -> Resolved | None:
    d = _safe_date(int(c.g("year") or 0), int(c.g("m") or 0), int(c.g("d") or 0))
    if d is None:
        return None
    if c.g("hh"):
        tz = c.g("tz") or ""
        if tz and tz != "Z" and ":" not in tz:
            tz = tz[:3] + ":" + tz[3:]
        return Resolved(type="TIME", value=f"{d.isoformat()}T{c.g('hh')}:{c.g('mm')}{tz}", explicit_day=d)
    return Resolved(type="DATE", value=d.isoformat(), explicit_day=d)


def h_slash(c: Candidate, ctx: Context) -> Resolved | None:
    a, b, ys = int(c.g("a") or 0), int(c.g("b") or 0), c.g("year") or ""
    y = int(ys) if len(ys) == 4 else (2000 + int(ys) if int(ys) < 50 else 1900 + int(ys))
    if c.rule == "dotted" or a > 12:
        a, b = b, a
    d = _safe_date(y, a, b)
    if d is None:
        return None
    return Resolved(type="DATE", value=d.isoformat(), explicit_day=d)


_MODS = {"early": "START", "the beginning of": "START", "the start of": "START", "beginning of": "START",
         "start of": "START", "mid": "MID", "the middle of": "MID", "middle of": "MID", "late": "END",
         "the end of": "END", "end of": "END", "by the end of": "END", "the turn of": "START",
         "the rest of": "END", "the remainder of": "END", "earlier": "START", "later": "END",
         "the first half of": "START", "the second half of": "END"}


def _mod(s: str | None) -> str | None:
    if not s:
        return None
    return _MODS.get(re.sub(r"[\s-]+", " ", s.lower()).strip())


def h_month_year(c: Candidate, ctx: Context) -> Resolved | None:
    m = _month(c.g("mon") or "")
    return Resolved(type="DATE", value=f"{int(c.g('year') or 0):04d}-{m:02d}", mod=_mod(c.g("mod")))


def h_year(c: Candidate, ctx: Context) -> Resolved | None:
    y = int(c.g("year") or 0)
    if c.g("fy"):
        return Resolved(type="DATE", value=f"FY{y}")
    return Resolved(type="DATE", value=f"{y:04d}", mod=_mod(c.g("mod")))


def h_decade(c: Candidate, ctx: Context) -> Resolved | None:
    cent = c.g("cent")
    dec = int(c.g("dec") or 0)
    if not cent:
        cent = "19" if dec >= 3 else "20"
    return Resolved(type="DATE", value=f"{cent}{dec}")


def h_short_year(c: Candidate, ctx: Context) -> Resolved | None:
    yy = int(c.g("yy") or 0)
    return Resolved(type="DATE", value=f"{(1900 if yy >= 30 else 2000) + yy}")


def h_range_years(c: Candidate, ctx: Context) -> Resolved | None:
    y1, y2 = int(c.g("y1") or 0), int(c.g("y2") or 0)
    if len(c.g("y2") or "") == 2:
        y2 = y1 // 100 * 100 + y2
    if not y1 < y2 <= y1 + 200:
        return None
    return Resolved(type="DURATION", value=f"P{y2 - y1}Y", begin=f"{y1:04d}-01-01", until=f"{y2:04d}-12-31")


_MAY_OK_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|of|during|from|through|to|between|and|or|early|late|mid|last|next|this|before|"
    r"after|on|for|since|end|beginning|start|middle|until)\s*-?\s*$",
    re.IGNORECASE,
)


def h_month(c: Candidate, ctx: Context) -> Resolved | None:
    word = c.g("mon") or ""
    rel = (c.g("rel") or "").lower()
    before = ctx.text[max(0, c.start - 20) : c.start]
    after = ctx.text[c.end : c.end + 20]
    if not rel:
        if not _MAY_OK_BEFORE.search(before):
            if word == "May":
                return None
            if re.match(r"\s+[A-Z][a-z]", after) or re.search(r"\b(?:the|a)\s+$", before, re.IGNORECASE):
                return None
    m = _month(word)
    mod = _mod(rel) if rel not in ("last", "next", "this") else None
    if ctx.anchor is None:
        return Resolved(type="DATE", value=_unanchored_date(None, m, None), mod=mod)
    a = ctx.anchor
    yrel = (c.g("yrel") or "").lower()
    if yrel:
        y = a.year + {"this": 0, "last": -1, "the previous": -1}.get(yrel, 1)
    elif rel == "last":
        y = a.year if m < a.month else a.year - 1
    elif rel == "next":
        y = a.year if m > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    else:
        y = _choose_year(a, m, None, tense_at(ctx.text, c.start, c.end))
    return Resolved(type="DATE", value=f"{y:04d}-{m:02d}", anchored=True, mod=mod)


def h_weekday(c: Candidate, ctx: Context) -> Resolved | None:
    wd = WEEKDAYS[(c.g("wd") or "")[:3].lower()]
    part = c.g("part")
    if c.g("plural"):
        return Resolved(type="SET", value=f"XXXX-WXX-{wd}")
    if ctx.anchor is None:
        return Resolved(type="DATE" if not part else "TIME",
                        value=f"XXXX-WXX-{wd}" + (f"T{PARTS[part.lower()]}" if part else ""))
    d = _weekday_date(ctx.anchor, wd, c.g("rel"), tense_at(ctx.text, c.start, c.end))
    if part:
        return Resolved(type="TIME", value=f"{d.isoformat()}T{PARTS[part.lower()]}", anchored=True,
                        begin=d.isoformat(), until=d.isoformat(), explicit_day=d)
    return Resolved(type="DATE", value=d.isoformat(), anchored=True, explicit_day=d)


_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                "the day after tomorrow": 2, "this": 0, "last": -1}


def h_dayword(c: Candidate, ctx: Context) -> Resolved | None:
    w = re.sub(r"\s+", " ", (c.g("w") or "").lower())
    part = (c.g("part") or "").lower() or ("night" if w == "tonight" else "")
    if w == "last" and part != "night":
        return None
    raw = c.g("w") or ""
    if raw[:1] == "T" and re.search(r"[A-Z][\w.&-]*[ \t]+$", ctx.text[max(0, c.start - 30) : c.start]) and not (
        re.search(r"[.!?:;\"“”]\s*[A-Z][\w.&-]*[ \t]+$", ctx.text[max(0, c.start - 30) : c.start])
    ):
        return None  # "Capitalised Today" after a capitalised word: a name (a newspaper, a show)
    off = _DAY_OFFSETS[w]
    if ctx.anchor is None:
        return Resolved(type="DATE" if not part else "TIME", value="PRESENT_REF" if off == 0 else "XXXX-XX-XX")
    d = ctx.anchor + timedelta(days=off)
    if part and part in PARTS:
        return Resolved(type="TIME", value=f"{d.isoformat()}T{PARTS[part]}", anchored=True,
                        begin=d.isoformat(), until=d.isoformat(), explicit_day=d)
    return Resolved(type="DATE", value=d.isoformat(), anchored=True, explicit_day=d)


def h_the_day(c: Candidate, ctx: Context) -> Resolved | None:
    d = _ref(ctx)
    if d is None:
        return Resolved(type="DATE", value="XXXX-XX-XX")
    return Resolved(type="DATE", value=d.isoformat(), anchored=True)


def _shift(anchor: date, unit: str, k: int) -> str:
    if unit in ("week", "weekend"):
        return _week(anchor + timedelta(weeks=k), "-WE" if unit == "weekend" else "")
    if unit == "month":
        d = _add_months(anchor, k)
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        y, q = _quarter(anchor)
        idx = y * 4 + (q - 1) + k
        return f"{idx // 4:04d}-Q{idx % 4 + 1}"
    if unit == "decade":
        return f"{anchor.year // 10 + k:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + k:02d}"
    if unit in SEASONS:
        return f"{anchor.year + k:04d}-{SEASONS[unit]}"
    return f"{anchor.year + k:04d}"


_REL_K = {"this": 0, "the current": 0, "current": 0, "the same": 0, "last": -1, "the last": -1,
          "this past": -1, "previous": -1, "the previous": -1, "next": 1, "the next": 1, "the following": 1,
          "the coming": 1, "coming": 1, "the year": 0}


def h_rel_period(c: Candidate, ctx: Context) -> Resolved | None:
    rel = re.sub(r"\s+", " ", (c.g("rel") or "this").lower())
    unit = re.sub(r"\s+", " ", (c.g("unit") or "").lower())
    unit = {"fiscal year": "year", "financial year": "year", "fall": "autumn"}.get(unit, unit)
    mod = _mod(c.g("pre"))
    if rel in ("the past", "past"):
        if unit in ("week", "month", "year", "quarter", "decade", "century"):
            value = duration_value(1, unit)
            if ctx.anchor is None:
                return Resolved(type="DURATION", value=value, mod=mod)
            lo = {"week": ctx.anchor - timedelta(weeks=1), "month": _add_months(ctx.anchor, -1),
                  "quarter": _add_months(ctx.anchor, -3), "year": _add_months(ctx.anchor, -12),
                  "decade": _add_months(ctx.anchor, -120), "century": _add_months(ctx.anchor, -1200)}[unit]
            return Resolved(type="DURATION", value=value, anchored=True, begin=lo.isoformat(),
                            until=ctx.anchor.isoformat())
        rel = "last"
    k = _REL_K.get(rel, 0)
    if ctx.anchor is None:
        value = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX"}.get(
            unit, "XXXX")
        return Resolved(type="DATE", value=value, mod=mod)
    if unit in SEASONS or unit == "autumn":
        season = "autumn" if unit == "autumn" else unit
        code = SEASONS[season]
        y = ctx.anchor.year + k
        return Resolved(type="DATE", value=f"{y:04d}-{code}", anchored=True, mod=mod)
    return Resolved(type="DATE", value=_shift(ctx.anchor, unit, k), anchored=True, mod=mod)


def h_year_offset(c: Candidate, ctx: Context) -> Resolved | None:
    """'the year before', 'the previous year' style expressions relative to the anchor year."""
    k = -1 if re.search(r"before|previous|earlier|prior", c.match.group(0), re.IGNORECASE) else 1
    base = ctx.ref_year or (ctx.anchor.year if ctx.anchor else None)
    if base is None:
        return Resolved(type="DATE", value="XXXX")
    return Resolved(type="DATE", value=f"{base + k:04d}", anchored=True)


def h_quarter(c: Candidate, ctx: Context) -> Resolved | None:
    ords = (c.g("ord") or "").lower()
    kind = (c.g("kind") or "quarter").lower()
    qtok = c.g("q")
    if qtok:
        kind = "half" if qtok[0].upper() == "H" else "quarter"
        n = int(qtok[1])
    elif ords == "last" and kind == "quarter":
        n = 0
    else:
        n = ORDINALS.get(ords, 4 if ords == "last" else 0) if kind == "quarter" else (1 if ords == "first" else 2)
    letter = "Q" if kind == "quarter" else "H"
    ys = c.g("year") or c.g("fy")
    if ys:
        y = int(ys) if len(ys) == 4 else 2000 + int(ys)
        if n == 0:
            n = 4
        return Resolved(type="DATE", value=f"{y:04d}-{letter}{n}")
    if ctx.anchor is None:
        return Resolved(type="DATE", value=f"XXXX-{letter}{n or 'X'}")
    a = ctx.anchor
    yrel = (c.g("yrel") or "").lower()
    cy, cq = _quarter(a)
    cur = cq if letter == "Q" else (1 if a.month <= 6 else 2)
    if n == 0:  # "the last quarter": the most recent completed one
        return Resolved(type="DATE", value=_shift(a, "quarter", -1), anchored=True)
    if yrel in ("last", "previous"):
        y = cy - 1
    elif yrel == "next":
        y = cy + 1
    elif yrel in ("this", "the", "the current", "current"):
        y = cy
    else:
        span = 4 if letter == "Q" else 2
        tense = tense_at(ctx.text, c.start, c.end)
        if n <= cur:
            y = cy if not (tense == "future" and n < cur) else cy + 1
        elif tense == "past":
            y = cy - 1
        elif tense == "future":
            y = cy
        else:
            y = cy - 1 if (cur - n) % span <= span // 2 else cy
    return Resolved(type="DATE", value=f"{y:04d}-{letter}{n}", anchored=True)


def h_ago(c: Candidate, ctx: Context) -> Resolved | None:
    n = _num(c.g("n") or c.g("w") or c.g("g") or "a")
    unit = _unit(c.g("unit") or "")
    direction = (c.g("dir") or "ago").lower()
    sign = -1 if direction == "ago" else 1
    if n is None:
        return Resolved(type="DATE", value="PAST_REF" if sign < 0 else "FUTURE_REF")
    if ctx.anchor is None:
        return Resolved(type="DATE", value="XXXX-XX-XX")
    a = ctx.anchor
    k = int(round(n * UNIT_FACTOR.get(unit, 1))) * sign
    if unit in ("second", "minute", "hour"):
        if ctx.moment is not None:
            delta = timedelta(**{unit + "s": n * sign})
            t = ctx.moment + delta
            return Resolved(type="TIME", value=t.strftime("%Y-%m-%dT%H:%M"), anchored=True,
                            begin=t.date().isoformat(), until=t.date().isoformat())
        return Resolved(type="DATE", value=a.isoformat(), anchored=True)
    if unit in ("day", "night"):
        d = a + timedelta(days=k)
        return Resolved(type="DATE", value=d.isoformat(), anchored=True, explicit_day=d)
    if unit in ("week", "fortnight"):
        return Resolved(type="DATE", value=_week(a + timedelta(weeks=k)), anchored=True)
    if unit == "month":
        return Resolved(type="DATE", value=_shift(a, "month", k), anchored=True)
    if unit == "quarter":
        return Resolved(type="DATE", value=_shift(a, "quarter", k), anchored=True)
    return Resolved(type="DATE", value=f"{a.year + k:04d}", anchored=True)


_SET_BEFORE = re.compile(
    r"(?:\b(?:once|twice|thrice|times|per|every|each|million|billion|trillion|dollars|euros|pounds|percent|cents?)"
    r"|%|\d|\b[a-z]{3,}s)\s*$",
    re.IGNORECASE,
)


def h_duration(c: Candidate, ctx: Context) -> Resolved | None:
    raw_num = c.g("num")
    unit = _unit(c.g("unit") or "")
    n = _num(raw_num)
    pre = (c.g("pre") or "").lower().strip()
    after = ctx.text[c.end : c.end + 12]
    fraction = (unit == "quarter" and (raw_num or "").lower() in ("a", "an", "one", "three")) or (
        unit == "second" and (raw_num or "").lower() in ("a", "an"))
    if unit == "quarter" and (raw_num or "").lower() in ("a", "an") and not re.search(
        r"\b(?:in|per|each|every|for|within)\s+$", ctx.text[max(0, c.start - 10) : c.start], re.IGNORECASE
    ) and not re.match(r"\s+(?:ago|later|earlier)\b", after):
        return None  # "about a quarter", "a quarter of": a fraction
    if fraction and not c.g("adj") and re.match(r"\s+(?:of\b|[A-Za-z])", after) and not re.match(
        r"\s+(?:ago|later|earlier|before|after|long)\b", after
    ):
        return None  # "a quarter of the shares", "a second round"
    if raw_num and raw_num.lower() in ("a", "an") and not pre and not c.g("adj"):
        before = ctx.text[max(0, c.start - 25) : c.start]
        if _SET_BEFORE.search(before):
            return Resolved(type="SET", value=duration_value(1, unit))
    if n is None and re.search(r"coming|next few", (raw_num or "") + " " + pre):
        return Resolved(type="DURATION", value=duration_value(None, unit))
    value = duration_value(n, unit)
    mod = None
    if re.match(r"(almost|nearly|under|less than|up to|just under)", pre):
        mod = "LESS_THAN"
    elif re.match(r"(more than|over|at least|just over)", pre):
        mod = "MORE_THAN" if not pre.startswith("over the") else None
    elif re.match(r"(about|around|roughly|approximately|some)", pre):
        mod = "APPROX"
    res = Resolved(type="DURATION", value=value, mod=mod)
    if ctx.anchor is not None and n is not None and re.search(r"\b(past|last|next|coming|following)\b", pre):
        sign = 1 if re.search(r"next|coming|following", pre) else -1
        days = {"second": 0, "minute": 0, "hour": 0, "day": 1, "night": 1, "week": 7, "fortnight": 14}.get(unit)
        if days is not None:
            other = ctx.anchor + timedelta(days=sign * int(n * days))
        else:
            months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
            other = _add_months(ctx.anchor, sign * int(n * months))
        lo, hi = sorted((ctx.anchor, other))
        res.begin, res.until, res.anchored = lo.isoformat(), hi.isoformat(), True
    return res


def h_adj_duration(c: Candidate, ctx: Context) -> Resolved | None:
    n = _num(c.g("num"))
    unit = _unit(c.g("unit") or "")
    return Resolved(type="DURATION", value=duration_value(n, unit))


def h_vague_plural(c: Candidate, ctx: Context) -> Resolved | None:
    unit = _unit(c.g("unit") or "")
    return Resolved(type="DURATION", value=duration_value(None, unit))


def h_set(c: Candidate, ctx: Context) -> Resolved | None:
    w = (c.g("w") or "").lower()
    unit = c.g("unit")
    if unit:
        return Resolved(type="SET", value=duration_value(1, _unit(unit)))
    table = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annual": "P1Y", "annually": "P1Y",
             "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biannual": "P6M",
             "semiannual": "P6M", "fortnightly": "P2W"}
    return Resolved(type="SET", value=table[w])


def _tz_suffix(tz: str | None, day: date | None, hh: int, mm: int) -> str:
    if not tz:
        return ""
    t = tz.strip().strip("()").strip()
    m = re.match(r"(?:UTC|GMT)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$", t)
    if m:
        sign = "-" if m.group(1) in "-−" else "+"
        return f"{sign}{int(m.group(2)):02d}:{m.group(3) or '00'}"
    if t in FIXED_TZ:
        return FIXED_TZ[t]
    if t in ZONE_TZ and day is not None:
        try:
            from zoneinfo import ZoneInfo

            off = datetime(day.year, day.month, day.day, hh % 24, mm, tzinfo=ZoneInfo(ZONE_TZ[t])).utcoffset()
        except Exception:  # noqa: BLE001 - no tz database: leave the zone out
            return ""
        if off is None:
            return ""
        mins = int(off.total_seconds() // 60)
        sign = "-" if mins < 0 else "+"
        mins = abs(mins)
        return f"{sign}{mins // 60:02d}:{mins % 60:02d}"
    return ""


def _clock(c: Candidate) -> tuple[int, int] | None:
    w = (c.g("w") or "").lower()
    if w:
        return (12, 0) if w in ("noon", "midday") else (0, 0)
    hh = int(c.g("h") or 0)
    mm = int(c.g("m") or 0)
    ampm = (c.g("ampm") or "").lower()
    if ampm.startswith("p") and hh < 12:
        hh += 12
    elif ampm.startswith("a") and hh == 12:
        hh = 0
    if hh > 23 or mm > 59:
        return None
    return hh, mm


def _time_value(c: Candidate, day: date | None) -> str | None:
    hm = _clock(c)
    if hm is None:
        return None
    hh, mm = hm
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    return f"{prefix}T{hh:02d}:{mm:02d}{_tz_suffix(c.g('tz'), day, hh, mm)}"


def h_clock(c: Candidate, ctx: Context) -> Resolved | None:
    day = _ref(ctx)
    if c.parts:  # "16:15 UTC, June 1": the day that follows
        res = c.parts[0].resolve(ctx)
        if res is not None and re.match(r"\d{4}-\d{2}-\d{2}$", res.value):
            day = date.fromisoformat(res.value)
    value = _time_value(c, day)
    if value is None:
        return None
    iso = day.isoformat() if day else None
    return Resolved(type="TIME", value=value, anchored=day is not None, begin=iso, until=iso)


def h_merged(c: Candidate, ctx: Context) -> Resolved | None:
    day_c, clock_c = c.parts
    day_res = day_c.resolve(ctx)
    if day_res is None or not re.match(r"\d{4}-\d{2}-\d{2}$", day_res.value[:10]) or "T" in day_res.value:
        return None
    d = date.fromisoformat(day_res.value[:10])
    value = _time_value(clock_c, d)
    if value is None:
        return None
    return Resolved(type="TIME", value=value, anchored=day_res.anchored, begin=d.isoformat(),
                    until=d.isoformat(), explicit_day=d)


def _easter(y: int) -> date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def _holiday(name: str, y: int) -> date:
    name = name.lower().replace("’", "'")
    if name.startswith("christmas eve"):
        return date(y, 12, 24)
    if name.startswith("christmas"):
        return date(y, 12, 25)
    if name.startswith("new year's eve"):
        return date(y, 12, 31)
    if name.startswith("new year"):
        return date(y, 1, 1)
    if name.startswith("halloween"):
        return date(y, 10, 31)
    if name.startswith("valentine"):
        return date(y, 2, 14)
    if name.startswith("thanksgiving"):
        first = date(y, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return _easter(y)


def h_holiday(c: Candidate, ctx: Context) -> Resolved | None:
    name = c.g("hol") or ""
    ys = c.g("year")
    rel = (c.g("rel") or "").lower()
    if ys:
        d = _holiday(name, int(ys))
        return Resolved(type="DATE", value=d.isoformat(), explicit_day=d)
    if ctx.anchor is None:
        d = _holiday(name, 2000)
        return Resolved(type="DATE", value=f"XXXX-{d.month:02d}-{d.day:02d}")
    a = ctx.anchor
    tense = tense_at(ctx.text, c.start, c.end)
    options = [_holiday(name, y) for y in (a.year - 1, a.year, a.year + 1)]
    if rel == "last":
        d = max(o for o in options if o < a)
    elif rel == "next":
        d = min(o for o in options if o > a)
    elif rel == "this":
        d = options[1]
    else:
        d = min(options, key=lambda o: abs((o - a).days) + (100 if (tense == "past") == (o > a) and tense else 0))
    return Resolved(type="DATE", value=d.isoformat(), anchored=True, explicit_day=d)


_SEASON_OK_BEFORE = re.compile(
    r"\b(?:in|during|by|until|since|over|through|throughout|this|last|next|the|early|late|mid|of)\s*-?\s*$",
    re.IGNORECASE)


def h_season(c: Candidate, ctx: Context) -> Resolved | None:
    s = (c.g("s") or "").lower()
    rel = (c.g("rel") or "").lower()
    ys = c.g("year")
    before = ctx.text[max(0, c.start - 20) : c.start]
    if not ys and not rel and not _SEASON_OK_BEFORE.search(before):
        return None
    if s == "fall" and not ys and rel not in ("this", "last", "next") and not re.search(
        r"\b(?:in|during|by|until|since|this|last|next)\s+the\s*$", before, re.IGNORECASE
    ):
        return None
    code = SEASONS[s]
    mod = _mod(rel) if rel in ("early", "late", "mid") else None
    if ys:
        return Resolved(type="DATE", value=f"{int(ys):04d}-{code}", mod=mod)
    if ctx.anchor is None:
        return Resolved(type="DATE", value=f"XXXX-{code}", mod=mod)
    k = {"last": -1, "next": 1}.get(rel, 0)
    if not k:
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        tense = tense_at(ctx.text, c.start, c.end)
        if tense == "past" and start_month > ctx.anchor.month:
            k = -1
    return Resolved(type="DATE", value=f"{ctx.anchor.year + k:04d}-{code}", anchored=True, mod=mod)


_VAGUE = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "the time being": "PRESENT_REF", "recently": "PAST_REF",
    "recent": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "previously": "PAST_REF",
    "formerly": "PAST_REF", "the future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the near term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "later": "FUTURE_REF", "eventually": "FUTURE_REF",
}


def h_vague(c: Candidate, ctx: Context) -> Resolved | None:
    w = re.sub(r"\s+", " ", (c.g("w") or "").lower())
    return Resolved(type="DATE", value=_VAGUE[w])


# --------------------------------------------------------------------------- rules

I = re.IGNORECASE
_Rule = tuple[str, "re.Pattern[str]", Callable[[Candidate, Context], Resolved | None], int]
_TODAY_OPT = r"(?:earlier|later|early|late)\s+"

RULES: list[_Rule] = [
    ("mdy", re.compile(
        rf"(?:\b(?:{WD_ANY}),?[^\S\n]+)?(?:the\s+)?\b(?P<mon>{MON_ANY})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+(?P<year>{YEAR}))?"), h_full_date, 5),
    ("dmy", re.compile(
        rf"(?:\b(?:{WD_ANY}),?[^\S\n]+)?(?:the\s+)?\b(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon2>{MON_ANY})"
        rf"(?:,?\s+(?P<year>{YEAR}))?"), h_full_date, 5),
    ("iso", re.compile(
        r"(?<![\d-])(?P<year>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>[0-2]\d):(?P<mm>[0-5]\d)"
        r"(?::\d{2}(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"), h_iso, 6),
    ("slash", re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/])"),
     h_slash, 4),
    ("dotted", re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)\.(?P<b>[01]?\d)\.(?P<year>(?:19|20)\d{2})(?!\d)"), h_slash, 4),
    ("month_year", re.compile(
        rf"(?:\b(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of|end of|"
        rf"beginning of|start of|middle of))[\s-]+)?\b(?P<mon>{MON_ANY})(?:\s+of)?,?\s+(?P<year>{YEAR})"),
     h_month_year, 4),
    ("range_years", re.compile(
        rf"\b(?i:from|between)\s+(?P<y1>{YEAR})\s+(?i:to|and|until|through|till)\s+(?P<y2>{YEAR})"
        rf"|(?<![\w$€£#.,/-])(?P<y1b>{YEAR})\s?[-–]\s?(?P<y2b>(?:1[6-9]|20)?\d{{2}})(?![\w%-])"), None, 4),  # type: ignore[list-item]
    ("year", re.compile(
        rf"(?:\b(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of|end of|"
        rf"beginning of|start of|the first half of|the second half of|the turn of))[\s-]+)?"
        rf"(?:\b(?P<fy>(?i:fiscal|FY|financial year))\s*)?(?<![\w$€£#@/.:,])(?<!\d-)(?P<year>(?:19|20)\d{{2}})"
        r"(?![\w%]|['’]s\b|[.,]\d|\s*(?:%|percent|per cent)|\s+(?i:people|troops|soldiers|jobs|employees|workers|units|"
        r"cars|vehicles|planes|aircraft|tons|tonnes|barrels|shares|points|km|kilometers|kilometres|miles|metres|"
        r"meters|feet|square|million|billion|dollars|euros|residents|deaths|cases|men|women|children|civilians|"
        r"times|votes|members|users|customers|flights|seats|pages|words)\b)"), h_year, 2),
    ("old_year", re.compile(r"\b(?i:in|since|by|until|from|of)\s+(?P<core>(?P<year>1[0-8]\d{2}))(?![\w%,.]\d|\d)"),
     h_year, 2),
    ("decade", re.compile(r"(?<![\w'’])(?:(?P<cent>1[0-9]|20)|'|’)?(?P<dec>\d)0['’]?s\b"), h_decade, 3),
    ("short_year", re.compile(r"\b(?i:in|since|of|from|by|until|the)\s+(?P<core>['’](?P<yy>\d{2}))\b(?!['’]?s)"),
     h_short_year, 2),
    ("month", re.compile(
        rf"(?:\b(?P<rel>(?i:last|next|this|early|mid|late|the end of|the beginning of|the start of|"
        rf"the middle of|end of|beginning of|start of|middle of))[\s-]+)?\b(?P<mon>{MON_FULL}|Sept\.|Jan\.|Feb\.|"
        rf"Aug\.|Oct\.|Nov\.|Dec\.)(?!\s*[0-3]?\d\b)(?!\s*[-–]\s*\d)"
        r"(?:\s+(?i:of\s+)?(?P<yrel>(?i:this|last|next|the following|the previous))\s+(?i:year)\b)?"), h_month, 1),
    ("weekday", re.compile(
        rf"(?:\b(?P<rel>(?i:last|next|this|this past|this coming|coming|past))\s+)?"
        rf"\b(?P<wd>{WD_ANY})(?:(?P<plural>s)\b|(?='s\b)|\b(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?)"),
     h_weekday, 3),
    ("dayword", re.compile(
        rf"\b(?:{_TODAY_OPT})?(?P<w>(?i:the day before yesterday|the day after tomorrow|today|yesterday|"
        r"tomorrow|tonight))(?:'s\b)?(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?\b"), h_dayword, 3),
    ("daypart", re.compile(r"\b(?P<w>(?i:this|last))\s+(?P<part>(?i:morning|afternoon|evening|night))\b"),
     h_dayword, 3),
    ("the_day", re.compile(
        r"(?:\b(?i:on|for|during|end|ended|ending|ends|finish|finished|finishing|close|closed|closing|start|"
        r"started|starting|open|opened|opening|begin|began|beginning)\s+)(?P<core>(?i:the same day|that same day|"
        r"that day|the day))\b(?!\s+(?:before|after|of|when|that|in|on|which|to|he|she|they|it|we|I)\b)"
        r"|\b(?P<core2>(?i:(?:earlier|later|early|late)\s+in\s+the\s+day))\b"), h_the_day, 1),
    ("bare_plural", re.compile(
        r"\b(?i:in|for|within|over|after)\s+(?:(?i:just|only|mere)\s+)?(?P<core>(?P<unit>(?i:minutes|hours|days|"
        r"weeks|months|years|decades)))\b(?!\s+(?:of|ago|to|later|earlier|before|after)\b)"), h_vague_plural, 1),
    ("num_range", re.compile(
        rf"(?<![\d.,])(?P<core>(?P<num>\d+))\s*(?:to|-|–|or)\s*\d+\s+(?P<unit>{UNIT})\b", I), h_adj_duration, 3),
    ("rel_period", re.compile(
        r"\b(?P<pre>(?i:earlier|later|early|late|the end of|the beginning of|the start of|the middle of|the rest of|"
        r"the remainder of|the first half of|the second half of|end of|beginning of|start of|middle of|"
        r"rest of|remainder of)\s+)?"
        r"(?P<rel>(?i:this past|this|the last|last|the next|next|the past|past|the previous|previous|the following|"
        r"the coming|coming|the current|current))\s+(?P<unit>(?i:week(?:end)?|month|year|quarter|decade|century|"
        r"fiscal year|financial year|spring|summer|autumn|winter|fall))\b(?!-)"), h_rel_period, 3),
    ("the_year", re.compile(
        r"\b(?P<pre>(?i:the end of|the beginning of|the start of|the middle of|the rest of|the remainder of|"
        r"end of|beginning of|start of|middle of|rest of|remainder of|the turn of))\s+the\s+(?P<unit>(?i:year|month|"
        r"week|quarter|decade|century))\b"), h_rel_period, 3),
    ("year_offset", re.compile(
        r"\b(?i:the\s+(?:previous|prior|following)\s+year|the\s+year\s+(?:before|previous|prior|earlier|after))\b"),
     h_year_offset, 3),
    ("quarter", re.compile(
        rf"\b(?:the\s+)?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+"
        rf"(?P<kind>(?i:quarter|half))\b(?!\s+(?:of\s+)?(?:a|an|the)\s+(?!year|fiscal))"
        rf"(?:\s+(?:(?i:of|in)\s+)?(?:(?i:fiscal\s+)?(?P<year>{YEAR})|(?P<yrel>(?i:this|last|next|the|"
        rf"the current|the previous|previous))\s+(?i:fiscal\s+|financial\s+)?(?i:year)))?"), h_quarter, 4),
    ("q_code", re.compile(rf"\b(?P<q>[QH][1-4])\b(?:\s*(?:FY\s*)?(?P<year>{YEAR})|\s*'(?P<fy>\d{{2}}))?"),
     h_quarter, 4),
    ("ago", re.compile(
        rf"(?:(?<![\d.,])(?P<n>\d+(?:\.\d+)?)|\b(?P<w>{NUM})|(?<=[a-z])(?P<g>an?))\s*(?:-\s*)?"
        rf"(?P<unit>{UNIT})\s+(?P<dir>(?i:ago|from now|hence))\b", I), h_ago, 6),
    ("duration", re.compile(
        rf"(?:\b(?:for|in|over|during|within)\s+(?=the\s))?\b(?P<core>(?P<pre>(?:the\s+(?:past|last|next|first|coming|"
        rf"following|previous|final|remaining|same)|almost|nearly|"
        rf"about|around|roughly|approximately|some|more\s+than|less\s+than|over|under|at\s+least|up\s+to|just\s+over|"
        rf"just\s+under|another|an\s+additional|a\s+further)\s+)?"
        rf"(?P<num>{NUM})\s+(?:(?P<adj>straight|consecutive|full|whole|trading|business|working|more|additional|"
        rf"successive|long|calendar|extra)\s+)?(?P<unit>{UNIT}))\b(?!-)", I), h_duration, 2),
    ("adj_duration", re.compile(
        rf"\b(?P<num>\d+|{NUMW}|multi|single)[\s-](?P<unit>second|minute|hour|day|week|month|quarter|year|decade|"
        rf"century)(?:-long)?\b(?!-old|\s+old|-)", I), h_adj_duration, 2),
    ("long_plural", re.compile(r"\b(?P<unit>(?i:days|weeks|months|years|decades))-long\b"), h_vague_plural, 2),
    ("unit_long", re.compile(r"\b(?P<unit>(?i:day|week|month|year|decade))-long\b"), h_adj_duration, 2),
    ("vague_plural", re.compile(
        r"\b(?P<core>(?:(?i:the\s+)?(?i:past|last|next|coming|following)\s+)?(?i:recent|the coming)\s+"
        rf"(?P<unit>(?i:days|weeks|months|years|decades)))\b"), h_vague_plural, 2),
    ("set_word", re.compile(
        r"\b(?P<w>(?i:daily|weekly|monthly|annual|annually|yearly|quarterly|hourly|nightly|biannual|semiannual|"
        r"fortnightly))\b(?!\s+(?:basis|rate)\b)"), h_set, 1),
    ("set_every", re.compile(rf"\b(?i:every|each|per)\s+(?P<unit>(?i:{UNIT}))\b"), h_set, 2),
    ("clock12", re.compile(
        rf"(?<![\d:.,$])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm)(?![A-Za-z]))"
        rf"(?:\s*(?P<tz>{TZ}))?"), h_clock, 5),
    ("clock24", re.compile(
        rf"(?<![\d:.,$£€])(?P<h>[01]?\d|2[0-3])[:h](?P<m>[0-5]\d)(?![\d:]|\.\d|,\d)(?:\s*(?P<tz>{TZ}|(?i:hrs|hours)\b))?"),
     h_clock, 4),
    ("military", re.compile(r"(?<![\d.,])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?P<tz>UTC|GMT|Z|(?i:hrs|hours))\b"),
     h_clock, 4),
    ("noon", re.compile(r"\b(?P<w>(?i:noon|midday|midnight))\b"), h_clock, 3),
    ("holiday", re.compile(
        rf"(?:\b(?P<rel>(?i:last|next|this))\s+)?\b(?P<hol>Christmas Eve|Christmas Day|Christmas|New Year['’]s Eve|"
        rf"New Year['’]s Day|New Year['’]s|Halloween|Valentine['’]s Day|Thanksgiving|Easter)\b(?:\s+(?P<year>{YEAR}))?"),
     h_holiday, 3),
    ("season", re.compile(
        rf"(?:\b(?P<rel>(?i:this|last|next|early|late|mid))[\s-]+)?\b(?P<s>(?i:spring|summer|autumn|fall|winter))\b"
        rf"(?:\s+(?:(?i:of)\s+)?(?P<year>{YEAR}))?"), h_season, 2),
]

VAGUE_RULE: _Rule = (
    "vague", re.compile(
        r"\b(?P<w>(?i:at present|the time being|at the moment|these days|the near future|the near term|the long term|"
        r"the short term|the future|the past|now|currently|current|presently|nowadays|recently|recent|lately|"
        r"previously|formerly|soon|shortly|later|eventually))\b"), h_vague, 0)


def _range_or_year(c: Candidate, ctx: Context) -> Resolved | None:
    if c.g("y1b"):
        y1, y2 = c.g("y1b") or "", c.g("y2b") or ""
        fake = re.match(r"(?P<y1>\d+) (?P<y2>\d+)", f"{y1} {y2}")
        assert fake is not None
        return h_range_years(Candidate(c.start, c.end, c.rule, fake, h_range_years), ctx)
    return h_range_years(c, ctx)


RULES = [(n, rx, h if h is not None else _range_or_year, p) for n, rx, h, p in RULES]

_SIGNAL = re.compile(
    r"\b(?P<s>on|in|since|at|by|until|till|from|during|before|after|through|throughout|for|of|over|within|as of)\s+$",
    re.IGNORECASE,
)
_JOIN = re.compile(r"^\s*(?:,|at|on|@|-|–|—|\||of)?\s*(?:,|at|on)?\s*$", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"(?P<year>\d{4})")
_DAY_RULES = {"mdy", "dmy", "iso", "slash", "dotted", "weekday", "dayword", "holiday"}
_CLOCK_RULES = {"clock12", "clock24", "military", "noon"}


def candidates(text: str, *, vague: bool = False) -> list[Candidate]:
    """All chosen candidate expressions of ``text``, in text order."""
    found: list[Candidate] = []
    rules = RULES + ([VAGUE_RULE] if vague else [])
    for name, rx, handler, prio in rules:
        for m in rx.finditer(text):
            s, e = m.span()
            for grp in ("core", "core2"):
                if grp in rx.groupindex and m.start(grp) >= 0:
                    s, e = m.span(grp)
                    break
            if e <= s:
                continue
            found.append(Candidate(s, e, name, m, handler, prio))
    found.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Candidate] = []
    for c in found:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    merged: list[Candidate] = []
    for c in taken:
        if merged:
            p = merged[-1]
            gap = text[p.end : c.start]
            pair = None
            if p.rule in _DAY_RULES and c.rule in _CLOCK_RULES and not (p.rule == "weekday" and p.g("part")):
                pair = (p, c)
            elif p.rule in _CLOCK_RULES and c.rule in _DAY_RULES and not c.g("part") and gap.strip() == "":
                pair = (c, p)
            if pair and len(gap) <= 6 and _JOIN.match(gap) and "\n" not in gap:
                merged[-1] = Candidate(p.start, c.end, "merged", p.match, h_merged, 9, parts=pair)
                continue
            if p.rule in _CLOCK_RULES and c.rule in _DAY_RULES and re.match(r"^\s*,\s*(?:on\s+)?$", gap):
                p.parts = (c,)
        merged.append(c)
    for c in list(merged):
        if c.rule == "range_years":
            for grp in ("y1", "y2", "y1b", "y2b"):
                if c.match.start(grp) >= 0 and len(c.match.group(grp)) == 4:
                    ym = _YEAR_ONLY.match(text, c.match.start(grp))
                    if ym:
                        merged.append(Candidate(ym.start(), ym.end(), "year", ym, h_year, 2))
    merged.sort(key=lambda c: (c.start, -(c.end - c.start)))
    for c in merged:
        sm = _SIGNAL.search(text, max(0, c.start - 12), c.start)
        if sm:
            c.signal = sm.group("s").lower()
    return merged


def iter_rule_names() -> Iterator[str]:
    """Names of the grammar's rules (for diagnostics)."""
    for name, *_ in RULES:
        yield name
