"""The report renderer: HTML, Markdown and JSON from a story dict.

The story here is invented (a fictional city's bridge) and laced with hostile
markup in article text, outlet names, labels and speaker names.
"""

from __future__ import annotations

import html
import json
import pathlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.report import dates, render_html, render_markdown, write_report
from storyline.report.markdown import md_text
from storyline.report.passages import Passage, Passages, segments
from storyline.report.provenance import highlight
from storyline.report.svg import ChartItem, clusters, timeline_chart

ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BAD_OUTLET = f"Bad Outlet{IMG}"

PAGES = {
    "pg1": (
        "Bridge closed after cracks found\n"
        "Harbour bridge shut indefinitely, city says\n"
        "By Lena Ortiz | Westmere Gazette\n"
        "WESTMERE, 10 March 2022\n"
        "The city closed the Harbour Bridge on Thursday after inspectors found cracks in two support beams. "
        '"We will not reopen it until it is safe," Mayor Ada Brennan said at a press conference. '
        "Engineers said repairs could take years.\n"
        "Traffic was diverted to the ring road.\n"
        f"{SCRIPT} Subscribe to our newsletter for more stories.\n"
        f"Reader comment: {IMG} they knew for years!\n"
    ),
    "pg2": (
        "Cracks shut Harbour Bridge\n"
        "The Harbour Bridge was closed on 9 March 2022, officials said. Mayor Ada Brennan told reporters: "
        '"We will not reopen it until it is safe." An engineer, Tomas Reyes, said the beams had been flagged '
        "in 2019.\n"
        "Related: Ferry timetable changes | Tolls explained\n"
    ),
    "pg3": (
        "Harbour Bridge reopens after three years\n"
        "The Harbour Bridge reopened to traffic on 19 July 2025 at 09:20. Mayor Ada Brennan said: "
        '"It is safe, and it is ours again." Tolls will rise next month.\n'
    ),
    "pg4": (
        f"Bridge reopening marred by protest {SCRIPT}\n"
        'Protesters gathered on 20 July 2025. "Tolls are theft," said a spokesperson for the Ratepayers League.\n'
    ),
}
DOC_PAGE = {"d1": "pg1", "d2": "pg2", "d3": "pg3", "d4": "pg4"}


def src(document: str, phrase: str, **extra: Any) -> dict[str, Any]:
    """A source pointing at the first occurrence of ``phrase`` in ``document``'s page."""
    page = PAGES[DOC_PAGE[document]]
    start = page.index(phrase)
    return {"document": document, "start": start, "end": start + len(phrase), "text": phrase, **extra}


def blocks(page_id: str, kinds: list[str]) -> list[dict[str, Any]]:
    """One block per line of the page, with the given kinds."""
    found, start = [], 0
    for line, kind in zip(PAGES[page_id].split("\n"), kinds, strict=False):
        found.append({"kind": kind, "start": start, "end": start + len(line)})
        start += len(line) + 1
    return found


