"""Input readers: every format, and bad input that must give one clear reason."""

from __future__ import annotations

import gzip
import io
import json
import pathlib

import pytest

from storyline import readers
from storyline.errors import BinaryInput, EmptyInput, InputError, MalformedInput, TooLarge
from storyline.records import RawDocument

ARTICLE = (
    "The city council approved the new transport budget on Tuesday after a long debate. "
    "The plan adds forty buses and extends night services on three lines, officials said. "
)
HTML = f"""<!doctype html><html><head><title>Council approves budget | Example Times</title>
<meta name="author" content="Jane Example"><meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2024-03-12T10:00:00Z">
<link rel="canonical" href="https://news.example.org/council-budget"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Council approves budget</h1><p>{ARTICLE * 2}</p><p>{ARTICLE}</p></article>
<footer>Copyright Example Times</footer></body></html>"""


def read(path: pathlib.Path | str) -> list[RawDocument | InputError]:
    return list(readers.read_path(str(path)))


def test_text_file_with_sidecar_metadata(tmp_path: pathlib.Path) -> None:
    (tmp_path / "a.txt").write_text("Council approves budget\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": "https://x.example/a", "outlet": "Example"}))
    (doc,) = read(tmp_path / "a.txt")
    assert isinstance(doc, RawDocument)
    assert doc.meta.url == "https://x.example/a" and doc.meta.outlet == "Example"
    assert doc.saved_at is not None


def test_html_gives_text_and_metadata(tmp_path: pathlib.Path) -> None:
    (tmp_path / "p.html").write_text(HTML, encoding="utf-8")
    (doc,) = read(tmp_path / "p.html")
    assert isinstance(doc, RawDocument)
    assert "forty buses" in doc.text and "Home" not in doc.text
    assert doc.meta.author == "Jane Example"
    assert doc.meta.url == "https://news.example.org/council-budget"
    assert doc.meta.published and doc.meta.published.startswith("2024-03-12")
    assert doc.meta.outlet == "Example Times"
    assert doc.html is not None and doc.hints


