"""The story report: a story dict rendered as HTML, Markdown and JSON.

A functional core: the story dict goes in, strings (or three files) come out::

    from storyline.report import write_report
    paths = write_report(story, "out/")   # report.html, report.md, report.json

The story dict (``report.json`` is exactly this dict) has ``title``,
``generated``, ``overview``, ``pages``, ``documents``, ``events``,
``timeline``, ``quotes_by_speaker``, ``entities``, ``corroboration``,
``contradictions`` and ``positions``. Every source in it is a mapping with
``document``, ``start`` and ``end``: character offsets into the text of that
document's page. Any list may be empty and optional keys may be missing.

The HTML page is self-contained (inline CSS and SVG, nothing fetched) and
links every cited item to its passage, highlighted in the document's text in
the Sources section. Passage anchors are ``p-<document>-<start>-<end>``;
timeline items ``t-<id>``, events ``e-<id>``, statements ``s-<id>``,
entities ``n-<id>``, corroboration rows ``c-<id>``, contradictions
``x-<id>`` and documents ``d-<id>``, ids reduced to ``[A-Za-z0-9_-]``.
"""

from __future__ import annotations

from .files import write_report
from .html import render_html
from .markdown import render_markdown

__all__ = ["render_html", "render_markdown", "write_report"]
