"""The one error tree of storyline.

::

    StorylineError
    ├── InputError            a file or stream that could not be read as articles
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── TooLarge
    │   └── MalformedInput
    ├── StoreError            the database could not be opened, migrated or written
    ├── ConfigError           a setting or alias file that does not parse or has an unknown name
    └── NotFound              a document, entity or event id that is not in the store

Errors are turned into exit codes or messages only at the edges (the CLI).
"""

from __future__ import annotations


class StorylineError(Exception):
    """Something storyline could not do."""


class InputError(StorylineError):
    """An input could not be read as articles."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInput(InputError):
    """The input holds no text."""


class BinaryInput(InputError):
    """The input is binary data, not text, HTML, JSON Lines, WARC or a feed."""


class TooLarge(InputError):
    """The input is larger than the configured limit."""


class MalformedInput(InputError):
    """The input has the right type but broken content (a bad JSON line, a broken WARC record)."""


class StoreError(StorylineError):
    """The database could not be opened, migrated or written."""


class ConfigError(StorylineError):
    """A setting or an alias file is invalid."""


class NotFound(StorylineError):
    """No such document, entity or event in the store."""

    def __init__(self, what: str, key: str, hint: str = "") -> None:
        msg = f"no {what} {key!r} in the store"
        super().__init__(msg + (f"; {hint}" if hint else ""))
        self.what = what
        self.key = key
