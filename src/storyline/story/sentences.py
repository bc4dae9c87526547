"""Sentences of a document's body, with offsets into the page's raw text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

def content_stems(text: str, stop: frozenset[str]) -> set[str]:
    """The lower-case words of a sentence not in ``stop``, cut to five letters ("negotiating" and
    "negotiator", "ministers" and "minister" meet); names are left out: two sentences about the same
    people share them whatever they say."""
    return {w[:5] for w in re.findall(r"\b[a-z][a-z’'-]{3,}", text) if w not in stop}


_END = re.compile(r"(?<=[.!?…])[\"'”’»]*\s+(?=[\"'“‘«„(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """One sentence of one document."""

    document: str
    start: int
    end: int
    text: str


def split_sentences(document: str, raw: str, spans: Iterable[tuple[int, int]]) -> list[Sentence]:
    """Cut each body block into sentences at end punctuation followed by a capital.

    Example:
        >>> [s.text for s in split_sentences("d", "One. Two here.", [(0, 14)])]
        ['One.', 'Two here.']
    """
    out: list[Sentence] = []
    for a, b in spans:
        block = raw[a:b]
        at = 0
        for m in _END.finditer(block):
            piece = block[at : m.start()].strip()
            if piece:
                s = a + block.index(piece, at)
                out.append(Sentence(document=document, start=s, end=s + len(piece), text=piece))
            at = m.end()
        piece = block[at:].strip()
        if piece:
            s = a + block.index(piece, at)
            out.append(Sentence(document=document, start=s, end=s + len(piece), text=piece))
    return out
