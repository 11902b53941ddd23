"""Saved searches with alerts (web/work.py, archive/work.py, archive/mail.py): a batch the ingest
runner finishes adds the matches to their owners' saved searches, shown on the home page, in the
saved search's private Atom feed, and sent by email through a real SMTP server (aiosmtpd on
loopback); a match in a release its owner may not read alerts no one but those who may."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from archive import Archive, Release
from ingest.runner import run_next

from .conftest import build_archive, make_pdf
from .test_accounts import csrf, make_account, sign_in
from .test_upload import EMAIL_PAGE, _client, _post

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = Release(slug="secret-quokkas", title="Secret quokkas")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("saved")
    built = build_archive(root)
    for email, role in (("root@example.org", "admin"), ("alice@example.org", "reader"),
                        ("carol@example.org", "reader")):
        make_account(built.home, email, role)
    with Archive.open(built.home) as archive:
        archive.save_release(SECRET)
        archive.restrict_release(SECRET.slug, people=["alice@example.org"], actor="cli:test")
    pdf = make_pdf(root / "quokka.pdf", [EMAIL_PAGE])
    other = make_pdf(root / "wombat.pdf", [EMAIL_PAGE.replace("quokka", "wombat").replace("Quokka", "Wombat")])
    return built.home, pdf, other


@pytest.fixture
def smtp(monkeypatch):
    """A real SMTP server on loopback that keeps every message it is sent."""
    from aiosmtpd.controller import Controller

    from .serve import free_port

    received: list[tuple[list[str], str]] = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            received.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    controller = Controller(Keep(), hostname="127.0.0.1", port=free_port())
    controller.start()
    for name, value in (("FOIA_SMTP_HOST", "127.0.0.1"), ("FOIA_SMTP_PORT", str(controller.port)),
                        ("FOIA_SMTP_FROM", "archive@foia.test"), ("FOIA_PUBLIC_URL", "https://foia.test")):
        monkeypatch.setenv(name, value)
    yield received
    controller.stop()


def _save(client, query: str, name: str) -> str:
    response = client.post(f"/searches/new?q={query}", data={"csrf_token": csrf(client, "/searches"), "name": name})
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[1]


def _feed(client, page: str) -> ET.Element:
    url = re.search(r'class="feed-url" href="https://foia.test(/feeds/[^"]+)"', page).group(1)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_a_matching_batch_alerts_its_owners_on_the_home_page_the_feed_and_by_email(site, smtp):
    home, pdf, other = site
    alice, carol = _client(home, "alice@example.org"), _client(home, "carol@example.org")
    mine = _save(alice, "quokka", "Quokka watch")
    theirs = _save(carol, "quokka", "Carol's quokkas")
    feed = _feed(alice, alice.get(f"/searches/{mine}").get_data(as_text=True))
    assert feed.findtext(f"{ATOM}title") == "Saved search: Quokka watch" and not feed.findall(f"{ATOM}entry")

    root = _client(home, "root@example.org")
    assert _post(root, [(pdf.read_bytes(), "quokka.pdf")], release=SECRET.slug).status_code == 302
    with Archive.open(home) as archive:
        finished = run_next(archive, jobs=1)
    assert finished is not None and [f.status for f in finished.files] == ["ingested"]

    page = alice.get(f"/searches/{mine}").get_data(as_text=True)
    entries = _feed(alice, page).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Quokka survey results"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert re.fullmatch(r"https://foia.test/e/\w+", link)
    assert 'data-unseen="1"' in alice.get("/").get_data(as_text=True)
    # carol may not read the release: nothing for her, anywhere
    carol_page = carol.get(f"/searches/{theirs}").get_data(as_text=True)
    assert "Quokka survey" not in carol_page and not _feed(carol, carol_page).findall(f"{ATOM}entry")
    assert "data-unseen" not in carol.get("/").get_data(as_text=True)
    [(to, message)] = smtp
    assert to == ["alice@example.org"] and "Quokka watch" in message and link in message
    assert "Subject: 1 new match for your saved search 'Quokka watch'" in message
    # seen, then a batch that matches nothing new adds nothing
    assert alice.post(f"/searches/{mine}/seen", data={"csrf_token": csrf(alice, f"/searches/{mine}")}).status_code == 302
    assert "data-unseen" not in alice.get("/").get_data(as_text=True)
    assert _post(root, [(other.read_bytes(), "wombat.pdf")], release=SECRET.slug).status_code == 302
    with Archive.open(home) as archive:
        run_next(archive, jobs=1)
        actions = [e.action for e in archive.audit_trail(limit=50)]
    assert len(smtp) == 1 and "data-unseen" not in alice.get("/").get_data(as_text=True)
    assert actions.count("search.alert") == 1 and actions.count("search.save") == 2


def test_a_feed_is_read_by_its_token_alone_and_a_wrong_token_is_404(site):
    home = site[0]
    alice = _client(home, "alice@example.org")
    mine = _save(alice, "zebra", "Zebras")
    page = alice.get(f"/searches/{mine}").get_data(as_text=True)
    url = re.search(r'class="feed-url" href="https://foia.test(/feeds/[^"]+)"', page).group(1)
    for private in (False, True):
        anonymous = _client(home, who=None, PRIVATE=private)
        assert anonymous.get(url).status_code == 200  # a feed reader cannot sign in
        assert anonymous.get("/feeds/" + "x" * 32 + ".atom").status_code == 404
    assert _client(home, "carol@example.org").get(f"/searches/{mine}").status_code == 404
    with Archive.open(home) as archive:
        archive.set_active("alice@example.org", False, actor="cli:test")
    try:
        assert _client(home, who=None).get(url).status_code == 404  # a disabled account's feeds stop
    finally:
        with Archive.open(home) as archive:
            archive.set_active("alice@example.org", True, actor="cli:test")
    assert sign_in(_client(home, who=None), "alice@example.org").status_code == 302


def test_foia_ingest_alerts_too(site, tmp_path):
    """GIVEN a saved search WHEN `foia ingest` (not an upload) adds a matching email THEN it is alerted."""
    from ingest.batch import ingest_releases

    home = site[0]
    alice = _client(home, "alice@example.org")
    mine = _save(alice, "numbat", "Numbats")
    pdf = make_pdf(tmp_path / "numbat.pdf", [EMAIL_PAGE.replace("quokka", "numbat").replace("Quokka", "Numbat")])
    with Archive.open(home) as archive:
        [outcome] = list(ingest_releases(archive, [pdf], release="test-release", jobs=1))
    assert outcome.summary.count("ingested") == 1
    page = alice.get(f"/searches/{mine}").get_data(as_text=True)
    assert [e.findtext(f"{ATOM}title") for e in _feed(alice, page).findall(f"{ATOM}entry")] == ["Numbat survey results"]


def test_a_saved_search_runs_as_the_search_it_was_saved_from(site):
    """GIVEN a search with a query, two values of one facet, one of another and every copy shown,
    saved WHEN its page is read THEN its "run it" link is the search page's own URL for that
    search (one function writes both: the saved search's was rebuilt by hand)."""
    home, _, _ = site
    alice = _client(home, "alice@example.org")
    asked = "q=quokka&sender=a%40x.gov&sender=b%40x.gov&month=2021-03&quoted=1"
    response = alice.post(f"/searches/new?{asked}", data={"csrf_token": csrf(alice, "/searches"), "name": "Both"})
    assert response.status_code == 302
    page = alice.get(response.headers["Location"]).get_data(as_text=True)
    ran = re.search(r'href="([^"]*/search\?[^"]*)"', page).group(1).replace("&amp;", "&")
    assert ran.endswith("/search?q=quokka&sender=a@x.gov&sender=b@x.gov&month=2021-03&quoted=1"), ran


def test_an_alert_for_a_page_names_its_bates_stamp(site):
    """GIVEN a saved search WHEN a batch adds a page no email is printed on that matches (a
    cover letter) THEN the saved search's page and its feed name the page by its Bates stamp,
    as every list of records does, not by its page number alone."""
    home, _pdf, _other = site
    root = home.parent
    alice = _client(home, "alice@example.org")
    mine = _save(alice, "numbat", "Numbat letters")
    letter = make_pdf(root / "numbat-letter.pdf", ["Dear requester:\n\nEnclosed are the numbat records you asked for.\n"
                                                   "Sincerely, the records office"])
    admin = _client(home, "root@example.org")
    assert _post(admin, [(letter.read_bytes(), "numbat-letter.pdf")], release=SECRET.slug).status_code == 302
    with Archive.open(home) as archive:
        run_next(archive, jobs=1)
    page = alice.get(f"/searches/{mine}").get_data(as_text=True)
    shown = re.search(r'<ol class="alerts">(.*?)</ol>', page, re.S).group(1)
    assert ">Page 1</a>" in shown and "TEST-000001 · found" in shown
    [entry] = _feed(alice, page).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary").startswith("A page, TEST-000001 (batch ")
