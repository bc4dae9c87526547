"""The story layer: timeline conflicts, corroboration, positions, events, and the story file on the seeds."""

from __future__ import annotations

import re

import json
import pathlib
import shutil
from collections import Counter

import numpy as np
import pytest

from conftest import SEEDS
from storyline import stages
from storyline.pipeline import ingest
from storyline.story import (
    Claim,
    Happening,
    PositionQuote,
    Sentence,
    build_story,
    build_timeline,
    describe_date,
    group_claims,
    independent_outlets,
    is_position,
    kind_of,
    positions,
)
from storyline.story.timeline import content_terms, lexical_vectors
from storyline.store import open_store


def _lexical(texts: list[str]) -> np.ndarray:
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(content_terms(t)))
    return lexical_vectors(texts, df, len(texts) + 10)  # as if among ten unrelated sentences


def _h(doc: str, text: str, when: str, value: str, outlet: str, people: frozenset[str] = frozenset()) -> Happening:
    return Happening(document=doc, start=0, end=len(text), text=text, kind=kind_of(text) or "", value=value,
                     when_text=when, when_start=0, when_end=len(when), participants=people, event="e", outlet=outlet)


def test_two_outlets_dating_one_meeting_differently_make_a_conflict() -> None:
    items = build_timeline([
        _h("a", "On Friday, the finance ministers of both states held talks in Oslo for the first time in years.",
           "Friday", "XXXX-WXX-5", "one"),
        _h("b", "On Thursday, the finance ministers of the two states met in Oslo for the first time in years.",
           "Thursday", "XXXX-WXX-4", "two"),
        _h("c", "On Monday, a court in Lisbon signed an order freezing the assets.", "Monday", "XXXX-WXX-1", "three"),
    ], _lexical)
    conflicts = [it for it in items if it.conflict]
    assert len(conflicts) == 1
    assert {d for d, _ in conflicts[0].dates} == {"XXXX-WXX-5", "XXXX-WXX-4"}
    assert len(items) == 2


def test_a_sentence_giving_both_dates_or_a_loose_likeness_makes_no_conflict() -> None:
    import dataclasses

    quake = _h("a", "A strong earthquake killed more than 3,000 people in the mountain town in December 2003.",
               "December 2003", "2003-12", "one")
    both = _h("b", "A strong earthquake killed more than 3,000 people in the mountain town in 2003, and "
                   "sixty were killed in the valley town in February.", "February", "2006-02", "two")
    both = dataclasses.replace(both, also=("2003",))
    assert not any(it.conflict for it in build_timeline([quake, both], _lexical))
    # alike only in a few words: two happenings, not one happening with two dates
    a = _h("c", "On Friday, the finance ministers of both states held talks in Oslo.", "Friday", "XXXX-WXX-5", "one")
    b = _h("d", "On Thursday, a storm closed the harbour of Oslo to all ships.", "Thursday", "XXXX-WXX-4", "two")
    assert not any(it.conflict for it in build_timeline([a, b], _lexical))


def test_timeline_dates_read_as_people_write_them() -> None:
    assert describe_date("XXXX-WXX-5") == "a Friday (date not given)"
    assert describe_date("2022-03-10") == "10 Mar 2022"
    assert kind_of("The two leaders met in Vienna.") == "meeting"
    assert kind_of("The weather was fine.") is None


@pytest.mark.parametrize("a, b, same", [
    ("XXXX-WXX-4", "XXXX-WXX-5", False),  # Thursday against Friday
    ("XXXX-12", "XXXX-12-02", True),  # a month and a day in it
    ("2005-03", "2005-03-11", True),
    ("XXXX-WXX-4", "2008-12-04", True),  # 4 Dec 2008 was a Thursday
    ("XXXX-WXX-4", "2008-12-05", False),
    ("XXXX-WXX-4", "XXXX-12-02", True),  # no year: cannot tell
    ("2022-03-10", "2022-03-11", False),
])
def test_dates_conflict_only_when_they_cannot_be_the_same_day(a: str, b: str, same: bool) -> None:
    from storyline.story.timeline import compatible

    assert compatible(a, b) is same and compatible(b, a) is same


