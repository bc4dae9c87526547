"""What every HTML section needs: the story, its passages, and one id per linkable thing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .passages import Citation, Passages
from .values import esc, records, safe_id, text


class Anchors:
    """Sanitised, unique HTML ids for the story's items, one per (namespace, item id).

    Example:
        >>> anchors = Anchors()
        >>> anchors.get("t", "item <1>"), anchors.get("t", "item <1>"), anchors.get("t", "item [1]")
        ('t-item_1_', 't-item_1_', 't-item_1_-2')
    """

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()
        self._claimed: set[str] = set()

    def get(self, namespace: str, key: object) -> str:
        """The id of item ``key`` in ``namespace`` (``t`` timeline, ``e`` event, ``d`` document...)."""
        raw = "" if key is None else str(key)
        known = self._ids.get((namespace, raw))
        if known is not None:
            return known
        anchor = self._fresh(f"{namespace}-{safe_id(raw)}")
        self._ids[(namespace, raw)] = anchor
        return anchor

    def claim(self, namespace: str, key: object) -> str:
        """The id to put on the element that shows item ``key``.

        The first element claiming an item gets :meth:`get`'s id (so links made
        before or after resolve to it); a repeated item id gets a fresh one.
        """
        anchor = self.get(namespace, key)
        if anchor in self._claimed:
            return self._fresh(anchor)
        self._claimed.add(anchor)
        return anchor

    def _fresh(self, base: str) -> str:
        anchor, suffix = base, 1
        while anchor in self._taken:
            suffix += 1
            anchor = f"{base}-{suffix}"
        self._taken.add(anchor)
        return anchor


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """The story being rendered and the registries its sections share."""

    story: Mapping[str, Any]
    passages: Passages
    anchors: Anchors = field(default_factory=Anchors)
    events: Mapping[str, str] = field(default_factory=dict)
    entities: frozenset[str] = frozenset()

    @classmethod
    def of(cls, story: Mapping[str, Any]) -> Context:
        """Build the context for ``story``."""
        return cls(
            story=story,
            passages=Passages(story),
            events={text(e, "id"): text(e, "label") for e in reversed(records(story, "events"))},
            entities=frozenset(text(e, "id") for e in records(story, "entities")),
        )

    def cite(self, source: Mapping[str, Any]) -> Citation:
        """How ``source`` is labelled and linked."""
        return self.passages.cite(source)

    def cites(self, sources: Iterable[Mapping[str, Any]]) -> str:
        """Small links to the passages ``sources`` point at, unlinkable ones as plain labels."""
        parts = []
        seen: dict[str, int] = {}
        for source in sources:
            citation = self.cite(source)
            title = esc(f"{citation.ref} — {citation.text}" if citation.text else citation.ref)
            # A second passage from the same outlet is told apart by its number.
            seen[citation.label] = seen.get(citation.label, 0) + 1
            label = esc(citation.label) + (f" · {seen[citation.label]}" if seen[citation.label] > 1 else "")
            if citation.anchor is None:
                parts.append(f'<span class="cite unlinked" title="{title}">{label}</span>')
            else:
                parts.append(f'<a class="cite" href="#{citation.anchor}" title="{title}">{label}</a>')
        return f'<span class="cites">{"".join(parts)}</span>' if parts else ""

    def quote_link(self, source: Mapping[str, Any], shown: str | None = None) -> str:
        """``shown`` (default: the source's own text) linked to its passage when it can be."""
        citation = self.cite(source)
        words = esc(citation.text if shown is None else shown)
        if citation.anchor is None:
            return f'<span class="unlinked" title="{esc(citation.ref)}">{words}</span>'
        return f'<a class="quote-link" href="#{citation.anchor}" title="{esc(citation.ref)}">{words}</a>'

    def document_link(self, document_id: str | None) -> str:
        """A link to a document's provenance entry, or its id as text if it is not in the story."""
        if not document_id:
            return ""
        if document_id not in self.passages.documents:
            return f'<span class="unlinked">{esc(document_id)}</span>'
        document = self.passages.documents[document_id]
        title = text(document, "title")
        label = text(document, "outlet") or document_id
        return (
            f'<a class="doc-link" href="#{self.anchors.get("d", document_id)}" '
            f'title="{esc(title or document_id)}">{esc(label)}</a>'
        )

    def event_link(self, event_id: str | None) -> str:
        """A link to an event's entry, or its id as text if the story has no such event."""
        if not event_id:
            return ""
        if event_id not in self.events:
            return esc(event_id)
        label = self.events[event_id] or event_id
        return f'<a href="#{self.anchors.get("e", event_id)}">{esc(label)}</a>'

    def entity_link(self, entity_id: str | None, shown: str) -> str:
        """``shown`` linked to the entity's row when the story has that entity."""
        if not entity_id or entity_id not in self.entities:
            return esc(shown)
        return f'<a href="#{self.anchors.get("n", entity_id)}">{esc(shown)}</a>'
