"""The imperative shell: read inputs, run the stages, write each input's results in one transaction.

Each step returns a small report of counts; a failed input is reported with its
reason and never changes what is stored.

A large run uses the machine's cores: worker processes extract HTML pages and segment
batches of pages while this process reads the next inputs and stores the batch before,
always in input order, so that what is stored is the same as in one process.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import logging
import os
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from . import dedup, language, readers
from .errors import InputError
from .outlets import outlet_in_text
from .records import BlockKind, RawDocument
from .segment.core import ArticleRow, BlockRow, byline_author, line_key, segment_rows_many

if TYPE_CHECKING:  # the store (and SQLAlchemy) is imported when it is opened: see ``ingest``
    from .store import Store

log = logging.getLogger("storyline")

#: How many pages are segmented together; lines shared by several of them are boilerplate.
BATCH = 200
#: Batches with at least this many pages to segment are segmented in worker processes (at most
#: PARALLEL_WORKERS, CHUNK pages per task), while the main process stores the batch before.
PARALLEL_MIN = 64
PARALLEL_WORKERS = 4
CHUNK = 16
#: HTML pages are extracted in the workers once this many wait, up to READ_AHEAD inputs ahead.
PARALLEL_HTML_MIN = 16
READ_AHEAD = 64
#: Allocations between two sweeps of the collector's youngest generation while ingesting.
GC_ALLOCATIONS = 50_000


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
    return outlet_in_text(raw.text) if raw.text else None


def shared_lines(pages: Iterable[RawDocument]) -> dict[str | None, frozenset[str]]:
    """Short lines that recur on at least three different pages of one outlet (site chrome)."""
    return _shared_lines((raw, _outlet(raw)) for raw in pages)


def _shared_lines(pages: Iterable[tuple[RawDocument, str | None]]) -> dict[str | None, frozenset[str]]:
    """``shared_lines`` of (page, its outlet) pairs.

    Each distinct line is measured once, and only a short one (or a page's first line) gets its key.
    """
    split = []
    for raw, outlet_name in pages:
        if raw.hints:
            continue
        lines = [ln for ln in map(str.strip, raw.text.split("\n")) if ln]
        if lines:
            split.append((lines, outlet_name))
    distinct = dict.fromkeys(itertools.chain.from_iterable(lines for lines, _ in split))
    # What can be site chrome: lines of at most 12 words (a line under 25 characters cannot hold 13).
    short = {ln: None for ln in distinct if len(ln) < 25 or len(ln.split()) <= 12}
    measured = [*short, *(ln for ln in dict.fromkeys(lines[0] for lines, _ in split) if ln not in short)]
    key_of = dict(zip(measured, map(line_key, measured), strict=True))  # (short lines: faster one by one)
    # Per outlet and page head: the keys of the short lines below it (pages with one head count once).
    below: dict[str | None, dict[str, set[str]]] = defaultdict(dict)
    for lines, outlet_name in split:
        keys = below[outlet_name].setdefault(key_of[lines[0]], set())
        keys.update(map(key_of.__getitem__, filter(short.__contains__, itertools.islice(lines, 1, None))))
    out: dict[str | None, frozenset[str]] = {}
    for outlet_name, by_head in below.items():
        heads = Counter(itertools.chain.from_iterable(by_head.values()))
        out[outlet_name] = frozenset(k for k, n in heads.items() if n >= 3 and k)
    return out


#: The columns of a stored block, in the order ``_Prepared.blocks`` gives them.
BLOCK_COLUMNS = ("page_id", "document_id", "seq", "kind", "start", "end", "text", "reason")


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What the pure part of ingest computes for one page, as plain tuples (cheap to send between processes).

    ``articles``: per article (section, kind, title, text, byline, language, language score, MinHash,
    ``dedup.text_key`` of the text);
    ``blocks``: the page's block rows, their values in BLOCK_COLUMNS order.
    """

    articles: tuple[tuple[int, str, str | None, str, str | None, str | None, float, bytes | None, tuple[str, int]], ...]
    blocks: list[tuple[str, str, int, str, int, int, str, str]]


def _prepare(job: tuple[RawDocument, frozenset[str], int]) -> _Prepared | Exception:
    """The pure part of ingest for one page (or the exception that says why it failed)."""
    return _prepare_chunk([job])[0]


def _prepare_chunk(jobs: list[tuple[RawDocument, frozenset[str], int]]) -> list[_Prepared | Exception]:
    """``_prepare`` of several pages, segmented together (see ``segment_rows_many``)."""
    segmented = segment_rows_many([(raw.text, raw.meta.title, raw.hints, shared, n) for raw, shared, n in jobs])
    # The languages and MinHash signatures of all the chunk's articles, together.
    ok = [(raw, seg) for (raw, _, _), seg in zip(jobs, segmented, strict=True) if not isinstance(seg, Exception)]
    try:
        langs = iter(language.detect_many([a[3] for raw, seg in ok if not raw.meta.language for a in seg[1]]))
        sigs = iter(dedup.signatures([a[3] for _, seg in ok for a in seg[1] if a[3].strip()]))
    except Exception:  # noqa: BLE001 - each page then computes its own (and fails alone)
        langs = sigs = None
    out: list[_Prepared | Exception] = []
    for (raw, _, _), seg in zip(jobs, segmented, strict=True):
        if isinstance(seg, Exception):
            out.append(seg)
            continue
        page_langs = page_sigs = None
        if langs is not None and sigs is not None:
            page_langs = None if raw.meta.language else [next(langs) for _ in seg[1]]
            page_sigs = [next(sigs) if a[3].strip() else None for a in seg[1]]
        try:
            out.append(_finish_page(raw, *seg, langs=page_langs, sigs=page_sigs))
        except Exception as exc:  # reported for this input alone when it is written
            out.append(exc)
    return out


def _finish_page(
    raw: RawDocument,
    rows: list[BlockRow],
    articles: list[ArticleRow],
    *,
    langs: list[tuple[str | None, float]] | None = None,
    sigs: list[bytes | None] | None = None,
) -> _Prepared:
    """The page's rows from its segmentation: each article's language and MinHash (unless ``langs``
    and ``sigs`` give them), each block's document."""
    arts = []
    for k, (section, kind, title, text, _, byline, _) in enumerate(articles):
        if raw.meta.language:
            lang, score = raw.meta.language, 1.0
        else:
            lang, score = langs[k] if langs is not None else language.detect(text)
        if sigs is not None:
            sig = sigs[k]
        else:
            sig = dedup.signature(text) if text.strip() else None
        arts.append((section, kind, title, text, byline, lang, score, sig, dedup.text_key(text)))
    # Each block belongs to its article's document; blocks of a related article too short to be one, to the page's.
    pid = page_id(raw)
    main_id = document_id(pid, 0)
    doc_of = {section: document_id(pid, section) for section, *_ in articles}
    blocks = [
        (pid, doc_of.get(section, main_id), seq, _KIND_VALUE[kind], start, end, text, reason)
        for seq, (kind, start, end, text, reason, section) in enumerate(_runs(raw.text, rows))
    ]
    return _Prepared(articles=tuple(arts), blocks=blocks)


def _runs(raw: str, rows: list[BlockRow]) -> list[BlockRow]:
    """The rows to store: a run of consecutive boilerplate lines of one article is one block.

    A page dump's menus, share bars and footers are runs of dozens of lines; one block a run
    keeps what was set aside, where, and why (the reasons of its lines, each once, in order),
    in under half the rows.
    """
    out: list[BlockRow] = []
    i, n = 0, len(rows)
    while i < n:
        row = rows[i]
        j = i + 1
        if row[0] is _BOILERPLATE:
            while j < n and rows[j][0] is _BOILERPLATE and rows[j][5] == row[5]:
                j += 1
        if j == i + 1:
            out.append(row)
        else:
            end = rows[j - 1][2]
            why = "; ".join(dict.fromkeys(r[4] for r in rows[i:j]))
            out.append((_BOILERPLATE, row[1], end, raw[row[1] : end], why, row[5]))
        i = j
    return out


_BOILERPLATE = BlockKind.BOILERPLATE


_KIND_VALUE = {kind: kind.value for kind in BlockKind}


def _extract(pending: readers.PendingHtml, min_words: int) -> tuple[RawDocument | InputError, _Prepared | Exception | None]:
    """Extract an HTML page; a page the extractor typed is segmented at once (other pages do not matter to it).

    The page comes back without its markup (``pending.html``, which the caller has): no need to send it twice.
    """
    item = pending.extract()
    ready = _prepare((item, frozenset(), min_words)) if isinstance(item, RawDocument) and item.hints else None
    if isinstance(item, RawDocument):
        item = replace(item, html=None)
    return item, ready


def _warm_segmenter() -> None:
    """Load what segmenting needs, before the workers are forked: loaded once, shared by them all."""
    import rapidfuzz.process  # noqa: F401 - what the title comparisons use
    from rapidfuzz.distance import Levenshtein  # noqa: F401

    from .segment.features import _char_classes, _word_bits
    from .segment.model import weights

    _word_bits()
    _char_classes()
    weights()
    dedup.signature("a sentence long enough for the language model to be loaded")
    language.detect("a sentence long enough for the language model to be loaded")


def _warm_html() -> None:
    """Load what extracting HTML pages (and storing them) needs: trafilatura's import alone takes about 0.3 s."""
    from . import htmltext

    htmltext.preload()
    dedup.signature("a sentence long enough for the language model to be loaded")
    language.detect("a sentence long enough for the language model to be loaded")


def _started() -> None:
    """A task that does nothing: submitting it starts the workers."""


class _Workers:
    """Worker processes for the pure, costly steps, started on first need: a small run never pays for them."""

    def __init__(self) -> None:
        self.size = min(os.cpu_count() or 1, PARALLEL_WORKERS)
        self.pool: Any = None
        self._unavailable = self.size < 2

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Hand a task to the workers; its result comes from :meth:`result`."""
        return self.pool.submit(fn, *args)

    @staticmethod
    def result(future: Any) -> Any:
        """A task's result (waiting for it); a task's error is raised here."""
        return future.result()

    def start(self, warm: Callable[[], None]) -> bool:
        """Start the workers (once) if this machine has the cores and ``fork``; True when they run.

        ``warm`` loads, in this process, what the workers will need, so that they share it.
        """
        if self.pool is None and not self._unavailable:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                ctx = multiprocessing.get_context("fork")
            except ValueError:  # no fork on this platform: stay in one process
                self._unavailable = True
                return False
            warm()
            # Objects that exist now are shared with the workers: the collector must not write to them there.
            gc.freeze()
            self.pool = ProcessPoolExecutor(max_workers=self.size, mp_context=ctx)
            self.pool.submit(_started)  # the processes start (fork) now, not with the first real task
            gc.unfreeze()
        return self.pool is not None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def _items(
    paths: Iterable[str], max_bytes: int, seen: Callable[[list[str]], dict[str, tuple[int | None, float | None]]]
) -> Iterator[tuple[str, RawDocument | readers.PendingHtml | InputError | None, int | None, float | None]]:
    """(input path, item, size, mtime); item is None for an input stored before and unchanged.

    ``seen`` gives the stored size and time of the inputs among a list of paths (asked a few hundred at a time).
    """
    expanded = readers.expand(paths)
    while chunk := list(itertools.islice(expanded, 256)):
        stored = seen([p for p in chunk if isinstance(p, str) and p != "-"])
        for p in chunk:
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
                if p in stored and stored[p] == (size, mtime):
                    yield p, None, size, mtime
                    continue
            for item in readers.read_path(p, max_bytes=max_bytes, defer_html=True):
                yield p, item, size, mtime


def _extracted(
    entries: Iterator[tuple[str, RawDocument | readers.PendingHtml | InputError | None, int | None, float | None]],
    workers: _Workers,
    min_words: int,
) -> Iterator[tuple[str, RawDocument | InputError | None, int | None, float | None, _Prepared | Exception | None]]:
    """The entries in order, HTML pages extracted: by the workers, up to READ_AHEAD entries ahead,
    once PARALLEL_HTML_MIN pages wait; in this process before that."""
    window: deque[list[Any]] = deque()
    waiting = 0  # HTML pages in the window not handed to a worker
    done = False
    while True:
        while not done and len(window) < READ_AHEAD:
            entry = next(entries, None)
            if entry is None:
                done = True
                break
            job = None
            if isinstance(entry[1], readers.PendingHtml):
                if workers.pool is not None:
                    job = workers.submit(_extract, entry[1], min_words)
                else:
                    waiting += 1
            window.append([*entry, job])
        if waiting >= PARALLEL_HTML_MIN and workers.start(_warm_html):
            for e in window:
                if isinstance(e[1], readers.PendingHtml) and e[4] is None:
                    e[4] = workers.submit(_extract, e[1], min_words)
            waiting = 0
        if not window:
            return
        path, item, size, mtime, job = window.popleft()
        ready = None
        if isinstance(item, readers.PendingHtml):
            if job is None:
                waiting -= 1
                item = item.extract()
            else:
                pending = item
                item, ready = workers.result(job)
                if isinstance(item, RawDocument):
                    item = replace(item, html=pending.html)  # the markup the page was extracted from
        yield path, item, size, mtime, ready


@dataclass(slots=True)
class _Page:
    """A page read for storing, and what the pure part of ingest made of it (once it is known)."""

    path: str
    raw: RawDocument
    size: int | None
    mtime: float | None
    id: str
    outlet: str | None  # found once: it can take reading the page's first and last lines
    shared: frozenset[str] = frozenset()
    ready: _Prepared | Exception | None = None
    #: The workers' task segmenting this page with the others of ``part`` (results in that order).
    job: tuple[_Workers, Any, list[_Page]] | None = None

    def prepared(self, min_words: int) -> _Prepared | Exception:
        """What the pure part of ingest made of this page: from its task, or computed here when it has none."""
        if self.ready is None:
            if self.job is None:
                self.ready = _prepare((self.raw, self.shared, min_words))
            else:
                workers, future, part = self.job
                for page, ready in zip(part, workers.result(future), strict=True):
                    page.ready, page.job = ready, None
        assert self.ready is not None
        return self.ready


def ingest(
    store: Store | Callable[[], Store],
    paths: Iterable[str],
    *,
    settings: dict[str, Any],
    on_error: Callable[[str, str], None] | None = None,
    on_input: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read ``paths`` into ``store``: segment, detect language, link duplicates.

    Inputs already stored (same path, size and time, or same content) add nothing.

    ``store`` may be a function that opens it, for a new database: it is then called when the
    first pages are written (or an input fails), so that the workers start on the first batches
    while the database opens (SQLAlchemy's import alone takes a fifth of a second). Until then,
    no input is known to be stored: were the database not new, the first inputs would be read
    and segmented, to be found stored, by their content, when written (adding nothing).
    """
    report = IngestReport()
    max_bytes = int(settings["max_file_mb"] * 2**20)
    min_words = int(settings["min_article_words"])
    index = dedup.DuplicateIndex(threshold=float(settings["near_duplicate_threshold"]))
    lazy = _Opened(store, index)
    opened = lazy.get

    def seen(sources: list[str]) -> dict[str, tuple[int | None, float | None]]:
        return opened().sources_seen(sources) if lazy.is_open else {}

    pending: list[_Page] = []
    # Batches whose pages the workers are segmenting, oldest first.
    in_flight: deque[list[_Page]] = deque()
    seen_inputs: set[str] = set()
    workers = _Workers()

    def fail(source: str, reason: str) -> None:
        report.errors.append((source, reason))
        opened().record_error(source, reason)
        if on_error:
            on_error(source, reason)

    def flush() -> None:
        """Segment the pending batch (in the workers when it is large), and store the batch before it."""
        if not pending:
            return
        batch = list(pending)
        pending.clear()
        shared = _shared_lines((page.raw, page.outlet) for page in batch)
        stored = opened().existing_pages([page.id for page in batch]) if lazy.is_open else set()
        todo = []
        for page in batch:
            page.shared = shared.get(page.outlet, frozenset())
            if page.ready is None and page.id not in stored:
                todo.append(page)
        parallel = len(todo) >= PARALLEL_MIN and workers.start(_warm_segmenter)
        if parallel:
            for a in range(0, len(todo), CHUNK):
                part = todo[a : a + CHUNK]
                future = workers.submit(_prepare_chunk, [(page.raw, page.shared, min_words) for page in part])
                for page in part:
                    page.job = (workers, future, part)
        in_flight.append(batch)
        # While the workers segment this batch, the one before it is written (each input as soon as
        # its pages are ready).
        while len(in_flight) > (1 if parallel else 0):
            write(in_flight.popleft())

    def write(batch: list[_Page]) -> None:
        by_input: dict[str, list[_Page]] = defaultdict(list)
        for page in batch:
            by_input[page.path].append(page)
        store = opened()
        if len(by_input) > 1 and _write_batch(store, list(by_input.items()), index, report, min_words):
            return
        for path, pages in by_input.items():
            try:
                _write_input(store, path, pages, index, report, min_words)
            except Exception as exc:  # one input must never stop the run or half-write the store
                log.debug("failed to store %s", path, exc_info=True)
                fail(path, f"could not be stored ({exc.__class__.__name__}: {exc})")

    # Ingest allocates millions of small tuples and few reference cycles: the collector's youngest
    # generation is swept every GC_ALLOCATIONS allocations, not every 700 (about 6% of the CPU of
    # a run, the workers' included: they are forked with this setting).
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], GC_ALLOCATIONS), *thresholds[1:])
    try:
        entries = _extracted(_items(paths, max_bytes, seen), workers, min_words)
        for path, item, size, mtime, ready in entries:
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
            pending.append(_Page(path, item, size, mtime, page_id(item), _outlet(item), ready=ready))
            if len(pending) == PARALLEL_MIN:
                workers.start(_warm_segmenter)  # a large batch is coming: start the workers now
            if len(pending) >= BATCH:
                flush()
        flush()
        opened()  # (a run that read nothing still leaves a store)
        while in_flight:
            write(in_flight.popleft())
    finally:
        workers.close()
        gc.set_threshold(*thresholds)
    return report


