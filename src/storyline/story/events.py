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


def _event_docs(store: Store, ids: list[str] | None = None) -> list[EventDoc]:
    with store.engine.connect() as conn:
        q = select(documents.c.id, documents.c.title, documents.c.text, documents.c.ingested_at)
        rows = list(conn.execute(q.order_by(documents.c.ingested_at, documents.c.source, documents.c.section)))
        when = {r.document_id: r.value for r in conn.execute(
            select(document_times.c.document_id, document_times.c.value)
            .where((document_times.c.inferred == 0) & (document_times.c.confidence >= 0.6)))}
        names: dict[str, list[str]] = defaultdict(list)
        for r in conn.execute(select(mentions.c.document_id, mentions.c.text)
                              .where(mentions.c.type.in_(("PERSON", "ORG", "LOC")))):
            names[r.document_id].append(r.text)
    wanted = set(ids) if ids is not None else None
    return [EventDoc(id=r.id, text=r.text, title=r.title, entities=tuple(names.get(r.id, ())), published=when.get(r.id))
            for r in rows if wanted is None or r.id in wanted]


def _entity_label(store: Store, members: list[str], start: str | None, end: str | None) -> str:
    """Key people and places of an event: named in many of its documents, in few of the others."""
    with store.engine.connect() as conn:
        rows = list(conn.execute(select(mentions.c.document_id, mentions.c.entity_id, mentions.c.type)
                                 .where(mentions.c.entity_id.is_not(None))
                                 .where(mentions.c.type.in_(("PERSON", "LOC", "ORG")))))
        names = {r.id: r.name for r in conn.execute(select(entities.c.id, entities.c.name))}
        total = conn.execute(select(func.count()).select_from(documents)).scalar_one()
    inside: dict[str, set[str]] = defaultdict(set)
    overall: dict[str, set[str]] = defaultdict(set)
    kind: dict[str, str] = {}
    member_set = set(members)
    for r in rows:
        overall[r.entity_id].add(r.document_id)
        kind[r.entity_id] = r.type
        if r.document_id in member_set:
            inside[r.entity_id].add(r.document_id)

    def score(e: str) -> float:
        return len(inside[e]) * math.log((total + 1) / len(overall[e]) + 1)

    ranked = sorted(inside, key=lambda e: (-score(e), names.get(e, e)))
    people = [names[e] for e in ranked if kind[e] == "PERSON" and e in names][:2]
    places = [names[e] for e in ranked if kind[e] == "LOC" and e in names][:1]
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


def update_events(store: Store) -> int:
    """Add the documents the event clusterer has not seen; return the number of events."""
    clusterer = _load(store)
    with store.engine.connect() as conn:
        known = set(conn.scalars(select(document_events.c.document_id)))
        old = {r.id: json.loads(r.documents) for r in conn.execute(select(events.c.id, events.c.documents))}
    if clusterer is None:
        clusterer, known = EventClusterer(), set()
    fresh = [d for d in _event_docs(store) if d.id not in known]
    if fresh:
        clusterer.add(fresh)
    found = clusterer.events()
    changed = [e for e in found if old.get(e.id) != list(e.documents)]
    need = sorted({d for e in changed for d in e.documents})
    docs = {d.id: d for d in _event_docs(store, need)} if need else {}
    rows: list[dict[str, Any]] = []
    for e in changed:
        members = [docs[d] for d in e.documents if d in docs]
        lab = label(e, members)
        text = _entity_label(store, list(e.documents), e.start, e.end) or lab.text or e.label or e.id
        summary = summarise(members, sentences=min(5, 2 + len(members) // 2)) if members else []
        rows.append({"id": e.id, "label": text, "start": e.start, "end": e.end,
                     "documents": json.dumps(list(e.documents)),
                     "summary": json.dumps([{"text": t, "documents": list(ds)} for t, ds in summary],
                                           ensure_ascii=False)})
    state = zlib.compress(json.dumps(clusterer.state(), separators=(",", ":")).encode("utf-8"))
    alive = {e.id for e in found}
    with store.transaction() as conn:
        conn.execute(delete(events).where(events.c.id.in_([r["id"] for r in rows])))
        conn.execute(delete(events).where(events.c.id.not_in(alive)))
        store.insert(conn, "events", rows)
        conn.execute(delete(document_events))
        store.insert(conn, "document_events", [{"document_id": d, "event_id": e.id} for e in found for d in e.documents])
        conn.execute(delete(event_state))
        conn.execute(event_state.insert().values(id=1, state=state, documents=len(clusterer), updated_at=now()))
    return len(found)
