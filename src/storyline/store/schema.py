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

# -- the analysis stage (per document) and the linking stage (across documents) ----------

analysed = Table(
    "analysed",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("model", Text, nullable=False, comment="the spaCy pipeline and version used"),
    Column("analysed_at", Text, nullable=False),
)

document_times = Table(
    "document_times",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("value", Text, nullable=False, comment="ISO date or date-time"),
    Column("confidence", Float, nullable=False),
    Column("evidence", Text, nullable=False, comment="metadata, the text it was read from, or why it was inferred"),
    Column("start", Integer),
    Column("end", Integer),
    Column("inferred", Integer, nullable=False, comment="1 when guessed from the dates the text mentions"),
    Column("begin", Text),
    Column("until", Text),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", Text, nullable=False, comment="the tagger's label; empty for an untagged proper-noun run"),
    Column("type", Text, comment="the type after corpus-wide correction (set by linking)"),
    Column("role", Text),
    Column("role_start", Integer),
    Column("role_end", Integer),
    Column("evidence", Text, nullable=False, default="", comment="speaker or place, when the syntax says so"),
    Column("entity_id", Text, comment="the canonical entity (set by linking)"),
)
Index("mentions_document", mentions.c.document_id)
Index("mentions_entity", mentions.c.entity_id)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Text, primary_key=True, comment="document id and start offset"),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", Text, nullable=False, comment="direct, indirect or fragment"),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_resolved", Text, comment="the full name the document gives the speaker"),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("channel", Text),
    Column("when", Text),
    Column("part_group", Integer, nullable=False, default=0, comment="parts of one split quote share it"),
    Column("speaker", Text, comment="canonical speaker name (set by linking)"),
    Column("entity_id", Text, comment="canonical speaker entity (set by linking)"),
    Column("statement_id", Text, comment="the statement this quote reports (set by linking)"),
)
Index("quotes_document", quotes.c.document_id)

times = Table(
    "times",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("begin", Text),
    Column("until", Text),
    Column("anchored", Integer, nullable=False),
)
Index("times_document", times.c.document_id)

entities = Table(
    "entities",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("variants", Text, nullable=False, comment="JSON list of [spelling, count]"),
    Column("roles", Text, nullable=False, comment="JSON list"),
    Column("documents", Text, nullable=False, comment="JSON list of document ids"),
    Column("mention_count", Integer, nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Text, primary_key=True),
    Column("speaker", Text),
    Column("entity_id", Text),
    Column("text", Text, nullable=False, comment="the longest version"),
    Column("versions", Integer, nullable=False),
    Column("outlets", Text, nullable=False, comment="JSON list"),
    Column("documents", Text, nullable=False, comment="JSON list"),
)

quote_vectors = Table(
    "quote_vectors",
    metadata,
    Column("text_hash", Text, primary_key=True),
    Column("vector", LargeBinary, nullable=False, comment="float16 sentence vector"),
)

# -- the story layer ----------------------------------------------------------------------

event_state = Table(
    "event_state",
    metadata,
    Column("id", Integer, primary_key=True, comment="always 1: the clusterer's saved state"),
    Column("state", LargeBinary, nullable=False, comment="zlib-compressed JSON"),
    Column("documents", Integer, nullable=False),
    Column("updated_at", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("label", Text, nullable=False),
    Column("start", Text),
    Column("end", Text),
    Column("documents", Text, nullable=False, comment="JSON list of document ids"),
    Column("summary", Text, nullable=False, comment="JSON list of {text, documents}"),
)

document_events = Table(
    "document_events",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("event_id", Text, nullable=False),
)

Migration = Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    for table in (pages, sources, documents, blocks, ingest_errors):
        table.create(conn, checkfirst=True)
    for index in (*documents.indexes, *blocks.indexes):
        index.create(conn, checkfirst=True)


def _analysis(conn: Connection) -> None:
    for table in (analysed, document_times, mentions, quotes, times, entities, statements, quote_vectors):
        table.create(conn, checkfirst=True)
    for index in (*mentions.indexes, *quotes.indexes, *times.indexes):
        index.create(conn, checkfirst=True)


def _story(conn: Connection) -> None:
    for table in (event_state, events, document_events):
        table.create(conn, checkfirst=True)


#: Ordered (name, function) pairs. Never edit an applied migration: add a new one.
MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_pages_documents_blocks", _initial),
    ("0002_mentions_quotes_times_entities_statements", _analysis),
    ("0003_events", _story),
]
