"""The analysis and linking stages end to end on the seed articles (read from ../shared at run time)."""

from __future__ import annotations

import pathlib

import pytest

from storyline import stages
from storyline.pipeline import ingest
from storyline.queries import entity_list, quote_list, statement_list
from storyline.store import open_store

from conftest import SEEDS


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    from storyline.settings import load

    settings = load()
    store = open_store(str(tmp_path_factory.mktemp("stages") / "s.db"))
    report = ingest(store, [str(SEEDS)], settings=settings)
    stages.update(store, report.added_ids, settings=settings)
    yield store
    store.close()


def _doc_of(store, prefix: str) -> str:
    return next(d["id"] for d in store.documents(include_text=False)
                if pathlib.Path(d["source"]).name.startswith(prefix) and d["section"] == 0)


def _speaker_of(quotes, needle: str) -> str | None:
    return next(q["speaker"] for q in quotes if needle in q["text"])


def test_quotes_are_attributed_with_their_channel(story) -> None:
    quotes = quote_list(story)
    raw_of = {}
    for q in quotes:
        if q["document"] not in raw_of:
            raw_of[q["document"]] = story.document(q["document"])["raw_text"]
        assert raw_of[q["document"]][q["start"] : q["end"]] == q["text"]
        if q["speaker_mention"]:
            sm = q["speaker_mention"]
            assert raw_of[q["document"]][sm["start"] : sm["end"]] == sm["text"]
    telegram = [q for q in quotes if q["channel"] == "Telegram"]
    assert telegram and all("Medinsky" in q["speaker"] for q in telegram)
    twitter = [q for q in quotes if q["channel"] == "Twitter"]
    assert twitter and all("Podol" in q["speaker"] for q in twitter)
    assert "Peskov" in (_speaker_of(quotes, "specific requests") or "")


def test_no_quotes_come_from_reader_comments(story) -> None:
    doc = _doc_of(story, "003")
    d = story.document(doc)
    comments = [(b["start"], b["end"]) for b in d["blocks"] if b["kind"] == "comment"]
    assert comments
    for q in quote_list(story):
        if q["document"] == doc:
            assert not any(a <= q["start"] < b for a, b in comments)


def test_the_translated_statement_is_matched_across_two_documents(story) -> None:
    d000, d003 = _doc_of(story, "000"), _doc_of(story, "003")
    matched = [s for s in statement_list(story, min_documents=2) if {d000, d003} <= set(s["documents"])]
    assert matched
    assert "Slutsk" in matched[0]["speaker"]
    assert len(matched[0]["outlets"]) == 2


def test_statements_do_not_join_reports_of_different_speakers(story) -> None:
    for s in statement_list(story):
        quotes = [q for q in quote_list(story) if q["statement"] == s["id"]]
        assert len({q["speaker_entity"] for q in quotes if q["speaker_entity"]}) <= 1


def test_entities_join_spelling_variants_and_keep_people_apart(story) -> None:
    people = {e["name"]: e for e in entity_list(story, type="PERSON")}
    lavrov = next(e for n, e in people.items() if "Lavrov" in n)
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= set(lavrov["variants"])
    assert "Foreign Minister" in lavrov["roles"]
    podolyak = next(e for n, e in people.items() if "Podol" in n)
    assert {"Mykhailo Podolyak", "Mikhail Podoliak"} <= set(podolyak["variants"])
    vladimirs = [n for n in people if n.startswith(("Vladimir", "Volodymyr"))]
    assert any("Putin" in n for n in vladimirs) and any("Medinsky" in n for n in vladimirs)
    for e in people.values():
        surnames = {v.split()[-1][:4] for v in e["variants"]}
        assert not ({"Puti", "Zele"} <= surnames or {"Puti", "Medi"} <= surnames)
    places = {v for e in entity_list(story, type="LOC") for v in e["variants"]}
    assert "Kiev" in places and "Kiev" not in {v for e in people.values() for v in e["variants"]}


def test_reanalysis_replaces_rather_than_adds(story) -> None:
    from storyline.settings import load

    before = (len(quote_list(story)), len(entity_list(story)))
    stages.update(story, None, settings=load())
    assert (len(quote_list(story)), len(entity_list(story))) == before


def test_only_a_files_own_name_can_date_it() -> None:
    from storyline.stages import _file_name

    assert _file_name("/data/crawl_2024-01-05/site/article.html") == "article.html"
    assert _file_name("pile/herald_2016-09-08.txt:12") == "herald_2016-09-08.txt:12"
    assert _file_name(None) is None


def test_a_date_the_page_gives_is_its_published_date(tmp_path: pathlib.Path) -> None:
    from storyline.settings import load

    body = [
        "Die Regierung hat am Donnerstag einen Entwurf für ein neues Gesetz vorgelegt, über das der Bundestag noch vor der Sommerpause beraten soll.",
        "Die Ministerin sagte in Berlin, das Gesetz schaffe mehr Spielraum, ohne die Ziele aufzugeben. Kritiker sprachen dagegen von einem Rückschritt.",
    ]
    (tmp_path / "de.txt").write_text("\n\n".join(["Regierung legt Entwurf vor", "Stand: 14.03.2024 17:42 Uhr", *body]))
    corps = [
        "Les délégations se sont retrouvées mercredi matin pour un nouveau cycle de discussions, le troisième depuis le début de l'année.",
        "Selon une source diplomatique, les points les plus sensibles concernent le tracé de la frontière et le sort des prisonniers.",
    ]
    (tmp_path / "fr.txt").write_text("\n\n".join(["Les négociations reprennent", "Publié le 12/02/2025 à 09h15", *corps]))
    (tmp_path / "none.txt").write_text("\n\n".join(["A page without a date", *[p.replace("Die", "Eine") for p in body]]))
    settings = load()
    store = open_store(str(tmp_path / "d.db"))
    report = ingest(store, [str(tmp_path)], settings=settings)
    stages.update(store, report.added_ids, settings=settings)
    published = {pathlib.Path(d["source"]).name: d["published"] for d in store.documents(include_text=False)}
    # (a numeric date in a French page reads day first)
    assert published == {"de.txt": "2024-03-14T17:42", "fr.txt": "2025-02-12", "none.txt": None}
    store.close()