class _Opened:
    """The store of an ingest run: given, or opened on first need (``ingest``); the duplicate
    index is loaded from it as it opens."""

    def __init__(self, store: Store | Callable[[], Store], index: dedup.DuplicateIndex) -> None:
        self._opener = store if callable(store) else None
        self._store: Store | None = None
        self._index = index
        if not callable(store):
            self._load(store)

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def get(self) -> Store:
        if self._store is None:
            assert self._opener is not None
            self._load(self._opener())
        assert self._store is not None
        return self._store

    def _load(self, store: Store) -> None:
        renewed = self._index.load(store.minhashes())
        if renewed:  # signatures of an older kind, computed again: stored once, not at every run
            with store.transaction() as conn:
                store.set_minhashes(conn, renewed)
        self._store = store


def _write_input(
    store: Store,
    path: str,
    pages: list[_Page],
    index: dedup.DuplicateIndex,
    report: IngestReport,
    min_words: int,
) -> None:
    """Store one input in its own transaction."""
    counts = Counter[str]()
    with store.transaction() as conn:
        added = _stage_input(store, conn, path, pages, index, counts, min_words)
    # Only once the transaction has committed do the new documents join the duplicate index.
    for doc_id, text, sig, dup in added:
        index.add(doc_id, text, sig, dup)
    _count(report, counts, added)


