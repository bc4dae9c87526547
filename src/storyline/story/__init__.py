"""The story layer: events, timeline, corroboration, contradictions and positions, assembled into the story file.

:func:`update_events` keeps the store's events current (incrementally);
:func:`build_story` assembles the story dict that :mod:`storyline.report` renders.
"""

from .build import build_story, build_timeline_view
from .corroboration import Claim, ClaimGroup, group_claims, independent_outlets
from .events import update_events
from .positions import PositionQuote, is_position, positions
from .sentences import Sentence, split_sentences
from .timeline import Happening, TimelineItem, build_timeline, describe_date, kind_of

__all__ = [
    "Claim",
    "ClaimGroup",
    "Happening",
    "PositionQuote",
    "Sentence",
    "TimelineItem",
    "build_story",
    "build_timeline_view",
    "build_timeline",
    "describe_date",
    "group_claims",
    "independent_outlets",
    "is_position",
    "kind_of",
    "positions",
    "split_sentences",
    "update_events",
]