def make_story() -> dict[str, Any]:
    """A full story: three clusters in time, conflicts, nested passages and hostile text."""
    closed_sentence = src(
        "d1", "The city closed the Harbour Bridge on Thursday after inspectors found cracks"
    )
    quote_sentence = src(
        "d1", '"We will not reopen it until it is safe," Mayor Ada Brennan said at a press conference.'
    )
    quote = src("d1", '"We will not reopen it until it is safe,"')
    quote_words = src("d1", '"We will not reopen it')  # same start as the quote and its sentence
    straddle = src("d1", "Mayor Ada Brennan said at a press conference. Engineers said repairs")
    documents = [
        {
            "id": "d1",
            "page": "pg1",
            "title": "Bridge closed after cracks found",
            "outlet": "Westmere Gazette",
            "url": "https://gazette.example/bridge",
            "source": "gazette/bridge.html",
            "language": "en",
            "published": "2022-03-10",
            "published_confidence": 0.95,
            "published_evidence": "10 March 2022",
            "published_inferred": False,
            "event": "e1",
            "duplicate_of": None,
            "parent": None,
            "blocks": blocks(
                "pg1", ["title", "standfirst", "byline", "dateline", "body", "body", "boilerplate", "comment"]
            ),
        },
        {
            "id": "d2",
            "page": "pg2",
            "title": "Cracks shut Harbour Bridge",
            "outlet": "Coastal Courier",
            "url": "http://courier.example/cracks",
            "source": "courier.txt",
            "language": "en",
            "published": "2022-03",
            "published_confidence": 0.4,
            "published_evidence": None,
            "published_inferred": True,
            "event": "e1",
            "duplicate_of": None,
            "parent": None,
            "blocks": blocks("pg2", ["title", "body", "related"]),
        },
        {
            "id": "d3",
            "page": "pg3",
            "title": "Harbour Bridge reopens after three years",
            "outlet": "Evening Ledger",
            "url": None,
            "source": "ledger.json",
            "language": "en",
            "published": "2025-07-19T11:00",
            "published_confidence": 0.9,
            "published_evidence": None,
            "published_inferred": False,
            "event": "e2",
            "duplicate_of": None,
            "parent": None,
            "blocks": blocks("pg3", ["title", "body"]),
        },
        {
            "id": "d4",
            "page": "pg4",
            "title": f"Bridge reopening marred by protest {SCRIPT}",
            "outlet": BAD_OUTLET,
            "url": f"javascript:alert(1)//{IMG}",
            "source": "bad.html",
            "language": None,
            "published": "2025-07-20",
            "published_confidence": None,
            "published_evidence": None,
            "published_inferred": False,
            "event": "e2",
            "duplicate_of": None,
            "parent": None,
            "blocks": blocks("pg4", ["title", "body"]),
        },
    ]
    return {
        "title": f"The Harbour Bridge — closed and reopened {SCRIPT}",
        "generated": "2025-08-01T12:00",
        "overview": {
            "documents": 4,
            "pages": 4,
            "outlets": ["Westmere Gazette", "Coastal Courier", "Evening Ledger", BAD_OUTLET],
            "events": 2,
            "quotes": 5,
            "statements": 3,
            "entities": 3,
            "start": "2019",
            "end": "2025-08",
        },
        "pages": [{"id": pid, "source": f"{pid}.txt", "text": t} for pid, t in PAGES.items()],
        "documents": documents,
        "events": [
            {
                "id": "e1",
                "label": "Harbour Bridge closure",
                "documents": ["d1", "d2", "ghost"],
                "start": "2022-03-09",
                "end": "2022-03-10",
                "summary": [
                    {"text": closed_sentence["text"] + ".", "sources": [closed_sentence]},
                    {
                        "text": quote_sentence["text"],
                        "sources": [quote_sentence, src("d2", "Mayor Ada Brennan")],
                    },
                ],
            },
            {
                "id": "e2",
                "label": f"Reopening {IMG}",
                "documents": ["d3", "d4"],
                "start": "2025-07-19",
                "end": "2025-07-20",
                "summary": [{"text": "The bridge reopened.", "sources": [src("d3", "reopened")]}],
            },
        ],
        "timeline": [
            {
                "id": "t0",
                "date": "2019",
                "until": None,
                "text": "Beams flagged by inspectors",
                "kind": "claim",
                "event": None,
                "conflict": False,
                "dates": [{"date": "2019", "sources": [src("d2", "2019")]}],
                "sources": [src("d2", "the beams had been flagged in 2019")],
            },
            {
                "id": "t1",
                "date": "2022-03-10",
                "until": None,
                "text": "Harbour Bridge closed after cracks found",
                "kind": "event",
                "event": "e1",
                "conflict": True,
                "dates": [
                    {"date": "2022-03-10", "sources": [src("d1", "10 March 2022")]},
                    {"date": "2022-03-09", "sources": [src("d2", "closed on 9 March 2022")]},
                ],
                "sources": [closed_sentence, straddle],
            },
            {
                "id": "t2",
                "date": "2022-03",
                "until": None,
                "text": "Repairs expected to take years",
                "kind": "statement",
                "event": "e1",
                "conflict": False,
                "dates": [],
                "sources": [src("d1", "Engineers said repairs could take years.")],
            },
            {
                "id": "t3",
                "date": "2025-07-19T09:20",
                "until": None,
                "text": "Bridge reopens",
                "kind": "event",
                "event": "e2",
                "conflict": False,
                "dates": [],
                "sources": [src("d3", "reopened to traffic")],
            },
            {
                "id": "t4",
                "date": "2025-07-20",
                "until": None,
                "text": f"Protest at reopening {SCRIPT}",
                "kind": "event",
                "event": "e2",
                "conflict": False,
                "dates": [],
                "sources": [src("d4", "Protesters")],
            },
            {
                "id": "t5",
                "date": "2025-08",
                "until": "2025-09",
                "text": "Tolls rise | pipes in text",
                "kind": "claim",
                "event": None,
                "conflict": False,
                "dates": [],
                "sources": [src("d3", "Tolls will rise next month.")],
            },
            {
                "id": "t6",
                "date": None,
                "until": None,
                "text": "Traffic diverted to the ring road",
                "kind": "event",
                "event": "nope",
                "conflict": False,
                "dates": [],
                "sources": [src("d1", "Traffic was diverted")],
            },
        ],
        "quotes_by_speaker": [
            {
                "speaker": "Ada Brennan",
                "entity": "n1",
                "statements": [
                    {
                        "id": "s1",
                        "text": "We will not reopen it until it is safe",
                        "when": "2022-03-10",
                        "outlets": ["Westmere Gazette", "Coastal Courier"],
                        "independent": 2,
                        "versions": [
                            {
                                **quote,
                                "kind": "direct",
                                "cue": "said",
                                "channel": "press conference",
                                "outlet": "Westmere Gazette",
                                "when": "2022-03-10",
                            },
                            {
                                **quote_words,
                                "kind": "partial",
                                "cue": None,
                                "channel": None,
                                "outlet": "Westmere Gazette",
                                "when": None,
                            },
                            {
                                **src("d2", '"We will not reopen it until it is safe."'),
                                "kind": "direct",
                                "cue": "told reporters",
                                "channel": None,
                                "outlet": "Coastal Courier",
                                "when": "2022-03-09",
                            },
                        ],
                    },
                    {
                        "id": "s2",
                        "text": "It is safe, and it is ours again.",
                        "when": "2025-07-19T09:20",
                        "outlets": ["Evening Ledger"],
                        "independent": 1,
                        "versions": [
                            {
                                **src("d3", '"It is safe, and it is ours again."'),
                                "kind": "direct",
                                "cue": "said",
                                "channel": None,
                                "outlet": "Evening Ledger",
                                "when": None,
                            }
                        ],
                    },
                ],
            },
            {
                "speaker": f"Spokesperson {IMG}",
                "entity": None,
                "statements": [
                    {
                        "id": "s3",
                        "text": "Tolls are theft",
                        "when": "2025-07-20",
                        "outlets": [BAD_OUTLET],
                        "independent": 1,
                        "versions": [
                            {
                                **src("d4", '"Tolls are theft,"'),
                                "kind": "direct",
                                "cue": "said",
                                "channel": None,
                                "outlet": BAD_OUTLET,
                                "when": None,
                            }
                        ],
                    }
                ],
            },
        ],
        "entities": [
            {
                "id": "n1",
                "name": "Ada Brennan",
                "type": "PERSON",
                "variants": [["Mayor Ada Brennan", 3], ["Brennan", 1]],
                "roles": ["mayor", "speaker"],
                "documents": ["d1", "d2", "d3"],
            },
            {
                "id": "n2",
                "name": "Harbour Bridge",
                "type": "FAC",
                "variants": [["Harbour Bridge", 5]],
                "roles": [],
                "documents": ["d1", "d2", "d3"],
            },
            {
                "id": "n3",
                "name": f"Ratepayers League {SCRIPT}",
                "type": "ORG",
                "variants": [[IMG, 1]],
                "roles": ["protester"],
                "documents": ["d4"],
            },
        ],
        "corroboration": [
            {
                "id": "s1",
                "kind": "statement",
                "text": "We will not reopen it until it is safe",
                "speaker": "Ada Brennan",
                "independent_outlets": 2,
                "outlets": ["Westmere Gazette", "Coastal Courier"],
                "single_party": False,
                "contradicted_by": [],
                "sources": [quote, src("d2", '"We will not reopen it until it is safe."')],
            },
            {
                "id": "k1",
                "kind": "claim",
                "text": "The bridge closed on 10 March 2022",
                "speaker": None,
                "independent_outlets": 1,
                "outlets": ["Westmere Gazette"],
                "single_party": False,
                "contradicted_by": [
                    {
                        "outlet": "Coastal Courier",
                        "text": "closed on 9 March 2022",
                        "sources": [src("d2", "closed on 9 March 2022")],
                    }
                ],
                "sources": [src("d1", "10 March 2022")],
            },
            {
                "id": "k2",
                "kind": "claim",
                "text": f"Tolls are theft {IMG}",
                "speaker": f"Spokesperson {IMG}",
                "independent_outlets": 1,
                "outlets": [BAD_OUTLET],
                "single_party": True,
                "contradicted_by": [],
                "sources": [src("d4", '"Tolls are theft,"')],
            },
        ],
        "contradictions": [
            {
                "id": "x1",
                "topic": "When the bridge closed",
                "kind": "date",
                "claims": [
                    {
                        "value": "2022-03-10",
                        "outlets": ["Westmere Gazette"],
                        "sources": [src("d1", "10 March 2022")],
                    },
                    {
                        "value": "2022-03-09",
                        "outlets": ["Coastal Courier"],
                        "sources": [src("d2", "closed on 9 March 2022")],
                    },
                ],
            },
        ],
        "positions": [
            {
                "actor": "Ada Brennan",
                "entity": "n1",
                "issues": [
                    {
                        "issue": "Bridge safety",
                        "entries": [
                            {**quote, "date": "2022-03-10", "outlet": "Westmere Gazette"},
                            {
                                **src("d3", '"It is safe, and it is ours again."'),
                                "date": "2025-07-19",
                                "outlet": None,
                            },
                            {
                                "document": "ghost",
                                "start": 0,
                                "end": 4,
                                "text": "gone",
                                "date": None,
                                "outlet": None,
                            },
                            {
                                "document": "d1",
                                "start": 5,
                                "end": 99999,
                                "text": "out of range",
                                "date": None,
                                "outlet": "Westmere Gazette",
                            },
                        ],
                    }
                ],
            },
        ],
    }


