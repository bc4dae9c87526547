"""Ingest: idempotent, incremental, transactional, duplicates linked not dropped."""

from __future__ import annotations

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

    def broken(conn, table, rows):
        if table == "blocks":
            raise RuntimeError("disk full")
        return original(conn, table, rows)

    monkeypatch.setattr(store, "insert", broken)
    report = ingest(store, [str(tmp_path / "b.txt")], settings=settings)
    assert report.pages_added == 0 and len(report.errors) == 1
    after = store.counts()
    assert {k: v for k, v in after.items() if k != "ingest_errors"} == {k: v for k, v in before.items() if k != "ingest_errors"}
    monkeypatch.setattr(store, "insert", original)
    assert ingest(store, [str(tmp_path / "b.txt")], settings=settings).pages_added == 1
