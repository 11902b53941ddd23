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


@pytest.mark.parametrize(("code", "shown", "words"), [
    ("552.117", "552.117", "cell telephone"), ("Sec. 552.108", "552.108", "law enforcement"),
    ("§ 552.117 (a)(1)", "552.117(a)(1)", "cell telephone"), ("552.1175", "552.1175", "peace officers"),
    ("552.159", "552.159", "its section says"),
])
def test_texas_sections_name_the_act_and_say_what_they_cover(code: str, shown: str, words: str) -> None:
    """GIVEN a Texas body's box label, the Public Information Act's section ("Sec. 552.108",
    "552.117(a)(1)") WHEN explained THEN it is that section, shown by its number, of the Texas Act
    (was: "Other exemption", no canonical form: search and facets kept each printing apart)."""
    meaning = explain(code)
    assert (meaning.code, meaning.federal) == (shown, False) and meaning.title.startswith("Texas")
    assert meaning.explanation.startswith(f"Tex. Gov't Code § {shown}") and words in meaning.explanation


def test_a_bare_number_shaped_otherwise_is_no_texas_section() -> None:
    assert explain("552.1234").title == "Other exemption"  # (no section's shape: four digits not ending in 5)
