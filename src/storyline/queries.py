"""Read-side views of the store, shaped as the CLI's ``--json`` contracts and the report use them."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from .names import fold, same_name
from .stages import outlet_label
from .store import Store
from .store.schema import documents, entities, events, quotes, statements


def _outlets(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {r.id: outlet_label(r.outlet, r.source)
                for r in conn.execute(select(documents.c.id, documents.c.outlet, documents.c.source))}


def _speaker_matches(wanted: str, row: Any, variants: dict[str, list[str]]) -> bool:
    names = [n for n in (row.speaker, row.speaker_resolved, row.speaker_text) if n]
    names += variants.get(row.entity_id or "", [])
    w = fold(wanted)
    return any(w == fold(n) or w in fold(n).split() or same_name(n, wanted) for n in names)


def quote_list(store: Store, *, speaker: str | None = None) -> list[dict[str, Any]]:
    """Every stored quote, in document order: the ``quotes --json`` contract."""
    outlets = _outlets(store)
    with store.engine.connect() as conn:
        rows = list(conn.execute(select(quotes).order_by(quotes.c.document_id, quotes.c.start)))
        variants = {r.id: [v for v, _ in json.loads(r.variants)] for r in conn.execute(select(entities))}
    out = []
    for r in rows:
        if speaker and not _speaker_matches(speaker, r, variants):
            continue
        mention = None
        if r.speaker_text is not None and r.speaker_start is not None:
            mention = {"text": r.speaker_text, "start": r.speaker_start, "end": r.speaker_end}
        out.append({
            "id": r.id, "document": r.document_id, "outlet": outlets.get(r.document_id), "text": r.text,
            "start": r.start, "end": r.end, "kind": r.kind, "speaker": r.speaker, "speaker_entity": r.entity_id,
            "speaker_mention": mention, "cue": r.cue, "channel": r.channel, "when": r.when,
            "statement": r.statement_id,
        })  # fmt: skip
    return out


def entity_list(store: Store, *, type: str | None = None) -> list[dict[str, Any]]:
    """Every canonical entity, most mentioned first: the ``entities --json`` contract."""
    with store.engine.connect() as conn:
        rows = list(conn.execute(select(entities).order_by(entities.c.mention_count.desc(), entities.c.name)))
    out = []
    for r in rows:
        if type and r.type.lower() != type.lower():
            continue
        variants = json.loads(r.variants)
        out.append({
            "id": r.id, "name": r.name, "type": r.type, "variants": [v for v, _ in variants],
            "variant_counts": {v: n for v, n in variants}, "roles": json.loads(r.roles),
            "documents": json.loads(r.documents), "mentions": r.mention_count,
        })  # fmt: skip
    return out


def statement_list(store: Store, *, min_documents: int = 1) -> list[dict[str, Any]]:
    """Every statement with its versions: the ``statements --json`` contract."""
    outlets = _outlets(store)
    with store.engine.connect() as conn:
        rows = list(conn.execute(select(statements)))
        parts: dict[str, list[Any]] = defaultdict(list)
        for q in conn.execute(select(quotes).where(quotes.c.statement_id.is_not(None))
                              .order_by(quotes.c.document_id, quotes.c.start)):
            parts[q.statement_id].append(q)
    out = []
    for r in rows:
        docs = json.loads(r.documents)
        if len(docs) < min_documents:
            continue
        versions: dict[str, dict[str, Any]] = {}
        for q in parts.get(r.id, []):
            key = f"{q.document_id}:{q.part_group}"
            v = versions.setdefault(key, {
                "document": q.document_id, "outlet": outlets.get(q.document_id), "text": "", "start": q.start,
                "end": q.end, "kind": q.kind, "cue": q.cue, "channel": q.channel, "when": q.when, "quotes": [],
            })  # fmt: skip
            v["text"] = (v["text"] + " " + q.text).strip() if v["text"] else q.text
            v["end"] = max(v["end"], q.end)
            v["quotes"].append(q.id)
            v["channel"] = v["channel"] or q.channel
            v["when"] = v["when"] or q.when
        out.append({
            "id": r.id, "speaker": r.speaker, "speaker_entity": r.entity_id, "text": r.text,
            "versions": list(versions.values()), "outlets": json.loads(r.outlets), "documents": docs,
        })  # fmt: skip
    out.sort(key=lambda s: (-len(s["documents"]), -len(s["versions"]), s["id"]))
    return out


def event_list(store: Store) -> list[dict[str, Any]]:
    """Every event, earliest first: the ``events --json`` contract."""
    with store.engine.connect() as conn:
        rows = list(conn.execute(select(events)))
    out = [{"id": r.id, "label": r.label, "documents": json.loads(r.documents), "start": r.start, "end": r.end,
            "summary": json.loads(r.summary)} for r in rows]
    out.sort(key=lambda e: (e["start"] or "9999", -len(e["documents"]), e["id"]))
    return out
