"""The correction routes through the Flask client: the editor role, CSRF, restricted releases
(404, never a hint), bad input refused with its reason and nothing stored, the review queue's
filters, and the doubt the machine records, shown quietly."""

from __future__ import annotations

import html
import re

import pytest

from archive import Archive, Release
from tests.harbor import RELEASE, build_harbor
from web import create_app

from .test_accounts import csrf, make_account, sign_in

EDITOR, READER, OUTSIDER = "ed@example.org", "reader@example.org", "other@example.org"


@pytest.fixture
def harbor(tmp_path):
    home, _ = build_harbor(tmp_path / "harbor")
    for email, role in ((EDITOR, "editor"), (READER, "reader"), (OUTSIDER, "editor")):
        make_account(home, email, role)
    with Archive.open(home) as archive:
        (document,) = archive.documents()
        emails = [e for e in archive.emails_in_document(document.id) if not e.quoted]
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org"})
    return app, home, emails


def _ingested(tmp_path, pages: list[str]):
    """The archive of one text PDF of these pages, ingested by the real pipeline into the harbor release."""
    from ingest.pipeline import Ingest

    from .conftest import make_pdf

    pdf = make_pdf(tmp_path / "pages.pdf", pages)
    home = tmp_path / "archive"
    with Archive.open(home) as archive:
        archive.save_release(RELEASE, actor="cli:test")
        Ingest(archive, RELEASE.slug).run([pdf])
    return home


def _corrections(home):
    with Archive.open(home, readonly=True) as archive:
        (document,) = archive.documents()
        return archive.store.corrections(document.id)


def test_a_reader_may_not_correct_and_nothing_is_stored(harbor):
    app, home, (first, *_) = harbor
    client = app.test_client()
    sign_in(client, READER)
    response = client.post(f"/e/{first.id}/check", data={"csrf_token": csrf(client, f"/e/{first.id}")})
    assert response.status_code == 403
    assert "Check and correct" not in client.get(f"/e/{first.id}").get_data(as_text=True)
    assert _corrections(home) == []


def test_a_restricted_release_stays_404_to_an_editor_not_let_in(harbor):
    app, home, (first, *_) = harbor
    with Archive.open(home) as archive:
        archive.restrict_release(RELEASE.slug, people=[EDITOR], actor="cli:test")
    client = app.test_client()
    sign_in(client, OUTSIDER)
    token = csrf(client, "/")
    for path in (f"/e/{first.id}/check", f"/e/{first.id}/merge", f"/e/{first.id}/correct"):
        assert client.post(path, data={"csrf_token": token, "sender": "x <x@example.org>"}).status_code == 404
    assert client.get(f"/r/{RELEASE.slug}/review").status_code == 404
    assert _corrections(home) == []
    allowed = app.test_client()
    sign_in(allowed, EDITOR)
    assert allowed.get(f"/r/{RELEASE.slug}/review").status_code == 200


@pytest.mark.parametrize(("path", "form", "message"), [
    ("correct", {"date": "the day after"}, "is not a date that can be read"),
    ("correct", {"date": "Wednesday, September 5, 2018 11:75 AM", "certainty": "exact"}, "time or zone that cannot be"),
    ("correct", {"date": "2018-11-13 15:45 +99:00", "certainty": "exact"}, "time or zone that cannot be"),
    ("correct", {"sender": "A <a@example.org>; B <b@example.org>"}, "an email has one sender"),
    ("correct", {"sender": "Kevin <b>Marsh</b> <kevin@example.org>"}, "reads as 'Kevin', without 'b, example, marsh, org'"),
    ("correct", {"exemptions": "b6, nonsense"}, "is not one that can be read"),
    ("merge", {}, "first in its document"),
    ("split", {"at": "4:2"}, "is not inside email"),
    ("not-email", {"kind": "poem"}, "choose one of memo"),
])
def test_bad_input_is_refused_beside_the_form_and_nothing_is_stored(harbor, path, form, message):
    app, home, (first, *_) = harbor
    client = app.test_client()
    sign_in(client, EDITOR)
    response = client.post(f"/e/{first.id}/{path}", data={"csrf_token": csrf(client, f"/e/{first.id}"), **form})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page.replace("&#39;", "'") and "data-correction-error" in page
    assert _corrections(home) == []


