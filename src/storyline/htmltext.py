"""HTML pages to raw text: trafilatura for the main text, comments and metadata.

The stored raw text of an HTML page is its title, main text, the headlines of the other
articles it links to in lists (related-article teasers) and its reader comments, one block
per line. ``RawDocument.hints`` says which span is which, so that the segmenter keeps
trafilatura's decisions and only refines them. When trafilatura finds no main text (a
truncated or odd page), the whole visible text is kept instead and the text segmenter
decides on its own.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

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


def _paragraph_text(el: object) -> str:
    return _WS.sub(" ", el.text_content()).strip()  # type: ignore[attr-defined]


def _boxed(p: object, block: object) -> bool:
    """Is paragraph ``p`` inside a box (aside, figure, quote) within ``block``?"""
    for a in p.iterancestors():  # type: ignore[attr-defined]
        if a is block:
            return False
        if a.tag in ("aside", "figure", "blockquote"):
            return True
    return False


def _continuation(tree: object, body: list[str]) -> list[str]:
    """Paragraphs of an article body split over several containers of the same class.

    Pages break a long article into blocks with an advertisement or a pull-quote box
    between them; every block is the same element with the same class. trafilatura
    keeps the first block, so later blocks of that class are read here, paragraph by
    paragraph, skipping boxes inside them (asides, figures) and paragraphs already kept.
    """
    last = body[-1]
    found = tree.xpath("//p[contains(normalize-space(.), $probe)]", probe=last[:40])  # type: ignore[attr-defined]
    anchor = next((p for p in found if _paragraph_text(p) == last), None)
    if anchor is None:
        return []
    box = anchor.getparent()
    cls = box.get("class") if box is not None else None
    if not cls or len(cls.split()) < 2:
        return []  # a bare or one-word class is too common to mark one article's blocks
    same = [el for el in tree.iter(box.tag) if el.get("class") == cls]  # type: ignore[attr-defined]
    if len(same) < 2:
        return []
    kept = set(body)
    extra: list[str] = []
    for el in same[same.index(box) + 1 :]:
        for p in el.iter("p"):
            if _boxed(p, el):
                continue
            text = _paragraph_text(p)
            if text and text not in kept:
                kept.add(text)
                extra.append(text)
    if not any(len(x.split()) >= 20 for x in extra):
        return []
    return extra


#: Text blocks above the first kept paragraph that are looked at for the article's lead, and the
#: paragraphs a lead has at most.
LEAD_LOOKBACK = 8
LEAD_MAX = 3
#: Blocks looked at in all, those set apart included.
LEAD_WALK = 40
#: The polite "you" of German, capitalised inside a sentence: a notice or a question to the reader.
_FORMAL_YOU = re.compile(r"(?<![.!?:»«\"„“]\s)(?<!^)\b(?:Sie|Ihnen|Ihre?[mnrs]?)\b")
#: A breadcrumb trail: parts apart by a separator set off by spaces, twice.
_TRAIL = re.compile(r"\s[»›>|/]\s.*\s[»›>|/]\s")
#: Elements whose text is not an article's lead (pictures and their captions, boxes, navigation, forms).
_APART = frozenset({"figure", "figcaption", "picture", "aside", "nav", "footer", "form", "button", "label",
                    "select", "blockquote", "table", "ul", "ol", "time", "address"})  # fmt: skip
#: ... and elements whose class or id names such a part (an author's box, a caption, sharing buttons).
_APART_NAME = re.compile(r"author|byline|\bbio|profile|caption|credit|share|social|newsletter|promo|advert|sponsor", re.I)


def _set_apart(node: object) -> bool:
    tag = node.tag.lower() if isinstance(node.tag, str) else ""  # type: ignore[attr-defined]
    if tag in _APART:
        return True
    names = f"{node.get('class') or ''} {node.get('id') or ''}"  # type: ignore[attr-defined]
    return bool(names.strip()) and bool(_APART_NAME.search(names))


def _lead(tree: object, title: str | None, body: list[str]) -> list[str]:
    """Sentences between the headline and the first paragraph trafilatura kept: the article's lead.

    A standfirst in an element of its own (a teaser, an intro) is often left out by trafilatura.
    At most LEAD_LOOKBACK text blocks are read back from the first kept paragraph, up to the
    headline; a block is taken when it is prose as the line model sees it (whole sentences of
    ordinary length, no link, not addressing the reader), neither a date, a credit nor the
    text of a picture, caption, box, list, navigation or form.
    """
    from .segment.core import _BYLINE_LEAD, _CREDIT, _prose, line_key
    from .segment.features import features_all

    headline = " ".join(title.split()) if title else None
    head_key = line_key(headline) if headline else ""
    first = next((x for x in body if len(x.split()) >= 5 and not (headline and x in headline)), None)
    if first is None:
        return []
    found = tree.xpath("//p[starts-with(normalize-space(.), $probe)]", probe=first[:40])  # type: ignore[attr-defined]
    anchor = next((p for p in found if _paragraph_text(p) == first), found[0] if found else None)
    if anchor is None:  # a paragraph that is not a <p>: the element whose own first text it is
        found = tree.xpath("//*[self::div or self::section or self::span][starts-with(normalize-space(text()), $probe)]",
                           probe=first[:40])  # type: ignore[attr-defined]
        anchor = found[0] if found else None
    if anchor is None:
        return []
    kept = set(body)
    before: list[str] = []
    for walked, text in enumerate(_blocks_before(anchor)):
        if text is None or walked >= LEAD_WALK:
            break  # the headline, the top of the page, or far enough
        if not text:
            continue  # a block set apart: skipped, not counted
        key = line_key(text)
        if key and head_key and ((len(text) >= 20 and key in head_key) or (head_key.count(" ") >= 3 and head_key in key)):
            break  # the headline (or a line holding it)
        before.append(text)
        if len(before) >= LEAD_LOOKBACK:
            break
    lead: list[str] = []
    before = [text for text in before if text not in kept and len(text.split()) >= 8]
    for text, f in zip(before, features_all(before), strict=True):
        if (
            text not in kept and _prose(f) and not (f.has_date and f.words <= 15)
            and "©" not in text and not _CREDIT.search(text) and not _BYLINE_LEAD.match(text)
            and not _TRAIL.search(text) and not _FORMAL_YOU.search(text)
        ):  # fmt: skip
            kept.add(text)
            lead.append(text)
    return lead[::-1][-LEAD_MAX:]


def _blocks_before(anchor: object) -> Iterator[str | None]:
    """The text blocks above ``anchor``, nearest first: their text ("" for a block set apart), then
    None at a headline (an h1) or once the page's top is reached."""
    el = anchor
    while el is not None and el.tag != "body":  # type: ignore[attr-defined]
        for sib in el.itersiblings(preceding=True):  # type: ignore[attr-defined]
            if not isinstance(sib.tag, str):
                continue
            if sib.tag == "h1" or sib.find(".//h1") is not None:
                if sib.tag != "h1":  # the headline is inside: the blocks below it, then stop
                    yield from reversed(_lines_of(sib, after_h1=True))
                yield None
                return
            yield from reversed(_lines_of(sib))
        el = el.getparent()  # type: ignore[attr-defined]
    yield None


