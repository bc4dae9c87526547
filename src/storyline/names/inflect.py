"""Case endings of Slavic languages: stems of inflected name forms, and grammatical gender.

Polish, Czech, Slovak, Slovene, Croatian and (romanised) Russian, Ukrainian and Bulgarian
decline names: the genitive of a Tchaikovsky-like surname is ``Czajkowskiego`` (Polish),
``Čajkovského`` (Czech), ``Čajkovskega`` (Slovene); a place such as ``Praha`` becomes
``Prahy``, ``Prahou``, ``Praze``. Spelling comparison cannot join these, so a word's *stems*
are taken by stripping the endings of one general table (grammar, not names), and two words
are inflections of one another when a stem of one matches a stem of the other.

Gender matters for persons: ``-ska``/``-ská``/``-ová`` are feminine forms of a surname, and
a woman and a man who share a surname are two people. :func:`gender` reads the ending.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from storyline.names.phonetic import fold, phonetic, skeleton_variants, transliterate

__all__ = ["MIN_STEM", "adjective_root", "fleeting", "gender", "inflected_match", "stem_skeletons", "stems"]

#: Shortest stem taken from stripping an ending (shorter stems collide: ``Mali``/``Male``).
MIN_STEM = 4

# Endings on folded (ASCII) words, longest first. Adjectival (-ego, -emu, -ogo, -oho, -ym, -ej),
# nominal (-a, -u, -e, -em, -om, -owi, -ovi, -ie), Slovene -j- forms (-ja, -ju, -jem), Czech
# feminine surname forms (-ova, -ove, -ovou) and possessives (-ov-, -ow-).
_ENDINGS: tuple[str, ...] = tuple(sorted({
    "iego", "iemu", "ego", "emu", "ogo", "omu", "oho", "ega", "ima", "imi", "ymi", "ami", "ach",
    "ich", "ych", "ih", "ovi", "owi", "ovy", "ove", "ova", "ovo", "ovou", "ovih", "ovej", "ovim",
    "iem", "jem", "jom", "em", "om", "ym", "im", "ej", "iej", "ou", "oj", "ie", "ja", "ju", "je",
    "ji", "jo", "a", "e", "i", "o", "u", "y", "eho", "ij", "yj", "iy", "yi", "ii", "yy",
    # possessive adjectives ("Tchaikovsky's": Czech -ův, Slovene -ov/-ev and their endings)
    "uv", "ov", "ev", "eva", "eve", "evi", "evo", "ovega", "evega", "ovem", "evem", "evim", "evih",
}, key=lambda e: (-len(e), e)))

# A stem left by a locative/dative "-e"/"-ie" may have its last consonant softened:
# Polish "Polsce" <- "Polska", "Pradze" <- "Praga", "Ameryce" <- "Ameryka".
_SOFTENED = (("c", "k"), ("dz", "g"), ("rz", "r"), ("z", "g"))

_FEMININE = (
    "ová", "ové", "ovou", "ovej",
    "ska", "ská", "ské", "skou", "ską", "skiej", "skaja", "skaya", "sko",
    "cka", "cká", "cké", "ckou", "cką", "ckiej", "ckaja", "ckaya", "cko",
    "zka", "zká", "zké", "zkou",
)
_MASCULINE = (
    "ski", "sky", "ský", "skyi", "skyj", "skyy", "skiy", "skij", "skii", "skiego", "skiemu", "skim",
    "ského", "skému", "ským", "ském", "skega", "skemu", "skem", "skog", "skom", "skogo", "skomu",
    "skoho", "skyho",
    "cki", "cky", "cký", "ckyi", "ckyj", "ckiy", "ckij", "ckiego", "ckiemu", "ckim", "ckého", "ckému",
    "ckým", "ckém", "ckega", "ckemu", "ckem", "ckogo", "ckomu", "ckoho",
    "zký", "zkého", "zkému", "zkým",
)


def _light(word: str) -> str:
    """Lowercase letters of a word, Cyrillic romanised, diacritics kept (``č`` is not ``c``)."""
    low = transliterate(unicodedata.normalize("NFKC", word)).casefold()
    return "".join(ch for ch in low if ch.isalnum())


def _plain(light: str) -> str:
    """``light`` with each letter reduced to its base letter (same length)."""
    return "".join((fold(ch) or ch)[:1] for ch in light)


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """Possible stems of one word: the word itself and what is left after a case ending.

    Endings are matched without diacritics; stems keep them (so that ``č`` and ``c`` stay
    apart for the phonetic comparison).

    Args:
        word: One word of a name, e.g. ``"Czajkowskiego"``.

    Returns:
        Lowercased stems, the whole word first, e.g. ``("czajkowskiego", "czajkowsk", ...)``.
        Words with digits or of fewer than :data:`MIN_STEM` letters only give themselves;
        stems are at least three letters long.
    """
    light = _light(word)
    plain = _plain(light)
    if len(light) < MIN_STEM or any(c.isdigit() for c in light):
        return (light,)
    out = [light]
    for ending in _ENDINGS:
        if not plain.endswith(ending):
            continue
        stem = light[: -len(ending)]
        # three-letter stems ("Mayová" <- "May", "Joeja" <- "Joe") only match a whole word,
        # or (given names) each other; see inflected_match
        if len(stem) < 3:
            continue
        if stem not in out:
            out.append(stem)
        if ending in ("e", "ie"):
            for soft, hard in _SOFTENED:
                if _plain(stem).endswith(soft) and len(stem) > len(soft) + 2:
                    restored = stem[: -len(soft)] + hard
                    if restored not in out:
                        out.append(restored)
    return tuple(out)


@lru_cache(maxsize=200_000)
def stem_skeletons(word: str) -> tuple[str, ...]:
    """Consonant skeletons of the stems of a word (blocking keys for inflected forms).

    Args:
        word: One word of a name.

    Returns:
        Distinct skeletons of every stem.
    """
    out: list[str] = []
    for s in stems(word):
        for sk in skeleton_variants(s):
            if sk and sk not in out:
                out.append(sk)
    return tuple(out)


def gender(word: str) -> str | None:
    """Grammatical gender that a surname's ending marks, if any.

    Args:
        word: A surname (one word), in any script.

    Returns:
        ``"F"`` for feminine forms (``Kowalska``, ``Nováková``, ``Čajkovská``), ``"M"`` for
        masculine adjectival forms (``Kowalski``, ``Čajkovského``), ``None`` when the ending
        says nothing (``Tchaikovsky``-like nouns such as ``Petrov`` or foreign names).
    """
    low = transliterate(word.strip()).replace("ł", "l")
    if low.endswith(_FEMININE):
        return "F"
    if low.endswith(_MASCULINE):
        return "M"
    return None


def fleeting(a: str, b: str) -> bool:
    """Whether two stems differ by one inner ``e``/``o`` (a fleeting vowel: Bruselj/Bruslju)."""
    if abs(len(a) - len(b)) != 1:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    for i in range(1, len(long) - 1):
        if long[i] in "eo" and long[:i] + long[i + 1:] == short:
            return long[i - 1] not in "aeiouy" and long[i + 1] not in "aeiouy"
    return False


def _first_class(stem: str) -> str:
    return phonetic(stem)[:1]


@lru_cache(maxsize=500_000)
def inflected_match(a: str, b: str, *, given: bool = False) -> bool:
    """Whether two words can be case forms of one name (a stem of one matches a stem of the other).

    Stems match when equal, when they are spelling variants with the same consonants (see
    :func:`~storyline.names.match.part_match`), or when they differ by a fleeting vowel.
    Three-letter stems count only against the other whole word (``Mayová``/``May``) or between
    given names (``Joeja``/``Joe``). Gender is not checked here (see :func:`gender`).

    Args:
        a: One word, e.g. ``"Czajkowskiego"``.
        b: Another word, e.g. ``"Tchaikovsky"``.
        given: Compare as given names (looser spelling allowance).

    Returns:
        True when the words share a stem.
    """
    from storyline.names.match import is_acronym, part_match

    if is_acronym(a) or is_acronym(b):
        return False
    # stems that match keep their consonants: a cheap test first (the voicing and typo
    # allowances of part_match are not extended to stems)
    ka, kb = set(stem_skeletons(a)), set(stem_skeletons(b))
    if (ka or kb) and not ka & kb:  # all-vowel names ("Joe", "Joeja") have no skeleton
        return False
    sa, sb = stems(a), stems(b)
    fa, fb = _plain(sa[0]), _plain(sb[0])
    for x in sa:
        for y in sb:
            if x == y:
                if len(x) >= MIN_STEM or _plain(x) in (fa, fb) or given:
                    return True
                continue
            if min(len(x), len(y)) < MIN_STEM or _first_class(x) != _first_class(y):
                continue
            if fleeting(x, y) or part_match(x, y, given=given):
                return True
    return False


# Adjectives made from a name with "-sk-"/"-ck-" (korejský, koreański, nordycki):
# the suffix with its linking vowel ("-ejsk-", "-ijsk-") and any ending. Longest first.
_ADJ_SUFFIXES = ("ejsk", "ijsk", "yjsk", "ojsk", "insk", "ansk", "jsk", "isk", "sk", "ck")
_ADJ_ENDINGS = ("iego", "iemu", "iej", "ich", "imi", "ego", "emu", "ega", "ima", "ych", "ymi", "ega",
                "oho", "ogo", "omu", "ou", "im", "ym", "ie", "em", "om", "i", "y", "a", "e", "o", "u", "")



@lru_cache(maxsize=200_000)
def adjective_root(word: str) -> str | None:
    """The root of an adjective made from a name with ``-sk-`` (``Koreańska`` -> ``kore``).

    Slavic languages derive the adjective of a name with one suffix but different linking
    vowels: Polish ``koreański``, Czech ``korejský``, Slovene ``korejski``. Their roots are
    compared instead of their stems. Only for names of places and organisations: a surname
    such as ``Kowalski`` is not an adjective of ``Kowal``.

    Args:
        word: One word.

    Returns:
        The lowercased root (diacritics kept, at least four letters), or ``None`` when the word
        is not such an adjective.
    """
    light = _light(word)
    plain = _plain(light)
    for ending in _ADJ_ENDINGS:
        if ending and not plain.endswith(ending):
            continue
        body = plain[: len(plain) - len(ending)]
        for suffix in _ADJ_SUFFIXES:
            if body.endswith(suffix) and len(body) - len(suffix) >= MIN_STEM:
                return light[: len(body) - len(suffix)]
    return None