def test_a_split_position_that_is_not_a_line_is_a_400(harbor):
    app, home, (first, *_) = harbor
    client = app.test_client()
    sign_in(client, EDITOR)
    token = csrf(client, f"/e/{first.id}")
    assert client.post(f"/e/{first.id}/split", data={"csrf_token": token, "at": "x"}).status_code == 400
    assert client.post(f"/e/{first.id}/split", data={"csrf_token": token, "at": "1:999"}).status_code == 400
    assert _corrections(home) == []


def test_the_review_queue_orders_by_doubt_and_filters(harbor):
    app, home, (first, reply, permit, memo) = harbor
    with Archive.open(home) as archive, archive.writing():
        # the machine's doubt about one email: its date damaged as printed
        archive.store.db.execute("update emails set date_certainty = 'damaged' where id = ?", [permit.id])
        archive.store.db.conn.commit()
        archive.mark_checked(memo.id, actor=EDITOR)
    client = app.test_client()
    sign_in(client, EDITOR)
    page = client.get(f"/r/{RELEASE.slug}/review").get_data(as_text=True)
    queue = sorted((i for i in (first.id, reply.id, permit.id, memo.id) if f'data-queue-item="{i}"' in page),
                   key=lambda i: page.index(f'data-queue-item="{i}"'))
    assert queue[0] == permit.id and memo.id not in queue and "1 of 4" in page
    assert "the printed date is damaged" in page
    dated = client.get(f"/r/{RELEASE.slug}/review?field=date").get_data(as_text=True)
    assert f'data-queue-item="{permit.id}"' in dated and f'data-queue-item="{first.id}"' not in dated
    scanned = client.get(f"/r/{RELEASE.slug}/review?source=scanned").get_data(as_text=True)
    assert "data-queue-item" not in scanned  # a text PDF
    assert client.get(f"/r/{RELEASE.slug}/review?show=everything").status_code == 400
    shown = client.get(f"/e/{permit.id}").get_data(as_text=True)
    assert 'data-doubt="date"' in shown
    api = client.get(f"/api/emails/{permit.id}").get_json()["data"]["review"]
    assert {"field": "date", "reason": "the printed date is damaged"} in api["doubts"]
    # the splitter took the Permit Office's header (no separator above it) for a quoted copy by default
    assert "boundary" in {d["field"] for d in api["doubts"]}
    bounded = client.get(f"/r/{RELEASE.slug}/review?field=boundary").get_data(as_text=True)
    assert f'data-queue-item="{permit.id}"' in bounded and f'data-queue-item="{first.id}"' not in bounded
    checked = client.get(f"/api/emails/{memo.id}").get_json()["data"]["review"]
    assert checked["reviewed"] == "checked" and checked["checked"]["by"] == EDITOR


def test_a_disagreement_is_shown_and_the_editor_may_take_the_machines_reading(harbor, monkeypatch):
    from ingest import emails as emails_module
    from ingest.repair import rederive

    app, home, (first, *_) = harbor
    client = app.test_client()
    sign_in(client, EDITOR)
    token = csrf(client, f"/e/{first.id}")
    fixed = client.post(f"/e/{first.id}/correct", data={"csrf_token": token, "sender": "Janet Roe <janet.roe@agency.gov>"})
    assert fixed.status_code == 302, fixed.get_data(as_text=True)[-3000:]
    parse = emails_module.parse_email

    def misreading(span, known=None, title="", margin=(), **kwargs):
        parsed = parse(span, known, title, margin, **kwargs)
        if span.header.page == 1:
            return type(parsed)(**{**parsed.__dict__, "sender": type(parsed.sender)("Jane R. Roe", "jroe@agency.gov")})
        return parsed

    monkeypatch.setattr(emails_module, "parse_email", misreading)
    with Archive.open(home) as archive, archive.writing():
        rederive(archive, archive.documents())
    page = client.get(f"/e/{first.id}").get_data(as_text=True)
    assert "kept the person's" in page and 'data-take-machine="sender"' in page
    assert f'data-queue-item="{first.id}"' in client.get(f"/r/{RELEASE.slug}/review?show=disagreements").get_data(
        as_text=True)
    client.post(f"/e/{first.id}/correct", data={"csrf_token": token, "sender": "Jane R. Roe <jroe@agency.gov>"})
    api = client.get(f"/api/emails/{first.id}").get_json()["data"]
    assert api["sender"]["name"] == "Jane R. Roe" and api["review"]["disagreements"] == []


