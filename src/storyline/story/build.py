"""The story file: everything the store knows, assembled into one dict (``report.json``).

Reads the store, runs the story-level functional cores (timeline, corroboration,
positions) and shapes the result as :mod:`storyline.report` renders it. Every item
carries its sources as ``{document, start, end, text}`` with offsets into the raw
text of the document's page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy import select

from ..names import fold
from ..queries import entity_list, quote_list, statement_list
from ..quotes import load_model
from ..records import TEXT_KINDS
from ..stages import VectorCache, clause_before, outlet_label
from ..store import Store
from ..store.schema import blocks, document_events, document_times, documents, events, mentions, pages, times
from .corroboration import Claim, group_claims, independent_outlets
from .positions import PositionQuote, positions, tagged_terms
from .sentences import Sentence, split_sentences
from .stories import EventProfile, group_events
from .timeline import Happening, build_timeline, content_terms, describe_date, is_dated, kind_of, lexical_vectors

Source = dict[str, Any]
#: A document time at least this sure dates its event and the story.
FIRM = 0.6


def _source(doc: str, raw: str, start: int, end: int) -> Source:
    return {"document": doc, "start": start, "end": end, "text": raw[start:end]}


class _Corpus:
    """The store's documents, pages and per-document analysis, loaded once."""

    def __init__(self, store: Store) -> None:
        with store.engine.connect() as conn:
            self.docs = [dict(r._mapping) for r in conn.execute(
                select(documents.c.id, documents.c.page_id, documents.c.title, documents.c.outlet,
                       documents.c.url, documents.c.source, documents.c.language, documents.c.parent_id,
                       documents.c.duplicate_of, documents.c.section)
                .order_by(documents.c.ingested_at, documents.c.source, documents.c.section))]
            self.pages = {r.id: dict(r._mapping) for r in conn.execute(select(pages.c.id, pages.c.source,
                                                                              pages.c.raw_text))}
            self.blocks: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in conn.execute(select(blocks.c.document_id, blocks.c.kind, blocks.c.start, blocks.c.end)
                                  .order_by(blocks.c.page_id, blocks.c.seq)):
                self.blocks[r.document_id].append({"kind": r.kind, "start": r.start, "end": r.end})
            self.time = {r.document_id: dict(r._mapping) for r in conn.execute(select(document_times))}
            self.event_of = {r.document_id: r.event_id for r in conn.execute(select(document_events))}
            self.events = [dict(r._mapping) for r in conn.execute(select(events))]
            self.times: dict[str, list[Any]] = defaultdict(list)
            for r in conn.execute(select(times).order_by(times.c.document_id, times.c.start)):
                self.times[r.document_id].append(r)
            self.mentions: dict[str, list[Any]] = defaultdict(list)
            for r in conn.execute(select(mentions.c.document_id, mentions.c.start, mentions.c.end, mentions.c.text,
                                         mentions.c.type, mentions.c.entity_id, mentions.c.role,
                                         mentions.c.role_start)
                                  .where(mentions.c.entity_id.is_not(None))):
                self.mentions[r.document_id].append(r)
        self.by_id = {d["id"]: d for d in self.docs}
        self._sentences: dict[str, list[Sentence]] = {}
        self._lexical: Callable[[list[str]], np.ndarray] | None = None
        for d in self.docs:
            d["outlet_label"] = outlet_label(d["outlet"], d["source"])

    def raw(self, doc: str) -> str:
        return str(self.pages[self.by_id[doc]["page_id"]]["raw_text"])

    def outlet(self, doc: str) -> str:
        """The outlet a document counts for; a duplicate counts for its canonical copy's outlet."""
        d = self.by_id[doc]
        seen = set()
        while d.get("duplicate_of") and d["duplicate_of"] in self.by_id and d["id"] not in seen:
            seen.add(d["id"])
            d = self.by_id[d["duplicate_of"]]
        return str(d["outlet_label"])

    def sentences(self, doc: str) -> list[Sentence]:
        """The document's body sentences (split once; the timeline, claims and positions all read them)."""
        if doc not in self._sentences:
            spans = [(b["start"], b["end"]) for b in self.blocks.get(doc, []) if b["kind"] in TEXT_KINDS]
            self._sentences[doc] = split_sentences(doc, self.raw(doc), spans)
        return self._sentences[doc]

    def lexical(self) -> Callable[[list[str]], np.ndarray]:
        """TF-IDF vectors of content terms, weighted by the corpus's sentences (computed once)."""
        if self._lexical is None:
            df: Counter[str] = Counter()
            n = 0
            for d in self.docs:
                for s in self.sentences(d["id"]):
                    df.update(set(content_terms(s.text)))
                    n += 1
            self._lexical = lambda texts: lexical_vectors(texts, df, n)
        return self._lexical

    def day(self, doc: str) -> str | None:
        t = self.time.get(doc)
        return str(t["value"]) if t else None

    def firm_day(self, doc: str) -> str | None:
        """The document's time when it was read, not guessed, with some confidence."""
        t = self.time.get(doc)
        return str(t["value"])[:10] if t and not t["inferred"] and t["confidence"] >= FIRM else None


