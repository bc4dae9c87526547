"""Clustering entity mentions from many documents into canonical entities.

The steps of :func:`canonicalise`:

1. Every mention's type is corrected corpus-wide: a written form (after
   :func:`~storyline.names.phonetic.fold`) takes the type most of its mentions have.
2. Mentions are grouped into *forms*: one per (type family, fold).
3. Candidate pairs of forms are found by blocking on consonant skeletons (and their
   one-deletion neighbours, to catch typos), never all pairs.
4. Candidate pairs that match (:func:`~storyline.names.match.person_match` for persons,
   :func:`~storyline.names.match.words_match` otherwise) are merged best first, under complete
   linkage: two groups join only if all their main forms are compatible, no forbid rule
   separates them, and (for persons) no document uses two different surname spellings.
5. Persons named by surname alone are resolved mention by mention: to the one full-name entity
   with a matching surname in the same document, or failing that, the one in the corpus.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline.names.aliases import AliasRules
from storyline.names.match import (
    ParsedName,
    acronym,
    is_acronym,
    name_words,
    parse_name,
    part_match,
    person_match,
    words_match,
)
from storyline.names.phonetic import fold, phonetic_variants, skeleton_variants

__all__ = ["Entity", "NameMention", "canonicalise", "type_family"]

_FAMILIES = {
    "PER": "PER", "PERSON": "PER",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "LOCATION": "LOC",
    "ORG": "ORG", "ORGANIZATION": "ORG", "NORP": "NORP",
}
_MAX_BLOCK = 300  # blocks larger than this are only compared on exact readings
_MAX_LINKAGE = 12  # forms per group checked in complete linkage (the most frequent ones)


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
    """

    text: str
    type: str
    document: str
    role: str | None = None
    start: int | None = None
    end: int | None = None
    count: int = 1


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
    docs: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)
    count: int = 0
    parsed: ParsedName | None = None

    @property
    def text(self) -> str:
        return self.surfaces.most_common(1)[0][0]

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


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-") or "x"


def _block_keys(form: _Form) -> set[str]:
    """Skeleton keys of a form: of the surname for persons, of the whole name otherwise."""
    if form.family == "PER" and form.parsed is not None and form.parsed.surname:
        head = form.parsed.surname.split()[-1]
    else:
        head = " ".join(name_words(form.text))
    keys: set[str] = set()
    for sk in skeleton_variants(head):
        sk = sk.replace(" ", "|")
        if not sk.strip("|"):
            keys.add("=" + form.key)
            continue
        keys.add(sk)
        if len(sk) >= 4:
            keys.update(sk[:i] + sk[i + 1:] for i in range(len(sk)))
    return keys


def _compatible(a: _Form, b: _Form) -> bool:
    if a.key == b.key:
        return True
    if a.family == "PER":
        assert a.parsed is not None and b.parsed is not None
        if a.single != b.single:
            return False
        if not person_match(a.parsed, b.parsed):
            return False
        # one document spelling a surname two ways is evidence of two people
        if a.docs & b.docs and fold(a.parsed.surname) != fold(b.parsed.surname):
            return False
        return True
    return words_match(a.text, b.text) or _acronym_of(a, b) or _acronym_of(b, a)


def _acronym_of(short: _Form, long: _Form) -> bool:
    return is_acronym(short.text) and acronym(long.text) == short.text.replace(".", "").upper()


