"""Attributions written by layout rather than by a verb: bylines under quotes and speaker labels.

* ``“We are ready.” ― Anna Berg``: a quote followed, to the end of its line, by a dash and a name.
* ``BERG: We are ready.`` / ``Berg: Talks will resume`` (transcripts and headlines): a short name
  label, a colon, and the rest of the line.

Pure text scanning; the caller checks the label against the parse (a name, not a clause).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .marks import MarkedSpan

_BYLINE = re.compile(r"[^\S\n]*[―—–-]{1,2}[^\S\n]*(?P<name>[^\W\d_][^\n]{0,60}?)[^\S\n]*[.,]?[^\S\n]*$", re.M)
_LABEL = re.compile(r"^[^\S\n]*[\"“”']?[^\S\n]*(?P<label>[^\W\d_][^:\n]{0,48}?)[^\S\n]*:[^\S\n]+"
                    r"(?P<rest>\S[^\n]*?)[^\S\n]*$", re.M)
_LABEL_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|of|the|and|de|van|von|al|[A-Z]\.)$")


@dataclass(frozen=True, slots=True)
class LayoutAttribution:
    """Character spans of one layout attribution: who (``speaker``), the mark (``cue``) and what."""

    speaker: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int]


def bylines(text: str, marked: list[MarkedSpan]) -> list[LayoutAttribution]:
    """Quotes followed on their line by a dash and a name: ``“...” ― Anna Berg``."""
    out = []
    for q in marked:
        if q.close_at is None:
            continue
        m = _BYLINE.match(text, q.close_at + 1)
        if m is None:
            continue
        name = m.group("name")
        words = name.split()
        if not 1 <= len(words) <= 6 or not all(w[0].isupper() or w in ("de", "van", "von", "al") for w in words):
            continue
        dash = text.index(next(ch for ch in m.group(0) if ch in "―—–-"), q.close_at + 1)
        out.append(LayoutAttribution(speaker=(m.start("name"), m.end("name")), cue=(dash, dash + 1),
                                     content=(q.start, q.end)))
    return out


def speaker_labels(text: str) -> list[LayoutAttribution]:
    """Lines opening with a short name label and a colon: ``BERG: ...``, ``Berg: ...``."""
    out = []
    for m in _LABEL.finditer(text):
        label = m.group("label")
        words = label.split()
        if not 1 <= len(words) <= 5 or not all(_LABEL_WORD.match(w) for w in words):
            continue
        if len(m.group("rest").split()) < 4:
            continue
        colon = m.end("label") + text[m.end("label"):m.start("rest")].index(":")
        rest_end = m.end("rest")
        out.append(LayoutAttribution(speaker=(m.start("label"), m.end("label")), cue=(colon, colon + 1),
                                     content=(m.start("rest"), rest_end)))
    return out
