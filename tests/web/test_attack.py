"""The site used as an attacker and as a litigator would use it: each test is a defect found by
probing a served archive, kept so it stays fixed (the fix is at the one place the rule lives)."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from archive import AccountError, Archive, Release

from .test_accounts import PASSWORD, csrf, make_account, sign_in
from .test_corrections import EDITOR, OUTSIDER, READER, harbor  # noqa: F401 - the fixture


def exhibit_list(client, title: str, *targets: str) -> str:
    """A new exhibit list of the client's, citing ``targets`` in order: its id."""
    made = client.post("/exhibits/new", data={"csrf_token": csrf(client, "/exhibits"), "title": title})
    list_id = made.headers["Location"].rsplit("/", 1)[1]
    for target in targets:
        added = client.post("/exhibits/add", data={"csrf_token": csrf(client, "/exhibits"), "target": target,
                                                   "list_id": list_id})
        assert added.status_code == 302, target
    return list_id


@pytest.mark.parametrize("target", ["/\t/evil.example/x", "/\n/evil.example", "/\r\n/evil.example", "/\x00/evil"])
def test_after_sign_in_a_path_a_browser_reads_as_another_host_is_not_followed(harbor, target):  # noqa: F811
    """GIVEN a sign-in link whose next= is "/<tab>/evil.example" (a browser drops tabs and line
    breaks from a URL, so the Location "//evil.example" sends the person there)
    WHEN they sign in THEN they land on the home page, and a line break is no 500."""
    app, _, _ = harbor
    response = sign_in(app.test_client(), READER, next=target)
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_exhibit_list_keeps_citing_an_email_merged_into_the_one_before(harbor):  # noqa: F811
    """GIVEN a reader's exhibit list citing the second email of a document
    WHEN an editor merges that email into the one before (its id is retired)
    THEN the list, its CSV, Word and PDF exports still open and cite the email now covering its
    place, with that email's permalink (the one its page and the API print)."""
    app, home, (first, second, *_) = harbor
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Motion", f"e:{first.id}", f"e:{second.id}")
    editor = app.test_client()
    sign_in(editor, EDITOR)
    merged = editor.post(f"/e/{second.id}/merge", data={"csrf_token": csrf(editor, f"/e/{second.id}")})
    assert merged.status_code == 302
    covering = app.test_client().get(f"/e/{second.id}").headers["Location"].rsplit("/", 1)[1].split("?")[0]
    assert covering != second.id

    shown = reader.get(f"/exhibits/{list_id}")
    assert shown.status_code == 200
    page = shown.get_data(as_text=True)
    assert page.count(f"https://foia.example.org/e/{covering}</a>") == 2
    exported = reader.get(f"/exhibits/{list_id}/export.csv")
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    cited = app.test_client().get(f"/api/emails/{covering}").get_json()["data"]["citation"]
    assert [r["permalink"] for r in rows] == [f"https://foia.example.org/e/{covering}"] * 2
    assert rows[1]["citation"] == cited
    for fmt in ("docx", "pdf"):
        assert reader.get(f"/exhibits/{list_id}/export.{fmt}").status_code == 200


def test_a_bates_number_withdrawn_and_produced_again_leads_to_the_production_that_stands(harbor, tmp_path):  # noqa: F811
    """GIVEN a release withdrawn (personal data went out) and produced again with the same Bates
    stamps, THEN /bates/<n> and /api/bates/<n> lead to the page of the production that stands,
    not to the withdrawn one's 410; a number only the withdrawn release carries stays 410."""
    from ingest.pipeline import Ingest
    from tests.harbor import PAGES, RELEASE

    from .conftest import make_pdf

    app, home, _ = harbor
    again = Release("harbor-again", "Harbor survey records, produced again", agency="Port Authority")
    pdf = make_pdf(tmp_path / "again.pdf", [*PAGES[:3], PAGES[3].replace("survey meeting", "[redacted]")][:3])
    with Archive.open(home) as archive:
        archive.save_release(again, actor="cli:test")
        assert [o.status for o in Ingest(archive, again.slug).run([pdf]).outcomes] == ["ingested"]
        archive.withdraw_release(RELEASE.slug, "personal data", actor="cli:test")
        (document,) = [d for d in archive.documents() if d.release == again.slug]
        covering = archive.email_covering(document.id, 2)
    client = app.test_client()
    response = client.get("/bates/TEST-000002")
    assert response.status_code == 302 and response.headers["Location"] == f"/e/{covering.id}#p2"
    assert client.get("/api/bates/TEST-000002").get_json()["data"]["document"] == document.id
    assert client.get("/bates/TEST-000004").status_code == 410  # page 4: in the withdrawn release only


def test_a_bates_number_two_pages_carry_leads_to_both_never_silently_to_one(harbor, tmp_path):  # noqa: F811
    """GIVEN two releases standing with the same Bates stamps on pages of different text (an
    agency's numbering reused, a production and its supplement) WHEN /bates/<n> is asked for THEN
    it leads to the search for that stamp, which lists both (was: the first page stored, as if the
    number named it alone, the other never mentioned), and the API names every page carrying it;
    a number one page carries still leads to its email."""
    from ingest.pipeline import Ingest
    from tests.harbor import PAGES

    from .conftest import make_pdf

    app, home, _ = harbor
    other = Release("harbor-supplement", "Harbor survey records, supplement", agency="Port Authority")
    pdf = make_pdf(tmp_path / "other.pdf", [PAGES[0].replace("Harbor survey schedule", "Breakwater lights")])
    with Archive.open(home) as archive:
        archive.save_release(other, actor="cli:test")
        assert [o.status for o in Ingest(archive, other.slug).run([pdf]).outcomes] == ["ingested"]
    client = app.test_client()
    response = client.get("/bates/TEST-000001")
    assert response.status_code == 302 and response.headers["Location"].startswith("/search?q=bates")
    listed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Breakwater lights" in listed and "Harbor survey schedule" in listed
    data = client.get("/api/bates/TEST-000001").get_json()["data"]
    assert len(data["pages"]) == 2 and {p["release"] for p in data["pages"]} == {"harbor", "harbor-supplement"}
    # the API names none of them alone either (it named the first stored page's email, and which was
    # first changed once a correction stored a document again)
    assert (data["ambiguous"], data["document"], data["email"], data["emails"]) == (True, None, None, [])
    assert "/search?q=bates" in data["url"]
    assert client.get("/bates/TEST-000002").headers["Location"].startswith("/e/")
    assert client.get("/api/bates/TEST-000002").get_json()["data"]["ambiguous"] is False


