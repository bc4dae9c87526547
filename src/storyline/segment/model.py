"""The line model: how likely a line of scraped text is article body.

A logistic model over the shape features of the line and of its neighbours.
Its weights ship in ``data/segmenter.json``; ``bench/train_segmenter.py``
re-learns them from line-labelled pages (the article-extraction benchmark's
article bodies label every line of a page-text dump). Without that file the
hand-set weights below are used.

A second, smaller model picks a page dump's headline among the lines above its
main body run (a conditional logit over those candidates). Its weights ship in
``data/headline.json``; ``bench/train_headline.py`` re-learns them from the
page-text dumps whose HTML names the page's title.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Sequence
from importlib import resources

import numpy as np

from .features import FEATURE_NAMES, LineFeatures, vector

CONTEXT_NAMES = ("prev_log_words", "prev_stop", "prev_ends", "next_log_words", "next_stop", "next_ends", "rel_pos")
ALL_NAMES = FEATURE_NAMES + CONTEXT_NAMES

# Hand-set weights: long lines made of function words that end like sentences are body.
_HAND = {
    "bias": -4.0, "log_words": 1.2, "stop_ratio": 5.0, "ends_sentence": 1.2, "le3_words": -2.0,
    "le8_words": -1.0, "lead_symbol": -1.5, "url_file_placeholder": -2.0, "glued": -2.0,
    "upper_ratio": -2.0, "digit_ratio": -3.0, "second_person": -1.0, "prev_log_words": 0.2,
    "next_log_words": 0.2,
}  # fmt: skip


def _weights(file: str, names: Sequence[str], hand: dict[str, float]) -> tuple[float, ...]:
    """A model's weights, in ``names`` order, from its file in ``data/`` (else the hand-set ones)."""
    try:
        data = json.loads(resources.files("storyline").joinpath(f"data/{file}").read_text(encoding="utf-8"))
        w = data["weights"]
        return tuple(float(w.get(name, 0.0)) for name in names)
    except (FileNotFoundError, KeyError, ValueError):
        return tuple(hand.get(name, 0.0) for name in names)


@functools.cache
def weights() -> tuple[float, ...]:
    """The line model's weights (``data/segmenter.json``, learned by ``bench/train_segmenter.py``)."""
    return _weights("segmenter.json", ALL_NAMES, _HAND)


def design(feats: Sequence[LineFeatures]) -> list[list[float]]:
    """Feature rows (own + neighbour context) for a page's lines, in order."""
    own = [vector(f) for f in feats]
    n = len(feats)
    rows = []
    for i, v in enumerate(own):
        p = feats[i - 1] if i > 0 else None
        q = feats[i + 1] if i + 1 < n else None
        ctx = [
            math.log1p(p.words) if p else 0.0,
            p.stop_ratio if p else 0.0,
            float(p.ends_sentence) if p else 0.0,
            math.log1p(q.words) if q else 0.0,
            q.stop_ratio if q else 0.0,
            float(q.ends_sentence) if q else 0.0,
            i / max(1, n - 1),
        ]
        rows.append(v + ctx)
    return rows


def design_matrix(feats: Sequence[LineFeatures]) -> np.ndarray:
    """``design`` as one array, built column by column (the same numbers, without a Python row per line)."""
    return design_matrices([feats])[0]


_N_FIELDS = len(LineFeatures._fields)
_FIELD = {name: k for k, name in enumerate(LineFeatures._fields)}


