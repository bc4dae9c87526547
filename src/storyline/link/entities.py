"""Canonical entities across the corpus, from the tagger's mentions and corpus-wide evidence.

The small English tagger is unreliable on transliterated names: one spelling of a
person comes out as an organisation, a capital city as a person, a rare spelling
not at all. Evidence from the whole corpus corrects it before the names are
clustered (:func:`storyline.names.canonicalise`):

1. **Votes.** Each spelling's mentions vote for a type; a mention that is the subject
   of a speech verb adds a person vote, one that follows a place preposition ("in X")
   a place vote. Where the syntax says what a name is, its mention votes for that
   instead of the tagger's label: a name listed with places of one kind ("X and the
   other regions") for a place, a name beside a media noun ("the newspaper X", "X news
   agency") for an organisation, and a source ("according to X", "X wrote") that the
   tagger took for a place for an organisation (places do not write).
2. **Known people.** Multi-word names that are mostly tagged as people are the known
   full names. Any mention whose name matches one of them (all name parts, or the
   surname alone) is a person, whatever the tagger said, and so is an untagged
   proper-noun run that matches: that finds the spellings the tagger missed.
3. **Single words without a person.** A one-word "person" that is no known person's
   surname is a place when anything in the corpus calls it one, else it is set aside
   as miscellaneous (not listed with the people).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis.mentions import Mention
from ..names import (
    AliasRules,
    Entity,
    NameMention,
    canonicalise,
    fold,
    parse_name,
    part_match,
    person_match,
    skeleton_variants,
)

_FAMILY = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "": ""}
#: The type an entity of each family is listed under.
TYPE_NAMES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
SPEAKER_VOTE = 0.75
PLACE_VOTE = 1.5
#: The vote of a mention whose syntax says what it is (listed with places, beside a media noun).
SHAPE_VOTE = 2.0


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityLinks:
    """The entities of a corpus and where each input mention went.

    ``types[i]`` and ``entity_ids[i]`` belong to the i-th input mention; both are None for
    an untagged run that matched nothing (it is not a name of anything known).
    """

    entities: tuple[Entity, ...]
    types: tuple[str | None, ...]
    entity_ids: tuple[str | None, ...]


def _words(text: str) -> list[str]:
    return [w for w in text.replace("-", " ").split() if w[:1].isalpha()]


class _People:
    """The known full names, looked up by any spelling of a surname."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[str]] = defaultdict(list)

    def add(self, name: str) -> None:
        parsed = parse_name(name)
        if parsed.surname:
            for key in skeleton_variants(parsed.surname):
                self.by_key[key].append(name)

    def matching(self, text: str) -> str | None:
        """A known full name that ``text`` (a full name or a surname alone) names, if any."""
        words = _words(text)
        if not words:
            return None
        parsed = parse_name(text)
        last = parsed.surname or words[-1]
        for key in skeleton_variants(last):
            for full in self.by_key.get(key, ()):
                fp = parse_name(full)
                if len(words) == 1 and fp.surname and part_match(last, fp.surname):
                    return full
                if len(words) > 1 and person_match(parsed, fp):
                    return full
        return None


def link_entities(
    mentions: Sequence[tuple[str, Mention]], *, aliases: AliasRules | None = None
) -> EntityLinks:
    """Correct types with corpus-wide evidence, then cluster the mentions into entities.

    Args:
        mentions: (document id, mention) pairs from every document of the corpus.
        aliases: The user's forced and forbidden merges.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for _, m in mentions:
        key = fold(m.text)
        fam = _FAMILY.get(m.label, "")
        if m.evidence == "place-list":
            votes[key]["LOC"] += SHAPE_VOTE
            continue
        if m.evidence == "outlet":
            votes[key]["ORG"] += SHAPE_VOTE
            continue
        if m.evidence == "source" and fam == "LOC":
            fam = "ORG"  # "according to X", "X wrote": a source the tagger took for a place
        if fam:
            votes[key][fam] += 1.0
        if m.evidence in ("speaker", "source") and fam in ("PER", "ORG", ""):
            votes[key]["PER"] += SPEAKER_VOTE
        elif m.evidence == "place":
            votes[key]["LOC"] += PLACE_VOTE

    def majority(key: str) -> str:
        c = votes.get(key)
        if not c:
            return ""
        return max(c.items(), key=lambda kv: (kv[1], kv[0] == "PER"))[0]

    people = _People()
    spelled: dict[str, str] = {}
    for _, m in mentions:
        if len(_words(m.text)) >= 2:
            spelled.setdefault(fold(m.text), m.text)
    for key, text in spelled.items():
        if majority(key) == "PER":
            people.add(text)

    # one-word place spellings, looked up by their consonant skeletons (Kyiv finds Kiev)
    places: dict[str, list[str]] = defaultdict(list)
    for _, m in mentions:
        if len(_words(m.text)) == 1 and votes[fold(m.text)]["LOC"] > 0:
            for key in skeleton_variants(m.text):
                places[key].append(m.text)

    def is_place(text: str) -> bool:
        return any(part_match(text, p) for key in skeleton_variants(text) for p in places.get(key, ()))

    decided: dict[str, str | None] = {}
    for _, m in mentions:
        key = fold(m.text)
        if key in decided:
            continue
        fam = majority(key)
        words = _words(m.text)
        known = people.matching(m.text) if words else None
        if known is not None and (fam in ("PER", "ORG", "") or len(words) > 1):
            fam = "PER"  # a spelling of a known person's name, whatever the tagger said
        elif fam == "PER" and len(words) == 1:
            fam = "LOC" if votes[key]["LOC"] > 0 or is_place(m.text) else "MISC"
        decided[key] = fam or None

    keep: list[int] = []
    named: list[NameMention] = []
    types: list[str | None] = [None] * len(mentions)
    for i, (doc, m) in enumerate(mentions):
        fam = decided[fold(m.text)]
        if fam is None:
            continue
        types[i] = TYPE_NAMES[fam]
        keep.append(i)
        named.append(NameMention(text=m.text, type=fam, document=doc, role=m.role if fam == "PER" else None,
                                 start=m.start, end=m.end))
    entities = canonicalise(named, aliases=aliases) if named else []
    ids: list[str | None] = [None] * len(mentions)
    for ent in entities:
        for pos in ent.mentions:
            ids[keep[pos]] = ent.id
            types[keep[pos]] = TYPE_NAMES.get(ent.type, ent.type)  # a mistyped spelling takes its entity's type
    return EntityLinks(entities=tuple(entities), types=tuple(types), entity_ids=tuple(ids))