class _Page(HTMLParser):
    """Collects ids and in-page links, and checks that every element is closed in order."""

    VOID = frozenset({"meta", "br", "img", "hr", "input", "link", "path", "line", "rect", "circle"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if values.get("id") is not None:
            self.ids.append(values["id"] or "")
        if values.get("href") is not None:
            self.hrefs.append(values["href"] or "")
        if values.get("src") is not None:
            self.srcs.append(values["src"] or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def story() -> dict[str, Any]:
    return make_story()


@pytest.fixture(scope="module")
def page(story: dict[str, Any]) -> str:
    return render_html(story)


def test_write_report_writes_html_markdown_and_json(tmp_path: pathlib.Path, story: dict[str, Any]) -> None:
    paths = write_report(story, tmp_path / "out" / "nested")
    assert set(paths) == {"html", "md", "json"}
    assert [p.name for p in paths.values()] == ["report.html", "report.md", "report.json"]
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths.values())
    assert paths["html"].read_text(encoding="utf-8") == render_html(story)
    assert paths["md"].read_text(encoding="utf-8") == render_markdown(story)


def test_report_json_is_the_story_itself(tmp_path: pathlib.Path, story: dict[str, Any]) -> None:
    paths = write_report(story, tmp_path)
    written = paths["json"].read_text(encoding="utf-8")
    assert written == json.dumps(story, ensure_ascii=False, indent=2)
    loaded = json.loads(written)
    assert loaded == story
    assert loaded["contradictions"][0]["topic"] == "When the bridge closed"
    assert "Harbour Bridge — closed" in paths["json"].read_text(encoding="utf-8")  # not \u2014


def test_html_fetches_nothing(page: str) -> None:
    parsed = parse(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert parsed.srcs == []
    assert all(href.startswith("#") for href in parsed.hrefs), [
        h for h in parsed.hrefs if not h.startswith("#")
    ]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//|javascript:)""", page, re.IGNORECASE)


def test_html_is_well_formed(page: str) -> None:
    parsed = parse(page)
    assert parsed.errors == []
    assert parsed.stack == []


def test_untrusted_text_is_escaped_everywhere(page: str, story: dict[str, Any]) -> None:
    assert "<script" not in page
    assert "<img" not in page
    assert "onerror=alert(1)>" not in page
    assert html.escape(SCRIPT) in page  # article text, title, labels
    assert html.escape(BAD_OUTLET, quote=True) in page  # outlet name
    assert html.escape(f"Spokesperson {IMG}", quote=True) in page  # speaker name
    assert html.escape(f"Reopening {IMG}", quote=True) in page  # event label


def test_every_in_page_link_has_its_target(page: str) -> None:
    parsed = parse(page)
    ids = set(parsed.ids)
    assert len(ids) == len(parsed.ids), "ids are unique"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    missing = {h for h in parsed.hrefs if h[1:] not in ids}
    assert missing == set()


def test_every_linkable_source_is_linked_to_a_highlight(page: str, story: dict[str, Any]) -> None:
    passages = Passages(story)
    for source in [s for t in story["timeline"] for s in t["sources"]]:
        anchor = passages.cite(source).anchor
        assert anchor is not None
        assert f'href="#{anchor}"' in page
        assert re.search(rf'<(mark|span class="anchor") id="{anchor}"', page)


def test_overlapping_and_nested_passages_each_get_an_anchor(page: str, story: dict[str, Any]) -> None:
    passages = Passages(story)
    d1 = passages.for_document("d1")
    starts = [p.start for p in d1]
    assert len(starts) != len(set(starts)), "the fixture has passages sharing a start"
    for passage in d1:
        assert page.count(f'id="{passage.anchor}"') == 1
    assert 'class="d3"' in page  # three passages deep where quote, its sentence and a straddler meet


def test_passages_sharing_a_start_get_separate_anchors() -> None:
    nested = [
        Passage(anchor="p-a", document="d", start=0, end=5),
        Passage(anchor="p-b", document="d", start=0, end=2),
        Passage(anchor="p-c", document="d", start=3, end=8),
    ]
    out = highlight("Hello, world", 0, 12, nested, set())
    assert out == (
        '<mark id="p-a" class="d2"><span class="anchor" id="p-b"></span>He</mark><mark class="d1">l</mark>'
        '<mark id="p-c" class="d2">lo</mark><mark class="d1">, w</mark>orld'
    )


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [(0, 10, ())]),
        ([(2, 4)], [(0, 2, ()), (2, 4, ("a",)), (4, 10, ())]),
        ([(0, 10), (3, 5)], [(0, 3, ("a",)), (3, 5, ("a", "b")), (5, 10, ("a",))]),
        ([(-5, 3), (8, 20)], [(0, 3, ("a",)), (3, 8, ()), (8, 10, ("b",))]),
        ([(20, 30)], [(0, 10, ())]),
    ],
)
def test_segments_split_at_every_boundary(
    spans: list[tuple[int, int]], expected: list[tuple[Any, ...]]
) -> None:
    passages = [Passage(anchor="ab"[i], document="d", start=s, end=e) for i, (s, e) in enumerate(spans)]
    assert [(s.start, s.end, s.covering) for s in segments(0, 10, passages)] == expected


