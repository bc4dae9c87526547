"""The text a document is analysed on, and the way back to the stored raw text.

A document's clean body is a sequence of blocks (standfirst, sub-headings, body
paragraphs) scattered over its page's raw text. The analysers see those blocks
joined by blank lines; :class:`AnalysedText` maps every offset they return back
into the raw text, so that each mention and quote can be highlighted in place.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class AnalysedText:
    """Blocks of one document joined into one string, with the map back to the raw text.

    Example:
        >>> t = AnalysedText.from_blocks("Title\\nFirst para.\\nSecond.", [(6, 17), (18, 25)])
        >>> t.text
        'First para.\\n\\nSecond.'
        >>> t.to_raw(13, 20)
        (18, 25)
    """

    text: str
    #: Where each piece starts in ``text`` and in the raw text, and its length.
    starts: tuple[int, ...]
    raw_starts: tuple[int, ...]
    lengths: tuple[int, ...]

    @classmethod
    def from_blocks(cls, raw: str, spans: Iterable[tuple[int, int]]) -> AnalysedText:
        parts: list[str] = []
        starts: list[int] = []
        raw_starts: list[int] = []
        lengths: list[int] = []
        at = 0
        for a, b in spans:
            piece = raw[a:b]
            if not piece.strip():
                continue
            if parts:
                parts.append(SEPARATOR)
                at += len(SEPARATOR)
            parts.append(piece)
            starts.append(at)
            raw_starts.append(a)
            lengths.append(len(piece))
            at += len(piece)
        return cls("".join(parts), tuple(starts), tuple(raw_starts), tuple(lengths))

    def raw_offset(self, pos: int, *, end: bool = False) -> int:
        """The raw-text offset of analysed offset ``pos`` (an exclusive end when ``end``)."""
        if not self.starts:
            return pos
        probe = pos - 1 if end and pos > 0 else pos
        i = max(0, bisect.bisect_right(self.starts, probe) - 1)
        inside = min(max(pos - self.starts[i], 0), self.lengths[i])
        return self.raw_starts[i] + inside

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map an analysed span to its raw-text span."""
        return self.raw_offset(start), self.raw_offset(end, end=True)

    def piece_of(self, pos: int) -> int:
        """Index of the block that analysed offset ``pos`` falls in."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1)
