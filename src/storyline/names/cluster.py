"""Clustering entity mentions from many documents into canonical entities.

The steps of :func:`canonicalise`:

1. Each mention is cut to its name (:func:`~storyline.names.match.split_descriptor`): a
   descriptor or title in front of it becomes the mention's role.
2. Every mention's type is corrected corpus-wide: a written form (after
   :func:`~storyline.names.phonetic.fold`) takes the type most of its mentions have, except
   where the mention's own document settled it (``NameMention.settled``).
3. Mentions are grouped into *forms*: one per (type family, fold).
4. Candidate pairs of forms are found by blocking on consonant skeletons (their one-deletion
   neighbours, to catch typos, the skeletons of their stems, to catch case forms, and for
   multiword names the stems of all words in any order), never all pairs.
5. Candidate pairs that match (:func:`~storyline.names.match.person_match` for persons,
   :func:`~storyline.names.match.words_match` otherwise, both accepting Slavic case forms)
   are merged best first (same reading, then spelling variants, then case forms), under
   complete linkage: two groups join only if their main forms are compatible (a rare form
   carrying under 5% of the mention pairs between them may not be), no forbid rule separates
   them, and (for persons) no document uses two different surname spellings.
6. A one-word place or organisation group joins a group of the other of the two families
   whose name it writes with two letters swapped (a typo the tagger typed otherwise) when
   that group carries at least twice its mentions; the entity takes the type most of its
   mentions have.
7. Short names are resolved with document context (:mod:`storyline.names.resolve`): a
   surname alone joins the person of its document, a given name alone the one person of its
   document with that given name; a one-word organisation name joins the longer name starting
   with it that its documents use; an acronym joins the name its documents spell out with
   those initials (acronyms are never main forms of a group, so ``UE`` and ``EU`` do not keep
   two spellings of one name apart).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from storyline.names.aliases import AliasRules
from storyline.names.inflect import fleeting, stem_skeletons, stems
from storyline.names.match import (
    TITLES,
    ParsedName,
    is_acronym,
    name_words,
    parse_name,
    person_match,
    split_descriptor,
    words_match,
)
from storyline.names.phonetic import fold, phonetic_variants, skeleton_variants
from storyline.names.resolve import merge_acronyms, merge_short_organisations, resolve_surnames

__all__ = ["Entity", "NameMention", "canonicalise", "type_family"]

_FAMILIES = {
    "PER": "PER", "PERSON": "PER",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "LOCATION": "LOC",
    "ORG": "ORG", "ORGANIZATION": "ORG", "NORP": "NORP",
}
_MAX_BLOCK = 300  # blocks larger than this are only compared on exact readings
_MAX_LINKAGE = 12  # forms per group checked in complete linkage (the most frequent ones)
_LINKAGE_SLACK = 0.05  # share of mention pairs between two groups that may be incompatible
_MISTYPED_DOMINANCE = 2.0  # mention ratio by which a place or organisation group outweighs a mistyped spelling


@dataclass(frozen=True, slots=True, kw_only=True)
class NameMention:
    """One mention of a named entity in one document.

    Attributes:
        text: The surface string, e.g. ``"Tchaikovsky"``.
        type: Entity type from the tagger (``PER``, ``ORG``, ``LOC``, ``GPE``...).
        document: Id of the document the mention is in.
        role: A role or title seen with the mention (``"President"``), if any.
        start: Character offset of the mention in its document, if known.
        end: End offset (exclusive), if known.
        count: How many identical mentions this record stands for (for pre-aggregated input).
        settled: The type is settled by the mention's own document (a surname of the person the
            document names in full), not corrected by the other mentions of that spelling.
    """

    text: str
    type: str
    document: str
    role: str | None = None
    start: int | None = None
    end: int | None = None
    count: int = 1
    settled: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A canonical entity: all mentions judged to name one person, place or organisation.

    Attributes:
        id: Stable id made of the type and the canonical name, e.g. ``"per:pyotr-tchaikovsky"``.
        name: Canonical name: the most frequent full form.
        type: Majority type of the mentions (after corpus-wide correction).
        variants: Surface strings with their mention counts, most frequent first.
        roles: Roles/titles seen with the mentions, most frequent first.
        documents: Ids of the documents that mention the entity, sorted.
        mentions: Positions of the entity's mentions in the input sequence, ascending.
    """

    id: str
    name: str
    type: str
    variants: tuple[tuple[str, int], ...]
    roles: tuple[str, ...]
    documents: tuple[str, ...]
    mentions: tuple[int, ...]


