"""Ingest throughput (documents/second) and peak memory of storyline, beside trafilatura alone on the same HTML.

Workloads (inputs generated under the git-ignored ``bench/work/``):

* text ingest: the whole-page text dumps of both eval sets (``html_to_pagetext.py``); 1000 real, distinct
  news articles as scraped (the raw texts of the SlavicNER set: six languages, seven stories, taken evenly
  across the set); and ~1000 synthetic articles made from ``../shared/seeds/*.txt`` with small random edits
  (a retitled headline, ~8% of words swapped, one paragraph dropped, a unique closing sentence) so that they
  are near but not exact copies;
* HTML ingest: the Zyte/Scrapinghub pages (and the trafilatura-set pages), beside a child process that only
  runs ``trafilatura.extract`` on the same files, one after the other.

Every run is a fresh database and a child process; wall time covers process start, imports, reading,
segmenting and writing. Peak memory is the child's max RSS and CPU time its user + system time, worker processes
included (``getrusage(RUSAGE_CHILDREN)`` in a wrapper).
Each workload runs with analysis off (``STORYLINE_ANALYSE=0``) and, as a second row, on.
Targets: text ingest >= 300 docs/s, judged on the article-sized workloads (real articles, seed copies; the page-text
dumps, whole pages, are a stress row); HTML ingest wall time <= 1.3x trafilatura's own. A run's fixed cost (start-up
and exit: one small file ingested) is measured too, and each rate is also given without it.

Writes ``bench/results/bench-<date>-<host>.md`` (numbers only). No required arguments.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (DEFAULT_SHARED, PYTHON, TRAF, WORK, ZYTE, header, md_table, prepare,  # noqa: E402
                     result_path, storyline_available, storyline_bin)

PKGS = ["storyline", "trafilatura", "lxml", "spacy"]
#: The page-text dumps: whole pages (menus, footers, comments), 11 KB of text a file against an article's 2-5 KB.
STRESS = "text: page-text dumps (both sets)"

_WRAP = r"""
import json, os, resource, subprocess, sys, time
env = dict(os.environ, **json.loads(sys.argv[1]))
t0 = time.perf_counter()
r = subprocess.run(sys.argv[3:], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"rc": r.returncode, "wall": wall, "maxrss_kb": ru.ru_maxrss, "cpu": ru.ru_utime + ru.ru_stime,
           "stderr": r.stderr[-1500:]}, open(sys.argv[2], "w"))
"""

_TRAF_ONLY = r"""
import os, sys, trafilatura
n = 0
for d in sys.argv[1:]:
    for f in sorted(os.listdir(d)):
        trafilatura.extract(open(os.path.join(d, f), "rb").read())
        n += 1
