"""Shape features of one line of scraped text.

Everything here is about the *form* of a line (length, punctuation, stop-word,
capitalisation and digit ratios, quote marks, who it addresses), never about
particular phrases, so that it carries over to outlets nobody has seen.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)
QUOTE_CHARS = "\"“”„«»‹›"
#: A quoted passage; two backticks open one and two apostrophes close one too (``I ran,'' he said), as in
#: typewriter-style and tokenised text.
_QUOTED = re.compile(r"(?:[\"“„«‹]|``)([^\"“”„«»‹›]{0,400}?)(?:[\"”“»›]|'')")
_SENT_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|mp4|mov|pdf)$", re.I)
_FILE_ANY = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif)\b", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_PLACEHOLDER = re.compile(r"\b[A-Z0-9]{2,}(?:_[A-Z0-9]+)+\b|\{\{[^}]*\}\}|\[\[[^\]]*\]\]|%[A-Z_]{3,}%")
_GLUED = re.compile(r"[a-z][A-Z]{2,}|[A-Z]{3,}[a-z]|[a-zA-Z]\d|\d[a-zA-Z]{3,}")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?$", re.I)
_DATE_NUM = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_LEAD_SYMBOL = re.compile(r"^[^\w\"“„«'‘(\[]")

# Pronouns that address or speak as a person; used outside quotation marks only. Words that are pronouns in
# one language and common words in another are left out: "du" (French "of the"), "tu" and "je" (Czech "here",
# "is"), "ihr" (German "her").
_SECOND = frozenset("you your yours yourself yourselves you're you've you'll you'd euch dein deine deinen deinem deiner vous votre vos".split())
#: First person singular words (lower-cased). The English "I" is counted apart, as written (capital): a lower-case
#: "i" is a conjunction in Polish, Czech and the South Slavic languages.
_FIRST_SG = frozenset("me my mine myself i'm i'd i've i'll ich mich mein meine moi".split())
_FIRST_PL = frozenset("we us our ours we're we've".split())
# Reporting verbs: a quotation in news is nearly always introduced by one.
_SPEECH = frozenset(
    "said says say told tells stated states added claimed noted argued wrote according announced "
    "explained insisted warned suggested confirmed reported declared sagte sagt erklärte betonte "
    "schrieb laut déclaré selon affirmé dijo según".split()
)


@functools.cache
def stopwords() -> frozenset[str]:
    """A union of common function words of the main news languages (spaCy's lists).

    The list files are loaded on their own: importing ``spacy.lang.xx`` would
    build each language's tokenizer exceptions, which takes seconds.
    """
    import importlib.util
    import os

    spec = importlib.util.find_spec("spacy")
    words: set[str] = set()
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - spaCy is a dependency
        return frozenset()
    base = list(spec.submodule_search_locations)[0]
    for lang in ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "cs", "sv", "da"):
        path = os.path.join(base, "lang", lang, "stop_words.py")
        file_spec = importlib.util.spec_from_file_location(f"_storyline_stop_{lang}", path)
        if file_spec is None or file_spec.loader is None or not os.path.exists(path):
            continue
        mod = importlib.util.module_from_spec(file_spec)
        file_spec.loader.exec_module(mod)
        words |= {w.lower() for w in getattr(mod, "STOP_WORDS", ())}
    return frozenset(words)


def outside_quotes(text: str) -> str:
    """The text with quoted passages blanked out."""
    return _QUOTED.sub(" ", text)


class LineFeatures(NamedTuple):
    """The shape features of one line.

    A named tuple rather than a frozen dataclass: a scraped page has hundreds of lines, and
    a tuple is built several times faster, with the same attribute access.
    """

    words: int
    chars: int
    stop_ratio: float
    cap_ratio: float
    upper_ratio: float
    digit_ratio: float
    punct_ratio: float
    sentences: int
    ends_sentence: bool
    ends_colon: bool
    quote_chars: int
    quoted_words: int
    second_person: int
    first_singular: int
    first_plural: int
    questions: int
    exclaims: int
    speech_verbs: int
    lead_symbol: bool
    is_file: bool
    has_file: bool
    has_url: bool
    placeholder: bool
    glued: int
    is_time: bool
    has_date: bool
    mean_sentence_words: float


_SENTENCES = re.compile(r"[.!?…]+(?:\s|$)")
_CLOSERS = "\"”’'»)]"  # what _SENT_END allows after the full stop
# Character classes, one bit each, for the per-document character counts ...
_ALPHA, _UPPER, _DIGIT, _PUNCT, _QUOTE = 1, 2, 4, 8, 16
# ... and for finding words and sentence ends in a whole page at once: a word character (``\w``), an
# upper-case character (``str.isupper``), an apostrophe (``['’]``), white space (``\s``), a full stop (``[.!?…]``).
_WORDCH, _ISUPPER, _APOS, _SPACE, _STOP = 32, 64, 128, 256, 512
_ASTRAL = 0x10000  # one class for every character beyond the Basic Multilingual Plane


def _token_bits(ch: str) -> int:
    return (
        _WORDCH * (ch.isalnum() or ch == "_") + _ISUPPER * ch.isupper() + _APOS * (ch in "'’")
        + _SPACE * ch.isspace() + _STOP * (ch in ".!?…")
    )  # fmt: skip


@functools.cache
def _char_classes() -> np.ndarray:
    """The class bits of every BMP character (and one entry for the rest: symbols such as emoji).

    Beyond the BMP the character counts see punctuation; the word bits of those characters
    are set one by one where they occur (``_classes``).
    """
    chars = [chr(cp) for cp in range(_ASTRAL)]

    def has(test: object) -> np.ndarray:
        return np.fromiter(map(test, chars), dtype=bool, count=_ASTRAL)  # type: ignore[call-overload]

    alpha, upper, digit, alnum, space = has(str.isalpha), has(str.isupper), has(str.isdigit), has(str.isalnum), has(str.isspace)
    punct = ~alnum & ~space
    quote = np.zeros(_ASTRAL, dtype=bool)
    quote[[ord(q) for q in QUOTE_CHARS]] = True
    apos = np.zeros(_ASTRAL, dtype=bool)
    apos[[ord(q) for q in "'’"]] = True
    stop = np.zeros(_ASTRAL, dtype=bool)
    stop[[ord(q) for q in ".!?…"]] = True
    wordch = alnum.copy()
    wordch[ord("_")] = True
    table = np.zeros(_ASTRAL + 1, dtype=np.uint16)
    table[:_ASTRAL] = (
        alpha * _ALPHA + (alpha & upper) * _UPPER + (~alpha & digit) * _DIGIT
        + (~alpha & ~digit & punct) * _PUNCT + (~alpha & ~digit & punct & quote) * _QUOTE
        + wordch * _WORDCH + upper * _ISUPPER + apos * _APOS + space * _SPACE + stop * _STOP
    )  # fmt: skip
    table[_ASTRAL] = _PUNCT
    return table


def _classes(joined: str) -> np.ndarray:
    """The class bits of each character of ``joined``."""
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    cls = _char_classes()[np.minimum(cps, _ASTRAL)]
    for i in np.flatnonzero(cps >= _ASTRAL).tolist():
        cls[i] = _PUNCT | _token_bits(joined[i])
    return cls


def _char_counts(lines: Sequence[str], cls: np.ndarray | None = None) -> np.ndarray:
    """Per line: (letters, upper-case letters, digits, punctuation, quote marks), for the whole page at once."""
    if not lines:
        return np.zeros((0, 5), dtype=np.int64)
    if cls is None:
        cls = _classes("\n".join(lines) + "\n")  # the last separator keeps a trailing empty line in range
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    line_of = np.repeat(np.arange(len(lines)), lengths + 1)
    # How many characters of each line have each combination of the five bits, then per bit.
    combos = np.bincount(line_of * 32 + (cls & 31), minlength=len(lines) * 32).reshape(len(lines), 32)
    return combos @ _COMBO_BITS


_COMBO_BITS = np.array([[(c >> k) & 1 for k in range(5)] for c in range(32)], dtype=np.int64)


def features(line: str) -> LineFeatures:
    """Compute the shape features of one stripped line."""
    return features_all([line])[0]


#: Features (and comparison keys) of lines seen before in this process: menus, buttons and footers
#: recur on page after page.
_SEEN: dict[str, LineFeatures] = {}
_KEYS: dict[str, str] = {}
_SEEN_MAX = 50_000
#: Up to this many lines are measured one by one.
_FEW = 8


def features_all(lines: Sequence[str]) -> list[LineFeatures]:
    """The shape features of each of a page's lines.

    Lines met before (site furniture repeats across a crawl) are looked up. The others
    are measured together: character classes, words and sentence ends in vectorised
    passes over the page, word look-ups in C, and regular expressions only over the lines
    that hold the characters they look for.
    """
    return features_and_keys(lines)[0]


def features_and_keys(lines: Sequence[str]) -> tuple[list[LineFeatures], list[str]]:
    """``features_all``, and each line's comparison key (its lower-cased words joined by spaces)."""
    new = [x for x in dict.fromkeys(lines) if x not in _SEEN]
    if not new:
        return [_SEEN[x] for x in lines], [_KEYS.get(x) or _key(x) for x in lines]
    # (a few lines cost less one by one than the page-wide passes' set-up)
    fresh_f, fresh_k = _compute(new) if len(new) > _FEW else _compute_lines(new)
    fresh = dict(zip(new, fresh_f, strict=True))
    keys = dict(zip(new, fresh_k, strict=True))
    out = [fresh[x] if x in fresh else _SEEN[x] for x in lines]
    out_keys = [keys[x] if x in keys else (_KEYS.get(x) or _key(x)) for x in lines]
    if len(_SEEN) + len(fresh) > _SEEN_MAX:
        _SEEN.clear()
        _KEYS.clear()
    _SEEN.update(fresh)
    _KEYS.update(keys)
    return out, out_keys


def _key(line: str) -> str:
    return " ".join(WORD.findall(line)).lower()


# Per lower-cased word, which of the word lists it is on (bits).
_IS_STOP, _IS_SECOND, _IS_FIRST_SG, _IS_FIRST_PL, _IS_SPEECH = 1, 2, 4, 8, 16


@functools.cache
def _word_bits() -> dict[str, int]:
    bits: dict[str, int] = {}
    for words, bit in ((stopwords(), _IS_STOP), (_SECOND, _IS_SECOND), (_FIRST_SG, _IS_FIRST_SG),
                       (_FIRST_PL, _IS_FIRST_PL), (_SPEECH, _IS_SPEECH)):  # fmt: skip
        for w in words:
            bits[w] = bits.get(w, 0) | bit
    return bits


class _Lines:
    """Lines joined into one text, with the character classes and the line of every character."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.n = n = len(lines)
        self.joined = joined = "\n".join(lines) + "\n"  # the last separator keeps a trailing empty line in range
        self.cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        self.cls = _char_classes()[np.minimum(self.cps, _ASTRAL)]
        self.astral = self.cps >= _ASTRAL
        for i in np.flatnonzero(self.astral).tolist():
            self.cls[i] = _PUNCT | _token_bits(joined[i])
        self.lengths = np.fromiter(map(len, lines), dtype=np.int64, count=n)
        self.starts = np.concatenate(([0], np.cumsum(self.lengths + 1)[:-1]))
        self.ends = self.starts + self.lengths  # where each line's separator is
        self.line_of = np.repeat(np.arange(n), self.lengths + 1)
        #: The lines ``words`` cannot take (found when it is called).
        self.chained: list[int] = []

    @property
    def measurable(self) -> bool:
        """False for no lines, or when a line holds a line break itself."""
        return self.n > 0 and self.joined.count("\n") == self.n

    def words(self) -> tuple[np.ndarray, np.ndarray, list[str], str] | None:
        """Where each word (as WORD finds it) starts, its line, each line's key, and the keys lower-cased
        and joined by line breaks; None for text that WORD splits in a way these passes do not follow.

        A run of word characters starts a word, unless an apostrophe joins it to the run before
        ("don't"). WORD joins only one apostrophe per word, so in a chain ("a'b'c") the third run
        starts a word again: for such text the caller measures line by line.
        """
        cls, n = self.cls, self.n
        wordch = (cls & _WORDCH) != 0
        runs = wordch.copy()
        runs[1:] &= ~wordch[:-1]
        run_at = np.flatnonzero(runs)
        joins = (run_at >= 2) & ((cls[run_at - 1] & _APOS) != 0) & wordch[run_at - 2]
        chained = joins[1:] & joins[:-1]
        if chained.any():
            self.chained = np.unique(self.line_of[run_at[1:][chained]]).tolist()
            return None
        first = run_at[~joins]
        in_word = wordch.copy()
        in_word[run_at[joins] - 1] = True
        tok_line = self.line_of[first]
        n_words = np.bincount(tok_line, minlength=n)
        # Each line's words joined by single spaces (its key): the word characters, one space after
        # each word that another word of the line follows, and the line separators.
        bounds = np.cumsum(n_words)
        last_word = np.full(n, -1)
        has_words = n_words > 0
        last_word[has_words] = first[bounds[has_words] - 1]
        gap = ~in_word & np.concatenate(([False], in_word[:-1])) & (np.arange(len(cls)) < last_word[self.line_of])
        newline = np.zeros(len(cls), dtype=bool)
        newline[self.ends] = True
        keep = in_word | gap | newline
        kept = np.where(in_word, self.cps, np.where(newline, 10, 32))[keep].astype("<u4")
        lowered = kept.tobytes().decode("utf-32-le").lower()
        keys = lowered.split("\n")[:-1]
        if len(keys) != n:  # pragma: no cover - a safety net
            return None
        return first, tok_line, keys, lowered


def _odd_lines(lines: Sequence[str], text: _Lines) -> list[int]:
    """The lines the page-wide passes of ``text`` could not take, in order."""
    if not text.measurable:
        return [i for i, line in enumerate(lines) if "\n" in line]
    return text.chained


def _in_parts(lines: Sequence[str], odd: list[int]) -> tuple[list[LineFeatures], list[str]]:
    """``_compute`` of the lines but ``odd`` (indices, in order), ``_compute_lines`` of those, in the lines' order."""
    odd_set = set(odd)
    rest = [i for i in range(len(lines)) if i not in odd_set]
    feats: list[Any] = [None] * len(lines)
    keys: list[Any] = [None] * len(lines)
    for idx, (fs, ks) in ((rest, _compute([lines[i] for i in rest])), (odd, _compute_lines([lines[i] for i in odd]))):
        for i, f, k in zip(idx, fs, ks, strict=True):
            feats[i], keys[i] = f, k
    return feats, keys


def _compute(lines: Sequence[str]) -> tuple[list[LineFeatures], list[str]]:
    """Features and keys of lines, measured over their joined text at once.

    numpy does the per-character work (classes, word starts, sentence ends, how a line
    starts and ends); a regular expression runs only on the lines where a cheap test of
    neighbouring characters says it can match, as it did line by line. The result is
    ``_compute_lines``'s, to the bit.
    """
    text = _Lines(lines)
    found = text.words() if text.measurable else None
    if found is None:
        # Lines the passes cannot take (a line holding a line break, a chain of apostrophes) are
        # measured line by line, the others together.
        odd = _odd_lines(lines, text)
        if 0 < len(odd) < len(lines):
            return _in_parts(lines, odd)
        return _compute_lines(lines)
    first, tok_line, keys, lowered = found
    n_lines, cps, cls, astral, lengths = text.n, text.cps, text.cls, text.astral, text.lengths
    starts, ends, line_of = text.starts, text.ends, text.line_of
    size = len(cps)
    nonempty = lengths > 0

    def per_line(positions: np.ndarray) -> np.ndarray:
        return np.bincount(line_of[positions], minlength=n_lines)

    def after(mask: np.ndarray, k: int = 1) -> np.ndarray:
        """``mask`` moved k characters back: true where the character k places on has the class."""
        out = np.zeros(size, dtype=bool)
        out[:-k] = mask[k:]
        return out

    def is_char(chars: str) -> np.ndarray:
        return functools.reduce(np.logical_or, [cps == ord(c) for c in chars])

    n_words = np.bincount(tok_line, minlength=n_lines)
    low = lowered.replace("’", "'").split()
    if len(low) != len(first):  # pragma: no cover - a safety net
        return _compute_lines(lines)
    word_bits = np.fromiter(map(_word_bits().get, low, itertools.repeat(0)), dtype=np.uint8, count=len(low))

    def words_with(bit: int) -> np.ndarray:
        return np.bincount(tok_line[(word_bits & bit) != 0], minlength=n_lines)

    stops, second, first_sg, first_pl, speech = (
        words_with(b) for b in (_IS_STOP, _IS_SECOND, _IS_FIRST_SG, _IS_FIRST_PL, _IS_SPEECH)
    )
    capital_i = [k for k in np.flatnonzero(cps[first] == ord("I")).tolist() if low[k] == "i"]
    if capital_i:
        first_sg = first_sg + np.bincount(tok_line[capital_i], minlength=n_lines)
    caps = np.bincount(tok_line[(cls[first] & _ISUPPER) != 0], minlength=n_lines)
    counts = _char_counts(lines, cls)
    letters, upper, digits, punct, quote_chars = counts.T
    # Sentence ends as _SENTENCES counts them: a run of full stops followed by white space (or the line's end).
    space = (cls & _SPACE) != 0
    stop = (cls & _STOP) != 0
    sentences = np.maximum(1, per_line(np.flatnonzero(stop & ~after(stop) & after(space))))
    last = np.maximum(ends - 1, 0)
    # The last character that is not white space, and the last that is not a closing quote or bracket.
    # (Where each is, from the lengths of the lines stripped of them on the right: -1 when nothing is left.)
    kept = np.fromiter(map(len, map(str.rstrip, lines)), dtype=np.int64, count=n_lines)
    solid = np.where(kept > 0, starts + kept - 1, -1)
    ends_colon = nonempty & (solid >= starts) & (cps[np.maximum(solid, 0)] == ord(":"))
    kept = np.fromiter(map(len, map(str.rstrip, lines, itertools.repeat(_CLOSERS))), dtype=np.int64, count=n_lines)
    unclosed = np.where(kept > 0, starts + kept - 1, -1)
    ends_sentence = nonempty & (unclosed >= np.maximum(starts, ends - 12)) & stop[np.maximum(unclosed, 0)]
    head = cls[starts]
    lead_symbol = nonempty & ((head & _WORDCH) == 0) & ~is_char("\"“„«'‘([")[starts]
    questions, exclaims = per_line(np.flatnonzero(cps == ord("?"))), per_line(np.flatnonzero(cps == ord("!")))

    # Lines where each pattern can match at all (what it needs next to each other), then the pattern itself.
    digitish = ((cls & _DIGIT) != 0) | astral
    letterish = ((cls & _ALPHA) != 0) | astral
    ascii_upper = (cps >= ord("A")) & (cps <= ord("Z"))
    ascii_letter = ascii_upper | ((cps >= ord("a")) & (cps <= ord("z")))
    dot = cps == ord(".")
    w = (cps == ord("w")) | (cps == ord("W"))

    def candidates(mask: np.ndarray) -> list[int]:
        return np.flatnonzero(per_line(np.flatnonzero(mask))).tolist()  # type: ignore[no-any-return]

    glued = [0] * n_lines
    # As line by line, only lines with a capital or a digit (as the character counts see them) are searched.
    capital_or_digit = ((upper > 0) | (digits > 0)).tolist()
    for i in candidates((ascii_upper & after(ascii_upper)) | (ascii_letter & after(digitish)) | (digitish & after(ascii_letter))):
        if capital_or_digit[i]:
            glued[i] = len(_GLUED.findall(lines[i]))
    has_file = [False] * n_lines
    for i in candidates(dot & after(letterish) & ~np.concatenate(([True], space[:-1]))):
        has_file[i] = bool(_FILE_ANY.search(lines[i]))
    has_url = [False] * n_lines
    for i in candidates((cps == ord(":")) & after(cps == ord("/")) & after(cps == ord("/"), 2) | w & after(w) & after(w, 2) & after(dot, 3)):
        has_url[i] = bool(_URL.search(lines[i]))
    has_date = [False] * n_lines
    three_digits = (digits > 2).tolist()
    for i in candidates(digitish & after(is_char("./-")) & after(digitish, 2)):
        has_date[i] = three_digits[i] and bool(_DATE_NUM.search(lines[i]))
    placeholder = [False] * n_lines
    braces = is_char("{[")
    for i in candidates(is_char("_%") | (braces & (cps == np.roll(cps, -1)))):
        placeholder[i] = bool(_PLACEHOLDER.search(lines[i]))
    is_file = [False] * n_lines
    dotted = per_line(np.flatnonzero(dot)) > 0
    spaced = per_line(np.flatnonzero(space[:-1])) - 1 > 0  # the separator is white space too
    for i in np.flatnonzero(dotted & (~spaced | space[starts] | space[last])).tolist():
        is_file[i] = bool(_FILE.match(lines[i].strip()))
    is_time = [False] * n_lines
    for i in np.flatnonzero(nonempty & (((head & _DIGIT) != 0) | astral[starts])).tolist():
        is_time[i] = lines[i][:1].isdigit() and bool(_TIME.match(lines[i].strip()))

    n = n_words.tolist()
    quoted = [0] * n_lines
    second, first_sg, first_pl = second.tolist(), first_sg.tolist(), first_pl.tolist()
    questions, exclaims = questions.tolist(), exclaims.tolist()
    for i in np.flatnonzero(quote_chars).tolist():
        line = lines[i]
        outside = outside_quotes(line)
        out_toks = WORD.findall(outside.replace("’", "'"))
        out_low = [t.lower() for t in out_toks]
        quoted[i] = sum(len(WORD.findall(m.group(1))) for m in _QUOTED.finditer(line))
        second[i] = sum(map(_SECOND.__contains__, out_low))
        first_sg[i] = sum(map(_FIRST_SG.__contains__, out_low)) + out_toks.count("I")
        first_pl[i] = sum(map(_FIRST_PL.__contains__, out_low))
        questions[i], exclaims[i] = outside.count("?"), outside.count("!")

    def ratio(a: np.ndarray, b: np.ndarray) -> list[float]:
        return np.where(b > 0, a / np.maximum(b, 1), 0.0).tolist()  # type: ignore[no-any-return]

    rows = zip(
        n, lengths.tolist(), ratio(stops, n_words), ratio(caps, n_words), ratio(upper, letters),
        ratio(digits, lengths), ratio(punct, lengths), sentences.tolist(), ends_sentence.tolist(),
        ends_colon.tolist(), quote_chars.tolist(), quoted, second, first_sg, first_pl, questions, exclaims,
        speech.tolist(), lead_symbol.tolist(), is_file, has_file, has_url, placeholder, glued, is_time,
        has_date, (n_words / sentences).tolist(), strict=True,
    )  # fmt: skip
    return list(map(_new_features, rows)), keys


#: ``LineFeatures._make`` without a Python call per line.
_new_features = functools.partial(tuple.__new__, LineFeatures)


def _compute_lines(lines: Sequence[str]) -> tuple[list[LineFeatures], list[str]]:
    """``_compute`` line by line (for text the page-wide passes cannot take)."""
    stops = stopwords()
    counts = _char_counts(lines).tolist()
    out = []
    keys = []
    for line, (letters, upper, digits, punct, quote_chars) in zip(lines, counts, strict=True):
        toks = WORD.findall(line)
        keys.append(" ".join(toks).lower())
        n = len(toks)
        # Tokens hold no spaces, so one join-lower-split gives the lower-cased tokens in C.
        low = " ".join(toks).lower().replace("’", "'").split(" ") if n else []
        if quote_chars:
            outside = outside_quotes(line)
            out_toks = WORD.findall(outside.replace("’", "'"))
            out_low = [t.lower() for t in out_toks]
            quoted = sum(len(WORD.findall(m.group(1))) for m in _QUOTED.finditer(line))
        else:
            outside, out_toks, out_low, quoted = line, toks, low, 0
        size = len(line)
        sentences = max(1, len(_SENTENCES.findall(line))) if ("." in line or "!" in line or "?" in line or "…" in line) else 1
        dotted = "." in line
        out.append(
            LineFeatures(
                words=n,
                chars=size,
                stop_ratio=(sum(map(stops.__contains__, low)) / n) if n else 0.0,
                cap_ratio=(sum(map(str.isupper, [t[0] for t in toks])) / n) if n else 0.0,
                upper_ratio=(upper / letters) if letters else 0.0,
                digit_ratio=(digits / size) if size else 0.0,
                punct_ratio=(punct / size) if size else 0.0,
                sentences=sentences,
                ends_sentence=bool(_SENT_END.search(line[-12:])),
                ends_colon=line.rstrip().endswith(":"),
                quote_chars=quote_chars,
                quoted_words=quoted,
                second_person=sum(map(_SECOND.__contains__, out_low)),
                first_singular=sum(map(_FIRST_SG.__contains__, out_low)) + out_toks.count("I"),
                first_plural=sum(map(_FIRST_PL.__contains__, out_low)),
                questions=outside.count("?"),
                exclaims=outside.count("!"),
                speech_verbs=sum(map(_SPEECH.__contains__, low)),
                lead_symbol=bool(_LEAD_SYMBOL.match(line)),
                is_file=dotted and bool(_FILE.match(line.strip())),
                has_file=dotted and bool(_FILE_ANY.search(line)),
                has_url=("://" in line or "ww." in line.lower()) and bool(_URL.search(line)),
                placeholder=("_" in line or "{{" in line or "[[" in line or "%" in line) and bool(_PLACEHOLDER.search(line)),
                glued=len(_GLUED.findall(line)) if (upper or digits) else 0,
                is_time=line[:1].isdigit() and bool(_TIME.match(line.strip())),
                has_date=digits > 2 and bool(_DATE_NUM.search(line)),
                mean_sentence_words=n / sentences,
            )
        )
    return out, keys


def vector(f: LineFeatures) -> list[float]:
    """The numeric feature vector the line model is trained on (see ``model.py``)."""
    n = f.words
    return [
        1.0,
        math.log1p(n),
        min(n, 60) / 60,
        f.stop_ratio,
        f.cap_ratio,
        f.upper_ratio,
        f.digit_ratio,
        f.punct_ratio,
        float(f.ends_sentence),
        float(f.ends_colon),
        min(f.quote_chars, 6) / 6,
        min(f.second_person, 3) / 3,
        min(f.first_singular, 3) / 3,
        min(f.questions + f.exclaims, 3) / 3,
        min(f.speech_verbs, 3) / 3,
        float(f.lead_symbol),
        float(f.has_url or f.has_file or f.placeholder),
        min(f.glued, 3) / 3,
        min(f.mean_sentence_words, 40) / 40,
        float(n <= 3),
        float(n <= 8),
    ]


FEATURE_NAMES = (
    "bias", "log_words", "words60", "stop_ratio", "cap_ratio", "upper_ratio", "digit_ratio", "punct_ratio",
    "ends_sentence", "ends_colon", "quotes", "second_person", "first_singular", "question_exclaim",
    "speech_verbs", "lead_symbol", "url_file_placeholder", "glued", "sentence_len", "le3_words", "le8_words",
)  # fmt: skip