def _write_batch(
    store: Store,
    inputs: list[tuple[str, list[_Page]]],
    index: dedup.DuplicateIndex,
    report: IngestReport,
    min_words: int,
) -> bool:
    """Store several inputs in one transaction (a commit per input costs more than the input's rows).

    Returns False, having stored and changed nothing, when any input fails: the caller then
    stores them one by one, so that the failure is the failed input's alone.
    """
    counts = Counter[str]()
    added_all: list[tuple[str, str, bytes | None, str | None]] = []
    index.begin()
    try:
        with store.transaction() as conn:
            batch = _Batch(store.existing_pages([page.id for _, pages in inputs for page in pages], conn))
            for path, pages in inputs:
                added = _stage_input(store, conn, path, pages, index, counts, min_words, batch)
                # The next inputs see these documents as stored (they are taken back if the batch fails).
                for doc_id, text, sig, dup in added:
                    index.add(doc_id, text, sig, dup)
                added_all.extend(added)
            store.record_sources(conn, batch.sources)
    except Exception:
        index.rollback()
        log.debug("a batch could not be stored in one transaction; storing its inputs one by one", exc_info=True)
        return False
    index.commit()
    _count(report, counts, added_all)
    return True


def _count(report: IngestReport, counts: Counter[str], added: list[tuple[str, str, bytes | None, str | None]]) -> None:
    report.pages_added += counts["pages"]
    report.pages_unchanged += counts["unchanged"]
    report.articles_added += counts["article"]
    report.related_added += counts["related"]
    report.duplicates += counts["duplicate"]
    report.added_ids.extend(d for d, _, _, _ in added)


