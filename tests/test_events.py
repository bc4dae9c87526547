"""Behaviour of storyline.events: incremental clustering, state, labels, cited summaries."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

from storyline.events import ClusterConfig, Event, EventClusterer, EventDoc
from storyline.events.describe import EventLabel, label, summarise
from storyline.events.features import day_number, stable_hash, term_counts
from storyline.events.linkage import average_link, components, cosine_matrix, match_ids, shared_neighbour_counts

QUAKE = [
    "A magnitude 6.1 earthquake struck the coastal town of Marlow Bay on Sunday, killing 12 people. "
    "Rescue teams searched collapsed buildings in Marlow Bay through the night.",
    "Rescuers in Marlow Bay pulled survivors from rubble after Sunday's 6.1 earthquake. "
    "The death toll rose to 14, officials in Marlow Bay said.",
    "The earthquake that hit Marlow Bay on Sunday damaged the harbour and the old hospital. "
    "Aftershocks kept residents of Marlow Bay outside overnight.",
]
TRIAL = [
    "The trial of former mayor Edwin Castellano opened in Dunmore on Monday on corruption charges. "
    "Prosecutors say Castellano took bribes for building permits.",
    "Edwin Castellano pleaded not guilty as his corruption trial began in Dunmore. "
    "The former mayor is accused of taking bribes over permits.",
    "Witnesses told the Dunmore court that Castellano demanded bribes for permits while he was mayor.",
]


def _docs(texts, prefix, published=None):
    return [EventDoc(id=f"{prefix}{i}", text=t, published=published) for i, t in enumerate(texts)]


def _grouping(clusterer):
    return sorted(sorted(e.documents) for e in clusterer.events())


def test_documents_about_two_happenings_form_two_events():
    c = EventClusterer()
    c.add(_docs(QUAKE, "q") + _docs(TRIAL, "t"))
    assert _grouping(c) == [["q0", "q1", "q2"], ["t0", "t1", "t2"]]


def test_incremental_adding_matches_adding_in_one_batch():
    docs = [d for pair in zip(_docs(QUAKE, "q"), _docs(TRIAL, "t")) for d in pair]
    one = EventClusterer()
    one.add(docs)
    inc = EventClusterer()
    for d in docs:
        inc.add([d])
    assert _grouping(one) == _grouping(inc)


def test_add_returns_one_assignment_per_document_and_flags_new_events():
    c = EventClusterer()
    first = c.add(_docs(QUAKE[:1], "q"))
    assert len(first) == 1 and first[0].new_event and first[0].doc_id == "q0"
    second = c.add(_docs(QUAKE, "q")[1:2])
    assert second[0].event_id == first[0].event_id and not second[0].new_event
    assert second[0].score >= c.config.threshold


def test_adding_a_known_document_again_does_not_duplicate_it():
    c = EventClusterer()
    c.add(_docs(QUAKE, "q"))
    again = c.add(_docs(QUAKE, "q")[:1])
    assert len(c) == 3
    assert again[0].event_id == c.event_of("q0")
    assert sum(len(e.documents) for e in c.events()) == 3


def test_same_words_years_apart_open_separate_events():
    c = EventClusterer()
    c.add(_docs(QUAKE, "old", published="2019-05-05"))
    c.add(_docs(QUAKE, "new", published="2024-05-05"))
    groups = _grouping(c)
    assert all(len({d[:3] for d in g}) == 1 for g in groups)


def test_dates_within_the_window_do_not_split_an_event():
    c = EventClusterer()
    docs = [EventDoc(id=f"q{i}", text=t, published=f"2024-05-0{i + 5}") for i, t in enumerate(QUAKE)]
    c.add(docs)
    (event,) = c.events()
    assert event.start == "2024-05-05" and event.end == "2024-05-07"


def test_documents_without_dates_still_cluster():
    c = EventClusterer()
    c.add(_docs(QUAKE, "q") + [EventDoc(id="late", text=QUAKE[0], published="2024-01-01")])
    assert len(c.events()) == 1


def test_state_round_trips_through_json_and_keeps_clustering():
    c = EventClusterer()
    c.add(_docs(QUAKE[:2], "q") + _docs(TRIAL[:2], "t"))
    state = json.loads(json.dumps(c.state()))
    back = EventClusterer.from_state(state)
    assert _grouping(back) == _grouping(c)
    more_a = back.add([EventDoc(id="q2", text=QUAKE[2]), EventDoc(id="t2", text=TRIAL[2])])
    more_b = c.add([EventDoc(id="q2", text=QUAKE[2]), EventDoc(id="t2", text=TRIAL[2])])
    assert [a.event_id for a in more_a] == [b.event_id for b in more_b]
    assert _grouping(back) == _grouping(c)


def test_state_of_an_unknown_version_is_refused():
    with pytest.raises(ValueError):
        EventClusterer.from_state({"version": 999})


def test_events_carry_ids_dates_and_a_short_label():
    c = EventClusterer()
    c.add([EventDoc(id="q0", text=QUAKE[0], published="2024-05-05T10:00:00Z")])
    (event,) = c.events()
    assert isinstance(event, Event)
    assert event.start == event.end == "2024-05-05"
    assert "marlow bay" in event.label


def test_caller_entities_become_features():
    counts = term_counts("Talks resumed.", entities=("Northwind Alliance",))
    assert counts["e:northwind alliance"] > 0


def test_hashing_is_stable_across_processes():
    import subprocess
    import sys

    code = "from storyline.events.features import stable_hash; print(stable_hash('w:earthquake'))"
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}).stdout.strip()
        for seed in ("1", "2")
    }
    assert outs == {str(stable_hash("w:earthquake"))}


def test_day_number_reads_dates_and_ignores_garbage():
    assert day_number("2024-05-05") == day_number("2024-05-05T00:00:00")
    assert day_number("not a date") is None
    assert day_number(None) is None


def test_label_lists_names_and_date_range():
    docs = _docs(TRIAL, "t", published="2024-02-01")
    c = EventClusterer()
    c.add(docs)
    (event,) = c.events()
    lab = label(event, docs)
    assert isinstance(lab, EventLabel)
    assert "Edwin Castellano" in lab.names
    assert lab.start == "2024-02-01"
    assert "Edwin Castellano" in lab.text


def test_label_uses_typed_entities_from_an_nlp_callable():
    class Ent:
        def __init__(self, text, label_):
            self.text, self.label_ = text, label_

    class Parsed:
        def __init__(self, text):
            self.ents = [Ent("Edwin Castellano", "PERSON"), Ent("Dunmore", "GPE")] if "Castellano" in text else []

    docs = _docs(TRIAL, "t")
    event = Event(id="e", documents=tuple(d.id for d in docs))
    lab = label(event, docs, nlp=Parsed)
    assert lab.people == ("Edwin Castellano",) and lab.places == ("Dunmore",)


def test_summary_sentences_come_from_the_documents_and_cite_them():
    docs = _docs(QUAKE, "q")
    summary = summarise(docs, sentences=2)
    assert len(summary) == 2
    for sentence, ids in summary:
        assert ids and set(ids) <= {"q0", "q1", "q2"}
        assert any(sentence in " ".join(docs[int(i[1:])].text.split()) for i in ids)


def test_summary_skips_near_duplicate_sentences():
    text = "The bridge over the Kessel river collapsed during the morning rush hour."
    docs = [
        EventDoc(id="a", text=text + " Two cars fell into the water below the bridge."),
        EventDoc(id="b", text=text + " Divers recovered both drivers alive from the river."),
    ]
    summary = summarise(docs, sentences=3)
    sentences = [s for s, _ in summary]
    assert sentences.count(text) == 1
    cited = dict(summary)[text]
    assert cited == ["a", "b"]


def test_summary_of_nothing_is_empty():
    assert summarise([], sentences=3) == []


def test_dense_vectors_can_be_blended_in():
    import numpy as np

    def embed(texts):
        return np.array([[1.0, 0.0] if "earthquake" in t.lower() else [0.0, 1.0] for t in texts])

    c = EventClusterer(ClusterConfig(dense_weight=0.5), embed=embed)
    c.add(_docs(QUAKE, "q") + _docs(TRIAL, "t"))
    assert _grouping(c) == [["q0", "q1", "q2"], ["t0", "t1", "t2"]]


def test_a_document_joining_an_event_keeps_its_id():
    c = EventClusterer()
    c.add(_docs(QUAKE[:2], "q") + _docs(TRIAL[:2], "t"))
    before = {e.id: set(e.documents) for e in c.events()}
    (joined,) = c.add([EventDoc(id="q2", text=QUAKE[2])])
    assert not joined.new_event
    assert before[joined.event_id] == {"q0", "q1"}
    assert {e.id for e in c.events()} == set(before)


@pytest.mark.parametrize(
    ("clusters", "old", "expected"),
    [
        ([[0, 1, 2]], {0: {0, 1}, 1: {2}}, [0]),  # a merge keeps the older id
        ([[0, 1, 2, 3]], {3: {0, 1, 2}, 1: {3}}, [1]),  # ... even when the younger event is bigger
        ([[0, 1, 2], [3]], {0: {0, 1, 2, 3}}, [0, None]),  # a split: the larger part keeps the id
        ([[0], [1]], {}, [None, None]),  # only new documents: new events
    ],
)
def test_new_clusters_continue_the_old_event_ids(clusters, old, expected):
    assert match_ids(clusters, old, {e: e for e in old}) == expected


def test_average_link_stops_at_the_threshold():
    sim = np.array([[1.0, 0.9, 0.1, 0.0], [0.9, 1.0, 0.2, 0.0], [0.1, 0.2, 1.0, 0.8], [0.0, 0.0, 0.8, 1.0]])
    labels = average_link(sim, np.ones(4), 0.5)
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]
    assert len(set(average_link(sim, np.ones(4), 0.05).tolist())) == 1


def test_shared_neighbour_counts_and_cosines_agree_with_brute_force():
    rng = np.random.default_rng(0)
    lists = [rng.choice(30, size=6, replace=False) for _ in range(12)]
    brute = np.array([[len(set(a) & set(b)) for b in lists] for a in lists])
    assert (shared_neighbour_counts(lists) == brute).all()
    dense = rng.random((5, 20)) * (rng.random((5, 20)) > 0.6)
    rows, cols = np.nonzero(dense)
    assert np.allclose(cosine_matrix(rows, cols, dense[rows, cols], 5), dense @ dense.T)


def test_pieces_split_the_neighbourhood_by_links():
    assert components(6, np.array([0, 1, 4]), np.array([1, 2, 5])).tolist() == [0, 0, 0, 3, 4, 4]


def test_events_are_reclustered_as_documents_arrive_in_any_order():
    docs = _docs(QUAKE, "q") + _docs(TRIAL, "t")
    for seed in range(5):
        order = docs[:]
        random.Random(seed).shuffle(order)
        c = EventClusterer()
        for d in order:
            c.add([d])
        assert _grouping(c) == [["q0", "q1", "q2"], ["t0", "t1", "t2"]]


#: Seed articles by file prefix: three on the March 2022 talks, two on the 2025 summit push.
EPISODES = {"000": "2022-03-14", "001": "2022-03-11", "003": "2022-03-15", "002": "2025-07-20", "004": "2025-08-21"}


@pytest.mark.parametrize("with_dates", [False, True], ids=["no dates", "dates"])
@pytest.mark.parametrize("batch", [1, 100], ids=["one at a time", "one batch"])
def test_seed_articles_form_one_event_per_episode(seeds, store, settings, with_dates, batch):
    from storyline.pipeline import ingest

    ingest(store, [str(seeds)], settings=settings)
    rows = store.documents(include_text=True)
    prefix = {r["id"]: Path(r["source"]).name[:3] for r in rows}
    articles = {r["id"]: prefix[r["id"]] for r in rows if r["kind"] == "article"}
    if sorted(articles.values()) != sorted(EPISODES):
        pytest.skip("seed set is not the expected five articles")
    # related articles glued to a page have no date of their own
    docs = [
        EventDoc(id=r["id"], title=r["title"], text=r["text"], published=EPISODES[articles[r["id"]]] if with_dates and r["id"] in articles else r["published"])
        for r in rows
    ]
    c = EventClusterer()
    for i in range(0, len(docs), batch):
        c.add(docs[i : i + batch])
    by_year: dict[str, set[str]] = {}
    for doc_id, key in articles.items():
        by_year.setdefault(EPISODES[key][:4], set()).add(c.event_of(doc_id))
    assert len(by_year["2022"]) == 1 and len(by_year["2025"]) == 1
    assert by_year["2022"] != by_year["2025"]
    (talks,) = by_year["2022"]
    members = next(e.documents for e in c.events() if e.id == talks)
    assert {prefix[d] for d in members} == {"000", "001", "003"}
    for event in c.events():
        chosen = [d for d in docs if d.id in event.documents]
        for sentence, ids in summarise(chosen, sentences=3):
            assert set(ids) <= set(event.documents)
            assert re.search(r"\w", sentence)


def test_title_case_headline_words_also_count_as_plain_words():
    counts = term_counts("Central Bank Says Taper Pace May Be Too Slow")
    assert counts["w:taper"] > 0 and counts["p:taper"] > 0
    assert not any(f.startswith("m:") for f in counts)
    assert "w:castellano" not in term_counts("The mayor, Edwin Castellano, denied the charges.")
