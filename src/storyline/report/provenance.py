"""The provenance section: every document's text with each cited passage highlighted.

Passages can overlap or nest (a quote inside a summary sentence), so a
block's text is cut at every passage boundary and each piece is wrapped in one
``<mark>`` whose depth says how many passages cover it. The first piece of
each passage carries its anchor id; when several passages start at the same
place, the others get empty ``<span id>`` anchors there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import dates
from .context import Context
from .passages import Passage, segments
from .values import CONTENT_KINDS, esc, flag, number, records, text


def _offsets(block: Mapping[str, Any], length: int) -> tuple[int, int] | None:
    start, end = block.get("start"), block.get("end")
    if (
        isinstance(start, bool)
        or isinstance(end, bool)
        or not isinstance(start, int)
        or not isinstance(end, int)
    ):
        return None
    start, end = max(start, 0), min(end, length)
    return (start, end) if start < end else None


def highlight(page: str, start: int, end: int, passages: Sequence[Passage], placed: set[str]) -> str:
    """``page[start:end]`` escaped, with ``passages`` marked; anchors not yet in ``placed`` are set here.

    Example:
        >>> ps = [Passage(anchor="p-a", document="d", start=0, end=5),
        ...       Passage(anchor="p-b", document="d", start=0, end=2)]
        >>> highlight("Hello!", 0, 6, ps, set())
        '<mark id="p-a" class="d2"><span class="anchor" id="p-b"></span>He</mark><mark class="d1">llo</mark>!'
    """
    out = []
    for segment in segments(start, end, passages):
        words = esc(page[segment.start : segment.end])
        if not segment.covering:
            out.append(words)
            continue
        new = [anchor for anchor in segment.covering if anchor not in placed]
        placed.update(new)
        depth = min(len(segment.covering), 3)
        own_id = f' id="{new[0]}"' if new else ""
        extra = "".join(f'<span class="anchor" id="{anchor}"></span>' for anchor in new[1:])
        out.append(f'<mark{own_id} class="d{depth}">{extra}{words}</mark>')
    return "".join(out)


def _meta(ctx: Context, document: Mapping[str, Any]) -> str:
    rows: list[tuple[str, str]] = []
    if text(document, "outlet"):
        rows.append(("Outlet", esc(text(document, "outlet"))))
    if text(document, "published"):
        published = esc(dates.human(document.get("published")))
        confidence = number(document, "published_confidence")
        notes = []
        if flag(document, "published_inferred"):
            notes.append("inferred")
        if confidence is not None:
            notes.append(f"confidence {confidence:.2f}")
        if notes:
            published += f' <span class="muted">({esc(", ".join(notes))})</span>'
        if text(document, "published_evidence"):
            published += f' <span class="evidence">“{esc(text(document, "published_evidence"))}”</span>'
        rows.append(("Published", published))
    if text(document, "language"):
        rows.append(("Language", esc(text(document, "language"))))
    if text(document, "event"):
        rows.append(("Event", ctx.event_link(text(document, "event"))))
    if text(document, "duplicate_of"):
        rows.append(("Duplicate of", ctx.document_link(text(document, "duplicate_of"))))
    if text(document, "parent"):
        rows.append(("Part of", ctx.document_link(text(document, "parent"))))
    if text(document, "url"):
        # Shown, never linked: the report must not reach out to the network.
        rows.append(("URL", f'<code class="url">{esc(text(document, "url"))}</code>'))
    if text(document, "source"):
        rows.append(("File", f"<code>{esc(text(document, 'source'))}</code>"))
    rows.append(("Id", f"<code>{esc(text(document, 'id'))}</code>"))
    return '<dl class="doc-meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _document(ctx: Context, document: Mapping[str, Any], placed: set[str]) -> str:
    document_id = text(document, "id")
    anchor = ctx.anchors.claim("d", document_id)
    title = text(document, "title") or "Untitled document"
    parts = [f'<article class="doc" id="{anchor}"><h3>{esc(title)}</h3>', _meta(ctx, document)]
    page = ctx.passages.page_text(document_id)
    passages = ctx.passages.for_document(document_id)
    if page is None:
        parts.append('<p class="empty">The page text of this document is not in the story.</p></article>')
        return "".join(parts)
    parts.append('<div class="doc-text">')
    for block in records(document, "blocks"):
        span = _offsets(block, len(page))
        if span is None:
            continue
        kind = text(block, "kind") or "unknown"
        inside = [p for p in passages if p.start < span[1] and p.end > span[0]]
        body = highlight(page, span[0], span[1], inside, placed)
        if kind in CONTENT_KINDS:
            parts.append(f'<div class="block k-{kind}">{body}</div>')
        else:
            opened = " open" if inside else ""
            parts.append(
                f'<details class="block aside"{opened}><summary>{esc(kind)} · set aside · '
                f"{span[1] - span[0]} characters</summary><div>{body}</div></details>"
            )
    parts.append("</div>")
    # ``placed`` spans the whole section: a document listed twice carries its anchors only once.
    outside = [p for p in passages if p.anchor not in placed]
    if outside:
        parts.append(
            '<div class="outside"><p class="label">Cited passages outside this document\'s blocks</p>'
        )
        parts.extend(f"<p>{highlight(page, p.start, p.end, [p], placed)}</p>" for p in outside)
        parts.append("</div>")
    parts.append("</article>")
    return "".join(parts)


def provenance(ctx: Context) -> str:
    """Every document: its metadata and its text, cited passages highlighted, set-aside blocks muted."""
    parts = [
        '<section id="sec-sources"><h2>Sources</h2>',
        (
            '<p class="intro">Each document as scraped. <mark class="d1">Highlighted</mark> passages are the '
            "ones this report cites (darker where citations overlap); blocks that are not part of the article "
            "(boilerplate, comments, related links, images) are folded away.</p>"
        ),
    ]
    documents = records(ctx.story, "documents")
    if not documents:
        parts.append('<p class="empty">No documents.</p>')
    placed: set[str] = set()
    parts.extend(_document(ctx, document, placed) for document in documents)
    parts.append("</section>")
    return "".join(parts)
