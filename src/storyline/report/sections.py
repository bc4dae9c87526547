"""HTML sections for the story's narrative: overview, timeline, events and quotes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import dates
from .context import Context
from .svg import ChartItem, timeline_chart
from .values import esc, flag, number, opt_text, plural, records, strings, text


def outlets_of(story: Mapping[str, Any]) -> list[str]:
    """The story's outlets: the overview's list, else each document's outlet in first-seen order."""
    overview = story.get("overview")
    listed = strings(overview, "outlets")
    if listed:
        return listed
    return list(dict.fromkeys(o for o in (text(d, "outlet") for d in records(story, "documents")) if o))


#: episodes shown side by side for one actor's positions; the others share an "Other" column
POSITION_COLUMNS = 4


def position_columns(story: Mapping[str, Any], actor: Mapping[str, Any]) -> tuple[list[str | None], dict[int, int]]:
    """The columns of an actor's positions table, and the column of each entry (by ``id()``).

    Columns are the episodes (events) the actor spoke in most, in the story's order, then
    ``None`` ("Other") for entries of any other or of no event.
    """
    entries = [e for issue in records(actor, "issues") for e in records(issue, "entries")]
    order = {text(e, "id"): k for k, e in enumerate(records(story, "events"))}
    used: dict[str, int] = {}
    for e in entries:
        if text(e, "event") in order:
            used[text(e, "event")] = used.get(text(e, "event"), 0) + 1
    top = sorted(sorted(used, key=lambda x: -used[x])[:POSITION_COLUMNS], key=lambda x: order[x])
    columns: list[str | None] = list(top)
    column_of = {id(e): (top.index(text(e, "event")) if text(e, "event") in top else len(top)) for e in entries}
    if any(c == len(top) for c in column_of.values()):
        columns.append(None)
    return columns, column_of


