"""Transliteration-aware normalisation of names.

Three levels of normalisation, from exact to coarse:

* :func:`fold` -- casefolded, Cyrillic romanised, diacritics stripped, punctuation removed.
  Two strings with the same fold are treated as the same written form.
* :func:`phonetic` -- a string of sound classes, vowels included. The classes absorb the
  differences between the usual romanisation systems of Cyrillic (English, German, French,
  Polish, Czech, ISO 9): ``zh/ž/ż/sch/sh/š/sz`` and ``ch/tsch/č/cz/ts/tz/c`` become one
  sibilant class, ``kh/h/g`` one velar class, ``w/v`` one class, ``x`` becomes ``ks``,
  ``ou`` becomes ``u``, ``i/y/j`` become one vowel-glide class, doubled letters collapse,
  ``eu``/``au`` before a consonant read ``ev``/``av`` (Eugen/Evgen), and a South Slavic
  ``lj``/``nj`` before a consonant or at the end is a plain ``l``/``n`` (Bruselj/Brusel).
* :func:`skeleton` -- the consonant classes of :func:`phonetic` only. Spelling variants of one
  name share a skeleton (or one at edit distance one for typos), which makes it a good
  blocking key.

The letter ``ch`` is ambiguous (English ``ch`` is a sibilant, Polish, Czech and German ``ch``
is a velar), so :func:`phonetic_variants` returns both readings; callers compare the closest
pair.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "VOWELS",
    "fold",
    "phonetic",
    "phonetic_variants",
    "skeleton",
    "skeleton_variants",
    "transliterate",
]

#: Sound classes that count as vowels in :func:`phonetic` output.
VOWELS = frozenset("AEIOU")

# Cyrillic -> Latin, a scholarly (ISO 9-like) reading that keeps the sibilants distinguishable;
# :func:`phonetic` then merges it with the other romanisations.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "jo", "є": "je",
    "ж": "ž", "з": "z", "и": "i", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja", "ђ": "đ", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "ć", "џ": "dž",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}

_BULGARIAN_YER = re.compile("ъ(?=[бвгджзйклмнпрстфхцчшщ]|$)")

# Latin letters that Unicode decomposition does not reduce to a base letter.
_SPECIAL = {
    "ł": "l", "đ": "d", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th",
    "ı": "i", "ŀ": "l", "ħ": "h",
}

# Placeholders of ambiguous letters and their readings, the usual one first: "ch" (velar in
# Slavic and German, a sibilant in English), initial "dzh" (itself, or an English "j" that
# Cyrillic spells "дж": Джонсон/Johnson).
_AMBIGUOUS = {"?": ("G", "S"), "!": ("DS", "I")}
_DZH = ("dzh", "dž", "dż")

# Multi-letter spellings -> sound class, longest first. "?" marks the ambiguous "ch".
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("schtsch", "S"), ("shtsch", "S"), ("shch", "S"), ("szcz", "S"), ("tsch", "S"),
    ("sch", "S"), ("tch", "S"), ("dzh", "DS"), ("dsch", "DS"),
    ("sh", "S"), ("sz", "S"), ("zh", "S"), ("zs", "S"), ("cz", "S"), ("ts", "S"), ("tz", "S"),
    ("ch", "?"), ("kh", "G"), ("gh", "G"), ("ck", "K"), ("ph", "F"), ("th", "T"), ("dh", "D"),
    ("bh", "B"), ("qu", "KV"), ("ou", "U"), ("x", "KS"),
)

# Single letters (after Cyrillic transliteration, before diacritics are stripped).
_LETTERS = {
    "a": "A", "e": "E", "i": "I", "y": "I", "j": "I", "o": "O", "u": "U",
    "b": "B", "p": "P", "d": "D", "t": "T", "g": "G", "h": "G", "k": "K", "q": "K",
    "v": "V", "w": "V", "f": "F", "l": "L", "r": "R", "m": "M", "n": "N",
    "s": "S", "z": "S", "ž": "S", "ż": "S", "ź": "S", "š": "S", "ś": "S", "č": "S", "ć": "S",
    "ř": "R", "ň": "N", "ñ": "N",
}

_APOSTROPHES = "'’ʼ`´ʻ"


def transliterate(text: str) -> str:
    """Romanise Cyrillic letters (lowercases the whole string).

    Args:
        text: Any string; non-Cyrillic characters pass through lowercased.

    Returns:
        The lowercased string with every Cyrillic letter replaced by a Latin spelling.
    """
    low = text.lower()
    if not any("\u0400" <= ch <= "\u04ff" for ch in low):
        return low
    # "ъ" is a vowel in Bulgarian ("Търново", Tarnovo) but a silent sign before a vowel in
    # Russian ("объект")
    low = _BULGARIAN_YER.sub("а", low)
    return "".join(_CYRILLIC.get(ch, ch) for ch in low)


def _strip_marks(text: str) -> str:
    text = "".join(_SPECIAL.get(ch, ch) for ch in text)
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Fold a name to a plain lowercase ASCII-ish form.

    Casefolds, romanises Cyrillic, strips diacritics, drops apostrophes and dots, turns any
    other punctuation into a space and squeezes whitespace.

    Args:
        text: A name as written.

    Returns:
        The folded form, e.g. ``"Czajkowski"`` -> ``"czajkowski"``.
    """
    low = transliterate(unicodedata.normalize("NFKC", text)).casefold()
    low = _strip_marks(low)
    out: list[str] = []
    for ch in low:
        if ch in _APOSTROPHES or ch == ".":
            continue
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def _classes(token: str) -> list[str]:
    """Sound classes of one token (lowercase, Cyrillic already romanised, diacritics kept)."""
    token = "".join(_SPECIAL.get(ch, ch) for ch in token)
    out: list[str] = []
    i, n = 0, len(token)
    while i < n:
        ch = token[i]
        nxt = token[i + 1] if i + 1 < n else ""
        # silent h after a vowel and not before one (English/Arabic spellings: "John", "Bahrain")
        if ch == "h" and out and out[-1] in VOWELS and (not nxt or _base(nxt) not in "aeiouy"):
            i += 1
            continue
        # Polish adjectival surnames: "-cki", "-cka", "-ckiego" ("c" is "ts" there)
        if ch == "c" and nxt == "k" and 0 < n - i - 2 <= 4 and all(_base(x) in "aeiouy" for x in token[i + 2:]):
            out.extend("SK")
            i += 2
            continue
        if ch == "c" and _base(nxt) in ("e", "i", "y") and not token.startswith("ch", i):
            out.append("S")
            i += 1
            continue
        after = _base(token[i + 2]) if i + 2 < n else ""
        if i == 0 and token.startswith(_DZH):
            k = next(len(d) for d in _DZH if token.startswith(d))
            if k < n and _base(token[k]) in ("a", "e", "i", "o", "u"):
                out.append("!")  # "dzh", or English "j" written in Cyrillic; see phonetic_variants
                i = k
                continue
        # Greek "eu"/"au" before a consonant is "ev"/"av" in Slavic spellings (Eugen/Evgen,
        # Australia/Avstralija); both become one reading
        if ch in "ea" and nxt == "u" and after and after not in "aeiouy":
            out.extend((_LETTERS[ch], "V"))
            i += 2
            continue
        # South Slavic "lj"/"nj" (one palatal letter, Cyrillic "љ"/"њ") at a word's end or
        # before a consonant is a plain l/n elsewhere (Bruselj/Brusel)
        if ch in "ln" and nxt == "j" and (not after or after not in "aeiouy"):
            out.append(_LETTERS[ch])
            i += 2
            continue
        for spelling, cls in _DIGRAPHS:
            if token.startswith(spelling, i):
                out.extend(cls)
                i += len(spelling)
                break
        else:
            cls = _LETTERS.get(ch)
            if cls is None:
                base = _base(ch)
                if base == "c":
                    cls = "K"
                elif base:
                    cls = _LETTERS.get(base)
            if ch == "c" and cls is None:
                cls = "K"
            if cls:
                out.append(cls)
            i += 1
    # collapse doubled classes ("ss", "ll", "ii" from -ij/-yy endings)
    collapsed: list[str] = []
    for c in out:
        if not collapsed or collapsed[-1] != c:
            collapsed.append(c)
    return collapsed


