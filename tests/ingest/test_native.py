"""Native mail (.eml, .msg, .mbox; .pst and .ost in test_pst.py): read from the message itself, stored byte for byte, searchable,
cited; hostile and malformed mail refused per item with the rest of the batch ingested."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import Archive, ArchiveError, Release
from archive.cite import email_citation
from archive.files import sha256_file
from archive.ids import email_id
from archive.model import Party
from archive.search import SearchRequest
from ingest.mime import MailLimits, addresses, read_headers, read_message
from ingest.native import sniff
from ingest.pipeline import Ingest
from ingest.uploads import receive
from tests.conftest import ROOT
from web.cli import main

NATIVE = ROOT / "samples" / "native"
TRUTH = json.loads((NATIVE / "truth.json").read_text())
SLUG = "native-test"


@pytest.fixture
def native(native_archive: Path):
    with Archive.open(native_archive) as archive:
        yield archive


def _emails_by_message_id(archive: Archive) -> dict[str, object]:
    return {e.message_id: e for e in archive.iter_emails() if e.message_id}


def _eml(**headers: str) -> EmailMessage:
    message = EmailMessage()
    defaults = {"From": "Ann Lee <ann.lee@agency.example>", "To": "bo@agency.example", "Subject": "Budget",
                "Date": "Tue, 13 Nov 2018 15:45:00 -0500", "Message-ID": "<m1@agency.example>"}
    for name, value in {**defaults, **headers}.items():
        message[name] = value
    return message


def _ingest(archive: Archive, paths: list[Path], limits: MailLimits | None = None):
    if not archive.has_release(SLUG):
        archive.save_release(Release(SLUG, "Native test"), actor="tests")
    return Ingest(archive, SLUG, jobs=1, mail_limits=limits).run(paths)


# -- the sample release, every format --------------------------------------------------------


@pytest.mark.parametrize("truth", TRUTH["messages"], ids=lambda t: f"{t['file']}#{t['position']}")
def test_each_sample_message_is_read_from_its_own_headers(native, truth):
    email = _emails_by_message_id(native)[truth["message_id"]]
    document = native.document(email.document_id)
    assert document.filename == truth["file"] and email.start_page == truth["position"]
    assert email.id == email_id(document.sha256, truth["position"], 0)  # the same id scheme as printed email
    assert (email.sender.name, email.sender.address) == (truth["sender"]["name"], truth["sender"]["address"])
    for field in ("to", "cc", "bcc"):
        assert [(p.name, p.address) for p in getattr(email, field)] == \
            [(p["name"], p["address"]) for p in truth[field]], field
    assert email.sent == truth["sent"] and email.date_certainty == "exact"  # the Date header's zone kept
    assert email.subject == truth["subject"]
    assert email.in_reply_to == truth["in_reply_to"] and list(email.references) == truth["references"]
    assert email.body.startswith(truth["first_line"])
    assert [a.filename for a in native.attachments(email.id)] == truth["attachments"]
    assert email.native == document.media_type and not email.bates_start


def test_originals_and_attachments_are_kept_byte_for_byte(native):
    for path in (NATIVE / name for name in ("briefing-request.eml", "inbox.mbox", "regulation.msg")):
        document = native.store.document_by_sha256(sha256_file(path))
        assert document is not None and document.native and document.page_count == 0
        assert native.original(document).read_bytes() == path.read_bytes()
    for email in native.iter_emails():
        for attachment in native.attachments(email.id):
            kept = native.attachment_file(attachment)
            assert kept.stat().st_size == attachment.size and sha256_file(kept) == attachment.sha256
    assert native.verify().ok


def test_a_pdf_attached_to_a_message_is_a_document_of_the_release_linked_to_it(native):
    pricing = _emails_by_message_id(native)["<pricing-memo-20181211@microsoft.example>"]
    (memo,) = native.attachments(pricing.id)
    assert memo.content_type == "application/pdf" and memo.document_id
    document = native.document(memo.document_id)
    assert document.parent_sha256 == native.document(pricing.document_id).sha256
    assert document.release == pricing.release and document.page_count == 1
    (printed,) = native.emails_in_document(document.id)
    assert printed.subject == "Pilot pricing memo" and not printed.native


def test_html_is_reduced_to_text_without_scripts_and_inline_images_are_kept(native):
    html = _emails_by_message_id(native)["<holiday-20181129@microsoft.example>"]
    assert "Federal holiday reception" in html.body and "RSVP by December 7." in html.body
    for hostile in ("alert", "script", "color:red", "steal", "<"):
        assert hostile not in html.body
    (logo,) = native.attachments(html.id)
    assert logo.inline and logo.content_id == "<logo@sample>" and logo.content_type == "image/png"


def test_an_html_body_keeps_every_word_its_recipient_saw() -> None:
    """GIVEN an HTML-only message whose words stand where a news page's furniture would (a
    footer, an aside, a "caption" or "social" class, paragraphs beginning "Related:" or "See
    also:", an <article> after a paragraph) WHEN read THEN every word is in its body, searched and
    cited (was: reduced as a news article, those words silently lost); text styled out of view is
    left out and said."""
    message = _eml()
    message.set_content(
        "<html><head><title>t</title><style>p{}</style></head><body><div>Ellen: approve the transfer today.</div>"
        "<p>Related: we will shred the pilot files Friday.</p><p>See also: the list is in the safe.</p>"
        "<div class='social'>Call me on my cell.</div><table><tr><td class='caption'>Amount wired: $2,000,000"
        "</td></tr></table><aside>Counsel says destroy nothing.</aside><article>A story.</article>"
        "<footer>Ann Lee, direct line 555-0100</footer><div style='display: none'>preheader</div>"
        "<script>alert(1)</script></body></html>", subtype="html")
    read = read_message(bytes(message), MailLimits())
    for words in ("approve the transfer", "Related: we will shred", "See also: the list", "on my cell",
                  "Amount wired", "Counsel says", "A story.", "direct line 555-0100"):
        assert words in read.body, words
    assert "preheader" not in read.body and "alert" not in read.body and "p{}" not in read.body
    assert any("styled out of view" in warning for warning in read.warnings)


def test_a_plain_part_beside_an_html_body_is_added_to_it_not_put_in_its_place() -> None:
    """GIVEN a multipart/mixed message: an HTML body, then a mailing list's plain-text footer
    WHEN read THEN its body is both, in order (was: the footer alone, the body's words lost);
    an alternative's plain and HTML renderings are still one text, the plain one."""
    message = _eml()
    message.set_content("<p>The budget is cut by 40 percent.</p>", subtype="html")
    message.make_mixed()
    footer = EmailMessage()
    footer.set_content("___\nStaff mailing list")
    message.attach(footer)
    assert read_message(bytes(message), MailLimits()).body.split("\n\n") == [
        "The budget is cut by 40 percent.", "___\nStaff mailing list"]
    both = _eml()
    both.set_content("Cut by 40 percent.")
    both.add_alternative("<p>Cut by <b>40</b> percent.</p>", subtype="html")
    assert read_message(bytes(both), MailLimits()).body == "Cut by 40 percent."


def test_a_declared_charset_is_honoured(native):
    pricing = _emails_by_message_id(native)["<pricing-memo-20181211@microsoft.example>"]
    assert "Café meeting notes" in pricing.body


def test_native_messages_are_searched_with_the_same_syntax_and_facets(native):
    result = native.search(SearchRequest(query='from:megan "holiday reception"'))
    assert [hit.email.subject for hit in result.hits] == ["Holiday event invitation"]
    dated = native.search(SearchRequest(query="date:2017-10 briefing"))
    assert {hit.email.message_id for hit in dated.hits} == {
        "<exec-briefing-20171019@microsoft.example>", "<briefing-notes-20171024@microsoft.example>"}
    rows = list(native.export(SearchRequest(query="holiday")))
    assert rows[0]["pages"] == "message 2"  # its place in inbox.mbox, not a page


def test_citations_name_the_file_and_an_mbox_message(native):
    by_id = _emails_by_message_id(native)
    release = native.release(by_id["<checkin-20181128@microsoft.example>"].release)

    def cite(message_id: str) -> str:
        email = by_id[message_id]
        return email_citation(email, release, "https://foia.test/e/x", native.document(email.document_id))

    assert "at inbox.mbox, message 1 (" in cite("<checkin-20181128@microsoft.example>")
    assert "(Oct. 19, 2017, 8:30 AM UTC-4), in " in cite("<exec-briefing-20171019@microsoft.example>")
    assert "at regulation.msg (" in cite("<regulation-20180801@microsoft.example>")


def test_truth_pairs_each_native_message_with_its_printed_copy():
    printed = json.loads((ROOT / "samples" / "dea-microsoft" / "truth.json").read_text())["emails"]
    assert len(TRUTH["pairs"]) == 3
    for pair in TRUTH["pairs"]:
        native = next(m for m in TRUTH["messages"] if m["message_id"] == pair["native"]["message_id"])
        copy = next(e for e in printed if e["file"] == pair["printed"]["file"]
                    and e["start_page"] == pair["printed"]["start_page"] and not e["quoted"])
        assert copy["subject"] == native["subject"] and copy["sender"]["address"] == native["sender"]["address"]
        assert copy["sent"][:16] == native["sent"][:16]


def test_the_native_sample_is_what_its_generator_makes(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "samples" / "native_mail.py"), "--out", str(tmp_path)],
                   check=True, cwd=ROOT, timeout=120)
    for path in sorted(NATIVE.iterdir()):
        assert (tmp_path / "native" / path.name).read_bytes() == path.read_bytes(), path.name