@given(
    text=st.text(alphabet="ab<>&\"' \n", min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=6),
)
def test_highlight_keeps_the_text_and_places_each_anchor_once(
    text: str, spans: list[tuple[int, int]]
) -> None:
    passages = [
        Passage(anchor=f"p-{i}", document="d", start=min(s, e), end=max(s, e))
        for i, (s, e) in enumerate(spans)
        if min(s, e) < max(s, e) <= len(text)
    ]
    passages.sort(key=lambda p: (p.start, -p.end))
    out = highlight(text, 0, len(text), passages, set())
    assert html.unescape(re.sub(r"<[^>]*>", "", out)) == text
    for passage in passages:
        assert out.count(f'id="{passage.anchor}"') == 1
    assert parse(out).errors == []


def test_unlinkable_sources_render_as_plain_text(page: str, story: dict[str, Any]) -> None:
    passages = Passages(story)
    ghost = {"document": "ghost", "start": 0, "end": 4}
    out_of_range = {"document": "d1", "start": 5, "end": 99999}
    assert passages.cite(ghost).anchor is None
    assert passages.cite(out_of_range).anchor is None
    assert passages.cite({"document": "d1", "start": "x", "end": None}).anchor is None
    assert 'title="ghost:0-4">gone</span>' in page
    assert 'title="d1:5-99999">out of range</span>' in page


