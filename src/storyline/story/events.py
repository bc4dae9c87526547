"""Keeping the store's events up to date: new documents join an event or open one.

The clusterer's state is saved in the store (``event_state``), so each run adds only
the documents it has not seen; labels and cited summaries are rewritten only for the
events whose documents changed.
"""

from __future__ import annotations

import json
import math
import zlib
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, select

from ..events import EventClusterer, EventDoc
from ..events.describe import label, summarise
from ..store import Store
from ..store.db import now
from ..store.schema import document_events, document_times, documents, entities, event_state, events, mentions


def _event_docs(store: Store, ids: list[str]) -> list[EventDoc]:
    """The documents ``ids`` as the clusterer takes them, in ingest order."""
    order = (documents.c.ingested_at, documents.c.source, documents.c.section)
    rows = []
    when: dict[str, str] = {}
    with store.engine.connect() as conn:
        for a in range(0, len(ids), 500):
            chunk = ids[a : a + 500]
            rows += list(conn.execute(select(documents.c.id, documents.c.title, documents.c.text, *order)
                                      .where(documents.c.id.in_(chunk))))
            when.update({r.document_id: r.value for r in conn.execute(
                select(document_times.c.document_id, document_times.c.value)
                .where(document_times.c.document_id.in_(chunk))
                .where((document_times.c.inferred == 0) & (document_times.c.confidence >= 0.6)))})
        names: dict[str, list[str]] = defaultdict(list)
        for a in range(0, len(ids), 500):
            for r in conn.execute(select(mentions.c.document_id, mentions.c.text)
                                  .where(mentions.c.document_id.in_(ids[a : a + 500]))
                                  .where(mentions.c.type.in_(("PERSON", "ORG", "LOC")))):
                names[r.document_id].append(r.text)
    rows.sort(key=lambda r: (r.ingested_at, r.source, r.section))
    return [EventDoc(id=r.id, text=r.text, title=r.title, entities=tuple(names.get(r.id, ())), published=when.get(r.id))
            for r in rows]


class _EntityIndex:
    """Which documents name each entity, loaded once per update for all the labels it writes."""

    def __init__(self, store: Store) -> None:
        with store.engine.connect() as conn:
            rows = list(conn.execute(select(mentions.c.document_id, mentions.c.entity_id, mentions.c.type)
                                     .where(mentions.c.entity_id.is_not(None))
                                     .where(mentions.c.type.in_(("PERSON", "LOC", "ORG")))))
            self.names = {r.id: r.name for r in conn.execute(select(entities.c.id, entities.c.name))}
            self.total = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        self.docs_of: dict[str, set[str]] = defaultdict(set)
        self.by_doc: dict[str, set[str]] = defaultdict(set)
        self.kind: dict[str, str] = {}
        for r in rows:
            self.docs_of[r.entity_id].add(r.document_id)
            self.by_doc[r.document_id].add(r.entity_id)
            self.kind[r.entity_id] = r.type

    def label(self, members: list[str], start: str | None, end: str | None) -> str:
        """Key people and places of an event: named in many of its documents, in few of the others."""
        inside: dict[str, int] = defaultdict(int)
        for d in members:
            for e in self.by_doc.get(d, ()):
                inside[e] += 1

        def score(e: str) -> float:
            return inside[e] * math.log((self.total + 1) / len(self.docs_of[e]) + 1)

        ranked = [e for e in sorted(inside, key=lambda e: (-score(e), self.names.get(e, e))) if e in self.names]
        people = [self.names[e] for e in ranked if self.kind[e] == "PERSON"][:2]
        places = [self.names[e] for e in ranked if self.kind[e] == "LOC"][:1]
        text = ", ".join(people + places)
        span = " to ".join(dict.fromkeys(x[:10] for x in (start, end) if x))
        return f"{text} ({span})" if span and text else text or span


def _load(store: Store) -> EventClusterer | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(event_state.c.state).where(event_state.c.id == 1)).first()
    if row is None:
        return None
    try:
        return EventClusterer.from_state(json.loads(zlib.decompress(row.state)))
    except Exception:  # a state written by another version: start again from the stored documents
        return None


def _event_rows(store: Store, changed: list[Any], need: list[str]) -> list[dict[str, Any]]:
    """Label and summary rows for the events whose documents changed."""
    docs = {d.id: d for d in _event_docs(store, need)}
    named = _EntityIndex(store)
    rows = []
    for e in changed:
        members = [docs[d] for d in e.documents if d in docs]
        text = named.label(list(e.documents), e.start, e.end) or label(e, members).text or e.label or e.id
        summary = summarise(members, sentences=min(5, 2 + len(members) // 2)) if members else []
        rows.append({"id": e.id, "label": text, "start": e.start, "end": e.end,
                     "documents": json.dumps(list(e.documents)),
                     "summary": json.dumps([{"text": t, "documents": list(ds)} for t, ds in summary],
                                           ensure_ascii=False)})
    return rows


def update_events(store: Store) -> int:
    """Add the documents the event clusterer has not seen; return the number of events.

    Only the events whose documents changed are rewritten (their rows in ``events`` and
    ``document_events``); the others stay as they are.
    """
    clusterer = _load(store)
    with store.engine.connect() as conn:
        known = set(conn.scalars(select(document_events.c.document_id)))
        every = list(conn.scalars(select(documents.c.id)))
        old = {r.id: json.loads(r.documents) for r in conn.execute(select(events.c.id, events.c.documents))}
    if clusterer is None:
        clusterer, known = EventClusterer(), set()
    fresh = [d for d in every if d not in known]
    if fresh:
        clusterer.add(_event_docs(store, fresh))
    found = clusterer.events()
    changed = [e for e in found if old.get(e.id) != list(e.documents)]
    need = sorted({d for e in changed for d in e.documents})
    rows = _event_rows(store, changed, need) if changed else []
    # level 1: the state is mostly numbers that compress little, and it is written on every update
    state = zlib.compress(json.dumps(clusterer.state(), separators=(",", ":")).encode("utf-8"), 1)
    alive = {e.id for e in found}
    gone = sorted(set(old) - alive)
    rewritten = [r["id"] for r in rows]
    with store.transaction() as conn:
        for chunk in _chunks(rewritten + gone):
            conn.execute(delete(events).where(events.c.id.in_(chunk)))
            # a document that moved left an event that changed or went: its old row goes with that event's
            conn.execute(delete(document_events).where(document_events.c.event_id.in_(chunk)))
        store.insert(conn, "events", rows)
        moved = [{"document_id": d, "event_id": e.id} for e in changed for d in e.documents]
        store.insert(conn, "document_events", moved)
        conn.execute(delete(event_state))
        conn.execute(event_state.insert().values(id=1, state=state, documents=len(clusterer), updated_at=now()))
    return len(found)


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    """``items`` in lists short enough for one SQL ``IN (...)``."""
    return [items[a : a + size] for a in range(0, len(items), size)]
