"""Each actor's stated positions and demands by issue, over time.

A position is a quote whose cue states what the speaker wants, demands, accepts or
rejects ("X demanded ...", "X rejected ..."), or any reported quote whose wording does
("must", "will not accept", "ready to"). The actor is the speaker's side when the text
gives one (the nationality or country written with the speaker's role, "the Norwegian
negotiator" -> Norway), else the speaker.

Issues are shared across actors, so that what one side demands and what the other
rejects land under the same heading: each position is filed under its most telling
term, a noun or noun pair ("water rights") that positions of several actors or
episodes share and that not every document of the corpus writes; a verb ("meet") only
when the quote has no such noun. Terms come from a tagger when one is given (see
:func:`tagged_terms`), else from plain lowercase words.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: cues that state a position by themselves: "demanded", "rejected", "called for"
STANCE_CUES = re.compile(r"^(?:demand|insist|want|call|urge|reject|refus|accept|offer|propos|warn|threat|ready|"
                         r"agree|oppos|seek|sought|ask|press|vow|pledge|rule|condemn|welcom|back|support)",
                         re.IGNORECASE)
#: "called him a liar" names, "called for talks" and "called on X to" demand
_NAMING_CALL = re.compile(r"^(?:\w+ )*call(?:s|ed|ing)?$")
#: cues that report speech; the quote states a position only when its wording does
SPEECH_CUES = re.compile(r"^(?:say|said|stat|tell|told|add|stress|maintain|argu|note|insist|declar|claim|"
                         r"suggest|confirm|explain|according)", re.IGNORECASE)
STANCE = re.compile(r"\b(?:must|should|need(?:s|ed)? to|demand\w*|want\w*|insist\w*|ready to|willing to|"
                    r"will not|won't|would not|cannot|refus\w+|reject\w*|accept\w*|not accept|never|"
                    r"guarantee\w*|require\w*|condition\w*|precondition\w*|recogni[sz]\w*|withdraw\w*)\b",
                    re.IGNORECASE)
_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z-]{4,}(?![\w'’])")
_COMMON = frozenset("""about after again against being because before between could their there these those
through under until where which while would should other whose every still since also might
without within said says according added thing things something anything everything nothing way ways
time times people part kind lot side sides fact point question""".split())
#: stance nouns that name no issue of their own ("the capital's demands")
_BARE_STANCE = frozenset({"demand", "want", "need", "insistence", "refusal", "requirement", "condition"})
#: verbs too light to name an issue
_LIGHT_VERBS = frozenset("""be have do make get go come take give say tell add know think see want need seem
become remain keep let put use try include mean show call ask""".split())


@dataclass(frozen=True, slots=True, kw_only=True)
class PositionQuote:
    """A quote that may state a position, with what grouping needs."""

    quote_id: str
    document: str
    start: int
    end: int
    text: str
    cue: str | None
    speaker: str
    side: str | None
    date: str | None
    outlet: str | None
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Term:
    """A candidate issue: a key shared by its spellings ("meeting", "meet") and the words as written."""

    key: str
    label: str
    noun: bool = True


Terms = Callable[[Sequence[str]], list[list[Term]]]


def is_position(q: PositionQuote) -> bool:
    """True when the quote states what its speaker wants, demands, accepts or rejects."""
    if q.text.rstrip(" \"'”’»").endswith("?"):
        return False  # a question asks, it takes no position
    words = q.cue.lower().split() if q.cue else []
    if any(STANCE_CUES.match(w) for w in words) and not _NAMING_CALL.match(" ".join(words)):
        return True
    return bool(STANCE.search(q.text)) and (not words or any(SPEECH_CUES.match(w) for w in words))


def _key(lemma: str) -> str:
    """One key for a word's noun and verb forms: "meeting" and "meet", "talks" and "talk"."""
    lemma = lemma.lower()
    for suffix in ("ings", "ing"):
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 4:
            return lemma[: -len(suffix)]
    return lemma


def plain_terms(texts: Sequence[str]) -> list[list[Term]]:
    """Candidate issue terms without a tagger: lowercase content words, no stance or cue words."""
    return [[Term(_key(w), w) for w in (w.strip("-") for w in _WORD.findall(t))
             if w not in _COMMON and not STANCE.fullmatch(w) and not STANCE_CUES.match(w)] for t in texts]


