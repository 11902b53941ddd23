"""People's corrections (issue 16): applied over the machine's reading everywhere emails are
read, and never lost: a re-split with a changed splitter, `foia verify --repair` and a reindex
keep every one, and a machine reading that disagrees with a person's is listed, not applied."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from archive import Archive, ArchiveError
from archive.cite import cited_date, email_citation, email_title, listed_date
from archive.corrections import same
from archive.search import SearchRequest
from archive.store import field_values
from ingest import emails as emails_module
from ingest.corrections import read_fields, resplit
from ingest.repair import rederive
from tests.harbor import RELEASE, SPLIT_LINE, build_harbor
from web.cli import main

EDITOR = "editor@example.org"


@pytest.fixture
def harbor(tmp_path):
    home, _ = build_harbor(tmp_path / "harbor")
    with Archive.open(home) as archive, archive.writing():
        yield archive


def _emails(archive):
    (document,) = archive.documents()
    return document, [e for e in archive.emails_in_document(document.id) if not e.quoted]


def _fix_sender(archive, email, text="Janet Roe <janet.roe@agency.gov>"):
    values = read_fields({"sender": text}, shown=field_values(archive.store.email_row(email.id)))
    return archive.correct_fields(email.id, values, actor=EDITOR)


def _search(archive, query):
    return [hit.key[2:] for hit in archive.search(SearchRequest(query=query)).hits if hit.key.startswith("e:")]


def test_a_corrected_sender_is_what_every_reader_sees_and_the_machine_value_is_kept(harbor):
    document, (first, *_) = _emails(harbor)

    fixed = _fix_sender(harbor, first)

    assert fixed.sender.name == "Janet Roe" and fixed.reviewed == "corrected"
    assert _search(harbor, 'from:"janet.roe@agency.gov"') == [first.id]
    assert first.id not in _search(harbor, 'from:"jane.roe@agency.gov"')
    rows = list(harbor.export(SearchRequest(query="harbor survey starts")))
    assert rows[0]["sender"] == "Janet Roe"
    assert email_citation(fixed, RELEASE, "https://x/e/1").startswith("Email from [Janet Roe]")  # (a person gave it)
    review = harbor.review(fixed)
    assert review.people["sender"].actor == EDITOR
    assert review.machine["sender"]["name"] == "Jane Roe" and review.corrected("sender")
    (entry,) = [a for a in harbor.audit_trail() if a.action == "correction.fields"]
    assert entry.target == first.id and entry.details["before"]["sender"]["name"] == "Jane Roe"
    assert entry.details["after"]["sender"]["name"] == "Janet Roe"


def test_corrections_are_append_only(harbor):
    _, (first, *_) = _emails(harbor)
    _fix_sender(harbor, first)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        harbor.store.db.execute("update corrections set actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        harbor.store.db.execute("delete from corrections")


def test_a_later_correction_supersedes_an_earlier_one(harbor):
    _, (first, *_) = _emails(harbor)
    _fix_sender(harbor, first, "Janet Roe <janet.roe@agency.gov>")
    fixed = _fix_sender(harbor, first, "J. Roe <jroe@agency.gov>")
    assert fixed.sender.address == "jroe@agency.gov"
    assert harbor.review(fixed).machine["sender"]["address"] == "jane.roe@agency.gov"


def test_unreadable_input_is_refused_with_what_to_type(harbor):
    _, (first, *_) = _emails(harbor)
    shown = field_values(harbor.store.email_row(first.id))
    with pytest.raises(ArchiveError, match="not a date that can be read"):
        read_fields({"date": "sometime next week"}, shown=shown)
    with pytest.raises(ArchiveError, match="exemption code 'b99x'"):
        read_fields({"exemptions": "b6, b99x"}, shown=shown)
    assert read_fields({"exemptions": "b6, (b)(7)(C)"}, shown=shown) == {"exemptions": ["(b)(6)", "(b)(7)(C)"]}
    assert harbor.store.corrections(first.document_id) == []


def test_a_date_typed_that_reads_either_way_round_is_not_stored_as_exact_on_a_guess(harbor):
    """GIVEN an editor typing the date as printed, "03/04/2018" WHEN "How sure" says exact THEN it
    is refused, naming both readings and how to type the one meant (it was stored as exact March 4,
    the US order guessed in silence, and cited so); marked ambiguous it is kept in doubt; typed year
    first, or unambiguous ("13/04/2018"), it is read as typed."""
    _, (first, *_) = _emails(harbor)
    shown = field_values(harbor.store.email_row(first.id))
    with pytest.raises(ArchiveError, match=r"'03/04/2018' reads as March 4 or April 3, 2018; type it year first"):
        read_fields({"date": "03/04/2018", "certainty": "exact"}, shown=shown)
    assert read_fields({"date": "03/04/2018", "certainty": "ambiguous"}, shown=shown)["date"] == {
        "sent": "2018-03-04", "certainty": "ambiguous", "printed": "03/04/2018"}
    assert read_fields({"date": "2018-04-03", "certainty": "exact"}, shown=shown)["date"]["sent"] == "2018-04-03"
    assert read_fields({"date": "13/04/2018 9:05", "certainty": "exact"}, shown=shown)["date"] == {
        "sent": "2018-04-13T09:05:00", "certainty": "exact", "printed": "13/04/2018 9:05"}


OCR_NOISE = ". Monday, November 5, 2018 10:45 AM \u2014"


def _misread_date(archive, email, raw=OCR_NOISE, certainty="damaged"):
    """The machine's reading of a scanned header's date: its words as OCR read them, in doubt."""
    with archive.store.db.conn:
        archive.store.db.execute("update emails set sent = '2018-11-05T10:45:00', sent_raw = ?, "
                                 "date_certainty = ? where id = ?", [raw, certainty, email.id])
    return archive.email(email.id)


def _set_date(archive, email, text, certainty):
    values = read_fields({"date": text, "certainty": certainty}, shown=archive.shown_values(email.id))
    return archive.correct_fields(email.id, values, actor=EDITOR)


def _dated(archive, email):
    """What a citation, the search export and an exhibit table say of an email's date."""
    (row,) = [r for r in archive.export(SearchRequest(query="*")) if r["id"] == email.id]
    return cited_date(email), row["date_note"], listed_date(email, day=True)


