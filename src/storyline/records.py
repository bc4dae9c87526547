"""Typed records that flow between storyline's stages.

Every record is a frozen, slotted, keyword-only dataclass. Offsets are character
offsets into the stored raw text of the page a record came from, so that any
item can be traced back to (and highlighted in) its source passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block of a scraped page is."""

    TITLE = "title"
    STANDFIRST = "standfirst"
    BYLINE = "byline"
    DATELINE = "dateline"
    CAPTION = "caption"
    IMAGE = "image"
    SUBHEADING = "subheading"
    BODY = "body"
    BOILERPLATE = "boilerplate"
    COMMENT = "comment"
    RELATED = "related"


#: Blocks whose text makes up the clean article body.
TEXT_KINDS = frozenset({BlockKind.STANDFIRST, BlockKind.SUBHEADING, BlockKind.BODY})


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """What the input itself says about an article (sidecar, JSON line, HTML head, feed entry)."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """One page as read from an input, before segmentation.

    ``text`` is the raw text that is stored and that all offsets point into.
    For HTML inputs ``html`` keeps the markup the text was extracted from.
    """

    source: str
    format: str
    text: str
    meta: Metadata = field(default_factory=Metadata)
    html: str | None = None
    saved_at: str | None = None
    #: For HTML: the extractor's own typing of the text, as (kind, start, end) triples.
    hints: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A typed span of a page's raw text."""

    kind: BlockKind
    start: int
    end: int
    text: str
    reason: str = ""
    #: 0 for the page's main article, 1.. for related articles glued below it.
    section: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One article found on a page: the main one (section 0) or a related one."""

    section: int
    kind: str  # "article" or "related"
    title: str | None
    text: str
    blocks: tuple[Block, ...]
    comments: tuple[str, ...] = ()
    byline: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Segmentation:
    """A page cut into typed blocks and the articles they form."""

    blocks: tuple[Block, ...]
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A stored article, as ``storyline docs`` shows it."""

    id: str
    page: str
    source: str
    kind: str
    parent: str | None
    title: str | None
    outlet: str | None
    language: str | None
    published: str | None
    url: str | None
    author: str | None
    words: int
    text: str
    comments: tuple[str, ...]
    duplicate_of: str | None
    section: int = 0
