"""Read inputs into raw documents: text, HTML, JSON Lines, WARC, RSS/Atom feeds, stdin.

Readers are plain generators: ``read_path(path)`` yields ``RawDocument`` records
and ``InputError`` values (not raised), so that one bad record never stops the
others of the same file from being read.
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from .errors import BinaryInput, EmptyInput, InputError, MalformedInput, TooLarge
from .records import Metadata, RawDocument

TEXT_EXT = (".txt", ".text")
HTML_EXT = (".html", ".htm", ".xhtml")
JSONL_EXT = (".jsonl", ".ndjson", ".jsonl.gz")
WARC_EXT = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_EXT = (".rss", ".atom", ".xml", ".feed")
SIDECAR_SUFFIX = ".meta.json"
SUPPORTED = TEXT_EXT + HTML_EXT + JSONL_EXT + WARC_EXT + FEED_EXT

Item = RawDocument | InputError


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingHtml:
    """An HTML page that has been read but not yet extracted.

    Extraction is the costly part of reading HTML, so ``read_path(..., defer_html=True)``
    hands these out and the caller runs :meth:`extract` where it likes (a worker process).
    """

    source: str
    html: str
    meta: Metadata
    saved_at: str | None
    fmt: str

    def extract(self) -> Item:
        """The page's RawDocument, or the InputError that says why it has no text."""
        try:
            return html_document(self.source, self.html, meta=self.meta, saved_at=self.saved_at, fmt=self.fmt)
        except InputError as exc:
            return exc


def expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Expand files, folders (recursively) and globs into input files, sorted within each argument."""
    for p in paths:
        if p == "-":
            yield p
        elif os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if f.startswith(".") or f.endswith(SIDECAR_SUFFIX):
                        continue
                    if f.lower().endswith(SUPPORTED):
                        found.append(os.path.join(root, f))
            yield from sorted(found)
        elif os.path.exists(p):
            yield p
        elif any(ch in p for ch in "*?["):
            matches = sorted(m for m in glob.glob(p, recursive=True) if os.path.isfile(m))
            if not matches:
                yield InputError(p, "the pattern matches no file")
            yield from (m for m in matches if not m.endswith(SIDECAR_SUFFIX))
        else:
            yield InputError(p, "no such file or folder")


_PREFERRED = ("utf_8", "cp1252", "latin_1", "cp1251", "iso8859_15", "cp1250", "koi8_r", "gb18030", "shift_jis")


def decode(data: bytes, source: str) -> str:
    """Decode bytes to text: UTF-8 first, then the encoding charset-normalizer detects.

    Raises EmptyInput or BinaryInput.
    """
    if not data.strip():
        raise EmptyInput(source, "the file is empty")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise BinaryInput(source, "binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = None
    if matches:
        top = matches[0]
        # Ties between code pages are common on short texts; prefer the most widely used one.
        tied = [m for m in matches if m.chaos == top.chaos and m.coherence == top.coherence]
        best = min(tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED))
    if best is None:
        raise BinaryInput(source, "not text in any known encoding")
    text = str(best)
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:5000])
    if printable < 0.95 * min(len(text), 5000):
        raise BinaryInput(source, f"binary data (decodes as {best.encoding} but is mostly unprintable)")
    return text


_LONE_CR = re.compile("\r(?!\n)")


def lone_cr(text: str) -> str:
    """Text with old Mac line ends (a carriage return alone) ending its lines with a line feed, as the
    rest of ingest reads them; a Windows line end (CR LF) stays as it is (its CR is trailing space)."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


_STRAY = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text holding a few bytes of another encoding (a page put together from parts saved
    in two encodings), its stray bytes read as cp1252 (Latin-1 where cp1252 has no character);
    None when the bytes are not mostly UTF-8.

    Read whole in the one encoding a detector picks, such a page would turn every one of its
    UTF-8 characters into two or three wrong ones.
    """
    text = data.decode("utf-8-sig", errors="surrogateescape")
    stray = len(_STRAY.findall(text))
    valid = len(_NON_ASCII.findall(text)) - stray  # characters that were whole UTF-8 sequences
    if valid < 3 * stray:
        return None
    return _STRAY.sub(lambda m: _one_byte(ord(m.group()) - 0xDC00), text)


def _one_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


# UTF-8 read as Latin-1 or cp1252: a lead byte (Â-ô) followed by what was a continuation byte.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _undo_mojibake_line(line: str) -> str:
    try:
        latin = line.encode("latin-1")  # fails unless every character is below U+0100
    except UnicodeEncodeError:
        latin = None
    else:
        try:
            return latin.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return line.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    if latin is not None:
        # Scrapers often fold U+00A0 (also a UTF-8 continuation byte) into a space, so a few
        # characters cannot be restored; drop those rather than keep the whole line garbled.
        fixed = latin.decode("utf-8", errors="replace")
        if fixed.count("\ufffd") <= max(2, len(fixed) // 10):
            return fixed.replace("\ufffd", "")
    return line


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Latin-1 or cp1252 before it was saved ("FÃ¼r" -> "Für").

    Only a text with several such sequences is touched, and only where the bytes decode as UTF-8.

    Example:
        >>> repair_mojibake("FÃ¼r die GÃ¤ste, Ã¼ber MÃ¼nchen")
        'Für die Gäste, über München'
    """
    if len(_MOJIBAKE.findall(text[:200_000])) < 3:
        return text
    whole = _undo_mojibake_line(text)
    if whole is not text and whole != text and "\ufffd" not in whole:
        return whole
    return "\n".join(_undo_mojibake_line(x) if _MOJIBAKE.search(x) else x for x in text.split("\n"))


