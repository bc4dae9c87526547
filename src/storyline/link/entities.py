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

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

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
from ..names.match import GENERATIONAL

_FAMILY = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "": ""}
#: The type an entity of each family is listed under.
TYPE_NAMES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
SPEAKER_VOTE = 0.75
PLACE_VOTE = 1.5
#: The vote of a mention whose syntax says what it is (listed with places, beside a media noun).
SHAPE_VOTE = 2.0
_PUNCT = ".,;:!?\"'“”‘’«»()[]"


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
            for key in skeleton_variants(parsed.head):
                self.by_key[key].append(name)

    def matching(self, text: str) -> str | None:
        """A known full name that ``text`` (a full name or a surname alone) names, if any."""
        words = _words(text)
        if not words:
            return None
        parsed = parse_name(text)
        last = parsed.head or words[-1]
        for key in skeleton_variants(last):
            for full in self.by_key.get(key, ()):
                fp = parse_name(full)
                if len(words) == 1 and fp.surname and part_match(last, fp.head):
                    return full
                if len(words) > 1 and person_match(parsed, fp):
                    return full
        return None


def _key(word: str) -> str:
    """A word compared as a name: folded, without a possessive or the punctuation around it."""
    word = word.strip(_PUNCT)
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return fold(word.strip(_PUNCT))


def _trim(m: Mention, lo: int, hi: int) -> Mention:
    """The mention cut to its words ``lo`` to ``hi`` (offsets follow)."""
    spans = [(x.start(), x.end()) for x in re.finditer(r"\S+", m.text)]
    a, b = spans[lo][0], spans[hi - 1][1]
    text = m.text[a:b].rstrip(_PUNCT)
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    return replace(m, text=text, start=m.start + a, end=m.start + a + len(text))


def _headline_names(mentions: Sequence[tuple[str, Mention]]) -> list[Mention | None]:
    """Names in title-case lines cut to what the text names elsewhere; None for no name at all.

    A headline capitalises its verbs and common nouns, and the tagger reads them into names
    ("Senator Seeks", "Lake Fund Raises"). A headline mention keeps the longest run of its words
    that is a name the document writes in its prose (a whole name, else a word of a person's
    name there), or else that the corpus writes in prose; with none, it is no name.
    """
    whole: dict[str, set[str]] = defaultdict(set)  # document -> names written in prose
    parts: dict[str, set[str]] = defaultdict(set)  # document -> words of people's names in prose
    corpus: set[str] = set()
    for doc, m in mentions:
        if m.evidence == "headline" or not m.label:
            continue
        words = tuple(_key(w) for w in m.text.split())
        name = " ".join(words)
        whole[doc].add(name)
        corpus.add(name)
        if m.label == "PERSON" and len(words) > 1:
            parts[doc].update(words)
    out: list[Mention | None] = []
    for doc, m in mentions:
        if m.evidence != "headline":
            out.append(m)
            continue
        words = [_key(w) for w in m.text.split()]
        best: tuple[int, int, int, int] | None = None  # (rank, length, lo, hi)
        for lo in range(len(words)):
            for hi in range(lo + 1, len(words) + 1):
                run = " ".join(words[lo:hi])
                if run in whole[doc]:
                    rank = 3
                elif hi - lo == 1 and run in parts[doc]:
                    rank = 2
                elif run in corpus:
                    rank = 1
                else:
                    continue
                cand = (rank, hi - lo, -lo, hi)
                if best is None or cand > best:
                    best = cand
        if best is None:
            out.append(None)
        elif best[1] == len(words):
            out.append(m)
        else:
            out.append(_trim(m, -best[2], best[3]))
    return out


def link_entities(
    mentions: Sequence[tuple[str, Mention]], *, aliases: AliasRules | None = None
) -> EntityLinks:
    """Correct types with corpus-wide evidence, then cluster the mentions into entities.

    Args:
        mentions: (document id, mention) pairs from every document of the corpus.
        aliases: The user's forced and forbidden merges.
    """
    cut = _headline_names(mentions)
    kept = [i for i, m in enumerate(cut) if m is not None]
    links = _link([(mentions[i][0], cut[i]) for i in kept], aliases=aliases)  # type: ignore[misc]
    types: list[str | None] = [None] * len(mentions)
    ids: list[str | None] = [None] * len(mentions)
    for pos, i in enumerate(kept):
        types[i], ids[i] = links.types[pos], links.entity_ids[pos]
    ents = tuple(replace(e, mentions=tuple(kept[p] for p in e.mentions)) for e in links.entities)
    return EntityLinks(entities=ents, types=tuple(types), entity_ids=tuple(ids))


def _link(mentions: Sequence[tuple[str, Mention]], *, aliases: AliasRules | None) -> EntityLinks:
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

    settled, cut, dropped = _document_people(mentions, decided)
    keep: list[int] = []
    named: list[NameMention] = []
    types: list[str | None] = [None] * len(mentions)
    for i, (doc, m) in enumerate(mentions):
        fam = "PER" if i in settled else decided[fold(m.text)]
        if fam is None or i in dropped:
            continue
        m = cut.get(i, m)
        types[i] = TYPE_NAMES[fam]
        keep.append(i)
        named.append(NameMention(text=m.text, type=fam, document=doc, role=m.role if fam == "PER" else None,
                                 start=m.start, end=m.end, settled=i in settled))
    entities = canonicalise(named, aliases=aliases) if named else []
    ids: list[str | None] = [None] * len(mentions)
    for ent in entities:
        for pos in ent.mentions:
            ids[keep[pos]] = ent.id
            types[keep[pos]] = TYPE_NAMES.get(ent.type, ent.type)  # a mistyped spelling takes its entity's type
    return EntityLinks(entities=tuple(entities), types=tuple(types), entity_ids=tuple(ids))