def test_an_email_marked_not_an_email_leads_to_its_page_and_exhibit_lists_cite_it(harbor):  # noqa: F811
    """GIVEN an exhibit list citing the memo printed with mail headers (read as an email)
    WHEN an editor marks it a memo (its id names no email any more)
    THEN its permalink answers 302 to the page (it was 410, though the pages stand; not a 301 a
    browser keeps for ever: the mark can be undone), and the list still opens and exports, citing
    that page, its row saying its email's lines were marked no email."""
    app, home, emails = harbor
    (memo,) = [e for e in emails if e.start_page == 4]
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Memos", f"e:{memo.id}")
    editor = app.test_client()
    sign_in(editor, EDITOR)
    marked = editor.post(f"/e/{memo.id}/not-email", data={"csrf_token": csrf(editor, f"/e/{memo.id}"), "kind": "memo"})
    assert marked.status_code == 302
    anyone = app.test_client()  # the permalink a brief may cite leads to the pages, which stand
    moved = anyone.get(f"/e/{memo.id}")
    assert moved.status_code == 302 and moved.headers["Location"] == f"/d/{memo.document_id}/p/4"
    assert moved.headers["Cache-Control"] == "max-age=300"
    moved = anyone.get(f"/api/emails/{memo.id}")
    assert moved.status_code == 302 and moved.headers["Location"] == f"/api/documents/{memo.document_id}/pages/4"
    shown = reader.get(f"/exhibits/{list_id}")
    assert shown.status_code == 200
    assert f"https://foia.example.org/d/{memo.document_id}/p/4</a>" in shown.get_data(as_text=True)
    # the row says what happened (it said "emails merged or split" and "the email now covering its place")
    said = html.unescape(shown.get_data(as_text=True))
    assert "its lines marked no email: a memo, a letter, a slip sheet) has this row cite the page its email began on" in said
    assert "emails merged or split" not in said
    rows = list(csv.DictReader(io.StringIO(reader.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    assert [r["permalink"] for r in rows] == [f"https://foia.example.org/d/{memo.document_id}/p/4"]


@pytest.mark.parametrize("query", ["email_id=zzzz234567", "_external=1", "_scheme=https&_external=1",
                                   "month=2018-11&month=2018-12&q=survey", "_anchor=p9"])
def test_a_retired_ids_redirect_keeps_the_query_as_it_came_and_never_names_the_requests_host(harbor, query):  # noqa: F811
    """GIVEN the id of an email merged into the one before (retired: it answers 302)
    WHEN it is asked for with a query naming url_for's own arguments ("email_id", "_external"),
    or a search that filters two months THEN the 302 goes to the email now covering its place on
    this site with the query as it came and the old id marked (it was a 500; a Location on the
    forged Host header; the second month dropped from "Back to results")."""
    app, _, (first, second, *_) = harbor
    editor = app.test_client()
    sign_in(editor, EDITOR)
    assert editor.post(f"/e/{second.id}/merge", data={"csrf_token": csrf(editor, f"/e/{second.id}")}).status_code == 302
    covering = app.test_client().get(f"/e/{second.id}").headers["Location"].split("?")[0]
    moved = app.test_client().get(f"/e/{second.id}?{query}", headers={"Host": "evil.example"})
    assert moved.status_code == 302 and moved.headers["Location"] == f"{covering}?{query}&from={second.id}"


def test_an_exhibits_arrow_moves_it_from_where_it_is_now_not_where_an_older_page_showed_it(harbor):  # noqa: F811
    """GIVEN an exhibit list open in two tabs (or shared with a teammate), Ex. 3 moved to Ex. 1 in
    one WHEN "↑" is clicked on Ex. 3 in the other (its form says number=3) THEN it stays Ex. 1,
    first: it went down to Ex. 2 (moved to 3 - 1 = 2, from the page's stale number)."""
    app, _, (first, second, third, *_) = harbor
    one, other = app.test_client(), app.test_client()
    sign_in(one, READER)
    sign_in(other, READER)
    rows = [f"e:{first.id}", f"e:{second.id}", f"e:{third.id}"]
    list_id = exhibit_list(one, "Motion", *rows)

    def change(client, **data):
        response = client.post(f"/exhibits/{list_id}/change",
                               data={"csrf_token": csrf(client, f"/exhibits/{list_id}"), **data})
        assert response.status_code == 302

    change(other, action="move", target=rows[2], number="1")
    change(one, action="up", target=rows[2], number="3")
    shown = one.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert re.findall(r'data-target="([^"]+)"', shown) == [rows[2], rows[0], rows[1]]
    change(one, action="down", target=rows[0], number="1")  # it is Ex. 2 now: down is Ex. 3
    shown = one.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert re.findall(r'data-target="([^"]+)"', shown) == [rows[2], rows[1], rows[0]]


@pytest.mark.parametrize("number", ["99999999999999999999", "0", "5"])
def test_an_email_begun_on_a_page_the_document_does_not_have_is_a_404(harbor, number):  # noqa: F811
    """GIVEN an editor WHEN they say an email begins on page 99999999999999999999 of a document
    of four pages THEN the answer is the 404 the page's own URL gives (it was a 500: the number
    reached SQLite, which holds no integer that large), and nothing is stored."""
    app, home, (first, *_) = harbor
    editor = app.test_client()
    sign_in(editor, EDITOR)
    response = editor.post(f"/d/{first.document_id}/p/{number}/email",
                           data={"csrf_token": csrf(editor, f"/e/{first.id}"), "at": f"{number}:0"})
    assert response.status_code == 404 == editor.get(f"/d/{first.document_id}/p/{number}").status_code
    with Archive.open(home, readonly=True) as archive:
        assert archive.store.corrections(first.document_id) == []


def test_a_tag_on_an_email_merged_into_another_comes_off_where_it_is_shown(harbor):  # noqa: F811
    """GIVEN a reader's tag on the second email of a document WHEN an editor merges it into the
    one before (the tag is shown there, on the email covering its place) and the reader removes
    it there THEN it is gone, from the page and from tag: searches; the × changed nothing
    (the tag was kept on the retired id) while the trail recorded a tag.remove."""
    app, home, (first, second, *_) = harbor
    reader = app.test_client()
    sign_in(reader, READER)
    tagged = reader.post("/tags/add", data={"csrf_token": csrf(reader, "/notes"), "target": f"e:{second.id}",
                                            "tag": "hot"})
    assert tagged.status_code == 302
    editor = app.test_client()
    sign_in(editor, EDITOR)
    assert editor.post(f"/e/{second.id}/merge", data={"csrf_token": csrf(editor, f"/e/{second.id}")}).status_code == 302
    assert 'data-tag="@me/hot"' in reader.get(f"/e/{first.id}").get_data(as_text=True)
    removed = reader.post("/tags/remove", data={"csrf_token": csrf(reader, "/notes"), "target": f"e:{first.id}",
                                                "tag": "@me/hot"})
    assert removed.status_code == 302
    assert 'data-tag="@me/hot"' not in reader.get(f"/e/{first.id}").get_data(as_text=True)
    assert reader.get("/api/search?q=tag:hot").get_json()["meta"]["total"] == 0


def test_setting_a_password_ends_the_accounts_other_set_password_links(harbor):  # noqa: F811
    """GIVEN two set-password links for one account (a reset asked for twice; the first one
    forwarded, or left in a mailbox) WHEN the person sets a password with the second
    THEN the first no longer sets one: it would let whoever holds it take the account over."""
    app, home, _ = harbor
    earlier = make_account(home, "new@example.org", "reader", password=None)
    later = make_account(home, "new@example.org", "reader", password=None)
    client = app.test_client()
    form = {"password": "a long new password", "confirm": "a long new password"}
    done = client.post(f"/account/password/{later}", data={**form, "csrf_token": csrf(client, f"/account/password/{later}")})
    assert done.status_code == 302
    assert client.get(f"/account/password/{earlier}").status_code == 404
    with Archive.open(home) as archive, pytest.raises(AccountError, match="used or has expired"):
        archive.set_password(earlier, "an attacker's password")
    assert sign_in(app.test_client(), "new@example.org", "a long new password").status_code == 302


def test_a_feed_stays_well_formed_xml_whatever_its_saved_search_is_called(harbor):  # noqa: F811
    """GIVEN a saved search named with characters XML 1.0 cannot hold (U+FFFF, U+FFFE, a
    vertical tab) THEN its Atom feed still parses: one bad character makes a feed reader drop
    the whole feed."""
    import xml.etree.ElementTree as ET

    app, _, _ = harbor
    reader = app.test_client()
    sign_in(reader, READER)
    saved = reader.post("/searches/new?q=harbor", data={"csrf_token": csrf(reader, "/searches"),
                                                        "name": "Harbor \uffff\ufffe\x0b survey"})
    page = reader.get(saved.headers["Location"]).get_data(as_text=True)
    url = re.search(r'class="feed-url" href="https://foia.example.org(/feeds/[^"]+)"', page).group(1)
    feed = app.test_client().get(url)
    assert feed.status_code == 200
    title = ET.fromstring(feed.get_data()).find("{http://www.w3.org/2005/Atom}title").text
    assert title.startswith("Saved search: Harbor") and title.endswith("survey")


def test_signing_out_ends_the_session_a_copied_cookie_would_resume(harbor):  # noqa: F811
    """GIVEN a signed-in browser whose session cookie was copied (a shared computer, a proxy log)
    WHEN the person signs out THEN the copy no longer signs anyone in (ASVS 3.3.1), and the
    sign-out is audited."""
    app, home, _ = harbor
    client = app.test_client()
    assert sign_in(client, READER).status_code == 302
    copied = client.get_cookie("foia_session").value
    assert client.post("/signout", data={"csrf_token": csrf(client, "/")}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("foia_session", copied)
    assert replay.get("/notes").headers["Location"].startswith("/signin")
    with Archive.open(home, readonly=True) as archive:
        assert archive.audit_trail(target=READER, limit=1)[0].action == "signout"
    assert sign_in(app.test_client(), READER).status_code == 302


@pytest.mark.parametrize("restricted", [False, True])
def test_a_saved_searchs_alert_on_an_email_later_merged_names_the_email_covering_it(harbor, restricted):  # noqa: F811
    """GIVEN a saved search alerted to the second email of a document (in a release restricted to
    its owner and the editor, or open) WHEN an editor merges it into the one before THEN the saved
    search's page and its Atom feed, read by its token alone, give the email now covering it, with
    its subject and permalink (the feed said "Page <old id>"; in a restricted release it looked the
    merged id up as someone not signed in, to whom the release does not exist)."""
    import xml.etree.ElementTree as ET

    app, home, (first, second, *_) = harbor
    if restricted:
        with Archive.open(home) as archive:
            archive.restrict_release(first.release, people=[READER, EDITOR], actor="cli:test")
    reader = app.test_client()
    sign_in(reader, READER)
    saved = reader.post("/searches/new?q=harbor", data={"csrf_token": csrf(reader, "/searches"), "name": "Harbor"})
    with Archive.open(home) as archive:
        archive.work.alert_saved_searches("batch-1", [second.document_id], lambda *_: [f"e:{second.id}"])
    editor = app.test_client()
    sign_in(editor, EDITOR)
    assert editor.post(f"/e/{second.id}/merge", data={"csrf_token": csrf(editor, f"/e/{second.id}")}).status_code == 302
    covering = editor.get(f"/e/{second.id}").headers["Location"].rsplit("/", 1)[1].split("?")[0]
    page = reader.get(saved.headers["Location"]).get_data(as_text=True)
    assert f'href="/e/{covering}' in page
    url = re.search(r'class="feed-url" href="https://foia.example.org(/feeds/[^"]+)"', page).group(1)
    atom = "{http://www.w3.org/2005/Atom}"
    (entry,) = ET.fromstring(app.test_client().get(url).get_data()).findall(f"{atom}entry")
    assert entry.find(f"{atom}link").get("href") == f"https://foia.example.org/e/{covering}"
    assert entry.find(f"{atom}title").text == first.subject


def test_a_note_as_long_as_the_form_allows_is_kept_and_strangers_stay_held_to_16_kb(harbor):  # noqa: F811
    """GIVEN the note form's limit of 20,000 characters (MAX_NOTE, the textarea's maxlength)
    WHEN a reader sends a note of 19,000, or of 6,000 accented characters (each nine bytes once
    form-encoded) THEN it is kept (the 16 KB a request may carry refused it with 413, the note
    lost); one over the limit is refused saying so; a request signed out is still held to 16 KB."""
    from archive.work import MAX_NOTE

    app, home, (first, *_) = harbor
    reader = app.test_client()
    sign_in(reader, READER)
    for text in ("a" * 19_000, "\u00e9" * 6_000, "x" * MAX_NOTE):
        sent = reader.post("/notes/new", data={"csrf_token": csrf(reader, "/notes"), "target": f"e:{first.id}",
                                               "text": text})
        assert sent.status_code == 302, len(text)
    too_long = reader.post("/notes/new", data={"csrf_token": csrf(reader, "/notes"), "target": f"e:{first.id}",
                                               "text": "x" * (MAX_NOTE + 1)})
    assert too_long.status_code == 400 and "at most 20,000 characters" in too_long.get_data(as_text=True)
    with Archive.open(home, readonly=True) as archive:
        assert len(archive.work.notes(archive.work.reader(archive.account(READER)))) == 3
    stranger = app.test_client()
    assert stranger.post("/notes/new", data={"text": "a" * 19_000}).status_code == 413


def test_numbering_exhibits_by_date_orders_emails_of_one_day_by_their_time(harbor):  # noqa: F811
    """GIVEN a list holding the 3:50 PM reply before the 3:45 PM email it answers (one day)
    WHEN its rows are numbered by date THEN the 3:45 PM email is Ex. 1 (the day alone left
    them as they were), and an email of the next day comes after both."""
    app, _, (first, second, third, *_) = harbor
    assert first.sent[:10] == second.sent[:10] and first.sent < second.sent < third.sent
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Chronology", *(f"e:{email.id}" for email in (third, second, first)))
    token = csrf(reader, f"/exhibits/{list_id}")
    assert reader.post(f"/exhibits/{list_id}/change", data={"csrf_token": token, "action": "by-date"}).status_code == 302
    shown = reader.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert re.findall(r'data-target="([^"]+)"', shown) == [f"e:{first.id}", f"e:{second.id}", f"e:{third.id}"]


def test_a_new_release_with_a_restricted_releases_slug_is_refused_as_any_taken_slug_is(harbor, tmp_path):  # noqa: F811
    """GIVEN a release restricted to one editor WHEN another editor uploads into a new release
    with its slug THEN the refusal is word for word the one a release they can read gets (it
    said "there is already a release 'x'": a restricted release exists for no one else), and
    the restricted release is left as it was, with no batch."""
    from tests.harbor import PAGES, RELEASE

    from .conftest import make_pdf

    app, home, _ = harbor
    with Archive.open(home) as archive:
        archive.save_release(Release("sealed-matter", "Sealed matter", agency="Port Authority"), actor="cli:test")
        archive.restrict_release("sealed-matter", people=[EDITOR], actor="cli:test")
    pdf = make_pdf(tmp_path / "new.pdf", PAGES[:1]).read_bytes()
    outsider = app.test_client()
    sign_in(outsider, OUTSIDER)

    def refusal(slug: str) -> str:
        response = outsider.post("/upload", data={
            "csrf_token": csrf(outsider, "/upload"), "slug": slug, "title": "Mine",
            "files": [(io.BytesIO(pdf), "new.pdf")]}, content_type="multipart/form-data")
        assert response.status_code == 400
        return re.search(r'class="form-error"[^>]*>(.*?)<', response.get_data(as_text=True), re.S).group(1)

    hidden, visible = refusal("sealed-matter"), refusal(RELEASE.slug)
    assert hidden.replace("sealed-matter", "SLUG") == visible.replace(RELEASE.slug, "SLUG")
    assert "already" not in hidden and "choose another" in hidden
    with Archive.open(home, readonly=True) as archive:
        assert archive.release("sealed-matter").title == "Sealed matter"
        assert archive.batches(("queued", "running", "done", "failed")) == []


def test_the_stamps_named_beside_a_missing_bates_number_are_never_a_withdrawn_releases(harbor, tmp_path):  # noqa: F811
    """GIVEN a withdrawn release stamped TEST-000001-000004 (personal data went out) and a
    production that stands stamped TEST-000010 WHEN someone looks up TEST-000005, on no page
    THEN the 404 names TEST-000010 after it and nothing before it: the withdrawn stamps are not
    named (the hint said "TEST-000004 before it"), on the page and in the API."""
    from ingest.pipeline import Ingest
    from tests.harbor import PAGES, RELEASE

    from .conftest import make_pdf

    app, home, _ = harbor
    later = Release("harbor-later", "Harbor survey records, later", agency="Port Authority")
    pdf = make_pdf(tmp_path / "later.pdf", [PAGES[0]] * 10)
    with Archive.open(home) as archive:
        archive.save_release(later, actor="cli:test")
        assert [o.status for o in Ingest(archive, later.slug).run([pdf]).outcomes] == ["ingested"]
        archive.withdraw_release(RELEASE.slug, "personal data", actor="cli:test")
        (document,) = [d for d in archive.documents() if d.release == later.slug]
        archive.store.db.execute("update pages set bates = null where document_id = ? and number < 10",
                                 [document.id])
        archive.store.db.conn.commit()
    client = app.test_client()
    page = client.get("/bates/TEST-000005")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert "TEST-000010 after it" in text and "before it" not in text and "TEST-000004" not in text
    detail = client.get("/api/bates/TEST-000005").get_json()["error"]["detail"]
    assert "TEST-000010 after it" in detail and "TEST-000004" not in detail


def _hostile_pdf(path, clean):
    """``clean`` (a PDF) with what a hostile producer can hide in one: JavaScript run on opening
    (OpenAction, the document's named scripts, its AA), a page action run on viewing (page AA), a
    link that launches a program, one that runs JavaScript, a form field, and a file attached
    both to the document and to a page."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NullObject,
        NumberObject,
        TextStringObject,
    )

    def action(kind, **more):
        return DictionaryObject({NameObject("/S"): NameObject(kind), **{
            NameObject(f"/{k}"): TextStringObject(v) for k, v in more.items()}})

    def annotation(subtype, **more):
        found = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype),
                                  NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 72, 200, 100)])})
        found.update({NameObject(k): v for k, v in more.items()})
        return writer._add_object(found)

    writer = PdfWriter(clone_from=str(clean))
    writer.add_attachment("payload.exe", b"MZ hostile program")
    root = writer._root_object
    root["/Names"].get_object()[NameObject("/JavaScript")] = DictionaryObject({NameObject("/Names"): ArrayObject([
        TextStringObject("named"), writer._add_object(action("/JavaScript", JS="app.alert('named script')"))])})
    root[NameObject("/OpenAction")] = writer._add_object(action("/JavaScript", JS="app.alert('on open')"))
    root[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): action("/JavaScript", JS="app.alert('on close')")})
    field = annotation("/Widget", **{"/FT": NameObject("/Tx"), "/T": TextStringObject("evil-field"),
                                     "/V": TextStringObject("typed"),
                                     "/AA": DictionaryObject({NameObject("/K"): action("/JavaScript",
                                                                                      JS="app.alert('keystroke')")})})
    root[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([field])})
    embedded = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Filespec"),
                                                    NameObject("/F"): TextStringObject("page-payload.exe")}))
    for number, page in enumerate(writer.pages):
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action("/JavaScript", JS="app.alert('page')")})
        annotations = ArrayObject([
            annotation("/Link", **{"/A": action("/Launch", F="calc.exe")}),
            annotation("/Link", **{"/A": action("/JavaScript", JS="app.alert('link')")}),
            annotation("/FileAttachment", **{"/FS": embedded}),
            field,
            *([NullObject(), NumberObject(7)] if number else []),  # what a damaged list holds
        ])  # the second page's list held as an object of its own, as many producers write it
        page[NameObject("/Annots")] = writer._add_object(annotations) if number else annotations
    with open(path, "wb") as out:
        writer.write(out)
    return path


def test_an_exhibit_pdf_carries_none_of_a_hostile_pdfs_scripts_actions_forms_or_files(harbor, tmp_path):  # noqa: F811
    """GIVEN a released PDF carrying JavaScript (on opening, on closing, named, on a page, behind a
    link and a form field), a link launching a program, a form, and files attached to the document
    and to a page WHEN its pages are cited on an exhibit list and the stamped PDF is exported
    THEN the exhibit PDF a lawyer files holds none of them (it copied the pages' actions,
    annotations and the fields and files they name), and still holds the page and its stamp."""
    import pypdfium2
    from pypdf import PdfReader

    from ingest.pipeline import Ingest
    from tests.harbor import PAGES

    from .conftest import make_pdf

    app, home, _ = harbor
    hostile = _hostile_pdf(tmp_path / "hostile.pdf", make_pdf(tmp_path / "clean.pdf", PAGES[:2]))
    assert all(trace in hostile.read_bytes() for trace in (b"/JS", b"/Launch", b"/Widget", b"/EmbeddedFile"))
    with Archive.open(home) as archive:
        assert [o.status for o in Ingest(archive, "harbor").run([hostile]).outcomes] == ["ingested"]
        (document,) = [d for d in archive.documents() if d.filename == "hostile.pdf"]
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Hostile", f"p:{document.id}:1", f"p:{document.id}:2")
    exported = reader.get(f"/exhibits/{list_id}/export.pdf")
    assert exported.status_code == 200
    data = exported.get_data()
    for trace in (b"/JS", b"calc", b"payload", b"MZ hostile", b"evil", b"/JavaScript",
                  b"/Launch", b"/OpenAction", b"/AA", b"/AcroForm", b"/EmbeddedFile", b"/FileAttachment",
                  b"/Widget"):
        assert trace not in data, trace
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 2 and all("/Annots" not in page for page in pdf.pages)
    assert "Harbor survey schedule" in pdf.pages[0].extract_text()
    assert "EXHIBIT 1" in pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()


def test_notes_tags_and_exhibit_rows_follow_a_split_to_the_part_they_are_about(harbor):  # noqa: F811
    """GIVEN on page 3's email (the machine ran a forwarded permit notice into it) a note on a
    passage of its first part, one on a passage of the notice, a note on the whole email, a tag and
    an exhibit row WHEN an editor splits it where the notice begins THEN the passage note on the
    notice goes with the new email, found at its words there (it stayed behind, "no longer
    found"); the other passage note, the email's note, its tag and its exhibit row stay with the
    first part, the email its permalink and citation name, cited as its page and the API cite it."""
    app, home, (_, _, permit, *_) = harbor
    assert permit.subject == "Dredging permit"
    reader = app.test_client()
    sign_in(reader, READER)

    def note(text: str, quote: str = "") -> None:
        sent = reader.post("/notes/new", data={"csrf_token": csrf(reader, "/notes"), "target": f"e:{permit.id}",
                                               "text": text, "quote": quote})
        assert sent.status_code == 302

    note("the notice itself", quote="Your dredging permit 2018-114 is approved.")
    note("when it arrived", quote="The permit came through this morning.")
    note("the whole email")
    tagged = reader.post("/tags/add", data={"csrf_token": csrf(reader, "/notes"), "target": f"e:{permit.id}", "tag": "hot"})
    assert tagged.status_code == 302
    list_id = exhibit_list(reader, "Permits", f"e:{permit.id}")
    editor = app.test_client()
    sign_in(editor, EDITOR)
    split = editor.post(f"/e/{permit.id}/split", data={"csrf_token": csrf(editor, f"/e/{permit.id}"), "at": "3:6"})
    assert split.status_code == 302
    with Archive.open(home, readonly=True) as archive:
        parts = [e for e in archive.emails_in_document(permit.document_id) if not e.quoted and e.start_page == 3]
    assert [e.subject for e in parts] == ["Dredging permit", "Permit 2018-114 approved"]
    first, notice = parts
    assert first.id == permit.id

    def shown(email_id: str) -> str:
        return reader.get(f"/e/{email_id}").get_data(as_text=True)

    on_notice, on_first = shown(notice.id), shown(first.id)
    assert "the notice itself" in on_notice and "the notice itself" not in on_first
    assert "no longer found" not in on_notice and "no longer found" not in on_first
    for kept in ("when it arrived", "the whole email"):
        assert kept in on_first and kept not in on_notice
    with Archive.open(home, readonly=True) as archive:
        work = archive.work
        mine = work.reader(archive.account(READER))
        (moved,) = [n for n in work.notes(mine) if n.text == "the notice itself"]
        assert moved.target == f"e:{notice.id}"
        assert notice.body[moved.start:moved.start + len(moved.quote)] == moved.quote
        assert list(work.tags_on([f"e:{first.id}", f"e:{notice.id}"], mine)) == [f"e:{first.id}"]
    assert f"e:{first.id}" in reader.get("/search?q=tag:hot").get_data(as_text=True).replace("/e/", "e:")
    assert f"/e/{notice.id}" not in reader.get("/search?q=tag:hot").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(reader.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    cited = app.test_client().get(f"/api/emails/{first.id}").get_json()["data"]["citation"]
    assert [r["citation"] for r in rows] == [cited]
    assert rows[0]["permalink"] == f"https://foia.example.org/e/{first.id}"


RATE_LIMITED = [  # (setting, what is asked for again and again, signed in as)
    ("RATE_LIMIT_EXPORTS", "/search/export.csv?q=harbor", None),
    ("RATE_LIMIT_EXPORTS", "/search/export.json", None),
    ("RATE_LIMIT_EXPANDING_SEARCHES", "/search?q=harb*", None),
    ("RATE_LIMIT_EXPANDING_SEARCHES", "/api/search?q=harbour~", None),
    ("RATE_LIMIT_EXPANDING_SEARCHES", "/search?q=bates:TEST*", None),  # a prefix read against every stamp
    ("RATE_LIMIT_EXPANDING_SEARCHES", "/api/search?q=tag:*", None),
    ("RATE_LIMIT_REPORTS", "/r/harbor/redactions", None),
    ("RATE_LIMIT_REPORTS", "/api/releases/harbor/changes?since=harbor", None),
    ("RATE_LIMIT_REPORTS", "/r/harbor/production", None),
    ("RATE_LIMIT_PASSWORD_LINKS", "/account/password/not-a-token", None),
    ("RATE_LIMIT_SSO", "/signin/sso", None),
    ("RATE_LIMIT_EXHIBIT_EXPORTS", "/exhibits/LIST/export.pdf", READER),
]


@pytest.mark.parametrize(("setting", "path", "who"), RATE_LIMITED)
def test_what_costs_the_site_most_is_rate_limited_per_client_with_a_clear_429(harbor, setting, path, who):  # noqa: F811
    """GIVEN a limit of 2 a minute on exports, searches with a wildcard or fuzzy word, the
    redaction reports, exhibit exports, set-password links or single sign-on (there was none:
    anyone could ask for them as fast as the site answers) WHEN one client asks a third time
    THEN 429 in the one error shape, naming the limit and its setting, with Retry-After (in
    seconds, within the minute); another client, and a search without a wildcard, still pass."""
    from web import create_app

    _, home, _ = harbor
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org",
                      setting: "2 per minute"})
    client = app.test_client()
    if who:
        sign_in(client, who)
        path = path.replace("LIST", exhibit_list(client, "Limits"))
    answered = [client.get(path).status_code for _ in range(3)]
    assert 429 not in answered[:2] and answered[2] == 429, answered
    limited = client.get(path)
    assert limited.status_code == 429 and limited.headers["Cache-Control"] == "no-store"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    if path.startswith("/api/") or path.split("?")[0].endswith(".json"):  # (a JSON export answers in JSON)
        detail = limited.get_json()["error"]["detail"]
    else:
        detail = re.sub(r"\s+", " ", limited.get_data(as_text=True))
        assert "Error 429" in detail
    assert "at most 2 per 1 minute" in detail and f"FOIA_{setting}" in detail
    assert re.search(r"Try again in \d+ seconds", detail)
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    if who:
        sign_in(other, EDITOR)  # another account, counted apart
    assert other.get(path).status_code != 429
    if "EXPANDING" in setting:
        assert client.get(path.split("?")[0] + "?q=harbor").status_code == 200


def test_a_record_opened_from_a_wildcard_search_counts_as_one_and_is_shown_unmarked_past_the_limit(harbor):  # noqa: F811
    """GIVEN a limit of 2 a minute on searches with a wildcard or fuzzy word WHEN one client opens
    an email and a page with such a search in its link (?q=harb* OR *ve*: the index's words
    expanded to mark it, as a search does) again and again THEN each counts as one, and past the
    limit the record is still shown (200), unmarked, saying why; a search then answers 429. The
    record pages expanded without limit: the search's limit was walked around through them."""
    from web import create_app

    _, home, (first, *_) = harbor
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org",
                      "RATE_LIMIT_EXPANDING_SEARCHES": "2 per minute"})
    client = app.test_client()
    query = "?q=harb*%20OR%20*ve*"
    pages = [client.get(f"/e/{first.id}{query}"), client.get(f"/d/{first.document_id}/p/1{query}")]
    assert all(page.status_code == 200 and "<mark>" in page.get_data(as_text=True) for page in pages)
    past = [client.get(f"/e/{first.id}{query}"), client.get(f"/d/{first.document_id}/p/1{query}")]
    for page in past:
        text = re.sub(r"\s+", " ", page.get_data(as_text=True))
        assert page.status_code == 200 and "<mark>" not in text and "FOIA_RATE_LIMIT_EXPANDING_SEARCHES" in text
    assert client.get(f"/search{query}").status_code == 429
    assert "<mark>" in client.get(f"/e/{first.id}?q=harbor").get_data(as_text=True)  # plain words: not counted


def _permit_mail(folder, subject="The permit"):
    """A one-page PDF (harbor's page 3), and a native message (.eml) it is attached to."""
    from email.message import EmailMessage

    from tests.harbor import PAGES

    from .conftest import make_pdf

    pdf = make_pdf(folder / "permit.pdf", PAGES[2:3])
    message = EmailMessage()
    message["From"], message["To"] = "Jane Roe <jane.roe@agency.gov>", "John Doe <john.doe@agency.gov>"
    message["Subject"], message["Date"] = subject, "Wed, 14 Nov 2018 10:00:00 -0500"
    message["Message-ID"] = f"<{subject.lower().replace(' ', '-')}-20181114@agency.gov>"
    message.set_content("The permit is attached.")
    message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename="permit.pdf")
    eml = folder / subject / "permit.eml"
    eml.parent.mkdir()
    eml.write_bytes(bytes(message))
    return pdf, eml


def test_an_attachment_also_released_in_a_restricted_release_does_not_lead_there(harbor, tmp_path):  # noqa: F811
    """GIVEN a PDF first produced in a release restricted to one editor, then attached to a native
    message of a public release (the same file: stored once, by its SHA-256) WHEN anyone else reads
    the message THEN its attachment is listed and downloads, but neither the page nor the API
    point to the restricted release's document (a "read it here" link that answered 404, naming
    a document the reader may not know exists); the editor let in still gets the link."""
    from ingest.pipeline import Ingest

    app, home, _ = harbor
    pdf, eml = _permit_mail(tmp_path)
    with Archive.open(home) as archive:
        archive.save_release(Release("sealed-permits", "Sealed permits", agency="Port Authority"), actor="cli:test")
        archive.restrict_release("sealed-permits", people=[EDITOR], actor="cli:test")
        assert [o.status for o in Ingest(archive, "sealed-permits").run([pdf]).outcomes] == ["ingested"]
        assert not Ingest(archive, "harbor").run([eml]).failed
        (sealed,) = [d for d in archive.documents() if d.release == "sealed-permits"]
        (email,) = [e for e in archive.iter_emails() if e.message_id == "<the-permit-20181114@agency.gov>"]
    anyone = app.test_client()
    page = anyone.get(f"/e/{email.id}").get_data(as_text=True)
    assert "permit.pdf" in page and f"/d/{sealed.id}" not in page
    with anyone.get(f"/e/{email.id}/attachments/1") as download:
        assert download.get_data() == pdf.read_bytes()
    (attached,) = anyone.get(f"/api/emails/{email.id}").get_json()["data"]["attachment_files"]
    assert attached["document"] is None and attached["filename"] == "permit.pdf"
    allowed = app.test_client()
    sign_in(allowed, EDITOR)
    assert f"/d/{sealed.id}" in allowed.get(f"/e/{email.id}").get_data(as_text=True)


def test_an_email_page_names_no_message_of_a_withdrawn_release_it_was_attached_to(harbor, tmp_path):  # noqa: F811
    """GIVEN a PDF attached to a message of a release that stands and to one of a release since
    withdrawn (personal data went out) WHEN anyone reads the email printed in the PDF THEN
    "Attached to" names the first message only (the withdrawn one's subject and date were listed,
    linking to a 410)."""
    from ingest.pipeline import Ingest

    app, home, _ = harbor
    _, kept = _permit_mail(tmp_path, "The permit")
    _, withdrawn = _permit_mail(tmp_path, "Home address list")
    with Archive.open(home) as archive:
        archive.save_release(Release("permit-mail", "Permit mail", agency="Port Authority"), actor="cli:test")
        assert not Ingest(archive, "harbor").run([kept]).failed
        assert not Ingest(archive, "permit-mail").run([withdrawn]).failed
        (document,) = [d for d in archive.documents() if d.parent_sha256]  # the PDF, read from the first
        printed = archive.emails_in_document(document.id)[0]
        messages = {e.subject: e.id for e in archive.iter_emails() if e.message_id}
        assert f"/e/{messages['Home address list']}" in app.test_client().get(f"/e/{printed.id}").get_data(as_text=True)
        archive.withdraw_release("permit-mail", "personal data", actor="cli:test")
    page = app.test_client().get(f"/e/{printed.id}").get_data(as_text=True)
    assert f"/e/{messages['The permit']}" in page
    assert f"/e/{messages['Home address list']}" not in page and "Home address list" not in page


def test_an_original_pdf_whose_file_name_holds_a_line_break_downloads(tmp_path):
    """GIVEN a released file ingested from disk under a name holding a line break and a quote
    (names are the producer's, untrusted) WHEN its PDF is asked for THEN it is sent, named
    without them, as /d/<doc>/original names it (it was a 500: a header may not hold one)."""
    import dataclasses

    from .conftest import document_record, emails, make_pdf

    pdf = make_pdf(tmp_path / "x.pdf", ["From: A\nSubject: s\n\nbody"])
    record = dataclasses.replace(document_record(pdf, emails(split_page_three=False)),
                                 filename='memo\r\nSet-Cookie: a=b".pdf')
    document, client = _serving(tmp_path, record, pdf)
    names = []
    for path in (f"/d/{document.id}.pdf", f"/d/{document.id}/original"):
        with client.get(path) as response:
            assert response.status_code == 200 and response.get_data() == pdf.read_bytes(), path
            assert "Set-Cookie" not in response.headers
            names.append(response.headers["Content-Disposition"].split(";", 1)[1])
    assert names[0] == names[1] and "\n" not in names[0]


def test_retry_after_waits_for_the_longest_limit_breached(harbor):  # noqa: F811
    """GIVEN exports limited to 2 a minute and 2 an hour WHEN a client asks a third time (both
    breached) THEN Retry-After and the message say to wait for the hour's, not the minute's."""
    from web import create_app

    _, home, _ = harbor
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org",
                      "RATE_LIMIT_EXPORTS": "2 per minute; 2 per hour"})
    client = app.test_client()
    assert [client.get("/search/export.csv?q=harbor").status_code for _ in range(3)] == [200, 200, 429]
    limited = client.get("/api/search?q=harbor")
    assert limited.status_code == 200  # searches are not exports
    limited = client.get("/search/export.json?q=harbor")
    assert 3500 < int(limited.headers["Retry-After"]) <= 3600
    assert f"Try again in {limited.headers['Retry-After']} seconds" in limited.get_data(as_text=True)