def test_a_permalink_a_merge_retired_lands_with_a_notice_of_the_link_what_it_named_and_the_correction(harbor):
    """GIVEN the reply on page 2 (the machine took it for a new print), its permalink shared,
    then merged by an editor with the email before (its id retired)
    WHEN anyone follows that permalink THEN a 302 (the merge can be undone: no 301 kept for ever)
    marked ``from=<old id>`` leads to the email covering its place, whose page names the link
    followed, what it named (sender, date, Bates) and the correction that retired it with its
    date, and whose JSON says the same in ``moved_from`` (it was a silent 301 to an email of
    another sender and date); a ``from`` that did not lead here shows nothing."""
    from datetime import UTC, datetime

    from archive.cite import format_date

    app, home, (first, reply, permit, memo) = harbor
    editor = app.test_client()
    sign_in(editor, EDITOR)
    token = csrf(editor, f"/e/{reply.id}")
    office = reply.id  # (the retired id)
    assert editor.post(f"/e/{office}/merge", data={"csrf_token": token}).status_code == 302

    anyone = app.test_client()
    moved = anyone.get(f"/e/{office}")
    assert moved.status_code == 302 and moved.headers["Location"] == f"/e/{first.id}?from={office}"
    assert moved.headers["Cache-Control"] == "max-age=300"
    page = anyone.get(moved.headers["Location"]).get_data(as_text=True)
    named = "Email from Jane Roe to John Doe (Nov. 13, 2018, 3:50 PM), at TEST-000002"
    today = datetime.now(UTC).date()  # the merge's date, as the page prints dates
    assert f'data-moved-from="{office}"' in page
    assert f"https://foia.example.org/e/{office}" in page and named in page
    assert "merged it into the email before" in page and format_date(today.isoformat()) in page
    assert EDITOR not in page  # who corrected is for editors

    api = anyone.get(f"/api/emails/{office}")
    assert api.status_code == 302 and api.headers["Location"] == f"/api/emails/{first.id}?from={office}"
    data = anyone.get(api.headers["Location"]).get_json()["data"]
    assert data["moved_from"]["id"] == office and data["moved_from"]["named"] == named
    assert data["moved_from"]["correction"]["action"] == "merge"
    assert data["moved_from"]["correction"]["at"][:10] == today.isoformat()

    for made_up in (first.id, permit.id, "zzzzzzzzzz", "<b>x</b>"):  # not retired, or not leading here
        assert "data-moved-from" not in anyone.get(f"/e/{first.id}", query_string={"from": made_up}).get_data(
            as_text=True)
        assert anyone.get(f"/api/emails/{first.id}", query_string={"from": made_up}).get_json()["data"][
            "moved_from"] is None


def test_a_page_of_an_email_is_cited_at_the_page_permalink_a_split_leaves_in_place(harbor):
    """GIVEN an email over pages 1–2 (an editor merged the reply the splitter had cut off)
    WHEN a reader copies "Cite this page" for page 2, and an editor then splits the email at page 2
    THEN the citation's link is the page's own permalink, /d/<doc>/p/2, which still shows page 2
    (it was /e/<id>#p2: after the split that email has no page 2, and the link lost its page)."""
    import html
    import re

    app, _, (first, reply, *_) = harbor
    editor = app.test_client()
    sign_in(editor, EDITOR)
    assert editor.post(f"/e/{reply.id}/merge", data={"csrf_token": csrf(editor, f"/e/{reply.id}")}).status_code == 302
    reader = app.test_client()
    sign_in(reader, READER)
    shown = reader.get(f"/e/{first.id}").get_data(as_text=True)
    cited = html.unescape(re.search(r'id="cite-p2">([^<]+)</p>', shown).group(1))
    permalink = f"https://foia.example.org/d/{first.document_id}/p/2"
    assert cited.endswith(f"at TEST-000002 (Port Authority), {permalink}"), cited
    split = editor.post(f"/e/{first.id}/split", data={"csrf_token": csrf(editor, f"/e/{first.id}"), "at": "2:0"})
    assert split.status_code == 302
    assert 'id="p2"' not in reader.get(f"/e/{first.id}").get_data(as_text=True)
    page = reader.get(permalink.removeprefix("https://foia.example.org"))
    assert page.status_code == 200 and "bring the tide tables" in page.get_data(as_text=True)


