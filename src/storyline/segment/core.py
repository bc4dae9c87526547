"""Segment a page's raw text into typed blocks and the articles they form.

The segmenter is a model of page structure. A logistic line model (``model``)
says how body-like each line is from its shape; the structure pass here then
finds the title (on a whole-page dump, the headline model's pick among the lines
above the main body run) and its repeats, the article's body run, bylines, datelines,
captions, image references, sub-headings, reader comments at the tail, and
related articles glued below the main one (a repeated headline followed by a
body), and sets everything else aside as boilerplate with the reason why.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..records import TEXT_KINDS, Article, Block, BlockKind, Segmentation
from .features import _FILE, _PLACEHOLDER, WORD, LineFeatures, features, features_and_keys, stopwords
from .model import body_probabilities, body_probabilities_many, headline_weights
from .units import CLOCK, TIME_AGO, Unit, units

K = BlockKind
#: How many lines above a page's main body run can hold its headline.
HEADLINE_WINDOW = 25
#: How many lines a list inside the article can have (see ``type_region``).
LIST_MAX = 15
#: The reason given to the items of such a list.
_LIST_WHY = "list under a paragraph that introduces it"
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)[a-zé]*\.?\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: A clock time or a numeric date, as written or spaced by a scraper: "9:00", "11: 25", "05 / 03 / 2013".
_STAMP = re.compile(r"\b\d{1,2}\s?:\s?\d{2}\b|\b\d{1,4}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}\b")
_BYLINE_WORD = r"(?:by|von|par|por|di|door|av|autor(?:in)?:?|author:?)"
_BYLINE_LEAD = re.compile(rf"^{_BYLINE_WORD}\s+\S", re.I)
_BYLINE_STRIP = re.compile(rf"^{_BYLINE_WORD}\s+", re.I)
#: Where a byline's parts meet: "Anna Müller, Berlin", "J. Smith | 3 March 2024", "A. B. - Reuters".
_BYLINE_PARTS = re.compile(r"\s*[,;|•·/]\s*|\s+[-–—]\s+")
#: Lower-case words inside names ("Ursula von der Leyen") and between two names ("A and B").
_NAME_LOWER = frozenset("von van der den de del della di da du le la bin al y e i und and et".split())
#: The words of a picture's credit ("Photo:", "Quelle:"), and a line that opens with one (also "Titelbild:").
_CREDIT_WORDS = r"photos?|image|picture|credit|quelle|source|illustration"
_CREDIT_LABEL = re.compile(rf"(?:\w*(?:bild|foto)|{_CREDIT_WORDS})\s*[:©]", re.I)
_CREDIT = re.compile(rf"\b(?:fotos?|bild|{_CREDIT_WORDS})\s*[:©]", re.I)
#: A caption's credit in brackets at its end: "(Photo by A. Name/Agency)", "(AP Photo/A. Name)", "(Foto: Agentur)".
_CREDIT_TAIL = re.compile(
    r"\((?:[^()]{0,30}\s)?(?:photo(?:graph)?|picture|image|foto|bild|credit)s?(?:\s+by\b|\s*[:/©])[^()]{1,80}\)\s*$", re.I
)


def byline_author(byline: str) -> str:
    """The author named by a byline: without its lead word ("By", "Von", "Par"), and without a
    date, a desk or an agency set off after the names ("Von Anna Müller, ARD-Studio" gives
    "Anna Müller"). A byline with no part shaped like a name gives its text without the lead word.
    """
    text = _BYLINE_STRIP.sub("", byline.strip(), count=1).strip()
    names = [part for part in _BYLINE_PARTS.split(text) if _name_like(part)]
    return ", ".join(names) if names else text


def _name_like(part: str) -> bool:
    """Two to six words, each capitalised or a name particle, and no digits."""
    words = part.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in part):
        return False
    return all(w[:1].isupper() or w in _NAME_LOWER for w in words) and words[0][:1].isupper()


def _credited(text: str) -> bool:
    """A line that credits a picture: "Photo: Agency", "© Name", "(Photo by Name/Agency)"."""
    return (("©" in text or ":" in text) and bool(_CREDIT.search(text))) or (
        text.endswith(")") and bool(_CREDIT_TAIL.search(text))
    )


def line_key(text: str) -> str:
    """A line normalised for comparison: lowercase words joined by single spaces."""
    return " ".join(WORD.findall(text)).lower()


def _content_words(text: str) -> list[str]:
    stops = stopwords()
    return [w.lower() for w in WORD.findall(text) if w.lower() not in stops and len(w) > 1]


def _fuzzy_in(word: str, bag: set[str]) -> bool:
    if word in bag:
        return True
    if len(word) < 5:
        return False
    extract_one, distance = _rapidfuzz()
    # A distance of at most 2 also bounds the length difference by 2.
    return extract_one(word, bag, scorer=distance, score_cutoff=2) is not None


@functools.cache
def _rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's ``process.extractOne`` and ``Levenshtein.distance``, imported on first need."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    return process.extractOne, Levenshtein.distance


def _share_in(words: Sequence[str], bag: set[str]) -> float:
    return sum(_fuzzy_in(w, bag) for w in words) / len(words) if words else 0.0


def _contained(words: Sequence[str], bag: set[str], need: float) -> bool:
    """``_share_in(words, bag) >= need``, settled by exact hits alone when they suffice either way."""
    if not words:
        return 0.0 >= need
    n = len(words)
    hits = sum(map(bag.__contains__, words))
    if hits / n >= need:
        return True
    # Only a word of five letters or more can be near one of the bag's; stop once the count is settled.
    left = [w for w in words if len(w) >= 5 and w not in bag]
    if (hits + len(left)) / n < need:
        return False
    extract_one, distance = _rapidfuzz()
    for k, w in enumerate(left, 1):
        if extract_one(w, bag, scorer=distance, score_cutoff=2) is not None:
            hits += 1
            if hits / n >= need:
                return True
        elif (hits + len(left) - k) / n < need:
            return False
    return hits / n >= need


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s words found (allowing small spelling differences) in ``whole``."""
    return _share_in(line_key(part).split(), set(line_key(whole).split()))


