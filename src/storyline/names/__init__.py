"""Cross-document name canonicalisation: spelling and transliteration variants -> one entity.

A functional core without I/O (except :func:`load_aliases`). Typical use::

    from storyline.names import NameMention, canonicalise
    entities = canonicalise([NameMention(text="Tchaikovsky", type="PER", document="d1"), ...])

Nothing in this package lists particular people, places or organisations: variants are found
by the method (phonetic classes that absorb the romanisation systems, consonant skeletons,
edit distance on name parts), and user alias rules cover the rest.
"""

from storyline.names.aliases import AliasRules, load_aliases, parse_alias_csv, parse_alias_yaml
from storyline.names.cluster import Entity, NameMention, canonicalise, type_family
from storyline.names.match import (
    ParsedName,
    given_match,
    parse_name,
    part_match,
    person_match,
    same_name,
    words_match,
)
from storyline.names.phonetic import (
    fold,
    phonetic,
    phonetic_variants,
    skeleton,
    skeleton_variants,
    transliterate,
)

__all__ = [
    "AliasRules",
    "Entity",
    "NameMention",
    "ParsedName",
    "canonicalise",
    "fold",
    "given_match",
    "load_aliases",
    "parse_alias_csv",
    "parse_alias_yaml",
    "parse_name",
    "part_match",
    "person_match",
    "phonetic",
    "phonetic_variants",
    "same_name",
    "skeleton",
    "skeleton_variants",
    "transliterate",
    "type_family",
    "words_match",
]