def test_a_quoted_copy_made_an_email_of_its_own_can_be_a_quoted_copy_again(harbor):
    """GIVEN the Permit Office's header, read as a copy quoted in the permit email
    WHEN an editor makes it an email of its own, then uses "Restore the machine's reading" on it
    THEN it is a quoted copy again at its own permalink (the page offered only merge, which made
    its id answer with the permit email, or split or "not an email"); a reader may not restore,
    and an email no person's split begins offers no restore and refuses one with why."""
    app, home, (_, _, permit, _) = harbor
    with Archive.open(home, readonly=True) as archive:
        (quoted,) = [e for e in archive.emails_in_document(permit.document_id) if e.quoted]
    editor = app.test_client()
    sign_in(editor, EDITOR)
    page = f"/e/{quoted.id}"
    assert "data-restore" not in editor.get(page).get_data(as_text=True)
    own = editor.post(f"{page}/split", data={"csrf_token": csrf(editor, page),
                                             "at": f"{quoted.start_page}:{quoted.start_line}"})
    assert own.status_code == 302 and own.headers["Location"].endswith(page)
    shown = editor.get(page).get_data(as_text=True)
    assert "data-restore" in shown and "This is a copy quoted inside" not in shown
    reader = app.test_client()
    sign_in(reader, READER)
    assert reader.post(f"{page}/restore", data={"csrf_token": csrf(reader, page)}).status_code == 403
    refused = editor.post(f"/e/{permit.id}/restore", data={"csrf_token": csrf(editor, f"/e/{permit.id}")})
    assert refused.status_code == 400 and "nothing to restore" in refused.get_data(as_text=True)
    restored = editor.post(f"{page}/restore", data={"csrf_token": csrf(editor, page)})
    assert restored.status_code == 302 and restored.headers["Location"].endswith(page)
    shown = reader.get(page)
    assert shown.status_code == 200 and "This is a copy quoted inside" in shown.get_data(as_text=True)
    assert "data-restore" not in editor.get(page).get_data(as_text=True)
    assert [c.action for c in _corrections(home)] == ["split", "restore"]


def test_a_date_typed_as_printed_is_what_the_page_cites_and_the_api_says_beside_the_machines_reading(harbor):
    """GIVEN a date OCR read as ". Monday, November 5, 2018 10:45 AM —" WHEN an editor types it as
    printed and keeps it in doubt THEN the citation and the API's ``sent_raw`` say their words
    (they said OCR's), the page shows both readings, the machine's marked not cited, and the form
    offers the machine's words to type from."""
    app, home, (first, *_) = harbor
    noise = ". Monday, November 5, 2018 10:45 AM \u2014"
    with Archive.open(home) as archive, archive.store.db.conn:
        archive.store.db.execute("update emails set sent_raw = ?, date_certainty = 'damaged' where id = ?",
                                 [noise, first.id])
    client = app.test_client()
    sign_in(client, EDITOR)
    assert 'data-machine-printed-hint>. Monday, November 5, 2018 10:45 AM \u2014<' in client.get(
        f"/e/{first.id}").get_data(as_text=True)
    fixed = client.post(f"/e/{first.id}/correct", data={
        "csrf_token": csrf(client, f"/e/{first.id}"), "date": "Tuesday, November 13, 2018 3:45 PM",
        "certainty": "damaged"})
    assert fixed.status_code == 302, fixed.get_data(as_text=True)[-3000:]

    page = client.get(f"/e/{first.id}").get_data(as_text=True)
    quoted = "[date uncertain; printed \u201cTuesday, November 13, 2018 3:45 PM\u201d]"
    api = client.get(f"/api/emails/{first.id}").get_json()["data"]
    assert quoted in api["citation"] and noise not in api["citation"]
    assert (api["sent_raw"], api["machine_sent_raw"]) == ("Tuesday, November 13, 2018 3:45 PM", noise)
    assert api["review"]["fields"]["date"]["value"]["printed"] == "Tuesday, November 13, 2018 3:45 PM"
    assert "As printed, as a person read it: <span class=\"mono\">Tuesday, November 13, 2018 3:45 PM" in page
    assert "as the machine read it (not cited): <span class=\"mono machine-value\">. Monday, November 5" in page
    assert quoted in page


