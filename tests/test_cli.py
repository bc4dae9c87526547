"""The command line: the contract other tools read (docs --json), exit codes, help with examples."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from storyline.cli import cli


@pytest.fixture
def run(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "cli.db"))
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def test_ingest_then_docs_json_lists_eight_documents(run, seeds) -> None:
    res = run("ingest", str(seeds))
    assert res.exit_code == 0, res.output
    docs = json.loads(run("docs", "--json").stdout)
    assert len(docs) == 8
    keys = {"id", "source", "title", "kind", "parent", "outlet", "language", "published", "url", "words", "text", "comments", "duplicate_of"}
    assert all(keys <= set(d) for d in docs)
    by_name = {pathlib.Path(d["source"]).name: d for d in docs if d["kind"] == "article"}
    assert len(by_name["003_7f6b6b1576a975d4.txt"]["comments"]) == 11
    assert sum(d["kind"] == "related" for d in docs) == 3


def test_show_prints_blocks_with_their_types(run, seeds) -> None:
    run("ingest", str(seeds / "002_00ba41bf3215210e.txt"))
    doc = json.loads(run("docs", "--json").stdout)[0]
    out = json.loads(run("show", doc["id"][:6], "--json").stdout)
    kinds = {b["kind"] for b in out["blocks"]}
    assert {"title", "byline", "image", "caption", "body", "boilerplate"} <= kinds
    text = run("show", doc["id"]).stdout
    assert "caption" in text and "placeholder token" in text


def test_exit_codes(run, tmp_path: pathlib.Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    res = run("ingest", str(tmp_path / "empty.txt"))
    assert res.exit_code == 1
    assert "empty.txt" in res.stderr and "empty" in res.stderr
    assert run("ingest").exit_code == 2
    assert run("show", "nope").exit_code == 1


def test_a_new_database_opens_while_the_first_pages_are_segmented(tmp_path: pathlib.Path) -> None:
    from storyline.cli import _new_database

    assert _new_database(str(tmp_path / "new.db"))
    (tmp_path / "old.db").write_bytes(b"")
    assert not _new_database(str(tmp_path / "old.db"))  # opened first: stored inputs are skipped unread
    assert not _new_database(str(tmp_path / "missing" / "new.db"))  # the error comes at once
    assert not _new_database("postgresql://localhost/storyline")


def test_a_second_ingest_into_a_database_adds_nothing(run, seeds) -> None:
    assert run("ingest", str(seeds)).exit_code == 0
    res = run("ingest", str(seeds))
    assert res.exit_code == 0 and "0 page(s) added" in res.stderr and "5 already stored" in res.stderr


def test_stdin_ingest(run) -> None:
    body = "The council approved the budget on Tuesday after a long debate that ended late in the evening, officials said."
    res = run("ingest", "-", input=f"Budget approved\n\n{body}\n\n{body} More details followed.\n")
    assert res.exit_code == 0, res.output
    assert json.loads(run("docs", "--json").stdout)[0]["source"] == "<stdin>"


def test_every_command_has_help_with_an_example(run) -> None:
    for name, command in cli.commands.items():
        res = run(name, "-h")
        assert res.exit_code == 0
        assert "Example" in res.output, name


def test_help_does_not_load_heavy_models() -> None:
    code = "import sys; from storyline.cli import cli; sys.argv=['storyline','--help']\ntry:\n cli()\nexcept SystemExit: pass\nprint('spacy' in sys.modules, 'trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")


def test_show_takes_a_full_id_that_is_also_a_prefix_of_related_ids(run, seeds) -> None:
    run("ingest", str(seeds / "004_f6ca94376d23a34d.txt"))
    main = next(d for d in json.loads(run("docs", "--json").stdout) if d["kind"] == "article")
    res = run("show", main["id"])
    assert res.exit_code == 0 and main["id"] in res.stdout
    res = run("show", main["id"][:4])
    assert res.exit_code == 1 and "ambiguous" in res.stderr