def test_set_aside_blocks_are_folded_and_labelled(page: str) -> None:
    assert re.search(r'<details class="block aside"><summary>boilerplate · set aside', page)
    assert re.search(r'<details class="block aside"><summary>comment · set aside', page)
    assert re.search(r'<details class="block aside"><summary>related · set aside', page)


def test_document_urls_are_shown_not_linked(page: str) -> None:
    assert '<code class="url">https://gazette.example/bridge</code>' in page
    assert 'href="https://' not in page


def test_timeline_chart_breaks_the_axis_between_clusters_years_apart(page: str) -> None:
    chart = re.search(r'<svg class="chart".*?</svg>', page, re.DOTALL)
    assert chart is not None
    svg = chart.group(0)
    assert svg.count('fill="#f5f7fa"') == 3  # 2019, 2022 and 2025 panels
    assert "3 yr" in svg and 'fill="#b42318"' in svg  # a gap label and a conflict mark
    for anchor in ("t-t0", "t-t1", "t-t2", "t-t3", "t-t4", "t-t5"):
        assert f'href="#{anchor}"' in svg
    assert 'href="#t-t6"' not in svg
    assert re.search(r'<div class="undated">.*href="#t-t6"', page, re.DOTALL)


def test_chart_clusters_only_across_long_gaps() -> None:
    def item(number: int, date: str) -> ChartItem:
        return ChartItem(number=number, anchor=f"t-{number}", label="x", date=date)

    monthly = [item(i, f"2022-{m:02d}-01") for i, m in enumerate(range(1, 13), start=1)]
    assert timeline_chart(monthly).count('fill="#f5f7fa"') == 1
    two = [item(1, "2022-03-10"), item(2, "2022-03-12"), item(3, "2025-07-19T09:20")]
    assert timeline_chart(two).count('fill="#f5f7fa"') == 2
    assert timeline_chart([item(1, "soon")]) == ""
    assert timeline_chart([item(1, "2025-07-19T09:20")]).startswith("<svg")