def test_a_date_only_made_certain_says_the_machine_read_it_in_doubt(harbor):
    """GIVEN a date the machine read in doubt ("damaged") WHEN an editor keeps its day and time and
    says it is exact THEN the note under Sent says what the machine read, doubt included ("the
    machine read 2018-… (damaged)"): it said the same date as the person's, so a reader could not
    tell what the person had changed."""
    app, home, (first, *_) = harbor
    with Archive.open(home) as archive, archive.store.db.conn:
        archive.store.db.execute("update emails set date_certainty = 'damaged' where id = ?", [first.id])
    client = app.test_client()
    sign_in(client, EDITOR)
    shown = re.search(r'id="fix-date" name="date" value="([^"]*)"', client.get(f"/e/{first.id}").get_data(as_text=True))
    fixed = client.post(f"/e/{first.id}/correct", data={
        "csrf_token": csrf(client, f"/e/{first.id}"), "date": html.unescape(shown.group(1)), "certainty": "exact"})
    assert fixed.status_code == 302, fixed.get_data(as_text=True)[-3000:]
    note = re.search(r'data-person-set="date">(.*?)</div>', client.get(f"/e/{first.id}").get_data(as_text=True), re.S)
    machine = first.sent.replace("T", " ")
    assert f'the machine read <span class="machine-value">{machine} (damaged date)</span>' in note.group(1)


def test_a_date_inferred_is_flagged_on_the_email_the_search_and_the_thread_until_checked(harbor):
    """GIVEN an email whose page prints "07/08/2013", read as 7 August from the document's other
    dates WHEN a reader opens it, finds it in a search or in its reply's thread THEN each says
    "inferred" with the page's words (the citation too); once an editor checks it, none does."""
    app, home, (first, reply, *_) = harbor
    with Archive.open(home) as archive, archive.store.db.conn:
        archive.store.db.execute("update emails set sent = '2013-08-07', sent_raw = '07/08/2013', "
                                 "doubts = '[\"dated-from:document-dates\"]' where id = ?", [first.id])
    client = app.test_client()
    sign_in(client, EDITOR)
    page = client.get(f"/e/{first.id}").get_data(as_text=True)
    assert "Aug. 7, 2013 [date inferred; read as \u201c07/08/2013\u201d]" in page
    assert re.search(r'<span class="flag" title="The page prints a day and month that read either way; '
                     r'[^"]*: 07/08/2013">day and month order inferred</span>', page)
    thread = client.get(f"/e/{reply.id}").get_data(as_text=True)
    node = re.search(rf'data-thread-node="{first.id}">.*?</li>', thread, re.S)
    assert node and 'data-date-doubt title="The page prints' in node.group(0) and "date inferred" in node.group(0)
    hits = client.get("/search?q=*&sort=date").get_data(as_text=True)
    assert re.search(r'Aug\. 7, 2013</time> <span class="flag" title="[^"]*07/08/2013">date inferred</span>', hits)
    api = client.get(f"/api/emails/{first.id}").get_json()["data"]
    assert "[date inferred; read as \u201c07/08/2013\u201d]" in api["citation"]

    checked = client.post(f"/e/{first.id}/check", data={"csrf_token": csrf(client, f"/e/{first.id}")})
    assert checked.status_code == 302
    for shown in (client.get(f"/e/{first.id}").get_data(as_text=True),
                 client.get("/search?q=*&sort=date").get_data(as_text=True)):
        assert "inferred" not in shown and "Aug. 7, 2013" in shown


