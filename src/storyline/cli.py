"""The storyline command line: a thin layer over the library.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 success,
1 failure (nothing could be done), 2 usage error.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from . import __version__
from .errors import ConfigError, NotFound, StorylineError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class State:
    def __init__(self, db: str | None) -> None:
        self.db_option = db
        self.overrides: dict[str, Any] = {}
        self._store: Any = None

    @property
    def settings(self) -> dict[str, Any]:
        from . import settings

        return settings.load({"db": self.db_option, **self.overrides})

    def store(self) -> Any:
        if self._store is None:
            from .store import open_store

            self._store = open_store(str(self.settings["db"]))
        return self._store


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn storyline's errors into one line on stderr and an exit code."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NotFound as exc:
            _fail(str(exc), 1)
        except ConfigError as exc:
            _fail(str(exc), 2)
        except StorylineError as exc:
            _fail(str(exc), 1)

    return wrapper


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, widths: dict[str, int] | None = None) -> str:
    """Render rows as a plain fixed-width table that fits the terminal."""
    widths = dict(widths or {})
    term = shutil.get_terminal_size((120, 20)).columns
    cells = [[("" if r.get(c) is None else str(r.get(c))).replace("\n", " ") for c in columns] for r in rows]
    w = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    for i, c in enumerate(columns):
        if c in widths:
            w[i] = min(w[i], widths[c])
    over = sum(w) + 2 * (len(w) - 1) - term
    if over > 0:
        widest = max(range(len(w)), key=lambda i: w[i])
        w[widest] = max(12, w[widest] - over)

    def fit(s: str, n: int) -> str:
        return s if len(s) <= n else s[: max(0, n - 1)] + "…"

    lines = ["  ".join(c.ljust(w[i]) for i, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * w[i] for i in range(len(columns))))
    for row in cells:
        lines.append("  ".join(fit(v, w[i]).ljust(w[i]) for i, v in enumerate(row)).rstrip())
    return "\n".join(lines)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version")
@click.option(
    "--db",
    envvar="STORYLINE_DB",
    show_envvar=True,
    help="Database: a SQLite file (default storyline.db in the working directory) or an SQLAlchemy URL.",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """storyline turns a pile of saved news articles into a sourced story file.

    \b
    Example:
        storyline ingest ~/story/articles/
        storyline docs
        storyline quotes --speaker Tchaikovsky
        storyline report --out story/
    """
    ctx.obj = State(db)

    def close() -> None:
        # Closing the last connection folds the write-ahead log back into the one database file.
        if ctx.obj._store is not None:
            ctx.obj._store.close()

    ctx.call_on_close(close)


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
@click.pass_obj
@_guard
def ingest(state: State, paths: tuple[str, ...], progress: bool | None) -> None:
    """Read articles from files, folders (recursive), globs or - (stdin).

    Formats: plain text (.txt, with an optional NAME.meta.json sidecar), HTML
    (.html/.htm), JSON Lines (one article per line: text or html, optional url,
    title, published, outlet, language), WARC/WARC.gz crawls and RSS/Atom feeds.
    Running it again adds only what is new.

    \b
    Example:
        storyline ingest ../shared/seeds
        storyline ingest 'saved/**/*.html' feed.xml crawl.warc.gz
        cat export.jsonl | storyline ingest -
    """
    from .pipeline import ingest as run

    settings = state.settings
    # A new database opens while the first pages are segmented (see ``pipeline.ingest``); one that
    # exists opens first, so that inputs stored before are skipped unread.
    store = state.store if _new_database(str(settings["db"])) else state.store()
    show = sys.stderr.isatty() if progress is None else progress
    bar: Any = None
    seen = 0

    def on_input(path: str) -> None:
        nonlocal seen
        seen += 1
        if bar is not None:
            bar.update(1)

    def on_error(source: str, reason: str) -> None:
        click.echo(f"storyline: skipped {source}: {reason}", err=True)

    if show:
        from . import readers

        targets = [p for p in readers.expand(paths) if isinstance(p, str)]
        with click.progressbar(length=len(targets), label="Ingesting", file=sys.stderr) as bar:
            report = run(store, paths, settings=settings, on_error=on_error, on_input=on_input)
    else:
        report = run(store, paths, settings=settings, on_error=on_error, on_input=on_input)
    click.echo(f"storyline: {report.summary()}", err=True)
    if not report.ok:
        sys.exit(1)
    if settings["analyse"] and report.added_ids:
        _update(state, report.added_ids, show)


def _new_database(db: str) -> bool:
    """True when ``db`` names an SQLite file that does not exist yet, in a folder that does."""
    if "://" in db or db == ":memory:":
        return False
    path = os.path.abspath(db)
    return not os.path.exists(path) and os.path.isdir(os.path.dirname(path))


def alias_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--aliases and --wikidata: merge rules for the entity linking, put into the settings in force."""

    def remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.ensure_object(State).overrides[str(param.name)] = value

    fn = click.option("--wikidata", type=click.Path(exists=True, dir_okay=False), envvar="STORYLINE_WIKIDATA",
                      expose_value=False, callback=remember,
                      help="Wikidata JSON dump (.json or .json.gz) whose labels and aliases become merge rules.")(fn)
    return click.option("--aliases", type=click.Path(exists=True, dir_okay=False), envvar="STORYLINE_ALIASES",
                        expose_value=False, callback=remember,
                        help="Alias file (YAML or CSV) forcing or forbidding entity merges.")(fn)


