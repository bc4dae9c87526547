"""Incremental event clustering: new documents join an event or open one, locally re-clustered.

Each document is a hashed, sublinear term-frequency vector (see :mod:`.features`);
inverse document frequencies are learnt as documents arrive and applied at comparison
time. The clusterer keeps, for every document, a short list of its nearest documents
(at most ``neighbours``, each at least ``min_similarity`` close). When documents arrive it

1. finds each new document's nearest earlier documents through an inverted index over
   hash buckets (only the most recent ``postings_scan`` entries of the document's most
   specific terms are read, so the cost per document does not grow with the corpus) and
   puts the new document into those neighbours' lists where it is closer than their
   farthest neighbour;
2. takes the *affected neighbourhood*: the events of the new documents' neighbours and
   of every document whose neighbour list changed, split into connected pieces;
3. re-clusters each piece alone with average linkage on a blend of shared-nearest-neighbour
   overlap and cosine similarity (damped by the time gap when both documents have dates),
   stopping below ``threshold``. Overlap counts each document's closest ``neighbours``, or
   about the square root of the corpus size when that is smaller (in a handful of articles
   everything is everybody's neighbour, which says nothing). A piece re-opens at most
   ``local_per_document`` earlier documents per new one (and ``max_local`` in all); its other
   events stay whole, so the work per document stays bounded;
4. gives each resulting cluster the id of the old event it continues (an event keeps its id
   while most of its documents stay together; when events merge the older id wins).

Events outside the neighbourhood are not touched, so adding documents costs about the
same whatever the size of the corpus. All state is plain numbers, strings and lists, see
:meth:`EventClusterer.state`.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .features import BITS, day_number, day_to_iso, hashed_vector, term_counts
from .linkage import average_link, components, cosine_matrix, match_ids, shared_neighbour_counts

STATE_VERSION = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDoc:
    """A document to cluster. ``published`` is a datetime, date, ISO string or None."""

    id: str
    text: str
    title: str | None = None
    entities: tuple[str, ...] = ()
    published: Any = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A group of documents about one happening."""

    id: str
    documents: tuple[str, ...]
    start: str | None = None
    end: str | None = None
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """Where one added document went (``score``: its mean similarity to the event's other documents)."""

    doc_id: str
    event_id: str
    score: float
    new_event: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterConfig:
    """Knobs of the clusterer.

    ``threshold``, ``neighbours``, ``min_similarity`` and ``snn_weight`` were chosen on
    ECB+ topics 1-25 (streamed one document at a time) and checked on held-out topics;
    the time window and half-life were set so that follow-up coverage a month later still
    joins while coverage years apart never does.
    """

    #: Average-link stopping point: groups merge while their mean pair similarity reaches this.
    threshold: float = 0.175
    #: Length of each document's nearest-neighbour list.
    neighbours: int = 10
    #: A document closer than this (cosine) is never a neighbour.
    min_similarity: float = 0.05
    #: Pair similarity = snn_weight * shared-neighbour overlap + (1 - snn_weight) * cosine.
    snn_weight: float = 0.2
    query_terms: int = 40
    postings_scan: int = 400
    rerank: int = 40
    #: Heaviest terms per document used for the pair cosines of a re-clustered neighbourhood.
    pair_terms: int = 100
    #: Earlier documents re-clustered from scratch per new document in a neighbourhood piece,
    #: and at most; beyond that the piece's largest events stay whole (the work per document is bounded).
    local_per_document: int = 50
    max_local: int = 400
    #: Members sampled to compare an event kept whole with the rest of its piece.
    whole_event_sample: int = 12
    #: Documents closer in time than this (days) are not penalised.
    time_window: float = 21.0
    #: Beyond the window, pair similarity halves every this many days.
    time_half_life: float = 60.0
    #: Documents further apart than this (days) are never neighbours.
    time_cutoff: float = 365.0
    lead_sentences: int = 3
    lead_weight: float = 2.0
    name_weight: float = 2.0
    number_weight: float = 1.0
    #: Weight of the ``embed`` vectors' cosine in the document similarity.
    dense_weight: float = 0.0
    idf_prior_docs: float = 50.0
    bits: int = BITS


