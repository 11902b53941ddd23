"""One message, every copy: the matcher (ingest/same_message.py), its benchmark's floor, and the
grouping a batch's ingest does, on real PDFs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import Archive, Party, Release
from benchmarks.copies import TARGET_PRECISION, TARGET_RECALL, labelled_set, measure
from ingest.pipeline import Ingest
from ingest.same_message import (
    MessageRecord,
    blocking_keys,
    group_copies,
    own_text,
    same_message,
    times_agree,
)

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BODY = ("Dana, thank you for the call this morning. As discussed we will send the revised proposal for the "
        "transcription pilot by Friday, with the pricing for the optional phase broken out separately.\n"
        "Kevin Marsh\nMicrosoft Federal")
QUOTED = "\n-----Original Message-----\nFrom: Dana Whitlock\nSent: Monday, May 7, 2018 9:12 AM\nSubject: pilot"
KEVIN = Party("Kevin Marsh", "kevin.marsh@microsoft.com")
ORIGINAL = MessageRecord("a", KEVIN, "2018-05-07T10:04:00", "RE: Transcription pilot", BODY + QUOTED)


def copy(**changes: object) -> MessageRecord:
    return replace(ORIGINAL, id="b", **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("other", [
    copy(),
    copy(sent="2018-05-07T10:04"),  # minutes only
    copy(sent="2018-05-07T10:04:37-05:00"),  # seconds and a zone
    copy(sender=Party("Marsh, Kevin")),  # name only, last name first
    copy(sender=Party("", "", ("(b)(6)",))),  # the sender withheld
    copy(subject="Transcription pilot"),  # quoted without its RE:
    copy(body=BODY.replace("Dana", "(b)(6)")),  # a name withheld, no quoted chain below
    copy(body=BODY.replace("m", "rn").replace("o", "0").replace("the call", "thecall"), quoted=True),  # OCR
    copy(subject="RE: Transcriptlon pi1ot", body=BODY.replace("Friday", "(b)(5)").replace("l", "1")),
    copy(message_id="<x@y>", sent=None),  # one Message-ID only: the printed fields decide
])
def test_copies_of_one_message_match(other: MessageRecord) -> None:
    assert same_message(ORIGINAL, other).same, same_message(ORIGINAL, other)


@pytest.mark.parametrize(("other", "step"), [
    (copy(sent="2018-05-07T10:05:00"), "sent"),  # another minute
    (copy(sender=Party("Priya Raman", "priya.raman@microsoft.com")), "sender"),
    (copy(subject="Face API pricing"), "subject"),
    (copy(body="Dana, the security review of the face workload is attached. We will not proceed with the "
               "optional phase this year.\nKevin Marsh\nMicrosoft Federal"), "body"),  # same signature, other words
    (copy(body="Thanks."), "body"),  # a short reply sent the same minute
])
def test_look_alikes_do_not_match(other: MessageRecord, step: str) -> None:
    verdict = same_message(ORIGINAL, other)
    assert not verdict.same and verdict.step == step, verdict


def test_message_ids_tell_messages_apart_and_never_make_a_forgery_a_copy() -> None:
    """GIVEN two records with Message-IDs WHEN matched THEN other ids are other messages; equal
    ids (the domain in any case) are one message only where the printed fields agree too: an
    uploader who writes another message's id on other words, another sender or another minute
    has written another message (was: the id alone decided, so a forgery listed itself as a copy
    of the agency's record and folded it away). A copy as another mailbox or release keeps it (its
    subject tagged, a banner added, its body withheld, its time read a minute on) is still a copy.
    An id's left part differs by case."""
    assert same_message(replace(ORIGINAL, message_id="<A@b>"), copy(message_id="A@B")).same
    different = same_message(replace(ORIGINAL, message_id="<a@b>"), copy(message_id="<c@d>"))
    assert not different.same and different.step == "message-id"
    assert not same_message(replace(ORIGINAL, message_id="<A@b>"), copy(message_id="<a@b>")).same
    genuine = replace(ORIGINAL, message_id="<a@b>")
    for forged in (copy(message_id="<a@b>", body="Bring the envelope with the cash to the garage on Friday. "
                                                      "Nobody else should know.\nKevin Marsh"),
                   copy(message_id="<a@b>", sender=Party("Priya Raman", "priya.raman@microsoft.com")),
                   copy(message_id="<a@b>", sent="2001-01-01T12:00:00")):
        assert not same_message(genuine, forged).same
    for kept in (copy(message_id="<a@b>", subject="[EXTERNAL] RE: Transcription pilot",
                      body="CAUTION: This email originated from outside the agency.\n\n" + BODY),
                 copy(message_id="<a@b>", body="(b)(5)"), copy(message_id="<a@b>", subject="(b)(5)"),
                 copy(message_id="<a@b>", sent="2018-05-07T10:05:02")):
        assert same_message(genuine, kept).same


