"""Linking across documents: corrected entity types, speakers, statements, nearest-neighbour pairs."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.analysis import Mention
from storyline.link import (
    PlacedMention,
    SpeakerIndex,
    SpeakerRef,
    Utterance,
    close_pairs,
    link_entities,
    match_statements,
)
from storyline.link import ann
from storyline.names import Entity


def m(text: str, label: str, start: int = 0, evidence: str = "", role: str | None = None) -> Mention:
    return Mention(text=text, label=label, start=start, end=start + len(text), evidence=evidence, role=role)


def entity_of(links, mentions, text):
    return {links.entity_ids[i] for i, (_, x) in enumerate(mentions) if x.text == text}


def test_a_spelling_of_a_known_person_is_a_person_whatever_the_tagger_said() -> None:
    mentions = [
        ("d1", m("Pyotr Tchaikovsky", "PERSON")),
        ("d1", m("Tchaikovsky", "PERSON", 30, "speaker")),
        ("d2", m("Pyotr Tchaikowsky", "ORG")),
        ("d2", m("Tchaikowsky", "ORG", 40, "speaker")),
        ("d3", m("Tschaikowsky", "", 10)),  # untagged by the model
    ]
    links = link_entities(mentions)
    ids = {links.entity_ids[i] for i in range(len(mentions))}
    assert len(ids) == 1 and None not in ids
    assert set(links.types) == {"PERSON"}


def test_one_word_person_that_is_nobodys_surname_is_a_place_when_anything_says_so() -> None:
    mentions = [
        ("d1", m("Novgorod", "PERSON")),
        ("d2", m("Novgorod", "PERSON")),
        ("d3", m("Novgorod", "GPE", evidence="place")),
        ("d3", m("Nowgorod", "PERSON", 20)),
    ]
    links = link_entities(mentions)
    assert set(links.types) == {"LOC"}
    assert len(set(links.entity_ids)) == 1


def test_people_sharing_a_first_name_stay_apart() -> None:
    mentions = [
        ("d1", m("Ivan Petrov", "PERSON")),
        ("d1", m("Ivan Sidorov", "PERSON", 20)),
        ("d2", m("Ivan Kuznetsov", "PERSON")),
    ]
    links = link_entities(mentions)
    assert len(set(links.entity_ids)) == 3


def test_untagged_runs_that_match_nothing_are_dropped() -> None:
    links = link_entities([("d1", m("Ivan Petrov", "PERSON")), ("d1", m("Decisions", "", 20))])
    assert links.entity_ids[1] is None and links.types[1] is None


def _entity(id_: str, name: str, roles: tuple[str, ...] = (), type_: str = "PERSON") -> Entity:
    return Entity(id=id_, name=name, type=type_, variants=((name, 1),), roles=roles, documents=("d",), mentions=())


def test_a_role_phrase_names_the_one_person_with_that_role() -> None:
    ents = [_entity("p1", "Anna Petrova", ("Spokeswoman",)), _entity("p2", "Ivan Sidorov", ("Minister",)),
            _entity("o1", "Ministry", type_="ORG")]
    placed = [PlacedMention(document="d", start=100, end=112, entity="p1", type="PERSON", before="Ministry spokeswoman "),
              PlacedMention(document="d", start=200, end=212, entity="p2", type="PERSON"),
              PlacedMention(document="d", start=300, end=308, entity="o1", type="ORG")]
    index = SpeakerIndex(placed, ents)
    ref = SpeakerRef(document="d", start=296, end=320, text="the Ministry spokeswoman", resolved=None)
    assert index.find(ref) == "p1"
    ref = SpeakerRef(document="d", start=296, end=316, text="the Ministry", resolved=None)
    assert index.find(ref) == "o1"
    assert index.find(SpeakerRef(document="d", start=None, end=None, text="she", resolved="Ivan Sidorov")) == "p2"


def test_a_role_phrase_is_narrowed_by_its_adjective_and_falls_back_to_the_quotes_resolution() -> None:
    ents = [_entity("p1", "Anna Petrova", ("President",)), _entity("p2", "Ivan Sidorov", ("President",))]
    placed = [PlacedMention(document="d", start=100, end=112, entity="p1", type="PERSON", before="Latvian President "),
              PlacedMention(document="d", start=200, end=212, entity="p2", type="PERSON", before="Estonian President ")]
    index = SpeakerIndex(placed, ents)
    ref = SpeakerRef(document="d", start=400, end=421, text="the Estonian president", resolved=None)
    assert index.find(ref) == "p2"
    # two presidents and no qualifier: the role alone decides nothing, the quote's own resolution stands
    ref = SpeakerRef(document="d", start=400, end=413, text="the president", resolved="Anna Petrova")
    assert index.find(ref) == "p1"
    assert index.find(SpeakerRef(document="d", start=400, end=413, text="the president", resolved=None)) is None


def _fake_embed(texts: list[str]) -> np.ndarray:
    """Vectors from letter counts: the same words give the same vector."""
    out = np.zeros((len(texts), 26), dtype=np.float32)
    for i, t in enumerate(texts):
        for ch in t.lower():
            if "a" <= ch <= "z":
                out[i, ord(ch) - 97] += 1
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_statements_group_reports_of_one_utterance_by_one_speaker() -> None:
    text = "we will not give up any of our positions in these talks"
    utts = [
        Utterance(key="a", quote_ids=("a",), document="d1", text=text, entity="p1", speaker="A", outlet="one"),
        Utterance(key="b", quote_ids=("b",), document="d2", text=text.upper(), entity="p1", speaker="A", outlet="two"),
        Utterance(key="c", quote_ids=("c",), document="d3", text=text, entity="p2", speaker="B", outlet="three"),
        Utterance(key="d", quote_ids=("d",), document="d4", text=text, entity="p1", speaker="A", outlet="four",
                  day="2020-01-01"),
        Utterance(key="e", quote_ids=("e",), document="d5", text=text, entity="p1", speaker="A", outlet="five",
                  day="2024-01-01"),
    ]
    found = match_statements(utts, _fake_embed)
    groups = sorted(sorted(u.key for u in s.utterances) for s in found)
    # a, b, d and e are one speaker's words, but d and e are four years apart; c is someone else
    assert ["c"] in groups
    assert not any({"d", "e"} <= set(g) for g in groups)
    assert any({"a", "b"} <= set(g) for g in groups)


def test_close_pairs_exact_and_approximate_agree_on_planted_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(1)
    base = rng.normal(size=(400, 32)).astype(np.float32)
    near = base[:50] + 0.05 * rng.normal(size=(50, 32)).astype(np.float32)
    vecs = np.vstack([base, near])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    exact = set(close_pairs(vecs, 0.9))
    planted = {(i, 400 + i) for i in range(50)}
    assert planted <= exact
    monkeypatch.setattr(ann, "EXACT_LIMIT", 100)
    approx = set(close_pairs(vecs, 0.9))
    assert approx <= exact
    assert len(approx & planted) >= 45


def test_speakers_quoted_in_one_document_only_are_not_encoded() -> None:
    seen: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return _fake_embed(texts)

    utts = [
        Utterance(key="a", quote_ids=("a",), document="d1", text="we will sign the treaty next spring", entity="p1"),
        Utterance(key="b", quote_ids=("b",), document="d2", text="we shall sign the treaty next spring", entity="p1"),
        Utterance(key="c", quote_ids=("c",), document="d1", text="the harvest was the best in a decade", entity="p2"),
        Utterance(key="d", quote_ids=("d",), document="d3", text="nobody knows who fired the first shot"),
    ]
    found = match_statements(utts, embed)
    assert "the harvest was the best in a decade" not in seen
    assert any({u.key for u in s.utterances} == {"a", "b"} for s in found)
    assert sum(len(s.utterances) for s in found) == 4


def test_an_unresolved_it_speaks_for_the_organisation_named_just_before() -> None:
    ents = [_entity("o1", "Northern Alliance", type_="ORG"), _entity("p1", "Anna Petrova")]
    placed = [PlacedMention(document="d", start=10, end=27, entity="o1", type="ORG"),
              PlacedMention(document="d", start=900, end=912, entity="p1", type="PERSON")]
    index = SpeakerIndex(placed, ents)
    assert index.find(SpeakerRef(document="d", start=60, end=62, text="it", resolved=None)) == "o1"
    assert index.find(SpeakerRef(document="d", start=700, end=702, text="it", resolved=None)) is None


def test_the_paper_is_the_outlet_the_document_quoted_last() -> None:
    ents = [_entity("o1", "Daily Courier", type_="ORG"), _entity("o2", "Harbour League", type_="ORG")]
    placed = [PlacedMention(document="d", start=10, end=23, entity="o1", type="ORG"),
              PlacedMention(document="d", start=200, end=214, entity="o2", type="ORG")]
    index = SpeakerIndex(placed, ents)
    refs = [SpeakerRef(document="d", start=10, end=23, text="Daily Courier", resolved=None, quote_start=30),
            SpeakerRef(document="d", start=220, end=229, text="the paper", resolved="paper", quote_start=240)]
    # the organisation named right before ("Harbour League") is not the paper: the outlet quoted before is
    assert index.find_all(refs) == ["o1", "o1"]
    # an organisation quoted saying something is no outlet, unless it reports or has an outlet's name
    league = SpeakerRef(document="d", start=200, end=214, text="Harbour League", resolved=None, quote_start=215,
                        cue="says")
    assert index.find_all([league, refs[1]]) == ["o2", None]
    reported = SpeakerRef(document="d", start=200, end=214, text="Harbour League", resolved=None, quote_start=215,
                          cue="reported")
    assert index.find_all([reported, refs[1]]) == ["o2", "o2"]


def test_a_role_nobody_has_in_a_lead_names_the_person_quoted_next_unless_written_with_another_place() -> None:
    ents = [_entity("p1", "Anna Petrova", ("Adviser",)), _entity("p2", "Ivan Sidorov", ("Head Negotiator",)),
            _entity("l1", "Freedonia", type_="LOC"), _entity("l2", "Sylvania", type_="LOC")]
    placed = [PlacedMention(document="d", start=200, end=212, entity="p1", type="PERSON"),
              PlacedMention(document="d", start=400, end=412, entity="p2", type="PERSON",
                            before="Sylvania's head negotiator, "),
              PlacedMention(document="d", start=380, end=388, entity="l2", type="LOC"),
              PlacedMention(document="d", start=0, end=9, entity="l1", type="LOC")]
    index = SpeakerIndex(placed, ents)
    lead = SpeakerRef(document="d", start=0, end=30, text="Freedonia's leading negotiator",
                      resolved="Freedonia's leading negotiator", quote_start=36,
                      content="the harbour talks are suspended until the experts finish their report")
    refs = [lead, SpeakerRef(document="d", start=200, end=212, text="Anna Petrova", resolved=None, quote_start=120,
                             content="The talks are suspended for now. The experts will report on Monday.")]
    assert index.find_all(refs) == ["p1", "p1"]
    # a next quote that says something else is not what the lead sums up
    other = SpeakerRef(document="d", start=200, end=212, text="Anna Petrova", resolved=None, quote_start=120,
                       content="The weather was fine and the ferries ran on time.")
    assert index.find_all([lead, other]) == [None, "p1"]
    # the next person quoted is written as another country's negotiator: not them
    refs = [lead, SpeakerRef(document="d", start=400, end=412, text="Ivan Sidorov", resolved=None, quote_start=300)]
    assert index.find_all(refs) == [None, "p2"]
    # plural roles are never one person
    plural = SpeakerRef(document="d", start=0, end=30, text="Freedonian negotiators", resolved=None, quote_start=36)
    assert index.find_all([plural, refs[1]])[0] is None


def test_a_person_written_as_the_owner_of_a_role_is_not_the_speaker() -> None:
    ents = [_entity("p1", "Anna Petrova"), _entity("o1", "Example Network", type_="ORG"),
            _entity("o2", "Evening Courier", type_="ORG")]
    placed = [PlacedMention(document="d", start=100, end=112, entity="p1", type="PERSON"),
              PlacedMention(document="d", start=10, end=25, entity="o1", type="ORG"),
              PlacedMention(document="d", start=40, end=55, entity="o2", type="ORG")]
    index = SpeakerIndex(placed, ents)
    niece = SpeakerRef(document="d", start=100, end=120, text="Anna Petrova's niece", resolved="Anna Petrova")
    assert index.find(niece) is None
    campaign = SpeakerRef(document="d", start=100, end=123, text="Anna Petrova's campaign", resolved="Anna Petrova")
    assert index.find(campaign) == "p1"
    # "the network" is the network the text named, though another outlet came after it
    network = SpeakerRef(document="d", start=300, end=311, text="the network", resolved="network", quote_start=320)
    assert index.find_all([network]) == ["o1"]


def test_the_syntax_that_says_what_a_name_is_outweighs_the_tagger() -> None:
    mentions = [
        ("d1", m("Varnholm", "ORG")),
        ("d2", m("Varnholm", "ORG", evidence="place-list")),  # "Varnholm and the other regions"
        ("d3", m("Varnholm", "ORG", evidence="place-list")),
        ("d1", m("Der Kurier", "FAC", 50, evidence="outlet")),  # "the newspaper Der Kurier"
        ("d2", m("KTV", "GPE", 50, evidence="source")),  # "according to KTV"
        ("d1", m("Zentra", "ORG", 90)),
        ("d2", m("Zentra", "ORG", 90)),
        ("d3", m("Zentra", "ORG", 90, evidence="place")),  # "membership in Zentra": still an organisation
    ]
    links = link_entities(mentions)
    types = {x.text: links.types[i] for i, (_, x) in enumerate(mentions)}
    assert types == {"Varnholm": "LOC", "Der Kurier": "ORG", "KTV": "ORG", "Zentra": "ORG"}


def test_a_misspelt_place_the_tagger_took_for_an_organisation_joins_the_place() -> None:
    mentions = [("d1", m("Karvinsk", "GPE")), ("d2", m("Karvinsk", "GPE")), ("d3", m("Karvisnk", "ORG"))]
    links = link_entities(mentions)
    assert len(set(links.entity_ids)) == 1 and set(links.types) == {"LOC"}


def test_a_surname_the_tagger_typed_otherwise_joins_the_person_its_document_names() -> None:
    mentions = [
        ("d1", m("Lena Ostrakova", "PERSON")), ("d1", m("Ostrakova", "GPE", 40)), ("d1", m("Ostrakova", "ORG", 80)),
        ("d2", m("Ostrakova", "GPE", 0, evidence="place")),  # "in Ostrakova": a place elsewhere stays a place
        ("d3", m("Wen Taolin", "PERSON")), ("d3", m("Wen", "PERSON", 40)),  # a family name written first
        ("d4", m("Harold Q. Venn Sr", "PERSON")), ("d4", m("Venn", "ORG", 40)),  # a person, if apart
    ]
    links = link_entities(mentions)
    assert entity_of(links, mentions, "Lena Ostrakova") == {links.entity_ids[1], links.entity_ids[2]}
    assert links.types[3] == "LOC" and links.entity_ids[3] != links.entity_ids[0]
    assert links.entity_ids[5] == links.entity_ids[4]
    assert links.types[7] == "PERSON"


def test_a_surname_two_people_of_the_document_share_stays_apart() -> None:
    mentions = [("d1", m("Ada Korhonen", "PERSON")), ("d1", m("Eino Korhonen", "PERSON", 30)),
                ("d1", m("Korhonen", "GPE", 60)), ("d1", m("Korhonen", "GPE", 90))]
    links = link_entities(mentions)
    assert links.types[2] == "PERSON"
    assert links.entity_ids[2] not in (links.entity_ids[0], links.entity_ids[1])


def test_headline_names_keep_only_what_the_prose_names() -> None:
    mentions = [
        ("d1", m("Tessa Vaunt Seeks", "PERSON", 0, evidence="headline")),  # "Tessa Vaunt Seeks New Term"
        ("d1", m("Avoid Bad Optics", "ORG", 30, evidence="headline")),
        ("d1", m("Tessa Vaunt", "PERSON", 60)),
        ("d1", m("Vaunt", "PERSON", 90)),
    ]
    links = link_entities(mentions)
    assert links.entity_ids[0] == links.entity_ids[2] == links.entity_ids[3]
    assert links.entity_ids[1] is None and links.types[1] is None
    (ent,) = links.entities
    assert ent.name == "Tessa Vaunt" and dict(ent.variants) == {"Tessa Vaunt": 2, "Vaunt": 1}


def test_a_title_in_front_of_a_full_name_and_a_name_cut_short_join_nobody_else() -> None:
    mentions = [
        ("d1", m("Cup Irma Delacroix", "PERSON")),  # "former Miss Cup Irma Delacroix"
        ("d1", m("Cup", "PERSON", 40)),  # "she was Miss Cup in 1996"
        ("d1", m("Irma D", "PERSON", 80)),  # a post cuts her surname short
    ]
    links = link_entities(mentions)
    assert links.entity_ids[1] is None
    assert links.entity_ids[2] == links.entity_ids[0]
    (ent,) = links.entities
    assert ent.name == "Irma Delacroix"


def test_places_and_their_adjectives_and_the_source_in_a_lead() -> None:
    from storyline.link.speakers import _same_stem

    assert _same_stem("freedonia", "freedonian") and _same_stem("lorca", "lorcese")
    assert not _same_stem("iran", "iraq") and not _same_stem("austria", "australia")
    ents = [_entity("p1", "Anna Petrova", ("Adviser",)), _entity("l1", "Paris", type_="LOC")]
    placed = [PlacedMention(document="d", start=200, end=212, entity="p1", type="PERSON", before="Paris minister "),
              PlacedMention(document="d", start=150, end=155, entity="l1", type="LOC")]
    index = SpeakerIndex(placed, ents)
    assert index._other_place_before("d", "p1", {"athens"})
    assert not index._other_place_before("d", "p1", {"paris"})
    # "the source" of a lead is nobody, not the person quoted next
    lead = SpeakerRef(document="d", start=0, end=10, text="the source", resolved="source", quote_start=12)
    nxt = SpeakerRef(document="d", start=200, end=212, text="Anna Petrova", resolved=None, quote_start=100)
    assert index.find_all([lead, nxt]) == [None, "p1"]
