"""Score storyline's text segmenter: the hand-checked seed gold, and labelled lines of page-text dumps.

usage: python bench/eval_segmenter.py [--lines bench/work/lines.jsonl]

1. Seeds: per-line block kinds against ``tests/gold/seeds_segmentation.json``.
2. Page-text dumps (``bench/label_lines.py``): is each labelled line kept in an
   article's clean text (body) or set aside? Body P/R/F1 and the share of body
   and noise words kept, beside the raw dump (keeps everything) and jusText run
   on the same lines. The line model was trained on these lines
   (``bench/train_segmenter.py`` prints its two-fold held-out figures), so this
   is an in-sample check of the structure pass on top of it.
3. Headlines of page-text dumps: is the title storyline finds in the dump the one the
   page's HTML metadata names (``bench/train_headline.py``'s test), beside taking the
   first line of three words or more. The headline model was trained on these pages
   (``train_headline.py`` prints its held-out figures), so this too is in-sample.
Writes ``bench/results/segmenter-<date>-<host>.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "bench"))

from storyline.records import TEXT_KINDS  # noqa: E402
from storyline.segment import segment  # noqa: E402


def seeds_table(seeds: str) -> list[str]:
    gold = json.load(open(os.path.join(ROOT, "tests/gold/seeds_segmentation.json")))["files"]
    rows = ["| seed | lines | kinds right | articles | comments |", "|---|---|---|---|---|"]
    total = right = 0
    for name, want in sorted(gold.items()):
        path = os.path.join(seeds, name)
        if not os.path.exists(path):
            continue
        raw = open(path, encoding="utf-8").read()
        seg = segment(raw)
        got: dict[str, list[str]] = defaultdict(list)
        for b in seg.blocks:
            got[str(raw.count("\n", 0, b.start))].append(b.kind.value if b.section == 0 else f"{b.kind.value}@{b.section}")
        ok = sum(got.get(k) == v for k, v in want.items())
        total += len(want)
        right += ok
        ncom = sum(len(a.comments) for a in seg.articles)
        rows.append(f"| {name[:3]} | {len(want)} | {ok}/{len(want)} | {len(seg.articles)} | {ncom} |")
    rows.append(f"| all | {total} | {right / max(1, total):.3f} | | |")
    return rows


def justext_keep(lines: list[str]) -> list[bool]:
    import justext

    html = "<html><body>" + "".join(f"<p>{_esc(x)}</p>" for x in lines) + "</body></html>"
    paras = justext.justext(html, justext.get_stoplist("English"))
    good = Counter(p.text.strip() for p in paras if not p.is_boilerplate)
    return [good.get(" ".join(x.split()), 0) > 0 for x in lines]


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lines_table(lines_path: str, work: str) -> list[str]:
    labels: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for row in open(lines_path, encoding="utf-8"):
        d = json.loads(row)
        if d["label"] in (0, 1):
            labels[(d["set"], d["page"])][int(d["index"])] = int(d["label"])
    stats = {name: Counter() for name in ("raw page text", "jusText (on the lines)", "storyline")}
    for (kind, page), lab in sorted(labels.items()):
        folder = "zyte" if kind == "zyte" else "traf"
        path = os.path.join(work, folder, "text", page if page.endswith(".txt") else page + ".txt")
        if not os.path.exists(path):
            continue
        raw = open(path, encoding="utf-8").read()
        lines = raw.split("\n")
        seg = segment(raw)
        kept_line: dict[int, bool] = defaultdict(bool)
        for b in seg.blocks:
            if b.kind in TEXT_KINDS and b.section == 0:
                kept_line[raw.count("\n", 0, b.start)] = True
        idx = sorted(i for i in lab if i < len(lines) and lines[i].strip())
        try:
            jt = dict(zip(idx, justext_keep([lines[i] for i in idx]), strict=True))
        except Exception:  # jusText gives up on some pages
            jt = {i: False for i in idx}
        for i in idx:
            words = len(lines[i].split())
            y = lab[i]
            for name, keep in (("raw page text", True), ("jusText (on the lines)", jt[i]), ("storyline", kept_line[i])):
                s = stats[name]
                s["tp" if keep and y else "fp" if keep else "fn" if y else "tn"] += 1
                s["body_words"] += words * y
                s["body_kept"] += words * y * keep
                s["noise_words"] += words * (1 - y)
                s["noise_kept"] += words * (1 - y) * keep
    rows = ["| system | body line P | R | F1 | body words kept | noise words kept |", "|---|---|---|---|---|---|"]
    for name, s in stats.items():
        p = s["tp"] / max(1, s["tp"] + s["fp"])
        r = s["tp"] / max(1, s["tp"] + s["fn"])
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append(
            f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {s['body_kept'] / max(1, s['body_words']):.3f} | "
            f"{s['noise_kept'] / max(1, s['noise_words']):.3f} |"
        )
    return rows


def headlines_table(shared: str) -> list[str]:
    from pathlib import Path

    from _common import TRAF, ZYTE, prepare
    from train_headline import holds_title, metadata_title

    rows = ["| set | pages | storyline | first line of 3+ words |", "|---|---|---|---|"]
    for name in (ZYTE, TRAF):
        html_dir, text_dir = prepare(Path(shared), name)
        pages = ours = first = 0
        for html in sorted(html_dir.iterdir()):
            dump = text_dir / (html.stem + ".txt")
            title = metadata_title(html) if dump.exists() else None
            if not title:
                continue
            raw = dump.read_text(encoding="utf-8", errors="replace")
            pages += 1
            arts = segment(raw).articles
            ours += bool(arts and arts[0].title and holds_title(arts[0].title, title))
            first += holds_title(next((ln for ln in raw.split("\n") if len(ln.split()) >= 3), ""), title)
        rows.append(f"| {name} | {pages} | {ours / max(1, pages):.3f} | {first / max(1, pages):.3f} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default=os.path.join(ROOT, "..", "shared", "seeds"))
    ap.add_argument("--lines", default=os.path.join(ROOT, "bench/work/lines.jsonl"))
    ap.add_argument("--work", default=os.path.join(ROOT, "bench/work"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    args = ap.parse_args()
    out = [f"# Text segmenter, {dt.date.today()} on {platform.node()} ({os.cpu_count()} cores)", "", "## Seeds (hand-checked gold)", ""]
    out += seeds_table(args.seeds)
    if not os.path.exists(args.lines):
        import subprocess

        subprocess.run([sys.executable, os.path.join(ROOT, "bench/label_lines.py")], check=False)
    if os.path.exists(args.lines):
        out += ["", "## Labelled lines of page-text dumps (Zyte article bodies, trafilatura snippets)", ""]
        out += lines_table(args.lines, args.work)
    out += ["", "## Headlines of page-text dumps (share of pages whose HTML metadata title is found)", ""]
    out += headlines_table(args.shared)
    text = "\n".join(out)
    print(text)
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    name = f"segmenter-{dt.date.today()}-{platform.node()}.md"
    with open(os.path.join(ROOT, "bench/results", name), "w", encoding="utf-8") as fh:
        fh.write(text + "\n")


if __name__ == "__main__":
    main()
