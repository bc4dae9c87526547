"""Stories: storyline's events grouped into stories, scored against topic-level gold.

ECB+ topics 1-25 hold two seminal events each (one per half of the corpus); MEANTIME's
four topic folders are stories that span years. Both are scored at the topic level, where
an event-level clustering is too fine by design: the whole pipeline runs (`storyline ingest`
with analysis on, then `storyline report`), and the report's `stories` are scored with the
reference B-cubed scorer (../shared/tools/score_clusters.py), beside storyline's own events
and, in the same run, the two peers of the event benchmark with its settings (tuned there for
events, not topics): TF-IDF average-link over whole texts (distance threshold 0.85) and
sentence vectors of title and lead + HDBSCAN (min_cluster_size 5). The story threshold was
chosen on the ECB+ topics; MEANTIME is scored as it comes.

Usage: .venv/bin/python bench/eval_stories.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_SHARED, header, md_table, result_path, storyline_bin  # noqa: E402
from eval_events import load_ecb, load_meantime, tfidf_agglomerative, use_hdbscan, use_vectors  # noqa: E402

SCORER = DEFAULT_SHARED / "tools" / "score_clusters.py"


def _score(gold: dict[str, str], docs: list[dict], clusters: list[dict], work: Path) -> list[str]:
    (work / "gold.json").write_text(json.dumps(gold))
    (work / "docs.json").write_text(json.dumps(docs))
    (work / "clusters.json").write_text(json.dumps(clusters))
    out = subprocess.run([sys.executable, str(SCORER), str(work / "gold.json"), str(work / "docs.json"),
                          str(work / "clusters.json")], capture_output=True, text=True, check=True).stdout
    m = re.search(r"B-cubed P ([\d.]+) R ([\d.]+) F1 ([\d.]+); pairwise F1 ([\d.]+)", out)
    return list(m.groups()) if m else ["?"] * 4


def _storyline(txt_dir: Path, work: Path) -> tuple[list[dict], dict]:
    db = work / "s.db"
    env = dict(os.environ, STORYLINE_ANALYSE="1")
    subprocess.run([storyline_bin(), "--db", str(db), "ingest", str(txt_dir)], env=env, check=True,
                   capture_output=True)
    subprocess.run([storyline_bin(), "--db", str(db), "report", "--out", str(work / "rep")], env=env, check=True,
                   capture_output=True)
    docs = json.loads(subprocess.run([storyline_bin(), "--db", str(db), "docs", "--json"], check=True,
                                     capture_output=True, text=True).stdout)
    return docs, json.loads((work / "rep" / "report.json").read_text())


def evaluate(name: str, txt_dir: Path, gold: dict[str, str], texts: dict[str, str]) -> list[list[object]]:
    rows = []
    names = sorted(gold)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs, story = _storyline(txt_dir, work)
        events = {e["id"]: e["documents"] for e in story["events"]}
        stories = [{"id": s["id"], "documents": [d for ev in s["events"] for d in events[ev]]}
                   for s in story["stories"]]
        fake_docs = [{"id": n, "source": f"{n}.txt"} for n in names]
        labels = tfidf_agglomerative([texts[n] for n in names], 0.85)
        rows.append([name, "TF-IDF average-link (0.85)", len(set(labels)),
                     *_score(gold, fake_docs, [{"id": f"a{lab}", "documents": [n]} for n, lab in zip(names, labels,
                                                                                             strict=True)], work)])
        hdb = use_hdbscan(use_vectors([texts[n] for n in names]), 5)
        rows.append([name, "sentence vectors of title and lead + HDBSCAN (5)", len(set(hdb)),
                     *_score(gold, fake_docs, [{"id": f"h{lab}", "documents": [n]} for n, lab in zip(names, hdb,
                                                                                             strict=True)], work)])
        rows.append([name, "storyline events", len(events),
                     *_score(gold, docs, [{"id": k, "documents": v} for k, v in events.items()], work)])
        rows.append([name, "storyline stories", len(stories), *_score(gold, docs, stories, work)])
    return rows


def main() -> None:
    _, ecb_txt, ecb_gold, ecb_texts = load_ecb()
    topics = {n: n.split("_")[0] for n in ecb_gold}
    _, mt_txt, mt_gold, mt_texts, _ = load_meantime()
    rows = evaluate("ECB+ topics 1-25", ecb_txt, topics, ecb_texts)
    rows += evaluate("MEANTIME 4 topics", mt_txt, mt_gold, mt_texts)
    text = header("Stories: events grouped into stories, against topic-level gold", ["numpy"])
    text += "\n" + (__doc__ or "").split("\n\n", 1)[1].split("\n\nUsage")[0] + "\n\n"
    text += md_table(["data", "method", "clusters", "B3 P", "B3 R", "B3 F1", "pairwise F1"], rows)
    print(text)
    out = result_path("stories")
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