def type_family(type_: str) -> str:
    """The family a type is clustered in (``GPE``, ``LOC`` and ``FAC`` are one family).

    Args:
        type_: An entity type label.

    Returns:
        ``PER``, ``LOC``, ``ORG`` or the upper-cased label itself.
    """
    t = type_.strip().upper()
    return _FAMILIES.get(t, t)


@dataclass(slots=True)
class _Form:
    idx: int
    family: str
    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)
    count: int = 0
    parsed: ParsedName | None = None

    @property
    def text(self) -> str:
        return self.names.most_common(1)[0][0]

    @property
    def single(self) -> bool:
        return (self.family == "PER" and self.parsed is not None and not self.parsed.is_full
                and bool(self.parsed.surname))


class _Groups:
    """Union-find over forms that keeps, per group, its forms and its forbidden folds."""

    def __init__(self, forms: list[_Form], forbid: dict[str, set[str]]) -> None:
        self.parent = list(range(len(forms)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(forms))}
        self.forms = forms
        self.forbid = forbid

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def forbidden(self, ra: int, rb: int) -> bool:
        if not self.forbid:
            return False
        fa = {self.forms[i].key for i in self.members[ra]}
        fb = {self.forms[i].key for i in self.members[rb]}
        return any(self.forbid.get(k, set()) & fb for k in fa)

    def union(self, ra: int, rb: int) -> int:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        return ra


def _typicality(names: Sequence[tuple[str, int]]) -> Callable[[str], float]:
    """How usual a spelling's letter pairs are among all the names of a pile (mean log count)."""
    pairs: Counter[str] = Counter()
    for name, n in names:
        w = f" {fold(name)} "
        for k in range(len(w) - 1):
            pairs[w[k:k + 2]] += n

    def score(name: str) -> float:
        w = f" {fold(name)} "
        grams = [w[k:k + 2] for k in range(len(w) - 1)]
        return sum(math.log1p(pairs[g]) for g in grams) / max(1, len(grams))

    return score


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-") or "x"


def _block_keys(form: _Form) -> set[str]:
    """Skeleton keys of a form: of the surname for persons, of the whole name otherwise."""
    if form.family == "PER" and form.parsed is not None and form.parsed.surname:
        head = form.parsed.surname.split()[-1]
        stem_keys = {"~" + sk for sk in stem_skeletons(head)}
    else:
        words = name_words(form.text)
        head = " ".join(words)
        longest = max(words, key=len) if words else ""
        stem_keys = {f"~{len(words)}:{sk}" for sk in stem_skeletons(longest)}
        if 1 < len(words) <= 4:
            # the words in any order, each by its shortest stem (Parlament Europejski,
            # Evropského parlamentu)
            shortest = sorted((stem_skeletons(w) or ("",))[-1] for w in words)
            stem_keys.add("@" + "|".join(shortest))
    keys: set[str] = set(stem_keys)
    for sk in skeleton_variants(head):
        sk = sk.replace(" ", "|")
        if not sk.strip("|"):
            keys.add("=" + form.key)
            continue
        keys.add(sk)
        if len(sk) >= 5:
            keys.update(sk[:i] + sk[i + 1:] for i in range(len(sk)))
    return keys


def _same_stem(a: str, b: str) -> bool:
    """Whether two words are case forms with one written stem (not two spellings).

    A stem that loses a fleeting vowel when declined (Slovene ``Biden``/``Bidna``) is one stem.
    """
    sa, sb = stems(a), stems(b)
    return bool(set(sa) & set(sb)) or any(fleeting(x, y) for x in sa for y in sb)


def _compatible(a: _Form, b: _Form) -> bool:
    if a.key == b.key:
        return True
    if a.family == "PER":
        assert a.parsed is not None and b.parsed is not None
        if a.single != b.single:
            return False
        if not person_match(a.parsed, b.parsed, inflected=True):
            return False
        # one document spelling a surname two ways is evidence of two people (declining it is not)
        sa, sb = a.parsed.surname, b.parsed.surname
        if a.docs & b.docs and fold(sa) != fold(sb) and not _same_stem(sa.split()[-1], sb.split()[-1]):
            return False
        return True
    return words_match(a.text, b.text, inflected=True)