def test_a_client_cannot_walk_its_ipv6_block_to_escape_a_rate_limit(harbor):  # noqa: F811
    """GIVEN exports limited to 2 a minute WHEN one subscriber asks from three addresses of its
    IPv6 /64 (each a new address to a per-address count) THEN the third is refused; another
    /64 is not."""
    from web import create_app

    _, home, _ = harbor
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org",
                      "RATE_LIMIT_EXPORTS": "2 per minute"})

    def export_from(address: str) -> int:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client.get("/search/export.csv?q=harbor").status_code

    assert [export_from(f"2001:db8:1:2::{n}") for n in (1, 2, 3)] == [200, 200, 429]
    assert export_from("2001:db8:1:3::1") == 200


def test_guessing_passwords_from_a_walked_ipv6_block_pauses_the_block(harbor):  # noqa: F811
    """GIVEN 20 failed sign-ins for 20 accounts, each from another address of one IPv6 /64
    (the per-address pause counted each address apart, so a spray never paused) THEN the 21st
    from that /64 is refused with 429 even for an account never tried; another /64 signs in."""
    app, _, _ = harbor

    def attempt(address: str, email: str, password: str = "not the password") -> int:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return sign_in(client, email, password).status_code

    assert {attempt(f"2001:db8:9:9::{n:x}", f"guess{n}@example.org") for n in range(20)} == {401}
    assert attempt("2001:db8:9:9::ffff", "someone-else@example.org") == 429
    assert attempt("2001:db8:9:a::1", READER, PASSWORD) == 302