SIGNATURE = ("\nJane Roe\nDeputy Director, Harbor Operations\nPort Authority of Harbor City\n(555) 010-0199\n"
             "CONFIDENTIALITY NOTICE: This message may contain sensitive information.")
JANE = Party("Roe, Jane", "jane.roe@harbor.example.gov")


def test_short_replies_under_one_signature_are_two_messages() -> None:
    """GIVEN a supervisor's two replies sent the same minute with the same subject, "Approved." and
    "Denied, we are over budget this month.", each over the same signature and notice WHEN
    matched THEN two messages (was: one, the opening read mostly the signature: the search folded
    one into the other). A copy of either, OCR damage and all, is still one."""
    approved = MessageRecord("a", JANE, "2019-03-08T16:52:00", "RE: Overtime request", "Approved." + SIGNATURE)
    denied = replace(approved, id="b", body="Denied, we are over budget this month." + SIGNATURE)
    verdict = same_message(approved, denied)
    assert not verdict.same, verdict
    assert same_message(approved, replace(approved, id="c", body="Appr0ved." + SIGNATURE.replace("m", "rn"))).same
    assert same_message(denied, replace(denied, id="d", body=denied.body.replace("budget", "budqet"))).same
    assert not same_message(replace(approved, body="No." + SIGNATURE), replace(approved, id="e", body="Yes." + SIGNATURE)).same
    assert same_message(denied, replace(denied, id="f", body=denied.body.replace("this month", "(b)(5)"))).same


def test_messages_to_other_people_are_other_messages() -> None:
    """GIVEN a form letter sent the same minute, with the same subject and words, to Doe and to Poe
    (or "Thanks!" to each) WHEN matched THEN two messages: recipients that share no one say so
    (was: one message, the search showing only one of them). A recipient withheld, or one list
    read and the other not, decides nothing; OCR damage to a name is the same person."""
    letter = ("Your request has been received and assigned a tracking number. We will respond within twenty "
              "working days.\nHarbor FOIA Office")
    doe = MessageRecord("a", JANE, "2019-03-08T16:52:00", "Acknowledgment", letter, to=(Party("Doe, John", "john.doe@x.gov"),))
    poe = replace(doe, id="b", to=(Party("Poe, Mary", "mary.poe@x.gov"),))
    verdict = same_message(doe, poe)
    assert not verdict.same and verdict.step == "recipients", verdict
    for kept in ((Party("Doe, Jolm"),), (Party("", "", ("(b)(6)",)),), ()):
        assert same_message(doe, replace(doe, id="c", to=kept)).same, kept


def test_reports_of_other_days_are_other_messages() -> None:
    """GIVEN a daily report dated without a clock (the clock withheld, or quoted under "On Monday,
    March 4, 2019, Roe, Jane wrote:"), March 4 and March 5, the same words WHEN matched THEN two
    messages (was: one: a day without a clock decided nothing). The same day decides nothing."""
    report = "Vessel traffic normal. No incidents overnight. Berth 4 survey continues; crews on site at six."
    monday = MessageRecord("a", JANE, "2019-03-04", "Daily status", report)
    verdict = same_message(monday, replace(monday, id="b", sent="2019-03-05"))
    assert not verdict.same and verdict.step == "sent", verdict
    assert same_message(monday, replace(monday, id="c")).same
    assert times_agree("2019-03-04", "2019-03-04") is None and times_agree("2019-03-04T10:00", "2019-03-05") is False


