"""The canonical speaker of each quote: the entity of its speaker mention, or of the name it resolves to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..names import Entity, fold, same_name

PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "who", "which", "that"})
#: capitalised words of a speaker phrase that say nothing of who it is ("Its spokeswoman", "Former minister")
_NOT_QUALIFIERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "former",
                             "acting", "then", "new", "current", "outgoing", "interim", "deputy"})


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacedMention:
    """A linked mention: where it is and which entity it names."""

    document: str
    start: int
    end: int
    entity: str
    type: str
    #: For a mention written with a role: the words before it in its clause ("Ministry spokesman").
    before: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerRef:
    """What a quote says of its speaker."""

    document: str
    start: int | None
    end: int | None
    text: str | None
    resolved: str | None


class SpeakerIndex:
    """Finds the entity a quote's speaker names, in the quote's own document first."""

    def __init__(self, mentions: Iterable[PlacedMention], entities: Sequence[Entity]) -> None:
        self.entities = {e.id: e for e in entities}
        self.by_doc: dict[str, list[PlacedMention]] = {}
        for m in mentions:
            self.by_doc.setdefault(m.document, []).append(m)
        self.by_spelling: dict[str, str] = {}
        for e in entities:
            if e.type in ("PER", "PERSON"):
                for spelling, _ in e.variants:
                    self.by_spelling.setdefault(fold(spelling), e.id)

    def _doc_people(self, document: str) -> list[Entity]:
        seen = dict.fromkeys(m.entity for m in self.by_doc.get(document, ()) if m.type == "PERSON")
        return [self.entities[i] for i in seen if i in self.entities]

    def _by_role(self, document: str, head: str, qualifiers: list[str]) -> str | None:
        """The one person of the document with a role ending in ``head`` ("the spokesman").

        Names inside the speaker phrase ("the Ministry spokesman") must also be written
        before one of the person's mentions.
        """
        found = {e.id for e in self._doc_people(document)
                 if any(r.lower().split()[-1:] == [head] for r in e.roles)}
        if qualifiers:
            found = {i for i in found if any(
                m.entity == i and all(q in fold(m.before) for q in qualifiers)
                for m in self.by_doc.get(document, ()))}
        return found.pop() if len(found) == 1 else None

    def _nearest_body(self, document: str, at: int, reach: int = 300) -> str | None:
        """"It" said: the nearest organisation or place named shortly before."""
        before = [m for m in self.by_doc.get(document, ()) if m.type in ("ORG", "LOC") and at - reach <= m.end <= at]
        return max(before, key=lambda m: m.end).entity if before else None

    def find(self, ref: SpeakerRef) -> str | None:
        """The entity id of the speaker, or None when the text does not name one.

        A speaker phrase headed by a common noun ("the Ministry spokesman") names the one
        person of the document seen with that role, not the organisation inside it; an
        unresolved "it" is the organisation or place named just before.
        """
        words = (ref.text or "").split()
        head = words[-1].strip(",.;:") if words else ""
        by_role = head.isalpha() and head.islower() and head not in PRONOUNS
        if ref.start is not None and ref.end is not None:
            hits = [m for m in self.by_doc.get(ref.document, ())
                    if m.start < ref.end and ref.start < m.end]
            people = [m for m in hits if m.type == "PERSON"]
            if people:
                return people[-1].entity
            if by_role:
                # names ("the Ministry spokesman") and capitalised words ("the Estonian president") qualify the role
                qualifiers = [fold(self.entities[m.entity].name) for m in hits if m.entity in self.entities]
                qualifiers += [fold(w) for w in words[:-1] if w[:1].isupper() and w.lower() not in _NOT_QUALIFIERS]
                found = self._by_role(ref.document, head, qualifiers)
                if found is None and qualifiers:  # the words may not be written with the name: the role alone
                    found = self._by_role(ref.document, head, [])
                if found or not ref.resolved:
                    return found
            elif hits:
                return hits[-1].entity
        name = ref.resolved
        if not name and head in ("it", "its") and ref.start is not None:
            return self._nearest_body(ref.document, ref.start)
        if not name:
            return None
        for e in self._doc_people(ref.document):
            if any(fold(v) == fold(name) or same_name(v, name, type="PER") for v, _ in e.variants):
                return e.id
        return self.by_spelling.get(fold(name))

    def name(self, entity_id: str | None) -> str | None:
        e = self.entities.get(entity_id or "")
        return e.name if e else None
