"""A second reading fills the header values a producer's OCR layer dropped."""

from __future__ import annotations

import pytest

from ingest.second_reading import (
    fill_blank_fields,
    has_blank_fields,
    may_cross_outlined_box,
    mend_boxed_lines,
)

LAYER = """\
UNCLASSIFIED
From: Roe, Jane A <RoeJA@agency.gov>
Sent: Wednesday, September 12,2012 12:44 PM
To:
Subject: FVV: Harbor remarks
Please print.
From: Smith, Pat
Sent: Wednesday, September 12, 2012 11:53 AM
To:
Cc:
Subject: Harbor remarks
"""
# Tesseract's reading of the same page: lines in another order, a year misread, "To:" as "Ta:".
SECOND = """\
From: Smith, Pat
Sent: Wednesday, September 12, 2012 11:53 AM
To: (b)(6)
Cc: Doe, John; Poe, Ann
Subject: Harbor remarks
UNCLASSIFIED
From: Roe, Jane A <RoeJA@agency.gov>
Sent: Wednesday, September 12, 2072 12:44 PM
Ta: H
Subject: FW: Harbor remarks
"""


def test_blank_fields_are_found_only_in_dated_headers() -> None:
    assert has_blank_fields(LAYER)
    assert not has_blank_fields(LAYER.replace("To:\n", "To: H\n").replace("Cc:\n", "Cc: Roe\n"))
    assert not has_blank_fields("To:\nthe minutes of the meeting\n")  # no Sent: line beside it


def test_each_blank_takes_the_value_printed_beside_the_same_sent_time() -> None:
    """OCR failure: GIVEN a layer that dropped "H" and a redacted recipient WHEN a second
    reading orders the page differently and misreads a year THEN each blank takes its own
    header's value, anchored by the sent day and time, and nothing else changes."""
    filled = fill_blank_fields(LAYER, SECOND).splitlines()
    assert filled[3] == "To: H"
    assert filled[8:10] == ["To: (b)(6)", "Cc: Doe, John; Poe, Ann"]
    unchanged = [i for i in range(len(filled)) if i not in (3, 8, 9)]
    assert [filled[i] for i in unchanged] == [LAYER.splitlines()[i] for i in unchanged]


def test_a_value_without_letters_or_without_its_header_is_not_taken() -> None:
    """A single letter misread as a digit ("To: 4") is no recipient; a second reading that
    does not print the header (another hour and minute of the day) leaves the blank as it was."""
    assert fill_blank_fields(LAYER, SECOND.replace("Ta: H", "To: 4")).splitlines()[3] == "To:"
    assert fill_blank_fields(LAYER, SECOND.replace("12:44 PM", "10:15 PM")).splitlines()[3] == "To:"
    assert fill_blank_fields(LAYER, "") == LAYER


def test_one_misread_part_of_the_sent_time_still_anchors_the_header() -> None:
    """OCR failure: GIVEN a second reading that misreads one part of the header's day or
    time ("12:45" for "12:44", "September 13", "12:44 4M" read as noon) WHEN no Sent: line
    matches exactly THEN the only one off by one part anchors the header; two such lines
    anchor nothing."""
    for misread in ("Wednesday, September 12, 2072 12:45 PM", "Wednesday, September 13, 2072 12:44 PM",
                    "Wednesday, September 12, 2072 12:44 4M"):
        second = SECOND.replace("Wednesday, September 12, 2072 12:44 PM", misread)
        assert fill_blank_fields(LAYER, second).splitlines()[3] == "To: H", misread
    twice = SECOND.replace("12:44 PM", "12:45 PM") + "Sent: Wednesday, September 12, 2012 12:43 PM\nTo: Roe\n"
    assert fill_blank_fields(LAYER, twice).splitlines()[3] == "To:"


