"""Source passages: which ones a story cites, their anchor ids, and how to highlight them.

A *source* is any mapping in the story with ``document``, ``start`` and ``end``
(offsets into the text of that document's page). Every source in the story is
collected up front so that the sections that cite a passage and the provenance
section that shows it agree on one anchor id per passage.

Anchor ids are ``p-<document>-<start>-<end>`` with the document id reduced to
``[A-Za-z0-9_-]``; should two documents reduce to the same id, the later
passage gets a ``-2``, ``-3``... suffix.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .values import records, safe_id, text

#: Keys whose values are not walked for sources (their offsets are not citations).
_NOT_CITATIONS = frozenset({"pages", "documents", "blocks"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """A cited stretch of one document's page text that the report can link to."""

    anchor: str
    document: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """How one source is shown where it is cited.

    ``anchor`` is ``None`` when the source cannot be linked (unknown document,
    offsets outside the page text): it is then shown as plain text.
    """

    label: str
    ref: str
    text: str
    anchor: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A stretch of text between two passage boundaries and the passages covering it."""

    start: int
    end: int
    covering: tuple[str, ...]


def _offset(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def iter_sources(story: object) -> Iterator[Mapping[str, Any]]:
    """Every source mapping in ``story``, in document order of the dict, pages and documents excluded."""
    stack: list[object] = [story]
    found: list[Mapping[str, Any]] = []
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            if "document" in node and _offset(node.get("start")) is not None:
                found.append(node)
            stack.extend(value for key, value in reversed(list(node.items())) if key not in _NOT_CITATIONS)
        elif isinstance(node, list):
            stack.extend(reversed(node))
    yield from found


class Passages:
    """The passages a story cites, keyed by (document, start, end).

    Example:
        >>> story = {"pages": [{"id": "pg", "text": "Hello world"}],
        ...          "documents": [{"id": "d1", "page": "pg", "outlet": "Gazette"}],
        ...          "timeline": [{"sources": [{"document": "d1", "start": 0, "end": 5}]}]}
        >>> Passages(story).cite({"document": "d1", "start": 0, "end": 5}).anchor
        'p-d1-0-5'
    """

    def __init__(self, story: Mapping[str, Any]) -> None:
        self.pages: dict[str, str] = {}
        for page in records(story, "pages"):
            self.pages.setdefault(text(page, "id"), text(page, "text"))
        self.documents: dict[str, Mapping[str, Any]] = {}
        for document in records(story, "documents"):
            self.documents.setdefault(text(document, "id"), document)
        self._by_key: dict[tuple[str, int, int], Passage] = {}
        self._taken: set[str] = set()
        for source in iter_sources(story):
            self._register(source)

    def page_text(self, document_id: str) -> str | None:
        """The page text a document's offsets point into, or ``None`` if it is not in the story."""
        document = self.documents.get(document_id)
        if document is None:
            return None
        return self.pages.get(text(document, "page"))

    def _register(self, source: Mapping[str, Any]) -> Passage | None:
        document_id = text(source, "document")
        start, end = _offset(source.get("start")), _offset(source.get("end"))
        page = self.page_text(document_id)
        if page is None or start is None or end is None or not 0 <= start < end <= len(page):
            return None
        key = (document_id, start, end)
        known = self._by_key.get(key)
        if known is not None:
            return known
        anchor = base = f"p-{safe_id(document_id)}-{start}-{end}"
        suffix = 1
        while anchor in self._taken:
            suffix += 1
            anchor = f"{base}-{suffix}"
        self._taken.add(anchor)
        passage = Passage(anchor=anchor, document=document_id, start=start, end=end)
        self._by_key[key] = passage
        return passage

    def cite(self, source: Mapping[str, Any]) -> Citation:
        """How ``source`` is labelled and linked wherever it is cited."""
        document_id = text(source, "document")
        passage = self._register(source)
        document = self.documents.get(document_id)
        label = text(source, "outlet") or text(document, "outlet") or document_id or "source"
        ref = f"{document_id}:{text(source, 'start', '?')}-{text(source, 'end', '?')}"
        quoted = text(source, "text")
        if not quoted and passage is not None:
            quoted = self.pages[text(document, "page")][passage.start : passage.end]
        return Citation(label=label, ref=ref, text=quoted, anchor=None if passage is None else passage.anchor)

    def for_document(self, document_id: str) -> list[Passage]:
        """The linkable passages of one document, by start then longest first."""
        found = [p for p in self._by_key.values() if p.document == document_id]
        return sorted(found, key=lambda p: (p.start, -p.end, p.anchor))


def segments(start: int, end: int, passages: Iterable[Passage]) -> list[Segment]:
    """Split ``[start, end)`` at every passage boundary inside it.

    Overlapping and nested passages become non-overlapping segments, each
    listing every passage that covers it (outermost, i.e. earliest, first).

    Example:
        >>> ps = [Passage(anchor="a", document="d", start=0, end=6),
        ...       Passage(anchor="b", document="d", start=3, end=9)]
        >>> [(s.start, s.end, s.covering) for s in segments(0, 10, ps)]
        [(0, 3, ('a',)), (3, 6, ('a', 'b')), (6, 9, ('b',)), (9, 10, ())]
    """
    inside = [p for p in passages if p.start < end and p.end > start]
    cuts = sorted({start, end} | {max(p.start, start) for p in inside} | {min(p.end, end) for p in inside})
    result = []
    for left, right in itertools.pairwise(cuts):
        covering = tuple(p.anchor for p in inside if p.start <= left and p.end >= right)
        result.append(Segment(start=left, end=right, covering=covering))
    return result