def _is_dateline(f: LineFeatures, text: str) -> bool:
    if f.words > 8:
        return False
    if f.is_time:
        return True
    if f.digit_ratio == 0.0:  # no digit: only "an hour ago" can still be a time
        return bool(TIME_AGO.fullmatch(text))
    if TIME_AGO.fullmatch(text) or CLOCK.fullmatch(text):
        return True
    return f.has_date or bool(_MONTH.search(text))


def _title_like(f: LineFeatures) -> bool:
    return (
        3 <= f.words <= 25
        and not f.ends_colon
        and f.sentences <= 2
        and not f.lead_symbol
        and not f.has_url
        and not f.placeholder
        and not (f.ends_sentence and f.words > 20)
    )


def _comment_score(f: LineFeatures) -> float:
    """How much a paragraph reads like a reader's comment rather than reporting."""
    s = 0.0
    s += 2.0 * min(f.first_singular, 2)
    s += 1.5 * min(f.second_person, 2)
    s += 1.0 * min(f.questions, 2) + 0.5 * min(f.exclaims, 2)
    if f.quoted_words >= 4:
        s -= 1.5
    s -= 1.5 * min(f.speech_verbs, 2)
    return s


def _boilerplate_reason(f: LineFeatures, text: str, repeats: int) -> str:
    if f.is_file:
        return "image file name"
    if f.placeholder:
        return "placeholder token"
    if f.has_url:
        return "link"
    if repeats > 1:
        return "repeated line"
    if f.glued and f.upper_ratio > 0.6:
        return "footer (glued capitals)"
    if f.second_person and f.words <= 30:
        return "promo addressing the reader"
    if f.lead_symbol:
        return "link or list marker line"
    if f.words <= 3:
        return "stray interface word"
    if f.sentences >= 3 and f.mean_sentence_words < 3.5:
        return "fragment list (bio or tags)"
    return "not article text"


#: A block as plain values: (kind, start, end, text, reason, section).
BlockRow = tuple[BlockKind, int, int, str, str, int]
#: An article as plain values: (section, kind, title, text, comments, byline, indices of its blocks).
ArticleRow = tuple[int, str, str | None, str, tuple[str, ...], str | None, list[int]]


def segment(
    raw: str,
    *,
    title_hint: str | None = None,
    hints: tuple[tuple[str, int, int], ...] = (),
    shared_lines: frozenset[str] = frozenset(),
    min_article_words: int = 20,
) -> Segmentation:
    """Segment one page.

    Args:
        raw: the page's stored raw text.
        title_hint: a title the input's metadata gives, if any.
        hints: the HTML extractor's typing of spans, if the page was HTML.
        shared_lines: normalised short lines seen on other pages of the same batch or outlet.
        min_article_words: body words a related article needs to become a document.
    """
    rows, articles = segment_rows(
        raw, title_hint=title_hint, hints=hints, shared_lines=shared_lines, min_article_words=min_article_words
    )
    blocks = tuple(
        Block(kind=kind, start=start, end=end, text=text, reason=reason, section=section)
        for kind, start, end, text, reason, section in rows
    )
    return Segmentation(
        blocks=blocks,
        articles=tuple(
            Article(section=section, kind=kind, title=title, text=text, blocks=tuple(blocks[i] for i in idx),
                    comments=comments, byline=byline)
            for section, kind, title, text, comments, byline, idx in articles
        ),
    )  # fmt: skip


def segment_rows(
    raw: str,
    *,
    title_hint: str | None = None,
    hints: tuple[tuple[str, int, int], ...] = (),
    shared_lines: frozenset[str] = frozenset(),
    min_article_words: int = 20,
) -> tuple[list[BlockRow], list[ArticleRow]]:
    """``segment``'s blocks and articles as plain tuples (``BlockRow``, ``ArticleRow``).

    What ingest stores, without building a record per block: a page dump has hundreds.
    """
    return _segment_units(units(raw, hints), title_hint, hints, shared_lines, min_article_words)


#: One page to segment: (raw text, title hint, hints, shared lines, min article words), as ``segment_rows`` takes them.
PageInput = tuple[str, str | None, tuple[tuple[str, int, int], ...], frozenset[str], int]


def segment_rows_many(pages: Sequence[PageInput]) -> list[tuple[list[BlockRow], list[ArticleRow]] | Exception]:
    """``segment_rows`` of several pages, their lines' features measured together (numpy's passes
    then run once for all the pages, not once a page: a short page costs little more than its share).

    A page that cannot be segmented gives the exception that says why; the others their blocks and articles.
    """
    cut: list[list[Unit] | Exception] = []
    for raw, _, hints, _, _ in pages:
        try:
            cut.append(units(raw, hints))
        except Exception as exc:  # noqa: BLE001 - this page's failure alone
            cut.append(exc)
    # The pages the structure pass reads, measured together; a failure here leaves each page to measure itself.
    todo = [k for k, (us, page) in enumerate(zip(cut, pages, strict=True)) if isinstance(us, list) and us and not page[2]]
    measured: dict[int, _Measured] = {}
    try:
        feats, keys = features_and_keys([u.text for k in todo for u in cut[k]])
        ends = list(itertools.accumulate(len(cut[k]) for k in todo))
        fk = [(feats[a:b], keys[a:b]) for a, b in zip([0, *ends], ends, strict=False)]
        probs = body_probabilities_many([f for f, _ in fk])
        measured = {k: (f, ks, p) for k, (f, ks), p in zip(todo, fk, probs, strict=True)}
    except Exception:  # noqa: BLE001, S110 - each page is measured (and fails) on its own below
        pass
    out: list[tuple[list[BlockRow], list[ArticleRow]] | Exception] = []
    for k, (us, (_, title_hint, hints, shared, min_words)) in enumerate(zip(cut, pages, strict=True)):
        if isinstance(us, Exception):
            out.append(us)
            continue
        try:
            out.append(_segment_units(us, title_hint, hints, shared, min_words, measured.get(k)))
        except Exception as exc:  # noqa: BLE001 - this page's failure alone
            out.append(exc)
    return out