def test_chart_clusters_are_in_time_order() -> None:
    from storyline.report.svg import _place

    placed = [
        _place(ChartItem(number=i, anchor="a", label="", date=d))
        for i, d in enumerate(["2025", "2019", "2020"])
    ]
    groups = clusters([p for p in placed if p is not None])
    assert [[p.item.date for p in g] for g in groups] == [["2019", "2020"], ["2025"]]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2022-03-10", "10 Mar 2022"),
        ("2025-08", "Aug 2025"),
        ("2019", "2019"),
        ("2025-07-19T09:20", "19 Jul 2025, 09:20"),
        ("2025-07-19T09:20:00+02:00", "19 Jul 2025, 09:20"),
        ("2022-02-30", "2022-02-30"),
        ("last week", "last week"),
        (None, ""),
    ],
)
def test_dates_are_shown_as_a_reader_writes_them(value: str | None, shown: str) -> None:
    assert dates.human(value) == shown


def test_markdown_has_every_section_and_cites_passages(story: dict[str, Any]) -> None:
    md = render_markdown(story)
    for heading in (
        "Overview",
        "Timeline",
        "Events",
        "Quotes",
        "Entities",
        "Corroboration",
        "Contradictions",
        "Positions",
        "Sources",
    ):
        assert f"\n## {heading}\n" in md
    quote = story["quotes_by_speaker"][0]["statements"][0]["versions"][0]
    assert f"[Westmere Gazette, d1:{quote['start']}-{quote['end']}]" in md
    assert "[boilerplate block set aside" in md.replace("\\", "")


