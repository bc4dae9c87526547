"""The text segmenter: typed blocks on the seeds (hand-checked gold) and on shapes it must generalise to."""

from __future__ import annotations

import json
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.records import BlockKind
from storyline.segment import segment

GOLD = json.loads((pathlib.Path(__file__).parent / "gold" / "seeds_segmentation.json").read_text())["files"]


def kinds_by_line(raw: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in segment(raw).blocks:
        line = raw.count("\n", 0, b.start)
        out.setdefault(str(line), []).append(b.kind.value if b.section == 0 else f"{b.kind.value}@{b.section}")
    return out


@pytest.mark.parametrize("name", sorted(GOLD))
def test_segment_matches_hand_checked_gold_on_seed(seeds: pathlib.Path, name: str) -> None:
    raw = (seeds / name).read_text(encoding="utf-8")
    assert kinds_by_line(raw) == GOLD[name]


def test_segment_keeps_offsets_into_raw_text(seeds: pathlib.Path) -> None:
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for b in segment(raw).blocks:
            assert raw[b.start : b.end] == b.text


def test_segment_separates_reader_comments(seeds: pathlib.Path) -> None:
    seg = segment((seeds / "003_7f6b6b1576a975d4.txt").read_text(encoding="utf-8"))
    (main,) = seg.articles
    assert len(main.comments) == 11
    assert not any(c in main.text for c in main.comments)


def test_segment_splits_related_articles_glued_below(seeds: pathlib.Path) -> None:
    seg = segment((seeds / "004_f6ca94376d23a34d.txt").read_text(encoding="utf-8"))
    assert [a.kind for a in seg.articles] == ["article", "related", "related", "related"]
    assert all(a.title and a.text for a in seg.articles)
    main = seg.articles[0].text
    assert "app" not in main.lower().split()


def test_one_title_per_article_even_when_repeated_with_variant_spelling(seeds: pathlib.Path) -> None:
    seg = segment((seeds / "000_c38b0527a8ca4817.txt").read_text(encoding="utf-8"))
    titles = [b for b in seg.blocks if b.kind is BlockKind.TITLE]
    assert len(titles) == 1
    repeats = [b for b in seg.blocks if b.reason == "repeated title"]
    assert len(repeats) == 2


def test_nothing_is_deleted_every_line_has_a_block(seeds: pathlib.Path) -> None:
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        covered = "".join(raw[b.start : b.end] for b in segment(raw).blocks)
        assert len("".join(covered.split())) == len("".join(raw.split()))


def _page(*lines: str) -> str:
    return "\n\n".join(lines)


BODY = [
    "The regional council voted on Tuesday to approve the new budget for public transport, after a debate that lasted more than six hours and ended late in the evening.",
    "The plan adds forty buses to the fleet and extends night services on three lines, the council's transport committee said in a statement published after the vote.",
    "Opposition members argued that the money should have gone to road repairs instead, and they said they would bring the question back at the next session in the spring.",
    "A spokeswoman for the mayor said the first new buses would arrive before the end of the year, and that ticket prices would not change until at least next summer.",
]


def test_unseen_page_shapes_are_set_aside_by_form_not_by_phrase() -> None:
    raw = _page(
        "menu",
        "Council approves bigger bus budget after long debate",
        "By Jane Example",
        "12.03.2024 14:05",
        BODY[0],
        "IMG_20240312_0042.png",
        "Buses wait at the central depot. Photo: Staff",
        BODY[1],
        ">> Subscribe to our morning briefing",
        BODY[2],
        BODY[3],
        "Share",
        "Tweet",
        "COPYRIGHT 2024 EXAMPLECORP ALLRIGHTSRESERVED",
    )
    seg = segment(raw)
    kinds = {b.text: b.kind for b in seg.blocks}
    assert kinds["Council approves bigger bus budget after long debate"] is BlockKind.TITLE
    assert kinds["By Jane Example"] is BlockKind.BYLINE
    assert kinds["12.03.2024 14:05"] is BlockKind.DATELINE
    assert kinds["IMG_20240312_0042.png"] is BlockKind.IMAGE
    assert kinds["Buses wait at the central depot. Photo: Staff"] is BlockKind.CAPTION
    for noise in ("menu", ">> Subscribe to our morning briefing", "Share", "Tweet"):
        assert kinds[noise] is BlockKind.BOILERPLATE, noise
    (art,) = seg.articles
    assert all(p in art.text for p in BODY)
    assert "Subscribe" not in art.text


def test_article_without_comments_keeps_its_whole_body() -> None:
    seg = segment(_page("Council approves bigger bus budget", *BODY))
    (art,) = seg.articles
    assert art.comments == ()
    assert all(p in art.text for p in BODY)


def test_empty_text_gives_no_blocks() -> None:
    assert segment("  \n\n ").blocks == ()


def test_short_article_keeps_its_body() -> None:
    (art,) = segment(_page("Storm closes two schools", "Two primary schools in the north stayed closed on Friday after a storm damaged their roofs.")).articles
    assert art.title == "Storm closes two schools"
    assert "storm damaged their roofs" in art.text
    (art,) = segment(_page("Council approves bigger bus budget", BODY[0], BODY[1])).articles
    assert BODY[0] in art.text and BODY[1] in art.text


def test_title_found_below_navigation_lines() -> None:
    raw = _page("Skip to content", "Menu", "Search", "Subscribe now", "Log in", "Council approves bigger bus budget", *BODY[:2])
    (art,) = segment(raw).articles
    assert art.title == "Council approves bigger bus budget"


def test_headline_is_the_title_shaped_line_that_shares_the_body_words_not_the_first_one() -> None:
    # A whole-page dump: site links, a teaser, the headline (echoed in the breadcrumb), a byline,
    # a filing label, then the article.
    raw = _page(
        "Skip to main content", "Home", "Politics", "Sport", "Weather forecast for the weekend ahead",
        "Home / Council approves bigger bus budget",
        "Council approves bigger bus budget",
        "By Jane Example",
        "Filed under Local politics",
        *BODY,
    )
    (art,) = segment(raw).articles
    assert art.title == "Council approves bigger bus budget"


def test_headline_belongs_to_the_first_substantial_body_run_not_a_longer_one_below() -> None:
    from storyline.segment.core import _Structure
    from storyline.segment.units import units

    other = [p.replace("council", "club").replace("buses", "boats") for p in [*BODY, BODY[0]]]
    raw = _page("Council approves bigger bus budget", *BODY[:3], "More from the region", "Menu", "Share", "Print",
                "Sailing club opens new harbour season", *other)  # fmt: skip
    st = _Structure(units(raw), None, frozenset(), 20)
    st.shapes()
    assert st.main_run() == 1  # the article's first paragraph, although the run below holds more words
    assert segment(raw).articles[0].title == "Council approves bigger bus budget"


def test_segment_keeps_reader_comments_below_dated_headers() -> None:
    comments = [
        "I think the new lanes will help, but the buses still need to come more often. Thanks for reporting this!",
        "My street loses its parking because of this plan and nobody asked us about it at all.",
        "Great article, very informative.",
    ]
    more = [
        "Transport officials said the first of the new buses would be ordered this month and delivered in batches over the coming year, starting with the busiest routes in the city centre.",
        "Bus drivers' representatives welcomed the decision but warned that the longer night services would need at least twenty more drivers, who have yet to be hired and trained.",
    ]
    raw = _page(
        "Council approves bigger bus budget", *BODY, *more, "3 comments", "Leave a reply",
        "Anna", "14. März 2024 um", "10:15 Uhr", comments[0], "Reply",
        "Tom", "March 14, 2024 at", "11:02 am", comments[1], "Reply",
        "Jo", "March 15, 2024 at", "8:40 am", comments[2], "Reply",
    )  # fmt: skip
    (art,) = segment(raw).articles
    assert list(art.comments) == comments
    assert all(p in art.text for p in BODY + more)
    assert not any(c in art.text for c in comments)


def test_segment_keeps_reader_comments_below_time_ago_headers() -> None:
    comments = [
        "Das ist doch wieder nur heiße Luft, ich glaube kein Wort davon.",
        "Endlich passiert mal was! Gut, dass ihr darüber berichtet.",
        "Warum steht hier nicht, was der Umbau die Anwohner kostet?",
    ]
    more = [
        "Transport officials said the first of the new buses would be ordered this month and delivered in batches over the coming year, starting with the busiest routes in the city centre.",
        "Bus drivers' representatives welcomed the decision but warned that the longer night services would need at least twenty more drivers, who have yet to be hired and trained.",
    ]
    raw = _page(
        "Council approves bigger bus budget", "Stand: 14.03.2024 17:42 Uhr", *BODY, *more, "Kommentare (3)",
        "Peter K. vor 2 Stunden", comments[0], "Sabine77 vor 1 Stunde", comments[1], "Maxi vor 45 Minuten", comments[2],
    )  # fmt: skip
    (art,) = segment(raw).articles
    # (the page's own dateline above the article is a dated header too: the thread starts below the article)
    assert list(art.comments) == comments
    assert all(p in art.text for p in BODY + more)


@pytest.mark.parametrize(("byline", "author"), [
    ("Von Anna Beispiel, Hauptstadtstudio", "Anna Beispiel"),
    ("By JANE EXAMPLE and John Sample | March 3, 2024", "JANE EXAMPLE and John Sample"),
    ("Par Jean Exemple - Agence", "Jean Exemple"),
    ("Autor: Maria van der Beispiel", "Maria van der Beispiel"),
    ("Jane Example", "Jane Example"),
    ("By Wire Agency Staff", "Wire Agency Staff"),
    ("By Agency", "Agency"),  # no part shaped like a name: the byline without its lead word
])
def test_byline_author_keeps_the_names(byline: str, author: str) -> None:
    from storyline.segment.core import byline_author

    assert byline_author(byline) == author


MORE = [
    "Transport officials said the first of the new buses would be ordered this month and delivered in batches over the coming year, starting with the busiest routes.",
    "Drivers' representatives welcomed the decision but warned that the longer night services would need at least twenty more drivers, who have yet to be hired.",
]


def test_dek_bracketed_credit_sign_up_heading_and_reply_buttons() -> None:
    dek = "Riders say the new routes could start within weeks, but drivers remain cautious"
    caption = "A bus waits at the depot on Tuesday. (Photo by Jane Example/Picture Agency)"
    comments = ["Good news at last. Let's hope the night buses really come this time.",
                "I don't believe a word of it, we have heard all this before and nothing changed."]
    raw = _page(
        "Skip to content", "Council approves bigger bus budget", "Council approves bigger bus budget.", dek,
        "Jane Example", *BODY[:2], caption, *BODY[2:], *MORE, "Sign up for our morning briefing",
        "Get the news you need to start your day.", "Subscribe",
        "Comments", "Jack Sample · 3 hours ago", comments[0], "Reply · 12", "Rosa E · 2 hours ago", comments[1], "Reply · 4",
    )  # fmt: skip
    seg = segment(raw)
    kind_of = {b.text: b.kind.value for b in seg.blocks}
    assert kind_of[dek] == "standfirst"
    # a date line under the headline is no dek, however it is spaced
    posted = ["UPDATED 05 / 03 / 2013 at 11: 00 AM EDT", "Originally published 05 / 03 / 2013 at 10: 20 AM EDT"]
    seg2 = segment(_page("http: / / www. example. com / news / article / 0,, 2069, 00. html", "Council approves bigger bus budget",
                         *posted, *BODY))
    assert not any(p in seg2.articles[0].text for p in posted)
    assert seg2.articles[0].title == "Council approves bigger bus budget"  # (a time stamp is no headline)
    assert kind_of[caption] == "caption"
    assert kind_of["Sign up for our morning briefing"] == "boilerplate"
    (art,) = seg.articles
    assert list(art.comments) == comments
    assert all(p in art.text for p in BODY) and caption not in art.text


def test_a_caption_is_no_headline_and_the_writers_bio_is_no_body() -> None:
    head = "Council approves bigger bus budget after a long debate"
    caption = "The council chamber before the vote. Photo: Agency/Jane Example"
    bio = "Anna Example has covered city politics for the paper since 2015. Before that, she reported from the regions."
    raw = "\n".join([
        "SITE24", "Home | Politics | Economy", head, head.replace("after", "-- after"), "IMG_20250312_101544.jpg", caption,
        "By Anna Example", "12.03.2025, 14:05", *BODY, *MORE, bio, "Tags: Transport, Council",
    ])  # fmt: skip
    seg = segment(raw)
    (art,) = seg.articles
    assert art.title is not None and art.title.startswith("Council approves")
    assert {b.text: b.kind.value for b in seg.blocks}[caption] == "caption"
    assert bio not in art.text and all(p in art.text for p in BODY + MORE)


def test_a_wire_dateline_opening_a_paragraph_is_a_dateline() -> None:
    first = "Regional councillors voted on Tuesday to approve the new budget for public transport after a long debate."
    raw = _page("Council approves bigger bus budget", "LAKETOWN, March 3 (Example Wire) - " + first, *BODY[1:],
                "NATO - the alliance said on Tuesday that it would send more troops and planes to the east.")
    seg = segment(raw)
    dateline = next(b for b in seg.blocks if b.kind.value == "dateline")
    assert raw[dateline.start : dateline.end] == dateline.text == "LAKETOWN, March 3 (Example Wire) -"
    body = next(b for b in seg.blocks if b.text == first)
    assert raw[body.start : body.end] == first
    assert seg.articles[0].text.startswith(first)
    # (a lower-case sentence after an acronym and a dash is no dateline)
    assert any(b.text.startswith("NATO - the alliance") for b in seg.blocks)


def test_related_articles_under_a_headline_and_a_full_date_are_documents_of_their_own() -> None:
    related = [
        ("Union warns of wider action as talks stall", "March 1, 2025", [
            "The union representing bus drivers warned on Saturday that it could call out staff at two more depots if talks did not resume by Monday.",
            "Employers said they remained open to talks but could not meet the union's demands without raising fares for passengers.",
        ]),
        ("Night buses cut as drivers' strike enters second week", "February 27, 2025", [
            "At least thirty night routes have been cut as a strike by bus drivers entered its second week, the transport authority said on Thursday.",
            "Shift workers said they were paying for taxis to get home, and warned that they could not keep doing so for long.",
        ]),
    ]
    lines = ["Council approves bigger bus budget", "By Tom Sample", "March 4, 2025", *BODY, "Read next"]
    for head, date, paras in related:
        lines += [head, date, *paras]
    seg = segment(_page(*lines, "Download our app for breaking news alerts"))
    assert [(a.kind, a.title) for a in seg.articles] == [
        ("article", "Council approves bigger bus budget"), *(("related", head) for head, _, _ in related)
    ]
    assert seg.articles[0].text == "\n\n".join(BODY)
    assert seg.articles[2].text == "\n\n".join(related[1][2])


def test_a_notice_with_a_full_stop_is_no_related_article_teaser() -> None:
    notice = "This article was automatically translated."
    seg = segment(_page("Council approves bigger bus budget", *BODY, notice, "More articles from this category"))
    assert {b.text: b.kind.value for b in seg.blocks}[notice] == "boilerplate"


def test_first_person_is_the_capital_i_not_a_slavic_conjunction() -> None:
    from storyline.segment.features import features

    assert features("I think I will stay, said the reader.").first_singular == 2
    assert features("Minister i wiceminister spotkali się w Warszawie i rozmawiali.").first_singular == 0
    assert features("Je to velký problém, řekl ministr.").first_singular == 0  # Czech "je": "is"
    assert features("Le président du conseil a parlé.").second_person == 0  # French "du": "of the"


def test_a_page_whose_body_is_one_long_line_keeps_it() -> None:
    # A scraper that lost the paragraph breaks, left a stray full stop first and cut the last sentence.
    body = (
        ". 12.03.2024 10.15 Krajská rada v úterý schválila nový rozpočet pro veřejnou dopravu po debatě, která trvala "
        "více než šest hodin. Plán přidává čtyřicet autobusů do vozového parku a rozšiřuje noční spoje na třech linkách, "
        "uvedl dopravní výbor rady v prohlášení. Opoziční zastupitelé tvrdili, že peníze měly jít na opravy silnic, a "
        "slíbili, že otázku otevřou znovu na jarním zasedání. Mluvčí primátora řekla, že první nové autobusy dorazí do "
        "konce roku a ceny jízdenek se nezmění nejméně do příštího léta, a dodala, že"
    )
    seg = segment(_page("Vláda schválila větší rozpočet pro autobusy", body))
    assert seg.articles[0].text == body


def test_image_file_names_with_sizes_or_queries_and_the_paragraph_after_them() -> None:
    files = ["image.png?w=800", "bus-depot.jpg (1200×800)", "screenshot 2024-03-01 at 10.15.32.png"]
    raw = _page("Council approves bigger bus budget", BODY[0], files[0], BODY[1], files[1], BODY[2], files[2], BODY[3])
    seg = segment(raw)
    kind_of = {b.text: b.kind.value for b in seg.blocks}
    assert [kind_of[f] for f in files] == ["image"] * 3
    # a paragraph of the article after a picture is no caption (a short line, or one with a credit, would be)
    assert seg.articles[0].text.endswith("\n\n".join(BODY[1:]))


def test_related_articles_under_a_repeated_headline_and_a_short_source_line() -> None:
    # An aggregator's page: each article's headline twice, then "Outlet · 5h" (three words: shaped like a headline)
    related = [
        ("Union warns of wider action as talks stall", [
            "The union representing bus drivers warned on Saturday that it could call out staff at two more depots if talks did not resume by Monday.",
            "Employers said they remained open to talks but could not meet the union's demands without raising fares for passengers.",
        ]),
        ("Night buses cut as drivers strike", [
            "At least thirty night routes have been cut as a strike by bus drivers entered its second week, the transport authority said on Thursday.",
            "Shift workers said they were paying for taxis to get home, and warned that they could not keep doing so for long.",
        ]),
    ]
    lines = ["logo", "Council approves bigger bus budget", "Council approves bigger bus budget", "Harbor Herald · 3h", *BODY]
    for head, paras in related:
        lines += ["Get the app", "Comments", "No comments yet", head, head, "Coast Daily · 5h", *paras]
    seg = segment("\n".join(lines))
    assert [(a.kind, a.title) for a in seg.articles] == [
        ("article", "Council approves bigger bus budget"), *(("related", head) for head, _ in related)
    ]
    assert seg.articles[1].text == "\n\n".join(related[0][1])


def test_an_interview_keeps_its_questions_and_its_dek_and_byline_are_typed() -> None:
    dek = "The council's transport chief explains why she backed the plan, and what could still make it fail."
    qa = [
        "Why did the first vote fail?", "I would not say it failed. We came with a new plan, and for the first time the whole council discussed the routes in detail.",
        "Do you think the drivers will agree?", "I am cautiously optimistic. Their union has said yes in principle, but it wants guarantees on the night shifts first.",
        "And if the plan collapses?", "Then I will try again. That is my job, and I have seen worse moments than this one.",
    ]  # fmt: skip
    seg = segment(_page("\"We need more drivers first\": the transport chief on what comes next", dek, "By Jane Example",
                        "12 March 2025", BODY[0], *qa))
    kind_of = {b.text: b.kind.value for b in seg.blocks}
    assert (kind_of[dek], kind_of["By Jane Example"]) == ("standfirst", "byline")
    assert seg.articles[0].text == "\n\n".join([dek, BODY[0], *qa])


def test_an_address_and_time_stamps_above_the_headline_are_no_headline_and_no_text() -> None:
    stamps = ["Updated: 09 Sep 2013 11: 25 GMT+02: 00", "POSTED: 04 / 02 / 07, 9: 00 PM PDT |"]
    raw = _page("http: / / www. example. com / 2013 / 09 / 09 / council - approves - budget", "Council approves bigger bus budget",
                *stamps, *BODY)
    seg = segment(raw)
    assert seg.articles[0].title == "Council approves bigger bus budget"
    assert {b.text: b.kind.value for b in seg.blocks}[stamps[0]] == "dateline"
    assert seg.articles[0].text == "\n\n".join(BODY)
    # A page that kept no headline: its first sentence stays in the body.
    seg = segment(_page("http: / / www. example. com / 2013 / 09 / 09 / council", *BODY))
    assert seg.articles[0].title is None and seg.articles[0].text == "\n\n".join(BODY)


def test_two_apostrophes_close_a_quote() -> None:
    from storyline.segment.features import features

    f = features("\"I heard the shots, and I ran,'' he told the agency on Friday.")
    assert (f.first_singular, f.quoted_words) == (0, 7)


def test_line_feature_cache_gives_the_same_blocks_when_it_overflows(seeds: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.segment import features

    raws = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    want = [segment(raw).blocks for raw in raws]
    monkeypatch.setattr(features, "_SEEN", {})
    monkeypatch.setattr(features, "_SEEN_MAX", 5)
    assert [segment(raw).blocks for raw in raws] == want


AWKWARD_LINES = [
    "",
    "Menu",
    "don't stop, it’s fine, rock'n'roll and a'b'c'd",  # WORD joins one apostrophe per word
    "“You said,” she told us: “we’ll see.” Really?!",
    "ΟΔΟΣ ΚΑΙ ΣΤΑΣΙΣ, İstanbul — 𝐀𝐁 𝟏𝟐 Ⅻ ½",  # final sigma, dotted I, letters and digits beyond the BMP
    "𝟏ftp://x 𝟏2/3/4 😀",  # digits the character counts do not see
    "IMG_2024.JPG",
    "photo.jpg and www.Example.org/a?b=c at 12:30 pm on 2024-03-01",
    "{{TEMPLATE}} [[link]] %PLACE_HOLDER% USER_NAME_2",
    "   padded line ends with a colon :   ",
    "Ends with a quote.”)]",
    "9.45 pm",
    "tab\tand\u00a0no-break  spaces…  then more... text.",
    "ABCdef aBCd x1 1abc",
    "I think i saw what I’d said, and I'm sure “I did” it: Ivan i Ilona.",  # "I" as written, "i" a conjunction
]


def test_page_wide_line_features_equal_line_by_line() -> None:
    from storyline.segment import features

    lines = AWKWARD_LINES + [x.upper() for x in AWKWARD_LINES] + [x[::-1] for x in AWKWARD_LINES]
    vectorised = features._compute(lines)
    by_line = features._compute_lines(lines)
    assert vectorised[1] == by_line[1]
    assert [tuple(f) for f in vectorised[0]] == [tuple(f) for f in by_line[0]]
    # Without the apostrophe chain the page-wide pass is taken (with it, the line-by-line one).
    plain = [x for x in lines if "a'b'c" not in x and "c'b'a" not in x and "A'B'C" not in x]
    assert [tuple(f) for f in features._compute(plain)[0]] == [tuple(f) for f in features._compute_lines(plain)[0]]


def test_only_the_lines_the_page_wide_pass_cannot_take_are_measured_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.segment import features

    lines = ["Home", "rock'n'roll a'b'c'd all night", "The minister said on Tuesday that talks would go on.", "x\ny", "Share"]
    expected = features._compute_lines(lines)
    one_by_one: list[list[str]] = []
    slow = features._compute_lines
    monkeypatch.setattr(features, "_compute_lines", lambda part: one_by_one.append(list(part)) or slow(part))
    got = features._compute(lines)
    assert got[1] == expected[1] and [tuple(f) for f in got[0]] == [tuple(f) for f in expected[0]]
    # The line holding a line break, then, among the others, the apostrophe chain; the rest go together.
    assert sorted(one_by_one) == [["rock'n'roll a'b'c'd all night"], ["x\ny"]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("aZ9_ '’\".!?…:/{[%-\tΣİ𝟏") + ["www.", ".jpg", "12:30"]), max_size=20).map("".join), max_size=12))
