"""The HTML report: one self-contained page with inline CSS and an inline SVG chart.

Nothing on the page is fetched: no scripts, stylesheets, fonts or images, and
document URLs are shown as text rather than linked, so the file reads the same
from a laptop with the network off. Every string from the story is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import dates
from .context import Context
from .provenance import provenance
from .sections import counts, date_span, events, outlets_of, overview, quotes, timeline
from .style import CSS
from .tables import contradictions, corroboration, entities, positions
from .values import esc, plural, records, text

#: (section id, heading, renderer, the story list whose length the contents shows).
_SECTIONS: tuple[tuple[str, str, Callable[[Context], str], str | None], ...] = (
    ("sec-overview", "Overview", overview, None),
    ("sec-timeline", "Timeline", timeline, "timeline"),
    ("sec-events", "Events", events, "events"),
    ("sec-quotes", "Quotes", quotes, "quotes_by_speaker"),
    ("sec-entities", "Entities", entities, "entities"),
    ("sec-corroboration", "Corroboration", corroboration, "corroboration"),
    ("sec-contradictions", "Contradictions", contradictions, "contradictions"),
    ("sec-positions", "Positions", positions, "positions"),
    ("sec-sources", "Sources", provenance, "documents"),
)


def _contents(story: Mapping[str, Any]) -> str:
    links = []
    for anchor, heading, _, key in _SECTIONS:
        count = f'<span class="n">{len(records(story, key))}</span>' if key else ""
        links.append(f'<li><a href="#{anchor}"><span>{heading}</span>{count}</a></li>')
    return (
        '<nav class="toc" aria-label="Contents"><p class="brand">Story file</p>'
        f"<ol>{''.join(links)}</ol></nav>"
    )


def _header(story: Mapping[str, Any]) -> str:
    title = text(story, "title") or "Untitled story"
    numbers = dict(counts(story))
    summary = [
        plural(numbers["documents"], "document"),
        plural(len(outlets_of(story)), "outlet"),
    ]
    span = date_span(story)
    if span:
        summary.append(span)
    generated = text(story, "generated")
    if generated:
        summary.append(f"generated {dates.human(generated)}")
    return (
        f'<header class="top"><h1>{esc(title)}</h1>'
        f'<p class="sub">Sourced story file · {esc(" · ".join(summary))}</p></header>'
    )


def render_html(story: Mapping[str, Any]) -> str:
    """Render ``story`` (see :mod:`storyline.report`) as one self-contained HTML page.

    Example:
        >>> page = render_html({"title": "A <b>story</b>", "pages": [], "documents": []})
        >>> "A &lt;b&gt;story&lt;/b&gt;" in page and "<script" not in page
        True
    """
    ctx = Context.of(story)
    # Provenance goes last: the sections before it decide nothing it needs, but
    # rendering in page order keeps each item's anchor claimed where it is shown.
    body = "".join(render(ctx) for _, _, render, _ in _SECTIONS)
    title = esc(text(story, "title") or "Untitled story")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">'
        f"<title>{title}</title><style>{CSS}</style></head>"
        f'<body><div class="layout">{_contents(story)}<main>{_header(story)}{body}'
        "<footer>Made by storyline. Every highlighted passage is quoted from the documents as scraped; "
        "offsets are character positions in each page's stored text.</footer>"
        "</main></div></body></html>\n"
    )
