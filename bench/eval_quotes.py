"""Evaluate storyline's quote extraction (storyline.quotes) against PolNeAR and German Wikinews.

usage: python bench/eval_quotes.py [--shared /work/shared] [--no-textacy] [--limit N] [--half a|b]
                                  [--cache] [--errors FILE]

* PolNeAR dev: runs storyline and textacy's ``direct_quotations`` on each raw article text, writes the
  docs/quotes JSON the reference scorer (shared/tools/score_polnear.py) reads into a temp dir, runs it.
  Split quotes ("A," he said. "B.") are one attribution in PolNeAR, so parts sharing a ``group`` are
  merged into one span (first start .. last end) for scoring; the scorer takes one span per quote, so
  when the words between the parts are longer than the quoted parts, the longest part stands for them.
* German Wikinews dev: span-overlap F1 of quote-mark spans against gold Direct quotes (no parse).
* Speed: spaCy parse time vs storyline extraction time on the PolNeAR texts.

Prints a table and writes bench/results/quotes-<date>.md (numbers only; no eval text is written
to the repository).

Development options (nothing they write goes into the repository):

* ``--half a`` / ``--half b``: only the even / odd dev articles (sorted by name), scored by the reference
  scorer on a split directory holding just those articles, to check on one half a fix found on the other.
* ``--cache``: keep the spaCy parses in ``bench/work/`` (the speed row is then meaningless).
* ``--errors FILE``: error analysis (same matching as the scorer) by category — missed gold content,
  boundary errors, false positives, wrong or missing speakers — with counts and examples, to FILE
  (keep it under ``bench/work/``: it quotes the evaluation texts).
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
            quoted = sum(q.end - q.start for q in qs)
            if qs[-1].end - qs[0].start - quoted > quoted:
                # the scorer takes one span: when the words between the parts ("said X, who ...")
                # outweigh the quote, the longest part stands for it rather than the attribution
                longest = max(qs, key=lambda q: q.end - q.start)
                merged.append((qs[0], longest.start, longest.end))
            else:
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


def _articles(split: Path, half: str | None, limit: int | None) -> list[str]:
    paths = sorted(glob.glob(str(split / "text" / "*.txt")))
    if half:
        paths = paths[{"a": 0, "b": 1}[half]::2]
    return paths[:limit]


def _subset_split(split: Path, paths: list[str], tmp: str) -> Path:
    """A split directory holding only ``paths`` (symlinks), so the reference scorer sees just them."""
    out = Path(tmp) / "split"
    (out / "text").mkdir(parents=True)
    (out / "attributions").mkdir()
    names = {Path(p).stem for p in paths}
    for p in paths:
        os.symlink(p, out / "text" / Path(p).name)
    for a in (split / "attributions").iterdir():
        if a.name.rsplit("_", 1)[0] in names:
            os.symlink(a, out / "attributions" / a.name)
    return out


def _parses(nlp, paths: list[str], use_cache: bool) -> tuple[list, float]:
    """spaCy parses of the texts, from ``bench/work/`` when cached; returns (docs, parse seconds)."""
    import hashlib

    from spacy.tokens import DocBin

    texts = [open(p, encoding="utf-8").read() for p in paths]
    key = hashlib.sha1(("\0".join(texts) + nlp.meta["name"] + nlp.meta["version"]).encode()).hexdigest()[:16]
    cache = REPO / "bench" / "work" / f"polnear-parse-{key}.spacy"
    if use_cache and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab)), 0.0
    t0 = time.perf_counter()
    docs = [nlp(t) for t in texts]
    took = time.perf_counter() - t0
    if use_cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(cache)
    return docs, took


def polnear(shared: Path, use_textacy: bool, limit: int | None, *, half: str | None = None,
            use_cache: bool = False, errors: str | None = None) -> dict:
    split = shared / "eval" / "quotes_polnear" / "data" / "dev"
    nlp = load_model()
    paths = _articles(split, half, limit)
    parsed, parse_t = _parses(nlp, paths, use_cache)
    docs, ours, ours_raw, theirs = [], [], [], []
    extract_t = 0.0
    textacy_fail = 0
    kinds: dict[str, int] = {}
    for n, (p, doc) in enumerate(zip(paths, parsed)):
        text = doc.text
        doc_id = f"d{n}"
        docs.append({"id": doc_id, "source": p})
        t1 = time.perf_counter()
        preds = storyline_predictions(doc_id, text, doc)
        t2 = time.perf_counter()
        extract_t += t2 - t1
        ours.extend(preds)
        ours_raw.extend(storyline_predictions(doc_id, text, doc, merge_groups=False))
        for q in preds:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
        if use_textacy:
            tq, ok = textacy_predictions(doc_id, doc)
            textacy_fail += not ok
            theirs.extend(tq)
    with tempfile.TemporaryDirectory() as tmp:
        sub = _subset_split(split, paths, tmp) if half or limit else split
        res = {"storyline": run_scorer(shared, sub, docs, ours),
               "storyline (split parts unmerged)": run_scorer(shared, sub, docs, ours_raw)}
        if use_textacy:
            res["textacy direct_quotations"] = run_scorer(shared, sub, docs, theirs)
    if errors:
        from collections import Counter
        counts = error_analysis(split, paths, parsed, ours, errors)
        check = counts.pop("_scores")
        for subset, (ng, np_, tpc, tpa) in check.items():
            ref = res["storyline"][subset]
            assert (ng, np_) == ref[:2] and abs(2 * tpa / (ng + np_) - ref[3]) < 1e-3, (subset, check, ref)
        res["_errors"] = Counter(counts)
    return {"scores": res, "parse_s": parse_t, "extract_s": extract_t, "docs": len(paths),
            "textacy_failed_docs": textacy_fail, "kinds": kinds}


# ---------------------------------------------------------------- error analysis

_QUOTE = re.compile(r"[\"\u201c\u201d\u00ab\u00bb]")
_PRONOUN = {"he", "she", "they", "i", "we", "it", "you", "his", "her", "their"}


def _gold(split: Path, art: str, text: str) -> list[dict]:
    """Gold attributions of one article as the scorer reads them (first annotator file only)."""
    files = sorted(f for f in os.listdir(split / "attributions") if f.rsplit("_", 1)[0] == art)
    T, rel = {}, []
    for line in open(split / "attributions" / files[0], encoding="utf-8"):
        p = line.rstrip("\n").split("\t")
        if p[0].startswith("T"):
            kind, rng = p[1].split(" ", 1)
            T[p[0]] = (kind, [tuple(map(int, x.split())) for x in rng.split(";")])
        elif p[0].startswith("E"):
            rel.append(dict(x.split(":") for x in p[1].split()))
    out = []
    for r in rel:
        c = T.get(r.get("Content", ""), (None, []))[1]
        if not c:
            continue
        s = T.get(r.get("Source", ""), (None, []))[1]
        cue = T.get(r.get("Cue", ""), (None, []))[1]
        ctext = " ".join(text[a:b] for a, b in c)
        out.append({"content": c, "source": s, "cue": cue, "direct": bool(_QUOTE.search(ctext)),
                    "ctext": ctext, "stext": " ".join(text[a:b] for a, b in s),
                    "cuetext": " ".join(text[a:b] for a, b in cue)})
    return out


def _inter(a: tuple[int, int], bs: list) -> int:
    return sum(max(0, min(a[1], b[1]) - max(a[0], b[0])) for b in bs)


def _match(gold: list[dict], preds: list[dict]) -> tuple[dict[int, int], list[bool]]:
    """The scorer's greedy matching: prediction index -> gold index, and whether the source agrees."""
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for k, p in enumerate(preds):
        ps = (p["start"], p["end"])
        best, best_ov = None, 0
        for i, g in enumerate(gold):
            if i in used:
                continue
            ov = _inter(ps, g["content"])
            glen = sum(b - a for a, b in g["content"])
            if ov >= 0.5 * glen and ov >= 0.5 * (ps[1] - ps[0]) and ov > best_ov:
                best, best_ov = i, ov
        if best is not None:
            used.add(best)
            pairs[k] = best
    ok = []
    for k, i in pairs.items():
        sm = preds[k]["speaker_mention"]
        s = gold[i]["source"]
        ok.append(not s or sm["start"] is not None and _inter((sm["start"], sm["end"]), s) > 0)
    return pairs, ok