def test_a_sent_time_off_by_one_part_is_no_anchor_where_the_layer_prints_it_for_another_header() -> None:
    """GIVEN a quoted header whose From: is a redaction box (the layer prints "From:" alone) a few
    minutes apart from the header above it (7:17 and 7:47 PM) WHEN the second reading does not read
    the quoted header's Sent: line THEN the header above, whose time the layer prints too, is no
    anchor for it: the box stays blank (it took the other header's sender, a named official for
    a withheld one, in a real release)."""
    layer = ("From: Roe, Jane A <RoeJA@agency.gov>\nSent: Friday, September 14, 2012 7:47 PM\nTo: H\nSubject: Remarks\n"
             "From:\nSent: Friday, September 14, 2012 7:17 PM\nTo: Roe, Jane A\nSubject: Remarks\nGood evening.\n")
    second = ("From: Roe, Jane A <RoeJA@agency.gov>\nSent: Friday, September 14, 2012 7:47 PM\nTo: H\nSubject: Remarks\n"
              "From: |\nSet: Friday, Septernber 14, 2012 7:1/ PM\nTo: Roe, Jane A\nSubject: Remarks\n")
    assert fill_blank_fields(layer, second) == layer
    lost = layer.replace("To: H\n", "To:\n")  # the top header's own blank still takes its value
    assert fill_blank_fields(lost, second).splitlines()[2] == "To: H"


def test_values_read_without_their_labels_are_paired_by_their_place() -> None:
    """OCR failure: GIVEN a second reading that lost the header's label column (values alone,
    one a line) WHEN filling THEN the blank takes the line at its distance from the date, where
    the layer's other values agree with the lines at theirs; where they disagree, nothing."""
    second = "UNCLASSIFIED\nRoe, Jane A <RoeJA@agency.gov>\nWednesday, September 12, 2012 12:44 PM\nH\nFW: Harbor remarks\n"
    assert fill_blank_fields(LAYER, second).splitlines()[3] == "To: H"
    assert fill_blank_fields(LAYER, second.replace("\nH\n", "\nFo: H\n")).splitlines()[3] == "To: H"  # a label misread
    shifted = second.replace("FW: Harbor remarks", "Agenda for the week")
    assert fill_blank_fields(LAYER, shifted).splitlines()[3] == "To:"


STAMPED_LAYER = """\
From: Roe, Jane A <RoeJA@agency.gov>
RELEASE IN PART B5,B3
Sent: Wednesday, September 14, 2011 10:26 AM
INA,B6
To:
Subject: FW: Harbor remarks
"""


def test_a_second_reading_without_its_sent_label_and_with_a_stamp_in_the_row() -> None:
    """Page family (a release stamp printed level with the header's rows) and OCR failure:
    GIVEN a layer that reads the stamp's codes as a line of their own and drops "H", and a second
    reading that lost the From:/Sent: labels but kept "To:", the stamp's codes read into its row
    WHEN filling THEN the blank takes "H" without the codes; codes the layer does not print
    apart stay (they may be the value's own box)."""
    second = ("Roe, Jane A <RoeJA@agency.gov>\nWednesday, September 14, 2011 10:26 AM RELEASE IN PART B5,B3\n"
              "To: H INA,B6\nSubject: FW: Harbor remarks\n")
    assert fill_blank_fields(STAMPED_LAYER, second).splitlines()[4] == "To: H"
    assert fill_blank_fields(STAMPED_LAYER.replace("INA,B6\n", ""), second).splitlines()[3] == "To: H INA,B6"
    assert fill_blank_fields(STAMPED_LAYER, second.replace("10:26 AM", "11:52 AM")).splitlines()[4] == "To:"
    assert fill_blank_fields(STAMPED_LAYER, second.replace("To: H INA,B6", "To: p INA,B6")).splitlines()[4] == "To:"


def test_a_label_misread_past_recognition_among_labelled_lines() -> None:
    """OCR failure: GIVEN a second reading that kept the labels of the header's other lines but
    misread the To: label past recognition, colon lost ("| Tes H") WHEN filling THEN the blank
    takes the value after that word; a capital with a speck ("Fo: Hq") is not taken, and a line
    of a column read without labels keeps its first word ("Jane Roe")."""
    layer = "From: Roe, Jane A <RoeJA@agency.gov>\nSent Saturday, September 10, 2011 10:23 AM\nTo:\nSubject: Harbor\n"
    second = ("From: Roe, Jane A <RoeJA@agency.gov>\nSent Saturday, September 10, 2011 10:23 AM\n| Tes H\n"
              "Subject: Harbor\n")
    assert fill_blank_fields(layer, second).splitlines()[2] == "To: H"
    assert fill_blank_fields(layer, second.replace("| Tes H", "Fo: Hq")).splitlines()[2] == "To:"
    column = "Roe, Jane A <RoeJA@agency.gov>\nSaturday, September 10, 2011 10:23 AM\nJane Roe\nHarbor\n"
    assert fill_blank_fields(layer, column).splitlines()[2] == "To: Jane Roe"