def counts(story: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The overview's counts, each falling back to counting the story's own lists."""
    overview = story.get("overview")
    statements = [s for q in records(story, "quotes_by_speaker") for s in records(q, "statements")]
    fallback = {
        "documents": len(records(story, "documents")),
        "pages": len(records(story, "pages")),
        "outlets": len(outlets_of(story)),
        "stories": len(records(story, "stories")) or (1 if records(story, "events") else 0),
        "events": len(records(story, "events")),
        "quotes": sum(len(records(s, "versions")) for s in statements),
        "statements": len(statements),
        "entities": len(records(story, "entities")),
    }
    result = []
    for key, default in fallback.items():
        value = number(overview, key) if key != "outlets" else None
        result.append((key, int(value) if value is not None else default))
    return result


def date_span(story: Mapping[str, Any]) -> str:
    """The story's date span, from the overview or else from the timeline."""
    overview = story.get("overview")
    start, end = opt_text(overview, "start"), opt_text(overview, "end")
    if start is None and end is None:
        dated = []
        for item in records(story, "timeline"):
            period = dates.parse(item.get("date"))
            if period is not None:
                dated.append((period.start, text(item, "date")))
        if dated:
            start, end = min(dated)[1], max(dated)[1]
    return dates.span(start, end)


def overview(ctx: Context) -> str:
    """Counts, the date span and the outlets."""
    stats = "".join(
        f'<div class="stat"><dd>{value}</dd><dt>{esc(name)}</dt></div>' for name, value in counts(ctx.story)
    )
    span = date_span(ctx.story)
    outlets = outlets_of(ctx.story)
    parts = ['<section id="sec-overview"><h2>Overview</h2>', f'<dl class="stats">{stats}</dl>']
    if span:
        parts.append(f'<p class="span"><span class="label">Period covered</span> {esc(span)}</p>')
    if outlets:
        items = "".join(f"<li>{esc(o)}</li>" for o in outlets)
        parts.append(f'<p class="label">Outlets</p><ul class="outlets">{items}</ul>')
    parts.append("</section>")
    return "".join(parts)


def _chart_items(ctx: Context) -> list[ChartItem]:
    items = []
    for number_, item in enumerate(records(ctx.story, "timeline"), start=1):
        items.append(
            ChartItem(
                number=number_,
                anchor=ctx.anchors.claim("t", text(item, "id") or f"#{number_}"),
                label=text(item, "text"),
                date=opt_text(item, "date"),
                until=opt_text(item, "until"),
                conflict=flag(item, "conflict"),
                alternatives=tuple(text(d, "date") for d in records(item, "dates") if text(d, "date")),
            )
        )
    return items


def timeline(ctx: Context) -> str:
    """The chart, the undated items, and the numbered timeline list."""
    entries = records(ctx.story, "timeline")
    parts = ['<section id="sec-timeline"><h2>Timeline</h2>']
    if not entries:
        parts.append('<p class="empty">No timeline items.</p></section>')
        return "".join(parts)
    chart_items = _chart_items(ctx)
    chart = timeline_chart(chart_items)
    if chart:
        parts.append(f'<figure class="chart-box">{chart}<figcaption>')
        parts.append(
            '<span class="key"><i class="dot"></i>dated item</span>'
            '<span class="key"><i class="diamond"></i>conflicting dates (hollow: the competing dates)</span>'
            '<span class="key"><i class="bar"></i>period</span>'
            '<span class="key">// axis broken across a long gap</span>'
        )
        parts.append("</figcaption></figure>")
    undated = [
        c for c in chart_items if dates.parse(c.date) is None and not any(map(dates.parse, c.alternatives))
    ]
    if chart and undated:
        links = "".join(f'<li><a href="#{c.anchor}">{c.number}. {esc(c.label)}</a></li>' for c in undated)
        parts.append(
            f'<div class="undated"><p class="label">No date ({len(undated)})</p><ul>{links}</ul></div>'
        )
    elif not chart:
        parts.append('<p class="muted">No item has a calendar date the sources agree on, so there is no chart; '
                     "the list follows the episodes.</p>")
    # episode by episode when the timeline spans several events
    episodes = {text(item, "event") for item in entries} - {""}
    current: str | None = None
    parts.append('<ol class="timeline">')
    for chart_item, item in zip(chart_items, entries, strict=True):
        event = text(item, "event")
        if len(episodes) > 1 and event != current:
            current = event
            heading = ctx.event_link(event) if event else "Not in an event"
            parts.append(f'</ol><h3 class="episode">{heading}</h3><ol class="timeline">')
        parts.append(_timeline_entry(ctx, chart_item, item))
    parts.append("</ol></section>")
    return "".join(parts).replace('<ol class="timeline"></ol>', "")


def _timeline_entry(ctx: Context, chart_item: ChartItem, item: Mapping[str, Any]) -> str:
    conflict = flag(item, "conflict")
    when = dates.span(item.get("date"), item.get("until")) or "undated"
    parts = [f'<li id="{chart_item.anchor}" class="entry{" conflict" if conflict else ""}">']
    parts.append(f'<span class="num">{chart_item.number}</span><div class="when">{esc(when)}</div>')
    parts.append(f'<div class="what"><p>{esc(text(item, "text"))} {ctx.cites(records(item, "sources"))}</p>')
    tags = []
    if text(item, "kind"):
        tags.append(f'<span class="tag">{esc(text(item, "kind"))}</span>')
    if conflict:
        tags.append('<span class="tag warn">conflicting dates</span>')
    if text(item, "event"):
        tags.append(f'<span class="meta">event: {ctx.event_link(text(item, "event"))}</span>')
    if tags:
        parts.append(f'<p class="tags">{"".join(tags)}</p>')
    competing = records(item, "dates")
    if conflict and competing:
        rows = "".join(
            f"<li><strong>{esc(dates.human(text(d, 'date')) or '?')}</strong> "
            f"according to {ctx.cites(records(d, 'sources')) or 'an unnamed source'}</li>"
            for d in competing
        )
        parts.append(f'<ul class="competing">{rows}</ul>')
    parts.append("</div></li>")
    return "".join(parts)


def events(ctx: Context) -> str:
    """Each event with its span, its documents and its cited summary."""
    parts = ['<section id="sec-events"><h2>Events</h2>']
    entries = records(ctx.story, "events")
    if not entries:
        parts.append('<p class="empty">No events.</p>')
    # with several stories in the pile, each story's events under its name
    stories = {text(x, "id"): x for x in records(ctx.story, "stories")}
    rank = {story_id: k for k, story_id in enumerate(stories)}
    current: str | None = None
    for event in sorted(entries, key=lambda e: rank.get(text(e, "story"), len(rank)) if len(stories) > 1 else 0):
        story = stories.get(text(event, "story"))
        if len(stories) > 1 and story is not None and text(story, "id") != current:
            current = text(story, "id")
            span = dates.span(story.get("start"), story.get("end"))
            heading = esc(text(story, "label") or "Story") + (f' <span class="count">{esc(span)}</span>' if span
                                                                 else "")
            parts.append(f'<h3 class="story">Story: {heading}</h3>')
        anchor = ctx.anchors.claim("e", text(event, "id"))
        documents = strings(event, "documents")
        span = dates.span(event.get("start"), event.get("end"))
        meta = [esc(span)] if span else []
        meta.append(plural(len(documents), "document"))
        parts.append(f'<article class="event" id="{anchor}"><h3>{esc(text(event, "label") or "Event")}</h3>')
        parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
        summary = records(event, "summary")
        if summary:
            sentences = " ".join(
                f'<span class="sentence">{esc(text(s, "text"))}{ctx.cites(records(s, "sources"))}</span>'
                for s in summary
            )
            parts.append(f'<p class="summary">{sentences}</p>')
        if documents:
            links = ", ".join(ctx.document_link(d) for d in documents)
            parts.append(f'<p class="docs"><span class="label">Documents</span> {links}</p>')
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)


