"""Attribution frames: who says what, read off a spaCy parse and the page layout.

A frame is one cue (a speech, belief or judging verb, a reporting noun, "according to", a byline
dash or a speaker label) with its speaker token, its content span, and the channel and time
phrases attached to it. :mod:`.core` ties quote-marked spans to these frames.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .layout import LayoutAttribution, bylines, speaker_labels
from .marks import MARKS, MarkedSpan, find_marked_spans
from .speakers import HUMAN_ROLE_HINT, PRONOUNS, PersonIndex

#: Generic English verbs of saying, writing and believing (lemmas). Nothing story-specific.
SPEECH_LEMMAS = frozenset({
    "say", "tell", "add", "state", "claim", "accuse", "write", "note", "argue", "warn", "insist", "explain",
    "announce", "declare", "report", "suggest", "reply", "respond", "answer", "ask", "acknowledge", "admit",
    "confirm", "deny", "stress", "emphasize", "emphasise", "underline", "underscore", "recall", "predict",
    "promise", "pledge", "vow", "urge", "describe", "believe", "think", "tweet", "post", "comment", "remark",
    "observe", "assert", "contend", "maintain", "concede", "complain", "conclude", "allege", "charge",
    "criticize", "criticise", "blast", "praise", "speak", "mention", "indicate", "hint", "reveal",
    "disclose", "estimate", "agree", "propose", "demand", "threaten", "recommend", "feel", "hope",
    "expect", "fear", "doubt", "testify", "joke", "boast", "lament", "caution", "question", "cite",
    "quote", "call", "attack", "accuse", "slam", "counter", "retort", "shout", "whisper", "tout", "brag",
    "signal", "contend", "point", "reiterate", "repeat", "affirm", "assure", "recount", "suspect",
    "worry", "know", "find", "show", "decline", "refuse", "acknowledge", "continue", "wonder", "muse",
    "write", "proclaim", "concur", "dismiss", "reject", "insinuate", "imply", "inform", "notify",
})
#: Verbs of judging and labelling, whose object (and its "as ..." complement) is the stated view.
_JUDGE_LEMMAS = frozenset({
    "condemn", "denounce", "blame", "liken", "compare", "label", "brand", "dub", "rate", "hail",
    "laud", "applaud", "decry", "lambaste", "mock", "ridicule", "characterize", "characterise", "portray",
    "paint", "endorse", "oppose", "support", "tout", "chant", "sing", "yell", "scream", "type", "read",
})
#: Verbs of intending and agreeing that count with a clause or infinitive: "X wants to ...".
_ATTITUDE_LEMMAS = frozenset({"want", "plan", "intend", "agree", "seek", "refuse", "decide", "consider", "understand",
                              "realize", "realise", "recognize", "recognise", "learn", "hope", "decline"})
#: Verbs of arguing, presenting and urging whose object is what was put forward ("highlighted the risk").
_PRESENT_LEMMAS = frozenset({
    "encourage", "highlight", "reference", "document", "detail", "defend", "echo", "invoke",
    "downplay", "outline", "dispute", "express", "stress", "emphasize", "emphasise", "promote",
    "exhort", "implore", "press",
})
_SAY_LEMMAS = SPEECH_LEMMAS
SPEECH_LEMMAS = SPEECH_LEMMAS | _JUDGE_LEMMAS | _ATTITUDE_LEMMAS | _PRESENT_LEMMAS
#: Verbs an "it" (an organisation, a paper, a report) does as a speaker; "it shows", "it suggests" are not.
_IT_SPEAKS = frozenset({"say", "report", "add", "write", "state", "announce", "declare", "tweet", "post",
                        "claim", "warn", "explain", "argue", "reply", "respond", "insist", "conclude"})
#: Verbs whose object or prepositional phrase is the content when there is no clause.
OBJECT_CONTENT = frozenset({
    "accuse", "call", "urge", "criticize", "criticise", "blast", "praise", "deny", "confirm", "announce",
    "demand", "propose", "promise", "pledge", "predict", "cite", "describe", "question", "reveal", "attack",
    "slam", "warn", "acknowledge", "express", "dismiss", "reject", "speak", "tout", "point", "show", "find",
    "say", "tell", "comment", "suggest", "defend", "vow", "threaten", "mention", "recall", "report",
}) | _JUDGE_LEMMAS | _PRESENT_LEMMAS
#: Prepositions that open the setting of an utterance (when, where, on which occasion).
_SETTING_PREPS = frozenset({"during", "amid", "since", "before", "after", "at"})
#: Prepositions that place a medium before or after the utterance, not as its channel: "said after the meeting".
_NOT_CHANNEL_PREPS = frozenset({"after", "before", "since", "until", "following", "ahead", "about", "against", "despite"})
_DASHES = frozenset({"—", "–", "-", "--"})
#: Subordinators of a time clause: "when she was asked", "after the vote".
_SETTING_MARKS = frozenset({"when", "while", "after", "before", "since", "until", "once"})
#: Nouns of saying and believing that take a that-clause: "her claim that ...", "the statement by X that".
REPORT_NOUNS = frozenset({
    "claim", "statement", "assertion", "argument", "suggestion", "warning", "promise", "pledge", "allegation",
    "accusation", "charge", "insistence", "contention", "belief", "view", "comment", "remark", "announcement",
    "prediction", "admission", "denial", "hope", "fear", "threat", "vow", "boast", "complaint", "message",
    "emphasis", "concern", "assurance", "conclusion", "finding", "insinuation", "theory", "notion", "idea",
    "proposal", "demand", "opinion", "assessment", "estimate", "report", "testimony", "explanation", "answer",
    "response", "reply", "acknowledgment", "acknowledgement", "confirmation", "declaration", "suspicion",
})
#: Verbs whose subject owns the reporting noun in their object: "X made the claim that ...".
_SUPPORT_VERBS = frozenset({"make", "issue", "release", "repeat", "reiterate", "offer", "give", "voice", "express",
                            "publish", "post", "send", "deliver", "put"})
#: Prepositions whose phrase, after an object-taking cue verb, carries the content or its target.
CONTENT_PREPS = frozenset({"as", "of", "about", "for", "on", "against", "to", "over", "with", "into", "that"})
#: Verbs that only count with a clausal complement (too common otherwise).
CLAUSE_ONLY = frozenset({"know", "feel", "find", "think", "believe", "hope", "expect", "fear", "continue",
                         "add", "write", "ask", "answer", "say", "tell", "report", "point"})
#: Generic media nouns: "in a video message", "at a press conference", "in an interview".
MEDIUM_NOUNS = frozenset({
    "video", "message", "interview", "statement", "conference", "briefing", "tweet", "post", "speech",
    "address", "broadcast", "letter", "op-ed", "email", "e-mail", "call", "podcast", "blog", "radio",
    "television", "tv", "meeting", "hearing", "rally", "event", "appearance", "memo", "column", "essay",
    "article", "note", "remarks", "comments", "session", "summit", "debate", "documentary", "show", "program",
    "programme", "report", "release", "announcement", "telecast", "livestream", "stream", "publication",
    "editorial", "op", "ed", "testimony", "exchange", "talk", "lecture", "sermon", "chat", "text", "story",
})
#: Nouns naming a news outlet by kind: "the state news agency", "the local newspaper".
OUTLET_NOUNS = frozenset({
    "agency", "newspaper", "paper", "daily", "outlet", "broadcaster", "channel", "network", "wire",
    "tabloid", "magazine", "website", "site", "station", "weekly", "portal", "publication", "media",
})
_TIME_ENTS = frozenset({"DATE", "TIME"})
#: What may stand between reported content and a quote that finishes it: "thinking, “...”",
#: "is “a big problem” but “nobody ...”".
_INTO_GAP = re.compile(r"^\s*[,:]?\s*(?:(?:and|but|or)(?:\s+then)?\s*)?$")


@dataclass(slots=True)
class Frame:
    cue_tok: Token
    cue_start: int
    cue_end: int
    speaker: Token | None
    content: tuple[int, int] | None
    clause: tuple[int, int]  # the frame's own words (verb subtree minus content)
    channel: str | None = None
    when: str | None = None
    kind_hint: str = "indirect"
    quotes: list[MarkedSpan] = field(default_factory=list)
    speaker_span: tuple[int, int] | None = None
    resolved: str | None = None
    #: Attributed by layout (byline, speaker label): the name may sit inside a quote-marked line.
    layout: bool = False


# ---------------------------------------------------------------- helpers

#: Lemmas the small model gets wrong for cue verbs ("hopes" -> "hop", "rated" -> "rat").
_LEMMA_SLIPS = {"hop": "hope", "rat": "rate"}


def _is_statement_cue(tok: Token) -> bool:
    """A verb that makes a statement of its own: speech and presenting verbs, not knowing or wanting."""
    lemma = cue_lemma(tok)
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
        return False  # "said X and that Y": a second complement of the same cue
    weak = CLAUSE_ONLY | _ATTITUDE_LEMMAS | {"continue", "refuse", "decline", "show", "find"}
    return lemma in _SAY_LEMMAS and lemma not in weak or lemma in _PRESENT_LEMMAS \
        or lemma in ("say", "add", "tell", "write")


def _is_second_cue(tok: Token) -> bool:
    """A statement cue with no subject of its own (its speaker is the one before)."""
    return _is_statement_cue(tok) and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in tok.children)


def cue_lemma(tok: Token) -> str:
    """The lowercase lemma of ``tok``, with the model's known slips on cue verbs mended."""
    lemma = tok.lemma_.lower()
    fixed = _LEMMA_SLIPS.get(lemma)
    return fixed if fixed is not None and tok.lower_.startswith(fixed) else lemma


