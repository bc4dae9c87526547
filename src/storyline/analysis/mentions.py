"""Named-entity mentions of one parsed document, with the roles written beside them.

The tagger's entities (people, organisations, places) are kept with the evidence the
corpus-wide linking step (:mod:`storyline.link.entities`) weighs against the tagger's
label: what the syntax around a mention says it is (a speaker, a source, a place, a news
outlet), and the proper-noun runs the tagger left untagged (transliterated names it does
not know), which become mentions when they match a known name.

Some of what the tagger marks is no name, and is dropped here: a time zone after a clock
time ("10:30 a.m. EST"), a fragment of letters glued by a dot ("X.YZ", from a logo or a
link), a capitalised common word the document also writes in lower case ("Harvests" at
the start of a quote). A nationality adjective in front of an acronym ("Asian ABC members")
is no part of the acronym's name; a name written with a capital "The" inside a sentence
keeps it ("as The Evening Star reported").
"""

from __future__ import annotations

import re
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
#: Time-zone abbreviations; after a clock time they are no names ("at 10:30 a.m. EST").
TIME_ZONES = frozenset({
    "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AKST", "AKDT", "HST",
    "GMT", "UTC", "BST", "IST", "WET", "WEST", "CET", "CEST", "EET", "EEST", "MSK", "TRT", "GST", "PKT",
    "ICT", "SGT", "HKT", "JST", "KST", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT",
})
_CLOCK = re.compile(r"^(\d{1,2}([:.]\d{2})?|[ap]\.?m\.?|noon|midnight)$", re.IGNORECASE)
#: Nouns for news media: a name beside one ("the newspaper X", "X news agency") is an outlet.
MEDIA_NOUNS = frozenset({
    "newspaper", "daily", "weekly", "tabloid", "broadsheet", "paper", "magazine", "broadcaster", "channel",
    "agency", "outlet", "website", "portal", "radio", "television", "tv", "publication", "newswire", "wire",
})
#: Verbs whose subject is the source of what is told, a person or an organisation, never a place.
_SOURCE_LEMMAS = frozenset({"write", "report", "publish", "quote", "cite"})
#: Plural nouns for places: a name listed with them ("X and the four other regions") is a place.
_PLACE_NOUNS = frozenset({
    "regions", "provinces", "territories", "cities", "towns", "villages", "countries", "states", "republics",
    "oblasts", "districts", "counties", "municipalities", "islands", "areas", "lands",
})
#: Head nouns of place names: a name ending in one ("Tarn Lake Basin", "Velmoor Province") is a place.
_PLACE_HEADS = frozenset({
    "peninsula", "sea", "ocean", "river", "island", "islands", "mountains", "mountain", "bay", "gulf", "lake",
    "strait", "valley", "coast", "desert", "basin", "region", "oblast", "province", "district", "county",
    "krai", "canal", "plateau", "delta", "steppe",
})
# a dot between capital letters that is no initialism ("X.YZ", a logo or a link cut short)
_GLUED = re.compile(r"[A-Z]\.[A-Z]{2}|[A-Z]{2}\.[A-Z]")
# initials ending a name ("E.U", "Washington D.C"), whose last dot the trim took off
_INITIALISM = re.compile(r"(?:^|[\s.])[A-Z]\.[A-Z]$")
#: Short words a title-case line may leave in lower case ("Clinton Breaks with Obama on Trade").
_MINOR_WORDS = frozenset({
    "a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "for", "by", "with", "as", "from",
    "into", "onto", "off", "out", "up", "over", "via", "vs", "per", "is", "are", "was", "be", "its", "his", "her",
})
#: Determiners and quantities: an apposition that starts with one ("several hundred guests") is no role.
_QUANTITY_WORDS = frozenset({
    "several", "many", "some", "few", "hundreds", "thousands", "dozens", "millions", "all", "both", "most",
    "hundred", "thousand", "dozen", "million", "numerous", "various", "other", "others",
})


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One mention of a named entity, with offsets into the analysed text.

    Attributes:
        text: The name as written, without a leading article, honorific or possessive.
        label: The tagger's label (``PERSON``, ``ORG``, ``GPE``, ``LOC``, ``FAC``), or ``""``
            for a capitalised proper-noun run the tagger left untagged.
        role: A title or role written with the name ("Foreign Minister"), if any.
        evidence: What the syntax says of the mention: ``"speaker"``, the subject of a
            speech verb; ``"source"``, the source of a report ("according to X", "X wrote");
            ``"place"``, the object of a place preposition ("in X"); ``"place-list"``, listed
            with places of one kind ("X and the other regions"); ``"outlet"``, a news outlet
            ("the newspaper X", "X news agency"); ``"headline"``, in a title-case line, where
            capitals say nothing ("Senator Seeks Recount"); else ``""``.
    """

    text: str
    label: str
    start: int
    end: int
    role: str | None = None
    role_start: int | None = None
    role_end: int | None = None
    evidence: str = ""


def _named_article(t: Token) -> bool:
    """A capital "The" inside a sentence of lower-case prose is part of a name ("as The Evening Star wrote")."""
    if t.text != "The" or t.is_sent_start or _line_start(t):
        return False
    before = [w for w in t.doc[max(0, t.i - 3) : t.i] if not w.is_space]
    if not before or before[-1].is_quote or before[-1].text in ".!?:;([“‘«—–-":
        return False
    words = [w for w in before if w.is_alpha]
    return bool(words) and words[-1].text.islower()


def _clean_span(span: Span) -> tuple[int, int] | None:
    """Token range of the name proper: no leading article/honorific, no trailing possessive."""
    a, b = span.start, span.end
    doc = span.doc
    # the tagger leaves a name's article out of its span: "The" just before it may belong to it
    if a > 0 and _named_article(doc[a - 1]) and doc[a].pos_ == "PROPN":
        a -= 1
    while a < b and ((doc[a].lower_ in ("the", "a", "an") and not (a < b - 1 and _named_article(doc[a])))
                     or doc[a].lower_.rstrip(".") in HONORIFICS or doc[a].is_punct):
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
    # a quantity or a plural ("several hundred guests", "two donors") is no one person's role
    if words[-1].tag_ in ("NNS", "NNPS") or any(w.like_num or w.lower_ in _QUANTITY_WORDS for w in words):
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
            if words:
                break
            # a title goes before a name without an honorific: in "a bill Mr X backed" the
            # words before "Mr" are no title
            if i > 0 and doc[i - 1].text[:1].islower():
                break
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


def _is_outlet(doc: Doc, a: int, b: int) -> bool:
    """A name beside a media noun: "the newspaper X", "X news agency" (not "a X broadcaster Y")."""
    if a > 0 and doc[a - 1].lower_ in MEDIA_NOUNS and doc[a - 1].text.islower():
        return True
    k = b + 1 if b < len(doc) and doc[b].lower_ == "news" else b
    if k >= len(doc) or doc[k].lower_ not in MEDIA_NOUNS or not doc[k].text.islower():
        return False
    after = doc[k + 1] if k + 1 < len(doc) else None
    if after is not None and after.text[:1].isupper() and after.pos_ == "PROPN":
        return False  # the noun describes the next name: "X broadcaster Y"
    return not (a > 0 and doc[a - 1].lower_ in ("a", "an"))


def _listed_with_places(doc: Doc, b: int) -> bool:
    """The name is listed with places of one kind: "X and the four other regions"."""
    if b >= len(doc) or doc[b].lower_ not in ("and", "or"):
        return False
    for t in doc[b + 1 : b + 7]:
        if t.lower_ in _PLACE_NOUNS:
            return True
        # "its member states" lists parts, not things of one kind
        if t.tag_ in ("PRP$", "POS") or t.lower_ in ("member", "members"):
            return False
        if not (t.pos_ in ("DET", "NUM", "ADJ") or t.lower_ == "other"):
            return False
    return False


def _evidence(root: Token, a: int, b: int) -> str:
    doc = root.doc
    if _is_outlet(doc, a, b):
        return "outlet"
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return "source"
    if root.dep_ in ("nsubj", "nsubjpass"):
        lemma = head.lemma_.lower()
        if root.dep_ == "nsubj" and lemma in _SOURCE_LEMMAS:
            return "source"
        if lemma in SPEECH_LEMMAS:
            return "speaker"
    if _listed_with_places(doc, b):
        return "place-list"
    if root.dep_ == "pobj" and head.lower_ in _PLACE_PREPS:
        return "place"
    return ""


def _opens_sentence(t: Token) -> bool:
    """The token starts a sentence, a line or a quotation, where any word is capitalised."""
    return t.is_sent_start or _line_start(t) or t.i > 0 and t.doc[t.i - 1].is_quote


def _headline_tokens(doc: Doc) -> frozenset[int]:
    """Tokens of title-case lines (a headline, a sub-heading), where every word is capitalised.

    A capital there is no evidence of a name: "Senator Seeks Recount" capitalises a verb.
    A line counts when it has at least three words besides the short ones a title may leave in
    lower case and all of them are capitalised; prose with a lower-case verb or noun never does.
    """
    out: set[int] = set()
    line: list[Token] = []
    for t in doc:
        if line and _line_start(t):
            out.update(_title_case(line))
            line = []
        line.append(t)
    out.update(_title_case(line))
    return frozenset(out)


def _title_case(line: list[Token]) -> list[int]:
    words = [t for t in line if t.is_alpha and t.lower_ not in _MINOR_WORDS]
    if len(words) < 3 or not all(t.text[:1].isupper() for t in words):
        return []
    return [t.i for t in line]


def _lower_words(doc: Doc) -> frozenset[str]:
    """Words the text writes in lower case, less those it also writes inside a longer name
    ("young" and "Tom Young": a sentence opening with "Young" may name him)."""
    lower = {t.text for t in doc if t.is_alpha and t.text.islower()}
    in_names = {t.text.lower() for ent in doc.ents if len(ent) > 1 and ent.label_ in ENTITY_LABELS for t in ent}
    return frozenset(lower - in_names)


def _not_a_name(span: Span, lower: frozenset[str]) -> bool:
    """Junk the tagger marks: a time zone after a clock time, letters glued by a dot (a logo's or a link's
    fragment), a capitalised common word at a sentence start that the document also writes in lower case."""
    doc = span.doc
    if len(span) == 1 and span[0].text in TIME_ZONES and span.start > 0:
        before = doc[span.start - 1]
        if _CLOCK.match(before.text) or before.ent_type_ == "TIME":
            return True
    if any(_GLUED.search(t.text) for t in span):
        return True
    t = span[0]
    return (len(span) == 1 and not t.text.isupper() and _opens_sentence(t) and t.text.lower() in lower)


@dataclass(slots=True)
class _Found:
    """A name span being read (token range and label), before it becomes a :class:`Mention`."""

    a: int
    b: int
    label: str


def _spans(doc: Doc, tagged: set[int], lower: frozenset[str]) -> list[_Found]:
    """The tagger's entities cut to their names, typed by their shape, in document order."""
    found: list[_Found] = []
    for ent in doc.ents:
        tagged.update(range(ent.start, ent.end))
        if ent.label_ not in ENTITY_LABELS and ent.label_ != "WORK_OF_ART":
            continue
        rng = _clean_span(ent)
        if rng is None or _not_a_name(doc[rng[0] : rng[1]], lower):
            continue
        a, b = rng
        label = ent.label_
        # "Asian ABC members": a nationality adjective is no part of an acronym's name
        if b - a > 1 and _acronym_token(doc[b - 1]) and all(_nationality(t) for t in doc[a : b - 1]):
            a = b - 1
        # "the Northern and Southern Republics", "Kherson Regions": a plural administrative noun shared by
        # coordinated names; the name is the words before it ("People's" included), and it is a place,
        # and so are the names coordinated with it
        k = b
        while k - a > 1 and doc[k - 1].lower_ in _SHARED_PLACE_HEADS:
            k -= 1
        while k - a > 1 and doc[k - 1].lower_ in ("people", "people's", "'s", "’s"):
            k -= 1
        if k < b:
            b, label = k, "GPE"
            found.extend(_conjuncts(doc, a, found, tagged))
        # "X's Tarn Lake Basin": a possessor (typed by the corpus) and a place
        p = next((i for i in range(a + 1, b - 2) if doc[i].tag_ == "POS" or doc[i].lower_ in ("'s", "’s")), None)
        if (p is not None and doc[b - 1].lower_ in _PLACE_HEADS
                and all(t.pos_ == "PROPN" and t.lower_ not in ("people", "peoples") for t in doc[a:p])):
            found.append(_Found(a, p, ""))
            a = p + 1
        if b - a > 1 and doc[b - 1].lower_ in _PLACE_HEADS and all(t.text[:1].isupper() for t in doc[a:b]):
            # a place-shaped name: "Tarn Lake Basin", "Velmoor Province" (not "X University on Y Island")
            label = "LOC"
        found.append(_Found(a, b, label))
    return found


