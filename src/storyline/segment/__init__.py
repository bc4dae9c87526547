"""Segmentation of scraped pages into typed blocks (see ``core``)."""

from .core import containment, segment

__all__ = ["containment", "segment"]
