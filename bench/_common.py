"""Shared helpers for storyline's benchmark scripts (paths, data preparation, metrics, running the CLI).

Everything derived from the evaluation sets is written under ``bench/work/`` (git-ignored): eval texts must
never enter the repository. Result files under ``bench/results/`` hold numbers only.
"""
from __future__ import annotations

import datetime as _dt
import gzip
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"
DEFAULT_SHARED = REPO.parent / "shared"
PYTHON = sys.executable

ZYTE = "article_extraction_scrapinghub"
TRAF = "boilerplate_trafilatura_eval"

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------------------------- data prep
def decompress(src: Path, dst: Path) -> Path:
    """Gunzip every ``*.gz`` in ``src`` into ``dst`` (skipping files already there). Returns ``dst``."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.iterdir()):
        if not f.name.endswith(".gz"):
            continue
        out = dst / f.name[:-3]
        if out.exists() and out.stat().st_size > 0:
            continue
        with gzip.open(f, "rb") as fin, open(out, "wb") as fout:
            shutil.copyfileobj(fin, fout)
    return dst


def pagetext(shared: Path, html_dir: Path, text_dir: Path) -> Path:
    """Run the shared ``html_to_pagetext.py`` (needs lxml, so the venv python) unless already done."""
    n_html = sum(1 for _ in html_dir.iterdir())
    if text_dir.exists() and sum(1 for _ in text_dir.iterdir()) >= n_html:
        return text_dir
    subprocess.run([PYTHON, str(shared / "tools" / "html_to_pagetext.py"), str(html_dir), str(text_dir)],
                   check=True)
    return text_dir


def prepare(shared: Path, name: str) -> tuple[Path, Path]:
    """Decompress one eval set's HTML and make its page-text dumps. Returns (html_dir, text_dir)."""
    short = "zyte" if name == ZYTE else "traf"
    html_dir = decompress(shared / "eval" / name / "html", WORK / short / "html")
    text_dir = pagetext(shared, html_dir, WORK / short / "text")
    return html_dir, text_dir


def decode_html(raw: bytes) -> str:
    """Decode a page: UTF-8 if valid, else its declared charset, else cp1252 (lxml would guess Latin-1)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"""charset=["']?([A-Za-z0-9_.:-]+)""", raw[:4096])
    for enc in ([m.group(1).decode("ascii")] if m else []) + ["cp1252"]:
        try:
            return raw.decode(enc, errors="replace")
        except LookupError:
            continue
    return raw.decode("utf-8", errors="replace")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-Latin-1 (the page-text tool lets lxml guess Latin-1 on pages without a meta charset)."""
    if not _MOJI.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    # Line by line: the tool folds U+00A0 (also a UTF-8 continuation byte) into spaces, so some lines
    # cannot be undone exactly; decode those tolerantly rather than leave the whole line garbled.
    out = []
    for line in text.split("\n"):
        if _MOJI.search(line) and all(ord(c) < 256 for c in line):
            fixed = line.encode("latin-1").decode("utf-8", errors="replace")
            if fixed.count("\ufffd") <= max(2, len(fixed) // 10):
                line = fixed.replace("\ufffd", "")
        out.append(line)
    return "\n".join(out)


_MOJI = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


# --------------------------------------------------------------------------------------------- metrics
def tokens(text: str) -> list[str]:
    return _WORD.findall(text or "")


def shingles(toks: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than n gives one shingle of all its tokens (as upstream)."""
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def doc_pr(pred: str, gold: str) -> tuple[float, float]:
    """Per-document shingle precision and recall (multiset intersection)."""
    p, g = shingles(tokens(pred)), shingles(tokens(gold))
    tp = sum((p & g).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    if not p and not g:
        return 1.0, 1.0
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec


# --------------------------------------------------------------------------------------------- storyline
def storyline_bin() -> str:
    cand = REPO / ".venv" / "bin" / "storyline"
    return str(cand) if cand.exists() else "storyline"


def storyline_available() -> bool:
    try:
        r = subprocess.run([storyline_bin(), "--help"], capture_output=True, text=True, timeout=120)
        return r.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def storyline_ingest(db: Path, inputs: list[str], *, analyse: bool = False, timeout: int = 1800,
                     extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if db.exists():
        db.unlink()
    env = dict(os.environ, STORYLINE_ANALYSE="1" if analyse else "0", **(extra_env or {}))
    return subprocess.run([storyline_bin(), "--db", str(db), "ingest", *inputs], capture_output=True,
                          text=True, env=env, timeout=timeout)


def storyline_docs(db: Path, out: Path) -> list[dict]:
    r = subprocess.run([storyline_bin(), "--db", str(db), "docs", "--json"], capture_output=True, text=True,
                       timeout=900)
    if r.returncode != 0:
        raise RuntimeError(f"storyline docs --json failed ({r.returncode}): {r.stderr[-2000:]}")
    docs = json.loads(r.stdout)
    if isinstance(docs, dict):  # tolerate {"docs": [...]} wrappers
        docs = next(v for v in docs.values() if isinstance(v, list))
    out.write_text(json.dumps(docs))
    return docs


def main_docs_by_stem(docs: list[dict]) -> dict[str, dict]:
    """Top-level (non-related) docs keyed by the file stem of their source path."""
    by: dict[str, dict] = {}
    for d in docs:
        if d.get("parent") not in (None, "") or d.get("kind") == "related":
            continue
        src = os.path.basename(str(d.get("source") or ""))
        stem = src.rsplit(".", 1)[0] if "." in src else src
        if stem not in by or len(d.get("text") or "") > len(by[stem].get("text") or ""):
            by[stem] = d
    return by


# --------------------------------------------------------------------------------------------- reporting
def machine_info() -> dict[str, str]:
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"host": socket.gethostname(), "cores": str(os.cpu_count()), "ram": mem, "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform()}


def versions(pkgs: list[str]) -> dict[str, str]:
    from importlib import metadata
    out = {}
    for p in pkgs:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "not installed"
    try:
        out["storyline git"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                              capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    return out


def header(title: str, pkgs: list[str]) -> str:
    m = machine_info()
    lines = [f"# {title}", "", f"- date: {_dt.datetime.now().isoformat(timespec='seconds')}",
             f"- machine: {m['host']}, {m['cores']} cores, {m['ram']} RAM, {m['cpu']}",
             f"- python {m['python']} on {m['platform']}"]
    lines += [f"- {k} {v}" for k, v in versions(pkgs).items()]
    return "\n".join(lines) + "\n"


def result_path(prefix: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS / f"{prefix}-{_dt.date.today().isoformat()}-{socket.gethostname()}.md"


def md_table(head: list[str], rows: list[list[object]]) -> str:
    def fmt(x: object) -> str:
        return f"{x:.3f}" if isinstance(x, float) else str(x)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(fmt(c) for c in r) + " |" for r in rows]
    return "\n".join(out)