def test_the_timeline_follows_the_episodes(story: dict[str, Any]) -> None:
    md = render_markdown(story)
    timeline = md.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    headings = [line for line in timeline.splitlines() if line.startswith("### ")]
    assert headings[:2] == ["### Not in an event", "### Harbour Bridge closure"]
    assert headings[2].startswith("### Reopening") and headings[3:] == ["### Not in an event", "### nope"]
    html = render_html(story)
    section = html.split('id="sec-timeline"', 1)[1].split("</section>", 1)[0]
    assert section.count('<h3 class="episode">') == len(headings) and '<ol class="timeline"></ol>' not in section


def test_events_are_grouped_by_story_when_the_pile_holds_several(story: dict[str, Any]) -> None:
    two = {**story, "stories": [{"id": "s0", "label": "The bridge", "events": ["e1"]},
                                {"id": "s1", "label": "The reopening", "events": ["e2"]}],
           "events": [{**e, "story": "s0" if i == 0 else "s1"} for i, e in enumerate(story["events"])]}
    md = render_markdown(two)
    events = md.split("## Events", 1)[1].split("\n## ", 1)[0]
    assert "### Story: The bridge" in events and "### Story: The reopening" in events
    assert events.index("### Story: The bridge") < events.index("#### Harbour Bridge closure")
    assert render_html(two).count('<h3 class="story">') == 2
    assert '<h3 class="story">' not in render_html(story)  # one story: no story headings


def test_markdown_escapes_untrusted_text(story: dict[str, Any]) -> None:
    md = render_markdown(story)
    assert re.search(r"(?<!\\)<", md) is None  # no raw HTML: every "<" is escaped
    assert "\\<script\\>" in md
    assert "Tolls rise \\| pipes in text" in md
    tables: list[list[int]] = [[]]
    for line in md.splitlines():
        if line.startswith("|"):
            tables[-1].append(len(re.findall(r"(?<!\\)\|", line)))
        elif tables[-1]:
            tables.append([])
    assert len(tables) > 3
    assert all(len(set(pipes)) <= 1 for pipes in tables), tables


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("two\nlines", "two lines"),
        ("*bold* [x](y)", "\\*bold\\* \\[x\\](y)"),
        ("<b>", "\\<b\\>"),
    ],
)
def test_md_text_escapes_markup(raw: str, escaped: str) -> None:
    assert md_text(raw) == escaped