#: Evidence that a one-word name is no person where it stands.
_NOT_PERSON = frozenset({"place", "place-list", "outlet"})


def _document_people(
    mentions: Sequence[tuple[str, Mention]], decided: dict[str, str | None]
) -> tuple[set[int], dict[int, Mention], set[int]]:
    """One-word names that the document itself says are a person it names in full.

    The tagger types a surname alone as a place or an organisation ("Ostrava" for Jan
    Ostrava's surname), and a given name or a family name written first alone is no known
    surname ("Mei" for Mei Lan). Where the document names a person whose surname (last word)
    is that word, or, for a name the tagger took for a person, the one person whose first word
    it is, the mention is a person whatever its spelling is elsewhere (returned as settled; the
    surname resolution then picks the person, or leaves a surname two people of the document
    share apart). Not when the mention's syntax says place or outlet, nor when the rest of the
    corpus mostly writes that word as a place or organisation.

    A full name is also a person, in its document, when the document writes its last word
    alone and the tagger takes that for a person ("Lena Marsh" typed a place beside "Marsh"
    said); and a name of three words whose first word the document writes alone as no person
    loses that word ("Cup Lena Marsh" beside "Cup" from "the Cup").

    A person's name cut short to a letter ("Lena M") is the given name of the one person of the
    document with that given name and initial; a one-word name that is no person's surname and
    that the document also writes in front of a full name is a title there, and no name.

    Returns:
        (indices of settled person mentions, cut mentions by index, indices of no names).
    """
    by_doc: dict[str, list[int]] = defaultdict(list)
    total: dict[str, Counter[str]] = defaultdict(Counter)
    local: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for i, (doc, m) in enumerate(mentions):
        by_doc[doc].append(i)
        # the tagger's label, or what the syntax says where it says no person
        fam = "LOC!" if m.evidence in _NOT_PERSON else _FAMILY.get(m.label, "")
        total[fold(m.text)][fam] += 1
        local[(doc, fold(m.text))][fam] += 1
    settled: set[int] = set()
    cut: dict[int, Mention] = {}
    dropped: set[int] = set()
    for doc, idxs in by_doc.items():
        singles = {fold(mentions[i][1].text): i for i in idxs
                   if mentions[i][1].label and len(mentions[i][1].text.split()) == 1}
        said = {k for k in singles if max(local[(doc, k)].items(), key=lambda kv: (kv[1], kv[0] == "PER"))[0] == "PER"}
        people: list[tuple[str, str]] = []  # (first word, surname) of the people named in full
        cropped: list[int] = []  # names whose surname is one letter
        titles: set[str] = set()
        for i in idxs:
            m = mentions[i][1]
            words = m.text.split()
            if len(words) < 2 or not m.label or not all(w[:1].isupper() for w in words):
                continue
            keys = [_key(w) for w in words]
            while len(keys) > 2 and keys[-1] in GENERATIONAL:
                keys.pop()
            if decided.get(fold(m.text)) != "PER":
                if not (len(keys) <= 3 and keys[-1] in said):
                    continue
                settled.add(i)
            elif len(keys) >= 3 and keys[0] in singles and decided.get(keys[0]) != "PER":
                cut[i] = _trim(m, 1, len(words))
                if decided.get(keys[0]) == "MISC":
                    titles.add(keys[0])  # written alone too ("Cup"), it is a title there, no name
                keys = keys[1:]
            if len(keys[-1]) > 1:
                people.append((keys[0], keys[-1]))
            elif len(keys) == 2 and words[-1].isalpha():
                cropped.append(i)
        if not people:
            continue
        for i in cropped:
            # a name cut short ("Lena M" in a post) is the given name of the one person of the
            # document with that given name and a surname with that initial
            first, initial = (_key(w) for w in mentions[i][1].text.split())
            if len({p for p in people if p[0] == first and p[1].startswith(initial)}) == 1:
                cut[i] = _trim(mentions[i][1], 0, 1)
                settled.add(i)
        for i in idxs:
            if fold(mentions[i][1].text) in titles and len(mentions[i][1].text.split()) == 1:
                dropped.add(i)
        for i in idxs:
            m = mentions[i][1]
            if len(m.text.split()) != 1 or m.evidence in _NOT_PERSON:
                continue
            key = fold(m.text)
            elsewhere = total[key] - local[(doc, key)]
            if elsewhere["LOC!"] > max(1, elsewhere["PER"]):
                continue  # the rest of the corpus says it is a place or an outlet ("in X")
            word = _key(m.text)
            if any(part_match(word, last) for _, last in people):
                settled.add(i)
            elif (m.label == "PERSON" and len({p for p in people if p[0] == word}) == 1  # no untagged "Bill"
                  and not any(fold(last) == word for _, last in people)):
                settled.add(i)
    return settled, cut, dropped
