"""The imperative shell: read inputs, run the stages, write each input's results in one transaction.

Each step returns a small report of counts; a failed input is reported with its
reason and never changes what is stored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from . import dedup, language, readers
from .errors import InputError
from .records import RawDocument, Segmentation
from .segment import segment
from .segment.core import line_key
from .store import Store
from .store.db import now

log = logging.getLogger("storyline")

#: How many pages are segmented together; lines shared by several of them are boilerplate.
BATCH = 200
#: Batches at least this large are segmented in worker processes (at most this many).
PARALLEL_MIN = 64
PARALLEL_WORKERS = 4


@dataclass(slots=True)
class IngestReport:
    """What one ``ingest`` did, in counts."""

    inputs: int = 0
    pages_added: int = 0
    pages_unchanged: int = 0
    articles_added: int = 0
    related_added: int = 0
    duplicates: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when something was read: added now or already stored."""
        return self.pages_added + self.pages_unchanged > 0

    def summary(self) -> str:
        parts = [
            f"{self.inputs} input(s)",
            f"{self.pages_added} page(s) added",
            f"{self.articles_added} article(s) and {self.related_added} related article(s)",
        ]
        if self.pages_unchanged:
            parts.append(f"{self.pages_unchanged} already stored")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s) linked")
        parts.append(f"{len(self.errors)} error(s)")
        return ", ".join(parts)


def page_id(raw: RawDocument) -> str:
    return hashlib.sha256(raw.text.encode("utf-8")).hexdigest()[:16]


def document_id(page: str, section: int) -> str:
    return page[:12] if section == 0 else f"{page[:12]}-{section}"


def _outlet(raw: RawDocument) -> str | None:
    if raw.meta.outlet:
        return raw.meta.outlet
    if raw.meta.url:
        host = urlparse(raw.meta.url).hostname or ""
        return re.sub(r"^www\d?\.", "", host) or None
    return None