def _span_chars(toks: list[Token]) -> tuple[int, int]:
    toks = [t for t in toks if not (t.is_punct and t.text not in MARKS) and not t.is_space]
    if not toks:
        return (0, 0)
    return (min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks))


def _subtree(tok: Token, skip: set[int] | None = None) -> list[Token]:
    if not skip:
        return list(tok.subtree)
    out: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in skip:
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _np_span(head: Token, *, relation: bool = False) -> tuple[int, int]:
    """The compact noun phrase of a speaker head: determiners, titles and name, no clauses.

    ``relation``: a common noun keeps the "of"/"for" phrase right after it, which says whose it is
    ("the head of one delegation", "a spokesman for the ministry"), not just "the head".
    """
    lo = head
    for c in head.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "flat", "advmod", "quantmod"):
            lo = min(lo, c.left_edge, key=lambda t: t.i)
    hi = head
    for c in head.rights:
        if c.dep_ in ("flat", "compound") and c.i == hi.i + 1:
            hi = c
    a, b = lo.idx, hi.idx + len(hi.text)
    if relation and head.pos_ == "NOUN":
        prep = next((c for c in head.rights if c.i == hi.i + 1 and c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
        if pobj is not None:
            b = max(b, _np_span(pobj)[1])
    return a, b


def _name_of(np_head: Token) -> str:
    """Proper-noun words of a noun phrase: "Acme" from "the country’s Acme news agency"."""
    names = [t for t in np_head.subtree if t.pos_ == "PROPN" and t.dep_ != "poss" and not
             any(a.dep_ == "poss" for a in t.ancestors if a.i != np_head.i and a in np_head.subtree)]
    for c in np_head.children:
        if c.dep_ == "appos":
            names = [t for t in c.subtree if t.pos_ == "PROPN"] or names
    if not names:
        return ""
    doc = np_head.doc
    return doc[names[0].i: names[-1].i + 1].text


def _medium_label(noun: Token) -> str:
    mods = [c for c in noun.lefts if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ", "VERB")
            and c.lower_ in MEDIUM_NOUNS | {"press", "televised", "news", "online", "radio", "phone", "video",
                                            "live", "joint", "social", "written", "recorded", "telephone"}]
    words = [m.lower_ for m in mods] + [noun.lower_ if noun.pos_ != "PROPN" else noun.text]
    return " ".join(words)


def _outlet(np_head: Token) -> str | None:
    """'news agency: Acme' / 'newspaper: The Daily Example' when the phrase names an outlet by kind."""
    heads = [np_head] + [c for c in np_head.children if c.dep_ == "appos"]
    for h in heads:
        if h.lemma_.lower() in OUTLET_NOUNS or h.lower_ in OUTLET_NOUNS:
            kind = "news agency" if h.lemma_.lower() in ("agency", "wire") else h.lemma_.lower()
            name = _name_of(np_head)
            if not name:
                words = [t for t in np_head.doc[np_head.left_edge.i: np_head.i + 1] if t.dep_ != "det"]
                name = " ".join(t.text for t in words)
            if name.lower() == h.lower_ or name.lower() == h.lemma_.lower():
                return None  # "according to the magazine": the outlet is the speaker, not a channel
            return f"{kind}: {name}"
    return None


_MINOR_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from",
                          "de", "la", "le", "der", "die", "das", "und"})