def _lines_of(el: object, *, after_h1: bool = False) -> list[str]:
    """The text blocks of ``el`` in order ("" for a block set apart); with ``after_h1``, only those
    after its h1."""
    lines: list[str] = []
    parts: list[str] = []
    started = not after_h1

    def flush() -> None:
        text = " ".join("".join(parts).split())
        parts.clear()
        if text and started:
            lines.append(text)

    def walk(node: object, apart: bool) -> None:
        nonlocal started
        if not isinstance(node.tag, str):  # type: ignore[attr-defined]
            if not apart and node.tail:  # a comment or processing instruction: only its tail is text
                parts.append(node.tail)  # type: ignore[attr-defined]
            return
        tag = node.tag.lower()  # type: ignore[attr-defined]
        if tag in ("script", "style", "noscript", "template", "svg"):
            if not apart and node.tail:  # type: ignore[attr-defined]
                parts.append(node.tail)  # type: ignore[attr-defined]
            return
        if tag == "h1":
            flush()
            started = True
            return
        here = not apart and _set_apart(node)
        inner = apart or here
        if here:
            flush()
            if started:
                lines.append("")
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if not inner and node.text:  # type: ignore[attr-defined]
            parts.append(node.text)  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child, inner)
        if block:
            flush()
        if not apart and node.tail:  # type: ignore[attr-defined]
            parts.append(node.tail)  # type: ignore[attr-defined]

    walk(el, False)
    flush()
    return lines


#: Where a page's menus and site links live: a link there is no teaser of another article.
_CHROME = frozenset({"nav", "header", "footer", "menu"})
#: What holds a list of teasers: a link's nearest one of these is its box.
_TEASER_BOX = frozenset({"ul", "ol", "section", "aside"})


@functools.cache
def _long_links() -> Any:
    """An XPath of the links whose text holds at least 7 characters (four words need as many), run by libxml2."""
    from lxml import etree

    return etree.XPath("//a[@href][string-length(normalize-space(.)) > 6]")


def _teasers(tree: object, body_lines: list[str], title: str | None) -> list[str]:
    """Headlines of other articles the page links to ("Read next", "More on this story"), in page order:
    link texts of 4 to 25 words that do not end like a sentence or a label, at least two in one list
    or box, outside the page's menus, header and footer, and not part of the main text."""
    body = "\n".join(body_lines)
    boxes: dict[object, list[str]] = {}
    for a in _long_links()(tree):
        href = a.get("href") or ""
        if href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = " ".join(a.text_content().split())
        if not 4 <= text.count(" ") + 1 <= 25 or text[-1] in ".:;,|" or text in body or text == title:
            continue
        box = None
        for anc in a.iterancestors():
            if anc.tag in _CHROME:
                break
            if box is None and anc.tag in _TEASER_BOX:
                box = anc
        else:
            if box is not None:
                boxes.setdefault(box, []).append(text)
    out = [text for texts in boxes.values() if len(texts) >= 2 for text in texts]
    return list(dict.fromkeys(out))


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from courlan import extract_domain

    return extract_domain(url, fast=True)


