"""storyline.events as the corpus grows: flat index, bounded re-clustering, exact resumption, the store's copy."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from sqlalchemy import select

from storyline.events import ClusterConfig, EventClusterer, EventDoc
from storyline.events.index import Growable, Postings, gather
from storyline.events.linkage import average_link, cosine_matrix

#: Word pools of made-up stories; a document draws most of its words from one pool.
POOLS = [
    pool.split()
    for pool in (
        "flood river levee Marlow rescue boats evacuated rainfall villages water",
        "trial Castellano mayor bribes permits court prosecutors Dunmore verdict jury",
        "election ballots turnout Verana candidates polling recount coalition parliament vote",
        "wildfire Kessel hills firefighters blaze evacuation smoke acres containment wind",
        "strike dockworkers port Ellisford wages union cargo ships negotiations pay",
    )
]
FILLER = ["report", "statement", "officials", "local", "residents", "morning", "area", "spokesman", "people", "city"]


def _corpus(n: int, *, seed: int = 0, dated: bool = True) -> list[EventDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        story = rng.randrange(len(POOLS))
        words = rng.choices(POOLS[story], k=12) + rng.choices(FILLER, k=6)
        rng.shuffle(words)
        day = 738000 + story * 40 + rng.random() * 5 if dated and i % 7 else None  # every seventh undated
        docs.append(EventDoc(id=f"d{i}", text=" ".join(words) + ".", published=day))
    return docs


def _grouping(clusterer: EventClusterer) -> list[list[str]]:
    return sorted(sorted(e.documents) for e in clusterer.events())


def _greedy_average_link(sim: np.ndarray, sizes: np.ndarray, threshold: float) -> list[list[int]]:
    """Closest pair first, one merge at a time: the textbook algorithm."""
    groups = [[i] for i in range(len(sizes))]
    weight = [float(x) for x in sizes]
    total = sim * np.outer(sizes, sizes)
    while len(groups) > 1:
        best, pair = -np.inf, None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                mean = total[np.ix_(groups[a], groups[b])].sum() / (weight[a] * weight[b])
                if mean > best:
                    best, pair = mean, (a, b)
        if best < threshold:
            break
        a, b = pair
        groups[a] += groups.pop(b)
        weight[a] += weight.pop(b)
    return sorted(sorted(g) for g in groups)


@pytest.mark.parametrize("seed", range(40))
def test_average_link_merging_mutual_closest_pairs_matches_the_greedy_order(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(2, 14))
    x = rng.random((m, m))
    sim = (x + x.T) / 2
    sizes = rng.integers(1, 4, m).astype(float)
    threshold = float(rng.uniform(0.3, 0.7))
    labels = average_link(sim, sizes, threshold)
    got = sorted(sorted(np.flatnonzero(labels == lab).tolist()) for lab in set(labels.tolist()))
    assert got == _greedy_average_link(sim, sizes, threshold)


def test_cosine_matrix_with_buckets_most_vectors_share():
    rng = np.random.default_rng(3)
    dense = rng.random((40, 25)) * (rng.random((40, 25)) > 0.3)  # most columns shared by 16+ rows
    rows, cols = np.nonzero(dense)
    assert np.allclose(cosine_matrix(rows, cols, dense[rows, cols], 40), dense @ dense.T)


def test_growable_arrays_and_gather():
    g = Growable(np.int32, 3, fill=-1)
    for i in range(40):
        g.extend(np.full((1, 3), i))
    assert g.n == 40 and g.data[39].tolist() == [39, 39, 39]
    at, owner = gather(np.array([0, 3, 3, 7]), np.array([2, 1, 0]))
    assert at.tolist() == [3, 4, 5, 6, 0, 1, 2] and owner.tolist() == [0, 0, 0, 0, 2, 2, 2]


def test_postings_keep_the_latest_entries_of_each_bucket():
    p = Postings(8, keep=3)
    p.min_merge = 4  # merge often
    for doc in range(10):
        p.add(doc, np.array([1, 5]) if doc % 2 else np.array([1]))
    docs, came_for = p.latest_of(np.array([1, 5, 2]), 3)
    assert sorted(docs[came_for == 0].tolist()) == [7, 8, 9]
    assert sorted(docs[came_for == 1].tolist()) == [5, 7, 9]
    assert not (came_for == 2).any()
    docs, came_for = p.latest_of(np.array([5]), 2)
    assert sorted(docs.tolist()) == [7, 9]


@pytest.mark.parametrize("seed", range(5))
def test_postings_merged_or_loaded_read_like_plain_lists(seed):
    rng = np.random.default_rng(seed)
    plain: dict[int, list[int]] = {}
    merged = Postings(50, keep=6)
    merged.min_merge = 10
    held = []
    for doc in range(300):
        buckets = np.unique(rng.integers(0, 50, int(rng.integers(1, 8))))
        merged.add(doc, buckets)
        held += [(int(h), doc) for h in buckets]
        for h in buckets.tolist():
            plain.setdefault(h, []).append(doc)
    loaded = Postings(50, keep=6)
    loaded.load(np.array([h for h, _ in held]), np.array([d for _, d in held]))
    query = rng.permutation(50)[:20]
    for budget in (None, 40):
        want = {}
        left = budget
        for i, h in enumerate(query.tolist()):
            k = min(len(plain.get(h, [])), 5) if left is None else min(len(plain.get(h, [])), 5, left)
            want[i] = plain.get(h, [])[len(plain.get(h, [])) - k :]
            left = None if left is None else left - k
        for p in (merged, loaded):
            docs, came_for = p.latest_of(query, 5, budget=budget)
            assert {i: docs[came_for == i].tolist() for i in range(len(query))} == want


def test_a_resumed_clusterer_continues_exactly_like_the_one_it_was_saved_from():
    docs = _corpus(90)
    live = EventClusterer()
    resumed = EventClusterer()
    for a in range(0, 90, 30):
        live.add(docs[a : a + 30])
        resumed = EventClusterer.from_state(json.loads(json.dumps(resumed.state())))
        resumed.add(docs[a : a + 30])
    assert [(e.id, e.documents) for e in resumed.events()] == [(e.id, e.documents) for e in live.events()]
    assert resumed.state() == live.state()


def test_a_version_2_state_still_loads():
    docs = _corpus(20)
    c = EventClusterer()
    c.add(docs)
    events = c.events()
    nn, nn_sim = c._nn.data, c._nn_sim.data
    offsets = c._offsets.data
    old = {
        "version": 2,
        "config": c.state()["config"],
        "n": len(c),
        "df": {"idx": np.flatnonzero(c._df).tolist(), "val": c._df[np.flatnonzero(c._df)].tolist()},
        "next_event": c._next_event,
        "docs": [
            {
                "id": d.id,
                "idx": c._terms.data[offsets[i] : offsets[i + 1]].tolist(),
                "val": c._weights.data[offsets[i] : offsets[i + 1]].tolist(),
                "day": d.published,
                "dense": None,
                "names": list(c._names[i]),
                "nn": nn[i][nn[i] >= 0][::-1].tolist(),  # v2 lists were in no particular order
                "nn_sim": nn_sim[i][nn[i] >= 0][::-1].tolist(),
            }
            for i, d in enumerate(docs)
        ],
        "events": [{"id": e.id, "docs": [int(d[1:]) for d in e.documents]} for e in events],
    }
    back = EventClusterer.from_state(json.loads(json.dumps(old)))
    assert [(e.id, e.documents) for e in back.events()] == [(e.id, e.documents) for e in events]
    more = _corpus(30, seed=1)[20:]
    back.add(more)
    c.add(more)
    assert _grouping(back) == _grouping(c)


def test_documents_beyond_the_time_cutoff_do_not_take_the_candidates_places():
    text = "Dockworkers at the port of Ellisford walked out over pay; cargo ships waited offshore."
    old = [EventDoc(id=f"old{i}", text=text, published="2019-03-01") for i in range(6)]
    new = EventDoc(id="new", text=text.replace("walked out", "stayed out"), published="2024-03-01")
    c = EventClusterer(ClusterConfig(rerank=2))
    c.add(old)
    c.add([new])
    c.add([EventDoc(id="late", text=text, published="2024-03-02")])
    assert c.event_of("late") == c.event_of("new")
    assert c.event_of("late") != c.event_of("old0")


def test_a_batch_larger_than_the_limit_is_added_in_parts():
    docs = _corpus(60)
    parts = EventClusterer(ClusterConfig(batch_limit=25))
    assignments = parts.add(docs)
    assert [a.doc_id for a in assignments] == [d.id for d in docs]
    assert sum(len(e.documents) for e in parts.events()) == 60
    assert len(parts.events()) <= 10  # five stories, maybe split in time; not sixty singletons


def test_events_too_big_to_reopen_still_take_new_documents():
    docs = _corpus(150)
    c = EventClusterer(ClusterConfig(local_per_document=5, max_local=20))
    for d in docs:
        c.add([d])
    sizes = sorted(len(e.documents) for e in c.events())
    assert sizes[-1] > 20  # events grew past what one arrival may re-open
    # most documents of one story end in one event
    story_of = {d.id: max(range(len(POOLS)), key=lambda i: sum(w in POOLS[i] for w in d.text[:-1].split())) for d in docs}
    event_of = {d: e.id for e in c.events() for d in e.documents}
    for story in range(len(POOLS)):
        members = [d for d, s in story_of.items() if s == story]
        top = max(sum(event_of[d] == e for d in members) for e in {event_of[d] for d in members})
        assert top >= 0.8 * len(members)


def test_update_events_rewrites_only_what_changed_and_keeps_the_tables_in_step(store, settings, tmp_path):
    from storyline.pipeline import ingest
    from storyline.store.schema import document_events, events
    from storyline.story.events import update_events

    docs = _corpus(24, dated=False)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, d in enumerate(docs):
        # long enough to be an article: the words twice, as two paragraphs
        (folder / f"{i:03d}.txt").write_text(f"{d.text.capitalize()}\n\n{d.text.capitalize()}\n")

    def tables():
        with store.engine.connect() as conn:
            found = conn.execute(select(events.c.id, events.c.documents))
            evs = {r.id: json.loads(r.documents) for r in found}
            rows = {r.document_id: r.event_id for r in conn.execute(select(document_events))}
        return evs, rows

    ingest(store, [str(folder / f"{i:03d}.txt") for i in range(12)], settings=settings)
    update_events(store)
    ingest(store, [str(folder)], settings=settings)
    n = update_events(store)
    evs, rows = tables()
    assert len(evs) == n
    assert rows == {d: e for e, ds in evs.items() for d in ds}
    assert len(rows) == len(store.documents(include_text=False))
    update_events(store)  # nothing new: nothing moves
    assert tables() == (evs, rows)


def test_a_batch_of_many_small_stories_is_reclustered_story_by_story(monkeypatch):
    # thirty stories of three documents, sharing only filler words: every neighbour list holds weak links
    # to other stories, which used to chain a batch's arrivals into one piece (whose pair matrix costs its square)
    rng = random.Random(0)
    made: list[str] = []
    while len(made) < 300:
        word = "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))
        if word not in made:
            made.append(word)
    docs = []
    for i in range(90):
        words = rng.choices(made[10 * (i % 30) : 10 * (i % 30) + 10], k=8) + rng.choices(FILLER[:8], k=4)
        rng.shuffle(words)
        docs.append(EventDoc(id=f"d{i}", text=" ".join(words) + "."))
    c = EventClusterer()
    c.add(docs[:60])
    stories: list[set[int]] = []
    cluster_piece = EventClusterer._cluster_piece

    def record(self, piece, new):
        stories.append({int(self._ids[p][1:]) % 30 for p in piece.tolist()})
        return cluster_piece(self, piece, new)

    monkeypatch.setattr(EventClusterer, "_cluster_piece", record)
    c.add(docs[60:])
    assert max(len(s) for s in stories) <= 2
    assert _grouping(c) == sorted(sorted(f"d{i}" for i in range(s, 90, 30)) for s in range(30))


def test_pieces_link_neighbours_only_when_their_similarity_can_reach_the_threshold():
    c = EventClusterer()
    c.add(_corpus(120))
    docs = np.arange(len(c), dtype=np.int64)
    pieces = c._pieces(docs)
    assert sorted(np.concatenate(pieces).tolist()) == docs.tolist()
    piece_of = np.empty(len(docs), dtype=np.int64)
    for i, piece in enumerate(pieces):
        piece_of[piece] = i
    # every pair of documents similar enough to be merged lies in one piece
    sim = c._pair_similarity(docs)
    np.fill_diagonal(sim, 0.0)
    a, b = np.nonzero(sim >= c.config.threshold)
    assert (piece_of[a] == piece_of[b]).all()
    # and one event's documents are never split
    for members in c._events.values():
        assert len(set(piece_of[members].tolist())) == 1
    assert len(pieces) > 1