def test_a_party_a_person_gave_is_cited_in_brackets_never_as_printed(harbor):
    """GIVEN an email whose sender and recipients an editor corrected (or filled in where the page
    withholds them) THEN its citation sets them in brackets, as a brief marks words it supplies
    ("Email from [Janet Roe] to [Carl Moss]"), wherever it is cited (the page, the API, an exhibit
    list's table); a party as the machine read it, or checked as read, is cited as printed (was: a name the page
    withholds under (b)(6), typed by an editor, cited as if the page printed it)."""
    _, (first, reply, *_) = _emails(harbor)
    assert email_title(first) == "Email from Jane Roe to John Doe"
    fixed = _fix_sender(harbor, first)
    assert email_title(fixed) == "Email from [Janet Roe] to John Doe"
    values = read_fields({"to": "Moss, Carl; Doe, John"}, shown=field_values(harbor.store.email_row(first.id)))
    both = harbor.correct_fields(first.id, values, actor=EDITOR)
    assert email_title(both) == "Email from [Janet Roe] to [Carl Moss and John Doe]"
    assert email_citation(both, RELEASE, "https://x/e/1").startswith("Email from [Janet Roe] to [Carl Moss and John Doe] (")
    assert email_title(harbor.mark_checked(reply.id, actor=EDITOR)) == "Email from Jane Roe to John Doe"


def test_a_date_inferred_is_cited_so_until_a_person_gives_or_checks_it(harbor):
    """GIVEN an email whose page prints "07/08/2013" (day and month either way), read as 7 August
    from the document's other dates (certainty "exact") WHEN it is cited, exported and listed
    THEN each says the date was inferred, quoting the page; a person correcting another field
    leaves it so; once an editor checks the email the date is theirs and cited plainly (the
    machine's doubts of the fields a person set no longer stand); one who gives the other reading
    is cited as correcting it."""
    _, (first, reply, *_) = _emails(harbor)
    for email in (first, reply):
        with harbor.store.db.conn:
            harbor.store.db.execute("update emails set sent = '2013-08-07', sent_raw = '07/08/2013', "
                                    "date_certainty = 'exact', doubts = ? where id = ?",
                                    [json.dumps(["dated-from:document-dates", "repaired:subject"]), email.id])
    quoted = "[date inferred; read as \u201c07/08/2013\u201d]"
    assert _dated(harbor, harbor.email(first.id)) == (f"Aug. 7, 2013 {quoted}", quoted, f"2013-08-07 {quoted}")

    sender_fixed = _fix_sender(harbor, first)
    assert cited_date(sender_fixed) == f"Aug. 7, 2013 {quoted}"
    assert "dated-from:document-dates" in sender_fixed.doubts

    checked = harbor.mark_checked(first.id, actor=EDITOR)
    assert _dated(harbor, checked) == ("Aug. 7, 2013", "", "2013-08-07") and not checked.doubts
    given = _set_date(harbor, reply, "2013-07-08", "exact")  # a person reads it the other way: cited as their
    assert (cited_date(given), given.doubts) == (  # correction, with the page's words (was: plainly, as printed)
        "July 8, 2013 [date as corrected; read as \u201c07/08/2013\u201d]", ("repaired:subject",))


