"""The Store: one interface over SQLite or PostgreSQL, all writes in transactions."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, LargeBinary, Table, bindparam, create_engine, event, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import NotFound, StoreError
from . import schema
from .schema import blocks, document_times, documents, ingest_errors, migrations_table, pages, sources


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _url(db: str) -> str:
    if "://" in db:
        return db
    return "sqlite:///" + os.path.abspath(db)


#: How sure the analysis must be of a date the page's text gives (a dateline, "Published ..."), not its
#: metadata, for ``published`` to take it: an explicit date, not a relative "5 hours ago" or an inference.
PUBLISHED_CONFIDENCE = 0.85


def _dated_in_text(conn: Connection, doc_id: str | None = None) -> dict[str, str]:
    """The publication dates the analysis read from the pages' own text, per document (of ``doc_id`` alone when given)."""
    q = select(document_times.c.document_id, document_times.c.value).where(
        (document_times.c.inferred == 0) & (document_times.c.confidence >= PUBLISHED_CONFIDENCE)
    )
    if doc_id is not None:
        q = q.where(document_times.c.document_id == doc_id)
    return {r.document_id: r.value for r in conn.execute(q)}


class Store:
    """A storyline database. Use :func:`open_store` to get one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- lifecycle ---------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        applied: list[str] = []
        with self.engine.begin() as conn:
            migrations_table.create(conn, checkfirst=True)
            done = set(conn.scalars(select(migrations_table.c.name)))
            for name, fn in schema.MIGRATIONS:
                if name in done:
                    continue
                fn(conn)
                conn.execute(migrations_table.insert().values(name=name, applied_at=now()))
                applied.append(name)
        return applied

    def close(self) -> None:
        self.engine.dispose()

    def transaction(self) -> Any:
        """A context manager giving a Connection inside one transaction."""
        return self.engine.begin()

    # -- reads -------------------------------------------------------------
    def source_seen(self, source: str, size: int | None, mtime: float | None) -> bool:
        """True when this exact input (same size and modification time) was ingested before."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(sources.c.size, sources.c.mtime).where(sources.c.source == source)
            ).first()
        return row is not None and size is not None and row.size == size and row.mtime == mtime

    def sources_seen(self, paths: list[str]) -> dict[str, tuple[int | None, float | None]]:
        """The stored (size, modification time) of those of ``paths`` ingested before (one query per 500)."""
        found: dict[str, tuple[int | None, float | None]] = {}
        with self.engine.connect() as conn:
            for a in range(0, len(paths), 500):
                q = select(sources.c.source, sources.c.size, sources.c.mtime).where(sources.c.source.in_(paths[a : a + 500]))
                found.update((r.source, (r.size, r.mtime)) for r in conn.execute(q))
        return found

    def has_page(self, page_id: str, conn: Connection | None = None) -> bool:
        if conn is not None:
            return conn.execute(_PAGE, {"id": page_id}).first() is not None
        with self.engine.connect() as c:
            return c.execute(_PAGE, {"id": page_id}).first() is not None

    def existing_pages(self, page_ids: list[str], conn: Connection | None = None) -> set[str]:
        """Which of ``page_ids`` are stored already (one query per 500 ids), in ``conn``'s transaction if given."""
        if conn is None:
            with self.engine.connect() as c:
                return self.existing_pages(page_ids, c)
        found: set[str] = set()
        for a in range(0, len(page_ids), 500):
            found.update(conn.scalars(select(pages.c.id).where(pages.c.id.in_(page_ids[a : a + 500]))))
        return found

    def documents(self, *, include_text: bool = True) -> list[dict[str, Any]]:
        """All documents in ingest order, as plain rows with their comments."""
        cols = [c for c in documents.c if c.name != "minhash" and (include_text or c.name != "text")]
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(*cols).order_by(documents.c.ingested_at, documents.c.source, documents.c.section))]
            comments: dict[str, list[str]] = {}
            q = (
                select(blocks.c.document_id, blocks.c.text)
                .where(blocks.c.kind == "comment")
                .order_by(blocks.c.page_id, blocks.c.seq)
            )
            for doc_id, body in conn.execute(q):
                comments.setdefault(doc_id, []).append(body)
            dated = _dated_in_text(conn)
        for r in rows:
            r["comments"] = comments.get(r["id"], [])
            if r["published"] is None:
                r["published"] = dated.get(r["id"])
        return rows

    def minhashes(self) -> Iterator[tuple[str, str | None, bytes | None, str]]:
        """(id, duplicate_of, minhash bytes, text hash source) of every stored document."""
        with self.engine.connect() as conn:
            for r in conn.execute(select(documents.c.id, documents.c.duplicate_of, documents.c.minhash, documents.c.text)):
                yield r.id, r.duplicate_of, r.minhash, r.text

    def resolve_document(self, key: str) -> str:
        """Find a document id from an id, an id prefix, or a source path."""
        with self.engine.connect() as conn:
            if conn.execute(select(documents.c.id).where(documents.c.id == key)).first() is not None:
                return key
            ids = list(conn.scalars(select(documents.c.id).where(documents.c.id.like(key + "%")).limit(3)))
            if len(ids) == 1:
                return ids[0]
            if len(ids) > 1:
                raise StoreError(f"document id prefix {key!r} is ambiguous ({', '.join(ids)}, ...); give more characters")
            row = conn.execute(
                select(documents.c.id)
                .where((documents.c.source == key) | documents.c.source.like("%" + os.path.basename(key)))
                .order_by(documents.c.section)
            ).first()
        if row is None:
            raise NotFound("document", key, "run 'storyline docs' to list the ids")
        return str(row.id)

    def document(self, doc_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
            if row is None:
                raise NotFound("document", doc_id)
            doc = dict(row._mapping)
            doc.pop("minhash", None)
            page = dict(conn.execute(select(pages).where(pages.c.id == doc["page_id"])).one()._mapping)
            bl = [
                dict(r._mapping)
                for r in conn.execute(
                    select(blocks).where(blocks.c.page_id == doc["page_id"]).order_by(blocks.c.seq)
                )
            ]
            if doc["published"] is None:
                doc["published"] = _dated_in_text(conn, doc_id).get(doc_id)
        doc["raw_text"] = page["raw_text"]
        doc["blocks"] = bl  # the whole page; each block says which document it belongs to
        doc["comments"] = [b["text"] for b in bl if b["kind"] == "comment" and b["document_id"] == doc_id]
        return doc

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in (pages, documents, blocks, ingest_errors)
            }

    # -- writes ------------------------------------------------------------
    @staticmethod
    def insert(
        conn: Connection, table_name: str, rows: Sequence[Any], *, columns: Sequence[str] | None = None
    ) -> None:
        """Insert rows into a table: dicts with the same keys, or with ``columns``, tuples of values in that order."""
        if not rows:
            return
        table = schema.metadata.tables[table_name]
        keys = tuple(columns) if columns is not None else tuple(rows[0])
        plain = _plain_insert(conn.dialect, table, keys)
        if plain is None:
            conn.execute(table.insert(), [dict(zip(keys, r, strict=True)) for r in rows] if columns else list(rows))
            return
        sql, order = plain
        if columns is None:
            params = [tuple(map(row.__getitem__, order)) for row in rows]
        elif order == keys:
            params = rows
        else:
            at = [keys.index(k) for k in order]
            params = [tuple(r[i] for i in at) for r in rows]
        # The driver's own cursor, in the connection's open transaction: SQLAlchemy's execution
        # context, built for each statement, costs more than a page's rows.
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(sql, params)
        finally:
            cursor.close()

    def set_minhashes(self, conn: Connection, rows: Sequence[tuple[str, bytes]]) -> None:
        """Replace the MinHash signatures of documents: (document id, signature) pairs."""
        if rows:
            conn.execute(_SET_MINHASH, [{"doc": doc_id, "minhash": sig} for doc_id, sig in rows])

    def record_error(self, source: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(ingest_errors.insert().values(source=source, reason=reason, at=now()))

    def record_source(self, conn: Connection, source: str, page_id: str, size: int | None, mtime: float | None) -> None:
        conn.execute(_FORGET_SOURCE, {"source": source})
        self.insert(conn, "sources", [{"source": source, "page_id": page_id, "size": size, "mtime": mtime, "ingested_at": now()}])


    def record_sources(self, conn: Connection, rows: dict[str, tuple[str, int | None, float | None]]) -> None:
        """``record_source`` for many sources at once: {source: (page id, size, mtime)}."""
        names = list(rows)
        for a in range(0, len(names), 500):
            conn.execute(sources.delete().where(sources.c.source.in_(names[a : a + 500])))
        stamp = now()
        self.insert(conn, "sources", [
            {"source": name, "page_id": page_id, "size": size, "mtime": mtime, "ingested_at": stamp}
            for name, (page_id, size, mtime) in rows.items()
        ])  # fmt: skip


# Statements run once per page, built once (SQLAlchemy then reuses their compiled form).
_PAGE = select(pages.c.id).where(pages.c.id == bindparam("id"))
_FORGET_SOURCE = sources.delete().where(sources.c.source == bindparam("source"))
_SET_MINHASH = documents.update().where(documents.c.id == bindparam("doc")).values(minhash=bindparam("minhash"))


@functools.lru_cache(maxsize=64)
def _plain_insert(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """The INSERT statement for ``keys`` of ``table`` as SQLite's driver takes it, with the keys in
    parameter order; None where SQLAlchemy's own executemany is the better way.

    On SQLite a large executemany spends most of its time in SQLAlchemy building each row's
    parameters; handing the driver rows of plain values is the same statement without that
    cost. Only columns whose values need no conversion by SQLAlchemy (text, numbers) qualify.
    Other databases keep SQLAlchemy's executemany (it batches rows into few round trips).
    """
    if dialect.name != "sqlite" or not dialect.positional:
        return None
    columns = [table.c[k] for k in keys]
    # SQLAlchemy wraps bytes for SQLite's driver, which stores bytes as the same BLOB.
    if any(
        c.type.dialect_impl(dialect).bind_processor(dialect) is not None and not isinstance(c.type, LargeBinary)
        for c in columns
    ):
        return None
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ())
    if sorted(order) != sorted(keys):
        return None
    return str(compiled), order


def open_store(db: str) -> Store:
    """Open (and create or migrate) the database at a path or SQLAlchemy URL."""
    url = _url(db)
    try:
        if url.startswith("sqlite"):
            folder = os.path.dirname(url.removeprefix("sqlite:///"))
            if folder and not os.path.isdir(folder):
                raise StoreError(f"cannot create database {db!r}: folder {folder!r} does not exist")
            engine = create_engine(url, connect_args={"timeout": 30})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                # A new file gets 16 KiB pages (a no-op on an existing one): pages of text and their
                # blocks take fewer, larger pages, and writing them costs less.
                cur.execute("PRAGMA page_size=16384")
                # One transaction per input: in WAL mode with NORMAL sync a commit does not wait
                # for the disk, yet an interrupted run still leaves the last committed state.
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()
        else:
            engine = create_engine(url)
        store = Store(engine)
        store.migrate()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {db!r}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc
    return store
