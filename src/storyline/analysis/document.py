"""Per-document analysis: mentions, quotes, time expressions and the document's own time.

A functional core: the caller hands over the raw text and the spans of the
document's blocks; everything returned points into that raw text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from ..quotes import Quote, extract_quotes
from ..timex import (
    PublicationTime,
    TimeExpression,
    date_in_name,
    find_times,
    infer_document_time,
    publication_time,
)
from .mentions import Mention, find_mentions
from .text import AnalysedText

#: A relative "N hours ago" read against a file's time loses to the dates the text itself
#: mentions when they lie this far apart: the file was copied long after it was saved.
STALE_SAVED_DAYS = 60
#: Relative expressions ("on Friday") are resolved only against a document time at least this sure.
ANCHOR_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInput:
    """What the analysis of one document needs from the store."""

    id: str
    raw_text: str
    #: (start, end) raw-text spans of the body blocks, in reading order.
    body: tuple[tuple[int, int], ...]
    #: (start, end) raw-text span of the title block, if the page has one for this document.
    title: tuple[int, int] | None = None
    published: str | None = None
    saved_at: str | None = None
    language: str | None = None
    #: Whether the page's own header (its first lines) belongs to this document.
    page_head: bool = True
    #: The page's URL and the path it was read from: either may carry its date.
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentAnalysis:
    """Everything found in one document; all offsets point into the page's raw text."""

    id: str
    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    times: tuple[TimeExpression, ...]
    time: PublicationTime | None


def _shift_mention(m: Mention, t: AnalysedText, base: int = 0) -> Mention:
    a, b = t.to_raw(m.start - base, m.end - base)
    ra = rb = None
    if m.role_start is not None and m.role_end is not None:
        ra, rb = t.to_raw(m.role_start - base, m.role_end - base)
    return replace(m, start=a, end=b, role_start=ra, role_end=rb)


def _shift_quote(q: Quote, t: AnalysedText) -> Quote:
    def mv(x: int | None, *, end: bool = False) -> int | None:
        return None if x is None else t.raw_offset(x, end=end)

    return replace(
        q, start=t.raw_offset(q.start), end=t.raw_offset(q.end, end=True),
        speaker_start=mv(q.speaker_start), speaker_end=mv(q.speaker_end, end=True),
        cue_start=mv(q.cue_start), cue_end=mv(q.cue_end, end=True),
    )  # fmt: skip


def _shift_time(x: TimeExpression, t: AnalysedText) -> TimeExpression:
    a, b = t.to_raw(x.start, x.end)
    return replace(x, start=a, end=b)


def _as_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date() if len(value) >= 10 else None
    except ValueError:
        return None


def document_time(
    doc: DocumentInput, mentioned: Sequence[TimeExpression], text: str | None = None
) -> PublicationTime | None:
    """The document's time: metadata, the page header, a date in its URL or file name, or inferred
    from the dates it mentions.

    Relative "5 hours ago" headers are read against the file's saved time; when the
    dates the text mentions put it far earlier (a copied file's time is not when the
    page was saved), the inferred time wins and the evidence says why.
    """
    head = doc.raw_text if doc.page_head else ""
    found = publication_time(head, metadata_date=doc.published, saved_at=doc.saved_at, prose=doc.body,
                             lang=doc.language)
    named = next((t for t in (date_in_name(n, saved_at=doc.saved_at) for n in doc.names) if t is not None), None)
    if named is not None and (found is None or found.confidence < named.confidence):
        return named
    inferred = infer_document_time(list(mentioned), saved_at=None, text=text)
    if inferred is not None and len(inferred.value) < 7:
        inferred = None  # a year alone ("signed in 2014") is background, not when the text was written
    if found is None:
        return inferred
    if found.evidence != "metadata" and found.confidence <= 0.5 and inferred is not None:
        day, until = _as_day(found.value), _as_day(inferred.until)
        if day and until and day - until > timedelta(days=STALE_SAVED_DAYS):
            return replace(inferred, evidence=f"{inferred.evidence}; {found.evidence!r} against the file time "
                           f"gives {found.value}, too late for the dates the text mentions")
    return found


#: spaCy's parser and tagger need about 1 GB of memory per 100,000 characters (and refuse a text of more
#: than a million): a longer body is analysed in pieces of whole blocks, each at most this long.
PIECE_CHARS = 100_000