@pytest.mark.parametrize("who", [None, READER, EDITOR])
def test_a_search_naming_no_release_says_where_the_releases_are_not_a_server_command(harbor, who):  # noqa: F811
    """GIVEN a search naming a release that is not there (a typo, a withdrawn or restricted one),
    as a filter and in the query WHEN anyone searches THEN the message points to what they can
    open (the home page, /api/releases; an admin's page for withdrawn ones), never to `foia …`,
    a command only the server's operator can run."""
    app, _home, _emails = harbor
    client = app.test_client()
    if who:
        sign_in(client, who)
    for args in ({"q": "permit", "release": "no-such-release"}, {"q": "release:no-such-release permit"}):
        messages = client.get("/api/search", query_string=args).get_json()["meta"]["messages"]
        (said,) = [m for m in messages if "no-such-release" in m]
        assert "foia " not in said and "`" not in said
        assert "home page" in said and "/api/releases" in said and "/admin/access" in said
        page = client.get("/search", query_string=args).get_data(as_text=True)
        assert "no-such-release" in page and "foia release" not in page and "/api/releases" in page


def test_hundreds_of_nots_in_a_row_are_answered_not_a_500(harbor):  # noqa: F811
    """GIVEN a query of 490 NOTs and a word (2,000 characters allow it) WHEN searched on the page,
    the API and the export THEN each answers, the NOTs cancelling in pairs and said so: the tree
    they made, nested 490 deep, broke the search cache's hashing (RecursionError, a 500)."""
    app, _home, _emails = harbor
    client = app.test_client()
    q = "NOT " * 490 + "survey"
    found = client.get("/api/search", query_string={"q": q}).get_json()
    assert found["meta"]["total"] == client.get("/api/search?q=survey").get_json()["meta"]["total"] > 0
    assert any("490 NOTs in a row" in m for m in found["meta"]["messages"])
    assert client.get("/search", query_string={"q": q}).status_code == 200
    assert client.get("/search/export.csv", query_string={"q": q}).status_code == 200


