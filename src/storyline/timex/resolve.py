"""Resolving candidates: the context, tense cues and one resolver per rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from storyline.timex.lexicon import (
    FIXED_TZ,
    ORDINALS,
    PARTS,
    SEASONS,
    UNIT_FACTOR,
    WEEKDAYS,
    ZONE_TZ,
    _add_months,
    _month,
    _num,
    _quarter,
    _safe_date,
    _unit,
    _week,
    duration_value,
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
    #: "12/02/2025" is the 12th of February (most languages), not December the 2nd (American English).
    day_first: bool = False


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
    if c.rule == "dotted" or a > 12 or (ctx.day_first and b <= 12):
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
