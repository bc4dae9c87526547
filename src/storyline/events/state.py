"""The event clusterer's saved state: JSON-compatible, numeric arrays as base64 of their bytes.

Version 3 stores each array whole (little-endian), so a clusterer rebuilt from its state
holds exactly the numbers the saved one did and goes on exactly as it would have.
Version 2 states (one dict of lists per document, values rounded) are read and upgraded.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .cluster import EventClusterer

STATE_VERSION = 3


def dump(c: EventClusterer) -> dict[str, Any]:
    """Everything ``c`` needs to resume."""
    df_idx = np.flatnonzero(c._df)
    vocab: dict[str, int] = {}
    name_idx = [vocab.setdefault(x, len(vocab)) for names in c._names for x in names]
    dense = [p for p, v in enumerate(c._dense) if v is not None]
    return {
        "version": STATE_VERSION,
        "config": {f: getattr(c.config, f) for f in c.config.__dataclass_fields__},
        "n": c._n,
        "next_event": c._next_event,
        "df": {"idx": _pack(df_idx, "<i4"), "val": _pack(c._df[df_idx], "<f4")},
        "ids": c._ids,
        "offsets": _pack(c._offsets.data, "<i8"),
        "terms": _pack(c._terms.data, "<i4"),
        "weights": _pack(c._weights.data, "<f4"),
        "days": _pack(c._days.data, "<f8"),
        "nn": _pack(c._nn.data, "<i4"),
        "nn_sim": _pack(c._nn_sim.data, "<f4"),
        "event": _pack(c._event.data, "<i8"),
        "names": {
            "vocab": list(vocab),
            "counts": _pack([len(x) for x in c._names], "<i4"),
            "index": _pack(name_idx, "<i4"),
        },
        "dense": {
            "docs": _pack(dense, "<i4"),
            "vectors": _pack(np.array([c._dense[p] for p in dense], dtype=np.float32).ravel(), "<f4"),
        },
    }


def upgrade(state: dict[str, Any]) -> dict[str, Any]:
    """``state`` in the current layout (ValueError for a version this code cannot read)."""
    version = state.get("version")
    if version == 2:
        return _from_version_2(state)
    if version != STATE_VERSION:
        raise ValueError(f"unsupported event state version {version!r}, expected {STATE_VERSION} (or 2)")
    return state


def fill(c: EventClusterer, state: dict[str, Any]) -> EventClusterer:
    """Load a current-layout ``state`` into ``c``, a new clusterer made with the state's config."""
    c._n = int(state["n"])
    c._next_event = int(state["next_event"])
    c._df[_unpack(state["df"]["idx"], "<i4")] = _unpack(state["df"]["val"], "<f4")
    c._ids = list(state["ids"])
    c._pos = {d: i for i, d in enumerate(c._ids)}
    n = len(c._ids)
    width = c.config.neighbours
    c._offsets.extend(_unpack(state["offsets"], "<i8")[1:])
    c._terms.extend(_unpack(state["terms"], "<i4"))
    c._weights.extend(_unpack(state["weights"], "<f4"))
    c._days.extend(_unpack(state["days"], "<f8"))
    c._nn.extend(_unpack(state["nn"], "<i4").reshape(n, width))
    c._nn_sim.extend(_unpack(state["nn_sim"], "<f4").reshape(n, width))
    c._event.extend(_unpack(state["event"], "<i8"))
    vocab = [c._name_pool.setdefault(x, x) for x in state["names"]["vocab"]]
    index = _unpack(state["names"]["index"], "<i4").tolist()
    ends = np.cumsum(_unpack(state["names"]["counts"], "<i4")).tolist()
    c._names = [tuple(vocab[i] for i in index[a:b]) for a, b in zip([0, *ends[:-1]], ends)]
    c._dense = [None] * n
    dense = _unpack(state["dense"]["docs"], "<i4").tolist()
    if dense:
        for p, v in zip(dense, _unpack(state["dense"]["vectors"], "<f4").reshape(len(dense), -1)):
            c._dense[p] = v
    c._postings.load(c._terms.data, np.repeat(np.arange(n, dtype=np.int32), np.diff(c._offsets.data)))
    event = c._event.data
    order = np.argsort(event, kind="stable")
    order = order[event[order] >= 0]
    for docs in np.split(order, np.flatnonzero(np.diff(event[order])) + 1) if len(order) else []:
        c._events[int(event[docs[0]])] = docs.astype(np.int64)
    return c


def _pack(values: Any, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def _unpack(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype).astype(dtype[1:])


def _from_version_2(state: dict[str, Any]) -> dict[str, Any]:
    """A version 2 state (one dict of lists per document) in the version 3 layout."""
    docs = state["docs"]
    width = int(state["config"]["neighbours"])
    nn = np.full((len(docs), width), -1, dtype=np.int32)
    nn_sim = np.full((len(docs), width), -np.inf, dtype=np.float32)
    for i, d in enumerate(docs):
        sims = np.asarray(d["nn_sim"], dtype=np.float32)
        order = np.argsort(-sims, kind="stable")[:width]  # version 3 lists are closest first
        nn[i, : len(order)] = np.asarray(d["nn"], dtype=np.int32)[order]
        nn_sim[i, : len(order)] = sims[order]
    event = np.full(len(docs), -1, dtype=np.int64)
    for ev in state["events"]:
        event[np.asarray(ev["docs"], dtype=np.int64)] = int(ev["id"][1:])
    vocab: dict[str, int] = {}
    index = [vocab.setdefault(x, len(vocab)) for d in docs for x in d["names"]]
    dense = [i for i, d in enumerate(docs) if d["dense"] is not None]
    return {
        **{k: state[k] for k in ("config", "n", "next_event")},
        "version": STATE_VERSION,
        "df": {"idx": _pack(state["df"]["idx"], "<i4"), "val": _pack(state["df"]["val"], "<f4")},
        "ids": [d["id"] for d in docs],
        "offsets": _pack(np.r_[0, np.cumsum([len(d["idx"]) for d in docs])], "<i8"),
        "terms": _pack([x for d in docs for x in d["idx"]], "<i4"),
        "weights": _pack([x for d in docs for x in d["val"]], "<f4"),
        "days": _pack([np.nan if d["day"] is None else d["day"] for d in docs], "<f8"),
        "nn": _pack(nn, "<i4"),
        "nn_sim": _pack(nn_sim, "<f4"),
        "event": _pack(event, "<i8"),
        "names": {"vocab": list(vocab), "counts": _pack([len(d["names"]) for d in docs], "<i4"),
                  "index": _pack(index, "<i4")},
        "dense": {
            "docs": _pack(dense, "<i4"),
            "vectors": _pack(np.array([docs[i]["dense"] for i in dense], dtype=np.float32).ravel(), "<f4"),
        },
    }
