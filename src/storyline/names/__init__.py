"""Cross-document name canonicalisation: spelling and transliteration variants -> one entity.

A functional core without I/O (except :func:`load_aliases`). Typical use::

    from storyline.names import NameMention, canonicalise
    entities = canonicalise([NameMention(text="Tchaikovsky", type="PER", document="d1"), ...])

Nothing in this package lists particular people, places or organisations: variants are found
by the method (phonetic classes that absorb the romanisation systems, consonant skeletons,
edit distance on name parts, stems left by a general table of Slavic case endings, a general
table of familiar English given names, acronyms spelled out in the same document, document
context for short names), and user alias rules (or a Wikidata dump) cover the rest.

Modules: :mod:`~storyline.names.phonetic` (fold, sound classes, skeletons),
:mod:`~storyline.names.inflect` (case endings, gender), :mod:`~storyline.names.match` (is this
the same name?), :mod:`~storyline.names.cluster` (canonicalise), :mod:`~storyline.names.resolve`
(short names in context), :mod:`~storyline.names.aliases` (user rules).
"""

from storyline.names.aliases import (
    AliasRules,
    load_aliases,
    load_wikidata_aliases,
    parse_alias_csv,
    parse_alias_yaml,
)
from storyline.names.cluster import Entity, NameMention, canonicalise, type_family
from storyline.names.inflect import gender, inflected_match, stems
from storyline.names.match import (
    ParsedName,
    acronyms,
    genders_agree,
    given_match,
    parse_name,
    part_match,
    person_match,
    same_name,
    split_descriptor,
    word_match,
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
    "acronyms",
    "canonicalise",
    "fold",
    "gender",
    "genders_agree",
    "given_match",
    "inflected_match",
    "load_aliases",
    "load_wikidata_aliases",
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
    "split_descriptor",
    "stems",
    "transliterate",
    "type_family",
    "word_match",
    "words_match",
]