def _base(ch: str) -> str:
    if not ch:
        return ""
    if ch == "c":
        return "c"
    decomposed = unicodedata.normalize("NFD", _SPECIAL.get(ch, ch))
    return decomposed[0] if decomposed and decomposed[0].isascii() else ""


def _tokens(text: str) -> list[str]:
    low = transliterate(unicodedata.normalize("NFKC", text)).casefold()
    out: list[str] = []
    for tok in "".join(" " if not (c.isalnum() or c in _APOSTROPHES) else c for c in low).split():
        tok = "".join(c for c in tok if c not in _APOSTROPHES)
        if tok:
            out.append(tok)
    return out


@lru_cache(maxsize=200_000)
def phonetic_variants(text: str) -> tuple[str, ...]:
    """All readings of a name as sound-class strings (vowels kept), one word per space.

    ``ch`` is read both as a sibilant and as a velar, and a word-initial ``dzh``/``dž``
    before a vowel also as the English ``j`` it often transcribes (``Джон``/``John``); at
    most 8 readings are returned, the first being the velar and ``dzh`` reading everywhere.

    Args:
        text: A name (one or several words; Latin or Cyrillic script).

    Returns:
        Distinct readings, e.g. ``("SAIKOVSKI",)`` for ``"Tschaikowsky"``.
    """
    words = [_classes(tok) for tok in _tokens(text)]
    flat = " ".join("".join(w) for w in words)
    ambiguous = [c for c in flat if c in _AMBIGUOUS]
    if not ambiguous:
        return (flat,)
    readings: list[str] = []
    for combo in itertools.islice(itertools.product(*(_AMBIGUOUS[c] for c in ambiguous[:3])), 8):
        pieces = iter(combo)
        out = []
        for c in flat:
            out.append(next(pieces, _AMBIGUOUS[c][0]) if c in _AMBIGUOUS else c)
        reading = "".join(out)
        reading = " ".join(_squeeze(w) for w in reading.split(" "))
        if reading not in readings:
            readings.append(reading)
    return tuple(readings)


