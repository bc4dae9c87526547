"""Outlets read from a page's own first and last lines."""

from __future__ import annotations

import pytest

from storyline.outlets import outlet_in_text


@pytest.mark.parametrize("text, outlet", [
    ("http: / / www. example-news. com / sport / story - 1. html\n\nHeadline\n\nBody text.", "example-news.com"),
    ("Headline\nEvening Wire5 hours ago\nBody text.", "Evening Wire"),
    ("Headline\nEvening Wire · 2 hours ago\nBody text.", "Evening Wire"),
    ("Headline\nBody text.\n© 2025 Evening Wire. All rights reserved.", "Evening Wire"),
    ("Headline\nBody text.\nSource: https://www.example.org/a/b", "example.org"),
])
def test_the_page_names_its_outlet(text: str, outlet: str) -> None:
    assert outlet_in_text(text) == outlet


@pytest.mark.parametrize("text", [
    "Headline\nShe said it 5 hours ago\nBody text.",  # a sentence, not a source line
    "Headline\nBody one.\nBody two.\nBody three.\nhttps://policies.example.com/privacy",  # a link at the foot
    "Headline\nThe minister visited Evening Wire offices.\nBody text.",
    "",
])
def test_nothing_is_invented(text: str) -> None:
    assert outlet_in_text(text) is None


@pytest.mark.parametrize("text", [
    "Headline\nBy Jane Doe 3 hours ago\nBody text.",  # a byline names the writer
    "Headline\nBody text.\n© Picture Agency",  # a photo credit, no year
    "Headline\n" + "Body text.\n" * 30 + "Mike Jones 2 days ago\nGreat article!",  # a reader comment at the foot
])
def test_bylines_credits_and_comments_are_no_outlets(text: str) -> None:
    assert outlet_in_text(text) is None


@pytest.mark.parametrize(("text", "outlet"), [
    ("Headline\nBody text.\n© Evening Wire Media / eveningwire.net\nImprint", "eveningwire.net"),
    ("Headline\nBody text.\n(c) www.Evening-Wire.co.uk", "evening-wire.co.uk"),
])
def test_a_copyright_line_that_gives_the_site_address_names_the_outlet(text: str, outlet: str) -> None:
    assert outlet_in_text(text) == outlet


def test_the_module_examples_hold() -> None:
    import doctest

    import storyline.outlets

    assert doctest.testmod(storyline.outlets).failed == 0
