"""Deciding whether two names, or two parts of names, are spellings of the same name.

A *part* is one word of a name (a hyphenated word is one part). Two parts match when

* their :func:`~storyline.names.phonetic.fold` is equal, or
* one of their readings has the same consonant skeleton and the vowels between the consonants
  differ by no more than a small, length-dependent allowance (see :func:`vowel_cost`), or
* (long parts only) they differ by one swap of adjacent letters (a typo) that is not at the
  last letter, or
* (long parts only) they differ in the voicing of one consonant (``g/k``, ``d/t``, ``b/p``,
  ``v/f``) and nothing else.

Given names are compared with a looser allowance than surnames, because they are only ever
accepted together with a matching surname. A final ``a`` added to a word is never accepted as a
variant: in Slavic languages it marks the feminine form of a name (a different person).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from storyline.names.inflect import adjective_root, gender, inflected_match, stems
from storyline.names.phonetic import VOWELS, fold, phonetic_variants

__all__ = [
    "ARTICLES",
    "CONNECTORS",
    "DESCRIPTORS",
    "HONORIFICS",
    "HYPOCORISTICS",
    "LEGAL_FORMS",
    "ParsedName",
    "ACRONYM_SKIP",
    "acronym",
    "acronyms",
    "is_acronym",
    "name_words",
    "genders_agree",
    "given_match",
    "parse_name",
    "part_match",
    "person_match",
    "same_name",
    "split_descriptor",
    "TITLES",
    "vowel_cost",
    "word_match",
    "words_match",
]

#: Forms of address dropped in front of personal names (compared after fold).
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "herr", "frau",
    "pan", "pani", "monsieur", "madame", "mme", "mlle", "senor", "senora", "signor", "signora",
})
#: Generational suffixes: a surname alone is looked up by the word before one ("Venn" for
#: "Harold Venn Jr"); a regnal number ("Jan Pawel II") is no suffix of a surname.
GENERATIONAL = frozenset({"jr", "sr"})
#: Legal-form words ignored at the end of organisation names (compared after fold).
LEGAL_FORMS = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc",
    "ag", "gmbh", "sa", "sas", "spa", "nv", "bv", "ab", "as", "oy", "kk", "group", "holding", "holdings",
})
#: Articles ignored at the start of non-personal names.
ARTICLES = frozenset({"the"})
#: Titles and functions written in front of personal names (compared after fold); they are
#: split off as the mention's role ("Senator", "Prime Minister", "Ryanair CEO").
TITLES = frozenset({
    "president", "vice", "senator", "congressman", "congresswoman", "representative", "minister",
    "prime", "chancellor", "premier", "secretary", "governor", "mayor", "ambassador", "envoy",
    "spokesman", "spokeswoman", "spokesperson", "ceo", "cfo", "coo", "chairman", "chairwoman",
    "chair", "chief", "executive", "officer", "director", "founder", "judge", "justice", "presiding",
    "king", "queen", "prince", "princess", "pope", "general", "colonel", "captain", "commander",
    "deputy", "leader", "head", "analyst", "professor", "economist", "archbishop", "bishop", "cardinal",
    "composer", "writer", "author", "poet", "singer", "actor", "actress", "journalist", "reporter",
    "correspondent", "lawyer", "activist", "coach", "player",
    "prezydent", "prezident", "predsednik", "predsjednik", "predseda", "premiera", "ministr",
    "kanclerz", "kancler", "senat", "senator", "rzecznik", "mluvci", "poslanec", "posel",
})
#: Common nouns that, right in front of a name, describe it ("U.S. automaker Ford", "German
#: airline Lufthansa", "Toulouse-based Airbus"); a descriptor is only split off when it ends
#: in one of these, a title or a possessive, because in Slavic names lowercase words before a
#: capitalised one are part of the name ("Ministrstvo za finance ČR").
DESCRIPTORS = frozenset({
    "maker", "manufacturer", "automaker", "carmaker", "airline", "carrier", "airframer", "company",
    "firm", "giant", "rival", "subsidiary", "division", "parent", "unit", "based", "operator",
    "bank", "agency", "newspaper", "broadcaster", "network", "retailer", "producer", "supplier",
    "developer", "startup", "conglomerate", "chain", "brand", "group", "outlet", "daily", "city",
    "town", "village", "capital", "country", "state", "province", "region", "port", "club",
    "koncern", "firma", "spolka", "spolecnost", "przewoznik", "dopravce", "agencja", "agentura",
    "miasto", "mesto", "gazeta", "dziennik", "denik", "stolica",
})
#: Lowercase words allowed inside a name ("Bank of America", "Ludwig van Beethoven").
CONNECTORS = frozenset({"of", "and", "&", "de", "du", "des", "la", "le", "von", "van", "der", "den",
                        "di", "da", "del", "della", "do", "dos", "al", "el", "bin", "ibn", "y", "e"})

#: Familiar forms of English given names and the full names they stand for (general knowledge,
#: as Dmytro/Dmitry is derived by spelling): accepted only beside a matching surname.
HYPOCORISTICS: dict[str, tuple[str, ...]] = {
    "joe": ("joseph",), "bill": ("william",), "billy": ("william",), "will": ("william",),
    "bob": ("robert",), "bobby": ("robert",), "rob": ("robert",), "mike": ("michael",),
    "mick": ("michael",), "tom": ("thomas",), "tommy": ("thomas",), "jim": ("james",),
    "jimmy": ("james",), "dick": ("richard",), "rick": ("richard",), "ted": ("edward", "theodore"),
    "ed": ("edward",), "eddie": ("edward",), "tony": ("anthony", "antonio"), "nick": ("nicholas",),
    "dan": ("daniel",), "danny": ("daniel",), "steve": ("stephen", "steven"),
    "chris": ("christopher",), "matt": ("matthew",), "pete": ("peter",), "sam": ("samuel",),
    "ben": ("benjamin",), "andy": ("andrew",), "ron": ("ronald",), "jerry": ("gerald",),
    "larry": ("lawrence",), "greg": ("gregory",), "jeff": ("jeffrey",), "tim": ("timothy",),
    "pat": ("patrick", "patricia"), "kate": ("katherine", "catherine"),
    "katie": ("katherine", "catherine"), "liz": ("elizabeth",), "beth": ("elizabeth",),
    "jen": ("jennifer",), "jenny": ("jennifer",), "sue": ("susan",), "meg": ("margaret",),
    "maggie": ("margaret",), "peggy": ("margaret",), "vicky": ("victoria",), "becky": ("rebecca",),
    "bernie": ("bernard",), "chuck": ("charles",), "charlie": ("charles",),
    "harry": ("henry", "harold"), "hank": ("henry",), "jack": ("john",), "johnny": ("john",),
    "fred": ("frederick",), "phil": ("philip",), "ken": ("kenneth",), "abe": ("abraham",),
    "gabe": ("gabriel",), "nate": ("nathan", "nathaniel"), "zach": ("zachary",),
}

_VOICING = frozenset({frozenset("GK"), frozenset("DT"), frozenset("BP"), frozenset("VF")})
_PERSON_TYPES = frozenset({"PER", "PERSON"})


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into given names and surname.

    Attributes:
        text: The name as written (whitespace squeezed).
        given: Given names and initials, in order (may be empty).
        surname: The last word, with any lowercase particles before it (``von der Leyen``).
    """

    text: str
    given: tuple[str, ...]
    surname: str

    @property
    def is_full(self) -> bool:
        """Whether the name has at least one given name or initial besides the surname."""
        return bool(self.given)

    @property
    def head(self) -> str:
        """The name's last word that is no generational suffix (``Venn`` of ``Harold Venn Jr``).

        The suffix is read as the surname (names are compared as written), but a surname alone
        is looked up by this word.
        """
        words = [*self.given, *self.surname.split()]
        while len(words) > 1 and fold(words[-1]) in GENERATIONAL:
            words.pop()
        return words[-1] if words else ""