def _squeeze(word: str) -> str:
    out: list[str] = []
    for c in word:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def phonetic(text: str) -> str:
    """The primary sound-class reading of a name (see :func:`phonetic_variants`).

    Args:
        text: A name.

    Returns:
        Sound classes with vowels, words separated by single spaces.
    """
    return phonetic_variants(text)[0]


def _consonants(reading: str) -> str:
    return "".join(c for c in reading if c not in VOWELS)


@lru_cache(maxsize=200_000)
def skeleton_variants(text: str) -> tuple[str, ...]:
    """Consonant skeletons of every reading of a name (see :func:`skeleton`).

    Args:
        text: A name.

    Returns:
        Distinct skeletons, primary reading first.
    """
    out: list[str] = []
    for reading in phonetic_variants(text):
        sk = _consonants(reading)
        if sk not in out:
            out.append(sk)
    return tuple(out)


def skeleton(text: str) -> str:
    """The consonant skeleton of a name: its sound classes without vowels.

    Spellings of one Cyrillic name in different romanisations share it, e.g. ``Tchaikovsky``,
    ``Tschaikowski``, ``Czajkowski`` and ``Čajkovskij`` all give ``"SKVSK"``.

    Args:
        text: A name (words are kept apart by spaces in the result).

    Returns:
        The skeleton of the primary reading.
    """
    return skeleton_variants(text)[0]
