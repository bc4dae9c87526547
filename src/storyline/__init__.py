"""storyline: turn a pile of saved news articles into a sourced story file.

The library is the product; the CLI is a thin layer over it::

    from storyline import open_store, ingest, load_settings
    store = open_store("story.db")
    report = ingest(store, ["articles/"], settings=load_settings())
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "ingest", "load_settings", "open_store"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `storyline --help` does not import the heavy stages.
    if name == "ingest":
        from .pipeline import ingest

        return ingest
    if name == "open_store":
        from .store import open_store

        return open_store
    if name == "load_settings":
        from .settings import load

        return load
    raise AttributeError(name)