#: A page's line features, line keys and P(body) of each line, once measured.
_Measured = tuple[list[LineFeatures], list[str], list[float]]


def _segment_units(
    us: list[Unit],
    title_hint: str | None,
    hints: tuple[tuple[str, int, int], ...],
    shared: frozenset[str],
    min_words: int,
    measured: _Measured | None = None,
) -> tuple[list[BlockRow], list[ArticleRow]]:
    if not us:
        return [], []
    if hints:
        return _from_hints(us, title_hint)
    return _Structure(us, title_hint, shared, min_words, measured).run()


def _from_hints(us: Sequence[Unit], title_hint: str | None) -> tuple[list[BlockRow], list[ArticleRow]]:
    blocks: list[BlockRow] = []
    for u in us:
        if u.hint == "title":
            kind, why = K.TITLE, "page title"
        elif u.hint == "comment":
            f = features(u.text)
            if f.words <= 4 and not f.ends_sentence:  # "2 comments", "Reply": the thread's heading or a button
                kind, why = K.BOILERPLATE, "heading or button of the comments"
            else:
                kind, why = K.COMMENT, "reader comment"
        elif u.hint == "lead":
            kind, why = K.STANDFIRST, "lead above the main text"
        elif u.hint == "related":
            kind, why = K.RELATED, "related-article teaser (a link among others to articles)"
        elif _FILE.match(u.text) or (_PLACEHOLDER.search(u.text) and len(u.text.split()) <= 3):
            kind, why = K.BOILERPLATE, _boilerplate_reason(features(u.text), u.text, 1)
        elif "©" in u.text and len(u.text.split()) <= 12:
            kind, why = K.CAPTION, "credit (a short line with ©)"
        else:
            kind, why = K.BODY, "main text"
        blocks.append((kind, u.start, u.end, u.text, why, 0))
    return blocks, [_article(0, "article", blocks, list(range(len(blocks))))]


def _article(section: int, kind: str, blocks: Sequence[BlockRow], idx: list[int]) -> ArticleRow:
    """The article made of ``blocks[i] for i in idx``."""
    part = [blocks[i] for i in idx]
    title = next((b[3] for b in part if b[0] is K.TITLE), None)
    byline = next((b[3] for b in part if b[0] is K.BYLINE), None)
    text = "\n\n".join(b[3] for b in part if b[0] in TEXT_KINDS)
    comments = tuple(b[3] for b in part if b[0] is K.COMMENT)
    return section, kind, title, text, comments, byline, idx


def _prose(f: LineFeatures) -> bool:
    """Sentences a reporter writes: whole sentences of ordinary length, no link, no marker, not to the reader."""
    return (
        f.words >= 8
        and f.ends_sentence
        and f.mean_sentence_words >= 5
        and not (f.lead_symbol or f.has_url or f.placeholder or f.second_person)
    )


def _long_prose(f: LineFeatures) -> bool:
    """A long paragraph of ordinary sentences, however it starts or ends (a scraper may cut its last
    sentence, or leave a stray full stop before its first): three sentences or more, of ordinary length."""
    return (
        f.words >= 40
        and f.sentences >= 3
        and 6 <= f.mean_sentence_words <= 45
        and f.stop_ratio >= 0.1
        and not (f.has_url or f.placeholder or f.second_person)
    )


def _continue_prose(feats: Sequence[LineFeatures], p: list[float], *, floor: float = 0.2) -> list[float]:
    """Body runs continue through prose lines the line model is unsure of.

    The model sees a line and its two neighbours; a short article's last paragraph, or a
    plain sentence between long ones, can fall just under even odds although it sits
    in the body. A prose line (``_prose``) above ``floor`` next to a body line joins it,
    in both directions, so a run grows until it meets a line that is not prose.
    """
    out = list(p)
    n = len(out)
    if n and max(out) < 0.5:
        # No line reaches even odds (a one-paragraph brief): its likeliest prose line is the body.
        best = max((i for i in range(n) if _prose(feats[i]) or _long_prose(feats[i])), key=lambda i: out[i], default=None)
        if best is not None and out[best] >= floor / 2:
            out[best] = 0.5
    for order in (range(1, n), range(n - 2, -1, -1)):
        for i in order:
            j = i - 1 if order.step == 1 else i + 1
            if out[j] >= 0.5 and floor <= out[i] < 0.5 and _prose(feats[i]):
                out[i] = 0.5
    return out