def test_redacted_senders_match_only_on_the_minute() -> None:
    """GIVEN two undated records with the sender withheld and the same subject
    THEN only a body that agrees closely makes them one message, and a few words never do."""
    hidden = Party("", "", ("(b)(6)",))
    undated = replace(ORIGINAL, sender=hidden, sent=None)
    assert same_message(undated, copy(sender=hidden, sent=None)).same
    assert not same_message(replace(undated, body="Thanks."), copy(sender=hidden, sent=None, body="Thanks.")).same


def test_a_sender_printed_by_the_surname_alone_is_the_copies_sender() -> None:
    """Layout family, Outlook prints of a mailbox's own messages name the sender by surname alone
    ("From: Marsh") where the replies quoting it print "Marsh, Kevin T." or "Kevin Marsh": GIVEN two
    such printings of one message (no address) THEN they are one message (was: judged two senders,
    the print not linked to its copies); another surname or a given name alone is not."""
    whole = copy(sender=Party("Marsh, Kevin T."))
    assert same_message(replace(ORIGINAL, sender=Party("Marsh")), whole).same
    assert same_message(replace(ORIGINAL, sender=Party("Marsh")), copy(sender=Party("Kevin Marsh"))).same
    for other in ("Roe", "Kevin", "Ma"):
        assert not same_message(replace(ORIGINAL, sender=Party(other)), whole).same, other


def test_zones_are_compared_in_utc_when_both_print_one() -> None:
    assert times_agree("2018-05-07T10:04:00-05:00", "2018-05-07T15:04:00+00:00")
    assert not times_agree("2018-05-07T10:04:00-05:00", "2018-05-07T10:04:00-04:00")
    assert times_agree("2018-05-07T10:04:59", "2018-05-07T10:04") and times_agree(None, "2018-05-07T10:04") is None


def test_own_text_stops_where_a_quoted_message_begins_even_when_its_from_line_is_damaged() -> None:
    assert own_text(BODY + QUOTED).rstrip().endswith("Microsoft Federal")
    damaged = BODY + "\n(b)(6): Dana Whitlock\nSent: Monday, May 7, 2018\nTo: Kevin\nSubject: pilot\nold words"
    assert "old words" not in own_text(damaged) and "Friday" in own_text(damaged)
    wrote = BODY + "\n0n Mon, May 7, 2018 at 9:12 AM Dana Whitlock\n<dana@example.gov> wrote:\nold words"
    assert "old words" not in own_text(wrote)


def test_grouping_compares_within_blocking_keys_only() -> None:
    """Records of another minute are never compared (the cost is per block, not all pairs)."""
    others = [replace(ORIGINAL, id=f"o{n}", sent=f"2018-05-{n % 28 + 1:02d}T11:{n % 60:02d}:00") for n in range(300)]
    groups = group_copies([ORIGINAL, copy(), *others])
    assert [sorted(r.id for r in g) for g in groups] == [["a", "b"]]
    assert blocking_keys(ORIGINAL) == ("t:2018-05-07T10:04",)
    assert blocking_keys(replace(ORIGINAL, sent=None, message_id="<A@B>")) == ("id:A@b", "s:transcription pilot")


def test_same_message_on_the_labelled_samples_meets_the_targets(samples_archive: Path) -> None:
    """The benchmark (python -m benchmarks.copies) on the samples as the pipeline read them, their
    copies reprinted with OCR damage and redactions, and decoys: P >= 0.99, R >= 0.95."""
    with Archive.open(samples_archive, readonly=True) as archive:
        items, left_out = labelled_set(archive)
    score = measure(items, left_out)
    assert score.by_origin["printed"] >= 100 and score.printed_pairs >= 30 and score.by_origin["decoy"] >= 50
    assert score.precision >= TARGET_PRECISION, score.wrong
    assert score.recall >= TARGET_RECALL, score.missed
    assert score.printed_right == score.printed_pairs  # every real pair in the samples is found


