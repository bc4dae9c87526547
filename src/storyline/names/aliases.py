"""User alias rules: names that must be merged, and names that must be kept apart.

Accepted files:

* YAML, either a mapping with ``merge`` (or ``aliases``) and ``forbid`` (or ``not``,
  ``distinct``) sections, or a list of ``{name: ..., alias: ...}`` / ``{name: ..., not: ...}``
  records. A section is a mapping from a name to one alias or a list of aliases, or a list of
  two-element lists, or a list of such records::

      merge:
        Kyiv: [Kiev, Kiew]
      forbid:
        John Smith: John Smyth

* CSV with a header naming the column ``name`` and at least one of ``alias`` and ``not``;
  each row adds a merge rule (``alias`` filled in) and/or a forbid rule (``not`` filled in).

In a merge rule the first name (the ``name``, or the key of a mapping) is the canonical name:
an entity that contains either name is named by it, whatever the counts.

:func:`load_wikidata_aliases` turns a (filtered) Wikidata JSON dump into merge rules.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from storyline.errors import ConfigError

__all__ = ["AliasRules", "load_aliases", "load_wikidata_aliases", "parse_alias_csv", "parse_alias_yaml"]

_MERGE_KEYS = ("merge", "aliases", "alias", "same")
_FORBID_KEYS = ("forbid", "not", "distinct", "different")


@dataclass(frozen=True, slots=True, kw_only=True)
class AliasRules:
    """Force-merge and forbid-merge pairs of names.

    Names are compared after :func:`~storyline.names.phonetic.fold` (case, diacritics and
    punctuation do not matter). A pair in both lists is an error.

    Attributes:
        merge: Pairs of names that always belong to one entity; the first of a pair is the
            canonical name of that entity.
        forbid: Pairs of names that never belong to one entity.
    """

    merge: tuple[tuple[str, str], ...] = ()
    forbid: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        from storyline.names.phonetic import fold

        merged = {frozenset((fold(a), fold(b))) for a, b in self.merge}
        for a, b in self.forbid:
            if frozenset((fold(a), fold(b))) in merged:
                raise ConfigError(f"alias rules both merge and forbid {a!r} and {b!r}")

    def __bool__(self) -> bool:
        return bool(self.merge or self.forbid)


def _pairs(section: Any, where: str, key: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if section is None:
        return out
    if isinstance(section, Mapping):
        for name, value in section.items():
            values = value if isinstance(value, list) else [value]
            for v in values:
                if not isinstance(v, (str, int, float)) or not str(v).strip():
                    raise ConfigError(f"{where}: {key}: value for {name!r} must be a name or list of names")
                out.append((str(name).strip(), str(v).strip()))
        return out
    if isinstance(section, list):
        for item in section:
            if isinstance(item, (list, tuple)) and len(item) == 2:
                out.append((str(item[0]).strip(), str(item[1]).strip()))
            elif isinstance(item, Mapping) and "name" in item:
                other = next((item[k] for k in ("alias", "not", "other") if k in item), None)
                values = other if isinstance(other, list) else [other]
                for v in values:
                    if v is None or not str(v).strip():
                        raise ConfigError(f"{where}: {key}: record {item!r} names no alias")
                    out.append((str(item["name"]).strip(), str(v).strip()))
            else:
                raise ConfigError(f"{where}: {key}: cannot read rule {item!r}")
        return out
    raise ConfigError(f"{where}: {key}: expected a mapping or a list, got {type(section).__name__}")


def _rules(merge: Iterable[tuple[str, str]], forbid: Iterable[tuple[str, str]], where: str) -> AliasRules:
    m = tuple((a, b) for a, b in merge if a and b)
    f = tuple((a, b) for a, b in forbid if a and b)
    try:
        return AliasRules(merge=m, forbid=f)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def parse_alias_yaml(text: str, where: str = "<yaml>") -> AliasRules:
    """Read alias rules from YAML text (see the module docstring for the layout).

    Args:
        text: YAML source.
        where: Name used in error messages.

    Returns:
        The rules.

    Raises:
        ConfigError: The text is not valid YAML or not in an accepted layout.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML: {exc}") from None
    if data is None:
        return AliasRules()
    merge: list[tuple[str, str]] = []
    forbid: list[tuple[str, str]] = []
    if isinstance(data, list):
        for item in data:
            if not isinstance(item, Mapping) or "name" not in item:
                raise ConfigError(f"{where}: list items must be records with a 'name'")
            if "alias" in item:
                merge += _pairs([{"name": item["name"], "alias": item["alias"]}], where, "alias")
            if "not" in item:
                forbid += _pairs([{"name": item["name"], "not": item["not"]}], where, "not")
            if "alias" not in item and "not" not in item:
                raise ConfigError(f"{where}: record {item!r} has neither 'alias' nor 'not'")
        return _rules(merge, forbid, where)
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where}: expected a mapping or a list at the top level")
    unknown = [k for k in data if str(k).lower() not in _MERGE_KEYS + _FORBID_KEYS]
    if unknown:
        raise ConfigError(f"{where}: unknown section(s) {', '.join(map(repr, unknown))}; "
                          f"use 'merge' and 'forbid'")
    for k, v in data.items():
        if str(k).lower() in _MERGE_KEYS:
            merge += _pairs(v, where, str(k))
        else:
            forbid += _pairs(v, where, str(k))
    return _rules(merge, forbid, where)


