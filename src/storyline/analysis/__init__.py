"""The per-document analysis stage: mentions with roles, quotes, time expressions, document time.

Functional core: records in, records out. :mod:`storyline.stages` reads the inputs
from the store and writes the results back.
"""

from .document import DocumentAnalysis, DocumentInput, analyse_documents, document_time
from .mentions import Mention, find_mentions
from .text import AnalysedText

__all__ = [
    "AnalysedText",
    "DocumentAnalysis",
    "DocumentInput",
    "Mention",
    "analyse_documents",
    "document_time",
    "find_mentions",
]
