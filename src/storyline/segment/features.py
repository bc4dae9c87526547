"""Shape features of one line of scraped text.

Everything here is about the *form* of a line (length, punctuation, stop-word,
capitalisation and digit ratios, quote marks, who it addresses), never about
particular phrases, so that it carries over to outlets nobody has seen.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

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


def features(line: str) -> LineFeatures:
    """Compute the shape features of one stripped line."""
    toks = WORD.findall(line)
    n = len(toks)
    low = [t.lower().replace("’", "'") for t in toks]
    stops = stopwords()
    letters = [c for c in line if c.isalpha()]
    outside = outside_quotes(line)
    out_low = [t.lower().replace("’", "'") for t in WORD.findall(outside)]
    quoted = sum(len(WORD.findall(m.group(1))) for m in _QUOTED.finditer(line))
    sentences = max(1, len(re.findall(r"[.!?…]+(?:\s|$)", line)))
    return LineFeatures(
        words=n,
        chars=len(line),
        stop_ratio=(sum(w in stops for w in low) / n) if n else 0.0,
        cap_ratio=(sum(t[:1].isupper() for t in toks) / n) if n else 0.0,
        upper_ratio=(sum(c.isupper() for c in letters) / len(letters)) if letters else 0.0,
        digit_ratio=(sum(c.isdigit() for c in line) / len(line)) if line else 0.0,
        punct_ratio=(sum(not c.isalnum() and not c.isspace() for c in line) / len(line)) if line else 0.0,
        sentences=sentences,
        ends_sentence=bool(_SENT_END.search(line)),
        ends_colon=line.rstrip().endswith(":"),
        quote_chars=sum(line.count(q) for q in QUOTE_CHARS),
        quoted_words=quoted,
        second_person=sum(w in _SECOND for w in out_low),
        first_singular=sum(w in _FIRST_SG for w in out_low),
        first_plural=sum(w in _FIRST_PL for w in out_low),
        questions=outside.count("?"),
        exclaims=outside.count("!"),
        speech_verbs=sum(w in _SPEECH for w in low),
        lead_symbol=bool(_LEAD_SYMBOL.match(line)),
        is_file=bool(_FILE.match(line.strip())),
        has_file=bool(_FILE_ANY.search(line)),
        has_url=bool(_URL.search(line)),
        placeholder=bool(_PLACEHOLDER.search(line)),
        glued=len(_GLUED.findall(line)),
        is_time=bool(_TIME.match(line.strip())),
        has_date=bool(_DATE_NUM.search(line)),
        mean_sentence_words=n / sentences,
    )


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
