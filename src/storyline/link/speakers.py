"""The canonical speaker of each quote: the entity of its speaker mention, or of the name it resolves to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..names import Entity, fold, same_name
from ..quotes.frames import OUTLET_NOUNS
from ..quotes.speakers import ANONYMOUS_ROLES, HUMAN_ROLE_HINT, INDEFINITE

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
    #: Where the quote itself is (for resolving a speaker from the quotes around it).
    quote_start: int | None = None
    #: The quote's cue ("reported"): an organisation that reports is an outlet.
    cue: str | None = None
    #: What the quote says (a lead that sums up a later quote shares its words).
    content: str | None = None


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
            if people and by_role and _human(head) and re.match(r"\s*['’]s?\b", self._after(ref, people[-1])):
                people = []  # "the senator's niece", "X's spokesman": someone of that person's, not them
            if people:
                return people[-1].entity
            if by_role:
                # names ("the Ministry spokesman") and capitalised words ("the Estonian president") qualify the role
                qualifiers = [fold(self.entities[m.entity].name) for m in hits if m.entity in self.entities]
                qualifiers += [fold(w) for w in words[:-1] if w[:1].isupper() and w.lower() not in _NOT_QUALIFIERS]
                found = self._by_role(ref.document, head, qualifiers)
                if found is None and qualifiers:
                    # the words may not be written with the name: the role alone, unless that person is
                    # written with another place's name ("the Freedonian minister" is not "Sylvania's minister")
                    found = self._by_role(ref.document, head, [])
                    if found is not None and self._other_place_before(ref.document, found, set(qualifiers)):
                        found = None
                if found or not ref.resolved or fold(ref.resolved) in fold(ref.text or ""):
                    return found  # a role phrase that names nobody ("the source", "the ad") stays unresolved
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

    def _after(self, ref: SpeakerRef, m: PlacedMention) -> str:
        """The speaker phrase's words after mention ``m``."""
        text = ref.text or ""
        return text[max(0, m.end - (ref.start or 0)):]

    def find_all(self, refs: Sequence[SpeakerRef]) -> list[str | None]:
        """``find`` for every quote of a pile, with what the quotes around a quote tell.

        - "the daily reported", "according to the magazine": the outlet quoted last before it in
          the document (an organisation the document has quoted reporting or writing, or whose name
          is an outlet's: "... News", "... Herald"), not any organisation nearby.
        - A role nobody in the document is seen with, before any person is named ("the league's chief
          referee said ..." in a lead), names the person quoted next, in the same or the next paragraph,
          unless that person is written with another place's name before them, and only when the two
          quotes share content words: a lead sums up the words the story then quotes and names.
        """
        found = [self.find(r) for r in refs]
        by_doc: dict[str, list[int]] = {}
        for k, r in enumerate(refs):
            by_doc.setdefault(r.document, []).append(k)
        for ks in by_doc.values():
            ks.sort(key=lambda k: refs[k].quote_start if refs[k].quote_start is not None else refs[k].start or 0)
            for n, k in enumerate(ks):
                r = refs[k]
                if found[k] is not None or not r.text or r.start is None:
                    continue
                words = r.text.split()
                head = words[-1].strip(",.;:").lower()
                if not head.isalpha() or head in PRONOUNS or words[-1][:1].isupper():
                    continue
                if head in OUTLET_NOUNS:
                    found[k] = self._named_like(r, head) or self._outlet_before(refs, found, ks[:n])
                elif _singular_role(words) and head in HUMAN_ROLE_HINT and head not in ANONYMOUS_ROLES \
                        and words[0].lower() not in INDEFINITE:
                    found[k] = self._named_next(refs, found, ks[n + 1:], r)
        return found

    def _named_like(self, ref: SpeakerRef, head: str) -> str | None:
        """The organisation named last before ``ref`` whose name holds its head noun ("the network": "Example
        Network")."""
        at = ref.start or 0
        before = [m for m in self.by_doc.get(ref.document, ()) if m.type == "ORG" and m.end <= at
                  and m.entity in self.entities and head in fold(self.entities[m.entity].name).split()]
        return max(before, key=lambda m: m.end).entity if before else None

    def _outlet_before(self, refs: Sequence[SpeakerRef], found: list[str | None], earlier: list[int]) -> str | None:
        for k in reversed(earlier):
            e = self.entities.get(found[k] or "")
            if e is not None and e.type == "ORG" and (
                    _REPORTS.match((refs[k].cue or "").lower()) or _MEDIA_NAME.search(e.name)):
                return e.id
        return None

    def _named_next(self, refs: Sequence[SpeakerRef], found: list[str | None], later: list[int],
                    ref: SpeakerRef) -> str | None:
        at = ref.quote_start if ref.quote_start is not None else ref.start or 0
        if any(m.type == "PERSON" and m.start < min(at, ref.start or at) for m in self.by_doc.get(ref.document, ())):
            return None  # only a lead that has named nobody yet points forward
        places = {_bare(w) for w in (ref.text or "").split()[:-1] if w[:1].isupper()}
        for k in later:
            r = refs[k]
            e = self.entities.get(found[k] or "")
            if e is None or e.type not in ("PER", "PERSON"):
                continue
            if (r.text or "").split()[-1:] and (r.text or "").split()[-1].lower() in PRONOUNS:
                return None  # the story goes on with "he said": it has not named the one its lead means
            where = r.quote_start if r.quote_start is not None else r.start or 0
            if where - at > 1200:
                return None
            if self._other_place_before(ref.document, e.id, places):
                return None
            if len(_content_stems(ref.content) & _content_stems(r.content)) < 2:
                return None  # not the words the lead sums up
            return e.id
        return None

    def _other_place_before(self, document: str, entity: str, places: set[str]) -> bool:
        """Whether a mention of ``entity`` in the document is written after a place's name that is not one
        of ``places`` (nor shares their stem: "Freedonia" and "Freedonian")."""
        names = {fold(self.entities[m.entity].name) for m in self.by_doc.get(document, ())
                 if m.type == "LOC" and m.entity in self.entities}
        for m in self.by_doc.get(document, ()):
            if m.entity != entity or not m.before:
                continue
            before = " " + " ".join(_bare(w) for w in m.before.split()) + " "
            for name in names:
                if f" {name} " in before and not any(_same_stem(name, p) for p in places):
                    return True
        return False

    def name(self, entity_id: str | None) -> str | None:
        e = self.entities.get(entity_id or "")
        return e.name if e else None


