"""storyline's settings: one table of (name, default, help), layered.

Precedence, lowest first: the defaults below, the shipped ``default.cfg`` (which
documents every setting), the user's ``storyline.toml``-style ``STORYLINE_CONFIG``
file (INI syntax, ``[storyline]`` section), ``STORYLINE_*`` environment
variables, then command-line options.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(name="db", default="storyline.db", help="Database: a SQLite file path or an SQLAlchemy URL."),
    Setting(name="max_file_mb", default=64, help="Inputs larger than this many megabytes are refused."),
    Setting(
        name="near_duplicate_threshold",
        default=0.8,
        help="Estimated Jaccard similarity of word 5-gram shingles above which two articles are near-duplicates.",
    ),
    Setting(name="min_article_words", default=20, help="A related article needs at least this many body words."),
    Setting(name="analyse", default=True, help="Run the analysis stages on what ingest adds."),
    Setting(
        name="aliases",
        default="",
        help="An alias file (YAML or CSV) that forces or forbids entity merges; empty for none.",
    ),
    Setting(
        name="wikidata",
        default="",
        help="A Wikidata JSON dump file (.json or .json.gz, often a filtered extract) whose labels and aliases "
        "become merge rules; empty for none.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: str) -> Any:
    kind = type(setting.default)
    try:
        if kind is bool:
            low = value.strip().lower()
            if low in {"1", "true", "yes", "on"}:
                return True
            if low in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        return kind(value)
    except ValueError as exc:
        raise ConfigError(f"setting {setting.name!r}: {value!r} is not a valid {kind.__name__}") from exc


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the settings in force, as a dict name -> value."""
    values = {s.name: s.default for s in SETTINGS}
    parser = configparser.ConfigParser()
    parser.read_string(resources.files("storyline").joinpath("default.cfg").read_text(encoding="utf-8"))
    user = os.environ.get("STORYLINE_CONFIG")
    if user:
        if not os.path.exists(user):
            raise ConfigError(f"STORYLINE_CONFIG names {user!r}, which does not exist")
        parser.read(user, encoding="utf-8")
    if parser.has_section("storyline"):
        for key, raw in parser.items("storyline"):
            if key not in _BY_NAME:
                valid = ", ".join(sorted(_BY_NAME))
                raise ConfigError(f"unknown setting {key!r} in config; valid settings: {valid}")
            values[key] = _coerce(_BY_NAME[key], raw)
    for s in SETTINGS:
        env = os.environ.get("STORYLINE_" + s.name.upper())
        if env is not None and env != "":
            values[s.name] = _coerce(s, env)
    for key, val in (overrides or {}).items():
        if val is not None:
            if key not in _BY_NAME:
                raise ConfigError(f"unknown setting {key!r}")
            values[key] = val
    return values
