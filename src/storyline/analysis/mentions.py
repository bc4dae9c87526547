"""Named-entity mentions of one parsed document, with the roles written beside them.

The tagger's entities (people, organisations, places) are kept with two kinds of
evidence that the corpus-wide linking step (:mod:`storyline.link.entities`) weighs:
whether a mention is the subject of a speech verb or the object of a place
preposition, and the proper-noun runs the tagger left untagged (transliterated
names it does not know), which become mentions when they match a known name.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..quotes.frames import SPEECH_LEMMAS

#: spaCy labels kept as entity mentions.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
#: Honorifics are not roles: "Mr X" gives no role.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam", "mme", "herr", "frau", "mx"})
_PLACE_PREPS = frozenset({"in", "near", "outside", "inside", "across", "throughout", "around"})
_ROLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
#: plural administrative nouns that coordinated place names share ("the Northern and Southern Republics")
_SHARED_PLACE_HEADS = frozenset({"republics", "regions", "provinces", "oblasts", "districts"})
_TRIM = " \t\n.,;:!?\"'“”‘’«»()[]"


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One mention of a named entity, with offsets into the analysed text.

    Attributes:
        text: The name as written, without a leading article, honorific or possessive.
        label: The tagger's label (``PERSON``, ``ORG``, ``GPE``, ``LOC``, ``FAC``), or ``""``
            for a capitalised proper-noun run the tagger left untagged.
        role: A title or role written with the name ("Foreign Minister"), if any.
        evidence: ``"speaker"`` when the mention is the subject of a speech verb,
            ``"place"`` when it is the object of a place preposition ("in X"), else ``""``.
    """

    text: str
    label: str
    start: int
    end: int
    role: str | None = None
    role_start: int | None = None
    role_end: int | None = None
    evidence: str = ""


def _clean_span(span: Span) -> tuple[int, int] | None:
    """Token range of the name proper: no leading article/honorific, no trailing possessive."""
    a, b = span.start, span.end
    doc = span.doc
    while a < b and (doc[a].lower_ in ("the", "a", "an") or doc[a].lower_.rstrip(".") in HONORIFICS
                     or doc[a].is_punct):
        a += 1
    while b > a and (doc[b - 1].tag_ == "POS" or doc[b - 1].is_punct or doc[b - 1].lower_ in ("'s", "’s")):
        b -= 1
    return (a, b) if b > a else None


def _role_words(words: list[Token]) -> tuple[int, int, str] | None:
    """Trim nationality and place words off a title ("Russian Foreign Minister" -> "Foreign Minister")."""
    while words and (words[0].ent_type_ in ("NORP", "GPE", "LOC", "ORG") or words[0].lower_ in ("the", "a", "an")
                     or words[0].tag_ in ("PRP$", "POS", "DT") or words[0].is_punct
                     or words[0].lower_.rstrip(".") in HONORIFICS):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].tag_ == "POS"):
        words = words[:-1]
    if not words or not any(w.pos_ in ("NOUN", "PROPN") for w in words):
        return None
    text = " ".join(w.text for w in words)
    if text.islower():
        text = text.title()
    return words[0].idx, words[-1].idx + len(words[-1].text), text


def _left_role(doc: Doc, a: int, root: Token) -> tuple[int, int, str] | None:
    """Title words written right before a name: "Foreign Minister Jane Doe"."""
    words: list[Token] = []
    i = a - 1
    while i >= 0:
        t = doc[i]
        if t.pos_ not in _ROLE_POS or t.is_stop and t.pos_ != "PROPN" or t.ent_type_ in ("PERSON", "DATE", "TIME"):
            break
        if t.lower_.rstrip(".") in HONORIFICS:
            i -= 1
            continue
        if not (t.head.i >= a or t.head in words or t.dep_ in ("compound", "amod", "nmod")):
            break
        if not (t.text[:1].isupper() or t.head.i >= a):
            break
        words.insert(0, t)
        i -= 1
    if not words or all(w.ent_type_ in ("NORP", "GPE", "LOC") for w in words):
        return None
    return _role_words(words)


