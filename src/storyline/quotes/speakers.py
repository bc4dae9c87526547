"""Who is speaking: person mentions in a document and resolution of pronouns and role nouns.

Everything is derived from the parse of the document itself: PERSON entities, proper-noun
subjects of speech verbs whose surname matches a known person (the small English model often
tags surnames as ORG or GPE), the title words written before a name ("Foreign Minister X"),
and appositions ("X, an adviser to ...", "the top negotiator, X,").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
PERSONAL_PRONOUNS = frozenset({"he", "she"})
_NAME_DEPS = frozenset({"compound", "flat", "nmod"})
_SKIP_ROLE = frozenset({"mr", "mrs", "ms", "dr", "the", "a", "an", "'s", "’s", "his", "her", "their", "its"})


@dataclass(slots=True)
class Person:
    """One cluster of mentions of the same person (keyed by a normalised surname)."""

    key: str
    names: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    #: Nationality words written with the name ("Finnish Minister X"): a "Danish minister" is someone else.
    nations: set[str] = field(default_factory=set)
    #: "f" or "m" where the text says so (Mrs., Mr., spokeswoman ...), else None.
    gender: str | None = None

    @property
    def has_full_name(self) -> bool:
        return any(len(n.split()) >= 2 for n in self.names)

    @property
    def full_name(self) -> str:
        multi = [n for n in self.names if len(n.split()) >= 2]
        pool = multi or self.names
        # the most common multi-word form, the earliest on ties
        return max(pool, key=lambda n: (pool.count(n), -pool.index(n)))


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    person: Person
    roles: frozenset[str]
    subject: bool


def _norm(word: str) -> str:
    w = word.lower().strip(".,'’")
    for suf in ("’s", "'s"):
        if w.endswith(suf):
            w = w[: -len(suf)]
    return w


def name_tokens(head: Token) -> list[Token]:
    """The proper-noun name ending at ``head``: ``Jane Doe`` from ``Senator Jane Doe``."""
    toks = [head]
    doc = head.doc
    i = head.i - 1
    while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].dep_ in _NAME_DEPS and doc[i].head.i == head.i \
            and doc[i].ent_type_ and doc[i].ent_type_ == head.ent_type_:
        toks.insert(0, doc[i])
        i -= 1
    return toks


#: clauses whose subject is talked about, not acting: "noted that X rejected", "X, who appeared"
_REPORTED = frozenset({"ccomp", "xcomp", "relcl", "advcl", "acl", "csubj"})


class PersonIndex:
    """Person mentions of one document, for resolving speakers."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.people: dict[str, Person] = {}
        self.mentions: list[Mention] = []
        self._starts: list[int] = []
        self._norp = {_norm(t.text) for t in doc if t.ent_type_ == "NORP"}
        from .frames import SPEECH_LEMMAS

        self._speech = SPEECH_LEMMAS
        seen: set[int] = set()
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = [t for t in ent if t.is_alpha or "-" in t.text]
            if not toks or ent.root.i in seen:
                continue
            seen.add(ent.root.i)
            self._add(ent, ent.root)
        # the untagged subject of a speech verb is a person ("Halvorsen said" with no PERSON tag), unless the
        # same spelling is an organisation or a place elsewhere in the text
        other = {_norm(t.text) for t in doc if t.ent_type_ in ("ORG", "GPE", "LOC", "NORP", "FAC")}
        for tok in doc:
            if (tok.pos_ == "PROPN" and tok.dep_ == "nsubj" and tok.i not in seen and not tok.ent_type_
                    and tok.head.lemma_.lower() in self._speech and tok.text[:1].isupper() and len(tok.text) >= 3
                    and _norm(tok.text) not in other):
                first = tok.i
                while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].head.i == tok.i \
                        and doc[first - 1].dep_ == "compound":
                    first -= 1  # "Ola Halvorsen said": the whole name
                self._add(doc[first : tok.i + 1], tok)
                seen.add(tok.i)
        # proper-noun tokens tagged otherwise whose surname matches a known person
        keys = list(self.people)
        if keys:
            for tok in doc:
                if tok.pos_ != "PROPN" or tok.i in seen or tok.dep_ in _NAME_DEPS:
                    continue
                k = _norm(tok.text)
                if len(k) < 4:
                    continue
                if k in self.people or any(fuzz.ratio(k, key) >= 85 for key in keys):
                    toks = name_tokens(tok)
                    self._add(doc[toks[0].i: tok.i + 1], tok)
                    seen.add(tok.i)
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]

    def _person_for(self, key: str) -> Person:
        if key in self.people:
            return self.people[key]
        for k, p in self.people.items():
            if len(k) >= 4 and len(key) >= 4 and fuzz.ratio(k, key) >= 85:
                return p
        p = Person(key=key)
        self.people[key] = p
        return p

    def _add(self, span: Span, root: Token) -> None:
        words = [t.text for t in span if t.text not in ("'s", "’s")]
        if not words:
            return
        while words and _norm(words[0]) in _SKIP_ROLE:
            words.pop(0)
        if not words:
            return
        person = self._person_for(_norm(words[-1]))
        person.names.append(" ".join(words))
        roles = set(role_words(span, root))
        person.roles |= roles
        person.nations |= roles & self._norp
        title = _norm(self.doc[span.start - 1].text) if span.start > 0 else ""
        for w in [title, *(_norm(t.text) for t in span[:1]), *roles]:
            g = _GENDER_WORDS.get(w)
            if g is not None and person.gender is None:
                person.gender = g
        # a person who acts in the story: the subject of a main clause or of a speech verb, not of a clause
        # someone reports ("the minister noted that X rejected talks": X is talked about)
        head = root.head.head if root.dep_ == "appos" else root.head
        subj = (root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "appos" and root.head.dep_ == "nsubj")) and (
            head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT")
            or (head.lemma_.lower() in self._speech and head.dep_ not in _REPORTED))
        self.mentions.append(Mention(span.start_char, span.end_char, person, frozenset(roles), subj))

    def before(self, pos: int) -> list[Mention]:
        """Mentions ending before ``pos``, nearest first."""
        k = bisect.bisect_left(self._starts, pos)
        return [m for m in reversed(self.mentions[:k]) if m.end <= pos]

    def at(self, start: int, end: int) -> Mention | None:
        """A person mention overlapping the character range."""
        k = bisect.bisect_left(self._starts, end)
        for m in reversed(self.mentions[:k]):
            if m.end > start:
                return m
            if m.end <= start - 200:
                break
        return None

    def resolve(self, head: Token, start: int, end: int) -> str | None:
        """Best full-name string for the speaker mention headed by ``head``."""
        m = self.at(start, end)
        if m is not None:
            return m.person.full_name
        low = head.lower_
        if head.pos_ == "PRON" or low in PRONOUNS:
            if low not in PERSONAL_PRONOUNS:
                return None  # "they", "we": a group, not the nearest person
            want = {"he": "m", "she": "f"}.get(low)
            prior = [p for p in self.before(start)[:8] if want is None or p.person.gender in (None, want)]
            if not prior:
                return None
            # the nearest fitting person who acted (a subject), known by a full name if one is near
            subjects = [p for p in prior[:6] if p.subject]
            named = [p for p in subjects[:2] if p.person.has_full_name]
            return (named or subjects or prior)[0].person.full_name
        if head.pos_ == "NOUN":
            if head.tag_ == "NNS":  # "officials", "leaders": a group, not one person
                return None
            if any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in head.children):
                return None  # "a senior official", "another source": someone the text does not name
            role = head.lemma_.lower()
            mods = {_norm(c.text) for c in head.lefts if c.dep_ in ("amod", "compound")}
            nations = {_norm(c.text) for c in head.lefts if c.ent_type_ == "NORP"}
            prior = [p for p in self.before(start)
                     if not (nations and p.person.nations and not nations & p.person.nations)]
            best, best_score = None, -1
            for rank, p in enumerate(prior):
                if role not in p.person.roles:
                    continue
                score = len(mods & p.person.roles) * 10 - rank * 0.01
                if score > best_score:
                    best, best_score = p, score
            if best is not None:
                return best.person.full_name
            # No one was introduced with this role. With a nationality ("the Norwegian president"), the
            # nearest person who acted and is not of another nation is meant; without one ("the band
            # leader", "the local fire chief", "the senator's niece") the text does not say who it is, and
            # the nearest person is a guess wrong more often than right: the quote stays with its role.
            if role in HUMAN_ROLE_HINT and role not in ANONYMOUS_ROLES \
                    and not any(c.dep_ == "poss" for c in head.children):
                near = [p for p in prior[:6] if p.subject]
                if near and (nations or any(_same_role(role, r) for r in near[0].person.roles)):
                    # "the assistant" after "X, an adviser to the mayor, said"; "the senator" after "Sen. X"
                    return near[0].person.full_name
            return None
        return None