def _transatlantic(home, folder):
    """Two native messages of one exchange printed in their senders' zones: London's at 4:00 PM
    UTC, and New York's answer at 11:05 AM UTC-5 (4:05 PM UTC): later, though its clock reads
    earlier. No Message-ID links them: the thread places them by subject and participants."""
    from email.message import EmailMessage

    from ingest.pipeline import Ingest
    from tests.harbor import RELEASE

    paths = []
    for name, sender, to, date, subject in (
            ("london", "Ann Lee <ann.lee@port.example.org>", "Jane Roe <jane.roe@agency.gov>",
             "Tue, 20 Nov 2018 16:00:00 +0000", "Berth survey"),
            ("new-york", "Jane Roe <jane.roe@agency.gov>", "Ann Lee <ann.lee@port.example.org>",
             "Tue, 20 Nov 2018 11:05:00 -0500", "RE: Berth survey")):
        message = EmailMessage()
        message["From"], message["To"], message["Date"], message["Subject"] = sender, to, date, subject
        message.set_content(f"The berth survey, from {name}.")
        paths.append(folder / f"{name}.eml")
        paths[-1].write_bytes(bytes(message))
    with Archive.open(home) as archive:
        Ingest(archive, RELEASE.slug).run(paths)
        found = {e.subject: e for e in archive.iter_emails() if "Berth" in e.subject}
    return found["Berth survey"], found["RE: Berth survey"]


