"""Learn the weights of storyline's headline model from the page-text dumps of the two HTML sets.

usage: python bench/train_headline.py [--shared ../shared] [--out src/storyline/data/headline.json]

A page-text dump keeps the page's ``<h1>`` as a line but not its ``<title>``. The title
trafilatura reads from each page's HTML metadata labels the dump's line that holds it
(most of its words, most of the line's words) as the headline. For every page whose
headline is among the candidates storyline considers (``_Structure.headline_candidates``),
this script fits a conditional logit (a softmax over the page's candidates, L2-regularised),
reports how often the top candidate is the headline, held out (five folds, and each set
trained on the other), and writes the weights.
Only numbers leave the evaluation data: no text is stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import DEFAULT_SHARED, REPO, TRAF, ZYTE, prepare, tokens  # noqa: E402

from storyline.segment.core import _Structure  # noqa: E402
from storyline.segment.model import HEADLINE_NAMES  # noqa: E402
from storyline.segment.units import units  # noqa: E402

def _words(text: str) -> list[str]:
    return [w.lower() for w in tokens(text)]


def holds_title(line: str, title: str) -> bool:
    """The line is the title: most of its words are the title's and it has at least half of them
    (a metadata title often adds the site's name)."""
    a, b = _words(line), _words(title)
    if not a or not b:
        return False
    sa, sb = set(a), set(b)
    return sum(w in sb for w in a) / len(a) >= 0.8 and sum(w in sa for w in b) / len(b) >= 0.5


def metadata_title(html_path: Path) -> str | None:
    import trafilatura

    meta = trafilatura.extract_metadata(html_path.read_bytes())
    return meta.title if meta is not None and meta.title else None


def page_candidates(text: str, title: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(candidate rows, which hold the title) of one dump; None when no candidate does."""
    st = _Structure(units(text), None, frozenset(), 20)
    st.shapes()
    anchor = st.main_run()
    if anchor is None:
        return None
    lines, rows = st.headline_candidates(anchor)
    y = np.array([holds_title(st.u[k].text, title) for k in lines], dtype=bool)
    if not y.any():
        return None
    return np.array(rows, dtype=float), y


def fit(groups: list[tuple[np.ndarray, np.ndarray]], l2: float = 0.01, steps: int = 600, rate: float = 0.5) -> np.ndarray:
    """Gradient descent on the mean negative log-likelihood of the headline (all its copies count)."""
    w = np.zeros(len(HEADLINE_NAMES))
    for _ in range(steps):
        grad = np.zeros_like(w)
        for x, y in groups:
            z = x @ w
            e = np.exp(z - z.max())
            grad += x.T @ (e / e.sum()) - x[y].mean(axis=0)
        w -= rate * (grad / len(groups) + l2 * w)
    return w


def hits(w: np.ndarray, groups: list[tuple[np.ndarray, np.ndarray]]) -> int:
    return sum(bool(y[int(np.argmax(x @ w))]) for x, y in groups)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=REPO / "src" / "storyline" / "data" / "headline.json")
    a = ap.parse_args(argv)
    sets: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    pages = 0
    for name in (ZYTE, TRAF):
        html_dir, text_dir = prepare(a.shared, name)
        groups = sets[name] = []
        for html in sorted(html_dir.iterdir()):
            dump = text_dir / (html.stem + ".txt")
            title = metadata_title(html) if dump.exists() else None
            if not title:
                continue
            pages += 1
            got = page_candidates(dump.read_text(encoding="utf-8", errors="replace"), title)
            if got is not None:
                groups.append(got)
    everything = sets[ZYTE] + sets[TRAF]
    print(f"{pages} pages with a metadata title; the headline is a candidate on {len(everything)}", file=sys.stderr)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(everything))
    held = 0
    for k in range(5):
        test = set(order[k::5].tolist())
        w = fit([g for i, g in enumerate(everything) if i not in test])
        held += hits(w, [everything[i] for i in sorted(test)])
    print(f"held out (5 folds): top candidate is the headline on {held}/{len(everything)} pages", file=sys.stderr)
    for train, test in ((ZYTE, TRAF), (TRAF, ZYTE)):
        w = fit(sets[train])
        print(f"trained on {train}, tested on {test}: {hits(w, sets[test])}/{len(sets[test])}", file=sys.stderr)
    w = fit(everything)
    out = {
        "about": "storyline headline model: conditional-logit weights over candidate lines (see segment/model.py)",
        "trained_on_pages": len(everything),
        "weights": {name: round(float(v), 4) for name, v in zip(HEADLINE_NAMES, w, strict=True)},
    }
    a.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.out} (fits {hits(w, everything)}/{len(everything)} training pages)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