#: Titles and role words that say a person's gender.
_GENDER_WORDS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f", "lady": "f", "lord": "m",
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "congressman": "m",
    "congresswoman": "f", "businessman": "m", "businesswoman": "f", "actor": "m", "actress": "f",
    "husband": "m", "wife": "f", "father": "m", "mother": "f", "son": "m", "daughter": "f", "brother": "m",
    "sister": "f", "king": "m", "queen": "f", "prince": "m", "princess": "f", "grandmother": "f",
    "grandfather": "m", "uncle": "m", "aunt": "f", "widow": "f", "widower": "m",
}
#: A few generic words that mark a common noun as a person (used only as a fallback).
HUMAN_ROLE_HINT = frozenset({
    "minister", "president", "spokesman", "spokeswoman", "spokesperson", "leader", "adviser", "advisor",
    "aide", "official", "negotiator", "chief", "secretary", "senator", "governor", "mayor", "candidate",
    "nominee", "director", "chairman", "chairwoman", "ambassador", "envoy", "premier", "chancellor",
    "commander", "general", "head", "man", "woman", "source", "diplomat", "lawmaker", "representative",
})


#: Role nouns that name one job: "the aide" is the person introduced as an adviser.
_ROLE_SYNONYMS = (
    frozenset({"adviser", "advisor", "aide", "assistant", "counsellor", "counselor", "consultant"}),
    frozenset({"spokesman", "spokeswoman", "spokesperson", "representative", "mouthpiece"}),
    frozenset({"head", "chief", "leader", "chairman", "chairwoman", "chair", "director"}),
    frozenset({"lawmaker", "legislator", "congressman", "congresswoman", "senator", "representative", "deputy", "mp"}),
    frozenset({"diplomat", "ambassador", "envoy"}),
    frozenset({"negotiator", "envoy", "delegate"}),
)