def is_title(inner: str) -> bool:
    """A quoted work or show title ("Fox News Sunday", "The Art of the Deal"), not quoted speech."""
    words = [w.strip(".,;:!?’'\"()") for w in inner.split()]
    words = [w for w in words if w]
    if not 1 <= len(words) <= 8 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR_WORDS for w in words) and \
        not all(w.isupper() for w in words if len(w) > 1)


class FrameFinder:
    """The frames of one parsed document, with the lookups the quote assembly shares."""

    def __init__(self, text: str, doc: Doc) -> None:
        self.text = text
        self.doc = doc
        self.marked: list[MarkedSpan] = find_marked_spans(text)
        self._open_ats = [q.open_at for q in self.marked]
        self._near_spans: dict[int, tuple[int, int]] = {}
        self.people = PersonIndex(doc)
        self.tok_quote = self._token_quotes()
        self.para_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def _token_quotes(self) -> list[int]:
        out = [-1] * len(self.doc)
        k = 0
        for t in self.doc:
            while k < len(self.marked) and self.marked[k].end <= t.idx:
                k += 1
            if k < len(self.marked) and self.marked[k].start <= t.idx < self.marked[k].end:
                out[t.i] = k
        return out

    def _clip(self, span: tuple[int, int], anchor: int) -> tuple[int, int] | None:
        """Restrict a content span to the paragraph holding ``anchor`` (parses cross blank lines)."""
        p = self.para_of(anchor)
        lo = self.para_starts[p]
        hi = self.para_starts[p + 1] - 1 if p + 1 < len(self.para_starts) else len(self.text)
        a, b = max(span[0], lo), min(span[1], hi)
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return (a, b) if b > a else None

    def para_of(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    # ------------------------------------------------------------ frames

    def frames(self) -> list[Frame]:
        out = []
        for tok in self.doc:
            if self.tok_quote[tok.i] >= 0:
                continue
            if tok.lower_ == "according" and (any(c.lower_ == "to" for c in tok.children) or tok.i + 1 < len(
                    self.doc) and self.doc[tok.i + 1].lower_ == "to"):
                f = self._according(tok)
            elif cue_lemma(tok) in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod":
                f = self._verb_frame(tok)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in REPORT_NOUNS:
                f = self._noun_frame(tok)
            else:
                f = None
            if f is not None:
                out.append(f)
        for la in bylines(self.text, self.marked):
            f = self._layout_frame(la, "direct")
            if f is not None:
                out.append(f)
        for la in speaker_labels(self.text):
            f = self._layout_frame(la, "indirect")
            if f is not None:
                out.append(f)
        return out

    def _layout_frame(self, la: LayoutAttribution, kind: str) -> Frame | None:
        """A frame for a byline or speaker label whose name part parses as a noun phrase."""
        span = self.doc.char_span(*la.speaker, alignment_mode="expand")
        cue = self.doc.char_span(*la.cue, alignment_mode="expand")
        if span is None or cue is None or not len(span):
            return None
        if any(t.pos_ in ("VERB", "AUX", "PRON", "NUM") for t in span) or not any(
                t.pos_ in ("PROPN", "NOUN") for t in span):
            return None
        head = span.root
        content = self._clip(la.content, la.content[0])
        if content is None:
            return None
        f = Frame(cue[0], la.cue[0], la.cue[1], head, content, la.speaker, kind_hint=kind)
        f.layout = True
        f.speaker_span = la.speaker
        return f

    def _subject(self, verb: Token) -> Token | None:
        v = verb
        for _ in range(4):
            subs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")
                    and not (c.dep_ == "nsubjpass" and c.lower_ == "it")
                    and any(ch.isalnum() for ch in c.text)]  # a dash the model took for a noun
            outside = [c for c in subs if self.tok_quote[c.i] < 0]
            if outside or subs:
                return (outside or subs)[0]
            if v.dep_ == "conj" and v.head.dep_ in ("ccomp", "advcl") and _is_second_cue(v) \
                    and cue_lemma(v.head.head) in SPEECH_LEMMAS:
                v = v.head.head  # "X said it was ... and warned ...": X warned
                continue
            if v.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp", "relcl") and v.head is not v:
                if v.dep_ == "relcl":
                    return v.head
                if v.dep_ == "ccomp" and cue_lemma(v.head) not in SPEECH_LEMMAS:
                    return None
                v = v.head if v.dep_ != "pcomp" else v.head.head
            else:
                return None
        return None

    def _verb_frame(self, verb: Token, *, quoted_as: bool = False) -> Frame | None:
        lemma = cue_lemma(verb)
        cue_toks = [verb] + [c for c in verb.children if c.dep_ in ("aux", "neg", "prt", "auxpass")]
        content_tok: list[Token] = []
        kind = "indirect"
        ccomp = [c for c in verb.children if c.dep_ in ("ccomp",) and self.tok_quote[c.i] < 0 or c.dep_ == "ccomp"]
        speaker = self._subject(verb)
        agent = next((g for c in verb.children if c.dep_ == "agent"
                      for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None and lemma != "quote":
            speaker = agent  # "was written by X", "was asked by X"
        elif verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl") and not any(c.dep_ in ("aux", "nsubj")
                                                                                for c in verb.children):
            speaker = None  # "when pressed on ...": the one pressed is not the one pressing
        if lemma == "say" and not quoted_as and verb.dep_ == "pcomp" and verb.head.lower_ == "as" \
                and verb.head.head.lemma_.lower() == "quote":
            return None  # built by the frame of "quoted X as saying"
        if lemma == "quote":  # "the agency quoted X as saying ..."
            dobj = [c for c in verb.children if c.dep_ == "dobj"]
            says = [g for c in verb.children if c.lower_ == "as" for g in c.children if g.lemma_ == "say"]
            if dobj and says:
                f = self._verb_frame(says[0], quoted_as=True)
                if f is not None:
                    f.speaker = dobj[0]
                    if speaker is not None:
                        f.channel = _outlet(speaker) or self._ent_text(speaker)
                return f
            return None
        if lemma in _ATTITUDE_LEMMAS:  # "wants to ...", "agreed that ...": active voice, complement after the verb
            comp = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i]
            if not comp or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
                return None
            toks = _subtree(comp[0], self._side_clauses(comp[0], ("advcl", "acl", "appos", "relcl")))
            content = self._clip(_span_chars(toks + self._shared_conj(verb, toks)), verb.idx)
            f = Frame(verb, cue_toks[0].idx, verb.idx + len(verb.text), speaker, content,
                       _span_chars([verb]), kind_hint="attitude")
            return f
        if not ccomp:
            # the small model often hangs "tweeted on Friday that X was Y" as an adverbial clause
            ccomp = [c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and c.left_edge.lower_ == "that"]
        if ccomp:
            # the model sometimes splits one complement in two ("said X has ... and his comment was ...")
            # or hangs a clause from before the verb on it: the complements after the verb, all of them
            after = [c for c in ccomp if c.i > verb.i] or ccomp[:1]
            content_tok = [t for c in after for t in _subtree(
                c, self._side_clauses(c, ("advcl", "acl", "appos")) | self._second_cues(c))]
        elif verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX") and speaker is not None \
                and not any(c.dep_ in ("dobj", "xcomp") and c.pos_ != "PRON" for c in verb.children):
            # "The test, North Korea said, was its biggest yet": the host clause is what was said
            content_tok = [t for t in _subtree(verb.head, {verb.i}) if t.sent.start == verb.sent.start]
        elif lemma in OBJECT_CONTENT:
            rest = [c for c in verb.children if c.i > verb.i and self._is_content_child(verb, c)]
            if lemma == "speak":  # "spoke to reporters" names the audience; "spoke of/about X" the content
                rest = [r for r in rest if r.dep_ != "prep" or r.lower_ in ("of", "about", "on", "against", "for")]
            if lemma == "tell":
                # "told his supporters to go and vote": what they were told, not whom
                inf = [c for c in verb.children if c.i > verb.i and (
                    c.dep_ == "xcomp" or c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                                   for a in c.children))] + [
                    g for c in verb.children if c.dep_ in ("dobj", "dative")
                    for g in c.children if g.dep_ in ("acl", "xcomp") and g.left_edge.lower_ == "to"]
                rest = inf[:1] or rest
            if lemma in ("accuse", "blame"):
                # "accused the minister of lying": the charge, not the accused (hung on either by the model)
                charge = [p for r in rest for p in (r, *r.children)
                          if p.dep_ == "prep" and p.lower_ in ("of", "for") and p.head.dep_ != "pobj"]
                rest = charge[:1] or rest
            if lemma in ("call", "point", "speak") and rest and rest[0].dep_ == "prep":
                cue_toks.append(rest[0])
                rest = [g for r in rest for g in r.children] + rest[1:]
            if rest:
                content_tok = [t for r in rest for t in _subtree(r, self._side_clauses(r, setting=True))]
                content_tok += self._shared_conj(verb, content_tok)
        if lemma in CLAUSE_ONLY and not ccomp and not (lemma in ("say", "tell", "write", "add", "report") and content_tok):
            content_tok = []
            if lemma not in ("say", "tell", "add", "write", "ask", "answer", "report", "continue", "point"):
                return None
        if speaker is not None and speaker.lower_ == "it" and lemma not in _IT_SPEAKS:
            return None
        content = _span_chars(content_tok) if content_tok else None
        if content == (0, 0):
            content = None
        if content is not None:
            content = self._clip(content, verb.idx)
        if content is not None:
            content = self._into_quote(content, verb)
        skip = {t.i for t in content_tok}
        clause = _span_chars([t for t in _subtree(verb, skip) if self.tok_quote[t.i] < 0 and t.text not in MARKS])
        cue_toks.sort(key=lambda t: t.i)
        a = cue_toks[0].idx
        b = cue_toks[-1].idx + len(cue_toks[-1].text)
        f = Frame(verb, a, b, speaker, content, clause, kind_hint=kind)
        self._medium_and_time(verb, f)
        return f

    def _noun_frame(self, noun: Token) -> Frame | None:
        """"Trump's claim that ...", "a statement by the agency that ...", "X made the claim that ..."."""
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "appos") and c.i > noun.i
                       and c.left_edge.lower_ == "that" and c.pos_ in ("VERB", "AUX")), None)
        if clause is None:
            return None
        speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
        if speaker is None:
            by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            speaker = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        if speaker is None and noun.dep_ in ("dobj", "attr") and noun.head.lemma_.lower() in _SUPPORT_VERBS:
            speaker = self._subject(noun.head)
        if speaker is None:
            return None
        toks = _subtree(clause)
        if toks and toks[0].lower_ == "that":
            toks = toks[1:]
        content = _span_chars(toks)
        if content == (0, 0):
            return None
        content = self._clip(content, noun.idx)
        own = _span_chars([t for t in _subtree(noun, {t.i for t in clause.subtree}) if self.tok_quote[t.i] < 0])
        f = Frame(noun, noun.idx, noun.idx + len(noun.text), speaker, content, own)
        if noun.dep_ in ("dobj", "attr", "pobj"):
            self._medium_and_time(noun.head if noun.dep_ != "pobj" else noun.head.head, f)
        return f

    def _second_cues(self, head: Token) -> set[int]:
        """Cue verbs the model coordinated inside a complement: "said it was opposed and warned X to ...".

        They start a statement of their own (with no subject of their own, by the same speaker).
        """
        skip: set[int] = set()
        for c in head.children:
            if c.dep_ == "conj" and c.i > head.i and c.pos_ == "VERB" and _is_statement_cue(c) \
                    and c.doc[c.left_edge.i - 1].lower_ == "and":  # not "rather than criticize him"
                # (with a subject of its own too: "said X, and when pressed, the mother replied, “...”")
                skip.update(t.i for t in c.subtree)
                skip.update(t.i for t in c.doc[head.i + 1:c.left_edge.i]
                            if t.dep_ == "cc" and t.head.i == head.i)
        return skip

    def _shared_conj(self, verb: Token, content: list[Token]) -> list[Token]:
        """Verb phrases the model coordinated with the cue verb that go on with its complement.

        "She wants to triple the program, grow the corps and create a reserve": the parse hangs
        "grow" and "create" on "wants"; with no subject and no cue of their own they are more of what
        she wants.
        """
        if not content:
            return []
        end = max(t.i for t in content)
        out: list[Token] = []
        for c in verb.children:
            if c.dep_ == "conj" and c.i > end and c.pos_ == "VERB" and cue_lemma(c) not in SPEECH_LEMMAS \
                    and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children) \
                    and not any(t.lower_ in ("but", "yet", "though", "although")
                                for t in verb.doc[end + 1:c.i]):
                # "... but stopped short of ..." turns away from what was said
                out += list(c.subtree)
        return out

    def _into_quote(self, content: tuple[int, int], verb: Token) -> tuple[int, int]:
        """Extend content that stops right where a quote opens in the same sentence.

        "... are to blame for focusing on “he said this”", "she recalled thinking, “...”": the parse
        often hangs the quoted words elsewhere (or starts a sentence at the mark), but they finish
        what was said.
        """
        end = content[1]
        k = bisect.bisect_left(self._open_ats, end - 1)
        if k < len(self.marked) and self.marked[k].open_at == end - 1:  # a dangling opening mark
            end -= 1
            while end > content[0] and self.text[end - 1].isspace():
                end -= 1
        k = bisect.bisect_left(self._open_ats, end)
        if k >= len(self.marked):
            return content
        q = self.marked[k]
        if not _INTO_GAP.match(self.text[end:q.open_at]) or q.close_at is None \
                or self.text[end - 1] in ".!?" or self.para_of(q.open_at) != self.para_of(end):
            return content
        return (content[0], q.close_at + 1)

    def _is_content_child(self, verb: Token, c: Token) -> bool:
        """Whether a dependent of an object-taking cue verb belongs to what was said.

        The object and its complement ("criticized the law as a “crazy system”") and the
        prepositions that carry a topic or target; not time, place, medium or side clauses.
        """
        lemma = cue_lemma(verb)
        if lemma == "tell" and c.dep_ == "xcomp":
            return True
        if lemma in ("say", "tell"):  # "said as much", not "told reporters"
            return c.dep_ in ("dobj", "attr", "oprd") and not (
                lemma == "tell" and (c.pos_ in ("PRON", "PROPN") or c.ent_type_))
        if c.dep_ in ("dobj", "attr", "oprd", "xcomp", "acomp", "pcomp", "ccomp"):
            return True
        if c.dep_ == "prep":
            return c.lower_ in CONTENT_PREPS and not self._is_time_or_medium(c)
        return False

    def _side_clauses(self, head: Token, deps: tuple[str, ...] = ("relcl", "acl", "advcl", "appos", "conj", "prep"),
                      *, setting: bool = False) -> set[int]:
        """Tokens of clauses set off by a comma or dash inside a phrase ("X, which ...")."""
        skip: set[int] = set()
        for t in head.subtree:
            lead = t.left_edge.i - 1
            if t.i > head.i and lead > head.i and t.doc[lead].text in _DASHES and t.i not in skip \
                    and t.head.i < lead and t.dep_ not in ("conj", "cc", "punct") \
                    and sum(x.text in _DASHES for x in t.doc[head.i + 1:lead]) % 2 == 0:  # not a closing dash
                # "... to “burning the Constitution” - a charge that stung": an aside set off by a dash
                skip.update(x.i for x in t.subtree)
                skip.add(lead)
                continue
            if t.dep_ in deps and t.i > head.i:
                if lead > head.i and t.doc[lead].text in (",", "—", "–", "(", ";", ":", "-", "--") \
                        and (t.dep_ != "conj" or t.pos_ in ("VERB", "AUX")):
                    skip.update(x.i for x in t.subtree)
                    skip.add(lead)
            if setting and t.i > head.i and t.i not in skip and (
                    t.dep_ == "prep" and (t.lower_ in _SETTING_PREPS or self._is_time_or_medium(t))
                    or t.dep_ in ("npadvmod", "tmod") and t.ent_type_ in _TIME_ENTS
                    or t.dep_ == "advcl" and any(m.dep_ == "advmod" and m.lower_ == "when" or m.dep_ == "mark"
                                                 and m.lower_ in _SETTING_MARKS for m in t.children)):
                # "... as a “giveaway” during a rally on Monday", "... Wednesday on the radio show",
                # "... when she was asked": the setting, not the content
                skip.update(x.i for x in t.subtree)
        return skip

    def _according(self, tok: Token) -> Frame | None:
        doc = self.doc
        sent = tok.sent
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
        if to is None:
            return None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            # "according to show insiders" with "show" taken for a verb: the last noun of the phrase
            for t in doc[to.i + 1: min(sent.end, to.i + 9)]:
                if t.is_punct or self.tok_quote[t.i] >= 0:
                    break
                if t.pos_ in ("NOUN", "PROPN"):
                    pobj = t
        if pobj is None:
            return None
        head = tok.head
        if head is not tok and cue_lemma(head) in _SAY_LEMMAS and self._subject(head) is not None:
            return None  # a channel of that verb, handled there
        # the phrase itself: "according to" and the source's noun phrase ("a report by X, a ... group")
        r = pobj.right_edge
        end = r.idx + len(r.text)
        if not any(not t.is_punct for t in doc[sent.start:tok.i]) and not any(
                not t.is_punct and not t.is_space for t in doc[r.i + 1:sent.end]):
            # opening the sentence and running to its end: the model hung the sentence on the source;
            # keep its compact noun phrase and an apposition set off by commas
            end = max(_np_span(pobj)[1], to.idx + len(to.text))
            for c in pobj.children:
                e = c.right_edge
                if c.dep_ == "appos" and c.i > pobj.i and e.i + 1 < sent.end and doc[e.i + 1].text == ",":
                    end = max(end, e.idx + len(e.text))
        # what it reports: the clause it hangs on when that is a relative clause, else its sentence,
        # on the longer side of the phrase (the parse of the rest is not trusted: the model often
        # hangs the whole sentence on "according")
        scope = list(head.subtree) if head is not tok and head.dep_ == "relcl" else self._whole_sentence(sent)
        before = [t for t in scope if t.idx + len(t.text) <= tok.idx]
        after = [t for t in scope if t.idx >= end]
        side = after if len(after) >= len(before) else before
        content = _span_chars(side)
        if content == (0, 0):
            return None
        content = self._clip(content, tok.idx)
        if content is None:
            return None
        cue_end = to.idx + len(to.text)
        f = Frame(tok, tok.idx, cue_end, pobj, content, (tok.idx, end))
        outlet = _outlet(pobj)
        if outlet:
            f.channel = outlet
        self._medium_and_time(head, f)
        return f

    def _whole_sentence(self, sent: Span) -> list[Token]:
        """The tokens of ``sent`` and of the sentences before it that the model split off at an
        abbreviation's full stop ("at 9 a.m. | ET, according to ..."): a sentence ends with a
        punctuation token, not with a word that carries its own full stop."""
        doc = self.doc
        a = sent.start
        while a > 0:
            last = doc[a - 1]
            if last.is_punct or last.is_space or "\n" in doc.text[last.idx:doc[a].idx] \
                    or not last.text.endswith(".") or self.tok_quote[last.i] >= 0:
                break
            a = last.sent.start
        return list(doc[a:sent.end])

    def _is_time(self, prep: Token) -> bool:
        return any(p.dep_ == "pobj" and p.ent_type_ in _TIME_ENTS for p in prep.children)

    def _is_time_or_medium(self, prep: Token) -> bool:
        for p in prep.children:
            if p.dep_ == "pobj" and (p.ent_type_ in _TIME_ENTS or p.lemma_.lower() in MEDIUM_NOUNS):
                return True
        return False

    def _ent_text(self, tok: Token) -> str:
        a, b = _np_span(tok)
        return self.text[a:b]

    def _medium_and_time(self, verb: Token, f: Frame) -> None:
        heads = [verb] + [c for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() in
                          ("speak", "talk", "write", "post", "appear")]
        if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp") and verb.head.pos_ in ("VERB", "AUX"):
            heads.append(verb.head)
        for h in heads:
            for c in h.children:
                if self.tok_quote[c.i] >= 0:
                    continue
                low = c.lower_
                if c.dep_ == "prep":
                    pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                    if pobj is None and low != "according":
                        continue
                    if low == "according":
                        to = next((g for g in c.children if g.lower_ == "to"), None)
                        p2 = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                        if p2 is not None and f.channel is None and (f.speaker is None or p2.i != f.speaker.i):
                            f.channel = _outlet(p2) or f"report: {self._ent_text(p2)}"
                        continue
                    if pobj.ent_type_ in _TIME_ENTS and f.when is None and h is verb:
                        f.when = self.doc[c.i: pobj.i + 1].text
                        for g in pobj.children:  # "on Friday, Acme agency"
                            out = _outlet(g) if g.i > pobj.i else None
                            if out and f.channel is None:
                                f.channel = out
                        continue
                    if f.channel is not None:
                        continue
                    lem = pobj.lemma_.lower()
                    if lem in MEDIUM_NOUNS and low not in _NOT_CHANNEL_PREPS:
                        label = _medium_label(pobj)
                        partner = [g for pp in pobj.children if pp.lower_ in ("with", "to", "on", "by")
                                   for g in pp.children if g.dep_ == "pobj"]
                        if lem == "interview" and partner:
                            label = f"interview: {_outlet(partner[0]) and _name_of(partner[0]) or self._ent_text(partner[0])}"
                        f.channel = label
                    elif low in ("to", "with") and (lem in OUTLET_NOUNS or _outlet(pobj)):
                        name = _name_of(pobj)
                        f.channel = f"interview: {name}" if name else _outlet(pobj)
                    elif low in ("on", "via", "through") and pobj.pos_ == "PROPN" and pobj.ent_type_ not in (
                            {"GPE", "NORP", "LOC"} | _TIME_ENTS):
                        f.channel = self._ent_text(pobj)
                elif c.dep_ in ("npadvmod", "tmod") and c.ent_type_ in _TIME_ENTS and f.when is None and h is verb:
                    f.when = self.doc[c.left_edge.i: c.right_edge.i + 1].text
                elif c.dep_ in ("dep", "npadvmod", "appos", "attr") and c.i > verb.i and f.channel is None:
                    out = _outlet(c)
                    if out:
                        f.channel = out
                elif c.dep_ in ("dative", "dobj") and h.lemma_.lower() == "tell" and f.channel is None:
                    out = _outlet(c)
                    if out or (c.pos_ == "PROPN" and c.ent_type_ in ("ORG", "")):
                        f.channel = "interview: " + (_name_of(c) or self._ent_text(c))

    # ------------------------------------------------------------ speakers

    def _speaker_near_quote(self, verb: Token) -> Token | None:
        """The speaker of "“...,” X said" / "“...,” said X" read off the surface.

        Used when the parse found no subject outside the quote (the small model often attaches
        the name to a word inside the quote, or takes a quoted title after the verb as subject).
        """
        doc = self.doc
        sent = verb.sent
        j = verb.i - 1
        while j >= sent.start and self.tok_quote[j] < 0 and doc[j].text not in MARKS:
            j -= 1
        after_quote = j >= 0 and (self.tok_quote[j] >= 0 or doc[j].text in MARKS)
        if not after_quote:
            return None
        left = [t for t in doc[j + 1: verb.i] if not t.is_punct]
        if len(left) > 12:
            return None
        for t in left:
            if t.pos_ in ("PROPN", "PRON", "NOUN"):
                while t.head.i in range(j + 1, verb.i) and t.head.pos_ in ("PROPN", "NOUN") and t.dep_ in (
                        "compound", "flat", "amod", "nmod", "poss"):
                    t = t.head
                if all(x.pos_ in ("PROPN", "NOUN", "DET", "ADJ") or x.text[:1].isupper() for x in left):
                    # a bare name phrase between the quote and the verb is the speaker, whatever its parse
                    self._near_spans[verb.i] = (left[0].idx, left[-1].idx + len(left[-1].text))
                return t
        if left:  # "... ,” Anna Berg, 25, said" with an odd parse: no safe noun phrase
            return None
        for t in doc[verb.i + 1: min(sent.end, verb.i + 8)]:  # "“...,” said Anna Berg."
            if t.is_punct or self.tok_quote[t.i] >= 0:
                break
            if t.pos_ in ("PROPN", "PRON", "NOUN"):
                k = t.i
                while k + 1 < sent.end and doc[k + 1].pos_ == "PROPN" and self.tok_quote[k + 1] < 0:
                    k += 1
                return doc[k]
        return None

    def _left_subject(self, f: Frame) -> Token | None:
        """The name or pronoun written right before a finite cue verb the parse left without a subject.

        "In a meeting with the board of the Daily Example Anna Berg said that ...": without a comma the
        small model hangs the name on the preceding phrase.
        """
        verb = f.cue_tok
        if verb.dep_ not in ("ROOT", "conj") or verb.tag_ not in ("VBD", "VBZ", "VBP") or f.content is None:
            return None
        j = min(f.cue_start, verb.idx)
        k = verb.i
        while k > verb.sent.start and self.doc[k - 1].idx + len(self.doc[k - 1].text) > j:
            k -= 1
        k -= 1
        while k >= verb.sent.start and self.doc[k].pos_ == "ADV":
            k -= 1
        if k < verb.sent.start or self.tok_quote[k] >= 0:
            return None
        t = self.doc[k]
        if t.pos_ == "PROPN" or t.pos_ == "PRON" and t.lower_ in PRONOUNS | {"they", "we", "i"}:
            return t
        return None

    def _line_subject(self, verb: Token) -> Token | None:
        """The first noun phrase on the verb's line before it, when the parse took a subject from the line above."""
        line_start = self.para_starts[self.para_of(verb.idx)]
        left = [t for t in self.doc[verb.sent.start: verb.i] if t.idx >= line_start and not t.is_space]
        if not left or len(left) > 12:
            return None
        return self._np_head(left[0], left)

    def _np_head(self, first: Token, window: list[Token]) -> Token | None:
        ids = {t.i for t in window}
        for t in window:
            if t.i >= first.i and t.pos_ in ("PROPN", "PRON", "NOUN") and self.tok_quote[t.i] < 0:
                while t.head.i in ids and t.head.pos_ in ("PROPN", "NOUN") and t.dep_ in (
                        "compound", "flat", "amod", "nmod", "poss"):
                    t = t.head
                return t
        return None

    def _speaker(self, f: Frame) -> None:
        h = f.speaker
        if (h is None or self.tok_quote[h.i] >= 0 and not f.layout) and f.cue_tok.pos_ in ("VERB", "AUX"):
            h = f.speaker = self._speaker_near_quote(f.cue_tok) or self._left_subject(f)
        if h is not None and self.para_of(h.idx) != self.para_of(f.cue_start):
            # a parse across a line break (photo credit, caption): an apposition on the cue's line may be it
            h = f.speaker = next((c for c in h.children if c.dep_ == "appos"
                                  and self.para_of(c.idx) == self.para_of(f.cue_start)), None) \
                or self._line_subject(f.cue_tok)
        if h is None:
            return
        if self.tok_quote[h.i] >= 0 and not f.layout or h.ent_type_ in ("TIME", "DATE", "CARDINAL", "MONEY", "PERCENT") \
                or h.lower_ in ("that", "which", "this", "there"):
            f.speaker = None
            return
        if f.cue_tok.i in self._near_spans and self._near_spans[f.cue_tok.i][0] <= h.idx:
            f.speaker_span = self._near_spans[f.cue_tok.i]
        elif not f.layout or f.speaker_span is None:
            a, b = _np_span(h, relation=True)
            f.speaker_span = (max(a, self.para_starts[self.para_of(h.idx)]), b)
        a, b = f.speaker_span
        if b <= f.clause[0] and f.clause[0] - b < 100 and not any(ch in MARKS or ch == "\n"
                                                                 for ch in self.text[b:f.clause[0]]):
            # a speaker the parse hung elsewhere ("“...,” Tulsa police Chief Anna Berg said") is still
            # part of the attribution's own words
            f.clause = (a, f.clause[1])
        target = h
        antecedent = h.head.head if h.tag_ == "WP" and h.head.dep_ == "relcl" else None
        if antecedent is not None and antecedent.dep_ != "conj" and (
                antecedent.ent_type_ == "PERSON" or antecedent.pos_ == "NOUN"
                and antecedent.lemma_.lower() in HUMAN_ROLE_HINT):
            target = antecedent  # "X, who said ...": the speaker is written "who", the person is X
        for c in target.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                target = c
        if target is not h and target.pos_ == "PROPN":
            f.resolved = self.people.resolve(target, target.idx, target.idx + len(target.text))
        elif target is not h:
            f.resolved = self.people.resolve(target, *_np_span(target))
        else:
            f.resolved = self.people.resolve(h, a, b)
        if f.resolved is None and h.lower_ == "they":
            f.resolved = self._plural_antecedent(h)
        if f.resolved is None and h.lower_ not in PRONOUNS and h.pos_ != "PRON":
            words = self.text[a:b].split()
            if words and words[0].lower() in ("the", "a", "an"):
                words = words[1:]
            f.resolved = " ".join(words) or None

    def _plural_antecedent(self, pronoun: Token) -> str | None:
        """"They said": the plural subject of the sentence before, in the same paragraph ("Western
        backers have asked ... They want ..."), as written; None when there is none."""
        sent = pronoun.sent
        if sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        if self.para_of(prev.start_char) != self.para_of(pronoun.idx):
            return None
        subjects = [t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS")
                    and self.tok_quote[t.i] < 0]
        if not subjects:
            return None
        a, b = _np_span(subjects[0])
        words = self.text[a:b].split()
        if words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        return " ".join(words) or None

    # ------------------------------------------------------------ assembly

