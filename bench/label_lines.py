"""Label every line of the page-text dumps as article body or not: training data for storyline's text segmenter.

Writes ``bench/work/lines.jsonl`` (git-ignored; eval texts never enter the repo), one JSON object per line:
``{"set", "page", "index", "line", "label"}`` where ``index`` is the 0-based line number in the ``.txt`` dump
(blank lines counted, so ``text.splitlines()[index] == line``).

Zyte/Scrapinghub set (dense labels, every non-empty line): label 1 when the line belongs to the page's
``articleBody``, else 0. Matching is on lower-cased ``\\w+`` tokens after undoing Latin-1 mojibake:

* a line of >= 4 tokens is body when >= 70% of its tokens occur in the body (multiset, order-insensitive)
  AND >= 50% of its word 4-gram shingles occur in the body's shingles (order matters, so menus of words
  that happen to occur in the article do not pass);
* a line of 1-3 tokens (sub-headings, "Advertisement", "Share") is body when its token sequence occurs
  contiguously in the body AND the nearest longer line before or after it is body;
* a line with no word token is 0.

Trafilatura set (sparse labels): 1 when the line contains, or is a substantial part of, a ``with`` snippet;
0 for a ``without`` snippet; ``"comment"`` for a ``comments`` snippet; lines matching no snippet, or
snippets of conflicting kinds, are omitted.

usage: python bench/label_lines.py [--shared ../shared] [--out bench/work/lines.jsonl] [--show PAGE]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_SHARED, TRAF, WORK, ZYTE, fix_mojibake, prepare, tokens  # noqa: E402

MIN_COVER = 0.7
MIN_SHINGLE = 0.5


def _ltoks(text: str) -> list[str]:
    return [t.lower() for t in tokens(fix_mojibake(text))]


def label_zyte_page(lines: list[str], body: str) -> list[tuple[int, str, int]]:
    """Return (index, line, label) for each non-empty line of one page-text dump."""
    bt = _ltoks(body)
    bc = Counter(bt)
    bs = {tuple(bt[i:i + 4]) for i in range(len(bt) - 3)}
    bjoined = " " + " ".join(bt) + " "
    rows: list[tuple[int, str, list[str]]] = [(i, l, _ltoks(l)) for i, l in enumerate(lines) if l.strip()]
    labels: list[int | None] = []
    for _, _, lt in rows:
        if not lt:
            labels.append(0)
        elif len(lt) >= 4:
            lc = Counter(lt)
            cover = sum(min(n, bc[t]) for t, n in lc.items()) / len(lt)
            sh = [tuple(lt[i:i + 4]) for i in range(len(lt) - 3)]
            over = sum(s in bs for s in sh) / len(sh)
            labels.append(int(cover >= MIN_COVER and over >= MIN_SHINGLE))
        else:
            labels.append(None)  # decided from context below
    for k, (_, _, lt) in enumerate(rows):
        if labels[k] is not None:
            continue
        if (" " + " ".join(lt) + " ") not in bjoined:
            labels[k] = 0
            continue
        prev = next((labels[j] for j in range(k - 1, -1, -1) if len(rows[j][2]) >= 4), 0)
        nxt = next((labels[j] for j in range(k + 1, len(rows)) if len(rows[j][2]) >= 4), 0)
        labels[k] = int(bool(prev) or bool(nxt))
    return [(i, l, int(lab or 0)) for (i, l, _), lab in zip(rows, labels)]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", fix_mojibake(s)).strip()


def _hits(line: str, snippets: list[str]) -> bool:
    for s in snippets:
        s = _norm(s)
        if len(s) < 3:
            continue
        if s in line:
            return True
        if len(line) >= 6 and len(line) >= 0.3 * len(s) and line in s:
            return True
    return False


def label_traf_page(lines: list[str], entry: dict) -> tuple[list[tuple[int, str, object]], int]:
    out, conflicts = [], 0
    for i, raw in enumerate(lines):
        line = _norm(raw)
        if not line:
            continue
        kinds = set()
        if _hits(line, entry.get("with") or []):
            kinds.add(1)
        if _hits(line, entry.get("without") or []):
            kinds.add(0)
        if _hits(line, [c for c in (entry.get("comments") or []) if isinstance(c, str)]):
            kinds.add("comment")
        if "comment" in kinds:
            kinds.discard(0)  # a comment snippet is boilerplate for the body, but the finer label wins
        if len(kinds) > 1:
            conflicts += 1
            continue
        if kinds:
            out.append((i, raw, kinds.pop()))
    return out, conflicts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared folder (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=WORK / "lines.jsonl", help="output (default: %(default)s)")
    ap.add_argument("--show", help="print one page's labelled lines (page id or file stem) and exit")
    a = ap.parse_args(argv)

    _, ztext = prepare(a.shared, ZYTE)
    _, ttext = prepare(a.shared, TRAF)
    gt = json.loads((a.shared / "eval" / ZYTE / "ground-truth.json").read_text())
    ev = {v["file"].rsplit(".", 1)[0]: v for v in
          json.loads((a.shared / "eval" / TRAF / "evaldata.json").read_text()).values()}

    if a.show:
        if a.show in gt:
            rows = label_zyte_page((ztext / f"{a.show}.txt").read_text().splitlines(), gt[a.show]["articleBody"])
        else:
            rows, _ = label_traf_page((ttext / f"{a.show}.txt").read_text().splitlines(), ev[a.show])
        for i, l, lab in rows:
            print(f"{lab!s:>7} {i:5d} {l[:150]}")
        return 0

    counts: Counter[tuple[str, object]] = Counter()
    pages: Counter[str] = Counter()
    conflicts = 0
    a.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = a.out.with_suffix(".tmp")
    with open(tmp, "w") as fo:
        for pid in sorted(gt):
            p = ztext / f"{pid}.txt"
            if not p.exists():
                continue
            pages["zyte"] += 1
            for i, l, lab in label_zyte_page(p.read_text().splitlines(), gt[pid]["articleBody"]):
                fo.write(json.dumps({"set": "zyte", "page": pid, "index": i, "line": l, "label": lab},
                                    ensure_ascii=False) + "\n")
                counts["zyte", lab] += 1
        for stem in sorted(ev):
            p = ttext / f"{stem}.txt"
            if not p.exists():
                continue
            pages["trafilatura"] += 1
            rows, c = label_traf_page(p.read_text().splitlines(), ev[stem])
            conflicts += c
            for i, l, lab in rows:
                fo.write(json.dumps({"set": "trafilatura", "page": stem, "index": i, "line": l, "label": lab},
                                    ensure_ascii=False) + "\n")
                counts["trafilatura", lab] += 1
    tmp.replace(a.out)
    print(f"wrote {a.out}")
    for s in ("zyte", "trafilatura"):
        parts = ", ".join(f"label {k[1]}: {n}" for k, n in sorted(counts.items(), key=str) if k[0] == s)
        print(f"{s}: {pages[s]} pages, {sum(n for k, n in counts.items() if k[0] == s)} lines ({parts})")
    print(f"trafilatura lines omitted for conflicting snippet kinds: {conflicts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
