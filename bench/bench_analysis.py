"""Cost of the analysis and linking stages, and the statement matcher at scale.

1. On the PolNeAR dev texts (read from ../shared at run time): spaCy's own parse time beside the time
   storyline spends on top of it per document (mentions with roles, quotes, time expressions) and across
   documents (entity linking). Target: the work on top costs at most 30% of the parse.
2. The statement matcher on synthetic utterances (random unit vectors in 512 dimensions with planted
   near-duplicate reports): time and peak memory at 1k, 10k and 100k utterances with the approximate
   nearest-neighbour index, and, up to 20k, the all-pairs matrix product beside it (recall of the index
   against it).
3. End to end on the ECB+ texts of topics 1-25 (535 news articles): `storyline ingest` with analysis on
   (reading, segmenting, parsing, quotes, time, entities, statements, events) and `storyline report`, each
   a fresh process on a new store; the report twice (the second reads the sentence vectors the first stored).

Usage: .venv/bin/python bench/bench_analysis.py [--sizes 1000,10000,100000] [--limit N]
"""

from __future__ import annotations

import argparse
import glob
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_SHARED, header, md_table, result_path  # noqa: E402


def analysis_cost(shared: Path, limit: int | None) -> list[list[object]]:
    from storyline.analysis import find_mentions
    from storyline.link import link_entities
    from storyline.quotes import extract_quotes, load_model
    from storyline.timex import find_times

    nlp = load_model()
    paths = sorted(glob.glob(str(shared / "eval" / "quotes_polnear" / "data" / "dev" / "text" / "*.txt")))[:limit]
    texts = [open(p, encoding="utf-8").read() for p in paths]
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    all_mentions = []
    for i, d in enumerate(docs):
        all_mentions.extend((f"d{i}", m) for m in find_mentions(d))
    mentions_t = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_quotes = sum(len(extract_quotes(t, d)) for t, d in zip(texts, docs, strict=True))
    quotes_t = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_times = sum(len(find_times(t)) for t in texts)
    times_t = time.perf_counter() - t0
    t0 = time.perf_counter()
    links = link_entities(all_mentions)
    link_t = time.perf_counter() - t0
    on_top = mentions_t + quotes_t + link_t
    return [
        ["documents", len(texts), ""],
        ["spaCy parse (s)", round(parse, 2), "100%"],
        [f"mentions with roles ({len(all_mentions)})", round(mentions_t, 2), f"{100 * mentions_t / parse:.1f}%"],
        [f"quotes ({n_quotes})", round(quotes_t, 2), f"{100 * quotes_t / parse:.1f}%"],
        [f"entity linking ({len(links.entities)} entities)", round(link_t, 2), f"{100 * link_t / parse:.1f}%"],
        ["entity and quote work on top of the parse", round(on_top, 2), f"{100 * on_top / parse:.1f}%"],
        [f"time expressions ({n_times}; no parse needed)", round(times_t, 2), f"{100 * times_t / parse:.1f}%"],
    ]


def _worker(n: int, exact: bool) -> None:
    """Run one matcher size in this process and print 'seconds peak_mib pairs recall'."""
    import numpy as np

    from storyline.link import Utterance, close_pairs, match_statements
    from storyline.link.statements import THRESHOLD

    rng = np.random.default_rng(7)
    base = rng.normal(size=(n, 512)).astype(np.float32)
    dup = max(1, n // 10)
    base[n - dup :] = base[:dup] + 0.35 * rng.normal(size=(dup, 512)).astype(np.float32)
    vecs = base / np.linalg.norm(base, axis=1, keepdims=True)
    utts = [Utterance(key=str(i), quote_ids=(str(i),), document=f"d{i}", text="w " * 5, entity=f"p{i % max(1, dup)}",
                      speaker=None) for i in range(n)]
    t0 = time.perf_counter()
    found = match_statements(utts, lambda texts: vecs)
    secs = time.perf_counter() - t0
    matched = {(int(u.key)) for s in found if len(s.utterances) > 1 for u in s.utterances}
    planted = dup
    recall = sum(1 for i in range(dup) if i in matched and (n - dup + i) in matched) / planted
    if exact:
        t1 = time.perf_counter()
        sims = vecs @ vecs.T
        ii, jj = np.nonzero(np.triu(sims >= THRESHOLD, 1))
        exact_s = time.perf_counter() - t1
        approx = set(close_pairs(vecs, THRESHOLD))
        agree = len(approx & set(zip(ii.tolist(), jj.tolist(), strict=True))) / max(1, len(ii))
    else:
        exact_s, agree = float("nan"), float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{secs:.2f} {peak:.0f} {recall:.3f} {exact_s:.2f} {agree:.3f}")


def matcher_scaling(sizes: list[int]) -> list[list[object]]:
    rows = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--worker", str(n)] + (["--exact"] if n <= 20000 else []),
                             capture_output=True, text=True, check=True).stdout.split()
        secs, peak, recall, exact_s, agree = out
        rows.append([n, secs, peak, recall, exact_s, agree])
    return rows


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of a child process."""
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr[-1500:]}")
    return wall, int(proc.stderr.strip().splitlines()[-1]) // 1024


def end_to_end() -> list[list[object]]:
    import os
    import tempfile

    from _common import storyline_bin
    from eval_events import load_ecb

    _, txt_dir, gold, _ = load_ecb()
    n = len(gold)
    env = dict(os.environ, STORYLINE_ANALYSE="1")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "e2e.db")
        wall, peak = _timed([storyline_bin(), "--db", db, "ingest", str(txt_dir)], env)
        rows.append(["ingest with analysis and linking", n, f"{wall:.1f}", f"{n / wall:.1f}", peak])
        for label in ("report (sentence vectors computed)", "report again (vectors from the store)"):
            wall, peak = _timed([storyline_bin(), "--db", db, "report", "--out", str(Path(tmp) / "rep")], env)
            rows.append([label, n, f"{wall:.1f}", f"{n / wall:.1f}", peak])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--exact", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        _worker(args.worker, args.exact)
        return
    text = header("Analysis cost and statement matching at scale", ["spacy", "numpy"])
    text += "\n## Work on top of spaCy's parse (PolNeAR dev texts)\n\n"
    text += md_table(["step", "seconds", "share of parse"], analysis_cost(args.shared, args.limit))
    text += ("\n## Statement matcher (synthetic 512-d unit vectors, 10% planted near-duplicate reports, "
             "fresh process per size)\n\n")
    text += md_table(["utterances", "match seconds", "peak MiB", "planted pairs found",
                      "all-pairs product seconds", "index pairs / all-pairs pairs"],
                     matcher_scaling([int(x) for x in args.sizes.split(",")]))
    text += "\n## End to end (ECB+ topics 1-25 as text files, fresh process per step)\n\n"
    text += md_table(["step", "documents", "wall seconds", "documents/s", "peak RSS MiB"], end_to_end())
    print(text)
    out = result_path("analysis")
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