print(n, file=sys.stderr)
"""


def measure(cmd: list[str], env: dict[str, str], timeout: int) -> dict:
    """Run cmd in a wrapper child; return wall seconds, peak RSS (KiB), cpu seconds, exit code."""
    out = WORK / "measure.json"
    try:
        subprocess.run([PYTHON, "-c", _WRAP, json.dumps(env), str(out), *cmd], timeout=timeout, check=False)
        return json.loads(out.read_text())
    except subprocess.TimeoutExpired:
        return {"rc": "timeout", "wall": float(timeout), "maxrss_kb": 0, "cpu": 0.0, "stderr": "timed out"}


def stored_docs(db: Path) -> int | None:
    r = subprocess.run([storyline_bin(), "--db", str(db), "docs", "--json"], capture_output=True, text=True,
                       timeout=600)
    if r.returncode != 0:
        return None
    try:
        docs = json.loads(r.stdout)
    except json.JSONDecodeError:
        return None
    if isinstance(docs, dict):
        docs = next((v for v in docs.values() if isinstance(v, list)), [])
    return sum(1 for d in docs if d.get("parent") in (None, "") and d.get("kind") != "related")


# --------------------------------------------------------------------------------------------- synthetic
def synthetic_seeds(shared: Path, n: int, out: Path, seed: int = 13) -> Path:
    """Write n edited copies of the seed articles (near-duplicates, never exact ones)."""
    if out.exists() and sum(1 for _ in out.iterdir()) == n:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    seeds = [p.read_text() for p in sorted((shared / "seeds").glob("*.txt"))]
    vocab = sorted({w for s in seeds for w in re.findall(r"[A-Za-z]{4,}", s)})
    rng = random.Random(seed)
    for i in range(n):
        src = seeds[i % len(seeds)]
        paras = [p for p in src.split("\n\n") if p.strip()]
        title, body = paras[0], paras[1:]
        if len(body) > 3:
            body.pop(rng.randrange(1, len(body)))
        edited = []
        for p in body:
            words = p.split(" ")
            for _ in range(max(1, len(words) // 12)):
                k = rng.randrange(len(words))
                if words[k].isalpha():
                    words[k] = rng.choice(vocab)
            edited.append(" ".join(words))
        edited.append(f"This is update number {i} of the story, filed by desk {rng.randrange(10**6)}.")
        (out / f"synthetic_{i:05d}.txt").write_text(f"{title} ({rng.choice(vocab)} {i})\n\n" + "\n\n".join(edited) + "\n")
    return out


def real_articles(shared: Path, n: int, out: Path) -> Path:
    """Write n of the SlavicNER set's raw article texts (evenly spaced over the set, in its path order) as .txt files."""
    if out.exists() and sum(1 for _ in out.iterdir()) == n:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with gzip.open(shared / "eval" / "entities_slavic_ner_xling" / "slavicner_docs.jsonl.gz", "rt", encoding="utf-8") as f:
        docs = sorted((d["raw_path"], d["text"]) for d in map(json.loads, f))
    step = max(1, len(docs) // n)
    for i, (_, text) in enumerate(docs[::step][:n]):
        (out / f"article_{i:05d}.txt").write_text(text, encoding="utf-8")
    return out


# --------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared folder (default: %(default)s)")
    ap.add_argument("--synthetic", type=int, default=1000, help="synthetic seed copies (default: %(default)s)")
    ap.add_argument("--articles", type=int, default=1000,
                    help="real news articles from the SlavicNER set (default: %(default)s)")
    ap.add_argument("--no-analyse", action="store_true", help="skip the analysis-on rows")
    ap.add_argument("--no-traf-html", action="store_true", help="skip the 482-page trafilatura-set HTML rows")
    ap.add_argument("--timeout", type=int, default=600, help="per-run timeout in seconds (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run every workload this many times, one after the other (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=None,
                    help="results file (default: bench/results/bench-...); an existing file gets a new section")
    a = ap.parse_args(argv)
    t_start = time.perf_counter()

    zhtml, ztext = prepare(a.shared, ZYTE)
    thtml, ttext = prepare(a.shared, TRAF)
    synth = synthetic_seeds(a.shared, a.synthetic, WORK / "synthetic")
    articles = real_articles(a.shared, a.articles, WORK / "articles")
    workloads = [
        (STRESS, "text", [ztext, ttext]),
        ("text: real news articles (SlavicNER, 6 languages)", "text", [articles]),
        (f"text: synthetic seed copies", "text", [synth]),
        ("HTML: Zyte pages", "html", [zhtml]),
    ]
    if not a.no_traf_html:
        workloads.append(("HTML: trafilatura-set pages", "html", [thtml]))

    have_sl = storyline_available()
    if have_sl:  # warm-up: byte-compile storyline's modules and fill the page cache before anything is timed
        warm = WORK / "warmup.db"
        measure([storyline_bin(), "--db", str(warm), "ingest", str(next(iter(sorted(synth.iterdir()))))],
                {"STORYLINE_ANALYSE": "1"}, a.timeout)
    # The fixed cost of a run (start-up, imports, opening a new store, exit): one small file, the least of three.
    startup = None
    if have_sl:
        one = str(next(iter(sorted(synth.iterdir()))))
        walls = []
        for _ in range(3):
            db = WORK / "startup.db"
            if db.exists():
                db.unlink()
            m = measure([storyline_bin(), "--db", str(db), "ingest", one], {"STORYLINE_ANALYSE": "0"}, a.timeout)
            if m["rc"] == 0:
                walls.append(m["wall"])
        startup = min(walls) if walls else None
    load0 = os.getloadavg()
    rows: list[list[object]] = []
    notes: list[str] = []
    traf_wall: dict[str, float] = {}
    traf_cpu: dict[str, float] = {}
    runs = [(run, w) for run in range(1, a.repeat + 1) for w in workloads]
    for run, (name, kind, dirs) in runs:
        n_in = sum(1 for d in dirs for _ in d.iterdir())
        mib = sum(f.stat().st_size for d in dirs for f in d.iterdir()) / 2**20
        tag = f" (run {run})" if a.repeat > 1 else ""
        if kind == "html":
            load = os.getloadavg()[0]
            m = measure([PYTHON, "-c", _TRAF_ONLY, *map(str, dirs)], {}, a.timeout)
            traf_wall[name] = m["wall"]
            traf_cpu[name] = m["cpu"]
            rows.append([f"trafilatura.extract alone — {name[6:]}{tag}", n_in, n_in, f"{m['wall']:.1f}",
                         f"{m['cpu']:.1f}", f"{n_in / m['wall']:.1f}", "", f"{mib / m['wall']:.2f}",
                         f"{m['maxrss_kb'] / 1024:.0f}", f"{load:.2f}", "reference", ""])
            print(rows[-1], file=sys.stderr, flush=True)
        if not have_sl:
            continue
        for analyse in ([False] if a.no_analyse else [False, True]):
            db = WORK / f"bench_{kind}.db"
            if db.exists():
                db.unlink()
            cmd = [storyline_bin(), "--db", str(db), "ingest", *map(str, dirs)]
            load = os.getloadavg()[0]
            m = measure(cmd, {"STORYLINE_ANALYSE": "1" if analyse else "0"}, a.timeout)
            label = f"storyline — {name} (analysis {'on' if analyse else 'off'}){tag}"
            if m["rc"] != 0:
                rows.append([label, n_in, "—", f"{m['wall']:.1f}", f"{m['cpu']:.1f}", "failed", "", "",
                             f"{m['maxrss_kb'] / 1024:.0f}", f"{load:.2f}", "", f"exit {m['rc']}"])
                notes.append(f"{label}: exit {m['rc']}: {m['stderr'].strip().splitlines()[-1:] if m['stderr'] else ''}")
                print(rows[-1], m["stderr"][-500:], file=sys.stderr, flush=True)
                continue
            n_out = stored_docs(db)
            rate = n_in / m["wall"]
            if name == STRESS:  # whole pages, not articles: not what the text target is judged on
                target = "stress row (whole pages, not judged)"
                ok = "—"
            elif kind == "text":
                target = ">= 300 docs/s"
                ok = "yes" if rate >= 300 else "no"
            else:
                ratio = m["wall"] / traf_wall[name]
                target = f"<= 1.3x trafilatura (is {ratio:.2f}x; CPU {m['cpu'] / traf_cpu[name]:.2f}x)"
                ok = "yes" if ratio <= 1.3 else "no"
            if analyse:
                ok = f"({ok}; target set for analysis off)"
            # (the fixed cost was measured with analysis off: the analysis-on rows get no such rate)
            steady = (f"{n_in / (m['wall'] - startup):.1f}"
                      if startup is not None and not analyse and m["wall"] > startup else "")
            rows.append([label, n_in, n_out if n_out is not None else "?", f"{m['wall']:.1f}", f"{m['cpu']:.1f}",
                         f"{rate:.1f}", steady, f"{mib / m['wall']:.2f}", f"{m['maxrss_kb'] / 1024:.0f}", f"{load:.2f}", target, ok])
            print(rows[-1], file=sys.stderr, flush=True)

    text = header("storyline ingest benchmark", PKGS)
    text += f"- load average at start {load0[0]:.2f}, at end {os.getloadavg()[0]:.2f} (other processes skew timings)\n"
    if not have_sl:
        text += "\n**storyline CLI not available in this run: only the trafilatura reference rows.**\n"
    text += ("\nWall time of a fresh child process per run (imports, reading, segmenting, writing a new SQLite "
             "file); CPU s = user + system time of the child and its worker processes (what a busy machine "
             "has to share out); docs/s = input files / wall seconds; MiB/s = input size / wall seconds (a rate "
             "that does not depend on how long a workload's files are); peak RSS of the child. 'docs stored' counts top-level "
             "documents in `docs --json` (related-article stubs excluded). 'load' is the 1-minute load "
             "average as the run started (other processes on the machine skew timings).\n")
    if startup is not None:
        text += (f"\nA run's fixed cost (start-up, imports, a new store, exit), measured as the least wall time of "
                 f"three runs ingesting one small file, was {startup:.2f} s; 'docs/s after start-up' = input files / "
                 "(wall seconds - that fixed cost), the rate a larger pile approaches. The targets are judged on "
                 "docs/s, fixed cost included.\n")
    text += ("\nThe text target (>= 300 docs/s) is judged on article-sized scraped text: the real news articles and "
             "the seed copies. The page-text dumps are whole pages, about two and a half times an article's text: a "
             "stress row, not judged; compare its MiB/s with the articles'.\n")
    text += "\n" + md_table(["workload", "files in", "docs stored", "wall s", "CPU s", "docs/s",
                             "docs/s after start-up", "MiB/s", "peak RSS MiB", "load", "target", "met"], rows)
    if notes:
        text += "\n\nFailures:\n" + "\n".join(f"- {n}" for n in notes)
    text += f"\n\n_total run time {time.perf_counter() - t_start:.0f}s_\n"
    print(text)
    out = a.out or result_path("bench")
    if out.exists():
        # Earlier runs stay: this one becomes a section of its own below them.
        section = text.replace("# storyline ingest benchmark", f"## Run of {time.strftime('%Y-%m-%d %H:%M')}", 1)
        out.write_text(out.read_text().rstrip() + "\n\n" + section)
    else:
        out.write_text(text)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