def test_a_date_a_person_gives_in_doubt_is_cited_in_their_words_never_the_machines(harbor):
    """GIVEN a date OCR read from a scan as ". Monday, November 5, 2018 10:45 AM —" (damaged)
    WHEN an editor types it as printed, keeping it in doubt, THEN the citation, the export's
    date note and an exhibit table quote their words (they quoted OCR's: a string nobody read,
    which may even say another date), the machine's reading is kept beside it; typed year first,
    no words are quoted; a later change of How sure alone keeps the words typed."""
    _, (first, *_) = _emails(harbor)
    machine = _misread_date(harbor, first)
    assert "\u201c. Monday" in cited_date(machine)  # the machine's words, while no person gave the date

    typed = _set_date(harbor, first, "Tuesday, November 6, 2018 10:45 AM", "damaged")

    quoted = "[date uncertain; printed \u201cTuesday, November 6, 2018 10:45 AM\u201d]"
    assert _dated(harbor, typed) == (f"Nov. 6, 2018, 10:45 AM {quoted}", quoted, f"2018-11-06 {quoted}")
    assert email_citation(typed, RELEASE, "https://x/e/1").startswith(f"Email from Jane Roe to John Doe "
                                                                      f"(Nov. 6, 2018, 10:45 AM {quoted})")
    assert (typed.sent_raw, typed.sent_printed) == (OCR_NOISE, "Tuesday, November 6, 2018 10:45 AM")
    assert harbor.review(typed).people["date"].value["printed"] == "Tuesday, November 6, 2018 10:45 AM"

    sure = _set_date(harbor, first, "Tuesday, November 6, 2018 10:45 AM", "ambiguous")  # text as shown
    assert sure.sent_printed == "Tuesday, November 6, 2018 10:45 AM" and sure.date_certainty == "ambiguous"

    year_first = _set_date(harbor, first, "2018-11-06 10:45", "damaged")
    assert _dated(harbor, year_first) == ("Nov. 6, 2018, 10:45 AM [date uncertain]", "[date uncertain]",
                                          "2018-11-06 [date uncertain]")
    assert year_first.sent_raw == OCR_NOISE and year_first.reviewed == "corrected"
    # its zone after a space, as the form's own message says to type it: no words either
    zoned = _set_date(harbor, first, "2018-11-06 10:45 -05:00", "damaged")
    assert (zoned.sent_printed, _dated(harbor, zoned)[1]) == ("", "[date uncertain]")

    undated = _set_date(harbor, first, "", "missing")
    assert cited_date(undated) == "undated" and undated.sent_printed == ""
    # "missing" beside a date (only How sure changed, the form's date left in its box) was stored
    # as a date read for sure, cited without its doubt: refused, saying what to do
    with pytest.raises(ArchiveError, match="clear the date"):
        _set_date(harbor, first, "Tuesday, November 6, 2018 10:45 AM", "missing")
    assert cited_date(harbor.email(first.id)) == "undated"


def test_a_date_checked_as_the_machine_read_it_keeps_its_words_and_scores_as_read(harbor):
    """GIVEN a date the machine read in doubt WHEN an editor checks the email as shown THEN its
    printed words stand (a person confirmed them); a person's words typed for the same date and
    certainty make no correction of the reading (`foia eval` scores the date, not OCR's words)."""
    document, (first, reply, *_) = _emails(harbor)
    _misread_date(harbor, first, raw="03/04/2018 10:45", certainty="ambiguous")
    checked = harbor.mark_checked(first.id, actor=EDITOR)
    assert checked.sent_printed is None and checked.reviewed == "checked"
    assert cited_date(checked).endswith("[date uncertain; read as \u201c03/04/2018 10:45\u201d]")

    _misread_date(harbor, reply, raw=OCR_NOISE, certainty="ambiguous")
    typed = _set_date(harbor, reply, "Monday, November 5, 2018 10:45 AM", "ambiguous")
    assert typed.reviewed == "checked"  # the date and its certainty are the machine's: nothing corrected
    (truth,) = harbor.checked_truth(RELEASE.slug)
    at = (reply.start_page, reply.start_line)
    assert truth.values[at]["date"]["printed"] == "Monday, November 5, 2018 10:45 AM"
    assert same(truth.values[at]["date"], {"sent": "2018-11-05T10:45:00", "certainty": "ambiguous"})
    assert harbor.review(typed).disagreements == ()