def _appos_role(root: Token, a: int, b: int) -> tuple[int, int, str] | None:
    """A role given in apposition: "Jane Doe, the foreign minister," or "the foreign minister, Jane Doe"."""
    doc = root.doc

    def contrasted(noun: Token) -> bool:
        # "parliament, not Mr X" sets the two apart: that is no apposition
        lo, hi = (noun.i, a) if noun.i < a else (b, noun.i)
        return any(t.lower_ in ("not", "nor", "unlike", "instead", "rather") for t in doc[lo:hi])

    cands = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN" and not contrasted(c)]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and not (a <= root.head.i < b) and not contrasted(root.head):
        cands.append(root.head)
    for noun in cands:
        inside = {t.i for t in noun.subtree if t.i <= noun.i and not (a <= t.i < b)}
        k = noun.i
        while k - 1 in inside and not noun.doc[k - 1].is_punct:
            k -= 1  # the words of the noun phrase up to the noun, stopping at a comma
        role = _role_words(list(noun.doc[k : noun.i + 1]))
        if role is not None:
            return role
    return None


def _evidence(root: Token) -> str:
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_LEMMAS:
        return "speaker"
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in _PLACE_PREPS:
        return "place"
    return ""


def find_mentions(doc: Doc) -> list[Mention]:
    """The entity mentions of a parsed text, plus its untagged proper-noun runs.

    Example:
        >>> nlp = load_model()                                 # doctest: +SKIP
        >>> find_mentions(nlp("Foreign Minister Jane Doe said ..."))[0].role   # doctest: +SKIP
        'Foreign Minister'
    """
    out: list[Mention] = []
    tagged: set[int] = set()
    for ent in doc.ents:
        tagged.update(range(ent.start, ent.end))
        if ent.label_ not in ENTITY_LABELS:
            continue
        rng = _clean_span(ent)
        if rng is None:
            continue
        a, b = rng
        label = ent.label_
        # "the Northern and Southern Republics", "Kherson Regions": a plural administrative noun shared by
        # coordinated names; the name is the words before it ("People's" included), and it is a place
        k = b
        while k - a > 1 and doc[k - 1].lower_ in _SHARED_PLACE_HEADS:
            k -= 1
        while k - a > 1 and doc[k - 1].lower_ in ("people", "people's", "'s", "’s"):
            k -= 1
        if k < b:
            b, label = k, "GPE"
        span = doc[a:b]
        if all(t.pos_ == "ADJ" or t.tag_ in ("JJ", "NNPS") and t.text.endswith(("an", "sh", "ese")) for t in span):
            continue  # a nationality adjective ("Ukrainian") tagged as a place
        text = span.text.strip(_TRIM)
        if not text or not any(ch.isupper() for ch in text):
            continue
        start = span.start_char + span.text.find(text)
        root = span.root
        role = None
        if label == "PERSON":
            role = _left_role(doc, a, root) or _appos_role(root, a, b)
        out.append(Mention(
            text=text, label=label, start=start, end=start + len(text),
            role=role[2] if role else None, role_start=role[0] if role else None,
            role_end=role[1] if role else None, evidence=_evidence(root),
        ))  # fmt: skip
    out.extend(_untagged_runs(doc, tagged))
    out.sort(key=lambda m: m.start)
    return out


def _is_name_word(t: Token) -> bool:
    if not t.is_alpha or len(t.text) < 2 or t.is_stop or t.lower_ in HONORIFICS:
        return False
    if not (t.text[0].isupper() and not t.text.isupper() or t.text.isupper() and len(t.text) <= 5):
        return False
    if t.pos_ == "PROPN":
        return True
    # a capitalised word mid-sentence that the tagger took for a noun is often an unknown name
    return t.pos_ in ("NOUN", "ADJ", "VERB") and not t.is_sent_start and t.i > 0 and not _line_start(t)


def _line_start(t: Token) -> bool:
    """True when the token starts a line (a heading word is capitalised anyway)."""
    return t.i == 0 or "\n" in t.doc[t.i - 1].whitespace_ + t.doc[t.i - 1].text


def _untagged_runs(doc: Doc, tagged: set[int]) -> list[Mention]:
    out: list[Mention] = []
    i = 0
    n = len(doc)
    while i < n:
        if i in tagged or not _is_name_word(doc[i]):
            i += 1
            continue
        j = i
        while j < n and j not in tagged and _is_name_word(doc[j]) and j - i < 4:
            j += 1
        span = doc[i:j]
        root = span.root
        role = _left_role(doc, i, root) if j - i <= 3 else None
        out.append(Mention(
            text=span.text, label="", start=span.start_char, end=span.end_char,
            role=role[2] if role else None, role_start=role[0] if role else None,
            role_end=role[1] if role else None, evidence=_evidence(root),
        ))  # fmt: skip
        i = j
    return out