#: cues of an outlet's own reporting: "the Daily Courier reported", "wrote", "published"
_REPORTS = re.compile(r"^(?:\w+ )*(?:report|wrote|writ|publish|print|broadcast|air|ran\b|quot)")
#: words of an outlet's name: "Example News", "The Evening Herald", "Radio Example"
_MEDIA_NAME = re.compile(r"\b(?:news|journal|herald|tribune|gazette|daily|press|radio|tv|television|"
                         r"magazine|chronicle|courier|broadcasting|wire|zeitung|gazeta)\b", re.IGNORECASE)


#: Nouns for people close to someone: "his niece", "the senator's lawyer".
_KIN = frozenset("""wife husband son daughter brother sister mother father niece nephew cousin uncle aunt
grandson granddaughter grandmother grandfather partner friend lawyer attorney doctor colleague""".split())


def _human(noun: str) -> bool:
    """Whether a role noun names a person ("niece", "spokesman", "lawyer"), not a thing ("campaign", "tweet")."""
    return (noun in HUMAN_ROLE_HINT or noun in ANONYMOUS_ROLES or noun in _KIN
            or noun.endswith(("man", "woman", "person", "er", "or", "ist")) and len(noun) > 4)


def _content_stems(text: str | None) -> set[str]:
    """Lower-case words of four letters or more, cut to five ("negotiations", "negotiators")."""
    return {w[:5] for w in re.findall(r"\b[a-z]{4,}", text or "") if w not in _FUNCTION}


_FUNCTION = frozenset("""that this with from have been were will would could should they their there what when
which while about after before into over also than then them some said says""".split())


def _bare(word: str) -> str:
    """A word folded, without surrounding punctuation or a possessive ("Freedonia's" -> "freedonia")."""
    return fold(re.sub(r"['’]s$", "", word.strip(",.;:()\"“”")))


def _same_stem(a: str, b: str) -> bool:
    """A place and its adjective: the shorter, less its final vowels, begins the longer, which goes on with
    an adjective's ending ("freedonia" and "freedonian", "lorca" and "lorcese"); two places that only share
    their first letters do not ("austria" and "australia")."""
    short, long_ = sorted((a, b), key=len)
    stem = short.rstrip("aeiouy")
    return len(stem) >= 3 and long_.startswith(stem) and long_[len(stem):] in _PLACE_ENDINGS


#: What follows the stem a place and its adjective share: "-ia"/"-ian", "-a"/"-ese", "-i", "-ish", "-y".
_PLACE_ENDINGS = frozenset({"", "a", "e", "i", "o", "y", "ia", "ea", "an", "ian", "ean", "ese", "ish", "ic", "n",
                            "er", "ite", "ine"})


def _singular_role(words: list[str]) -> bool:
    """Whether a speaker phrase is one person's role: "the league's chief referee", not "officials"."""
    head = words[-1].strip(",.;:").lower()
    first = words[0].lower()
    return not head.endswith("s") and first not in ("some", "many", "several", "two", "both", "all", "few")