def _stored_without_printed_words(archive, email, action):
    """A date correction as stored before the words a person typed were kept."""
    document = archive.document(email.document_id)
    with archive.store.db.conn:
        archive.store.db.execute(
            "insert into corrections (at, actor, document_id, document_sha256, page, line, action, email_id, "
            "value, machine) values ('2024-01-02T00:00:00Z', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [EDITOR, document.id, document.sha256, email.start_page, email.start_line, action, email.id,
             json.dumps({"date": {"sent": "2018-11-06T10:45:00", "certainty": "damaged"}}),
             json.dumps({"date": {"sent": "2018-11-05T10:45:00", "certainty": "damaged"}})])
        archive.store.db.execute(
            "update emails set sent = '2018-11-06T10:45:00', machine = ?, reviewed = 'corrected' where id = ?",
            [json.dumps({"date": {"sent": "2018-11-05T10:45:00", "certainty": "damaged"}}), email.id])


def test_a_date_a_person_gave_before_their_words_were_kept_quotes_none_of_the_machines(tmp_path):
    """GIVEN a date a person corrected before their printed words were kept (migration
    m035_dates_as_people_print_them not yet applied), over OCR's reading of it
    WHEN the archive is read before any writer opened it, once one has, and after a re-split
    THEN the citation quotes no printed words (it quoted OCR's, which say Nov. 5, beside the
    person's Nov. 6), and the machine's reading is kept beside the person's date."""
    home, _ = build_harbor(tmp_path / "harbor")
    with Archive.open(home) as archive, archive.writing():
        _, (first, *_) = _emails(archive)
        _misread_date(archive, first)
        archive.store.db.execute("alter table emails drop column sent_printed")
        archive.store.db.execute("delete from _sqlite_migrations where name = 'm035_dates_as_people_print_them'")
        archive.store.db.conn.commit()
        _stored_without_printed_words(archive, first, "fields")
    expected = "Nov. 6, 2018, 10:45 AM [date uncertain]"
    with Archive.open(home, readonly=True) as archive:
        assert cited_date(archive.email(first.id)) == expected
    with Archive.open(home) as archive, archive.writing():
        email = archive.email(first.id)
        assert cited_date(email) == expected and email.sent_raw == OCR_NOISE
        assert archive.review(email).people["date"].value["printed"] == ""
        document = resplit(archive, archive.document(first.document_id))
        assert cited_date(archive.email_at(document.id, first.start_page, first.start_line)).startswith(
            "Nov. 6, 2018, 10:45 AM [date uncertain")


def test_recipients_typed_with_commas_between_people_are_refused(harbor):
    """GIVEN an editor typing two recipients separated by a comma ("Doe, John, Roe, Jane") where
    the form asks for semicolons WHEN read THEN it is refused saying to separate people with
    semicolons (it was stored as one recipient of that name); a name with a suffix is one person."""
    _, (first, *_) = _emails(harbor)
    shown = field_values(harbor.store.email_row(first.id))
    with pytest.raises(ArchiveError, match="reads as one person; separate people with semicolons"):
        read_fields({"to": "Doe, John, Roe, Jane"}, shown=shown)
    assert [p["name"] for p in read_fields({"cc": "Doe, John; Roe, Jane"}, shown=shown)["cc"]] == ["Doe, John", "Roe, Jane"]
    assert [p["name"] for p in read_fields({"cc": "Smith, John, Jr."}, shown=shown)["cc"]] == ["Smith, John, Jr."]


def test_invisible_characters_typed_or_pasted_into_a_correction_are_not_kept(harbor):
    """GIVEN an editor's correction pasted from a PDF viewer with a zero-width space inside an
    address and a bidi override in the subject WHEN it is read THEN they are removed, as from
    every text the archive reads: kept, "from:jane@agency.gov" missed the email its citation
    shows as from that address, and the override reversed the citation's text after it."""
    _, (first, *_) = _emails(harbor)
    shown = field_values(harbor.store.email_row(first.id))
    values = read_fields({"sender": "Jane\u200b Roe <jane\u200b@agency.gov>",
                          "subject": "Survey \u202eschedule\u202c moved"}, shown=shown)
    assert values["sender"]["address"] == "jane@agency.gov" and values["sender"]["name"] == "Jane Roe"
    assert values["subject"]["subject"] == "Survey schedule moved"


