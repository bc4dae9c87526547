"""The outlet of a page that carries no metadata, read from its own text.

Scraped text often still names where it came from: the page's address on a line of its
own at the top, or after "Source:" at the foot (sometimes tokenised, "http: / / www.
example. com / ..."), an aggregator's source
line under the headline ("Evening Wire5 hours ago", "Evening Wire · 2 hours ago"), or a
dated copyright footer ("© 2025 Evening Wire. All rights reserved."; a photo credit has no
year), or one that gives the site's address ("© Evening Wire / eveningwire.net"). Only the
first and last lines of a page are read, and only a line that is nothing but such a mark counts: a name inside a sentence is what the article talks about, not who
published it, and a byline ("By Jane Doe 3 hours ago") names a writer.

>>> outlet_in_text("Headline\\nEvening Wire5 hours ago\\nBody text.")
'Evening Wire'
"""

from __future__ import annotations

import re

#: lines read at each end of the page, within this many characters
EDGE_LINES = 12
EDGE_CHARS = 3000

_URL = re.compile(
    r"^\s*(?:source:\s*|url:\s*)?https?\s*:\s*/\s*/\s*(?:www\d?\s*\.\s*)?(?P<host>[a-z0-9-]+(?:\s*\.\s*[a-z0-9-]+)+)",
    re.IGNORECASE,
)
_NAME = r"(?P<name>[A-Z][\w&'’.-]*(?:[ ][A-Z0-9&][\w&'’.-]*){0,4})"
_AGO = r"(?:\d+|an?|one)\s*(?:min(?:ute)?s?|hours?|hrs?|h|days?|d|weeks?)\s+ago"
_SOURCE_LINE = re.compile(rf"^{_NAME}\s*(?:[·•|–—-]\s*)?{_AGO}\s*$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}(?:\s*[-–]\s*\d{4})?\s*(?P<rest>.+)$",
                        re.IGNORECASE)
#: A copyright line without a year that names the site's address: "© Example Media / example-news.de".
_COPYRIGHT_HOST = re.compile(
    r"^(?:©|\(c\)|copyright)\s.*?(?<![\w.@/-])(?:www\d?\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6})(?![\w.-]|/\w)",
    re.IGNORECASE,
)
_RESERVED = re.compile(r"\s*[.,;|]?\s*all rights reserved\.?\s*$", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"(?i)updated|posted|published|comments?|share|the")


def _copyright(line: str) -> str | None:
    m = _COPYRIGHT.match(line)
    if m is None:
        return None
    name = re.fullmatch(_NAME, _RESERVED.sub("", m["rest"]).strip(" .,"))
    return name["name"] if name else None


def outlet_in_text(text: str) -> str | None:
    """The outlet a page's own first or last lines name, or None."""
    # only the ends are read: no need to split a long page
    ends = text if len(text) <= 2 * EDGE_CHARS else text[:EDGE_CHARS] + "\n" + text[-EDGE_CHARS:]
    lines = [ln.strip() for ln in ends.split("\n") if ln.strip()]
    edge = lines[:EDGE_LINES] + lines[-EDGE_LINES:] if len(lines) > 2 * EDGE_LINES else lines
    for k, line in enumerate(edge):
        m = _URL.match(line)
        # an address at the top is the page's own; at the foot only when it says so ("Source: ...")
        if m and "." in m["host"] and (k < 3 or m.group(0).lstrip()[:1].lower() in ("s", "u")):
            return re.sub(r"\s+", "", m["host"]).lower()
    head, foot = lines[:EDGE_LINES], lines[-EDGE_LINES:]
    for line in head:  # an aggregator's source line sits under the headline
        m = _SOURCE_LINE.match(line)
        if m and not m["name"].lower().startswith("by ") and not _NOT_A_NAME.fullmatch(m["name"].strip(" .,-")):
            return m["name"].strip(" .,-")
    for line in reversed(foot):  # a site's copyright, with its year (or its address), closes the page
        name = _copyright(line)
        if name and not _NOT_A_NAME.fullmatch(name):
            return name
        m = _COPYRIGHT_HOST.match(line)
        if m:
            return m["host"].lower()
    return None