def pieces(d: DocumentInput, size: int | None = None) -> list[DocumentInput]:
    """``d`` as one or more inputs of the same id whose bodies hold at most ``size`` (PIECE_CHARS) characters:
    whole blocks, in order (a block longer than that is cut). Only the first keeps the title and the page's header."""
    size = size or PIECE_CHARS
    if sum(b - a for a, b in d.body) <= size:
        return [d]
    groups: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    used = 0
    for a, b in d.body:
        while b - a > size:  # a block longer than a piece: cut
            if cur:
                groups.append(cur)
                cur, used = [], 0
            groups.append([(a, a + size)])
            a += size
        if cur and used + (b - a) > size:
            groups.append(cur)
            cur, used = [], 0
        cur.append((a, b))
        used += b - a
    if cur:
        groups.append(cur)
    return [replace(d, body=tuple(g)) if k == 0 else replace(d, body=tuple(g), title=None, page_head=False)
            for k, g in enumerate(groups)]


def analyse_documents(docs: Iterable[DocumentInput], nlp: Any, *, batch_size: int = 16) -> Iterator[DocumentAnalysis]:
    """Analyse documents with a loaded spaCy pipeline, yielding one result per document.

    Quotes are looked for in the body only: a headline's scare quotes never get a speaker.
    Mentions come from the title too. A body longer than PIECE_CHARS is analysed in pieces (see
    ``pieces``); their findings are joined, and the document's time is the first piece's.
    """
    parts = [piece for d in docs for piece in pieces(d)]
    current: DocumentAnalysis | None = None
    for part in _analyse_pieces(parts, nlp, batch_size=batch_size):
        if current is not None and part.id == current.id:
            current = replace(current, mentions=current.mentions + part.mentions, quotes=current.quotes + part.quotes,
                              times=current.times + part.times)
            continue
        if current is not None:
            yield current
        current = part
    if current is not None:
        yield current


def _analyse_pieces(docs: Sequence[DocumentInput], nlp: Any, *, batch_size: int) -> Iterator[DocumentAnalysis]:
    """``analyse_documents`` of inputs short enough for the parser; a later piece of a document reads
    its relative dates against the time found in the document's first piece."""
    items = [(d, AnalysedText.from_blocks(d.raw_text, d.body)) for d in docs]
    titles = [d.raw_text[d.title[0] : d.title[1]] if d.title else "" for d, _ in items]
    bodies = (t.text for _, t in items)
    title_docs = nlp.pipe(titles, batch_size=batch_size * 4)
    first_time: tuple[str, PublicationTime | None] | None = None
    for (d, t), parsed, tdoc in zip(items, nlp.pipe(bodies, batch_size=batch_size), title_docs, strict=True):
        mentions = [_shift_mention(m, t) for m in find_mentions(parsed)]
        if d.title and tdoc.text.strip():
            title_text = AnalysedText.from_blocks(d.raw_text, [d.title])
            mentions = [_shift_mention(m, title_text) for m in find_mentions(tdoc)] + mentions
        quotes = [_shift_quote(q, t) for q in extract_quotes(t.text, parsed)]
        lang = (d.language or "en").lower()
        unanchored = find_times(t.text, anchor=None, lang=lang)
        if first_time is not None and first_time[0] == d.id:
            when = first_time[1]  # a later piece of the same document
        else:
            when = document_time(d, unanchored, t.text)
            if when is not None and when.inferred and when.start is not None and when.end is not None:
                a, b = t.to_raw(when.start, when.end)
                when = replace(when, start=a, end=b)
            first_time = (d.id, when)
        # a weak document time (a relative "5 hours ago" read against a file's time) is kept
        # and shown, but the text's own relative dates are not resolved against it
        anchor = when.value if when is not None and when.confidence >= ANCHOR_CONFIDENCE else None
        try:
            times = find_times(t.text, anchor=anchor, lang=lang) if anchor else unanchored
        except ValueError:
            times = unanchored
        yield DocumentAnalysis(
            id=d.id,
            mentions=tuple(mentions),
            quotes=tuple(quotes),
            times=tuple(_shift_time(x, t) for x in times),
            time=when,
        )