def test_structure_corrections_split_merge_and_not_an_email(harbor):
    document, (first, reply, permit, memo) = _emails(harbor)
    (quoted,) = [e for e in harbor.emails_in_document(document.id) if e.quoted]

    for action, email, extra in (("split", permit, dict(page=SPLIT_LINE[0], line=SPLIT_LINE[1])),
                                 ("merge", reply, {}), ("not-email", memo, {"kind": "memo"})):
        correction, doc = harbor.structure_correction(email.id, action, actor=EDITOR, **extra)
        resplit(harbor, doc, correction)

    found = harbor.emails_in_document(document.id)
    assert [(e.start_page, e.start_line, e.quoted) for e in found] == [(1, 0, False), (3, 0, False),
                                                                       (*SPLIT_LINE, False)]
    assert found[0].end_page == 2 and "tide tables" in found[0].body  # the reply joined the email before
    assert found[2].id == quoted.id and found[2].sender.name == "Permit Office"
    assert harbor.page(document.id, 4).kind == "memo"
    assert harbor.resolve_email(reply.id) == (found[0], True)  # a retired permalink moves to its email
    assert harbor.resolve_email(first.id) == (found[0], False)
    assert _search(harbor, '"survey notes"') == []  # the memo is a page now, not an email
    assert harbor.counts()["emails"] == 3
    actions = [a.action for a in harbor.audit_trail()]
    assert {"correction.split", "correction.merge", "correction.not-email"} <= set(actions)
    assert harbor.verify().ok


def test_a_split_s_permalink_names_its_place_whatever_else_is_split_or_restored_on_its_page(harbor):
    """GIVEN an editor's split in an email's body (a new email begins on that line) WHEN another
    split is made above it on the same page, or it is restored and a split made at another line
    THEN the first split's permalink names its own place as long as it stands, and the later
    split's email has an id of its own (a split was numbered by how many headers its page held:
    a split above another took its id, and a split after a restore took the restored one's, its
    permalink showing another message with no notice)."""
    document, (first, *_) = _emails(harbor)

    def split(email_id, line):
        correction, doc = harbor.structure_correction(email_id, "split", actor=EDITOR, page=1, line=line)
        resplit(harbor, doc, correction)
        return next(e for e in harbor.emails_in_document(document.id) if (e.start_page, e.start_line) == (1, line))

    lower = split(first.id, 5)
    upper = split(first.id, 4)
    assert lower.id != upper.id and lower.id != first.id
    assert harbor.email(lower.id).start_line == 5 and "crew list" in harbor.email(lower.id).body
    correction, doc = harbor.structure_correction(upper.id, "restore", actor=EDITOR)
    resplit(harbor, doc, correction)
    correction, doc = harbor.structure_correction(lower.id, "restore", actor=EDITOR)
    resplit(harbor, doc, correction)
    elsewhere = split(first.id, 4)
    assert elsewhere.id == upper.id  # the same place split again: its id again
    assert harbor.resolve_email(lower.id)[0].id == elsewhere.id  # a restored split's id: the email covering it


def test_a_quoted_copy_made_an_email_of_its_own_is_restored_as_the_machine_read_it(harbor):
    """GIVEN the Permit Office's header, read as a copy quoted in the permit email, made an email
    of its own (a split at its header) WHEN an editor restores the machine's reading there THEN it
    is a quoted copy in the permit email again, under the id it had (merging it, the one way back
    there was, removed its header: its id answered with the permit email), its field correction
    still applied; the restore is recorded at that line and audited, survives a re-derivation, and
    is refused where no person's split begins the email."""
    document, (first, reply, permit, memo) = _emails(harbor)
    (quoted,) = [e for e in harbor.emails_in_document(document.id) if e.quoted]
    correction, doc = harbor.structure_correction(quoted.id, "split", actor=EDITOR, page=quoted.start_page,
                                                  line=quoted.start_line)
    resplit(harbor, doc, correction)
    own = harbor.email(quoted.id)
    assert not own.quoted and harbor.review(own).begun is not None
    _fix_sender(harbor, own, "Permit Desk <permits@port.example.org>")
    with pytest.raises(ArchiveError, match="nothing to restore"):
        harbor.structure_correction(permit.id, "restore", actor=EDITOR)

    correction, doc = harbor.structure_correction(quoted.id, "restore", actor=EDITOR)
    resplit(harbor, doc, correction)
    again = harbor.email(quoted.id)
    assert (again.quoted, again.parent_id, again.start_page, again.start_line) == (
        True, permit.id, quoted.start_page, quoted.start_line)
    assert again.sender.name == "Permit Desk" and harbor.resolve_email(quoted.id) == (again, False)
    assert harbor.review(again).begun is None
    assert [c.action for c in harbor.store.corrections(document.id, (quoted.start_page, quoted.start_line))] == [
        "split", "fields", "restore"]
    assert [e.action for e in harbor.audit_trail(limit=1)] == ["correction.restore"]
    assert rederive(harbor, [harbor.document(document.id)])
    assert harbor.email(quoted.id).quoted
    assert harbor.verify().ok


