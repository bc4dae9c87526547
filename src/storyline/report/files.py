"""Writing a report's three files: the HTML page, the Markdown twin and the story as JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .html import render_html
from .markdown import render_markdown


def write_report(story: Mapping[str, Any], out_dir: str | Path) -> dict[str, Path]:
    """Write ``report.html``, ``report.md`` and ``report.json`` for ``story`` into ``out_dir``.

    ``out_dir`` is created if needed and existing report files in it are replaced.
    ``report.json`` is the story dict itself, so the HTML and Markdown can be
    regenerated from it.

    Returns:
        The paths written, keyed ``"html"``, ``"md"`` and ``"json"``.

    Example:
        >>> import tempfile
        >>> paths = write_report({"title": "A story"}, tempfile.mkdtemp())
        >>> sorted(p.name for p in paths.values())
        ['report.html', 'report.json', 'report.md']
    """
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        "html": directory / "report.html",
        "md": directory / "report.md",
        "json": directory / "report.json",
    }
    paths["html"].write_text(render_html(story), encoding="utf-8")
    paths["md"].write_text(render_markdown(story), encoding="utf-8")
    paths["json"].write_text(json.dumps(story, ensure_ascii=False, indent=2), encoding="utf-8")
    return paths
