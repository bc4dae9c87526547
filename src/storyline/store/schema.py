"""Tables and ordered, named migrations.

Table and column names are meant to be read by people opening the file in
Datasette or sqlite-utils: ``pages`` hold what was read, ``documents`` the
articles found on them, ``blocks`` every typed span of a page's raw text.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
)

metadata = MetaData()

migrations_table = Table(
    "migrations",
    metadata,
    Column("name", Text, primary_key=True),
    Column("applied_at", Text, nullable=False),
)

pages = Table(
    "pages",
    metadata,
    Column("id", Text, primary_key=True, comment="content hash of the raw text"),
    Column("source", Text, nullable=False, comment="where the page was first read from"),
    Column("format", Text, nullable=False),
    Column("raw_text", Text, nullable=False, comment="the text every offset points into"),
    Column("html", Text, comment="the markup, for HTML inputs"),
    Column("saved_at", Text, comment="when the input was saved (file time, WARC date)"),
    Column("title", Text),
    Column("url", Text),
    Column("published", Text),
    Column("outlet", Text),
    Column("language", Text),
    Column("author", Text),
    Column("ingested_at", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("source", Text, primary_key=True, comment="a path, path:line, path#record or <stdin>"),
    Column("page_id", Text, ForeignKey("pages.id"), nullable=False),
    Column("size", Integer),
    Column("mtime", Float),
    Column("ingested_at", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("page_id", Text, ForeignKey("pages.id"), nullable=False),
    Column("section", Integer, nullable=False, comment="0 = the page's main article, 1.. related"),
    Column("kind", Text, nullable=False, comment="article or related"),
    Column("parent_id", Text, ForeignKey("documents.id")),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("language", Text),
    Column("language_score", Float),
    Column("published", Text),
    Column("url", Text),
    Column("author", Text),
    Column("words", Integer, nullable=False),
    Column("text", Text, nullable=False, comment="the clean body"),
    Column("duplicate_of", Text, ForeignKey("documents.id")),
    Column("similarity", Float, comment="estimated similarity to duplicate_of"),
    Column("minhash", LargeBinary),
    Column("ingested_at", Text, nullable=False),
)
Index("documents_page", documents.c.page_id)
Index("documents_duplicate_of", documents.c.duplicate_of)

blocks = Table(
    "blocks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("page_id", Text, ForeignKey("pages.id"), nullable=False),
    Column("document_id", Text, ForeignKey("documents.id")),
    Column("seq", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("reason", Text, nullable=False, default=""),
)
Index("blocks_page", blocks.c.page_id, blocks.c.seq)
Index("blocks_document", blocks.c.document_id)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", Text, nullable=False),
)

Migration = Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    for table in (pages, sources, documents, blocks, ingest_errors):
        table.create(conn, checkfirst=True)
    for index in (*documents.indexes, *blocks.indexes):
        index.create(conn, checkfirst=True)


#: Ordered (name, function) pairs. Never edit an applied migration: add a new one.
MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_pages_documents_blocks", _initial),
]