def test_events_naming_the_same_people_form_one_story_and_a_chain_does_not() -> None:
    from storyline.story.stories import EventProfile, group_events

    talks_2022 = EventProfile("e1", {"per:a": 1.0, "per:b": 0.8, "loc:x": 0.6})
    talks_2025 = EventProfile("e2", {"per:a": 0.9, "per:b": 1.0, "per:c": 0.7})
    storm = EventProfile("e3", {"loc:coast": 1.0, "org:agency": 0.9})
    # shares one rare name with the storm and one with the talks: average link keeps it apart from both groups
    bridge = EventProfile("e4", {"per:c": 0.2, "loc:coast": 0.2, "org:club": 1.0, "per:d": 1.0})
    docs = {"per:a": 8, "per:b": 8, "loc:x": 3, "per:c": 4, "loc:coast": 5, "org:agency": 5, "org:club": 3,
            "per:d": 3}
    stories = group_events([talks_2022, talks_2025, storm, bridge], docs, 40, threshold=0.3)
    assert ["e1", "e2"] in stories and ["e3"] in stories and ["e4"] in stories


def _fake_embed(texts: list[str]) -> np.ndarray:
    # "not" does not change these vectors, so a denial sits right next to what it denies
    return _lexical([t.replace(" not ", " ") for t in texts])


def _claim(doc: str, text: str, outlet: str, quoted_by: str | None = None) -> Claim:
    return Claim(sentence=Sentence(document=doc, start=0, end=len(text), text=text), outlet=outlet, quoted_by=quoted_by)


def test_claims_are_corroborated_by_other_outlets_and_contradicted_by_denials() -> None:
    base = "the northern bridge over the river was closed to all traffic on the orders of the regional governor"
    groups = group_claims([
        _claim("a", "Officials said " + base + ".", "one"),
        _claim("b", "Residents confirmed " + base + ".", "two"),
        _claim("c", "Officials said " + base.replace("was closed", "was not closed") + ".", "three"),
        _claim("d", "A small cafe opened near the central station with a garden for its guests.", "four"),
    ], _fake_embed)
    assert len(groups) >= 1
    g = next(g for g in groups if len(g.outlets) > 1 and not any("not" in c.sentence.text for c in g.members))
    assert set(g.outlets) == {"one", "two"}
    assert [c.outlet for c in g.contradicted_by] == ["three"]
    assert independent_outlets(["one", "one", "two"]) == 2


def test_close_claims_with_different_figures_corroborate_and_dispute_the_figure() -> None:
    from storyline.story.corroboration import disputed_figure, figures

    base = "rounds of talks between the two delegations have been held in the border town since the spring"
    def embed(texts: list[str]) -> np.ndarray:  # a sentence encoder hardly tells "three" from "four"
        return _fake_embed([re.sub(r"\b(?:three|four)\b", "", t) for t in texts])

    (g,) = group_claims([_claim("a", "So far three " + base + ".", "one"),
                         _claim("b", "So far four " + base + ".", "two")], embed)
    assert set(g.outlets) == {"one", "two"} and not g.contradicted_by
    assert sorted(phrase for _, phrase in g.disputed) == ["four rounds", "three rounds"]
    assert figures("At 9:20 on 24 March 2022, 1,200 people and 1.5 million refugees") == {
        "people": (1200.0, "1,200 people"), "refugee": (1.5e6, "1.5 million refugees")}
    assert disputed_figure("the two sides met twice", "the two sides met again") is None


def test_close_sentences_about_different_people_neither_corroborate_nor_contradict() -> None:
    base = "placed on injured reserve by the club on Wednesday and will miss the rest of the season"
    a = Claim(sentence=Sentence(document="a", start=0, end=60, text="The striker was " + base + "."), outlet="one",
              participants=frozenset({"per:first"}))
    b = Claim(sentence=Sentence(document="b", start=0, end=60, text="The striker was not " + base + "."),
              outlet="two", participants=frozenset({"per:second"}))
    assert group_claims([a, b], _fake_embed) == []
    same = Claim(sentence=b.sentence, outlet="two", participants=frozenset({"per:first"}))
    (g, *_) = group_claims([a, same], _fake_embed)
    assert g.contradicted_by