def _same_role(role: str, known: str) -> bool:
    """Whether a role noun names a role a person was introduced with: the same word, its abbreviation
    ("sen", "gov", "rep") or a word of the same job."""
    if role == known or len(known) >= 3 and role.startswith(known):
        return True
    return any(role in group and known in group for group in _ROLE_SYNONYMS)


#: Role nouns of people a report leaves unnamed: never resolved to the nearest person.
ANONYMOUS_ROLES = frozenset({
    "source", "man", "woman", "person", "witness", "resident", "reader", "viewer", "listener", "observer",
    "bystander", "passenger", "caller", "voter", "student", "neighbour", "neighbor", "someone", "somebody",
    "insider", "announcer", "narrator", "critic", "supporter", "fan", "employee", "worker", "analyst", "expert",
})
#: Determiners of a speaker phrase that name nobody in particular.
INDEFINITE = frozenset({"a", "an", "another", "some", "any", "each", "every", "one", "no"})


def role_words(span: Span, root: Token) -> list[str]:
    """Title and description words written with a name: left compounds/amods and appositions."""
    doc = span.doc
    out: list[str] = []
    i = span.start - 1
    # "Finnish Minister Jane Doe": words left of the name inside the same noun phrase
    while i >= 0 and i >= span.start - 5:
        t = doc[i]
        if t.is_punct or t.dep_ in ("det", "case") or t.head.i < span.start - 6 or t.head.i >= span.end + 1:
            if t.dep_ in ("det", "case", "poss"):
                i -= 1
                continue
            break
        if t.dep_ not in ("compound", "amod", "nmod", "poss", "npadvmod"):
            break
        out.append(_norm(t.lemma_ if t.pos_ == "NOUN" else t.text))
        i -= 1
    # "X, an adviser to ..." and "the top negotiator, X,"
    for child in root.children:
        if child.dep_ == "appos":
            out.append(child.lemma_.lower())
            out += [_norm(c.text) for c in child.lefts if c.dep_ in ("amod", "compound")]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        h = root.head
        out.append(h.lemma_.lower())
        out += [_norm(c.text) for c in h.lefts if c.dep_ in ("amod", "compound")]
    return [w for w in out if w and w not in _SKIP_ROLE]
