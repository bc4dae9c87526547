"""HTML sections for the story's analysis: entities, corroboration, contradictions and positions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import dates
from .context import Context
from .sections import position_columns
from .values import esc, flag, number, opt_text, plural, records, strings, text


def _variants(entity: Mapping[str, Any]) -> str:
    value = entity.get("variants")
    shown = []
    for variant in value if isinstance(value, list) else []:
        if isinstance(variant, list | tuple) and variant:
            count = variant[1] if len(variant) > 1 else None
            times = f' <span class="n">×{esc(count)}</span>' if count is not None else ""
            shown.append(f"<li>{esc(variant[0])}{times}</li>")
        elif isinstance(variant, str):
            shown.append(f"<li>{esc(variant)}</li>")
    return f'<ul class="variants">{"".join(shown)}</ul>' if shown else ""


def entities(ctx: Context) -> str:
    """People, organisations and places with their variants, roles and reach."""
    parts = ['<section id="sec-entities"><h2>Entities</h2>']
    rows = records(ctx.story, "entities")
    if not rows:
        parts.append('<p class="empty">No entities.</p></section>')
        return "".join(parts)
    parts.append(
        '<table class="entities"><thead><tr><th>Name</th><th>Type</th><th>Variants</th><th>Roles</th>'
        '<th class="num-col">Docs</th></tr></thead><tbody>'
    )
    for entity in rows:
        anchor = ctx.anchors.claim("n", text(entity, "id"))
        documents = strings(entity, "documents")
        doc_links = ", ".join(ctx.document_link(d) for d in documents)
        parts.append(
            f'<tr id="{anchor}"><td class="name">{esc(text(entity, "name"))}</td>'
            f'<td><span class="tag">{esc(text(entity, "type"))}</span></td>'
            f"<td>{_variants(entity)}</td><td>{esc(', '.join(strings(entity, 'roles')))}</td>"
            f'<td class="num-col"><details class="doc-list"><summary>{len(documents)}</summary>'
            f"{doc_links}</details></td></tr>"
        )
    parts.append("</tbody></table></section>")
    return "".join(parts)


def _contradicted_by(ctx: Context, item: Mapping[str, Any]) -> str:
    rows = []
    for other in records(item, "contradicted_by"):
        outlet = text(other, "outlet")
        who = f"<strong>{esc(outlet)}</strong>: " if outlet else ""
        rows.append(f"<li>{who}{esc(text(other, 'text'))} {ctx.cites(records(other, 'sources'))}</li>")
    return f'<ul class="plain">{"".join(rows)}</ul>' if rows else '<span class="muted">—</span>'


def corroboration(ctx: Context) -> str:
    """How many independent outlets carry each statement or claim, and who contradicts it."""
    parts = ['<section id="sec-corroboration"><h2>Corroboration</h2>']
    rows = records(ctx.story, "corroboration")
    if not rows:
        parts.append('<p class="empty">Nothing to corroborate.</p></section>')
        return "".join(parts)
    parts.append(
        '<table class="corroboration"><thead><tr><th>Statement or claim</th><th class="num-col">Independent '
        "outlets</th><th>Outlets</th><th>Contradicted by</th></tr></thead><tbody>"
    )
    for item in rows:
        anchor = ctx.anchors.claim("c", text(item, "id"))
        speaker = text(item, "speaker")
        independent = number(item, "independent_outlets")
        badges = [f'<span class="tag">{esc(text(item, "kind") or "claim")}</span>']
        if flag(item, "single_party"):
            badges.append(
                '<span class="tag warn" title="Every report traces back to one party">single party</span>'
            )
        who = f'<span class="speaker">{esc(speaker)}:</span> ' if speaker else ""
        parts.append(
            f'<tr id="{anchor}"><td>{"".join(badges)}<p>{who}{esc(text(item, "text"))} '
            f"{ctx.cites(records(item, 'sources'))}</p></td>"
            f'<td class="num-col big{" weak" if independent is None or independent < 2 else ""}">'
            f"{'?' if independent is None else int(independent)}</td>"
            f"<td>{esc(', '.join(strings(item, 'outlets')))}</td><td>{_contradicted_by(ctx, item)}</td></tr>"
        )
    parts.append("</tbody></table></section>")
    return "".join(parts)


def contradictions(ctx: Context) -> str:
    """Topics on which the sources disagree, with each side's value, outlets and passages."""
    parts = ['<section id="sec-contradictions"><h2>Contradictions</h2>']
    rows = records(ctx.story, "contradictions")
    if not rows:
        parts.append('<p class="empty">No contradictions found.</p>')
    for item in rows:
        anchor = ctx.anchors.claim("x", text(item, "id"))
        kind = text(item, "kind")
        tag = f' <span class="tag warn">{esc(kind)}</span>' if kind else ""
        parts.append(f'<article class="contradiction" id="{anchor}"><h3>{esc(text(item, "topic"))}{tag}</h3>')
        parts.append(
            '<table class="claims"><thead><tr><th>Says</th><th>Outlets</th><th>Passages</th></tr></thead>'
        )
        parts.append("<tbody>")
        for claim in records(item, "claims"):
            value = text(claim, "value")
            shown = dates.human(value) if kind == "date" else value
            parts.append(
                f'<tr><td class="value">{esc(shown)}</td><td>{esc(", ".join(strings(claim, "outlets")))}</td>'
                f"<td>{ctx.cites(records(claim, 'sources'))}</td></tr>"
            )
        parts.append("</tbody></table></article>")
    parts.append("</section>")
    return "".join(parts)


def _position_entry(ctx: Context, entry: Mapping[str, Any]) -> str:
    when = dates.human(entry.get("date"))
    outlet = text(entry, "outlet") or ctx.cite(entry).label
    head = f'<span class="when">{esc(when)}</span> · ' if when else ""
    return f'<li>{head}<span class="outlet">{esc(outlet)}</span>: {ctx.quote_link(entry)}</li>'


def positions(ctx: Context) -> str:
    """What each actor said on each issue, episode beside episode."""
    parts = ['<section id="sec-positions"><h2>Positions</h2>']
    actors = records(ctx.story, "positions")
    if not actors:
        parts.append('<p class="empty">No positions.</p>')
    for actor in actors:
        name = text(actor, "actor") or "Unknown actor"
        episodes, column_of = position_columns(ctx.story, actor)
        heads = "".join(f"<th>{ctx.event_link(e) if e else 'Other'}</th>" for e in episodes)
        parts.append(f'<article class="actor"><h3>{ctx.entity_link(opt_text(actor, "entity"), name)}</h3>'
                     f'<table class="positions"><thead><tr><th>Issue</th>{heads}</tr></thead><tbody>')
        for issue in records(actor, "issues"):
            entries = records(issue, "entries")
            cells = []
            for k in range(len(episodes)):
                here = [_position_entry(ctx, e) for e in entries if column_of.get(id(e)) == k]
                cells.append(f'<td><ul class="plain">{"".join(here)}</ul></td>' if here else "<td></td>")
            parts.append(f'<tr><th class="issue">{esc(text(issue, "issue"))} '
                         f'<span class="count">{plural(len(entries), "entry", "entries")}</span></th>'
                         f'{"".join(cells)}</tr>')
        parts.append("</tbody></table></article>")
    parts.append("</section>")
    return "".join(parts)
