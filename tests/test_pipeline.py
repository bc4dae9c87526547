"""Ingest: idempotent, incremental, transactional, duplicates linked not dropped."""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

from storyline.pipeline import ingest

PARAS = [
    "The regional council voted on Tuesday to approve the new budget for public transport, after a debate that lasted more than six hours and ended late in the evening.",
    "The plan adds forty buses to the fleet and extends night services on three lines, the council's transport committee said in a statement published after the vote.",
    "Opposition members argued that the money should have gone to road repairs instead, and they said they would bring the question back at the next session in the spring.",
]


def write(path: pathlib.Path, title: str, paras: list[str]) -> pathlib.Path:
    path.write_text("\n\n".join([title, *paras]) + "\n", encoding="utf-8")
    return path


def test_seeds_give_five_pages_and_three_related_articles(store, settings, seeds) -> None:
    report = ingest(store, [str(seeds)], settings=settings)
    assert report.pages_added == 5 and report.articles_added == 5 and report.related_added == 3
    docs = store.documents()
    assert len(docs) == 8
    related = [d for d in docs if d["kind"] == "related"]
    parent = {d["parent_id"] for d in related}
    assert len(parent) == 1 and parent <= {d["id"] for d in docs}
    assert all(d["language"] == "en" for d in docs)


def test_a_documents_author_is_the_name_its_byline_gives(store, settings, tmp_path: pathlib.Path) -> None:
    page = tmp_path / "byline.txt"
    page.write_text("\n\n".join(["Council approves bigger bus budget", "Von Anna Beispiel, Hauptstadtstudio", *PARAS]) + "\n")
    ingest(store, [str(page)], settings=settings)
    (doc,) = store.documents()
    assert doc["author"] == "Anna Beispiel"


def test_ingest_twice_adds_nothing(store, settings, seeds) -> None:
    ingest(store, [str(seeds)], settings=settings)
    before = store.counts()
    report = ingest(store, [str(seeds)], settings=settings)
    assert report.pages_added == 0 and report.pages_unchanged == 5
    assert store.counts() == before


def test_ingest_is_incremental_and_content_addressed(store, settings, tmp_path: pathlib.Path) -> None:
    a = write(tmp_path / "a.txt", "Council approves bus budget", PARAS)
    ingest(store, [str(tmp_path)], settings=settings)
    copy = tmp_path / "sub"
    copy.mkdir()
    shutil.copy(a, copy / "same.txt")  # same content under another name
    write(tmp_path / "b.txt", "Storm closes mountain roads", [p.replace("council", "weather service") + " Snow fell." for p in PARAS])
    report = ingest(store, [str(tmp_path)], settings=settings)
    assert report.pages_added == 1 and report.pages_unchanged == 2
    assert store.counts()["pages"] == 2


def test_a_store_given_as_its_opener_is_opened_once_and_finds_what_it_holds(store, settings, seeds) -> None:
    opened = []

    def opener():
        opened.append(True)
        return store

    first = ingest(opener, [str(seeds)], settings=settings)
    assert opened == [True] and first.pages_added == 5
    before = store.counts()
    # Opened when the first pages are written: they are found stored by their content, and add nothing.
    again = ingest(opener, [str(seeds)], settings=settings)
    assert again.pages_added == 0 and again.pages_unchanged == 5 and store.counts() == before


