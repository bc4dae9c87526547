"""Extraction quality of storyline beside trafilatura, jusText and readability-lxml, run side by side.

Parts (all on the visible halves in ``../shared/eval``, decompressed into the git-ignored ``bench/work/``):

a. Zyte/Scrapinghub article-body set, HTML input. Word 4-gram shingle metric (reimplemented): per-document
   precision/recall over multisets of ``\\w+`` 4-grams, P = mean precision, R = mean recall, F1 = harmonic
   mean of P and R, accuracy = exact token-sequence match; ± is the std over bootstrap resamples of the
   pages. ``articleBody`` never holds the headline (checked: no body starts with the page's h1), so
   storyline is scored on ``text`` alone, without ``title``.
b. trafilatura's snippet set, HTML input: the shared reference scorer ``score_boilerplate.py`` (storyline
   and trafilatura), plus jusText and readability rows computed here with the same snippet metric
   (title + text, as the reference scorer does for storyline and trafilatura).
c. Page-text mode: the whole-page text dumps (``html_to_pagetext.py``) ingested as ``.txt`` so that
   storyline's text segmenter must find the body; scored with the reference scorer (trafilatura set,
   raw dump = floor) and with the shingle metric (Zyte set, raw dump = floor).

Writes ``bench/results/extraction-<date>-<host>.md`` (numbers only). No required arguments.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (DEFAULT_SHARED, decode_html, PYTHON, TRAF, WORK, ZYTE, doc_pr, fix_mojibake, header,  # noqa: E402
                     main_docs_by_stem, md_table, prepare, result_path, storyline_available, storyline_docs,
                     storyline_ingest, tokens)

PKGS = ["storyline", "trafilatura", "justext", "readability-lxml", "lxml"]

# --------------------------------------------------------------------------------------------- peers
_STOP: dict[str, frozenset[str]] = {}


def _stoplist_for(html: str) -> tuple[str, frozenset[str]]:
    """Pick the jusText stoplist whose words cover most of the page's tokens (the sets are multilingual)."""
    import justext
    import lxml.html
    if not _STOP:
        for lang in justext.get_stoplists():
            _STOP[lang] = justext.get_stoplist(lang)
    try:
        words = [w.lower() for w in tokens(lxml.html.fromstring(html).text_content())][:5000]
    except Exception:
        words = []
    if not words:
        return "English", _STOP["English"]
    best = max(_STOP, key=lambda l: sum(w in _STOP[l] for w in words))
    return best, _STOP[best]


def _html_text(fragment: str) -> str:
    import lxml.html
    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    return " ".join(t for t in root.itertext())


def run_peer(job: tuple[str, str, bool]) -> tuple[str, str, str, float]:
    """(system, path, with_title) -> (system, stem, text, seconds). Runs in a worker process."""
    system, path, with_title = job
    raw = Path(path).read_bytes()
    html = decode_html(raw)  # lxml would guess Latin-1 from bytes without a meta charset
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str input that declares an encoding
    stem = Path(path).name.rsplit(".", 1)[0]
    t0 = time.perf_counter()
    text = ""
    try:
        if system == "trafilatura":
            import trafilatura
            text = trafilatura.extract(raw) or ""  # bytes, as the reference scorer does
            if with_title:
                m = trafilatura.extract_metadata(raw)
                if m and m.title:
                    text = m.title + "\n" + text
        elif system == "justext":
            import justext
            _, stop = _stoplist_for(html)
            # the custom settings of trafilatura's own evaluation ("justext 3.0.2 (custom)" in its table)
            paras = justext.justext(html, stop, 50, 200, 0.1, 0.2, 0.2, 200, True)
            text = "\n".join(p.text for p in paras if not p.is_boilerplate)
            if with_title:
                import lxml.html
                t = lxml.html.fromstring(html).findtext(".//title") or ""
                text = t.strip() + "\n" + text
        elif system == "readability":
            from readability import Document
            doc = Document(html)
            text = _html_text(doc.summary(html_partial=True))
            if with_title:
                text = (doc.title() or "") + "\n" + text
    except Exception as e:  # a peer failing on a page scores as empty output, like upstream
        print(f"  {system} failed on {stem}: {type(e).__name__}: {e}", file=sys.stderr)
    return system, stem, text, time.perf_counter() - t0