def _cue_class(cue: str, spans: list, doc) -> str:
    from storyline.quotes.frames import REPORT_NOUNS, SPEECH_LEMMAS

    c = cue.lower().strip()
    if not c:
        return "no cue"
    if "according" in c:
        return "according to"
    if c in (":", "—", "-", "–"):
        return "punctuation"
    toks = [t for a, b in spans for t in doc.char_span(a, b, alignment_mode="expand") or []]
    if any(t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ in ("VERB", "AUX") for t in toks):
        return "cue verb in lexicon"
    if any(t.lemma_.lower() in REPORT_NOUNS and t.pos_ == "NOUN" for t in toks):
        return "report noun in lexicon"
    if any(t.pos_ == "VERB" for t in toks):
        return "verb outside lexicon"
    return "other cue"


def _short(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n // 2 - 2] + " … " + s[-n // 2 + 2:]


def error_analysis(split: Path, paths: list[str], parsed: list, preds: list[dict], out_path: str) -> dict:
    """Misses, false positives and wrong speakers by category; writes examples to ``out_path``."""
    from collections import Counter, defaultdict

    by_doc: dict[str, list[dict]] = defaultdict(list)
    for p in preds:
        by_doc[p["document"]].append(p)
    counts: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    scores = {}
    for subset in ("direct", "all"):
        ng = np_ = tpc = tpa = 0
        for n, (path, doc) in enumerate(zip(paths, parsed)):
            text = doc.text
            art = Path(path).stem
            gold = [g for g in _gold(split, art, text) if g["direct"] or subset == "all"]
            ps = by_doc.get(f"d{n}", [])
            if subset == "direct":
                ps = [p for p in ps if _QUOTE.search(text[max(0, p["start"] - 1):p["end"] + 1])]
            pairs, ok = _match(gold, ps)
            ng += len(gold)
            np_ += len(ps)
            tpc += len(pairs)
            tpa += sum(ok)
            tag = f"{subset}/"
            matched_gold = set(pairs.values())
            for i, g in enumerate(gold):
                if i in matched_gold:
                    continue
                ov = [p for p in ps if _inter((p["start"], p["end"]), g["content"]) > 0]
                kind = "direct" if g["direct"] else "indirect"
                if ov:
                    cat = f"miss: {kind} content overlapped but boundary/claimed"
                else:
                    cat = f"miss: {kind} no prediction ({_cue_class(g['cuetext'], g['cue'], doc)})"
                counts[tag + cat] += 1
                examples[tag + cat].append(f"[{art[:30]}] cue={g['cuetext']!r} src={g['stext']!r} :: "
                                           f"{_short(g['ctext'])}" + "".join(
                                               f"\n      pred {p['kind']}: {_short(text[p['start']:p['end']])}"
                                               for p in ov[:2]))
                if not ov:
                    counts[f"{tag}miss cue: {g['cuetext'].lower().strip()[:25]}"] += 1
            for k, p in enumerate(ps):
                if k in pairs:
                    continue
                ov = [g for g in gold if _inter((p["start"], p["end"]), g["content"]) > 0]
                cat = f"false positive: {p['kind']} " + ("overlaps gold (boundary)" if ov else "no gold")
                counts[tag + cat] += 1
                sm = p["speaker_mention"]
                sp = text[sm["start"]:sm["end"]] if sm["start"] is not None else None
                examples[tag + cat].append(f"[{art[:30]}] speaker={sp!r} :: {_short(text[p['start']:p['end']])}"
                                           + "".join(f"\n      gold: {_short(g['ctext'])}" for g in ov[:2]))
            for (k, i), good in zip(pairs.items(), ok):
                if good:
                    continue
                p, g = ps[k], gold[i]
                sm = p["speaker_mention"]
                if sm["start"] is None:
                    cat = "wrong source: no speaker predicted"
                    sp = None
                else:
                    sp = text[sm["start"]:sm["end"]]
                    others = [h for h in gold if h is not g and h["source"]
                              and _inter((sm["start"], sm["end"]), h["source"]) > 0]
                    if others:
                        cat = "wrong source: another gold source (misattributed)"
                    elif abs(sm["start"] - g["source"][0][0]) < 150:
                        cat = "wrong source: near the gold source (span)"
                    else:
                        cat = "wrong source: elsewhere"
                counts[tag + cat] += 1
                examples[tag + cat].append(f"[{art[:30]}] pred={sp!r} gold={g['stext']!r} cue={g['cuetext']!r} "
                                           f":: {_short(g['ctext'], 100)}")
        scores[subset] = (ng, np_, tpc, tpa)
    with open(out_path, "w", encoding="utf-8") as fh:
        for cat, n in sorted(counts.items(), key=lambda x: (x[0].split("/")[0], " cue:" in x[0], -x[1])):
            fh.write(f"{n:5d}  {cat}\n")
        for cat, exs in sorted(examples.items()):
            fh.write(f"\n## {cat} ({len(exs)})\n")
            for e in exs:
                fh.write(f"  {e}\n")
    counts["_scores"] = scores
    return counts


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
    ap.add_argument("--half", choices=("a", "b"), help="only the even (a) or odd (b) dev articles")
    ap.add_argument("--cache", action="store_true", help="keep parses in bench/work/ (no speed figures)")
    ap.add_argument("--errors", metavar="FILE", help="write an error analysis by category to FILE")
    args = ap.parse_args()
    shared = Path(args.shared)
    pn = polnear(shared, not args.no_textacy, args.limit, half=args.half, use_cache=args.cache,
                 errors=args.errors)
    errs = pn["scores"].pop("_errors", None)
    if errs is not None:
        for cat, n in sorted(errs.items(), key=lambda x: (x[0].split("/")[0], " cue:" in x[0], -x[1])):
            if " cue:" not in cat:
                print(f"{n:5d}  {cat}")
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
    if args.half or args.limit or args.cache:
        return  # a partial or cached run is for development: the results file holds full runs only
    out = REPO / "bench" / "results" / f"quotes-{dt.date.today().isoformat()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