def parse_alias_csv(text: str, where: str = "<csv>") -> AliasRules:
    """Read alias rules from CSV text with columns ``name`` and ``alias`` and/or ``not``.

    Args:
        text: CSV source with a header row.
        where: Name used in error messages.

    Returns:
        The rules.

    Raises:
        ConfigError: The header lacks the needed columns.
    """
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "name" not in fields or not ({"alias", "not"} & set(fields)):
        raise ConfigError(f"{where}: CSV needs a 'name' column and an 'alias' or 'not' column")
    merge: list[tuple[str, str]] = []
    forbid: list[tuple[str, str]] = []
    for row in reader:
        norm = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        name = norm.get("name", "")
        if not name:
            continue
        if norm.get("alias"):
            merge.append((name, norm["alias"]))
        if norm.get("not"):
            forbid.append((name, norm["not"]))
    return _rules(merge, forbid, where)


def load_aliases(path: str | Path) -> AliasRules:
    """Load alias rules from a ``.yaml``/``.yml`` or ``.csv`` file.

    Args:
        path: The alias file. Files with another suffix are read as YAML.

    Returns:
        The rules.

    Raises:
        ConfigError: The file cannot be read or parsed.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read alias file: {exc.strerror or exc}") from None
    if p.suffix.lower() == ".csv":
        return parse_alias_csv(text, str(p))
    return parse_alias_yaml(text, str(p))


def load_wikidata_aliases(path: str | Path, *, languages: Iterable[str] | None = None,
                          prefer: str = "en") -> AliasRules:
    """Read labels and aliases from a Wikidata JSON dump into merge rules, streaming.

    The dump is the standard ``wikidata-*-all.json`` layout (one entity object per line inside
    a JSON array), plain or gzip-compressed (``.gz``); a filtered extract of it is the usual
    input. Each entity's label in ``prefer`` (else its first label) becomes the canonical name
    and every other label and alias is merged with it. A name that two entities share
    (``Georgia``) is left out, so the rules never join two entities. Nothing is fetched.

    Args:
        path: The dump file.
        languages: Language codes whose labels and aliases are read; all when ``None``.
        prefer: Language of the canonical name.

    Returns:
        Merge rules (no forbid rules).

    Raises:
        ConfigError: The file cannot be read or a line is not an entity object.

    Example:
        >>> rules = load_wikidata_aliases("wikidata-composers.json.gz", languages=["en", "pl"])
    """
    from storyline.names.phonetic import fold

    p = Path(path)
    wanted = set(languages) if languages is not None else None
    owner: dict[str, str | None] = {}  # fold -> the one entity using it (None: shared)
    entities: list[tuple[str, list[str]]] = []
    try:
        with (gzip.open(p, "rt", encoding="utf-8") if p.suffix == ".gz"
              else open(p, encoding="utf-8")) as fh:
            for lineno, raw in enumerate(fh, 1):
                line = raw.strip().rstrip(",")
                if not line or line in ("[", "]"):
                    continue
                try:
                    ent = json.loads(line)
                except json.JSONDecodeError:
                    raise ConfigError(f"{p}:{lineno}: not a Wikidata entity object") from None
                if not isinstance(ent, dict) or "id" not in ent:
                    raise ConfigError(f"{p}:{lineno}: not a Wikidata entity object")
                names = _wikidata_names(ent, wanted, prefer)
                seen: set[str] = set()
                for n in names:
                    k = fold(n)
                    if not k or k in seen:
                        continue
                    seen.add(k)
                    owner[k] = ent["id"] if owner.get(k, ent["id"]) == ent["id"] else None
                if len(names) > 1:
                    entities.append((ent["id"], names))
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read Wikidata dump: {exc}") from None
    merge: list[tuple[str, str]] = []
    for eid, names in entities:
        own = [n for n in names if owner.get(fold(n)) == eid]
        if len(own) < 2:
            continue
        seen = {fold(own[0])}
        for n in own[1:]:
            if fold(n) not in seen:
                seen.add(fold(n))
                merge.append((own[0], n))
    return AliasRules(merge=tuple(merge))


def _wikidata_names(ent: Mapping[str, Any], wanted: set[str] | None, prefer: str) -> list[str]:
    """Labels (the preferred language first) then aliases of one entity."""
    labels = ent.get("labels") or {}
    aliases = ent.get("aliases") or {}
    out: list[str] = []
    langs = sorted(labels, key=lambda lang: (lang != prefer, lang))
    for lang in langs:
        if wanted is None or lang in wanted or lang == prefer:
            v = labels[lang].get("value") if isinstance(labels[lang], Mapping) else None
            if isinstance(v, str) and v.strip():
                out.append(v.strip())
    for lang in sorted(aliases):
        if wanted is not None and lang not in wanted:
            continue
        for a in aliases[lang] or []:
            v = a.get("value") if isinstance(a, Mapping) else None
            if isinstance(v, str) and v.strip():
                out.append(v.strip())
    return out