def run_peers(systems: list[str], html_dir: Path, *, with_title: bool, workers: int
              ) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    jobs = [(s, str(p), with_title) for s in systems for p in sorted(html_dir.iterdir())]
    out: dict[str, dict[str, str]] = {s: {} for s in systems}
    secs: dict[str, float] = {s: 0.0 for s in systems}
    with Pool(workers) as pool:
        for s, stem, text, dt in pool.imap_unordered(run_peer, jobs, chunksize=4):
            out[s][stem] = text
            secs[s] += dt
    return out, secs


# --------------------------------------------------------------------------------------------- metrics
def shingle_scores(pred: dict[str, str], gold: dict[str, str], *, n_boot: int, seed: int = 0) -> dict[str, float]:
    ids = sorted(gold)
    per = []
    for i in ids:
        p, r = doc_pr(pred.get(i, ""), gold[i])
        per.append((p, r, float(tokens(pred.get(i, "")) == tokens(gold[i]))))

    def agg(rows: list[tuple[float, float, float]]) -> tuple[float, float, float, float]:
        P = statistics.fmean(x[0] for x in rows)
        R = statistics.fmean(x[1] for x in rows)
        F = 2 * P * R / (P + R) if P + R else 0.0
        return F, P, R, statistics.fmean(x[2] for x in rows)

    F, P, R, A = agg(per)
    rng = random.Random(seed)
    boots = [agg([per[rng.randrange(len(per))] for _ in per]) for _ in range(n_boot)]
    sd = [statistics.pstdev(b[k] for b in boots) for k in range(4)]
    return {"F1": F, "P": P, "R": R, "acc": A, "sF1": sd[0], "sP": sd[1], "sR": sd[2], "sacc": sd[3],
            "n": len(ids), "covered": sum(1 for i in ids if pred.get(i))}


def shingle_row(name: str, s: dict[str, float], extra: str = "") -> list[object]:
    return [name, f"{s['F1']:.3f} ± {s['sF1']:.3f}", f"{s['P']:.3f} ± {s['sP']:.3f}",
            f"{s['R']:.3f} ± {s['sR']:.3f}", f"{s['acc']:.3f} ± {s['sacc']:.3f}", f"{s['covered']}/{s['n']}", extra]


SHINGLE_HEAD = ["system", "F1", "P", "R", "accuracy", "pages with output", "time"]


def snippet_scores(outputs: dict[str, str], ev: dict[str, dict]) -> tuple[float, float, float, float]:
    tp = fn = fp = tn = 0
    for stem, v in ev.items():
        out = outputs.get(stem, "")
        for s in v.get("with", []):
            tp += s in out
            fn += s not in out
        for s in v.get("without", []):
            fp += s in out
            tn += s not in out
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    acc = (tp + tn) / (tp + tn + fp + fn) if tp + tn + fp + fn else 0.0
    return p, r, acc, (2 * p * r / (p + r) if p + r else 0.0)


# --------------------------------------------------------------------------------------------- storyline
def run_storyline(inputs: list[str], name: str) -> tuple[list[dict] | None, float, str]:
    """Ingest with analysis off; returns (docs, seconds, note)."""
    db = WORK / f"{name}.db"
    t0 = time.perf_counter()
    try:
        r = storyline_ingest(db, inputs, analyse=False, timeout=1500)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - t0, "ingest timed out"
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        tail = (r.stderr or "").strip().splitlines()[-3:]
        return None, dt, f"ingest exit {r.returncode}: {' / '.join(tail)[:300]}"
    try:
        return storyline_docs(db, WORK / f"{name}.docs.json"), dt, ""
    except Exception as e:
        return None, dt, f"docs --json failed: {e}"[:300]


def reference_scorer(shared: Path, html_dir: Path, docs_json: Path, text_dir: Path | None = None) -> str:
    cmd = [PYTHON, str(shared / "tools" / "score_boilerplate.py"), str(shared / "eval" / TRAF / "evaldata.json"),
           str(html_dir), str(docs_json), PYTHON]
    if text_dir:
        cmd.append(str(text_dir))
    r = subprocess.run(cmd, capture_output=True, text=True)
    out = r.stdout.strip()
    if r.returncode not in (0, 1):
        out += f"\n(scorer exit {r.returncode}: {r.stderr.strip()[-500:]})"
    return out


