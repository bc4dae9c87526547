"""The linking stage: what holds across documents (canonical entities, quote speakers, statements).

Functional core; :mod:`storyline.stages` reads its inputs from the store and writes the results.
"""

from .ann import close_pairs
from .entities import EntityLinks, link_entities
from .speakers import PlacedMention, SpeakerIndex, SpeakerRef
from .statements import Statement, Utterance, match_statements

__all__ = [
    "EntityLinks",
    "PlacedMention",
    "SpeakerIndex",
    "SpeakerRef",
    "Statement",
    "Utterance",
    "close_pairs",
    "link_entities",
    "match_statements",
]
