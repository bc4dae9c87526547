"""Resolving short names with document context: a surname alone, an organisation's first word.

A surname alone (``Tchaikovsky``, ``Czajkowskiego``) names whichever person of that surname
the document is about; an organisation's first word (``Lufthansa`` for ``Lufthansa Cargo``)
likewise. These forms are never merged by spelling alone (``Tchaikovsky`` may be either of
two brothers); the evidence is the document:

* persons, mention by mention: the one full-name entity with a matching surname in the same
  document (if several, one that the document mentions at least three times as often as each
  other, or else one that dwarfs the others in the corpus); failing that, the entity this
  surname form was resolved to in most of its other documents, or the one corpus entity with
  that surname, or one that dwarfs the others; a one-word name that is nobody's surname is a
  given name, and joins the one person of its document with that given name;
* organisations, group by group: a one-word name joins the longer name that starts with it
  when most documents using both point to that one longer name.

Spelling matches are tried before case-form (inflection) matches; a feminine surname form
never resolves to an entity whose names are masculine, or the reverse.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.names.inflect import gender, inflected_match, stem_skeletons
from storyline.names.match import acronym, acronyms, given_match, is_acronym, name_words, part_match
from storyline.names.phonetic import fold, skeleton_variants

if TYPE_CHECKING:
    from storyline.names.cluster import _Form, _Groups

__all__ = ["acronym_word", "merge_acronyms", "merge_short_organisations", "resolve_surnames"]

_LOCAL_DOMINANCE = 3.0  # in-document mention ratio that settles a choice between candidates
_CORPUS_DOMINANCE = 5.0  # corpus mention ratio that settles it when the document has none
_VOTE_SHARE = 2 / 3  # share of the documents' votes that makes a clear winner
_MAX_CANDIDATES = 64  # groups compared per short name and tier


def _keys(word: str) -> set[str]:
    keys: set[str] = set()
    for sk in skeleton_variants(word):
        keys.add(sk)
        if len(sk) >= 5:  # one-typo neighbours, as in blocking
            keys.update(sk[:i] + sk[i + 1:] for i in range(len(sk)))
    keys.update("~" + sk for sk in stem_skeletons(word))
    return keys


class _HeadIndex:
    """Head words (surnames, first words) of groups, looked up by skeleton and stem skeleton."""

    def __init__(self) -> None:
        self.index: dict[str, set[int]] = defaultdict(set)
        self.heads: dict[int, set[str]] = defaultdict(set)

    def add(self, root: int, word: str) -> None:
        if word in self.heads[root]:
            return
        self.heads[root].add(word)
        for k in _keys(word):
            self.index[k].add(root)

    def tiers(self, word: str, weight: Counter[int]) -> tuple[set[int], set[int]]:
        """(roots whose head is a spelling of ``word``, roots whose head is a case form of it).

        Spellings are looked for among roots sharing a skeleton, case forms among roots sharing
        a stem skeleton; of a crowded key only the :data:`_MAX_CANDIDATES` roots with the most
        mentions are compared (a bound on the work per word).
        """
        spelled: set[int] = set()
        stemmed: set[int] = set()
        for k in _keys(word):
            (stemmed if k.startswith("~") else spelled).update(self.index.get(k, ()))
        strict = {r for r in _most(spelled, weight) if any(part_match(word, h) for h in self.heads[r])}
        infl = {r for r in _most(stemmed - strict, weight)
                if any(inflected_match(word, h) for h in self.heads[r])}
        return strict, infl


def _most(roots: set[int], weight: Counter[int]) -> set[int] | list[int]:
    if len(roots) <= _MAX_CANDIDATES:
        return roots
    return sorted(roots, key=lambda r: -weight[r])[:_MAX_CANDIDATES]


def _dominant(counts: Counter[int], ratio: float) -> int | None:
    top = counts.most_common(2)
    if not top or top[0][1] <= 0:
        return None
    if len(top) == 1 or top[0][1] >= ratio * max(top[1][1], 1e-9):
        return top[0][0]
    return None


def resolve_surnames(forms: Sequence[_Form], groups: _Groups, doc_of: Sequence[str]) -> dict[int, int]:
    """Map mention index -> group root for surname-only person mentions that resolve.

    Args:
        forms: All forms.
        groups: The groups after spelling merges.
        doc_of: Document id per mention index.

    Returns:
        The resolved mentions; the others stay in their own group.
    """
    index = _HeadIndex()
    in_doc: dict[int, Counter[str]] = defaultdict(Counter)
    total: Counter[int] = Counter()
    has_f: set[int] = set()
    has_m: set[int] = set()
    masc_given: set[int] = set()  # groups with a consonant-final given name (Petr, Donald)
    firsts: dict[str, set[tuple[int, str]]] = defaultdict(set)  # doc -> (group, first given name)
    for f in forms:
        if f.family != "PER" or f.parsed is None or not f.parsed.is_full:
            continue
        root = groups.find(f.idx)
        last = f.parsed.surname.split()[-1]
        index.add(root, last)
        for mi in f.mentions:
            in_doc[root][doc_of[mi]] += 1
        total[root] += f.count
        g = gender(last)
        if g == "F":
            has_f.add(root)
        elif g == "M":
            has_m.add(root)
        first = f.parsed.given[0].rstrip(".")
        if len(first) > 1 and first[-1].lower() not in "aeiouy":
            masc_given.add(root)
        if len(first) > 1:
            for doc in f.docs:
                firsts[doc].add((root, first))

    def fits(word_gender: str | None, root: int) -> bool:
        if word_gender == "F":
            return root not in has_m and (root in has_f or root not in masc_given)
        if word_gender == "M":
            return root in has_m or root not in has_f
        return True

    out: dict[int, int] = {}
    for f in forms:
        if not f.single:
            continue
        assert f.parsed is not None
        word = f.parsed.surname.split()[-1]
        own = groups.find(f.idx)
        g = gender(word)
        tiers = [{r for r in t if fits(g, r) and not groups.forbidden(own, r)}
                 for t in index.tiers(word, total)]
        if not any(tiers):
            # nobody's surname: a given name alone names the one person of its document
            # with that given name ("Joe" beside "Joe Kiden")
            for mi in f.mentions:
                local = {r for r, first in firsts.get(doc_of[mi], ()) if given_match(word, first)}
                local = {r for r in local if not groups.forbidden(own, r)}
                if len(local) == 1:
                    out[mi] = next(iter(local))
            continue
        pending: list[int] = []
        for mi in f.mentions:
            doc = doc_of[mi]
            chosen: int | None = None
            seen_local = False
            for tier in tiers:
                local = Counter({r: in_doc[r][doc] for r in tier if in_doc[r][doc]})
                if local:
                    seen_local = True
                    # several people of that surname in the document: the one it names most,
                    # else the one that dwarfs the others in the corpus (the better known)
                    chosen = _dominant(local, _LOCAL_DOMINANCE)
                    if chosen is None:
                        chosen = _dominant(Counter({r: total[r] for r in local}), _CORPUS_DOMINANCE)
                    break
            if chosen is not None:
                out[mi] = chosen
            elif not seen_local:
                # nobody of that surname in the document: a family name written first ("Wen"
                # beside "Wen Taolin") names the one person of the document with that first name
                first = {r for r, name in firsts.get(doc, ()) if given_match(word, name)
                         and not groups.forbidden(own, r)}
                if len(first) == 1:
                    out[mi] = next(iter(first))
                else:
                    pending.append(mi)
        if not pending:
            continue
        default = _default(tiers, total)
        if default is not None:
            for mi in pending:
                out[mi] = default
    return out


def _default(tiers: list[set[int]], total: Counter[int]) -> int | None:
    cands = next((t for t in tiers if t), set())
    if not cands:
        return None
    if len(cands) == 1:
        return next(iter(cands))
    # Several people have that surname and the document names none of them: what other documents
    # mean by it is no evidence for this one ("Bush" of a piece on an old administration is not the
    # footballer most of the pile writes about), only a corpus where one of them dwarfs the others.
    return _dominant(Counter({r: total[r] for r in cands}), _CORPUS_DOMINANCE)


def _winner(votes: Counter[int]) -> int | None:
    """The group that most documents point to, if clearly: at least :data:`_VOTE_SHARE` of the
    votes, or (with three votes or more) twice as many as any other group."""
    ranked = votes.most_common(2)
    if not ranked:
        return None
    top, k = ranked[0]
    if k >= _VOTE_SHARE * sum(votes.values()):
        return top
    if k >= 3 and k >= 2 * ranked[1][1]:
        return top
    return None


def merge_short_organisations(forms: Sequence[_Form], groups: _Groups) -> None:
    """Join one-word organisation names to the longer name starting with them that documents confirm.

    Each document that uses the short name and exactly one longer name starting with it votes
    for that name's group; the short name's group joins the clear winner (see :func:`_winner`).

    Args:
        forms: All forms.
        groups: The groups after spelling merges (joined in place).
    """
    index = _HeadIndex()
    long_docs: dict[int, set[str]] = defaultdict(set)
    short: dict[int, list[_Form]] = defaultdict(list)
    long_roots: set[int] = set()
    for f in forms:
        if f.family != "ORG":
            continue
        words = name_words(f.text)
        root = groups.find(f.idx)
        if len(words) >= 2 and not is_acronym(words[0]) and not any(c.isdigit() for c in f.text):
            index.add(root, words[0])
            long_docs[root] |= f.docs
            long_roots.add(root)
        elif len(words) == 1 and not is_acronym(f.text) and not any(c.isdigit() for c in f.text):
            short[root].append(f)
    weight: Counter[int] = Counter({r: len(d) for r, d in long_docs.items()})
    for root, fs in short.items():
        if root in long_roots:
            continue
        cands: set[int] = set()
        for f in fs:
            strict, infl = index.tiers(name_words(f.text)[0], weight)
            cands |= strict | infl
        cands = {r for r in cands if not groups.forbidden(groups.find(root), groups.find(r))}
        if not cands:
            continue
        votes: Counter[int] = Counter()
        for doc in set().union(*(f.docs for f in fs)):
            local = [r for r in cands if doc in long_docs[r]]
            if len(local) == 1:
                votes[local[0]] += 1
        top = _winner(votes)
        if top is not None:
            ra, rb = groups.find(root), groups.find(top)
            if ra != rb:
                groups.union(ra, rb)


def acronym_word(text: str) -> str:
    """The acronym a name consists of (``"the U.S."`` -> ``"US"``, ``"ČR"`` -> ``"CR"``), or ``""``."""
    words = name_words(text)
    return fold(words[0]).upper() if len(words) == 1 and is_acronym(words[0]) else ""


def merge_acronyms(forms: Sequence[_Form], groups: _Groups) -> None:
    """Join each acronym to the one spelled-out name its documents write beside it.

    An acronym (``EU``, ``ODS``) is compared with the initials of the multiword names of its
    own type family (see :func:`~storyline.names.match.acronyms`). Each document that uses the
    acronym and exactly one group with a matching expansion votes for that group; the acronym's
    group joins the clear winner (see :func:`_winner`). Acronyms are not merged by spelling.

    A place's initials are rarely spelled out beside it (``FI``), so a place acronym that no
    document writes beside a name with its initials joins the one place group of the corpus
    whose capitalised words give those initials (``Federated Isles`` in another report); with
    two or more candidates it joins none. Organisations are joined only by their documents:
    news spells an organisation's name out where it introduces the acronym, and the initials
    of unrelated organisations meet too often across a corpus.

    Args:
        forms: All forms.
        groups: The groups after spelling merges (joined in place).
    """
    expansions: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    places: dict[str, set[int]] = defaultdict(set)  # strict initials -> place forms
    short: dict[int, list[_Form]] = defaultdict(list)
    for f in forms:
        if f.family == "PER":
            continue
        word = acronym_word(f.text)
        if word:
            short[groups.find(f.idx)].append(f)
            continue
        for acr in acronyms(f.text):
            for doc in f.docs:
                expansions[(f.family, acr)][doc].add(f.idx)
        if f.family == "LOC" and acronym(f.text):
            places[fold(acronym(f.text)).upper()].add(f.idx)
    for root, fs in short.items():
        votes: Counter[int] = Counter()
        spelled_out = False  # whether a document of the acronym names anything with its initials
        corpus: set[int] = set()
        for f in fs:
            by_doc = expansions.get((f.family, acronym_word(f.text)))
            if not by_doc:
                continue
            if f.family == "LOC":
                corpus.update(groups.find(i) for i in places.get(acronym_word(f.text), ()))
            for doc in f.docs:
                local = {groups.find(i) for i in by_doc.get(doc, ())}
                spelled_out = spelled_out or bool(local)
                if len(local) == 1:
                    votes[next(iter(local))] += 1
        top = _winner(votes)
        if top is None and not spelled_out and len(corpus) == 1:
            top = next(iter(corpus))
        if top is None:
            continue
        ra, rb = groups.find(root), groups.find(top)
        if ra != rb and not groups.forbidden(ra, rb):
            groups.union(ra, rb)