def test_jsonl_reads_good_lines_and_reports_the_bad_one(tmp_path: pathlib.Path) -> None:
    lines = [
        json.dumps({"text": ARTICLE, "title": "One", "outlet": "A"}),
        "{not json",
        json.dumps({"html": HTML, "url": "https://news.example.org/x"}),
        json.dumps({"title": "no body"}),
    ]
    (tmp_path / "f.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(tmp_path / "f.jsonl")
    assert [type(i).__name__ for i in items] == ["RawDocument", "MalformedInput", "RawDocument", "EmptyInput"]
    assert items[1].source.endswith("f.jsonl:2")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # warcio's writer buffers
def test_warc_records_become_documents(tmp_path: pathlib.Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            "https://news.example.org/a", "response", payload=io.BytesIO(HTML.encode()), http_headers=headers
        )
        writer.write_record(rec)
    (doc,) = read(path)
    assert isinstance(doc, RawDocument) and "forty buses" in doc.text
    assert doc.meta.url and doc.saved_at


def test_rss_feed_entries_become_documents(tmp_path: pathlib.Path) -> None:
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Feed</title>
    <item><title>First</title><link>https://x.example/1</link><pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate>
    <description>{ARTICLE}</description></item>
    <item><title>Second</title><link>https://x.example/2</link><description>&lt;p&gt;{ARTICLE}&lt;/p&gt;</description></item>
    </channel></rss>"""
    (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    docs = read(tmp_path / "feed.xml")
    assert len(docs) == 2 and all(isinstance(d, RawDocument) for d in docs)
    assert docs[0].meta.title == "First" and docs[0].meta.outlet == "Example Feed"


def test_stdin_is_read_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(("Title here\n\n" + ARTICLE).encode())

    monkeypatch.setattr("sys.stdin", FakeStdin())
    (doc,) = read("-")
    assert isinstance(doc, RawDocument) and doc.source == "<stdin>"


@pytest.mark.parametrize("encoding", ["cp1251", "latin-1"])
def test_non_utf8_text_is_decoded(tmp_path: pathlib.Path, encoding: str) -> None:
    text = (
        "Совет утвердил новый бюджет на транспорт после долгих дебатов во вторник вечером. " * 3
        if encoding == "cp1251"
        else "Le conseil a approuvé le budget des transports après un débat très animé mardi soir. " * 3
    )
    (tmp_path / "x.txt").write_bytes(text.encode(encoding))
    (doc,) = read(tmp_path / "x.txt")
    assert isinstance(doc, RawDocument)
    assert doc.text == text


def test_plain_text_is_stored_as_read_and_html_text_composed(tmp_path: pathlib.Path) -> None:
    # A text file's characters stay as they are (offsets into it stay those of the file); the text
    # taken out of a page is in Unicode's composed form, as trafilatura reads pages.
    import unicodedata

    text = "Der Bürgermeister von Köln sprach über die Straße, sagte José Müller. " * 2
    nfd = unicodedata.normalize("NFD", text)
    (tmp_path / "nfd.txt").write_bytes(nfd.encode())
    (doc,) = read(tmp_path / "nfd.txt")
    assert doc.text == nfd
    (tmp_path / "p.html").write_text(HTML.replace("forty buses", unicodedata.normalize("NFD", "forty büses")), encoding="utf-8")
    (page,) = read(tmp_path / "p.html")
    assert "forty büses" in page.text and unicodedata.is_normalized("NFC", page.text)


def test_old_mac_line_ends_end_lines_and_windows_ones_stay(tmp_path: pathlib.Path) -> None:
    lines = ["A headline", "", "A first paragraph.", "A second paragraph."]
    (tmp_path / "mac.txt").write_bytes("\r".join(lines).encode())
    (tmp_path / "win.txt").write_bytes("\r\n".join(lines).encode())
    (mac,) = read(tmp_path / "mac.txt")
    (win,) = read(tmp_path / "win.txt")
    assert mac.text == "\n".join(lines)
    assert win.text == "\r\n".join(lines)  # (the stored text is the file's: its offsets stay the file's)


def test_utf8_text_with_a_few_bytes_of_another_encoding_stays_utf8(tmp_path: pathlib.Path) -> None:
    # A page put together from parts saved in two encodings: read whole as one code page, every
    # UTF-8 character would turn into two wrong ones.
    utf8 = "Grüße aus München: die Bürgermeisterin sprach über die neue Straße. " * 3
    (tmp_path / "x.txt").write_bytes(utf8.encode() + "Köln und Düsseldorf folgten.".encode("latin-1"))
    (doc,) = read(tmp_path / "x.txt")
    assert isinstance(doc, RawDocument)
    assert doc.text == utf8 + "Köln und Düsseldorf folgten."


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"", EmptyInput), (b"   \n\n", EmptyInput), (bytes(range(256)) * 40, BinaryInput)],
)
def test_bad_files_give_one_reason(tmp_path: pathlib.Path, content: bytes, error: type) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    (item,) = read(tmp_path / "bad.txt")
    assert isinstance(item, error)
    assert "bad.txt" in str(item)


def test_truncated_html_still_yields_text(tmp_path: pathlib.Path) -> None:
    (tmp_path / "cut.html").write_text(HTML[: len(HTML) // 2], encoding="utf-8")
    (item,) = read(tmp_path / "cut.html")
    assert isinstance(item, RawDocument | MalformedInput)
    if isinstance(item, RawDocument):
        assert "city council approved" in item.text


def test_too_large_file_is_refused(tmp_path: pathlib.Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 2**20)
    (item,) = list(readers.read_path(str(big), max_bytes=20 * 2**20))
    assert isinstance(item, TooLarge) and "50.0 MB" in item.reason


def test_expand_reports_missing_paths_and_recurses(tmp_path: pathlib.Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE)
    (tmp_path / "sub" / "a.meta.json").write_text("{}")
    (tmp_path / "b.html").write_text(HTML)
    found = list(readers.expand([str(tmp_path), str(tmp_path / "nope.txt"), str(tmp_path / "*.zzz")]))
    paths = [f for f in found if isinstance(f, str)]
    assert [pathlib.Path(p).name for p in paths] == ["b.html", "a.txt"]
    errors = [f for f in found if isinstance(f, InputError)]
    assert len(errors) == 2


def test_gzipped_jsonl(tmp_path: pathlib.Path) -> None:
    with gzip.open(tmp_path / "f.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": ARTICLE}) + "\n")
    (doc,) = read(tmp_path / "f.jsonl.gz")
    assert isinstance(doc, RawDocument)


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        ("Die GÃ¤ste kamen aus MÃ¼nchen, fÃ¼r zwei Tage.", "Die Gäste kamen aus München, für zwei Tage."),
        ("Itâ€™s the â€œbest cafÃ© in town, â€“ they say.", "It’s the “best café in town, – they say."),
        ("Already fine: Gäste, München, café.", "Already fine: Gäste, München, café."),
    ],
)
def test_text_saved_with_mojibake_is_repaired(tmp_path: pathlib.Path, saved: str, expected: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(f"Headline\n\n{saved}\n", encoding="utf-8")
    (doc,) = list(readers.read_path(str(path)))
    assert isinstance(doc, RawDocument)
    assert doc.text == f"Headline\n\n{expected}\n"
