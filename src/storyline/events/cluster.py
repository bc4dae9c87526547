"""Incremental event clustering: new documents join an event or open one, locally re-clustered.

Each document is a hashed, sublinear term-frequency vector (see :mod:`.features`);
inverse document frequencies are learnt as documents arrive and applied at comparison
time. The clusterer keeps, for every document, a short list of its nearest documents
(at most ``neighbours``, each at least ``min_similarity`` close), all in flat arrays
(:mod:`.index`). When documents arrive it

1. finds each new document's nearest earlier documents through an inverted index over
   hash buckets: the latest ``postings_scan`` postings of its most specific terms, at most
   ``postings_budget`` in all (a long document's commonest words are not read), without the
   documents more than ``time_cutoff`` days away, so the cost per document does not grow
   with the corpus; it puts the new document into those neighbours' lists where it is
   closer than their farthest neighbour;
2. takes the *affected neighbourhood*: the events of the new documents' neighbours and
   of every document whose neighbour list changed, split into connected pieces: documents
   of one event, and neighbours whose similarity can reach ``threshold``, are connected
   (an event too big to re-open takes part through its members near the new documents);
   weaker links cannot make average linkage merge anything, so each piece is about one
   story however many stories a batch touches;
3. re-clusters each piece alone with average linkage on a blend of shared-nearest-neighbour
   overlap and cosine similarity (damped by the time gap when both documents have dates),
   stopping below ``threshold``. Overlap counts each document's closest ``neighbours``, or
   about the square root of the corpus size when that is smaller (in a handful of articles
   everything is everybody's neighbour, which says nothing). A piece re-opens at most
   ``local_per_document`` earlier documents per new one (and ``max_local`` in all), nearest
   events first; its other events stay whole and are compared through a sample of their
   members, so the work per document stays bounded however large events grow;
4. gives each resulting cluster the id of the old event it continues (an event keeps its id
   while most of its documents stay together; when events merge the older id wins).

Events outside the neighbourhood are not touched, so the cost of adding a document is bounded
by those caps, not by the size of the corpus; it still grows while the events it re-opens grow
towards them (``bench/eval_events.py`` measures it from 1k to 100k documents: about 0.6, 9 and
145 CPU seconds). A batch larger than ``batch_limit`` is re-clustered in parts, which
bounds the memory of a first run over a large store. The state is plain JSON, see
:mod:`.state`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .features import BITS, day_number, day_to_iso, hashed_vector, term_counts
from .index import Growable, Postings, gather
from .linkage import average_link, components, continue_ids, cosine_matrix, shared_counts
from .state import dump, fill, upgrade


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
    #: A new document looks for neighbours through its this many most specific terms ...
    query_terms: int = 40
    #: ... reading the latest this many postings of each ...
    postings_scan: int = 400
    #: ... and this many in all, most specific terms first: a long document's commonest words
    #: (whose postings are full) are not read. None: no limit.
    postings_budget: int | None = 4000
    #: Candidates with the most query weight whose exact cosine is computed.
    rerank: int = 40
    #: Heaviest terms per document used for the pair cosines of a re-clustered neighbourhood.
    pair_terms: int = 100
    #: Earlier documents re-clustered from scratch per new document in a neighbourhood piece,
    #: and at most; beyond that the piece's largest events stay whole (the work per document is
    #: bounded). 25 scores as 50 did on ECB+ (gold events of up to 22 documents), 20 does not.
    local_per_document: int = 25
    max_local: int = 400
    #: Members sampled to compare an event kept whole with the rest of its piece.
    whole_event_sample: int = 12
    #: New documents re-clustered together at most (a larger batch is added in parts).
    batch_limit: int = 1000
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
        cfg = self.config = config or ClusterConfig()
        self.embed = embed
        self._df = np.zeros(1 << cfg.bits, dtype=np.float32)
        self._n = 0
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        # term vectors back to back: document p's buckets are _terms[_offsets[p]:_offsets[p + 1]]
        self._offsets = Growable(np.int64)
        self._offsets.extend(np.zeros(1))
        self._terms = Growable(np.int32)
        self._weights = Growable(np.float32)
        self._days = Growable(np.float64)  # NaN: no date
        # neighbour lists, closest first; -1 (similarity -inf) marks an empty place
        self._nn = Growable(np.int32, cfg.neighbours, fill=-1)
        self._nn_sim = Growable(np.float32, cfg.neighbours, fill=-np.inf)
        self._event = Growable(np.int64)  # -1 until the document is clustered
        self._dense: list[np.ndarray | None] = []
        self._names: list[tuple[str, ...]] = []
        self._name_pool: dict[str, str] = {}
        self._postings = Postings(1 << cfg.bits, cfg.postings_scan)
        self._events: dict[int, np.ndarray] = {}  # event seq -> member positions, ascending
        self._next_event = 0

    # ---------- public API ----------
    def add(self, docs: Iterable[EventDoc]) -> list[Assignment]:
        """Cluster new documents; returns one assignment per document, in input order.

        Document frequencies are updated with the whole batch first; then the batch's
        neighbourhood is re-clustered once (in parts of ``batch_limit`` documents when the
        batch is larger). A document id seen before is not added again; its current
        assignment is returned.
        """
        cfg = self.config
        batch = list(docs)
        fresh: list[EventDoc] = []
        seen: set[str] = set()
        for d in batch:
            if d.id not in self._pos and d.id not in seen:
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
        before = set(self._events)
        scores: dict[int, float] = {}
        # a piece's matrices grow with the square of its documents: a large batch goes in parts
        for a in range(0, len(fresh), cfg.batch_limit):
            new_pos: list[int] = []
            touched: set[int] = set()
            for i in range(a, min(a + cfg.batch_limit, len(fresh))):
                idx, val, names = vectors[i]
                new_pos.append(self._insert(fresh[i], idx, val, names, dense[i], touched))
            scores.update(self._recluster(new_pos, touched))
        out = []
        event = self._event.data
        for d in batch:
            pos = self._pos[d.id]
            seq = int(event[pos])
            if pos in scores:
                out.append(Assignment(doc_id=d.id, event_id=f"e{seq}", score=scores[pos], new_event=seq not in before))
            else:
                out.append(Assignment(doc_id=d.id, event_id=f"e{seq}", score=1.0, new_event=False))
        return out

    def events(self) -> list[Event]:
        """Current events, oldest first, each with its documents in arrival order."""
        out = []
        all_days = self._days.data
        for seq in sorted(self._events):
            docs = self._events[seq]
            days = all_days[docs]
            days = days[np.isfinite(days)]
            out.append(
                Event(
                    id=f"e{seq}",
                    documents=tuple(self._ids[p] for p in docs.tolist()),
                    start=day_to_iso(float(days.min())) if days.size else None,
                    end=day_to_iso(float(days.max())) if days.size else None,
                    label=self._label(docs.tolist()),
                )
            )
        return out

    def event_of(self, doc_id: str) -> str:
        """Id of the event a document is in (KeyError if unknown)."""
        return f"e{self._event.data[self._pos[doc_id]]}"

    def __len__(self) -> int:
        return self._n

    # ---------- neighbours ----------
    def _idf(self, idx: np.ndarray) -> np.ndarray:
        # ``idf_prior_docs`` pseudo-documents without the term keep small collections
        # (a handful of articles on one story) from zeroing out their shared words.
        n0 = self.config.idf_prior_docs
        idf: np.ndarray = np.log((self._n + n0 + 1.0) / (self._df[idx].astype(np.float64) + 0.5))
        return idf

    def _candidates(
        self, idx: np.ndarray, qw: np.ndarray, vec: np.ndarray | None, day: float | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Earlier documents sharing the query's most specific terms, and their similarity, best first."""
        cfg = self.config
        none = np.zeros(0, dtype=np.int64), np.zeros(0)
        if not self._ids or len(idx) == 0:
            return none
        query = np.argsort(-qw)[: cfg.query_terms]
        all_docs, came_for = self._postings.latest_of(
            idx[query].astype(np.int64), cfg.postings_scan, budget=cfg.postings_budget
        )
        all_w = qw[query][came_for]
        if day is not None:
            # too far apart in time to be neighbours: dropped before they take a place in the rerank
            near = ~(np.abs(self._days.data[all_docs] - day) > cfg.time_cutoff)  # undated documents stay
            all_docs, all_w = all_docs[near], all_w[near]
        if not len(all_docs):
            return none
        uniq, inv = np.unique(all_docs, return_inverse=True)
        partial = np.bincount(inv, weights=all_w, minlength=len(uniq))
        top = uniq[np.argsort(-partial)[: cfg.rerank]].astype(np.int64)
        # exact cosine of the shortlist under today's IDF
        at, owner = gather(self._offsets.data, top)
        terms = self._terms.data[at]
        tw = self._weights.data[at] * self._idf(terms)
        norms = np.sqrt(np.bincount(owner, weights=tw * tw, minlength=len(top)))
        q_at = np.minimum(np.searchsorted(idx, terms), len(idx) - 1)
        hit = idx[q_at] == terms
        dots = np.bincount(owner[hit], weights=qw[q_at[hit]] * tw[hit], minlength=len(top))
        shares = np.bincount(owner[hit], minlength=len(top)) > 0
        sims = dots / ((float(np.linalg.norm(qw)) or 1.0) * np.where(norms > 0, norms, 1.0))
        if cfg.dense_weight > 0 and vec is not None:
            for i, j in enumerate(top.tolist()):
                jvec = self._dense[j]
                if jvec is not None:
                    sims[i] = (1 - cfg.dense_weight) * sims[i] + cfg.dense_weight * float(np.dot(vec, jvec))
        keep = shares & (sims >= cfg.min_similarity)
        top, sims = top[keep], sims[keep]
        order = np.lexsort((-top, -sims))  # best first, later documents first among equals
        return top[order], sims[order]

    def _insert(self, d: EventDoc, idx: np.ndarray, val: np.ndarray, names: tuple[str, ...], vec: np.ndarray | None, touched: set[int]) -> int:
        """Store a document with its neighbour list; enter it into its neighbours' lists."""
        cfg = self.config
        day = day_number(d.published)
        close, sims = self._candidates(idx, val * self._idf(idx), vec, day)
        pos = len(self._ids)
        self._ids.append(d.id)
        self._pos[d.id] = pos
        self._terms.extend(idx)
        self._weights.extend(val)
        self._offsets.extend(np.array([self._terms.n]))
        self._days.extend(np.array([np.nan if day is None else day]))
        self._dense.append(vec)
        self._names.append(tuple(self._name_pool.setdefault(x, x) for x in names))
        k = min(cfg.neighbours, len(close))
        row = np.full((1, cfg.neighbours), -1, dtype=np.int32)
        row_sim = np.full((1, cfg.neighbours), -np.inf, dtype=np.float32)
        row[0, :k], row_sim[0, :k] = close[:k], sims[:k]
        self._nn.extend(row)
        self._nn_sim.extend(row_sim)
        self._event.extend(np.array([-1]))
        self._postings.add(pos, idx)
        if len(close):
            self._enter(pos, close, sims, touched)
        return pos

    def _enter(self, pos: int, docs: np.ndarray, sims: np.ndarray, touched: set[int]) -> None:
        """Put document ``pos`` into the lists of ``docs`` where it is closer than their farthest one."""
        nn, nn_sim = self._nn.data, self._nn_sim.data
        closer = sims > nn_sim[docs, -1]  # an empty place holds -inf
        docs, sims = docs[closer], sims[closer]
        if not len(docs):
            return
        rows = np.concatenate([nn[docs], np.full((len(docs), 1), pos, dtype=np.int32)], axis=1)
        vals = np.concatenate([nn_sim[docs], sims.astype(np.float32)[:, None]], axis=1)
        order = np.argsort(-vals, axis=1, kind="stable")[:, : nn.shape[1]]
        nn[docs] = np.take_along_axis(rows, order, axis=1)
        nn_sim[docs] = np.take_along_axis(vals, order, axis=1)
        touched.update(docs.tolist())

    # ---------- local re-clustering ----------
    def _recluster(self, new_pos: list[int], touched: set[int]) -> dict[int, float]:
        """Re-cluster the neighbourhood of the new documents; returns each new document's score."""
        if not new_pos:
            return {}
        event = self._event.data
        rows = self._nn.data[new_pos]
        around = set(new_pos) | touched | set(rows[rows >= 0].tolist())
        near: dict[int, list[int]] = {}
        for p in around:
            e = int(event[p])
            if e >= 0:
                near.setdefault(e, []).append(p)
        # an event too big to re-open stands in the pieces for its members near the new documents;
        # its other members' links are not followed (they only matter inside the event)
        limit = self.config.local_per_document
        parts = [np.asarray(new_pos, dtype=np.int64)]
        for e, ps in near.items():
            members = self._events[e]
            parts.append(members if len(members) <= limit else np.asarray(ps, dtype=np.int64))
        docs = np.unique(np.concatenate(parts))
        scores: dict[int, float] = {}
        fresh = set(new_pos)
        for piece in self._pieces(docs):
            # a piece without a new document (an event only weakly linked to them) stays as it was
            if fresh.isdisjoint(piece.tolist()):
                continue
            scores.update(self._cluster_piece(piece, fresh))
        return scores

    def _pieces(self, docs: np.ndarray) -> list[np.ndarray]:
        """Split documents (sorted positions) into pieces no link crosses.

        A link is membership of one event, or a neighbour pair whose similarity can reach the
        threshold, from its cosine as when the later one arrived and its exact shared-neighbour
        overlap, before any time damping. Average linkage merges two groups only when their
        mean pair similarity reaches the threshold, so when at least one pair of them does:
        pieces joined only by weaker links cluster apart as they would together (documents
        that are not neighbours at all were never compared across pieces). Joining them
        anyway, as neighbours of any similarity and shared neighbours did, chained most of a
        batch's arrivals into one piece of hundreds of documents from unrelated stories once
        the corpus grew dense, and a piece's pair matrix costs the square of its size.
        """
        cfg = self.config
        m = len(docs)
        event = self._event.data[docs]
        a: list[np.ndarray] = []
        b: list[np.ndarray] = []
        order = np.argsort(event, kind="stable")
        same = np.r_[False, event[order][1:] == event[order][:-1]] & (event[order] >= 0)
        a.append(order[same])
        b.append(order[np.flatnonzero(same) - 1])
        lists = self._nn.data[docs]
        valid = lists >= 0
        rows = np.repeat(np.arange(m), valid.sum(axis=1))
        if rows.size:
            near = lists[valid].astype(np.int64)
            at = np.minimum(np.searchsorted(docs, near), m - 1)
            hit = docs[at] == near
            rows, at, cos = rows[hit], at[hit], self._nn_sim.data[docs][valid][hit].astype(np.float64)
            w = cfg.snn_weight
            link = (1 - w) * cos >= cfg.threshold
            # the overlap decides only between these bounds: count it for those pairs alone
            maybe = ~link & (w + (1 - w) * cos >= cfg.threshold)
            if maybe.any():
                k = self._snn_k()
                own = np.concatenate([lists[:, :k], docs[:, None].astype(lists.dtype)], axis=1)
                left, right = own[rows[maybe]], own[at[maybe]]
                shared = ((left[:, :, None] == right[:, None, :]) & (left[:, :, None] >= 0)).sum(axis=(1, 2))
                link[maybe] = w * shared / (k + 1) + (1 - w) * cos[maybe] >= cfg.threshold
            a.append(rows[link])
            b.append(at[link])
        labels = components(m, np.concatenate(a), np.concatenate(b))
        order = np.argsort(labels, kind="stable")
        cuts = np.flatnonzero(np.diff(labels[order])) + 1
        return np.split(docs[order], cuts)

    def _cluster_piece(self, piece: np.ndarray, new: set[int]) -> dict[int, float]:
        cfg = self.config
        event = self._event.data
        arrivals = sorted(new.intersection(piece.tolist()))
        old_events = sorted({int(e) for e in event[piece].tolist()} - {-1})
        size = {e: len(self._events[e]) for e in old_events}
        # units: single documents, or whole events when the piece is too big to open them all
        whole: list[int] = []
        budget = min(cfg.max_local, cfg.local_per_document * len(arrivals))
        if sum(size.values()) > budget:
            # open first the events the new documents point at, smallest first
            lists = self._nn.data[arrivals]
            near = {int(e) for e in event[lists[lists >= 0]].tolist()}
            for e in sorted(old_events, key=lambda e: (e not in near, size[e])):
                budget -= size[e]
                if budget < 0:
                    whole.append(e)
        kept = set(whole)
        opened = [self._events[e] for e in old_events if e not in kept]
        singles = np.sort(np.concatenate([np.asarray(arrivals, dtype=np.int64), *opened]))
        units = [singles[i : i + 1] for i in range(len(singles))] + [self._events[e] for e in whole]
        # many events kept whole (a large batch) share ``max_local`` sampled members, at least one each
        sample = max(1, min(cfg.whole_event_sample, cfg.max_local // max(1, len(whole))))
        samples = [u if len(u) <= sample else _spread(u, sample) for u in (self._events[e] for e in whole)]
        flat = np.concatenate([singles, *samples])
        counts = np.r_[np.ones(len(singles), dtype=np.int64), [len(s) for s in samples]].astype(np.int64)
        sim = self._pair_similarity(flat)
        np.fill_diagonal(sim, 0.0)  # a document's similarity to itself counts nowhere below
        inner = sim
        if len(flat) == len(units):
            unit_sim = inner
        else:
            # mean over the sampled members of each pair of units (samples are contiguous)
            starts = np.r_[0, np.cumsum(counts)[:-1]]
            unit_sim = np.add.reduceat(np.add.reduceat(inner, starts, axis=0), starts, axis=1) / np.outer(counts, counts)
        sizes = np.array([len(u) for u in units], dtype=np.float64)
        labels = average_link(unit_sim, sizes, cfg.threshold)
        # each cluster's documents, clusters in the order of their first unit (a label is its smallest unit)
        docs_of = np.concatenate(units)
        label_of = np.repeat(labels, sizes.astype(np.int64))
        order = np.lexsort((docs_of, label_of))
        docs_of, label_of = docs_of[order], label_of[order]
        first = np.flatnonzero(np.r_[True, label_of[1:] != label_of[:-1]])
        members = np.split(docs_of, first[1:])
        # documents each cluster shares with each old event
        cluster_of = np.cumsum(np.r_[False, label_of[1:] != label_of[:-1]])
        was = event[docs_of] + 1  # 0: a new document
        base = int(was.max()) + 1
        keys, count = np.unique(cluster_of * base + was, return_counts=True)
        shared = {
            (c, e - 1): k
            for c, e, k in zip((keys // base).tolist(), (keys % base).tolist(), count.tolist())
            if e > 0
        }
        ids = continue_ids(len(members), shared, size, {e: e for e in old_events})
        for e in old_events:
            del self._events[e]
        for docs, seq in zip(members, ids):
            if seq is None:
                seq = self._next_event
                self._next_event += 1
            self._events[seq] = docs
            event[docs] = seq
        # a new document's score: its mean similarity to the sampled rest of its event
        unit_label = labels[np.repeat(np.arange(len(units)), counts)]
        at = {p: i for i, p in enumerate(singles.tolist())}
        scores = {}
        for p in arrivals:
            i = at[p]
            mates = np.flatnonzero(unit_label == unit_label[i])
            mates = mates[mates != i]
            scores[p] = float(sim[i, mates].mean()) if mates.size else 0.0
        return scores

    def _pair_similarity(self, docs: np.ndarray) -> np.ndarray:
        """Blend of shared-nearest-neighbour overlap and neighbour cosine for every pair of ``docs``."""
        cfg = self.config
        m = len(docs)
        k = self._snn_k()
        lists = np.concatenate([self._nn.data[docs, :k], np.asarray(docs, dtype=np.int32)[:, None]], axis=1)
        valid = lists >= 0  # lists hold neither repeats nor the document
        snn = shared_counts(np.repeat(np.arange(m), valid.sum(axis=1)), lists[valid], m) / float(k + 1)
        cos = cosine_matrix(*self._weighted(docs), m)
        if cfg.dense_weight > 0:
            have = [i for i, p in enumerate(docs.tolist()) if self._dense[p] is not None]
            if have:
                vecs = [v for i in have if (v := self._dense[int(docs[i])]) is not None]
                mat = np.stack(vecs).astype(np.float64)
                sub = np.ix_(have, have)
                cos[sub] = (1 - cfg.dense_weight) * cos[sub] + cfg.dense_weight * (mat @ mat.T)
        # in place: a piece can hold a thousand documents, and each matrix is then 8 MB
        sim = snn
        sim *= cfg.snn_weight
        cos *= 1 - cfg.snn_weight
        sim += cos
        del cos
        days = self._days.data[docs]
        dated = np.isfinite(days)
        if dated.sum() > 1:
            gap = np.abs(days[:, None] - days[None, :])  # NaN where either is undated: no damping
            far = gap > cfg.time_cutoff
            gap -= cfg.time_window
            np.maximum(gap, 0.0, out=gap)
            if not dated.all():
                np.nan_to_num(gap, copy=False, nan=0.0)
            gap /= cfg.time_half_life
            np.power(0.5, gap, out=gap)
            gap[far] = 0.0
            sim *= gap
        return sim

    def _snn_k(self) -> int:
        """How many of each list's closest neighbours the shared-neighbour overlap counts.

        A list as long as the corpus is no evidence of anything: with few documents, only the
        closest few (about the square root of the corpus size) count as neighbours.
        """
        return max(2, min(self.config.neighbours, int(np.sqrt(self._n))))

    def _weighted(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unit TF-IDF vectors of ``docs`` under today's IDF, each cut to its ``pair_terms`` heaviest terms.

        Returned as (row, bucket, weight) entries for :func:`.linkage.cosine_matrix`.
        """
        at, rows = gather(self._offsets.data, np.asarray(docs, dtype=np.int64))
        if rows.size == 0:
            return rows, rows, np.zeros(0)
        idx = self._terms.data[at]
        w = self._weights.data[at] * self._idf(idx)
        norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=len(docs)))
        w = w / np.where(norms > 0, norms, 1.0)[rows]
        lens = np.bincount(rows, minlength=len(docs))
        if lens.max() > self.config.pair_terms:
            order = np.lexsort((-w, rows))
            rank = np.arange(len(rows)) - np.repeat(np.cumsum(lens) - lens, lens)
            keep = order[rank < self.config.pair_terms]
            rows, idx, w = rows[keep], idx[keep], w[keep]
        return rows, idx, w

    def _label(self, docs: list[int]) -> str:
        """The names most of the event's documents use."""
        votes: dict[str, float] = {}
        for p in docs:
            for rank, name in enumerate(self._names[p]):
                votes[name] = votes.get(name, 0.0) + 1.0 - rank / 16
        return ", ".join(n for n, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:3])

    # ---------- persistence ----------
    def state(self) -> dict[str, Any]:
        """Everything needed to resume, as JSON-compatible strings, numbers and lists (see :mod:`.state`)."""
        return dump(self)

    @classmethod
    def from_state(cls, state: dict[str, Any], *, embed: Callable[[list[str]], np.ndarray] | None = None) -> EventClusterer:
        """Rebuild a clusterer saved with :meth:`state` (versions 2 and 3; older ones must be re-clustered)."""
        state = upgrade(state)
        return fill(cls(ClusterConfig(**state["config"]), embed=embed), state)


def _spread(items: np.ndarray, k: int) -> np.ndarray:
    """``k`` items evenly spread over ``items`` (a deterministic sample)."""
    return items[(np.arange(k) * (len(items) / k)).astype(np.int64)]


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
