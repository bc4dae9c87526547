"""The per-document analysis: offsets back into the raw text, mentions with roles, document time."""

from __future__ import annotations

import pytest

from storyline.analysis import AnalysedText, DocumentInput, analyse_documents, document_time, find_mentions
from storyline.quotes import load_model
from storyline.timex import find_times


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def test_analysed_text_maps_offsets_back_into_the_raw_text() -> None:
    raw = "Menu\nHome\nFirst paragraph here.\nShare this\nSecond one."
    spans = [(raw.index("First"), raw.index("here.") + 5), (raw.index("Second"), len(raw))]
    t = AnalysedText.from_blocks(raw, spans)
    assert t.text == "First paragraph here.\n\nSecond one."
    for word in ("paragraph", "Second", "one."):
        a = t.text.index(word)
        ra, rb = t.to_raw(a, a + len(word))
        assert raw[ra:rb] == word


def test_analysed_text_skips_empty_blocks() -> None:
    t = AnalysedText.from_blocks("a  b", [(1, 3), (0, 1)])
    assert t.text == "a"


def test_mentions_keep_the_role_written_before_a_name(nlp) -> None:
    doc = nlp("Foreign Minister Anna Petrova said the talks would resume on Monday in Geneva.")
    people = [m for m in find_mentions(doc) if m.label == "PERSON"]
    assert people and people[0].text == "Anna Petrova"
    assert people[0].role == "Foreign Minister"
    assert doc.text[people[0].role_start : people[0].role_end] == "Foreign Minister"
    assert people[0].evidence == "speaker"


@pytest.mark.parametrize("text, role", [
    ("The talks were led by the foreign minister, Anna Petrova, on Monday.", "Foreign Minister"),
    ("In the capital's view, authority now lies with parliament, not Mr Ivan Sidorov.", None),
])
def test_a_role_in_apposition_but_not_a_contrast(nlp, text: str, role: str | None) -> None:
    people = [m for m in find_mentions(nlp(text)) if m.label == "PERSON"]
    assert people and people[0].role == role


def test_coordinated_names_sharing_a_plural_head_are_places(nlp) -> None:
    doc = nlp("Officials in the Aleppo and Idlib Provinces said so.")
    texts = {m.text: m.label for m in find_mentions(doc)}
    assert "Idlib Provinces" not in texts and texts.get("Idlib") == "GPE"


def _with_ents(nlp, text: str, *ents: tuple[str, str]):
    """The text parsed, with the tagger's entities replaced by the given (phrase, label) spans."""
    doc = nlp(text)
    spans = []
    for phrase, label in ents:
        a = text.index(phrase)
        spans.append(doc.char_span(a, a + len(phrase), label=label))
    doc.ents = spans
    return doc


@pytest.mark.parametrize("text, ents, junk", [
    ("The talks resume at 9:30 a.m. EST in Geneva.", [("EST", "PERSON"), ("Geneva", "GPE")], "EST"),
    ("K.VTB President Anna Petrova sees progress.", [("K.VTB", "ORG"), ("Anna Petrova", "PERSON")], "K.VTB"),
    ("“Harvests in the north are failing,” she said. The harvests were poor.", [("Harvests", "ORG")], "Harvests"),
])
def test_time_zones_glued_fragments_and_capitalised_common_words_are_no_names(
        nlp, text: str, ents: list[tuple[str, str]], junk: str) -> None:
    texts = [m.text for m in find_mentions(_with_ents(nlp, text, *ents))]
    assert junk not in texts
    assert all(p in texts for p, _ in ents if p != junk)


def test_an_untagged_capitalised_word_the_text_also_writes_in_lower_case_is_no_name(nlp) -> None:
    doc = _with_ents(nlp, "“Harvests in the north are failing,” she said. The harvests were poor, Velkor said.")
    for t in doc:
        if t.text in ("Harvests", "Velkor"):
            t.pos_ = "PROPN"  # as the tagger reads a capitalised word opening a quote
    assert [m.text for m in find_mentions(doc)] == ["Velkor"]
    # unless it is a word of a longer name in the text: a surname opening a sentence
    doc = _with_ents(nlp, "Mark Stone toured the quarry where stone is cut. Stone left early.",
                     ("Mark Stone", "PERSON"))
    doc[10].pos_ = "PROPN"  # the second "Stone"
    assert [m.text for m in find_mentions(doc)] == ["Mark Stone", "Stone"]