def test_merging_an_email_a_split_began_at_a_quoted_header_makes_it_a_quoted_copy_again(harbor):
    """GIVEN the Permit Office's quoted header made an email of its own by a split WHEN an editor
    merges it with the email before THEN it is the quoted copy in the permit email again, under
    its id (the merge removed its header: the quoted copy was lost, one fewer in the release)."""
    document, (_, _, permit, _) = _emails(harbor)
    (quoted,) = [e for e in harbor.emails_in_document(document.id) if e.quoted]
    copies = harbor.counts()["quoted copies"]
    correction, doc = harbor.structure_correction(quoted.id, "split", actor=EDITOR, page=quoted.start_page,
                                                  line=quoted.start_line)
    resplit(harbor, doc, correction)
    correction, doc = harbor.structure_correction(quoted.id, "merge", actor=EDITOR)
    resplit(harbor, doc, correction)
    again = harbor.email(quoted.id)
    assert (again.quoted, again.parent_id) == (True, permit.id) and harbor.counts()["quoted copies"] == copies
    assert harbor.verify().ok


def test_a_structure_correction_outside_its_email_is_refused_and_nothing_is_stored(harbor):
    _, (first, *_) = _emails(harbor)
    with pytest.raises(ArchiveError, match="not inside email"):
        harbor.structure_correction(first.id, "split", actor=EDITOR, page=3, line=2)
    with pytest.raises(ArchiveError, match="first in its document"):
        harbor.structure_correction(first.id, "merge", actor=EDITOR)
    assert harbor.store.corrections(first.document_id) == []


def _correct_everything(archive):
    document, (first, reply, permit, memo) = _emails(archive)
    _fix_sender(archive, first)
    archive.mark_checked(permit.id, actor=EDITOR)
    for action, email, extra in (("split", permit, dict(page=SPLIT_LINE[0], line=SPLIT_LINE[1])),
                                 ("merge", reply, {}), ("not-email", memo, {"kind": "memo"})):
        correction, doc = archive.structure_correction(email.id, action, actor=EDITOR, **extra)
        resplit(archive, doc, correction)
    return document


def _reading(archive, document):
    return [(e.id, e.start_page, e.start_line, e.end_page, e.quoted, e.sender.display, e.subject, e.reviewed)
            for e in archive.emails_in_document(document.id)]


def test_every_correction_survives_a_changed_splitter_repair_and_reindex(tmp_path, monkeypatch):
    """GIVEN corrected fields, a checked email and split/merge/not-email corrections
    WHEN the document is re-derived from its original with a splitter set differently (every
    unmarked header a new email), then damaged and repaired by `foia verify --repair` (which
    re-derives it again), and the index rebuilt by `foia reindex`
    THEN every email reads as the people left it, and search agrees."""
    home, _ = build_harbor(tmp_path / "harbor")
    changed = emails_module.split_into_emails

    def splitter(texts, **kwargs):
        return changed(texts, quote_unmarked=False, **kwargs)

    with Archive.open(home) as archive, archive.writing():
        document = _correct_everything(archive)
        corrected = _reading(archive, document)
        monkeypatch.setattr(emails_module, "split_into_emails", splitter)
        assert rederive(archive, [archive.document(document.id)])
        assert _reading(archive, document) == corrected
        with archive.store.db.conn:  # damage from outside: a page row lost
            archive.store.db.execute("delete from pages where document_id = ? and number = 4", [document.id])
    runner = CliRunner()
    repaired = runner.invoke(main, ["--home", str(home), "verify", "--repair"], catch_exceptions=False)
    assert repaired.exit_code == 0 and f"re-derived document {document.id}" in repaired.output, repaired.output
    reindexed = runner.invoke(main, ["--home", str(home), "reindex"], catch_exceptions=False)
    assert reindexed.exit_code == 0, reindexed.output
    with Archive.open(home) as archive:
        assert _reading(archive, document) == corrected
        assert archive.page(document.id, 4).kind == "memo"
        assert _search(archive, 'from:"janet.roe@agency.gov"') == [corrected[0][0]]
        assert _search(archive, '"survey notes"') == []
        assert archive.review_progress(RELEASE.slug) == (2, 3)