def test_close_sentences_on_one_topic_or_of_two_events_are_not_one_claim() -> None:
    # vectors that see only the topic: every sentence below is "close"
    def topic(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    outspent = _claim("a", "Anna Berg's campaign has been dramatically outspent by Ivan Tal's on television.", "one")
    aired = _claim("b", "Ivan Tal's campaign aired an advertisement this week mocking Anna Berg's record.", "two")
    assert group_claims([outspent, aired], topic) == []
    # the same words: one claim, unless the two sentences belong to two events
    again = _claim("c", "Anna Berg's campaign was dramatically outspent by Ivan Tal's campaign on television.", "three")
    assert len(group_claims([outspent, again], topic)) == 1
    e1 = Claim(sentence=outspent.sentence, outlet="one", event="e1")
    e2 = Claim(sentence=again.sentence, outlet="three", event="e2")
    assert group_claims([e1, e2], topic) == []


def test_a_claim_only_inside_one_speakers_quotes_is_single_party() -> None:
    base = "the ceasefire along the southern line has held for three full days without a single incident"
    (g,) = group_claims([_claim("a", "He said " + base + ".", "one", quoted_by="p1"),
                         _claim("b", "According to him, " + base + ".", "two", quoted_by="p1")], _fake_embed)
    assert g.single_party


@pytest.fixture(scope="module")
def nlp():
    from storyline.quotes import load_model

    return load_model()


def _pq(text: str, speaker: str, side: str | None, cue: str = "said", date: str | None = None,
        document: str | None = None, start: int = 0, event: str | None = None) -> PositionQuote:
    return PositionQuote(quote_id=text[:8], document=document or text[:12], start=start, end=start + len(text),
                         text=text, cue=cue, speaker=speaker, side=side, date=date, outlet="o", event=event)


def test_positions_group_demands_by_side_and_issue() -> None:
    quotes = [
        _pq("the neighbouring state must accept neutrality before any agreement", "A", "Northland", "demanded"),
        _pq("neutrality is a precondition for any lasting settlement", "B", "Northland", "insisted"),
        _pq("we will never accept any loss of territory", "C", "Southland", "said"),
        _pq("the weather in the capital was pleasant", "D", None, "said"),
    ]
    assert not is_position(quotes[-1])
    # naming someone is not a demand, a question takes no position; "called for" is a demand
    assert not is_position(_pq("a reckless gambler", "E", None, "called"))
    assert not is_position(_pq("Who do you want answering the phone at night?", "F", None, "asked"))
    assert is_position(_pq("an immediate ceasefire", "G", None, "called for"))
    found = dict(positions(quotes, corpus_df=Counter({"neutrality": 1}), corpus_docs=10))
    assert set(found) == {"Northland", "Southland"}
    issues = dict(found["Northland"])
    assert "neutrality" in issues and len(issues["neutrality"]) == 2


def test_positions_share_issues_across_sides_and_take_stance_cues_alone(nlp) -> None:
    from storyline.story.positions import tagged_terms

    quotes = [
        _pq("binding security guarantees from its allies", "A", "Southland", "demanded", event="e2"),
        _pq("any security guarantees for the neighbour are unacceptable", "B", "Northland", "said", event="e2"),
        _pq("a withdrawal of foreign troops from the border region", "C", "Northland", "insisted on", event="e1"),
        # the same passage, reported once more inside the longer quote
        _pq("foreign troops from the border region", "C", "Northland", "insisted on", document="x", start=15),
        _pq("a withdrawal of foreign troops from the border region", "C", "Northland", "insisted on",
            document="x", start=0),
    ]
    found = {actor: dict(issues) for actor, issues in positions(quotes, corpus_df=Counter(), corpus_docs=10,
                                                                 terms=tagged_terms(nlp))}
    assert "security guarantees" in found["Southland"] and "security guarantees" in found["Northland"]
    troops = [q for issue, qs in found["Northland"].items() if issue != "security guarantees" for q in qs]
    assert len(troops) == 2 and {q.document for q in troops} == {"a withdrawal", "x"}


def test_tagged_terms_prefer_nouns_and_noun_pairs(nlp) -> None:
    from storyline.story.positions import tagged_terms

    [terms] = tagged_terms(nlp)(["the government must recognise current territorial realities and meet them"])
    keys = [t.key for t in terms if t.noun]
    assert "territorial reality" in keys and "government" in keys
    assert all(t.key != "must" for t in terms)


# --------------------------------------------------------------------------- on the seeds


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    from storyline.settings import load

    settings = load()
    folder = tmp_path_factory.mktemp("story")
    first, later = folder / "first", folder / "later"
    first.mkdir()
    later.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, (first if p.name[:3] in ("000", "001", "002") else later) / p.name)
    store = open_store(str(folder / "s.db"))
    r1 = ingest(store, [str(first)], settings=settings)
    stages.update(store, r1.added_ids, settings=settings)
    from storyline.queries import event_list

    before = {d: e["id"] for e in event_list(store) for d in e["documents"]}
    r2 = ingest(store, [str(later)], settings=settings)
    stages.update(store, r2.added_ids, settings=settings)
    yield store, before
    store.close()


