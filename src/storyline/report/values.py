"""Defensive readers for the story dict: every value in it is untrusted.

The story is scraped text plus the assembler's records. A renderer must not
crash on a missing key, a ``None`` where a list was expected, or a number
where a string was expected, so sections read fields through these helpers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")

#: Block kinds that belong to the article itself; every other kind was set aside.
CONTENT_KINDS = frozenset({"title", "standfirst", "subheading", "body", "byline", "dateline", "caption"})


def esc(value: object) -> str:
    """Escape ``value`` for HTML text and quoted attributes; ``None`` becomes ``""``.

    Example:
        >>> esc('"><b>')
        '&quot;&gt;&lt;b&gt;'
    """
    return "" if value is None else html.escape(str(value), quote=True)


def safe_id(raw: object) -> str:
    """Reduce ``raw`` to the characters ``[A-Za-z0-9_-]`` for use in an HTML id.

    Example:
        >>> safe_id("doc 1/<x>")
        'doc_1_x_'
    """
    return _UNSAFE_ID.sub("_", "" if raw is None else str(raw)) or "_"


def text(record: object, key: str, default: str = "") -> str:
    """The string at ``record[key]``, or ``default`` when missing or ``None``."""
    if not isinstance(record, Mapping):
        return default
    value = record.get(key)
    return default if value is None else str(value)


def opt_text(record: object, key: str) -> str | None:
    """The string at ``record[key]``, or ``None`` when missing, ``None`` or empty."""
    value = text(record, key)
    return value or None


def records(record: object, key: str) -> list[Mapping[str, Any]]:
    """The mappings in the list at ``record[key]``; anything else is skipped."""
    if not isinstance(record, Mapping):
        return []
    value = record.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def strings(record: object, key: str) -> list[str]:
    """The non-empty items of the list at ``record[key]``, as strings."""
    if not isinstance(record, Mapping):
        return []
    value = record.get(key)
    if not isinstance(value, list):
        return []
    return [str(item) for item in value if item is not None and str(item)]


def number(record: object, key: str) -> int | float | None:
    """The number at ``record[key]`` (booleans are not numbers), else ``None``."""
    if not isinstance(record, Mapping):
        return None
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def flag(record: object, key: str) -> bool:
    """Whether ``record[key]`` is true."""
    return isinstance(record, Mapping) and bool(record.get(key))


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 outlet"``, ``"3 outlets"``.

    Example:
        >>> plural(2, "entity", "entities")
        '2 entities'
    """
    return f"{count} {word if count == 1 else (many or word + 's')}"