def test_a_machine_reading_that_disagrees_with_a_person_is_listed_not_applied(harbor, monkeypatch):
    _, (first, *_) = _emails(harbor)
    _fix_sender(harbor, first)
    document = harbor.document(first.document_id)
    parse = emails_module.parse_email

    def misreading(span, known=None, title="", margin=(), **kwargs):  # a new header parser that reads the sender otherwise
        parsed = parse(span, known, title, margin, **kwargs)
        if span.header.page == 1:
            return type(parsed)(**{**parsed.__dict__, "sender": type(parsed.sender)("Jane R. Roe", "jroe@agency.gov")})
        return parsed

    monkeypatch.setattr(emails_module, "parse_email", misreading)
    rederive(harbor, [document])

    email = harbor.email(first.id)
    assert email.sender.name == "Janet Roe"  # the person's value stands
    review = harbor.review(email)
    assert review.disagreements == ("sender",)
    assert review.machine["sender"]["name"] == "Jane R. Roe"
    assert review.people["sender"].machine_then["name"] == "Jane Roe"
    (item,) = harbor.review_queue(RELEASE.slug, show="disagreements")
    assert item.email_id == first.id and item.disagreements == ("sender",)
    listed = CliRunner().invoke(main, ["--home", str(harbor.home), "review", RELEASE.slug, "--queue", "5"])
    assert listed.exit_code == 0, listed.output
    assert "1 email(s) where the machine's new reading disagrees" in listed.output
    assert f"/e/{first.id}\tharbor.pdf p.1\tsender" in listed.output
    assert "review queue, likeliest mistakes first:" in listed.output

    harbor.mark_checked(first.id, actor=EDITOR)  # the person looked again: their value stands
    assert harbor.review(harbor.email(first.id)).disagreements == ()
    assert harbor.email(first.id).sender.name == "Janet Roe"


def test_a_correction_whose_email_no_longer_begins_there_is_listed(harbor):
    """GIVEN a reply's sender corrected twice WHEN a merge makes it no email THEN the correction lost
    is listed, with its file, once: the one the later superseded is no loss (was: both listed)."""
    document, (first, reply, *_) = _emails(harbor)
    _fix_sender(harbor, reply, "Jan Roe <jan.roe@agency.gov>")
    _fix_sender(harbor, harbor.email(reply.id))
    correction, doc = harbor.structure_correction(reply.id, "merge", actor=EDITOR)
    resplit(harbor, doc, correction)
    ((unplaced, filename),) = harbor.unplaced_corrections(RELEASE.slug)
    assert unplaced.email_id == reply.id and filename == "harbor.pdf"
    assert unplaced.value["sender"]["name"] == "Janet Roe"


def test_a_span_marked_not_an_email_is_an_email_again_when_a_person_says_so(harbor):
    document, (*_, memo) = _emails(harbor)
    correction, doc = harbor.structure_correction(memo.id, "not-email", actor=EDITOR, kind="memo")
    resplit(harbor, doc, correction)
    assert harbor.email_at(document.id, memo.start_page, memo.start_line) is None

    correction, doc = harbor.email_correction(document.id, memo.start_page, memo.start_line, actor=EDITOR)
    resplit(harbor, doc, correction)

    again = harbor.email_at(document.id, memo.start_page, memo.start_line)
    assert again is not None and again.id == memo.id and again.subject == "Survey notes"
    assert harbor.page(document.id, 4).kind == "email"