def _tier(a: _Form, b: _Form) -> int:
    """0: same reading, 1: spelling variants, 2: case forms (merged in this order)."""
    if phonetic_variants(a.text)[0] == phonetic_variants(b.text)[0]:
        return 0
    if a.family == "PER":
        assert a.parsed is not None and b.parsed is not None
        return 1 if person_match(a.parsed, b.parsed) else 2
    return 1 if words_match(a.text, b.text) else 2


def _top(group: list[int], forms: list[_Form]) -> list[_Form]:
    return sorted((forms[i] for i in group), key=lambda f: -f.count)[:_MAX_LINKAGE]


def _candidate_pairs(forms: list[_Form]) -> list[tuple[int, int]]:
    blocks: dict[tuple[str, bool, str], list[int]] = defaultdict(list)
    for f in forms:
        for k in _block_keys(f):
            blocks[(f.family, f.single, k)].append(f.idx)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) > _MAX_BLOCK:
            sub: dict[tuple[str, ...], list[int]] = defaultdict(list)
            for i in members:
                sub[phonetic_variants(forms[i].text)].append(i)
            groups: Iterable[list[int]] = sub.values()
        else:
            groups = [members]
        for g in groups:
            if len(g) > _MAX_BLOCK:
                g = g[:_MAX_BLOCK]
            for x in range(len(g)):
                for y in range(x + 1, len(g)):
                    a, b = g[x], g[y]
                    pairs.add((a, b) if a < b else (b, a))
    return sorted(pairs)


def _correct_types(mentions: Sequence[NameMention], names: Sequence[str]) -> dict[str, str]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m, name in zip(mentions, names):
        if not m.settled:
            votes[fold(name) or name][m.type.strip().upper() or "MISC"] += max(1, m.count)
    out: dict[str, str] = {}
    for key, c in votes.items():
        best = max(c.items(), key=lambda kv: (kv[1], kv[0] == "PER"))
        out[key] = best[0]
    return out