def test_emails_printed_in_different_zones_are_in_the_order_they_were_sent(harbor, tmp_path):  # noqa: F811
    """GIVEN London's 4:00 PM UTC email and New York's answer at 11:05 AM UTC-5 (sent five
    minutes later) WHEN the thread is shown and an exhibit list is numbered by date THEN London's
    comes first in both, each still dated as printed: ordering the printed clocks put the answer
    first, and made London's email a reply to it."""
    app, home, _emails = harbor
    london, new_york = _transatlantic(home, tmp_path)
    assert new_york.sent == "2018-11-20T11:05:00-05:00"
    page = app.test_client().get(f"/e/{new_york.id}").get_data(as_text=True)
    assert "Nov. 20, 2018, 11:05 AM UTC-5" in page
    assert re.findall(r'data-thread-node="([^"]+)"', page) == [london.id, new_york.id]  # London's on top
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Chronology", f"e:{new_york.id}", f"e:{london.id}")
    token = csrf(reader, f"/exhibits/{list_id}")
    assert reader.post(f"/exhibits/{list_id}/change", data={"csrf_token": token, "action": "by-date"}).status_code == 302
    shown = reader.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert re.findall(r'data-target="([^"]+)"', shown) == [f"e:{london.id}", f"e:{new_york.id}"]


def test_an_exhibit_pdf_citing_native_mail_holds_a_slip_sheet_for_it(harbor, tmp_path):  # noqa: F811
    """GIVEN an exhibit list citing a printed email and a message released as native mail (an
    .eml: no pages to copy) WHEN it is exported as one stamped PDF THEN the printed email's pages
    come first, then one slip sheet stamped with its exhibit number that says it was produced as
    native mail and cites it, permalink included (the export read the .eml as a PDF and answered
    503 "archive unavailable", for every list holding native mail)."""
    import pypdfium2

    from ingest.pipeline import Ingest

    app, home, (first, *_) = harbor
    _, eml = _permit_mail(tmp_path)
    with Archive.open(home) as archive:
        assert not Ingest(archive, "harbor").run([eml]).failed
        (message,) = [e for e in archive.iter_emails() if e.native]
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Mixed", f"e:{first.id}", f"e:{message.id}")
    exported = reader.get(f"/exhibits/{list_id}/export.pdf")
    assert exported.status_code == 200
    pdf = pypdfium2.PdfDocument(exported.data)
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pages) == (first.end_page - first.start_page + 1) + 1
    assert "EXHIBIT 1" in pages[0] and "harbor survey" in pages[0].lower()
    slip = " ".join(pages[-1].split())
    assert "EXHIBIT 2" in slip and "Produced as native mail" in slip
    csv_rows = list(csv.DictReader(io.StringIO(reader.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
                                               .lstrip("\ufeff"))))
    cited = csv_rows[1]["citation"]  # the same citation as the list, the CSV and the API give
    assert cited.startswith("Email from Jane Roe") and cited.endswith(f"https://foia.example.org/e/{message.id}")
    assert cited.replace(" ", "") in slip.replace(" ", "")


def test_the_redaction_log_shows_copies_that_disagree_when_one_is_native_mail(harbor, tmp_path):  # noqa: F811
    """GIVEN harbor's first email printed (it says "starts Monday") and the same message released
    as native mail with "Monday" withheld as (b)(6) WHEN the redaction log is read THEN its page
    lists the pair like the JSON does (it answered 404: the page looked for the native copy's
    page images, and a message released natively has none)."""
    from email.message import EmailMessage

    from ingest.pipeline import Ingest

    app, home, (first, *_) = harbor
    message = EmailMessage()
    message["From"], message["To"] = "Jane Roe <jane.roe@agency.gov>", "John Doe <john.doe@agency.gov>"
    message["Subject"], message["Date"] = "Harbor survey schedule", "Tue, 13 Nov 2018 15:45:00 -0500"
    message.set_content("John, the harbor survey starts (b)(6).\nPlease confirm the crew list.")
    (tmp_path / "copy.eml").write_bytes(bytes(message))
    with Archive.open(home) as archive:
        assert not Ingest(archive, "harbor").run([tmp_path / "copy.eml"]).failed
        (native,) = [e for e in archive.iter_emails() if e.native]
    client = app.test_client()
    (pair,) = client.get("/api/releases/harbor/redactions").get_json()["data"]["copies_disagree"]
    assert {pair["withheld_in"], pair["other"]} == {native.id, first.id}
    page = client.get("/r/harbor/redactions")
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    assert f"/e/{native.id}" in shown and f"/e/{first.id}" in shown
    assert "released as native mail: no page image" in shown
    for email in (native, first):  # each copy's page shows the pair too
        assert client.get(f"/e/{email.id}").status_code == 200


def test_a_filter_value_carrying_invisible_characters_filters_as_typed_and_says_so(harbor):  # noqa: F811
    """GIVEN a sender filter copied with a zero-width space and a right-to-left override inside it
    (from a PDF, or a shared link meant to show reversed text) WHEN searched THEN it filters as the
    visible address does, says what was removed, and the page never echoes the override: it
    silently matched nothing, and the override reordered the page's text around it."""
    app, _home, _emails = harbor
    client = app.test_client()
    plain = client.get("/api/search", query_string={"q": "harbor", "sender": "jane.roe@agency.gov"}).get_json()
    assert plain["meta"]["total"] > 0
    dirty = {"q": "harbor", "sender": "jane.roe\u200b@agency.gov\u202e"}
    found = client.get("/api/search", query_string=dirty).get_json()
    assert found["meta"]["total"] == plain["meta"]["total"]
    assert any("invisible characters" in m and "sender" in m for m in found["meta"]["messages"])
    assert "\u202e" not in json.dumps(found, ensure_ascii=False)
    assert "\u202e" not in client.get("/search", query_string=dirty).get_data(as_text=True)


def test_one_account_cannot_write_notes_tags_and_exhibit_lists_without_end(harbor):  # noqa: F811
    """GIVEN changes to one's work product limited to 3 a minute (there was no limit: a signed-in
    reader, or a stolen session, could create notes, tags and exhibit lists by the million)
    WHEN one account makes a note, an exhibit list and a tag, then a fourth change from another
    address (a session cookie carried elsewhere) THEN that one is 429 in the error shape, naming
    the limit, its setting and when to come back (Retry-After), and nothing of it is stored;
    another account still writes."""
    from web import create_app

    app, _, (first, *_) = harbor
    app = create_app({**app.config, "RATE_LIMIT_WORK": "3 per minute"})
    client = app.test_client()
    sign_in(client, READER)
    token = csrf(client, f"/e/{first.id}")
    target = f"e:{first.id}"
    written = [client.post("/notes/new", data={"csrf_token": token, "target": target, "text": "note one"}),
               client.post("/exhibits/new", data={"csrf_token": token, "title": "Motion"}),
               client.post("/tags/add", data={"csrf_token": token, "target": target, "tag": "hot"})]
    assert [r.status_code for r in written] == [302, 302, 302]
    client.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    refused = client.post("/notes/new", data={"csrf_token": token, "target": target, "text": "note two"})
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    detail = re.sub(r"\s+", " ", refused.get_data(as_text=True))
    assert "from this account" in detail and "at most 3 per 1 minute" in detail
    assert "FOIA_RATE_LIMIT_WORK" in detail and re.search(r"Try again in \d+ seconds", detail)
    assert [client.post(path, data={"csrf_token": token, **form}).status_code for path, form in (
        ("/exhibits/new", {"title": "Another"}), ("/tags/add", {"target": target, "tag": "cold"}))] == [429, 429]
    notes = client.get("/notes").get_data(as_text=True)
    assert "note one" in notes and "note two" not in notes
    assert "Another" not in client.get("/exhibits").get_data(as_text=True)
    other = app.test_client()
    sign_in(other, EDITOR)
    assert other.post("/notes/new", data={"csrf_token": csrf(other, f"/e/{first.id}"), "target": target,
                                          "text": "an editor's note"}).status_code == 302