def test_ingesting_again_changes_nothing(native):
    before = native.store.counts()
    summary = Ingest(native, TRUTH["release"], jobs=1).run([NATIVE])
    assert summary.count("skipped") == 4 and not summary.failed and native.store.counts() == before


# -- known by content, not by name ------------------------------------------------------------


def test_a_file_is_known_by_its_content(tmp_path):
    named_oddly = tmp_path / "exported message.dat"
    named_oddly.write_bytes(_eml().as_bytes())
    renamed = tmp_path / "looks-like.msg"
    renamed.write_bytes(_eml().as_bytes())
    assert sniff(named_oddly) == sniff(renamed) == "eml"
    assert sniff(NATIVE / "regulation.msg") == "msg" and sniff(NATIVE / "inbox.mbox") == "mbox"
    assert sniff(NATIVE / "release.json") == sniff(NATIVE / "truth.json") == ""


def test_a_message_whose_words_name_a_pdfs_header_is_a_message(archive, tmp_path):
    """GIVEN an .eml and an mbox whose first KB holds "%PDF-1.7" in a message's words WHEN
    ingested THEN each is read as mail, every message kept (was: taken for a corrupt PDF and
    refused whole, an mbox's every message lost); a PDF is still a PDF."""
    message = _eml()
    message.set_content("The scan does not start with %PDF-1.7 and the viewer refuses it.\n")
    eml = tmp_path / "note.eml"
    eml.write_bytes(message.as_bytes())
    mbox = tmp_path / "Inbox"
    mbox.write_bytes(b"From ann.lee@agency.example Tue Nov 13 15:45:00 2018\n" + message.as_bytes()
                     + b"\nFrom bo@agency.example Tue Nov 13 16:00:00 2018\n" + _eml(**{"Message-ID": "<m2@agency.example>"}).as_bytes())
    assert (sniff(eml), sniff(mbox), sniff(ROOT / "samples" / "dea-microsoft" / "dea-microsoft-part1.pdf")) == ("eml", "mbox", "pdf")
    summary = _ingest(archive, [eml, mbox])
    assert [o.status for o in summary.outcomes] == ["ingested", "ingested"]
    assert summary.emails == 1 + 2


