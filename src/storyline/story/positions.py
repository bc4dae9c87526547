"""Each actor's stated positions and demands by issue, over time.

A position is a quote whose cue or wording states what the speaker wants, demands,
accepts, rejects or is ready to do. The actor is the speaker's side when the text
gives one (the nationality or country written with the speaker's role, "the Russian
negotiator" -> Russia), else the speaker. The issue is the quote's most telling
content word across the actor's positions (a lowercase word, not a word of stance,
that is frequent in the actor's positions and written in several documents of the
corpus, but not in nearly all of them).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

CUES = re.compile(r"^(?:demand|insist|want|call|urge|reject|refus|accept|offer|propos|warn|threat|ready|"
                  r"agree|oppos|seek|ask|press|vow|pledge|rule|stress|maintain|say|said|stat|tell|told|add)",
                  re.IGNORECASE)
STANCE = re.compile(r"\b(?:must|should|need(?:s|ed)? to|demand\w*|want\w*|insist\w*|ready to|willing to|"
                    r"will not|won't|would not|cannot|refus\w+|reject\w*|accept\w*|not accept|never|"
                    r"guarantee\w*|require\w*|condition\w*|precondition\w*|recogni[sz]\w*|withdraw\w*)\b",
                    re.IGNORECASE)
_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z-]{4,}(?![\w'’])")
_COMMON = frozenset("""about after again against being because before between could their there these those
through under until where which while would should other which whose every still since also might
without within said says according added would""".split())


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


def is_position(q: PositionQuote) -> bool:
    """True when the quote states what its speaker wants, demands, accepts or rejects."""
    return bool(STANCE.search(q.text)) and (q.cue is None or bool(CUES.match(q.cue.split()[-1])))


def _words(text: str) -> list[str]:
    """Candidate issue words: lowercase content words (names are not issues), no stance or cue words."""
    return [w.strip("-") for w in _WORD.findall(text)
            if w not in _COMMON and not STANCE.fullmatch(w) and not CUES.match(w)]


def positions(
    quotes: Sequence[PositionQuote], *, corpus_df: Counter[str], corpus_docs: int, max_issues: int = 6
) -> list[tuple[str, list[tuple[str, list[PositionQuote]]]]]:
    """Positions grouped by actor, then issue: [(actor, [(issue, quotes by date)])], most stated first."""
    by_actor: dict[str, list[PositionQuote]] = {}
    for q in quotes:
        if is_position(q):
            by_actor.setdefault(q.side or q.speaker, []).append(q)
    out = []
    for actor, qs in by_actor.items():
        tf = Counter(w for q in qs for w in set(_words(q.text)))

        def weight(w: str) -> float:
            # a topic of the story: said by this actor often, written in several documents, not in nearly all
            df = corpus_df.get(w, 0)
            return tf[w] * math.log(1 + df) if df <= 0.6 * corpus_docs else 0.0

        issues: dict[str, list[PositionQuote]] = {}
        for q in qs:
            words = set(_words(q.text))
            issue = max(words, key=lambda w: (weight(w), w)) if words else "other"
            issues.setdefault(issue, []).append(q)
        ranked = sorted(issues.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if len(ranked) > max_issues:
            rest = [q for _, group in ranked[max_issues - 1 :] for q in group]
            ranked = ranked[: max_issues - 1] + [("other", rest)]
        out.append((actor, [(issue, sorted(g, key=lambda q: (q.date or "9999", q.document, q.start)))
                            for issue, g in ranked]))
    out.sort(key=lambda kv: -sum(len(g) for _, g in kv[1]))
    return out