def test_a_store_given_as_its_opener_opens_after_the_first_batch_is_handed_out(settings, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline import pipeline
    from storyline.store import open_store

    for i in range(6):
        write(tmp_path / f"t{i}.txt", f"Council approves bus budget, part {i}", [p.replace("council", f"council {i}") for p in PARAS])
    monkeypatch.setattr(pipeline, "BATCH", 3)
    events: list[str] = []
    shared = pipeline._shared_lines
    monkeypatch.setattr(pipeline, "_shared_lines", lambda pages: events.append("batch") or shared(pages))

    def opener():
        events.append("open")
        return open_store(str(tmp_path / f"lazy{events.count('open')}.db"))

    report = ingest(opener, [str(tmp_path)], settings=settings)
    assert report.pages_added == 6
    # The first batch is segmented before the store opens, to write it.
    assert events == ["batch", "open", "batch"]
    if (os.cpu_count() or 1) >= 2:
        # With the workers, the first two batches are handed out before it opens, to write the first.
        monkeypatch.setattr(pipeline, "PARALLEL_MIN", 2)
        monkeypatch.setattr(pipeline, "CHUNK", 2)
        events.clear()
        for i in range(6):
            write(tmp_path / f"t{i}.txt", f"Council approves bus budget, part {i}", [p.replace("council", f"region {i}") for p in PARAS])
        assert ingest(opener, [str(tmp_path)], settings=settings).pages_added == 6
        assert events == ["batch", "batch", "open"]


def test_a_run_of_boilerplate_lines_is_one_stored_block(store, settings, tmp_path: pathlib.Path) -> None:
    from sqlalchemy import select

    from storyline.store.schema import blocks, pages

    lines = ["Home", "World", "Sport", "Share", "Council approves bus budget", *PARAS, "Share this", "Subscribe", "Home"]
    (tmp_path / "a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest(store, [str(tmp_path)], settings=settings)
    with store.engine.connect() as conn:
        raw = conn.execute(select(pages.c.raw_text)).scalar_one()
        rows = conn.execute(select(blocks).order_by(blocks.c.seq)).mappings().all()
    assert [r["seq"] for r in rows] == list(range(len(rows)))
    assert all(r["text"] == raw[r["start"] : r["end"]] for r in rows)
    kinds = [r["kind"] for r in rows]
    assert kinds == ["boilerplate", "title", "standfirst", "body", "body", "boilerplate"]
    assert not any(a["kind"] == b["kind"] == "boilerplate" and a["document_id"] == b["document_id"] for a, b in zip(rows, rows[1:]))
    menu = rows[0]
    assert menu["text"].split("\n")[:3] == ["Home", "World", "Sport"]
    # Each reason of the run's lines, once.
    reasons = menu["reason"].split("; ")
    assert reasons and len(reasons) == len(set(reasons))


def test_near_duplicates_are_linked_to_the_first_copy(store, settings, tmp_path: pathlib.Path) -> None:
    write(tmp_path / "a.txt", "Council approves bus budget", PARAS)
    write(tmp_path / "b.txt", "Council approves bus budget (wire copy)", PARAS[:2] + [PARAS[2].replace("spring", "autumn")])
    report = ingest(store, [str(tmp_path)], settings=settings)
    assert report.duplicates == 1
    docs = {d["source"].rsplit("/", 1)[-1]: d for d in store.documents()}
    assert docs["b.txt"]["duplicate_of"] == docs["a.txt"]["id"]
    assert docs["a.txt"]["duplicate_of"] is None


def test_bad_inputs_are_reported_and_the_run_goes_on(store, settings, tmp_path: pathlib.Path) -> None:
    write(tmp_path / "good.txt", "Council approves bus budget", PARAS)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "lines.jsonl").write_text('{"text": "%s"}\n{broken\n' % PARAS[0])
    errors: list[tuple[str, str]] = []
    report = ingest(store, [str(tmp_path), str(tmp_path / "missing.txt")], settings=settings, on_error=lambda s, r: errors.append((s, r)))
    assert report.pages_added == 2
    sources = sorted(pathlib.Path(s.split(":")[0]).name for s, _ in errors)
    assert sources == ["binary.txt", "empty.txt", "lines.jsonl", "missing.txt"]
    assert store.counts()["ingest_errors"] == 4


def test_a_failure_while_storing_leaves_the_store_unchanged(store, settings, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.txt", "Council approves bus budget", PARAS)
    ingest(store, [str(tmp_path / "a.txt")], settings=settings)
    before = store.counts()
    write(tmp_path / "b.txt", "Storm closes mountain roads", [p + " Snow fell overnight." for p in PARAS[::-1]])
    original = store.insert

    def broken(conn, table, rows, **options):
        if table == "blocks":
            raise RuntimeError("disk full")
        return original(conn, table, rows, **options)

    monkeypatch.setattr(store, "insert", broken)
    report = ingest(store, [str(tmp_path / "b.txt")], settings=settings)
    assert report.pages_added == 0 and len(report.errors) == 1
    after = store.counts()
    assert {k: v for k, v in after.items() if k != "ingest_errors"} == {k: v for k, v in before.items() if k != "ingest_errors"}
    monkeypatch.setattr(store, "insert", original)
    assert ingest(store, [str(tmp_path / "b.txt")], settings=settings).pages_added == 1


def _stored(store) -> tuple[list, list]:
    from sqlalchemy import select

    from storyline.store.schema import blocks, documents

    with store.engine.connect() as conn:
        docs = [tuple(r) for r in conn.execute(select(*[c for c in documents.c if c.name != "ingested_at"]).order_by(documents.c.id))]
        bl = [tuple(r) for r in conn.execute(select(*[c for c in blocks.c if c.name != "id"]).order_by(blocks.c.page_id, blocks.c.seq))]
    return docs, bl


def test_worker_processes_store_what_one_process_stores(settings, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline import pipeline
    from storyline.store import open_store

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: ingest stays in one process")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(9):
        paras = [p.replace("council", f"council of district {i}") for p in PARAS]
        write(folder / f"t{i}.txt", f"Council approves bus budget, part {i}", ["Home", "World", "Sport", *paras, "Share this", "Subscribe"])
    for i in range(5):
        body = "".join(f"<p>{p} (district {i})</p>" for p in PARAS)
        (folder / f"h{i}.html").write_text(f"<html><head><title>Budget vote {i}</title></head><body><nav>Home World</nav><article><h1>Budget vote {i}</h1>{body}</article></body></html>")
    (folder / "empty.html").write_text(" ")
    # Small batches (shared lines are found per batch), in one process, then in worker processes.
    monkeypatch.setattr(pipeline, "BATCH", 4)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 10**6)
    monkeypatch.setattr(pipeline, "PARALLEL_HTML_MIN", 10**6)
    serial = open_store(str(tmp_path / "serial.db"))
    one = ingest(serial, [str(folder)], settings=settings)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 2)
    monkeypatch.setattr(pipeline, "PARALLEL_HTML_MIN", 2)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    started = []
    start = pipeline._Workers.start
    monkeypatch.setattr(pipeline._Workers, "start", lambda self, warm: started.append(start(self, warm)) or started[-1])
    parallel = open_store(str(tmp_path / "parallel.db"))
    many = ingest(parallel, [str(folder)], settings=settings)
    assert one.pages_added == 14 and len(one.errors) == 1
    assert one.summary() == many.summary() and one.errors == many.errors and one.added_ids == many.added_ids
    assert _stored(serial) == _stored(parallel)
    assert started and all(started)  # the workers did run (this machine has the cores and fork)
    serial.close()
    parallel.close()


def test_a_failed_input_in_a_batch_fails_alone(store, settings, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.txt", "Council approves bus budget", PARAS)
    write(tmp_path / "b.txt", "Storm closes mountain roads", [p + " Snow fell overnight." for p in PARAS[::-1]])
    write(tmp_path / "c.txt", "Council approves bus budget (wire copy)", PARAS[:2] + [PARAS[2].replace("spring", "autumn")])
    original = store.insert

    def broken(conn, table, rows, **options):
        if table == "blocks" and any("Snow fell" in r[options["columns"].index("text")] for r in rows):
            raise RuntimeError("disk full")
        return original(conn, table, rows, **options)

    monkeypatch.setattr(store, "insert", broken)
    report = ingest(store, [str(tmp_path)], settings=settings)
    assert [pathlib.Path(s).name for s, _ in report.errors] == ["b.txt"]
    assert report.pages_added == 2 and report.duplicates == 1
    docs = {d["source"].rsplit("/", 1)[-1]: d for d in store.documents()}
    assert sorted(docs) == ["a.txt", "c.txt"] and docs["c.txt"]["duplicate_of"] == docs["a.txt"]["id"]


def test_duplicate_index_rollback_takes_back_tentative_documents() -> None:
    from storyline import dedup

    text = " ".join(PARAS)
    index = dedup.DuplicateIndex()
    index.add("a", text, dedup.signature(text))
    before = (dict(index.exact), dict(index.canonical), dict(index.sigs), {k: list(v) for k, v in index.buckets.items()})
    index.begin()
    near = text.replace("spring", "autumn")
    index.add("b", near, dedup.signature(near), "a")
    index.add("c", "Something else entirely, said nobody in particular at all today.", dedup.signature("x y z"))
    assert index.find(near, dedup.signature(near)) is not None
    index.rollback()
    assert (index.exact, index.canonical, index.sigs, index.buckets) == before


@pytest.mark.parametrize(
    ("text", "digest"),
    [
        ("The regional council voted on Tuesday to approve the new budget for public transport.", "0c86ea4f468e3d5e"),
        ("Übergröße: Die Straße in München wurde gesperrt, sagte die Polizei am Montag.", "b01f965df6ce05d5"),
        ("short text", "e050656cbee09652"),
        ("", "9309496a3d94732b"),
    ],
)
def test_minhash_signatures_stay_what_stores_hold(text: str, digest: str) -> None:
    # Stored signatures are compared with new ones: the shingles and hashes must never change
    # (a signature of another kind is recomputed from its text when the store is loaded).
    import hashlib

    from storyline import dedup

    assert hashlib.sha256(dedup.signature(text)).hexdigest()[:16] == digest
    assert len(dedup.signature(text)) == dedup.SIGNATURE_BYTES


def test_signatures_of_many_texts_are_each_text_s_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from storyline import dedup

    def alone(text: str) -> bytes:  # every shingle hashed at once, the minimum of each function
        a, b = dedup._permutations()
        x = dedup._shingle_hashes(dedup._normalised(text))
        with np.errstate(over="ignore"):
            return ((np.multiply.outer(a, x) + b[:, None]).min(axis=1) >> np.uint64(32)).astype("<u4").tobytes()

    long_text = " ".join(f"word{i % 997} w{i}" for i in range(3000))
    texts = [PARAS[0], "", "short text", long_text, PARAS[1], long_text[::-1], PARAS[2]]
    monkeypatch.setattr(dedup, "_SLICE", 1000)  # the long texts are hashed in slices, the short ones together
    assert dedup.signatures(texts) == [alone(t) for t in texts]
    assert dedup.signatures([]) == []


def test_signatures_of_the_first_kind_are_recomputed_and_still_find_near_duplicates(store, settings, tmp_path: pathlib.Path) -> None:
    # A store written before signatures were built from word hashes holds 64 8-byte minima per document.
    from sqlalchemy import select, update

    from storyline import dedup
    from storyline.store.schema import documents

    write(tmp_path / "a.txt", "Council approves bus budget", PARAS)
    ingest(store, [str(tmp_path / "a.txt")], settings=settings)
    old_kind = bytes(range(256)) * 2  # 512 bytes: what only a signature of the first kind looks like
    with store.transaction() as conn:
        conn.execute(update(documents).values(minhash=old_kind))
    assert not dedup.is_current(old_kind) and dedup.similarity(old_kind, dedup.signature("x")) == 0.0
    write(tmp_path / "b.txt", "Council approves bus budget (wire copy)", PARAS[:2] + [PARAS[2].replace("spring", "autumn")])
    report = ingest(store, [str(tmp_path / "b.txt")], settings=settings)
    assert report.duplicates == 1
    docs = {d["source"].rsplit("/", 1)[-1]: d for d in store.documents()}
    assert docs["b.txt"]["duplicate_of"] == docs["a.txt"]["id"] and docs["b.txt"]["similarity"] >= 0.8
    with store.engine.connect() as conn:
        stored = dict(conn.execute(select(documents.c.id, documents.c.minhash)).all())
    # stored again in the current kind, once: the next run has nothing to recompute
    assert stored[docs["a.txt"]["id"]] == dedup.signature(docs["a.txt"]["text"])
    assert all(dedup.is_current(sig) for sig in stored.values())
    assert dedup.DuplicateIndex().load(store.minhashes()) == []


def test_sqlalchemy_executemany_stores_what_the_sqlite_driver_path_stores(settings, seeds, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Other databases (PostgreSQL) get rows through SQLAlchemy Core; SQLite's get plain rows.
    from storyline.store import db, open_store

    direct = open_store(str(tmp_path / "direct.db"))
    ingest(direct, [str(seeds)], settings=settings)
    monkeypatch.setattr(db, "_plain_insert", lambda dialect, table, keys: None)
    core = open_store(str(tmp_path / "core.db"))
    ingest(core, [str(seeds)], settings=settings)
    assert _stored(direct) == _stored(core)
    direct.close()
    core.close()