def test_a_nationality_adjective_is_no_part_of_an_acronym(nlp) -> None:
    doc = _with_ents(nlp, "Asian OPEC members also want guarantees.", ("Asian OPEC", "ORG"))
    assert [m.text for m in find_mentions(doc)] == ["OPEC"]


def test_names_coordinated_before_a_shared_place_head_are_places_whatever_the_tagger_said(nlp) -> None:
    text = "The plan recognises the Tarvia and Velmoor Regions."
    tagged = find_mentions(_with_ents(nlp, text, ("Tarvia", "ORG"), ("Velmoor Regions", "PERSON")))
    assert {m.text: m.label for m in tagged} == {"Tarvia": "GPE", "Velmoor": "GPE"}
    untagged = find_mentions(_with_ents(nlp, text, ("Velmoor Regions", "PERSON")))
    assert {m.text: m.label for m in untagged} == {"Tarvia": "GPE", "Velmoor": "GPE"}


def test_a_possessor_is_split_off_a_place_shaped_name(nlp) -> None:
    doc = _with_ents(nlp, "The forces left the annexed Varnholm’s Baltic Coast Peninsula in 2014.",
                     ("Varnholm’s Baltic Coast Peninsula", "ORG"))
    assert {m.text: m.label for m in find_mentions(doc)} == {"Varnholm": "", "Baltic Coast Peninsula": "LOC"}


@pytest.mark.parametrize("text, name, evidence", [
    ("It concerns the status of Varnholm and the three other regions that voted.", "Varnholm", "place-list"),
    ("Speaking to the German newspaper Der Kurier on Monday, the aide said the plan was dead.", "Der Kurier",
     "outlet"),
    ("The aide said so, according to Velta news agency.", "Velta", "outlet"),
    ("The talks resume at noon in Geneva, according to KTV.", "KTV", "source"),
    ("Troops would stay in the region, The Daily Clarion wrote on Monday.", "The Daily Clarion", "source"),
    ("Troops would stay in the region, The Evening Courier reported on Monday.", "The Evening Courier", "source"),
])
def test_the_syntax_says_whether_a_name_is_a_place_an_outlet_or_a_source(
        nlp, text: str, name: str, evidence: str) -> None:
    found = {m.text: m.evidence for m in find_mentions(nlp(text))}
    assert found.get(name) == evidence


def test_mentions_drop_honorifics_and_possessives(nlp) -> None:
    doc = nlp("Mr Ivanov's plan was rejected by the committee on Tuesday.")
    texts = [m.text for m in find_mentions(doc)]
    assert "Ivanov" in texts
    assert not any(t.startswith("Mr") or t.endswith("'s") for t in texts)


def test_place_preposition_is_evidence_for_a_place(nlp) -> None:
    doc = nlp("The delegations met in Antalya last week.")
    found = {m.text: m.evidence for m in find_mentions(doc)}
    assert found.get("Antalya") == "place"


def test_document_time_prefers_the_text_over_a_stale_file_time() -> None:
    filler = "The delegations spoke for many hours about the corridors and the ceasefire lines. " * 20
    text = filler + "Talks resumed on March 3, 2021 and again on March 10, 2021."
    doc = DocumentInput(id="d", raw_text="5 hours ago\n" + text, body=((12, 12 + len(text)),),
                        saved_at="2026-11-22T10:00:00+00:00")
    when = document_time(doc, find_times(text))
    assert when is not None and when.inferred
    assert when.value.startswith("2021-03")
    assert "file time" in when.evidence


def test_document_time_reads_time_ago_against_a_fresh_file_time() -> None:
    text = "The minister spoke on Friday."
    doc = DocumentInput(id="d", raw_text="5 hours ago\n" + text, body=((12, 12 + len(text)),),
                        saved_at="2026-11-22T10:00:00+00:00")
    when = document_time(doc, find_times(text))
    assert when is not None and not when.inferred and when.value.startswith("2026-11-22")


def test_unknown_document_time_stays_unknown() -> None:
    text = "The minister spoke on Friday."
    assert document_time(DocumentInput(id="d", raw_text=text, body=((0, len(text)),)), find_times(text)) is None


