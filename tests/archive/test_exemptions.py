"""Exemption codes a reader sees explained by the law that defines them."""

from __future__ import annotations

import pytest

from archive.exemptions import explain


@pytest.mark.parametrize(("code", "words"), [("7(1)(c)", "privacy"), ("7 (1) (f)", "drafts"),
                                             ("7(1)(C)", "privacy")])
def test_illinois_codes_name_the_statute_and_say_what_they_cover(code, words):
    meaning = explain(code)
    assert not meaning.federal and meaning.title.startswith("Illinois")
    assert meaning.explanation.startswith(f"5 ILCS 140/7(1)({code[-2].lower()})")
    assert words in meaning.explanation and "probably" not in meaning.explanation


def test_an_unlisted_illinois_paragraph_still_names_the_statute():
    assert explain("7(1)(z)").explanation.startswith("5 ILCS 140/7(1)(z)")


def test_other_states_forms_are_not_taken_for_illinois():
    assert "ILCS" not in explain("13(1)(a)").explanation