def test_tagging_whole_searches_is_limited_by_the_records_tagged(harbor):  # noqa: F811
    """GIVEN an account may tag a search's results 100 times an hour, up to 10,000 records each
    (a million new rows an hour, each search under a new tag name) WHEN the records one account
    tags in an hour pass FOIA_RATE_LIMIT_TAGGED THEN the search that would pass it is refused
    whole (429, naming the limit, its setting and when to come back) and none of its tags is
    stored; a search within what is left still tags, and tagging a search again under a tag its
    results already carry costs only the records it adds (it cost them all, so keeping a tag up
    to date with a search that grew was refused)."""
    from web import create_app

    app, _, _ = harbor
    total = app.test_client().get("/api/search?q=harbor").get_json()["meta"]["total"]
    assert total >= 2
    app = create_app({**app.config, "RATE_LIMIT_TAGGED": f"{total + 1} per hour"})
    client = app.test_client()
    sign_in(client, READER)
    token = csrf(client, "/search?q=harbor")
    # refused for what it asks (a team this reader is not in, a tag with no name): counts nothing
    for mistake in ({"tag": "first", "team": "not-a-team-of-mine"}, {"tag": "  "}):
        assert client.post("/search/tag?q=harbor", data={"csrf_token": token, **mistake}).status_code == 400
    assert client.post("/search/tag?q=harbor", data={"csrf_token": token, "tag": "first"}).status_code == 302
    refused = client.post("/search/tag?q=harbor", data={"csrf_token": token, "tag": "second"})
    assert refused.status_code == 429 and 3500 < int(refused.headers["Retry-After"]) <= 3600
    detail = re.sub(r"\s+", " ", refused.get_data(as_text=True))
    assert f"this search would tag {total} more records" in detail and f"at most {total + 1} per 1 hour" in detail
    assert "FOIA_RATE_LIMIT_TAGGED" in detail and re.search(r"Try again in \d+ seconds", detail)
    assert client.get("/api/search?q=tag:second").get_json()["meta"]["total"] == 0
    assert client.get("/api/search?q=dredging").get_json()["meta"]["total"] == 1
    assert client.post("/search/tag?q=dredging", data={"csrf_token": token, "tag": "third"}).status_code == 302
    assert client.get("/api/search?q=tag:third").get_json()["meta"]["total"] == 1
    # budget spent (total + 1): the first search again under its own tag adds nothing, and passes
    assert client.post("/search/tag?q=harbor", data={"csrf_token": token, "tag": "first"}).status_code == 302
    assert client.get("/api/search?q=tag:first").get_json()["meta"]["total"] == total
    again = client.post("/search/tag?q=harbor", data={"csrf_token": token, "tag": "third"})
    carrying = client.get("/api/search?q=harbor tag:third").get_json()["meta"]["total"]
    assert again.status_code == 429 and carrying < total  # (what does not carry "third" would cost)
    assert f"this search would tag {total - carrying} more records" in re.sub(r"\s+", " ", again.get_data(as_text=True))


def test_a_band_of_a_giant_pages_image_shows_the_lines_it_names(tmp_path):
    """GIVEN a released page 14,400 pt square (its image scaled down to 40 megapixels, a third of
    110 dpi) with a bar 10 pt high 7,000 pt down WHEN /d/<doc>/p/1.png?band=6984,7032 is asked for
    (as the redaction log's side-by-side copies ask: on the bands' 12-point grid) THEN the image
    shows the bar from 16 to 26 points down its 48 (rows were taken at 110 dpi from an image that is not: the band was the image's
    last row, showing nothing of the page there)."""
    import io

    from PIL import Image
    from reportlab.pdfgen import canvas

    from archive.files import sha256_file
    from archive.model import DocumentRecord
    from tests.ingest.test_pdf import bar_between

    from .conftest import page_record

    pdf, side = tmp_path / "giant.pdf", 14_400
    drawing = canvas.Canvas(str(pdf), pagesize=(side, side))
    drawing.rect(0, side - 7_000 - 10, side, 10, fill=1, stroke=0)
    drawing.showPage()
    drawing.save()
    record = DocumentRecord(sha256=sha256_file(pdf), filename="giant.pdf", size=pdf.stat().st_size,
                            pages=(page_record(1, "A survey plan drawn at full scale of the harbor."),), emails=(),
                            fingerprint="giant")
    document, client = _serving(tmp_path, record, pdf)
    with client.get(f"/d/{document.id}/p/1.png?band=6984,7032") as response:
        assert response.status_code == 200
        band = Image.open(io.BytesIO(response.get_data())).convert("L")
    assert bar_between(band, 48, 16, 26), band.size


def test_a_band_of_a_page_image_is_cut_once_and_bands_cut_anew_are_limited(tmp_path):
    """GIVEN bands of a page image asked for with every TOP,BOTTOM (each cut anew read the page's
    image whole and wrote a PNG: 0.2 to 0.7 s of CPU a request, never kept, no limit) THEN a band
    is widened to the 12-point grid, its bottom at most the page's, and cut once (asking again,
    for a band within the same grid lines, or for one running past the page's foot, cuts
    nothing), kept in the process's memory, not in files a request could add without end; a
    client cutting more bands than ``RATE_LIMIT_PAGE_BANDS`` allows is answered 429 naming it
    before anything is drawn; a band cut before is still served."""
    import io

    from PIL import Image

    from archive.files import sha256_file
    from archive.model import DocumentRecord
    from tests.conftest import SAMPLES
    from web import images

    from .conftest import page_record

    pdf = next((SAMPLES / "dea-microsoft").glob("*.pdf"))
    record = DocumentRecord(sha256=sha256_file(pdf), filename=pdf.name, size=pdf.stat().st_size,
                            pages=(page_record(1, "A page of the release."),), emails=(), fingerprint="banded")
    document, client = _serving(tmp_path, record, pdf, RATE_LIMIT_PAGE_BANDS="3 per minute")
    images._BANDS.clear()
    url = f"/d/{document.id}/p/1.png?band={{}}"
    with client.get(url.format("101,199")) as first, client.get(url.format("100,204")) as same:
        assert first.status_code == same.status_code == 200 and first.get_data() == same.get_data()
        assert Image.open(io.BytesIO(first.get_data())).height == round(108 * 110 / 72)  # 96 to 204 points
    with client.get(url.format("756,800")) as foot, client.get(url.format("756,1356")) as past:
        assert foot.get_data() == past.get_data()  # both cut to the page's foot (792 points): one band
    with client.get(url.format("300,400")) as third:
        assert third.status_code == 200
    rendered = len(images._BANDS)
    with client.get(url.format("500,600")) as fourth:
        assert fourth.status_code == 429 and "RATE_LIMIT_PAGE_BANDS" in fourth.get_data(as_text=True)
        assert fourth.headers["Retry-After"]
    with client.get(url.format("98,200")) as again:
        assert again.status_code == 200
    assert len(images._BANDS) == rendered == 3
    assert not list((tmp_path / "archive" / "cache").rglob("*.b*.png"))  # no band written to disk


def _serving(tmp_path, record, pdf, **config):
    """(the document, a client of a site serving it alone, in a release of its own)."""
    from web import create_app

    with Archive.open(tmp_path / "archive") as archive:
        archive.save_release(Release("served", "Served"), actor="cli:test")
        document = archive.add_document("served", record, pdf)
    return document, create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "archive"),
                                 "PUBLIC_URL": "https://foia.test", **config}).test_client()


@pytest.mark.parametrize("failure", ["crash", "hang"])
def test_a_page_that_crashes_or_hangs_pdfium_costs_one_child_process_once(tmp_path, monkeypatch, failure):
    """GIVEN a released PDF whose rendering crashes PDFium (SIGABRT, as a double free in C would)
    or never returns (an endless loop in C) WHEN its page image is asked for, twice THEN the site
    answers 404 naming the page, the file and why, the web process lives on (it rendered in
    the site's process: a crash ended it with every request in it, a hang held a thread for ever),
    and the second asking does not open the PDF again (the first tried it twice, each time in a
    child of its own: a death once may be the machine's)."""
    import os
    import time

    from archive.files import sha256_file
    from archive.model import DocumentRecord
    from ingest import pdf as pdf_module
    from tests.conftest import SAMPLES
    from web import images

    from .conftest import page_record

    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes((SAMPLES / "dea-microsoft" / "dea-microsoft-part2.pdf").read_bytes())
    record = DocumentRecord(sha256=sha256_file(pdf), filename="hostile.pdf", size=pdf.stat().st_size,
                            pages=(page_record(1, "A page PDFium cannot draw."),), emails=(), fingerprint="hostile")
    document, client = _serving(tmp_path, record, pdf)
    opened_log = tmp_path / "opened.log"
    opened = pdf_module._open

    def hostile(path, data=None):  # type: ignore[no-untyped-def]
        with open(opened_log, "a") as log:
            log.write(f"{os.getpid()}\n")
        if os.getpid() == parent:
            return opened(path, data)  # (the test's own process: never reached, which the log shows)
        if failure == "crash":
            os.abort()
        while True:
            time.sleep(1)

    parent = os.getpid()
    monkeypatch.setattr(pdf_module, "_open", hostile)
    monkeypatch.setattr(images, "RENDER_SECONDS", 2)
    for _ in range(2):
        response = client.get(f"/d/{document.id}/p/1.png")
        assert response.status_code == 404
        text = re.sub(r"\s+", " ", response.get_data(as_text=True))
        assert "page 1 of hostile.pdf cannot be shown as an image" in text and "crashed on it twice or took longer" in text
    opens = opened_log.read_text().split()
    assert len(opens) == 2 and str(parent) not in opens and opens[0] != opens[1], opens
    assert client.get(f"/d/{document.id}/p/1").status_code == 200  # its text is still shown