class _Structure:
    def __init__(
        self, us: Sequence[Unit], title_hint: str | None, shared: frozenset[str], min_words: int,
        measured: _Measured | None = None,
    ) -> None:  # fmt: skip
        self.u = list(us)
        self.n = len(us)
        if measured is None:
            self.f, self.keys = features_and_keys([x.text for x in us])
            probs = body_probabilities(self.f)
        else:
            self.f, self.keys, probs = measured
        self.p = _continue_prose(self.f, probs)
        self.count = Counter(k for k, f in zip(self.keys, self.f, strict=True) if f.words <= 25)
        self.kind: list[BlockKind | None] = [None] * self.n
        self.why: list[str] = [""] * self.n
        self.section = [0] * self.n
        self.title_hint = title_hint
        self.shared = shared
        self.min_words = min_words
        self._bags: dict[int, set[str]] = {}
        self.thread: tuple[int, int] | None = None

    def words(self, i: int) -> list[str]:
        """Line i's lower-cased words."""
        return self.keys[i].split()

    def bag(self, i: int) -> set[str]:
        """Line i's lower-cased words as a set (cached: headlines are compared with many lines)."""
        b = self._bags.get(i)
        if b is None:
            b = self._bags[i] = set(self.keys[i].split())
        return b

    def set(self, i: int, kind: BlockKind, why: str) -> None:
        self.kind[i] = kind
        self.why[i] = why

    def good(self, i: int) -> bool:
        return self.kind[i] is None and self.p[i] >= 0.5

    # -- passes --------------------------------------------------------------
    def run(self) -> tuple[list[BlockRow], list[ArticleRow]]:
        self.shapes()
        title = self.find_title()
        self.thread = self.comment_thread(title)
        headers = self.related_headers(title)
        starts = [0, *headers]
        for s, (a, b) in enumerate(zip(starts, [*headers, self.n], strict=True)):
            for i in range(a, b):
                self.section[i] = s
        self.sections = list(zip(starts, [*headers, self.n], strict=True))
        for s, (a, b) in enumerate(self.sections):
            self.type_region(s, a, b, title if s == 0 else a)
        self.promote_main()
        self.drop_islands(*self.sections[0])
        self.type_thread()
        self.comments(*self.sections[0])
        self.trailing_promo()
        self.author_bio()
        return self.assemble()

    def shapes(self) -> None:
        shared, keys = self.shared, self.keys
        for i, (x, f) in enumerate(zip(self.u, self.f, strict=True)):
            if x.hint == "dateline":
                self.set(i, K.DATELINE, "wire dateline opening a paragraph")
            elif f.is_file:
                self.set(i, K.IMAGE, "image file name")
            elif f.has_file and f.words <= 10 and not f.ends_sentence and not _credited(x.text):
                self.set(i, K.IMAGE, "image file name (with a size, a query or a date)")
            elif f.placeholder and f.words <= 3:
                self.set(i, K.BOILERPLATE, "placeholder token")
            elif f.words <= 8 and _is_dateline(f, x.text):
                self.set(i, K.DATELINE, "date or time")
            elif self._stamp(i):
                self.set(i, K.DATELINE, "time stamp (a date or a clock time, and three numbers or more)")
            elif f.has_url and f.words <= 8:
                self.set(i, K.BOILERPLATE, "link")
            elif f.words <= 15 and keys[i] in shared:
                self.set(i, K.BOILERPLATE, "line repeated across pages")

    def _dated(self, i: int) -> bool:
        f, text = self.f[i], self.u[i].text
        return f.words <= 8 and (f.has_date or bool(_MONTH.search(text)) or bool(_YEAR.search(text)))

    def _stamp(self, i: int) -> bool:
        """A short line that stamps a time: a clock time or a numeric date (spaced as some scrapers space
        them, "05 / 03 / 2013", "11: 25"), among three numbers or more ("Updated: 09 Sep 2013 11: 25 GMT")."""
        f = self.f[i]
        if not 3 <= f.words <= 12 or f.digit_ratio < 0.1:
            return False
        return sum(w.isdigit() for w in self.keys[i].split()) >= 3 and bool(_STAMP.search(self.u[i].text))

    def _ago(self, i: int) -> bool:
        """A short line that says how long ago something was posted ("2 hours ago", "vor 2 Stunden")."""
        return self.f[i].words <= 8 and bool(TIME_AGO.search(self.u[i].text))

    def _comment_text(self, i: int) -> bool:
        """A line that can be (part of) a reader's comment: not a repeated button, a link or a name above a date."""
        f = self.f[i]
        if self.kind[i] in (K.DATELINE, K.IMAGE) or f.words == 0 or self.count[self.keys[i]] > 1:
            return False
        if f.has_url and f.words <= 8:
            return False
        name = f.words <= 4 and i + 1 < self.n and self.kind[i + 1] is K.DATELINE
        return not name

    def _comment_sentences(self, i: int) -> bool:
        f = self.f[i]
        return self._comment_text(i) and (f.ends_sentence or f.words >= 12) and not self._dated(i)

    def comment_thread(self, title: int | None) -> tuple[int, int] | None:
        """Reader comments below the article: a chain of dated headers, each followed by text.

        A comment header is a short line (or two: date, then time) holding a date or how long
        ago the comment was posted, usually beside the commenter's name; live-blog entries
        carry a clock time only, and teaser lists put a headline, not a name, above their dates.
        """
        start = title + 1 if title is not None else 0
        heads: list[tuple[int, int]] = []
        i = start
        while i < self.n:
            if self.kind[i] is K.DATELINE:
                j = i
                while j + 1 < self.n and self.kind[j + 1] is K.DATELINE:
                    j += 1
                around = range(max(start, i - 1), j + 1)
                if any(self._dated(k) for k in around):
                    # A reader's sentences follow the header, not another dated entry of a list.
                    text = next((k for k in range(j + 1, min(self.n, j + 5)) if self._comment_sentences(k)), None)
                    if text is not None:
                        heads.append((i, text))
                elif any(self._ago(k) for k in around):
                    # "2 hours ago" also heads teasers and glued articles (outlet, time, headline,
                    # body): here the reader's sentences must come next (behind a name at most).
                    nxt = j + 2 if j + 2 < self.n and self.f[j + 1].words <= 4 and not self.f[j + 1].ends_sentence else j + 1
                    if nxt < self.n and self._comment_sentences(nxt):
                        heads.append((i, nxt))
                i = j + 1
            else:
                i += 1
        # The longest chain of headers (each within 25 lines of the text before it) with an article
        # above it; a chain can start at any header (the article's own dateline is one too).
        best: list[tuple[int, int]] = []
        for a in range(len(heads)):
            chain = heads[a : a + 1]
            for h in heads[a + 1 :]:
                if h[0] - chain[-1][1] > 25:
                    break
                chain.append(h)
            if len(chain) > max(len(best), 1) and self._thread_below_article(start, chain):
                best = chain
        if not best:
            return None
        last = best[-1][1]
        end = last
        for k in range(last + 1, min(self.n, last + 12)):
            if self._comment_text(k):
                end = k
        return best[0][0], end + 1

    def _thread_below_article(self, start: int, chain: list[tuple[int, int]]) -> bool:
        """Whether a chain of dated headers can be reader comments: an article above it (not a list
        of dated items, or a live blog), and names above the dates, not headlines (teasers)."""
        before = [k for k in range(start, chain[0][0]) if self.kind[k] is None and self.p[k] >= 0.5]
        if len(before) < 2 or sum(self.f[k].words for k in before) < 150:
            return False
        headline_led = sum(1 for a, _ in chain if a > 0 and _title_like(self.f[a - 1]) and self.f[a - 1].words >= 5)
        return headline_led * 2 <= len(chain)

    def drop_islands(self, a: int, b: int, *, gap: int = 4) -> None:
        """Short passages standing apart from the article body are not part of it.

        An author's bio, a site's self-description, a newsletter pitch or a comment
        policy reads like body text, but sits a few furniture lines away from the
        article, and is short. The body is cut into runs wherever ``gap`` or more
        set-aside lines separate two text lines; the longest run is the article, and
        runs of under a third of its words (and under 80 words) are set aside, except a
        lead right under the headline.
        """
        text = [i for i in range(a, b) if self.kind[i] in TEXT_KINDS]
        if len(text) < 2:
            return
        runs: list[list[int]] = [[text[0]]]
        for prev, i in zip(text, text[1:]):
            apart = sum(1 for k in range(prev + 1, i) if self.kind[k] in (K.BOILERPLATE, K.RELATED, None))
            if apart >= gap:
                runs.append([])
            runs[-1].append(i)
        if len(runs) < 2:
            return
        words = [sum(self.f[i].words for i in run) for run in runs]
        top = max(words)
        title = next((i for i in range(a, b) if self.kind[i] is K.TITLE), None)
        for run, w in zip(runs, words, strict=True):
            if title is not None and 0 < run[0] - title <= 3:
                continue  # the lead under the headline, however far the rest of the body starts
            if w < top and w < min(80, top / 3):
                for i in run:
                    self.set(i, K.BOILERPLATE, "a short passage apart from the article")

    def promote_main(self) -> None:
        """The page's article is its largest body, not whatever body-like text comes first.

        A login box, a news ticker or a teaser can read as a few body lines above the
        article; when a later section holds far more body text, that section is the
        article and everything above it is page furniture.
        """
        if len(self.sections) < 2:
            return
        words = [sum(self.f[i].words for i in range(a, b) if self.kind[i] in TEXT_KINDS) for a, b in self.sections]
        main = max(range(len(words)), key=lambda s: words[s])
        if main == 0 or words[main] < 2 * words[0] or words[main] < 100:
            return
        a, b = self.sections[0]
        if max((self.f[i].words for i in range(a, b) if self.kind[i] in TEXT_KINDS), default=0) >= 30:
            return  # a paragraph of its own: the page's first article is a real one
        start = self.sections[main][0]
        for i in range(start):
            if self.kind[i] in TEXT_KINDS or self.kind[i] in (K.TITLE, K.BYLINE, K.RELATED):
                self.set(i, K.BOILERPLATE, "above the main article")
            self.section[i] = 0
        self.set(start, K.TITLE, "headline")
        for i in range(start, self.n):
            self.section[i] -= main
        rest = self.sections[main:]
        self.sections = [(0, rest[0][1]), *rest[1:]]

    def type_thread(self) -> None:
        if not self.thread:
            return
        a, b = self.thread
        for i in range(a, b):
            self.section[i] = 0
            f = self.f[i]
            # (a short line that does not end a sentence is a button or a count: "Reply · 12")
            if self._comment_text(i) and (f.ends_sentence or f.words >= 4):
                self.set(i, K.COMMENT, "reader comment (below a dated comment header)")

    def find_title(self) -> int | None:
        cands = [i for i in range(min(self.n, 15)) if self.kind[i] is None]
        if self.title_hint:
            best = max(cands, key=lambda i: containment(self.title_hint or "", self.u[i].text), default=None)
            if best is not None and containment(self.title_hint, self.u[best].text) >= 0.6:
                return self._mark_title(best)
        for i in cands[:8]:  # (up to the first headline-shaped line)
            f = self.f[i]
            if f.words >= 25 and self.p[i] >= 0.5:
                return None  # the page opens with body text: the headline was not saved
            if _title_like(f) and f.words >= 3 and f.second_person == 0:
                break
        # The headline model's choice among the lines above the main body run.
        anchor = self.main_run()
        if anchor is None:
            return None
        lines, rows = self.headline_candidates(anchor)
        if not lines:
            return None
        w = headline_weights()
        best = max(range(len(lines)), key=lambda k: sum(x * y for x, y in zip(rows[k], w, strict=True)))
        if lines[best] >= anchor and self.u[lines[best]].text.endswith("."):
            return None  # the body's own first sentence: the page kept no headline
        return self._mark_title(lines[best])

    def main_run(self) -> int | None:
        """The first line of the page's main body run.

        Body runs are runs of body lines of 8 words or more (a run ends at the fourth other line
        with words); the main one is the first that holds at least half as many words as the
        largest (related articles glued below can be longer than the article itself).
        """
        runs: list[tuple[int, int]] = []
        start, words, gap = None, 0, 0
        for k in range(self.n):
            f = self.f[k]
            if self.kind[k] is None and self.p[k] >= 0.5 and f.words >= 8:
                if start is None:
                    start, words = k, 0
                words += f.words
                gap = 0
            elif start is not None and f.words > 0:
                gap += 1
                if gap >= 4:
                    runs.append((start, words))
                    start, gap = None, 0
        if start is not None:
            runs.append((start, words))
        if not runs:
            return None
        most = max(words for _, words in runs)
        return next(start for start, words in runs if 2 * words >= most)

    def headline_candidates(self, anchor: int) -> tuple[list[int], list[list[float]]]:
        """The lines that can be the headline of a main body run starting at ``anchor`` (up to
        HEADLINE_WINDOW lines above it, two below), and what the headline model reads of each
        (``model.HEADLINE_NAMES``, in order)."""
        f, p, keys, kind, us = self.f, self.p, self.keys, self.kind, self.u
        stops = stopwords()

        def content(k: int) -> set[str]:
            return {w for w in keys[k].split() if len(w) > 1 and w not in stops and not w.isdigit()}

        body: set[str] = set()
        seen = 0
        for k in range(anchor, self.n):
            if kind[k] is None and p[k] >= 0.5 and f[k].words >= 8:
                body |= content(k)
                seen += f[k].words
                if seen > 400:
                    break
        first = content(anchor)
        window = [k for k in range(max(0, anchor - HEADLINE_WINDOW), min(self.n, anchor + 3)) if f[k].words > 0]
        lines: list[int] = []
        rows: list[list[float]] = []
        for at, k in enumerate(window):
            x = f[k]
            if kind[k] is not None or not 2 <= x.words <= 30:
                continue
            if (k > 0 and kind[k - 1] is K.IMAGE) or _credited(us[k].text):
                continue  # a picture's caption
            if self._stamp(k) or us[k].text[:4].lower() in ("http", "www."):
                continue  # a time stamp ("Originally published 05 / 03 / 2013 at 10: 20 AM"), an address
            words = content(k)
            between = [j for j in window[at + 1 :] if j < anchor]
            nxt = window[at + 1] if at + 1 < len(window) else None
            prv = window[at - 1] if at > 0 else None
            nxt_text = us[nxt].text if nxt is not None else ""
            lines.append(k)
            rows.append([
                len(words & body) / len(words) if words else 0.0,
                len(words & first) / len(words) if words else 0.0,
                math.log1p(len(between)),
                float(k >= anchor),
                min(sum(1 for j in between if p[j] >= 0.5 and f[j].words >= 8), 3) / 3,
                min(sum(1 for j in between if _title_like(f[j])), 5) / 5,
                k / self.n,
                float(_title_like(x)),
                min(x.words, 12) / 12,
                float(x.words <= 3),
                float(not words),
                x.cap_ratio,
                x.stop_ratio,
                x.digit_ratio,
                float(x.ends_sentence),
                float(x.ends_colon),
                float(x.questions + x.exclaims > 0),
                float(x.second_person > 0),
                float(x.lead_symbol),
                float(x.glued > 0),
                float(x.has_url),
                float(bool(_BYLINE_LEAD.match(us[k].text))),
                float(bool(_CREDIT_LABEL.match(us[k].text))),
                float(self.count[keys[k]] > 1),
                p[k],
                float(nxt is not None and f[nxt].words > x.words),
                float(prv is not None and f[prv].words <= 3),
                float(nxt is not None and f[nxt].words >= 12),
                float(nxt is not None and (_is_dateline(f[nxt], nxt_text) or bool(_BYLINE_LEAD.match(nxt_text)))),
            ])  # fmt: skip
        return lines, rows

    def _mark_title(self, t: int) -> int:
        self.set(t, K.TITLE, "headline")
        ref = self.bag(t)
        nt = self.f[t].words
        kind, feats, keys = self.kind, self.f, self.keys
        known: dict[str, bool] = {}  # per line key: a page repeats its menus and buttons
        for j in range(self.n):
            if j != t and kind[j] is None and 2 <= feats[j].words <= nt + 3:
                repeated = known.get(keys[j])
                if repeated is None:
                    repeated = known[keys[j]] = _contained(keys[j].split(), ref, 0.75)
                if repeated:
                    self.set(j, K.BOILERPLATE, "repeated title")
        return t

    def related_headers(self, title: int | None) -> list[int]:
        """Starts of related articles glued below the main one: a headline, then a body."""
        goods = [i for i in range(self.n) if self.good(i)]
        if len(goods) < 2:
            return []
        headers: list[int] = []
        first_body = goods[0]
        i = 0
        while i < len(goods):
            j = goods[i]
            run_end = j
            while run_end + 1 < self.n and self.good(run_end + 1):
                run_end += 1
            if j > first_body and (not headers or j > headers[-1]):
                h = self._header_before(j, title, goods)
                if h is not None and sum(self.f[k].words for k in range(j, run_end + 1)) >= self.min_words:
                    headers.append(h)
            while i < len(goods) and goods[i] <= run_end:
                i += 1
        return headers

    def _header_before(self, j: int, title: int | None, goods: list[int]) -> int | None:
        """The first line of a related article's header above body line j, if there is one (``goods``: the good lines)."""
        if self.good(j - 1):
            return None
        k = j - 1
        cluster: str | None = None
        first = None
        short = None  # a headline-shaped line of 4 words or fewer: an outlet's name ("Coast Daily · 5h"), or a short headline
        steps = 0
        while k >= 0 and steps < 8 and not self.good(k):
            f = self.f[k]
            if k == title:
                return None
            if cluster is None and self.kind[k] in (None, K.BOILERPLATE) and _title_like(f):
                if self.kind[k] is K.BOILERPLATE and self.why[k] != "repeated title":
                    break
                if f.words <= 4 and short is None:
                    short = k  # the headline, unless a longer one sits above it
                else:
                    cluster = self.keys[k]
                    first = k
            elif cluster is not None and (self.keys[k] == cluster or _contained(self.words(k), self.bag(first or k), 0.8)):
                first = k
            elif not (self.kind[k] is K.DATELINE or f.words <= 4):
                break
            k -= 1
            steps += 1
        if short is not None and first is not None and sum(self.keys[i] == cluster for i in range(first, short)) < 2:
            first = None  # a longer line above a short one heads the article only when the page repeats it
        if first is None and short is not None:
            cluster, first = self.keys[short], short
            # (its repeats above it, if any)
            for i in range(short - 1, max(-1, short - 4), -1):
                if self.keys[i] == cluster:
                    first = i
        if first is None:
            return None
        if title is not None and _contained(self.words(first), self.bag(title), 0.75):
            return None  # the page's own headline again (breadcrumb, share box), not another article
        text = self.u[first].text
        if _BYLINE_LEAD.match(text) or "©" in text or _CREDIT.search(text):
            return None  # a byline or a picture's credit above a box, not another article's headline
        before = bisect.bisect_left(goods, first)  # good lines above the header
        if before < 2:
            return None  # a related article follows a main article, it does not replace it
        prev_good = goods[before - 1]
        gap = first - prev_good - 1
        repeated = sum(1 for i in range(first, j) if self.keys[i] == cluster or _contained(self.words(i), self.bag(first), 0.8)) >= 2
        dated = [i for i in range(first, j) if self.kind[i] is K.DATELINE]
        if repeated or (gap >= 3 and dated):
            return first
        # A headline right above a full date (with its year), then a body: another article, even
        # with no gap above it ("Read next", then headline, date and text).
        # (Not a reader's comment under a name, nor a quoted post above its author's handle and date.)
        if (
            dated and self.f[first].words >= 5 and not self.f[first].ends_sentence
            and not (self.thread and self.thread[0] <= first < self.thread[1])
            and any(_YEAR.search(self.u[i].text) and "@" not in self.u[i].text for i in dated)
        ):  # fmt: skip
            return first
        return None

    def type_region(self, s: int, a: int, b: int, title: int | None) -> None:
        kind, feats, p, keys, count, units_ = self.kind, self.f, self.p, self.keys, self.count, self.u
        if s > 0:
            self.set(a, K.TITLE, "headline of a related article")
            for j in range(a + 1, b):
                if kind[j] in (None, K.BOILERPLATE) and feats[j].words <= feats[a].words + 3:
                    if _contained(self.words(j), self.bag(a), 0.75) and not self.good(j):
                        self.set(j, K.BOILERPLATE, "repeated title")
        # (a "good" line: untyped, and body-like: see ``good``)
        body = [i for i in range(a, b) if kind[i] is None and p[i] >= 0.5]
        first_body = body[0] if body else b
        # Bylines and labels between the headline and the body.
        for i in range(a, first_body):
            if kind[i] is not None:
                continue
            f, text = feats[i], units_[i].text
            if _BYLINE_LEAD.match(text) and f.words <= 10:
                self.set(i, K.BYLINE, "byline")
            elif 2 <= f.words <= 5 and f.cap_ratio >= 0.6 and not f.ends_sentence and count[keys[i]] == 1 and title is not None and i > title:
                self.set(i, K.BYLINE, "byline (a short name line under the headline)")
        # A byline under a dek the line model took for the body: "By ..." within the body's first lines,
        # and the dek above it is the standfirst.
        for i in range(first_body + 1, min(b, first_body + 3)):
            if kind[i] is None and _BYLINE_LEAD.match(units_[i].text) and feats[i].words <= 10:
                self.set(i, K.BYLINE, "byline")
                if s == 0 and title is not None and all(kind[k] is not None for k in range(title + 1, first_body)):
                    if feats[first_body].words <= 60 and all(p[k] < 0.5 or k == first_body for k in range(first_body, i)):
                        self.set(first_body, K.STANDFIRST, "dek above the byline")
                break
        # A lead under the headline that the line model doubts: prose, said once on the page.
        if s == 0 and title is not None:
            for i in range(title + 1, first_body):
                text = units_[i].text
                if (
                    kind[i] is None and _prose(feats[i]) and feats[i].words <= 80 and count[keys[i]] <= 1
                    and not (("©" in text or ":" in text) and _CREDIT.search(text))
                ):  # fmt: skip
                    self.set(i, K.STANDFIRST, "lead under the headline")
            # A dek right under the headline (or its repeat): a sentence-case line, often without a full stop.
            j = title + 1
            while j < first_body and self.why[j] == "repeated title":
                j += 1
            if j < first_body and kind[j] is None:
                f, text = feats[j], units_[j].text
                if (
                    8 <= f.words <= 40 and f.cap_ratio <= 0.5 and f.stop_ratio >= 0.15 and count[keys[j]] <= 1
                    and not (f.lead_symbol or f.has_url or f.placeholder or f.second_person or f.has_date)
                    and f.digit_ratio <= 0.05 and not _YEAR.search(text)  # not "Posted on June 13, 2013 08:45 AM"
                    and not _CREDIT.search(text) and not _BYLINE_LEAD.match(text)
                ):  # fmt: skip
                    self.set(j, K.STANDFIRST, "dek under the headline")
        textual = (None, K.BODY, K.STANDFIRST)
        for i in range(a, b):
            k = kind[i]
            if k is not None and k is not K.IMAGE:
                continue
            if k is K.IMAGE:
                nxt = i + 1
                # (a body-like paragraph of more than 15 words is the article going on, unless it gives a credit)
                if nxt < b and kind[nxt] is None and 1 <= feats[nxt].words <= 40 and (
                    feats[nxt].words <= 15 or p[nxt] < 0.5 or _credited(units_[nxt].text)
                ):
                    self.set(nxt, K.CAPTION, "caption under an image")
                continue
            f, text = feats[i], units_[i].text
            good = p[i] >= 0.5  # (untyped, as checked above)
            # (A credit needs a colon or a copyright sign: the costly search runs only then.)
            if (":" in text or "©" in text) and (
                (f.words <= 40 and not good and _CREDIT.search(text)) or (f.words <= 15 and _CREDIT_LABEL.match(text))
            ):
                self.set(i, K.CAPTION, "caption (photo credit)")
            elif text.endswith(")") and f.words <= 40 and _CREDIT_TAIL.search(text):
                self.set(i, K.CAPTION, "caption (a credit in brackets at its end)")
            elif good:
                short_head = f.words <= 10 and not f.ends_sentence and f.quoted_words <= f.words
                between = (
                    i > a and kind[i - 1] in textual and p[i - 1] >= 0.5
                    and i + 1 < b and kind[i + 1] in textual and p[i + 1] >= 0.5
                )  # fmt: skip
                if short_head and between:
                    self.set(i, K.SUBHEADING, "sub-heading between paragraphs")
                else:
                    self.set(i, K.BODY, "body paragraph")
        # Standfirst: a short first paragraph that restates the headline.
        body = [i for i in range(a, b) if kind[i] is K.BODY]
        if s == 0 and title is not None and len(body) >= 2:
            i = body[0]
            tw = _content_words(units_[title].text)
            lead = set(_content_words(units_[i].text))
            hit = sum(_fuzzy_in(w, lead) for w in tw) / max(1, len(tw))
            if feats[i].words <= 60 and hit >= 0.4:
                self.set(i, K.STANDFIRST, "standfirst (restates the headline)")
        # Sub-headings: short headline-like lines between body paragraphs.
        for i in range(a + 1, b - 1):
            if kind[i] is not None:
                continue
            f = feats[i]
            prev = kind[i - 1] in (K.BODY, K.STANDFIRST)
            nxt = kind[i + 1] is K.BODY
            if prev and nxt and 2 <= f.words <= 15 and not f.lead_symbol and not f.has_url and f.second_person == 0 and not f.ends_colon and count[keys[i]] == 1:
                self.set(i, K.SUBHEADING, "sub-heading between paragraphs")
        # A list, table or code that a body paragraph introduces with a colon, up to the next body paragraph.
        for i in range(a, b - 1):
            if kind[i] is K.BODY and feats[i].ends_colon and kind[i + 1] is None:
                end = next((j for j in range(i + 1, min(b, i + 1 + LIST_MAX + 1)) if kind[j] is not None), None)
                if end is not None and kind[end] is K.BODY and all(self._list_item(j) for j in range(i + 1, end)):
                    for j in range(i + 1, end):
                        self.set(j, K.BODY, _LIST_WHY)
        # A heading-like line below the last paragraph heads nothing of the article: a sign-up box's
        # title, a promo. (A list's items, introduced above, stay.)
        text_idx = [i for i in range(a, b) if kind[i] in (K.BODY, K.SUBHEADING)]
        while len(text_idx) >= 3:
            i = text_idx.pop()
            f = feats[i]
            if f.words > 10 or f.ends_sentence or f.quoted_words or self.why[i] == _LIST_WHY:
                break
            self.set(i, K.BOILERPLATE, "a heading below the last paragraph, with nothing of the article under it")
        # Headline-only teasers after the body.
        last_body = max((i for i in range(a, b) if kind[i] in TEXT_KINDS), default=a)
        for i in range(last_body + 1, b):
            f = feats[i]
            if kind[i] is None and self._teaser_like(i):
                run = [j for j in range(max(last_body + 1, i - 2), min(b, i + 3)) if kind[j] is None and self._teaser_like(j)]
                if len(run) >= 2:
                    self.set(i, K.RELATED, "related-article teaser")
        for i in range(a, b):
            if kind[i] is None:
                self.set(i, K.BOILERPLATE, _boilerplate_reason(feats[i], units_[i].text, count[keys[i]]))

    def _teaser_like(self, i: int) -> bool:
        """A headline-shaped line of 4 words or more, not to the reader, not a sentence with a full stop."""
        f = self.f[i]
        return f.words >= 4 and _title_like(f) and f.second_person == 0 and not self.u[i].text.endswith(".")

    def _list_item(self, i: int) -> bool:
        """Line i can be an item of a list inside the article (bullets included): not a link, a line
        repeated on the page, or a line addressing the reader."""
        f = self.f[i]
        return f.words == 0 or (self.count[self.keys[i]] <= 1 and not f.has_url and not f.second_person)

    def comments(self, a: int, b: int) -> None:
        """Reader comments: a tail of body-like paragraphs that read as readers, not reporting."""
        body = [i for i in range(a, b) if self.kind[i] is K.BODY]
        if len(body) < 4:
            return
        scores = [_comment_score(self.f[i]) for i in body]
        best, best_k = 0.0, None
        for k in range(2, len(body)):
            if scores[k] < 1.5:
                continue
            tail = scores[k:]
            gain = sum(t + 0.5 for t in tail)
            strong = sum(t >= 1.5 for t in tail)
            head = scores[:k]
            # Comments read unlike the reporting above them: the head must be reporting (quotes,
            # speech verbs), or a first-person blog would lose its second half.
            contrast = sum(head) / len(head) <= -1.0
            if gain > best and contrast and strong >= min(2, len(tail)) and sum(tail) / len(tail) >= 0.25:
                best, best_k = gain, k
        if best_k is None:
            return
        for i in body[best_k:]:
            self.set(i, K.COMMENT, "reader comment (addresses readers, no reporting)")
        for i in range(body[best_k], b):
            if self.kind[i] in (K.SUBHEADING, K.STANDFIRST):
                self.set(i, K.COMMENT, "reader comment")

    def trailing_promo(self) -> None:
        text_idx = [i for i in range(self.n) if self.kind[i] in (K.BODY,)]
        if len(text_idx) < 2:
            return
        last = text_idx[-1]
        prev = text_idx[-2]
        gap = sum(1 for i in range(prev + 1, last) if self.kind[i] is K.BOILERPLATE)
        f = self.f[last]
        if gap >= 2 and f.second_person >= 1 and f.quoted_words == 0 and f.words <= 60:
            self.set(last, K.BOILERPLATE, "promo addressing the reader")

    def author_bio(self) -> None:
        """The writer's bio (or a credit line) in the article's second half: a paragraph that opens with the byline's name."""
        byline = next((i for i in range(self.n) if self.kind[i] is K.BYLINE and self.section[i] == 0), None)
        if byline is None:
            return
        name = byline_author(self.u[byline].text).split(",")[0].split()
        if len(name) < 2:
            return
        body = [i for i in range(self.n) if self.kind[i] is K.BODY and self.section[i] == 0]
        for i in body[len(body) // 2 :] if len(body) > 2 else ():
            if self.u[i].text.split()[: len(name)] == name:
                self.set(i, K.BOILERPLATE, "the writer's bio (opens with the byline's name)")

    def assemble(self) -> tuple[list[BlockRow], list[ArticleRow]]:
        blocks: list[BlockRow] = [
            (self.kind[i] or K.BOILERPLATE, x.start, x.end, x.text, self.why[i], self.section[i])
            for i, x in enumerate(self.u)
        ]
        arts: list[ArticleRow] = []
        for s in range(len(self.sections)):
            idx = [i for i in range(self.n) if self.section[i] == s]
            if s > 0:
                words = sum(self.f[i].words for i in idx if blocks[i][0] in TEXT_KINDS)
                if words < self.min_words:
                    continue
            arts.append(_article(s, "article" if s == 0 else "related", blocks, idx))
        return blocks, arts