def design_matrices(pages: Sequence[Sequence[LineFeatures]]) -> list[np.ndarray]:
    """``design_matrix`` of each of several pages, their columns computed for all their lines at once.

    Each page's matrix is an array of its own, as ``design_matrix`` of that page alone would give
    it: the line model's products are then the same to the bit.
    """
    sizes = [len(f) for f in pages]
    n = sum(sizes)
    if not n:
        return [np.zeros((0, len(ALL_NAMES))) for _ in pages]
    # LineFeatures are tuples: one array of all their fields, then the columns the model reads.
    every = np.fromiter(itertools.chain.from_iterable(itertools.chain.from_iterable(pages)), dtype=float,
                        count=n * _N_FIELDS).reshape(n, _N_FIELDS)  # fmt: skip

    def field(name: str) -> np.ndarray:
        return every[:, _FIELD[name]]

    words = field("words")
    log_words = np.log1p(words)
    stop, ends = field("stop_ratio"), field("ends_sentence")
    out = np.empty((n, len(ALL_NAMES)))
    own = [
        1.0, log_words, np.minimum(words, 60) / 60, stop, field("cap_ratio"), field("upper_ratio"),
        field("digit_ratio"), field("punct_ratio"), ends, field("ends_colon"),
        np.minimum(field("quote_chars"), 6) / 6, np.minimum(field("second_person"), 3) / 3,
        np.minimum(field("first_singular"), 3) / 3, np.minimum(field("questions") + field("exclaims"), 3) / 3,
        np.minimum(field("speech_verbs"), 3) / 3, field("lead_symbol"),
        np.maximum(np.maximum(field("has_url"), field("has_file")), field("placeholder")),
        np.minimum(field("glued"), 3) / 3, np.minimum(field("mean_sentence_words"), 40) / 40, words <= 3, words <= 8,
    ]  # fmt: skip
    for k, column in enumerate(own):
        out[:, k] = column
    # The neighbours' columns (zero beyond a page's first and last line) and the place in the page.
    first = np.cumsum([0, *sizes[:-1]])
    last = first + np.asarray(sizes) - 1
    has = np.asarray(sizes) > 0
    c = len(own)
    for k, column in enumerate((log_words, stop, ends)):
        prev = out[:, c + k]
        prev[0] = 0.0
        prev[1:] = column[:-1]
        prev[first[has]] = 0.0
        nxt = out[:, c + 3 + k]
        nxt[-1] = 0.0
        nxt[:-1] = column[1:]
        nxt[last[has]] = 0.0
    out[:, c + 6] = np.concatenate([np.arange(m) / max(1, m - 1) for m in sizes])
    return [page.copy() for page in np.split(out, first[1:])]


def body_probabilities(feats: Sequence[LineFeatures]) -> list[float]:
    """P(body) for each line of one page."""
    return body_probabilities_many([feats])[0]


def body_probabilities_many(pages: Sequence[Sequence[LineFeatures]]) -> list[list[float]]:
    """``body_probabilities`` of each of several pages (their design matrices built together)."""
    w = np.asarray(weights())
    out = []
    for feats, x in zip(pages, design_matrices(pages), strict=True):
        if not feats:
            out.append([])
            continue
        z = x @ w
        out.append((1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))).tolist())
    return out


# -- the headline model -------------------------------------------------------------------------
#: What the headline model reads of each candidate line above a page's main body run (see
#: ``core._Structure.headline_candidates``).
HEADLINE_NAMES = (
    "body_overlap", "first_paragraph_overlap", "log_distance", "below_body", "body_lines_between",
    "title_lines_between", "rel_pos", "title_like", "words12", "le3_words", "no_content_words",
    "cap_ratio", "stop_ratio", "digit_ratio", "ends_sentence", "ends_colon", "question_exclaim",
    "second_person", "lead_symbol", "glued", "has_url", "byline_lead", "credit_label", "repeated",
    "body_prob", "shorter_than_next", "after_short_line", "before_long_line", "before_date_or_byline",
)  # fmt: skip

# Hand-set: a headline shares the body's words, is shaped like a title and sits just above the body.
_HAND_HEADLINE = {
    "body_overlap": 2.0, "first_paragraph_overlap": 1.0, "below_body": -2.0, "title_like": 1.2, "words12": 1.2,
    "le3_words": -1.5, "ends_sentence": -1.2, "body_prob": -1.0, "second_person": -1.0, "byline_lead": -1.0,
    "credit_label": -1.0, "repeated": 0.8, "before_date_or_byline": 0.8, "shorter_than_next": 0.5,
}  # fmt: skip


@functools.cache
def headline_weights() -> tuple[float, ...]:
    """The headline model's weights (``data/headline.json``, learned by ``bench/train_headline.py``)."""
    return _weights("headline.json", HEADLINE_NAMES, _HAND_HEADLINE)