def _nationality(t: Token) -> bool:
    """An adjective, or a word shaped like a nationality adjective ("Asian", "Danish", "Chinese")."""
    return (t.pos_ == "ADJ" or t.tag_ == "JJ" or t.ent_type_ == "NORP"
            or t.text[:1].isupper() and t.text.endswith(("an", "ish", "ese")) and not t.text.isupper())


def _acronym_token(t: Token) -> bool:
    return t.is_alpha and t.text.isupper() and 2 <= len(t.text) <= 6


def _conjuncts(doc: Doc, a: int, found: list[_Found], tagged: set[int]) -> list[_Found]:
    """Names coordinated before a name that shares a place head ("X, Y and Z Provinces") are places.

    A name the tagger read otherwise is relabelled; one it missed (a proper noun) is added.
    """
    added: list[_Found] = []
    by_end = {f.b: f for f in found}
    while a >= 2 and doc[a - 1].lower_ in ("and", "or", "&", ","):
        prev = by_end.get(a - 1)
        if prev is not None:
            prev.label = "GPE"
            a = prev.a
            continue
        t = doc[a - 2]
        if t.pos_ == "PROPN" and t.text[:1].isupper() and not t.ent_type_ and (a - 2) not in tagged:
            added.append(_Found(a - 2, a - 1, "GPE"))
            tagged.add(a - 2)
            a -= 2
            continue
        break
    return added


