"""The SQLite system of record: one transaction per document, ids that outlive a re-split."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from archive import Gone, NotFound, Party, Release, ids
from archive.model import DocumentRecord, EmailRecord, PageRecord

SHA = "ab" * 32


def page(n: int, kind: str = "email", bates: str | None = None) -> PageRecord:
    return PageRecord(number=n, text=f"page {n} text", source="text-layer", ocr_confidence=None,
                      bates=bates or f"TEST-{n:06d}", exemptions=("(b)(6)",), kind=kind, fingerprint=f"fp{n}")


def email(start: int, end: int, ordinal: int = 0, *, line: int = 0, quoted: bool = False,
          parent: int | None = None, subject: str = "Hello") -> EmailRecord:
    return EmailRecord(
        start_page=start, start_line=line, end_page=end, end_line=40, ordinal=ordinal, kind="email",
        quoted=quoted, parent=parent, sender=Party("Jane Roe", "jane@example.com"),
        to=(Party("", "", ("(b)(6)",)),), cc=(), bcc=(), sent="2018-11-13T15:45:00",
        sent_raw="Tuesday, November 13, 2018 3:45 PM", date_certainty="exact", subject=subject,
        normalized_subject=subject.lower(), body="body", exemptions=("(b)(6)",), attachments=(),
        bates_start=f"TEST-{start:06d}", bates_end=f"TEST-{end:06d}")


def document(emails: tuple[EmailRecord, ...], pages: int = 4, sha: str = SHA) -> DocumentRecord:
    return DocumentRecord(sha256=sha, filename="part1.pdf", size=100,
                          pages=tuple(page(n) for n in range(1, pages + 1)), emails=emails,
                          fingerprint="doc-fp-" + sha[:4])


@pytest.fixture
def store(archive):
    archive.store.save_release(Release(slug="test", title="Test release"))
    return archive.store


def test_document_round_trip_keeps_every_field(store):
    stored = store.add_document("test", document((email(1, 2), email(2, 2, 1, line=10, quoted=True, parent=0))))
    emails = store.emails_in_document(stored.id)
    assert [e.id for e in emails] == [ids.email_id(SHA, 1, 0), ids.email_id(SHA, 2, 1)]
    assert emails[0].to == (Party("", "", ("(b)(6)",)),)
    assert emails[1].parent_id == emails[0].id and emails[1].quoted
    assert store.page(stored.id, 2).exemptions == ("(b)(6)",)
    assert store.bates_lookup("test-000002") == (stored.id, 2, "TEST-000002")


def test_neighbours_are_the_emails_around_one_in_reading_order(store):
    """GIVEN a document of top-level emails (two on page 2) and a quoted copy between them
    THEN each email's previous, next, position and count are those of the document's top-level
    emails in page-and-line order, and a quoted copy has no position."""
    stored = store.add_document("test", document((
        email(1, 1), email(2, 2, 0, line=0), email(2, 2, 1, line=5, quoted=True, parent=1),
        email(2, 3, 2, line=20), email(4, 4))))
    emails = store.emails_in_document(stored.id)
    top = [e for e in emails if not e.quoted]
    for i, e in enumerate(top):
        previous, following, position, count = store.neighbours(e)
        assert (previous, following, position, count) == (
            top[i - 1] if i else None, top[i + 1] if i + 1 < len(top) else None, i, 4)
    quoted = next(e for e in emails if e.quoted)
    assert store.neighbours(quoted) == (None, None, None, 4)


def test_storing_again_replaces_rows_and_keeps_ids(store):
    first = store.add_document("test", document((email(1, 2),)))
    again = store.add_document("test", document((email(1, 2),)))
    assert first.id == again.id
    assert store.counts()["emails"] == 1


def test_retired_id_resolves_to_the_email_now_covering_its_position(store):
    """GIVEN an email published at page 2, WHEN a better splitter merges it into the email
    starting on page 1, THEN the old id resolves (moved) to the covering email."""
    store.add_document("test", document((email(1, 1), email(2, 3, line=5))))
    old_id = ids.email_id(SHA, 2, 0)
    store.add_document("test", document((email(1, 3),)))
    resolved, moved = store.resolve_email(old_id)
    assert moved and resolved.id == ids.email_id(SHA, 1, 0)
    current, moved = store.resolve_email(resolved.id)
    assert not moved and current.id == resolved.id



def test_what_a_citation_said_is_recorded_each_time_it_changes_and_only_then(store, archive):
    """GIVEN an email ingested WHEN its document is read again unchanged, then read again with
    another subject and Bates, THEN its citation history holds two readings, each from when and
    why (re-reading it unchanged records nothing); an email stored before the archive kept a
    history gets its reading of then, sinceless, when its document is next written; an id a
    re-split retired keeps what it named last, for the notice its link leads to."""
    store.add_document("test", document((email(1, 1), email(2, 3, line=5))))
    first, retired = ids.email_id(SHA, 1, 0), ids.email_id(SHA, 2, 0)
    store.add_document("test", document((email(1, 1), email(2, 3, line=5))))
    (ingested,) = store.citation_history(first)
    assert (ingested.cause, ingested.subject) == ("ingested", "Hello") and ingested.since
    assert ingested.cited == "Email from Jane Roe to [redacted (b)(6)] (Nov. 13, 2018, 3:45 PM), at TEST-000001"
    store.add_document("test", document((dataclasses.replace(email(1, 3), subject="Hello again"),)))
    was, now = store.citation_history(first)
    assert was == ingested and (now.cause, now.subject) == ("read again", "Hello again")
    assert now.cited.endswith("at TEST-000001\u20133")
    assert store.last_cited_as(retired).cited.endswith("at TEST-000002\u20133")
    assert archive.retirement(retired, store.email(first)).named == store.last_cited_as(retired).cited
    with store.db.conn:
        store.db.execute("delete from citation_history")
    store.add_document("test", document((email(1, 1),)))
    older, latest = store.citation_history(first)
    assert (older.since, older.cause, older.subject, latest.cause) == ("", "recorded", "Hello again", "read again")
    with pytest.raises(NotFound):
        store.citation_history("e-" + "0" * 20)


def test_a_quoted_copy_s_citation_history_follows_the_email_quoting_it(store):
    """GIVEN a quoted copy printed in an email WHEN the quoting email is read again with another
    date THEN the copy's citation history records the change (its citation names the email it is
    quoted in, R. 1.6(b); was: the copy's head alone recorded, its permalink's history silent while
    its citation said another thing)."""
    store.add_document("test", document((email(1, 2), email(2, 2, 1, line=10, quoted=True, parent=0))))
    copy = ids.email_id(SHA, 2, 1)
    (first,) = store.citation_history(copy)
    assert first.cited == ("Email from Jane Roe to [redacted (b)(6)] (Nov. 13, 2018, 3:45 PM), quoted in Email from "
                           "Jane Roe to [redacted (b)(6)] (Nov. 13, 2018, 3:45 PM), at TEST-000002")
    store.add_document("test", document((dataclasses.replace(email(1, 2), sent="2018-12-20T10:00:00"),
                                         email(2, 2, 1, line=10, quoted=True, parent=0))))
    was, now = store.citation_history(copy)
    assert was == first and now.cause == "read again" and "quoted in Email from Jane Roe to [redacted (b)(6)] " \
        "(Dec. 20, 2018, 10:00 AM), at TEST-000002" in now.cited


def test_an_id_issued_at_one_position_never_names_a_block_at_another(store):
    """GIVEN an email published as the first block of page 2 (ordinal 0) WHEN a better splitter
    finds a header above it on that page (which the splitter numbers 0 now) THEN the published id
    still names the email at its position (was: the new block took it, and the permalink in a
    brief showed another message, the lawyer's notes and tags on it); the new block takes an
    ordinal never issued on the page, and an id whose block is gone resolves by its position."""
    store.add_document("test", document((email(1, 1), email(2, 3, line=10, subject="Cited"))))
    cited = ids.email_id(SHA, 2, 0)
    store.add_document("test", document((email(1, 1), email(2, 2, 0, line=3, subject="Found"),
                                         email(2, 3, 1, line=10, subject="Cited"))))
    resolved, moved = store.resolve_email(cited)
    assert not moved and resolved.subject == "Cited" and resolved.start_line == 10
    found = next(e for e in store.emails_in_document(resolved.document_id) if e.subject == "Found")
    assert found.id == ids.email_id(SHA, 2, 1)  # (the first ordinal never issued on the page)
    assert store.issued_position(found.id) == (resolved.document_id, 2, 3)
    # the same reading again changes no id; a reading without the new block retires its id
    store.add_document("test", document((email(1, 1), email(2, 2, 0, line=3, subject="Found"),
                                         email(2, 3, 1, line=10, subject="Cited"))))
    assert {e.id for e in store.emails_in_document(resolved.document_id)} == {ids.email_id(SHA, 1, 0), cited, found.id}
    store.add_document("test", document((email(1, 2, subject="Before"), email(2, 3, 0, line=10, subject="Cited"))))
    again, moved = store.resolve_email(cited)
    assert not moved and again.subject == "Cited"
    covering, moved = store.resolve_email(found.id)
    assert moved and covering.subject == "Before"


def test_an_email_read_again_a_line_lower_keeps_its_id(store):
    """GIVEN a document's emails published WHEN it is read again with every header a line lower
    (a page OCR read again, a splitter taking a line more above), or one block moved alone
    THEN each keeps its id (its header the same; was: a new id, the old one showing the email
    above)."""
    three = (email(1, 1, subject="A"), email(1, 1, 1, line=10, subject="B"), email(1, 2, 2, line=20, subject="C"))
    stored = store.add_document("test", document(three))
    before = {e.subject: e.id for e in store.emails_in_document(stored.id)}
    lower = tuple(dataclasses.replace(e, start_line=e.start_line + 1) for e in three)
    store.add_document("test", document(lower))
    assert {e.subject: e.id for e in store.emails_in_document(stored.id)} == before
    store.add_document("test", document((lower[0], dataclasses.replace(lower[1], start_line=15), lower[2])))
    assert {e.subject: e.id for e in store.emails_in_document(stored.id)} == before
    for subject, email_id in before.items():
        assert store.resolve_email(email_id)[0].subject == subject
    # a header read otherwise (OCR read it again) at the splitter's number: the id goes with the number
    store.add_document("test", document((lower[0], dataclasses.replace(lower[1], subject="B2"), lower[2])))
    assert store.resolve_email(before["B"])[0].subject == "B2"


def test_a_persons_values_follow_their_email_read_again_a_line_lower(archive):
    """GIVEN an email whose subject a person corrected and another a person checked WHEN the document
    is read again with every header a line lower (each keeps its id: its header is the same) THEN the
    person's values stand on the email they were given for, its page lists them, the release's
    truth has them, and none is listed as placed nowhere (was: keyed to the line, they applied to
    nothing, and the cited id showed the machine's subject again). A correction whose email is gone
    (its id no longer held) is still listed as placed nowhere."""
    archive.store.save_release(Release(slug="test", title="Test release"))
    three = (email(1, 1, subject="A"), email(1, 1, 1, line=10, subject="B"), email(1, 2, 2, line=20, subject="C"))
    stored = archive.store.add_document("test", document(three))
    by_subject = {e.subject: e.id for e in archive.store.emails_in_document(stored.id)}
    with archive.writing():
        archive.correct_fields(by_subject["B"], {"subject": {"subject": "B as printed", "normalized": "b as printed"}},
                               actor="editor@example.org")
        archive.mark_checked(by_subject["C"], actor="editor@example.org")
    lower = tuple(dataclasses.replace(e, start_line=e.start_line + 1) for e in three)
    archive.store.add_document("test", document(lower))
    corrected, checked = archive.store.email(by_subject["B"]), archive.store.email(by_subject["C"])
    assert (corrected.start_line, corrected.subject, corrected.reviewed) == (11, "B as printed", "corrected")
    assert (checked.start_line, checked.reviewed) == (21, "checked")
    assert archive.review(corrected).people["subject"].value["subject"] == "B as printed"
    assert [c.action for c in archive.review(checked).history] == ["checked"]
    (truth,) = archive.checked_truth("test")
    assert truth.values[(1, 11)]["subject"]["subject"] == "B as printed"
    assert archive.unplaced_corrections("test") == []
    # read again ten lines lower: "A" begins where "B" began when corrected, "B" where "C" did (was:
    # "B"'s subject shown on "A", "C" checked as "B", "B" with none)
    ten = tuple(dataclasses.replace(e, start_line=e.start_line + 10) for e in three)
    archive.store.add_document("test", document(ten))
    shown = {subject: archive.store.email(email_id) for subject, email_id in by_subject.items()}
    assert [(e.start_line, e.subject, e.reviewed) for e in shown.values()] == [
        (10, "A", ""), (20, "B as printed", "corrected"), (30, "C", "checked")]
    archive.store.add_document("test", document((lower[0], lower[2])))  # "B" gone: its id held by none
    ((unplaced, _),) = archive.unplaced_corrections("test")
    assert unplaced.email_id == by_subject["B"]
    assert archive.store.email(by_subject["C"]).reviewed == "checked"


def test_an_email_dropped_by_a_re_split_leaves_its_id_to_its_place_not_to_a_new_message(store):
    """GIVEN two emails on page 2 WHEN a re-split drops the second ("Dredging", its lines now the
    first's) and finds a new message lower down that the splitter numbers as it numbered the
    dropped one THEN the dropped id resolves, marked moved, to the email holding its place (was:
    the new message took it, unmarked); the new message takes a number never issued there. Two
    emails with one header (undated replies, one subject and sender) keep their ids when a third
    such header is found above them: the nearest shown header is each one's."""
    stored = store.add_document("test", document((email(2, 2, 0, line=0, subject="Permit"),
                                                  email(2, 2, 1, line=20, subject="Dredging"))))
    dropped = ids.email_id(SHA, 2, 1)
    store.add_document("test", document((email(2, 2, 0, line=0, subject="Permit"),
                                         email(2, 2, 1, line=30, subject="Budget"))))
    now, moved = store.resolve_email(dropped)
    assert moved and now.subject == "Permit"
    assert {e.subject: e.id for e in store.emails_in_document(stored.id)}["Budget"] == ids.email_id(SHA, 2, 2)

    def reply(line: int, ordinal: int) -> EmailRecord:
        return dataclasses.replace(email(3, 3, ordinal, line=line, subject="RE: Permit"), sent=None)
    other = document((reply(10, 0), reply(30, 1)), sha="cd" * 32)
    first = {e.start_line: e.id for e in store.emails_in_document(store.add_document("test", other).id)}
    again = store.add_document("test", document((reply(2, 0), reply(10, 1), reply(30, 2)), sha="cd" * 32))
    now_at = {e.start_line: e.id for e in store.emails_in_document(again.id)}
    assert (now_at[10], now_at[30]) == (first[10], first[30]) and now_at[2] not in first.values()

def test_an_archive_an_older_version_split_again_keeps_the_ids_it_shows(store, monkeypatch):
    """GIVEN an archive whose re-split under an older version gave a published id to the block found
    above it ("Found" shows the id "Cited" was first issued with; "Cited" a new one) WHEN read again
    THEN each keeps the id it shows now (not the one where the id was first issued: that moved
    both again)."""
    store.add_document("test", document((email(1, 1), email(2, 3, line=10, subject="Cited"))))
    reading = document((email(1, 1), email(2, 2, 0, line=3, subject="Found"), email(2, 3, 1, line=10, subject="Cited")))
    with monkeypatch.context() as older:  # (the older version: the splitter's numbers, always)
        older.setattr(type(store), "_ordinals_kept", lambda self, doc, emails: [e.ordinal for e in emails])
        stored = store.add_document("test", reading)
    shown = {e.subject: e.id for e in store.emails_in_document(stored.id)}
    store.add_document("test", reading)
    assert {e.subject: e.id for e in store.emails_in_document(stored.id)} == shown

def test_unknown_id_is_not_found_and_withdrawn_release_is_gone(store):
    store.add_document("test", document((email(1, 2),)))
    with pytest.raises(NotFound):
        store.resolve_email("aaaaaaaaaa")
    store.withdraw_release("test", "released in error; replaced by test-2")
    with pytest.raises(Gone, match="released in error"):
        store.resolve_email(ids.email_id(SHA, 1, 0))


def test_a_failure_inside_the_transaction_leaves_nothing(store):
    bad = document((email(1, 2), email(2, 2, 1, quoted=True, parent=7)))  # parent out of range
    with pytest.raises(IndexError):
        store.add_document("test", bad)
    assert store.counts()["documents"] == 0 and store.counts()["pages"] == 0
    assert store.document_by_sha256(SHA) is None


def test_duplicate_positions_are_refused_before_writing(store):
    with pytest.raises(Exception, match="same position"):
        store.add_document("test", document((email(1, 2), email(1, 2))))
    assert store.counts()["emails"] == 0


def test_loose_pages_are_the_pages_outside_every_email(store):
    record = document((email(2, 3),), pages=4)
    record = dataclasses.replace(record, pages=(page(1, "cover-letter"),) + record.pages[1:])
    stored = store.add_document("test", record)
    assert [p.number for p in store.iter_loose_pages(stored.id)] == [1, 4]


def test_readonly_store_cannot_write(archive, home):
    from archive import Archive

    archive.store.save_release(Release(slug="test", title="T"))
    with Archive.open(home, readonly=True) as reader, pytest.raises(sqlite3.OperationalError):
        reader.store.db.execute("insert into releases (slug, title) values ('x', 'y')")


def test_bates_lookup_ignores_case_through_an_index(store):
    """A Bates number typed in any case finds its page, by index (it scanned every page:
    11 ms a lookup at 100k pages, now microseconds)."""
    stored = store.add_document("test", document((email(1, 2),)))
    assert store.bates_lookup("Test-000003") == (stored.id, 3, "TEST-000003")
    executed: list[str] = []
    store.db.conn.set_trace_callback(executed.append)
    assert store.bates_lookup("TEST-000009") is None
    assert store.bates_nearest("TEST-000009") == ("TEST-000004", None)
    store.db.conn.set_trace_callback(None)
    lookups = [sql for sql in executed if "from pages" in sql]
    assert len(lookups) >= 3
    for lookup in lookups:
        assert "idx_pages_bates_nocase" in str(store.db.execute("explain query plan " + lookup).fetchall()), lookup


@pytest.mark.parametrize("typed", ["TEST-3", "test-0003", "TEST 000003", "test 3", "TEST-00000003"])
def test_a_bates_number_is_found_as_people_write_it(store, typed):
    """GIVEN pages stamped TEST-000001.. WHEN a number is typed without its leading zeros (as a
    citation's range "TEST-000001–3" prints its end), with too many, or with spaces for hyphens
    THEN it finds the page and says the stamp as printed."""
    stored = store.add_document("test", document((email(1, 2),)))
    assert store.bates_lookup(typed) == (stored.id, 3, "TEST-000003")


@pytest.mark.parametrize("typed", ["STATE-SCB0045656", "state scb 0045656", "State SCB 45656", "STATE SCB0045656"])
def test_a_stamp_printed_with_no_hyphen_before_its_number_is_found_with_spaces(store, typed):
    """GIVEN pages stamped like the State Department's ("STATE-SCB0045656": no hyphen before
    the number) WHEN typed with spaces for hyphens THEN found ("state scb 0045656" found nothing,
    though spaces for hyphens are documented)."""
    stored = store.add_document("test", document((email(1, 2),)))
    store.db.execute("update pages set bates = 'STATE-SCB' || (45654 + number) where document_id = ?", [stored.id])
    store.db.execute("update pages set bates = 'STATE-SCB00' || substr(bates, 10) where document_id = ?", [stored.id])
    assert store.bates_lookup(typed) == (stored.id, 2, "STATE-SCB0045656")


@pytest.mark.parametrize("typed", ["PEMBSCB0045656", "pemb scb 45656", "PEMB SCB-0045656", "PEMB-SCB0045656"])
def test_a_stamp_is_found_with_spaces_hyphens_or_none_for_its_separators(store, typed):
    """GIVEN pages stamped "PEMB-SCB-0045656" WHEN typed with its hyphens left out, or some of
    them, THEN found ("PEMBSCB0045656" found nothing: only spaces stood for hyphens)."""
    stored = store.add_document("test", document((email(1, 2),)))
    store.db.execute("update pages set bates = 'PEMB-SCB-00' || (45654 + number) where document_id = ?", [stored.id])
    assert store.bates_lookup(typed) == (stored.id, 2, "PEMB-SCB-0045656")
    assert store.bates_nearest(typed.replace("5656", "5699")) == ("PEMB-SCB-0045658", None)


@pytest.mark.parametrize("typed", ["TEST-1234567", "TES-3", "TEST-", "TEST-3X", "EST-000003"])
def test_a_bates_number_no_page_has_is_not_found(store, typed):
    store.add_document("test", document((email(1, 2),)))
    assert store.bates_lookup(typed) is None


def test_the_nearest_stamps_around_a_missing_number_skip_releases_the_reader_may_not_see(store):
    """GIVEN TEST-000001..6 stamped, page 3's stamp unread WHEN asked where TEST-3 falls THEN
    the stamps on either side; and for a reader who may not see the release, nothing (no
    stamp of a hidden release leaks)."""
    store.add_document("test", document((email(1, 2),), pages=6))
    store.db.execute("update pages set bates = null where number = 3")  # a page whose stamp is unread
    assert store.bates_nearest("TEST-3") == ("TEST-000002", "TEST-000004")
    assert store.bates_nearest("NOPE-2") == (None, None)
    store.hidden = frozenset({"test"})
    assert store.bates_nearest("TEST-3") == (None, None)
    assert store.bates_lookup("TEST-2") is None


def test_one_definition_of_an_email_for_every_count(store):
    """GIVEN a document with two emails and a quoted copy, and a duplicate of it WHEN counted
    for the archive and for its release THEN both say 2 emails and 1 quoted copy: a quoted copy
    and a duplicate's emails are never counted as emails."""
    emails = (email(1, 1), email(2, 2), email(2, 2, 1, line=10, quoted=True, parent=1))
    original = store.add_document("test", document(emails))
    store.add_document("test", document(emails, sha="cd" * 32), duplicate_of=original.id)
    counts = store.counts()
    stats = store.release_stats("test")
    assert (counts["emails"], counts["quoted copies"], counts["duplicate documents"]) == (2, 1, 1)
    assert (stats.emails, stats.quoted_copies, stats.documents) == (2, 1, 1)
    assert sum(n for _, n in stats.months) == stats.emails
    sent = store.release_correspondents("test")["jane@example.com"][1]
    assert sent == 2


def test_a_person_printed_by_address_and_by_name_only_is_one_correspondent(store):
    """GIVEN "Ellison, Mark <mark.ellison@dea.gov>" sending one email and "Mark Ellison" (no
    address) another THEN the top correspondents list him once, with both emails."""
    ellison = Party("Ellison, Mark", "mark.ellison@dea.gov")
    records = (dataclasses.replace(email(1, 1), sender=ellison),
               dataclasses.replace(email(2, 2), sender=Party("Mark  Ellison", "")),
               dataclasses.replace(email(3, 3), to=(Party("ellison, mark", ""),)))
    store.add_document("test", document(records))
    people = store.release_correspondents("test")
    assert [key for key in people if "ellison" in key] == ["mark.ellison@dea.gov"]
    assert people["mark.ellison@dea.gov"][1:] == (2, 1)


def test_a_name_alone_is_the_address_it_is_printed_with_most(store):
    """GIVEN a person printed with their address in many emails, once with another address (an
    address OCR misread, or a second account), and by name only in others THEN the emails by
    name alone are the address's printed twice as often as any other; the other address stays a
    row of its own (two people of one name at two agencies are two), and where two addresses
    are printed about as often the name alone stays apart from both."""
    roe = Party("Roe, Jane", "jroe@harbor.example.gov")
    moss, moss_home = Party("Moss, Carl", "cmoss@harbor.example.gov"), Party("Moss, Carl", "carl@home.example")
    records = tuple(dataclasses.replace(email(n, n), sender=roe, to=(moss if n % 2 else moss_home,))
                    for n in range(1, 7))
    records += (dataclasses.replace(email(7, 7), sender=Party("Roe, Jane", "jroe@harbor.exarnple.gov")),
                dataclasses.replace(email(8, 8), to=(Party("Jane Roe"), Party("Moss, Carl"))))
    store.add_document("test", document(records))
    people = store.release_correspondents("test")
    assert sorted(key for key in people if "roe" in key) == ["jroe@harbor.example.gov", "jroe@harbor.exarnple.gov"]
    assert people["jroe@harbor.example.gov"][1:] == (6, 1) and people["jroe@harbor.exarnple.gov"][1:] == (1, 0)
    assert sorted(key for key in people if "moss" in key or "carl" in key) == [
        "carl@home.example", "cmoss@harbor.example.gov", "moss, carl"]


def test_the_ids_a_document_ever_had_are_found_by_index(store):
    """The email page asks on every view which retired ids of its document now resolve to it (for
    notes and tags made before a re-split): by index, not a scan of every id ever issued."""
    plan = store.db.execute("explain query plan select id from issued_ids where document_id = ? and id not in "
                            "(select id from emails where document_id = ?)", ["d", "d"]).fetchall()
    assert "idx_issued_ids_document" in str(plan)


def test_every_page_view_s_lookups_read_small_indexes_not_the_tables(store):
    """GIVEN the statements the email page's thread and the search page's scanned marks run
    THEN SQLite answers which documents are duplicates, and which pages were read from a scan,
    from the partial indexes of m026 and m037, not by reading every document or each hit's page
    rows."""
    stored = store.add_document("test", document((email(1, 2),)))
    executed: list[str] = []
    store.db.conn.set_trace_callback(executed.append)
    found = store.same_subject_anywhere("hello", 200, near="2018-11-13T15:45:00")  # as the email page asks
    assert store.emails_with_ocr_pages([e.id for e in found]) == set()
    store.db.conn.set_trace_callback(None)
    assert [e.document_id for e in found] == [stored.id]
    plans = {sql: str(store.db.execute("explain query plan " + sql).fetchall())
             for sql in executed if "normalized_subject" in sql or "p.source" in sql}
    assert len(plans) == 4  # the thread's records before the email, undated, after; the OCR marks
    for sql, plan in plans.items():
        assert "SCAN documents USING INDEX idx_documents_duplicates" in plan or "idx_pages_scanned" in plan, (sql, plan)
        assert "SCAN documents)" not in plan and "SCAN documents'" not in plan, (sql, plan)


def test_a_thread_s_records_are_judged_by_their_parties_before_being_read(store):
    """GIVEN three printings of one subject, two sharing a party with the first
    WHEN the thread's records are asked with a test of their parties
    THEN those it keeps come back whole, oldest first, as they do without the test; the test
    saw each record's id and its sender, To, Cc and Bcc (the first sender only)."""
    other = dataclasses.replace(email(3, 3, 0), sender=Party("Ann Other", "ann@example.org"), to=(), cc=())
    store.add_document("test", document((email(1, 1), email(2, 2), other)))
    every = store.same_subject_anywhere("hello", 200)
    seen: list[tuple[str, tuple[Party, ...]]] = []

    def jane(key: str, parties: tuple[Party, ...]) -> bool:
        seen.append((key, parties))
        return any(p.address == "jane@example.com" for p in parties)

    kept = store.same_subject_anywhere("hello", 200, keep=jane)
    assert len(every) == 3 and [k for k, _ in seen] == [e.id for e in every]
    assert [p for _, p in seen][2] == (Party("Ann Other", "ann@example.org"),)
    assert kept == [e for e in every if e.sender == Party("Jane Roe", "jane@example.com")]
    assert len(kept) == 2
    assert store.same_subject_anywhere("hello", 1, keep=jane) == [e for e in every[:1] if e in kept]


def test_a_thread_key_printed_on_many_records_gives_those_printed_around_the_email(store, monkeypatch):
    """GIVEN a thread key printed on 12 records a day apart, the last two between two other parties
    WHEN the thread's records are asked with a test of their parties, at most 4, near the last
    THEN the two of those parties come back (the limit was taken before the test: the oldest 4,
    none of them theirs); near a time in the middle, two before it and two after, oldest first;
    and no more than ``SUBJECT_SCAN`` records on either side are judged."""
    ann, bob = Party("Ann Other", "ann@example.org"), Party("Bob Roe", "bob@example.org")
    records = tuple(dataclasses.replace(email(1 + n // 4, 1 + n // 4, n, line=n % 4 * 10),
                                        sent=f"2018-11-{n + 1:02d}T10:00:00")
                    for n in range(10))
    records += tuple(dataclasses.replace(email(4, 4, n, line=n % 4 * 10), sender=s, to=(t,),
                                         sent=f"2018-12-{n:02d}T10:00:00")
                     for n, (s, t) in ((10, (ann, bob)), (11, (bob, ann))))
    store.add_document("test", document(records))
    theirs = store.same_subject_anywhere("hello", 4, keep=lambda key, parties: ann in parties,
                                         near="2018-12-10T10:00:00")
    assert [(e.sender, e.sent) for e in theirs] == [(ann, "2018-12-10T10:00:00"), (bob, "2018-12-11T10:00:00")]
    around = store.same_subject_anywhere("hello", 4, near="2018-11-06T10:00:00")
    assert [e.sent[:10] for e in around] == ["2018-11-04", "2018-11-05", "2018-11-06", "2018-11-07"]
    assert [e.sent[:10] for e in store.same_subject_anywhere("hello", 3)] == ["2018-11-01", "2018-11-02", "2018-11-03"]
    executed: list[str] = []
    store.db.conn.set_trace_callback(executed.append)
    store.same_subject_anywhere("hello", 4, near="2018-11-06T10:00:00")
    store.db.conn.set_trace_callback(None)
    plans = [str(store.db.execute("explain query plan " + sql).fetchall())
             for sql in executed if "normalized_subject" in sql]
    assert len(plans) == 3, executed  # before, undated (fewer than SUBJECT_SCAN before), after
    for plan, bound in zip(plans, ("sent<?", "sent=?", "sent>?"), strict=True):  # each a range of the index
        assert f"idx_emails_thread_key_sent (normalized_subject=? AND {bound})" in plan and "TEMP B-TREE" not in plan, plan
    monkeypatch.setattr("archive.store.SUBJECT_SCAN", 2)
    judged: list[str] = []
    store.same_subject_anywhere("hello", 4, keep=lambda key, parties: judged.append(key) is None,
                                near="2018-11-06T10:00:00")
    assert len(judged) == 4


def test_a_thread_s_records_a_reader_may_not_see_do_not_use_up_its_window(archive, monkeypatch):
    """GIVEN two messages between two parties a month apart in a public release, and between them
    more records of theirs with the same thread key than the window reads, in a restricted one
    WHEN a reader who may not see the restricted release asks for the later message's thread
    THEN both public messages come back (the hidden records were read, then dropped)."""
    ann, bob = Party("Ann Other", "ann@example.org"), Party("Bob Roe", "bob@example.org")
    archive.store.save_release(Release(slug="public", title="Public"))
    archive.store.save_release(Release(slug="sealed", title="Sealed"))
    public = tuple(dataclasses.replace(email(n + 1, n + 1, n), sender=s, to=(t,), sent=sent)
                   for n, (s, t, sent) in enumerate(((ann, bob, "2018-11-01T10:00:00"), (bob, ann, "2018-12-01T10:00:00"))))
    archive.store.add_document("public", document(public))
    sealed = tuple(dataclasses.replace(email(1, 1, n, line=n), sender=ann, to=(bob,), sent=f"2018-11-{n % 20 + 5:02d}T10:00:00")
                   for n in range(6))
    archive.store.add_document("sealed", document(sealed, sha="cd" * 32))
    monkeypatch.setattr("archive.store.SUBJECT_SCAN", 4)
    monkeypatch.setattr(archive.store, "hidden", frozenset({"sealed"}))
    found = archive.store.same_subject_anywhere("hello", 10, near="2018-12-01T10:00:00")
    assert [e.sent for e in found] == ["2018-11-01T10:00:00", "2018-12-01T10:00:00"]


def test_the_copy_pairs_are_one_tuple_until_the_database_changes(store):
    """Every search asks for the copy pairs: the same tuple while nothing changed (what a search
    derives from it is derived once), new pairs once a change records them."""
    stored = store.add_document("test", document((email(1, 1), email(2, 2), email(3, 3))))
    first, second, third = (e.id for e in store.emails_in_document(stored.id))
    assert store.copy_pairs() == () and store.copy_pairs() is store.copy_pairs()
    store.save_copy_groups([(first, first, "test"), (second, first, "test")], forget=[])
    pairs = store.copy_pairs()
    assert pairs == ((second, first),) and store.copy_pairs() is pairs
    store.save_copy_groups([(third, first, "test")], forget=[])
    assert sorted(store.copy_pairs()) == sorted([(second, first), (third, first)])


def test_a_doubt_recorded_twice_is_shown_once():
    """Ingest may record one repair twice (a field read again from the document, then from a
    copy): the reader is told once."""
    from archive.corrections import doubts

    found = doubts(certainty="exact", has_sender=True, has_recipients=True, scanned=False, ocr_confidence=None,
                   recorded=["repaired:to", "dated-from:copy", "repaired:to"])
    assert [d.field for d in found] == ["to", "date"]


def test_a_write_sqlite_rolled_back_itself_raises_its_own_error(store):
    """GIVEN a write transaction SQLite ends itself on an error (a full disk rolls it back) WHEN the
    error reaches the transaction's end THEN that error is raised, with its remedy, not "cannot
    rollback - no transaction is active" (the transaction rolled back again what was gone)."""
    from archive.work_store import immediate

    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"), immediate(store.db):
        store.db.conn.execute("rollback")  # as SQLite does on SQLITE_FULL
        raise sqlite3.OperationalError("database or disk is full")
    with immediate(store.db):  # and the connection writes again
        store.db.execute("create table t (x)")


def test_a_date_a_person_typed_is_supplied_and_one_only_made_sure_of_is_the_pages(archive):
    """GIVEN a date the page prints either way ("03/04/2019 10:00 AM", read as March 4, unsure) WHEN
    a person only says it is exact (the form shows it year first: no printed words) THEN it is
    cited as the page prints it (was: "[date supplied]"); WHEN a person types the other reading THEN
    it is cited as corrected; another date, as supplied; and the email names the field a person gave."""
    from archive.cite import cited_date
    from ingest.corrections import read_fields, value_text

    archive.store.save_release(Release(slug="test", title="Test release"))
    read = dataclasses.replace(email(1, 2), sent="2019-03-04T10:00:00", sent_raw="03/04/2019 10:00 AM",
                               date_certainty="ambiguous")
    stored = archive.store.add_document("test", document((read,)))
    (first,) = archive.store.emails_in_document(stored.id)

    def corrected(when: str) -> str:
        shown = archive.shown_values(first.id)
        form = {"date": when or value_text("date", shown["date"]), "certainty": "exact"}
        now = archive.correct_fields(first.id, read_fields(form, shown=shown), actor="editor@harbor.example.gov")
        return f"{cited_date(now)} | {'; '.join(now.people_gave)}"

    assert corrected("") == "Mar. 4, 2019, 10:00 AM | "
    # the other reading of the printed numbers: a person's reading, cited as corrected with the page's
    # words as read (was: bare, as if the page printed April 3)
    assert corrected("2019-04-03 10:00") == ("Apr. 3, 2019, 10:00 AM [date as corrected; read as "
                                             "\u201c03/04/2019 10:00 AM\u201d] | date")
    assert corrected("2019-10-01 09:00") == "Oct. 1, 2019, 9:00 AM [date supplied] | date"


def test_a_date_a_person_typed_in_another_zone_is_the_pages_date_read_again(archive):
    """GIVEN a date the page prints with its zone, late in the evening WHEN a person types the same
    moment in another zone, the next day there THEN it is the page's date read again, not cited
    "[date supplied]" (was: compared by the day typed); another moment that day in that zone is."""
    from archive.cite import date_doubt
    from ingest.corrections import read_fields

    archive.store.save_release(Release(slug="test", title="Test release"))
    read = dataclasses.replace(email(1, 2), sent="2018-11-13T23:30:00-05:00",
                               sent_raw="Tue, 13 Nov 2018 23:30:00 -0500")
    stored = archive.store.add_document("test", document((read,)))
    (first,) = archive.store.emails_in_document(stored.id)

    def doubt(when: str) -> str:
        shown = archive.shown_values(first.id)
        now = archive.correct_fields(first.id, read_fields({"date": when, "certainty": "exact"}, shown=shown),
                                     actor="editor@harbor.example.gov")
        return f"{now.sent} {date_doubt(now)}"

    assert doubt("2018-11-14 04:30:00+00:00") == "2018-11-14T04:30:00+00:00 "
    assert doubt("2018-11-14 20:30:00+00:00") == "2018-11-14T20:30:00+00:00 [date supplied]"