@pytest.mark.parametrize("specks", ["1-1", "11", "Ho", "4"])
def test_a_value_of_specks_that_names_no_party_is_read_again(specks: str) -> None:
    """OCR failure of producers' layers: GIVEN the account "H" read as specks that name no party
    ("To: 1-1", "To: 11", "To: Ho") WHEN a second reading prints "H" there THEN the specks give
    way to it; a value that names a party ("To: P", "To: (b)(6)") is no blank."""
    layer = LAYER.replace("To:\nSubject: FVV", f"To: {specks}\nSubject: FVV")
    assert has_blank_fields(layer)
    assert fill_blank_fields(layer, SECOND).splitlines()[3] == "To: H"
    for named in ("P", "(b)(6)"):
        assert not has_blank_fields(LAYER.replace("To:\n", f"To: {named}\n").replace("Cc:\n", "Cc: Roe\n"))


# --- header lines an outlined box crosses ---------------------------------------------------

BOXED_LAYER = """\
From: Doe, John
Sent: Thursday, May 2, 2019 4:04 PM
To: Roe, Jane .4(b)(6) _
Subject: RE: Notes from the meeting Email fronf :Ilon 2 May 2019
Please see below.
From: Roe, Jane
Subject: Notes from the meeting Email from n 2 May 2019
"""
# the label bands read again, each box's code read apart from the words either side
BOXED_SECOND = """\
To: Roe, Jane <(b)(6)
Subject: RE: Notes from the meeting Email from (b)(6) on 2 May 2019
Subject: Notes from the meeting Email from (b)(6) on 2 May 2019
"""


def test_a_header_line_read_about_its_box_replaces_the_same_line_of_the_layer() -> None:
    """Page family, outlined boxes under a producer's layer: GIVEN a layer that runs a box's frame
    and code into the words beside it, or drops them, in two subjects alike but for "RE:", WHEN the
    lines are read again about their boxes THEN each subject takes its own reading, with the code."""
    mended = mend_boxed_lines(BOXED_LAYER, BOXED_SECOND).splitlines()
    assert mended[3] == "Subject: RE: Notes from the meeting Email from (b)(6) on 2 May 2019"
    assert mended[6] == "Subject: Notes from the meeting Email from (b)(6) on 2 May 2019"
    assert mended[2] == "To: Roe, Jane <(b)(6)"
    assert mended[:2] == BOXED_LAYER.splitlines()[:2] and mended[4:6] == BOXED_LAYER.splitlines()[4:6]


@pytest.mark.parametrize("second", [
    "Subject: Budget for the next quarter (b)(6)",  # another line: not the same but for its code
    "Subject: RE: Notes from the meeting Email from on 2 May 2019",  # no code read in the box
    "Sent: Tuesday, October 13, 2020 (b)(6)",  # not a line a box is read on
])
def test_a_reading_that_is_not_the_same_line_with_its_code_is_not_taken(second: str) -> None:
    assert mend_boxed_lines(BOXED_LAYER, second) == BOXED_LAYER


def test_only_pages_printing_a_header_and_a_box_code_are_drawn_again() -> None:
    assert may_cross_outlined_box(BOXED_LAYER)
    assert not may_cross_outlined_box("From: Doe, John\nSubject: Notes B6\nRELEASE IN PART B6")  # codes beside
    assert not may_cross_outlined_box("The memo cites (b)(6) twice.\nNo header here.")


def test_a_margin_code_joined_to_a_line_on_a_page_without_box_codes_is_no_box() -> None:
    """GIVEN a page printing codes only in its margin ("B6" beside a box) and a second reading (of
    its blank values) that joins the code to the From: line WHEN box lines are mended THEN nothing
    changes: only a code as outlined boxes print it, on a page printing one, names a box read."""
    layer = "From: Roe, Jane\nSent: Thursday, May 2, 2019 4:04 PM\nTo:\nB6\n"
    assert mend_boxed_lines(layer, "From: Roe, Jane B6\nTo: H\n") == layer
    assert mend_boxed_lines(BOXED_LAYER, "From: Doe, John B6\n") == BOXED_LAYER
