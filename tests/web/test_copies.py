"""One message, every copy, on the site: the email page's copies and thread tree, the API, search
folding copies printed in other documents and releases (or showing them all), the exports' copy
counts, and in Chromium the copies list and the toggle. Every test runs on both engines.

The archive: a message printed in a first production, printed again in a re-release (OCR
damage, its sender withheld) and quoted inside a reply there; grouped by the ingest step
(ingest/same_message.link_copies) as when a batch lands.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest

from archive import Archive, Party, Release, ids
from archive.files import sha256_file
from archive.model import DocumentRecord
from ingest.same_message import link_copies
from web import create_app

from .conftest import email_record, make_pdf, page_record

pytestmark = pytest.mark.usefixtures("engine")

FIRST = Release(slug="first-production", title="First production", agency="Drug Enforcement Administration")
AGAIN = Release(slug="re-release", title="Re-release of 2021", agency="Drug Enforcement Administration")
BODY = ("Dana, thank you for the call this morning. As discussed we will send the revised proposal for the "
        "transcription pilot by Friday, with the pricing for the optional phase broken out separately.")
DAMAGED = BODY.replace("m", "rn").replace("Dana", "(b)(6)").replace("pilot", "pi1ot")
KEVIN = Party("Kevin Marsh", "kevin.marsh@microsoft.com")


@dataclasses.dataclass(frozen=True)
class Copies:
    home: Path
    message: str  # in the first production
    reprint: str  # the same message in the re-release, page 1 (DEA-MSFT-000112)
    reply: str  # a reply in the re-release ...
    quoted: str  # ... quoting the message
    other: str  # another message of the first production
    follow_up: str  # a later message of the thread in the re-release, quoting nothing


def _document(root: Path, name: str, pages: list[str], emails: tuple, bates: int) -> tuple[Path, DocumentRecord]:
    pdf = make_pdf(root / name, pages)
    records = tuple(dataclasses.replace(page_record(n, text), bates=f"DEA-MSFT-{bates + n - 1:06d}")
                    for n, text in enumerate(pages, start=1))
    fixed = tuple(dataclasses.replace(e, bates_start=f"DEA-MSFT-{bates + e.start_page - 1:06d}",
                                      bates_end=f"DEA-MSFT-{bates + e.end_page - 1:06d}") for e in emails)
    return pdf, DocumentRecord(sha256=sha256_file(pdf), filename=name, size=pdf.stat().st_size, pages=records,
                               emails=fixed, fingerprint="fp-" + name)


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Copies:
    return build_copies(tmp_path_factory.mktemp("copies"))


def build_copies(root: Path) -> Copies:
    """The archive of this module (see its docstring), in ``root``."""
    message = dict(sender=KEVIN, to=(Party("Dana Whitlock"),), sent="2018-05-07T10:04:00",
                   subject="Transcription pilot", normalized_subject="transcription pilot", body=BODY)
    first_pdf, first = _document(root, "first.pdf", [BODY, "Face API pricing is attached."], (
        email_record(1, 1, **message),
        email_record(2, 2, sender=KEVIN, sent="2018-05-09T08:00:00", subject="Face API pricing",
                     normalized_subject="face api pricing", body="Face API pricing is attached."),
    ), bates=42)
    reprint = dict(message, sender=Party("", "", ("(b)(6)",)), sent="2018-05-07T10:04", body=DAMAGED)
    again_pdf, again = _document(root, "again.pdf", [DAMAGED, "Received, thanks. We will review it.",
                                                     "Friday works for us."], (
        email_record(1, 1, **reprint),
        email_record(2, 2, sender=Party("Dana Whitlock", "dana.whitlock@dea.gov"), to=(KEVIN,),
                     sent="2018-05-07T11:30:00", subject="RE: Transcription pilot",
                     normalized_subject="transcription pilot",
                     body="Received, thanks. We will review the transcription pilot proposal.\n"
                          "-----Original Message-----\nFrom: Kevin Marsh\n" + BODY),
        email_record(2, 2, start_line=20, ordinal=1, quoted=True, parent=1, **message),
        email_record(3, 3, sender=KEVIN, to=(Party("Dana Whitlock", "dana.whitlock@dea.gov"),),
                     sent="2018-05-08T09:00:00", subject="RE: Transcription pilot", date_certainty="damaged",
                     sent_raw="Tuesday, May 8, 2O18 9:0O AM",  # OCR damage: the date was mended
                     normalized_subject="transcription pilot", body="Friday works for us."),
    ), bates=112)
    with Archive.open(root / "archive") as archive:
        for release, pdf, record in ((FIRST, first_pdf, first), (AGAIN, again_pdf, again)):
            archive.save_release(release)
            archive.add_document(release.slug, record, pdf)
        link_copies(archive, [ids.document_id(first.sha256), ids.document_id(again.sha256)])
    first_sha, again_sha = first.sha256, again.sha256
    return Copies(root / "archive", ids.email_id(first_sha, 1, 0), ids.email_id(again_sha, 1, 0),
                  ids.email_id(again_sha, 2, 0), ids.email_id(again_sha, 2, 1), ids.email_id(first_sha, 2, 0),
                  ids.email_id(again_sha, 3, 0))


@pytest.fixture(scope="module")
def client(copies: Copies):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(copies.home), "PUBLIC_URL": "https://foia.test"})
    return app.test_client()


def _section(html: str, marker: str) -> str:
    found = re.search(rf"<section[^>]*{marker}.*?</section>", html, re.S)
    assert found, marker
    return found.group(0)


def test_the_email_page_lists_every_copy_with_links_and_bates(client, copies: Copies) -> None:
    html = client.get(f"/e/{copies.message}").get_data(as_text=True)
    listed = _section(html, "data-copies")
    assert "Every copy" in listed and ">3<" in listed  # this one and two others
    assert re.search(r'also released in <a href="/r/re-release">Re-release of 2021</a>\s*at '
                     rf'<a href="/e/{copies.reprint}"><span class="bates">DEA-MSFT-000112</span>', listed)
    assert re.search(rf'quoted in <a href="/e/{copies.reply}">[^<]*</a>, released in <a href="/r/re-release">', listed)
    assert f'href="/e/{copies.quoted}"' in listed and "DEA-MSFT-000113" in listed
    other = client.get(f"/e/{copies.other}").get_data(as_text=True)
    assert "data-copies" not in other  # a message printed once lists no copies


def test_the_api_says_the_same_and_gives_the_thread_as_a_tree(client, copies: Copies) -> None:
    data = client.get(f"/api/emails/{copies.message}").get_json()["data"]
    by_id = {c["id"]: c for c in data["copies"]}
    assert set(by_id) == {copies.reprint, copies.quoted}
    assert by_id[copies.reprint]["bates"] == "DEA-MSFT-000112" and by_id[copies.reprint]["other_release"]
    assert by_id[copies.quoted]["quoted_in"] == copies.reply and by_id[copies.quoted]["quoted"]
    assert by_id[copies.reprint]["url"] == f"https://foia.test/e/{copies.reprint}"
    [root] = data["thread"]
    assert root["id"] == copies.message and set(root["copies"]) == {copies.reprint, copies.quoted}
    [reply] = root["replies"]
    assert reply["id"] == copies.reply and reply["linked_by"] == "quote" and reply["release"] == "re-release"
    [follow_up] = reply["replies"]  # it quotes nothing: placed by subject and participants
    assert follow_up["id"] == copies.follow_up and follow_up["linked_by"] == "subject"


def test_the_email_page_shows_the_thread_across_releases_as_a_tree(client, copies: Copies) -> None:
    html = client.get(f"/e/{copies.reply}").get_data(as_text=True)
    tree = re.search(r'<ol class="thread">.*</ol>\s*</section>', html, re.S).group(0)
    # the message stands as its copy in the reply's own release, the reply nested under it
    message = tree.index(f'data-thread-node="{copies.reprint}"')
    nested = tree.index('<ol class="thread-replies">', message)
    assert nested < tree.index(f'data-thread-node="{copies.reply}"')
    assert "(3 copies)" in tree and f'data-thread-node="{copies.message}"' not in tree  # one node a message
    # a date the machine was not sure of is flagged in the tree as on the email's own page
    node = re.search(rf'data-thread-node="{copies.follow_up}">.*?</li>', tree, re.S).group(0)
    assert "May 8, 2018, 9:00 AM" in node and "date uncertain" in node and "2O18 9:0O AM" in node
    assert "date uncertain" not in re.search(rf'data-thread-node="{copies.reply}">.*?</span>', tree, re.S).group(0)
    first = client.get(f"/e/{copies.message}").get_data(as_text=True)
    assert re.search(rf'aria-current="true" data-thread-node="{copies.message}".*re-release', first, re.S)


def test_search_folds_copies_into_one_hit_or_shows_them_all(client, copies: Copies) -> None:
    folded = client.get("/api/search?q=revised+proposal").get_json()
    keys = [h["key"] for h in folded["data"]["hits"]]
    assert f"e:{copies.reprint}" not in keys and f"e:{copies.message}" in keys
    assert f"e:{copies.quoted}" not in keys  # folded into the reply quoting it, as before
    hit = next(h for h in folded["data"]["hits"] if h["key"] == f"e:{copies.message}")
    assert hit["copies_folded"] == 1
    every = client.get("/api/search?q=revised+proposal&quoted=1").get_json()
    all_keys = {h["key"] for h in every["data"]["hits"]}
    assert {f"e:{copies.message}", f"e:{copies.reprint}", f"e:{copies.quoted}", f"e:{copies.reply}"} <= all_keys
    assert every["meta"]["total"] == folded["meta"]["total"] + 2
    releases = {f["value"]: f["count"] for f in folded["data"]["facets"]["release"]}
    # each count is what its click finds: narrowed to the re-release, the re-print shows (its first
    # printing is not in it), so the counts add up to more than the folded total
    assert releases == {"first-production": 1, "re-release": 2}
    for release, count in releases.items():
        assert client.get(f"/api/search?q=revised+proposal&release={release}").get_json()["meta"]["total"] == count
    page = client.get("/search?q=revised+proposal").get_data(as_text=True)
    assert 'data-folded-copies="1"' in page and "data-copies-toggle" in page


def test_a_copy_whose_original_does_not_match_is_shown(client, copies: Copies) -> None:
    """OCR read "pi1ot" in the re-release only: a search for it finds that copy, unfolded."""
    keys = [h["key"] for h in client.get("/api/search?q=pi1ot").get_json()["data"]["hits"]]
    assert keys == [f"e:{copies.reprint}"]


def test_exports_say_how_many_copies_each_hit_has(client, copies: Copies) -> None:
    rows = list(csv.DictReader(io.StringIO(
        client.get("/search/export.csv?q=pricing").get_data().decode("utf-8-sig"))))
    by_id = {r["id"]: r for r in rows}
    assert by_id[copies.message]["copies"] == "2" and by_id[copies.other]["copies"] == "0"
    exported = json.loads(client.get("/search/export.json?q=pricing").get_data(as_text=True))
    assert {r["id"]: r["copies"] for r in exported["data"]}[copies.message] == "2"


def test_copies_in_a_release_the_reader_may_not_see_are_not_named(tmp_path: Path) -> None:
    """GIVEN the re-release restricted to one account
    WHEN someone else reads the first production's email, searches and exports
    THEN no copy of the re-release is listed, counted, folded or threaded."""
    built = build_copies(tmp_path)
    with Archive.open(built.home) as archive:
        archive.add_account("alice@example.org", "reader", actor="cli:test")
        archive.restrict_release(AGAIN.slug, people=["alice@example.org"], actor="cli:test")
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home),
                         "PUBLIC_URL": "https://foia.test"}).test_client()
    html = client.get(f"/e/{built.message}").get_data(as_text=True)
    assert "data-copies" not in html and "Re-release" not in html and built.reply not in html
    data = client.get(f"/api/emails/{built.message}").get_json()["data"]
    assert data["copies"] == [] and [n["replies"] for n in data["thread"]] == [[]]
    hits = client.get("/api/search?q=revised+proposal").get_json()["data"]["hits"]
    assert [(h["key"], h["copies_folded"]) for h in hits] == [(f"e:{built.message}", 0)]
    rows = list(csv.DictReader(io.StringIO(
        client.get("/search/export.csv?q=pricing").get_data().decode("utf-8-sig"))))
    assert {r["id"]: r["copies"] for r in rows}[built.message] == "0"


def test_a_correction_of_one_copy_is_offered_on_the_others_and_one_click_makes_it(tmp_path: Path) -> None:
    """GIVEN a message printed in two releases (its sender withheld in the re-release) WHEN an
    editor corrects the quoted copy's subject and the first printing's sender THEN the first
    printing's page says that copy's subject was corrected, what it reads here, and offers an
    editor to correct it the same way (a correction stayed with the printing it was made on, and
    no page said another copy read otherwise); the re-release's copy, which withholds the
    sender, is not offered the name; a reader sees the notice without the button; the click
    corrects the subject (the citation's history says a person corrected it) and the offer is
    gone."""
    from .test_accounts import csrf, make_account, sign_in

    copies = build_copies(tmp_path)
    make_account(copies.home, "ed@example.org", "editor")
    make_account(copies.home, "rita@example.org", "reader")
    with Archive.open(copies.home) as archive:
        archive.correct_fields(copies.quoted, {"subject": {"subject": "Transcription pilot, phase 2",
                                                           "normalized": "transcription pilot, phase 2"}},
                               actor="ed@example.org")
        archive.correct_fields(copies.message, {"sender": {"name": "Kevin Marsh", "address": "kmarsh@example.com",
                                                           "redactions": []}}, actor="ed@example.org")
        # the review queue puts the email first, saying why
        queue = archive.review_queue(FIRST.slug, show="all")
        assert queue[0].email_id == copies.message and [(d.field, d.weight) for d in queue[0].doubts
                                                         if "another copy" in d.reason] == [("subject", 3)]
        again = {item.email_id: item for item in archive.review_queue(AGAIN.slug, show="all")}
        assert [d.field for d in again[copies.reprint].doubts if "another copy" in d.reason] == ["subject"]
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(copies.home), "PUBLIC_URL": "https://foia.test"})
    editor, reader = app.test_client(), app.test_client()
    sign_in(editor, "ed@example.org")
    sign_in(reader, "rita@example.org")
    page = editor.get(f"/e/{copies.message}").get_data(as_text=True)
    offered = re.search(r'<div class="copy-corrected small" data-copy-corrected="subject">(.*?)</div>', page, re.S)
    assert offered, _section(page, "data-copies")
    assert ("its subject to <q>Transcription pilot, phase 2</q> (here read <q>Transcription pilot</q>)"
            in offered.group(1))
    assert 'name="subject" value="Transcription pilot, phase 2"' in offered.group(1)
    assert "Correct this email the same way" in offered.group(1)
    shown_to_reader = reader.get(f"/e/{copies.message}").get_data(as_text=True)
    assert 'data-copy-corrected="subject"' in shown_to_reader and "Correct this email the same way" not in shown_to_reader
    reprint = editor.get(f"/e/{copies.reprint}").get_data(as_text=True)
    assert 'data-copy-corrected="subject"' in reprint and "kmarsh@example.com" not in reprint  # withheld there

    listed = app.test_client().get(f"/api/emails/{copies.message}").get_json()["data"]["copies"]
    assert [c["corrected"] for c in listed if c["id"] == copies.quoted] == [[{
        "field": "subject", "there": "Transcription pilot, phase 2", "here": "Transcription pilot", "disputed": False}]]
    assert all(not c["corrected"] for c in listed if c["id"] != copies.quoted)
    form = {name: value for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                                      offered.group(1))}
    done = editor.post(f"/e/{copies.message}/correct", data={**form, "csrf_token": csrf(editor, f"/e/{copies.message}")})
    assert done.status_code == 302, done.get_data(as_text=True)[-2000:]
    data = app.test_client().get(f"/api/emails/{copies.message}").get_json()["data"]
    assert data["subject"] == "Transcription pilot, phase 2"
    assert data["citation_history"][-1]["cause"] == "corrected"
    assert "data-copy-corrected" not in editor.get(f"/e/{copies.message}").get_data(as_text=True)


def test_a_date_corrected_on_another_copy_is_typed_in_this_pages_zone(tmp_path: Path) -> None:
    """GIVEN a person's date on the quoted copy WHEN it names another moment than the first
    printing reads THEN the offer types it year first (the words the other copy prints are that
    copy's, not this page's), in this page's zone where both print one; a date printing a zone
    is not offered to a page printing none (no telling the moment); the click stores the moment,
    and refuses where How sure changed since the page was drawn."""
    from web.lookups import _in_zone_of

    assert _in_zone_of("2019-03-04T15:20:00+00:00", "2019-03-04T09:00:00-05:00") == "2019-03-04 10:20:00-05:00"
    assert _in_zone_of("2019-03-04T15:20:05", "2019-03-04T09:00:00") == "2019-03-04 15:20:05"
    from .test_accounts import csrf, make_account, sign_in

    copies = build_copies(tmp_path)
    make_account(copies.home, "ed@example.org", "editor")
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(copies.home), "PUBLIC_URL": "https://foia.test"})
    editor = app.test_client()
    sign_in(editor, "ed@example.org")
    with Archive.open(copies.home) as archive:
        archive.correct_fields(copies.quoted, {"date": {"sent": "2018-05-07T14:40:00+00:00", "certainty": "exact",
                                                        "printed": ""}}, actor="ed@example.org")
    assert "data-copy-corrected" not in editor.get(f"/e/{copies.message}").get_data(as_text=True)
    with Archive.open(copies.home) as archive:
        archive.correct_fields(copies.quoted, {"date": {"sent": "2018-05-07T10:40:00", "certainty": "exact",
                                                        "printed": "Monday, May 7, 2018 10:40 AM"}},
                               actor="ed@example.org")
    page = editor.get(f"/e/{copies.message}").get_data(as_text=True)
    offered = re.search(r'data-copy-corrected="date">(.*?)</div>', page, re.S).group(1)
    assert "<q>Monday, May 7, 2018 10:40 AM</q>" in offered
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', offered))
    assert form["date"] == "2018-05-07 10:40:00" and form["certainty"] == "exact" and "was-certainty" in form
    stale = editor.post(f"/e/{copies.message}/correct", data={**form, "was-certainty": "ambiguous",
                                                              "csrf_token": csrf(editor, f"/e/{copies.message}")})
    assert stale.status_code in (400, 409)
    done = editor.post(f"/e/{copies.message}/correct", data={**form, "csrf_token": csrf(editor, f"/e/{copies.message}")})
    assert done.status_code == 302
    assert app.test_client().get(f"/api/emails/{copies.message}").get_json()["data"]["sent"] == "2018-05-07T10:40:00"


def test_two_peoples_corrections_of_one_message_that_disagree_are_said_on_both_copies(tmp_path: Path) -> None:
    """GIVEN two editors who corrected the subject of two copies of one message otherwise WHEN
    either copy's page is read THEN it says people read the message otherwise (both readings,
    to compare the two pages' images) and offers no one-click correction (neither person's
    reading stands over the other's); the review queue weighs it; the API says it."""
    from .test_accounts import make_account, sign_in

    copies = build_copies(tmp_path)
    make_account(copies.home, "ed@example.org", "editor")
    with Archive.open(copies.home) as archive:
        for email_id, subject in ((copies.quoted, "Transcription pilot, phase 2"),
                                  (copies.message, "Transcription pilot, phase 3")):
            archive.correct_fields(email_id, {"subject": {"subject": subject, "normalized": subject.lower()}},
                                   actor="ed@example.org")
        queue = {item.email_id: item for item in archive.review_queue(FIRST.slug, show="all")}
    assert [d.reason for d in queue[copies.message].doubts if d.field == "subject"] == [
        "people read it otherwise on another copy of the message"]
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(copies.home), "PUBLIC_URL": "https://foia.test"})
    editor = app.test_client()
    sign_in(editor, "ed@example.org")
    page = editor.get(f"/e/{copies.message}").get_data(as_text=True)
    disputed = re.search(r'data-copy-disputed="subject">(.*?)</p>', page, re.S).group(1)
    assert "<q>Transcription pilot, phase 2</q> on that copy, <q>Transcription pilot, phase 3</q> here" in disputed
    assert "data-copy-corrected" not in page and "Correct this email the same way" not in page
    listed = app.test_client().get(f"/api/emails/{copies.message}").get_json()["data"]["copies"]
    assert [c["corrected"][0]["disputed"] for c in listed if c["corrected"]] == [True]