def test_ingest_links_the_quoted_copies_of_the_samples(samples_archive: Path) -> None:
    """The pipeline's last step grouped each sample message quoted in replies with its own printing."""
    with Archive.open(samples_archive, readonly=True) as archive:
        groups = archive.store.db.execute(
            "select group_id, count(*) from message_copies group by group_id").fetchall()
        assert len(groups) >= 20
        standing = archive.email(groups[0][0])
        assert not standing.quoted or all(e.quoted for e, _ in archive.copies_of(standing.id))
        assert archive.copies_of(standing.id)


def test_a_re_release_printed_again_is_linked_across_releases(tmp_path: Path) -> None:
    """GIVEN a text-layer sample file ingested in one release, and the same emails printed again
    by another producer (new file, names withheld) ingested in a second release
    WHEN the second batch lands
    THEN each email of the second is grouped with its printing in the first, across releases."""
    from tests.web.conftest import make_pdf

    source = SAMPLES / "layout-families" / "desktop-prints.pdf"
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(source, first / source.name)
    with Archive.open(tmp_path / "archive") as archive:
        archive.save_release(Release("first-production", "First production"))
        assert not Ingest(archive, "first-production").run([first]).failed
        document = archive.documents("first-production")[0]
        texts = [p.text.replace("Okafor", "(b)(6)") for p in archive.store.pages(document.id)]
        reprint = make_pdf(tmp_path / "reprint.pdf", texts)
        archive.save_release(Release("re-release", "Re-release"))
        assert not Ingest(archive, "re-release").run([reprint]).failed
        again = [e for e in archive.emails_in_document(archive.documents("re-release")[0].id) if not e.quoted]
        linked = [e for e in again if any(c.release == "first-production" for c, _ in archive.copies_of(e.id))]
        assert again and len(linked) == len(again)
        # an archive from before copies were linked: ingesting the same files again links them
        archive.store.db.execute("delete from message_copies")
        assert Ingest(archive, "re-release").run([reprint]).count("skipped") == 1
        assert all(archive.copies_of(e.id) for e in linked)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
_SENT = st.one_of(st.none(), st.just(""), st.from_regex(r"20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d(:[0-5]\d)?([+-]0\d:00)?",
                                                          fullmatch=True), _TEXT)
_PARTY = st.one_of(st.none(), st.builds(Party, _TEXT, _TEXT, st.just(("(b)(6)",))), st.builds(Party, _TEXT, _TEXT))
_RECORD = st.builds(MessageRecord, st.just("x"), _PARTY, _SENT, _TEXT, _TEXT, _TEXT)


@settings(max_examples=300, deadline=None)
@given(_RECORD, _RECORD)
def test_the_matcher_never_raises_and_is_symmetric(a: MessageRecord, b: MessageRecord) -> None:
    """Whatever a page held (control characters, half a date, an empty body), the verdict is the
    same either way round, and grouping them never fails."""
    assert same_message(a, b).same == same_message(b, a).same
    assert len(group_copies([a, replace(b, id="y")])) <= 1


def test_linking_batch_by_batch_groups_as_grouping_everything_at_once(samples_archive: Path, tmp_path: Path) -> None:
    """GIVEN the samples' documents landing one at a time (each a batch)
    THEN the groups recorded are those of grouping every email at once: candidates by blocking
    keys miss nothing the whole comparison finds."""
    from ingest.same_message import link_copies, record_of

    shutil.copytree(samples_archive, tmp_path / "archive")
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.db.execute("delete from message_copies")
        documents = [d.id for d in archive.documents() if not d.duplicate_of]
        for document in documents:
            link_copies(archive, [document])
        recorded = {}
        for email_id, group in archive.store.db.execute("select email_id, group_id from message_copies"):
            recorded.setdefault(group, set()).add(email_id)
        emails = [e for d in documents for e in archive.emails_in_document(d)]
        whole = [{r.id for r in g} for g in group_copies(record_of(e) for e in emails)]
    assert len(whole) >= 20
    assert sorted(map(sorted, recorded.values())) == sorted(map(sorted, whole))