def _acronym_pairs(forms: list[_Form]) -> set[tuple[int, int]]:
    """Pairs (acronym, spelled-out name) of non-personal forms used in one document."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for f in forms:
        if f.family != "PER":
            for d in f.docs:
                by_doc[d].append(f.idx)
    out: set[tuple[int, int]] = set()
    for idxs in by_doc.values():
        acrs = [i for i in idxs if is_acronym(forms[i].text)]
        if not acrs:
            continue
        spelled: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in idxs:
            a = acronym(forms[i].text)
            if a:
                spelled[(forms[i].family, a)].append(i)
        for i in acrs:
            for j in spelled.get((forms[i].family, forms[i].text.replace(".", "").upper()), []):
                out.add((i, j) if i < j else (j, i))
    return out


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
    pairs |= _acronym_pairs(forms)
    return sorted(pairs)


def _correct_types(mentions: Sequence[NameMention]) -> dict[str, str]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        votes[fold(m.text) or m.text][m.type.strip().upper() or "MISC"] += max(1, m.count)
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
    if not aliases or not aliases.merge:
        return
    by_key: dict[str, list[int]] = defaultdict(list)
    for f in forms:
        by_key[f.key].append(f.idx)
    for a, b in aliases.merge:
        fa, fb = by_key.get(fold(a), []), by_key.get(fold(b), [])
        if not fa or not fb:
            continue
        same_family = [(x, y) for x in fa for y in fb if forms[x].family == forms[y].family]
        todo = same_family or [(x, y) for x in fa for y in fb]
        for x, y in todo:
            rx, ry = groups.find(x), groups.find(y)
            if rx != ry:
                groups.union(rx, ry)


def _merge_forms(forms: list[_Form], groups: _Groups) -> None:
    accepted: list[tuple[int, int, int]] = []
    for a, b in _candidate_pairs(forms):
        fa, fb = forms[a], forms[b]
        if not _compatible(fa, fb):
            continue
        exact = phonetic_variants(fa.text)[0] == phonetic_variants(fb.text)[0]
        accepted.append((0 if exact else 1, a, b))
    accepted.sort()
    for _, a, b in accepted:
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb or groups.forbidden(ra, rb):
            continue
        ta, tb = _top(groups.members[ra], forms), _top(groups.members[rb], forms)
        if all(_compatible(x, y) for x in ta for y in tb):
            groups.union(ra, rb)


def _resolve_singles(forms: list[_Form], groups: _Groups, doc_of: Sequence[str]) -> dict[int, int]:
    """Map mention index -> group root for surname-only person mentions that resolve."""
    full_roots: dict[int, list[_Form]] = defaultdict(list)
    for f in forms:
        if f.family == "PER" and f.parsed is not None and f.parsed.is_full:
            full_roots[groups.find(f.idx)].append(f)
    # surname skeleton -> full-name groups carrying that surname
    index: dict[str, set[int]] = defaultdict(set)
    surnames: dict[int, set[str]] = defaultdict(set)
    docs_of: dict[int, set[str]] = defaultdict(set)
    for root, fs in full_roots.items():
        for f in fs:
            assert f.parsed is not None
            last = f.parsed.surname.split()[-1]
            surnames[root].add(last)
            docs_of[root] |= f.docs
            for sk in skeleton_variants(last):
                index[sk].add(root)
                if len(sk) >= 4:
                    for i in range(len(sk)):
                        index[sk[:i] + sk[i + 1:]].add(root)

    def matching(word: str, prefix: str, names: dict[int, set[str]]) -> set[int]:
        cands: set[int] = set()
        for sk in skeleton_variants(word):
            cands |= index.get(prefix + sk, set())
            if len(sk) >= 4:  # one-typo neighbours, as in blocking
                for i in range(len(sk)):
                    cands |= index.get(prefix + sk[:i] + sk[i + 1:], set())
        return {r for r in cands if any(part_match(word, s) for s in names[r])}

    out: dict[int, int] = {}
    for f in forms:
        if not f.single:
            continue
        assert f.parsed is not None
        word = f.parsed.surname.split()[-1]
        by_surname = matching(word, "", surnames)
        by_surname = {r for r in by_surname if not groups.forbidden(groups.find(f.idx), r)}
        corpus_unique = next(iter(by_surname)) if len(by_surname) == 1 else None
        for mi in f.mentions:
            local = {r for r in by_surname if doc_of[mi] in docs_of[r]}
            if len(local) == 1:
                out[mi] = next(iter(local))
            elif not local and corpus_unique is not None:
                out[mi] = corpus_unique
    return out


def canonicalise(mentions: Sequence[NameMention], *, aliases: AliasRules | None = None) -> list[Entity]:
    """Cluster entity mentions from many documents into canonical entities.

    Spelling and transliteration variants of one name join one entity; different people who
    share a given name, and different short names that happen to be close in spelling, stay
    apart. Surname-only person mentions join the full-name entity of their document (or the
    one entity in the corpus with that surname). Every mention ends up in exactly one entity.

    Args:
        mentions: The mentions, from any number of documents.
        aliases: Optional user rules that force or forbid merges (see
            :func:`~storyline.names.aliases.load_aliases`).

    Returns:
        Entities, most mentioned first. ``Entity.mentions`` holds positions in ``mentions``.
    """
    corrected = _correct_types(mentions)
    forms: list[_Form] = []
    by_key: dict[tuple[str, str], _Form] = {}
    mention_type: list[str] = []
    for i, m in enumerate(mentions):
        key = fold(m.text) or m.text
        typ = corrected[key]
        mention_type.append(typ)
        fam = type_family(typ)
        form = by_key.get((fam, key))
        if form is None:
            form = _Form(idx=len(forms), family=fam, key=key)
            if fam == "PER":
                form.parsed = parse_name(m.text)
            by_key[(fam, key)] = form
            forms.append(form)
        n = max(1, m.count)
        form.surfaces[m.text.strip()] += n
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

    mention_root: list[int] = [0] * len(mentions)
    for f in forms:
        root = groups.find(f.idx)
        for mi in f.mentions:
            mention_root[mi] = root
    doc_of = [m.document for m in mentions]
    for mi, root in _resolve_singles(forms, groups, doc_of).items():
        mention_root[mi] = root
    return _build_entities(mentions, mention_type, mention_root, forms)


def _build_entities(
    mentions: Sequence[NameMention], mention_type: list[str], mention_root: list[int], forms: list[_Form]
) -> list[Entity]:
    by_root: dict[int, list[int]] = defaultdict(list)
    for mi, root in enumerate(mention_root):
        by_root[root].append(mi)
    drafts = []
    for idxs in by_root.values():
        variants: Counter[str] = Counter()
        types: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        full: Counter[str] = Counter()
        first: dict[str, int] = {}
        docs: set[str] = set()
        for mi in idxs:
            m = mentions[mi]
            n = max(1, m.count)
            surface = m.text.strip()
            variants[surface] += n
            first.setdefault(surface, mi)
            types[mention_type[mi]] += n
            docs.add(m.document)
            if m.role and m.role.strip():
                roles[m.role.strip()] += n
            if len(surface.split()) > 1:
                full[surface] += n
        typ = max(types.items(), key=lambda kv: (kv[1], kv[0] == "PER"))[0]
        pool = full if (type_family(typ) == "PER" and full) else variants
        name = min(pool.items(), key=lambda kv: (-kv[1], first[kv[0]]))[0]
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
