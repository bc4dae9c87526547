"""Describe an event: key people, places and dates, and an extractive summary with citations.

Entities come from an optional spaCy-like ``nlp`` callable (``doc.ents`` with ``label_``),
from the documents' own ``entities`` and, as a fallback, from capitalised word runs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .cluster import Event, EventDoc
from .features import STOPWORDS, day_number, day_to_iso, hashed_vector, sentences

_NAME_RUN = re.compile(r"(?<![\w.])(?:[A-Z][\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|of|de|von|van|al|bin|da))*\s+[A-Z][\w'’-]+")
_DATE = re.compile(
    r"\b(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+(?:19|20)\d{2}\b"
)
_PERSON = {"PERSON", "PER"}
_PLACE = {"GPE", "LOC", "FAC"}
_ORG = {"ORG", "NORP"}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventLabel:
    """Key facts of an event; each list is ordered by how many documents mention the item."""

    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    text: str = ""


def label(
    event: Event,
    docs: Sequence[EventDoc],
    *,
    nlp: Callable[[str], Any] | None = None,
    top: int = 5,
    max_chars: int = 3000,
) -> EventLabel:
    """Key people, places, organisations and dates of ``event`` from its documents.

    ``docs`` may contain other documents too; only the event's are used. With ``nlp``
    (e.g. a loaded spaCy pipeline) entities are typed; without it, capitalised runs
    and the documents' ``entities`` fill ``names``.
    """
    members = set(event.documents)
    chosen = [d for d in docs if d.id in members]
    people, places, orgs, names, dates = Counter(), Counter(), Counter(), Counter(), Counter()
    days = []
    for d in chosen:
        text = ((d.title + "\n") if d.title else "") + d.text[:max_chars]
        seen_p, seen_l, seen_o, seen_n, seen_d = set(), set(), set(), set(), set()
        if nlp is not None:
            for ent in nlp(text).ents:
                name = " ".join(ent.text.split())
                if ent.label_ in _PERSON:
                    seen_p.add(name)
                elif ent.label_ in _PLACE:
                    seen_l.add(name)
                elif ent.label_ in _ORG:
                    seen_o.add(name)
                elif ent.label_ == "DATE" and re.search(r"\d", name):
                    seen_d.add(name)
        for ent in d.entities:
            seen_n.add(" ".join(str(ent).split()))
        for m in _NAME_RUN.finditer(text):
            words = m.group(0).split()
            if words[0].lower() in STOPWORDS:
                words = words[1:]
            if len(words) >= 2:
                seen_n.add(" ".join(words))
        for m in _DATE.finditer(text):
            seen_d.add(" ".join(m.group(0).split()))
        people.update(seen_p)
        places.update(seen_l)
        orgs.update(seen_o)
        names.update(seen_n)
        dates.update(seen_d)
        day = day_number(d.published)
        if day is not None:
            days.append(day)

    def ranked(c: Counter) -> tuple[str, ...]:
        return tuple(n for n, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top])

    start = day_to_iso(min(days)) if days else event.start
    end = day_to_iso(max(days)) if days else event.end
    lab = EventLabel(
        people=ranked(people),
        places=ranked(places),
        organisations=ranked(orgs),
        names=ranked(names),
        dates=ranked(dates),
        start=start,
        end=end,
    )
    key = list(lab.people[:2] or lab.names[:2]) + list(lab.places[:1])
    when = start if start == end else (f"{start} to {end}" if start else (lab.dates[0] if lab.dates else ""))
    text = ", ".join(dict.fromkeys(k for k in key if k))
    if when:
        text = f"{text} ({when})" if text else when
    return EventLabel(**{**{f: getattr(lab, f) for f in lab.__dataclass_fields__}, "text": text})


def _sentence_matrix(sents: list[str]) -> np.ndarray:
    """Unit TF-IDF rows for sentences, IDF taken over these sentences."""
    from .features import term_counts

    vecs = [hashed_vector(term_counts(s, lead_sentences=0, name_weight=1.5), bits=18) for s in sents]
    df = Counter()
    for idx, _ in vecs:
        df.update(idx.tolist())
    n = len(sents)
    vocab = {h: i for i, h in enumerate(df)}
    mat = np.zeros((n, len(vocab)), dtype=np.float32)
    for r, (idx, val) in enumerate(vecs):
        for h, v in zip(idx.tolist(), val.tolist()):
            mat[r, vocab[h]] = v * math.log((n + 1) / (df[h] + 0.5))
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    return mat / np.where(norms == 0, 1, norms)


def summarise(
    event_docs: Sequence[EventDoc],
    *,
    sentences: int = 3,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    redundancy: float = 0.6,
    cite_similarity: float = 0.75,
    min_words: int = 6,
    max_words: int = 60,
    max_sentences_per_doc: int = 40,
) -> list[tuple[str, list[str]]]:
    """Extractive summary: the most central sentences, each with the ids of documents saying it.

    Sentences are scored by degree centrality (sum of cosine similarities) over
    sentence vectors (TF-IDF over the event's sentences, or ``embed`` vectors);
    picking is greedy with a redundancy cut (MMR-style). A picked sentence cites its
    own document and every other document with a sentence at least
    ``cite_similarity`` close to it. Output is in the order of the first citing
    document's publication (then input order).
    """
    n_want = sentences
    pool: list[tuple[str, int]] = []
    for di, d in enumerate(event_docs):
        parts = ([d.title] if d.title else []) + _sentences(d.text)
        kept = 0
        for s in parts:
            words = s.split()
            if min_words <= len(words) <= max_words and not s.rstrip().endswith(":"):
                pool.append((" ".join(words), di))
                kept += 1
                if kept >= max_sentences_per_doc:
                    break
    if not pool or n_want <= 0:
        return []
    texts = [s for s, _ in pool]
    if embed is not None:
        mat = np.asarray(embed(texts), dtype=np.float32)
        mat = mat / np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    else:
        mat = _sentence_matrix(texts)
    sim = mat @ mat.T
    owner = np.array([di for _, di in pool])
    # centrality counts support from other documents more than from the same document
    cross = owner[:, None] != owner[None, :]
    support = np.where(cross, sim, 0.3 * sim)
    np.fill_diagonal(support, 0.0)
    central = support.sum(axis=1) / max(len(pool) - 1, 1)
    picked: list[int] = []
    for i in np.argsort(-central):
        if len(picked) >= n_want:
            break
        if any(sim[i, j] >= redundancy for j in picked):
            continue
        if any(texts[i] == texts[j] for j in picked):
            continue
        picked.append(int(i))
    out = []
    for i in picked:
        cited = {int(owner[i])}
        cited.update(int(owner[j]) for j in np.flatnonzero(sim[i] >= cite_similarity))
        order = sorted(cited)
        out.append((texts[i], [event_docs[c].id for c in order], min(order)))

    def when(item):
        d = event_docs[item[2]]
        day = day_number(d.published)
        return (day if day is not None else math.inf, item[2])

    out.sort(key=when)
    return [(s, ids) for s, ids, _ in out]


_sentences = sentences