def worst_pages(pred: dict[str, str], gold: dict[str, str], k: int = 8) -> list[str]:
    rows = []
    for i in gold:
        p, r = doc_pr(pred.get(i, ""), gold[i])
        rows.append((2 * p * r / (p + r) if p + r else 0.0, p, r, i))
    rows.sort()
    return [f"  F1 {f:.2f} P {p:.2f} R {r:.2f} {i[:16]} words out {len(tokens(pred.get(i, '')))} "
            f"gold {len(tokens(gold[i]))}" for f, p, r, i in rows[:k]]


# --------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared folder (default: %(default)s)")
    ap.add_argument("--parts", default="a,b,c", help="which parts to run (default: %(default)s)")
    ap.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (default: %(default)s)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="peer processes (default: all cores)")
    ap.add_argument("--no-storyline", action="store_true", help="score only the peers")
    ap.add_argument("--out", type=Path, default=None, help="results file (default: bench/results/extraction-...)")
    a = ap.parse_args(argv)
    parts = set(a.parts.split(","))
    t_start = time.perf_counter()

    have_sl = not a.no_storyline and storyline_available()
    sections = [header("storyline extraction evaluation", PKGS)]
    if not have_sl:
        sections.append("\n**storyline CLI not available in this run: storyline rows are missing.**\n")

    def emit(s: str) -> None:
        print(s, flush=True)
        sections.append(s)

    zhtml, ztext = prepare(a.shared, ZYTE)
    thtml, ttext = prepare(a.shared, TRAF)
    gt = {k: v["articleBody"] for k, v in json.loads((a.shared / "eval" / ZYTE / "ground-truth.json").read_text()).items()
          if (zhtml / f"{k}.html").exists()}
    ev = {v["file"].rsplit(".", 1)[0]: v for v in
          json.loads((a.shared / "eval" / TRAF / "evaldata.json").read_text()).values()}

    # ---- a. Zyte, HTML
    if "a" in parts:
        print("a. Zyte set, HTML ...", file=sys.stderr, flush=True)
        rows = []
        peers, secs = run_peers(["trafilatura", "justext", "readability"], zhtml, with_title=False,
                                workers=a.workers)
        if have_sl:
            docs, dt, note = run_storyline([str(zhtml)], "zyte_html")
            if docs is not None:
                pred = {k: d.get("text") or "" for k, d in main_docs_by_stem(docs).items()}
                s = shingle_scores(pred, gt, n_boot=a.bootstrap)
                rows.append(shingle_row("storyline (HTML, analysis off)", s, f"{dt:.1f}s wall"))
                print("storyline worst pages (Zyte HTML):\n" + "\n".join(worst_pages(pred, gt)), file=sys.stderr)
                n_rel = sum(1 for d in docs if d.get("kind") == "related" or d.get("parent") not in (None, ""))
                print(f"storyline docs: {len(docs)} total, {n_rel} related", file=sys.stderr)
            else:
                rows.append(["storyline", note, "", "", "", "0", f"{dt:.1f}s"])
        for name, label in (("trafilatura", "trafilatura.extract"), ("justext", "jusText custom (stoplist by coverage)"),
                            ("readability", "readability-lxml summary")):
            s = shingle_scores(peers[name], gt, n_boot=a.bootstrap)
            rows.append(shingle_row(f"{label} (this run)", s, f"{secs[name]:.1f}s cpu"))
        for f in sorted((a.shared / "eval" / ZYTE / "baseline_outputs").glob("*.json")):
            b = json.loads(f.read_text())
            b = b.get("output", b) if isinstance(b, dict) else {}
            if not any(k in b for k in gt):
                continue  # several shipped baseline files are empty ({}): nothing to score
            pred = {k: (v.get("articleBody") or "") if isinstance(v, dict) else str(v) for k, v in b.items()}
            rows.append(shingle_row(f"{f.stem} (shipped baseline output)", shingle_scores(pred, gt, n_boot=a.bootstrap)))
        emit(f"\n## a. Zyte/Scrapinghub article bodies, HTML input ({len(gt)} pages)\n\n"
             "Shingle metric; storyline scored on `text` without `title` (articleBody holds no headline). "
             "± = bootstrap std over " f"{a.bootstrap} resamples.\n\n" + md_table(SHINGLE_HEAD, rows))

    # ---- b. trafilatura set, HTML
    if "b" in parts:
        print("b. trafilatura set, HTML ...", file=sys.stderr, flush=True)
        rows = []
        ref = ""
        if have_sl:
            docs, dt, note = run_storyline([str(thtml)], "traf_html")
            if docs is not None:
                ref = reference_scorer(a.shared, thtml, WORK / "traf_html.docs.json")
                pred = {k: (d.get("title") or "") + "\n" + (d.get("text") or "") for k, d in main_docs_by_stem(docs).items()}
                p, r, acc, f = snippet_scores(pred, ev)
                rows.append(["storyline (this script's scorer)", p, r, acc, f, f"{sum(1 for k in ev if pred.get(k))}/{len(ev)}", f"{dt:.1f}s wall"])
            else:
                rows.append(["storyline", note, "", "", "", "0", f"{dt:.1f}s"])
        peers, secs = run_peers(["justext", "readability"], thtml, with_title=True, workers=a.workers)
        for name, label in (("justext", "jusText custom (stoplist by coverage)"), ("readability", "readability-lxml")):
            p, r, acc, f = snippet_scores(peers[name], ev)
            rows.append([label, p, r, acc, f, f"{sum(1 for k in ev if peers[name].get(k))}/{len(ev)}", f"{secs[name]:.1f}s cpu"])
        emit(f"\n## b. trafilatura snippet set, HTML input ({len(ev)} pages)\n\n"
             "Reference scorer (`score_boilerplate.py`, trafilatura run by it on the same pages):\n\n```\n"
             + (ref or "(not run: storyline unavailable)") + "\n```\n\nSame snippet metric computed here "
             "(title + text for every system):\n\n" + md_table(["system", "P", "R", "accuracy", "F1", "pages with output", "time"], rows))

    # ---- c. page-text mode
    if "c" in parts:
        print("c. page-text mode ...", file=sys.stderr, flush=True)
        ref = ""
        rows = []
        if have_sl:
            docs, dt, note = run_storyline([str(ttext)], "traf_text")
            ref = reference_scorer(a.shared, thtml, WORK / "traf_text.docs.json", ttext) if docs is not None else note
        raw = {p.name[:-4]: p.read_text() for p in ztext.glob("*.txt")}
        if have_sl:
            docs, dt, note = run_storyline([str(ztext)], "zyte_text")
            if docs is not None:
                pred = {k: d.get("text") or "" for k, d in main_docs_by_stem(docs).items()}
                rows.append(shingle_row("storyline on page text (analysis off)", shingle_scores(pred, gt, n_boot=a.bootstrap), f"{dt:.1f}s wall"))
                print("storyline worst pages (Zyte page text):\n" + "\n".join(worst_pages(pred, gt)), file=sys.stderr)
            else:
                rows.append(["storyline on page text", note, "", "", "", "0", f"{dt:.1f}s"])
        rows.append(shingle_row("raw page-text dump (floor)", shingle_scores(raw, gt, n_boot=a.bootstrap)))
        rows.append(shingle_row("raw dump, Latin-1 mojibake undone", shingle_scores({k: fix_mojibake(v) for k, v in raw.items()}, gt, n_boot=a.bootstrap)))
        try:
            from label_lines import label_zyte_page
            oracle = {k: "\n".join(l for _, l, lab in label_zyte_page(v.splitlines(), gt[k]) if lab == 1)
                      for k, v in raw.items() if k in gt}
            rows.append(shingle_row("oracle: body lines per label_lines.py (ceiling)", shingle_scores(oracle, gt, n_boot=a.bootstrap)))
        except Exception as e:
            print(f"oracle row skipped: {e}", file=sys.stderr)
        emit(f"\n## c. Page-text mode (whole-page text dumps as .txt input)\n\n"
             "trafilatura snippet set, reference scorer with TEXT_DIR (raw dump = floor):\n\n```\n"
             + (ref or "(not run: storyline unavailable)") + f"\n```\n\nZyte set, shingle metric ({len(gt)} pages):\n\n"
             + md_table(SHINGLE_HEAD, rows))

    emit(f"\n_total run time {time.perf_counter() - t_start:.0f}s_\n")
    out = a.out or result_path("extraction")
    out.write_text("\n".join(sections))
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
