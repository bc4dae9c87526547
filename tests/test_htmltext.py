"""HTML pages: what is added to trafilatura's main text (the lead above it, a body split over boxes)."""

from __future__ import annotations

import lxml.html

from storyline import htmltext

BODY = [
    "The regional council voted on Tuesday to approve the new budget for public transport, after a long debate.",
    "The plan adds forty buses to the fleet and extends night services on three lines, the committee said.",
]
LEAD = "Night buses will run on three more lines from the spring, and forty new buses join the fleet this year."

PAGE = f"""<html><body>
<nav><p>Home</p><p>Transport news from the whole region, every day of the week, since nineteen ninety.</p></nav>
<p>A sentence above the headline is never the lead of the article below it, whatever it says.</p>
<h1>Council approves bus budget</h1>
<div class="intro"><p>{LEAD}</p></div>
<p>By Jane Example and John Example on Tuesday, March 12th, 2024 at 10:00 a.m. in the city hall</p>
<figure><img src="bus.jpg"><figcaption>A new bus waits at the depot on the first morning of the trial service.</figcaption></figure>
<div class="author-bio"><p>Jane Example has reported on the city's transport for the paper since the year of the floods.</p></div>
<p>Home › Transport › Buses › A very long trail of places that reads almost like a sentence.</p>
<article><p>{BODY[0]}</p><p>{BODY[1]}</p></article>
</body></html>"""


def test_the_lead_above_the_kept_text_is_added_and_nothing_else_is() -> None:
    tree = lxml.html.fromstring(PAGE)
    assert htmltext._lead(tree, "Council approves bus budget", BODY) == [LEAD]


def test_no_lead_when_the_text_above_is_not_prose_or_is_kept_already() -> None:
    tree = lxml.html.fromstring(PAGE.replace(LEAD, "Read more"))
    assert htmltext._lead(tree, "Council approves bus budget", BODY) == []
    tree = lxml.html.fromstring(PAGE)
    assert htmltext._lead(tree, "Council approves bus budget", [LEAD, *BODY]) == []


def test_an_html_page_stores_its_lead_as_a_standfirst(tmp_path) -> None:
    from storyline import readers
    from storyline.records import RawDocument
    from storyline.segment import segment

    html = PAGE.replace("<html><body>", "<html><head><title>Council approves bus budget</title></head><body>")
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    (doc,) = [x for x in readers.read_path(str(tmp_path / "p.html")) if isinstance(x, RawDocument)]
    seg = segment(doc.text, title_hint=doc.meta.title, hints=doc.hints)
    kinds = {b.text: b.kind.value for b in seg.blocks}
    assert kinds.get(LEAD) in ("standfirst", "body")
    main = seg.articles[0]
    assert main.text.count(LEAD) == 1 and BODY[0] in main.text  # (trafilatura keeps more of so small a page)