def test_a_split_on_the_separator_above_a_quoted_header_makes_that_header_an_email(tmp_path):
    """GIVEN a reply quoting an earlier message under "-----Original Message-----" WHEN an editor
    splits the reply on the separator line (the form offers every line) THEN the quoted header is
    an email of its own, with its sender and date, its split in its history and a restore offered
    (it was an email of its own with no header, cited "Email from [unknown] (undated)", beside the
    quoted copy)."""
    home = _ingested(tmp_path, [
        "From: Roe, Jane\nSent: Monday, May 14, 2018 5:10 PM\nTo: Doe, John\nSubject: RE: Plan\n\nYes, Monday.\n"
        "-----Original Message-----\nFrom: Doe, John\nSent: Monday, May 14, 2018 5:00 PM\nTo: Roe, Jane\n"
        "Subject: Plan\n\nShall we meet Monday?"])
    with Archive.open(home) as archive:
        reply, quoted = archive.emails_in_document(archive.documents()[0].id)
        separator = archive.pages(reply.document_id, 1, 1)[0].text.splitlines().index("-----Original Message-----")
    assert quoted.quoted and (quoted.start_page, quoted.start_line) == (1, separator + 1)
    make_account(home, EDITOR, "editor")
    editor = create_app({"ARCHIVE_HOME": str(home), "TESTING": True,
                         "PUBLIC_URL": "https://foia.example.org"}).test_client()
    sign_in(editor, EDITOR)
    split = editor.post(f"/e/{reply.id}/split", data={"csrf_token": csrf(editor, f"/e/{reply.id}"),
                                                      "at": f"1:{separator}"})
    assert split.status_code == 302
    with Archive.open(home, readonly=True) as archive:
        emails = archive.emails_in_document(reply.document_id)
    assert [(e.start_line, e.quoted, e.sender.name if e.sender else None, e.sent) for e in emails] == [
        (0, False, "Roe, Jane", "2018-05-14T17:10:00"), (separator + 1, False, "Doe, John", "2018-05-14T17:00:00")]
    assert "data-restore" in editor.get(f"/e/{emails[1].id}").get_data(as_text=True)


def test_a_review_queue_of_a_withdrawn_release_leaves_an_email_page_as_it_is(harbor):
    """An editor's ``?review=`` naming a release withdrawn (mid-queue, or in a link) is no queue:
    the email page answers as without it (was 410, the withdrawn release's notice, for an email
    of an open release), as for a release that does not exist."""
    app, home, (first, *_) = harbor
    with Archive.open(home) as archive, archive.writing():
        archive.create_release(Release(slug="gone-release", title="Gone"), actor="cli:test")
        archive.store.withdraw_release("gone-release", "released in error")
    client = app.test_client()
    sign_in(client, EDITOR)
    for slug in ("gone-release", "no-such-release"):
        response = client.get(f"/e/{first.id}?review={slug}")
        assert response.status_code == 200, slug
        assert first.subject in html.unescape(response.get_data(as_text=True))
    assert "Review queue" in client.get(f"/e/{first.id}?review={RELEASE.slug}").get_data(as_text=True)
    assert "Review queue" not in client.get(f"/e/{first.id}?review=gone-release").get_data(as_text=True)


def _form(page: str, css: str) -> dict[str, str]:
    """The fields a form of the page sends as drawn: its inputs' values, its selects' chosen options."""
    body = page[page.index(f'class="{css}"'):]
    body = body[:body.index("</form>")]
    fields = {html.unescape(name): html.unescape(value)
              for name, value in re.findall(r'<input[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"', body)}
    for name, options in re.findall(r'<select[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options) or re.search(r'<option value="([^"]*)"', options)
        fields[name] = html.unescape(chosen.group(1)) if chosen else ""
    return fields


def test_a_form_drawn_before_another_editors_correction_neither_undoes_it_nor_confirms_what_it_never_showed(harbor):
    """GIVEN two editors with the same email's page open WHEN the first corrects the subject, and the
    second then saves from the page drawn before it, changing only Cc THEN the first's subject
    stands with the second's Cc (the form sent every field, and the old subject, differing from
    the new, was stored as the second's correction, undoing the first's unseen); the second's
    changing the subject too, or marking the email checked from that page, is refused, saying the
    subject changed since and nothing was saved."""
    app, home, (first, *_) = harbor
    make_account(home, "ed2@example.org", "editor")
    one, two = app.test_client(), app.test_client()
    sign_in(one, EDITOR)
    sign_in(two, "ed2@example.org")
    page_one, page_two = (c.get(f"/e/{first.id}").get_data(as_text=True) for c in (one, two))
    stale_check = _form(page_two, "inline-form")
    form = _form(page_one, "correct-form")
    assert one.post(f"/e/{first.id}/correct", data={**form, "subject": "Corrected by one"}).status_code == 302
    form = _form(page_two, "correct-form")
    assert two.post(f"/e/{first.id}/correct", data={**form, "cc": "Jane Q <jane@example.org>"}).status_code == 302
    with Archive.open(home, readonly=True) as archive:
        shown = archive.shown_values(first.id)
    assert shown["subject"]["subject"] == "Corrected by one"
    assert [p["address"] for p in shown["cc"]] == ["jane@example.org"]
    for path, data in (("correct", {**form, "subject": "Corrected by two"}), ("check", stale_check)):
        response = two.post(f"/e/{first.id}/{path}", data=data)
        assert response.status_code == 400, path
        text = html.unescape(response.get_data(as_text=True))
        assert "was changed" in text or "were changed" in text, path
        assert "Subject now reads 'Corrected by one'" in text or "it now reads 'Corrected by one'" in text, path
        assert "nothing was saved" in text, path
    assert [c.action for c in _corrections(home)] == ["fields", "fields"]



