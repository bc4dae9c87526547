"""Shape features of one line of scraped text.

Everything here is about the *form* of a line (length, punctuation, stop-word,
capitalisation and digit ratios, quote marks, who it addresses), never about
particular phrases, so that it carries over to outlets nobody has seen.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)
QUOTE_CHARS = "\"“”„«»‹›"
_QUOTED = re.compile(r"[\"“„«‹]([^\"“”„«»‹›]{0,400})[\"”“»›]")
_SENT_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|mp4|mov|pdf)$", re.I)
_FILE_ANY = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif)\b", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_PLACEHOLDER = re.compile(r"\b[A-Z0-9]{2,}(?:_[A-Z0-9]+)+\b|\{\{[^}]*\}\}|\[\[[^\]]*\]\]|%[A-Z_]{3,}%")
_GLUED = re.compile(r"[a-z][A-Z]{2,}|[A-Z]{3,}[a-z]|[a-zA-Z]\d|\d[a-zA-Z]{3,}")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?$", re.I)
_DATE_NUM = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_LEAD_SYMBOL = re.compile(r"^[^\w\"“„«'‘(\[]")

# Pronouns that address or speak as a person; used outside quotation marks only.
_SECOND = frozenset("you your yours yourself yourselves you're you've you'll you'd ihr euch dein deine du vous votre vos tu".split())
_FIRST_SG = frozenset("i me my mine myself i'm i'd i've i'll ich mich mein meine je moi".split())
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


@dataclass(frozen=True, slots=True)
class LineFeatures:
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
# Character classes, one bit each, for the per-document character counts.
_ALPHA, _UPPER, _DIGIT, _PUNCT, _QUOTE = 1, 2, 4, 8, 16
_ASTRAL = 0x10000  # one class for every character beyond the Basic Multilingual Plane


@functools.cache
def _char_classes() -> np.ndarray:
    """The class bits of every BMP character (and one entry for the rest: symbols such as emoji)."""
    chars = [chr(cp) for cp in range(_ASTRAL)]

    def has(test: object) -> np.ndarray:
        return np.fromiter(map(test, chars), dtype=bool, count=_ASTRAL)  # type: ignore[call-overload]

    alpha, upper, digit = has(str.isalpha), has(str.isupper), has(str.isdigit)
    punct = ~has(str.isalnum) & ~has(str.isspace)
    quote = np.zeros(_ASTRAL, dtype=bool)
    quote[[ord(q) for q in QUOTE_CHARS]] = True
    table = np.zeros(_ASTRAL + 1, dtype=np.uint8)
    table[:_ASTRAL] = (
        alpha * _ALPHA + (alpha & upper) * _UPPER + (~alpha & digit) * _DIGIT
        + (~alpha & ~digit & punct) * _PUNCT + (~alpha & ~digit & punct & quote) * _QUOTE
    )  # fmt: skip
    table[_ASTRAL] = _PUNCT
    return table


def _char_counts(lines: Sequence[str]) -> np.ndarray:
    """Per line: (letters, upper-case letters, digits, punctuation, quote marks), for the whole page at once."""
    if not lines:
        return np.zeros((0, 5), dtype=np.int64)
    joined = "\n".join(lines) + "\n"  # the last separator keeps a trailing empty line in range
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    cls = _char_classes()[np.minimum(cps, _ASTRAL)]
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    bits = np.stack([(cls & b) != 0 for b in (_ALPHA, _UPPER, _DIGIT, _PUNCT, _QUOTE)], axis=1)
    counts = np.add.reduceat(bits.astype(np.int64), starts, axis=0)
    return counts


def features(line: str) -> LineFeatures:
    """Compute the shape features of one stripped line."""
    return features_all([line])[0]


#: Features of lines seen before in this process: menus, buttons and footers recur on page after page.
_SEEN: dict[str, LineFeatures] = {}
_SEEN_MAX = 50_000


def features_all(lines: Sequence[str]) -> list[LineFeatures]:
    """The shape features of each of a page's lines.

    Lines met before (site furniture repeats across a crawl) are looked up. For the
    others, character counts are taken in one vectorised pass; the word-level counts
    use C-level set look-ups, and regular expressions run only on lines that hold the
    characters they look for.
    """
    new = [x for x in dict.fromkeys(lines) if x not in _SEEN]
    if not new:
        return [_SEEN[x] for x in lines]
    fresh = dict(zip(new, _compute(new), strict=True))
    out = [fresh[x] if x in fresh else _SEEN[x] for x in lines]
    if len(_SEEN) + len(fresh) > _SEEN_MAX:
        _SEEN.clear()
    _SEEN.update(fresh)
    return out


def _compute(lines: Sequence[str]) -> list[LineFeatures]:
    stops = stopwords()
    counts = _char_counts(lines).tolist()
    out = []
    for line, (letters, upper, digits, punct, quote_chars) in zip(lines, counts, strict=True):
        toks = WORD.findall(line)
        n = len(toks)
        # Tokens hold no spaces, so one join-lower-split gives the lower-cased tokens in C.
        low = " ".join(toks).lower().replace("’", "'").split(" ") if n else []
        if quote_chars:
            outside = outside_quotes(line)
            out_low = WORD.findall(outside.lower().replace("’", "'"))
            quoted = sum(len(WORD.findall(m.group(1))) for m in _QUOTED.finditer(line))
        else:
            outside, out_low, quoted = line, low, 0
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
                first_singular=sum(map(_FIRST_SG.__contains__, out_low)),
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
    return out


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
