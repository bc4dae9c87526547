"""The line model: how likely a line of scraped text is article body.

A logistic model over the shape features of the line and of its neighbours.
Its weights ship in ``data/segmenter.json``; ``bench/train_segmenter.py``
re-learns them from line-labelled pages (the article-extraction benchmark's
article bodies label every line of a page-text dump). Without that file the
hand-set weights below are used.
"""

from __future__ import annotations

import functools
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


@functools.cache
def weights() -> tuple[float, ...]:
    try:
        data = json.loads(resources.files("storyline").joinpath("data/segmenter.json").read_text(encoding="utf-8"))
        w = data["weights"]
        return tuple(float(w.get(name, 0.0)) for name in ALL_NAMES)
    except (FileNotFoundError, KeyError, ValueError):
        return tuple(_HAND.get(name, 0.0) for name in ALL_NAMES)


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
    n = len(feats)
    if not n:
        return np.zeros((0, len(ALL_NAMES)))
    # LineFeatures are tuples: one array of all their fields, then the columns the model reads.
    every = np.array(feats, dtype=float)
    field = {name: every[:, k] for k, name in enumerate(LineFeatures._fields)}
    raw = np.column_stack([
        field["words"], field["stop_ratio"], field["cap_ratio"], field["upper_ratio"], field["digit_ratio"],
        field["punct_ratio"], field["ends_sentence"], field["ends_colon"], field["quote_chars"],
        field["second_person"], field["first_singular"], field["questions"] + field["exclaims"],
        field["speech_verbs"], field["lead_symbol"],
        np.maximum(np.maximum(field["has_url"], field["has_file"]), field["placeholder"]),
        field["glued"], field["mean_sentence_words"],
    ])  # fmt: skip
    words = raw[:, 0]
    log_words = np.log1p(words)
    own = np.column_stack([
        np.ones(n), log_words, np.minimum(words, 60) / 60, raw[:, 1], raw[:, 2], raw[:, 3], raw[:, 4], raw[:, 5],
        raw[:, 6], raw[:, 7], np.minimum(raw[:, 8], 6) / 6, np.minimum(raw[:, 9], 3) / 3,
        np.minimum(raw[:, 10], 3) / 3, np.minimum(raw[:, 11], 3) / 3, np.minimum(raw[:, 12], 3) / 3, raw[:, 13],
        raw[:, 14], np.minimum(raw[:, 15], 3) / 3, np.minimum(raw[:, 16], 40) / 40, words <= 3, words <= 8,
    ])  # fmt: skip

    def shift(col: np.ndarray, by: int) -> np.ndarray:
        out = np.zeros(n)
        if by > 0:
            out[by:] = col[:-by]
        else:
            out[:by] = col[-by:]
        return out

    ctx = np.column_stack([
        shift(log_words, 1), shift(raw[:, 1], 1), shift(raw[:, 6], 1),
        shift(log_words, -1), shift(raw[:, 1], -1), shift(raw[:, 6], -1),
        np.arange(n) / max(1, n - 1),
    ])  # fmt: skip
    return np.hstack([own, ctx])


def body_probabilities(feats: Sequence[LineFeatures]) -> list[float]:
    """P(body) for each line of one page."""
    if not feats:
        return []
    z = design_matrix(feats) @ np.asarray(weights())
    return (1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))).tolist()
