"""Shared fixtures: the seed articles (read at run time from ../shared) and a fresh store."""

from __future__ import annotations

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = pathlib.Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"


@pytest.fixture
def seeds() -> pathlib.Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    return SEEDS


@pytest.fixture
def store(tmp_path: pathlib.Path):
    from storyline.store import open_store

    s = open_store(str(tmp_path / "test.db"))
    yield s
    s.close()


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> dict:
    for key in list(os.environ):
        if key.startswith("STORYLINE_"):
            monkeypatch.delenv(key)
    from storyline.settings import load

    return load()