def test_page_wide_line_features_equal_line_by_line_on_any_text(lines: list[str]) -> None:
    from storyline.segment import features

    vectorised, by_line = features._compute(lines), features._compute_lines(lines)
    assert vectorised[1] == by_line[1]
    assert [tuple(f) for f in vectorised[0]] == [tuple(f) for f in by_line[0]]


_UNIT_PARTS = ["a", "Y", "il", "IL", "ago", "AGO", "vor", " ", "\t", "\n", "\n\n", ":", "12:30", "_", "%", "{{x}}", "[[y]]",
               "5 hours ago", "il y a 2 jours", "vor 3 Stunden", "FOO_BAR", "%ABC%", "x.jpg", "İ", "Σ", "\u00a0", "—", "·",
               "Evening Wire", " pm EST"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_UNIT_PARTS), max_size=40).map("".join))
def test_units_found_page_wide_equal_units_found_line_by_line(raw: str) -> None:
    # Lines are split only where the splitting patterns could match: looked for in the whole page at once.
    from unittest import mock

    from storyline.segment import units

    page_wide = units.units(raw)
    with mock.patch.object(units, "_lines_with_marks", lambda raw: None):  # every line asked on its own
        assert page_wide == units.units(raw)


def test_units_split_a_source_line_glued_to_its_time() -> None:
    from storyline.segment.units import units

    raw = "Headline of the day\nEvening Wire5 hours ago\nA plain line of body text without any marks."
    assert [u.text for u in units(raw)] == ["Headline of the day", "Evening Wire", "5 hours ago", raw.split("\n")[2]]