@dataclass(slots=True)
class _Batch:
    """What a transaction storing several inputs keeps: the pages stored (before it, or by it), and
    the sources to record, once each, when its inputs are written."""

    stored: set[str]
    sources: dict[str, tuple[str, int | None, float | None]] = field(default_factory=dict)


def _stage_input(
    store: Store,
    conn: Any,
    path: str,
    pages: list[_Page],
    index: dedup.DuplicateIndex,
    counts: Counter[str],
    min_words: int,
    batch: _Batch | None = None,
) -> list[tuple[str, str, bytes | None, str | None]]:
    """Write one input's rows in the open transaction; return the documents it adds."""
    from .store.db import now

    added_here: list[tuple[str, str, bytes | None, str | None]] = []

    def record_source(source: str, pid: str, size: int | None, mtime: float | None) -> None:
        if batch is None:
            store.record_source(conn, source, pid, size, mtime)
        else:
            batch.sources.pop(source, None)  # recorded again: keep the last, in its place
            batch.sources[source] = (pid, size, mtime)

    for page in pages:
        raw, pid = page.raw, page.id
        if pid in batch.stored if batch is not None else store.has_page(pid, conn):
            record_source(raw.source, pid, page.size, page.mtime)
            counts["unchanged"] += 1
            continue
        ready = page.prepared(min_words)
        if isinstance(ready, Exception):
            raise ready
        docs, blocks = _rows(raw, pid, page.outlet, ready, index, added_here, counts)
        stamp = now()
        store.insert(conn, "pages", [{
            "id": pid, "source": raw.source, "format": raw.format, "raw_text": raw.text, "html": raw.html,
            "saved_at": raw.saved_at, "title": raw.meta.title, "url": raw.meta.url,
            "published": raw.meta.published, "outlet": page.outlet, "language": raw.meta.language,
            "author": raw.meta.author, "ingested_at": stamp,
        }])  # fmt: skip
        for d in docs:
            d["ingested_at"] = stamp
        store.insert(conn, "documents", docs)
        store.insert(conn, "blocks", blocks, columns=BLOCK_COLUMNS)
        record_source(raw.source, pid, page.size, page.mtime)
        if batch is not None:
            batch.stored.add(pid)
        counts["pages"] += 1
    if path != "-" and path != raw.source:
        # A file holding many records (JSONL, WARC, feed): remember the file itself, with its
        # size and time, so that an unchanged file is skipped before it is read next time.
        record_source(path, pid, page.size, page.mtime)
    return added_here