def test_analysis_offsets_point_into_the_raw_text(nlp) -> None:
    body1 = '"We will not sign this draft," Foreign Minister Anna Petrova said on Monday.'
    body2 = "According to Ivan Sidorov, the ministry has rejected the proposal from Geneva."
    raw = f"Talks stall\nSubscribe to our newsletter\n{body1}\nAdvertisement\n{body2}\nComments (3)"
    a1 = raw.index(body1)
    a2 = raw.index(body2)
    doc = DocumentInput(id="d1", raw_text=raw, body=((a1, a1 + len(body1)), (a2, a2 + len(body2))), title=(0, 11))
    (res,) = list(analyse_documents([doc], nlp))
    assert res.quotes
    for q in res.quotes:
        assert raw[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert raw[q.speaker_start : q.speaker_end] == q.speaker_text
    for m in res.mentions:
        assert raw[m.start : m.end] == m.text
    direct = [q for q in res.quotes if q.kind == "direct"]
    assert direct and direct[0].speaker_resolved == "Anna Petrova"
    assert all(not (0 <= q.start < 11) for q in res.quotes)  # no quotes from the headline


def test_names_in_a_title_case_line_are_marked_as_headline(nlp) -> None:
    doc = _with_ents(nlp, "Velkor Seeks More Funds As Harbour Reopens\nDana Velkor said the harbour would reopen.",
                     ("Velkor Seeks", "PERSON"), ("Dana Velkor", "PERSON"))
    found = {(x.text, x.evidence) for x in find_mentions(doc) if x.label}
    assert ("Velkor Seeks", "headline") in found
    assert ("Dana Velkor", "speaker") in found


@pytest.mark.parametrize("text, name, role", [
    ("As he welcomed several hundred guests, Tomas Brenner opened the hall.", "Tomas Brenner", None),
    ("Later a tax bill Mr. Brenner had backed failed.", "Brenner", None),
    ("Senior Trooper Jan Kowalczyk was hurt, and a trooper helped him.", "Jan Kowalczyk", None),
])
def test_quantities_words_before_an_honorific_and_a_lower_case_rank_are_no_names_or_roles(
        nlp, text: str, name: str, role: str | None) -> None:
    doc = _with_ents(nlp, text, (name if "Trooper" not in text else "Trooper Jan Kowalczyk", "PERSON"))
    (person,) = [x for x in find_mentions(doc) if x.label == "PERSON"]
    assert person.text == name
    if "Trooper" not in text:
        assert person.role == role


def test_initials_keep_their_last_dot(nlp) -> None:
    doc = _with_ents(nlp, "Ministers of the F.R. met in Vardo.", ("F.R.", "ORG"))
    assert "F.R." in {x.text for x in find_mentions(doc)}


def test_a_long_body_is_analysed_in_pieces_that_give_what_the_whole_gives(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.analysis import document

    paras = [
        "“We are ready to talk,” Foreign Minister Anna Petrova said on Monday in Geneva.",
        "The talks resumed on Tuesday, officials said, after a pause of two weeks.",
        "“Nothing is agreed until everything is agreed,” the mediator Tom Weller told reporters.",
        "Petrova later said the next round would take place in Vienna.",
    ]
    raw = "Talks resume\n\n" + "\n\n".join(paras)
    spans, at = [], len("Talks resume\n\n")
    for p in paras:
        spans.append((at, at + len(p)))
        at += len(p) + 2
    d = DocumentInput(id="d", raw_text=raw, body=tuple(spans), title=(0, 12), published="2025-03-03")
    (whole,) = analyse_documents([d], nlp)
    monkeypatch.setattr(document, "PIECE_CHARS", 180)
    assert len(document.pieces(d)) >= 2 and all(sum(b - a for a, b in p.body) <= 180 for p in document.pieces(d))
    (pieced,) = analyse_documents([d], nlp)
    assert [(q.start, q.end) for q in pieced.quotes] == [(q.start, q.end) for q in whole.quotes]
    # (a later piece does not know the full name a first piece introduced: the linking stage joins them)
    assert all((w.speaker_resolved or "").endswith(p.speaker_resolved or "") for p, w in zip(pieced.quotes, whole.quotes))
    assert {(m.start, m.end) for m in pieced.mentions} == {(m.start, m.end) for m in whole.mentions}
    assert pieced.time == whole.time and len(pieced.quotes) >= 3
