"""Cut raw text into units (lines, and the parts of short lines glued together by scrapers)."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .features import _FILE, _PLACEHOLDER

# "5 hours ago", "an hour ago", "vor 5 Stunden", "il y a 2 jours", glued or not to the word before.
TIME_AGO = re.compile(
    r"(?:\d+|an?|one)\s*(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|vor\s+(?:\d+|einer?|einem)\s+(?:Sekunden?|Minuten?|Stunden?|Tagen?|Wochen?|Monaten?|Jahren?)\b"
    r"|il\s+y\s+a\s+(?:\d+|une?)\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)\b",
    re.I,
)
# Does a line hold more than 12 words (as WORD counts them)? Possessive, so a word is never split.
_THIRTEEN_WORDS = re.compile(r"(?:\W*+\w++(?:['’]\w++)?+){13}")
#: A wire dateline opening a paragraph: "ISTANBUL, Aug 21 (Agency) - ", "KYIV (Agency) -- ", "BERLIN, 3 March — ".
WIRE_DATELINE = re.compile(
    r"[A-Z][A-Z'’.\- ]{1,30}[A-Z.](?:/[A-Z][A-Za-z .]{1,20})?"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\.?\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?)?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?:--?|[–—])(?=\s+\S)"
)
CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?", re.I)


class Unit(NamedTuple):
    """A stripped line (or part of one) with its offsets into the raw text.

    A named tuple: a page dump has hundreds of units, and a tuple is built faster than a frozen dataclass.
    """

    start: int
    end: int
    text: str
    line: int  # index of the source line
    hint: str | None = None  # the HTML extractor's kind, when there is one; "dateline" for a wire dateline cut off a paragraph


def _patterns_in(text: str) -> list[re.Pattern[str]]:
    """The splitting patterns that could match: each needs characters most lines lack."""
    found = []
    if "_" in text or "{{" in text or "[[" in text or "%" in text:
        found.append(_PLACEHOLDER)
    low = text.lower()
    if "ago" in low or "vor" in low or ("il" in low and "y" in low):
        found.append(TIME_AGO)
    if ":" in text:
        found.append(CLOCK)
    return found


def _split_short(text: str, start: int, line: int) -> list[Unit]:
    """Split a short line at placeholder tokens, clock times and time-ago phrases."""
    patterns = _patterns_in(text)
    if not patterns or _FILE.match(text):
        return [Unit(start, start + len(text), text, line)]
    cuts: list[tuple[int, int]] = []
    for rx in patterns:
        for m in rx.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in cuts):
                cuts.append((m.start(), m.end()))
    if not cuts:
        return [Unit(start, start + len(text), text, line)]
    cuts.sort()
    rest = "".join(ch for i, ch in enumerate(text) if not any(a <= i < b for a, b in cuts))
    if not any(ch.isalpha() for ch in rest):
        return [Unit(start, start + len(text), text, line)]  # a date-and-time line stays whole
    pieces: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            pieces.append((pos, a))
        pieces.append((a, b))
        pos = b
    if pos < len(text):
        pieces.append((pos, len(text)))
    out = []
    for a, b in pieces:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip(" \t•·|-–—,;"))
        seg2 = seg.strip(" \t•·|-–—,;")
        if seg2:
            s = start + a + lead
            out.append(Unit(s, s + len(seg2), seg2, line))
    return out


def _lines_with_marks(raw: str) -> set[int] | None:
    """The lines of ``raw`` for which ``_patterns_in`` finds a pattern to try, looked for in the whole text
    at once; None when lower-casing changes the text's length (then each line is asked).

    Most lines hold no underscore, percent sign, colon, double bracket, "ago", "vor" or "il" (with a "y"):
    they are one unit each.
    """
    low = raw.lower()
    if len(low) != len(raw):
        return None
    found: set[int] = set()
    for k, mark in _MARKS:
        text = low if k else raw
        line = prev = 0
        at = text.find(mark)
        while at >= 0:
            line += text.count("\n", prev, at)
            end = text.find("\n", at)
            if end < 0:
                end = len(text)
            # "il" counts only with a "y" on the same line
            if mark != "il" or "y" in low[text.rfind("\n", 0, at) + 1 : end]:
                found.add(line)
            prev = at
            at = text.find(mark, end)
    return found


#: What ``_patterns_in`` looks for, in the text (0) and in the lower-cased text (1).
_MARKS = tuple((k, m) for k, marks in enumerate((("_", "%", ":", "{{", "[["), ("ago", "vor", "il"))) for m in marks)


#: ``Unit(...)`` without a Python call per line.
_new_unit = functools.partial(tuple.__new__, Unit)


def units(raw: str, hints: tuple[tuple[str, int, int], ...] = ()) -> list[Unit]:
    """The units of a page: one per non-empty line; short lines split where scrapers glued parts."""
    out: list[Unit] = []
    pos = 0
    lines = raw.split("\n")
    if hints:
        hint_at = {a: k for k, a, _ in hints}
        for i, line in enumerate(lines):
            stripped = line.strip()
            if stripped:
                s = pos + (len(line) - len(line.lstrip()))
                out.append(Unit(s, s + len(stripped), stripped, i, hint_at.get(pos) or hint_at.get(s)))
            pos += len(line) + 1
        return out
    marked = _lines_with_marks(raw)
    append = out.append
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped:
            s = pos if line[0] == stripped[0] else pos + (len(line) - len(line.lstrip()))
            if (marked is None or i in marked) and (len(stripped) < 25 or not _THIRTEEN_WORDS.match(stripped)):
                out.extend(_split_short(stripped, s, i))  # 13 words take 25 characters
            elif (
                stripped[1:2].isupper() and (m := WIRE_DATELINE.match(stripped)) and len(stripped) - m.end() > 40
                and ((rest := stripped[m.end() :].lstrip())[:1].isupper() or rest[:1] in "\"“‘'«„")
            ):  # fmt: skip
                # a paragraph opened by a wire dateline: the dateline is a unit of its own
                append(_new_unit((s, s + m.end(), stripped[: m.end()], i, "dateline")))
                r = s + len(stripped) - len(rest)
                append(_new_unit((r, r + len(rest), rest, i, None)))
            else:  # a long line, or one without anything to split at: one unit
                append(_new_unit((s, s + len(stripped), stripped, i, None)))
        pos += len(line) + 1
    return out
