"""The storyline command line: a thin layer over the library.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 success,
1 failure (nothing could be done), 2 usage error.
"""

from __future__ import annotations

import json
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
        self._store: Any = None

    @property
    def settings(self) -> dict[str, Any]:
        from . import settings

        return settings.load({"db": self.db_option})

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
        storyline show 3f2a
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
    store = state.store()
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
        text = b["text"] if (mine and b["kind"] in ("title", "standfirst", "subheading", "body", "comment")) or show_all else b["text"][:70] + ("…" if len(b["text"]) > 70 else "")
        marker = " " if mine else "·"
        reason = f"  [{b['reason']}]" if b["kind"] not in ("body",) else ""
        click.echo(f"{marker}{b['kind']:<11} {b['start']:>6}-{b['end']:<6} {text}{reason}")


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


def main() -> None:  # pragma: no cover
    cli()