def _norm_lines(text: str) -> list[str]:
    return [ln for ln in (_WS.sub(" ", x).strip() for x in text.splitlines()) if ln]


def _page_metadata(tree: object, url: str | None) -> dict[str, str | None]:
    """Title, canonical URL, date, site name and author of a page, from its markup.

    trafilatura's own metadata pass, minus what storyline does not keep (categories,
    tags, licence) and minus its costliest searches: the author is read from meta tags
    and JSON-LD only (the fallback XPath search through the page copies the tree and
    took about 6 ms a page), and the date comes from the markup (meta tags, JSON-LD,
    time elements, the URL), not from a scan of the whole text: that scan parses free
    text with dateparser, about 5 ms a page on a multilingual crawl, for the one page in
    ten whose markup has no date.
    """
    from htmldate import find_date
    from trafilatura import metadata as tm
    from trafilatura.settings import set_date_params

    meta = tm.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a single token is a handle, not a name (as trafilatura does)
    try:
        meta = tm.extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD code is not robust against every page
        pass
    if not meta.title:
        meta.title = tm.extract_title(tree)
    if not meta.url:
        meta.url = tm.extract_url(tree, url)
    meta.date = find_date(tree, **{**set_date_params(False), "url": meta.url})
    if not meta.sitename:
        meta.sitename = tm.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url:
        m = tm.META_URL.match(meta.url)
        meta.sitename = m[1] if m else None
    meta.clean_and_trim()
    return {"title": meta.title, "url": meta.url, "date": meta.date, "sitename": meta.sitename, "author": meta.author}


def preload() -> None:
    """Load what extraction needs (before worker processes are forked, so that they share it).

    Besides the imports: trafilatura's jusText fallback builds one stop-word list of all
    languages the first time a page needs it (about 0.3 s). In a large run some page does,
    and each worker would build its own.
    """
    import courlan  # noqa: F401
    import htmldate  # noqa: F401
    import trafilatura  # noqa: F401
    import trafilatura.metadata  # noqa: F401
    import trafilatura.settings  # noqa: F401
    import trafilatura.utils  # noqa: F401
    from trafilatura import external

    if getattr(external, "JT_STOPLIST", ()) is None and callable(getattr(external, "jt_stoplist_init", None)):
        external.jt_stoplist_init()


def extract(source: str, html: str, *, meta: Metadata, saved_at: str | None, fmt: str) -> RawDocument:
    """Extract one HTML page into a RawDocument with typed hints."""
    import trafilatura
    from trafilatura.utils import load_html

    if not html.strip():
        raise EmptyInput(source, "the page is empty")
    doc = None
    tree = None
    page: dict[str, str | None] = {}
    reason = "no main text found"
    # Unicode's composed form (NFC), as trafilatura reads a page itself: "é" as one character.
    markup = _nfc(html)
    try:
        tree = load_html(markup)
        if tree is not None:
            page = _page_metadata(tree, meta.url)
            # bare_extraction works on its own copy of the tree, which the metadata pass left intact.
            doc = trafilatura.bare_extraction(tree, url=meta.url, include_comments=True, include_tables=True)
    except (ValueError, TypeError, AttributeError) as exc:  # trafilatura on broken markup
        doc = None
        reason = str(exc)
    title = _nfc(meta.title or page.get("title") or "") or None
    page_meta = Metadata(
        title=title,
        url=meta.url or page.get("url") or None,
        published=meta.published or page.get("date") or None,
        outlet=meta.outlet or page.get("sitename") or _host(page.get("url")),
        language=meta.language,
        author=meta.author or page.get("author") or None,
    )
    body_lines: list[str] = []
    comment_lines: list[str] = []
    lead: list[str] = []
    teasers: list[str] = []
    if doc is not None:
        body_lines = _norm_lines(doc.text or "")
        comment_lines = _norm_lines(doc.comments or "")
        if body_lines and tree is not None:
            body_lines += _continuation(tree, body_lines)
            lead = _lead(tree, title, body_lines)
            teasers = _teasers(tree, body_lines, title)
    if not body_lines:
        # Keep everything visible and let the text segmenter judge it.
        text = visible_text(markup)
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
    for line in lead:
        add("lead", line)
    for line in body_lines:
        if title and len(hints) == 1 + len(lead) and line.strip() == title.strip():
            continue  # trafilatura repeats the headline as the first line
        add("body", line)
    for line in teasers:
        add("related", line)
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
