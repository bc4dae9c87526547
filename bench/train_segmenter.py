"""Learn the weights of storyline's line model from line-labelled page-text dumps.

usage: python bench/train_segmenter.py [--lines bench/work/lines.jsonl] [--out src/storyline/data/segmenter.json]

``bench/label_lines.py`` labels every line of the page-text dumps of the
article-extraction benchmark (body or not, from its article bodies) and the
snippet-labelled lines of the boilerplate set. This script computes storyline's
shape features for those lines in their page context, fits an L2-regularised
logistic regression, reports held-out accuracy (pages split in two), and writes
the weights. Only numbers leave the evaluation data: no text is stored.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import defaultdict

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

from storyline.segment.features import features_all  # noqa: E402
from storyline.segment.model import ALL_NAMES, design  # noqa: E402
from storyline.segment.units import units  # noqa: E402


# Lines this short are typed by the structure pass, and their labels (a number, a name
# that also occurs in the body) are mostly noise.
MIN_WORDS = 4


def load(lines_path: str) -> dict[tuple[str, str], dict[int, int]]:
    labels: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    with open(lines_path, encoding="utf-8") as fh:
        for row in fh:
            d = json.loads(row)
            if d["label"] in (0, 1):
                labels[(d.get("set", "zyte"), d["page"])][int(d["index"])] = int(d["label"])
    return labels


def page_rows(kind: str, page: str, lab: dict[int, int], work: str) -> tuple[list[list[float]], list[int]]:
    folder = "zyte" if kind == "zyte" else "traf"
    path = os.path.join(work, folder, "text", page if page.endswith(".txt") else page + ".txt")
    if not os.path.exists(path):
        return [], []
    raw = open(path, encoding="utf-8").read()
    us = units(raw)
    rows = design(features_all([u.text for u in us]))
    X, y = [], []
    for u, r in zip(us, rows, strict=True):
        if u.line in lab and len(u.text.split()) >= MIN_WORDS:
            X.append(r)
            y.append(lab[u.line])
    return X, y


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", default=os.path.join(ROOT, "bench/work/lines.jsonl"))
    ap.add_argument("--work", default=os.path.join(ROOT, "bench/work"))
    ap.add_argument("--out", default=os.path.join(ROOT, "src/storyline/data/segmenter.json"))
    ap.add_argument("--C", type=float, default=1.0)
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    labels = load(args.lines)
    pages = sorted(labels)
    random.Random(13).shuffle(pages)
    data = {p: page_rows(p[0], p[1], labels[p], args.work) for p in pages}
    pages = [p for p in pages if data[p][0]]
    half = len(pages) // 2

    def stack(ps: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        X = np.array([r for p in ps for r in data[p][0]])
        y = np.array([v for p in ps for v in data[p][1]])
        return X, y

    def fit(X: np.ndarray, y: np.ndarray) -> LogisticRegression:
        m = LogisticRegression(C=args.C, max_iter=2000, fit_intercept=False, class_weight="balanced")
        return m.fit(X, y)

    print(f"pages {len(pages)}, lines {sum(len(data[p][1]) for p in pages)}")
    print("| train half | test half | accuracy | body P | body R | body F1 |")
    print("|---|---|---|---|---|---|")
    for a, b, name in ((pages[:half], pages[half:], "A->B"), (pages[half:], pages[:half], "B->A")):
        m = fit(*stack(a))
        X, y = stack(b)
        pred = m.predict(X)
        tp = int(((pred == 1) & (y == 1)).sum())
        prec = tp / max(1, int((pred == 1).sum()))
        rec = tp / max(1, int((y == 1).sum()))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"| {name} | | {float((pred == y).mean()):.3f} | {prec:.3f} | {rec:.3f} | {f1:.3f} |")
    m = fit(*stack(pages))
    w = {name: round(float(v), 4) for name, v in zip(ALL_NAMES, m.coef_[0], strict=True)}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump({"about": "storyline line model: logistic weights over shape features (see segment/model.py)",
                   "trained_on_lines": int(sum(len(data[p][1]) for p in pages)), "weights": w}, fh, indent=1)
        fh.write("\n")
    print("weights written to", os.path.relpath(args.out, ROOT))
    for k, v in sorted(w.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {k:22s} {v:+.3f}")


if __name__ == "__main__":
    main()