def _clean_token(tok: str) -> str:
    return tok.strip(".,;:!?()[]{}\"'«»„“”‚‘’")


def _uncap(words: list[str]) -> list[str]:
    """Words of a name written all in capitals (a headline's ``ASIA BIBI``), title-cased.

    A capitalised word of a name is otherwise read as an acronym, whose letters are not
    compared as sounds.
    """
    if len(words) > 1 and all(w.isupper() for w in words):
        return [w.title() for w in words]
    return words


@lru_cache(maxsize=200_000)
def parse_name(text: str) -> ParsedName:
    """Split a personal name into given names and surname.

    Lowercase words in front of the last word (``van``, ``de``, ``al``...) are taken as
    particles of the surname when the name also has capitalised words.

    Args:
        text: A name as written.

    Returns:
        The parsed name. A one-word name has no given names.
    """
    norm = unicodedata.normalize("NFKC", text)
    tokens = _uncap([t for t in (_clean_token(t) for t in norm.split()) if t])
    while len(tokens) > 1 and fold(tokens[0]) in HONORIFICS:
        tokens = tokens[1:]
    if not tokens:
        return ParsedName(text=norm.strip(), given=(), surname="")
    start = len(tokens) - 1
    has_upper = any(t[:1].isupper() for t in tokens)
    # particles are short lowercase words ("van", "de", "al"); a longer lowercase word is a
    # common noun in front of the name ("rodzina Kowalskich", "the family"), kept apart
    while (start > 0 and has_upper and tokens[start - 1][:1].islower()
           and (len(tokens[start - 1]) <= 3 or fold(tokens[start - 1]) in CONNECTORS)):
        start -= 1
    return ParsedName(text=" ".join(tokens), given=tuple(tokens[:start]), surname=" ".join(tokens[start:]))


