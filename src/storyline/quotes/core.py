"""Quote extraction and attribution on top of a spaCy parse.

Two passes over one document:

1. *Frames* (:mod:`.frames`): every cue outside quote marks — speech, belief, judging and
   intention verbs ("said", "told", "condemned ... as", "wants to"), reporting nouns ("her claim
   that"), "according to", bylines and speaker labels (:mod:`.layout`) — with its speaker, its
   content (the clausal complement, the object phrase, or the host clause of a parenthetical
   "X said"), and the medium and time phrases attached to it.
2. *Quote marks*: every quote-marked span (see :mod:`.marks`) is tied to the frame whose
   content it fills, or to a frame standing right next to it ("“...,” he said" / "said: “...”"),
   or continues the previous attributed quote; short quoted spans inside a sentence become
   fragments, attributed only when a speech verb governs them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from .frames import FrameFinder, is_title
from .frames import Frame as _Frame
from .marks import MARKS, MarkedSpan

_GAP_OK = re.compile(r"^[\s,.;:—–\-…]*$")
#: A colon ending a paragraph, then blank lines: "X continued:\n\n“...”".
_COLON_BREAK = re.compile(r"^[^\S\n]*:[^\S\n]*\n\s*$")
#: Between a cue and the quote it introduces, within one sentence: "she said, “...”".
_INTRO_GAP = re.compile(r"^[\s,:—–\-]*$")
_SENT_END = re.compile(r"[.!?…]['\"’”»]*\s*$")

KINDS = ("direct", "indirect", "fragment")
#: A frame whose content is at least this share quoted is a direct quote, else reported speech with fragments.
_DIRECT_SHARE = 0.6


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """One quotation or reported statement, with character offsets into the analysed text."""

    text: str
    start: int
    end: int
    kind: str  # "direct", "indirect" or "fragment"
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    channel: str | None = None
    when: str | None = None
    #: The best full-name form of the speaker found in the document (pronouns and roles resolved).
    speaker_resolved: str | None = None
    #: Parts of one utterance (a quote split around "he said") share a group number.
    group: int = 0

    def shifted(self, offset: int) -> Quote:
        """The same quote with every offset moved by ``offset`` (into the stored raw text)."""
        def mv(x: int | None) -> int | None:
            return None if x is None else x + offset
        return replace(self, start=self.start + offset, end=self.end + offset,
                       speaker_start=mv(self.speaker_start), speaker_end=mv(self.speaker_end),
                       cue_start=mv(self.cue_start), cue_end=mv(self.cue_end))



class _Analyser(FrameFinder):
    def __init__(self, text: str, doc: Doc, nested_fragments: bool) -> None:
        super().__init__(text, doc)
        self.nested_fragments = nested_fragments
        self._tok_starts = [t.idx for t in doc]

    def run(self) -> list[Quote]:
        frames = self.frames()
        for f in frames:
            self._speaker(f)
        frames.sort(key=lambda f: f.cue_start)
        frames = self._outermost(frames)
        marked = self.marked
        owner: list[_Frame | None] = [None] * len(marked)
        how: list[str] = [""] * len(marked)
        ceded: set[int] = set()
        # 1. quotes filling a frame's content
        for k, q in enumerate(marked):
            best, best_ov = None, 0
            for f in self._frames_near(frames, q):
                if f.content is None:
                    continue
                ov = min(f.content[1], q.end) - max(f.content[0], q.start)
                if ov > best_ov:
                    best, best_ov = f, ov
            if best is not None and self._introduced_by_another(q, frames, best):
                best.content = None  # left to the cue right before it (step 2)
                ceded.add(id(best))
            elif best is not None:
                owner[k], how[k] = best, "content"
        # 2. quotes standing next to a frame without content of its own (or next to its clause)
        for k, q in enumerate(marked):
            if owner[k] is not None:
                continue
            qa = q.open_at
            qb = q.close_at + 1 if q.close_at is not None else q.end
            for f in self._frames_near(frames, q):
                if f.speaker is None and f.cue_tok.lower_ != "according" or f.kind_hint == "attitude":
                    continue
                ca, cb = f.clause
                if self.para_of(f.cue_start) != self.para_of(q.start):
                    # "X continued:" closing a paragraph introduces the quote that opens the next one
                    if cb <= qa and _COLON_BREAK.match(self.text[cb:qa]) and f.content is None:
                        owner[k], how[k] = f, "before"
                        break
                    continue
                # not when the quote ends its sentence and the cue introduces the next quote:
                # "“A.” To which she said, “B.”", unlike "“A,” she said, “B.”"
                introduces_next = _SENT_END.search(self.text[q.start:qb]) and any(
                    m.open_at >= cb and _INTRO_GAP.match(self.text[cb:m.open_at])
                    for m in marked[k + 1:k + 2])
                if ca >= qb and _GAP_OK.match(self.text[qb:ca]) and (f.content is None or f.content[0] >= ca) \
                        and not introduces_next and self._opens_clause(q):
                    owner[k], how[k] = f, "after"
                    break
                if cb <= qa and _INTRO_GAP.match(self.text[cb:qa]) and f.content is None:
                    owner[k], how[k] = f, "before"
                    break
        # 3. decide kinds
        out: list[Quote] = []
        group = 0
        used_frames: dict[int, int] = {}
        by_frame: dict[int, list[int]] = {}
        for k, f in enumerate(owner):
            if f is not None:
                by_frame.setdefault(id(f), []).append(k)
        consumed: set[int] = set()
        indirect_frames: list[tuple[Quote, _Frame]] = []
        reported: dict[int, int] = {}  # frame -> index of its reported-speech record in ``out``
        for f in frames:
            ks = by_frame.get(id(f), [])
            if id(f) in ceded and not ks:
                continue  # its content was a quote that another cue introduces
            if f.content is not None:
                ca, cb = f.content
                nonspace = sum(1 for ch in self.text[ca:cb] if not ch.isspace()) or 1
                quoted = 0
                for k in ks:
                    q = marked[k]
                    quoted += sum(1 for ch in self.text[max(ca, q.start):min(cb, q.end)] if not ch.isspace())
                if ks and quoted >= _DIRECT_SHARE * nonspace:
                    continue  # direct: emitted from the quote side below
                if ks and how[ks[0]] == "content":
                    consumed.update(ks)
                    a = ca if f.layout else min(ca, min(marked[k].open_at for k in ks))
                    b = max(cb, max((marked[k].close_at or marked[k].end - 1) + 1 for k in ks))
                    ca, cb = a, b
                if f.speaker is None and f.cue_tok.lower_ != "according":
                    continue
                group += 1
                out.append(self._quote(f, ca, cb, "indirect", group))
                indirect_frames.append((out[-1], f))
                reported[id(f)] = len(out) - 1
                used_frames[id(f)] = group
        # (end, frame, group, paragraph) of attributed records, for continuing quotes
        anchors = [(x.end, fr, x.group, self.para_of(x.start)) for x, fr in indirect_frames]
        last: tuple[_Frame, int, int, int] | None = None  # frame, group, paragraph, outer end
        last_open = False  # the quote behind ``last`` was never closed
        for k, q in enumerate(marked):
            if k in consumed:
                if self.nested_fragments:
                    f = owner[k]
                    out.append(self._quote(f, q.start, q.end, "fragment", used_frames.get(id(f), 0)))
                continue
            f = owner[k]
            para = self.para_of(q.start)
            outer_end = q.close_at + 1 if q.close_at is not None else q.end
            if f is not None:
                g = used_frames.get(id(f))
                if g is None:
                    group += 1
                    g = group
                    used_frames[id(f)] = g
                # a transcript line in quote marks: the speaker label is not part of the quote
                qa = max(q.start, f.content[0]) if f.layout and f.content else q.start
                # a few quoted words inside what the speaker is reported to have said are a fragment
                # ("accused them of trying to ‘delay’ the works"), not a quote after 'said,' or 'said:'
                kind = "fragment" if how[k] == "content" and self._is_fragment(q) and self._inside_words(q) \
                    else "direct"
                out.append(self._quote(f, qa, q.end, kind, g))
                last, last_open = (f, g, para, outer_end), q.close_at is None
                anchors.append((q.end, f, g, para))
                continue
            # the second half of a split quote: “A,” he said. “B.”
            if last is not None and last[2] == para:
                pf, pg, _, pend = last
                ca, cb = pf.clause
                if pend <= ca and cb <= q.open_at and len(self.text[pend:q.open_at]) < 400 and \
                        _GAP_OK.match(self.text[cb:q.open_at]):
                    out.append(self._quote(pf, q.start, q.end, "direct", pg))
                    last, last_open = (pf, pg, para, outer_end), q.close_at is None
                    anchors.append((q.end, pf, pg, para))
                    continue
            if self._is_fragment(q):
                gov = None if is_title(self.text[q.start:q.end]) else self._governing_frame(q, frames)
                group += 1
                at = reported.get(id(gov)) if gov is not None else None
                if at is not None and out[at].end <= q.open_at and \
                        self.doc[self._tok_at(q.start)].sent.start == gov.cue_tok.sent.start:
                    # quoted words later in the sentence the frame reports on: "likened him to a “snake”"
                    end = (q.close_at + 1) if q.close_at is not None else q.end
                    out[at] = replace(out[at], end=end, text=self.text[out[at].start:end])
                    group -= 1
                elif gov is not None:
                    out.append(self._quote(gov, q.start, q.end, "fragment", group))
                else:
                    out.append(Quote(text=self.text[q.start:q.end], start=q.start, end=q.end, kind="fragment",
                                     group=group))
                continue
            # a full-sentence quote with no frame of its own: continues the latest speaker nearby
            prior = [an for an in anchors if an[0] <= q.open_at and an[3] >= para - 2]
            if q.close_at is None and not self.text[self.para_starts[para]:q.open_at].strip() \
                    and not (last is not None and last_open and not self.text[last[3]:q.open_at].strip()) \
                    and not (last is not None and last[2] == self._previous_para(para)
                             and len(self.text[last[3]:self._para_end(last[2])].strip()) <= 40):
                # a paragraph opened by a mark that never closes, after no open quote: an excerpt
                # quoted from a document (each paragraph opens with a mark), not someone's words;
                # unless the paragraph right before ends with a quote of someone's, or with its short
                # attribution (a quote going on over several paragraphs, each opened with a mark)
                prior = []
            if prior:
                _, pf, pg, ppara = max(prior, key=lambda an: an[0])
                same = last is not None and last[1] == pg and (
                    last[2] == para and len(self.text[last[3]:q.open_at]) < 60
                    # a quote left open at its paragraph's end goes on in the next one
                    or last_open and not self.text[last[3]:q.open_at].strip())
                if not same:
                    group += 1
                g = pg if same else group
                out.append(self._quote(pf, q.start, q.end, "direct", g))
                last, last_open = (pf, g, para, outer_end), q.close_at is None
                anchors.append((q.end, pf, g, para))
                continue
            group += 1
            out.append(Quote(text=self.text[q.start:q.end], start=q.start, end=q.end, kind="direct", group=group))
        out.sort(key=lambda x: (x.start, x.end))
        return out

    def _inside_words(self, q: MarkedSpan) -> bool:
        """Whether a quote stands between words of a clause, no punctuation before its opening mark and
        no "that" opening the clause it quotes ("said that “there are ...”" quotes a whole clause)."""
        before = self.text[self.para_starts[self.para_of(q.open_at)]:q.open_at].rstrip()
        while before and before[-1] in MARKS:
            before = before[:-1].rstrip()
        return bool(before) and before[-1].isalnum() and not before.lower().endswith(" that")

    def _para_end(self, para: int) -> int:
        return self.para_starts[para + 1] if para + 1 < len(self.para_starts) else len(self.text)

    def _previous_para(self, para: int) -> int:
        """The nearest paragraph before ``para`` that holds text (blank lines are paragraphs of their own)."""
        p = para - 1
        while p > 0:
            a = self.para_starts[p]
            b = self.para_starts[p + 1] if p + 1 < len(self.para_starts) else len(self.text)
            if self.text[a:b].strip():
                break
            p -= 1
        return p

    def _outermost(self, frames: list[_Frame]) -> list[_Frame]:
        """Drop frames whose cue sits inside what another frame reports.

        "X said Y plans to leave": what X said is "Y plans to leave"; Y's plan is part of X's
        statement, not a second attribution.
        """
        outer = [f for f in frames if f.content is not None and not f.layout
                 and (f.speaker is not None or f.cue_tok.lower_ == "according")]
        out = []
        for f in frames:
            nested = any(g is not f and g.content[0] <= f.cue_start < g.content[1]
                         and not (f.content is not None and g.content[0] >= f.content[0]
                                  and g.content[1] <= f.content[1]) for g in outer)
            if not nested:
                out.append(f)
        return out

    def _frames_near(self, frames: list[_Frame], q: MarkedSpan) -> list[_Frame]:
        lo = q.open_at - 600
        hi = (q.close_at or q.end) + 600
        starts = [f.cue_start for f in frames]
        a = bisect.bisect_left(starts, lo)
        b = bisect.bisect_right(starts, hi)
        near = frames[a:b]
        mid = (q.start + q.end) / 2
        near.sort(key=lambda f: abs(f.cue_start - mid))
        return near

    def _introduced_by_another(self, q: MarkedSpan, frames: list[_Frame], owner: _Frame) -> bool:
        """Whether a later cue with nothing to report of its own introduces the quote the parse gave to
        ``owner`` ("“A,” she sings to him, before asking him, “B?”": B is what she asks)."""
        for f in frames:
            if f is owner or f.content is not None or f.speaker is None or f.cue_start <= owner.cue_start \
                    or f.cue_start >= q.open_at or f.kind_hint == "attitude" \
                    or self.para_of(f.cue_start) != self.para_of(q.open_at):
                continue
            if f.clause[1] <= q.open_at and _INTRO_GAP.match(self.text[f.clause[1]:q.open_at]):
                return True
        return False

    def _opens_clause(self, q: MarkedSpan) -> bool:
        """Whether a quote stands at the start of a sentence or clause ("“...,” she said"), not inside one
        ("admires him as a “strong leader,” comparing ...")."""
        before = self.text[self.para_starts[self.para_of(q.open_at)]:q.open_at].rstrip()
        while before and before[-1] in MARKS:
            before = before[:-1].rstrip()
        return not before or before[-1] in ".!?:;…—–-(" or len(self.text[q.start:q.end].split()) > 6

    def _is_fragment(self, q: MarkedSpan) -> bool:
        inner = self.text[q.start:q.end]
        p = self.para_of(q.start)
        pstart = self.para_starts[p]
        pend = self.text.find("\n", q.end)
        pend = len(self.text) if pend < 0 else pend
        before = self.text[pstart:q.open_at]
        after_at = (q.close_at + 1) if q.close_at is not None else q.end
        after = self.text[after_at:pend]
        if not before.strip() and not after.strip():
            # a whole paragraph in quotes: a (sub)heading unless it reads as a sentence ("All Bets Are Off."
            # in title case is a heading too)
            return not _SENT_END.search(inner) or is_title(inner)
        ntok = len(inner.split())
        tail = before.rstrip()
        starts_clause = not tail or tail[-1] in ".!?:…" or tail.endswith(("said,", "says,"))
        if starts_clause and ntok > 4:
            return False
        return ntok <= 12 or not starts_clause and ntok <= 20 and not _SENT_END.search(inner)

    def _tok_at(self, pos: int) -> int:
        return min(bisect.bisect_left(self._tok_starts, pos), len(self.doc) - 1)

    def _governing_frame(self, q: MarkedSpan, frames: list[_Frame]) -> _Frame | None:
        k = bisect.bisect_left(self._tok_starts, q.start)
        if k >= len(self.doc):
            return None
        tok = self.doc[k]
        cues = {f.cue_tok.i: f for f in frames}
        for anc in [tok, *tok.ancestors][:8]:
            f = cues.get(anc.i)
            if f is not None and f.speaker is not None and f.cue_tok.lower_ != "according" \
                    and f.kind_hint != "attitude":
                return f
        return None

    def _quote(self, f: _Frame, a: int, b: int, kind: str, group: int) -> Quote:
        ss = f.speaker_span
        return Quote(
            text=self.text[a:b], start=a, end=b, kind=kind,
            speaker_text=self.text[ss[0]:ss[1]] if ss else None,
            speaker_start=ss[0] if ss else None, speaker_end=ss[1] if ss else None,
            cue=self.text[f.cue_start:f.cue_end], cue_start=f.cue_start, cue_end=f.cue_end,
            channel=f.channel, when=f.when, speaker_resolved=f.resolved, group=group,
        )


def extract_quotes(text: str, doc: Doc, *, nested_fragments: bool = False) -> list[Quote]:
    """Quotes in ``text`` (whose parse is ``doc``), ordered by position.

    ``nested_fragments`` also reports the quoted fragments inside reported speech
    ("said that the council had taken a “very different” line") as separate fragments.
    """
    if doc.text != text:
        raise ValueError("doc is not a parse of text")
    if not text.strip():
        return []
    return _Analyser(text, doc, nested_fragments).run()

