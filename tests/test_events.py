"""Behaviour of storyline.events: incremental clustering, state, labels, cited summaries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyline.events import ClusterConfig, Event, EventClusterer, EventDoc
from storyline.events.describe import EventLabel, label, summarise
from storyline.events.features import day_number, stable_hash, term_counts

SEEDS = Path("/work/shared/seeds")

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


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not available")
def test_seed_articles_form_one_event_per_episode():
    dates = {"000": "2022-03-14", "001": "2022-03-11", "003": "2022-03-15", "002": "2025-07-20", "004": "2025-08-21"}
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        key = path.name[:3]
        if key in dates:
            docs.append(EventDoc(id=key, text=path.read_text(encoding="utf-8"), published=dates[key]))
    if len(docs) != 5:
        pytest.skip("seed set incomplete")
    c = EventClusterer()
    c.add(docs)
    assert _grouping(c) == [["000", "001", "003"], ["002", "004"]]
    for event in c.events():
        for sentence, ids in summarise([d for d in docs if d.id in event.documents], sentences=3):
            assert set(ids) <= set(event.documents)
            assert re.search(r"\w", sentence)