def test_notes_and_tags_on_an_email_marked_not_an_email_stay_found_on_its_page(harbor):
    """GIVEN a note and a tag on an email WHEN an editor marks it a memo (its permalink now answers
    with its first page) THEN note: and tag: find that page, and the page shows them (they found
    nothing and the page showed none: the tag still counted 1 on the notes page, its link 0 results)."""
    document, (*_, memo) = _emails(harbor)
    harbor.add_account("okafor@example.org", "reader", actor="cli:test")
    dana = harbor.account("okafor@example.org")
    harbor.work.add_note(dana, f"e:{memo.id}", "heron survey memo")
    harbor.work.apply_tag(dana, "heron", [f"e:{memo.id}"])
    correction, doc = harbor.structure_correction(memo.id, "not-email", actor=EDITOR, kind="memo")
    resplit(harbor, doc, correction)
    page = f"p:{document.id}:{memo.start_page}"
    mine = harbor.read_as(dana)
    for query in ("note:heron", "tag:heron"):
        assert [hit.key for hit in mine.search(SearchRequest(query=query)).hits] == [page], query
    shown = harbor.work.aliases(page)
    reader = harbor.work.reader(dana)
    assert [n.text for n in harbor.work.notes_on(shown, reader)] == ["heron survey memo"]
    assert [t.name for tags in harbor.work.tags_on(shown, reader).values() for t in tags] == ["heron"]


def test_eval_scores_the_machine_against_what_people_checked(tmp_path):
    """GIVEN a sender corrected, an email checked as it was read, a split, a merge and a memo
    WHEN `foia eval --release` runs THEN boundaries and fields are scored against people's work:
    the machine missed one start (the split), began two where none is (the merge, the memo),
    and read one of the fields people set wrong (the sender)."""
    home, _ = build_harbor(tmp_path / "harbor")
    with Archive.open(home) as archive, archive.writing():
        _correct_everything(archive)
    result = CliRunner().invoke(main, ["--home", str(home), "eval", "--release", RELEASE.slug, "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["checked_emails"] == 2
    assert report["boundaries"]["text"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714, "matched": 2,
                                            "predicted": 4, "truth": 3}
    assert report["fields"]["text"]["sender"] == {"accuracy": 0.5, "n": 2}
    assert report["fields"]["text"]["subject"] == {"accuracy": 1.0, "n": 1}
    assert any("p.1 sender: the machine reads" in m for m in report["misses"])
    printed = CliRunner().invoke(main, ["--home", str(home), "eval", "--release", RELEASE.slug])
    assert "against what people checked or corrected: 2 emails" in printed.output
    assert "P 0.500  R 0.667" in printed.output
    both = CliRunner().invoke(main, ["--home", str(home), "eval", str(tmp_path), "--release", RELEASE.slug])
    assert both.exit_code == 2 and "not both" in both.output


def test_an_exchange_address_typed_as_printed_is_read_as_its_last_cn():
    """An Exchange address typed as the print shows it ("/O=…/CN=RECIPIENTS/CN=JROE") is read as the
    parser reads the print, its last CN, not refused as words left out."""

    typed = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JROE"
    assert read_fields({"sender": typed}, shown={"sender": None}) == {
        "sender": {"name": "JROE", "address": "", "redactions": []}}


def test_a_merge_undone_by_a_split_at_its_line_gives_back_the_machines_pinpoints(samples_archive, tmp_path):
    """GIVEN the DEA sample, each page opening with its mailbox's banner above the header of the
    email the machine reads there WHEN an editor merges such an email into the one before it and
    splits it again at its header's line (as the README says to undo a merge) THEN both emails span
    the pages they did (was: the email before took the banner of the page after it, and its
    citation a page more, "DEA-MSFT-000005–6")."""
    import shutil

    home = tmp_path / "archive"
    shutil.copytree(samples_archive, home)
    with Archive.open(home) as archive, archive.writing():
        undone = 0
        for document in archive.documents("dea-microsoft"):
            tops = [e for e in archive.emails_in_document(document.id) if not e.quoted]
            for before, email in zip(tops, tops[1:], strict=False):
                if email.start_line == 0 or email.start_page == before.start_page:
                    continue  # (a header at the page's top, or one under the body above it on a page)
                spans = [(e.start_page, e.start_line, e.end_page, e.end_line) for e in (before, email)]
                correction, doc = archive.structure_correction(email.id, "merge", actor=EDITOR)
                resplit(archive, doc, correction)
                merged = archive.email_at(document.id, before.start_page, before.start_line)
                correction, doc = archive.structure_correction(
                    merged.id, "split", actor=EDITOR, page=email.start_page, line=email.start_line)
                resplit(archive, doc, correction)
                again = [archive.email_at(document.id, e.start_page, e.start_line) for e in (before, email)]
                assert [(e.start_page, e.start_line, e.end_page, e.end_line) for e in again] == spans, email.id
                undone += 1
                break
        assert undone >= 1