def _forbid_map(aliases: AliasRules | None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    if aliases:
        for a, b in aliases.forbid:
            fa, fb = fold(a), fold(b)
            out[fa].add(fb)
            out[fb].add(fa)
    return dict(out)


def _apply_forced(groups: _Groups, forms: list[_Form], aliases: AliasRules | None) -> None:
    """Join the forms that merge rules connect, also through names no mention uses.

    Rules (A, hub) and (B, hub) join A and B even when the hub itself (a Wikidata label, say)
    is not written anywhere in the corpus.
    """
    if not aliases or not aliases.merge:
        return
    by_key: dict[str, list[int]] = defaultdict(list)
    for f in forms:
        by_key[f.key].append(f.idx)
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        parent.setdefault(k, k)
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in aliases.merge:
        ra, rb = root(fold(a)), root(fold(b))
        if ra != rb:
            parent[ra] = rb
    components: dict[str, list[int]] = defaultdict(list)
    for key in list(parent):
        components[root(key)].extend(by_key.get(key, ()))
    for present in components.values():
        if len(present) < 2:
            continue
        families: dict[str, list[int]] = defaultdict(list)
        for x in present:
            families[forms[x].family].append(x)
        # join within each type family; across families only when no family has two forms
        # (a rule about a person whose one spelling was tagged as an organisation)
        sets = [v for v in families.values() if len(v) > 1] or [present]
        for members in sets:
            for y in members[1:]:
                rx, ry = groups.find(members[0]), groups.find(y)
                if rx != ry:
                    groups.union(rx, ry)


def _merge_forms(forms: list[_Form], groups: _Groups) -> None:
    accepted: list[tuple[int, int, int]] = []
    for a, b in _candidate_pairs(forms):
        fa, fb = forms[a], forms[b]
        if not _compatible(fa, fb):
            continue
        accepted.append((_tier(fa, fb), a, b))
    accepted.sort()
    for _, a, b in accepted:
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb or groups.forbidden(ra, rb):
            continue
        ta, tb = _top(groups.members[ra], forms), _top(groups.members[rb], forms)
        if _linkable(ta, tb):
            groups.union(ra, rb)


def _merge_mistyped(forms: list[_Form], groups: _Groups) -> None:
    """Join a place and an organisation group whose one-word names differ by a typo.

    The tagger types a misspelt name of a place as an organisation, or the reverse
    ("Karvisnk" beside "Karvinsk"); such a group joins the group of the other family
    when that one carries at least :data:`_MISTYPED_DOMINANCE` times its mentions, so the
    entity takes the type most mentions have. Acronyms never join this way (an
    organisation's initials are no spelling of a place), nor do names of several words.
    """
    # a swap keeps the letters: forms are compared only with forms of the same letters
    blocks: dict[str, list[int]] = defaultdict(list)
    for f in forms:
        if f.family in ("ORG", "LOC") and len(name_words(f.text)) == 1 and not is_acronym(f.text):
            blocks["".join(sorted(f.key))].append(f.idx)
    total: Counter[int] = Counter()
    for f in forms:
        total[groups.find(f.idx)] += f.count
    for members in blocks.values():
        for a, b in itertools.combinations(members, 2):
            if forms[a].family == forms[b].family:
                continue
            ra, rb = groups.find(a), groups.find(b)
            if ra == rb or groups.forbidden(ra, rb):
                continue
            small, large = (ra, rb) if total[ra] < total[rb] else (rb, ra)
            if total[large] < _MISTYPED_DOMINANCE * total[small]:
                continue
            main_small, main_large = _top(groups.members[small], forms)[0], _top(groups.members[large], forms)[0]
            if _transposed(main_small.key, main_large.key):
                merged = total[small] + total[large]
                groups.union(small, large)
                total[groups.find(small)] = merged


def _transposed(a: str, b: str) -> bool:
    """Two long words that differ by one swap of adjacent letters, a typo ("Karvisnk"/"Karvinsk").

    Other differences (a letter more, another vowel, another romanisation) are as often two
    names of different types ("Belga"/"Belgia", "Germania"/"Germany") and are not accepted.
    """
    return len(a) == len(b) >= 6 and a != b and sorted(a) == sorted(b) and OSA.distance(a, b, score_cutoff=1) == 1


def _linkable(ta: list[_Form], tb: list[_Form]) -> bool:
    """Complete linkage that tolerates a rare misspelling.

    The most frequent forms of the two groups must be compatible, and so must the pairs of
    forms that carry all but :data:`_LINKAGE_SLACK` of the mention pairs between the groups:
    one ``Bibová`` among hundreds of ``Bibiová`` does not keep ``Bibi`` out.
    """
    if not _compatible(ta[0], tb[0]):
        return False
    total = sum(x.count for x in ta) * sum(y.count for y in tb)
    budget = _LINKAGE_SLACK * total
    for x in ta:
        for y in tb:
            if (x is not ta[0] or y is not tb[0]) and not _compatible(x, y):
                budget -= x.count * y.count
                if budget < 0:
                    return False
    return True


def _split(m: NameMention) -> tuple[str, str | None]:
    """The mention's name and its role (given, or a title split off a person's name)."""
    person = type_family(m.type) == "PER"
    name, descriptor = split_descriptor(m.text, person=person)
    role = m.role.strip() if m.role and m.role.strip() else None
    if role is None and person and descriptor and any(fold(w) in TITLES for w in descriptor.split()):
        role = descriptor
    return name.strip(), role


def canonicalise(mentions: Sequence[NameMention], *, aliases: AliasRules | None = None) -> list[Entity]:
    """Cluster entity mentions from many documents into canonical entities.

    Spelling, transliteration and case-form variants of one name join one entity; different
    people who share a given name, a man and a woman who share a surname, and different short
    names that happen to be close in spelling, stay apart. Surname-only person mentions join
    the full-name entity of their document (or the entity that surname form stands for in the
    rest of the corpus). Every mention ends up in exactly one entity.

    Args:
        mentions: The mentions, from any number of documents.
        aliases: Optional user rules that force or forbid merges, and choose canonical names
            (see :func:`~storyline.names.aliases.load_aliases`).

    Returns:
        Entities, most mentioned first. ``Entity.mentions`` holds positions in ``mentions``.

    Example:
        >>> ents = canonicalise([NameMention(text="Pyotr Tchaikovsky", type="PER", document="a"),
        ...                      NameMention(text="Piotra Czajkowskiego", type="PER", document="b")])
        >>> [e.name for e in ents]
        ['Pyotr Tchaikovsky']
    """
    split = [_split(m) for m in mentions]
    corrected = _correct_types(mentions, [name for name, _ in split])
    forms: list[_Form] = []
    by_key: dict[tuple[str, str], _Form] = {}
    mention_type: list[str] = []
    for i, m in enumerate(mentions):
        name = split[i][0]
        key = fold(name) or name
        typ = m.type.strip().upper() if m.settled or key not in corrected else corrected[key]
        mention_type.append(typ)
        fam = type_family(typ)
        form = by_key.get((fam, key))
        if form is None:
            form = _Form(idx=len(forms), family=fam, key=key)
            by_key[(fam, key)] = form
            forms.append(form)
        n = max(1, m.count)
        form.surfaces[m.text.strip()] += n
        form.names[name] += n
        form.docs.add(m.document)
        form.mentions.append(i)
        form.count += n
    # the parse of a PER form follows its most frequent spelling
    for f in forms:
        if f.family == "PER":
            f.parsed = parse_name(f.text)
    groups = _Groups(forms, _forbid_map(aliases))
    _apply_forced(groups, forms, aliases)
    _merge_forms(forms, groups)
    _merge_mistyped(forms, groups)
    merge_short_organisations(forms, groups)
    merge_acronyms(forms, groups)

    mention_root: list[int] = [0] * len(mentions)
    for f in forms:
        root = groups.find(f.idx)
        for mi in f.mentions:
            mention_root[mi] = root
    doc_of = [m.document for m in mentions]
    for mi, root in resolve_surnames(forms, groups, doc_of).items():
        mention_root[mi] = groups.find(root)
    return _build_entities(mentions, split, mention_type, mention_root, _preferred(aliases))


def _preferred(aliases: AliasRules | None) -> dict[str, str]:
    """fold -> the canonical name the alias rules choose for an entity containing that form."""
    out: dict[str, str] = {}
    if aliases:
        for name, alias in aliases.merge:
            out.setdefault(fold(name), name)
            out.setdefault(fold(alias), name)
    return out


def _build_entities(
    mentions: Sequence[NameMention],
    split: Sequence[tuple[str, str | None]],
    mention_type: list[str],
    mention_root: list[int],
    preferred: dict[str, str],
) -> list[Entity]:
    by_root: dict[int, list[int]] = defaultdict(list)
    for mi, root in enumerate(mention_root):
        by_root[root].append(mi)
    typical = _typicality([(split[mi][0], max(1, mentions[mi].count)) for mi in range(len(mentions))])
    drafts = []
    for idxs in by_root.values():
        variants: Counter[str] = Counter()
        types: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        names: Counter[str] = Counter()
        full: Counter[str] = Counter()
        first: dict[str, int] = {}
        docs: set[str] = set()
        for mi in idxs:
            m = mentions[mi]
            name, role = split[mi]
            n = max(1, m.count)
            variants[m.text.strip()] += n
            names[name] += n
            first.setdefault(name, mi)
            types[mention_type[mi]] += n
            docs.add(m.document)
            if role:
                roles[role] += n
            if len(name.split()) > 1:
                full[name] += n
        typ = max(types.items(), key=lambda kv: (kv[1], kv[0] == "PER"))[0]
        pool = full if (type_family(typ) == "PER" and full) else names
        # the most frequent form; between forms as frequent, the one spelled most like the pile's other names
        # (a typo's letter pairs are rare: "Smtih" against "Smith"), then the first seen
        name = min(pool.items(), key=lambda kv: (-kv[1], -typical(kv[0]), first[kv[0]]))[0]
        chosen = [preferred[k] for k in (fold(v) for v, _ in names.most_common()) if k in preferred]
        if chosen:
            name = chosen[0]
        drafts.append((sum(variants.values()), name, typ, variants, roles, docs, idxs))
    drafts.sort(key=lambda d: (-d[0], d[1]))
    used: Counter[str] = Counter()
    out: list[Entity] = []
    for total, name, typ, variants, roles, docs, idxs in drafts:
        base = f"{type_family(typ).lower()}:{_slug(name)}"
        used[base] += 1
        eid = base if used[base] == 1 else f"{base}-{used[base]}"
        out.append(Entity(
            id=eid,
            name=name,
            type=typ,
            variants=tuple(sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))),
            roles=tuple(r for r, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))),
            documents=tuple(sorted(docs)),
            mentions=tuple(sorted(idxs)),
        ))
    return out