def _pages_for_batching(seeds: pathlib.Path) -> list[str]:
    raws = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return [*raws, "", "\n\n  \n", "One line alone.", raws[0].replace("\n", "\n\n"), raws[1][:300]]


def test_segmenting_pages_together_gives_what_segmenting_each_gives(seeds: pathlib.Path) -> None:
    from storyline.segment import features
    from storyline.segment.core import segment_rows, segment_rows_many

    pages = _pages_for_batching(seeds)
    alone = []
    for raw in pages:
        features._SEEN.clear()  # measured from scratch, not looked up
        alone.append(segment_rows(raw, title_hint="A headline" if not raw else None))
    features._SEEN.clear()
    together = segment_rows_many([(raw, "A headline" if not raw else None, (), frozenset(), 20) for raw in pages])
    assert together == alone


def test_a_page_that_fails_to_segment_fails_alone(seeds: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.segment import core

    pages = _pages_for_batching(seeds)[:3]
    original = core.units

    def broken(raw: str, hints: tuple = ()) -> list:
        if raw == pages[1]:
            raise ValueError("cannot cut this page")
        return original(raw, hints)

    monkeypatch.setattr(core, "units", broken)
    out = core.segment_rows_many([(raw, None, (), frozenset(), 20) for raw in pages])
    assert isinstance(out[1], ValueError)
    assert [out[0], out[2]] == [core.segment_rows(pages[0]), core.segment_rows(pages[2])]


def test_line_model_of_pages_together_equals_each_page_alone(seeds: pathlib.Path) -> None:
    import numpy as np

    from storyline.segment.features import features_all
    from storyline.segment.model import body_probabilities, body_probabilities_many, design_matrices, design_matrix
    from storyline.segment.units import units

    feats = [features_all([u.text for u in units(raw)]) for raw in _pages_for_batching(seeds)]
    assert body_probabilities_many(feats) == [body_probabilities(f) for f in feats]
    assert all(np.array_equal(a, design_matrix(f)) for a, f in zip(design_matrices(feats), feats, strict=True))


def test_a_byline_or_a_credit_box_inside_the_article_does_not_start_a_related_article() -> None:
    paras = [
        "The regional council voted on Tuesday to approve the new budget for public transport, after a debate that lasted more than six hours and ended late in the evening.",
        "The plan adds forty buses to the fleet and extends night services on three lines, the council's transport committee said in a statement published after the vote.",
        "Opposition members argued that the money should have gone to road repairs instead, and they said they would bring the question back at the next session in the spring.",
        "Drivers' unions welcomed the decision but asked for more staff, saying the night services could not run on overtime alone, and called for talks before the summer.",
        "The first new buses are due in March, and the night lines should run from the first week of April, according to the timetable the council published on Wednesday.",
    ]
    for box in (["By Jane Example, Berlin", "Jane Example"], ["Photo: City Press Office ©", "Photo: City Press Office"]):
        text = "\n\n".join(["Council approves bus budget", *paras[:3], *box, *paras[3:]]) + "\n"
        seg = segment(text)
        assert [a.kind for a in seg.articles] == ["article"], box
        assert all(p in seg.articles[0].text for p in paras)


def test_a_short_line_with_a_copyright_sign_in_extracted_html_is_a_credit_not_text() -> None:
    body = "The regional council voted on Tuesday to approve the new budget for public transport after a long debate."
    raw = "\n".join(["Council approves bus budget", body, "© City Press Office", body.replace("Tuesday", "Monday")])
    lines = raw.split("\n")
    hints, pos = [], 0
    for kind, line in zip(["title", "body", "body", "body"], lines, strict=True):
        hints.append((kind, pos, pos + len(line)))
        pos += len(line) + 1
    seg = segment(raw, hints=tuple(hints))
    kinds = {b.text: b.kind.value for b in seg.blocks}
    assert kinds["© City Press Office"] == "caption" and "©" not in seg.articles[0].text


def test_a_line_opening_with_a_credit_label_is_a_caption_even_when_it_reads_as_prose() -> None:
    paras = [
        "The regional council voted on Tuesday to approve the new budget for public transport, after a debate that lasted more than six hours and ended late in the evening.",
        "The plan adds forty buses to the fleet and extends night services on three lines, the council's transport committee said in a statement published after the vote.",
        "Opposition members argued that the money should have gone to road repairs instead, and they said they would bring the question back at the next session in the spring.",
    ]
    credit = "Titelbild: Busse im Depot der Stadtwerke, aufgenommen im Mai."
    seg = segment("\n\n".join(["Council approves bus budget", paras[0], credit, *paras[1:]]) + "\n")
    assert {b.text: b.kind.value for b in seg.blocks}[credit] == "caption"
    assert credit not in seg.articles[0].text


def test_headline_model_ships_a_weight_for_every_feature() -> None:
    from importlib import resources

    from storyline.segment.model import HEADLINE_NAMES, headline_weights

    data = json.loads(resources.files("storyline").joinpath("data/headline.json").read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(HEADLINE_NAMES)
    assert headline_weights() == tuple(data["weights"][name] for name in HEADLINE_NAMES)


def test_a_list_introduced_by_a_paragraph_ending_in_a_colon_stays_in_the_article() -> None:
    items = ["Forty new buses", "Night services on lines 3, 7 and 12", "A new depot in the north"]
    raw = _page("Council approves bigger bus budget", BODY[0], "The plan approved on Tuesday includes the following measures:",
                *items, *BODY[1:])  # fmt: skip
    (art,) = segment(raw).articles
    assert all(item in art.text for item in items)
    # A menu between paragraphs that no paragraph introduces is still set aside.
    raw = _page("Council approves bigger bus budget", BODY[0], BODY[1], "Home", "Politics", "Sport", *BODY[2:])
    (art,) = segment(raw).articles
    assert "Politics" not in art.text


def test_a_prose_lead_under_the_headline_is_a_standfirst() -> None:
    lead = "The city will add forty buses and run night services on three more lines from next spring."
    raw = _page("Menu", "Search", "Council approves bigger bus budget", lead, "By Jane Example", *BODY)
    seg = segment(raw)
    kinds = {b.text: b.kind for b in seg.blocks}
    assert kinds[lead] in (BlockKind.STANDFIRST, BlockKind.BODY)
    assert lead in seg.articles[0].text