def _key_names(ranked: list[tuple[str, str]]) -> list[str]:
    """The first two people and the first place of a ranked list of (name, type): a label."""
    return [n for n, t in ranked if t == "PERSON"][:2] + [n for n, t in ranked if t == "LOC"][:1]


def _stories(c: _Corpus, ev: list[dict[str, Any]], ents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events grouped into stories (episodes of one story name the same people and places)."""
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc, ms in c.mentions.items():
        for m in ms:
            if m.entity_id and m.type in ("PERSON", "ORG", "LOC"):
                docs_of[m.entity_id].add(doc)
    named: dict[str, set[str]] = defaultdict(set)
    for x, ds in docs_of.items():
        for d in ds:
            named[d].add(x)
    profiles = []
    for e in ev:
        counts = Counter(x for d in e["documents"] for x in named[d])
        profiles.append(EventProfile(e["id"], {x: n / max(1, len(e["documents"])) for x, n in counts.items()}))
    groups = group_events(profiles, {x: len(ds) for x, ds in docs_of.items()}, len(c.docs))
    name = {e["id"]: (e["name"], e["type"]) for e in ents}
    by_id = {e["id"]: e for e in ev}
    out = []
    for k, members in enumerate(groups):
        docs = [d for m in members for d in by_id[m]["documents"]]
        counts = Counter(x for d in docs for x in named[d] if x in name)
        ranked = sorted(counts, key=lambda x: (-counts[x] * math.log((len(c.docs) + 1) / len(docs_of[x]) + 1),
                                               name[x][0]))
        keys = _key_names([name[x] for x in ranked])
        starts = sorted(x for m in members for x in (by_id[m]["start"],) if x)
        ends = sorted(x for m in members for x in (by_id[m]["end"],) if x)
        out.append({"id": f"s{k}", "label": ", ".join(keys) or members[0], "events": members,
                    "start": starts[0] if starts else None, "end": ends[-1] if ends else None})
    for story in out:
        for m in story["events"]:
            by_id[m]["story"] = story["id"]
    return out


def _events(c: _Corpus) -> list[dict[str, Any]]:
    out = []
    for e in sorted(c.events, key=lambda e: (e["start"] or "9999", e["id"])):
        docs = [d for d in json.loads(e["documents"]) if d in c.by_id]
        summary = []
        for item in json.loads(e["summary"]):
            sources = []
            for d in item["documents"]:
                if d not in c.by_id:
                    continue
                raw = c.raw(d)
                at = raw.find(item["text"])
                if at >= 0:
                    sources.append(_source(d, raw, at, at + len(item["text"])))
                else:
                    sources.append({"document": d, "start": 0, "end": 0, "text": ""})
            summary.append({"text": item["text"], "sources": sources})
        days = sorted(x for x in (c.firm_day(d) for d in docs) if x)
        out.append({"id": e["id"], "label": e["label"], "documents": docs,
                    "start": e["start"] or (days[0] if days else None),
                    "end": e["end"] or (days[-1] if days else None), "summary": summary})
    return out


#: A date that bounds a span of time dates another happening: "since May", "until 3 June", "since the
#: strike began on 3 May", "after the outbreak in March" (not "resigned after ten years in office on Monday").
_BOUND = re.compile(r"\b(?:since|until|till)\s+(?:\S+\s+){0,2}$|\b(?:since|until|till|after|before|prior to)\b"
                    r"[^,;.]*\b(?:start\w*|began|begun|beginning|outbreak|launch\w*|end(?:ed)?)\b[^,;.]*$",
                    re.IGNORECASE)


def _happenings(c: _Corpus) -> list[Happening]:
    out = []
    for d in c.docs:
        doc = d["id"]
        sents = c.sentences(doc)
        starts = [s.start for s in sents]
        ments = c.mentions.get(doc, [])
        used: set[int] = set()
        for t in c.times.get(doc, []):
            if t.type not in ("DATE", "TIME") or not is_dated(t.value):
                continue
            k = max(0, sum(1 for s in starts if s <= t.start) - 1)
            if not sents or k in used or not (sents[k].start <= t.start < sents[k].end):
                continue
            s = sents[k]
            kind = kind_of(s.text)
            if kind is None or _BOUND.search(c.raw(doc)[s.start:t.start]):
                continue  # "since the strike began on 3 May, two rounds of talks were held": not the talks' date
            used.add(k)
            people = frozenset(m.entity_id for m in ments if s.start <= m.start < s.end and m.type == "PERSON")
            also = tuple(x.value for x in c.times.get(doc, []) if x is not t and s.start <= x.start < s.end
                         and x.type in ("DATE", "TIME") and (is_dated(x.value) or re.fullmatch(r"\d{4}", x.value)))
            out.append(Happening(document=doc, start=s.start, end=s.end, text=s.text, kind=kind, value=t.value,
                                 when_text=t.text, when_start=t.start, when_end=t.end, participants=people,
                                 event=c.event_of.get(doc), outlet=c.outlet(doc), also=also))
    return out


def _timeline(c: _Corpus, ev: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Timeline items episode by episode (in the order of ``ev``, dated items first within each), and conflicts."""
    items = build_timeline(_happenings(c), c.lexical())
    timeline, conflicts = [], []
    for it in items:
        dates = []
        for value, reports in it.dates:
            dates.append({"date": value, "label": describe_date(value), "sources": [
                {**_source(h.document, c.raw(h.document), h.start, h.end), "outlet": h.outlet,
                 "when": h.when_text} for h in reports]})
        conflict = it.conflict and len({h.outlet for h in it.reports}) > 1
        entry = {"id": it.id, "date": it.date, "label": describe_date(it.date),
                 "until": None, "text": it.text, "kind": it.kind, "event": it.event, "conflict": conflict,
                 "dates": dates, "sources": [s for x in dates for s in x["sources"]]}
        timeline.append(entry)
        if conflict:
            conflicts.append({"id": "cx-" + it.id, "topic": it.text, "kind": "date", "claims": [
                {"value": x["date"], "outlets": list(dict.fromkeys(s["outlet"] for s in x["sources"])),
                 "sources": x["sources"]} for x in dates]})
    order = {e["id"]: i for i, e in enumerate(ev)}
    label = {e["id"]: e["label"] for e in ev}
    for t in timeline:
        t["event_label"] = label.get(t["event"] or "")
    timeline.sort(key=lambda t: (order.get(t["event"] or "", len(order)), str(t["date"]).startswith("X"),
                                 str(t["date"])))
    return timeline, conflicts


def _claims(c: _Corpus, quotes: list[dict[str, Any]]) -> list[Claim]:
    spans: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
    for q in quotes:
        spans[q["document"]].append((q["start"], q["end"], q["speaker_entity"] or q["speaker"]))
    out = []
    for d in c.docs:
        if d["duplicate_of"]:
            continue  # a copy says nothing its original does not
        ments = sorted((m.start, m.entity_id) for m in c.mentions.get(d["id"], [])
                       if m.entity_id and m.type in ("PERSON", "ORG", "LOC"))
        starts = [a for a, _ in ments]
        quoted_spans = sorted(spans.get(d["id"], []), key=lambda x: x[0])
        for s in c.sentences(d["id"]):
            # the quotes and mentions of each sentence, found by bisection (not a scan per sentence)
            k = bisect.bisect_left(quoted_spans, (s.end,), key=lambda x: (x[0],))
            quoted = next((who for a, b, who in reversed(quoted_spans[max(0, k - 8) : k]) if s.start < b), None)
            named = frozenset(e for _, e in ments[bisect.bisect_left(starts, s.start) : bisect.bisect_left(starts,
                                                                                                          s.end)])
            out.append(Claim(sentence=s, outlet=c.outlet(d["id"]), quoted_by=quoted, event=c.event_of.get(d["id"]),
                             participants=named))
    return out


def _claim_source(c: _Corpus, claim: Claim) -> Source:
    s = claim.sentence
    return _source(s.document, c.raw(s.document), s.start, s.end)


def _corroboration(c: _Corpus, statements: list[dict[str, Any]], quotes: list[dict[str, Any]],
                   embed: Callable[[list[str]], np.ndarray]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = []
    for st in statements:
        outlets = [c.outlet(v["document"]) for v in st["versions"]]
        rows.append({
            "id": st["id"], "kind": "statement", "text": st["text"], "speaker": st["speaker"],
            "independent_outlets": independent_outlets(outlets), "outlets": list(dict.fromkeys(outlets)),
            "single_party": True, "contradicted_by": [],
            "sources": [_source(v["document"], c.raw(v["document"]), v["start"], v["end"]) for v in st["versions"]],
        })  # fmt: skip
    contradictions = []
    seen_pairs: set[frozenset[tuple[str, int]]] = set()
    for g in group_claims(_claims(c, quotes), embed):
        lead = g.members[0].sentence
        against = [{"outlet": x.outlet, "text": x.sentence.text,
                    "sources": [_source(x.sentence.document, c.raw(x.sentence.document), x.sentence.start,
                                        x.sentence.end)]} for x in g.contradicted_by]
        speaker = g.members[0].quoted_by if g.single_party else None
        rows.append({
            "id": f"cl-{lead.document}-{lead.start}", "kind": "claim", "text": lead.text, "speaker": speaker,
            "independent_outlets": independent_outlets(g.outlets), "outlets": g.outlets,
            "single_party": g.single_party, "contradicted_by": against,
            "sources": [_source(m.sentence.document, c.raw(m.sentence.document), m.sentence.start, m.sentence.end)
                        for m in g.members],
        })  # fmt: skip
        if g.disputed:
            # one claim, different figures: each figure with the outlets and passages that give it
            by_figure: dict[str, list[Claim]] = defaultdict(list)
            for member, phrase in g.disputed:
                by_figure[phrase.lower()].append(member)
            contradictions.append({"id": f"cx-fig-{lead.document}-{lead.start}", "topic": lead.text,
                                   "kind": "figure", "claims": [{
                                       "value": phrase, "outlets": list(dict.fromkeys(m.outlet for m in members)),
                                       "sources": [_source(m.sentence.document, c.raw(m.sentence.document),
                                                           m.sentence.start, m.sentence.end) for m in members]}
                                       for phrase, members in by_figure.items()]})  # fmt: skip
        for member, denier in g.denials:
            # the sentence and the one that denies it, each with its outlet and passage
            pair = frozenset((x.sentence.document, x.sentence.start) for x in (member, denier))
            if pair in seen_pairs:
                continue  # the same pair seen from the other side
            seen_pairs.add(pair)
            said = member.sentence
            contradictions.append({"id": f"cx-cl-{said.document}-{said.start}", "topic": said.text, "kind": "claim",
                                   "claims": [{"value": x.sentence.text, "outlets": [x.outlet],
                                               "sources": [_claim_source(c, x)]} for x in (member, denier)]})
    rows.sort(key=lambda r: (-r["independent_outlets"], r["kind"], r["id"]))
    return rows, contradictions


def _sides(c: _Corpus, ents: list[dict[str, Any]]) -> dict[str, str]:
    """Each person's side: the place named with their roles ("Norwegian negotiator" -> the place Norway)."""
    places = [e for e in ents if e["type"] == "LOC"]
    stems = {e["name"]: fold(e["name"])[:5] for e in places if len(fold(e["name"])) >= 4}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for d in c.docs:
        raw = c.raw(d["id"])
        for m in c.mentions.get(d["id"], []):
            if m.type != "PERSON" or not m.role or m.role_start is None:
                continue
            # the words right before the role, in its clause: "Norwegian [Foreign Minister]", "Norway's [negotiator]"
            before = fold(clause_before(raw, m.role_start, width=30)).split()[-2:]
            for name, stem in stems.items():
                if any(w.startswith(stem) for w in before):
                    votes[m.entity_id][name] += 1
    return {ent: c.most_common(1)[0][0] for ent, c in votes.items() if c}


def _positions(c: _Corpus, quotes: list[dict[str, Any]], ents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    side = _sides(c, ents)
    name_of = {e["id"]: e["name"] for e in ents}
    df: Counter[str] = Counter()
    for d in c.docs:
        df.update({w.lower() for s in c.sentences(d["id"]) for w in re.findall(r"[A-Za-z]{3,}", s.text)})
    pq = []
    for q in quotes:
        if not q["speaker"] or q["kind"] == "fragment":
            continue
        ent = q["speaker_entity"]
        pq.append(PositionQuote(quote_id=q["id"], document=q["document"], start=q["start"], end=q["end"],
                                text=q["text"], cue=q["cue"], speaker=name_of.get(ent or "", q["speaker"]),
                                side=side.get(ent or ""), date=c.firm_day(q["document"]),
                                outlet=c.outlet(q["document"]), event=c.event_of.get(q["document"])))
    out = []
    id_of = {e["name"]: e["id"] for e in reversed(ents)}
    for actor, issues in positions(pq, corpus_df=df, corpus_docs=len(c.docs), terms=tagged_terms(load_model())):
        ent = id_of.get(actor)
        out.append({"actor": actor, "entity": ent, "issues": [{"issue": issue, "entries": [{
            **_source(q.document, c.raw(q.document), q.start, q.end), "date": q.date, "outlet": q.outlet,
            "speaker": q.speaker, "event": c.event_of.get(q.document)} for q in qs]} for issue, qs in issues]})
    return out


def build_story(store: Store, *, embed: Callable[[list[str]], np.ndarray] | None = None) -> dict[str, Any]:
    """Assemble the story file from what the store holds (run ``link`` first)."""
    embed = embed or VectorCache(store)
    c = _Corpus(store)
    quotes = quote_list(store)
    ents = entity_list(store)
    statements = statement_list(store)
    ev = _events(c)
    stories = _stories(c, ev, ents)
    event_span = {e["id"]: (e["start"], e["end"]) for e in ev}
    documents_out = []
    for d in c.docs:
        t = c.time.get(d["id"])
        ev_id = c.event_of.get(d["id"])
        published, conf, evidence, inferred = None, None, None, False
        if t:
            published, conf, evidence, inferred = t["value"], t["confidence"], t["evidence"], bool(t["inferred"])
        elif ev_id and event_span.get(ev_id, (None, None))[0]:
            published, conf, inferred = event_span[ev_id][0], 0.2, True
            evidence = f"from the dated documents of its event ({ev_id})"
        documents_out.append({
            "id": d["id"], "page": d["page_id"], "title": d["title"], "outlet": c.outlet(d["id"]), "url": d["url"],
            "source": d["source"], "language": d["language"], "published": published,
            "published_confidence": conf, "published_evidence": evidence, "published_inferred": inferred,
            "event": ev_id, "duplicate_of": d["duplicate_of"], "parent": d["parent_id"],
            "blocks": c.blocks.get(d["id"], []),
        })  # fmt: skip
    timeline, date_conflicts = _timeline(c, ev)
    corroboration, claim_conflicts = _corroboration(c, [s for s in statements if len(s["documents"]) > 1], quotes,
                                                    embed)
    by_speaker: dict[str, dict[str, Any]] = {}
    for st in statements:
        if not st["speaker"]:
            continue
        entry = by_speaker.setdefault(st["speaker"], {"speaker": st["speaker"], "entity": st["speaker_entity"],
                                                      "statements": []})
        outlets = [c.outlet(v["document"]) for v in st["versions"]]
        entry["statements"].append({
            "id": st["id"], "text": st["text"], "when": next((v["when"] for v in st["versions"] if v["when"]), None),
            "outlets": list(dict.fromkeys(outlets)), "independent": independent_outlets(outlets),
            "versions": [{**_source(v["document"], c.raw(v["document"]), v["start"], v["end"]), "kind": v["kind"],
                          "cue": v["cue"], "channel": v["channel"], "outlet": c.outlet(v["document"]),
                          "when": v["when"]} for v in st["versions"]],
        })  # fmt: skip
    speakers = sorted(by_speaker.values(), key=lambda s: -sum(len(x["versions"]) for x in s["statements"]))
    for s in speakers:
        s["statements"].sort(key=lambda x: (-x["independent"], -len(x["versions"])))
    days = sorted(x for x in (c.firm_day(d["id"]) for d in c.docs) if x)
    used_pages = {d["page_id"] for d in c.docs}
    # the story is about the people and places most documents name
    by_reach = sorted(ents, key=lambda e: (-len(e["documents"]), e["name"]))
    keys = _key_names([(e["name"], e["type"]) for e in by_reach])
    title = "Story file: " + ", ".join(keys) if keys else "Story file"
    return {
        "title": title,
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "overview": {
            "documents": len(c.docs), "pages": len(used_pages),
            "outlets": sorted({c.outlet(d["id"]) for d in c.docs}), "events": len(ev), "quotes": len(quotes),
            "statements": len(statements), "entities": len(ents), "stories": len(stories),
            "start": days[0] if days else None, "end": days[-1] if days else None,
        },
        "pages": [{"id": p["id"], "source": p["source"], "text": p["raw_text"]}
                  for pid, p in c.pages.items() if pid in used_pages],
        "documents": documents_out,
        "stories": stories,
        "events": ev,
        "timeline": timeline,
        "quotes_by_speaker": speakers,
        "entities": [{"id": e["id"], "name": e["name"], "type": e["type"],
                      "variants": [[v, n] for v, n in e["variant_counts"].items()], "roles": e["roles"],
                      "documents": e["documents"]} for e in ents if e["type"] != "MISC"],
        "corroboration": corroboration,
        "contradictions": date_conflicts + claim_conflicts,
        "positions": _positions(c, quotes, ents),
    }  # fmt: skip


def build_timeline_view(store: Store) -> list[dict[str, Any]]:
    """The timeline items alone (``storyline timeline``), in the report's order."""
    c = _Corpus(store)
    return _timeline(c, _events(c))[0]
