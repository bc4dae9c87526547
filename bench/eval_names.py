"""Evaluate storyline's cross-document name canonicalisation (``storyline.names``).

Data (read in place from ``shared/eval``; nothing from them is written to the repository):

* SlavicNER (``entities_slavic_ner_xling``): PER/LOC/ORG mentions whose text is in Latin script
  (Polish, Czech, Slovene documents, and Latin names inside Cyrillic-script documents); gold
  cluster = ``xling_id``. Run once on the surface strings and once on the lemmas. An extra run
  takes every script (Cyrillic too), to exercise the transliteration table.
* MEANTIME English (``meantime_en``): named (``NAM``) ENTITY_MENTIONs linked by REFERS_TO to an
  entity instance; gold cluster = ``instance_id``; type = the instance's ``ent_type``.

Scores are pairwise precision/recall/F1 of "same entity" decisions, counted two ways:

* ``mentions``: over all pairs of mentions (frequent names weigh more);
* ``strings``: over distinct (string, gold id) items, each placed in the predicted cluster
  that most of its mentions got.

Baselines in the same run: exact lowercase string match, and greedy clustering of distinct
lowercase strings with rapidfuzz ``ratio >= 90`` (strings in frequency order join the first
cluster whose first string is close enough; compared within the same first letter).

*R bound*: the mention recall of the partition (gold id, first sound class of the string), i.e.
what a method gets that joins every same-entity pair starting with the same sound and nothing
else. SlavicNER ids join translations (``EU``/``UE``/``Unia Europejska``/``Evropská unie``),
acronyms and demonyms, which start differently, so this bounds spelling methods from above
(loosely: it also counts pairs no spelling method should join).

A synthetic run (``--synthetic N``, default 100000 mentions) times canonicalise at scale: invented
names, spelled in several romanisations, declined with Slavic case endings, and surname-only
mentions; its gold is the invented person.

SlavicNER ids are split into two halves by a hash of the id (``--half a|b``); the method is
tuned mainly on half *a*. The table reports both halves next to the whole set.

Error analysis (``--errors``, SlavicNER lemma Latin, half *a* unless ``--half`` says otherwise):
the gold ids that lose most mention pairs, and the missed pairs of distinct strings by category
(case/diacritics, acronym, case ending, transliteration, given name, short form, word order,
derived word, other spelling, different word), with mention-pair weights and examples.

Usage: ``python bench/eval_names.py [--shared PATH] [--no-write] [--errors] [--half a|b]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import gzip
import json
import os
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from storyline.names import (  # noqa: E402
    NameMention,
    canonicalise,
    fold,
    inflected_match,
    phonetic,
    skeleton,
    word_match,
    words_match,
)
from storyline.names.match import is_acronym  # noqa: E402

Item = tuple[NameMention, str]  # (mention, gold id)


# ------------------------------------------------------------------------------------------ data
def _is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def half_of(gold_id: str) -> str:
    """``"a"`` or ``"b"``: a stable split of gold ids (tune on *a*, hold out *b*)."""
    return "ab"[zlib.crc32(gold_id.encode("utf-8")) & 1]


def load_slavicner(shared: Path, *, field: str, latin_only: bool, half: str | None = None) -> list[Item]:
    """Mentions of PER/LOC/ORG from SlavicNER, as (mention, xling_id); ``half`` keeps one half of the ids."""
    path = shared / "eval" / "entities_slavic_ner_xling" / "slavicner_docs.jsonl.gz"
    out: list[Item] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            for m in doc["mentions"]:
                if m["type"] not in ("PER", "LOC", "ORG"):
                    continue
                text = m[field] or m["surface"]
                if latin_only and not _is_latin(text):
                    continue
                if half is not None and half_of(m["xling_id"]) != half:
                    continue
                out.append((NameMention(text=text, type=m["type"], document=doc["raw_path"],
                                        start=m["start"], end=m["end"]), m["xling_id"]))
    return out


_CONNECTORS = frozenset({"of", "and", "&", "de", "du", "von", "van", "der", "'s"})


def trim_to_name(text: str) -> str:
    """Approximate what a tagger would mark as the name inside a MEANTIME mention extent.

    MEANTIME extents are whole noun phrases ("Irish national airline Aer Lingus", "the United
    States", "Ryanair CEO , Michael O' Leary"). Split at commas and brackets, take in each piece
    the last run of capitalised words (connectors such as "of" allowed inside), keep the longest.
    """
    best: list[str] = []
    for piece in text.replace("(", ",").replace(")", ",").split(","):
        toks = piece.split()
        run: list[str] = []
        for i in range(len(toks) - 1, -1, -1):
            t = toks[i]
            if t[:1].isupper() or t[:1].isdigit():
                run.insert(0, t)
            elif t in _CONNECTORS and run and i > 0 and toks[i - 1][:1].isupper():
                run.insert(0, t)
            elif run:
                break
        if len(run) > len(best):
            best = run
    return " ".join(best) or text


def load_meantime(shared: Path, *, types: frozenset[str] | None, trim: bool = False) -> list[Item]:
    """Named entity mentions of MEANTIME English with their cross-document instance ids."""
    root_dir = shared / "eval" / "meantime_en" / "intra_cross-doc_annotation"
    out: list[Item] = []
    for path in sorted(root_dir.glob("corpus_*/*.xml")):
        root = ET.parse(path).getroot()
        tokens = {t.get("t_id"): (t.text or "") for t in root.iter("token")}
        markables = root.find("Markables")
        relations = root.find("Relations")
        if markables is None or relations is None:
            continue
        mentions: dict[str, str] = {}
        for em in markables.iter("ENTITY_MENTION"):
            if em.get("syntactic_type") != "NAM":
                continue
            ids = [a.get("t_id") for a in em.iter("token_anchor")]
            text = " ".join(tokens.get(i, "") for i in ids).strip()
            if trim:
                text = trim_to_name(text)
            if text:
                mentions[em.get("m_id", "")] = text
        instances = {e.get("m_id"): (e.get("instance_id", ""), e.get("ent_type", ""))
                     for e in markables.iter("ENTITY")}
        for rel in relations.iter("REFERS_TO"):
            target = rel.find("target")
            if target is None or target.get("m_id") not in instances:
                continue
            inst, etype = instances[target.get("m_id")]
            if types is not None and etype not in types:
                continue
            for src in rel.iter("source"):
                text = mentions.get(src.get("m_id", ""))
                if text:
                    out.append((NameMention(text=text, type=etype, document=path.stem), inst))
    return out


def synthetic(n: int, *, seed: int = 7) -> list[Item]:
    """``n`` invented person mentions: romanisation variants, case endings, surname-only forms."""
    import random

    rng = random.Random(seed)
    onsets = ["k", "m", "s", "t", "r", "v", "d", "b", "p", "g", "l", "n", "z", "ch", "sh", "zh"]
    vowels = ["a", "o", "e", "i", "u"]
    suffixes = ["ov", "in", "iak", "uk", "an", "ich", "ski"]
    spell = [("sh", "sz"), ("ch", "tch"), ("zh", "ż"), ("v", "w"), ("ski", "sky"), ("ich", "icz")]
    noun_endings = ["", "", "", "a", "u", "em", "owi"]
    adj_endings = {"": "", "a": "ego", "u": "emu", "em": "im", "owi": "iemu"}

    def stem() -> str:
        return "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(2)) + rng.choice(onsets)

    people = [(stem().title(), (stem()[:-1] + rng.choice(suffixes)).title()) for _ in range(n // 25)]
    out: list[Item] = []
    for i in range(n):
        pid = rng.randrange(len(people))
        given, surname = people[pid]
        if rng.random() < 0.3:
            a, b = rng.choice(spell)
            surname = surname.replace(a, b)
        end = rng.choice(noun_endings)
        if surname.endswith(("ski", "sky")):
            sur = surname[:-1] + (adj_endings[end] or surname[-1])
        else:
            sur = surname + end
        text = sur if rng.random() < 0.4 else f"{given}{end} {sur}"
        out.append((NameMention(text=text, type="PER", document=f"s{i // 30}"), f"P{pid}"))
    return out


def initial_bound(items: Sequence[Item]) -> float:
    """Mention recall of the partition (gold id, first sound class of the string)."""
    pred = [f"{g}|{phonetic(m.text)[:1]}" for m, g in items]
    return pairwise(pred, [g for _, g in items])[1]


# --------------------------------------------------------------------------------------- systems
def system_names(items: Sequence[Item]) -> list[str]:
    ents = canonicalise([m for m, _ in items])
    pred = [""] * len(items)
    for e in ents:
        for i in e.mentions:
            pred[i] = e.id
    return pred


def system_exact(items: Sequence[Item]) -> list[str]:
    return [m.text.strip().lower() for m, _ in items]


def system_fuzzy(items: Sequence[Item]) -> list[str]:
    freq = Counter(m.text.strip().lower() for m, _ in items)
    reps: dict[str, list[str]] = defaultdict(list)
    label: dict[str, str] = {}
    for s, _ in freq.most_common():
        bucket = reps[s[:1]]
        hit = process.extractOne(s, bucket, scorer=fuzz.ratio, score_cutoff=90) if bucket else None
        if hit is None:
            bucket.append(s)
            label[s] = s
        else:
            label[s] = label[hit[0]]
    return [label[m.text.strip().lower()] for m, _ in items]


# --------------------------------------------------------------------------------------- metrics
def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    cells = Counter(zip(pred, gold))
    tp = sum(_pairs(n) for n in cells.values())
    pp = sum(_pairs(n) for n in Counter(pred).values())
    gp = sum(_pairs(n) for n in Counter(gold).values())
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def string_level(items: Sequence[Item], pred: Sequence[str]) -> tuple[float, float, float]:
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (m, g), p in zip(items, pred):
        votes[(m.text.strip(), g)][p] += 1
    keys = list(votes)
    return pairwise([votes[k].most_common(1)[0][0] for k in keys], [k[1] for k in keys])


def _plain(text: str) -> str:
    low = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in low if not unicodedata.combining(c)).replace("ł", "l")


def variant_recall(items: Sequence[Item], pred: Sequence[str], threshold: float = 70.0) -> tuple[float, int]:
    """Recall over gold pairs of distinct strings that look like spelling variants.

    A gold pair (two distinct strings with one gold id) counts when rapidfuzz ``ratio`` of the
    lowercased, accent-stripped strings is >= ``threshold``; this leaves out translations and
    acronyms, but keeps inflected forms. Strings are placed by majority vote as in
    :func:`string_level`.

    Returns:
        (recall, number of such gold pairs)
    """
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (m, g), p in zip(items, pred):
        votes[(m.text.strip(), g)][p] += 1
    by_gold: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (text, g), c in votes.items():
        by_gold[g].append((text, c.most_common(1)[0][0]))
    total = hit = 0
    for members in by_gold.values():
        if len(members) > 400:
            members = members[:400]
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                (a, pa), (b, pb) = members[i], members[j]
                if fuzz.ratio(_plain(a), _plain(b)) >= threshold:
                    total += 1
                    hit += pa == pb
    return (hit / total if total else 1.0), total


# -------------------------------------------------------------------------------- error analysis
#: Miss categories, in the order they are tested (the first that fits names the pair).
CATEGORIES = (
    "case/diacritics only",
    "acronym (vs another acronym or a multiword name)",
    "case ending",
    "transliteration",
    "given name differs",
    "short form (one word of the other)",
    "word order",
    "derived word (demonym, adjective)",
    "other spelling",
    "different word (translation)",
)

# letter differences named in the transliteration breakdown (after lowercasing)
_LETTER_CLASSES = (
    ("w/v", {"w", "v"}), ("j/y/i", {"j", "y", "i", "í", "ý", "ij", "ji", "yj", "iy"}),
    ("ł/l", {"ł", "l"}), ("cz/ch/č/c", {"cz", "ch", "č", "c", "tsch", "tch", "ć"}),
    ("sz/sh/š/s", {"sz", "sh", "š", "s", "ś", "sch"}), ("ż/zh/ž/z", {"ż", "zh", "ž", "z", "ź"}),
    ("eu/ev", {"u", "v"}), ("kh/h/ch", {"kh", "h", "ch", "g"}),
)


def _words(text: str) -> list[str]:
    return [w for w in _plain(text).replace("-", " ").split() if w]


def _word_fits(a: str, b: str) -> bool:
    return word_match(a, b, inflected=True)


def miss_category(a: str, b: str, typ: str) -> str:
    """The first :data:`CATEGORIES` entry that describes why two strings of one gold id differ."""
    if fold(a) == fold(b):
        return CATEGORIES[0]
    wa, wb = a.split(), b.split()
    acr_a, acr_b = is_acronym(a.strip()), is_acronym(b.strip())
    if (acr_a and (acr_b or len(wb) > 1)) or (acr_b and len(wa) > 1):
        return CATEGORIES[1]
    if len(wa) == len(wb) and all(inflected_match(x, y) or fold(x) == fold(y) for x, y in zip(wa, wb)):
        return CATEGORIES[2]
    if phonetic(a) == phonetic(b) or skeleton(a) == skeleton(b) or words_match(a, b):
        return CATEGORIES[3]
    if typ == "PER" and len(wa) > 1 and len(wb) > 1 and _word_fits(wa[-1], wb[-1]):
        return CATEGORIES[4]
    if (len(wa) == 1) != (len(wb) == 1):
        one, many = (wa[0], wb) if len(wa) == 1 else (wb[0], wa)
        if any(_word_fits(one, w) for w in many):
            return CATEGORIES[5]
    if len(wa) == len(wb) > 1 and sorted(fold(x) for x in wa) == sorted(fold(x) for x in wb):
        return CATEGORIES[6]
    if len(wa) == len(wb) > 1 and all(any(_word_fits(x, y) for y in wb) for x in wa):
        return CATEGORIES[6]
    pa, pb = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    if len(wa) == len(wb) == 1 and len(os.path.commonprefix([pa, pb])) >= 4:
        return CATEGORIES[7]
    if fuzz.ratio(_plain(a), _plain(b)) >= 70:
        return CATEGORIES[8]
    return CATEGORIES[9]


def letter_differences(a: str, b: str) -> list[str]:
    """Named letter differences between two spellings (``w/v``, ``ł/l``, ...), or the raw ones."""
    x, y = a.lower(), b.lower()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        pair = {x[i1:i2], y[j1:j2]} - {""}
        if op == "replace" and _plain(x[i1:i2]) == _plain(y[j1:j2]):
            out.append("diacritics")
            continue
        for label, members in _LETTER_CLASSES:
            if pair <= members:
                out.append(label)
                break
        else:
            out.append(f"{x[i1:i2] or '-'}/{y[j1:j2] or '-'}")
    return out


def error_report(items: Sequence[Item], pred: Sequence[str], *, top: int = 25) -> list[str]:
    """Markdown lines: the gold ids that lose most mention pairs, and missed pairs by category."""
    counts: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)  # gold -> (pred, text) -> n
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for (m, g), p in zip(items, pred):
        counts[g][(p, m.text.strip())] += 1
        types[g][m.type] += 1
    by_gold_missed: list[tuple[int, str, int, int]] = []
    cat_pairs: Counter[str] = Counter()
    cat_strings: Counter[str] = Counter()
    cat_examples: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    letters: Counter[str] = Counter()
    total_gold = 0
    for g, c in counts.items():
        sizes: Counter[str] = Counter()
        for (p, _), n in c.items():
            sizes[p] += n
        n_all = sum(sizes.values())
        total_gold += _pairs(n_all)
        missed = _pairs(n_all) - sum(_pairs(n) for n in sizes.values())
        if not missed:
            continue
        by_gold_missed.append((missed, g, n_all, len(sizes)))
        typ = types[g].most_common(1)[0][0]
        entries = sorted(c.items(), key=lambda kv: -kv[1])[:200]
        for i in range(len(entries)):
            (pa, ta), na = entries[i]
            for j in range(i + 1, len(entries)):
                (pb, tb), nb = entries[j]
                if pa == pb:
                    continue
                cat = miss_category(ta, tb, typ)
                cat_pairs[cat] += na * nb
                cat_strings[cat] += 1
                cat_examples[cat][(ta, tb)] += na * nb
                if cat in (CATEGORIES[3], CATEGORIES[8]):
                    letters.update(set(letter_differences(ta, tb)))
    by_gold_missed.sort(reverse=True)
    all_missed = sum(x[0] for x in by_gold_missed)
    lines = [
        f"Gold pairs {total_gold}, missed {all_missed} (recall {1 - all_missed / max(total_gold, 1):.3f}).",
        "",
        "| gold id | mentions | predicted clusters | missed pairs | share of gold pairs | largest clusters |",
        "|---|---|---|---|---|---|",
    ]
    for missed, g, n, k in by_gold_missed[:top]:
        sizes = Counter()
        first: dict[str, Counter[str]] = defaultdict(Counter)
        for (p, t), cnt in counts[g].items():
            sizes[p] += cnt
            first[p][t] += cnt
        show = "; ".join(f"{cnt}: " + ", ".join(t for t, _ in first[p].most_common(3))
                         for p, cnt in sizes.most_common(4))
        lines.append(f"| {g} | {n} | {k} | {missed} | {missed / max(total_gold, 1):.3f} | {show} |")
    lines += ["", "| category | missed mention pairs | share of gold pairs | string pairs | top examples |",
              "|---|---|---|---|---|"]
    for cat in CATEGORIES:
        ex = "; ".join(f"{a} / {b} ({n})" for (a, b), n in cat_examples[cat].most_common(4))
        lines.append(f"| {cat} | {cat_pairs[cat]} | {cat_pairs[cat] / max(total_gold, 1):.3f} "
                     f"| {cat_strings[cat]} | {ex} |")
    lines += ["", "Letter differences in transliteration and other-spelling misses (string pairs): "
              + ", ".join(f"{k} {v}" for k, v in letters.most_common(15))]
    return lines


# ------------------------------------------------------------------------------------------ main
def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--no-write", action="store_true", help="print only, do not write bench/results")
    ap.add_argument("--synthetic", type=int, default=100_000, metavar="N",
                    help="mentions in the synthetic timing run (0: skip it)")
    ap.add_argument("--errors", action="store_true",
                    help="error analysis of SlavicNER lemma Latin (missed gold groups and pairs by category)")
    ap.add_argument("--half", choices=("a", "b"), default=None,
                    help="with --errors: analyse this half of the SlavicNER ids (default a)")
    ap.add_argument("--field", choices=("lemma", "surface"), default="lemma", help="with --errors")
    args = ap.parse_args(argv)
    if args.errors:
        items = load_slavicner(args.shared, field=args.field, latin_only=True, half=args.half or "a")
        pred = system_names(items)
        print(f"## Error analysis: SlavicNER {args.field}, Latin, half {args.half or 'a'}")
        print()
        print("\n".join(error_report(items, pred)))
        return 0

    datasets: list[tuple[str, Callable[[], list[Item]]]] = [
        ("SlavicNER surface, Latin", lambda: load_slavicner(args.shared, field="surface", latin_only=True)),
        ("SlavicNER lemma, Latin", lambda: load_slavicner(args.shared, field="lemma", latin_only=True)),
        *((f"SlavicNER {field}, Latin, half {half}",
           lambda f=field, h=half: load_slavicner(args.shared, field=f, latin_only=True, half=h))
          for field in ("surface", "lemma") for half in ("a", "b")),
        ("SlavicNER lemma, all scripts", lambda: load_slavicner(args.shared, field="lemma", latin_only=False)),
        ("MEANTIME NAM PER/LOC/ORG", lambda: load_meantime(args.shared, types=frozenset({"PER", "LOC", "ORG"}))),
        ("MEANTIME NAM PER/LOC/ORG, trimmed", lambda: load_meantime(
            args.shared, types=frozenset({"PER", "LOC", "ORG"}), trim=True)),
        ("MEANTIME NAM all types", lambda: load_meantime(args.shared, types=None)),
    ]
    if args.synthetic:
        datasets.append((f"synthetic {args.synthetic // 1000}k", lambda: synthetic(args.synthetic)))
    systems: list[tuple[str, Callable[[Sequence[Item]], list[str]]]] = [
        ("exact lowercase", system_exact),
        ("rapidfuzz ratio>=90", system_fuzzy),
        ("storyline.names", system_names),
    ]
    rows: list[str] = []
    header = ("| data | mentions | strings | gold ids | R bound | system | P mentions | R mentions | F1 mentions "
              "| P strings | R strings | F1 strings | R variant pairs (n) | seconds |")
    rows.append(header)
    rows.append("|" + "---|" * 14)
    print(header)
    print(rows[-1])
    for dname, loader in datasets:
        items = loader()
        gold = [g for _, g in items]
        n_strings = len({(m.text.strip(), g) for m, g in items})
        bound = initial_bound(items)
        for sname, fn in systems:
            if dname.startswith("synthetic") and sname.startswith("rapidfuzz"):
                continue  # minutes of pairwise ratios; the run is about canonicalise's time
            t0 = time.perf_counter()
            pred = fn(items)
            secs = time.perf_counter() - t0
            pm, rm, fm = pairwise(pred, gold)
            ps, rs, fs = string_level(items, pred)
            rv, nv = variant_recall(items, pred)
            row = (f"| {dname} | {len(items)} | {n_strings} | {len(set(gold))} | {bound:.3f} | {sname} "
                   f"| {pm:.3f} | {rm:.3f} "
                   f"| {fm:.3f} | {ps:.3f} | {rs:.3f} | {fs:.3f} | {rv:.3f} ({nv}) | {secs:.1f} |")
            rows.append(row)
            print(row, flush=True)
    if not args.no_write:
        out_dir = REPO / "bench" / "results"
        out_dir.mkdir(parents=True, exist_ok=True)
        out = out_dir / f"names-{dt.date.today().isoformat()}.md"
        note = [
            "# Name canonicalisation (storyline.names)",
            "",
            f"Run {dt.datetime.now().isoformat(timespec='seconds')} with `python bench/eval_names.py`.",
            "Pairwise precision/recall/F1 of same-entity decisions. *mentions*: over all mention pairs;",
            "*strings*: over distinct (string, gold id) items placed by majority vote of their mentions.",
            "SlavicNER gold = cross-lingual id (it also groups translations and inflected forms, which no",
            "spelling method can join, so recall there is bounded well below 1). MEANTIME gold = cross-document",
            "entity instance of NAM mentions; type = the instance's ent_type. *trimmed*: each NP extent cut",
            "to its longest capitalised run (an approximation of a tagger's name span).",
            "*R variant pairs*: recall over gold pairs of distinct strings whose lowercased, accent-stripped",
            "forms have rapidfuzz ratio >= 70 (spelling-like pairs; still includes inflected forms).",
            "*R bound*: mention recall of the partition (gold id, first sound class of the string): an upper",
            "bound for methods that join only names starting alike (translations such as EU/UE/Unia",
            "Europejska start differently); storyline.names also joins acronyms to the names they",
            "abbreviate and names in another word order, so it can pass it. *synthetic*: invented names",
            "in several romanisations with Slavic case endings and surname-only mentions (timing at",
            "scale; gold = the invented person).",
            "*half a/b*: the SlavicNER ids split by a CRC32 of the id; the method is tuned mainly on",
            "half a.",
            "",
            *rows,
            "",
        ]
        out.write_text("\n".join(note), encoding="utf-8")
        print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