def test_a_drawing_child_holds_no_client_connection_open():
    """GIVEN a connection the web process holds (a socket) WHEN a page is drawn in a child THEN the
    child has closed its copy (held, a response that ends when its connection closes would end
    only when the child does), and the web process's own is untouched."""
    import os
    import socket

    from ingest.isolated import alone, without_sockets

    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert alone(5, os.fstat, ours.fileno()).st_size == 0  # a plain fork keeps it
        with pytest.raises(OSError):
            alone(5, os.fstat, ours.fileno(), initializer=without_sockets)
        ours.sendall(b"still ours")
        assert theirs.recv(16) == b"still ours"


def test_not_an_email_permalink_redirect_keeps_the_query(harbor):  # noqa: F811
    """The other redirect a cited permalink answers (an email marked not-an-email -> its page)
    drops ?q= and the search origin, as the retired-id redirect did before 6e122b0."""
    app, _, (first, second, *_) = harbor
    editor = app.test_client()
    sign_in(editor, EDITOR)
    marked = editor.post(f"/e/{second.id}/not-email", data={"csrf_token": csrf(editor, f"/e/{second.id}"),
                                                            "kind": "memo"})
    assert marked.status_code in (302, 303), marked.status_code
    moved = app.test_client().get(f"/e/{second.id}?q=survey&month=2018-11")
    assert moved.status_code == 302
    assert moved.headers["Location"].endswith("?q=survey&month=2018-11"), moved.headers["Location"]


def test_take_shares_the_searches_budget_with_a_key_prefix(harbor):  # noqa: F811
    """limits.take builds the key without Flask-Limiter's RATELIMIT_KEY_PREFIX: with one set
    (usual with a shared redis), record pages and searches count in separate buckets."""
    from web import create_app

    _, home, (first, *_) = harbor
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org",
                      "RATE_LIMIT_EXPANDING_SEARCHES": "2 per minute", "RATELIMIT_KEY_PREFIX": "foia"})
    client = app.test_client()
    query = "?q=harb*"
    for _ in range(2):
        assert client.get(f"/e/{first.id}{query}").status_code == 200
    assert client.get(f"/search{query}").status_code == 429, "record pages did not count against searches"


def test_take_respects_the_limiter_being_turned_off(harbor):  # noqa: F811
    """RATELIMIT_ENABLED=False turns Flask-Limiter off (searches never 429), but limits.take
    still counts: record pages go unmarked past the limit the site otherwise does not apply."""
    from web import create_app

    _, home, (first, *_) = harbor
    app = create_app({"ARCHIVE_HOME": str(home), "TESTING": True, "PUBLIC_URL": "https://foia.example.org",
                      "RATE_LIMIT_EXPANDING_SEARCHES": "2 per minute", "RATELIMIT_ENABLED": False})
    client = app.test_client()
    for _ in range(3):
        assert client.get("/search?q=harb*").status_code == 200
    pages = [client.get(f"/e/{first.id}?q=harb*").get_data(as_text=True) for _ in range(3)]
    assert all("<mark>" in page for page in pages), "marks withheld by a limit that is turned off"


def test_a_proximity_chain_past_the_search_budget_is_refused_with_a_remedy(harbor, monkeypatch):  # noqa: F811
    """GIVEN a chain of wide proximity between wildcards (each step pairs every place of one
    with every place of the other: 96 operands kept a core ~10 s on 130 emails, longer on
    more) WHEN it outruns the search's budget THEN the page, the API and the exports answer 400
    saying how to narrow it, not a partial answer; a search within the budget is answered as before."""
    import archive.budget
    from archive.tantivy_engine import _near

    app, _home, _emails = harbor
    client = app.test_client()
    answered = client.get("/api/search", query_string={"q": "s* w/9999 t* w/9999 p*"}).get_json()["meta"]["total"]
    assert answered > 0
    chain = "p* w/9999 t* w/9999 s*"  # (another query: an answer kept from before needs no spans)
    monkeypatch.setattr(archive.budget, "SEARCH_SECONDS", 0.0)
    refused = client.get("/api/search", query_string={"q": chain})
    assert refused.status_code == 400 and "narrow it" in refused.get_data(as_text=True)
    page = client.get("/search", query_string={"q": chain})
    assert page.status_code == 400 and "fewer wildcards" in page.get_data(as_text=True)
    for export in ("/search/export.csv", "/search/export.json"):  # (was a 200 with an empty or cut-off file)
        refused = client.get(export, query_string={"q": chain})
        assert refused.status_code == 400 and "narrow it" in refused.get_data(as_text=True), export
    assert client.get("/api/search?q=survey").get_json()["meta"]["total"] > 0  # no proximity: no spans
    with archive.budget.search_budget(), pytest.raises(archive.budget.QueryError):
        _near([(0, 0)], [(1, 1)], 5, False, seek=False)  # the tantivy engine's step spends it too


def test_an_exhibit_pdf_citing_a_page_pypdf_cannot_copy_holds_a_slip_sheet_for_it(harbor, tmp_path):  # noqa: F811
    """GIVEN a released PDF whose page dictionary nests an array 100,000 deep (ingest reads its
    text and keeps it: tests/reliability/hostile.py) and an exhibit list citing harbor's first email,
    then that page, then harbor's second email WHEN the list is exported as one stamped PDF THEN the
    export is a PDF: the emails' pages stamped EXHIBIT 1 and 3, and for Ex. 2 one slip sheet, stamped
    with its number, saying its pages could not be copied from the original and citing it (pypdf
    raised RecursionError, as PdfReadError, while copying the page: a 500 for every reader of the
    list, found by exporting the hostile corpus's files)."""
    import pypdfium2

    from ingest.pipeline import Ingest
    from tests.reliability.hostile import nested_arrays

    app, home, (first, second, *_) = harbor
    hostile = nested_arrays(tmp_path / "nested-arrays.pdf")
    with Archive.open(home) as archive:
        assert not Ingest(archive, "harbor").run([hostile]).failed
        (document,) = [d for d in archive.documents() if d.filename == "nested-arrays.pdf"]
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Hostile", f"e:{first.id}", f"p:{document.id}:1", f"e:{second.id}")
    exported = reader.get(f"/exhibits/{list_id}/export.pdf")
    assert exported.status_code == 200, exported.get_data(as_text=True)[:300]
    pdf = pypdfium2.PdfDocument(exported.data)
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    email_pages = first.end_page - first.start_page + 1
    assert len(pages) == email_pages + 1 + second.end_page - second.start_page + 1
    assert all("EXHIBIT 1" in page for page in pages[:email_pages])
    slip = pages[email_pages]
    assert "EXHIBIT 2" in slip and "could not be copied" in slip and "lighthouse" not in slip
    assert f"/d/{document.id}/p/1" in slip.replace(" ", "")
    assert all("EXHIBIT 3" in page for page in pages[email_pages + 1:])


def _out_of_memory(*_args: object, **_kwargs: object) -> bytes:  # (given ink= as the page's stamper is)
    raise MemoryError  # what pypdf raises in the child past its bound (tests/ingest/test_isolated.py)


def test_an_exhibit_pdf_is_made_in_a_child_whose_running_out_is_a_400(harbor, monkeypatch):  # noqa: F811
    """GIVEN an exhibit list WHEN the child that stamps its PDF runs out of its memory (pypdf held
    every inflated page in the web process until the whole list was written: a list of 2,000
    pages of 50 MB streams ran a worker out of memory; security review) THEN the reader gets a 400
    that says the PDF could not be made and to split the list or export CSV or Word, the CSV
    export still answers, and, the child within its bound, the PDF is made."""
    import web.work

    app, _home, (first, *_) = harbor
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Bounded", f"e:{first.id}")
    monkeypatch.setattr(web.work, "stamped_exhibits", _out_of_memory)  # (the child is forked: it runs this)
    refused = reader.get(f"/exhibits/{list_id}/export.pdf")
    assert refused.status_code == 400 and "split the list" in refused.get_data(as_text=True)
    assert reader.get(f"/exhibits/{list_id}/export.csv").status_code == 200
    monkeypatch.undo()
    assert reader.get(f"/exhibits/{list_id}/export.pdf").data.startswith(b"%PDF")


def test_one_stamped_exhibit_pdf_is_made_at_a_time_by_a_server_process(harbor, monkeypatch):  # noqa: F811
    """GIVEN a stamped PDF of exhibits being made (its child may hold 2 GB for 10 minutes) WHEN
    another reader asks for one THEN they get a 503 saying another is being made and when to
    ask again (Retry-After), not a second child (security review: each reader's 10 exports a
    minute forked as many children as the server has threads); the CSV is made at once; once the
    first is done, the next PDF is made."""
    import threading

    import web.work

    app, _home, (first, *_) = harbor
    reader, other = app.test_client(), app.test_client()
    sign_in(reader, READER)
    sign_in(other, READER)
    list_id = exhibit_list(reader, "One at a time", f"e:{first.id}")
    started, finish = threading.Event(), threading.Event()
    real = web.work.alone

    def slow(*args, **kwargs):
        started.set()
        finish.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(web.work, "alone", slow)
    answers = []
    making = threading.Thread(target=lambda: answers.append(reader.get(f"/exhibits/{list_id}/export.pdf")))
    making.start()
    assert started.wait(30)
    busy = other.get(f"/exhibits/{list_id}/export.pdf")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "30"
    assert "another stamped PDF" in busy.get_data(as_text=True)
    assert other.get(f"/exhibits/{list_id}/export.csv").status_code == 200
    finish.set()
    making.join(60)
    assert answers[0].status_code == 200 and answers[0].data.startswith(b"%PDF")
    assert other.get(f"/exhibits/{list_id}/export.pdf").data.startswith(b"%PDF")