@pytest.mark.parametrize(
    "sparse",
    [
        {},
        {"title": "Only the basics", "pages": [], "documents": []},
        {
            "title": "One page",
            "pages": [{"id": "p", "source": "x.txt", "text": "Some text here."}],
            "documents": [{"id": "d", "page": "p", "blocks": [{"kind": "body", "start": 0, "end": 15}]}],
        },
        {
            "title": None,
            "pages": None,
            "documents": [None, 3, {"id": None, "blocks": [{"start": True}]}],
            "timeline": [{"date": 2022, "sources": [{"document": None, "start": 0, "end": 1}]}],
            "quotes_by_speaker": [{"statements": [{"versions": [{}]}]}],
            "entities": [{"variants": [None, []]}],
        },
    ],
)
def test_a_sparse_story_renders(tmp_path: pathlib.Path, sparse: dict[str, Any]) -> None:
    page = render_html(sparse)
    assert "<h2>Sources</h2>" in page and "</html>" in page
    assert parse(page).errors == []
    assert render_markdown(sparse).startswith("# ")
    assert set(write_report(sparse, tmp_path)) == {"html", "md", "json"}


CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if pathlib.Path("/usr/bin/chromium").exists() else None
)


def _chromium(profile: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make system-deps installs it)")
def test_report_renders_offline_in_headless_chromium(tmp_path: pathlib.Path, story: dict[str, Any]) -> None:
    paths = write_report(story, tmp_path / "report")
    url = paths["html"].resolve().as_uri()
    dumped = _chromium(tmp_path / "profile", "--dump-dom", url)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    parsed = parse(dom)
    assert "svg" in parsed.tags and "mark" in parsed.tags
    for heading in (
        "Overview",
        "Timeline",
        "Events",
        "Quotes",
        "Entities",
        "Corroboration",
        "Contradictions",
        "Positions",
        "Sources",
    ):
        assert f"<h2>{heading}</h2>" in dom
    ids = set(parsed.ids)
    assert {h[1:] for h in parsed.hrefs} <= ids
    assert "script" not in parsed.tags and "img" not in parsed.tags

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    taken = _chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "module",
    ["context", "dates", "files", "html", "markdown", "passages", "provenance", "svg", "values"],
)
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"storyline.report.{module}"))
    assert result.failed == 0


def test_hostile_and_repeated_ids_still_give_unique_resolving_anchors() -> None:
    text = "One two three four five."
    hostile = 'd"><b>1'
    story = {
        "title": "Ids",
        "pages": [{"id": "p", "source": "p.txt", "text": text}],
        "documents": [
            {"id": hostile, "page": "p", "outlet": IMG, "blocks": [{"kind": "body", "start": 0, "end": 24}]},
            {"id": 'd_"_b_1', "page": "p", "blocks": [{"kind": "body", "start": 0, "end": 24}]},
            {"id": hostile, "page": "p", "blocks": [{"kind": "body", "start": 0, "end": 24}]},
            {"id": "no-blocks", "page": "p", "blocks": []},
        ],
        "events": [{"id": "e 1", "label": "A", "documents": [hostile]}, {"id": "e 1", "label": "B"}],
        "timeline": [
            {
                "id": "t",
                "date": "2024-01-02",
                "text": "a",
                "sources": [{"document": hostile, "start": 4, "end": 7}],
            },
            {
                "id": "t",
                "date": "2024-01-03",
                "text": "b",
                "sources": [{"document": 'd_"_b_1', "start": 4, "end": 7}],
            },
            {"text": "c", "event": "e 1", "sources": [{"document": "no-blocks", "start": 8, "end": 13}]},
        ],
    }
    page = render_html(story)
    parsed = parse(page)
    assert parsed.errors == []
    assert len(set(parsed.ids)) == len(parsed.ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in parsed.ids)
    assert {h[1:] for h in parsed.hrefs} <= set(parsed.ids)
    assert "Cited passages outside this document" in page  # the document without blocks
