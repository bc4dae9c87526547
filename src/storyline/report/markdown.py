"""The Markdown report: the same sections as the HTML page, in plain Markdown.

Sources are cited as ``[outlet, document:start-end]``. Story text is untrusted,
so whitespace is collapsed and characters that would start markup, raw HTML or
break a table cell (``|``) are backslash-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import dates
from .passages import Passages
from .sections import counts, date_span, outlets_of, position_columns
from .values import CONTENT_KINDS, flag, number, records, strings, text

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_START = re.compile(r"^(#|-|\+|=|\d+[.)])")


def md_text(value: object) -> str:
    """``value`` on one line with Markdown-significant characters escaped.

    Example:
        >>> md_text("a | b\\n<script>")
        'a \\\\| b \\\\<script\\\\>'
    """
    collapsed = " ".join(("" if value is None else str(value)).split())
    return _INLINE.sub(r"\\\1", collapsed)


def md_para(value: object) -> str:
    """:func:`md_text` that also cannot start a heading, list or rule."""
    return _guard_start(md_text(value))


def _guard_start(line: str) -> str:
    return _BLOCK_START.sub(r"\\\1", line)


def _table(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    headings = list(headings)
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*lines, ""]


class _Writer:
    def __init__(self, story: Mapping[str, Any]) -> None:
        self.story = story
        self.passages = Passages(story)
        self.story_events = {text(e, "id"): text(e, "label") for e in records(story, "events")}

    def refs(self, sources: Iterable[Mapping[str, Any]]) -> str:
        shown = []
        for source in sources:
            citation = self.passages.cite(source)
            shown.append(f"[{md_text(citation.label)}, {md_text(citation.ref)}]")
        return " ".join(shown)

    def overview(self) -> list[str]:
        lines = ["## Overview", ""]
        lines.extend(f"- {name.capitalize()}: {value}" for name, value in counts(self.story))
        span = date_span(self.story)
        if span:
            lines.append(f"- Period covered: {md_text(span)}")
        outlets = outlets_of(self.story)
        if outlets:
            lines.append(f"- Outlet names: {', '.join(md_text(o) for o in outlets)}")
        return [*lines, ""]

    def timeline(self) -> list[str]:
        lines = ["## Timeline", ""]
        items = records(self.story, "timeline")
        episodes = {text(item, "event") for item in items} - {""}
        current: str | None = None
        for index, item in enumerate(items, start=1):
            if len(episodes) > 1 and text(item, "event") != current:
                current = text(item, "event")
                heading = self.story_events.get(current) or current or "Not in an event"
                lines += (["", f"### {md_text(heading)}", ""] if index > 1 else [f"### {md_text(heading)}", ""])
            when = dates.span(item.get("date"), item.get("until")) or "undated"
            kind = f" ({md_text(text(item, 'kind'))})" if text(item, "kind") else ""
            flagged = " **conflicting dates**" if flag(item, "conflict") else ""
            refs = self.refs(records(item, "sources"))
            lines.append(
                f"{index}. **{md_text(when)}**{flagged} — {md_text(text(item, 'text'))}{kind} {refs}".rstrip()
            )
            if flag(item, "conflict"):
                for competing in records(item, "dates"):
                    lines.append(
                        f"    - {md_text(dates.human(text(competing, 'date')))} according to "
                        f"{self.refs(records(competing, 'sources')) or 'an unnamed source'}"
                    )
        return [*lines, ""]

    def events(self) -> list[str]:
        lines = ["## Events", ""]
        stories = {text(x, "id"): x for x in records(self.story, "stories")}
        several = len(stories) > 1
        events = records(self.story, "events")
        if several:  # each story's events under its name (events of no story last, as in the HTML)
            rank = {story_id: k for k, story_id in enumerate(stories)}
            events = sorted(events, key=lambda e: rank.get(text(e, "story"), len(rank)))
        current: str | None = None
        for event in events:
            story = stories.get(text(event, "story"))
            if several and story is not None and text(story, "id") != current:
                current = text(story, "id")
                span = dates.span(story.get("start"), story.get("end"))
                lines += [f"### Story: {md_text(text(story, 'label') or 'Story')}" + (f" ({md_text(span)})" if span
                                                                                        else ""), ""]
            documents = strings(event, "documents")
            lines += [f"{'####' if several else '###'} {md_text(text(event, 'label') or 'Event')}", ""]
            span = dates.span(event.get("start"), event.get("end"))
            meta = [span] if span else []
            meta.append(
                f"{len(documents)} documents: {', '.join(documents)}" if documents else "no documents"
            )
            lines += [md_para(" · ".join(meta)), ""]
            sentences = [
                f"{md_text(text(s, 'text'))} {self.refs(records(s, 'sources'))}".rstrip()
                for s in records(event, "summary")
            ]
            if sentences:
                lines += [_guard_start(" ".join(sentences)), ""]
        return lines

    def quotes(self) -> list[str]:
        lines = ["## Quotes", ""]
        for speaker in records(self.story, "quotes_by_speaker"):
            lines += [f"### {md_text(text(speaker, 'speaker') or 'Unknown speaker')}", ""]
            for statement in records(speaker, "statements"):
                lines += [f"> {md_text(text(statement, 'text'))}", ""]
                meta = []
                if text(statement, "when"):
                    meta.append(dates.human(statement.get("when")))
                outlets = strings(statement, "outlets")
                if outlets:
                    meta.append(f"outlets: {', '.join(outlets)}")
                independent = number(statement, "independent")
                if independent is not None:
                    meta.append(f"{int(independent)} independent")
                if meta:
                    lines += [md_para(" · ".join(meta)), ""]
                rows = [
                    [
                        md_text(text(v, "outlet") or self.passages.cite(v).label),
                        md_text(text(v, "kind")),
                        md_text(text(v, "cue")),
                        md_text(text(v, "channel")),
                        md_text(dates.human(v.get("when"))),
                        f"{md_text(text(v, 'text'))} {self.refs([v])}",
                    ]
                    for v in records(statement, "versions")
                ]
                if rows:
                    lines += _table(["Outlet", "Kind", "Cue", "Channel", "When", "As reported"], rows)
        return lines

    def entities(self) -> list[str]:
        rows = []
        for entity in records(self.story, "entities"):
            value = entity.get("variants")
            variants = [
                f"{md_text(v[0])} ×{md_text(v[1])}" if len(v) > 1 else md_text(v[0])
                for v in (value if isinstance(value, list) else [])
                if isinstance(v, list | tuple) and v
            ]
            rows.append(
                [
                    md_text(text(entity, "name")),
                    md_text(text(entity, "type")),
                    ", ".join(variants),
                    md_text(", ".join(strings(entity, "roles"))),
                    str(len(strings(entity, "documents"))),
                ]
            )
        return [
            "## Entities",
            "",
            *(_table(["Name", "Type", "Variants", "Roles", "Documents"], rows) if rows else []),
        ]

    def corroboration(self) -> list[str]:
        rows = []
        for item in records(self.story, "corroboration"):
            speaker = f"{md_text(text(item, 'speaker'))}: " if text(item, "speaker") else ""
            against = "; ".join(
                f"{md_text(text(c, 'outlet') or '?')}: {md_text(text(c, 'text'))} {self.refs(records(c, 'sources'))}"
                for c in records(item, "contradicted_by")
            )
            independent = number(item, "independent_outlets")
            rows.append(
                [
                    f"{speaker}{md_text(text(item, 'text'))} {self.refs(records(item, 'sources'))}".rstrip(),
                    md_text(text(item, "kind")),
                    "?" if independent is None else str(int(independent)),
                    md_text(", ".join(strings(item, "outlets"))),
                    "yes" if flag(item, "single_party") else "",
                    against,
                ]
            )
        headings = [
            "Statement or claim",
            "Kind",
            "Independent outlets",
            "Outlets",
            "Single party",
            "Contradicted by",
        ]
        return ["## Corroboration", "", *(_table(headings, rows) if rows else [])]

    def contradictions(self) -> list[str]:
        lines = ["## Contradictions", ""]
        for item in records(self.story, "contradictions"):
            kind = f" ({md_text(text(item, 'kind'))})" if text(item, "kind") else ""
            lines += [f"### {md_text(text(item, 'topic'))}{kind}", ""]
            rows = [
                [
                    md_text(
                        dates.human(text(c, "value")) if text(item, "kind") == "date" else text(c, "value")
                    ),
                    md_text(", ".join(strings(c, "outlets"))),
                    self.refs(records(c, "sources")),
                ]
                for c in records(item, "claims")
            ]
            lines += _table(["Says", "Outlets", "Sources"], rows)
        return lines

    def positions(self) -> list[str]:
        lines = ["## Positions", ""]
        for actor in records(self.story, "positions"):
            lines += [f"### {md_text(text(actor, 'actor') or 'Unknown actor')}", ""]
            issues = records(actor, "issues")
            # episode beside episode: the events the actor spoke in most, then the rest as "Other"
            episodes, column_of = position_columns(self.story, actor)
            heads = [md_text(self.story_events.get(e) or e) if e else "Other" for e in episodes]
            rows = []
            for issue in issues:
                cells = []
                for k in range(len(episodes)):
                    here = [e for e in records(issue, "entries") if column_of.get(id(e)) == k]
                    cells.append(" • ".join(self._position(e) for e in here))
                rows.append([md_text(text(issue, "issue")), *cells])
            lines += _table(["Issue", *heads], rows)
        return lines

    def _position(self, entry: Mapping[str, Any]) -> str:
        when = dates.human(entry.get("date"))
        outlet = text(entry, "outlet") or self.passages.cite(entry).label
        head = f"**{md_text(when)}** · " if when else ""
        return f"{head}{md_text(outlet)}: {md_text(text(entry, 'text'))} {self.refs([entry])}"

    def sources(self) -> list[str]:
        lines = ["## Sources", ""]
        for document in records(self.story, "documents"):
            document_id = text(document, "id")
            lines += [f"### {md_text(text(document, 'title') or 'Untitled document')}", ""]
            fields = [("Id", document_id), ("Outlet", text(document, "outlet"))]
            if text(document, "published"):
                notes = ["inferred"] if flag(document, "published_inferred") else []
                confidence = number(document, "published_confidence")
                if confidence is not None:
                    notes.append(f"confidence {confidence:.2f}")
                if text(document, "published_evidence"):
                    notes.append(f"from “{text(document, 'published_evidence')}”")
                shown = dates.human(document.get("published")) + (f" ({', '.join(notes)})" if notes else "")
                fields.append(("Published", shown))
            fields += [
                (k.replace("_", " ").capitalize(), text(document, k))
                for k in ("language", "event", "duplicate_of", "parent", "url", "source")
            ]
            lines += [f"- {name}: {md_text(value)}" for name, value in fields if value]
            lines.append("")
            page = self.passages.page_text(document_id)
            for block in records(document, "blocks") if page is not None else []:
                start, end, kind = block.get("start"), block.get("end"), text(block, "kind")
                if (
                    not isinstance(start, int)
                    or not isinstance(end, int)
                    or not 0 <= start < end <= len(page or "")
                ):
                    continue
                if kind in CONTENT_KINDS:
                    lines += [md_para((page or "")[start:end]), ""]
                else:
                    lines += [
                        f"_\\[{md_text(kind or 'unknown')} block set aside, {end - start} characters\\]_",
                        "",
                    ]
        return lines

    def render(self) -> str:
        generated = text(self.story, "generated")
        lines = [f"# {md_text(text(self.story, 'title') or 'Untitled story')}", ""]
        if generated:
            lines += [f"Sourced story file, generated {md_text(dates.human(generated))}.", ""]
        for section in (
            self.overview,
            self.timeline,
            self.events,
            self.quotes,
            self.entities,
            self.corroboration,
            self.contradictions,
            self.positions,
            self.sources,
        ):
            lines += section()
        return "\n".join(lines).rstrip() + "\n"


def render_markdown(story: Mapping[str, Any]) -> str:
    """Render ``story`` as a Markdown report with ``[outlet, document:start-end]`` citations.

    Example:
        >>> print(render_markdown({"title": "A | B", "documents": []}).splitlines()[0])
        # A \\| B
    """
    return _Writer(story).render()