def test_a_citation_that_changed_shows_what_it_said_before_and_since_when(harbor):
    """GIVEN an email cited on the day it was ingested WHEN an editor corrects its date and sender
    THEN its page (and the API's ``citation_history``) still shows what the citation said before,
    from when until when and why it changed: a brief that cited the permalink then quotes that
    reading (the page showed only the corrected one; the brief's citation read as wrong)."""
    app, home, (first, *_) = harbor
    client = app.test_client()
    assert "data-cited-as" not in client.get(f"/e/{first.id}").get_data(as_text=True)
    before = client.get(f"/api/emails/{first.id}").get_json()["data"]
    (ingested,) = before["citation_history"]
    assert ingested["cause"] == "ingested" and ingested["since"]
    assert before["citation"].startswith(ingested["cited"].rsplit(", at ", 1)[0])
    sign_in(client, EDITOR)
    fixed = client.post(f"/e/{first.id}/correct", data={
        "csrf_token": csrf(client, f"/e/{first.id}"), "date": "2018-11-13 15:45", "certainty": "exact",
        "sender": "Janet Roe <jroe@harbor.example.gov>"})
    assert fixed.status_code == 302, fixed.get_data(as_text=True)[-3000:]

    after = app.test_client().get(f"/api/emails/{first.id}").get_json()["data"]
    old, new = after["citation_history"]
    assert old == ingested and new["cause"] == "corrected" and new["since"] >= old["since"]
    assert "[Janet Roe]" in new["cited"] and "Nov. 13, 2018" in new["cited"] and "[Janet Roe]" not in old["cited"]
    page = app.test_client().get(f"/e/{first.id}").get_data(as_text=True)
    assert "This citation has read otherwise: 1 change<" in page
    assert f"as ingested: <q>{old['cited']}</q>" in html.unescape(page)
    assert f"a person corrected it: <q>{new['cited']}</q>" in html.unescape(page)
    # a search's hit marks the sender a person gave as the citation does
    found = app.test_client().get("/search?q=from:jroe").get_data(as_text=True)
    hit = re.search(r'<span title="Given by a person, not read from the page" data-supplied><span class="label">From'
                    r'</span> ([^<]*)</span>', found)
    assert hit and hit.group(1).startswith("[Janet Roe") and hit.group(1).endswith("]")


def test_a_time_typed_without_a_zone_keeps_the_zone_the_page_prints(harbor):
    """GIVEN an email whose date the page prints with its zone (-04:00) WHEN an editor corrects the
    day, typing the time without a zone THEN the time is in the zone the page prints, as the form
    showed it (was: the zone dropped without a word, the citation's moment and every sort by it
    moved); a zone typed is the one kept."""
    app, home, (first, *_) = harbor
    with Archive.open(home) as archive, archive.store.db.conn:
        archive.store.db.execute("update emails set sent = '2017-10-19T08:30:00-04:00', "
                                 "sent_raw = 'Thursday, October 19, 2017 8:30 AM -0400' where id = ?", [first.id])
    client = app.test_client()
    sign_in(client, EDITOR)
    for typed, kept in (("2017-10-18 08:30", "2017-10-18T08:30:00-04:00"), ("2017-10-17 08:30 +01:00", "2017-10-17T08:30:00+01:00")):
        fixed = client.post(f"/e/{first.id}/correct", data={
            "csrf_token": csrf(client, f"/e/{first.id}"), "date": typed, "certainty": "exact"})
        assert fixed.status_code == 302, fixed.get_data(as_text=True)[-2000:]
        assert client.get(f"/api/emails/{first.id}").get_json()["data"]["sent"] == kept


