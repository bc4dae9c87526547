"""The rule grammar behind :func:`storyline.timex.find_times`.

Each rule is a regular expression plus a resolver. :func:`candidates` runs every rule
over the text, keeps the longest non-overlapping matches, merges a day next to a clock
time into one TIME, and returns them in text order; the caller resolves them in that
order against a :class:`Context` (anchor date, last day mentioned).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from storyline.timex.lexicon import (
    MON_ANY,
    MON_FULL,
    NUM,
    NUMW,
    TZ,
    UNIT,
    WD_ANY,
    YEAR,
)
from storyline.timex.resolve import (
    Candidate,
    Context,
    Resolved,
    h_adj_duration,
    h_ago,
    h_clock,
    h_dayword,
    h_decade,
    h_duration,
    h_full_date,
    h_holiday,
    h_iso,
    h_merged,
    h_month,
    h_month_year,
    h_quarter,
    h_range_years,
    h_rel_period,
    h_season,
    h_set,
    h_short_year,
    h_slash,
    h_the_day,
    h_vague,
    h_vague_plural,
    h_weekday,
    h_year,
    h_year_offset,
)


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
        r"(?:\b(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of|end of|"
        r"beginning of|start of|the first half of|the second half of|the turn of))[\s-]+)?"
        r"(?:\b(?P<fy>(?i:fiscal|FY|financial year))\s*)?(?<![\w$€£#@/.:,])(?<!\d-)(?P<year>(?:19|20)\d{2})"
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
        r"(?P<unit>(?i:days|weeks|months|years|decades)))\b"), h_vague_plural, 2),
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
