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


def test_a_lead_found_is_stored_above_the_body_as_a_standfirst(monkeypatch) -> None:
    from storyline.records import Metadata
    from storyline.segment import segment

    added = "A lead that trafilatura left out, above the first paragraph it kept, reads as whole sentences."
    monkeypatch.setattr(htmltext, "_lead", lambda tree, title, body: [added])
    html = f"<html><body><article><h1>Council approves bus budget</h1><p>{BODY[0]}</p><p>{BODY[1]}</p></article></body></html>"
    doc = htmltext.extract("x.html", html, meta=Metadata(title="Council approves bus budget"), saved_at=None, fmt="html")
    assert [kind for kind, _, _ in doc.hints][:3] == ["title", "lead", "body"]
    seg = segment(doc.text, title_hint=doc.meta.title, hints=doc.hints)
    assert {b.text: b.kind.value for b in seg.blocks}[added] == "standfirst"
    assert seg.articles[0].text.startswith(added)


def test_a_comment_node_and_a_row_of_stars_do_not_change_the_lead() -> None:
    page = PAGE.replace(f"<p>{LEAD}</p>", f"<p>{LEAD}</p><!-- ad-slot: top banner 300x250 --><p>* * * * * * * * * *</p>")
    tree = lxml.html.fromstring(page)
    assert htmltext._lead(tree, "Council approves bus budget", BODY) == [LEAD]


def test_a_decomposed_title_is_not_stored_twice() -> None:
    import unicodedata

    from storyline.records import Metadata

    title = "Bürgermeister von Köln tritt zurück"
    nfd = unicodedata.normalize("NFD", title)
    html = f"<html><body><article><h1>{nfd}</h1><p>{BODY[0]}</p><p>{BODY[1]}</p></article></body></html>"
    doc = htmltext.extract("x.html", html, meta=Metadata(title=nfd), saved_at=None, fmt="html")
    assert doc.text.count(title) == 1 and doc.meta.title == title
    assert [kind for kind, _, _ in doc.hints].count("title") == 1


def test_on_real_pages_the_lead_added_is_what_trafilatura_left_out() -> None:
    import gzip
    import pathlib

    import pytest
    import trafilatura

    from storyline.records import Metadata

    folder = pathlib.Path(__file__).resolve().parents[2] / "shared" / "eval" / "boilerplate_trafilatura_eval" / "html"
    if not folder.is_dir():
        pytest.skip("../shared/eval is not here")
    found = 0
    for path in sorted(folder.glob("*.html.gz"))[:120]:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        try:
            doc = htmltext.extract(str(path), html, meta=Metadata(), saved_at=None, fmt="html")
        except Exception:  # noqa: BLE001 - a page trafilatura cannot read is not what this test is about
            continue
        leads = [doc.text[a:b] for kind, a, b in doc.hints if kind == "lead"]
        if not leads:
            continue
        alone = trafilatura.extract(html) or ""
        assert all(" ".join(x.split()) not in " ".join(alone.split()) for x in leads)
        found += 1
    assert found >= 3  # about one page in ten has a lead trafilatura leaves out


def test_a_notice_to_the_reader_in_german_is_not_a_lead() -> None:
    notice = "Vielen Dank für Ihre Bestellung, wir wünschen Ihnen mit der neuen Ausgabe viel Vergnügen beim Lesen."
    tree = lxml.html.fromstring(PAGE.replace(f"<p>{LEAD}</p>", f"<p>{notice}</p>"))
    assert htmltext._lead(tree, "Council approves bus budget", BODY) == []
    reported = "Die Ministerin sagte am Dienstag, sie wolle die neuen Busse noch vor dem Sommer in Betrieb nehmen."
    tree = lxml.html.fromstring(PAGE.replace(f"<p>{LEAD}</p>", f"<p>{reported}</p>"))
    assert htmltext._lead(tree, "Council approves bus budget", BODY) == [reported]


def test_a_first_paragraph_outside_a_p_element_still_anchors_the_lead() -> None:
    page = PAGE.replace(f"<article><p>{BODY[0]}</p>", f"<article><div>{BODY[0]}</div>")
    tree = lxml.html.fromstring(page)
    assert htmltext._lead(tree, "Council approves bus budget", BODY) == [LEAD]


def test_headlines_of_linked_articles_are_related_teasers_and_a_comment_heading_is_no_comment() -> None:
    from storyline.records import Metadata
    from storyline.segment import segment

    teasers = ["Union warns of wider action as talks stall", "Night buses cut as drivers strike again"]
    comment = "Good news at last, let's hope the night buses really come this time."
    html = f"""<html><body><nav><ul><li><a href="/a">Transport news of the whole region</a></li>
    <li><a href="/b">Weather and traffic for the coming week</a></li></ul></nav>
    <article><h1>Council approves bus budget</h1><p>{BODY[0]}</p><p>{BODY[1]}</p></article>
    <aside><h2>Read next</h2><ul><li><a href="/x/union-warns">{teasers[0]}</a></li><li><a href="/y/night-buses">{teasers[1]}</a></li>
    <li><a href="/z">Short link</a></li></ul></aside>
    <section id="comments"><h3>2 comments</h3><div class="comment"><p>{comment}</p></div></section>
    <footer><ul><li><a href="/imprint">Imprint and contact of the publisher</a></li><li><a href="/jobs">Jobs at the publisher and its partners</a></li></ul></footer>
    </body></html>"""
    doc = htmltext.extract("x.html", html, meta=Metadata(title="Council approves bus budget"), saved_at=None, fmt="html")
    seg = segment(doc.text, title_hint=doc.meta.title, hints=doc.hints)
    kinds = {b.text: b.kind.value for b in seg.blocks}
    # (menus and footers are no teasers; a link of two words is none either)
    assert [t for t, k in kinds.items() if k == "related"] == teasers
    assert seg.articles[0].text == "\n\n".join(BODY)
    assert list(seg.articles[0].comments) == [comment] and kinds.get("2 comments") in (None, "boilerplate")