def _version_row(ctx: Context, version: Mapping[str, Any]) -> str:
    cells = [
        esc(text(version, "outlet") or ctx.cite(version).label),
        esc(text(version, "kind")),
        esc(text(version, "cue")),
        esc(text(version, "channel")),
        esc(dates.human(version.get("when"))),
        ctx.quote_link(version),
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def quotes(ctx: Context) -> str:
    """Statements grouped by speaker, each with its versions across outlets."""
    parts = ['<section id="sec-quotes"><h2>Quotes</h2>']
    speakers = records(ctx.story, "quotes_by_speaker")
    if not speakers:
        parts.append('<p class="empty">No quotes.</p>')
    for speaker in speakers:
        name = text(speaker, "speaker") or "Unknown speaker"
        statements = records(speaker, "statements")
        parts.append(
            f'<article class="speaker"><h3>{ctx.entity_link(opt_text(speaker, "entity"), name)}'
            f' <span class="count">{plural(len(statements), "statement")}</span></h3>'
        )
        for statement in statements:
            anchor = ctx.anchors.claim("s", text(statement, "id") or name)
            outlets = strings(statement, "outlets")
            independent = number(statement, "independent")
            meta = []
            if text(statement, "when"):
                meta.append(esc(dates.human(statement.get("when"))))
            if outlets:
                meta.append(f"{plural(len(outlets), 'outlet')}: {esc(', '.join(outlets))}")
            if independent is not None:
                meta.append(f"{int(independent)} independent")
            parts.append(f'<div class="statement" id="{anchor}">')
            parts.append(f"<blockquote>{esc(text(statement, 'text'))}</blockquote>")
            if meta:
                parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
            versions = records(statement, "versions")
            if versions:
                parts.append(
                    '<table class="versions"><thead><tr><th>Outlet</th><th>Kind</th><th>Cue</th>'
                    "<th>Channel</th><th>When</th><th>As reported</th></tr></thead><tbody>"
                )
                parts.extend(_version_row(ctx, v) for v in versions)
                parts.append("</tbody></table>")
            parts.append("</div>")
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)
