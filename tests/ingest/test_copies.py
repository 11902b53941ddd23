"""Copies of one message that disagree about a withholding (fictional emails)."""

from __future__ import annotations

from pathlib import Path

from archive import Archive, Email, Party
from ingest.copies import comparable_tokens, copies, disagreements, release_disagreements

ANN = Party("Ann Lee", "ann@harbor.example.gov")
BODY = "Hi {name},\nThe harbor survey is attached.\nRegards,\nAnn Lee"


def email(id_: str, body: str, *, sent: str = "2019-04-02T09:30:00", subject: str = "Harbor survey",
          sender: Party | None = ANN) -> Email:
    return Email(id=id_, document_id="d", release="r", start_page=1, start_line=0, end_page=1, end_line=9,
                 ordinal=0, kind="email", quoted=False, parent=None, parent_id=None, sender=sender,
                 to=(), cc=(), bcc=(),
                 sent=sent, sent_raw="", date_certainty="exact", subject=subject,
                 normalized_subject=subject.lower().removeprefix("re: "), body=body, exemptions=(), attachments=(),
                 bates_start=None, bates_end=None)


def test_a_name_withheld_in_one_copy_and_printed_in_another_is_found():
    withheld = email("a", BODY.replace("{name}", "(b)(6)"))
    released = email("b", "RE: quoted\n" + BODY.replace("{name}", "Dana Ortiz").replace("Regards", "Regards."))
    (found,) = list(disagreements([withheld, released]))
    assert (found.withheld_in.id, found.other.id, found.kind) == ("a", "b", "released in one copy")
    assert (found.codes, found.released, found.before) == (("(b)(6)",), "dana ortiz", "hi")


def test_a_different_exemption_for_the_same_words_is_found_and_agreeing_copies_are_not():
    six, five = email("a", BODY.replace("{name}", "(b)(6)")), email("b", BODY.replace("{name}", "(b)(5)"))
    (found,) = list(disagreements([six, five]))
    assert (found.kind, found.codes, found.other_codes) == ("exemption differs", ("(b)(6)",), ("(b)(5)",))
    assert list(disagreements([six, email("c", BODY.replace("{name}", "(b)(6)") + "\nsent from my phone")])) == []


def test_copies_are_one_sender_one_minute_one_subject():
    base = email("a", "x")
    same = email("b", "y", sent="2019-04-02T09:30:59-04:00", subject="RE: Harbor Survey")
    later = email("c", "y", sent="2019-04-02T09:31:00")
    other = email("d", "y", sender=Party("Bo Park", "bo@harbor.example.gov"))
    redacted = email("e", "y", sender=Party("", "", ("(b)(6)",)))
    assert [[e.id for e in g] for g in copies([base, same, later, other, redacted])] == [["a", "b"]]


def test_a_copy_whose_sender_a_box_hides_is_matched_by_its_body():
    """GIVEN copies of one minute and subject, one with its sender withheld WHEN grouped THEN the
    withheld copy joins the message its body agrees with (a word it withholds counts for neither),
    and a message sent the same minute under the same subject with another body stays apart."""
    hidden = Party("", "", ("(b)(6)",))
    text = ("Hi {name},\nThe harbor survey is attached, with the soundings taken at the north pier on"
            " Tuesday and the tide tables for the dredging window.\nRegards")
    printed = email("a", text.replace("{name}", "Dana Ortiz"))
    withheld = email("b", text.replace("{name}", "(b)(6)"), sender=hidden)
    another = email("c", "Hi all,\nThe budget meeting moves to Thursday at ten in the second floor room,"
                         " bring the revised figures for the pier repairs.\nThanks", sender=hidden)
    assert [[e.id for e in g] for g in copies([printed, withheld, another])] == [["a", "b"]]
    (found,) = list(disagreements([withheld, printed]))
    assert (found.withheld_in.id, found.released) == ("b", "dana ortiz")


def test_on_the_samples_no_copies_disagree(samples_archive: Path):
    """GIVEN the sample releases (their copies agree; their scans' boxes, those a white label nearly
    fills too, are read white on black, not as words) WHEN their copies are compared THEN nothing is found."""
    with Archive.open(samples_archive, readonly=True) as archive:
        for release in archive.releases():
            found = release_disagreements(archive, release.slug)
            assert found == [], [(d.withheld_in.id, d.released, d.read_by_ocr) for d in found]


def test_a_copy_dropping_one_of_the_codes_on_a_box_claims_another_exemption():
    """GIVEN one copy whose box reads "(b)(6), (b)(7)(C)" and another whose box over the same
    words reads "(b)(6)" WHEN compared THEN the exemption differs (the codes on one box are one claim)."""
    both = email("a", BODY.replace("{name}", "(b)(6), (b)(7)(C)"))
    six = email("b", BODY.replace("{name}", "(b)(6)"))
    (found,) = list(disagreements([both, six]))
    assert (found.kind, found.codes, found.other_codes) == ("exemption differs", ("(b)(6)", "(b)(7)(C)"), ("(b)(6)",))
    assert list(disagreements([both, email("c", BODY.replace("{name}", "(b)(6),\n(b)(7)(C)"))])) == []


def test_two_boxes_whose_separator_ocr_dropped_are_still_two():
    """GIVEN a copy printing two boxes "(b)(6), (b)(7)(C); (b)(6), (b)(7)(C)" and a scan of it whose
    OCR dropped the ";" and read "Cc:" as "Ce:" WHEN compared THEN nothing is withheld in one copy only
    (a code printed again begins the next box)."""
    printed = email("a", "To: (b)(6), (b)(7)(C); (b)(6), (b)(7)(C)\nCc: Ann Lee\n" + BODY.replace("{name}", "all"))
    scanned = email("b", "To: (b)(6), (b)(7)(C) (b)(6), (b)(7)(C)\nCe: Ann Lee\n" + BODY.replace("{name}", "all"))
    assert list(disagreements([printed, scanned])) == []
    assert comparable_tokens("(b)(6), (b)(6)") == ["(b)(6)", "(b)(6)"]


def test_copies_whose_sender_is_hidden_are_matched_on_the_labelled_samples_without_a_wrong_pair(
        samples_archive: Path):
    """GIVEN the same-message benchmark's labelled set (the samples as read, reprinted with senders
    withheld, OCR damage and boxes, and look-alike decoys) WHEN the redaction reports' matching groups
    it THEN every pair it makes with a copy whose sender is hidden is one message, and most such
    pairs are made (the rest have a subject OCR damaged, which no header rule matches)."""
    from itertools import combinations

    from benchmarks.copies import labelled_set, measure
    from ingest.copies import message_groups

    with Archive.open(samples_archive, readonly=True) as archive:
        items, left_out = labelled_set(archive)
    message = {i.record.id: i.message for i in items}
    hidden = {i.record.id for i in items if i.record.sender is not None
              and not (i.record.sender.name or i.record.sender.address)}
    pairs = [p for group in message_groups(i.record for i in items) for p in combinations(sorted(r.id for r in group), 2)
             if hidden & set(p)]
    assert [p for p in pairs if message[p[0]] != message[p[1]]] == []
    score = measure(items, left_out, message_groups)
    # How many pairs have a hidden sender is the set's random draw, which reads the samples' bodies
    # as the pipeline reads them: session 43's release stamps read as page furniture shortened them,
    # and the draw went from 259 such pairs (153 grouped) to 231 (166 grouped).
    assert score.hidden_pairs >= 200 and score.hidden_right >= 0.55 * score.hidden_pairs