def _ids(store, prefix: str) -> list[str]:
    return [d["id"] for d in store.documents(include_text=False) if pathlib.Path(d["source"]).name.startswith(prefix)]


def test_seeds_form_two_episodes_and_events_grow_incrementally(seeded) -> None:
    from storyline.queries import event_list

    store, before = seeded
    event_of = {d: e["id"] for e in event_list(store) for d in e["documents"]}
    for p in ("000", "001"):
        doc = _ids(store, p)[0]
        assert event_of[doc] == before[doc]  # the event keeps its id as it grows
    episode_2022 = {event_of[d] for p in ("000", "001", "003") for d in _ids(store, p)}
    episode_2025 = {event_of[d] for p in ("002", "004") for d in _ids(store, p)[:1]}
    assert len(episode_2022) == 1 and len(episode_2025) == 1 and episode_2022 != episode_2025


def test_story_file_shows_the_weekday_conflict_and_corroboration(seeded, tmp_path: pathlib.Path) -> None:
    from storyline.report import write_report

    store, _ = seeded
    story = build_story(store)
    # the two episodes are two events of one story
    assert len(story["stories"]) == 1 and len(story["stories"][0]["events"]) == len(story["events"]) == 2
    d000, d001 = _ids(store, "000")[0], _ids(store, "001")[0]
    date_conflicts = [c for c in story["contradictions"] if c["kind"] == "date"]
    assert any({s["document"] for claim in c["claims"] for s in claim["sources"]} >= {d000, d001}
               for c in date_conflicts)
    d003 = _ids(store, "003")[0]
    assert any(c["kind"] == "statement" and c["independent_outlets"] >= 2
               and {s["document"] for s in c["sources"]} >= {d000, d003} for c in story["corroboration"])
    pages = {p["id"]: p["text"] for p in story["pages"]}
    page_of = {d["id"]: d["page"] for d in story["documents"]}
    for item in story["timeline"]:
        for s in item["sources"]:
            assert pages[page_of[s["document"]]][s["start"] : s["end"]] == s["text"]
    paths = write_report(story, tmp_path / "report")
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert isinstance(data["contradictions"], list) and data["contradictions"]
    assert "<script" not in paths["html"].read_text(encoding="utf-8").lower()


def test_an_item_whose_sources_agree_takes_the_most_exact_date() -> None:
    from storyline.story.timeline import TimelineItem

    weekday = TimelineItem(id="a", kind="meeting", text="t", dates=(("XXXX-WXX-4", ()), ("2008-12-04", ())), event=None)
    assert not weekday.conflict and weekday.date == "2008-12-04"
    month = TimelineItem(id="b", kind="meeting", text="t", dates=(("2022-03", ()), ("2022-03-10", ())), event=None)
    assert month.date == "2022-03-10"
    clash = TimelineItem(id="c", kind="meeting", text="t", dates=(("XXXX-WXX-4", ()), ("XXXX-WXX-5", ())), event=None)
    assert clash.conflict and clash.date == "XXXX-WXX-4"


def test_the_stories_module_examples_hold() -> None:
    import doctest

    import storyline.story.stories

    result = doctest.testmod(storyline.story.stories)
    assert result.attempted and result.failed == 0


def test_a_date_that_bounds_a_span_does_not_date_the_happening() -> None:
    from storyline.story.build import _BOUND

    assert _BOUND.search("Since the start of the strike on ")
    assert _BOUND.search("The talks have stalled since ")
    assert not _BOUND.search("Since the strike began, the ministers met on ")
    assert not _BOUND.search("The ministers met on ")
    assert not _BOUND.search("She resigned after ten years in office on ")
    assert not _BOUND.search("The deal was signed just before midnight on ")