def _update(state: State, doc_ids: list[str] | None, show: bool) -> None:
    """Run the analysis on ``doc_ids`` (all when None) and relink, reporting on stderr."""
    from . import stages

    store = state.store()
    total = len(doc_ids) if doc_ids is not None else store.counts()["documents"]
    if show:
        with click.progressbar(length=total, label="Analysing", file=sys.stderr) as bar:
            first, second = stages.update(store, doc_ids, settings=state.settings, on_progress=bar.update)
    else:
        first, second = stages.update(store, doc_ids, settings=state.settings)
    for doc, reason in first.errors:
        click.echo(f"storyline: {doc}: {reason}", err=True)
    click.echo(f"storyline: {first.summary()}", err=True)
    click.echo(f"storyline: {second.summary()}", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
@alias_options
@click.pass_obj
@_guard
def analyse(state: State, progress: bool | None) -> None:
    """Re-run the analysis over every stored document, then relink entities, quotes and statements.

    Ingest already analyses what it adds; run this after changing the model or the alias file.

    \b
    Example:
        storyline analyse
        storyline analyse --aliases people.yaml
        storyline analyse --wikidata wikidata-people.json.gz
    """
    _update(state, None, sys.stderr.isatty() if progress is None else progress)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list: name, type, variants, roles, documents.")
@click.option("--type", "type_", help="Only entities of this type (PERSON, ORG, LOC, MISC).")
@click.pass_obj
@_guard
def entities(state: State, as_json: bool, type_: str | None) -> None:
    """List the canonical entities with all their spellings, roles and documents.

    \b
    Example:
        storyline entities --type person
        storyline entities --json | jq '.[] | select(.type == "PERSON") | .variants'
    """
    from .queries import entity_list

    rows = entity_list(state.store(), type=type_)
    if as_json:
        emit_json(rows)
        return
    view = [{"name": r["name"], "type": r["type"], "mentions": r["mentions"], "docs": len(r["documents"]),
             "roles": ", ".join(r["roles"][:3]),
             "variants": ", ".join(f"{v} ({n})" for v, n in r["variant_counts"].items())} for r in rows]
    click.echo(table(view, ("name", "type", "mentions", "docs", "roles", "variants"), widths={"name": 30}))
    click.echo(f"{len(rows)} entit{'y' if len(rows) == 1 else 'ies'}", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with offsets into the stored raw text.")
@click.option("--speaker", help="Only quotes by this speaker (any spelling of the name).")
@click.pass_obj
@_guard
def quotes(state: State, as_json: bool, speaker: str | None) -> None:
    """List the quotes: who said what, with the cue, channel and time the text gives.

    Kinds: direct (in quote marks), indirect (reported speech) and fragment (a
    quoted phrase, attributed only when the sentence names the speaker).

    \b
    Example:
        storyline quotes --speaker Tchaikovsky
        storyline quotes --json | jq '.[] | {speaker, text, channel}'
    """
    from .queries import quote_list

    rows = quote_list(state.store(), speaker=speaker)
    if as_json:
        emit_json([{k: v for k, v in r.items() if k not in ("id", "statement", "speaker_entity")} | {
            "id": r["id"], "statement": r["statement"]} for r in rows])
        return
    view = [{"document": r["document"], "kind": r["kind"], "speaker": r["speaker"] or "?",
             "cue": r["cue"], "channel": r["channel"], "when": r["when"], "text": r["text"]} for r in rows]
    click.echo(table(view, ("document", "kind", "speaker", "cue", "channel", "when", "text"),
                     widths={"speaker": 24, "channel": 20, "when": 14, "cue": 14}))
    click.echo(f"{len(rows)} quote(s)", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list: speaker, versions, outlets.")
@click.option("--all", "show_all", is_flag=True, help="Also list statements reported by one document only.")
@click.pass_obj
@_guard
def statements(state: State, as_json: bool, show_all: bool) -> None:
    """List statements: the same utterance as reported by different documents, outlets and translations.

    \b
    Example:
        storyline statements
        storyline statements --json | jq '.[] | {speaker, outlets}'
    """
    from .queries import statement_list

    rows = statement_list(state.store(), min_documents=1 if show_all or as_json else 2)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        click.echo(f"{r['speaker'] or '(unknown speaker)'} - {len(r['versions'])} version(s) in "
                   f"{len(r['outlets'])} outlet(s): {', '.join(r['outlets'])}")
        for v in r["versions"]:
            click.echo(f"  [{v['document']}] {v['text']}")
        click.echo("")
    click.echo(f"{len(rows)} statement(s)", err=True)


DOC_COLUMNS = ("id", "kind", "language", "words", "outlet", "published", "title", "source")


def _doc_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "source": row["source"],
        "title": row["title"],
        "kind": row["kind"],
        "parent": row["parent_id"],
        "outlet": row["outlet"],
        "language": row["language"],
        "published": row["published"],
        "url": row["url"],
        "author": row["author"],
        "words": row["words"],
        "text": row["text"],
        "comments": row["comments"],
        "duplicate_of": row["duplicate_of"],
        "similarity": row["similarity"],
        "page": row["page_id"],
        "section": row["section"],
    }


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with the clean text and comments.")
@click.pass_obj
@_guard
def docs(state: State, as_json: bool) -> None:
    """List the stored documents (articles and related articles).

    PUBLISHED is the page metadata's date, else (once analysed) an explicit date
    the page's header gives; AUTHOR (in --json) the names its byline gives.

    \b
    Example:
        storyline docs
        storyline docs --json | jq '.[] | {id, title, words}'
    """
    rows = state.store().documents(include_text=as_json)
    if as_json:
        emit_json([_doc_json(r) for r in rows])
        return
    for r in rows:
        if r["duplicate_of"]:
            r["kind"] = f"{r['kind']} (dup)"
        r["title"] = r["title"] or "(no title)"
    click.echo(table(rows, DOC_COLUMNS, widths={"title": 60, "source": 40, "outlet": 20, "published": 20}))
    click.echo(f"{len(rows)} document(s)", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print the document and its blocks as JSON.")
@click.option("--all", "show_all", is_flag=True, help="Also print the full text of blocks that were set aside.")
@click.pass_obj
@_guard
def show(state: State, doc: str, as_json: bool, show_all: bool) -> None:
    """Show one document segmented into typed blocks, with what was set aside and why.

    DOC is a document id, a unique id prefix or the source path. The whole page is
    shown; blocks that belong to another document of the page are marked with a dot.

    \b
    Example:
        storyline show 3f2a9c
        storyline show ../shared/seeds/004_f6ca94376d23a34d.txt --json
    """
    store = state.store()
    d = store.document(store.resolve_document(doc))
    blocks = d.pop("blocks")
    d.pop("raw_text")
    if as_json:
        out = _doc_json({**d, "comments": d["comments"]})
        out["blocks"] = [
            {"kind": b["kind"], "start": b["start"], "end": b["end"], "text": b["text"], "reason": b["reason"], "document": b["document_id"]}
            for b in blocks
        ]
        emit_json(out)
        return
    click.echo(f"{d['id']}  {d['kind']}  {d['language'] or '?'}  {d['words']} words  {d['source']}")
    click.echo(f"title: {d['title'] or '(none)'}")
    if d["parent_id"]:
        click.echo(f"related article of {d['parent_id']}")
    if d["duplicate_of"]:
        click.echo(f"duplicate of {d['duplicate_of']} (similarity {d['similarity']})")
    click.echo("")
    for b in blocks:
        mine = b["document_id"] == d["id"]
        # A run of set-aside lines is one block: its lines, on one line, apart by " / ".
        full = " / ".join(line.strip() for line in b["text"].splitlines() if line.strip())
        text = full if (mine and b["kind"] in ("title", "standfirst", "subheading", "body", "comment")) or show_all else full[:70] + ("…" if len(full) > 70 else "")
        marker = " " if mine else "·"
        reason = f"  [{b['reason']}]" if b["kind"] not in ("body",) else ""
        click.echo(f"{marker}{b['kind']:<11} {b['start']:>6}-{b['end']:<6} {text}{reason}")


@cli.command(context_settings=CONTEXT)
@alias_options
@click.pass_obj
@_guard
def link(state: State) -> None:
    """Re-run the cross-document layer alone: entities, quote speakers, statements and events.

    Events are updated incrementally: the clusterer's state is kept in the store, new documents
    join an event or open one, and only the events they touch are looked at again.

    \b
    Example:
        storyline link --aliases people.yaml
    """
    from . import stages

    click.echo(f"storyline: {stages.link(state.store(), settings=state.settings).summary()}", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list: id, label, documents, start, end, summary.")
@click.pass_obj
@_guard
def events(state: State, as_json: bool) -> None:
    """List the events: groups of documents about one happening, with a label and a cited summary.

    \b
    Example:
        storyline events
        storyline events --json | jq '.[] | {id, label, documents}'
    """
    from .queries import event_list

    rows = event_list(state.store())
    if as_json:
        emit_json(rows)
        return
    for e in rows:
        span = " to ".join(dict.fromkeys(x for x in (e["start"], e["end"]) if x)) or "dates unknown"
        span = "" if span in e["label"] else f"{span}; "  # the label gives the dates when they are known
        click.echo(f"{e['id']}  {e['label']}  ({span}{len(e['documents'])} document(s): {', '.join(e['documents'])})")
        for item in e["summary"]:
            click.echo(f"    - {item['text']} [{', '.join(item['documents'])}]")
        click.echo("")
    click.echo(f"{len(rows)} event(s)", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the timeline items as JSON, with their sources.")
@click.pass_obj
@_guard
def timeline(state: State, as_json: bool) -> None:
    """Print the timeline: dated happenings with their sources, and the dates outlets disagree on.

    Items are listed episode by episode (one heading per event). Weekdays the text does
    not anchor to a date are shown as such ("a Friday (date not given)").

    \b
    Example:
        storyline timeline
        storyline timeline --json | jq '.[] | select(.conflict)'
    """
    from .story import build_timeline_view

    items = build_timeline_view(state.store())
    if as_json:
        emit_json(items)
        return
    episodes = {it["event"] for it in items}
    current: object = ()
    for it in items:
        if len(episodes) > 1 and it["event"] != current:
            current = it["event"]
            gap = "\n" if it is not items[0] else ""
            click.echo(f"{gap}== {it['event_label'] or it['event'] or 'not in an event'}")
        mark = "CONFLICT " if it["conflict"] else ""
        click.echo(f"{it['label']:<28} {mark}[{it['kind']}] {it['text']}")
        for d in it["dates"]:
            docs = ", ".join(f"{s['outlet']} {s['document']}" for s in d["sources"])
            if it["conflict"]:
                click.echo(f"{'':<28}   {d['label']}: {docs}")
            else:
                click.echo(f"{'':<28}   {docs}")
    click.echo(f"{len(items)} item(s), {sum(1 for i in items if i['conflict'])} with conflicting dates", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--out", "out_dir", default="report", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write report.html, report.md and report.json into.")
@click.pass_obj
@_guard
def report(state: State, out_dir: str) -> None:
    """Write the story file: report.html (one self-contained page), report.md and report.json.

    Overview, timeline chart, events, quotes by speaker with their versions across
    outlets, entities, corroboration, contradictions, positions, and every document
    with the cited passages highlighted.

    \b
    Example:
        storyline report --out story/
    """
    from .report import write_report
    from .story import build_story

    paths = write_report(build_story(state.store()), out_dir)
    for kind, path in paths.items():
        click.echo(str(path))
    click.echo(f"storyline: wrote the report to {out_dir}", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
@click.pass_obj
@_guard
def config(state: State, as_json: bool) -> None:
    """Print the settings in force (defaults, config file, STORYLINE_* variables, options).

    \b
    Example:
        STORYLINE_MAX_FILE_MB=10 storyline config
    """
    from .settings import SETTINGS

    values = state.settings
    if as_json:
        emit_json(values)
        return
    rows = [{"setting": s.name, "value": values[s.name], "help": s.help} for s in SETTINGS]
    click.echo(table(rows, ("setting", "value", "help")))


def main() -> None:  # pragma: no cover - the console script
    """The ``storyline`` command."""
    import atexit
    import gc

    # As the process ends, the objects left go back with its memory: without this the collector's
    # last passes at exit sweep them all once more (about a tenth of a second after a large ingest).
    atexit.register(gc.freeze)
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