def shared_lines(pages: Iterable[RawDocument]) -> dict[str | None, frozenset[str]]:
    """Short lines that recur on at least three different pages of one outlet (site chrome)."""
    seen: dict[str | None, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for raw in pages:
        if raw.hints:
            continue
        lines = [ln.strip() for ln in raw.text.split("\n") if ln.strip()]
        head = line_key(lines[0]) if lines else ""
        for ln in lines[1:]:
            if len(ln.split()) <= 12:
                seen[_outlet(raw)][line_key(ln)].add(head)
    return {o: frozenset(k for k, heads in d.items() if len(heads) >= 3 and k) for o, d in seen.items()}


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What the pure part of ingest computes for one page: its segmentation, and per article
    the language and MinHash signature."""

    seg: Segmentation
    articles: tuple[tuple[str | None, float, bytes | None], ...]


def _prepare(job: tuple[RawDocument, frozenset[str], int]) -> _Prepared | Exception:
    try:
        return _prepare_page(*job)
    except Exception as exc:  # reported for this input alone when it is written
        return exc


def _prepare_page(raw: RawDocument, shared: frozenset[str], min_words: int) -> _Prepared:
    seg = segment(raw.text, title_hint=raw.meta.title, hints=raw.hints, shared_lines=shared,
                  min_article_words=min_words)
    arts = []
    for art in seg.articles:
        lang, score = (raw.meta.language, 1.0) if raw.meta.language else language.detect(art.text)
        arts.append((lang, score, dedup.signature(art.text) if art.text.strip() else None))
    return _Prepared(seg=seg, articles=tuple(arts))


def _prepare_all(jobs: list[tuple[RawDocument, frozenset[str], int]]) -> list[_Prepared | Exception]:
    """Segment a batch of pages, on every core when the batch is large enough to pay for it."""
    workers = min(os.cpu_count() or 1, PARALLEL_WORKERS)
    if workers < 2 or len(jobs) < PARALLEL_MIN:
        return [_prepare(j) for j in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: stay in one process
        return [_prepare(j) for j in jobs]
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        return list(pool.map(_prepare, jobs, chunksize=16))


def _items(
    paths: Iterable[str], max_bytes: int, seen: Callable[[str, int | None, float | None], bool]
) -> Iterator[tuple[str, RawDocument | InputError | None, int | None, float | None]]:
    """(input path, item, size, mtime); item is None for an input stored before and unchanged."""
    for p in readers.expand(paths):
        if isinstance(p, InputError):
            yield p.source, p, None, None
            continue
        size = mtime = None
        if p != "-":
            try:
                st = os.stat(p)
                size, mtime = st.st_size, st.st_mtime
            except OSError as exc:
                yield p, InputError(p, f"cannot read: {exc.strerror}"), None, None
                continue
            if seen(p, size, mtime):
                yield p, None, size, mtime
                continue
        for item in readers.read_path(p, max_bytes=max_bytes):
            yield p, item, size, mtime


def ingest(
    store: Store,
    paths: Iterable[str],
    *,
    settings: dict[str, Any],
    on_error: Callable[[str, str], None] | None = None,
    on_input: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read ``paths`` into ``store``: segment, detect language, link duplicates.

    Inputs already stored (same path, size and time, or same content) add nothing.
    """
    report = IngestReport()
    max_bytes = int(settings["max_file_mb"] * 2**20)
    index = dedup.DuplicateIndex(threshold=float(settings["near_duplicate_threshold"]))
    index.load(store.minhashes())
    pending: list[tuple[str, RawDocument, int | None, float | None]] = []
    seen_inputs: set[str] = set()

    def fail(source: str, reason: str) -> None:
        report.errors.append((source, reason))
        store.record_error(source, reason)
        if on_error:
            on_error(source, reason)

    def flush() -> None:
        if not pending:
            return
        shared = shared_lines(r for _, r, _, _ in pending)
        min_words = int(settings["min_article_words"])
        stored = store.existing_pages([page_id(raw) for _, raw, _, _ in pending])
        fresh = [(path, raw, size, mtime) for path, raw, size, mtime in pending if page_id(raw) not in stored]
        prepared = dict(zip((id(raw) for _, raw, _, _ in fresh), _prepare_all(
            [(raw, shared.get(_outlet(raw), frozenset()), min_words) for _, raw, _, _ in fresh]), strict=True))
        by_input: dict[str, list[tuple[RawDocument, int | None, float | None]]] = defaultdict(list)
        for path, raw, size, mtime in pending:
            by_input[path].append((raw, size, mtime))
        for path, items in by_input.items():
            try:
                _write_input(store, path, items, prepared, index, report)
            except Exception as exc:  # one input must never stop the run or half-write the store
                log.debug("failed to store %s", path, exc_info=True)
                fail(path, f"could not be stored ({exc.__class__.__name__}: {exc})")
        pending.clear()

    for path, item, size, mtime in _items(paths, max_bytes, store.source_seen):
        if path not in seen_inputs:
            seen_inputs.add(path)
            report.inputs += 1
            if on_input:
                on_input(path)
        if item is None:
            report.pages_unchanged += 1
            continue
        if isinstance(item, InputError):
            fail(item.source, item.reason)
            continue
        pending.append((path, item, size, mtime))
        if len(pending) >= BATCH:
            flush()
    flush()
    return report


def _write_input(
    store: Store,
    path: str,
    items: list[tuple[RawDocument, int | None, float | None]],
    prepared: dict[int, _Prepared | Exception],
    index: dedup.DuplicateIndex,
    report: IngestReport,
) -> None:
    added_here: list[tuple[str, str, bytes | None, str | None]] = []
    counts = Counter[str]()
    with store.transaction() as conn:
        for raw, size, mtime in items:
            pid = page_id(raw)
            if store.has_page(pid, conn):
                store.record_source(conn, raw.source, pid, size, mtime)
                counts["unchanged"] += 1
                continue
            ready = prepared[id(raw)]
            if isinstance(ready, Exception):
                raise ready
            docs, blocks = _rows(raw, pid, ready, index, added_here, counts)
            stamp = now()
            store.insert(conn, "pages", [{
                "id": pid, "source": raw.source, "format": raw.format, "raw_text": raw.text, "html": raw.html,
                "saved_at": raw.saved_at, "title": raw.meta.title, "url": raw.meta.url,
                "published": raw.meta.published, "outlet": _outlet(raw), "language": raw.meta.language,
                "author": raw.meta.author, "ingested_at": stamp,
            }])  # fmt: skip
            for d in docs:
                d["ingested_at"] = stamp
            store.insert(conn, "documents", docs)
            store.insert(conn, "blocks", blocks)
            store.record_source(conn, raw.source, pid, size, mtime)
            counts["pages"] += 1
        if path != "-" and path != raw.source:
            # A file holding many records (JSONL, WARC, feed): remember the file itself, with its
            # size and time, so that an unchanged file is skipped before it is read next time.
            store.record_source(conn, path, pid, size, mtime)
    # Only once the transaction has committed do the new documents join the duplicate index.
    for doc_id, text, sig, dup in added_here:
        index.add(doc_id, text, sig, dup)
    report.pages_added += counts["pages"]
    report.pages_unchanged += counts["unchanged"]
    report.articles_added += counts["article"]
    report.related_added += counts["related"]
    report.duplicates += counts["duplicate"]
    report.added_ids.extend(d for d, _, _, _ in added_here)


def _rows(
    raw: RawDocument,
    pid: str,
    ready: _Prepared,
    index: dedup.DuplicateIndex,
    added_here: list[tuple[str, str, bytes | None, str | None]],
    counts: Counter[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    seg = ready.seg
    docs: list[dict[str, Any]] = []
    main_id = document_id(pid, 0)
    sec_to_doc = {}
    for art, (lang, score, sig) in zip(seg.articles, ready.articles, strict=True):
        doc_id = document_id(pid, art.section)
        sec_to_doc[art.section] = doc_id
        text = art.text
        match = None
        if sig is not None:
            match = index.find(text, sig)
            if match is None and added_here:
                # a duplicate of something added earlier in this same transaction
                match = index.find_among(text, sig, added_here)
        dup = match.duplicate_of if match else None
        if dup == doc_id:
            dup = None
        counts[art.kind if art.kind == "related" else "article"] += 1
        counts["duplicate"] += dup is not None
        docs.append({
            "id": doc_id, "page_id": pid, "section": art.section, "kind": art.kind,
            "parent_id": main_id if art.section else None, "source": raw.source,
            "title": art.title or (raw.meta.title if art.section == 0 else None),
            "outlet": _outlet(raw), "language": lang, "language_score": round(score, 3),
            "published": raw.meta.published if art.section == 0 else None,
            "url": raw.meta.url if art.section == 0 else None,
            "author": art.byline if art.byline else (raw.meta.author if art.section == 0 else None),
            "words": len(text.split()), "text": text, "duplicate_of": dup,
            "similarity": match.similarity if match else None, "minhash": sig,
        })  # fmt: skip
        added_here.append((doc_id, text, sig, dup))
    blocks = [{
        "page_id": pid, "document_id": sec_to_doc.get(b.section, main_id), "seq": i, "kind": str(b.kind),
        "start": b.start, "end": b.end, "text": b.text, "reason": b.reason,
    } for i, b in enumerate(seg.blocks)]  # fmt: skip
    return docs, blocks