def test_an_email_marked_no_email_on_a_page_it_shares_is_said_there_and_can_be_restored(tmp_path):
    """GIVEN an email that begins on a page the email before ends on WHEN an editor marks it a memo
    THEN the page says a person marked the lines from its line as no email, and when; an editor
    may restore the machine's reading from there, its permalink answering as before, a reader may
    not (was: every way back refused, "page 1 is part of an email already", and nothing said)."""
    home = _ingested(tmp_path, [
        "From: Jane Roe <jane.roe@agency.gov>\nSent: Tuesday, November 13, 2018 3:45 PM\nTo: John Doe <john.doe@agency.gov>\n"
        "Subject: Harbor survey\n\nThe survey starts Monday.\n\n"
        "From: John Doe <john.doe@agency.gov>\nSent: Tuesday, November 20, 2018 9:00 AM\nTo: Jane Roe <jane.roe@agency.gov>\n"
        "Subject: Crew list\n\nThe crew list is attached."])
    with Archive.open(home) as archive:
        (document,) = archive.documents()
        first, shared = archive.emails_in_document(document.id)
    for email, role in ((EDITOR, "editor"), (READER, "reader")):
        make_account(home, email, role)
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org"})
    assert (first.start_page, shared.start_page, shared.quoted) == (1, 1, False)
    editor = app.test_client()
    sign_in(editor, EDITOR)
    page = f"/e/{shared.id}"
    marked = editor.post(f"{page}/not-email", data={"csrf_token": csrf(editor, page), "kind": "memo"})
    assert marked.status_code == 302
    where = f"/d/{shared.document_id}/p/1"
    reader = app.test_client()
    sign_in(reader, READER)
    said = reader.get(where).get_data(as_text=True)
    assert f'data-marked="{shared.start_line}">On <time' in said and "as no email (memo)" in said
    assert "data-restore-mark" not in said and "data-restore-mark" in editor.get(where).get_data(as_text=True)
    at = {"at": f"1:{shared.start_line}"}
    assert reader.post(f"{where}/email", data={**at, "csrf_token": csrf(reader, where)}).status_code == 403
    restored = editor.post(f"{where}/email", data={**at, "csrf_token": csrf(editor, where)})
    assert restored.status_code == 302 and restored.headers["Location"].endswith(page)
    assert reader.get(page).status_code == 200 and "data-marked" not in reader.get(where).get_data(as_text=True)
    with Archive.open(home, readonly=True) as archive:
        assert [c.action for c in archive.store.corrections(document.id)] == ["not-email", "restore"]


def test_a_refused_correction_keeps_what_was_typed_and_one_of_an_email_merged_since_says_where_it_went(harbor):
    """GIVEN an editor's correction refused (a date that cannot be read) THEN the form comes back
    with what they typed in every field, the error beside it (was: the stored values, all typed
    lost). GIVEN a teammate merged the email since the form was drawn THEN the correction is refused
    with 409 naming the email its lines are part of now (was: a bare 404 "no email")."""
    app, home, (first, reply, *_) = harbor
    client = app.test_client()
    sign_in(client, EDITOR)
    page = f"/e/{reply.id}"
    token = csrf(client, page)
    refused = client.post(f"{page}/correct", data={"csrf_token": token, "date": "the day after",
                                                    "subject": "Tide tables, again", "certainty": "damaged"})
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "is not a date that can be read" in shown
    assert 'name="date" value="the day after"' in shown and 'name="subject" value="Tide tables, again"' in shown
    assert '<option value="damaged" selected>' in shown
    assert 'name="subject" value="Tide tables, again"' not in client.get(page).get_data(as_text=True)
    teammate = app.test_client()
    sign_in(teammate, EDITOR)
    assert teammate.post(f"{page}/merge", data={"csrf_token": csrf(teammate, page)}).status_code == 302
    late = client.post(f"{page}/correct", data={"csrf_token": token, "subject": "Tide tables"})
    assert late.status_code == 409
    assert f"its lines are now part of email {first.id}, /e/{first.id}); nothing was saved" in late.get_data(as_text=True)
