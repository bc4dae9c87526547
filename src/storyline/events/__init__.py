"""Event clustering of documents: incremental clusterer, labels and cited summaries.

Functional core: no file, network or database access. See :mod:`.cluster` for the method.
"""

from .cluster import Assignment, ClusterConfig, Event, EventClusterer, EventDoc
from .features import term_counts

__all__ = ["Assignment", "ClusterConfig", "Event", "EventClusterer", "EventDoc", "term_counts"]