def _rows(
    raw: RawDocument,
    pid: str,
    outlet: str | None,
    ready: _Prepared,
    index: dedup.DuplicateIndex,
    added_here: list[tuple[str, str, bytes | None, str | None]],
    counts: Counter[str],
) -> tuple[list[dict[str, Any]], list[tuple[str, str, int, str, int, int, str, str]]]:
    """The page's document rows (duplicates linked) and block rows."""
    docs: list[dict[str, Any]] = []
    main_id = document_id(pid, 0)
    for section, kind, title, text, byline, lang, score, sig, key in ready.articles:
        dedup.remember(text, key)  # computed with the rest of the page (in a worker process)
        doc_id = document_id(pid, section)
        match = None
        if sig is not None:
            match = index.find(text, sig)
            if match is None and added_here:
                # a duplicate of something added earlier in this same transaction
                match = index.find_among(text, sig, added_here)
        dup = match.duplicate_of if match else None
        if dup == doc_id:
            dup = None
        counts[kind if kind == "related" else "article"] += 1
        counts["duplicate"] += dup is not None
        docs.append({
            "id": doc_id, "page_id": pid, "section": section, "kind": kind,
            "parent_id": main_id if section else None, "source": raw.source,
            "title": title or (raw.meta.title if section == 0 else None),
            "outlet": outlet, "language": lang, "language_score": round(score, 3),
            "published": raw.meta.published if section == 0 else None,
            "url": raw.meta.url if section == 0 else None,
            "author": byline_author(byline) if byline else (raw.meta.author if section == 0 else None),
            "words": len(text.split()), "text": text, "duplicate_of": dup,
            "similarity": match.similarity if match else None, "minhash": sig,
        })  # fmt: skip
        added_here.append((doc_id, text, sig, dup))
    return docs, ready.blocks