def tagged_terms(nlp: Any) -> Terms:
    """Candidate issue terms from a spaCy tagger: nouns and noun pairs ("water rights"), then verbs."""

    def terms(texts: Sequence[str]) -> list[list[Term]]:
        out = []
        disable = [p for p in ("parser", "ner") if p in nlp.pipe_names]
        for doc in nlp.pipe(texts, disable=disable):
            found: list[Term] = []
            previous = None
            for tok in doc:
                word, lemma = tok.text.lower(), tok.lemma_.lower()
                # stance nouns can be issues ("border guarantees", "recognition"), stance verbs cannot
                usable = (tok.is_alpha and not tok.is_stop and len(word) >= 3 and lemma not in _COMMON
                          and (not STANCE.fullmatch(word) or (tok.pos_ == "NOUN" and lemma not in _BARE_STANCE)))
                if tok.pos_ == "NOUN" and usable:
                    found.append(Term(_key(lemma), word))
                    if previous is not None:
                        found.append(Term(f"{_key(previous.lemma_)} {_key(lemma)}", f"{previous.text.lower()} {word}"))
                    previous = tok
                    continue
                if tok.pos_ == "VERB" and usable and lemma not in _LIGHT_VERBS and not STANCE_CUES.match(lemma):
                    found.append(Term(_key(lemma), lemma, noun=False))
                # a noun pair is a modifier right before its noun: "water rights", "coastal fisheries"
                previous = tok if tok.pos_ in ("NOUN", "ADJ") and usable and tok.tag_ != "JJS" else None
            out.append(found)
        return out

    return terms


def _issues(found: Sequence[PositionQuote], terms: list[list[Term]], df: Callable[[str], int],
            corpus_docs: int) -> list[str]:
    """The issue of each position: its term that positions of most actors and episodes share."""
    actors: dict[str, set[str]] = defaultdict(set)
    episodes: dict[str, set[str | None]] = defaultdict(set)
    count: Counter[str] = Counter()
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for q, ts in zip(found, terms, strict=True):
        for t in {t.key: t for t in ts}.values():
            actors[t.key].add(q.side or q.speaker)
            episodes[t.key].add(q.event)
            count[t.key] += 1
        for t in ts:
            # a noun names the issue better than its verb ("meeting" over "meet")
            labels[t.key][t.label] += 1000 if t.noun else 1

    def weight(t: Term) -> float:
        spread = count[t.key] + len(actors[t.key]) + len(episodes[t.key]) - 3
        rarity = math.log(1 + corpus_docs / max(1, min(df(w) for w in t.label.split())))
        return (1 + spread) * rarity * (1.0 if t.noun else 0.5) * (1.3 if " " in t.key else 1.0)

    out = []
    for ts in terms:
        best = max(ts, key=lambda t: (weight(t), t.key), default=None)
        out.append(labels[best.key].most_common(1)[0][0] if best else "other")
    return out


def _outermost(quotes: list[PositionQuote]) -> list[PositionQuote]:
    """The quotes not inside a longer quote of the same document."""
    kept, reach = [], ("", -1)
    for q in sorted(quotes, key=lambda q: (q.document, q.start, -q.end)):
        if q.document == reach[0] and q.end <= reach[1]:
            continue
        kept.append(q)
        reach = max(reach, (q.document, q.end))
    return kept


def positions(
    quotes: Sequence[PositionQuote], *, corpus_df: Counter[str], corpus_docs: int, max_issues: int = 8,
    terms: Terms = plain_terms,
) -> list[tuple[str, list[tuple[str, list[PositionQuote]]]]]:
    """Positions grouped by actor, then issue: [(actor, [(issue, quotes by date)])], most stated first."""
    found = [q for q in quotes if is_position(q)]
    # a quote nested in a longer one of the same passage ("it wants X" inside "said it wants X") is one position
    found = _outermost(found)
    issue_of = _issues(found, terms([q.text for q in found]), lambda w: corpus_df.get(w.lower(), 0), corpus_docs)
    by_actor: dict[str, dict[str, list[PositionQuote]]] = defaultdict(lambda: defaultdict(list))
    for q, issue in zip(found, issue_of, strict=True):
        by_actor[q.side or q.speaker][issue].append(q)
    out = []
    for actor, issues in by_actor.items():
        ranked = sorted(issues.items(), key=lambda kv: (kv[0] == "other", -len(kv[1]), kv[0]))
        if len(ranked) > max_issues:
            rest = [q for _, group in ranked[max_issues - 1 :] for q in group]
            ranked = ranked[: max_issues - 1] + [("other", rest)]
        out.append((actor, [(issue, sorted(g, key=lambda q: (q.date or "9999", q.document, q.start)))
                            for issue, g in ranked]))
    out.sort(key=lambda kv: (-sum(len(g) for _, g in kv[1]), kv[0]))
    return out

