"""HTML pages to raw text: trafilatura for the main text, comments and metadata.

The stored raw text of an HTML page is its title, main text and reader comments,
one block per line. ``RawDocument.hints`` says which span is which, so that the
segmenter keeps trafilatura's decisions and only refines them. When trafilatura
finds no main text (a truncated or odd page), the whole visible text is kept
instead and the text segmenter decides on its own.
"""

from __future__ import annotations

import re

from .errors import EmptyInput, MalformedInput
from .records import Metadata, RawDocument

_WS = re.compile(r"[ \t\u00a0]+")
_BLOCK_TAGS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "header",
    "footer", "nav", "aside", "blockquote", "figcaption", "dd", "dt", "pre", "td", "th", "ul", "ol",
    "form", "main", "figure", "table",
}  # fmt: skip


def visible_text(html: str) -> str:
    """The whole visible text of a page, one line per block element."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if isinstance(el.tag, str) and el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (_WS.sub(" ", line).strip() for line in "".join(parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _norm_lines(text: str) -> list[str]:
    return [ln for ln in (_WS.sub(" ", x).strip() for x in text.splitlines()) if ln]


def extract(source: str, html: str, *, meta: Metadata, saved_at: str | None, fmt: str) -> RawDocument:
    """Extract one HTML page into a RawDocument with typed hints."""
    import trafilatura

    if not html.strip():
        raise EmptyInput(source, "the page is empty")
    try:
        doc = trafilatura.bare_extraction(
            html, url=meta.url, with_metadata=True, include_comments=True, include_tables=True
        )
    except (ValueError, TypeError, AttributeError) as exc:  # trafilatura on broken markup
        doc = None
        reason = str(exc)
    else:
        reason = "no main text found"
    title = meta.title
    page_meta = meta
    body_lines: list[str] = []
    comment_lines: list[str] = []
    if doc is not None:
        title = meta.title or (doc.title or None)
        page_meta = Metadata(
            title=title,
            url=meta.url or doc.url or None,
            published=meta.published or doc.date or None,
            outlet=meta.outlet or doc.sitename or doc.hostname or None,
            language=meta.language,
            author=meta.author or doc.author or None,
        )
        body_lines = _norm_lines(doc.text or "")
        comment_lines = _norm_lines(doc.comments or "")
    if not body_lines:
        # Keep everything visible and let the text segmenter judge it.
        text = visible_text(html)
        if not text.strip():
            raise MalformedInput(source, f"no text in the HTML ({reason}; truncated or empty page?)")
        return RawDocument(source=source, format=fmt, text=text, meta=page_meta, html=html, saved_at=saved_at)
    hints: list[tuple[str, int, int]] = []
    out: list[str] = []
    pos = 0

    def add(kind: str, line: str) -> None:
        nonlocal pos
        out.append(line)
        hints.append((kind, pos, pos + len(line)))
        pos += len(line) + 1

    if title:
        add("title", title)
    for line in body_lines:
        if title and not hints[1:] and line.strip() == title.strip():
            continue  # trafilatura repeats the headline as the first line
        add("body", line)
    for line in comment_lines:
        add("comment", line)
    return RawDocument(
        source=source,
        format=fmt,
        text="\n".join(out),
        meta=page_meta,
        html=html,
        saved_at=saved_at,
        hints=tuple(hints),
    )