def test_a_folder_yields_its_mail_by_content_and_leaves_other_files(archive, tmp_path):
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "Inbox").write_bytes((NATIVE / "inbox.mbox").read_bytes())  # an mbox without a suffix
    (folder / "notes.txt").write_text("Not mail, just notes.\n")
    (folder / "release.json").write_text("{}")
    summary = _ingest(archive, [folder])
    assert [o.path.rsplit("/", 1)[-1] for o in summary.outcomes if "▸" not in o.path] == ["Inbox"]
    assert summary.emails == 3 + 1  # its three messages, and the attached PDF's email


# -- hostile and malformed mail ---------------------------------------------------------------


def test_broken_mime_and_wrong_charsets_are_read_as_well_as_they_can_be(archive, tmp_path):
    broken = tmp_path / "broken.eml"
    broken.write_bytes(b"From: a@x.example\nTo: b@x.example\nSubject: broken\nMessage-ID: <b1@x>\n"
                       b"Content-Type: multipart/mixed; boundary=\"never-closed\"\n\n"
                       b"--never-closed\nContent-Type: text/plain; charset=x-no-such-charset\n\n"
                       b"Caf\xe9 au lait\n--never-closed\nContent-Type: text/plain; charset=utf-8\n\n"
                       b"R\xe9sum\xe9 in latin-1 bytes\n")
    summary = _ingest(archive, [broken])
    (outcome,) = summary.outcomes
    assert outcome.status == "ingested", outcome.message
    assert any("unknown charset" in w for w in outcome.warnings)
    assert any("malformed MIME" in w for w in outcome.warnings)
    (email,) = archive.emails_in_document(outcome.document_id)
    assert "Café au lait" in email.body and "Résumé in latin-1 bytes" in email.body
    assert email.date_certainty == "missing" and email.sent is None


def test_hostile_headers_are_bounded_and_printable(archive, tmp_path):
    hostile = tmp_path / "hostile.eml"
    hostile.write_bytes(b"From: \"Evil\x07\x1b[31m <script>\" <evil@x.example>\nTo: b@x.example\n"
                        b"Subject: " + b"A" * 50_000 + b"\nDate: not a date at all\n\nbody\n")
    (outcome,) = _ingest(archive, [hostile]).outcomes
    (email,) = archive.emails_in_document(outcome.document_id)
    assert len(email.subject) <= 2000 and "\x1b" not in email.sender.name and "\x07" not in email.sender.name
    assert email.date_certainty == "damaged" and email.sent_raw == "not a date at all"


def _nested(depth: int) -> bytes:
    inner = _eml(Subject="the innermost")
    inner.set_content("deep down")
    for level in range(depth):
        outer = _eml(Subject=f"level {level}", **{"Message-ID": f"<n{level}@x>"})
        outer.set_content("forwarded")
        outer.add_attachment(inner)
        inner = outer
    return inner.as_bytes()


def test_nesting_past_the_cap_fails_that_file_alone_and_leaves_the_archive_as_it_was(archive, tmp_path):
    deep, fine = tmp_path / "deep.eml", tmp_path / "fine.eml"
    deep.write_bytes(_nested(40))
    fine.write_bytes(_nested(2))
    _ingest(archive, [])
    before = archive.store.counts()
    summary = _ingest(archive, [deep, fine])
    failed, ingested = summary.outcomes
    assert failed.status == "failed" and failed.path.endswith("deep.eml")
    assert "nested more than 8 deep" in failed.message and "FOIA_MAIL_MAX_DEPTH" in failed.message
    assert ingested.status == "ingested"
    assert archive.store.document_by_sha256(sha256_file(deep)) is None
    after = archive.store.counts()
    assert (after["documents"], after["emails"]) == (before["documents"] + 1, before["emails"] + 1)
    (email,) = archive.emails_in_document(ingested.document_id)
    assert [a.content_type for a in archive.attachments(email.id)] == ["message/rfc822"]


def test_huge_attachments_and_bodies_are_refused_past_configurable_limits(archive, tmp_path):
    big = _eml(Subject="big attachment")
    big.set_content("see attached")
    big.add_attachment(b"\x00" * (2 * 1024 * 1024), maintype="application", subtype="octet-stream",
                       filename="dump.bin")
    long = _eml(Subject="long body", **{"Message-ID": "<long@x>"})
    long.set_content("word " * 50_000)
    (tmp_path / "big.eml").write_bytes(big.as_bytes())
    (tmp_path / "long.eml").write_bytes(long.as_bytes())
    limits = MailLimits(max_attachment_bytes=1024 * 1024, max_body_chars=100_000)
    first, second = _ingest(archive, [tmp_path / "big.eml", tmp_path / "long.eml"], limits).outcomes
    assert first.status == second.status == "failed"
    assert "dump.bin" in first.message and "FOIA_MAIL_MAX_ATTACHMENT_MB" in first.message
    assert "FOIA_MAIL_MAX_BODY_CHARS" in second.message
    assert MailLimits.from_environment({"FOIA_MAIL_MAX_ATTACHMENT_MB": "3", "FOIA_MAIL_MAX_DEPTH": "2"}) == \
        MailLimits(max_attachment_bytes=3 * 1024 * 1024, max_depth=2)
    with pytest.raises(ValueError, match="FOIA_MAIL_MAX_DEPTH"):
        MailLimits.from_environment({"FOIA_MAIL_MAX_DEPTH": "lots"})