def _iso_mtime(path: str) -> str | None:
    try:
        ts = os.stat(path).st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC).isoformat(timespec="seconds")


def sniff(data: bytes, name: str) -> str:
    """Guess the format of an input from its name, then its first bytes."""
    low = name.lower()
    if low.endswith(WARC_EXT):
        return "warc"
    if low.endswith(JSONL_EXT):
        return "jsonl"
    if low.endswith(HTML_EXT):
        return "html"
    if low.endswith(TEXT_EXT):
        return "text"
    head = data[:2048]
    if head[:2] == b"\x1f\x8b":
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(data[:65536])).read(2048)
        except (OSError, EOFError):
            return "text"
    stripped = head.lstrip().lower()
    if stripped.startswith(b"warc/"):
        return "warc"
    if low.endswith(FEED_EXT) or stripped.startswith(b"<?xml"):
        if b"<rss" in stripped or b"<feed" in stripped or b"<rdf" in stripped:
            return "feed"
        if low.endswith(FEED_EXT):
            return "feed"
    if stripped.startswith((b"<!doctype html", b"<html")) or b"<body" in stripped:
        return "html"
    if stripped.startswith(b"{"):
        return "jsonl"
    return "text"


def _sidecar(path: str) -> Metadata:
    base = path.rsplit(".", 1)[0] if "." in os.path.basename(path) else path
    for cand in (base + SIDECAR_SUFFIX, path + SIDECAR_SUFFIX):
        if os.path.exists(cand):
            try:
                with open(cand, encoding="utf-8") as fh:
                    data = json.load(fh)
            except (OSError, ValueError) as exc:
                raise MalformedInput(cand, f"the sidecar is not valid JSON ({exc})") from exc
            if not isinstance(data, dict):
                raise MalformedInput(cand, "the sidecar must hold a JSON object")
            return _meta_from(data)
    return Metadata()