def find_mentions(doc: Doc) -> list[Mention]:
    """The entity mentions of a parsed text, plus its untagged proper-noun runs.

    Example:
        >>> nlp = load_model()                                 # doctest: +SKIP
        >>> find_mentions(nlp("Foreign Minister Jane Doe said ..."))[0].role   # doctest: +SKIP
        'Foreign Minister'
    """
    out: list[Mention] = []
    tagged: set[int] = set()
    lower = _lower_words(doc)
    written_lower = {t.text for t in doc if t.is_alpha and t.text.islower()}
    headline = _headline_tokens(doc)
    for f in _spans(doc, tagged, lower):
        a, b, label = f.a, f.b, f.label
        # "Senior Trooper Jan Doe", "Police Constable Jan Doe": a leading word the text also writes in
        # lower case is the person's rank or job, not a part of the name (two name words stay)
        while label == "PERSON" and b - a >= 3 and doc[a].text.lower() in written_lower and a not in headline:
            a += 1
        span = doc[a:b]
        if all(t.pos_ == "ADJ" or t.tag_ in ("JJ", "NNPS") and t.text.endswith(("an", "sh", "ese")) for t in span):
            continue  # a nationality adjective ("Ukrainian") tagged as a place
        text = span.text.strip(_TRIM)
        if not text or not any(ch.isupper() for ch in text):
            continue
        start = span.start_char + span.text.find(text)
        if _INITIALISM.search(text) and span.text[start - span.start_char + len(text):].startswith("."):
            text += "."  # "the E.U.": the last dot is the initial's

        root = span.root
        evidence = "headline" if a in headline else _evidence(root, a, b)
        if label == "WORK_OF_ART":
            # a paper's title beside a media noun or reporting ("The Evening Star wrote") names its
            # outlet; "according to" a book is no organisation
            if not (evidence == "outlet" or evidence == "source" and root.dep_ == "nsubj"):
                continue
            label = "ORG"
        role = None
        if label == "PERSON" and evidence != "headline":
            role = _left_role(doc, a, root) or _appos_role(root, a, b)
        out.append(Mention(
            text=text, label=label, start=start, end=start + len(text),
            role=role[2] if role else None, role_start=role[0] if role else None,
            role_end=role[1] if role else None, evidence=evidence,
        ))  # fmt: skip
    out.extend(_untagged_runs(doc, tagged, lower, headline))
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


def _untagged_runs(doc: Doc, tagged: set[int], lower: frozenset[str], headline: frozenset[int]) -> list[Mention]:
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
        if all(t.text.lower() in lower for t in span):
            i = j
            continue  # capitalised common words ("Harvests" opening a quote) that the text also writes in lower case
        root = span.root
        role = _left_role(doc, i, root) if j - i <= 3 and i not in headline else None
        out.append(Mention(
            text=span.text, label="", start=span.start_char, end=span.end_char,
            role=role[2] if role else None, role_start=role[0] if role else None,
            role_end=role[1] if role else None, evidence="headline" if i in headline else _evidence(root, i, j),
        ))  # fmt: skip
        i = j
    return out
