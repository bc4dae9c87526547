"""Find quote-marked spans in scraped text, tolerating the mess scraped text holds.

Pure text scanning, no parse. Each quote mark is classified by its flanks: a mark with
a word boundary on its left and text on its right opens, the mirror image closes, a mark
inside a word (Anna’s, don't) is an apostrophe. The glyph only decides the family
(double or single) and breaks ties, so „German“, »German«, “English” and 'ASCII' all work,
as do a “ closed by ', a ‘ closed by ‘ and quotes left open at the end of a paragraph.
Two ASCII apostrophes (''like this'') and two backticks (``like this'') are one double mark, as
typewriter-era wire copy and LaTeX-style text write them.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE = frozenset("\"“”„«»‟")
SINGLE = frozenset("'‘’‚‹›‛")
MARKS = DOUBLE | SINGLE
_OPEN_GLYPH = frozenset("“„«‘‚‹‟‛")
_LEFT_BOUNDARY = frozenset("([{—–―-/")
_RIGHT_BOUNDARY = frozenset(".,;:!?)]}—–―-…/")


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkedSpan:
    """A quoted span: ``start``/``end`` cover the inside, ``open_at``/``close_at`` the marks."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # None: the quote was never closed before the paragraph ended
    family: str  # "double" or "single"


def _width(text: str, i: int) -> int:
    """2 for a doubled typewriter mark ('' or ``), else 1."""
    pair = text[i:i + 2]
    return 2 if pair in ("''", "``") else 1


def _role(text: str, i: int, width: int = 1) -> str | None:
    """'open', 'close', 'end' (closes a quote of either family) or None (apostrophe / stray mark) for the
    quote mark at ``i``."""
    ch = text[i]
    if ch == "`":
        return "open" if width == 2 else None
    j = i - 1
    while j >= 0 and text[j] in MARKS:  # look past adjacent marks: ,’” and "'
        j -= 1
    prev = text[j] if j >= 0 else " "
    j = i + width
    while j < len(text) and text[j] in MARKS:
        j += 1
    nxt = text[j] if j < len(text) else " "
    left = prev.isspace() or prev in _LEFT_BOUNDARY
    right = nxt.isspace() or nxt in _RIGHT_BOUNDARY
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    if left and right:
        # a mark standing alone between spaces, unless it opens or closes an elided quote:
        # "“… overall, I think", "” … he delivered", "and so on … ”"
        after = text[i + width:i + width + 5].lstrip()
        before = text[max(0, i - 5):i].rstrip()
        if after.startswith(("…", "...")) and not before.endswith(("…", "...")):
            return "open"
        if before.endswith(("…", "...")) and not after.startswith(("…", "...")):
            return "close"
        return None
    if text[i - 1:i] in (":", ";", ","):  # said:"Yes" / said,'Yes'
        return "open"
    if prev in ".!?…" and nxt.isupper() and (text[i - 1] in MARKS or text[i + width:i + width + 1] in MARKS) \
            and _run_last(text, i, width) not in _CLOSE_GLYPH:
        # marks run together where a space was lost: ‘... end.”‘Next ...’ closes one quote, opens the next
        # (closing whichever quote is open, of either family)
        return "end" if text[i + width:i + width + 1] in MARKS else "open"
    # inside a word: an apostrophe for single marks, else the glyph decides
    if ch in SINGLE and width == 1:
        return None
    return "open" if ch in _OPEN_GLYPH else "close"


#: Glyphs that only close: a run of marks ending in one closes quotes, it opens none ("‘Stop.’”Then").
_CLOSE_GLYPH = frozenset("”’»›")


def _run_last(text: str, i: int, width: int) -> str:
    """The last mark of the run of marks that holds the mark at ``i``."""
    j = i + width
    while j < len(text) and text[j] in MARKS:
        j += 1
    return text[j - 1]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _closes_later(text: str, marks: list, j: int, ascii_open: bool) -> bool:
    """Whether the opener at ``marks[j]`` is closed by its own style and then the outer quote by its own."""
    inner_closed = False
    for at, role, fam, _ in marks[j + 1:]:
        if fam != "double":
            continue
        straight = text[at] == '"'
        if role == "open":
            return False
        if not inner_closed:
            if straight == ascii_open:
                return False
            inner_closed = True
        elif straight == ascii_open:
            return True
    return False


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """All top-level quoted spans in ``text``, in order. Never raises on unbalanced marks."""
    spans: list[MarkedSpan] = []
    for pa, pb in _paragraphs(text):
        marks = []
        i = pa
        while i < pb:
            ch = text[i]
            if ch in MARKS or ch == "`":
                w = _width(text, i)
                role = _role(text, i, w)
                if role is None and (ch in DOUBLE or w == 2) and text[i - 1:i].isspace() \
                        and text[i + w:i + w + 1].isspace() and text[max(0, i - 2):i - 1] in ",.!?":
                    # a mark set apart by spaces after a comma or full stop (‘... to hit, " she said’)
                    # closes the double quote left open before it
                    last = next((m for m in reversed(marks) if m[2] == "double"), None)
                    if last is not None and last[1] == "open":
                        role = "close"
                if role is not None:
                    marks.append((i, role, "double" if ch in DOUBLE or w == 2 else "single", w))
                i += w
                continue
            i += 1
        n = len(marks)
        k = 0
        while k < n:
            i, role, fam, w = marks[k]
            if role != "open":
                k += 1
                continue
            if fam == "single" and not any(r == "end" or r == "close" and f == "single" for _, r, f, _ in marks[k + 1:]):
                k += 1  # a lone opening single mark is more likely an apostrophe ('90s) than a quote
                continue
            # look for the closing mark
            close_k = None
            nested = 0
            same_later = [j for j in range(k + 1, n) if marks[j][2] == fam and marks[j][1] == "close"]
            ascii_open = text[i] == '"'
            same_nested = 0
            for j in range(k + 1, n):
                at, r2, f2, _ = marks[j]
                if r2 == "end":
                    close_k = j
                    break
                if f2 == fam:
                    if same_nested and r2 == "close" and (text[at] == '"') != ascii_open:
                        same_nested -= 1
                        continue
                    if r2 == "close":
                        close_k = j
                        break
                    if fam == "double":
                        if (text[at] == '"') != ascii_open and _closes_later(text, marks, j, ascii_open):
                            # "... the question: “As you know ...?” Forty-three ...": curly marks nested
                            # in straight ones (or the reverse)
                            same_nested += 1
                            continue
                        # a second opener of the same family: the first quote was left open
                        close_k = -j
                        break
                    continue
                # other family: nested quote, or a mismatched closer when ours never comes
                if r2 == "open":
                    nested += 1
                elif nested:
                    nested -= 1
                elif not same_later:
                    close_k = j
                    break
            if close_k is None:
                a, b = _trim(text, i + w, pb)
                if b > a and any(c.isalnum() for c in text[a:b]):
                    spans.append(MarkedSpan(start=a, end=b, open_at=i, close_at=None, family=fam))
                break
            if close_k < 0:  # unclosed, ended by the next opener
                j = -close_k
                a, b = _trim(text, i + w, marks[j][0])
                if b > a and any(c.isalnum() for c in text[a:b]):
                    spans.append(MarkedSpan(start=a, end=b, open_at=i, close_at=None, family=fam))
                k = j
                continue
            j_at = marks[close_k][0]
            a, b = _trim(text, i + w, j_at)
            if b > a and any(c.isalnum() for c in text[a:b]):
                spans.append(MarkedSpan(start=a, end=b, open_at=i, close_at=j_at, family=fam))
            k = close_k + 1
    return spans