def _str(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _meta_from(d: dict[str, Any]) -> Metadata:
    return Metadata(
        title=_str(d.get("title")),
        url=_str(d.get("url") or d.get("link")),
        published=_str(d.get("published") or d.get("date") or d.get("published_at")),
        outlet=_str(d.get("outlet") or d.get("site_name") or d.get("source")),
        language=_str(d.get("language") or d.get("lang")),
        author=_str(d.get("author")),
    )


def read_path(path: str, *, max_bytes: int = 64 * 2**20, defer_html: bool = False) -> Iterator[Item | PendingHtml]:
    """Read one input file (or ``-`` for stdin) into raw documents and errors.

    With ``defer_html`` an HTML page comes as a :class:`PendingHtml` to extract later.
    """
    for item in _read_path(path, max_bytes=max_bytes):
        yield item if defer_html or not isinstance(item, PendingHtml) else item.extract()


def _read_path(path: str, *, max_bytes: int) -> Iterator[Item | PendingHtml]:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            saved = None
            name = "<stdin>"
        else:
            size = os.path.getsize(path)
            fmt_guess = sniff(b"", path)
            if size > max_bytes and fmt_guess not in ("warc", "jsonl"):
                yield TooLarge(path, f"{size / 2**20:.1f} MB is more than the {max_bytes / 2**20:.0f} MB limit")
                return
            if fmt_guess in ("warc", "jsonl"):
                yield from _read_stream(path, fmt_guess, max_bytes=max_bytes)
                return
            with open(path, "rb") as fh:
                data = fh.read()
            saved = _iso_mtime(path)
            name = path
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:
        yield TooLarge(name, f"{len(data) / 2**20:.1f} MB is more than the {max_bytes / 2**20:.0f} MB limit")
        return
    fmt = sniff(data, name)
    if fmt in ("warc", "jsonl"):
        yield from _read_stream_bytes(name, fmt, io.BytesIO(data), max_bytes=max_bytes)
        return
    try:
        if fmt == "feed":
            yield from _read_feed(name, data, saved)
            return
        text = decode(data, name)
        meta = _sidecar(path) if path != "-" else Metadata()
        if fmt == "html":
            yield PendingHtml(source=name, html=text, meta=meta, saved_at=saved, fmt="html")
        else:
            yield RawDocument(source=name, format="text", text=repair_mojibake(lone_cr(text)), meta=meta, saved_at=saved)
    except InputError as exc:
        yield exc


def _read_stream(path: str, fmt: str, *, max_bytes: int) -> Iterator[Item | PendingHtml]:
    with open(path, "rb") as fh:
        if os.path.getsize(path) == 0:
            yield EmptyInput(path, "the file is empty")
            return
        stream: BinaryIO = fh
        if fmt == "jsonl" and path.lower().endswith(".gz"):
            stream = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
        yield from _read_stream_bytes(path, fmt, stream, max_bytes=max_bytes)


def _read_stream_bytes(name: str, fmt: str, stream: BinaryIO, *, max_bytes: int) -> Iterator[Item | PendingHtml]:
    if fmt == "warc":
        yield from _read_warc(name, stream, max_bytes=max_bytes)
    else:
        yield from _read_jsonl(name, stream, max_bytes=max_bytes)


def _read_jsonl(name: str, stream: BinaryIO, *, max_bytes: int) -> Iterator[Item | PendingHtml]:
    seen_any = False
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        seen_any = True
        where = f"{name}:{lineno}"
        if len(raw) > max_bytes:
            yield TooLarge(where, "the line is larger than the size limit")
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            yield MalformedInput(where, f"not a JSON object ({str(exc).split(':')[0]})")
            continue
        if not isinstance(obj, dict):
            yield MalformedInput(where, "a JSON line must be an object with 'text' or 'html'")
            continue
        meta = _meta_from(obj)
        text, html = obj.get("text"), obj.get("html")
        if isinstance(html, str) and html.strip():
            yield PendingHtml(source=where, html=html, meta=meta, saved_at=None, fmt="jsonl")
        elif isinstance(text, str) and text.strip():
            yield RawDocument(source=where, format="jsonl", text=repair_mojibake(lone_cr(text)), meta=meta)
        else:
            yield EmptyInput(where, "the object has no 'text' or 'html'")
    if not seen_any:
        yield EmptyInput(name, "the file is empty")


def _read_warc(name: str, stream: BinaryIO, *, max_bytes: int) -> Iterator[Item | PendingHtml]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for rec in ArchiveIterator(stream):
            if rec.rec_type not in ("response", "resource"):
                continue
            ctype = ""
            if rec.http_headers is not None:
                ctype = rec.http_headers.get_header("Content-Type") or ""
            else:
                ctype = rec.rec_headers.get_header("Content-Type") or ""
            if ctype and "html" not in ctype.lower() and "text/plain" not in ctype.lower():
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            date = rec.rec_headers.get_header("WARC-Date")
            where = f"{name}#{url or count}"
            body = rec.content_stream().read(max_bytes + 1)
            count += 1
            if len(body) > max_bytes:
                yield TooLarge(where, "the record is larger than the size limit")
                continue
            try:
                text = decode(body, where)
                meta = Metadata(url=url)
                if "text/plain" in ctype.lower():
                    yield RawDocument(source=where, format="warc", text=text, meta=meta, saved_at=date)
                else:
                    yield PendingHtml(source=where, html=text, meta=meta, saved_at=date, fmt="warc")
            except InputError as exc:
                yield exc
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield MalformedInput(name, f"broken WARC archive after {count} records ({exc})")
        return
    if count == 0:
        yield EmptyInput(name, "the archive holds no HTML or text response")


def _read_feed(name: str, data: bytes, saved: str | None) -> Iterator[Item | PendingHtml]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = "the feed has no entries"
        if parsed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        yield MalformedInput(name, reason)
        return
    outlet = _str((parsed.get("feed") or {}).get("title"))
    for i, e in enumerate(entries):
        where = f"{name}#{e.get('id') or e.get('link') or i}"
        content = ""
        if e.get("content"):
            content = max((c.get("value") or "" for c in e["content"]), key=len)
        content = content or e.get("summary") or ""
        meta = Metadata(
            title=_str(e.get("title")),
            url=_str(e.get("link")),
            published=_str(e.get("published") or e.get("updated")),
            outlet=outlet,
            author=_str(e.get("author")),
        )
        if not content.strip():
            yield EmptyInput(where, "the entry has no content or summary")
            continue
        if "<" in content:
            yield PendingHtml(source=where, html=content, meta=meta, saved_at=saved, fmt="feed")
        else:
            yield RawDocument(source=where, format="feed", text=content, meta=meta, saved_at=saved)


def html_document(source: str, html: str, *, meta: Metadata, saved_at: str | None, fmt: str) -> RawDocument:
    """Extract an HTML page's main text, comments and metadata with trafilatura.

    The stored raw text is the title, the main text and the comments, one block
    per line; ``hints`` records which span is which, and the markup is kept.
    """
    from . import htmltext

    return htmltext.extract(source, html, meta=meta, saved_at=saved_at, fmt=fmt)


def with_meta(doc: RawDocument, meta: Metadata) -> RawDocument:
    """Return ``doc`` with the non-empty fields of ``meta`` laid over its own."""
    merged = {f: getattr(meta, f) or getattr(doc.meta, f) for f in Metadata.__dataclass_fields__}
    return replace(doc, meta=Metadata(**merged))
