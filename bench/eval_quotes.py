"""Evaluate storyline's quote extraction (storyline.quotes) against PolNeAR and German Wikinews.

usage: python bench/eval_quotes.py [--shared /work/shared] [--no-textacy] [--limit N]

* PolNeAR dev: runs storyline and textacy's ``direct_quotations`` on each raw article text, writes the
  docs/quotes JSON the reference scorer (shared/tools/score_polnear.py) reads into a temp dir, runs it.
  Split quotes ("A," he said. "B.") are one attribution in PolNeAR, so parts sharing a ``group`` are
  merged into one span (first start .. last end) for scoring.
* German Wikinews dev: span-overlap F1 of quote-mark spans against gold Direct quotes (no parse).
* Speed: spaCy parse time vs storyline extraction time on the PolNeAR texts.

Prints a table and writes bench/results/quotes-<date>.md (numbers only; no eval text is written
to the repository).
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from storyline.quotes import extract_quotes, find_marked_spans, load_model  # noqa: E402

_SCORE_LINE = re.compile(r"^(\w+): gold (\d+), predicted (\d+), content F1 ([\d.]+), attribution F1 ([\d.]+)")


def storyline_predictions(doc_id: str, text: str, doc, merge_groups: bool = True) -> list[dict]:
    quotes = extract_quotes(text, doc)
    out: list[dict] = []
    if merge_groups:
        groups: dict[int, list] = {}
        for q in quotes:
            groups.setdefault(q.group, []).append(q)
        merged = []
        for g, qs in groups.items():
            if g == 0 or len(qs) == 1:
                merged.extend(qs)
                continue
            qs.sort(key=lambda q: q.start)
            merged.append((qs[0], qs[0].start, qs[-1].end))
        items = [(q, q.start, q.end) if not isinstance(q, tuple) else q for q in merged]
    else:
        items = [(q, q.start, q.end) for q in quotes]
    for q, a, b in items:
        if q.kind == "fragment" and q.speaker_start is None:
            continue  # an unattributed scare quote is not an attribution
        out.append({"document": doc_id, "start": a, "end": b, "kind": q.kind,
                    "speaker_mention": {"start": q.speaker_start, "end": q.speaker_end}})
    return out


def textacy_predictions(doc_id: str, doc) -> tuple[list[dict], bool]:
    try:
        from textacy.extract.triples import direct_quotations
        triples = list(direct_quotations(doc))
    except Exception:  # textacy raises on unbalanced quote marks
        return [], False
    out = []
    for t in triples:
        sp = sorted(t.speaker, key=lambda x: x.i)
        out.append({"document": doc_id, "start": t.content.start_char, "end": t.content.end_char,
                    "speaker_mention": {"start": sp[0].idx if sp else None,
                                        "end": sp[-1].idx + len(sp[-1].text) if sp else None}})
    return out, True


def run_scorer(shared: Path, split: Path, docs: list[dict], quotes: list[dict]) -> dict[str, tuple]:
    with tempfile.TemporaryDirectory() as tmp:
        dp, qp = os.path.join(tmp, "docs.json"), os.path.join(tmp, "quotes.json")
        json.dump(docs, open(dp, "w"))
        json.dump(quotes, open(qp, "w"))
        res = subprocess.run([sys.executable, str(shared / "tools" / "score_polnear.py"), str(split), dp, qp],
                             capture_output=True, text=True, check=True)
    out = {}
    for line in res.stdout.splitlines():
        m = _SCORE_LINE.match(line)
        if m:
            out[m.group(1)] = (int(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5)))
    return out


def polnear(shared: Path, use_textacy: bool, limit: int | None) -> dict:
    split = shared / "eval" / "quotes_polnear" / "data" / "dev"
    nlp = load_model()
    paths = sorted(glob.glob(str(split / "text" / "*.txt")))[:limit]
    docs, ours, ours_raw, theirs = [], [], [], []
    parse_t = extract_t = 0.0
    textacy_fail = 0
    kinds: dict[str, int] = {}
    for n, p in enumerate(paths):
        text = open(p, encoding="utf-8").read()
        doc_id = f"d{n}"
        docs.append({"id": doc_id, "source": p})
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        preds = storyline_predictions(doc_id, text, doc)
        t2 = time.perf_counter()
        parse_t += t1 - t0
        extract_t += t2 - t1
        ours.extend(preds)
        ours_raw.extend(storyline_predictions(doc_id, text, doc, merge_groups=False))
        for q in preds:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
        if use_textacy:
            tq, ok = textacy_predictions(doc_id, doc)
            textacy_fail += not ok
            theirs.extend(tq)
    res = {"storyline": run_scorer(shared, split, docs, ours),
           "storyline (split parts unmerged)": run_scorer(shared, split, docs, ours_raw)}
    if use_textacy:
        res["textacy direct_quotations"] = run_scorer(shared, split, docs, theirs)
    return {"scores": res, "parse_s": parse_t, "extract_s": extract_t, "docs": len(paths),
            "textacy_failed_docs": textacy_fail, "kinds": kinds}


def german(shared: Path) -> dict:
    """Direct-quote span overlap F1: quote-mark spans vs gold 'Direct' quotes (overlap >= half of each)."""
    files = sorted(glob.glob(str(shared / "eval" / "quotes_german_wikinews" / "data" / "dev" / "*.json.gz")))
    tp = npred = ngold = 0
    tp_any = 0
    for f in files:
        d = json.load(gzip.open(f))
        text = d["originalText"]
        gold = []
        for a in d["annotations"]:
            if a.get("type") != "Direct":
                continue
            sp = a["quote"]["spans"]
            if sp:
                gold.append((min(s["charBegin"] for s in sp), max(s["charEnd"] for s in sp)))
        pred = [(m.start, m.end) for m in find_marked_spans(text)]
        # quoted spans of 1-3 words inside a sentence are titles/scare quotes, not speech
        pred = [p for p in pred if len(text[p[0]:p[1]].split()) > 3]
        npred += len(pred)
        ngold += len(gold)
        used: set[int] = set()
        for a, b in pred:
            for i, (ga, gb) in enumerate(gold):
                if i in used:
                    continue
                ov = min(b, gb) - max(a, ga)
                if ov > 0:
                    tp_any += 1
                if ov >= 0.5 * (gb - ga) and ov >= 0.5 * (b - a):
                    used.add(i)
                    tp += 1
                    break
    f1 = 2 * tp / (npred + ngold) if npred + ngold else 0.0
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"docs": len(files), "gold": ngold, "pred": npred, "tp": tp, "p": p, "r": r, "f1": f1}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--no-textacy", action="store_true")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    shared = Path(args.shared)
    pn = polnear(shared, not args.no_textacy, args.limit)
    de = german(shared)
    lines = [f"# Quote extraction: {dt.date.today().isoformat()}", "",
             f"PolNeAR dev ({pn['docs']} articles), reference scorer `score_polnear.py` "
             "(content overlap >= half of each span; attribution also needs speaker span overlap).",
             "Only the dev split is available here (the corpus copy has no train split, and test is not in "
             "shared/eval), so the rules were studied on dev errors: these are development-set figures, "
             "likely optimistic for unseen text. The rules are generic (no names, no article phrases).", "",
             "| system | subset | gold | predicted | content F1 | attribution F1 |",
             "|---|---|---:|---:|---:|---:|"]
    for name, sc in pn["scores"].items():
        for subset in ("direct", "all"):
            if subset in sc:
                g, p, cf, af = sc[subset]
                lines.append(f"| {name} | {subset} | {g} | {p} | {cf:.3f} | {af:.3f} |")
    lines += ["", f"storyline predicted kinds (merged): {pn['kinds']}"]
    if "textacy direct_quotations" in pn["scores"]:
        lines.append(f"textacy raised on {pn['textacy_failed_docs']} of {pn['docs']} documents (counted as no output).")
    ratio = pn["extract_s"] / pn["parse_s"] if pn["parse_s"] else 0.0
    lines += ["", "## Speed (PolNeAR dev texts)", "",
              "| spaCy parse (s) | storyline extraction (s) | extraction / parse |", "|---:|---:|---:|",
              f"| {pn['parse_s']:.2f} | {pn['extract_s']:.2f} | {ratio:.1%} |", "",
              f"## German Wikinews dev ({de['docs']} docs): quote marks only, no parse", "",
              "| gold Direct | predicted spans (>3 words) | TP | P | R | span-overlap F1 |",
              "|---:|---:|---:|---:|---:|---:|",
              f"| {de['gold']} | {de['pred']} | {de['tp']} | {de['p']:.3f} | {de['r']:.3f} | {de['f1']:.3f} |"]
    report = "\n".join(lines) + "\n"
    print(report)
    out = REPO / "bench" / "results" / f"quotes-{dt.date.today().isoformat()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