@lru_cache(maxsize=200_000)
def _readings(part: str) -> tuple[str, ...]:
    return tuple(r.replace(" ", "") for r in phonetic_variants(part))


@lru_cache(maxsize=200_000)
def _consonant_readings(part: str) -> tuple[str, ...]:
    return tuple("".join(c for c in r if c not in VOWELS) for r in _readings(part))


def _groups(reading: str) -> list[str]:
    """Vowel groups around the consonants of a reading (one more group than consonants)."""
    groups = [""]
    for c in reading:
        if c in VOWELS:
            groups[-1] += c
        else:
            groups.append("")
    return groups


def _is_subseq(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


#: Vowel alternations between romanisations of one Cyrillic name (``ё`` read ``e`` or ``o``;
#: Ukrainian ``i`` where Russian has ``o``), accepted once in a long surname.
_SURNAME_SLIPS = frozenset({frozenset("EO"), frozenset("IO")})


def vowel_cost(a: str, b: str, *, given: bool = False) -> float | None:
    """Cost of the vowel differences between two readings with the same consonants.

    Per vowel group: equal costs 0, one group contained in the other (``ie`` vs ``i``) 0.25,
    a vowel missing on one side 0.5, a different vowel 1.

    Surnames and other non-given words are stricter: a vowel may not be missing (except a
    silent final ``e``), the first and last groups may only differ by containment (and the last
    must end alike), a different vowel is only accepted for the ``e/o`` and ``i/o``
    alternations, and in words of at most two consonants only inner groups may differ. An
    added final ``a`` (feminine form) is always refused.

    Args:
        a: Sound-class reading (see :func:`~storyline.names.phonetic.phonetic`).
        b: Another reading with the same consonant sequence.
        given: Compare as given names.

    Returns:
        The total cost, or ``None`` when the readings must not match.
    """
    ga, gb = _groups(a), _groups(b)
    if len(ga) != len(gb):
        return None
    total = 0.0
    last = len(ga) - 1
    short = last <= 2
    for i, (x, y) in enumerate(zip(ga, gb)):
        if x == y:
            continue
        edge = i in (0, last)
        if not x or not y:
            other = x or y
            if i == last and other.endswith("A"):
                return None
            if not given and not (i == last and other == "E" and not short):
                return None
            total += 0.5
        elif _is_subseq(x, y) or _is_subseq(y, x):
            if not given and ((i == last and x[-1] != y[-1]) or (short and edge)):
                return None
            total += 0.25
        else:
            if not given and (edge or frozenset((x, y)) not in _SURNAME_SLIPS):
                return None
            total += 1.0
    return total


def _allowance(consonants: int, *, given: bool) -> float:
    if consonants <= 1:
        return 0.0
    if consonants >= (3 if given else 4):
        return 1.5 if given else 1.0
    return 0.5


def _reading_match(ra: str, rb: str, *, given: bool) -> bool:
    if ra == rb:
        return True
    ca = "".join(c for c in ra if c not in VOWELS)
    cb = "".join(c for c in rb if c not in VOWELS)
    if ca == cb:
        cost = vowel_cost(ra, rb, given=given)
        return cost is not None and cost <= _allowance(len(ca), given=given)
    if len(ca) == len(cb) and len(ca) >= 3 and len(ra) >= 5:
        diffs = [(x, y) for x, y in zip(ca, cb) if x != y]
        if len(diffs) == 1 and frozenset(diffs[0]) in _VOICING:
            cost = vowel_cost(ra, rb, given=given)
            return cost is not None and cost <= 0.25
    return False


@lru_cache(maxsize=500_000)
def part_match(a: str, b: str, *, given: bool = False) -> bool:
    """Whether two name parts (single words) are spellings of the same name.

    Args:
        a: One word of a name, e.g. ``"Tschaikowski"``.
        b: Another word, e.g. ``"Zhelensky"``.
        given: Compare as given names (looser vowels; only valid next to a matching surname).

    Returns:
        True when the two are considered the same name part.
    """
    fa, fb = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    if is_acronym(a) or is_acronym(b):  # letters of an acronym are not pronounced
        return False
    if any(c.isdigit() for c in fa + fb):  # "G7" and "G20" are different things
        return False
    ca, cb = _consonant_readings(a), _consonant_readings(b)
    # every rule below keeps the consonants, or their number (voicing), or the letters (a swap)
    if (not set(ca) & set(cb) and not any(len(x) == len(y) for x in ca for y in cb)
            and sorted(fa) != sorted(fb)):
        return False
    if any(_reading_match(ra, rb, given=given) for ra in _readings(a) for rb in _readings(b)):
        return True
    # two swapped adjacent letters in a long word (a typo), touching a consonant (vowels are
    # judged above) and not at the word's end, where inflection and gender live
    if (
        len(fa) == len(fb) >= 7
        and sorted(fa) == sorted(fb)
        and not set(_consonant_readings(a)) & set(_consonant_readings(b))
        and fa[0] == fb[0]
        and fa[-1] == fb[-1]
        and OSA.distance(fa, fb, score_cutoff=1) <= 1
    ):
        return True
    return False


def _initial(tok: str) -> str | None:
    letters = fold(tok).replace(" ", "")
    if len(letters) == 1 or (tok.endswith(".") and len(letters) <= 2):
        return letters[:1]
    return None


def _initial_class(letter: str) -> str:
    readings = _readings(letter)
    return readings[0][:1] if readings and readings[0] else letter


def given_match(a: str, b: str) -> bool:
    """Whether two given names (or initials) can name the same person.

    Args:
        a: A given name or initial (``"V."``).
        b: Another one.

    Returns:
        True for equal initials, an initial that starts the other name, or given names that
        match as parts with the given-name allowance (``Dmytro``/``Dmitry``), also through
        the full name a familiar form stands for (:data:`HYPOCORISTICS`, ``Bob``/``Roberto``).
    """
    ia, ib = _initial(a), _initial(b)
    if ia is not None or ib is not None:
        la = ia if ia is not None else fold(a)[:1]
        lb = ib if ib is not None else fold(b)[:1]
        return la == lb or _initial_class(la) == _initial_class(lb)
    return any(part_match(x, y, given=True) for x in _given_forms(a) for y in _given_forms(b))


@lru_cache(maxsize=100_000)
def _given_forms(name: str) -> tuple[str, ...]:
    """A given name and the full names it, or its stem, is a familiar form of (``Joeja`` -> ``Joseph``)."""
    out = [name]
    for key in (fold(name), *stems(name)):
        out.extend(f for f in HYPOCORISTICS.get(key, ()) if f not in out)
    return tuple(out)


def _given_inflected(a: str, b: str) -> bool:
    """Whether two given names are case forms of one name (or of its full form)."""
    if _initial(a) is not None or _initial(b) is not None:
        return False
    return any(inflected_match(x, y, given=True) for x in _given_forms(a) for y in _given_forms(b))


def word_match(a: str, b: str, *, given: bool = False, inflected: bool = False) -> bool:
    """Whether two words are spellings, or (with ``inflected``) case forms, of one name part.

    Args:
        a: One word.
        b: Another word.
        given: Compare as given names.
        inflected: Also accept words that share a stem (see
            :func:`~storyline.names.inflect.inflected_match`).

    Returns:
        True when the words match.
    """
    if part_match(a, b, given=given):
        return True
    return inflected and inflected_match(a, b, given=given)


def _surname_match(a: str, b: str, *, inflected: bool = False) -> bool:
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        # particles may be dropped ("von der Leyen" vs "Leyen")
        wa, wb = wa[-1:], wb[-1:]
    return all(word_match(x, y, inflected=inflected) for x, y in zip(wa, wb))


def _bare_masculine(given: str) -> bool:
    """A given name in the nominative that ends in a consonant (``Petr``, ``Jan``): masculine."""
    f = fold(given).replace(" ", "")
    return len(f) > 1 and f[-1] not in "aeiouy"


def genders_agree(a: ParsedName, b: ParsedName) -> bool:
    """Whether the grammatical gender of two names allows one person.

    A feminine surname form (``Kowalska``, ``Nováková``) never names the same person as a
    masculine one (``Kowalski``). A feminine form next to a surname that marks no gender
    (``Merkelová``/``Merkel``) is accepted unless the other name has a different given name in
    the masculine nominative (``Petr Novák`` is not ``Petra Nováková``).

    Args:
        a: A parsed name.
        b: Another parsed name.

    Returns:
        False when the genders conflict.
    """
    ga, gb = gender(a.surname.split()[-1]), gender(b.surname.split()[-1])
    if ga == gb or (ga is None and gb is None):
        return True
    if ga is not None and gb is not None:
        return False
    fem, other = (a, b) if ga == "F" else (b, a)
    if ga != "F" and gb != "F":
        return True
    for x, y in zip(fem.given, other.given):
        if fold(x) != fold(y) and _bare_masculine(y):
            return False
    return True


def person_match(a: ParsedName, b: ParsedName, *, inflected: bool = False) -> bool:
    """Whether two personal names can name the same person.

    The surnames must match; given names are compared pairwise as far as both have them, so
    a name without given names matches any full name with that surname.

    Args:
        a: A parsed name.
        b: Another parsed name.
        inflected: Also accept case forms (``Piotra Czajkowskiego`` for ``Piotr Czajkowski``),
            provided the grammatical genders agree (see :func:`genders_agree`).

    Returns:
        True when the names are compatible.
    """
    if not a.surname or not b.surname:
        return False
    if _surname_match(a.surname, b.surname):
        strict = True
    elif inflected and _surname_match(a.surname, b.surname, inflected=True):
        strict = False
    else:
        return False
    if inflected and not genders_agree(a, b):
        return False
    if strict and not inflected:
        return all(given_match(x, y) for x, y in zip(a.given, b.given))
    return all(given_match(x, y) or _given_inflected(x, y) for x, y in zip(a.given, b.given))


# an abbreviation glued to the next word ("W.Brytania", "St.Petersburg"), not "U.S."
_DOT_JOINED = re.compile(r"\.(?=([^\W\d_]{2,}))")


def _space_after_dot(m: re.Match[str]) -> str:
    return ". " if not m.group(1).isupper() else "."


@lru_cache(maxsize=200_000)
def name_words(text: str) -> tuple[str, ...]:
    """The words of a non-personal name without a leading article or trailing legal forms.

    Args:
        text: A name, e.g. ``"The Boeing Company"``.

    Returns:
        Its significant words, e.g. ``("Boeing",)``; all words if nothing would be left.
    """
    norm = _DOT_JOINED.sub(_space_after_dot, unicodedata.normalize("NFKC", text))
    words = _uncap([w for w in (_clean_token(t) for t in norm.split()) if w])
    out = list(words)
    while len(out) > 1 and fold(out[0]) in ARTICLES:
        out = out[1:]
    while len(out) > 1 and fold(out[-1]) in LEGAL_FORMS:
        out = out[:-1]
    return tuple(out or words)


def acronym(text: str) -> str:
    """Initials of the capitalised words of a name (``"United States"`` -> ``"US"``).

    Args:
        text: A name of two or more words.

    Returns:
        The upper-case initials, or ``""`` for a name of fewer than two capitalised words.
    """
    initials = [w[0] for w in name_words(text) if w[:1].isupper()]
    return "".join(initials).upper() if len(initials) >= 2 else ""


#: Function words an acronym leaves out (English and Slavic prepositions and conjunctions).
ACRONYM_SKIP = CONNECTORS | frozenset({
    "for", "on", "in", "at", "to", "i", "a", "w", "we", "z", "ze", "za", "na", "v", "ve", "pro",
    "dla", "od", "po", "pri", "pod", "nad", "u", "o", "s", "so", "iz", "ob",
})


@lru_cache(maxsize=200_000)
def acronyms(text: str) -> frozenset[str]:
    """The acronyms a multiword name can be written as.

    Two readings: the initials of its capitalised words (``"Bank of America"`` -> ``"BA"``),
    and, for a name that starts with a capital, the initials of all its words but function
    words, because Slavic names capitalise only their first word (``"Občanská demokratická
    strana"`` -> ``"ODS"``). Hyphenated words count as
    several (``"Tehreek-e-Labbaik Pakistan"`` -> ``"TLP"``).

    Args:
        text: A name.

    Returns:
        Upper-case acronyms of at least two letters (none for a one-word name).
    """
    words = [w for part in name_words(text) for w in part.split("-") if w]
    if len(words) < 2 or any(c.isdigit() for c in text):
        return frozenset()
    readings = ["".join(w[0] for w in words if w[:1].isupper())]
    if words[0][:1].isupper():
        readings.append("".join(w[0] for w in words if fold(w) not in ACRONYM_SKIP))
    return frozenset(fold(x).upper() for x in readings if len(fold(x)) >= 2)


def is_acronym(text: str) -> bool:
    """Whether a name is written as an acronym (``"EU"``, ``"U.S."``, ``"NATO"``).

    Args:
        text: A name.

    Returns:
        True for one word of 2 to 6 upper-case letters (dots allowed).
    """
    letters = text.replace(".", "").strip()
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() and " " not in letters


@lru_cache(maxsize=200_000)
def _name_tokens(text: str) -> tuple[tuple[str, bool], ...]:
    """The words of :func:`name_words`, each with whether it was written abbreviated (``Wlk.``)."""
    words = name_words(text)
    raw = [t for t in _DOT_JOINED.sub(_space_after_dot, unicodedata.normalize("NFKC", text)).split()
           if _clean_token(t)]
    dotted = {_clean_token(t) for t in raw if t.endswith(".") and len(_clean_token(t)) <= 4}
    return tuple((w, w in dotted and not is_acronym(w)) for w in words)


def _abbreviates(short: str, full: str) -> bool:
    """Whether an abbreviated word (``Wlk``, ``Płn``, ``W``) stands for a full word (``Velika``).

    Its sounds must start the full word and follow in it in order.
    """
    rs, rf = _readings(short), _readings(full)
    return any(bool(x) and len(x) < len(y) and x[0] == y[0] and _is_subseq(x, y) for x in rs for y in rf)


def _word_pair(x: tuple[str, bool], y: tuple[str, bool], *, inflected: bool) -> int:
    """2: the words match; 1: they match loosely (given-name allowance, abbreviation); 0: no."""
    (wx, ax), (wy, ay) = x, y
    if ax or ay:
        if ax and ay:  # "W." and "Wlk." may abbreviate one word
            return 1 if fold(wx) == fold(wy) or _abbreviates(wx, wy) or _abbreviates(wy, wx) else 0
        return 1 if (_abbreviates(wx, wy) if ax else _abbreviates(wy, wx)) else 0
    if word_match(wx, wy, inflected=inflected):
        return 2
    if inflected:
        rx, ry = adjective_root(wx), adjective_root(wy)
        if rx and ry and part_match(rx, ry):
            return 2
    # loosely: the same first sound ("Eastern" is not "Southern", whatever the vowels)
    if _first_sound(wx) == _first_sound(wy) and word_match(wx, wy, given=True, inflected=inflected):
        return 1
    return 0


def _first_sound(word: str) -> str:
    readings = _readings(word)
    return readings[0][:1] if readings else ""


def _aligned(wa: tuple[tuple[str, bool], ...], wb: tuple[tuple[str, bool], ...], *, inflected: bool) -> bool:
    scores = [_word_pair(x, y, inflected=inflected) for x, y in zip(wa, wb)]
    if all(s == 2 for s in scores):
        return True
    if not all(scores):
        return False
    # loose words are tolerated beside the longest pair of words (which carries the name:
    # "Wielka Bretania" is not "Wielka Brytania"), when that pair matches outright
    full = [(s, x[0], y[0]) for s, x, y in zip(scores, wa, wb) if not (x[1] or y[1])]
    if not full:
        return False
    longest = max(len(x) + len(y) for _, x, y in full)
    return any(s == 2 and min(len(x), len(y)) >= 5 for s, x, y in full if len(x) + len(y) == longest)


def words_match(a: str, b: str, *, inflected: bool = False) -> bool:
    """Whether two non-personal names match word by word (same number of words).

    Every word must match the word at the same position of the other name, or (names of two
    to four words) at some position: languages put adjectives on either side of the noun
    (``Rada Nordycka``/``Nordická rada``). In a name of several words, words may match only
    loosely (with the vowel allowance of given names, ``Wielka``/``Velika``, or as an
    abbreviation, ``Wlk.``/``Velika``) when the longest pair of words (five or more letters
    each) matches outright.

    Args:
        a: A name, e.g. ``"Lugansk Oblast"``.
        b: Another name.
        inflected: Also accept case forms of the words (``Wielkiej Brytanii``/``Wielka Brytania``)
            and adjectives derived alike (``Nordycka``/``Nordická``, see
            :func:`~storyline.names.inflect.adjective_root`).

    Returns:
        True when the words of one match the words of the other.
    """
    wa, wb = _name_tokens(a), _name_tokens(b)
    if not wa or len(wa) != len(wb):
        return fold(a) == fold(b) and bool(fold(a))
    if len(wa) == 1:
        return _word_pair(wa[0], wb[0], inflected=inflected) == 2
    if _aligned(wa, wb, inflected=inflected):
        return True
    if len(wa) > 4:
        return False
    return any(_aligned(wa, perm, inflected=inflected)
               for perm in itertools.permutations(wb) if perm != wb)


def same_name(a: str, b: str, *, type: str | None = None, inflected: bool = False) -> bool:
    """Whether two names are spellings or transliterations of one name.

    Args:
        a: A name as written.
        b: Another name as written.
        type: Entity type of both. For ``PER`` the names are compared as surname plus given
            names (a surname alone matches a full name with that surname); for anything else,
            word by word. Without a type, word-by-word comparison is tried first and then the
            personal-name comparison for names of two or more words.
        inflected: Also accept Slavic case forms (``Czajkowskiego`` for ``Czajkowski``).

    Returns:
        True when the two names are considered the same.
    """
    if type is not None and type.upper() in _PERSON_TYPES:
        return person_match(parse_name(a), parse_name(b), inflected=inflected)
    if words_match(a, b, inflected=inflected):
        return True
    if type is None:
        pa, pb = parse_name(a), parse_name(b)
        if pa.is_full and pb.is_full:
            return person_match(pa, pb, inflected=inflected)
    return False


_POSSESSIVES = frozenset({"'s", "'", "’s", "’"})


def _is_title(tok: str) -> bool:
    return fold(tok) in TITLES


def _capitalised(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1].isdigit()


def _trailing_name(tokens: list[str]) -> int:
    """Index where the last run of capitalised tokens (connectors allowed inside) starts."""
    start = len(tokens)
    i = len(tokens) - 1
    while i >= 0:
        t = tokens[i]
        if _capitalised(t):
            start = i
        elif t.lower() in CONNECTORS and start < len(tokens) and i > 0 and _capitalised(tokens[i - 1]):
            pass
        else:
            break
        i -= 1
    return start


@lru_cache(maxsize=200_000)
def split_descriptor(text: str, *, person: bool = False) -> tuple[str, str | None]:
    """Split a mention written as a noun phrase into the name and what describes it.

    News text and some annotations mark whole phrases: ``"U.S. automaker Ford"``,
    ``"Prime Minister Tchaikovsky"``, ``"Orchestra CEO , Pyotr Tchaikovsky"``. The name is the
    last run of capitalised words of the first comma- or bracket-separated piece that does not
    end in a title or a lowercase word; the descriptor is what came before it, and is only cut
    when it ends in a descriptive noun (:data:`DESCRIPTORS`), a possessive or (for persons) a
    title, so that Slavic names with lowercase words stay whole; for persons, titles in front
    of the name are cut too.

    Args:
        text: A mention as written.
        person: The mention names a person (leading titles are split off).

    Returns:
        ``(name, descriptor)``; the descriptor is ``None`` when nothing was split off.

    Example:
        >>> split_descriptor("Russian composer Pyotr Tchaikovsky", person=True)
        ('Pyotr Tchaikovsky', 'Russian composer')
    """
    norm = " ".join(unicodedata.normalize("NFKC", text).split())
    pieces = [p.strip() for p in norm.replace("(", ",").replace(")", ",").replace(";", ",").split(",")]
    pieces = [p for p in pieces if p]
    if not pieces:
        return norm, None
    chosen = pieces[0]
    role_piece: str | None = None
    for i, p in enumerate(pieces):
        toks = p.split()
        if i + 1 < len(pieces) and toks and (_is_title(toks[-1]) or not _capitalised(toks[-1])):
            role_piece = role_piece or p
            continue
        chosen = p
        break
    toks = chosen.split()
    descriptor: list[str] = []
    start = _trailing_name(toks)
    if 0 < start < len(toks):
        before = toks[start - 1]
        if (before in _POSSESSIVES or fold(before) in DESCRIPTORS
                or fold(before).endswith(" based") or (person and _is_title(before))):
            descriptor, toks = toks[:start], toks[start:]
    if person and len(toks) > 1:
        last_title = max((i for i, t in enumerate(toks[:-1]) if _is_title(t)), default=-1)
        if last_title >= 0:
            descriptor, toks = descriptor + toks[: last_title + 1], toks[last_title + 1:]
    # a possessive ending the mention: "Tchaikovsky's" (persons; "McDonald's" is a company's
    # name), "Lufthansa 's" (a separate token, as tokenised corpora write it)
    while len(toks) > 1 and toks[-1] in _POSSESSIVES:
        toks = toks[:-1]
    if person and toks and toks[-1][-2:] in ("'s", "’s") and len(toks[-1]) > 3:
        toks = toks[:-1] + [toks[-1][:-2]]
    name = " ".join(toks)
    while descriptor and descriptor[-1] in _POSSESSIVES:
        descriptor = descriptor[:-1]
    role = " ".join(descriptor) or role_piece
    if name == norm:
        return norm, None
    return name or norm, role