def test_a_zip_bomb_attached_to_a_message_is_kept_as_it_is_never_unpacked(archive, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("zeros.bin", b"\x00" * (200 * 1024 * 1024))
    message = _eml(Subject="open me")
    message.set_content("the archive")
    message.add_attachment(buffer.getvalue(), maintype="application", subtype="zip", filename="bomb.zip")
    path = tmp_path / "bomb.eml"
    path.write_bytes(message.as_bytes())
    started = time.monotonic()
    (outcome,) = _ingest(archive, [path]).outcomes
    assert outcome.status == "ingested" and time.monotonic() - started < 20
    (email,) = archive.emails_in_document(outcome.document_id)
    (zipped,) = archive.attachments(email.id)
    assert zipped.size == len(buffer.getvalue()) < 1024 * 1024
    assert archive.attachment_file(zipped).read_bytes() == buffer.getvalue()


def test_a_msg_that_is_not_ole_and_a_broken_pst_are_refused_naming_the_file(archive, tmp_path):
    fake = tmp_path / "quarterly.msg"
    fake.write_text("This is not an Outlook message at all.\n")
    pst = tmp_path / "mailbox.pst"
    pst.write_bytes(b"!BDN" + b"\x00" * 512)
    headed = tmp_path / "headed.pst"  # a .pst's header, then nothing
    headed.write_bytes(b"!BDN\x00\x00\x00\x00SM\x17\x00" + b"\x00" * 500)
    good = tmp_path / "good.eml"
    good.write_bytes(_eml().as_bytes())
    outcomes = {Path(o.path).name: o for o in _ingest(archive, [fake, pst, headed, good]).outcomes}
    assert outcomes["quarterly.msg"].status == "failed"
    assert "not an Outlook message" in outcomes["quarterly.msg"].message
    assert outcomes["mailbox.pst"].status == "failed" and "not an Outlook data file" in outcomes["mailbox.pst"].message
    assert outcomes["headed.pst"].status == "failed"
    assert "not a readable Outlook data file" in outcomes["headed.pst"].message
    assert outcomes["good.eml"].status == "ingested"


def test_an_mbox_message_past_a_bound_fails_alone_naming_its_number(archive, tmp_path):
    box = tmp_path / "box.mbox"
    parts = []
    for number, size in enumerate((10, 300_000, 10), start=1):
        message = _eml(Subject=f"message {number}", **{"Message-ID": f"<box{number}@x>"})
        message.set_content("x" * size)
        parts.append(b"From a@x Tue Nov 13 15:45:00 2018\n" + message.as_bytes() + b"\n")
    box.write_bytes(b"".join(parts))
    summary = _ingest(archive, [box], MailLimits(max_message_bytes=100_000))
    failed = [o for o in summary.outcomes if o.status == "failed"]
    assert [o.path for o in failed] == [f"{box}, message 2"]
    assert "FOIA_MAIL_MAX_MESSAGE_MB" in failed[0].message
    stored = next(o for o in summary.outcomes if o.status == "ingested")
    assert "message 2 refused" in stored.message
    assert [e.subject for e in archive.emails_in_document(stored.document_id)] == ["message 1", "message 3"]
    assert [e.start_page for e in archive.emails_in_document(stored.document_id)] == [1, 3]


# -- the command line and the upload ----------------------------------------------------------


def test_foia_ingest_takes_native_mail_and_exits_1_naming_a_bad_file(home, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["--home", str(home), "ingest", str(NATIVE)], catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    assert "5 ingested" in ok.output and "7 emails" in ok.output
    bad = tmp_path / "bad.msg"
    bad.write_text("plain text\n")
    failed = runner.invoke(main, ["--home", str(home), "ingest", str(bad), "--release", TRUTH["release"]],
                           catch_exceptions=False)
    assert failed.exit_code == 1 and "bad.msg" in failed.output and "not an Outlook message" in failed.output
    found = runner.invoke(main, ["--home", str(home), "search", "from:laura", "facial"], catch_exceptions=False)
    assert "Microsoft position on facial recognition" in found.output


def test_an_upload_takes_mail_by_content_and_zips_of_it(tmp_path):
    kept = receive(io.BytesIO(_eml().as_bytes()), tmp_path, "message")
    assert [r.stored_name for r in kept] == ["message.eml"] and not kept[0].refused
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("mail/regulation.msg", (NATIVE / "regulation.msg").read_bytes())
        bundle.writestr("mail/inbox", (NATIVE / "inbox.mbox").read_bytes())
        bundle.writestr("mail/readme.txt", "not mail")
    found = {r.name.rsplit("/", 1)[-1]: r for r in receive(io.BytesIO(buffer.getvalue()), tmp_path, "mail.zip")}
    assert found["regulation.msg"].stored_name == "regulation.msg"
    assert found["inbox"].stored_name == "inbox.mbox"
    assert found["readme.txt"].refused and "not a PDF or an email" in found["readme.txt"].refused
    assert (tmp_path / "regulation.msg").read_bytes() == (NATIVE / "regulation.msg").read_bytes()


def test_people_may_correct_a_native_message_but_not_its_bounds(archive, tmp_path):
    path = tmp_path / "one.eml"
    message = _eml(Subject="Budgte")
    message.set_content("Numbers attached.")
    path.write_bytes(message.as_bytes())
    (outcome,) = _ingest(archive, [path]).outcomes
    (email,) = archive.emails_in_document(outcome.document_id)
    corrected = archive.correct_fields(email.id, {"subject": {"subject": "Budget", "normalized": "budget"}},
                                       actor="ed@example.org")
    assert corrected.subject == "Budget" and corrected.reviewed == "corrected"
    with pytest.raises(ArchiveError, match="native message"):
        archive.structure_correction(email.id, "merge", actor="ed@example.org")


def test_parts_nested_without_end_are_refused_before_the_parser_spends_its_time(archive, tmp_path):
    """GIVEN a message of multiparts nested 3,000 deep (the email parser needs about 10 s a
    thousand levels) THEN it is refused in well under a second, naming the setting."""
    opening = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(3000))
    closing = b"".join(b"--b%d--\n" % i for i in reversed(range(3000)))
    path = tmp_path / "onion.eml"
    path.write_bytes(b"From: a@x.example\nTo: b@x.example\nSubject: onion\n" + opening
                     + b"Content-Type: text/plain\n\ncore\n" + closing)
    started = time.monotonic()
    (outcome,) = _ingest(archive, [path]).outcomes
    assert time.monotonic() - started < 5
    assert outcome.status == "failed" and "FOIA_MAIL_MAX_CONTAINERS" in outcome.message


def test_the_second_engine_finds_native_messages_too(archive):
    _ingest(archive, [NATIVE])
    archive.reindex(engine="tantivy")
    result = archive.search(SearchRequest(query='from:laura "facial recognition"'))
    assert [hit.email.message_id for hit in result.hits] == ["<regulation-20180801@microsoft.example>"]
    assert archive.verify().ok


def test_mail_saved_under_a_pdf_name_is_ingested_as_mail(archive, tmp_path):
    disguised = tmp_path / "scan.pdf"
    disguised.write_bytes(_eml(Subject="not a scan").as_bytes())
    (outcome,) = _ingest(archive, [disguised]).outcomes
    assert outcome.status == "ingested" and archive.document(outcome.document_id).native


def test_native_mail_beside_its_printed_copies_is_linked_and_folded(samples_archive, tmp_path):
    """GIVEN the printed samples' archive WHEN the native release is ingested beside it THEN each
    message the truth pairs with its printed copy is one message (a copy of the other on the
    email page), and a search finds it once, or twice when asked for every copy."""
    home = tmp_path / "both"
    shutil.copytree(samples_archive, home)
    with Archive.open(home) as archive:
        release = json.loads((NATIVE / "release.json").read_text())
        archive.save_release(Release(**{k: release[k] for k in ("slug", "title") if k in release}), actor="tests")
        summary = Ingest(archive, release["slug"], jobs=1).run([NATIVE])
        assert not summary.failed, summary.failed
        for pair in TRUTH["pairs"]:
            (native_id,) = [r[0] for r in archive.store.db.execute(
                "select id from emails where message_id = ?", [pair["native"]["message_id"]])]
            (printed_id,) = [r[0] for r in archive.store.db.execute(
                "select e.id from emails e join documents d on d.id = e.document_id where d.filename = ? "
                "and e.start_page = ? and not e.quoted", [pair["printed"]["file"], pair["printed"]["start_page"]])]
            assert native_id in {copy.id for copy, _ in archive.copies_of(printed_id)}
            subject = archive.store.email(native_id).subject
            query = f'subject:"{subject}"'
            folded = {h.key for h in archive.search(SearchRequest(query=query)).hits}
            every = {h.key for h in archive.search(SearchRequest(query=query, include_quoted=True)).hits}
            assert {f"e:{native_id}", f"e:{printed_id}"} <= every
            assert len({f"e:{native_id}", f"e:{printed_id}"} & folded) == 1


# -- address headers as Outlook exports and hand-made messages write them --------------------

# (header value, the (name, address) of each party it names); each value also holds an unquoted
# "Last, First <address>" or a ";" between parties, which the email package alone misreads
ADDRESS_LISTS = [
    pytest.param("Ellison, Mark <mark.ellison@agency.gov>", [("Ellison, Mark", "mark.ellison@agency.gov")],
                 id="last-first"),
    pytest.param("Roe, Jane <j@x.gov>, Doe, John <d@x.gov>", [("Roe, Jane", "j@x.gov"), ("Doe, John", "d@x.gov")],
                 id="list-of-last-first"),
    pytest.param("a@x.gov, Roe, Jane <j@x.gov>, b@x.gov",
                 [("", "a@x.gov"), ("Roe, Jane", "j@x.gov"), ("", "b@x.gov")], id="bare-addresses-stay-apart"),
    pytest.param('"Roe, Jane" <j@x.gov>, Del Toro, Ana <a@x.gov>',
                 [("Roe, Jane", "j@x.gov"), ("Del Toro, Ana", "a@x.gov")], id="quoted-and-unquoted"),
    pytest.param("=?utf-8?q?M=C3=BCller?=, =?utf-8?q?J=C3=BCrgen?= <jm@x.gov>, =?utf-8?q?Ba=C3=B1os=2C_Ana?= <ab@x.gov>",
                 [("Müller, Jürgen", "jm@x.gov"), ("Baños, Ana", "ab@x.gov")], id="encoded-words"),
    pytest.param("Board: Roe, Jane <j@x.gov>, b@x.gov;, Doe, John <d@x.gov>",
                 [("Roe, Jane", "j@x.gov"), ("", "b@x.gov"), ("Doe, John", "d@x.gov")], id="group"),
    pytest.param("undisclosed-recipients:;", [("undisclosed-recipients", "")], id="undisclosed-recipients"),
    pytest.param("Roe, Jane <j@x.gov>; Doe, John <d@x.gov>; b@x.gov",
                 [("Roe, Jane", "j@x.gov"), ("Doe, John", "d@x.gov"), ("", "b@x.gov")], id="semicolons"),
    pytest.param('"Lee; Ann" <a@x.gov>; Board: b@x.gov; Roe, Jane <j@x.gov>',
                 [("Lee; Ann", "a@x.gov"), ("", "b@x.gov"), ("Roe, Jane", "j@x.gov")],
                 id="semicolon-quoted-and-ending-a-group"),
]


@pytest.mark.parametrize(("value", "expected"), ADDRESS_LISTS)
def test_an_unquoted_last_first_name_is_one_party(value, expected):
    """GIVEN an address header as Exchange exports write it, "Ellison, Mark <m@x.gov>", its
    display name's comma unquoted (or Outlook's ";" between parties)
    WHEN its parties are read (.msg From and To: ``addresses``)
    THEN each "Last, First" stays the name of one party, bare addresses stay apart, quoted and
    encoded names read as they are written, and an empty group is named."""
    assert [(p.name, p.address) for p in addresses(value)] == expected


@pytest.mark.parametrize("field", ["From", "Sender", "To", "Cc", "Bcc"])
def test_every_address_header_of_a_message_pairs_up_last_first_names(field):
    """GIVEN a message (or an Outlook item's Internet headers) whose ``field`` is
    "Ellison, Mark <m@x.gov>, Roe, Jane <j@x.gov>", folded
    WHEN its headers are read
    THEN that field names Mark Ellison and Jane Roe, not four parties ("ellison", "Mark", …)
    (a sender: the first)."""
    sender = "" if field in ("From", "Sender") else "From: a@x.gov\n"  # Sender is read when From is missing
    text = f"{sender}{field}: Ellison, Mark <m@x.gov>,\n Roe, Jane <j@x.gov>\nSubject: s\n"
    message = read_headers(text, MailLimits())
    read = {"From": [message.sender], "Sender": [message.sender], "To": list(message.to), "Cc": list(message.cc),
            "Bcc": list(message.bcc)}[field]
    expected = [("Ellison, Mark", "m@x.gov")] if field in ("From", "Sender") else \
        [("Ellison, Mark", "m@x.gov"), ("Roe, Jane", "j@x.gov")]
    assert [(p.name, p.address) for p in read if p is not None] == expected


_NAME = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'-"), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_NAME, _NAME, st.booleans()), min_size=1, max_size=6), st.sampled_from([", ", "; "]))
def test_any_list_of_last_first_names_reads_as_its_parties(people, separator):
    """GIVEN a list of "Last, First <address>" parties, some quoted, some not, separated as
    mail or as Outlook separates them
    WHEN it is read
    THEN it names each party once, in order, with its whole name and address."""
    written, expected = [], []
    for number, (last, first, quoted) in enumerate(people):
        name = f'"{last}, {first}"' if quoted else f"{last}, {first}"
        written.append(f"{name} <p{number}@x.gov>")
        expected.append((f"{last}, {first}", f"p{number}@x.gov"))
    assert [(p.name, p.address) for p in addresses(separator.join(written))] == expected


def test_a_last_first_sender_is_cited_by_name(archive, tmp_path):
    """GIVEN an .eml from "Ellison, Mark <mark.ellison@agency.gov>" to "Roe, Jane <jane@x.gov>",
    unquoted, as Exchange exports write them
    WHEN it is ingested and cited
    THEN the sender is Mark Ellison with his address and the one recipient Jane Roe."""
    path = tmp_path / "last-first.eml"
    path.write_bytes(b"From: Ellison, Mark <mark.ellison@agency.gov>\nTo: Roe, Jane <jane@x.gov>\n"
                     b"Subject: Budget\nDate: Tue, 13 Nov 2018 15:45:00 -0500\nMessage-ID: <lf1@x.gov>\n\nHello\n")
    (outcome,) = _ingest(archive, [path]).outcomes
    (email,) = archive.emails_in_document(outcome.document_id)
    assert (email.sender.name, email.sender.address) == ("Ellison, Mark", "mark.ellison@agency.gov")
    assert [(p.name, p.address) for p in email.to] == [("Roe, Jane", "jane@x.gov")]
    citation = email_citation(email, archive.release(SLUG), "https://foia.test/e/x", archive.document(email.document_id))
    assert citation.startswith("Email from Mark Ellison to Jane Roe (Nov. 13, 2018"), citation


def test_old_comment_names_and_long_lists_read_by_parts() -> None:
    """GIVEN a name in the old comment form ("jroe@x.gov (Jane Roe)"), which the header registry
    drops, and a list of 200 "Last, First <address>" parties (its parse cut into runs of about
    1000 characters, so a crafted 20 KB header no longer costs seconds) WHEN read THEN the name is
    kept, every party is one, none split at a run's edge, and a list is capped at 5,000 parties."""
    from ingest import mime

    assert addresses("jroe@x.gov (Jane Roe), Doe, John <d@x.gov>") == (
        Party("Jane Roe", "jroe@x.gov"), Party("Doe, John", "d@x.gov"))
    listed = ", ".join(f"Name{i}, Given{i} <n{i}@x.gov>" for i in range(200))
    assert len(listed) > 5 * mime._CHUNK
    assert addresses(listed) == tuple(Party(f"Name{i}, Given{i}", f"n{i}@x.gov") for i in range(200))
    assert len(addresses('"a",' * 6000)) == mime.MAX_PARTIES == 5000
    assert all(len(chunk) <= 3 * mime._CHUNK for chunk in mime._chunks('"a",' * 5000))


@pytest.mark.parametrize("count", [600, 5000])
def test_a_distribution_lists_recipients_are_read_whole(count: int) -> None:
    """GIVEN a message to a distribution list of 600 or 5,000 "Last, First <address>" recipients
    (30 KB and 260 KB of header) WHEN read THEN every recipient is kept, each whole, and no warning is
    given (was: 386 kept, the last a run of five recipients glued together, cut mid-address)."""
    to = ", ".join(f"Lastname{i}, Firstname <first.last{i}@agency.example.gov>" for i in range(count))
    data = (f"From: Jane Roe <jroe@harbor.example.gov>\r\nTo: {to}\r\nDate: Mon, 15 Oct 2018 10:00:00 -0400\r\n"
            "Subject: all staff\r\n\r\nbody\r\n").encode()
    message = read_message(data, MailLimits())
    assert [(p.name, p.address) for p in message.to] == [
        (f"Lastname{i}, Firstname", f"first.last{i}@agency.example.gov") for i in range(count)]
    assert message.warnings == ()


def test_a_list_longer_than_is_read_is_cut_after_a_whole_party_and_says_so() -> None:
    """GIVEN a To: list past the characters read (9,000 recipients) WHEN read THEN the parties kept
    are whole (the cut falls after the last whole one, never inside an address or between a
    surname and its given name) and the message warns that the list was cut, naming the header."""
    to = ", ".join(f"Lastname{i}, Firstname <first.last{i}@agency.example.gov>" for i in range(9000))
    data = (f"From: Jane Roe <jroe@harbor.example.gov>\r\nTo: {to}\r\nDate: Mon, 15 Oct 2018 10:00:00 -0400\r\n"
            "Subject: all staff\r\n\r\nbody\r\n").encode()
    message = read_message(data, MailLimits())
    assert 4000 < len(message.to) <= 5000
    assert all(p.address == f"first.last{i}@agency.example.gov" and p.name == f"Lastname{i}, Firstname"
               for i, p in enumerate(message.to))
    assert message.warnings == (f"To: more recipients than are read; the first {len(message.to):,} kept",)


def test_a_long_group_or_a_colon_in_a_bare_name_loses_no_party() -> None:
    """GIVEN an address list of 120 parties inside a group ("Team: …;"), or after a bare name
    holding a colon ("Office: Planning <p@x.gov>, …", read as a group never closed) WHEN read
    THEN every party is kept (a run cut at 1000 characters kept 30 of 121)."""
    listed = ", ".join(f"u{i}@x.gov" for i in range(120))
    assert len(addresses(f"Team: {listed};, last@x.gov")) == 121
    assert len(addresses(f"Office: Planning <p@x.gov>, {listed}")) == 121


def test_a_native_date_is_kept_as_its_header_prints_it():
    """GIVEN native mail whose Date: header names the wrong weekday ("Wed, 24 Oct 2017", a
    Tuesday) or no zone THEN ``sent_raw`` is the header as printed (was Python's reprint of it: the
    weekday silently put right, "-0000" added, a zone the header never printed)."""
    from ingest.mime import read_message

    for printed in ("Wed, 24 Oct 2017 09:12:00 -0400", "Tue, 24 Oct 2017 09:12:00"):
        data = f"From: a@x.org\r\nTo: b@x.org\r\nSubject: s\r\nDate: {printed}\r\n\r\nBody\r\n".encode()
        message = read_message(data, MailLimits())
        assert message.sent_raw == printed
        assert (message.sent or "").startswith("2017-10-24T09:12:00")


def test_a_native_date_in_utc_whose_local_zone_is_unsaid_is_utc():
    """GIVEN native mail dated "-0000" (RFC 5322: the time is UTC, the sender's local zone unsaid)
    THEN it is sent at that UTC instant, its zone printed (was: no zone, cited as a time printed
    without one, though the header states the instant); a date with no zone at all has none."""
    from ingest.mime import read_message

    for printed, sent in (("Fri, 02 Jan 2015 10:00:00 -0000", "2015-01-02T10:00:00+00:00"),
                          ("Fri, 02 Jan 2015 10:00:00", "2015-01-02T10:00:00")):
        data = f"From: a@x.org\r\nTo: b@x.org\r\nSubject: s\r\nDate: {printed}\r\n\r\nBody\r\n".encode()
        message = read_message(data, MailLimits())
        assert (message.sent_raw, message.sent) == (printed, sent)


def test_a_native_date_with_a_zone_named_abroad_is_placed_or_said_unplaced():
    """GIVEN native mail dated with a zone's abbreviation the email package does not know
    ("CEST", "JST") THEN it is sent at that zone's offset (was: no zone, cited and sorted as a time
    printed without one, shown "no time zone printed" beside "09:00:00 CEST"); one naming several
    offsets ("IST": India, Ireland, Israel) stays as printed and is said unplaced, not unprinted."""
    from archive.dates import zone_not_understood
    from ingest.mime import read_message

    for printed, sent in (("Mon, 04 Mar 2019 09:00:00 CEST", "2019-03-04T09:00:00+02:00"),
                          ("Mon, 04 Mar 2019 09:00:00 JST", "2019-03-04T09:00:00+09:00"),
                          ("Mon, 04 Mar 2019 09:00:00 IST", "2019-03-04T09:00:00")):
        data = f"From: a@x.org\r\nTo: b@x.org\r\nSubject: s\r\nDate: {printed}\r\n\r\nBody\r\n".encode()
        assert read_message(data, MailLimits()).sent == sent
    assert [zone_not_understood(printed) for printed in ("Mon, 04 Mar 2019 09:00:00 IST", "9:00 AM (IST)",
            "Mon, 04 Mar 2019 09:00:00 CEST", "Mon, 04 Mar 2019 9:00 AM", "Mon, 04 Mar 2019 09:00",
            "Thursday, August 08, 2013 1:23 PM ee", "8/8/2013 1:23 PM Fri")] == ["IST", "IST", "", "", "", "", ""]


def test_a_header_in_raw_utf8_keeps_its_letters():
    """GIVEN native mail whose From:, To: and Subject: carry UTF-8 bytes unencoded (a mailer that
    skips RFC 2047; common in exports), or Windows-1252 bytes WHEN read THEN the names and subject
    keep their letters (was: "Rodr??guez, Jos??": the sender found by no ``from:`` search)."""
    from ingest.mime import read_message

    data = ("From: Rodríguez, José <jr@x.org>\r\nTo: Núñez, Ana <an@x.org>\r\nSubject: Reunión\r\n"
            "Date: Tue, 24 Oct 2017 09:12:00 -0400\r\n\r\nBody\r\n").encode()
    message = read_message(data, MailLimits())
    assert (message.sender.name if message.sender else None, [p.name for p in message.to], message.subject) == (
        "Rodríguez, José", ["Núñez, Ana"], "Reunión")
    latin = read_message(data.decode().encode("cp1252"), MailLimits())
    assert (latin.sender.name if latin.sender else None, latin.subject) == ("Rodríguez, José", "Reunión")


def test_a_date_no_calendar_holds_and_an_empty_message_id_are_kept_as_printed(archive, tmp_path):
    """GIVEN a message dated "31 Dec 9999 23:59:59 -1200" (year 10000 in UTC), one dated in year
    0001 (which the email package reads as 2001), one whose Message-ID is "<>" and an ordinary
    one WHEN ingested together THEN each is stored, the two dates kept as printed and damaged, not
    exact (was: an OverflowError that broke search for the whole archive until the date was
    corrected, and a 2001 date cited as exact), the empty id as none (was: an IndexError that failed
    every file of the batch), and search answers."""
    late, early, empty, fine = (tmp_path / f"{n}.eml" for n in ("late", "early", "empty", "fine"))
    def raw(date: str, message_id: str, subject: str = "Budget") -> bytes:  # (as printed: EmailMessage reprints)
        return (f"From: a@x.org\r\nTo: b@x.org\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
                f"Date: {date}\r\n\r\nBody\r\n").encode()

    late.write_bytes(raw("Fri, 31 Dec 9999 23:59:59 -1200", "<late@x>"))
    early.write_bytes(raw("Mon, 01 Jan 0001 00:00:00 +1400", "<early@x>"))
    empty.write_bytes(raw("Tue, 13 Nov 2018 15:45:00 -0500", "<>", "Quokka count"))
    fine.write_bytes(_eml(Subject="Numbat count", **{"Message-ID": "<fine@x>"}).as_bytes())
    summary = _ingest(archive, [late, early, empty, fine])
    assert [o.status for o in summary.outcomes] == ["ingested"] * 4
    dated = {e.message_id or e.subject: (e.sent, e.date_certainty, e.sent_raw) for e in archive.iter_emails()}
    assert dated["<late@x>"] == (None, "damaged", "Fri, 31 Dec 9999 23:59:59 -1200")
    assert dated["<early@x>"] == (None, "damaged", "Mon, 01 Jan 0001 00:00:00 +1400")
    assert dated["Quokka count"][:2] == ("2018-11-13T15:45:00-05:00", "exact")
    assert archive.search(SearchRequest(query="budget")).total == 2  # (the two dated past the calendar)


def test_a_message_past_the_size_bound_is_refused_without_a_size_it_did_not_read(archive, tmp_path):
    """GIVEN an .eml of 1.5 MB under a 1 MB bound WHEN ingested THEN it fails saying it is over the
    bound (was: "the message is 1.0 MB, over the 1 MB limit": the size of the part read, one byte
    past the bound)."""
    from ingest.mime import MB

    big = tmp_path / "big.eml"
    message = _eml(Subject="big")
    message.set_content("x" * (3 * MB // 2))
    big.write_bytes(message.as_bytes())
    (outcome,) = _ingest(archive, [big], MailLimits(max_message_bytes=MB)).outcomes
    assert outcome.status == "failed" and "the message is over the 1 MB limit" in outcome.message, outcome.message


def test_a_mail_file_moved_into_another_release_takes_its_attached_documents(tmp_path):
    """GIVEN a mailbox ingested into a release later withdrawn, its PDF attachment a document of
    its own WHEN an administrator moves the mailbox into the corrected release THEN the attached
    document moves too (its page permalinks answer from there), each move audited."""
    mailbox = NATIVE / "inbox.mbox"
    with Archive.open(tmp_path / "archive") as archive:
        assert {o.status for o in _ingest(archive, [mailbox]).outcomes} == {"ingested"}  # (the attachment too)
        archive.withdraw_release(SLUG, "released in error", actor="tests")
        archive.save_release(Release("native-2", "Native test (corrected)"), actor="tests")
        archive.move_document(sha256_file(mailbox), "native-2", actor="tests")
        pricing = _emails_by_message_id(archive)["<pricing-memo-20181211@microsoft.example>"]
        (memo,) = archive.attachments(pricing.id)
        assert pricing.release == "native-2" and archive.document(memo.document_id).release == "native-2"
        moves = [e for e in archive.audit_trail(limit=10) if e.action == "document.move"]
        assert {e.target for e in moves} == {pricing.document_id, memo.document_id}