@dataclass(slots=True)
class _EventState:
    seq: int
    docs: list[int] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"e{self.seq}"


class EventClusterer:
    """Online event clustering; see the module docstring for the method.

    ``embed`` optionally maps a list of strings (title + lead) to unit row vectors;
    with ``config.dense_weight > 0`` their cosine is blended into the document similarity.

    Example:
        >>> c = EventClusterer()
        >>> [a.new_event for a in c.add([EventDoc(id="a", text="Flood waters rose in Arlen.")])]
        [True]
        >>> c.event_of("a")
        'e0'
    """

    def __init__(self, config: ClusterConfig | None = None, *, embed: Callable[[list[str]], np.ndarray] | None = None):
        self.config = config or ClusterConfig()
        self.embed = embed
        self._df = np.zeros(1 << self.config.bits, dtype=np.float32)
        self._n = 0
        self._doc_ids: list[str] = []
        self._doc_pos: dict[str, int] = {}
        self._doc_idx: list[np.ndarray] = []
        self._doc_val: list[np.ndarray] = []
        self._doc_day: list[float | None] = []
        self._doc_dense: list[np.ndarray | None] = []
        self._doc_names: list[tuple[str, ...]] = []
        self._doc_nn: list[np.ndarray] = []
        self._doc_nn_sim: list[np.ndarray] = []
        self._doc_event: list[int] = []
        self._postings: dict[int, array] = {}
        self._events: dict[int, _EventState] = {}
        self._next_event = 0

    # ---------- public API ----------
    def add(self, docs: Iterable[EventDoc]) -> list[Assignment]:
        """Cluster new documents; returns one assignment per document, in input order.

        Document frequencies are updated with the whole batch first; then the batch's
        neighbourhood is re-clustered once. A document id seen before is not added again;
        its current assignment is returned.
        """
        cfg = self.config
        batch = list(docs)
        fresh: list[EventDoc] = []
        seen: set[str] = set()
        for d in batch:
            if d.id not in self._doc_pos and d.id not in seen:
                fresh.append(d)
                seen.add(d.id)
        vectors = []
        for d in fresh:
            counts = term_counts(
                d.text,
                title=d.title,
                entities=d.entities,
                lead_sentences=cfg.lead_sentences,
                lead_weight=cfg.lead_weight,
                name_weight=cfg.name_weight,
                number_weight=cfg.number_weight,
            )
            idx, val = hashed_vector(counts, cfg.bits)
            vectors.append((idx, val, _name_features(counts)))
            np.add.at(self._df, idx, 1.0)
            self._n += 1
        dense: list[np.ndarray | None] = [None] * len(fresh)
        if self.embed is not None and cfg.dense_weight > 0 and fresh:
            mat = np.asarray(self.embed([_lead_text(d, cfg.lead_sentences) for d in fresh]), dtype=np.float32)
            dense = [row / (np.linalg.norm(row) or 1.0) for row in mat]
        before = {ev.seq for ev in self._events.values()}
        new_pos: list[int] = []
        touched: set[int] = set()
        for d, (idx, val, names), vec in zip(fresh, vectors, dense):
            new_pos.append(self._insert(d, idx, val, names, vec, touched))
        scores = self._recluster(new_pos, touched)
        out = []
        for d in batch:
            pos = self._doc_pos[d.id]
            seq = self._doc_event[pos]
            if pos in scores:
                out.append(Assignment(doc_id=d.id, event_id=f"e{seq}", score=scores[pos], new_event=seq not in before))
            else:
                out.append(Assignment(doc_id=d.id, event_id=f"e{seq}", score=1.0, new_event=False))
        return out

    def events(self) -> list[Event]:
        """Current events, oldest first, each with its documents in arrival order."""
        out = []
        for seq in sorted(self._events):
            ev = self._events[seq]
            days = [self._doc_day[p] for p in ev.docs if self._doc_day[p] is not None]
            out.append(
                Event(
                    id=ev.id,
                    documents=tuple(self._doc_ids[p] for p in ev.docs),
                    start=day_to_iso(min(days)) if days else None,
                    end=day_to_iso(max(days)) if days else None,
                    label=self._label(ev.docs),
                )
            )
        return out

    def event_of(self, doc_id: str) -> str:
        """Id of the event a document is in (KeyError if unknown)."""
        return f"e{self._doc_event[self._doc_pos[doc_id]]}"

    def __len__(self) -> int:
        return self._n

    # ---------- neighbours ----------
    def _idf(self, idx: np.ndarray) -> np.ndarray:
        # ``idf_prior_docs`` pseudo-documents without the term keep small collections
        # (a handful of articles on one story) from zeroing out their shared words.
        n0 = self.config.idf_prior_docs
        return np.log((self._n + n0 + 1.0) / (self._df[idx].astype(np.float64) + 0.5))

    def _candidates(self, idx: np.ndarray, qw: np.ndarray, vec: np.ndarray | None, day: float | None) -> list[tuple[float, int]]:
        """Earlier documents sharing the query's most specific terms, with their similarity, best first."""
        cfg = self.config
        if not self._doc_ids or len(idx) == 0:
            return []
        order = np.argsort(-qw)[: cfg.query_terms]
        cand_docs, cand_w = [], []
        for k in order:
            post = self._postings.get(int(idx[k]))
            if post is None:
                continue
            docs = np.frombuffer(post[-cfg.postings_scan :].tobytes(), dtype=np.int32)
            cand_docs.append(docs)
            cand_w.append(np.full(len(docs), qw[k], dtype=np.float64))
        if not cand_docs:
            return []
        all_docs = np.concatenate(cand_docs)
        uniq, inv = np.unique(all_docs, return_inverse=True)
        partial = np.bincount(inv, weights=np.concatenate(cand_w), minlength=len(uniq))
        top = uniq[np.argsort(-partial)[: cfg.rerank]]
        qn = float(np.linalg.norm(qw)) or 1.0
        scored = []
        for j in top.tolist():
            dday = self._doc_day[j]
            if day is not None and dday is not None and abs(day - dday) > cfg.time_cutoff:
                continue
            jidx = self._doc_idx[j]
            _, a, b = np.intersect1d(idx, jidx, assume_unique=True, return_indices=True)
            if len(a) == 0:
                continue
            jw = self._doc_val[j] * self._idf(jidx)
            s = float(np.dot(qw[a], jw[b]) / (qn * (np.linalg.norm(jw) or 1.0)))
            jvec = self._doc_dense[j]
            if cfg.dense_weight > 0 and vec is not None and jvec is not None:
                s = (1 - cfg.dense_weight) * s + cfg.dense_weight * float(np.dot(vec, jvec))
            scored.append((s, j))
        scored.sort(reverse=True)
        return scored

    def _insert(self, d: EventDoc, idx: np.ndarray, val: np.ndarray, names: tuple[str, ...], vec: np.ndarray | None, touched: set[int]) -> int:
        """Store a document with its neighbour list; enter it into its neighbours' lists."""
        cfg = self.config
        day = day_number(d.published)
        close = [(s, j) for s, j in self._candidates(idx, val * self._idf(idx), vec, day) if s >= cfg.min_similarity]
        pos = len(self._doc_ids)
        mine = close[: cfg.neighbours]
        self._doc_ids.append(d.id)
        self._doc_pos[d.id] = pos
        self._doc_idx.append(idx)
        self._doc_val.append(val)
        self._doc_day.append(day)
        self._doc_dense.append(vec)
        self._doc_names.append(names)
        self._doc_nn.append(np.array([j for _, j in mine], dtype=np.int32))
        self._doc_nn_sim.append(np.array([s for s, _ in mine], dtype=np.float32))
        self._doc_event.append(-1)
        for h in idx.tolist():
            post = self._postings.get(h)
            if post is None:
                post = self._postings[h] = array("i")
            post.append(pos)
        for s, j in close:
            nn, sims = self._doc_nn[j], self._doc_nn_sim[j]
            if len(nn) < cfg.neighbours:
                self._doc_nn[j] = np.append(nn, np.int32(pos))
                self._doc_nn_sim[j] = np.append(sims, np.float32(s))
            else:
                worst = int(np.argmin(sims))
                if s <= sims[worst]:
                    continue
                nn, sims = nn.copy(), sims.copy()
                nn[worst], sims[worst] = pos, s
                self._doc_nn[j], self._doc_nn_sim[j] = nn, sims
            touched.add(j)
        return pos

    # ---------- local re-clustering ----------
    def _recluster(self, new_pos: list[int], touched: set[int]) -> dict[int, float]:
        """Re-cluster the neighbourhood of the new documents; returns each new document's score."""
        if not new_pos:
            return {}
        around = set(new_pos) | touched
        for p in new_pos:
            around.update(self._doc_nn[p].tolist())
        affected = {self._doc_event[p] for p in around} - {-1}
        docs = sorted(set(new_pos).union(*(self._events[e].docs for e in affected)))
        scores: dict[int, float] = {}
        fresh = set(new_pos)
        for piece in self._pieces(docs):
            # every changed list now names a new document, so pieces hold one; guard anyway
            if fresh.isdisjoint(piece):
                continue
            scores.update(self._cluster_piece(piece, fresh))
        return scores

    def _pieces(self, docs: list[int]) -> list[list[int]]:
        """Split documents (sorted positions) into pieces no link crosses: same event, neighbours, a shared neighbour."""
        m = len(docs)
        local = np.asarray(docs, dtype=np.int64)
        event = np.array([self._doc_event[p] for p in docs])
        a: list[np.ndarray] = []
        b: list[np.ndarray] = []
        order = np.argsort(event, kind="stable")
        same = np.r_[False, event[order][1:] == event[order][:-1]] & (event[order] >= 0)
        a.append(order[same])
        b.append(order[np.flatnonzero(same) - 1])
        rows = np.repeat(np.arange(m), [len(self._doc_nn[p]) for p in docs])
        if rows.size:
            near = np.concatenate([self._doc_nn[p] for p in docs]).astype(np.int64)
            at = np.minimum(np.searchsorted(local, near), m - 1)
            hit = local[at] == near
            a.append(rows[hit])
            b.append(at[hit])
            by = np.argsort(near, kind="stable")
            near_sorted, rows_sorted = near[by], rows[by]
            starts = np.flatnonzero(np.r_[True, near_sorted[1:] != near_sorted[:-1]])
            first = np.repeat(starts, np.diff(np.r_[starts, len(near_sorted)]))
            a.append(rows_sorted)
            b.append(rows_sorted[first])
        labels = components(m, np.concatenate(a), np.concatenate(b))
        groups: dict[int, list[int]] = {}
        for p, lab in zip(docs, labels.tolist()):
            groups.setdefault(lab, []).append(p)
        return list(groups.values())

    def _cluster_piece(self, piece: list[int], new: set[int]) -> dict[int, float]:
        cfg = self.config
        old_events = sorted({self._doc_event[p] for p in piece} - {-1})
        # units: single documents, or whole events when the piece is too big to open them all
        whole: list[int] = []
        arrivals = len(new.intersection(piece))
        budget = min(cfg.max_local, cfg.local_per_document * arrivals)
        if len(piece) - arrivals > budget:
            # open first the events the new documents point at, smallest first
            near = {self._doc_event[j] for p in new.intersection(piece) for j in self._doc_nn[p].tolist()}
            for e in sorted(old_events, key=lambda e: (e not in near, len(self._events[e].docs))):
                budget -= len(self._events[e].docs)
                if budget < 0:
                    whole.append(e)
        kept = {p for e in whole for p in self._events[e].docs}
        units: list[list[int]] = [[p] for p in piece if p not in kept] + [list(self._events[e].docs) for e in whole]
        samples = [u if len(u) <= cfg.whole_event_sample else _spread(u, cfg.whole_event_sample) for u in units]
        flat = [p for s in samples for p in s]
        counts = np.array([len(s) for s in samples])
        owner = np.repeat(np.arange(len(units)), counts)
        sim = self._pair_similarity(flat)
        inner = sim.copy()
        np.fill_diagonal(inner, 0.0)
        if len(flat) == len(units):
            unit_sim = inner
        else:
            # mean over the sampled members of each pair of units (samples are contiguous)
            starts = np.r_[0, np.cumsum(counts)[:-1]]
            unit_sim = np.add.reduceat(np.add.reduceat(inner, starts, axis=0), starts, axis=1) / np.outer(counts, counts)
        sizes = np.array([len(u) for u in units], dtype=np.float64)
        labels = average_link(unit_sim, sizes, cfg.threshold)
        clusters: dict[int, list[int]] = {}
        for u, lab in enumerate(labels.tolist()):
            clusters.setdefault(lab, []).extend(units[u])
        members = [sorted(c) for c in clusters.values()]
        old = {e: set(self._events[e].docs) for e in old_events}
        ids = match_ids(members, old, {e: e for e in old_events})
        for e in old_events:
            del self._events[e]
        for c, seq in zip(members, ids):
            if seq is None:
                seq = self._next_event
                self._next_event += 1
            self._events[seq] = _EventState(seq=seq, docs=c)
            for p in c:
                self._doc_event[p] = seq
        # a new document's score: its mean similarity to the sampled rest of its event
        at = {p: i for i, p in enumerate(flat)}
        unit_label = labels[owner]
        scores = {}
        for p in new & set(piece):
            i = at[p]
            mates = np.flatnonzero(unit_label == unit_label[i])
            mates = mates[mates != i]
            scores[p] = float(sim[i, mates].mean()) if mates.size else 0.0
        return scores

    def _pair_similarity(self, docs: list[int]) -> np.ndarray:
        """Blend of shared-nearest-neighbour overlap and neighbour cosine for every pair of ``docs``."""
        cfg = self.config
        m = len(docs)
        # a list as long as the corpus is no evidence of anything: with few documents,
        # only the closest few (about the square root of the corpus size) count as neighbours
        k = max(2, min(cfg.neighbours, int(np.sqrt(self._n))))
        lists = [np.append(self._top(p, k), p) for p in docs]  # lists hold neither repeats nor the document
        snn = shared_neighbour_counts(lists) / float(k + 1)
        cos = cosine_matrix(*self._weighted(docs), m)
        if cfg.dense_weight > 0:
            have = [i for i, p in enumerate(docs) if self._doc_dense[p] is not None]
            if have:
                mat = np.stack([self._doc_dense[docs[i]] for i in have]).astype(np.float64)
                sub = np.ix_(have, have)
                cos[sub] = (1 - cfg.dense_weight) * cos[sub] + cfg.dense_weight * (mat @ mat.T)
        sim = cfg.snn_weight * snn + (1 - cfg.snn_weight) * cos
        days = np.array([np.nan if self._doc_day[p] is None else self._doc_day[p] for p in docs])
        if np.isfinite(days).sum() > 1:
            gap = np.abs(days[:, None] - days[None, :])
            excess = np.nan_to_num(np.maximum(gap - cfg.time_window, 0.0), nan=0.0)
            factor = 0.5 ** (excess / cfg.time_half_life)
            factor[np.nan_to_num(gap, nan=0.0) > cfg.time_cutoff] = 0.0
            sim *= factor
        return sim

    def _weighted(self, docs: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unit TF-IDF vectors of ``docs`` under today's IDF, each cut to its ``pair_terms`` heaviest terms.

        Returned as (row, bucket, weight) entries for :func:`.linkage.cosine_matrix`.
        """
        lens = np.array([len(self._doc_idx[p]) for p in docs])
        rows = np.repeat(np.arange(len(docs)), lens)
        if rows.size == 0:
            return rows, rows, np.zeros(0)
        idx = np.concatenate([self._doc_idx[p] for p in docs])
        w = np.concatenate([self._doc_val[p] for p in docs]) * self._idf(idx)
        nonempty = lens > 0
        starts = np.r_[0, np.cumsum(lens)[:-1]][nonempty]
        norms = np.sqrt(np.add.reduceat(w * w, starts))
        w = w / np.repeat(np.where(norms > 0, norms, 1.0), lens[nonempty])
        if lens.max() > self.config.pair_terms:
            order = np.lexsort((-w, rows))
            rank = np.arange(len(rows)) - np.repeat(np.r_[0, np.cumsum(lens)[:-1]], lens)
            keep = order[rank < self.config.pair_terms]
            rows, idx, w = rows[keep], idx[keep], w[keep]
        return rows, idx, w

    def _top(self, p: int, k: int) -> np.ndarray:
        nn = self._doc_nn[p]
        if len(nn) <= k:
            return nn
        return nn[np.argsort(-self._doc_nn_sim[p], kind="stable")[:k]]

    def _label(self, docs: list[int]) -> str:
        """The names most of the event's documents use."""
        votes: dict[str, float] = {}
        for p in docs:
            for rank, name in enumerate(self._doc_names[p]):
                votes[name] = votes.get(name, 0.0) + 1.0 - rank / 16
        return ", ".join(n for n, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:3])

    # ---------- persistence ----------
    def state(self) -> dict[str, Any]:
        """Everything needed to resume, as JSON-compatible lists, numbers and strings."""
        df_idx = np.flatnonzero(self._df)
        return {
            "version": STATE_VERSION,
            "config": {f: getattr(self.config, f) for f in self.config.__dataclass_fields__},
            "n": self._n,
            "df": {"idx": df_idx.tolist(), "val": self._df[df_idx].tolist()},
            "next_event": self._next_event,
            "docs": [
                {
                    "id": self._doc_ids[i],
                    "idx": self._doc_idx[i].tolist(),
                    "val": [round(float(x), 6) for x in self._doc_val[i]],
                    "day": self._doc_day[i],
                    "dense": None if self._doc_dense[i] is None else self._doc_dense[i].tolist(),
                    "names": list(self._doc_names[i]),
                    "nn": self._doc_nn[i].tolist(),
                    "nn_sim": [round(float(x), 6) for x in self._doc_nn_sim[i]],
                }
                for i in range(len(self._doc_ids))
            ],
            "events": [{"id": self._events[s].id, "docs": list(self._events[s].docs)} for s in sorted(self._events)],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], *, embed: Callable[[list[str]], np.ndarray] | None = None) -> EventClusterer:
        """Rebuild a clusterer saved with :meth:`state` (version 2; older states must be re-clustered from the documents)."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported event state version {state.get('version')!r}, expected {STATE_VERSION}")
        self = cls(ClusterConfig(**state["config"]), embed=embed)
        self._n = int(state["n"])
        self._df[np.asarray(state["df"]["idx"], dtype=np.int64)] = np.asarray(state["df"]["val"], dtype=np.float32)
        self._next_event = int(state["next_event"])
        for i, doc in enumerate(state["docs"]):
            idx = np.asarray(doc["idx"], dtype=np.int32)
            self._doc_ids.append(doc["id"])
            self._doc_pos[doc["id"]] = i
            self._doc_idx.append(idx)
            self._doc_val.append(np.asarray(doc["val"], dtype=np.float32))
            self._doc_day.append(doc["day"])
            self._doc_dense.append(None if doc["dense"] is None else np.asarray(doc["dense"], dtype=np.float32))
            self._doc_names.append(tuple(doc["names"]))
            self._doc_nn.append(np.asarray(doc["nn"], dtype=np.int32))
            self._doc_nn_sim.append(np.asarray(doc["nn_sim"], dtype=np.float32))
            for h in idx.tolist():
                self._postings.setdefault(h, array("i")).append(i)
        self._doc_event = [-1] * len(self._doc_ids)
        for ev in state["events"]:
            seq = int(ev["id"][1:])
            self._events[seq] = _EventState(seq=seq, docs=list(ev["docs"]))
            for p in ev["docs"]:
                self._doc_event[p] = seq
        return self


def _spread(items: list[int], k: int) -> list[int]:
    """``k`` items evenly spread over ``items`` (a deterministic sample)."""
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


def _name_features(counts: Any) -> tuple[str, ...]:
    """The document's strongest name-like features (for cheap event labels), readable form."""
    out = {}
    for feat, c in counts.items():
        if feat[:2] in ("m:", "e:"):
            out[feat[2:].replace("_", " ")] = float(c)
    if not out:
        for feat, c in counts.items():
            if feat[:2] == "p:":
                out[feat[2:]] = float(c)
    return tuple(n for n, _ in sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:6])


def _lead_text(d: EventDoc, n: int) -> str:
    from .features import sentences

    parts = ([d.title] if d.title else []) + sentences(d.text)[:n]
    return " ".join(parts)[:1000]
