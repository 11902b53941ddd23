"""OCR misreadings repaired against what the same document prints cleanly and often.

All names and addresses are fictional.
"""

from __future__ import annotations

import pytest

from archive.model import Party
from ingest.emails import emails_from_pages
from ingest.headers import Correspondents, parse_parties, settle_subjects

KEVIN = Party("Kevin Marsh", "kevin.marsh@example.com")
PRIYA = Party("Priya Raman", "priya.raman@example.com")


def _known(*parties: Party) -> Correspondents:
    return Correspondents.learn(parties)


# --- Correspondents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "party"),
    [
        # an address OCR could not read, a name printed cleanly with one address elsewhere
        ("Priya Raman <priya. ae rerneott com>", PRIYA),
        ("Kevin Marsh <kevin. Marsh@microsate com>", KEVIN),
        ("Kevin Marsh <kevin.marsh@exarnple.com>", KEVIN),  # well formed, one letter off
        # a name OCR misread, its address printed cleanly with the right name elsewhere
        ("Kevin-Marsh <kevin.marsh@example.com>", KEVIN),
        ("Priya Rathan <priya.raman@example.com>", PRIYA),
        # no repair: a different address, a name printed with no address, a redacted address
        ("Kevin Marsh <kevin@home.net>", Party("Kevin Marsh", "kevin@home.net")),
        ("Kevin Marsh", Party("Kevin Marsh")),
        ("Kevin Marsh <(b)(6)@example.com>", Party("Kevin Marsh", "", ("(b)(6)",))),
        ("Megan Cho <megan. ch rerneott>", Party("Megan Cho")),  # no trusted address for her
        # a different name on a known address is a different printing, not a misreading
        ("Marsh, Kevin <kevin.marsh@example.com>", Party("Marsh, Kevin", "kevin.marsh@example.com")),
    ],
)
def test_parties_are_repaired_against_the_documents_correspondents(raw: str, party: Party) -> None:
    known = _known(KEVIN, KEVIN, PRIYA, PRIYA, Party("Megan Cho", "megan.cho@example.com"))
    assert parse_parties(raw, known) == (party,)


def test_a_pair_printed_once_is_not_trusted() -> None:
    known = _known(KEVIN)
    assert known.address_for("Kevin Marsh", "kevin. marsh@microsate com") == ""
    assert known.name_for("Kevin-Marsh", "kevin.marsh@example.com") == "Kevin-Marsh"


def test_one_text_layer_printing_is_trusted() -> None:
    known = Correspondents.learn([], trusted=[KEVIN])
    assert known.address_for("Kevin Marsh", "kevin. marsh@microsate com") == "kevin.marsh@example.com"


def test_a_name_with_two_trusted_addresses_is_not_guessed() -> None:
    other = Party("Kevin Marsh", "kevin.marsh@example.org")
    known = _known(KEVIN, KEVIN, other, other)
    assert known.address_for("Kevin Marsh", "kevin. marsh@exarnple com") == ""


def test_a_name_that_reuses_a_known_word_is_not_a_misreading() -> None:
    """GIVEN "Kevin Marsh" trusted on an address, and "Kevin Walsh" printed elsewhere
    WHEN "Kevin Walsh" is printed with that address THEN it is kept: it is another name."""
    known = _known(KEVIN, KEVIN, Party("Kevin Walsh", "kw@example.net"),
                   Party("Kevin Walsh", "kevin.marsh@example.com"))
    assert known.name_for("Kevin Walsh", "kevin.marsh@example.com") == "Kevin Walsh"
    assert known.name_for("Kevin Rnarsh", "kevin.marsh@example.com") == "Kevin Marsh"


# --- Subjects ----------------------------------------------------------------------------------


def test_misread_subjects_take_the_reading_printed_most() -> None:
    subjects = ["Workshop agenda - April 3", "RE: Workshop agenda - April 3",
                "RE: Workshop agenda - apn 3", "Workshop agenda -- April 3"]
    assert settle_subjects(subjects) == ["Workshop agenda - April 3", "RE: Workshop agenda - April 3",
                                         "RE: Workshop agenda - April 3", "Workshop agenda - April 3"]


@pytest.mark.parametrize(
    "other",
    [
        "Workshop agenda - April 4",  # other digits: another subject
        "Workshop agenda - April 3 (revised)",  # more than a misreading adds
        "Workshop agenda - April 3",  # printed once: no better supported than the reading
    ],
)
def test_subjects_that_differ_otherwise_are_kept(other: str) -> None:
    subjects = [other, other, "Workshop agenda - apn 3"] if other != "Workshop agenda - April 3" else [
        other, "Workshop agenda - apn 3"]
    assert settle_subjects(subjects) == subjects


def test_a_subject_that_reuses_a_printed_word_is_another_subject() -> None:
    """GIVEN "Status call notes" twice and "Status plan notes" once, "plan" printed elsewhere
    THEN "Status plan notes" is not taken for a misreading."""
    subjects = ["Status call notes", "Status call notes", "Status plan notes", "Pilot plan"]
    assert settle_subjects(subjects) == subjects


def test_a_text_layer_subject_outweighs_ocr_readings_and_is_never_changed() -> None:
    subjects = ["Azure Government - new AI services availability",
                "RE: Azure Government - new Al services availability",
                "Azure Government - new Al services availability"]
    settled = settle_subjects(subjects, repairable=[False, True, True])
    assert settled == [subjects[0], "RE: " + subjects[0], subjects[0]]
    misread = subjects[2]
    assert settle_subjects([misread, misread, misread, subjects[0]], [False, True, True, True]) == [misread] * 4


# --- A whole document ------------------------------------------------------------------------------


def _header(sender: str, to: str, subject: str) -> str:
    return (f"From: {sender}\nSent: Friday, March 9, 2018 9:02 AM\nTo: {to}\n"
            f"Subject: {subject}\n\nBody.\n")


PAGES = [
    _header("Kevin Marsh <kevin.marsh@example.com>", "Priya Raman <priya.raman@example.com>",
            "Proof of concept proposal"),
    _header("Priya Raman <priya.raman@example.com>", "Kevin Marsh <kevin.marsh@example.com>",
            "RE: Proof of concept proposal"),
    _header("Priya Rathan <priya.raman@example.com>",
            "Kevin-Marsh <kevin.marsh@example.com>; Priya Raman <priya. ae rerneott com>",
            "RE: Proof of concept propesal"),
]


def test_emails_from_pages_repairs_ocr_headers_against_the_document() -> None:
    records, _ = emails_from_pages(PAGES, [None] * 3)
    last = records[2]
    assert last.sender == PRIYA
    assert last.to == (KEVIN, PRIYA)
    assert last.subject == "RE: Proof of concept proposal"
    assert last.normalized_subject == "proof of concept proposal"


def test_emails_from_pages_leaves_text_layer_headers_as_printed() -> None:
    records, _ = emails_from_pages(PAGES, [None] * 3, ocr_pages={1})
    last = records[2]
    assert last.sender == Party("Priya Rathan", "priya.raman@example.com")
    assert last.to == (Party("Kevin-Marsh", "kevin.marsh@example.com"), Party("Priya Raman"))
    assert last.subject == "RE: Proof of concept propesal"
